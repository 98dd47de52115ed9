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
from collections.abc import Iterable, Sequence

from parley.fuse.compare import MERGE_SCORE, Features, score_pair
from parley.fuse.names import name_tokens

UNDATED_BLOCK_CAP = 256  # an undated mention is compared with a whole block up to this size


class _Block:
    """Members of one block, sorted by first possible day, for date-window lookups."""

    __slots__ = ("dated", "los", "members", "span", "token_index", "undated")

    def __init__(self, members: list[int], feats: Sequence[Features]) -> None:
        self.members = members
        self.dated = sorted(
            (i for i in members if feats[i].lo is not None), key=lambda i: feats[i].lo or 0
        )
        self.los = [feats[i].lo or 0 for i in self.dated]
        self.span = max(((feats[i].hi or 0) - (feats[i].lo or 0) for i in self.dated), default=0)
        self.undated = [i for i in members if feats[i].lo is None]
        self.token_index: dict[str, list[int]] | None = None

    def near(self, f: Features, feats: Sequence[Features]) -> Iterable[int]:
        """Members whose dates can overlap ``f``'s (all of them when ``f`` is undated and few)."""
        if f.lo is None or f.hi is None:
            if len(self.members) <= UNDATED_BLOCK_CAP:
                return self.members
            return self._sharing_tokens(f, feats)
        start = bisect.bisect_left(self.los, f.lo - self.span - 1)
        stop = bisect.bisect_right(self.los, f.hi + 1)
        window = [i for i in self.dated[start:stop] if (feats[i].hi or 0) >= f.lo - 1]
        return window + self.undated

    def _sharing_tokens(self, f: Features, feats: Sequence[Features]) -> Iterable[int]:
        """Members that share a person-name token or the city with ``f`` (big undated blocks)."""
        if self.token_index is None:
            index: dict[str, list[int]] = defaultdict(list)
            for i in self.members:
                for token in _tokens(feats[i]):
                    index[token].append(i)
            self.token_index = dict(index)
        found: set[int] = set()
        for token in _tokens(f):
            found.update(self.token_index.get(token, ()))
        return sorted(found)


def _tokens(f: Features) -> set[str]:
    """Name and city tokens: the evidence a mention without date or country can be found by."""
    tokens = {t for p in f.persons for t in p.tokens}
    if f.city:
        tokens.update(name_tokens(f.city))
    return tokens


def candidate_pairs(feats: Sequence[Features]) -> list[tuple[int, int]]:
    """Pairs of mentions worth comparing, found by blocking.

    Args:
        feats: features of every mention, ``feats[i].index == i``.

    Returns:
        Sorted ``(i, j)`` index pairs with ``i < j``.
    """
    by_pair: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    by_country: dict[tuple[str, str], list[int]] = defaultdict(list)
    countryless: list[int] = []
    for f in feats:
        countries = sorted(f.countries)
        if len(countries) == 2:
            by_pair[(f.family, countries[0], countries[1])].append(f.index)
        for country in countries:
            by_country[(f.family, country)].append(f.index)
        if not countries:
            countryless.append(f.index)
    pair_blocks = {key: _Block(members, feats) for key, members in by_pair.items()}
    country_blocks = {key: _Block(members, feats) for key, members in by_country.items()}
    found: set[tuple[int, int]] = set()
    for f in feats:
        countries = sorted(f.countries)
        if len(countries) == 2:
            blocks = [pair_blocks[(f.family, countries[0], countries[1])]]
        elif countries:
            blocks = [country_blocks[(f.family, countries[0])]]
        else:
            continue
        for block in blocks:
            for j in block.near(f, feats):
                if j != f.index:
                    found.add((min(f.index, j), max(f.index, j)))
    if countryless:
        found.update(_countryless_pairs(countryless, feats))
    return sorted(found)


def _countryless_pairs(countryless: list[int], feats: Sequence[Features]) -> set[tuple[int, int]]:
    """Mentions without any country can only be found again by a shared name or city."""
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for f in feats:
        for token in _tokens(f):
            index[(f.family, token)].append(f.index)
    blocks = {key: _Block(members, feats) for key, members in index.items()}
    found: set[tuple[int, int]] = set()
    for i in countryless:
        f = feats[i]
        for token in _tokens(f):
            for j in blocks[(f.family, token)].near(f, feats):
                if j != i:
                    found.add((min(i, j), max(i, j)))
    return found


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
