"""The frozen models that flow between parley's stages.

    ingest   -> Document          raw document as read (text or extracted HTML text + metadata)
    clean    -> CleanDocument     boilerplate removed; ``offsets`` map cleaned text back to ``raw``
    annotate -> Annotation        sentences + Mentions (actors, places, dates, quantities, topics)
                                  + RoleAssertions learned from the text
    coding   -> EventMention      one per reported event in a document, every field with Evidence
    fuse     -> Event             one per happening: fused fields, Sources, Discrepancies

Every offset (``start``/``end``) is a character offset into ``CleanDocument.text`` of the document it
belongs to, and ``clean.text[m.start:m.end] == m.text`` always holds.

All models are immutable (pydantic ``frozen=True``) and picklable, so stages can run in a process
pool or on Dask. Use ``model_dump(mode="json")`` / ``model_validate`` to move them across edges.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

_Built = TypeVar("_Built", bound=BaseModel)
_NEW = object.__new__
# BaseModel keeps an instance's fields and pydantic's bookkeeping in these four slots. Setting
# them through the slot descriptors skips the attribute lookup and the frozen check that
# object.__setattr__ goes through for each (a quarter of a build).
_SET_DICT = BaseModel.__dict__["__dict__"].__set__
_SET_FIELDS_SET = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__


def build_trusted(
    cls: type[_Built], values: dict[str, Any], fields_set: frozenset[str] | None = None
) -> _Built:
    """An instance of ``cls`` filled the way pydantic fills it, without validating ``values``.

    For hot paths that build models by the dozen per document from values they made with the
    field types themselves (int offsets, str keys): validation costs 2-3 µs a model and buys
    nothing there. The instance equals, dumps and pickles like the validated one. Callers
    check that they know every field (and fall back to ``cls(**values)`` if the model
    changes), so a half-filled instance cannot arise.

    Args:
        cls: the model class.
        values: every field, in the model's field order.
        fields_set: the fields counted as set (default: all of ``values``).

    Returns:
        The instance.
    """
    m = _NEW(cls)
    _SET_DICT(m, values)
    _SET_FIELDS_SET(m, set(values if fields_set is None else fields_set))
    _SET_EXTRA(m, None)
    _SET_PRIVATE(m, None)
    return m


PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
CONSULT_MODES: tuple[str, ...] = ("visit", "phone", "multilateral", "third-party")
DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year")

DatePrecision = Literal["day", "week", "month", "year"]
MentionKind = Literal["actor", "place", "date", "quantity", "topic", "trigger"]


class Model(BaseModel):
    """Base of every stage model: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------- ingest / clean


class Document(Model):
    """A document as read from a file, feed item, JSON object or stdin line.

    ``raw`` is the document's text content: the plain text for ``.txt``/JSON ``text``, or the
    main text extracted from HTML. ``html`` keeps the markup when there was any.
    """

    id: str
    raw: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    published_raw: str | None = None  # the date string exactly as the source gave it
    origin: str | None = None  # file path (and line) it was read from, for error messages
    format: str = "txt"  # txt | html | json | jsonl | feed | stdin
    html: str | None = None


class Removed(Model):
    """A span of ``Document.raw`` that cleaning dropped, and why (``caption``, ``tags``...)."""

    kind: str
    start: int
    end: int


class CleanDocument(Model):
    """Boilerplate-free text of a document, with a map back to ``Document.raw``.

    ``offsets`` is a sorted tuple of ``(clean_start, raw_start, length)`` segments: the cleaned
    characters ``[clean_start, clean_start+length)`` are the raw characters
    ``[raw_start, raw_start+length)``. Use :meth:`to_raw` to translate an offset.
    """

    doc_id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    published_raw: str | None = None
    origin: str | None = None
    offsets: tuple[tuple[int, int, int], ...] = ()
    removed: tuple[Removed, ...] = ()
    dateline: str | None = None  # e.g. "ASTANA" from "ASTANA, Sept 16 (SWS) --"
    dateline_date: dt.date | None = None

    def to_raw(self, pos: int) -> int:
        """Map an offset in ``text`` to the offset of the same character in ``Document.raw``."""
        lo, hi = 0, len(self.offsets) - 1
        best = None
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.offsets[mid][0] <= pos:
                best = self.offsets[mid]
                lo = mid + 1
            else:
                hi = mid - 1
        if best is None:
            return pos
        clean_start, raw_start, length = best
        return raw_start + min(pos - clean_start, length)


# --------------------------------------------------------------------------- annotate


class Sentence(Model):
    start: int
    end: int


