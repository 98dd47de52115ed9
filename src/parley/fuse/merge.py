"""Building one fused :class:`~parley.models.Event` from the mentions of one happening.

Every fused field follows one rule, and every fused value is a :class:`~parley.models.Fact` that
names the documents supporting it:

- **voices**: documents whose texts are near-duplicates (a release republished by agencies) are one
  voice. Votes and confidence count a voice once, with the highest coder confidence it has.
- **event_type / mode / cameo**: vote weighted by confidence (type first, then the mode and CAMEO
  code among mentions of that type); ties go to the alphabetically first value.
- **date**: the most specific precision present (day over week over month over year); among
  those values, the one most voices give; ties go to the earliest.
- **location**: a city over a country; spellings of one city ("New Delhi"/"Delhi") are one place;
  the city most voices give (ties: the longest name, then alphabetical), its country by vote.
- **actors**: every participant once; spellings of one name are one actor, shown with its most
  complete name and role ("Federal Chancellor" over "Chancellor"), country by vote.
- **source / target**: vote on the ordered country pair; symmetric events (calls, third-place
  meetings, agreements) count both orders as one pair and keep the order most voices use.
- **topics**: the union. **quantities**: every figure once with all the documents that give it
  (equal unit and value within 1 % are one figure, "$4bn" = "about 4 billion US dollars").
- **discrepancies**: dates that disagree, different cities or countries, role variants, types or
  modes, reversed directions, and figures for the same thing with different values (same ``about``,
  or same kind of unit within 25 %, from different documents).
- **confidence**: ``1 - prod(1 - c_v)`` over independent voices ``v``.
"""

from __future__ import annotations

import operator
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel

from parley.fuse.compare import date_interval, is_symmetric
from parley.fuse.names import (
    fold,
    group_similarity,
    is_country_name,
    is_person_name,
    name_similarity,
    name_tokens,
    same_place,
)
from parley.fuse.signature import DocInfo, is_near_duplicate
from parley.models import (
    Actor,
    DatePrecision,
    Discrepancy,
    DiscrepancyValue,
    Event,
    EventMention,
    Evidence,
    Fact,
    Location,
    Quantity,
    Source,
    build_trusted,
)

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
EQUAL_QUANTITY = 0.01  # relative difference under which two figures are one
SAME_THING_QUANTITY = 0.25  # relative difference under which two figures are rival values
ABOUT_MATCH = 0.8  # group_similarity of ``about`` texts that describe one thing
MAX_CONFIDENCE = 0.99
_DIGITS = re.compile(r"\d+")

T = TypeVar("T", bound=Hashable)
_M = TypeVar("_M", bound=BaseModel)

# The fields of the models fusion builds, in model order. Their values come from validated
# mentions or are built here with the field types (str, float, tuples), so the models are
# filled without validation (build_trusted: ~2 us a model, ~13 models per event), unless a
# model's fields ever differ from these: then every one is validated as before.
_BUILT: dict[type[BaseModel], tuple[str, ...]] = {
    Actor: ("name", "role", "country", "sector"),
    Location: ("name", "country"),
    Quantity: ("text", "value", "unit", "about", "doc_ids"),
    Source: ("doc_id", "url", "outlet", "published", "evidence", "duplicate_of"),
    DiscrepancyValue: ("value", "doc_ids"),
    Discrepancy: ("field", "values"),
    Fact: ("field", "value", "doc_ids"),
    Event: (
        "id",
        "date",
        "date_precision",
        "location",
        "event_type",
        "mode",
        "context",
        "cameo",
        "goldstein",
        "quad_class",
        "source",
        "target",
        "actors",
        "topics",
        "quantities",
        "sources",
        "discrepancies",
        "facts",
        "confidence",
        "mention_ids",
    ),
}
_TRUSTED = all(tuple(cls.model_fields) == fields for cls, fields in _BUILT.items())


def _new(cls: type[_M], **values: Any) -> _M:
    """``cls(**values)`` for the models of :data:`_BUILT`, given every field in model order."""
    if _TRUSTED:
        return build_trusted(cls, values)
    return cls(**values)


