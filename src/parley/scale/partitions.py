"""Plan coarse tasks from the inputs without reading a document, and read one task's documents.

The client lists files (folders walked in the local engine's order, globs expanded) and groups
them into :class:`Partition` s: a run of small files, or a byte range of a big JSONL shard. Only
file names and sizes are looked at, so planning a terabyte of inputs costs a directory walk.
A worker then reads its partition with :func:`partition_items`, which yields exactly what
:func:`parley.ingest.read_inputs` yields for the same files (for a byte range: the lines that
*start* inside it, with their true line numbers once :func:`count_newlines` has counted the
lines before the range).
"""

from __future__ import annotations

import glob
import hashlib
import itertools
import json
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from parley.errors import ConfigError

# The ingest stage's own walker, JSONL line reader and error guard: a partition must read its
# files exactly like the local engine does (same order, same failures, same line numbers).
from parley.ingest import read_inputs
from parley.ingest.reader import FORMATS, guard_input, read_jsonl_range, walk_inputs
from parley.models import Document, Failure, Model

FILES_PER_PARTITION = 256
"""Small files per task: enough work (~0.3 s) to hide the per-task overhead of a cluster."""
BYTES_PER_PARTITION = 2**20
"""Bytes per task (a few hundred news documents); bigger JSONL files are split in ranges."""
_GLOB_CHARS = frozenset("*?[")
_READ_CHUNK = 1 << 20


class Partition(Model):
    """One task's share of the inputs: whole files, or a byte range of one JSONL file.

    ``key`` names its shard files: ``p<index>-<digest of the paths and range>``, so the same
    inputs always give the same names (a retried task overwrites its own shards) and shard
    names sort in input order.
    """

    key: str
    index: int
    paths: tuple[str, ...]
    start: int | None = None  # byte range [start, end) of paths[0] (JSONL only)
    end: int | None = None
    piece: int = 0  # which range of its file (0 = the first)
    size: int = 0  # bytes of input, for planning and progress

    @property
    def is_range(self) -> bool:
        """Whether this partition is a byte range of one JSONL file."""
        return self.start is not None


def _key(index: int, paths: Sequence[str], start: int | None, end: int | None) -> str:
    """Deterministic shard name; sha256, never Python's salted hash()."""
    blob = json.dumps([list(paths), start, end]).encode("utf-8")
    return f"p{index:08d}-{hashlib.sha256(blob).hexdigest()[:12]}"


def _missing(given: str) -> Failure:
    """The local engine's failure for a path that does not exist."""
    return Failure(
        origin=given,
        stage="ingest",
        reason="no such file or folder",
        fix="Check the path; parley reads files, folders and '-' for JSONL on stdin.",
    )


def _expand(given: str) -> list[Path] | None:
    """The files one command-line input names (None: it names nothing)."""
    if given == "-":
        raise ConfigError(
            "the dask engine cannot read stdin ('-'): workers read the inputs themselves.",
            fix="Save the JSONL to a file on storage the workers share, and pass its path.",
        )
    path = Path(given)
    if path.is_dir():
        return list(walk_inputs(path))
    if path.is_file():
        return [path]
    if _GLOB_CHARS & set(given):
        found: list[Path] = []
        for match in sorted(glob.glob(given, recursive=True)):
            found.extend(walk_inputs(Path(match)) if Path(match).is_dir() else [Path(match)])
        return found or None
    return None


