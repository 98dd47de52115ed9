"""HTML pages: main text by trafilatura, metadata read from the page head.

trafilatura's own metadata pass walks the whole tree for authors, categories and site names
and costs as much as the text extraction (12 ms of 24 ms on a 100 KB page), so the fields
parley needs (title, canonical URL, site name, publication date) are read from the meta tags
here, with htmldate as the fallback for the date.
"""

from __future__ import annotations

import html as htmllib
import re
from urllib.parse import urlsplit

from parley.errors import FormatError

_HEAD_LIMIT = 200_000  # meta tags live in the head; never scan a whole huge page for them
_TAG_RE = re.compile(r"<(meta|link)\b([^>]*)>", re.IGNORECASE)
_ATTR_RE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_TITLE_RE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_H1_RE = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TIME_RE = re.compile(r"<time\b[^>]*\bdatetime\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_JSONLD_DATE_RE = re.compile(r"\"datePublished\"\s*:\s*\"([^\"]+)\"")
_STRIP_TAGS_RE = re.compile(r"<[^>]+>")
_TITLE_SEPARATORS_RE = re.compile(r"\s+[|–—-]\s+|\s+::\s+")

# Meta names/properties that carry each field, in order of trust.
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title")
_URL_KEYS = ("og:url",)
_SITE_KEYS = ("og:site_name", "application-name", "publisher")
_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
)


def _attrs(raw: str) -> dict[str, str]:
    """Attributes of one tag, names lowercased, values unescaped."""
    return {
        m.group(1).lower(): htmllib.unescape(m.group(2) or m.group(3) or m.group(4) or "").strip()
        for m in _ATTR_RE.finditer(raw)
    }


def _text(fragment: str) -> str:
    """Visible text of a small fragment (a title or a heading)."""
    return " ".join(htmllib.unescape(_STRIP_TAGS_RE.sub(" ", fragment)).split())


def page_metadata(markup: str) -> dict[str, str | None]:
    """Title, canonical URL, site name and publication date from an HTML page's head.

    Args:
        markup: the page.

    Returns:
        ``{"title", "url", "sitename", "date"}``; ``date`` as the page writes it (ISO mostly).

    Example:
        >>> page_metadata('<meta property="og:title" content="Talks held">')["title"]
        'Talks held'
    """
    head = markup[:_HEAD_LIMIT]
    metas: dict[str, str] = {}
    canonical = None
    for m in _TAG_RE.finditer(head):
        attrs = _attrs(m.group(2))
        if m.group(1).lower() == "link":
            if "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href"):
                canonical = canonical or attrs["href"]
            continue
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        value = attrs.get("content") or attrs.get("datetime")
        if key and value:
            metas.setdefault(key, value)

    title = next((metas[k] for k in _TITLE_KEYS if k in metas), None)
    if title is None:
        found = _TITLE_RE.search(head) or _H1_RE.search(markup)
        if found is not None:
            parts = _TITLE_SEPARATORS_RE.split(_text(found.group(1)))
            title = max(parts, key=len) if parts else None
    url = canonical or next((metas[k] for k in _URL_KEYS if k in metas), None)
    sitename = next((metas[k] for k in _SITE_KEYS if k in metas), None)
    if sitename is None and url:
        host = urlsplit(url).hostname
        sitename = host.removeprefix("www.") if host else None

    date = next((metas[k] for k in _DATE_KEYS if k in metas), None)
    if date is None:
        stamp = _JSONLD_DATE_RE.search(markup) or _TIME_RE.search(markup)
        date = stamp.group(1) if stamp is not None else None
    if date is None:
        from htmldate import find_date  # imported with trafilatura, see extract_html

        date = find_date(markup, extensive_search=False, original_date=True)
    return {"title": title or None, "url": url, "sitename": sitename, "date": date}


def extract_html(markup: str, origin: str, *, url: str | None = None) -> dict[str, str | None]:
    """Main text, title, date, canonical URL and site name of an HTML page.

    trafilatura extracts the text in its fast mode; its slower fallback extractors run only
    when the fast mode finds no text.

    Args:
        markup: the page.
        origin: the file path, for error messages.
        url: the page URL when known.

    Returns:
        ``{"text", "title", "date", "url", "sitename"}``.

    Raises:
        FormatError: the page has no main text.
    """
    # Imported on the first page: trafilatura takes ~0.1 s to import, and a run of JSONL or
    # text files never needs it.
    import trafilatura

    text = ""
    for fast in (True, False):
        result = trafilatura.bare_extraction(
            markup,
            url=url,
            fast=fast,
            with_metadata=False,
            include_comments=False,
            include_images=False,
            include_tables=True,
        )
        text = (getattr(result, "text", None) or "").strip() if result is not None else ""
        if text:
            break
    if not text:
        raise FormatError(
            origin,
            "no article text found in the HTML page",
            fix="Check that the page holds the article (not a login wall or an index page).",
        )
    meta = page_metadata(markup)
    return {"text": text, **meta, "url": meta["url"] or url}