_span_order = operator.attrgetter("start", "end", "field", "text")  # evidence of a source
_evidence_key = operator.itemgetter("field", "text", "start", "end", "value")  # of its __dict__
_mention_id = operator.attrgetter("id")
_ActorKey = tuple[str, str | None, str | None, str | None]
_actor_fields: Callable[[dict[str, Any]], _ActorKey] = operator.itemgetter(
    "name", "role", "country", "sector"
)  # of an Actor's __dict__: equal actors have equal fields
_FactRow = tuple[str, str, tuple[str, ...]]  # a Fact's field, value and doc_ids, in field order


def find_voices(doc_ids: Sequence[str], docs: Mapping[str, DocInfo]) -> dict[str, str | None]:
    """Which documents near-duplicate an earlier one (same voice).

    Args:
        doc_ids: the documents of one event.
        docs: their metadata and signatures.

    Returns:
        ``doc_id -> duplicate_of``: None for an original voice, else the original's doc id (the
        earliest published near-duplicate, ties by doc id).
    """
    distinct = set(doc_ids)
    if len(distinct) == 1:  # a single document is its own voice (what the loop below gives)
        return dict.fromkeys(distinct)

    def when(doc_id: str) -> tuple[str, str]:
        info = docs.get(doc_id)
        return (info.published if info and info.published else "9999-99-99", doc_id)

    ordered = sorted(distinct, key=when)
    duplicate_of: dict[str, str | None] = {}
    for k, doc_id in enumerate(ordered):
        duplicate_of[doc_id] = None
        info = docs.get(doc_id)
        if info is None or not info.signature:
            continue
        for earlier in ordered[:k]:
            other = docs.get(earlier)
            if other is not None and is_near_duplicate(info.signature, other.signature):
                duplicate_of[doc_id] = duplicate_of[earlier] or earlier
                break
    return duplicate_of


@dataclass(frozen=True)
class _Context:
    """The mentions of one event and the voice each document belongs to."""

    mentions: tuple[EventMention, ...]
    voice: Mapping[str, str]
    confidence: Mapping[str, float]  # voice -> its highest coder confidence

    def vote(
        self, ballots: Iterable[tuple[EventMention, T]], weighted: bool = True
    ) -> dict[T, float]:
        """Weight of each value: per voice the best confidence (or 1) among its ballots, summed."""
        best: dict[tuple[T, str], float] = {}
        voice = self.voice
        for mention, value in ballots:
            key = (value, voice[mention.doc_id])
            weight = mention.confidence if weighted else 1.0
            old = best.get(key)
            # max(old or 0.0, weight), in the order the ballots come (sums depend on it)
            if old is None:
                best[key] = weight if weight > 0.0 else 0.0
            elif weight > old:
                best[key] = weight
        totals: dict[T, float] = {}
        for (value, _), weight in best.items():
            totals[value] = totals.get(value, 0.0) + weight
        return totals


