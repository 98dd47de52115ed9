"""Date mentions: absolute, relative to the publication date/dateline, and anaphoric.

Detection is a fixed set of compiled regexes (never ``dateparser.search_dates``, which reads
"$30" and "7%" as dates); resolution is plain calendar arithmetic against a reference date
(the dateline date when the document has one, else the publication date).

- absolute: "28 October 2025", "Oct. 28", "28th Oct 2025", "July 2022", "25.06.2024"; a missing
  year is taken from the reference date (the last such date on or before it, unless the clause
  speaks of the future).
- relative: "on Tuesday" (the most recent Tuesday, or the next one in a future clause), "today",
  "yesterday", "this afternoon", "last month", "late last month", "earlier this month", "last
  November", "two weeks ago", "at the weekend".
- anaphoric: "a week earlier", "the day before", "two days later", "earlier in the day": the value
  is resolved against the reference date as a fallback and ``number`` holds the signed offset in
  days, so the coder can re-anchor it on the event it refers to.
- year only ("in 2010"): precision ``year``; the coder never uses it as an event date.

No reference date and no year in the expression means no date mention at all.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import NamedTuple

from parley.annotate.mentions import new_mention
from parley.annotate.sentences import GateWindow, gate_windows
from parley.models import DatePrecision, Mention, Sentence

__all__ = ["GATE_WORDS", "find_dates", "resolve_offset"]

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "several": 3,
    "a few": 3,
    "few": 3,
}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_UNIT_PRECISION: dict[str, DatePrecision] = {
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
}

# Month names are matched capitalised only: "may" and "march" are also verbs.
_MONTH_RE = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_MONTH2_RE = _MONTH_RE.replace("?P<month>", "?P<month2>")
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>(?:19|20)\d{2})"
_WEEKDAY_RE = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COUNT_RE = r"(?P<count>\d{1,3}|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few)"
_UNIT_RE = r"(?P<unit>day|week|month|year)s?"

# Words that put a clause in the future (the weekday or month named is the next one) or past.
_FUTURE = re.compile(
    r"\b(?=['adeginpstuw])(?:will|shall|'ll|due to|scheduled|expected|plans? to|"
    r"planned\s+(?:to|for)|set to|is to|are to|going to|intends? to|next|upcoming|"
    r"(?:the|this)\s+coming)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?=[adehlmpsw])(?:last|ago|earlier|previous|previously|had|was|were|did|said|met|held)\b",
    re.IGNORECASE,
)
_FUTURE_PREP = re.compile(
    r"\b(?=[cfntu])(?:from|next|coming|upcoming|until|till)\s+(?:\w+\s+)?$", re.IGNORECASE
)


@dataclass(frozen=True)
class _Ref:
    """The reference date relative expressions resolve against, and why it is trusted."""

    date: dt.date | None


class _Found(NamedTuple):
    """A resolved date expression before it becomes a Mention (a tuple: cheap to build)."""

    start: int
    end: int
    value: dt.date
    precision: DatePrecision
    expression: str
    offset: int | None = None


def _clamp_day(year: int, month: int, day: int) -> dt.date | None:
    """A valid date, or None for impossible days ("31 June", "0 March")."""
    if not 1 <= month <= 12 or day < 1:
        return None
    if day > calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day)


def _add_months(d: dt.date, months: int) -> dt.date:
    """First day of the month ``months`` away from ``d``'s month."""
    total = d.year * 12 + (d.month - 1) + months
    return dt.date(total // 12, total % 12 + 1, 1)


def _is_future(text: str, start: int, end: int, sent_start: int, sent_end: int) -> bool:
    """True when the clause around [start, end) talks about the future ("is due to", "will").

    The nearest tense marker before the expression decides; with none before it, the rest of
    the clause after it (up to a comma) does.
    """
    before = text[max(sent_start, start - 100) : start]
    if _FUTURE_PREP.search(before):
        return True
    fut = [m.end() for m in _FUTURE.finditer(before)]
    past = [m.end() for m in _PAST.finditer(before)]
    if fut or past:
        return (fut[-1] if fut else -1) > (past[-1] if past else -1)
    after = text[end : min(sent_end, end + 40)].split(",")[0]
    return _FUTURE.search(after) is not None and _PAST.search(after) is None


def _year_for(month: int, day: int | None, ref: dt.date, future: bool) -> int:
    """The year of a day/month without year: the nearest one in the clause's direction."""
    year = ref.year
    candidate = dt.date(year, month, min(day or 1, 28))
    if future:
        if candidate < ref - dt.timedelta(days=2 if day else 31):
            year += 1
    elif candidate > ref + dt.timedelta(days=2 if day else 0):
        year -= 1
    return year


_SPACES = re.compile(r"\s+")
_Res = tuple[dt.date, DatePrecision, str, int | None] | None
# the clause test runs only for the handlers that need it (a year-less day or month, a weekday)
_Future = Callable[[], bool]
_Handler = Callable[[re.Match[str], _Ref, _Future], _Res]


def _h_iso(m: re.Match[str], ref: _Ref, future: _Future) -> _Res:
    d = _clamp_day(int(m["y"]), int(m["m"]), int(m["d"]))
    return None if d is None else (d, "day", "absolute", None)


def _h_numeric(m: re.Match[str], ref: _Ref, future: _Future) -> _Res:
    d = _clamp_day(int(m["y"]), int(m["m"]), int(m["d"]))
    return None if d is None else (d, "day", "absolute", None)


def _h_day_month(m: re.Match[str], ref: _Ref, future: _Future) -> _Res:
    month = _MONTHS[m["month"].lower()]
    day = int(m["day"])
    if m["year"]:
        year = int(m["year"])
    elif ref.date is not None:
        year = _year_for(month, day, ref.date, future())
    else:
        return None
    d = _clamp_day(year, month, day)
    return None if d is None else (d, "day", "absolute", None)


def _h_month_year(m: re.Match[str], ref: _Ref, future: _Future) -> _Res:
    month = _MONTHS[m["month"].lower()]
    rel = (m.groupdict().get("rel") or "").lower()
    if m["year"]:
        return dt.date(int(m["year"]), month, 1), "month", "absolute", None
    if ref.date is None:
        return None
    year = ref.date.year + {"last": -1, "next": 1}.get(rel, 0)
    return dt.date(year, month, 1), "month", "relative", None


def _h_month_alone(m: re.Match[str], ref: _Ref, future: _Future) -> _Res:
    if ref.date is None:
        return None
    month = _MONTHS[m["month"].lower()]
    rel = (m["rel"] or "").lower()
    r = ref.date
    if rel == "last":
        year = r.year if month < r.month else r.year - 1
    elif rel == "next":
        year = r.year if month > r.month else r.year + 1
    elif rel == "this":
        year = r.year
    else:
        year = _year_for(month, None, r, future())
    return dt.date(year, month, 1), "month", "relative", None


def _h_year(m: re.Match[str], ref: _Ref, future: _Future) -> _Res:
    return dt.date(int(m["year"]), 1, 1), "year", "absolute", None


def _h_weekday(m: re.Match[str], ref: _Ref, future: _Future) -> _Res:
    if ref.date is None:
        return None
    wd = _WEEKDAYS[m["weekday"].lower()]
    rel = (m["rel"] or "").lower()
    r = ref.date
    if rel == "last":
        delta = -((r.weekday() - wd) % 7 or 7)
    elif rel == "next" or (rel != "this" and future()):
        delta = (wd - r.weekday()) % 7
        if rel == "next" and delta == 0:
            delta = 7
    else:
        delta = -((r.weekday() - wd) % 7)
    return r + dt.timedelta(days=delta), "day", "relative", None


def _h_relative_word(m: re.Match[str], ref: _Ref, future: _Future) -> _Res:
    if ref.date is None:
        return None
    word = _SPACES.sub(" ", m["rel"].lower())
    r = ref.date
    if word in ("today", "tonight") or word.startswith("this ") or word == "earlier today":
        return r, "day", "relative", None
    if word in ("yesterday", "last night"):
        return r - dt.timedelta(days=1), "day", "relative", None
    if word == "tomorrow":
        return r + dt.timedelta(days=1), "day", "relative", None
    return None


def _h_period(m: re.Match[str], ref: _Ref, future: _Future) -> _Res:
    if ref.date is None:
        return None
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    r = ref.date
    step = {"last": -1, "this": 0, "next": 1, "past": -1}[rel.split()[-1] if rel else "this"]
    if "earlier" in rel or "later" in rel:
        step = 0
    if unit == "week":
        return r + dt.timedelta(days=7 * step), "week", "relative", None
    if unit == "weekend":
        back = (r.weekday() - 5) % 7
        return r - dt.timedelta(days=back), "week", "relative", None
    if unit == "month":
        return _add_months(r, step), "month", "relative", None
    return dt.date(r.year + step, 1, 1), "year", "relative", None


def _h_ago(m: re.Match[str], ref: _Ref, future: _Future) -> _Res:
    if ref.date is None:
        return None
    n = _NUMBER_WORDS.get(m["count"].lower()) or int(m["count"])
    unit = m["unit"].lower()
    d = ref.date - dt.timedelta(days=n * _UNIT_DAYS[unit])
    return d, _UNIT_PRECISION[unit], "relative", None


def _h_anaphoric(m: re.Match[str], ref: _Ref, future: _Future) -> _Res:
    plural = m.group(0).lower().split()[-2].endswith("s")
    count = (m.groupdict().get("count") or ("several" if plural else "a")).lower()
    n = _NUMBER_WORDS[count] if count in _NUMBER_WORDS else int(count)
    unit = m["unit"].lower()
    direction = m["dir"].lower()
    sign = -1 if direction in ("earlier", "before", "previously", "previous") else 1
    offset = sign * n * _UNIT_DAYS[unit]
    precision = _UNIT_PRECISION[unit]
    if count in ("several", "a few", "few"):
        precision = "week" if unit == "day" else "month"
    base = ref.date or dt.date(1970, 1, 1)
    return base + dt.timedelta(days=offset), precision, "anaphoric", offset


def _h_same_day(m: re.Match[str], ref: _Ref, future: _Future) -> _Res:
    base = ref.date or dt.date(1970, 1, 1)
    return base, "day", "anaphoric", 0


# Cheap gates: a pattern runs on a sentence only when every word set of its gate meets the
# sentence's lower-case words ("#year": a 19xx/20xx number, "#digit": any digit). Scanning 16
# detailed patterns over every sentence cost ~1 ms/doc; the gates skip most of that work.
_MONTH_WORDS = frozenset(_MONTHS)
_YEARISH = frozenset({"#year"})
_UNIT_WORDS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years"})
_Gate = tuple[frozenset[str]] | tuple[frozenset[str], frozenset[str]]
# A case-insensitive alternation makes the regex engine try every branch at every word start
# (its first-character shortcut works only for case-sensitive literals), so the costly
# IGNORECASE patterns open with a look-ahead listing the characters a match can start with
# ("(?=[elnpt])" for "early|late|...|last|this|next|past"): it changes no match and most
# positions fail it at once.
_PATTERNS: tuple[tuple[re.Pattern[str], _Handler, _Gate], ...] = (
    (
        re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
        _h_iso,
        (_YEARISH,),
    ),
    (
        re.compile(r"\b(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d{2})\b"),
        _h_numeric,
        (_YEARISH,),
    ),
    (
        re.compile(
            rf"\b{_DAY_RE}(?:\s*(?:-|–|to)\s*[0-3]?\d(?:st|nd|rd|th)?)?\s+(?:of\s+)?{_MONTH_RE}"
            rf"(?:,?\s+{_YEAR_RE})?\b"
        ),
        _h_day_month,
        (_MONTH_WORDS, frozenset({"#digit"})),
    ),
    (
        re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE}(?![\d:.,]\d)(?:,?\s+{_YEAR_RE})?\b"),
        _h_day_month,
        (_MONTH_WORDS, frozenset({"#digit"})),
    ),
    (
        re.compile(
            rf"\b{_MONTH_RE}(?:\s*[-–]\s*{_MONTH2_RE})?\s+(?:of\s+)?(?:{_YEAR_RE}|(?P<rel>last|this|next)\s+year)\b"
        ),
        _h_month_year,
        (_MONTH_WORDS, frozenset({"#year", "year"})),
    ),
    (
        re.compile(
            r"\b(?:in|on|since|until|by|from|of|during|before|after|through|to|and|or|end)\s+"
            rf"(?:(?:early|late|mid)[- ]?\s*)?(?P<span>(?P<rel>){_MONTH_RE})(?!\s*\d)\b"
        ),
        _h_month_alone,
        (_MONTH_WORDS,),
    ),
    (
        re.compile(rf"\b(?P<span>(?P<rel>last|next|this)\s+{_MONTH_RE})(?!\s*\d)\b"),
        _h_month_alone,
        (_MONTH_WORDS, frozenset({"last", "next", "this"})),
    ),
    (
        re.compile(
            rf"\b(?:(?P<rel>last|next|this)\s+)?{_WEEKDAY_RE}(?:'s|’s)?"
            r"(?:\s+(?:morning|afternoon|evening|night))?(?!s)\b"
        ),
        _h_weekday,
        (frozenset(_WEEKDAYS),),
    ),
    (
        re.compile(
            r"\b(?P<rel>today|tonight|yesterday|tomorrow|last night|earlier today|"
            r"this (?:morning|afternoon|evening))\b",
            re.IGNORECASE,
        ),
        _h_relative_word,
        (
            frozenset(
                {
                    "today",
                    "tonight",
                    "yesterday",
                    "tomorrow",
                    "night",
                    "morning",
                    "afternoon",
                    "evening",
                }
            ),
        ),
    ),
    (
        re.compile(
            r"\b(?=[elnpt])(?P<rel>(?:(?:early|late|earlier|later)\s+)?(?:last|this|next|past))\s+"
            r"(?P<unit>week|weekend|month|year)\b",
            re.IGNORECASE,
        ),
        _h_period,
        (
            frozenset({"week", "weekend", "month", "year"}),
            frozenset({"last", "this", "next", "past"}),
        ),
    ),
    (
        re.compile(r"\b(?:at|over) the (?P<unit>weekend)(?P<rel>)\b", re.IGNORECASE),
        _h_period,
        (frozenset({"weekend"}),),
    ),
    (
        re.compile(rf"\b{_COUNT_RE}\s+{_UNIT_RE}\s+ago\b", re.IGNORECASE),
        _h_ago,
        (frozenset({"ago"}),),
    ),
    (
        re.compile(
            rf"\b(?=[\dadefmnostwy])(?:{_COUNT_RE}\s+)?{_UNIT_RE}\s+"
            r"(?P<dir>earlier|later|before|after|previously)\b",
            re.IGNORECASE,
        ),
        _h_anaphoric,
        (_UNIT_WORDS, frozenset({"earlier", "later", "before", "after", "previously"})),
    ),
    (
        re.compile(
            r"\b(?:the|a)\s+(?P<dir>previous|next|following)\s+(?P<unit>day|week|month|year)\b",
            re.IGNORECASE,
        ),
        _h_anaphoric,
        (frozenset({"previous", "next", "following"}), _UNIT_WORDS),
    ),
    (
        re.compile(
            r"\b(?:earlier|later) (?:in|on) the day\b|\b(?:on )?(?:that|the same) day\b",
            re.IGNORECASE,
        ),
        _h_same_day,
        (frozenset({"day"}),),
    ),
    (
        # the look-behind sits after the digits so the scan starts on a literal "19"/"20"
        re.compile(rf"{_YEAR_RE}(?<![\w$€£¥₹,.]....)\b(?![,.]?\d|\s*%|\s*per\s*cent)"),
        _h_year,
        (_YEARISH,),
    ),
)
_SPANNED = tuple("span" in pattern.groupindex for pattern, _h, _g in _PATTERNS)
_ANY_GATE = frozenset().union(*(gate[0] for _p, _h, gate in _PATTERNS))
# every word any gate tests (gate windows may keep only these)
GATE_WORDS = frozenset().union(*(words for _p, _h, gate in _PATTERNS for words in gate))
# first gate word -> indexes of the patterns it opens: a sentence visits only those patterns
# (in table order), not all sixteen
_BY_GATE_WORD: dict[str, tuple[int, ...]] = {
    word: tuple(k for k, (_p, _h, gate) in enumerate(_PATTERNS) if word in gate[0])
    for word in _ANY_GATE
}


