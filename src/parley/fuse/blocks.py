"""Fusion block by block: independent pieces whose separate fusion equals one global pass.

:func:`parley.fuse.fuse_mentions` only ever compares mentions its blocking puts together (same
type family, overlapping date window, shared country pair, country or name; see
:mod:`parley.fuse.cluster`). So the mentions split into connected components of that candidate
graph, and fusing each component alone gives the clusters of the global pass, provided every
block that an undated mention scans whole is kept whole (the fuser scans a small block whole and
a big one only by shared names, so cutting a big block would change what an undated mention is
compared with). Adding mentions only ever joins components, never splits them.

What blocking needs of a mention is its :class:`BlockKey` (family, countries, date window, name
and city tokens): small, computed once per mention (:func:`block_key`) and kept in the store, so
the components of a store are found without loading the mentions themselves. Event ids are
assigned per piece with the ids of earlier runs (:func:`parley.fuse.ids.assign_event_ids`): an
earlier event lies wholly inside one component, so the ids equal those of the global pass.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from parley.fuse.cluster import UNDATED_BLOCK_CAP, Blockable, linked_pairs
from parley.fuse.compare import block_tokens, city_of, date_interval, family_of, named_people
from parley.fuse.fusion import fuse_mentions
from parley.fuse.ids import assign_event_ids
from parley.fuse.signature import DocInfo
from parley.models import Event, EventMention

FUSE_BLOCK_MENTIONS = 2_000
"""Mentions per piece (fusion costs ~0.5 ms per mention: about a second per piece)."""

MapBlocks = Callable[[Callable[..., list[Event]], list[tuple[Any, ...]]], list[list[Event]]]
"""``map_blocks(fn, args)``: ``[fn(*a) for a in args]``, in a process or over a cluster."""


@dataclass(frozen=True, slots=True)
class BlockKey:
    """What fusion's blocking looks at in one mention (see :mod:`parley.fuse.cluster`).

    ``lo``/``hi`` are the first and last day (proleptic ordinals) the mention's date can stand
    for, ``None`` when it has no usable date; ``countries`` the known dyad countries, sorted;
    ``tokens`` the person-name and city tokens, sorted.
    """

    mention_id: str
    family: str
    countries: tuple[str, ...]
    lo: int | None
    hi: int | None
    tokens: tuple[str, ...]


def block_key(mention: EventMention) -> BlockKey:
    """The blocking key of one mention (what the store keeps to find its fusion block).

    Args:
        mention: an event mention.

    Returns:
        Its :class:`BlockKey`.

    Example:
        >>> block_key(mention).family  # doctest: +SKIP
        'CONSULT'
    """
    # What features_of gives these fields, without the comparison-only work (evidence words).
    interval = date_interval(mention.date, mention.date_precision)
    sides = (mention.source, mention.target)
    return BlockKey(
        mention_id=mention.id,
        family=family_of(mention.event_type),
        countries=tuple(sorted({a.country for a in sides if a is not None and a.country})),
        lo=interval[0] if interval else None,
        hi=interval[1] if interval else None,
        tokens=tuple(sorted(block_tokens(named_people(mention), city_of(mention)))),
    )


class _Sets:
    """Union-find over mention indices."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _blocks_of(f: Blockable) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The fuser's blocks a mention belongs to, and the ones it is looked up in."""
    countries = sorted(f.countries)
    tokens: list[tuple[str, ...]] = [(f.family, "name", t) for t in sorted(f.tokens)]
    member: list[tuple[str, ...]] = [(f.family, "country", c) for c in countries] + tokens
    if len(countries) == 2:
        pair = (f.family, "pair", *countries)
        return [pair, *member], [pair]
    if countries:
        return member, [(f.family, "country", countries[0])]
    return member, tokens


def fusion_components(items: Sequence[Blockable]) -> list[list[int]]:
    """Split mentions into the connected components of fusion's blocking.

    Fusing each component alone (or any union of them) gives exactly the clusters of one
    fusion of all the mentions.

    Args:
        items: the block keys (or features) of the mentions.

    Returns:
        Components as sorted lists of positions in ``items``, ordered by their first position.

    Example:
        >>> fusion_components([block_key(m) for m in mentions])  # doctest: +SKIP
        [[0, 3], [1], [2, 4]]
    """
    sets = _Sets(len(items))
    for i, j in linked_pairs(items):
        sets.join(i, j)
    members: dict[tuple[str, ...], list[int]] = defaultdict(list)
    lookups: list[list[tuple[str, ...]]] = []
    for n, f in enumerate(items):
        belongs, looked_up = _blocks_of(f)
        for key in belongs:
            members[key].append(n)
        lookups.append(looked_up)
    kept_whole: set[tuple[str, ...]] = set()
    for n, f in enumerate(items):
        if f.lo is not None:
            continue
        for key in lookups[n]:
            block = members.get(key, [])
            if len(block) > UNDATED_BLOCK_CAP and key not in kept_whole:
                kept_whole.add(key)
                for j in block:
                    sets.join(block[0], j)
    components: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        components[sets.find(i)].append(i)
    return [components[root] for root in sorted(components)]


