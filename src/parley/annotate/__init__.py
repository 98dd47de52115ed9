"""Annotation: sentences, actors, roles, places, dates, quantities and topics of a document.

:func:`annotate_document` composes the finders; each one is a pure function of the text (plus
the knowledge base), so the whole stage is picklable and runs per document in ~1 ms.
"""

from __future__ import annotations

import functools
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from parley.annotate import dates, quantities
from parley.annotate.dates import find_dates
from parley.annotate.mentions import new_annotation
from parley.annotate.quantities import find_quantities
from parley.annotate.sentences import GATE_MARKERS, gate_windows, split_sentences
from parley.annotate.topics import find_topics
from parley.models import Annotation, CleanDocument, Mention, RoleAssertion

if TYPE_CHECKING:
    from parley.annotate.roles import RoleBook

__all__ = [
    "annotate_document",
    "find_dates",
    "find_quantities",
    "find_topics",
    "split_sentences",
]


def _actors_and_places(
    doc: CleanDocument, sentences: tuple[Any, ...], kb: Any, roles: RoleBook | None
) -> tuple[list[Mention], list[RoleAssertion], list[Mention]]:
    """Actor and place mentions from the knowledge engineer's finders (none if not installed)."""
    try:
        from parley.annotate.actors import find_actors
    except ImportError:
        return [], [], []
    actors, assertions = find_actors(
        doc.text,
        sentences,
        kb,
        published=doc.published,
        roles=roles,
        doc_id=doc.doc_id,
        outlet=doc.outlet,
        dateline=doc.dateline,
        title=doc.title,
    )
    try:
        from parley.annotate.places import find_places
    except ImportError:
        return list(actors), list(assertions), []
    places = find_places(doc.text, sentences, kb, actors, dateline=doc.dateline)
    return list(actors), list(assertions), list(places)


_MENTION_ORDER = attrgetter("start", "end", "kind")  # a C-level sort key


@functools.cache
def _gate_vocabulary() -> frozenset[str]:
    """The words the date and quantity gates test: the only ones gate windows need to keep."""
    return GATE_MARKERS | dates.GATE_WORDS | quantities.gate_words()


def annotate_document(doc: CleanDocument, kb: Any, roles: RoleBook | None = None) -> Annotation:
    """Annotate a cleaned document with sentences, mentions and the role assertions it makes.

    Args:
        doc: the cleaned document.
        kb: the knowledge base (``parley.knowledge.load_knowledge()``).
        roles: dated role assertions known so far (to resolve "the Foreign Minister").

    Returns:
        The Annotation; every mention satisfies ``doc.text[m.start:m.end] == m.text``.

    Example:
        >>> ann = annotate_document(clean_document(doc), load_knowledge())
        >>> sorted({m.kind for m in ann.mentions})
        ['actor', 'date', 'place', 'quantity', 'topic']
    """
    text = doc.text
    sentences = split_sentences(text)
    actors, assertions, places = _actors_and_places(doc, sentences, kb, roles)
    windows = gate_windows(text, sentences, _gate_vocabulary())
    dates = find_dates(
        text,
        sentences,
        published=doc.published,
        dateline_date=doc.dateline_date,
        windows=windows,
    )
    quantities = find_quantities(text, sentences, published=doc.published, windows=windows)
    topics = find_topics(text, sentences)
    mentions = sorted([*actors, *places, *dates, *quantities, *topics], key=_MENTION_ORDER)
    return new_annotation(doc, sentences, tuple(mentions), tuple(assertions))
