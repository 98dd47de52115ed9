"""Places: cities, capitals used as places, venues that imply a city, and "in <Country>".

Cities match case-sensitively (an all-caps dateline also matches) and never when stop-listed
("Of", "Nice", "Reading"). A capital that :func:`~parley.annotate.actors.find_actors` already
took for a government ("Beijing expressed its readiness") is not a place; "in Beijing",
"visited Moscow" and datelines are. Named venues ("Hyderabad House", "Malacañang", "Akorda")
give their city. Countries are places after in/to/from/visited ("arrived in China").
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from parley.annotate.actors import NAME_ANCHORS, context_country, dateline_country, is_place_context
from parley.annotate.actors import NOT_NAME as NOT_NAME_WORDS
from parley.annotate.mentions import new_mention
from parley.knowledge import City, Knowledge, Segment, Tagged
from parley.models import Mention, Sentence

__all__ = ["find_places"]


def find_places(
    text: str,
    sentences: Sequence[Sentence],
    kb: Knowledge,
    actors: Sequence[Mention],
    *,
    dateline: str | None = None,
) -> list[Mention]:
    """Find place mentions.

    Args:
        text: cleaned document text.
        sentences: sentence spans of ``text``.
        kb: the knowledge base.
        actors: the document's actor mentions (their spans are not places, and their countries
            break ties between same-named cities: Hyderabad IND vs PAK).
        dateline: the dateline city cleaning removed from ``text`` (else one in ``text`` is
            used): the country of a building several capitals have ("the Chancellery").

    Returns:
        Place mentions sorted by offset: ``value`` the city (``None`` for a country-only
        place), ``country`` its ISO3; ``text[m.start:m.end] == m.text``.

    Example::

        >>> [(m.value, m.country) for m in find_places("Talks were held in Beijing.", [], kb, [])]
        [('Beijing', 'CHN')]
    """
    tagged = kb.tag(text)
    taken = sorted((m.start, m.end) for m in actors)
    cursor = 0
    starts = [s.start for s in sentences]
    countries = {m.country for m in actors if m.country}
    mentioned = _mentioned(tagged, kb) | countries
    out: list[Mention] = []
    home: str | None = None  # the dateline's country ("": none), read on first need
    segments = tagged.segments
    for k, seg in enumerate(segments):
        while cursor < len(taken) and taken[cursor][1] <= seg.start:
            cursor += 1  # segments and actor spans are both sorted: one sweep
        if cursor < len(taken) and taken[cursor][0] < seg.end:
            continue
        place = _place(kb, tagged, segments, k, mentioned)
        if place == ("*", "*"):
            if home is None:
                home = dateline_country(text, kb, dateline) or ""
            country = context_country(kb, tagged, seg, home or None)
            info = kb.countries.get(country) if country else None
            place = (
                (_canonical(kb, info.capitals[0]), info.iso3) if info and info.capitals else None
            )
        if place is None:
            continue
        value, country = place
        out.append(
            new_mention(
                kind="place",
                start=seg.start,
                end=seg.end,
                text=text[seg.start : seg.end],
                sentence=max(0, bisect.bisect_right(starts, seg.start) - 1),
                value=value,
                country=country,
            )
        )
    return out


_NOT_PLACES = frozenset({"region", "person", "role", "org"})


def _place(
    kb: Knowledge, tagged: Tagged, segments: Sequence[Segment], k: int, mentioned: set[str]
) -> tuple[str | None, str] | None:
    """(city or None, country) of a segment used as a place, else None."""
    seg = segments[k]
    kinds = seg.kinds  # the kinds of its entries, gathered by the tagger
    if not kinds.isdisjoint(_NOT_PLACES):
        return None
    if "venue" in kinds:
        for entry in seg.entries:
            if entry.kind != "venue":
                continue
            for venue in kb.venues[entry.key]:
                if venue.country == "*":
                    return "*", "*"  # the caller resolves it from the context
                if not venue.needs_context or venue.city in mentioned or venue.country in mentioned:
                    return _canonical(kb, venue.city), venue.country
        return None
    if "country" in kinds:
        if not is_place_context(tagged, seg) or _in_name(tagged, segments, k):
            return None
        country = seg.first("country")
        return (None, country.key) if country is not None else None
    if "capital" in kinds or "city" in kinds:
        written = tagged.text[seg.start : seg.end]
        name = _canonical(kb, written)
        qualifier = _country_after_comma(tagged, segments, k)
        city = _pick_city(kb, name, written, qualifier, mentioned)
        if city is None:
            return None
        return _canonical(kb, city.name), city.country
    if "metonym" in kinds:
        return None
    return None


def _in_name(tagged: Tagged, segments: Sequence[Segment], k: int) -> bool:
    """A country word opening a longer capitalised name ("at the Kazakhstan Cultural Centre"):
    part of a facility's name, not the place (the centre is in Beijing)."""
    seg = segments[k]
    if seg.j >= len(tagged.tokens):
        return False
    nxt = tagged.tokens[seg.j]
    followed = k + 1 < len(segments) and segments[k + 1].i == seg.j
    return (
        nxt[:1].isupper()
        and nxt.isalpha()
        and not followed
        and nxt not in NOT_NAME_WORDS
        and nxt not in NAME_ANCHORS  # "to Myanmar Shri Abhay Thakur": a name follows
    )


def _canonical(kb: Knowledge, name: str) -> str:
    """Canonical city name, also for an ALL-CAPS dateline ("ASTANA" -> "Astana")."""
    if name in kb.city_canonical:
        return kb.city_canonical[name]
    if name.isupper():
        for candidate in (name.title(), name.capitalize()):
            if candidate in kb.cities or candidate in kb.city_canonical:
                return kb.city_canonical.get(candidate, candidate)
    return name


def _pick_city(
    kb: Knowledge, name: str, written: str, qualifier: str | None, mentioned: set[str]
) -> City | None:
    """Same-named cities: the qualifying country, else one the document names, else the best."""
    options = kb.cities.get(name) or kb.cities.get(written) or ()
    if not options:
        return None
    if qualifier:
        for city in options:
            if city.country == qualifier:
                return city
    for city in options:
        if city.country in mentioned:
            return city
    return options[0]


def _country_after_comma(tagged: Tagged, segments: Sequence[Segment], k: int) -> str | None:
    """ "Kazan, Russia" -> RUS."""
    seg = segments[k]
    if k + 1 < len(segments) and seg.j < len(tagged.tokens) and tagged.tokens[seg.j] == ",":
        nxt = segments[k + 1]
        if nxt.i == seg.j + 1:
            entry = nxt.first("country")
            if entry is not None:
                return entry.key
    return None


def _mentioned(tagged: Tagged, kb: Knowledge) -> set[str]:
    """Countries and city names the document names anywhere."""
    out: set[str] = set()
    for seg in tagged.segments:
        for entry in seg.entries:
            if entry.kind in ("country", "adj", "capital"):
                out.add(entry.key)
            elif entry.kind == "city":
                out.add(_canonical(kb, tagged.text[seg.start : seg.end]))
    return out
