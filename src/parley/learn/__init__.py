"""Learned dyad classification (contract 3): distilled static embeddings + a numpy classifier.

Runs on numpy alone (torch and scikit-learn are only needed to rebuild the artifacts, see
docs/learned.md). ``hybrid`` combines it with the rule coder and is the recommended path.

Example::

    >>> from parley.learn import hybrid
    >>> hybrid("Freedonia expelled Sylvania's ambassador.", "Freedonia", "Sylvania").event_type
    'SANCTION'
"""

from __future__ import annotations

from parley.learn.model import (
    LearnedModel,
    classify_learned,
    classify_learned_many,
    hybrid,
    hybrid_many,
    load_learned,
    predict_proba,
)

__all__ = [
    "LearnedModel",
    "classify_learned",
    "classify_learned_many",
    "hybrid",
    "hybrid_many",
    "load_learned",
    "predict_proba",
]
