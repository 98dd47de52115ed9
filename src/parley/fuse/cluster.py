"""Blocking candidate pairs and clustering mentions into happenings.

Blocking keeps the work near-linear: a mention is only compared with mentions of the same type
family whose dates can overlap (one day of slack) and that share its unordered country pair. A
mention that names one country only is compared with every mention of that country (same family,
overlapping dates); one with no country, with mentions sharing a name token or its city. A mention
with no usable date is compared with its whole block when the block is small, and otherwise only
with the members that share a name token or its city.

Clustering is greedy agglomeration over scored pairs in a canonical order (highest score first,
ties by mention ids) with a complete-link guard: two clusters join only when *every* pair across
them is compatible (:func:`parley.fuse.compare.score_pair` is not None). The result does not depend
on the order of the input.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Protocol

from parley.fuse.compare import MERGE_SCORE, Features, score_pair

UNDATED_BLOCK_CAP = 256  # an undated mention is compared with a whole block up to this size


class Blockable(Protocol):
    """What blocking looks at in a mention: :class:`~parley.fuse.compare.Features` or a
    :class:`~parley.fuse.blocks.BlockKey` read back from the store."""

    @property
    def family(self) -> str: ...

    @property
    def countries(self) -> Collection[str]: ...

    @property
    def lo(self) -> int | None: ...

    @property
    def hi(self) -> int | None: ...

    @property
    def tokens(self) -> Collection[str]: ...


class _Block:
    """Members of one block, sorted by first possible day, for date-window lookups."""

    __slots__ = ("dated", "los", "members", "span", "token_index", "undated")

    def __init__(self, members: list[int], items: Sequence[Blockable]) -> None:
        self.members = members
        self.dated = sorted(
            (i for i in members if items[i].lo is not None), key=lambda i: items[i].lo or 0
        )
        self.los = [items[i].lo or 0 for i in self.dated]
        self.span = max(((items[i].hi or 0) - (items[i].lo or 0) for i in self.dated), default=0)
        self.undated = [i for i in members if items[i].lo is None]
        self.token_index: dict[str, list[int]] | None = None

    def near(self, f: Blockable, items: Sequence[Blockable]) -> Iterable[int]:
        """Members whose dates can overlap ``f``'s (all of them when ``f`` is undated and few)."""
        if f.lo is None or f.hi is None:
            if len(self.members) <= UNDATED_BLOCK_CAP:
                return self.members
            return self._sharing_tokens(f, items)
        start = bisect.bisect_left(self.los, f.lo - self.span - 1)
        stop = bisect.bisect_right(self.los, f.hi + 1)
        window = [i for i in self.dated[start:stop] if (items[i].hi or 0) >= f.lo - 1]
        return window + self.undated

    def _sharing_tokens(self, f: Blockable, items: Sequence[Blockable]) -> Iterable[int]:
        """Members that share a person-name token or the city with ``f`` (big undated blocks)."""
        if self.token_index is None:
            index: dict[str, list[int]] = defaultdict(list)
            for i in self.members:
                for token in items[i].tokens:
                    index[token].append(i)
            self.token_index = dict(index)
        found: set[int] = set()
        for token in f.tokens:
            found.update(self.token_index.get(token, ()))
        return sorted(found)


def candidate_pairs(items: Sequence[Blockable]) -> list[tuple[int, int]]:
    """Pairs of mentions worth comparing, found by blocking.

    Args:
        items: the features (or stored block keys) of every mention.

    Returns:
        Sorted ``(i, j)`` index pairs (positions in ``items``) with ``i < j``.
    """
    return sorted(set(linked_pairs(items)))


def linked_pairs(items: Sequence[Blockable]) -> Iterator[tuple[int, int]]:
    """Stream the candidate pairs of :func:`candidate_pairs`, unsorted and possibly repeated.

    Args:
        items: the features (or stored block keys) of every mention.

    Yields:
        ``(i, j)`` index pairs with ``i < j``.
    """
    by_pair: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    by_country: dict[tuple[str, str], list[int]] = defaultdict(list)
    countryless: list[int] = []
    for n, f in enumerate(items):
        countries = sorted(f.countries)
        if len(countries) == 2:
            by_pair[(f.family, countries[0], countries[1])].append(n)
        for country in countries:
            by_country[(f.family, country)].append(n)
        if not countries:
            countryless.append(n)
    pair_blocks = {key: _Block(members, items) for key, members in by_pair.items()}
    country_blocks = {key: _Block(members, items) for key, members in by_country.items()}
    for n, f in enumerate(items):
        countries = sorted(f.countries)
        if len(countries) == 2:
            block = pair_blocks[(f.family, countries[0], countries[1])]
        elif countries:
            block = country_blocks[(f.family, countries[0])]
        else:
            continue
        for j in block.near(f, items):
            if j != n:
                yield (min(n, j), max(n, j))
    if countryless:
        yield from _countryless_pairs(countryless, items)


def _countryless_pairs(
    countryless: list[int], items: Sequence[Blockable]
) -> Iterator[tuple[int, int]]:
    """Mentions without any country can only be found again by a shared name or city."""
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, f in enumerate(items):
        for token in f.tokens:
            index[(f.family, token)].append(n)
    blocks = {key: _Block(members, items) for key, members in index.items()}
    for i in countryless:
        f = items[i]
        for token in f.tokens:
            for j in blocks[(f.family, token)].near(f, items):
                if j != i:
                    yield (min(i, j), max(i, j))


def cluster_mentions(feats: Sequence[Features]) -> list[list[int]]:
    """Group mentions into happenings.

    Args:
        feats: features of every mention in canonical (mention id) order.

    Returns:
        Clusters as sorted lists of indices, ordered by their smallest index.
    """
    edges: list[tuple[float, str, str, int, int]] = []
    compatible: dict[tuple[int, int], bool] = {}
    for i, j in candidate_pairs(feats):
        score = score_pair(feats[i], feats[j])
        compatible[(i, j)] = score is not None
        if score is not None and score >= MERGE_SCORE:
            edges.append((-score, feats[i].mention_id, feats[j].mention_id, i, j))
    edges.sort()
    parent = list(range(len(feats)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(feats))}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def fits(i: int, j: int) -> bool:
        key = (min(i, j), max(i, j))
        if key not in compatible:
            compatible[key] = score_pair(feats[key[0]], feats[key[1]]) is not None
        return compatible[key]

    for _, _, _, i, j in edges:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if all(fits(x, y) for x in members[ri] for y in members[rj]):
            root, other = min(ri, rj), max(ri, rj)
            parent[other] = root
            members[root].extend(members.pop(other))
    return sorted((sorted(group) for group in members.values()), key=lambda g: g[0])
