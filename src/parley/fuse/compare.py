"""Deciding whether two event mentions can report the same happening, and how surely.

:func:`score_pair` gives each pair one of two answers:

- **None** (a hard constraint rules one happening out): dates more than one day apart (or not
  nested, for week/month/year precision); different cities or location countries, unless both
  reports give the same day (then the places cost a point: one outlet likely took a dateline or
  the place of an announcement); a reversed direction for non-symmetric types (PLOVER: visitor,
  expelling or sanctioning side = source), except a meeting both reports put on the same day and
  in the same city with both leaders; types or modes that cannot be confused; a side whose named
  people differ (a secretary of state meeting the foreign minister, then the president, are two
  meetings). Two mentions of one document must also share a person, a sentence or a span.
- **points** of positive evidence that it *is* one happening: the same day 2 (nested date 1, one
  day apart 0.5), the same city 1.5 (country 0.5), each shared person 1 (up to 2), a similar
  institution or group 0.5, the same type 1 and mode 0.5, and up to 1.5 for overlapping evidence
  words; a confusable type (AGREE vs SUPPORT) costs 2.5 instead. A pair merges at
  :data:`MERGE_SCORE` points.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from parley.fuse.names import (
    could_be_same_person,
    fold,
    fold_text,
    group_similarity,
    is_country_name,
    is_person_name,
    is_surname,
    name_similarity,
    name_tokens,
    same_place,
)
from parley.models import Actor, EventMention, Evidence

MERGE_SCORE = 2.5
PLACE_CONFLICT = -1.0  # points for rival places given on the same day (else they rule a pair out)
TYPE_MISMATCH_EXTRA = (
    2.5  # points a confusable type (AGREE vs SUPPORT) costs, where a match earns 1
)
PERSON_MATCH = 0.85  # name_similarity at or above which two people are one
GROUP_MATCH = 0.8  # group_similarity at or above which two institutions or groups are one
WEEK_HALF_WIDTH = 3  # "a week earlier" is about the date given, give or take three days

# Types that reports of one happening code differently; blocked together and allowed to merge.
_FAMILY = {"AGREE": "AGREE", "SUPPORT": "AGREE", "SANCTION": "SANCTION", "COERCE": "SANCTION"}
# CONSULT modes that reports of one meeting code differently (a sideline meeting at a summit
# hosted by one side is a visit for one outlet and a third-party meeting for another).
_CONFUSABLE_MODES = frozenset({frozenset({"visit", "third-party"})})
# Contract 2: calls, third-place meetings and agreements are symmetric (pair unordered).
_SYMMETRIC_MODES = frozenset({"phone", "third-party"})
_SYMMETRIC_TYPES = frozenset({"SUPPORT"})
_STOP = frozenset(
    {"that", "this", "with", "from", "have", "were", "their", "which", "said", "also", "after"}
    | {"about", "into", "over", "will", "would", "been", "they", "them", "there", "when", "while"}
    | {"other", "such", "than", "then", "these", "those", "under", "between", "during", "both"}
)
_WORD = re.compile(r"[^\W\d_]{4,}")
_ASCII_WORD = re.compile(r"[a-z]{4,}")


@dataclass(frozen=True, slots=True)
class Person:
    """A named person of a mention, with the country whose side they are on.

    ``full`` is False for a bare surname ("Vostrikova"): it counts as evidence of a shared
    participant but is too weak to prove that two reports name *different* people.
    """

    tokens: frozenset[str]
    country: str | None
    full: bool = True


@dataclass(frozen=True, slots=True)
class Features:
    """What comparison needs from one mention, computed once per fusion run."""

    index: int
    mention_id: str
    doc_id: str
    event_type: str
    family: str
    mode: str | None
    symmetric: bool
    source: str | None
    target: str | None
    lo: int | None  # first day (ordinal) the date can be
    hi: int | None  # last day (ordinal) the date can be
    day: int | None  # ordinal of a day-precision date
    city: str | None
    place_country: str | None
    persons: tuple[Person, ...]
    groups: tuple[str, ...]
    sentence: tuple[int, int]
    tokens: frozenset[str] = frozenset()  # person-name and city tokens (blocking looks them up)
    evidence: tuple[Evidence, ...] = field(default=(), repr=False)
    # words and spans, computed on first use: only pairs that pass every hard constraint need
    # the words (3 mentions in 4 meet one), only pairs of one document the spans
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def countries(self) -> frozenset[str]:
        """The countries of the dyad that are known."""
        return frozenset(c for c in (self.source, self.target) if c)

    @property
    def words(self) -> frozenset[str]:
        """Distinctive words (four or more letters, no stop words) of the evidence."""
        words = self._cache.get("words")
        if words is None:
            words = self._cache["words"] = _evidence_words(self.evidence)
        return words

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """The distinct ``(start, end)`` offsets of the evidence, sorted."""
        spans = self._cache.get("spans")
        if spans is None:
            spans = self._cache["spans"] = tuple(sorted({(e.start, e.end) for e in self.evidence}))
        return spans


def family_of(event_type: str) -> str:
    """The blocking family of a PLOVER type (confusable types share one).

    Args:
        event_type: a PLOVER type.

    Returns:
        The family name (the type itself unless it is confusable with another).
    """
    return _FAMILY.get(event_type, event_type)


def is_symmetric(event_type: str, mode: str | None) -> bool:
    """Whether the dyad of an event is unordered (calls, third-place meetings, agreements).

    Args:
        event_type: a PLOVER type.
        mode: its mode.

    Returns:
        True when source and target may be swapped between reports of one event.
    """
    return mode in _SYMMETRIC_MODES or event_type in _SYMMETRIC_TYPES


@lru_cache(maxsize=1 << 14)
def date_interval(date: str | None, precision: str | None) -> tuple[int, int, int | None] | None:
    """The days (as ordinals) a date of some precision can stand for.

    Args:
        date: ``YYYY-MM-DD`` (``YYYY-MM`` and ``YYYY`` are accepted too), or None.
        precision: day, week, month or year; None means day for a full date.

    Returns:
        ``(first, last, day)`` where ``day`` is the ordinal of a day-precision date, or None when
        the date is missing or unreadable (an unknown date constrains nothing).
    """
    if not date:
        return None
    parts = date.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
        day = int(parts[2]) if len(parts) > 2 else None
        if precision == "year" or month is None:
            return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal(), None
        if precision == "month" or day is None:
            first = dt.date(year, month, 1)
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return first.toordinal(), following.toordinal() - 1, None
        ordinal = dt.date(year, month, day).toordinal()
    except (ValueError, IndexError):
        return None
    if precision == "week":
        return ordinal - WEEK_HALF_WIDTH, ordinal + WEEK_HALF_WIDTH, None
    return ordinal, ordinal, ordinal


def _all_actors(mention: EventMention) -> list[Actor]:
    """Source, target and listed actors: the coder may name a person in only one of them."""
    return [a for a in (mention.source, mention.target, *mention.actors) if a is not None]


def named_people(mention: EventMention) -> dict[frozenset[str], tuple[str | None, bool]]:
    """The people a mention names: name tokens -> (country of their side, full name or not).

    Args:
        mention: an event mention.

    Returns:
        One entry per distinct name; a name given with a country keeps that country.
    """
    persons: dict[frozenset[str], tuple[str | None, bool]] = {}
    for actor in _all_actors(mention):
        full = is_person_name(actor.name)
        if full or is_surname(actor.name):
            tokens = name_tokens(actor.name)
            if tokens and (tokens not in persons or persons[tokens][0] is None):
                persons[tokens] = (actor.country, full)
    return persons


def _groups(mention: EventMention) -> set[str]:
    """Folded names of the institutions and groups a mention names (not people, not countries)."""
    groups: set[str] = set()
    for actor in _all_actors(mention):
        if is_person_name(actor.name) or is_surname(actor.name):
            continue
        if actor.name.strip() and not is_country_name(actor.name):
            groups.add(fold(actor.name).strip())
    return groups


def city_of(mention: EventMention) -> str | None:
    """The city a mention gives, if any."""
    location = mention.location
    return location.name if location and location.name else None


def block_tokens(persons: Iterable[frozenset[str]], city: str | None) -> frozenset[str]:
    """The person-name and city tokens blocking looks a mention up by.

    Args:
        persons: name tokens of the people it names (:func:`named_people`).
        city: its city.

    Returns:
        The tokens.
    """
    tokens = {t for person_tokens in persons for t in person_tokens}
    if city:
        tokens.update(name_tokens(city))
    return frozenset(tokens)


def _evidence_words(evidence: Iterable[Evidence]) -> frozenset[str]:
    """Distinctive words (four or more letters, no stop words) of a mention's evidence."""
    # One pass over all evidence texts: the space between them is no letter, so the words
    # found are those of each text, and folding works character by character.
    text = fold_text(" ".join(ev.text for ev in evidence))
    # folded ASCII has no capitals: [a-z] are all its letters
    words = (_ASCII_WORD if text.isascii() else _WORD).findall(text)
    return frozenset(words).difference(_STOP)


