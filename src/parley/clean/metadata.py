"""Leading metadata of a plain-text document: ``key: value`` headers, a title line, a date prefix.

Ingest reads the values (title, url, outlet, published) from here and keeps the file text whole
in ``Document.raw``; clean removes the same spans, so offsets lead back to the file's characters.
Both call :func:`parse_text_header`, so they always agree on what the metadata is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parley.clean.rules import default_rules

# Header keys a .txt file may start with (DESIGN.md contract 1), and the aliases people write.
HEADER_KEYS: dict[str, str] = {
    "title": "title",
    "headline": "title",
    "url": "url",
    "link": "url",
    "published": "published",
    "date": "published",
    "outlet": "outlet",
    "id": "id",
}

_HEADER_RE = re.compile(r"[ \t]*([A-Za-z]+)[ \t]*:[ \t]*(\S.*?)[ \t]*\r?")
# The scraped prefix of seed 001 and dev docs 022/046: " date 2025-10-28 During the visit ..."
_DATE_PREFIX_RE = re.compile(r"[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]+|[ \t]*\r?\n|$)")
_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 30
# A line that is a place and a date ("Cairo, 17 March 2024") or only a date is not a title.
_NOT_TITLE_RE = re.compile(r".+,\s+[\w .]*\d{4}|[\d\s./:,-]+")


@dataclass(frozen=True)
class TextHeader:
    """What the top of a plain-text document says about it, and where it says it."""

    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published_raw: str | None = None
    id: str | None = None
    # (start, end, kind, line_number) spans of the text that are metadata, in text order
    spans: tuple[tuple[int, int, str, int], ...] = field(default=())


def _lines(text: str, start: int) -> tuple[str, int, int]:
    """One line from ``start``: its text (no newline), its end and the next line's start."""
    end = text.find("\n", start)
    if end < 0:
        return text[start:], len(text), len(text)
    return text[start:end], end, end + 1


def _date_prefix(text: str, pos: int) -> tuple[str, int] | None:
    """The ``date YYYY-MM-DD`` prefix at ``pos``, if any: its date and where content resumes."""
    m = _DATE_PREFIX_RE.match(text, pos)
    if m is None:
        return None
    return m.group(1), m.end()


def _is_title(line: str, text: str, next_start: int) -> bool:
    """A title is a short line without a final period, followed by a blank line and a story."""
    stripped = line.strip()
    if not stripped or len(stripped) > _TITLE_MAX_CHARS:
        return False
    if stripped.rstrip("\"'’”»)]")[-1:] in (".", ":", ";", ",", "!", ""):
        return False
    if len(stripped.split()) > _TITLE_MAX_WORDS or _NOT_TITLE_RE.fullmatch(stripped):
        return False
    # a byline, a cookie banner or a "Share" line on top is boilerplate, not the title
    if any(not r.is_span and r.pattern.fullmatch(stripped) for r in default_rules().lines):
        return False
    following, _, after = _lines(text, next_start)
    # a blank line under it, then the story (a lone paragraph is the story, not its title)
    return next_start < len(text) and not following.strip() and bool(text[after:].strip())


def parse_text_header(text: str, *, with_title: bool = True) -> TextHeader:
    """Find the leading metadata of a plain-text document.

    Recognises, in this order: ``key: value`` header lines (title, url, published/date, outlet,
    id) ended by a blank line; a `` date YYYY-MM-DD`` prefix; a first line that is a title
    (short, no final period, followed by a blank line); a date prefix after the title.

    Args:
        text: the document text as read from the file.
        with_title: also recognise a title line (plain-text files); JSON/HTML documents carry
            their title in a field, so only the header keys and the date prefix apply to them.

    Returns:
        The values found and the spans to remove, as ``(start, end, kind, line)`` with kind
        ``metadata`` or ``title``.

    Example:
        >>> parse_text_header(" date 2025-10-28 During the visit").published_raw
        '2025-10-28'
    """
    spans: list[tuple[int, int, str, int]] = []
    values: dict[str, str] = {}
    pos, line_no = 0, 1

    if with_title:
        # key: value headers, only when the first line is one of the known keys
        while pos < len(text):
            line, _, nxt = _lines(text, pos)
            m = _HEADER_RE.fullmatch(line)
            if m is None or m.group(1).lower() not in HEADER_KEYS:
                break
            values.setdefault(HEADER_KEYS[m.group(1).lower()], m.group(2))
            spans.append((pos, nxt, "metadata", line_no))
            pos, line_no = nxt, line_no + 1
        if spans:
            # the blank line(s) closing the header block
            while pos < len(text):
                line, _, nxt = _lines(text, pos)
                if line.strip():
                    break
                spans.append((pos, nxt, "metadata", line_no))
                pos, line_no = nxt, line_no + 1

    prefix = _date_prefix(text, pos)
    if prefix is not None:
        values.setdefault("published", prefix[0])
        spans.append((pos, prefix[1], "metadata", line_no))
        line_no += text.count("\n", pos, prefix[1])
        pos = prefix[1]

    if with_title and "title" not in values and pos < len(text):
        line, _, nxt = _lines(text, pos)
        if _is_title(line, text, nxt):
            values["title"] = line.strip()
            end = nxt
            # swallow the blank line(s) under the title
            while end < len(text):
                blank, _, after = _lines(text, end)
                if blank.strip():
                    break
                end = after
            spans.append((pos, end, "title", line_no))
            line_no += text.count("\n", pos, end)
            pos = end
            prefix = _date_prefix(text, pos)
            if prefix is not None:
                values.setdefault("published", prefix[0])
                spans.append((pos, prefix[1], "metadata", line_no))

    return TextHeader(
        title=values.get("title"),
        url=values.get("url"),
        outlet=values.get("outlet"),
        published_raw=values.get("published"),
        id=values.get("id"),
        spans=tuple(spans),
    )