@lru_cache(maxsize=1024)
def _patterns_for(cues: frozenset[str]) -> tuple[int, ...]:
    """Indexes of the patterns a sentence with these gate words visits, in table order
    (cached: sentences share a few combinations of cues)."""
    return tuple(sorted({k for word in cues for k in _BY_GATE_WORD[word]}))


# "CITY, Oct 23 (AGENCY) --" or "Guwahati/New Delhi, March 30:" at the start of the text.
_DATELINE = re.compile(
    r"\A\s*[A-Z][\w'’. /-]{1,40}(?:,\s*[A-Z][\w'’. -]{1,30})?,\s+"
    rf"(?P<date>(?:{_MONTH_RE}\s+{_DAY_RE}|{_DAY_RE.replace('?P<day>', '?P<d2>')}\s+"
    rf"{_MONTH2_RE})(?:,?\s+{_YEAR_RE})?)\s*(?:\([^)\n]{{1,20}}\))?\s*(?:--|—|–|:|-)"
)


def _dateline_ref(text: str, published: dt.date | None) -> dt.date | None:
    """The date of a wire-style dateline, when the text opens with one."""
    m = _DATELINE.match(text)
    if m is None:
        return None
    month = _MONTHS[(m["month"] or m["month2"]).lower()]
    day = int(m["day"] or m["d2"])
    if m["year"]:
        year = int(m["year"])
    elif published is not None:
        year = _year_for(month, day, published, future=False)
    else:
        return None
    return _clamp_day(year, month, day)


