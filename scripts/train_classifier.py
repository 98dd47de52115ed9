"""Train parley's learned dyad classifier and write src/parley/data/learn/classifier.npz.

Build-only (scikit-learn). Deterministic: lbfgs logistic regression, no random state involved,
fixed fold assignment by pattern.

1. rows: training/generated.jsonl (run training/generate.py first) + training/handwritten.jsonl;
2. features: parley.learn.features.featurize over the shipped embeddings, with per-token
   affinities to the seed words of src/parley/data/learn/seeds.tsv;
3. model selection by grouped cross-validation over patterns on the train split: the
   regularisation C and the hybrid's rule weight (what the rules' confidence is worth against
   the model's probability);
4. report on the held-out patterns (model fitted on the train split only): rules, model, hybrid;
5. the shipped model is refitted on every row; training/fresh_eval.jsonl (written after
   training, never used for any choice) is scored with it if present.

Usage: .venv/bin/python scripts/train_classifier.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from parley.coding import classify_many  # noqa: E402
from parley.learn.features import Embeddings, featurize  # noqa: E402

DATA = ROOT / "src" / "parley" / "data" / "learn"
TRAINING = ROOT / "training"
TRAIN_FILES = ("generated.jsonl", "handwritten.jsonl")
FRESH = TRAINING / "fresh_eval.jsonl"
C_GRID = (0.03, 0.1, 0.3)
W_GRID = (0.0, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5)
FOLDS = 4


def read_rows(path: Path) -> list[dict[str, str]]:
    """JSONL rows of a training or evaluation file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def read_seeds(path: Path) -> dict[str, list[str]]:
    """PLOVER type -> seed words, from seeds.tsv."""
    seeds: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            label, words = line.split("\t")
            seeds[label] = words.split()
    return seeds


def load_embeddings(path: Path) -> Embeddings:
    """The int8 artifact, dequantised exactly as parley.learn.model does."""
    with np.load(path, allow_pickle=False) as z:
        tokens = z["tokens"].tobytes().decode("utf-8").split("\n")
        return Embeddings.from_arrays(z["codes"].astype(np.float32) * z["scale"][:, None], tokens)


def triples(rows: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    """(text, source, target) for featurize."""
    return [(r["text"], r["source"], r["target"]) for r in rows]


def rule_matrix(rows: list[dict[str, str]], labels: list[str]) -> np.ndarray:
    """Rule coder confidence placed in the column of its type."""
    out = np.zeros((len(rows), len(labels)), dtype=np.float64)
    index = {label: j for j, label in enumerate(labels)}
    for i, c in enumerate(classify_many(rows)):
        out[i, index[c.event_type]] = c.score
    return out


def fit(x: np.ndarray, y: np.ndarray, c: float):  # type: ignore[no-untyped-def]
    """Standardise then fit a multinomial logistic regression; returns (mu, sd, model)."""
    from sklearn.linear_model import LogisticRegression

    mu, sd = x.mean(0), x.std(0) + 1e-3
    model = LogisticRegression(C=c, max_iter=5000).fit((x - mu) / sd, y)
    return mu, sd, model


def proba(fitted, x: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Class probabilities of a fitted (mu, sd, model)."""
    mu, sd, model = fitted
    return model.predict_proba((x - mu) / sd)


def accuracy(p: np.ndarray, y: np.ndarray) -> float:
    """Share of rows whose argmax is the gold label index."""
    return float((p.argmax(1) == y).mean()) if len(y) else float("nan")


def report(name: str, rows, x, y, fitted, labels, w: float) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Print and return rules / model / hybrid accuracy on one evaluation set."""
    rules = rule_matrix(rows, labels)
    p = proba(fitted, x)
    got = {
        "rules": accuracy(rules, y),
        "model": accuracy(p, y),
        "hybrid": accuracy(p + w * rules, y),
    }
    print(f"{name} ({len(y)} rows): " + ", ".join(f"{k} {v:.3f}" for k, v in got.items()))
    return got


def main() -> None:
    """Select, evaluate, refit and write the classifier."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(DATA / "classifier.npz"))
    args = ap.parse_args()

    emb_path = DATA / "embeddings.npz"
    seeds = read_seeds(DATA / "seeds.tsv")
    labels = list(seeds)
    emb = load_embeddings(emb_path).with_seeds(list(seeds.values()))
    affinity = emb.affinity.astype(np.float16)  # type: ignore[union-attr]
    emb = Embeddings(emb.vectors, emb.index, affinity.astype(np.float32))  # as shipped
    rows = [r for f in TRAIN_FILES if (TRAINING / f).exists() for r in read_rows(TRAINING / f)]
    for r in rows:
        r.setdefault("split", "train")
        r.setdefault("pattern", r["id"])
    x = featurize(emb, triples(rows))
    y = np.array([labels.index(r["label"]) for r in rows])
    train = np.array([r["split"] == "train" for r in rows])
    gid = {p: i for i, p in enumerate(sorted({r["pattern"] for r in rows}))}
    groups = np.array([gid[r["pattern"]] for r in rows])
    print(
        f"{len(rows)} rows ({train.sum()} train, {(~train).sum()} held out), {x.shape[1]} features"
    )

    # Grouped CV on the train split: whole patterns per fold, so scores reward generalisation.
    xt, yt, gt = x[train], y[train], groups[train]
    rules_t = rule_matrix([r for r, t in zip(rows, train, strict=True) if t], labels)
    best = (-1.0, C_GRID[0], 0.0)
    for c in C_GRID:
        oof = np.zeros((len(yt), len(labels)))
        for k in range(FOLDS):
            hold = gt % FOLDS == k
            oof[hold] = proba(fit(xt[~hold], yt[~hold], c), xt[hold])
        for w in W_GRID:
            score = accuracy(oof + w * rules_t, yt)
            print(f"  cv C={c} rule_weight={w}: hybrid {score:.3f} (model {accuracy(oof, yt):.3f})")
            if score > best[0]:
                best = (score, c, w)
    _, c, w = best
    print(f"chosen C={c}, rule_weight={w}")

    held = fit(xt, yt, c)
    report(
        "held-out patterns",
        [r for r, t in zip(rows, train, strict=True) if not t],
        x[~train],
        y[~train],
        held,
        labels,
        w,
    )

    mu, sd, model = fit(x, y, c)
    if FRESH.exists():
        fresh = read_rows(FRESH)
        yf = np.array([labels.index(r["label"]) for r in fresh])
        report(
            "fresh evaluation set",
            fresh,
            featurize(emb, triples(fresh)),
            yf,
            (mu, sd, model),
            labels,
            w,
        )

    coef = model.coef_.T / sd[:, None]  # standardisation folded into the weights
    bias = model.intercept_ - (mu / sd) @ model.coef_.T
    t0 = time.perf_counter()
    np.savez(
        args.out,
        weights=coef.astype(np.float32),
        bias=bias.astype(np.float32),
        affinity=affinity,
        labels=np.frombuffer("\n".join(labels).encode("utf-8"), dtype=np.uint8),
        embeddings_sha=np.frombuffer(
            hashlib.sha256(emb_path.read_bytes()).hexdigest()[:16].encode("ascii"), dtype=np.uint8
        ),
        rule_weight=np.float32(w),
    )
    size = Path(args.out).stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB) in {time.perf_counter() - t0:.2f}s")


if __name__ == "__main__":
    main()
