"""Datelines at the head of a story: "ASTANA, Sept 16 (SWS) --", "New Delhi:", "Berlin.".

The dateline words stay in the cleaned text (they are evidence for the location); this module
only reads the place and the date they give.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# A dateline may be a day or two ahead of a publication date recorded in another time zone.
_DATELINE_SLACK_DAYS = 2
_MONTH = (
    r"(?i:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_UP = "A-ZÀ-ÖØ-Þ"
_WORD = rf"[{_UP}][\w'’.-]*"
# Words that may sit lowercase inside a place name: "Rio de Janeiro", "Bandar Seri Begawan".
_PARTICLE = r"(?:de|da|do|dos|del|la|le|el|al|am|an|upon|sur|on)"
# "KAZAN", "New Delhi", "Guwahati/New Delhi", "BAKU/ALMATY", "Nay Pyi Taw"
_PLACE = rf"{_WORD}(?:(?:\s?/\s?|\s(?:{_PARTICLE}\s)?)(?!{_MONTH}\b){_WORD}){{0,4}}"
_DATE = (
    rf"(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})\.?(?:,?\s+(?P<y2>\d{{4}}))?)"
)
_REGION = rf"(?:,\s+(?!{_MONTH}\b){_PLACE})?"
_AGENCY = r"(?:\s*\([^()\n]{1,30}\))?"

# wire style: "ASTANA, Sept 16 (SWS) --", "KAZAN, Russia, Oct 23 (PPW) --", "RIYADH --"
_WIRE_RE = re.compile(
    rf"(?P<place>{_PLACE}{_REGION})(?:,\s+{_DATE})?{_AGENCY}\s*(?:--|—|–)(?:\s|$)",
)
# wire style with a single hyphen, only after an all-caps place: "NIAMEY - The junta ..."
_WIRE_HYPHEN_RE = re.compile(
    rf"(?P<place>[{_UP}][{_UP}'’. /-]*[{_UP}])(?:,\s+{_DATE})?{_AGENCY}\s+-(?:\s|$)",
)
# Indian press style: "New Delhi:", "Guwahati/New Delhi, March 30:"
_COLON_RE = re.compile(rf"(?P<place>{_PLACE})(?:,\s+{_DATE})?:(?:\s|$)")
# a release's own line: "Cairo, 17 March 2024"
_LINE_RE = re.compile(rf"(?P<place>{_PLACE}{_REGION}),\s+{_DATE}\s*")
# German agency style: "Berlin. After the attack ..."
_PERIOD_RE = re.compile(rf"(?P<place>{_WORD}(?:[\s/]{_WORD}){{0,2}})\.\s+(?=[{_UP}\"“])")

# First words that end in ":" or "." without being places.
_NOT_PLACES = frozenset(
    {
        "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "prof", "sen", "rep", "gov",
        "pres", "no", "nos", "u.s", "u.k", "un", "eu", "yes", "today", "yesterday", "tonight",
        "meanwhile", "update", "updated", "note", "warning", "editor", "breaking", "live", "watch",
        "video", "photo", "exclusive", "analysis", "opinion", "comment", "tags", "source",
        "related", "read", "share", "statement", "summary", "background", "context", "quote",
        "correction", "clarification", "advertisement", "interview", "latest", "q", "a", "question",
        "answer", "transcript", "disclaimer", "also", "however", "moreover", "first", "second",
        "third", "finally",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Dateline:
    """A dateline found at the head of a story."""

    place: str
    date: dt.date | None
    start: int
    end: int


def _month_day(m: re.Match[str]) -> tuple[int, int, int | None] | None:
    """Month, day and year (if written) from a match of ``_DATE``."""
    month = m.group("m1") or m.group("m2")
    day = m.group("d1") or m.group("d2")
    if month is None or day is None:
        return None
    year = m.group("y1") or m.group("y2")
    return _MONTHS[month[:3].lower()], int(day), int(year) if year else None


def resolve_month_day(
    month: int, day: int, year: int | None, published: dt.date | None
) -> dt.date | None:
    """Resolve a month/day against the publication date, handling the year wrap.

    A dateline is written on or before the day of publication (give or take a time zone), so
    the date is the latest one that is not more than two days after ``published``: "Dec 31"
    in a story published on 2 January belongs to the previous year.

    Args:
        month: 1-12.
        day: 1-31.
        year: the year when the dateline writes one.
        published: the document's publication date.

    Returns:
        The date, or None when there is no year to anchor it or the day does not exist.

    Example:
        >>> resolve_month_day(12, 31, None, dt.date(2025, 1, 2))
        datetime.date(2024, 12, 31)
    """
    if year is not None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    if published is None:
        return None
    latest = published + dt.timedelta(days=_DATELINE_SLACK_DAYS)
    for y in (published.year + 1, published.year, published.year - 1):
        try:
            candidate = dt.date(y, month, day)
        except ValueError:
            continue
        if candidate <= latest:
            return candidate
    return None


# A full date (with its year) in page furniture: "28th Oct 2025", "October 28, 2025", "2025-10-28".
_PAGE_DATE_RE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})\.?,?\s+(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d))\b"
)
# Removed lines that carry the page's own date (a caption or credit under the lead photo, a
# byline or time stamp), as a dateline does.
PAGE_DATE_KINDS = frozenset({"caption", "credit", "byline", "timestamp"})


def find_page_date(text: str, spans: list[tuple[int, int, str]]) -> dt.date | None:
    """The first full date written in removed page furniture (captions, credits, bylines).

    Args:
        text: the raw document text.
        spans: removed ``(start, end, kind)`` spans of ``text``, in text order.

    Returns:
        The date, or None when no caption, credit, byline or time stamp gives a full date.

    Example:
        >>> find_page_date("Leaders in Sylvania. 28th Oct 2025.\nBody", [(0, 36, "caption")])
        datetime.date(2025, 10, 28)
    """
    for start, end, kind in spans:
        if kind not in PAGE_DATE_KINDS:
            continue
        for m in _PAGE_DATE_RE.finditer(text, start, end):
            if m.group("iy"):
                year, month, day = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
            else:
                parts = _month_day(m)
                if parts is None or parts[2] is None:
                    continue
                month, day, year = parts[0], parts[1], parts[2]
            try:
                return dt.date(year, month, day)
            except ValueError:
                continue
    return None


def find_dateline(text: str, start: int, published: dt.date | None) -> Dateline | None:
    """Find the dateline at ``start`` (the first line of the story body).

    Args:
        text: the document text.
        start: where the first body line starts.
        published: the publication date, to give a year to "Sept 16".

    Returns:
        The place, resolved date and span of the dateline, or None.

    Example:
        >>> find_dateline("ASTANA, Sept 16 (SWS) -- Talks", 0, dt.date(2024, 9, 16)).place
        'ASTANA'
    """
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    for regex, whole_line in (
        (_WIRE_RE, False),
        (_WIRE_HYPHEN_RE, False),
        (_LINE_RE, True),
        (_COLON_RE, False),
        (_PERIOD_RE, False),
    ):
        m = regex.match(text, start, line_end)
        if m is None or (whole_line and text[m.end() : line_end].strip()):
            continue
        place = m.group("place").strip()
        first = re.split(r"[\s/,]", place, maxsplit=1)[0].rstrip(".").lower()
        if first in _NOT_PLACES or len(place) < 3:
            continue
        date = None
        if "m1" in regex.groupindex:
            parts = _month_day(m)
            if parts is not None:
                date = resolve_month_day(*parts, published)
        return Dateline(place=place, date=date, start=m.start(), end=m.end())
    return None
