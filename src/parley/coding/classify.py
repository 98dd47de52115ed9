"""Contract 3: what ``source`` did to ``target`` in one sentence (PLOVER type, mode, CAMEO).

Same trigger lexicon as the document coder, with the ``classify`` scope added (verbal comments
and violence, which documents do not code as events). Of the triggers in the sentence, the one
best placed between the two parties wins: after the source and before the target for an active
verb, the other way round for a passive one or a host verb ("B received A").
"""

from __future__ import annotations

import re

from parley.coding.lexicon import CoderLexicon, Hit, match_triggers, tokenize
from parley.models import CONSULT_MODES, Model

__all__ = ["Classification", "classify_with"]

_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+$")
_MODAL = re.compile(
    r"\b(?:will|would|may|might|could|should|not|n't|never|plans? to|due to|expected to)\s+"
    r"(?:\w+\s+)?$",
    re.IGNORECASE,
)


class Classification(Model):
    """The answer for one sentence and dyad (contract 3)."""

    event_type: str
    mode: str | None = None
    cameo: str | None = None
    score: float = 0.0


def _span(text: str, lower: str, party: str) -> tuple[int, int] | None:
    """Where ``party`` occurs in ``text`` (case-insensitive), or None."""
    if not party:
        return None
    i = text.find(party)
    if i < 0:
        i = lower.find(party.lower())
    return None if i < 0 else (i, i + len(party))


def _score(text: str, hit: Hit, src: tuple[int, int] | None, tgt: tuple[int, int] | None) -> float:
    """How well a trigger explains source -> target: placement, distance, modality."""
    score = 1.0
    passive = bool(_PASSIVE.search(text[max(0, hit.start - 12) : hit.start]))
    reverse = passive or hit.rule.direction == "host"
    if src and tgt:
        first, second = (tgt, src) if reverse else (src, tgt)
        if first[1] <= hit.start and hit.end <= second[0]:
            score += 1.5
        elif second[1] <= hit.start and hit.end <= first[0]:
            score += 0.6
        elif first[1] <= hit.start:
            score += 0.8 if hit.rule.direction == "mutual" else 0.5
        dist = min(abs(hit.start - src[1]), abs(hit.start - tgt[1]), abs(tgt[0] - hit.end))
        score -= min(dist, 300) / 300
    elif src:
        score += 0.5 if src[1] <= hit.start else 0.0
        score -= min(abs(hit.start - src[1]), 300) / 300
    if _MODAL.search(text[max(0, hit.start - 25) : hit.start]):
        score -= 0.3
    if hit.rule.scope == "event":
        score += 0.1
    return score


def classify_with(lex: CoderLexicon, text: str, source: str, target: str) -> Classification:
    """Classify one sentence and dyad with a compiled lexicon.

    Args:
        lex: the compiled coder lexicon.
        text: the sentence.
        source: the acting party (a substring of ``text``).
        target: the party acted upon (a substring of ``text``).

    Returns:
        The best trigger's type, mode and CAMEO code; ``CONSULT`` with score 0.1 when the
        sentence has no trigger at all.
    """
    hits = match_triggers(lex, tokenize(text), ("event", "classify"))
    if not hits:
        return Classification(event_type="CONSULT", mode=None, cameo="040", score=0.1)
    lower = text.lower()
    src, tgt = _span(text, lower, source), _span(text, lower, target)
    best = max(hits, key=lambda h: _score(text, h, src, tgt))
    rule = best.rule
    mode = rule.mode if rule.mode in CONSULT_MODES else None
    cameo = rule.cameo
    if rule.plover == "CONSULT" and rule.mode == "meet":
        mode = "visit" if rule.direction in ("move", "host") else None
        cameo = "042" if mode == "visit" else cameo
    raw = _score(text, best, src, tgt)
    confidence = max(0.2, min(0.95, 0.35 + raw / 4))
    return Classification(
        event_type=rule.plover,
        mode=mode if rule.plover == "CONSULT" else None,
        cameo=cameo,
        score=round(confidence, 2),
    )