def features_of(index: int, mention: EventMention) -> Features:
    """Precompute the comparison features of a mention.

    Args:
        index: the mention's position in the canonical order of this fusion run.
        mention: the event mention.

    Returns:
        Its :class:`Features`.
    """
    interval = date_interval(mention.date, mention.date_precision)
    persons = named_people(mention)
    location = mention.location
    city = city_of(mention)
    return Features(
        index=index,
        mention_id=mention.id,
        doc_id=mention.doc_id,
        event_type=mention.event_type,
        family=family_of(mention.event_type),
        mode=mention.mode,
        symmetric=is_symmetric(mention.event_type, mention.mode),
        source=mention.source.country if mention.source else None,
        target=mention.target.country if mention.target else None,
        lo=interval[0] if interval else None,
        hi=interval[1] if interval else None,
        day=interval[2] if interval else None,
        city=city,
        place_country=location.country if location else None,
        persons=tuple(
            sorted((Person(t, c, full) for t, (c, full) in persons.items()), key=_person_key)
        ),
        groups=tuple(sorted(_groups(mention))),
        sentence=(mention.sentence_start, mention.sentence_end),
        tokens=block_tokens(persons, city),
        evidence=mention.evidence,
    )


def _person_key(person: Person) -> tuple[tuple[str, ...], str]:
    """Sort key that makes feature tuples independent of the order actors were listed in."""
    return tuple(sorted(person.tokens)), person.country or ""


