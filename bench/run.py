"""Reproduce BENCHMARKS.md: end-to-end throughput, time per stage, peak memory, classify rate.

    python bench/run.py            # 1k and 10k documents
    python bench/run.py --full     # also 100k
    python bench/run.py --sizes 2000 --no-write   # a quick look, BENCHMARKS.md untouched
    python bench/run.py --full --repeat 3         # each size 3 times: the median run, all listed

Each end-to-end run happens in a fresh child process (so its peak RSS is its own) on a corpus
from ``bench/corpus.py`` (deterministic seed), through ``parley.pipeline.run`` into a new DuckDB
file. Stage times come from calling each stage function directly, in one process, on the first
documents of the smallest corpus. These are measurements, not tests: nothing here asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import COUNTRIES, World, write_corpus  # noqa: E402


def _rss_mb(kb: int) -> float:
    """ru_maxrss is in kilobytes on Linux."""
    return kb / 1024


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = "?"
    return {
        "cores": str(cores),
        "ram": mem,
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        # a venv's python links to the interpreter it was made from: builds differ in speed
        "interpreter": os.path.realpath(sys.executable),
        "os": f"{platform.system()} {platform.release()}",
        "date": dt.date.today().isoformat(),
        "commit": commit or "?",
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# ------------------------------------------------------------------------ end to end (child)


def _pss_kb(pid: int) -> int:
    """Proportional set size: resident memory with pages shared among processes (the pool
    workers share the forkserver's imports copy-on-write) counted once in total."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _tree(root: int) -> dict[int, tuple[int, float]]:
    """``pid -> (RSS kB, CPU seconds so far)`` of a process and all its descendants (the pool
    workers are the forkserver's children, so getrusage cannot see them)."""
    parents: dict[int, int] = {}
    info: dict[int, tuple[int, float]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
            with open(f"/proc/{entry.name}/status", encoding="ascii", errors="replace") as fh:
                status = dict(line.split(":", 1) for line in fh if ":" in line)
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after the command name
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        cpu = (int(fields[11]) + int(fields[12])) / _TICK  # utime + stime
        info[pid] = (int((status.get("VmRSS", "0 kB").split() or ["0"])[0]), cpu)
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    out, stack = {}, [root]
    while stack:
        pid = stack.pop()
        if pid in info:
            out[pid] = info[pid]
        stack.extend(children.get(pid, ()))
    return out


class _Sampler(threading.Thread):
    """Samples the process tree's memory and CPU time while the run goes on, per phase
    (``ingest``, then ``fuse`` from when fusion starts).

    RSS and CPU time come from /proc/PID/stat and status every ``interval`` (~2.4 ms of this
    process's CPU a sample). PSS is read at most every ``pss_interval``: the kernel walks every
    page of a process to sum smaps_rollup, ~33 ms of CPU a sample with two 1 GB workers, which
    at 4 samples a second took 13 % of a core from the run being measured.
    """

    def __init__(self, interval: float = 0.25, pss_interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.pss_interval = pss_interval
        self._pss_at = -pss_interval
        self.peak_kb = 0
        self.peak_pss_kb = 0
        self.phase = "ingest"  # set to "fuse" when fusion starts
        self.peak_main_kb: dict[str, int] = {}  # phase -> peak RSS of this process
        self.cpu: dict[int, float] = {}  # pid -> CPU seconds, last seen
        self.cpu_at_fuse: dict[int, float] = {}
        self._stop_event = threading.Event()

    def sample(self) -> None:
        me = os.getpid()
        tree = _tree(me)
        self.peak_kb = max(self.peak_kb, sum(rss for rss, _ in tree.values()))
        now = time.monotonic()
        if now - self._pss_at >= self.pss_interval:
            self._pss_at = now
            self.peak_pss_kb = max(self.peak_pss_kb, sum(map(_pss_kb, tree)))
        main = tree.get(me, (0, 0.0))[0]
        self.peak_main_kb[self.phase] = max(self.peak_main_kb.get(self.phase, 0), main)
        self.cpu.update({pid: cpu for pid, (_, cpu) in tree.items()})

    def start_fusion(self) -> None:
        if Path("/proc").is_dir():
            self.sample()
        self.cpu_at_fuse = dict(self.cpu)
        self.phase = "fuse"

    def run(self) -> None:
        while not self._stop_event.is_set():
            if Path("/proc").is_dir():
                self.sample()
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def cpu_split(self) -> dict[str, float]:
        """CPU seconds of this process and of the others (pool), before and during fusion."""
        me = os.getpid()
        fused = bool(self.cpu_at_fuse)
        at = self.cpu_at_fuse if fused else self.cpu
        main_total, main_ingest = self.cpu.get(me, 0.0), at.get(me, 0.0)
        pool_total = sum(c for pid, c in self.cpu.items() if pid != me)
        pool_ingest = sum(c for pid, c in at.items() if pid != me)
        return {
            "main_ingest": main_ingest,
            "main_fuse": main_total - main_ingest,
            "pool_ingest": pool_ingest,
            "pool_fuse": pool_total - pool_ingest,
        }


def _peak_rss_kb() -> int:
    """This process's peak RSS in kB: VmHWM, which starts afresh when a program is exec'd.

    ``ru_maxrss`` does not: Linux carries the peak of the process that forked the child over
    exec, so a child started after the parent had evaluated a 100k corpus reported the
    parent's 2.8 GB. Falls back to ``ru_maxrss`` where /proc is missing.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child_run(docs_dir: str, db: str, workers: int | None) -> None:
    """Run the pipeline once and print what it did as JSON (runs in a child process)."""
    from parley.pipeline import run

    sampler = _Sampler()
    sampler.start()
    start = time.perf_counter()
    marks: dict[str, float] = {}

    def progress(stage: str, _count: int) -> None:
        marks.setdefault(stage, time.perf_counter() - start)
        if stage == "fuse" and sampler.phase != "fuse":
            sampler.start_fusion()

    summary = run([docs_dir], db, workers=workers, progress=progress)
    wall = time.perf_counter() - start
    sampler.stop()
    if Path("/proc").is_dir():
        sampler.sample()  # the pool is gone by now; this adds the last of this process
    print(
        json.dumps(
            {
                "wall": wall,
                "documents": summary.documents_read,
                "failed": summary.failed,
                "mentions": summary.event_mentions,
                "events": summary.events,
                "rss_main_kb": _peak_rss_kb(),
                "rss_tree_kb": sampler.peak_kb,
                "cpu": sampler.cpu_split(),
                "pss_tree_kb": sampler.peak_pss_kb,
                "rss_main_ingest_kb": sampler.peak_main_kb.get("ingest", 0),
                "rss_main_fuse_kb": sampler.peak_main_kb.get("fuse", 0),
                "fuse_at": marks.get("fuse", wall),
            }
        )
    )


def end_to_end(docs_dir: Path, db: Path, workers: int | None) -> dict[str, Any]:
    """Time one pipeline run in a fresh process."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(docs_dir), str(db)]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    outer = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"bench: the pipeline run failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_wall"] = outer
    result["docs_per_s"] = result["documents"] / result["wall"] if result["wall"] else 0.0
    return result


def machine_pace() -> float:
    """Seconds of a fixed pure-Python workload (integer arithmetic, dict inserts): 0.29-0.43 s
    in this machine's runs of 2026-11-22.

    Taken right before each end-to-end run: on a shared VM the speed drifts by 10 % and more
    within minutes, so runs are compared by docs/s together with the pace they had.
    """
    start = time.process_time()
    total = 0
    for i in range(3_000_000):
        total += i % 7
    table = {}
    for i in range(1_000_000):
        table[str(i)] = i
    return time.process_time() - start


def median_run(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median docs/s (the slower of the middle two for an even count), with
    every run's docs/s and pace in run order under ``all_docs_per_s`` and ``all_pace``."""
    ranked = sorted(results, key=lambda r: r["docs_per_s"])
    median = dict(ranked[(len(ranked) - 1) // 2])
    median["all_docs_per_s"] = [r["docs_per_s"] for r in results]
    median["all_pace"] = [r.get("pace") for r in results]
    return median


def corpus_quality(gold: Path, db: Path) -> dict[str, float] | None:
    """Headline scores of a finished run against the corpus' generated gold."""
    from parley.evaluate import evaluate_paths

    try:
        return evaluate_paths(gold, db=db).flat()
    except Exception as err:  # a benchmark reports what it could measure and goes on
        print(f"bench: could not score {db}: {err}", file=sys.stderr)
        return None


# ------------------------------------------------------------------------ stages (in process)


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def stage_times(docs_dir: Path, limit: int) -> dict[str, float]:
    """Seconds per stage for ``limit`` documents, each stage function called directly."""
    from parley.annotate import annotate_document
    from parley.clean import clean_document
    from parley.coding import code_document
    from parley.fuse import doc_signature
    from parley.ingest import read_inputs
    from parley.knowledge import load_knowledge
    from parley.models import Document
    from parley.pipeline import fuse_store
    from parley.store import Store

    kb = load_knowledge()
    times: dict[str, float] = {}

    def ingest() -> list[Document]:
        out: list[Document] = []
        for item in read_inputs([str(docs_dir)]):
            if isinstance(item, Document):
                out.append(item)
                if len(out) >= limit:
                    break
        return out

    docs, times["ingest"] = _timed(ingest)
    cleans, times["clean"] = _timed(lambda: [clean_document(d) for d in docs])
    sigs, times["signature"] = _timed(lambda: {c.doc_id: doc_signature(c.text) for c in cleans})
    anns, times["annotate"] = _timed(lambda: [annotate_document(c, kb, None) for c in cleans])
    coded, times["coding"] = _timed(lambda: [m for a in anns for m in code_document(a, kb)])
    with (
        tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp,
        Store(Path(tmp) / "stages.duckdb") as store,
    ):
        _, times["store"] = _timed(
            lambda: store.write_batch(
                cleans, anns, coded, signatures=sigs, originals={d.id: d for d in docs}
            )
        )
        _, times["fusion"] = _timed(lambda: fuse_store(store))
    times["documents"] = float(len(docs))
    times["mentions"] = float(len(coded))
    return times


def classify_items(n: int = 3000, seed: int = 5) -> list[tuple[str, str, str]]:
    """Contract-3 inputs: a sentence with a source and a target that occur in it."""
    import random

    rng = random.Random(seed)
    world = World(rng)
    verbs = (
        "held talks with {b} in {cap}",
        "spoke by telephone with {b}",
        "summoned {b} over the remarks",
        "signed an agreement with {b}",
        "expelled diplomats of {b}",
        "criticised {b} for its policy",
    )
    items = []
    for _ in range(n):
        i, j = rng.sample(range(len(COUNTRIES)), 2)
        a, b = world.leaders[i], world.ministers[j]
        src = f"{COUNTRIES[i][2]} {a.role} {a.name}"
        tgt = f"{COUNTRIES[j][2]} {b.role} {b.name}"
        verb = rng.choice(verbs).format(b=tgt, cap=COUNTRIES[j][3])
        items.append((f"{src} {verb} on Tuesday, officials said.", src, tgt))
    return items


def classify_rates(items: Sequence[tuple[str, str, str]]) -> dict[str, float]:
    """Sentences per second of the two classifiers behind contract 3, called in this process
    in batches of 1,000 (as ``parley classify`` reads them): the rules alone
    (``parley.coding.classify_many``) and the hybrid that ``parley classify`` uses
    (``parley.learn.hybrid_many``: rules plus the learned model)."""
    from parley.coding import classify_many
    from parley.learn import hybrid_many

    rows = [
        {"id": str(i), "text": t, "source": s, "target": g} for i, (t, s, g) in enumerate(items)
    ]
    rates = {}
    for name, fn in (("rules", classify_many), ("hybrid", hybrid_many)):
        fn(rows[:1000])  # load lexicon and model, warm the word cache
        start = time.perf_counter()
        for i in range(0, len(rows), 1000):
            fn(rows[i : i + 1000])
        rates[name] = len(rows) / (time.perf_counter() - start)
    return rates


def classify_cli(items: Sequence[tuple[str, str, str]]) -> tuple[float, float] | None:
    """``parley classify`` as a user runs it (JSONL through stdin): the seconds one sentence
    takes (process start-up, model loading) and the sentences per second of ``items``."""
    exe = Path(sys.executable).with_name("parley")
    if not exe.exists():
        return None
    lines = [
        json.dumps({"id": str(i), "text": t, "source": s, "target": g}) + "\n"
        for i, (t, s, g) in enumerate(items)
    ]
    took = []
    for batch in (lines[:1], lines):
        start = time.perf_counter()
        proc = subprocess.run(
            [str(exe), "classify"],
            input="".join(batch),
            capture_output=True,
            text=True,
            check=False,
        )
        took.append(time.perf_counter() - start)
        if proc.returncode != 0 or len(proc.stdout.splitlines()) != len(batch):
            print(f"bench: parley classify failed: {proc.stderr[-500:]}", file=sys.stderr)
            return None
    return took[0], len(lines) / took[1]


# ------------------------------------------------------------------------ report


def render(
    info: dict[str, str],
    runs: Sequence[tuple[int, dict[str, Any]]],
    stages: dict[str, float] | None,
    classify: dict[str, float] | None,
    gen_rate: float,
) -> str:
    """BENCHMARKS.md."""
    lines = [
        "# Benchmarks",
        "",
        "Reproduce with `make bench` (1k and 10k documents) or `python bench/run.py --full` "
        "(adds 100k). Corpora come from `bench/corpus.py` (synthetic, deterministic seed 0): "
        "1-4 reports per event from wire, ministry and regional outlets with boilerplate, "
        "confounders, 10 % negatives, about 250 words per document.",
        "",
        "## Machine",
        "",
        f"- cores available: {info['cores']} ({info['cpu']}), RAM {info['ram']}",
        f"- Python {info['python']} ({info['interpreter']}) on {info['os']}",
        f"- measured {info['date']} at commit `{info['commit']}`; load average before the "
        f"runs {info['load']} (the machine is shared, so other jobs may have run meanwhile)",
        "- pipeline settings: defaults (one worker process per core)",
        "",
        "## End to end (`parley.pipeline.run`, fresh process, new DuckDB file)",
        "",
        "RSS of all processes counts the pages the pool workers share with the forkserver "
        "once per process; PSS (proportional set size) counts each shared page once in total, "
        "so it is the memory the run really takes. RSS is sampled every 0.25 s, PSS every "
        "second (reading it costs the run CPU).",
        "",
        "| documents | wall s | of which fusion s | docs/s | mentions | events | failed | "
        "peak RSS main (ingest / fusion) | peak RSS all processes | peak PSS all processes |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, r in runs:
        lines.append(
            f"| {size:,} | {r['wall']:.1f} | {r['wall'] - r['fuse_at']:.1f} | "
            f"{r['docs_per_s']:,.0f} | {r['mentions']:,} | "
            f"{r['events']:,} | {r['failed']} | {_rss_mb(r['rss_main_kb']):,.0f} MB "
            f"({_rss_mb(r.get('rss_main_ingest_kb', 0)):,.0f} / "
            f"{_rss_mb(r.get('rss_main_fuse_kb', 0)):,.0f}) | "
            f"{_rss_mb(r['rss_tree_kb']):,.0f} MB | {_rss_mb(r.get('pss_tree_kb', 0)):,.0f} MB |"
        )
    repeated = [(size, r) for size, r in runs if len(r.get("all_docs_per_s", ())) > 1]
    if repeated:
        lines += [
            "",
            "Sizes run more than once show their median run (by docs/s). Every run, in order, "
            "with the machine's pace just before it (seconds of a fixed pure-Python workload, "
            "lower is faster):",
            "",
        ]
        for size, r in repeated:
            each = ", ".join(
                f"{rate:,.0f}" + (f" ({pace:.2f} s)" if pace is not None else "")
                for rate, pace in zip(r["all_docs_per_s"], r["all_pace"], strict=True)
            )
            lines.append(f"- {size:,} documents: {each} docs/s")
    if len(runs) >= 2:
        (s0, r0), (s1, r1) = runs[0], runs[-1]
        lines += [
            "",
            f"Growth from {s0:,} to {s1:,} documents ({s1 / s0:.0f}x): wall time "
            f"x{r1['wall'] / r0['wall']:.1f}, throughput x{r1['docs_per_s'] / r0['docs_per_s']:.2f}, "
            f"peak RSS of the main process x{r1['rss_main_kb'] / r0['rss_main_kb']:.2f}.",
        ]
    timed = [(size, r) for size, r in runs if r.get("cpu")]
    if timed:
        lines += [
            "",
            "### Where the CPU goes (read from /proc every 0.25 s; the pool's last quarter "
            "second is missed)",
            "",
            "| documents | main, ingest | pool, ingest | main, fusion | pool, fusion | total | "
            "total per document | docs/s if both cores did nothing else |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        cores = int(info["cores"]) if info["cores"].isdigit() else 1
        for size, r in timed:
            c = r["cpu"]
            total = sum(c.values())
            lines.append(
                f"| {size:,} | {c['main_ingest']:.1f} s | {c['pool_ingest']:.1f} s | "
                f"{c['main_fuse']:.1f} s | {c['pool_fuse']:.1f} s | {total:.1f} s | "
                f"{1000 * total / size:.2f} ms | {size * cores / total:,.0f} |"
            )
    lines += [
        "",
        f"Corpus generation alone: {gen_rate:,.0f} docs/s. It is pure Python that parley's "
        "code does not touch, so it gauges the machine's speed during the runs: compare two "
        "reports by it first (on a shared VM it drifts by 10 % and more within an hour).",
        "",
    ]
    scored = [(size, r["quality"]) for size, r in runs if r.get("quality")]
    if scored:
        lines += [
            "## Quality on the synthetic corpora (`parley eval` against the generated gold)",
            "",
            "| documents | events F1 (type+pair) | full F1 | main recall | fusion pairwise F1 | "
            "B-cubed F1 | merged confounders |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for size, q in scored:
            lines.append(
                f"| {size:,} | {q['events_typed_f1']:.3f} | {q['events_full_f1']:.3f} | "
                f"{q['main_recall_typed']:.3f} | {q['fusion_pairwise_f1']:.3f} | "
                f"{q['fusion_bcubed_f1']:.3f} | {q['confounder_merges']:.0f} |"
            )
        lines += [
            "",
            "The generated gold is exact about what the templates say, so these numbers check "
            "that quality holds as the corpus grows; the dev set (tests/test_eval_gate.py) is "
            "the measure of quality itself.",
            "",
        ]
    if stages:
        n = stages["documents"]
        lines += [
            f"## Time per stage ({n:,.0f} documents, one process, stage functions called directly)",
            "",
            "| stage | total s | ms/doc | docs/s |",
            "|---|---:|---:|---:|",
        ]
        total = 0.0
        for name in ("ingest", "clean", "signature", "annotate", "coding", "store", "fusion"):
            t = stages[name]
            total += t
            rate = n / t if t else float("inf")
            lines.append(f"| {name} | {t:.2f} | {1000 * t / n:.2f} | {rate:,.0f} |")
        lines.append(f"| **all** | {total:.2f} | {1000 * total / n:.2f} | {n / total:,.0f} |")
        lines += ["", f"{stages['mentions']:,.0f} event mentions were coded.", ""]
    if classify:
        count = classify["count"]
        lines += [
            "## `parley classify` (contract 3)",
            "",
            f"{count:,.0f} generated sentences, each with a source and a target that occur in it; "
            "one process, batches of 1,000.",
            "",
            f"- the hybrid that `parley classify` uses (rules plus the learned model, "
            f"`parley.learn.hybrid_many`): {classify['hybrid']:,.0f} sentences/s",
            f"- the rules alone (`parley.coding.classify_many`): {classify['rules']:,.0f} "
            "sentences/s",
        ]
        if "cli_rate" in classify:
            lines.append(
                f"- the command line, JSONL through stdin: {classify['cli_rate']:,.0f} "
                f"sentences/s including start-up; start-up alone (one sentence) "
                f"{classify['cli_startup']:.1f} s"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line of the benchmark."""
    ap = argparse.ArgumentParser(description="Reproduce BENCHMARKS.md")
    ap.add_argument("--full", action="store_true", help="also run 100k documents")
    ap.add_argument("--sizes", type=int, nargs="*", help="corpus sizes (default 1000 10000)")
    ap.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: settings)"
    )
    ap.add_argument("--stage-docs", type=int, default=1000, help="documents for stage timing")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--classify-rows", type=int, default=20_000, help="sentences for the classify rates"
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="end-to-end runs per size: the table shows the median one, and every run is listed",
    )
    ap.add_argument("--keep", type=Path, help="keep corpora and stores in this folder")
    ap.add_argument("--no-write", action="store_true", help="print, do not write BENCHMARKS.md")
    ap.add_argument("--child", nargs=2, metavar=("DOCS", "DB"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child_run(args.child[0], args.child[1], args.workers)
        return

    sizes = args.sizes or [1000, 10000]
    if args.full and 100_000 not in sizes:
        sizes.append(100_000)
    info = machine()
    work = args.keep or Path(tempfile.mkdtemp(prefix="parley-bench-"))
    runs: list[tuple[int, dict[str, Any]]] = []
    gen_docs = gen_time = 0.0
    corpora: dict[int, Path] = {}
    for size in sizes:
        out = work / f"corpus-{size}-seed{args.seed}"
        start = time.perf_counter()
        write_corpus(out, size, args.seed)
        gen_time += time.perf_counter() - start
        gen_docs += size
        corpora[size] = out / "docs"
        db = work / f"run-{size}.duckdb"
        results = []
        for _ in range(max(args.repeat, 1)):
            for stale in (db, Path(f"{db}.wal")):
                stale.unlink(missing_ok=True)
            print(f"bench: {size:,} documents ...", file=sys.stderr, flush=True)
            pace = machine_pace()
            result = end_to_end(corpora[size], db, args.workers)
            result["pace"] = pace
            print(
                f"bench: {size:,} documents: {result['docs_per_s']:,.0f} docs/s, "
                f"{_rss_mb(result['rss_main_kb']):,.0f} MB peak (machine pace {pace:.2f} s)",
                file=sys.stderr,
            )
            results.append(result)
        result = median_run(results)
        # (every run stores the same events: the last one's store is scored)
        result["quality"] = corpus_quality(out / "gold.jsonl", db)
        runs.append((size, result))
        if not args.keep:
            db.unlink(missing_ok=True)
    stages = stage_times(corpora[min(sizes)], args.stage_docs)
    items = classify_items(args.classify_rows)
    classify: dict[str, float] = {"count": len(items), **classify_rates(items)}
    cli = classify_cli(items)
    if cli is not None:
        classify["cli_startup"], classify["cli_rate"] = cli
    text = render(info, runs, stages, classify, gen_docs / gen_time if gen_time else 0.0)
    if args.no_write:
        print(text)
    else:
        (ROOT / "BENCHMARKS.md").write_text(text + "\n", encoding="utf-8")
        print(f"bench: wrote {ROOT / 'BENCHMARKS.md'}", file=sys.stderr)
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