def _discrepancy_key(d: Discrepancy) -> tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Sort key for discrepancies (models do not order themselves)."""
    return d.field, tuple((v.value, v.doc_ids) for v in d.values)


def _docs(mentions: Iterable[EventMention]) -> tuple[str, ...]:
    """Sorted distinct doc ids of some mentions (the provenance of one value)."""
    return tuple(sorted({m.doc_id for m in mentions}))


def _winner(totals: Mapping[T, float], key: Callable[[T], Any] = str) -> T:
    """Value with the highest total; ties broken by ``key`` ascending, so the pick is stable."""
    if len(totals) == 1:  # most votes are unanimous
        return next(iter(totals))
    return min(totals, key=lambda v: (-round(totals[v], 9), key(v)))


def _discrepancy(field: str, groups: Mapping[str, Iterable[EventMention]]) -> Discrepancy:
    """A discrepancy listing each rival value with the documents that give it."""
    values = tuple(
        _new(DiscrepancyValue, value=value, doc_ids=_docs(groups[value]))
        for value in sorted(groups)
    )
    return _new(Discrepancy, field=field, values=values)


def build_event(
    event_id: str, mentions: Sequence[EventMention], docs: Mapping[str, DocInfo]
) -> Event:
    """Fuse the mentions of one happening into an event with provenance and discrepancies.

    Args:
        event_id: the stable id the event gets.
        mentions: its mentions (any order; the result does not depend on it).
        docs: metadata and signatures of the documents, by doc id (missing ones are fine).

    Returns:
        The fused :class:`~parley.models.Event`.
    """
    ordered = tuple(sorted(mentions, key=_mention_id))
    duplicate_of = find_voices([m.doc_id for m in ordered], docs)
    voice = {doc: (dup or doc) for doc, dup in duplicate_of.items()}
    confidence: dict[str, float] = defaultdict(float)
    for m in ordered:
        confidence[voice[m.doc_id]] = max(confidence[voice[m.doc_id]], m.confidence)
    ctx = _Context(ordered, voice, dict(confidence))
    facts: list[_FactRow] = []
    discrepancies: list[Discrepancy] = []

    event_type, mode, cameo, chosen = _fuse_type(ctx, facts, discrepancies)
    date, precision = _fuse_date(ctx, facts, discrepancies)
    location = _fuse_location(ctx, facts, discrepancies)
    actors, side_of = _fuse_actors(ctx, facts, discrepancies)
    source, target = _fuse_direction(ctx, event_type, mode, actors, side_of, facts, discrepancies)
    topics = _fuse_topics(ctx, facts)
    _fuse_organisations(ctx, facts)
    quantities = _fuse_quantities(ctx, facts, discrepancies)
    ordered_actors = _order_actors(actors, source, target)

    remaining = 1.0
    for value in confidence.values():
        remaining *= 1.0 - min(max(value, 0.0), 1.0)
    return _new(
        Event,
        id=event_id,
        date=date,
        date_precision=precision,
        location=location,
        event_type=event_type,
        mode=mode,
        context=tuple(sorted({c for m in ordered for c in m.context})),
        cameo=cameo,
        goldstein=chosen.goldstein,
        quad_class=chosen.quad_class,
        source=source,
        target=target,
        actors=ordered_actors,
        topics=topics,
        quantities=quantities,
        sources=_sources(ordered, docs, duplicate_of),
        discrepancies=tuple(sorted(discrepancies, key=_discrepancy_key)),
        facts=_facts(facts),
        confidence=round(min(1.0 - remaining, MAX_CONFIDENCE), 4),
        mention_ids=tuple(m.id for m in ordered),
    )


def _facts(rows: list[_FactRow]) -> tuple[Fact, ...]:
    """The Facts of rows gathered as tuples, in order of field, value and doc ids.

    The tuples sort by their items in that order without a key function, and the models are
    made once they are in place.
    """
    rows.sort()
    if _TRUSTED:
        return tuple(
            build_trusted(Fact, {"field": field, "value": value, "doc_ids": doc_ids})
            for field, value, doc_ids in rows
        )
    return tuple(Fact(field=field, value=value, doc_ids=doc_ids) for field, value, doc_ids in rows)


def _sources(
    mentions: Sequence[EventMention],
    docs: Mapping[str, DocInfo],
    duplicate_of: Mapping[str, str | None],
) -> tuple[Source, ...]:
    """One Source per document with the evidence spans of all its mentions in this event."""
    # Each piece of evidence once per document. Equal evidence has equal fields, and a tuple of
    # them hashes much faster than the model does.
    evidence: dict[str, dict[tuple[str, str, int, int, str | None], Evidence]] = defaultdict(dict)
    for m in mentions:
        kept = evidence[m.doc_id]
        for ev in m.evidence:
            key = _evidence_key(ev.__dict__)
            if key not in kept:
                same_doc = ev.doc_id == m.doc_id
                kept[key] = ev if same_doc else ev.model_copy(update={"doc_id": m.doc_id})
    sources = []
    for doc_id in sorted({m.doc_id for m in mentions}):
        info = docs.get(doc_id)
        spans = sorted(evidence[doc_id].values(), key=_span_order)
        sources.append(
            _new(
                Source,
                doc_id=doc_id,
                url=info.url if info else None,
                outlet=info.outlet if info else None,
                published=info.published if info else None,
                evidence=tuple(spans),
                duplicate_of=duplicate_of.get(doc_id),
            )
        )
    return tuple(sources)


def _fuse_type(
    ctx: _Context, facts: list[_FactRow], discrepancies: list[Discrepancy]
) -> tuple[str, str | None, str | None, EventMention]:
    """Type, mode and CAMEO by confidence-weighted vote, and the mention that best carries them."""
    ms = ctx.mentions
    event_type = _winner(ctx.vote((m, m.event_type) for m in ms))
    typed = [m for m in ms if m.event_type == event_type]
    modes = ctx.vote((m, m.mode) for m in typed if m.mode)
    mode = _winner(modes) if modes else None
    fitting = [m for m in typed if m.mode == mode] or typed
    cameos = ctx.vote((m, m.cameo) for m in fitting if m.cameo)
    cameo = _winner(cameos) if cameos else None
    carriers = [m for m in fitting if m.cameo == cameo] or fitting
    chosen = min(carriers, key=lambda m: (-m.confidence, m.id))

    facts.append(("event_type", event_type, _docs(typed)))
    if mode:
        facts.append(("mode", mode, _docs(m for m in typed if m.mode == mode)))
    if cameo:
        facts.append(("cameo", cameo, _docs(m for m in ms if m.cameo == cameo)))
    by_type: dict[str, list[EventMention]] = defaultdict(list)
    by_mode: dict[str, list[EventMention]] = defaultdict(list)
    for m in ms:
        by_type[m.event_type].append(m)
        if m.mode:
            by_mode[m.mode].append(m)
    if len(by_type) > 1:
        discrepancies.append(_discrepancy("event_type", by_type))
    if len(by_mode) > 1:
        discrepancies.append(_discrepancy("mode", by_mode))
    return event_type, mode, cameo, chosen


def _date_label(date: str, precision: str) -> str:
    """How a rival date shows in a discrepancy: the date, and its precision unless it is a day."""
    return date if precision == "day" else f"{date} ({precision})"


def _fuse_date(
    ctx: _Context, facts: list[_FactRow], discrepancies: list[Discrepancy]
) -> tuple[str | None, DatePrecision | None]:
    """Most specific date most voices give; the others are support or discrepancies."""
    dated: list[tuple[EventMention, str, DatePrecision, tuple[int, int, int | None]]] = []
    for m in ctx.mentions:
        precision: DatePrecision = m.date_precision or "day"
        interval = date_interval(m.date, precision)
        if m.date and interval is not None:
            dated.append((m, m.date, precision, interval))
    if not dated:
        return None, None
    best_rank = min(_PRECISION_RANK.get(p, 3) for _, _, p, _ in dated)
    top = [(m, d) for m, d, p, _ in dated if _PRECISION_RANK.get(p, 3) == best_rank]
    date = _winner(ctx.vote(top, weighted=False))
    precision = next(
        p for _, d, p, _ in dated if d == date and _PRECISION_RANK.get(p, 3) == best_rank
    )
    lo, hi, _ = date_interval(date, precision) or (0, 0, None)
    supporting = [m for m, _, _, (a, b, _) in dated if a <= lo and hi <= b]
    facts.append(("date", date, _docs(supporting)))
    if len(supporting) < len(dated):
        groups: dict[str, list[EventMention]] = defaultdict(list)
        for m, d, p, _ in dated:
            groups[_date_label(d, p)].append(m)
        discrepancies.append(_discrepancy("date", groups))
    return date, precision


def _fuse_location(
    ctx: _Context, facts: list[_FactRow], discrepancies: list[Discrepancy]
) -> Location | None:
    """A city over a country; one city however it is spelled; rival places are discrepancies."""
    placed = [m for m in ctx.mentions if m.location and (m.location.name or m.location.country)]
    if not placed:
        return None
    cities: list[list[EventMention]] = []
    for m in sorted((m for m in placed if m.location and m.location.name), key=lambda m: m.id):
        city = m.location.name if m.location else None
        group = next(
            (
                g
                for g in cities
                if city and g[0].location and same_place(g[0].location.name or "", city)
            ),
            None,
        )
        if group is None:
            cities.append([m])
        else:
            group.append(m)
    name: str | None = None
    supporting = placed
    if cities:
        weight = {
            k: sum(ctx.vote((m, k) for m in group).values()) for k, group in enumerate(cities)
        }
        spelled = {k: _spelling(group) for k, group in enumerate(cities)}
        best = min(weight, key=lambda k: (-round(weight[k], 9), -len(spelled[k]), spelled[k]))
        name = spelled[best]
        supporting = cities[best]
        if len(cities) > 1:
            discrepancies.append(
                _discrepancy("location", {spelled[k]: group for k, group in enumerate(cities)})
            )
    countries = ctx.vote(
        (m, m.location.country) for m in supporting if m.location and m.location.country
    )
    if not countries:
        countries = ctx.vote(
            (m, m.location.country) for m in placed if m.location and m.location.country
        )
    country = _winner(countries) if countries else None
    by_country: dict[str, list[EventMention]] = defaultdict(list)
    for m in placed:
        if m.location and m.location.country:
            by_country[m.location.country].append(m)
    if len(by_country) > 1:
        discrepancies.append(_discrepancy("location_country", by_country))
    support = [
        m
        for m in placed
        if m.location
        and (m.location.country in (None, country))
        and (not m.location.name or (name is not None and same_place(m.location.name, name)))
    ]
    label = ", ".join(x for x in (name, country) if x)
    facts.append(("location", label, _docs(support)))
    return _new(Location, name=name, country=country)


def _spelling(group: Sequence[EventMention]) -> str:
    """The spelling of a city most mentions use (ties: the longest, then alphabetical)."""
    counts: dict[str, int] = defaultdict(int)
    for m in group:
        if m.location and m.location.name:
            counts[m.location.name] += 1
    return min(counts, key=lambda n: (-counts[n], -len(n), n))


@dataclass
class _ActorGroup:
    """All the ways the reports name one participant."""

    members: list[tuple[EventMention, Actor]]

    def best(self) -> Actor:
        """The most complete name and role, the country and sector most reports give."""
        if len(self.members) == 1:  # what the general case gives for a single entry
            a = self.members[0][1]
            return _new(
                Actor,
                name=a.name,
                role=a.role or None,
                country=a.country or None,
                sector=a.sector or None,
            )
        names = defaultdict(set)
        roles = defaultdict(set)
        countries = defaultdict(set)
        sectors = defaultdict(set)
        for m, a in self.members:
            names[a.name].add(m.doc_id)
            if a.role:
                roles[a.role].add(m.doc_id)
            if a.country:
                countries[a.country].add(m.doc_id)
            if a.sector:
                sectors[a.sector].add(m.doc_id)
        name = min(names, key=lambda n: (-len(name_tokens(n)), -len(names[n]), -len(n), n))
        role = (
            min(roles, key=lambda r: (-len(r.split()), -len(roles[r]), -len(r), r))
            if roles
            else None
        )
        country = min(countries, key=lambda c: (-len(countries[c]), c)) if countries else None
        sector = min(sectors, key=lambda s: (-len(sectors[s]), s)) if sectors else None
        return _new(Actor, name=name, role=role, country=country, sector=sector)

    def role_variants(self) -> dict[str, list[EventMention]]:
        """Role wordings that differ beyond case ("Chancellor" vs "Federal Chancellor")."""
        variants: dict[str, list[EventMention]] = defaultdict(list)
        seen: dict[str, str] = {}
        for m, a in sorted(self.members, key=lambda x: (x[0].id, x[1].role or "")):
            if a.role:
                label = seen.setdefault(fold(a.role), a.role)
                variants[label].append(m)
        return variants


def _same_actor(a: Actor, b: Actor) -> bool:
    """Two actor entries name one participant: matching names and no rival countries."""
    if a.country and b.country and a.country != b.country:
        return False
    if fold(a.name).strip() == fold(b.name).strip():
        return True
    similarity = name_similarity(name_tokens(a.name), name_tokens(b.name))
    if similarity >= 0.85:
        return is_person_name(a.name) or is_person_name(b.name) or similarity == 1.0
    return False


def _fuse_actors(
    ctx: _Context, facts: list[_FactRow], discrepancies: list[Discrepancy]
) -> tuple[list[Actor], dict[tuple[int, _ActorKey], int]]:
    """Every participant once, with its most complete name and role and its documents.

    Returns:
        The fused actors, and the one each entry went into: ``(id(mention), actor fields)`` ->
        position in the fused actors.
    """
    entries: list[tuple[EventMention, Actor, _ActorKey]] = []
    for m in ctx.mentions:
        seen: set[_ActorKey] = set()  # equal actors have equal fields (and hash faster)
        for actor in (m.source, m.target, *m.actors):
            if actor is None:
                continue
            key = _actor_fields(actor.__dict__)
            if key not in seen and actor.name.strip():
                seen.add(key)
                entries.append((m, actor, key))
    entries.sort(key=lambda e: (e[0].id, e[1].name, e[1].role or "", e[1].country or ""))
    # Which entries name one participant: the connected components of _same_actor. Entries
    # with equal fields always are one, so the relation is tested between distinct actors.
    distinct: dict[_ActorKey, int] = {}
    unique: list[Actor] = []
    for _, actor, key in entries:
        if key not in distinct:
            distinct[key] = len(unique)
            unique.append(actor)
    parent = list(range(len(unique)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(unique)):
        for j in range(i + 1, len(unique)):
            ri, rj = find(i), find(j)
            if ri != rj and _same_actor(unique[i], unique[j]):
                parent[max(ri, rj)] = min(ri, rj)
    # Groups in the order of their first entry, members in entry order.
    position: dict[int, int] = {}
    members: list[list[tuple[EventMention, Actor]]] = []
    side_of: dict[tuple[int, _ActorKey], int] = {}
    for m, actor, key in entries:
        k = position.setdefault(find(distinct[key]), len(members))
        if k == len(members):
            members.append([])
        members[k].append((m, actor))
        side_of[(id(m), key)] = k
    groups = [_ActorGroup(group) for group in members]
    actors = [g.best() for g in groups]
    for group, actor in zip(groups, actors, strict=True):
        if _stands_in(actor, actors):
            continue
        facts.append(("actor", actor.name, _docs(m for m, _ in group.members)))
        if len(group.members) < 2:
            continue  # one wording
        variants = group.role_variants()
        if len(variants) > 1:
            discrepancies.append(
                _discrepancy("role", {f"{actor.name}: {role}": ms for role, ms in variants.items()})
            )
    return actors, side_of


def _side(actor: Actor | None) -> str | None:
    """The party an actor stands for in a dyad vote: its country, else its folded name."""
    if actor is None:
        return None
    return actor.country or fold(actor.name).strip() or None


def _fuse_direction(
    ctx: _Context,
    event_type: str,
    mode: str | None,
    actors: Sequence[Actor],
    side_of: Mapping[tuple[int, _ActorKey], int],
    facts: list[_FactRow],
    discrepancies: list[Discrepancy],
) -> tuple[Actor | None, Actor | None]:
    """Source and target by vote on the ordered pair (unordered for symmetric events)."""
    ms = ctx.mentions
    symmetric = is_symmetric(event_type, mode)
    orientation = {m.id: (_side(m.source), _side(m.target)) for m in ms}
    if symmetric:
        pairs = ctx.vote((m, frozenset(x for x in orientation[m.id] if x)) for m in ms)
        pair = _winner(pairs, key=lambda p: sorted(p))
        members = [m for m in ms if frozenset(x for x in orientation[m.id] if x) == pair]
    else:
        members = list(ms)
    orders = ctx.vote((m, orientation[m.id]) for m in members)
    chosen = _winner(orders, key=lambda o: tuple(x or "" for x in o))
    agreeing = [m for m in members if orientation[m.id] == chosen]
    if not symmetric:
        conflicting = {o for o in orders if o != chosen and _conflicts(o, chosen)}
        if conflicting:
            labels: dict[str, list[EventMention]] = defaultdict(list)
            for m in ms:
                src, tgt = orientation[m.id]
                labels[f"{src or '?'} -> {tgt or '?'}"].append(m)
            discrepancies.append(_discrepancy("direction", labels))
    source = _pick_side(ctx, agreeing, "source", actors, side_of)
    target = _pick_side(ctx, agreeing, "target", actors, side_of)
    for field, actor in (("source", source), ("target", target)):
        if actor is not None:
            support = [m for m in agreeing if getattr(m, field) is not None]
            if symmetric:
                support = members
            facts.append((field, actor.name, _docs(support)))
    return source, target


def _conflicts(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Two ordered pairs disagree where both are known (a missing side is not a disagreement)."""
    return any(x and y and x != y for x, y in zip(a, b, strict=True))


