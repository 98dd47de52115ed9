"""Benchmark fusion on synthetic event mentions: time, peak memory and quality per corpus size.

Synthesises realistic mentions: many happenings between ~120 states (a few busy dyads, a long
tail), each reported 1-5 times with the variation real outlets show (word order and spelling of
names, surname-only references, role wording, swapped pairs for calls, a one-day date slip, week or
month precision, a dropped city, an unknown date, republished copies) and the confounders fusion
must keep apart (monthly calls of one dyad, two meetings on one day in one city with different
counterparts, reciprocal expulsions, return visits). Each size runs in a fresh process so the peak
RSS is that size's own.

``--mode store`` (the default) measures what ``parley run`` does: the mentions are written to a
DuckDB store in batches (not timed), then ``parley.pipeline.fuse_store`` fuses them block by
block; then 1 % more mentions arrive and only the blocks they touch are fused again.
``--mode memory`` times ``fuse_mentions`` on one list of every mention (and scores it).

Usage::

    .venv/bin/python bench/bench_fusion.py                 # store mode: 1k, 10k, 100k
    .venv/bin/python bench/bench_fusion.py --mode memory --sizes 1000 5000
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.fuse import DocInfo, fuse_mentions
from parley.models import Actor, EventMention, Evidence, Location, Quantity

SYLLABLES = [
    "ka",
    "ri",
    "to",
    "ma",
    "le",
    "no",
    "sa",
    "vi",
    "den",
    "mor",
    "ha",
    "lu",
    "zen",
    "bar",
    "qui",
    "tos",
    "fel",
    "an",
    "dra",
    "vek",
    "ol",
    "im",
    "pes",
    "gu",
]
ROLES = [
    ("President", "head of state"),
    ("Prime Minister", "Premier"),
    ("Foreign Minister", "Minister of Foreign Affairs"),
    ("Defence Minister", "Minister of Defence"),
    ("Trade Minister", "Minister of Commerce"),
    ("Interior Minister", "Minister of the Interior"),
]
TOPICS = ["trade", "energy", "security", "investment", "transport_logistics", "health", "defense"]
WORDS = [
    "talks",
    "cooperation",
    "agreement",
    "pipeline",
    "railway",
    "grain",
    "visa",
    "border",
    "summit",
    "tariffs",
    "loan",
]
START = dt.date(2024, 1, 1).toordinal()
DAYS = 730


@dataclass
class Country:
    code: str
    capital: str
    officials: list[tuple[str, str, str]] = field(default_factory=list)  # name, role, variant


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def make_world(rng: random.Random, n: int = 120) -> list[Country]:
    codes: set[str] = set()
    while len(codes) < n:
        codes.add("".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVWYZ") for _ in range(3)))
    world = []
    for code in sorted(codes):
        country = Country(code, _word(rng, 3))
        for role, variant in ROLES:
            country.officials.append((f"{_word(rng, 2)} {_word(rng, 3)}", role, variant))
        world.append(country)
    return world


def spell(name: str, rng: random.Random) -> str:
    """A way an outlet may write a name: as is, family name first, surname only, one letter off."""
    given, family = name.split()
    pick = rng.random()
    if pick < 0.6:
        return name
    if pick < 0.75:
        return f"{family.upper()} {given}"
    if pick < 0.9:
        return family
    return f"{given} {family[:-1]}{'y' if family[-1] != 'y' else 'i'}{family[-1]}"


@dataclass
class Happening:
    key: int
    event_type: str
    mode: str | None
    cameo: str | None
    source: Country
    target: Country
    people: list[tuple[str, str, str, str]]  # name, role, variant, country
    day: int
    city: str | None
    place: str | None
    topics: list[str]
    quantity: tuple[str, float, str] | None
    reports: int


def happenings(rng: random.Random, world: list[Country], n_mentions: int) -> Iterator[Happening]:
    """Happenings with 1-5 reports each until about ``n_mentions`` mentions; confounders included."""
    weights = [1.0 / (k + 1) ** 0.8 for k in range(len(world))]
    total = 0
    key = 0

    def base(
        kind: tuple[str, str | None, str | None], a: Country, b: Country, day: int, **kw
    ) -> Happening:
        nonlocal key
        key += 1
        event_type, mode, cameo = kind
        a_off = rng.choice(a.officials[:3])
        b_off = kw.pop("b_off", rng.choice(b.officials[:3]))
        host = b if mode == "visit" or event_type in ("SANCTION", "ACCUSE", "AID") else None
        city = None if mode == "phone" else (host.capital if host else _word(rng, 3))
        quantity = None
        if rng.random() < 0.3:
            value = round(rng.uniform(1, 90), 1)
            quantity = (f"${value} billion", value * 1e9, "USD")
        return Happening(
            key=key,
            event_type=event_type,
            mode=mode,
            cameo=cameo,
            source=a,
            target=b,
            people=[(*a_off, a.code), (*b_off, b.code)],
            day=day,
            city=city,
            place=(host.code if host else None) if city else None,
            topics=rng.sample(TOPICS, rng.randint(1, 3)),
            quantity=quantity,
            reports=kw.pop("reports", rng.choice([1, 1, 2, 2, 3, 3, 4, 5])),
        )

    kinds = [
        ("CONSULT", "visit", "042"),
        ("CONSULT", "phone", "041"),
        ("CONSULT", "third-party", "044"),
        ("SUPPORT", None, "057"),
        ("AGREE", None, None),
        ("SANCTION", None, "161"),
        ("ACCUSE", None, "114"),
        ("AID", None, "073"),
    ]
    while total < n_mentions:
        a, b = rng.choices(world, weights=weights, k=2)
        if a is b:
            continue
        day = START + rng.randrange(DAYS)
        kind = rng.choice(kinds)
        batch = [base(kind, a, b, day)]
        roll = rng.random()
        if roll < 0.08:  # monthly calls of one dyad
            batch += [base(kinds[1], a, b, day + 30 * k) for k in (1, 2)]
        elif roll < 0.14:  # same day, same city, other counterpart
            first = batch[0]
            if first.mode == "visit":
                other = base(kind, a, b, day, b_off=b.officials[0])
                other.people[0] = first.people[0]
                if other.people[1][0] != first.people[1][0]:
                    batch.append(other)
        elif roll < 0.18:  # reciprocal expulsions
            batch = [base(kinds[5], a, b, day), base(kinds[5], b, a, day)]
        elif roll < 0.21:  # return visit a month later
            batch = [base(kinds[0], a, b, day), base(kinds[0], b, a, day + 35)]
        for h in batch:
            total += h.reports
            yield h


def report(h: Happening, r: int, rng: random.Random) -> EventMention:
    """One outlet's mention of a happening, with the variation outlets show."""
    doc = f"h{h.key}-r{r}"
    people = [
        Actor(name=spell(name, rng), role=rng.choice([role, variant]), country=code, sector="GOV")
        for name, role, variant, code in h.people
    ]
    source, target = people[0], people[1]
    if h.mode in ("phone", "third-party") and rng.random() < 0.4:
        source, target = target, source
    date: str | None = dt.date.fromordinal(h.day).isoformat()
    precision = "day"
    roll = rng.random()
    if roll < 0.05:
        date = dt.date.fromordinal(h.day + rng.choice((-1, 1))).isoformat()
    elif roll < 0.09:
        precision = "week"
        date = dt.date.fromordinal(h.day - 1).isoformat()
    elif roll < 0.12:
        precision = "month"
        date = date[:7]
    elif roll < 0.14:
        date, precision = None, None
    city = h.city if rng.random() > 0.2 else None
    words = rng.sample(WORDS, 3)
    trigger = f"{h.event_type.lower()} {' '.join(words)}"
    quantities = ()
    if h.quantity and rng.random() < 0.6:
        text, value, unit = h.quantity
        quantities = (Quantity(text=text, value=value, unit=unit),)
    return EventMention(
        id=f"{doc}#0",
        doc_id=doc,
        event_type=h.event_type,
        mode=h.mode,
        cameo=h.cameo,
        source=source,
        target=target,
        actors=tuple(people),
        date=date,
        date_precision=precision,  # type: ignore[arg-type]
        location=Location(name=city, country=h.place) if (city or h.place) else None,
        topics=tuple(rng.sample(h.topics, max(1, len(h.topics) - rng.randint(0, 1)))),
        quantities=quantities,
        confidence=rng.choice((0.5, 0.6, 0.7, 0.8, 0.9)),
        is_main=True,
        evidence=(
            Evidence(field="event_type", text=trigger, start=0, end=len(trigger), doc_id=doc),
        ),
    )