def resolve_offset(anchor: str, offset_days: int, precision: str | None) -> str:
    """Re-anchor an anaphoric date: ``anchor`` (ISO day) plus ``offset_days``.

    Args:
        anchor: ISO date (``YYYY-MM-DD``) of the event the expression refers to.
        offset_days: the signed offset the anaphoric mention carries in ``Mention.number``.
        precision: the mention's precision (a month offset keeps month precision).

    Returns:
        The ISO date of the anaphoric event.
    """
    base = dt.date.fromisoformat(anchor[:10])
    if precision == "month" and offset_days % 30 == 0:
        return _add_months(base, offset_days // 30).isoformat()
    return (base + dt.timedelta(days=offset_days)).isoformat()


def find_dates(
    text: str,
    sentences: Sequence[Sentence],
    *,
    published: dt.date | None,
    dateline_date: dt.date | None,
    windows: Sequence[GateWindow] | None = None,
) -> list[Mention]:
    """Find and resolve every date expression in ``text``.

    Args:
        text: the cleaned document text.
        sentences: its sentences (from :func:`split_sentences`), to index mentions and bound
            the future/past clause test.
        published: the publication date, if known.
        dateline_date: the dateline date, if the cleaner found one (else it is read from a
            wire-style dateline at the start of the text, if any).
        windows: the sentences' gate words (:func:`gate_windows`), when already computed.

    Returns:
        Date mentions in text order (``kind="date"``, ``value`` ISO, ``precision``,
        ``expression`` absolute | relative | anaphoric | dateline; anaphoric ones carry the
        signed offset in days in ``number`` and ``unit="day"``).

    Example:
        >>> [m.value for m in find_dates("They met on Tuesday.", (), published=dt.date(2024, 4, 3),
        ...                               dateline_date=None)]
        ['2024-04-02']
    """
    own_dateline = _dateline_ref(text, published)
    ref = _Ref(dateline_date or own_dateline or published)
    starts = [s.start for s in sentences]
    found: list[_Found] = []
    for s_start, s_end, words in windows or gate_windows(text, sentences):
        cues = words & _ANY_GATE
        if not cues:
            continue
        for k in _patterns_for(cues):
            pattern, handler, gate = _PATTERNS[k]
            if len(gate) > 1 and words.isdisjoint(gate[1]):
                continue
            spanned = _SPANNED[k]
            for m in pattern.finditer(text, s_start, s_end):
                future = partial(_is_future, text, m.start(), m.end(), s_start, s_end)
                res = handler(m, ref, future)
                if res is None:
                    continue
                value, precision, expression, offset = res
                start, end = m.span("span") if spanned else m.span()
                found.append(_Found(start, end, value, precision, expression, offset))
    # overlaps: keep the longest expression (then the earliest)
    kept: list[_Found] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    kept.sort(key=lambda f: f.start)
    mentions: list[Mention] = []
    dateline_span = _DATELINE.match(text) if own_dateline else None
    for f in kept:
        i = max(0, bisect.bisect_right(starts, f.start) - 1)
        expression = f.expression
        if (
            dateline_span is not None
            and dateline_span.start("date") <= f.start < dateline_span.end()
        ):
            expression = "dateline"
        mentions.append(
            new_mention(
                kind="date",
                start=f.start,
                end=f.end,
                text=text[f.start : f.end],
                sentence=i,
                value=f.value.isoformat(),
                precision=f.precision,
                expression=expression,
                number=float(f.offset) if f.offset is not None else None,
                unit="day" if f.offset is not None else None,
            )
        )
    return mentions
