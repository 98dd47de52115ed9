"""Stable event ids: an event keeps its id when documents are added or fusion runs again.

A cluster that contains mentions fused before keeps the id most of them had (ties: the smallest
id); an id goes to one cluster only (the one holding most of its mentions, ties: the cluster with
the smallest mention id). Every other cluster gets ``ev-`` + 16 hex digits of the SHA-256 of its
smallest mention id, which any process computes the same way (never Python's salted ``hash()``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence


def new_event_id(mention_id: str, attempt: int = 0) -> str:
    """The id of a new event whose smallest mention id is ``mention_id``.

    Args:
        mention_id: the canonical (smallest) mention id of the cluster.
        attempt: 0, or a counter to step around an id already taken.

    Returns:
        ``ev-`` followed by 16 hex digits.

    Example:
        >>> new_event_id("doc1#0") == new_event_id("doc1#0")
        True
    """
    key = mention_id if attempt == 0 else f"{mention_id}\x00{attempt}"
    return "ev-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def assign_event_ids(clusters: Sequence[Sequence[str]], previous: Mapping[str, str]) -> list[str]:
    """One id per cluster, keeping the ids earlier runs gave.

    Args:
        clusters: the mention ids of each cluster (each sorted ascending).
        previous: ``mention_id -> event_id`` from earlier runs.

    Returns:
        The event id of each cluster, in the order of ``clusters``; all distinct.
    """
    claims: list[tuple[int, str, str, int]] = []
    for k, members in enumerate(clusters):
        counts = Counter(previous[m] for m in members if m in previous)
        claims.extend((-n, old, min(members), k) for old, n in counts.items())
    claims.sort()
    ids: list[str | None] = [None] * len(clusters)
    taken: set[str] = set()
    for _, old, _, k in claims:
        if ids[k] is None and old not in taken:
            ids[k] = old
            taken.add(old)
    taken.update(previous.values())
    for k, members in enumerate(clusters):
        if ids[k] is None:
            attempt = 0
            while (candidate := new_event_id(min(members), attempt)) in taken:
                attempt += 1
            ids[k] = candidate
            taken.add(candidate)
    return [i for i in ids if i is not None]
