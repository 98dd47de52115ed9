"""parley: deduplicated, source-linked diplomatic event data.

The public Python API. Everything here is stable; the modules behind it are not.

Example:
    >>> import parley
    >>> result = parley.process_texts([{"text": "...", "published": "2025-10-28"}])  # doctest: +SKIP
    >>> [e.event_type for e in result.events]  # doctest: +SKIP
    ['CONSULT']
    >>> summary = parley.run(["news/"], "events.duckdb")  # doctest: +SKIP
    >>> with parley.Store("events.duckdb", read_only=True) as store:  # doctest: +SKIP
    ...     store.query_events(dyad=("KAZ", "CHN"))

The heavy parts (the store, the stages) load on first use, so ``import parley`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from parley.errors import (
    ConfigError,
    EncodingError,
    EvalError,
    FormatError,
    InputError,
    KnowledgeError,
    NotFoundError,
    ParleyError,
    StoreError,
)
from parley.models import (
    Actor,
    Annotation,
    CleanDocument,
    Discrepancy,
    Document,
    Event,
    EventMention,
    Evidence,
    Fact,
    Failure,
    Location,
    Mention,
    Quantity,
    RoleAssertion,
    Source,
)

if TYPE_CHECKING:
    from parley.coding import Classification
    from parley.config import Settings, load_settings
    from parley.pipeline import Processed, RunSummary, process_document, process_texts, run
    from parley.store import Store, StoredDocument

__version__ = "0.1.0"

# name -> module it lives in; imported on first attribute access (PEP 562).
_LAZY = {
    "run": "parley.pipeline",
    "process_texts": "parley.pipeline",
    "process_document": "parley.pipeline",
    "RunSummary": "parley.pipeline",
    "Processed": "parley.pipeline",
    "Store": "parley.store",
    "StoredDocument": "parley.store",
    "Settings": "parley.config",
    "load_settings": "parley.config",
    "Classification": "parley.coding",
}

__all__ = [
    "Actor",
    "Annotation",
    "Classification",
    "CleanDocument",
    "ConfigError",
    "Discrepancy",
    "Document",
    "EncodingError",
    "EvalError",
    "Event",
    "EventMention",
    "Evidence",
    "Fact",
    "Failure",
    "FormatError",
    "InputError",
    "KnowledgeError",
    "Location",
    "Mention",
    "NotFoundError",
    "ParleyError",
    "Processed",
    "Quantity",
    "RoleAssertion",
    "RunSummary",
    "Settings",
    "Source",
    "Store",
    "StoreError",
    "StoredDocument",
    "__version__",
    "classify",
    "load_knowledge",
    "load_settings",
    "process_document",
    "process_texts",
    "run",
]


def classify(text: str, source: str, target: str) -> Classification:
    """Say what ``source`` did to ``target`` in one sentence (contract 3).

    Args:
        text: the sentence.
        source: the acting party, written as in ``text``.
        target: the party acted upon, written as in ``text``.

    Returns:
        The PLOVER event type, CONSULT mode, CAMEO code and a score in [0, 1].

    Example:
        >>> classify("Ruritania expelled Freedonia's envoy.", "Ruritania", "Freedonia")  # doctest: +SKIP
        Classification(event_type='SANCTION', mode=None, cameo='161', score=0.9)
    """
    from parley.learn import hybrid

    return hybrid(text, source, target)


def load_knowledge() -> Any:
    """Load parley's knowledge base (countries, roles, officeholders, lexicons), once.

    Returns:
        The immutable ``Knowledge`` that :func:`process_document` takes.
    """
    from parley.pipeline import load_kb

    return load_kb()


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'parley' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