class Mention(Model):
    """Something recognised in the cleaned text.

    One flat shape for every kind so that mentions store in one table; fields that do not apply
    to a kind stay ``None``.

    - actor: ``value`` canonical name (person, organisation, or country code), ``country`` ISO3/
      EUU/UNO/IGO, ``role`` and ``sector`` when known, ``actor_type`` person | country | capital
      (a capital standing for its government) | organisation | group.
    - place: ``value`` place name, ``country`` ISO3.
    - date: ``value`` ISO date (``YYYY-MM-DD``), ``precision``, ``expression`` absolute |
      relative | anaphoric.
    - quantity: ``number``, ``unit`` (USD, EUR, percent, tonnes, count...), ``about``.
    - topic: ``value`` one of the closed topic list.
    - trigger: ``value`` the PLOVER type it suggests.
    """

    kind: MentionKind
    start: int
    end: int
    text: str
    sentence: int = 0
    value: str | None = None
    country: str | None = None
    role: str | None = None
    sector: str | None = None
    actor_type: str | None = None
    precision: DatePrecision | None = None
    expression: str | None = None
    number: float | None = None
    unit: str | None = None
    about: str | None = None


class RoleAssertion(Model):
    """A dated fact read from text: ``person`` held ``role`` for ``country`` (as of ``as_of``)."""

    person: str
    role: str
    country: str | None = None
    sector: str | None = None
    as_of: dt.date | None = None
    since: dt.date | None = None
    doc_id: str
    text: str
    start: int
    end: int


class Annotation(Model):
    """A cleaned document with its sentences, mentions and the role assertions it makes."""

    doc: CleanDocument
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    roles: tuple[RoleAssertion, ...] = ()


# --------------------------------------------------------------------------- coding


class Actor(Model):
    name: str
    role: str | None = None
    country: str | None = None
    sector: str | None = None


class Location(Model):
    name: str | None = None
    country: str | None = None


class Quantity(Model):
    text: str
    value: float | None = None
    unit: str | None = None
    about: str | None = None
    doc_ids: tuple[str, ...] = ()


class Evidence(Model):
    """The words a coded field came from: ``text == clean_text[start:end]`` of ``doc_id``."""

    field: str
    text: str
    start: int
    end: int
    doc_id: str | None = None
    value: str | None = None  # the canonical value the words stand for, when it differs


class EventMention(Model):
    """One reported event in one document, every coded field backed by ``evidence``."""

    id: str
    doc_id: str
    event_type: str
    mode: str | None = None
    context: tuple[str, ...] = ()
    cameo: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    source: Actor | None = None
    target: Actor | None = None
    actors: tuple[Actor, ...] = ()
    date: str | None = None  # YYYY-MM-DD (precision says how much of it is known)
    date_precision: DatePrecision | None = None
    location: Location | None = None
    topics: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    confidence: float = 0.5
    is_main: bool = False
    sentence_start: int = 0
    sentence_end: int = 0
    evidence: tuple[Evidence, ...] = ()


# --------------------------------------------------------------------------- fuse


class Source(Model):
    doc_id: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    evidence: tuple[Evidence, ...] = ()
    duplicate_of: str | None = None  # doc id this text near-duplicates (same voice)


class DiscrepancyValue(Model):
    value: str
    doc_ids: tuple[str, ...]


class Discrepancy(Model):
    field: str
    values: tuple[DiscrepancyValue, ...]


class Fact(Model):
    """A fused value and the documents that support it (per-fact provenance)."""

    field: str
    value: str
    doc_ids: tuple[str, ...]


class Event(Model):
    """One happening, fused from every event mention that reports it (contract 2)."""

    id: str
    date: str | None = None
    date_precision: DatePrecision | None = None
    location: Location | None = None
    event_type: str
    mode: str | None = None
    context: tuple[str, ...] = ()
    cameo: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    source: Actor | None = None
    target: Actor | None = None
    actors: tuple[Actor, ...] = ()
    topics: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    sources: tuple[Source, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    facts: tuple[Fact, ...] = ()
    confidence: float = 0.5
    mention_ids: tuple[str, ...] = Field(default=())

    def to_json(self) -> dict[str, object]:
        """The contract-2 JSON object of this event."""
        return self.model_dump(mode="json", exclude={"mention_ids"})


# --------------------------------------------------------------------------- run bookkeeping


class Failure(Model):
    """A document (or line) that could not be processed, and how to fix it."""

    origin: str  # file path
    line: int | None = None
    stage: str  # ingest | clean | annotate | coding | store
    reason: str
    fix: str

    def message(self) -> str:
        where = f"'{self.origin}'" + (f" (line {self.line})" if self.line else "")
        return f"cannot read {where}: {self.reason}. {self.fix}"