def shared_persons(a: Sequence[Person], b: Sequence[Person]) -> int:
    """Number of people named by both mentions (each matched at most once).

    Args:
        a: persons of one mention.
        b: persons of another.

    Returns:
        The count of one-to-one name matches.
    """
    used: set[int] = set()
    count = 0
    for person in a:
        for j, other in enumerate(b):
            if j not in used and name_similarity(person.tokens, other.tokens) >= PERSON_MATCH:
                used.add(j)
                count += 1
                break
    return count


def _different_people(a: Features, b: Features) -> bool:
    """Both mentions name people on one country's side and none of them is the same."""
    full_a = [p for p in a.persons if p.full and p.country]
    full_b = [p for p in b.persons if p.full and p.country]
    for country in {p.country for p in full_a} & {p.country for p in full_b}:
        side_a = [p.tokens for p in full_a if p.country == country]
        side_b = [p.tokens for p in full_b if p.country == country]
        if not any(could_be_same_person(x, y) for x in side_a for y in side_b):
            return True
    return False


def _directions(a: Features, b: Features) -> str:
    """'same', 'swapped' or 'conflict': how the two dyads line up (unknown sides fit anything)."""

    def fits(x: str | None, y: str | None) -> bool:
        return x is None or y is None or x == y

    if fits(a.source, b.source) and fits(a.target, b.target):
        return "same"
    if fits(a.source, b.target) and fits(a.target, b.source):
        return "swapped"
    return "conflict"


