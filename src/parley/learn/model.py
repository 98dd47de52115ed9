"""The learned dyad classifier at run time: numpy only (no torch, no scikit-learn).

Artifacts (package data under ``parley/data/learn/``, rebuilt by the two scripts):

    embeddings.npz   static vectors distilled from all-MiniLM-L6-v2 (scripts/build_embeddings.py)
    classifier.npz   multinomial logistic regression over :func:`parley.learn.features.featurize`
                     (scripts/train_classifier.py), standardisation folded into the weights,
                     the per-token seed affinities, and the hybrid's rule weight

``hybrid`` adds the rule coder's confidence to the model's probability of the rule's type:
an explicit, well-placed trigger keeps the rules' answer; a missing or weak one leaves it to
the model.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from parley.coding.classify import Classification
from parley.errors import KnowledgeError
from parley.learn.features import Embeddings, featurize, n_features

__all__ = [
    "LearnedModel",
    "classify_learned",
    "classify_learned_many",
    "hybrid",
    "hybrid_many",
    "load_learned",
    "predict_proba",
]

# CONSULT modes the model cannot see in its label: read them off the sentence (dev conventions).
_PHONE = re.compile(
    r"\b(?:phone|telephon\w*|call(?:ed|s)?|video\s*(?:call|link|conference))\b", re.I
)
_THIRD = re.compile(r"\bsidelines?\b", re.I)
_VISIT = re.compile(
    r"\b(?:visit\w*|arriv\w*|travel\w*|flew|hosted|hosts?|received|receives|welcomed|trip)\b", re.I
)
_SUMMIT = re.compile(r"\bsummit\b", re.I)


@dataclass(frozen=True)
class LearnedModel:
    """Loaded artifacts: embedding table, weights, labels and the hybrid's rule weight."""

    emb: Embeddings
    weights: np.ndarray  # features x labels, standardisation folded in
    bias: np.ndarray  # labels
    labels: tuple[str, ...]
    rule_weight: float
    roots: Mapping[str, str]  # PLOVER type -> default CAMEO root


def _data_dir() -> Path:
    """Where the shipped artifacts live (works from a wheel or a checkout)."""
    return Path(str(resources.files("parley") / "data" / "learn"))


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    """An .npz without pickled objects, or a KnowledgeError that says how to rebuild it."""
    try:
        with np.load(path, allow_pickle=False) as z:
            return {k: z[k] for k in z.files}
    except (OSError, ValueError) as exc:
        raise KnowledgeError(
            f"cannot read the learned-classifier artifact '{path}': {exc}.",
            fix="Reinstall parley, or rebuild it with scripts/build_embeddings.py and "
            "scripts/train_classifier.py (pip install 'parley[build]').",
        ) from None


def _digest(path: Path) -> str:
    """Short content hash tying a classifier to the embeddings it was trained on."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _roots() -> dict[str, str]:
    """PLOVER type -> CAMEO root, from the coder's plover_types.tsv."""
    from parley.coding.lexicon import load_coder_lexicon

    return dict(load_coder_lexicon().plover_root)


@functools.cache
def load_learned(data_dir: str | None = None) -> LearnedModel:
    """Load the shipped (or a given folder's) embeddings and classifier, once per process.

    Args:
        data_dir: folder with ``embeddings.npz`` and ``classifier.npz``; default: package data.

    Returns:
        The immutable loaded model.

    Raises:
        KnowledgeError: an artifact is missing, unreadable, or the classifier was trained on
            other embeddings than the ones beside it.
    """
    folder = Path(data_dir) if data_dir else _data_dir()
    emb_path, clf_path = folder / "embeddings.npz", folder / "classifier.npz"
    e, c = _read_npz(emb_path), _read_npz(clf_path)
    try:
        tokens = e["tokens"].tobytes().decode("utf-8").split("\n")
        vectors = e["codes"].astype(np.float32) * e["scale"][:, None]
        labels = tuple(c["labels"].tobytes().decode("utf-8").split("\n"))
        trained_on = c["embeddings_sha"].tobytes().decode("ascii")
        weights, bias = c["weights"].astype(np.float32), c["bias"].astype(np.float32)
        affinity = c["affinity"].astype(np.float32)
        rule_weight = float(c["rule_weight"])
    except (KeyError, UnicodeDecodeError) as exc:
        raise KnowledgeError(
            f"the learned-classifier artifacts in '{folder}' are malformed ({exc}).",
            fix="Rebuild them with scripts/build_embeddings.py and scripts/train_classifier.py.",
        ) from None
    if trained_on != _digest(emb_path):
        raise KnowledgeError(
            f"'{clf_path}' was trained on other embeddings than '{emb_path}'.",
            fix="Retrain it with scripts/train_classifier.py.",
        )
    emb = Embeddings(vectors, {t: i for i, t in enumerate(tokens)}, affinity)
    if weights.shape != (n_features(emb.dims, affinity.shape[1]), len(labels)):
        raise KnowledgeError(
            f"'{clf_path}' has weights of shape {weights.shape}, which do not fit the features.",
            fix="Retrain it with scripts/train_classifier.py.",
        )
    return LearnedModel(emb, weights, bias, labels, rule_weight, _roots())


