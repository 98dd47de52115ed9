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


_BLOCK = 64  # rows pooled together (memory: rows x distinct words x dims floats)


def featurize(emb: Embeddings, rows: Sequence[tuple[str, str, str]]) -> np.ndarray:
    """Feature matrix for ``(text, source, target)`` rows.

    Args:
        emb: the static embedding table.
        rows: sentences with their source and target strings.

    Returns:
        A float32 matrix, one row per input, ``n_features(emb.dims, types)`` columns: the
        pooled vectors of every slot, then every slot's per-type affinity maxima, then flags.
    """
    n, k = len(rows), len(SLOTS)
    flags = np.zeros((n, len(FLAGS)), dtype=np.float32)
    # per row: its distinct word-piece ids, and per slot how often each occurs
    words: list[list[int]] = []
    slot_of: list[int] = []  # row * k + slot, one entry per occurrence
    column: list[int] = []  # the occurrence's id as a column of its row's distinct ids
    ids = emb.ids
    for r, (text, source, target) in enumerate(rows):
        segs, flags[r] = _segments(text, source, target)
        seen: dict[int, int] = {}
        for s, toks in enumerate(segs):
            here = r * k + s
            for tok in toks:
                for i in ids(tok):
                    j = seen.get(i)
                    if j is None:
                        j = seen[i] = len(seen)
                    slot_of.append(here)
                    column.append(j)
        words.append(list(seen))
    counts_at = np.asarray(slot_of, dtype=np.intp), np.asarray(column, dtype=np.intp)
    pooled, best = [], []
    for first in range(0, n, _BLOCK):
        last = min(n, first + _BLOCK)
        # the block's occurrences: slot_of is sorted, so they are one stretch of it
        lo, hi = np.searchsorted(counts_at[0], [first * k, last * k])
        p, b = _pool_block(
            emb, words[first:last], counts_at[0][lo:hi] - first * k, counts_at[1][lo:hi]
        )
        pooled.append(p)
        best.append(b)
    d, t = emb.dims, 0 if emb.affinity is None else emb.affinity.shape[1]
    parts = [
        np.concatenate(pooled).reshape(n, k * d) if n else np.zeros((0, k * d), np.float32),
        np.concatenate(best).reshape(n, k * t) if n else np.zeros((0, k * t), np.float32),
        flags,
    ]
    return np.concatenate(parts, axis=1)


def _pool_block(
    emb: Embeddings, words: Sequence[Sequence[int]], slots: np.ndarray, columns: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pooled (normalised sum) vectors and affinity maxima of every slot of a block of rows.

    Each slot's sum is a product of its word counts with the row's distinct word vectors (one
    batched matrix product instead of a gather per occurrence); empty slots stay zero.
    """
    n, k = len(words), len(SLOTS)
    width = max(map(len, words), default=0) or 1
    counts = np.zeros((n * k, width), dtype=np.float32)
    np.add.at(counts, (slots, columns), 1.0)
    padded = np.zeros((n, width), dtype=np.intp)  # padding points anywhere: its count is 0
    for r, ids in enumerate(words):
        padded[r, : len(ids)] = ids
    filled = np.asarray(counts.any(axis=1), dtype=bool)
    sums = np.matmul(counts.reshape(n, k, width), emb.vectors[padded]).reshape(n * k, -1)
    norms = np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-6)
    pooled = np.where(filled[:, None], sums / norms, 0.0).astype(np.float32)
    aff = emb.affinity
    if aff is None or not aff.shape[1]:
        return pooled, np.zeros((n * k, 0), dtype=np.float32)
    present = (counts > 0).reshape(n, k, width, 1)
    per_word = aff[padded][:, None, :, :]  # (rows, 1, width, types)
    best = np.where(present, per_word, -np.inf).max(axis=2).reshape(n * k, -1)
    return pooled, np.where(filled[:, None], best, 0.0).astype(np.float32)
