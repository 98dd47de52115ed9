"""Partition planning (names and sizes only) and reading a partition like the local engine."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.errors import ConfigError
from parley.ingest import read_inputs
from parley.scale.partitions import (
    Partition,
    count_newlines,
    line_offsets,
    partition_items,
    plan_partitions,
)

MAX = 5 * 2**20


def _doc(n: int, words: int = 8) -> str:
    """A JSONL line about fictional countries (our own words)."""
    text = f"Ruritania and Freedonia held talks number {n}. " + "word " * words
    return json.dumps({"id": f"d{n}", "published": "2024-03-01", "text": text})


def _read_all(parts: list[Partition]) -> list[object]:
    """Read every partition, numbering ranges the way the engine does (counts, then offsets)."""
    out: list[object] = []
    counts: dict[str, list[int]] = {}
    for part in parts:
        if part.is_range:
            assert part.start is not None and part.end is not None
            counts.setdefault(part.paths[0], []).append(
                count_newlines(part.paths[0], part.start, part.end)
            )
    for part in parts:
        offsets = line_offsets(counts[part.paths[0]]) if part.is_range else None
        before = offsets[part.piece] if offsets else 0
        out.extend(partition_items(part, max_bytes=MAX, lines_before=before))
    return out


def _tree(root: Path) -> None:
    """A small corpus folder: nested files, a hidden file, an unknown type."""
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text("Ruritania talks\n\nRuritania met Freedonia.", encoding="utf-8")
    (root / "b" / "c.jsonl").write_text(_doc(1) + "\n" + _doc(2) + "\n", encoding="utf-8")
    (root / "b" / "d.json").write_text(_doc(3), encoding="utf-8")
    (root / ".hidden.txt").write_text("secret", encoding="utf-8")
    (root / "notes.docx").write_bytes(b"PK")


def test_plan_partitions_lists_files_in_the_local_engines_order(tmp_path: Path) -> None:
    _tree(tmp_path)
    parts, missing = plan_partitions([str(tmp_path)], files_per_partition=1)
    assert not missing
    assert [p.paths[0] for p in parts] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "c.jsonl"),
        str(tmp_path / "b" / "d.json"),
    ]
    assert [p.index for p in parts] == [0, 1, 2]
    assert sorted(p.key for p in parts) == [p.key for p in parts]  # shard names sort in order


@pytest.mark.parametrize(
    ("files", "size", "expected"),
    [(256, 2**20, [3]), (2, 2**20, [2, 1]), (1, 2**20, [1, 1, 1])],
    ids=["one-task", "two-files-each", "file-each"],
)
def test_plan_partitions_groups_small_files(
    tmp_path: Path, files: int, size: int, expected: list[int]
) -> None:
    _tree(tmp_path)
    parts, _ = plan_partitions([str(tmp_path)], files_per_partition=files, bytes_per_partition=size)
    assert [len(p.paths) for p in parts] == expected


@pytest.mark.parametrize(
    ("limit", "expected"), [(300, [3, 3, 1]), (100, [1] * 7), (99, [1] * 7)], ids=str
)
def test_plan_partitions_bounds_bytes_per_task(
    tmp_path: Path, limit: int, expected: list[int]
) -> None:
    for n in range(7):
        (tmp_path / f"{n}.txt").write_text("x" * 100, encoding="utf-8")
    parts, _ = plan_partitions([str(tmp_path)], bytes_per_partition=limit)
    assert [len(p.paths) for p in parts] == expected
    assert [p.size for p in parts] == [100 * n for n in expected]


def test_plan_partitions_is_deterministic_and_keys_name_the_range(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    big.write_text("".join(_doc(n) + "\n" for n in range(200)), encoding="utf-8")
    first, _ = plan_partitions([str(big)], bytes_per_partition=4000)
    again, _ = plan_partitions([str(big)], bytes_per_partition=4000)
    assert first == again
    assert len(first) > 3 and all(p.is_range for p in first)
    assert [p.piece for p in first] == list(range(len(first)))
    assert first[0].start == 0 and first[-1].end == big.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(first))
    assert len({p.key for p in first}) == len(first)


def test_plan_partitions_reports_missing_paths_and_expands_globs(tmp_path: Path) -> None:
    _tree(tmp_path)
    parts, missing = plan_partitions([str(tmp_path / "nowhere"), str(tmp_path / "b" / "*.json*")])
    assert [f.origin for f in missing] == [str(tmp_path / "nowhere")]
    assert missing[0].reason == "no such file or folder"
    assert parts[0].paths == (str(tmp_path / "b" / "c.jsonl"), str(tmp_path / "b" / "d.json"))


def test_plan_partitions_makes_paths_absolute(tmp_path: Path, monkeypatch) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    parts, _ = plan_partitions(["b"])
    assert all(os.path.isabs(p) for part in parts for p in part.paths)


@pytest.mark.parametrize(
    ("args", "message"),
    [((["-"],), "cannot read stdin"), ((["x"],), "must be positive")],
    ids=["stdin", "zero-limit"],
)
def test_plan_partitions_refuses_bad_requests(args: tuple, message: str) -> None:
    kwargs = {"files_per_partition": 0} if message == "must be positive" else {}
    with pytest.raises(ConfigError, match=message):
        plan_partitions(*args, **kwargs)


def test_partition_items_of_files_equal_read_inputs(tmp_path: Path) -> None:
    _tree(tmp_path)
    parts, _ = plan_partitions([str(tmp_path)], files_per_partition=2)
    assert _read_all(parts) == list(read_inputs([str(tmp_path)]))


LINES = st.lists(
    st.one_of(
        st.integers(0, 10_000).map(lambda n: _doc(n, n % 40)),
        st.sampled_from(["", "   ", "{not json", "[1, 2]", '{"id": "x"}', '"just text"']),
    ),
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=LINES, split=st.integers(1, 900), newline_at_end=st.booleans())
def test_byte_ranges_read_every_line_once_with_its_true_number(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], split: int, newline_at_end: bool
) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "shard.jsonl"
    body = "\n".join(lines) + ("\n" if newline_at_end else "")
    path.write_text(body, encoding="utf-8")
    if path.stat().st_size == 0:
        return
    parts, _ = plan_partitions([str(path)], bytes_per_partition=split)
    assert _read_all(parts) == list(read_inputs([str(path)]))


def test_byte_ranges_keep_line_numbers_of_failures(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [_doc(n) for n in range(30)]
    lines[17] = "{broken"
    lines[25] = '{"title": "no text"}'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parts, _ = plan_partitions([str(path)], bytes_per_partition=500)
    items = _read_all(parts)
    failures = [i for i in items if not hasattr(i, "raw")]
    assert [f.line for f in failures] == [18, 26]  # type: ignore[attr-defined]
    assert [d.origin for d in items if hasattr(d, "raw")][-1] == f"{path}:30"  # type: ignore[attr-defined]


def test_count_newlines_counts_a_range(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"a\nbb\n\nccc\n")
    assert count_newlines(str(path), 0, path.stat().st_size) == 4
    assert count_newlines(str(path), 2, 6) == 2
    assert count_newlines(str(tmp_path / "gone"), 0, 10) == 0
    assert line_offsets([2, 0, 3]) == [0, 2, 2, 5]
