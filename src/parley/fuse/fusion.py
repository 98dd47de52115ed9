"""fuse_mentions: one event per happening, from the event mentions of many documents."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType

from parley.errors import InputError
from parley.fuse.cluster import cluster_mentions
from parley.fuse.compare import features_of
from parley.fuse.ids import assign_event_ids
from parley.fuse.merge import build_event
from parley.fuse.signature import DocInfo
from parley.models import Event, EventMention

_NOTHING: Mapping[str, str] = MappingProxyType({})


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Hold off the cyclic garbage collector while fusion builds many small acyclic objects.

    Measured: full collections over the mentions held in memory took half of a 10k-document
    fusion; the models fusion builds hold no reference cycles, so nothing waits to be freed.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _unique(mentions: Iterable[EventMention]) -> list[EventMention]:
    """Mentions in canonical id order; a repeated identical mention counts once."""
    by_id: dict[str, EventMention] = {}
    for m in mentions:
        seen = by_id.get(m.id)
        if seen is None:
            by_id[m.id] = m
        elif seen != m:
            raise InputError(
                f"event mention {m.id!r}",
                f"two different event mentions share the id {m.id!r} (documents "
                f"{seen.doc_id!r} and {m.doc_id!r})",
                fix="Give every EventMention a unique id, e.g. '<doc_id>#<n>' as the coder does.",
            )
    return [by_id[k] for k in sorted(by_id)]


def fuse_mentions(
    mentions: Sequence[EventMention],
    docs: Mapping[str, DocInfo],
    previous: Mapping[str, str] = _NOTHING,
) -> list[Event]:
    """Fuse event mentions from many documents into one event per happening.

    Mentions are blocked by type family, unordered country pair and date window, scored on
    actors, place, date, type and evidence words, and clustered greedily with complete-link guards
    (see :mod:`parley.fuse.compare` and :mod:`parley.fuse.cluster`). The clustering does not depend
    on the input order or on ``previous``; ``previous`` only decides the ids.

    Args:
        mentions: event mentions of any number of documents, in any order.
        docs: ``doc_id -> DocInfo`` (url, outlet, publication date, text signature); documents
            missing here still fuse, without metadata and without near-duplicate detection.
        previous: ``mention_id -> event_id`` from earlier runs, so events keep their ids.

    Returns:
        The fused events, ordered by date (undated last) then id. ``Event.mention_ids`` gives the
        assignment of every mention (see :func:`assignments`).

    Raises:
        InputError: two different mentions share one id.

    Example:
        >>> events = fuse_mentions(mentions, docs)  # doctest: +SKIP
        >>> assignments(events)  # doctest: +SKIP
        {'doc-a#0': 'ev-3f2a...', 'doc-b#0': 'ev-3f2a...'}
    """
    with paused_gc():
        ordered = _unique(mentions)
        feats = [features_of(i, m) for i, m in enumerate(ordered)]
        clusters = cluster_mentions(feats)
        members = [[ordered[i] for i in group] for group in clusters]
        ids = assign_event_ids([[m.id for m in group] for group in members], previous)
        events = [
            build_event(event_id, group, docs) for event_id, group in zip(ids, members, strict=True)
        ]
    return sorted(events, key=lambda e: (e.date is None, e.date or "", e.id))


def assignments(events: Iterable[Event]) -> dict[str, str]:
    """Which event each mention went into: pass it as ``previous`` to the next run.

    Args:
        events: events returned by :func:`fuse_mentions`.

    Returns:
        ``mention_id -> event_id``.
    """
    return {mention_id: event.id for event in events for mention_id in event.mention_ids}
