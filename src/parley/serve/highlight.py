"""Safe HTML for hostile text: evidence spans wrapped in ``<mark>`` by character offsets.

Article text is untrusted. Every piece of it is escaped on its own and the ``<mark>`` tags are
inserted between the escaped pieces by offset, so no character of the text can ever open a
tag. The result is a :class:`markupsafe.Markup` that Jinja (autoescape on) prints as is::

    >>> highlight("a <b> c", [Span(2, 5, "target")])
    Markup('a <mark class="ev ev-target" title="target">&lt;b&gt;</mark> c')
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from parley.models import Evidence

__all__ = ["Span", "field_class", "highlight", "safe_url", "spans_for"]


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` of a text and the field it supports."""

    start: int
    end: int
    field: str


_FIELD_CLASSES = {
    "source": "actor",
    "target": "actor",
    "actors": "actor",
    "actor": "actor",
    "topic": "topic",
    "quantity": "quantity",
    "place": "place",
    "event_type": "event",
    "mode": "event",
    "cameo": "event",
    "date": "date",
    "location": "place",
    "quantities": "quantity",
    "topics": "topic",
}


def field_class(field: str) -> str:
    """The colour family of a coded field (actor, event, date, place, quantity, topic, other).

    Args:
        field: an evidence field name such as ``source`` or ``target.role``.

    Returns:
        A CSS-safe class suffix.
    """
    return _FIELD_CLASSES.get(field.split(".", 1)[0], "other")


def spans_for(text: str, evidence: Iterable[Evidence]) -> list[Span]:
    """Turn evidence into spans over ``text``, repairing or dropping offsets that do not fit.

    An evidence whose offsets do not slice to its own text (a document re-cleaned since) is
    looked up by its words instead; one that cannot be found is left out rather than marking
    the wrong words.

    Args:
        text: the cleaned text of one document.
        evidence: evidence items of that document.

    Returns:
        Valid spans, sorted by start.
    """
    spans: list[Span] = []
    for item in evidence:
        start, end = item.start, item.end
        if not (0 <= start < end <= len(text)) or text[start:end] != item.text:
            found = text.find(item.text) if item.text else -1
            if found < 0:
                continue
            start, end = found, found + len(item.text)
        spans.append(Span(start, end, item.field))
    return sorted(spans, key=lambda s: (s.start, s.end))


def highlight(text: str, spans: Sequence[Span]) -> Markup:
    """Escape ``text`` and wrap every spanned stretch in ``<mark>`` (overlaps merge fields).

    Args:
        text: untrusted text.
        spans: character ranges to mark; out-of-range parts are clipped.

    Returns:
        HTML markup in which only the ``<mark>`` tags are markup.
    """
    n = len(text)
    clipped = [
        (max(0, s.start), min(n, s.end), s.field) for s in spans if min(n, s.end) > max(0, s.start)
    ]
    cuts = sorted({0, n, *(s for s, _, _ in clipped), *(e for _, e, _ in clipped)})
    out: list[str] = []
    for left, right in itertools.pairwise(cuts):
        piece = str(escape(text[left:right]))
        fields = sorted({f for s, e, f in clipped if s <= left and right <= e})
        if not fields:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(f"ev-{field_class(f)}" for f in fields))
        label = escape(", ".join(fields))
        out.append(f'<mark class="ev {classes}" title="{label}">{piece}</mark>')
    return Markup("".join(out))


def safe_url(url: str | None) -> str | None:
    """Keep a URL only if it is plain http(s), so a ``javascript:`` link never reaches a page.

    Args:
        url: a URL from a document's metadata.

    Returns:
        The URL, or ``None`` when it is empty or has another scheme.
    """
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None
