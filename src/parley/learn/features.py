"""Dyad-aware sentence features from static (distilled) word embeddings, numpy only.

A sentence is cut at the source and target spans into segments, and each segment becomes the
mean of its tokens' static vectors (L2-normalised). What the classifier sees, per row:

    all        the whole sentence
    mid_fwd    the words between the parties when the source comes first ("S [imposed ...] T")
    mid_rev    the words between them when the target comes first ("T [was attacked by] S")
    after_src  the first WINDOW tokens after the source (the active verb, usually)
    before_tgt the last WINDOW tokens before the target (the verb or its preposition)
    left       everything before the first party (reporting frame, "Thousands of")
    right      the first WINDOW tokens after the second party (objects: "... T with sanctions")

plus a few flags (source first, parties found, passive "by" right before the source).
Tokenisation is BERT-style (lower case, accents stripped, punctuation split) with a regex, and
WordPiece (greedy longest match) only for words the vocabulary lacks, cached per word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["SLOTS", "WINDOW", "Embeddings", "basic_tokens", "featurize", "n_features"]

SLOTS: tuple[str, ...] = ("all", "mid_fwd", "mid_rev", "after_src", "before_tgt", "left", "right")
FLAGS: tuple[str, ...] = ("source_first", "source_found", "target_found", "by_source", "bias")
WINDOW = 5
_WORD = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")
_MAX_CACHE = 200_000


def _strip_accents(text: str) -> str:
    """BERT's uncased normaliser drops combining marks (Billström -> billstrom)."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def basic_tokens(text: str) -> list[str]:
    """Lower-cased word and punctuation tokens, as the uncased BERT pre-tokenizer splits them.

    Args:
        text: any text.

    Returns:
        The tokens, e.g. ``["freedonia", "'", "s", "envoy"]`` for ``"Freedonia's envoy"``.
    """
    low = text.lower()
    if not low.isascii():
        low = _strip_accents(low)
    return _WORD.findall(low)


@dataclass
class Embeddings:
    """A static embedding table: token -> row of ``vectors`` (float32 in memory)."""

    vectors: np.ndarray
    index: dict[str, int]
    affinity: np.ndarray | None = None  # N x types: best cosine to each type's seed words
    _cache: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_arrays(cls, vectors: np.ndarray, tokens: Sequence[str]) -> Embeddings:
        """Build from a matrix and its row tokens.

        Args:
            vectors: N x D matrix.
            tokens: the N tokens, WordPiece continuation pieces spelled ``##xx``.

        Returns:
            The embedding table.
        """
        return cls(np.asarray(vectors, dtype=np.float32), {t: i for i, t in enumerate(tokens)})

    def with_seeds(self, seeds: Sequence[Sequence[str]]) -> Embeddings:
        """A copy whose ``affinity`` holds each row's best cosine to each group of seed words.

        Args:
            seeds: one list of seed words per class (words the vocabulary lacks are pooled
                from their WordPiece pieces).

        Returns:
            The same table with ``affinity`` set (N x len(seeds), float32).
        """
        unit = self.vectors / np.maximum(np.linalg.norm(self.vectors, axis=1, keepdims=True), 1e-6)
        cols = []
        for words in seeds:
            vecs = [self.vectors[list(self.ids(w))].sum(0) for w in words if self.ids(w)]
            mat = np.asarray(vecs, dtype=np.float32)
            mat /= np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-6)
            cols.append((unit @ mat.T).max(axis=1))
        return Embeddings(self.vectors, self.index, np.stack(cols, axis=1).astype(np.float32))

    @property
    def dims(self) -> int:
        """Vector width."""
        return int(self.vectors.shape[1])

    def ids(self, word: str) -> tuple[int, ...]:
        """Row ids for one basic token: itself if known, else its WordPiece pieces.

        Args:
            word: a token from :func:`basic_tokens`.

        Returns:
            Row ids (empty when no piece is known).
        """
        got = self._cache.get(word)
        if got is not None:
            return got
        i = self.index.get(word)
        got = (i,) if i is not None else self._wordpiece(word)
        if len(self._cache) < _MAX_CACHE:
            self._cache[word] = got
        return got

    def _wordpiece(self, word: str) -> tuple[int, ...]:
        """Greedy longest-match pieces, as BERT splits words it does not know."""
        out: list[int] = []
        start, n = 0, len(word)
        while start < n:
            end = n
            found = -1
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.index.get(piece, -1)
                if found >= 0:
                    break
                end -= 1
            if found < 0:
                return tuple(out)
            out.append(found)
            start = end
        return tuple(out)