def _pick_side(
    ctx: _Context,
    mentions: Sequence[EventMention],
    field: str,
    actors: Sequence[Actor],
    side_of: Mapping[tuple[int, _ActorKey], int],
) -> Actor | None:
    """The participant most voices put on one side, shown in its fused (most complete) form."""
    ballots = []
    for m in mentions:
        actor = getattr(m, field)
        if actor is None:
            continue
        k = side_of.get((id(m), _actor_fields(actor.__dict__)))
        if k is not None:  # None: an actor without a name
            ballots.append((m, k))
    if not ballots:
        return None
    totals = ctx.vote(ballots)
    if len(totals) == 1:
        return actors[next(iter(totals))]
    # the most specific actor: a named one over the country put in for "nobody named", then
    # votes, then a person over an institution
    best = min(
        totals,
        key=lambda k: (
            is_country_name(actors[k].name),
            -round(totals[k], 9),
            not is_person_name(actors[k].name),
            actors[k].name,
        ),
    )
    return actors[best]


def _stands_in(actor: Actor, actors: Sequence[Actor]) -> bool:
    """A country named for an unnamed side is redundant once a real actor of it is known."""
    return is_country_name(actor.name) and any(
        a.country == actor.country and not is_country_name(a.name) for a in actors
    )


def _order_actors(
    actors: Sequence[Actor], source: Actor | None, target: Actor | None
) -> tuple[Actor, ...]:
    """Source first, target second, then the others by name: a stable, readable order."""
    # Fused actors are plain Actors, equal exactly when their fields are: they are compared and
    # told apart by their field tuples (a model's __eq__ and __hash__ cost ~1 us a call).
    head = [a for a in (source, target) if a is not None]
    picked = {_actor_fields(a.__dict__) for a in head}
    rest = sorted(
        (
            a
            for a in actors
            if _actor_fields(a.__dict__) not in picked and not _stands_in(a, actors)
        ),
        key=lambda a: (a.name, a.role or ""),
    )
    unique: dict[_ActorKey, Actor] = {}
    for a in (*head, *rest):
        unique.setdefault(_actor_fields(a.__dict__), a)
    return tuple(unique.values())