def predict_proba(
    rows: Sequence[tuple[str, str, str]], model: LearnedModel | None = None
) -> np.ndarray:
    """Class probabilities for ``(text, source, target)`` rows.

    Args:
        rows: sentences with the source and target strings (substrings of the sentence).
        model: loaded artifacts; default :func:`load_learned`.

    Returns:
        A ``len(rows) x 16`` float32 matrix; columns follow ``model.labels``.
    """
    m = model or load_learned()
    if not rows:
        return np.zeros((0, len(m.labels)), dtype=np.float32)
    logits = featurize(m.emb, rows) @ m.weights + m.bias
    logits -= logits.max(axis=1, keepdims=True)
    np.exp(logits, out=logits)
    return logits / logits.sum(axis=1, keepdims=True)


def _consult_mode(text: str) -> tuple[str | None, str | None]:
    """CONSULT mode and CAMEO code from the sentence's wording (dev conventions)."""
    if _PHONE.search(text):
        return "phone", "041"
    if _THIRD.search(text):
        return "third-party", "044"
    if _VISIT.search(text):
        return "visit", "042"
    if _SUMMIT.search(text):
        return "multilateral", None
    return None, "040"


def _answer(text: str, label: str, score: float, m: LearnedModel) -> Classification:
    """A Classification for the model's label, with mode and a default CAMEO code."""
    if label == "CONSULT":
        mode, cameo = _consult_mode(text)
        return Classification(event_type=label, mode=mode, cameo=cameo, score=round(score, 3))
    return Classification(event_type=label, cameo=m.roots.get(label), score=round(score, 3))


def _rows(rows: Iterable[Mapping[str, str]]) -> list[tuple[str, str, str]]:
    """Contract-3 mappings as feature tuples."""
    return [(r["text"], r.get("source", ""), r.get("target", "")) for r in rows]


def classify_learned_many(rows: Iterable[Mapping[str, str]]) -> list[Classification]:
    """Classify many ``{"text", "source", "target"}`` rows with the learned model alone.

    Args:
        rows: mappings with ``text``, ``source`` and ``target`` keys.

    Returns:
        One Classification per row, in order; ``score`` is the model's probability.
    """
    m = load_learned()
    triples = _rows(rows)
    proba = predict_proba(triples, m)
    best = proba.argmax(axis=1)
    return [
        _answer(t[0], m.labels[j], float(proba[i, j]), m)
        for i, (t, j) in enumerate(zip(triples, best, strict=True))
    ]


def classify_learned(text: str, source: str, target: str) -> Classification:
    """What ``source`` did to ``target`` in one sentence, by the learned model alone.

    Args:
        text: the sentence.
        source: the acting party, a substring of ``text``.
        target: the party acted upon, a substring of ``text``.

    Returns:
        PLOVER type, CONSULT mode, a CAMEO code (the type's root unless the wording says more)
        and the model's probability as ``score``.

    Example:
        >>> classify_learned("Ruritania shelled Freedonian positions.", "Ruritania", "Freedonia")
        Classification(event_type='ASSAULT', mode=None, cameo='18', score=...)
    """
    return classify_learned_many([{"text": text, "source": source, "target": target}])[0]


def hybrid_many(rows: Iterable[Mapping[str, str]]) -> list[Classification]:
    """Classify many rows with rules and model combined (the recommended contract-3 path).

    The rule coder's confidence, times the trained ``rule_weight``, is added to the model's
    probability for the rule's type; the best type wins. When it is the rules' type, their
    mode and CAMEO code are kept (they read the exact trigger).

    Args:
        rows: mappings with ``text``, ``source`` and ``target`` keys.

    Returns:
        One Classification per row, in order; ``score`` is the combined score in [0, 1].
    """
    from parley.coding import classify_many

    m = load_learned()
    triples = _rows(rows)
    proba = predict_proba(triples, m)
    ruled = classify_many([{"text": t, "source": s, "target": g} for t, s, g in triples])
    index = {label: j for j, label in enumerate(m.labels)}
    out: list[Classification] = []
    for i, (rule, t) in enumerate(zip(ruled, triples, strict=True)):
        combined = proba[i].copy()
        j = index.get(rule.event_type)
        if j is not None:
            combined[j] += m.rule_weight * rule.score
        best = int(combined.argmax())
        score = float(combined[best] / (1.0 + m.rule_weight * rule.score))
        if m.labels[best] == rule.event_type:
            out.append(rule.model_copy(update={"score": round(score, 3)}))
        else:
            out.append(_answer(t[0], m.labels[best], score, m))
    return out


def hybrid(text: str, source: str, target: str) -> Classification:
    """What ``source`` did to ``target`` in one sentence, rules and model combined.

    Args:
        text: the sentence.
        source: the acting party, a substring of ``text``.
        target: the party acted upon, a substring of ``text``.

    Returns:
        The combined answer (see :func:`hybrid_many`).

    Example:
        >>> hybrid("Freedonia expelled Sylvania's ambassador.", "Freedonia", "Sylvania").event_type
        'SANCTION'
    """
    return hybrid_many([{"text": text, "source": source, "target": target}])[0]