def _dates(a: Features, b: Features) -> float | None:
    """Date points of a pair, or None when the dates rule out one happening."""
    if a.lo is None or b.lo is None or a.hi is None or b.hi is None:
        return 0.0
    if a.day is not None and b.day is not None:
        gap = abs(a.day - b.day)
        return 2.0 if gap == 0 else 0.5 if gap == 1 else None
    if a.lo > b.hi + 1 or b.lo > a.hi + 1:
        return None
    if a.day is not None or b.day is not None or (a.lo, a.hi) == (b.lo, b.hi):
        return 1.0
    return 0.5


def _places(a: Features, b: Features) -> float | None:
    """Place points of a pair, or None when the places rule out one happening.

    Rival places rule a pair out unless both reports give the same day: then they are more
    likely a place one outlet got wrong (a dateline, where a decision was announced) than two
    happenings, and cost :data:`PLACE_CONFLICT` points instead.
    """
    conflict = (a.place_country and b.place_country and a.place_country != b.place_country) or (
        a.city and b.city and not same_place(a.city, b.city)
    )
    if conflict:
        return PLACE_CONFLICT if a.day is not None and a.day == b.day else None
    if a.city and b.city:
        return 1.5
    if a.place_country and a.place_country == b.place_country:
        return 0.5
    return 0.0


def _types(a: Features, b: Features) -> float | None:
    """Type and mode points of a pair, or None when they cannot describe one happening."""
    if a.family != b.family:
        return None
    points = 1.0 if a.event_type == b.event_type else -TYPE_MISMATCH_EXTRA
    if a.mode and b.mode:
        if a.mode == b.mode:
            points += 0.5
        elif frozenset({a.mode, b.mode}) not in _CONFUSABLE_MODES:
            return None
    return points


def score_pair(a: Features, b: Features) -> float | None:
    """Points of evidence that two mentions report one happening, or None if they cannot.

    Args:
        a: features of one mention.
        b: features of another.

    Returns:
        None when a hard constraint rules the pair out, else the evidence points (merge at
        :data:`MERGE_SCORE`).
    """
    if a.mention_id == b.mention_id:
        return None
    types = _types(a, b)
    if types is None:
        return None
    dates = _dates(a, b)
    if dates is None:
        return None
    places = _places(a, b)
    if places is None:
        return None
    if _different_people(a, b):
        return None
    persons = shared_persons(a.persons, b.persons)
    direction = _directions(a, b)
    if direction == "conflict":
        return None
    # A reversed dyad is two acts (reciprocal expulsions, return visits) unless it is a
    # meeting that both reports place on the same day, in the same city, with both leaders.
    if (
        direction == "swapped"
        and not (a.symmetric and b.symmetric)
        and (a.family != "CONSULT" or dates < 2.0 or places < 1.5 or persons < 2)
    ):
        return None
    if a.doc_id == b.doc_id and not _same_in_document(a, b, persons):
        return None
    groups = 0.0
    if a.groups and b.groups:
        best = max(group_similarity(x, y) for x in a.groups for y in b.groups)
        groups = 0.5 if best >= GROUP_MATCH else 0.0
    words = 0.0
    if a.words and b.words:
        words = 1.5 * len(a.words & b.words) / len(a.words | b.words)
    return round(dates + places + types + min(persons, 2) + groups + words, 6)


def _same_in_document(a: Features, b: Features, persons: int) -> bool:
    """Two mentions of one document are one happening only on positive, specific evidence."""
    if a.event_type != b.event_type or (a.mode and b.mode and a.mode != b.mode):
        return False
    if persons > 0 or (a.sentence == b.sentence and a.sentence != (0, 0)):
        return True
    return any(s < e2 and s2 < e for s, e in a.spans for s2, e2 in b.spans)