def _fuse_topics(ctx: _Context, facts: list[_FactRow]) -> tuple[str, ...]:
    """The union of topics, each a fact with the documents that raise it."""
    by_topic: dict[str, set[str]] = {}  # topic -> the documents raising it
    for m in ctx.mentions:
        doc_id = m.doc_id
        for topic in m.topics:
            raised = by_topic.get(topic)
            if raised is None:
                by_topic[topic] = {doc_id}
            else:
                raised.add(doc_id)
    facts += [("topic", topic, tuple(sorted(raised))) for topic, raised in by_topic.items()]
    return tuple(sorted(by_topic))


def _fuse_organisations(ctx: _Context, facts: list[_FactRow]) -> None:
    """Organisations and formats the reports name around the event, each with its documents."""
    by_name: dict[str, list[EventMention]] = defaultdict(list)
    for m in ctx.mentions:
        for e in m.evidence:
            if e.field == "organisation":
                by_name[e.value or e.text].append(m)
    for name, ms in by_name.items():
        facts.append(("organisation", name, _docs(ms)))


def _unit_kind(unit: str | None) -> str:
    """Currencies compare with each other (EUR 7.4 billion vs about 8 billion dollars)."""
    if unit and len(unit) == 3 and unit.isalpha() and unit.isupper() and unit not in {"DAY"}:
        return "currency"
    return fold(unit or "")


