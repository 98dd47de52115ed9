"""One reader per input format: text, HTML, JSON objects, feeds (DESIGN.md contract 1)."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from collections.abc import Iterator
from typing import Any

from parley.clean.metadata import parse_text_header
from parley.errors import FormatError, InputError
from parley.ingest.dates import parse_published
from parley.ingest.ids import document_id
from parley.ingest.pages import extract_html
from parley.models import Document, Failure

JSON_FIELDS: tuple[str, ...] = ("id", "url", "outlet", "published", "title", "text", "html")

_BLOCK_TAG_RE = re.compile(
    r"<\s*(?:br|/?p|/?div|/?li|/?ul|/?ol|/?h[1-6]|/?blockquote|/?tr|/?table|/?section|/?article)"
    r"\b[^>]*>",
    re.IGNORECASE,
)
_DROP_RE = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]*>")
_SPACES_RE = re.compile(r"[ \t\r\f\v\u00a0]+")
_NEWLINES_RE = re.compile(r"\n\s*\n\s*(?:\n\s*)*")


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of a small HTML fragment (a feed item), one paragraph per block element.

    Args:
        fragment: markup such as ``<p>Talks <b>held</b>.</p><p>More.</p>``.

    Returns:
        The text with tags removed, entities decoded and paragraphs separated by a blank line.

    Example:
        >>> html_fragment_to_text("<p>Talks <b>held</b>.</p><p>More &amp; more.</p>")
        'Talks held.\\n\\nMore & more.'
    """
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    text = _DROP_RE.sub(" ", fragment)
    text = _BLOCK_TAG_RE.sub("\n\n", text)
    text = htmllib.unescape(_TAG_RE.sub("", text))
    lines = (_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))
    return _NEWLINES_RE.sub("\n\n", "\n".join(lines)).strip()


def read_text(text: str, origin: str) -> Document:
    """A ``.txt`` document: the whole file is ``raw``; leading metadata fills the fields.

    Args:
        text: the decoded file.
        origin: the file path.

    Returns:
        The document (``format="txt"``).

    Raises:
        FormatError: a ``published:`` header that is not a date.
    """
    header = parse_text_header(text)
    published = parse_published(header.published_raw)
    if header.published_raw and published is None:
        line = next((s[3] for s in header.spans if header.published_raw in text[s[0] : s[1]]), 1)
        raise FormatError(
            origin,
            f"the published date {header.published_raw!r} is not a date",
            line=line,
            fix="Write it as YYYY-MM-DD.",
        )
    body_start = header.spans[-1][1] if header.spans else 0
    return Document(
        id=header.id or document_id(text[body_start:]),
        raw=text,
        title=header.title,
        url=header.url,
        outlet=header.outlet,
        published=published,
        published_raw=header.published_raw,
        origin=origin,
        format="txt",
    )


def read_html(markup: str, origin: str) -> Document:
    """An ``.html`` page: ``raw`` is its extracted main text, ``html`` the page.

    Args:
        markup: the decoded page.
        origin: the file path.

    Returns:
        The document (``format="html"``).

    Raises:
        FormatError: the page has no main text.
    """
    page = extract_html(markup, origin)
    text = page["text"] or ""
    return Document(
        id=document_id(text),
        raw=text,
        title=page["title"],
        url=page["url"],
        outlet=page["sitename"],
        published=parse_published(page["date"]),
        published_raw=page["date"],
        origin=origin,
        format="html",
        html=markup,
    )


def _field(obj: dict[str, Any], key: str, origin: str, line: int | None) -> str | None:
    """A string field of a JSON document; a number id is taken as its text."""
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise FormatError(
        origin,
        f'field "{key}" must be a string, not {type(value).__name__} ({str(value)[:40]!r})',
        line=line,
        fix=f'Write "{key}" as a JSON string.',
    )


