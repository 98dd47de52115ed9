"""The gold schema of the labelled sets (``eval/dev/README.md``) and its reader."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from parley.errors import EvalError
from parley.models import CONSULT_MODES, PLOVER_TYPES


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class GoldActor(_Frozen):
    """A person or institution taking part in a gold event."""

    name: str
    role: str | None = None
    country: str | None = None


class GoldLocation(_Frozen):
    """Where a gold event happened (both parts may be unknown)."""

    city: str | None = None
    country: str | None = None


class GoldQuantity(_Frozen):
    """A figure the document attaches to the event (``text`` is verbatim)."""

    text: str
    what: str | None = None


class GoldEvent(_Frozen):
    """One annotated event of one document."""

    date: str | None = None  # YYYY-MM-DD, YYYY-MM or null
    location: GoldLocation = GoldLocation()
    plover: str
    mode: str | None = None
    cameo: str | None = None
    actors: tuple[GoldActor, ...] = ()
    source_country: str | None = None
    target_country: str | None = None
    topics: tuple[str, ...] = ()
    quantities: tuple[GoldQuantity, ...] = ()
    is_main: bool = False


class GoldDoc(_Frozen):
    """The gold events of one document and the cluster its main event belongs to."""

    id: str
    events: tuple[GoldEvent, ...] = ()
    cluster: str | None = None

    @property
    def is_negative(self) -> bool:
        """True for documents that report no diplomatic event at all."""
        return not self.events

    @property
    def main(self) -> GoldEvent | None:
        """The document's main event, if it has one."""
        return next((e for e in self.events if e.is_main), None)


def _check(doc: GoldDoc, where: str) -> None:
    """Reject values the metrics would silently mis-count."""
    for i, ev in enumerate(doc.events, 1):
        if ev.plover not in PLOVER_TYPES:
            raise EvalError(
                f"{where}: event {i} of '{doc.id}' has plover '{ev.plover}'.",
                fix=f"Use one of: {', '.join(PLOVER_TYPES)}.",
            )
        if ev.mode is not None and ev.mode not in CONSULT_MODES:
            raise EvalError(
                f"{where}: event {i} of '{doc.id}' has mode '{ev.mode}'.",
                fix=f"Use null or one of: {', '.join(CONSULT_MODES)}.",
            )
        if ev.date is not None and len(ev.date) not in (7, 10):
            raise EvalError(
                f"{where}: event {i} of '{doc.id}' has date '{ev.date}'.",
                fix="Write YYYY-MM-DD, YYYY-MM or null (a year alone is not a date).",
            )
    if sum(e.is_main for e in doc.events) > 1:
        raise EvalError(
            f"{where}: document '{doc.id}' has more than one event with is_main true.",
            fix="Mark exactly one main event per non-negative document.",
        )


def parse_gold(lines: Iterable[str], origin: str = "<gold>") -> list[GoldDoc]:
    """Parse gold JSONL lines into documents, checking the schema.

    Args:
        lines: the lines of a gold file (blank lines are skipped).
        origin: the file name used in error messages.

    Returns:
        The gold documents in file order.

    Raises:
        EvalError: a line is not JSON, does not follow the schema, or repeats an id.

    Example:
        >>> parse_gold(['{"id": "n1", "events": [], "cluster": null}'])[0].is_negative
        True
    """
    docs: list[GoldDoc] = []
    seen: set[str] = set()
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"'{origin}' (line {lineno})"
        try:
            doc = GoldDoc.model_validate(json.loads(line))
        except json.JSONDecodeError as err:
            raise EvalError(
                f"{where} is not valid JSON: {err.msg} (column {err.colno}).",
                fix="Write one JSON object per line.",
            ) from None
        except ValidationError as err:
            first = err.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise EvalError(
                f"{where} does not follow the gold schema: {loc}: {first['msg']}.",
                fix="See eval/dev/README.md for the gold schema.",
            ) from None
        if doc.id in seen:
            raise EvalError(
                f"{where}: document id '{doc.id}' appears twice.",
                fix="Keep one line per document.",
            )
        _check(doc, where)
        seen.add(doc.id)
        docs.append(doc)
    return docs


def load_gold(path: str | Path) -> list[GoldDoc]:
    """Read a gold JSONL file.

    Args:
        path: the gold file (one JSON object per document).

    Returns:
        The gold documents in file order.

    Raises:
        EvalError: the file is missing, unreadable or does not follow the gold schema.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvalError(
            f"gold file '{p}' does not exist.", fix="Pass the path of a gold .jsonl file."
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        raise EvalError(f"cannot read gold file '{p}': {err}.") from None
    docs = parse_gold(text.splitlines(), str(p))
    if not docs:
        raise EvalError(f"gold file '{p}' holds no documents.", fix="Add one line per document.")
    return docs
