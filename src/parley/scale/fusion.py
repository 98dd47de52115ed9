"""Fusion in independent blocks, mapped over the cluster, with the same result as one pass.

:func:`parley.fuse.fuse_mentions` only ever compares mentions its blocking puts together (same
type family, overlapping date window, shared country pair, country or name). So the mentions
split into connected components of that candidate graph, and fusing each component alone gives
the clusters of the global pass, provided every block that an undated mention scans whole is
kept whole (the fuser scans a small block whole and a big one only by shared names, so cutting
a big block would change what an undated mention is compared with). Components are packed into
tasks of about ``target`` mentions; event ids are then assigned once, over all clusters, with
the ids of earlier runs (:func:`parley.fuse.ids.assign_event_ids`), exactly as the global pass
assigns them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from parley.fuse import DocInfo, fuse_mentions
from parley.fuse.cluster import UNDATED_BLOCK_CAP, _tokens, candidate_pairs
from parley.fuse.compare import Features, features_of
from parley.fuse.ids import assign_event_ids
from parley.models import Event, EventMention

FUSE_BLOCK_MENTIONS = 2_000
"""Mentions per fusion task (fusion costs ~0.5 ms per mention: about a second per task)."""
FUSE_ON_CLIENT_BELOW = 4_000
"""A fusion of fewer mentions runs in the client: shipping it would cost more than it saves."""

MapBlocks = Callable[[Callable[..., list[Event]], list[tuple[Any, ...]]], list[list[Event]]]
"""``map_blocks(fn, args)``: ``[fn(*a) for a in args]``, in a process or over a cluster."""


class _Sets:
    """Union-find over mention indices."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _blocks_of(f: Features) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The fuser's blocks a mention belongs to, and the ones it is looked up in."""
    countries = sorted(f.countries)
    tokens: list[tuple[str, ...]] = [(f.family, "name", t) for t in sorted(_tokens(f))]
    member: list[tuple[str, ...]] = [(f.family, "country", c) for c in countries] + tokens
    if len(countries) == 2:
        pair = (f.family, "pair", *countries)
        return [pair, *member], [pair]
    if countries:
        return member, [(f.family, "country", countries[0])]
    return member, tokens


def fusion_blocks(mentions: Sequence[EventMention], target: int) -> list[list[EventMention]]:
    """Split mentions into independent fusion blocks of about ``target`` mentions.

    Args:
        mentions: event mentions (any order; a repeated id counts once).
        target: mentions per block (a connected component is never split).

    Returns:
        Blocks of mentions, each sorted by id, ordered by their smallest mention id.
    """
    by_id: dict[str, EventMention] = {}
    for m in mentions:
        by_id.setdefault(m.id, m)
    ordered = [by_id[k] for k in sorted(by_id)]
    feats = [features_of(i, m) for i, m in enumerate(ordered)]
    sets = _Sets(len(feats))
    for i, j in candidate_pairs(feats):
        sets.join(i, j)
    members: dict[tuple[str, ...], list[int]] = defaultdict(list)
    lookups: list[list[tuple[str, ...]]] = []
    for f in feats:
        belongs, looked_up = _blocks_of(f)
        for key in belongs:
            members[key].append(f.index)
        lookups.append(looked_up)
    kept_whole: set[tuple[str, ...]] = set()
    for f in feats:
        if f.lo is not None:
            continue
        for key in lookups[f.index]:
            block = members.get(key, [])
            if len(block) > UNDATED_BLOCK_CAP and key not in kept_whole:
                kept_whole.add(key)
                for j in block:
                    sets.join(block[0], j)
    components: dict[int, list[int]] = defaultdict(list)
    for i in range(len(feats)):
        components[sets.find(i)].append(i)
    blocks: list[list[EventMention]] = []
    current: list[int] = []
    for root in sorted(components):
        current.extend(components[root])
        if len(current) >= target:
            blocks.append([ordered[i] for i in sorted(current)])
            current = []
    if current:
        blocks.append([ordered[i] for i in sorted(current)])
    return blocks


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