def stream(n: int, rng: random.Random) -> Iterator[tuple[EventMention, DocInfo, int]]:
    """About ``n`` mentions in happening order, each with its DocInfo and true happening."""
    world = make_world(rng)
    for h in happenings(rng, world, n):
        signature = tuple(rng.randrange(2**32) for _ in range(16))
        for r in range(h.reports):
            m = report(h, r, rng)
            own = (
                signature
                if r == 1 and rng.random() < 0.3
                else tuple(rng.randrange(2**32) for _ in range(16))
            )
            yield m, DocInfo(doc_id=m.doc_id, published=m.date, signature=own), h.key
            if r == 0:
                signature = own


def corpus(n: int, seed: int = 7) -> tuple[list[EventMention], dict[str, DocInfo], dict[str, int]]:
    """About ``n`` mentions, their DocInfo (republished copies share a signature) and the truth."""
    rng = random.Random(seed)
    mentions: list[EventMention] = []
    docs: dict[str, DocInfo] = {}
    truth: dict[str, int] = {}
    for m, info, key in stream(n, rng):
        mentions.append(m)
        docs[m.doc_id] = info
        truth[m.id] = key
    rng.shuffle(mentions)
    return mentions, docs, truth


def quality(events: list, truth: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall of the fused clusters against the synthetic happenings."""
    predicted = {m: e.id for e in events for m in e.mention_ids}
    by_truth: dict[int, list[str]] = defaultdict(list)
    by_pred: dict[str, list[str]] = defaultdict(list)
    for m, key in truth.items():
        by_truth[key].append(m)
        by_pred[predicted[m]].append(m)
    true_pairs = sum(len(v) * (len(v) - 1) // 2 for v in by_truth.values())
    pred_pairs = sum(len(v) * (len(v) - 1) // 2 for v in by_pred.values())
    both = sum(
        1 for v in by_pred.values() for a, b in itertools.combinations(v, 2) if truth[a] == truth[b]
    )
    return both / max(pred_pairs, 1), both / max(true_pairs, 1)


def run_one(n: int) -> dict[str, float]:
    """Fuse about ``n`` synthetic mentions in this process and measure it."""
    mentions, docs, truth = corpus(n)
    start = time.perf_counter()
    events = fuse_mentions(mentions, docs)
    seconds = time.perf_counter() - start
    precision, recall = quality(events, truth)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "mentions": len(mentions),
        "events": len(events),
        "seconds": seconds,
        "per_1k": seconds / len(mentions) * 1000,
        "peak_mib": peak_kib / 1024,
        "precision": precision,
        "recall": recall,
    }


def write_store(n: int, db: str, part: str) -> None:
    """Write the first 99 % (``part='first'``) or the last 1 % (``'rest'``) of ``n`` mentions."""
    from parley.models import CleanDocument
    from parley.store import Store
    from parley.store.tables import parse_day

    cut = int(n * 0.99)
    with Store(db) as store:
        batch: list[tuple[EventMention, DocInfo]] = []
        for k, (m, info, _) in enumerate(stream(n, random.Random(7))):
            if (k < cut) == (part == "first"):
                batch.append((m, info))
            if len(batch) >= 5_000:
                _write(store, batch, CleanDocument, parse_day)
                batch = []
        _write(store, batch, CleanDocument, parse_day)


def _write(store: Any, batch: list[tuple[EventMention, DocInfo]], clean: Any, day: Any) -> None:
    """One bulk write of mentions with the document metadata fusion reads."""
    docs = [clean(doc_id=i.doc_id, text="", published=day(i.published)) for _, i in batch]
    store.write_batch(
        docs,
        event_mentions=[m for m, _ in batch],
        signatures={i.doc_id: i.signature for _, i in batch},
    )


def fuse_in_store(db: str) -> dict[str, float]:
    """Fuse what the store holds unfused (parley run's fusion step) and measure it."""
    from parley.pipeline import fuse_store
    from parley.store import Store

    with Store(db) as store:
        fused: list[int] = []
        start = time.perf_counter()
        events = fuse_store(store, lambda _, k: fused.append(k))
        seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"fused": sum(fused), "events": events, "seconds": seconds, "peak_mib": peak_kib / 1024}


def _child(*args: str) -> dict[str, float]:
    """Run this script in a fresh process (so its peak RSS is its own) and read its JSON."""
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout or "{}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument(
        "--mode",
        choices=["memory", "store"],
        default="store",
        help="memory: fuse_mentions on a list; store: parley run's fusion (fuse_store) on a "
        "DuckDB store, first 99 %% then the last 1 %% added later",
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-write", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--child-fuse", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child)))
        return
    if args.child_write:
        n, db, part = args.child_write
        write_store(int(n), db, part)
        return
    if args.child_fuse:
        print(json.dumps(fuse_in_store(args.child_fuse)))
        return
    if args.mode == "store":
        print(
            f"{'mentions':>9} {'step':>12} {'fused':>8} {'events':>8} {'seconds':>8} {'peak MiB':>9}"
        )
        for n in args.sizes:
            with tempfile.TemporaryDirectory() as tmp:
                db = str(Path(tmp) / "bench.duckdb")
                for step, part in (("first 99%", "first"), ("last 1%", "rest")):
                    _child("--child-write", str(n), db, part)
                    r = _child("--child-fuse", db)
                    print(
                        f"{n:>9} {step:>12} {r['fused']:>8.0f} {r['events']:>8.0f} "
                        f"{r['seconds']:>8.2f} {r['peak_mib']:>9.0f}"
                    )
        return
    print(
        f"{'mentions':>9} {'events':>8} {'seconds':>8} {'s/1k':>6} {'peak MiB':>9} {'P':>6} {'R':>6}"
    )
    for n in args.sizes:
        r = _child("--child", str(n))
        print(
            f"{r['mentions']:>9} {r['events']:>8} {r['seconds']:>8.2f} {r['per_1k']:>6.2f} "
            f"{r['peak_mib']:>9.0f} {r['precision']:>6.3f} {r['recall']:>6.3f}"
        )


if __name__ == "__main__":
    main()
