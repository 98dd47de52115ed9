"""Publication dates as sources write them: ISO, RFC 822 (feeds), "16 September 2024"..."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

_ISO_RE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*")
_COMPACT_RE = re.compile(r"\s*(\d{4})(\d{2})(\d{2})(?:T[\d:.]+Z?)?\s*")
_DMY_RE = re.compile(r"\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\b.*")
_MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<m>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_WORDY_RES = (
    # "16 September 2024", "Mon, 16 Sep 2024" (RFC 822 without a time), "16th Sept. 2024"
    re.compile(
        rf"\s*(?:[A-Za-z]+,?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+(?P<y>\d{{4}})\b.*",
        re.IGNORECASE,
    ),
    # "September 16, 2024", "Monday, Sept 16 2024"
    re.compile(
        rf"\s*(?:[A-Za-z]+,?\s+)?{_MONTH}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b.*",
        re.IGNORECASE,
    ),
)


def _make(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None for impossible ones (a parser must not invent a date)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_published(value: str | None) -> dt.date | None:
    """Parse a publication date the way sources write it, to the calendar date as written.

    Accepts ISO dates and timestamps ("2024-09-16", "2024-09-16T10:00:00Z"), RFC 822 dates from
    feeds ("Mon, 16 Sep 2024 10:00:00 GMT"), "16 September 2024", "September 16, 2024",
    "16.09.2024" and "20240916". The date is the one written in the string: no time-zone shift.

    Args:
        value: the date string, or None.

    Returns:
        The date, or None when the string holds no complete, valid date.

    Example:
        >>> parse_published("2024-09-16T10:00:00Z")
        datetime.date(2024, 9, 16)
    """
    if not value:
        return None
    m = _ISO_RE.fullmatch(value) or _COMPACT_RE.fullmatch(value)
    if m is not None:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for regex in _WORDY_RES:
        m = regex.fullmatch(value)
        if m is not None:
            month = _MONTHS[m.group("m")[:3].lower()]
            return _make(int(m.group("y")), month, int(m.group("d")))
    m = _DMY_RE.fullmatch(value)
    if m is not None:
        return _make(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date()