def _equal_quantities(a: Quantity, b: Quantity) -> bool:
    """Same figure: same unit and value within 1 %; without values, same words or same numbers
    for the same thing ("$4bn" / "about 4 billion US dollars" of one ``about``)."""
    if a.value is None or b.value is None:
        if fold(a.text).strip() == fold(b.text).strip():
            return True
        return _numbers(a.text) == _numbers(b.text) and _same_thing(a, b)
    if fold(a.unit or "") != fold(b.unit or ""):
        return False
    scale = max(abs(a.value), abs(b.value))
    return scale == 0 or abs(a.value - b.value) <= EQUAL_QUANTITY * scale


def _numbers(text: str) -> tuple[str, ...]:
    """The digit groups of a text: "trade in 2023" and "trade in 2024" are different things."""
    return tuple(_DIGITS.findall(text))


def _same_thing(a: Quantity, b: Quantity) -> bool:
    """Both figures are about one thing: similar ``about`` words with the same years and numbers."""
    if not a.about or not b.about:
        return False
    return _same_about(a.about, b.about)


@lru_cache(maxsize=1 << 16)
def _same_about(a: str, b: str) -> bool:
    """Two ``about`` texts describe one thing (:func:`_same_thing`), cached: they recur."""
    return group_similarity(fold(a), fold(b)) >= ABOUT_MATCH and _numbers(a) == _numbers(b)


