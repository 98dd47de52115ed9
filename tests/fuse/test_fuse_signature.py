"""MinHash signatures: deterministic across processes, and they find republished releases."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

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
