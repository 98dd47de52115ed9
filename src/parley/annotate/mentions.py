"""Cheap construction of the annotation models the finders emit by the dozen per document.

A validated ``Mention(...)`` costs ~3 µs; a document has ~50 of them, which is a tenth of the
annotation budget. The finders build every value themselves from typed tables (ints from
regex/tokeniser offsets, ``str`` keys, ``float`` numbers), so validating again buys nothing:
:func:`new_mention` and :func:`new_sentence` fill the instance the way pydantic would (all
fields in ``__dict__``, every field counted as set) in ~0.5 µs; :func:`new_annotation` does the
same for the document's annotation (validation would only check each model's type again). The result equals, dumps and
pickles exactly like the validated model (``tests/annotate/test_annotate.py`` checks it).

If the models gain a field this module does not know, the builders fall back to validated
construction, so a model change can never produce a half-filled instance.
"""

from __future__ import annotations

from typing import Any

from parley.models import (
    Annotation,
    CleanDocument,
    DatePrecision,
    Mention,
    MentionKind,
    RoleAssertion,
    Sentence,
    build_trusted,
)

__all__ = ["new_annotation", "new_mention", "new_sentence"]

_MENTION_KEYS = (
    "kind",
    "start",
    "end",
    "text",
    "sentence",
    "value",
    "country",
    "role",
    "sector",
    "actor_type",
    "precision",
    "expression",
    "number",
    "unit",
    "about",
)
_MENTION_SET = frozenset(_MENTION_KEYS)
_SENTENCE_SET = frozenset(("start", "end"))
_FAST = tuple(Mention.model_fields) == _MENTION_KEYS and tuple(Sentence.model_fields) == (
    "start",
    "end",
)
_ANNOTATION_KEYS = ("doc", "sentences", "mentions", "roles")
_ANNOTATION_SET = frozenset(_ANNOTATION_KEYS)
_FAST_ANNOTATION = tuple(Annotation.model_fields) == _ANNOTATION_KEYS


def new_mention(
    kind: MentionKind,
    start: int,
    end: int,
    text: str,
    sentence: int = 0,
    *,
    value: str | None = None,
    country: str | None = None,
    role: str | None = None,
    sector: str | None = None,
    actor_type: str | None = None,
    precision: DatePrecision | None = None,
    expression: str | None = None,
    number: float | None = None,
    unit: str | None = None,
    about: str | None = None,
) -> Mention:
    """A :class:`~parley.models.Mention` from values the caller guarantees are well typed.

    Args:
        kind: actor | place | date | quantity | topic | trigger.
        start: start offset into the cleaned text.
        end: end offset (exclusive).
        text: ``clean_text[start:end]``.
        sentence: index of the sentence the mention is in.
        value: canonical value (see :class:`~parley.models.Mention`).
        country: ISO3 / EUU / UNO / IGO.
        role: role wording of a person.
        sector: GOV, MIL, ...
        actor_type: person | country | capital | organisation | group.
        precision: date precision.
        expression: absolute | relative | anaphoric | dateline.
        number: a float (never an int: the validated model would turn it into a float).
        unit: quantity unit, or ``"day"`` for anaphoric date offsets.
        about: what a quantity measures.

    Returns:
        The mention, equal to ``Mention(...)`` with the same arguments.
    """
    values: dict[str, Any] = {
        "kind": kind,
        "start": start,
        "end": end,
        "text": text,
        "sentence": sentence,
        "value": value,
        "country": country,
        "role": role,
        "sector": sector,
        "actor_type": actor_type,
        "precision": precision,
        "expression": expression,
        "number": number,
        "unit": unit,
        "about": about,
    }
    if not _FAST:
        return Mention(**values)
    return build_trusted(Mention, values, _MENTION_SET)


def new_sentence(start: int, end: int) -> Sentence:
    """A :class:`~parley.models.Sentence` from two int offsets (equal to ``Sentence(...)``).

    Args:
        start: start offset.
        end: end offset (exclusive).

    Returns:
        The sentence span.
    """
    if not _FAST:
        return Sentence(start=start, end=end)
    return build_trusted(Sentence, {"start": start, "end": end}, _SENTENCE_SET)


def new_annotation(
    doc: CleanDocument,
    sentences: tuple[Sentence, ...],
    mentions: tuple[Mention, ...],
    roles: tuple[RoleAssertion, ...],
) -> Annotation:
    """An :class:`~parley.models.Annotation` of models the finders built (equal to
    ``Annotation(...)``, which would only check each one's type again).

    Args:
        doc: the cleaned document.
        sentences: its sentences.
        mentions: its mentions, in order.
        roles: the role assertions it makes.

    Returns:
        The annotation.
    """
    if not _FAST_ANNOTATION:
        return Annotation(doc=doc, sentences=sentences, mentions=mentions, roles=roles)
    values = {"doc": doc, "sentences": sentences, "mentions": mentions, "roles": roles}
    return build_trusted(Annotation, values, _ANNOTATION_SET)
