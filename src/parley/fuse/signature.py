"""Near-duplicate detection: MinHash signatures over word shingles.

A ministry release republished by agencies with a few words changed is one voice, not several.
Fusion counts such documents once; it spots them by comparing MinHash signatures of their texts.
The hash family is fixed (CRC-32 of each shingle, then ``(a*x + b) mod p`` with seeded ``a, b``), so
a signature computed in one process equals the one computed in any other (never Python's salted
``hash()``).
"""

from __future__ import annotations

import operator
import re
import threading
import zlib

import numpy as np
from pydantic import BaseModel, ConfigDict

from parley.models import CleanDocument

NUM_PERM = 128
SHINGLE = 3
NEAR_DUPLICATE = (
    0.3  # estimated Jaccard of 3-word shingles; dev: republication 0.46, others <= 0.06
)
_PRIME = 4294967311  # smallest prime above 2**32: (a*x + b) stays below 2**64 for x < 2**32
_RNG = np.random.default_rng(0x9A12E1)  # fixed seed: signatures must agree across processes
_A = _RNG.integers(1, 2**31, NUM_PERM, dtype=np.uint64)
_B = _RNG.integers(0, 2**31, NUM_PERM, dtype=np.uint64)
_P = np.uint64(_PRIME)
_A.flags.writeable = False
_B.flags.writeable = False
_NON_WORD = re.compile(r"\W+")
# a bytes.translate table for ASCII text: word characters stay, every other byte becomes a space
_ASCII_NON_WORD_TO_SPACE = bytes(c if re.fullmatch(r"\w", chr(c)) else 32 for c in range(256))
# Shingles are permuted in blocks of _BLOCK (most texts are one block): a and b repeated per row
# of a block, and per-thread scratch space for the permuted hashes (fresh arrays per document
# cost page faults, ~8 us a document, that reused ones do not). 256 kB an array.
_BLOCK = 256
_A_ROWS = np.tile(_A, (_BLOCK, 1))
_B_ROWS = np.tile(_B, (_BLOCK, 1))
_A_ROWS.flags.writeable = False
_B_ROWS.flags.writeable = False
_SCRATCH = threading.local()


class DocInfo(BaseModel):
    """What fusion needs to know about a document: where it came from and its text signature."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    doc_id: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    signature: tuple[int, ...] = ()


def _words(text: str) -> list[bytes]:
    """The lower-cased words (``\\w+`` runs) of a text, UTF-8 encoded."""
    lowered = text.lower()
    if lowered.isascii():
        # Same words as the regex, without it: every ASCII non-word byte becomes a space.
        return lowered.encode("ascii").translate(_ASCII_NON_WORD_TO_SPACE).split()
    # (UTF-8 encodes no other character with an ASCII byte: the split words are whole)
    return _NON_WORD.sub(" ", lowered).encode("utf-8").split()


def doc_signature(text: str) -> tuple[int, ...]:
    """MinHash signature of a text over lower-cased 3-word shingles.

    Args:
        text: the cleaned text of a document.

    Returns:
        ``NUM_PERM`` integers (empty for a text without words); equal texts give equal
        signatures in every process.

    Example:
        >>> doc_signature("Ministers met in Astana") == doc_signature("ministers met in ASTANA")
        True
    """
    words = _words(text)
    if not words:
        return ()
    # A shingle's bytes are its words joined by single spaces.
    if len(words) <= SHINGLE:  # at most SHINGLE words: the text is one shingle
        hashes = np.array([zlib.crc32(b" ".join(words))], dtype=np.uint64)
    else:
        # Repeated shingles hash alike and cannot change a minimum, so no set is needed.
        # (zip stops at the shortest list: at the shingle of the last three words.)
        triples = zip(words, words[1:], words[2:], strict=False)
        hashes = np.fromiter(
            map(zlib.crc32, map(b" ".join, triples)),
            dtype=np.uint64,
            count=len(words) - SHINGLE + 1,
        )
    return tuple(_min_hashes(hashes).tolist())


def _min_hashes(hashes: np.ndarray) -> np.ndarray:
    """Per permutation, the least permuted shingle hash: ``min((a*x + b) mod p)``.

    Computed in blocks of up to _BLOCK shingles against constant (_BLOCK x NUM_PERM) tables of
    ``a`` and ``b``: numpy runs an operation on two whole arrays as one loop, but on a row
    broadcast against a table as one loop per row (~30 ns each; the broadcast add cost twice
    the plain one).
    """
    least = _block_min(hashes[:_BLOCK])
    for first in range(_BLOCK, len(hashes), _BLOCK):
        np.minimum(least, _block_min(hashes[first : first + _BLOCK]), out=least)
    return least


def _block_min(block: np.ndarray) -> np.ndarray:
    """:func:`_min_hashes` of at most _BLOCK (and at least one) shingle hashes."""
    rows = len(block)
    permuted, quotient = (buffer[:rows] for buffer in _scratch())
    np.multiply(block[:, None], _A_ROWS[:rows], out=permuted)
    np.add(permuted, _B_ROWS[:rows], out=permuted)
    # x mod p as x - (x // p) * p: numpy divides by a scalar with a multiply and shifts, but its
    # remainder uses one hardware division per element (4 times slower here); same integers.
    np.floor_divide(permuted, _P, out=quotient)
    quotient *= _P
    permuted -= quotient
    result: np.ndarray = permuted.min(axis=0)
    return result


def _scratch() -> tuple[np.ndarray, np.ndarray]:
    """This thread's two (_BLOCK x NUM_PERM) uint64 scratch arrays (made on first use)."""
    buffers: tuple[np.ndarray, np.ndarray] | None = getattr(_SCRATCH, "buffers", None)
    if buffers is None:
        buffers = (np.empty_like(_A_ROWS), np.empty_like(_A_ROWS))
        _SCRATCH.buffers = buffers
    return buffers


def signature_similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures.

    Args:
        a: a signature from :func:`doc_signature`.
        b: another one.

    Returns:
        The share of equal slots, in ``[0, 1]``; 0.0 when either signature is empty or they
        were made with different settings (lengths differ).
    """
    if not a or len(a) != len(b):
        return 0.0
    return sum(map(operator.eq, a, b)) / len(a)


def is_near_duplicate(
    a: tuple[int, ...], b: tuple[int, ...], threshold: float = NEAR_DUPLICATE
) -> bool:
    """Whether two signatures belong to near-identical texts (one voice republished).

    Args:
        a: a signature from :func:`doc_signature`.
        b: another one.
        threshold: minimum estimated Jaccard similarity of their 3-word shingles.

    Returns:
        True when the texts are near-duplicates.

    Example:
        >>> s = doc_signature("The two ministers signed a memorandum on energy in Astana today.")
        >>> is_near_duplicate(s, s)
        True
    """
    return signature_similarity(a, b) >= threshold


def describe_document(doc: CleanDocument) -> DocInfo:
    """The :class:`DocInfo` of a cleaned document (metadata plus text signature).

    Args:
        doc: a cleaned document.

    Returns:
        Its id, url, outlet, ISO publication date and MinHash signature.
    """
    return DocInfo(
        doc_id=doc.doc_id,
        url=doc.url,
        outlet=doc.outlet,
        published=doc.published.isoformat() if doc.published else None,
        signature=doc_signature(doc.text),
    )
