"""Boilerplate removal that keeps a character map back to ``Document.raw``."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from parley.clean.datelines import find_dateline, find_page_date
from parley.clean.metadata import parse_text_header
from parley.clean.rules import Rules, default_rules
from parley.models import CleanDocument, Document, Removed, build_trusted

_BULLET_RE = re.compile(r"[ \t]*(?:[-–—•*·▪►]|\d{1,2}[.)])\s+\S")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

# The cleaned document and its removed spans are built from values of their fields' types (str
# and int from the text, the validated fields of the Document), so they skip validation (~5 us a
# document) while the models have exactly these fields, in this order.
_CLEAN_FIELDS = (
    "doc_id",
    "text",
    "title",
    "url",
    "outlet",
    "published",
    "published_raw",
    "origin",
    "offsets",
    "removed",
    "dateline",
    "dateline_date",
)
_REMOVED_FIELDS = ("kind", "start", "end")
_TRUSTED = (
    tuple(CleanDocument.model_fields) == _CLEAN_FIELDS
    and tuple(Removed.model_fields) == _REMOVED_FIELDS
)
_CLEAN_SET = frozenset(_CLEAN_FIELDS)
_REMOVED_SET = frozenset(_REMOVED_FIELDS)


class _Line(NamedTuple):
    """A non-blank line: where it starts, where its text ends, where the next line starts."""

    start: int
    end: int
    next: int
    text: str  # stripped


def _norm(text: str) -> str:
    """Compare titles the way a reader would: case, quotes and spacing do not matter."""
    return " ".join(text.translate(_QUOTES).casefold().split())


def _lines(raw: str, start: int) -> list[_Line]:
    """Split ``raw[start:]`` into its non-blank lines (blank ones carry no boilerplate)."""
    out = []
    n = len(raw)
    pos = start
    make = _Line._make  # from a tuple: cheaper than the keyword-capable _Line(...)
    for piece in raw[start:].split("\n"):
        end = pos + len(piece)
        stripped = piece.strip()
        if stripped:
            out.append(make((pos, end, end + 1 if end < n else n, stripped)))
        pos = end + 1
    return out


def _find_boilerplate(
    raw: str, lines: list[_Line], title: str | None, rules: Rules
) -> list[tuple[int, int, str]]:
    """Spans of ``raw`` that the rules call boilerplate, as (start, end, kind)."""
    spans: list[tuple[int, int, str]] = []
    gone: set[int] = set()  # indexes of lines already removed
    n = len(lines)
    head_end = min(rules.head_lines, n)
    tail_start = max(n - rules.tail_lines, 0)

    # a first line repeating the headline (pages often print the title above the story)
    if title and lines and _norm(lines[0].text) == _norm(title):
        spans.append((lines[0].start, lines[0].next, "title"))
        gone.add(0)

    # caption + credit blocks at the top; a credit seen there is removed wherever it recurs
    cap = rules.caption
    credits: set[str] = set()
    cap_end = head_end if cap.where == "head" else n
    for i in range(cap_end - 1):
        line, below = lines[i], lines[i + 1]
        if i in gone or below.start != line.next or len(line.text) > cap.max_len:
            continue
        if len(below.text.split()) > cap.credit_max_words or not cap.credit.fullmatch(below.text):
            continue
        if any(p.fullmatch(line.text) for p in cap.patterns):
            spans.append((line.start, line.next, "caption"))
            spans.append((below.start, below.next, "credit"))
            gone.update((i, i + 1))
            credits.add(below.text)
    if credits:
        for i, line in enumerate(lines):
            if i not in gone and line.text in credits:
                spans.append((line.start, line.next, "credit"))
                gone.add(i)

    follow_kind: str | None = None
    for i, line in enumerate(lines):
        if i in gone:
            follow_kind = None
            continue
        if follow_kind is not None:
            if lines[i - 1].next == line.start and _BULLET_RE.match(raw, line.start):
                spans.append((line.start, line.next, follow_kind))
                continue
            follow_kind = None
        size = len(line.text)
        lowered: str | None = None
        for rule in rules.candidates(i < head_end, i >= tail_start, line.text):
            if size > rule.max_len:
                continue
            if rule.requires:
                lowered = lowered if lowered is not None else line.text.lower()
                if not any(word in lowered for word in rule.requires):
                    continue
            if rule.is_span:
                m = rule.pattern.search(raw, line.start, line.end)
                if m is not None and m.end() > m.start():
                    spans.append((m.start(), m.end(), rule.kind))
                    break
                continue
            if rule.pattern.fullmatch(line.text):
                spans.append((line.start, line.next, rule.kind))
                if rule.follows_bullets and ":" not in line.text:
                    follow_kind = rule.kind
                break
    return spans


def _is_blank_line_before(raw: str, pos: int) -> bool:
    """True at the start of the text or when the line before ``pos`` is blank."""
    if pos == 0:
        return True
    prev = raw.rfind("\n", 0, pos - 1)
    return not raw[prev + 1 : pos].strip()


def _swallow_blank_lines(raw: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop the blank line under a removed paragraph so paragraphs stay one blank line apart."""
    out = []
    n = len(raw)
    for start, end, kind in spans:
        at_line_start = start == 0 or raw[start - 1] == "\n"
        if at_line_start and end < n and raw[end - 1] == "\n" and _is_blank_line_before(raw, start):
            while end < n:
                nxt = raw.find("\n", end)
                if nxt < 0 or raw[end:nxt].strip():
                    break
                end = nxt + 1
        out.append((start, end, kind))
    return out


