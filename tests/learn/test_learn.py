"""The learned dyad classifier: numpy-only artifact, determinism, per-type floors, dyad awareness."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import parley.learn
from parley.errors import KnowledgeError
from parley.learn import (
    classify_learned,
    classify_learned_many,
    hybrid,
    hybrid_many,
    load_learned,
    predict_proba,
)
from parley.learn.features import Embeddings, basic_tokens, featurize, n_features
from parley.models import PLOVER_TYPES

ROOT = Path(__file__).resolve().parents[2]
FRESH = ROOT / "training" / "fresh_eval.jsonl"

# Our own sentences about fictional countries, one per type (not in the training data).
EXAMPLES = [
    (
        "AGREE",
        "Ruritania pledged to reopen negotiations with Freedonia next spring.",
        "Ruritania",
        "Freedonia",
    ),
    (
        "CONSULT",
        "Ruritania's foreign minister held talks with Freedonia's premier in the capital.",
        "Ruritania",
        "Freedonia",
    ),
    (
        "SUPPORT",
        "Ruritania praised Freedonia for its handling of the flood crisis.",
        "Ruritania",
        "Freedonia",
    ),
    (
        "CONCEDE",
        "Ruritania lifted its sanctions on Freedonia after the election.",
        "Ruritania",
        "Freedonia",
    ),
    (
        "COOPERATE",
        "Ruritania shared intelligence with Freedonia about the smuggling network.",
        "Ruritania",
        "Freedonia",
    ),
    (
        "AID",
        "Ruritania delivered tonnes of medical supplies to Freedonia.",
        "Ruritania",
        "Freedonia",
    ),
    (
        "RETREAT",
        "Ruritania withdrew its troops from Freedonia's northern valleys.",
        "Ruritania",
        "Freedonia",
    ),
    (
        "REQUEST",
        "Ruritania urged Freedonia to release the detained sailors.",
        "Ruritania",
        "Freedonia",
    ),
    (
        "ACCUSE",
        "Ruritania accused Freedonia of sabotaging the power grid.",
        "Ruritania",
        "Freedonia",
    ),
    ("REJECT", "Ruritania rejected Freedonia's offer of mediation.", "Ruritania", "Freedonia"),
    ("THREATEN", "Ruritania threatened Freedonia with a trade embargo.", "Ruritania", "Freedonia"),
    (
        "PROTEST",
        "Protesters rallied outside Freedonia's embassy in the Ruritanian capital.",
        "Protesters",
        "Freedonia",
    ),
    ("SANCTION", "Ruritania expelled three Freedonian diplomats.", "Ruritania", "Freedonian"),
    (
        "MOBILIZE",
        "Ruritania massed tanks along its border with Freedonia.",
        "Ruritania",
        "Freedonia",
    ),
    (
        "COERCE",
        "Ruritanian police arrested two Freedonian journalists.",
        "Ruritanian police",
        "Freedonian",
    ),
    ("ASSAULT", "Ruritania shelled Freedonian villages overnight.", "Ruritania", "Freedonian"),
]
# Stated floors on our own held-out material (measured: model 0.756, hybrid 0.781 on the fresh set).
FRESH_FLOOR = {"model": 0.70, "hybrid": 0.72}
EXAMPLE_FLOOR = 14  # of 16 hand-written examples


def test_learn_public_api_matches_all() -> None:
    assert sorted(parley.learn.__all__) == sorted(
        name
        for name in dir(parley.learn)
        if not name.startswith("_") and name in parley.learn.__all__
    )
    for name in parley.learn.__all__:
        assert callable(getattr(parley.learn, name))


@pytest.mark.parametrize(
    ("label", "text", "source", "target"), EXAMPLES, ids=[e[0] for e in EXAMPLES]
)
def test_classify_learned_returns_a_plover_type(
    label: str, text: str, source: str, target: str
) -> None:
    got = classify_learned(text, source, target)
    assert got.event_type in PLOVER_TYPES
    assert 0.0 <= got.score <= 1.0


def test_classify_learned_meets_the_example_floor() -> None:
    got = classify_learned_many([{"text": t, "source": s, "target": g} for _, t, s, g in EXAMPLES])
    right = sum(c.event_type == e[0] for c, e in zip(got, EXAMPLES, strict=True))
    assert right >= EXAMPLE_FLOOR


def test_hybrid_meets_the_example_floor() -> None:
    got = hybrid_many([{"text": t, "source": s, "target": g} for _, t, s, g in EXAMPLES])
    right = sum(c.event_type == e[0] for c, e in zip(got, EXAMPLES, strict=True))
    assert right >= EXAMPLE_FLOOR


@pytest.mark.parametrize("which", ["model", "hybrid"])
def test_fresh_evaluation_set_stays_above_floor(which: str) -> None:
    rows = [json.loads(line) for line in FRESH.read_text(encoding="utf-8").splitlines()]
    fn = classify_learned_many if which == "model" else hybrid_many
    got = fn(rows)
    acc = sum(c.event_type == r["label"] for c, r in zip(got, rows, strict=True)) / len(rows)
    assert acc >= FRESH_FLOOR[which]


def test_classify_learned_is_deterministic() -> None:
    rows = [(t, s, g) for _, t, s, g in EXAMPLES]
    first = predict_proba(rows)
    assert np.array_equal(first, predict_proba(rows))
    again = predict_proba(list(reversed(rows)))[::-1]  # BLAS blocking may differ by an ulp
    np.testing.assert_allclose(first, again, atol=1e-6)
    assert np.array_equal(first.argmax(1), again.argmax(1))
    one = classify_learned(*rows[0])
    assert one == classify_learned(*rows[0])


def test_classify_learned_reads_the_dyad_not_just_the_sentence() -> None:
    text = "Freedonia accused Sylvania of spying, days after Ruritania shelled Borduria's border posts."
    assert classify_learned(text, "Freedonia", "Sylvania").event_type == "ACCUSE"
    assert classify_learned(text, "Ruritania", "Borduria").event_type == "ASSAULT"


@pytest.mark.parametrize(
    ("text", "mode", "cameo"),
    [
        ("Ruritania's leader spoke by phone with Freedonia's president.", "phone", "041"),
        ("Ruritania's leader visited Freedonia for talks.", "visit", "042"),
        (
            "Ruritania's leader met Freedonia's president on the sidelines of a forum.",
            "third-party",
            "044",
        ),
    ],
    ids=["phone", "visit", "third-party"],
)
def test_consult_mode_is_read_off_the_wording(text: str, mode: str, cameo: str) -> None:
    got = classify_learned(text, "Ruritania", "Freedonia")
    assert (got.event_type, got.mode, got.cameo) == ("CONSULT", mode, cameo)


def test_hybrid_keeps_the_rules_cameo_when_they_agree() -> None:
    got = hybrid(
        "Freedonia summoned Sylvania's ambassador over the border incident.",
        "Freedonia",
        "Sylvania",
    )
    assert (got.event_type, got.cameo) == ("ACCUSE", "114")


def test_empty_batch_and_missing_parties() -> None:
    assert classify_learned_many([]) == []
    got = classify_learned("Ruritania shelled the capital.", "Nobody", "Nowhere")
    assert got.event_type in PLOVER_TYPES


def test_classifying_never_imports_torch() -> None:
    code = (
        "import sys; from parley.learn import hybrid, classify_learned;"
        "classify_learned('Ruritania shelled Freedonia.', 'Ruritania', 'Freedonia');"
        "hybrid('Ruritania shelled Freedonia.', 'Ruritania', 'Freedonia');"
        "bad = [m for m in ('torch', 'transformers', 'sklearn') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_artifacts_are_small_and_load_without_pickle() -> None:
    folder = ROOT / "src" / "parley" / "data" / "learn"
    total = sum(p.stat().st_size for p in folder.glob("*.npz"))
    assert total <= 10_000_000
    for path in folder.glob("*.npz"):
        with np.load(path, allow_pickle=False) as z:
            assert z.files
    m = load_learned()
    assert set(m.labels) == set(PLOVER_TYPES)


def test_missing_artifacts_raise_a_knowledge_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match=r"scripts/build_embeddings\.py"):
        load_learned(str(tmp_path))


def test_mismatched_classifier_is_refused(tmp_path: Path) -> None:
    folder = ROOT / "src" / "parley" / "data" / "learn"
    (tmp_path / "classifier.npz").write_bytes((folder / "classifier.npz").read_bytes())
    with np.load(folder / "embeddings.npz") as z:
        np.savez(
            tmp_path / "embeddings.npz",
            codes=z["codes"][:10],
            scale=z["scale"][:10],
            tokens=z["tokens"],
        )
    with pytest.raises(KnowledgeError, match="other embeddings"):
        load_learned(str(tmp_path))


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Freedonia's envoy", ["freedonia", "'", "s", "envoy"]),
        ("Billström met Rakušan.", ["billstrom", "met", "rakusan", "."]),
        ("", []),
    ],
    ids=["possessive", "accents", "empty"],
)
def test_basic_tokens_split_like_uncased_bert(text: str, tokens: list[str]) -> None:
    assert basic_tokens(text) == tokens


def test_wordpiece_falls_back_to_pieces_and_features_have_the_stated_width() -> None:
    emb = Embeddings.from_arrays(np.eye(4, dtype=np.float32), ["sanction", "##ed", "by", "x"])
    assert emb.ids("sanctioned") == (0, 1)
    assert emb.ids("zzz") == ()
    emb = emb.with_seeds([["sanction"], ["by"]])
    x = featurize(emb, [("x sanctioned by", "x", "by")])
    assert x.shape == (1, n_features(4, 2))
