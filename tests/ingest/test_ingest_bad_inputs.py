"""Bad inputs become Failures that name the file and line and say how to fix it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.ingest import read_inputs
from parley.models import Document, Failure


def read(*paths: Path | str, **kwargs: object) -> tuple[list[Document], list[Failure]]:
    """Documents and failures of a read."""
    items = list(read_inputs([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]
    return (
        [i for i in items if isinstance(i, Document)],
        [i for i in items if isinstance(i, Failure)],
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("blob.txt", bytes(range(256)) * 8),
        ("blob.html", b"<html>\x00\x01\x02\x00\x00 binary"),
        ("blob.json", b'{"text": "\x00\x00\x00"}'),
        ("blob.rss", b"\x00\x01\x02\x03" * 100),
        ("blob.jsonl", b"\x00\x01{}\n"),
    ],
    ids=["txt", "html", "json", "rss", "jsonl"],
)
def test_read_inputs_binary_file_is_failure(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    docs, (failure,) = read(path)
    assert docs == []
    assert "binary" in failure.reason
    assert failure.origin == str(path) and failure.stage == "ingest"


@pytest.mark.parametrize(
    ("name", "data"),
    [("empty.txt", b""), ("blank.txt", b"  \n\n \t\n"), ("empty.html", b""), ("empty.json", b"")],
    ids=["txt", "whitespace", "html", "json"],
)
def test_read_inputs_empty_file_is_failure(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    docs, (failure,) = read(path)
    assert docs == []
    assert "empty" in failure.reason
    assert failure.message().startswith(f"cannot read '{path}': the file is empty.")


def test_read_inputs_jsonl_broken_line_keeps_good_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Freedonia spoke."}),
        '{"id": "b", "text": "unterminated',
        json.dumps({"id": "c", "text": "Sylvania replied."}),
        "",
        json.dumps({"id": "d", "title": "no text"}),
        json.dumps({"id": "e", "text": "Talks ended.", "published": "next week"}),
        json.dumps(["not", "an", "object"]),
    ]
    path.write_text("\n".join(lines) + "\n")
    docs, failures = read(path)
    assert [d.id for d in docs] == ["a", "c"]
    assert [(f.line, f.origin) for f in failures] == [
        (2, str(path)),
        (5, str(path)),
        (6, str(path)),
        (7, str(path)),
    ]
    assert "not valid JSON" in failures[0].reason
    assert "(line 2)" in failures[0].message()
    assert '"text"' in failures[1].reason
    assert "'next week'" in failures[2].reason and "YYYY-MM-DD" in failures[2].fix
    assert "list" in failures[3].reason


def test_read_inputs_json_syntax_error_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "id": "x",\n  "text": "ok"\n  "title": "missing comma"\n}\n')
    docs, (failure,) = read(path)
    assert docs == []
    assert failure.line == 4
    assert "not valid JSON" in failure.reason


def test_read_inputs_unclosed_feed_without_items_is_failure(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text('<?xml version="1.0"?>\n<rss version="2.0">\n<channel>\n<title>X</title>\n')
    docs, (failure,) = read(path)
    assert docs == []
    assert "not a well-formed RSS or Atom feed" in failure.reason
    assert failure.line is not None


def test_read_inputs_truncated_feed_yields_recovered_items(tmp_path: Path) -> None:
    path = tmp_path / "cut.rss"
    path.write_text(
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>X</title>\n'
        "<item><title>One</title><description>Freedonia spoke first.</description></item>\n"
        "<item><title>Two</title><description>Sylvania spoke second.</description></item>\n"
        "<item><title>Thr"
    )
    docs, (failure,) = read(path)
    assert [d.title for d in docs] == ["One", "Two"]
    assert "2 items before the error were read" in failure.reason


def test_read_inputs_xml_that_is_not_a_feed_is_failure(tmp_path: Path) -> None:
    path = tmp_path / "config.xml"
    path.write_text('<?xml version="1.0"?>\n<config><option name="a">1</option></config>\n')
    docs, (failure,) = read(path)
    assert docs == [] and "not an RSS or Atom feed" in failure.reason


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("latin-1", "Le ministre a rencontré son homologue à Genève pour des négociations."),
        ("latin-1", "Señor Pérez visitó Bogotá.\nLa reunión fue cordial."),
        ("cp1252", "The minister’s “frank” talks ended – as expected."),
        ("utf-8-sig", "Außenministerin traf in Köln ihren Amtskollegen."),
        ("utf-16", "Talks in Zürich were “constructive”."),
        ("cp1251", "Министр иностранных дел встретился с коллегой в Москве."),
    ],
    ids=["latin1-fr", "latin1-es", "cp1252-quotes", "utf8-bom", "utf16-bom", "cp1251"],
)
def test_read_inputs_text_encodings_decode_right(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "enc.txt"
    path.write_bytes(text.encode(encoding))
    docs, failures = read(path)
    assert failures == []
    assert docs[0].raw == text


def test_read_inputs_html_declared_charset_is_used(tmp_path: Path) -> None:
    body = "<p>Le ministre des Affaires étrangères a reçu son homologue à Genève hier.</p>" * 3
    page = f'<html><head><meta charset="iso-8859-1"><title>Genève</title></head><body><article>{body}</article></body></html>'
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("latin-1"))
    (doc,), _ = read(path)
    assert "Affaires étrangères" in doc.raw and "Genève" in doc.raw


def test_read_inputs_huge_text_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(40 * 2**20)  # a 40 MB sparse file: never written, never read
    docs, (failure,) = read(path)
    assert docs == []
    assert failure.reason.startswith("document is 40.0 MB; parley reads news-length documents")
    assert "JSONL" in failure.fix


def test_read_inputs_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "medium.txt"
    path.write_text("Freedonia spoke. " * 100)
    docs, (failure,) = read(path, max_bytes=1000)
    assert docs == [] and "document is" in failure.reason


def test_read_inputs_big_jsonl_of_small_documents_streams(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": "Freedonia and Sylvania held talks. " * 20}) + "\n"
    limit = 64 * 1024
    count = (3 * limit) // len(line) + 1  # the file is bigger than the limit, no line is
    path.write_text(line * count)
    docs, failures = read(path, max_bytes=limit)
    assert failures == [] and len(docs) == count


def test_read_inputs_jsonl_overlong_line_is_failure_and_rest_streams(tmp_path: Path) -> None:
    path = tmp_path / "one-big.jsonl"
    small = json.dumps({"id": "s", "text": "Short."}) + "\n"
    big = json.dumps({"id": "b", "text": "x" * 5000}) + "\n"
    path.write_text(small + big + small.replace('"s"', '"t"'))
    docs, (failure,) = read(path, max_bytes=1000)
    assert [d.id for d in docs] == ["s", "t"]
    assert failure.line == 2 and "document is" in failure.reason


def test_read_inputs_huge_single_json_object_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"text": "x" * 5000}))
    docs, (failure,) = read(path, max_bytes=1000)
    assert docs == [] and "document is" in failure.reason


def test_read_inputs_missing_path_is_failure() -> None:
    docs, (failure,) = read("/nonexistent/parley/input.txt")
    assert docs == [] and "no such file" in failure.reason


def test_read_inputs_bad_published_header_names_line(tmp_path: Path) -> None:
    path = tmp_path / "dated.txt"
    path.write_text("title: Talks\npublished: someday\n\nFreedonia spoke.\n")
    docs, (failure,) = read(path)
    assert docs == [] and failure.line == 2 and "'someday'" in failure.reason


def test_read_inputs_one_bad_file_does_not_stop_the_folder(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Freedonia spoke.\n")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_text("Sylvania replied.\n")
    docs, failures = read(tmp_path)
    assert len(docs) == 2 and len(failures) == 1