def n_features(dims: int, types: int) -> int:
    """Width of a feature row for embeddings of ``dims`` dimensions and ``types`` seed groups.

    Args:
        dims: embedding width.
        types: number of seed groups (affinity columns).

    Returns:
        ``len(SLOTS) * (dims + types) + len(FLAGS)``.
    """
    return len(SLOTS) * (dims + types) + len(FLAGS)


def _span(text: str, party: str) -> tuple[int, int] | None:
    """First occurrence of ``party`` (exact, then case-insensitive)."""
    if not party:
        return None
    i = text.find(party)
    if i < 0:
        i = text.lower().find(party.lower())
    return None if i < 0 else (i, i + len(party))


def _segments(text: str, source: str, target: str) -> tuple[list[list[str]], list[float]]:
    """Token lists per slot and the flag values for one row."""
    src, tgt = _span(text, source), _span(text, target)
    every = basic_tokens(text)
    empty: list[str] = []
    mid_fwd = mid_rev = after = before = left = right = empty
    by_source = 0.0
    if src and tgt:
        first, second = (src, tgt) if src[0] <= tgt[0] else (tgt, src)
        mid = basic_tokens(text[first[1] : second[0]]) if first[1] <= second[0] else empty
        if src[0] <= tgt[0]:
            mid_fwd = mid
        else:
            mid_rev = mid
        left = basic_tokens(text[: first[0]])
        right = basic_tokens(text[second[1] :])[:WINDOW]
    if src:
        after = basic_tokens(text[src[1] :])[:WINDOW]
        pre = basic_tokens(text[: src[0]])
        by_source = 1.0 if pre and pre[-1] == "by" else 0.0
        if not tgt:
            left = pre
    if tgt:
        before = basic_tokens(text[: tgt[0]])[-WINDOW:]
    flags = [
        1.0 if src and tgt and src[0] <= tgt[0] else 0.0,
        1.0 if src else 0.0,
        1.0 if tgt else 0.0,
        by_source,
        1.0,
    ]
    return [every, mid_fwd, mid_rev, after, before, left, right], flags


def featurize(emb: Embeddings, rows: Sequence[tuple[str, str, str]]) -> np.ndarray:
    """Feature matrix for ``(text, source, target)`` rows.

    Args:
        emb: the static embedding table.
        rows: sentences with their source and target strings.

    Returns:
        A float32 matrix, one row per input, ``n_features(emb.dims, types)`` columns: the
        pooled vectors of every slot, then every slot's per-type affinity maxima, then flags.
    """
    n, d, k = len(rows), emb.dims, len(SLOTS)
    aff = emb.affinity if emb.affinity is not None else np.zeros((len(emb.vectors), 0), np.float32)
    flat: list[int] = []
    starts: list[int] = []
    filled: list[int] = []
    flags = np.zeros((n, len(FLAGS)), dtype=np.float32)
    ids = emb.ids
    for r, (text, source, target) in enumerate(rows):
        segs, fl = _segments(text, source, target)
        flags[r] = fl
        for s, toks in enumerate(segs):
            before = len(flat)
            for tok in toks:
                flat.extend(ids(tok))
            if len(flat) > before:
                starts.append(before)
                filled.append(r * k + s)
    pooled = np.zeros((n * k, d), dtype=np.float32)
    best = np.zeros((n * k, aff.shape[1]), dtype=np.float32)
    if flat:
        where = np.asarray(flat, dtype=np.intp)
        at = np.asarray(filled, dtype=np.intp)
        sums = np.add.reduceat(emb.vectors[where], starts, axis=0)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        pooled[at] = sums / np.maximum(norms, 1e-6)
        if aff.shape[1]:
            best[at] = np.maximum.reduceat(aff[where], starts, axis=0)
    parts = [pooled.reshape(n, k * d), best.reshape(n, k * aff.shape[1]), flags]
    return np.concatenate(parts, axis=1)