def _size(path: Path) -> int:
    """Bytes of a file (0 when it cannot be stat-ed: reading it will report why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def plan_partitions(
    paths: Sequence[str],
    *,
    files_per_partition: int = FILES_PER_PARTITION,
    bytes_per_partition: int = BYTES_PER_PARTITION,
) -> tuple[list[Partition], list[Failure]]:
    """Group the inputs into coarse tasks, in input order, reading no document.

    Args:
        paths: files, folders (walked like the local engine walks them) or glob patterns.
        files_per_partition: at most this many files in one task.
        bytes_per_partition: about this many bytes per task; a JSONL file larger than this is
            split into byte ranges of about this size.

    Returns:
        The partitions (paths made absolute, for workers with another working folder) and a
        failure for every input that names nothing.

    Raises:
        ConfigError: ``-`` (stdin) was given, or a limit is not positive.

    Example:
        >>> parts, missing = plan_partitions(["corpus/"])  # doctest: +SKIP
        >>> parts[0].key  # doctest: +SKIP
        'p00000000-3f2a9c81d0e4'
    """
    if files_per_partition < 1 or bytes_per_partition < 1:
        raise ConfigError(
            f"partition limits must be positive (got {files_per_partition} files, "
            f"{bytes_per_partition} bytes).",
            fix="Use at least 1 file and 1 byte per partition.",
        )
    parts: list[Partition] = []
    failures: list[Failure] = []
    group: list[str] = []
    group_bytes = 0

    def add(
        names: Sequence[str],
        size: int,
        start: int | None = None,
        end: int | None = None,
        piece: int = 0,
    ) -> None:
        index = len(parts)
        key = _key(index, names, start, end)
        parts.append(
            Partition(
                key=key,
                index=index,
                paths=tuple(names),
                start=start,
                end=end,
                piece=piece,
                size=size,
            )
        )

    def flush() -> None:
        nonlocal group, group_bytes
        if group:
            add(group, group_bytes)
        group, group_bytes = [], 0

    for given in paths:
        files = _expand(given)
        if files is None:
            failures.append(_missing(given))
            continue
        for file in files:
            name = os.path.abspath(file)
            size = _size(file)
            splits = FORMATS.get(file.suffix.lower()) == "jsonl" and size > bytes_per_partition
            if splits:
                flush()
                pieces = -(-size // bytes_per_partition)
                bounds = [size * i // pieces for i in range(pieces + 1)]
                for piece, (lo, hi) in enumerate(itertools.pairwise(bounds)):
                    add([name], hi - lo, lo, hi, piece)
                continue
            if group and (
                len(group) >= files_per_partition or group_bytes + size > bytes_per_partition
            ):
                flush()
            group.append(name)
            group_bytes += size
    flush()
    return parts, failures


# ------------------------------------------------------------------------------ on a worker


def count_newlines(path: str, start: int, end: int) -> int:
    """Count the line breaks in bytes ``[start, end)`` of a file (to number the next range).

    Args:
        path: the file.
        start: first byte.
        end: end byte (exclusive).

    Returns:
        The number of ``\\n`` bytes in the range (0 when the file cannot be read: reading the
        range itself will report the problem).
    """
    count = 0
    try:
        with open(path, "rb") as fh:
            fh.seek(start)
            left = end - start
            while left > 0:
                chunk = fh.read(min(_READ_CHUNK * 8, left))
                if not chunk:
                    break
                count += chunk.count(b"\n")
                left -= len(chunk)
    except OSError:
        return 0
    return count


def line_offsets(counts: Sequence[int]) -> list[int]:
    """Line breaks before each range of a file, from the counts of the ranges before it.

    Args:
        counts: :func:`count_newlines` of ranges 0..n-2 of one file, in order.

    Returns:
        ``n`` prefix sums: ``[0, c0, c0+c1, ...]``.
    """
    out = [0]
    for c in counts:
        out.append(out[-1] + c)
    return out


def _bounded_readline(fh: BinaryIO, end: int) -> Callable[[int], bytes]:
    """A readline that stops at the first line starting at or after ``end``."""
    state = {"at_start": True}

    def read(limit: int) -> bytes:
        if state["at_start"] and fh.tell() >= end:
            return b""
        chunk = fh.readline(limit)
        state["at_start"] = chunk.endswith(b"\n")
        return chunk

    return read


def _skip_partial_line(fh: BinaryIO, start: int) -> int:
    """Move to the first line starting at or after ``start``; 1 if a line break was skipped."""
    if start == 0:
        return 0
    fh.seek(start - 1)
    if fh.read(1) == b"\n":
        return 0
    while True:
        rest = fh.readline(_READ_CHUNK)
        if not rest:
            return 0
        if rest.endswith(b"\n"):
            return 1


def _renumbered(item: Document | Failure, origin: str, shift: int) -> Document | Failure:
    """Give an item read from the middle of a file its line number in the whole file."""
    if shift == 0:
        return item
    if isinstance(item, Failure):
        return item if item.line is None else item.model_copy(update={"line": item.line + shift})
    prefix = origin + ":"
    if item.origin and item.origin.startswith(prefix) and item.origin[len(prefix) :].isdigit():
        line = int(item.origin[len(prefix) :]) + shift
        return item.model_copy(update={"origin": f"{origin}:{line}"})
    return item


def _range_items(
    path: str, start: int, end: int, lines_before: int, max_bytes: int
) -> Iterator[Document | Failure]:
    """Documents of the JSONL lines that start in ``[start, end)``, numbered as in the file."""
    with open(path, "rb") as fh:
        skipped = _skip_partial_line(fh, start)
        shift = lines_before + skipped
        readline = _bounded_readline(fh, end)
        for item in read_jsonl_range(readline, path, "jsonl", max_bytes):
            yield _renumbered(item, path, shift)


def partition_items(
    part: Partition, *, max_bytes: int, lines_before: int = 0
) -> Iterator[Document | Failure]:
    """Read one partition's documents, exactly as the local engine reads those files.

    Args:
        part: the partition.
        max_bytes: the largest single document accepted.
        lines_before: for a byte range, the line breaks in its file before ``part.start``.

    Yields:
        Documents and failures, in file order.
    """
    if not part.is_range:
        yield from read_inputs(part.paths, max_bytes=max_bytes)
        return
    path = part.paths[0]
    assert part.start is not None and part.end is not None
    yield from guard_input(path, _range_items(path, part.start, part.end, lines_before, max_bytes))
