"""Every contract-1 input format reads into Documents with the right fields."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from parley.ingest import SUPPORTED_EXTENSIONS, document_id, read_file, read_inputs
from parley.models import Document, Failure

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def docs_of(*paths: str | Path, **kwargs: object) -> list[Document]:
    """Read inputs and insist that nothing failed."""
    items = list(read_inputs([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]
    failures = [i.message() for i in items if isinstance(i, Failure)]
    assert failures == []
    return [i for i in items if isinstance(i, Document)]


def test_read_inputs_txt_headers_fill_fields_and_raw_keeps_file() -> None:
    path = FIXTURES / "headers.txt"
    (doc,) = docs_of(path)
    assert doc.raw == path.read_text(encoding="utf-8")
    assert doc.title == "Freedonia and Sylvania agree to reopen border crossings"
    assert doc.url == "https://wire.example.org/2024/05/border-crossings"
    assert doc.outlet == "Example Wire"
    assert doc.published == dt.date(2024, 5, 14)
    assert doc.format == "txt"
    assert doc.origin == str(path)


def test_read_inputs_txt_first_line_title() -> None:
    (doc,) = docs_of(FIXTURES / "titled.txt")
    assert doc.title == "Sylvanian envoy summoned over fishing dispute"
    assert doc.published is None


def test_read_inputs_html_extracts_text_and_metadata() -> None:
    path = FIXTURES / "page.html"
    (doc,) = docs_of(path)
    assert doc.format == "html"
    assert doc.title == "Freedonia and Sylvania sign river accord"
    assert doc.url == "https://wire.example.org/2024/03/river-accord"
    assert doc.published == dt.date(2024, 3, 5)
    assert "share the waters of the Blue River" in doc.raw
    assert "Home" not in doc.raw and "Copyright" not in doc.raw
    assert doc.html == path.read_text(encoding="utf-8")


def test_read_inputs_jsonl_one_document_per_line() -> None:
    docs = docs_of(FIXTURES / "docs.jsonl")
    assert [d.id for d in docs] == ["fr-1", "fr-2"]
    assert docs[0].outlet == "Example Wire"
    assert docs[1].published == dt.date(2024, 6, 2)
    assert docs[1].origin is not None and docs[1].origin.endswith("docs.jsonl:2")
    assert {d.format for d in docs} == {"jsonl"}


def test_read_inputs_json_list_and_hash_id() -> None:
    docs = docs_of(FIXTURES / "list.json")
    assert docs[0].id == "l-1"
    assert docs[1].id == document_id(docs[1].raw)
    assert docs[1].id.startswith("doc-") and len(docs[1].id) == 20


def test_read_inputs_json_date_prefix_gives_published_when_missing(tmp_path: Path) -> None:
    path = tmp_path / "noted.json"
    path.write_text(json.dumps({"text": " date 2024-04-03 The minister spoke today."}))
    (doc,) = docs_of(path)
    assert doc.published == dt.date(2024, 4, 3)


def test_read_inputs_json_html_only_is_extracted() -> None:
    markup = (FIXTURES / "page.html").read_text(encoding="utf-8")
    stream = io.StringIO(json.dumps({"id": "h-1", "html": markup}) + "\n")
    (doc,) = docs_of("-", stdin=stream)
    assert doc.id == "h-1"
    assert doc.format == "stdin"
    assert "Blue River" in doc.raw
    assert doc.title == "Freedonia and Sylvania sign river accord"
    assert doc.html == markup


@pytest.mark.parametrize(
    ("name", "titles", "published"),
    [
        (
            "feed.rss",
            ["Freedonia recalls ambassador from Sylvania", "Sylvania regrets recall"],
            # RFC 822 with a -0400 offset: the date as written, not shifted to UTC
            [dt.date(2024, 7, 2), dt.date(2024, 7, 3)],
        ),
        (
            "feed.atom",
            ["Minister holds phone call with Sylvanian counterpart"],
            [dt.date(2024, 9, 16)],
        ),
    ],
    ids=["rss", "atom"],
)
def test_read_inputs_feed_one_document_per_item(
    name: str, titles: list[str], published: list[dt.date]
) -> None:
    docs = docs_of(FIXTURES / name)
    assert [d.title for d in docs] == titles
    assert [d.published for d in docs] == published
    assert all(d.format == "feed" and d.published_raw for d in docs)
    assert all("<" not in d.raw for d in docs)


def test_read_inputs_feed_strips_markup_into_paragraphs() -> None:
    first = docs_of(FIXTURES / "feed.rss")[0]
    assert first.raw == (
        "Freedonia recalled its ambassador from Sylvania on Tuesday for consultations."
        "\n\nThe move follows a row over a dam."
    )
    assert first.url == "https://wire.example.org/2024/07/recall"
    assert first.outlet == "Example Wire: World"


def test_read_inputs_stdin_jsonl() -> None:
    lines = [{"id": "a", "text": "Freedonia spoke."}, {"id": "b", "text": "Sylvania replied."}]
    stream = io.StringIO("\n".join(json.dumps(x) for x in lines) + "\n")
    assert [d.id for d in docs_of("-", stdin=stream)] == ["a", "b"]


def test_read_inputs_folder_recursive_sorted_skips_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Freedonia spoke twice.\n")
    (tmp_path / "a.txt").write_text("Freedonia spoke once.\n")
    (tmp_path / "c.txt").write_text("Freedonia spoke thrice.\n")
    (tmp_path / ".secret.txt").write_text("Hidden file.\n")
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden folder.\n")
    (tmp_path / "notes.md").write_text("# not an input\n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    docs = docs_of(tmp_path)
    assert [Path(d.origin or "").relative_to(tmp_path).as_posix() for d in docs] == [
        "a.txt",
        "b/two.txt",
        "c.txt",
    ]


def test_read_inputs_every_fixture_format_is_supported() -> None:
    suffixes = {p.suffix for p in FIXTURES.iterdir()}
    assert suffixes <= set(SUPPORTED_EXTENSIONS)
    assert {".txt", ".html", ".json", ".jsonl", ".rss", ".atom"} <= suffixes


def test_read_inputs_same_document_twice_same_id(tmp_path: Path) -> None:
    text = "Freedonia and Sylvania agreed to talk again.\n"
    (tmp_path / "one.txt").write_text(text, encoding="utf-8")
    (tmp_path / "two.txt").write_text("\ufeff" + text.replace(" ", "  "), encoding="utf-8")
    first, second = docs_of(tmp_path)
    assert first.id == second.id


def test_read_inputs_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"text": f"Item {i}."}) + "\n" for i in range(3)))
    stream = read_inputs([str(path)])
    assert isinstance(next(stream), Document)


def test_read_file_explicit_unknown_extension_lists_supported(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("Freedonia.\n")
    (failure,) = list(read_file(path))
    assert isinstance(failure, Failure)
    assert "'.md'" in failure.reason
    assert all(ext in failure.fix for ext in SUPPORTED_EXTENSIONS)
