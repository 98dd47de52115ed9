"""Walk the inputs (files, folders, stdin) and stream documents, one bad input never stops it."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from parley.errors import EncodingError, FormatError, InputError
from parley.ingest.decode import decode_bytes
from parley.ingest.formats import (
    as_failure,
    document_from_object,
    read_feed,
    read_html,
    read_text,
    size_problem,
)
from parley.models import Document, Failure

#: A single document larger than this (bytes of text) is refused: parley reads news.
DEFAULT_MAX_BYTES = 5 * 2**20
#: Formats that parse a whole file at once (a JSON list, a feed) may hold this many documents'
#: worth of bytes; bigger collections belong in JSONL, which streams.
CONTAINER_FACTOR = 20

FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(FORMATS)
STDIN = "-"
_STDIN_ORIGIN = "<stdin>"

Item = Document | Failure


def _failure(origin: str, reason: str, fix: str, line: int | None = None) -> Failure:
    """A Failure of the ingest stage."""
    return Failure(origin=origin, line=line, stage="ingest", reason=reason, fix=fix)


def walk_inputs(folder: Path) -> Iterator[Path]:
    """List the input files under a folder, in the order :func:`read_inputs` reads them.

    Args:
        folder: the folder to walk (recursively).

    Returns:
        Files of a supported type, in sorted path order, hidden files and folders skipped.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from walk_inputs(Path(entry.path))
        elif entry.is_file() and Path(entry.name).suffix.lower() in FORMATS:
            yield Path(entry.path)


def _lines(
    readline: Callable[[int], bytes | str], limit: int
) -> Iterator[tuple[int, bytes | str | None, int]]:
    """(line number, line or None when too long, size) without ever holding a too-long line."""
    number = 0
    while True:
        chunk = readline(limit + 1)
        if not chunk:
            return
        number += 1
        if len(chunk) > limit and chunk[-1:] not in (b"\n", "\n"):
            size = len(chunk)
            while True:
                more = readline(1 << 20)
                size += len(more)
                if not more or more[-1:] in (b"\n", "\n"):
                    break
            yield number, None, size
        else:
            yield number, chunk, len(chunk)


def _decode_line(chunk: bytes | str, first: bool) -> str:
    """A JSONL line as text: UTF-8 (BOM on the first line allowed), else Latin-1/cp1252."""
    if isinstance(chunk, str):
        return chunk.lstrip("\ufeff") if first else chunk
    if first and chunk.startswith(b"\xef\xbb\xbf"):
        chunk = chunk[3:]
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError:
        return chunk.decode("cp1252", errors="replace")


def read_jsonl_range(
    readline: Callable[[int], bytes | str], origin: str, fmt: str, max_bytes: int
) -> Iterator[Item]:
    """Read JSONL documents, one per line, from a whole file or a byte range of one.

    A bad line is a Failure and the rest go on; line numbers count from the first line
    ``readline`` returns.

    Args:
        readline: ``readline(limit)`` of a binary or text stream positioned at a line start.
        origin: the file name for documents and failures.
        fmt: the format recorded on documents (``jsonl`` or ``stdin``).
        max_bytes: the longest line accepted.

    Returns:
        An iterator of documents and failures.
    """
    for number, chunk, size in _lines(readline, max_bytes):
        if chunk is None:
            reason, fix = size_problem(size, max_bytes)
            yield _failure(origin, reason, fix, line=number)
            continue
        if b"\x00" in chunk if isinstance(chunk, bytes) else "\x00" in chunk:
            yield as_failure(
                EncodingError(
                    origin,
                    "looks like a binary file (NUL bytes)",
                    line=number,
                    fix="parley reads JSONL as UTF-8 text, one JSON object per line.",
                )
            )
            return
        text = _decode_line(chunk, number == 1)
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as err:
            yield _failure(
                origin,
                f"line is not valid JSON ({err.msg} at column {err.colno})",
                "Fix or remove the line; each line must hold one JSON object.",
                line=number,
            )
            continue
        try:
            yield document_from_object(obj, origin, line=number, fmt=fmt, max_chars=max_bytes)
        except InputError as err:
            yield as_failure(err)


def _read_json(path: Path, origin: str, size: int, max_bytes: int) -> Iterator[Item]:
    """Documents from a ``.json`` file: one object, or a list of them."""
    if size > max_bytes:
        with path.open("rb") as fh:
            head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith(b"[") or size > max_bytes * CONTAINER_FACTOR:
            reason, fix = size_problem(size, max_bytes)
            if head.startswith(b"["):
                fix = "Write big collections as JSONL (one document per line): it streams."
            yield _failure(origin, reason, fix)
            return
    text = decode_bytes(path.read_bytes(), origin)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise FormatError(
            origin,
            f"not valid JSON ({err.msg} at column {err.colno})",
            line=err.lineno,
            fix="Fix the file; .json holds one document object or a list of them.",
        ) from err
    if isinstance(value, list):
        for number, obj in enumerate(value, start=1):
            try:
                yield document_from_object(obj, f"{origin}[{number}]", max_chars=max_bytes)
            except InputError as err:
                yield as_failure(err)
    else:
        yield document_from_object(value, origin, max_chars=max_bytes)


