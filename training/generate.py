"""Expand training/patterns.py into labelled dyad sentences (training/generated.jsonl).

Deterministic (fixed seed). Every fifth pattern of each type is held out: sentences built from it
go to the ``test`` split only, so the held-out score measures wordings the model never saw.
A third of the sentences are compounds: the labelled dyad's clause joined to a clause of another
type between two other parties, so the model must look at where source and target sit.

Usage: .venv/bin/python training/generate.py [--out training/generated.jsonl]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from patterns import ACTORS, FRAMES, JOINS, PATTERNS, PROTESTERS, SLOTS

SEED = 20251028
PER_PATTERN_TRAIN = 7
PER_PATTERN_TEST = 6
COMPOUND_SHARE = 0.35
_CHOICE = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{([a-z]+)\}")


def _fill(pattern: str, rng: random.Random) -> str:
    """Resolve [a|b] alternatives and {slot} fillers (not the {S}/{T} parties)."""
    text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), pattern)
    return _SLOT.sub(lambda m: rng.choice(SLOTS[m.group(1)]), text)


def _parties(rng: random.Random, label: str, pattern: str, avoid: set[str]) -> tuple[str, str]:
    """Two distinct actors; protests are mostly made by crowds, not states."""
    pool = [a for a in ACTORS if a not in avoid]
    crowd = [a for a in PROTESTERS if a not in avoid]
    if label == "PROTEST" and (pattern.startswith("[Thousands") or rng.random() < 0.7):
        source = rng.choice(crowd)
    else:
        source = rng.choice(pool)
    target = rng.choice([a for a in pool if a != source and a not in source and source not in a])
    return source, target


def _clause(label: str, pattern: str, rng: random.Random, avoid: set[str]) -> tuple[str, str, str]:
    """One clause with its source and target."""
    source, target = _parties(rng, label, pattern, avoid)
    text = _fill(pattern, rng).replace("{S}", source).replace("{T}", target)
    return text, source, target


def _capitalise(text: str) -> str:
    """Sentence case: the first character upper-cased."""
    return text[:1].upper() + text[1:]


def _sentence(
    label: str, pattern: str, rng: random.Random, patterns: dict[str, list[str]]
) -> dict[str, str]:
    """One labelled sentence, simple or compound."""
    clause, source, target = _clause(label, pattern, rng, set())
    if rng.random() < COMPOUND_SHARE:
        other = rng.choice([t for t in patterns if t != label])
        distractor, _, _ = _clause(
            other, rng.choice(patterns[other]), rng, {source, target, source.lower()}
        )
        body = rng.choice(JOINS).format(A=clause, B=distractor)
        text = _capitalise(body) + "."
    else:
        frame = rng.choice(FRAMES)
        when = rng.choice(SLOTS["when"])
        text = frame.replace("{When}", _capitalise(when)).replace("{when}", when)
        text = _capitalise(text.replace("{C}", clause))
    if text.find(source) < 0:  # capitalised at the start of the sentence
        source = _capitalise(source)
    if text.find(target) < 0:
        target = _capitalise(target)
    return {"text": text, "source": source, "target": target, "label": label}


def generate() -> list[dict[str, str]]:
    """All generated rows, deterministic for SEED.

    Returns:
        Rows with ``id``, ``text``, ``source``, ``target``, ``label``, ``pattern``, ``split``.
    """
    rng = random.Random(SEED)
    train_patterns = {
        label: [p for i, p in enumerate(pats) if i % 5 != 4] for label, pats in PATTERNS.items()
    }
    rows: list[dict[str, str]] = []
    for label, pats in PATTERNS.items():
        for i, pattern in enumerate(pats):
            split = "test" if i % 5 == 4 else "train"
            n = PER_PATTERN_TEST if split == "test" else PER_PATTERN_TRAIN
            for k in range(n):
                row = _sentence(label, pattern, rng, train_patterns)
                row.update(id=f"{label}-{i:02d}-{k}", pattern=f"{label}-{i:02d}", split=split)
                rows.append(row)
    return rows


def main() -> None:
    """Write the generated rows as JSONL."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "generated.jsonl"))
    args = ap.parse_args()
    rows = generate()
    with open(args.out, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["split"]] = counts.get(row["split"], 0) + 1
    print(f"wrote {len(rows)} rows to {args.out}: {counts}")


if __name__ == "__main__":
    main()
