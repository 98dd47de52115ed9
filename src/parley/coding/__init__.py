"""Event coding: annotated documents -> EventMentions; sentence + dyad -> PLOVER type.

Coders are registered under versioned names (spaCy-style): a behaviour change registers a new
name (``coder.rules.v2``) instead of silently editing ``coder.rules.v1``.

Example::

    >>> from parley.coding import classify
    >>> classify("Freedonia expelled Sylvania's ambassador.", "Freedonia", "Sylvania", kb).event_type
    'SANCTION'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from parley.coding.classify import Classification, classify_with
from parley.coding.lexicon import load_coder_lexicon
from parley.coding.rules import code_annotation
from parley.errors import ConfigError
from parley.models import Annotation, EventMention

__all__ = [
    "CODERS",
    "DEFAULT_CODER",
    "Classification",
    "classify",
    "classify_many",
    "code_document",
    "get_coder",
]

DEFAULT_CODER = "coder.rules.v2"


def _rules_v1(ann: Annotation, kb: Any) -> tuple[EventMention, ...]:
    """coder.rules.v1: the shipped trigger lexicon and dyad rules, frozen (kept so that
    stored events can be re-coded exactly as they were)."""
    return code_annotation(ann, kb, load_coder_lexicon(), version=1)


def _rules_v2(ann: Annotation, kb: Any) -> tuple[EventMention, ...]:
    """coder.rules.v2: v1 plus the parties of a fronted talk ("In a phone call on Monday, A
    and B ..."), the country of the firms a sanction targets, and a ministry named by its
    capital ("the foreign ministry in Ankara")."""
    return code_annotation(ann, kb, load_coder_lexicon(), version=2)


CODERS: Mapping[str, Callable[[Annotation, Any], tuple[EventMention, ...]]] = {
    "coder.rules.v1": _rules_v1,
    "coder.rules.v2": _rules_v2,
}


def get_coder(name: str = DEFAULT_CODER) -> Callable[[Annotation, Any], tuple[EventMention, ...]]:
    """The registered coder called ``name``.

    Args:
        name: a registered coder name, e.g. ``"coder.rules.v2"``.

    Returns:
        The coder function ``(Annotation, Knowledge) -> tuple[EventMention, ...]``.

    Raises:
        ConfigError: no coder has that name (the message lists the valid names).
    """
    try:
        return CODERS[name]
    except KeyError:
        raise ConfigError(
            f"unknown coder {name!r}.", fix=f"Use one of: {', '.join(sorted(CODERS))}."
        ) from None


def code_document(ann: Annotation, kb: Any) -> tuple[EventMention, ...]:
    """Code the events an annotated document reports (the default coder, ``coder.rules.v2``).

    Args:
        ann: the document's annotation (sentences and mentions from ``annotate_document``).
        kb: the knowledge base (``parley.knowledge.load_knowledge()``), for country names.

    Returns:
        One EventMention per reported event, in text order, ids ``"{doc_id}:{n}"``; exactly
        one has ``is_main=True`` unless the document reports no event.

    Example:
        >>> [e.event_type for e in code_document(annotate_document(doc, kb), kb)]
        ['CONSULT', 'SUPPORT']
    """
    return _rules_v2(ann, kb)


def classify(text: str, source: str, target: str, kb: Any = None) -> Classification:
    """What ``source`` did to ``target`` in one sentence (contract 3).

    Args:
        text: the sentence.
        source: the acting party, a substring of ``text``.
        target: the party acted upon, a substring of ``text``.
        kb: the knowledge base (unused by ``coder.rules.v1``; kept for the contract).

    Returns:
        The PLOVER type, CONSULT mode, CAMEO code and a score in [0, 1].

    Example:
        >>> classify("Ruritania's minister visited Sylvania.", "Ruritania", "Sylvania").mode
        'visit'
    """
    return classify_with(load_coder_lexicon(), text, source, target)


def classify_many(rows: Iterable[Mapping[str, str]], kb: Any = None) -> list[Classification]:
    """Classify many ``{"text", "source", "target"}`` rows (the ``parley classify`` batch path).

    Args:
        rows: mappings with ``text``, ``source`` and ``target`` keys.
        kb: the knowledge base (unused by ``coder.rules.v1``).

    Returns:
        One Classification per row, in order.
    """
    lex = load_coder_lexicon()
    return [classify_with(lex, r["text"], r["source"], r["target"]) for r in rows]