def components_by_family(items: Sequence[Blockable]) -> Iterator[list[list[int]]]:
    """:func:`fusion_components`, one type family at a time, the smallest family first.

    Blocking never puts mentions of two families together, so the components of each family
    are exactly those :func:`fusion_components` finds among all the items. A caller can fuse
    the first families' components while the next ones are being found.

    Args:
        items: the block keys (or features) of the mentions.

    Returns:
        An iterator over the families, by size (then name), giving each one's components as
        sorted lists of positions in ``items``, ordered by their first position.
    """
    families: dict[str, list[int]] = defaultdict(list)
    for n, f in enumerate(items):
        families[f.family].append(n)
    for family in sorted(families, key=lambda name: (len(families[name]), name)):
        members = families[family]
        found = fusion_components([items[n] for n in members])
        yield [[members[i] for i in component] for component in found]


def pack_components(components: Iterable[list[int]], target: int) -> list[list[int]]:
    """Pack whole components into pieces of about ``target`` mentions (a component is never cut).

    Args:
        components: lists of positions, as :func:`fusion_components` returns them.
        target: mentions per piece.

    Returns:
        Pieces as sorted lists of positions, in the order of their first component.
    """
    pieces: list[list[int]] = []
    current: list[int] = []
    for component in components:
        current.extend(component)
        if len(current) >= target:
            pieces.append(sorted(current))
            current = []
    if current:
        pieces.append(sorted(current))
    return pieces


def fusion_blocks(mentions: Sequence[EventMention], target: int) -> list[list[EventMention]]:
    """Split mentions into independent fusion blocks of about ``target`` mentions.

    Args:
        mentions: event mentions (any order; a repeated id counts once).
        target: mentions per block (a connected component is never split).

    Returns:
        Blocks of mentions, each sorted by id, ordered by their smallest mention id.

    Example:
        >>> [len(b) for b in fusion_blocks(mentions, 500)]  # doctest: +SKIP
        [512, 498, 77]
    """
    by_id: dict[str, EventMention] = {}
    for m in mentions:
        by_id.setdefault(m.id, m)
    ordered = [by_id[k] for k in sorted(by_id)]
    pieces = pack_components(fusion_components([block_key(m) for m in ordered]), target)
    return [[ordered[i] for i in piece] for piece in pieces]


def fuse_block(mentions: Sequence[EventMention], docs: Mapping[str, DocInfo]) -> list[Event]:
    """Fuse one block (a Dask task): :func:`parley.fuse.fuse_mentions` without earlier ids.

    Args:
        mentions: the block's mentions.
        docs: the documents they come from.

    Returns:
        The block's events (their ids are provisional until :func:`fuse_blocked` assigns them).
    """
    return fuse_mentions(mentions, docs)


def serial_map(fn: Callable[..., list[Event]], args: list[tuple[Any, ...]]) -> list[list[Event]]:
    """Map blocks in this process (the default of :func:`fuse_blocked`).

    Args:
        fn: the block function.
        args: one argument tuple per block.

    Returns:
        ``[fn(*a) for a in args]``.
    """
    return [fn(*a) for a in args]


def fuse_blocked(
    mentions: Sequence[EventMention],
    docs: Mapping[str, DocInfo],
    previous: Mapping[str, str],
    *,
    target: int = FUSE_BLOCK_MENTIONS,
    map_blocks: MapBlocks = serial_map,
) -> list[Event]:
    """Fuse mentions block by block; the result equals ``fuse_mentions(mentions, docs, previous)``.

    Args:
        mentions: every event mention to fuse.
        docs: ``doc_id -> DocInfo`` of their documents.
        previous: ``mention_id -> event_id`` of earlier runs (ids are kept).
        target: mentions per block.
        map_blocks: how to run the blocks (in this process, or over a Dask cluster).

    Returns:
        The fused events, ordered by date (undated last) then id.

    Example:
        >>> events = fuse_blocked(mentions, infos, {}, target=500)  # doctest: +SKIP
    """
    blocks = fusion_blocks(mentions, target)
    args = [
        (block, {d: docs[d] for d in {m.doc_id for m in block} if d in docs}) for block in blocks
    ]
    events = [e for part in map_blocks(fuse_block, args) for e in part]
    events.sort(key=lambda e: e.mention_ids[0])
    ids = assign_event_ids([list(e.mention_ids) for e in events], previous)
    final = [e.model_copy(update={"id": i}) for e, i in zip(events, ids, strict=True)]
    return sorted(final, key=lambda e: (e.date is None, e.date or "", e.id))


def component_labels(keys: Sequence[BlockKey]) -> dict[str, str]:
    """Name the fusion component of every mention by its smallest mention id.

    Args:
        keys: block keys of the mentions.

    Returns:
        ``mention_id -> label``; mentions of one component share the label.
    """
    labels: dict[str, str] = {}
    for component in fusion_components(keys):
        label = min(keys[i].mention_id for i in component)
        for i in component:
            labels[keys[i].mention_id] = label
    return labels