def _normalise_spans(
    raw: str, spans: list[tuple[int, int, str]]
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """Sort and de-overlap the removed spans, trim the edges, and list the kept intervals."""
    spans.sort()
    removed: list[tuple[int, int, str]] = []
    last = 0
    for start, end, kind in spans:
        start = max(start, last)
        if end > start:
            removed.append((start, end, kind))
            last = end
    kept: list[tuple[int, int]] = []
    pos = 0
    for start, end, _ in removed:
        if start > pos:
            kept.append((pos, start))
        pos = end
    if pos < len(raw):
        kept.append((pos, len(raw)))

    # leading and trailing whitespace of what is left
    while kept:
        a, b = kept[0]
        a2 = b - len(raw[a:b].lstrip())
        if a2 > a:
            removed.append((a, a2, "whitespace"))
        if a2 < b:
            kept[0] = (a2, b)
            break
        kept.pop(0)
    while kept:
        a, b = kept[-1]
        b2 = a + len(raw[a:b].rstrip())
        if b2 < b:
            removed.append((b2, b, "whitespace"))
        if b2 > a:
            kept[-1] = (a, b2)
            break
        kept.pop()
    removed.sort()
    return removed, kept


def clean_document(doc: Document, rules: Rules | None = None) -> CleanDocument:
    """Remove boilerplate from a document, keeping a map from cleaned to raw characters.

    Removes leading metadata (``key: value`` headers and the title line of plain-text files, the
    `` date YYYY-MM-DD`` prefix), a first line repeating the title, and the lines the rules in
    ``boilerplate.toml`` call boilerplate (captions and credits, bylines, share buttons, ads,
    cookie banners, related links, tags, editing credits...). Everything else is kept exactly
    as written. The dateline ("ASTANA, Sept 16 (SWS) --") stays in the text and is recorded.

    Args:
        doc: the document as ingested.
        rules: boilerplate rules; the shipped ``boilerplate.toml`` by default.

    Returns:
        The cleaned document; ``clean.text[i] == doc.raw[clean.to_raw(i)]`` for every ``i``.

    Example:
        >>> doc = Document(id="d1", raw="Tags\\n\\nTalks were held.\\n\\nAdvertisement\\n")
        >>> clean_document(doc).text
        'Talks were held.'
    """
    rules = rules if rules is not None else default_rules()
    raw = doc.raw
    header = parse_text_header(raw, with_title=doc.format == "txt")
    spans: list[tuple[int, int, str]] = [(s, e, kind) for s, e, kind, _ in header.spans]
    body_start = header.spans[-1][1] if header.spans else 0

    lines = _lines(raw, body_start)
    title = doc.title or header.title
    spans.extend(_find_boilerplate(raw, lines, title, rules))
    removed, kept = _normalise_spans(raw, _swallow_blank_lines(raw, spans))

    parts: list[str] = []
    offsets: list[tuple[int, int, int]] = []
    clean_pos = 0
    for a, b in kept:
        parts.append(raw[a:b])
        offsets.append((clean_pos, a, b - a))
        clean_pos += b - a

    dateline = find_dateline(raw, kept[0][0], doc.published) if kept else None
    if dateline is not None and dateline.end > kept[0][1]:
        dateline = None  # the dateline must lie in text that was kept

    date = dateline.date if dateline else None
    if date is None and doc.published is None:
        # no publication date and no dated dateline: the date under the lead photo (or in a
        # byline/time stamp) is the page's own date, metadata like a dateline
        date = find_page_date(raw, removed)

    values: dict[str, Any] = {
        "doc_id": doc.id,
        "text": "".join(parts),
        "title": title,
        "url": doc.url,
        "outlet": doc.outlet,
        "published": doc.published,
        "published_raw": doc.published_raw,
        "origin": doc.origin,
        "offsets": tuple(offsets),
        "removed": tuple(_removed(s, e, k) for s, e, k in removed),
        "dateline": dateline.place if dateline else None,
        "dateline_date": date,
    }
    if not _TRUSTED:
        return CleanDocument(**values)
    return build_trusted(CleanDocument, values, _CLEAN_SET)


def _removed(start: int, end: int, kind: str) -> Removed:
    """A removed span (equal to ``Removed(kind=kind, start=start, end=end)``)."""
    if not _TRUSTED:
        return Removed(kind=kind, start=start, end=end)
    return build_trusted(Removed, {"kind": kind, "start": start, "end": end}, _REMOVED_SET)