def _rival_quantities(a: Quantity, b: Quantity) -> bool:
    """Different values given for one thing.

    Same ``about`` (similar words, same years and numbers) whatever the values; without an
    ``about`` on both, the same kind of unit (any currency, or the same unit) within 25 %.
    """
    if a.about and b.about:
        return _same_thing(a, b)
    if a.value is None or b.value is None or _unit_kind(a.unit) != _unit_kind(b.unit):
        return False
    scale = max(abs(a.value), abs(b.value))
    return scale > 0 and abs(a.value - b.value) <= SAME_THING_QUANTITY * scale


def _fuse_quantities(
    ctx: _Context, facts: list[_FactRow], discrepancies: list[Discrepancy]
) -> tuple[Quantity, ...]:
    """Every figure once with all its documents; rival values for one thing are discrepancies."""
    # Each figure once per document (the doc_ids a mention's figure carries play no part).
    distinct: dict[tuple[str, float | None, str | None, str | None, str], Quantity] = {}
    for m in ctx.mentions:
        for q in m.quantities:
            distinct.setdefault((q.text, q.value, q.unit, q.about, m.doc_id), q)
    if not distinct:
        return ()
    # Figures grouped as _equal_quantities says (a figure joins the first group with a member
    # equal to it), that function's arithmetic inlined for two values, each folded unit once.
    groups: list[list[tuple[Quantity, str, str]]] = []
    for key in sorted(distinct, key=_figure_order):
        q = distinct[key]
        value = q.value
        unit = fold(q.unit or "")
        for group in groups:
            for x, _, x_unit in group:
                x_value = x.value
                if value is None or x_value is None:
                    if _equal_quantities(q, x):
                        break
                elif unit == x_unit:
                    scale = max(abs(value), abs(x_value))
                    if scale == 0 or abs(value - x_value) <= EQUAL_QUANTITY * scale:
                        break
            else:
                continue
            group.append((q, key[4], unit))
            break
        else:
            groups.append([(q, key[4], unit)])
    fused: list[Quantity] = []
    doc_sets: list[set[str]] = []
    for group in groups:
        head = group[0][0]
        about = next((q.about for q, _, _ in group if q.about), None)
        docs = {d for _, d, _ in group}
        doc_ids = tuple(sorted(docs))
        fused.append(
            _new(
                Quantity,
                text=head.text,
                value=head.value,
                unit=head.unit,
                about=about,
                doc_ids=doc_ids,
            )
        )
        doc_sets.append(docs)
        facts.append(("quantity", head.text, doc_ids))
    for i, a in enumerate(fused):
        for j in range(i + 1, len(fused)):
            b = fused[j]
            if doc_sets[i].isdisjoint(doc_sets[j]) and _rival_quantities(a, b):
                low, high = (b, a) if b.text < a.text else (a, b)  # by text, stable
                values = (
                    _new(DiscrepancyValue, value=low.text, doc_ids=low.doc_ids),
                    _new(DiscrepancyValue, value=high.text, doc_ids=high.doc_ids),
                )
                discrepancies.append(_new(Discrepancy, field="quantity", values=values))
    return tuple(sorted(fused, key=lambda q: (q.text, q.doc_ids)))


def _figure_order(
    key: tuple[str, float | None, str | None, str | None, str],
) -> tuple[str, str, bool, float, str, bool, str]:
    """Order of the distinct figures of an event: by document, then by every field (equal
    figures with different ``about`` must not be ordered by the order they came in)."""
    text, value, unit, about, doc_id = key
    return doc_id, text, value is None, value or 0.0, unit or "", about is None, about or ""
