"""MinHash signatures: deterministic across processes, and they find republished releases."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.fuse import (
    DocInfo,
    describe_document,
    doc_signature,
    is_near_duplicate,
    signature_similarity,
)
from parley.fuse.signature import NUM_PERM
from parley.models import CleanDocument

TEXT = (
    "The foreign ministers of Arvenia and Belmora met in Belport on Tuesday and agreed to reopen "
    "the border crossing at Kessel, expand rail freight and hold annual consultations on energy."
)


def test_doc_signature_is_the_same_in_another_process() -> None:
    code = (
        "from parley.fuse import doc_signature; import sys; "
        "print(list(doc_signature(sys.stdin.read())))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=TEXT, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == list(doc_signature(TEXT))


def test_doc_signature_has_one_slot_per_permutation() -> None:
    assert len(doc_signature(TEXT)) == NUM_PERM


@pytest.mark.parametrize(
    ("other", "duplicate"),
    [
        (TEXT.replace("on Tuesday", "on 4 March"), True),
        (TEXT.upper(), True),
        ("Belmora's central bank held its key rate at 7% and said inflation was slowing.", False),
        ("", False),
    ],
    ids=["small-edit", "case-only", "different-text", "empty"],
)
def test_is_near_duplicate(other: str, duplicate: bool) -> None:
    assert is_near_duplicate(doc_signature(TEXT), doc_signature(other)) is duplicate


def test_signature_similarity_of_different_lengths_is_zero() -> None:
    assert signature_similarity((1, 2, 3), (1, 2)) == 0.0


def test_doc_signature_finds_the_dev_republication_and_nothing_else(dev_dir: Path) -> None:
    texts = {
        p.stem: json.loads(p.read_text(encoding="utf-8"))["text"]
        for p in sorted(dev_dir.glob("*.json"))
    }
    signatures = {doc: doc_signature(text) for doc, text in texts.items()}
    pairs = [
        (a, b)
        for a, b in itertools.combinations(sorted(signatures), 2)
        if is_near_duplicate(signatures[a], signatures[b])
    ]
    assert pairs == [("006", "022")]


def test_doc_signature_seeds_are_two_voices(seeds_dir: Path) -> None:
    a, b = (doc_signature(p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt")))
    assert not is_near_duplicate(a, b)


def test_doc_signature_gives_every_dev_document_a_full_signature(dev_dir: Path) -> None:
    # Speed is measured in bench/, never asserted in a test.
    texts = [
        json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(dev_dir.glob("*.json"))
    ]
    signatures = [doc_signature(text) for text in texts]
    assert all(len(s) == NUM_PERM for s in signatures)
    assert len(set(signatures)) >= len(texts) - 2  # only republications may collide


def test_describe_document_carries_metadata_and_signature() -> None:
    doc = CleanDocument(doc_id="d1", text=TEXT, url="https://x.example/1", outlet="Wire")
    assert describe_document(doc) == DocInfo(
        doc_id="d1",
        url="https://x.example/1",
        outlet="Wire",
        published=None,
        signature=doc_signature(TEXT),
    )


def _reference_signature(text: str) -> tuple[int, ...]:
    """The MinHash as first written: one string per distinct shingle, hashed one by one."""
    import re
    import zlib

    import numpy as np

    from parley.fuse.signature import _A, _B, _PRIME

    words = re.findall(r"\w+", text.lower())
    if not words:
        return ()
    shingles = {" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1))}
    base = np.array([zlib.crc32(s.encode("utf-8")) for s in shingles], dtype=np.uint64)
    permuted = (base[:, None] * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)
    return tuple(int(v) for v in permuted.min(axis=0))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ,;  ",
        "one",
        "one two",
        "one two three",
        "one two three four",
        "the the the the the the",
        "Ünïted wörds in Zürich and Kraków, then Ñuñoa",
        "东京 会談 が 行われた 本日",
        "tab\tand\nnew  lines   between words",
        TEXT,
    ],
    ids=[
        "empty",
        "no-words",
        "one-word",
        "two-words",
        "three-words",
        "four-words",
        "repeated-shingles",
        "accents",
        "cjk",
        "whitespace",
        "news-sentence",
    ],
)
def test_doc_signature_equals_the_plain_shingle_set_minhash(text: str) -> None:
    assert doc_signature(text) == _reference_signature(text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab cé ñ Ω 中\n.,"), max_size=60))
def test_doc_signature_equals_reference_on_any_text(text: str) -> None:
    assert doc_signature(text) == _reference_signature(text)


def test_doc_signature_of_texts_of_one_block_and_of_several() -> None:
    from parley.fuse.signature import _BLOCK

    long_text = " ".join(f"word{i % 3001}" for i in range(8 * _BLOCK + 500))
    fits = " ".join(f"word{i}" for i in range(_BLOCK + 2))  # exactly _BLOCK shingles
    over = " ".join(f"word{i}" for i in range(_BLOCK + 3))  # one shingle more
    for text in (long_text, fits, over, TEXT, long_text, TEXT):
        assert doc_signature(text) == _reference_signature(text)