def _read_path(path: Path, fmt: str, max_bytes: int) -> Iterator[Item]:
    """Documents of one file of a known format (errors raised, turned into Failures above)."""
    origin = str(path)
    size = path.stat().st_size
    if size == 0:
        raise InputError(origin, "the file is empty", fix="Remove it or give it some text.")
    if fmt == "jsonl":
        with path.open("rb") as fh:
            yield from read_jsonl_range(fh.readline, origin, "jsonl", max_bytes)
        return
    if fmt == "json":
        yield from _read_json(path, origin, size, max_bytes)
        return
    if fmt == "feed":
        if size > max_bytes * CONTAINER_FACTOR:
            reason, _ = size_problem(size, max_bytes * CONTAINER_FACTOR)
            raise FormatError(
                origin,
                reason.replace("document", "feed"),
                fix="Split the feed, or convert it to JSONL (one document per line).",
            )
        data = path.read_bytes()
        if b"\x00" in data[:65536]:
            decode_bytes(data, origin)  # raises the binary-file error
        yield from read_feed(data, origin, max_chars=max_bytes)
        return
    if size > max_bytes:
        reason, fix = size_problem(size, max_bytes)
        raise InputError(origin, reason, fix=fix)
    text = decode_bytes(path.read_bytes(), origin)
    yield read_html(text, origin) if fmt == "html" else read_text(text, origin)


def guard_input(origin: str, items: Iterator[Item]) -> Iterator[Item]:
    """Pass items through, turning an error raised while reading one input into a Failure.

    Args:
        origin: the input being read, for the failure.
        items: the input's documents and failures, as they are read.

    Returns:
        The same items, then a Failure (and the end) if reading raised.
    """
    try:
        yield from items
    except InputError as err:
        yield as_failure(err)
    except (OSError, UnicodeError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        yield _failure(
            origin, reason[0].lower() + reason[1:], "Check the file and its permissions."
        )


def read_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Read one file of any supported format.

    Args:
        path: the file.
        max_bytes: the largest single document accepted.

    Yields:
        Documents, and a Failure for anything that cannot be read (the file or one line/item).

    Example:
        >>> [d.id for d in read_file("tests/fixtures/ingest/one.json")]  # doctest: +SKIP
        ['one']
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        yield _failure(
            str(path),
            f"unknown file type {path.suffix or '(no extension)'!r}",
            f"parley reads {', '.join(SUPPORTED_EXTENSIONS)}; rename the file or convert it.",
        )
        return
    yield from guard_input(str(path), _read_path(path, fmt, max_bytes))


def read_inputs(
    paths: Iterable[str], *, stdin: TextIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | Failure]:
    """Stream the documents of files, folders and stdin, never holding the corpus in memory.

    Folders are read recursively in sorted order, skipping hidden files and folders and files
    of unknown types. ``"-"`` reads JSONL from ``stdin``. Formats: ``.txt``, ``.html``/``.htm``,
    ``.json`` (an object or a list), ``.jsonl``, ``.xml``/``.rss``/``.atom`` feeds.

    Args:
        paths: file paths, folder paths, or ``"-"``.
        stdin: where ``"-"`` reads from (``sys.stdin`` by default).
        max_bytes: the largest single document accepted (5 MB by default).

    Yields:
        A :class:`Document` per document read, and a :class:`Failure` (origin, line, reason,
        fix) per file, line or item that could not be read; reading always goes on.

    Example:
        >>> docs = [d for d in read_inputs(["corpus/"]) if isinstance(d, Document)]  # doctest: +SKIP
    """
    for given in paths:
        if given == STDIN:
            stream = stdin if stdin is not None else sys.stdin
            yield from guard_input(
                _STDIN_ORIGIN,
                read_jsonl_range(stream.readline, _STDIN_ORIGIN, "stdin", max_bytes),
            )
            continue
        path = Path(given)
        if path.is_dir():
            for file in walk_inputs(path):
                yield from read_file(file, max_bytes=max_bytes)
        elif path.is_file():
            yield from read_file(path, max_bytes=max_bytes)
        else:
            yield _failure(
                given,
                "no such file or folder",
                "Check the path; parley reads files, folders and '-' for JSONL on stdin.",
            )