def document_from_object(
    obj: Any,
    origin: str,
    *,
    line: int | None = None,
    fmt: str = "json",
    max_chars: int | None = None,
) -> Document:
    """A document from a JSON object ``{"id"?, "url"?, "outlet"?, "published"?, "title"?, "text"|"html"}``.

    Args:
        obj: the decoded JSON value.
        origin: the file path.
        line: the line (JSONL) or item number, for error messages.
        fmt: ``json``, ``jsonl`` or ``stdin``.
        max_chars: refuse a ``text``/``html`` longer than this.

    Returns:
        The document; its id is the given ``id`` or the content hash.

    Raises:
        FormatError: not an object, no ``text``/``html``, a field of the wrong type, a
            ``published`` that is not a date, or a document over the size limit.
    """
    if not isinstance(obj, dict):
        raise FormatError(
            origin,
            f"expected a JSON object, found a {type(obj).__name__}",
            line=line,
            fix='Give each document as {"text": "...", "title": "...", ...}.',
        )
    fields = {key: _field(obj, key, origin, line) for key in JSON_FIELDS}
    text, markup = fields["text"], fields["html"]
    if not (text and text.strip()) and not (markup and markup.strip()):
        raise FormatError(
            origin,
            'the document has no "text" (or "html")' + (" or it is empty" if text == "" else ""),
            line=line,
            fix=f'Add a "text" field with the article; fields are {", ".join(JSON_FIELDS)}.',
        )
    size = len(text or markup or "")
    if max_chars is not None and size > max_chars:
        reason, fix = size_problem(size, max_chars)
        raise FormatError(origin, reason, line=line, fix=fix)

    title, url, outlet = fields["title"], fields["url"], fields["outlet"]
    published_raw = fields["published"]
    if not (text and text.strip()):
        page = extract_html(markup or "", origin if line is None else f"{origin}:{line}", url=url)
        text = page["text"] or ""
        title = title or page["title"]
        url = url or page["url"]
        outlet = outlet or page["sitename"]
        published_raw = published_raw or page["date"]
    prefix = parse_text_header(text, with_title=False)
    published = parse_published(published_raw)
    if published_raw and published is None:
        raise FormatError(
            origin,
            f'"published" is {published_raw!r}, which is not a date',
            line=line,
            fix="Write it as YYYY-MM-DD.",
        )
    if published is None and prefix.published_raw:
        published_raw, published = prefix.published_raw, parse_published(prefix.published_raw)
    return Document(
        id=fields["id"] or document_id(text),
        raw=text,
        title=title,
        url=url,
        outlet=outlet,
        published=published,
        published_raw=published_raw,
        origin=origin if line is None else f"{origin}:{line}",
        format=fmt,
        html=markup,
    )


def size_problem(size: int, limit: int) -> tuple[str, str]:
    """Reason and fix for a document over the size limit."""
    return (
        f"document is {size / 2**20:.1f} MB; parley reads news-length documents "
        f"(at most {limit / 2**20:.1f} MB each)",
        "Split it into one document per file, or into a JSONL file with one document per line.",
    )


def _feed_date(entry: Any) -> tuple[dt.date | None, str | None]:
    """An item's date as written (RFC 822 or ISO), falling back to feedparser's parse."""
    raw = entry.get("published") or entry.get("updated") or entry.get("created")
    date = parse_published(raw)
    if date is None:
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if parsed:
            date = dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return date, raw


def read_feed(data: bytes, origin: str, *, max_chars: int) -> Iterator[Document | Failure]:
    """One document per item of an RSS or Atom feed.

    Args:
        data: the feed's bytes (feedparser reads the declared encoding itself).
        origin: the file path.
        max_chars: items longer than this are failures.

    Yields:
        A document per item with text, and a failure per item without; for a malformed feed,
        the items read before the error and then one failure naming the line of the error.

    Raises:
        FormatError: the file is not a feed, or is malformed before its first item.
    """
    import feedparser  # imported on the first feed: most runs read none (~0.03 s to import)

    parsed = feedparser.parse(data)
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    line = exc.getLineNumber() if exc is not None and hasattr(exc, "getLineNumber") else None
    why = exc.getMessage() if exc is not None and hasattr(exc, "getMessage") else str(exc)
    if not parsed.entries and (exc is not None or not parsed.get("version")):
        reason = (
            f"not a well-formed RSS or Atom feed ({why})"
            if exc is not None
            else "not an RSS or Atom feed (no channel or feed element)"
        )
        raise FormatError(
            origin, reason, line=line, fix="Check that the file is a complete RSS or Atom feed."
        )
    outlet = parsed.feed.get("title") if parsed.get("feed") else None
    read = 0
    for number, entry in enumerate(parsed.entries, start=1):
        content = entry.get("content")
        body = (content[0].get("value") if content else None) or entry.get("summary") or ""
        text = html_fragment_to_text(body)
        if not text:
            if exc is None:
                yield Failure(
                    origin=origin,
                    line=None,
                    stage="ingest",
                    reason=f"feed item {number} ({entry.get('title', 'untitled')!r}) has no text",
                    fix="The feed gives only titles; ingest the linked pages instead.",
                )
            continue
        if len(text) > max_chars:
            reason, fix = size_problem(len(text), max_chars)
            yield Failure(origin=origin, stage="ingest", reason=f"item {number}: {reason}", fix=fix)
            continue
        published, published_raw = _feed_date(entry)
        read += 1
        yield Document(
            id=document_id(text),
            raw=text,
            title=entry.get("title"),
            url=entry.get("link"),
            outlet=outlet,
            published=published,
            published_raw=published_raw,
            origin=f"{origin}#{number}",
            format="feed",
            html=body if "<" in body else None,
        )
    if exc is not None:
        if read == 0:
            raise FormatError(
                origin,
                f"not a well-formed RSS or Atom feed ({why})",
                line=line,
                fix="Check that the file is a complete RSS or Atom feed.",
            )
        yield Failure(
            origin=origin,
            line=line,
            stage="ingest",
            reason=f"the feed is malformed ({why}); the {read} items before the error were read",
            fix="Re-download or repair the feed to read the rest.",
        )


def as_failure(err: InputError, stage: str = "ingest") -> Failure:
    """The run-bookkeeping record of an input error."""
    return Failure(
        origin=err.origin,
        line=err.line,
        stage=stage,
        reason=err.reason,
        fix=err.fix or "Fix or remove the file.",
    )
