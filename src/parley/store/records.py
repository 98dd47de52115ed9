"""Models the store hands back that are not stage models: stored documents and store statistics."""

from __future__ import annotations

import datetime as dt

from parley.models import CleanDocument, Document, Model, Removed, Sentence


class StoredDocument(Model):
    """A document as kept in the store: metadata, raw and cleaned text, and the map between them.

    ``raw`` is ``None`` when the document was written without its original (ingest) form.
    """

    id: str
    text: str
    raw: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    published_raw: str | None = None
    origin: str | None = None
    format: str | None = None
    offsets: tuple[tuple[int, int, int], ...] = ()
    removed: tuple[Removed, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    dateline: str | None = None
    dateline_date: dt.date | None = None
    signature: tuple[int, ...] = ()
    ingested_at: dt.datetime | None = None
    run_id: str | None = None

    def to_clean(self) -> CleanDocument:
        """Rebuild the cleaned document this record was written from.

        Returns:
            The :class:`CleanDocument` (same text, offsets and metadata).
        """
        return CleanDocument(
            doc_id=self.id,
            text=self.text,
            title=self.title,
            url=self.url,
            outlet=self.outlet,
            published=self.published,
            published_raw=self.published_raw,
            origin=self.origin,
            offsets=self.offsets,
            removed=self.removed,
            dateline=self.dateline,
            dateline_date=self.dateline_date,
        )

    def to_document(self) -> Document:
        """Rebuild the ingested document (without its HTML markup, which is not stored).

        Returns:
            The :class:`Document`; ``raw`` falls back to the cleaned text when it was not stored.
        """
        return Document(
            id=self.id,
            raw=self.raw if self.raw is not None else self.text,
            title=self.title,
            url=self.url,
            outlet=self.outlet,
            published=self.published,
            published_raw=self.published_raw,
            origin=self.origin,
            format=self.format or "txt",
        )


class StoreStats(Model):
    """Row counts and coverage of a store, for ``parley kb``/``serve`` status pages."""

    path: str
    schema_version: int
    documents: int
    mentions: int
    event_mentions: int
    events: int
    role_assertions: int
    failures: int
    runs: int
    first_event: dt.date | None = None
    last_event: dt.date | None = None
