"""``coder.rules.v1`` and ``v2``: trigger lexicon + dyad rules -> one EventMention per reported event.

Per sentence: find triggers (``triggers.tsv``), drop those in a future/modal/negated clause,
find the dyad from the actor mentions around the trigger (PLOVER: the actor is the one doing
it, the recipient the one it is done to; visitor = source, host = target), the venue from the
place mentions, the date from the date mentions. Then: choose the main event, anchor anaphoric
and missing dates, merge the mentions of one event, bind topics and quantities to events, and
write every field's evidence. No trigger word, country or person is written in this module.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, TypeVar

from pydantic import BaseModel

from parley.annotate.dates import resolve_offset
from parley.annotate.topics import load_implied_topics, read_data_table
from parley.coding.lexicon import (
    CoderLexicon,
    Hit,
    match_triggers,
    screen_spans,
    tokenize,
)
from parley.models import (
    Actor,
    Annotation,
    EventMention,
    Evidence,
    Location,
    Mention,
    Quantity,
    build_trusted,
)

__all__ = ["code_annotation"]


def _alternation(alternatives: str) -> str:
    """``(?:a|b|...)`` for the ``|``-separated ``alternatives``, grouped by first character
    (``(?:w(?:ill|ould)|...)`` in effect): the regex engine then tries one group at each place
    of the text instead of every alternative, ~3x faster for a long word list.

    The matches are the same: alternatives that start with one character keep their order,
    and alternatives that start with different letters never match at the same place (one that
    starts with a group, as ``(?-i:may)`` in ``_MODAL_BEFORE``, may: use it only where whether
    the pattern matches counts, not which words). Splits at top-level ``|`` only: an alternative
    may hold a group with ``|`` of its own (no escaped parentheses).
    """
    parts: list[str] = []
    depth = 0
    current = ""
    for ch in alternatives:
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += (ch == "(") - (ch == ")")
        current += ch
    parts.append(current)
    groups: dict[str, list[str]] = {}
    for part in parts:
        groups.setdefault(part[:1], []).append(part)
    return "(?:" + "|".join(f"(?:{'|'.join(g)})" for g in groups.values()) + ")"


def _words(alternatives: str) -> str:
    """``\\b(?:a|b|...)\\b`` for ``|``-separated words (see :func:`_alternation`), led by a
    look-ahead of the letters they start with: the regex engine then tries the pattern only
    where one of them stands (same matches; about twice as fast on running text).
    """
    letters = sorted({w[:1] for w in alternatives.split("|")})
    assert all(c.isalpha() for c in letters), "words start with a letter"
    return f"(?=[{''.join(letters)}])\\b{_alternation(alternatives)}\\b"


class _Screened:
    """A compiled pattern every match of which holds one of ``words``: a text without any of
    them is not searched (the substring tests cost a fraction of a scan by the pattern).

    A pattern that ignores case is screened on ASCII text only, lower-cased: there
    ``str.lower()`` is the pattern's case folding (a regex ignoring case also matches "ſ" for
    "s"); other text is always searched. ``words`` must hold a word of every alternative of the
    pattern (a word that holds another, "whereas" beside "where", is dropped as redundant).
    """

    __slots__ = ("fold", "pattern", "words")

    def __init__(self, pattern: re.Pattern[str], words: Sequence[str]) -> None:
        self.pattern = pattern
        self.fold = bool(pattern.flags & re.IGNORECASE)
        self.words = tuple(w for w in words if not any(o != w and o in w for o in words))

    def _may_match(self, text: str, pos: int, endpos: int) -> bool:
        window = text[pos:endpos]  # (a match lies inside [pos, endpos))
        if self.fold:
            if not window.isascii():
                return True
            window = window.lower()
        # (a loop: any() over a generator costs twice as much here)
        for w in self.words:  # noqa: SIM110
            if w in window:
                return True
        return False

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """``pattern.search(text, pos, endpos)``."""
        if not self._may_match(text, pos, endpos):
            return None
        return self.pattern.search(text, pos, endpos)

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text, pos, endpos)``."""
        if not self._may_match(text, pos, endpos):
            return iter(())
        return self.pattern.finditer(text, pos, endpos)


# Words before a trigger that make its clause future, modal, hypothetical or negated.
# "may" only in lower case: the month ("BERLIN, May 3 --", "on 9 May") is always capitalised.
_MODAL_BEFORE = re.compile(
    r"\b"
    + _alternation(
        r"will|would|shall|'ll|(?-i:may)|might|could|should|can|cannot|must|not|n't|never|"
        r"due to|is to|are to|was to|were to|plans? to|planning|"
        r"expected to|scheduled to|set to|intends? to|intended to|hopes? to|hoped to|wants? to|"
        r"wanted to|seeks? to|sought to|aims? to|ready to|readiness|willing(?:ness)? to|"
        r"prepared to|invited .{0,40}to|invitation to|refused to|failed to|if|unless|whether|"
        r"considering|consider|en route|on (?:its|their|his|her) way"
    )
    + r"\b",
    re.IGNORECASE,
)
# Words that modify the trigger itself ("a planned visit", "no talks", "the upcoming summit"):
# only within the last few words before it, since they modify nouns anywhere in a clause.
_MODAL_ADJACENT = re.compile(
    r"\b"
    + _alternation(
        "planned|upcoming|proposed|possible|future|next|being|to be|any|no|without|neither|"
        "nor|preparing"
    )
    + r"\s+(?:[\w'’-]+\s+)?$",
    re.IGNORECASE,
)
# "talk of fresh sanctions", "the threat of expulsions": an act spoken of, not one that happened
_HYPOTHETICAL = re.compile(
    r"\b"
    + _alternation(
        "talk|threats?|prospects?|possibility|risk|fears?|speculation|rumou?rs?|spectre|likelihood"
    )
    + r"\s+of\s+(?:[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
# Acts done by announcing them: their progressive ("is being expelled") reports them done.
_DECIDED_TYPES = frozenset({"SANCTION", "ACCUSE", "REQUEST", "CONCEDE"})
# A bare infinitive "to visit" is not a report that the visit happened.
_INFINITIVE = re.compile(r"\bto\s+(?:\w+\s+)?$", re.IGNORECASE)
# ... unless a decision taken is reported: "has decided to recall", "voted to expel"
_DECIDED = re.compile(
    r"\b(?:decided|decides|resolved|voted|moved|chose|opted)\s+(?:\w+\s+)?to\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_AFTER_FUTURE = re.compile(
    r"^\W*(?:\w+\W+){0,6}?(?:en route|on (?:its|their|his|her) way|later this|next week|"
    r"next month|tomorrow)\b",
    re.IGNORECASE,
)
# "after years of trade sanctions": a background state, not an act reported as news
_BACKGROUND = re.compile(
    r"\b(?:years|decades|months|weeks)\s+of\s+(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE
)
# "Since then Beijing has lifted ...": a summary of what happened over a period, not one act
_AGGREGATE_START = re.compile(r"\W*since\s+(?:then|that\s+\w+)\b", re.IGNORECASE)
# "has previously concluded agreements of this kind": a record over time, not one act
_FREQUENTATIVE = re.compile(
    r"\b(?:has|have|had)\s+(?:previously|repeatedly|often|regularly|frequently)\s+$",
    re.IGNORECASE,
)
_STATE_NOW = re.compile(
    r"\b(?:will|would|shall)\s+(?:remain|stay|continue\s+to\s+be|be\s+kept)\s+$",
    re.IGNORECASE,
)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|had been|has been|have been)\s+$")
_LOCATIVE = re.compile(
    r"\b(?:in|at|to|from|into|outside|near|inside|via|towards?|across|around|of|within)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_PARTY_REF = re.compile(
    r"\b(?:the two|both|the)\s+(?:sides|leaders|presidents|ministers|foreign ministers|"
    r"prime ministers|heads of state|parties|interlocutors|countries|governments|nations|"
    r"delegations|neighbours|neighbors)\b|\bthe sides\b|\bboth sides\b",
    re.IGNORECASE,
)
_PARTY_OF = re.compile(
    r"\b(?:(?:on|for)\s+the\s+part|on\s+behalf|on\s+the\s+side)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_AS_CLAUSE = re.compile(r"\b(?:as|while|when|after|where|because)\b", re.IGNORECASE)
_AND_NEXT = re.compile(r"\s+and\s+(?:the\s+)?")
_COORDINATED = re.compile(r"\band\s+(?:also\s+|then\s+)?$", re.IGNORECASE)
_THAT = re.compile(r"\bthat\b", re.IGNORECASE)
_PRONOUN_NEXT = re.compile(r",?\s+(?:he|she|they|we|i)\b")
_PRONOUN = re.compile(r"\b(?:he|she|they|i|we)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# "told reporters that the two had agreed": a past perfect reported on the day is that day's news
_REPORTED = re.compile(
    r"\b(?:said|says|told|added|noted|stated|announced|explained|confirmed|informed)\b"
    r"[^.;]{0,60}\bthat\b[^.;]*$",
    re.IGNORECASE,
)
# "Russia answered by sending home ...", "in retaliation, X expelled": the other side's reply
_COUNTER = _Screened(
    re.compile(
        r"\b(?:(?:answered|responded|retaliated|reciprocated|replied|hit\s+back)\s+(?:by|with)|"
        r"in\s+(?:response|retaliation|return|kind)\b[^.;]{0,30}|tit[\s-]for[\s-]tat\b[^.;]{0,30})"
        r"\s*$",
        re.IGNORECASE,
    ),
    # (a stem stands for its forms: "respon" for "responded" and "response")
    ["answered", "respon", "retaliat", "reciprocated", "replied", "hit", "return", "kind", "tit"],
)
_PAST_PERFECT = re.compile(r"\bhad\s+(?:\w+\s+)?$", re.IGNORECASE)
_NEGOTIATE = re.compile(
    r"\b(?:talks|negotiat\w*|meet|meeting|consultations|dialogue|summit|round)\b", re.IGNORECASE
)
_CLAUSE_SPLIT = _Screened(re.compile(r";|\s(?:while|whereas)\s"), (";", "while", "whereas"))
# Words that open another clause (or a prepositional time phrase of another verb) between a
# trigger and a date: the date then belongs to that clause.
_SUBORDINATE = re.compile(
    _words(
        "that|which|who|whom|whose|where|when|since|until|till|because|after|before|"
        "following|ahead of|once|as|from"
    ),
    re.IGNORECASE,
)
# "the war in Ukraine", "the situation in Gaza": a place that is a topic, not a venue
_ABOUT_PLACE = re.compile(
    r"\b(?:war|conflict|crisis|situation|fighting|peace|settlement|developments|events|"
    r"tensions|invasion|occupation|elections?)\s+(?:in|on|around|over)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_VENUE_REACH = 90  # chars after a trigger within which a place can be its venue
# "due from Tuesday", "valid until June": the bound of a state, not the date of an act
_BOUND = re.compile(r"\b(?:from|until|till|starting|effective|through)\s+$", re.IGNORECASE)
_RELATIVE = _Screened(
    re.compile(r",?\s(?:which|who|whose|whom)\b", re.IGNORECASE), ("which", "who")
)
_SUBORDINATE_BEFORE = re.compile(
    _words(
        "which|who|whom|whose|when|since|until|till|because|after|before|following|ahead of|once|as"
    ),
    re.IGNORECASE,
)

_MAIN_PRIORITY = {
    "CONSULT": 1.0,
    "PROTEST": 0.9,
    "SUPPORT": 0.8,
    "ACCUSE": 0.7,
    "SANCTION": 0.6,
    "AID": 0.6,
    "AGREE": 0.3,
    "CONCEDE": 0.2,
    "REQUEST": 0.2,
}
_PERSON = "person"
_WORD = re.compile(r"\w+")
# Pseudo-countries of organisations: a party to an act only when it is named as one.
_BLOCS = frozenset({"IGO"})


@dataclass
class _Raw:
    """One trigger with its dyad, before merging."""

    hit: Hit
    sentence: int
    plover: str
    mode: str | None
    cameo: str | None
    source: Mention | None
    target: Mention | None
    source_country: str | None
    target_country: str | None
    place: Mention | None
    date: Mention | None
    past_perfect: bool = False
    open_mode: bool = False  # talks with no venue: the same talks as any in-person meeting
    borrowed: bool = False  # its parties come from the previous mention ("the two sides")
    other_time: bool = False  # its clause names another year: never dated from context
    flip_anaphora: bool = False
    counter: bool = False  # a counter-measure ("answered by expelling"): the other side's act
    resolved_date: str | None = None
    precision: str | None = None
    extra: list[Mention] = field(default_factory=list)


@dataclass
class _Event:
    """Merged raw mentions of one event."""

    raws: list[_Raw]
    date: str | None = None
    precision: str | None = None
    topics: list[Mention] = field(default_factory=list)
    quantities: list[Mention] = field(default_factory=list)
    organisations: list[Mention] = field(default_factory=list)
    is_main: bool = False

    @property
    def head(self) -> _Raw:
        return self.raws[0]

    @property
    def pair(self) -> frozenset[str | None]:
        return frozenset((self.head.source_country, self.head.target_country))


_CLAUSE_WORDS = (" that ", " and ", " when ", " where ", " who ", " which ")
_PLEDGE_UNDONE = re.compile(r"\b(?:not|n't|never|no|will|would|may|might)\s+(?:\w+\s+)?$")


def _is_modal(text: str, sent_start: int, hit: Hit) -> bool:
    """True when the trigger's clause is future, modal, hypothetical or negated."""
    before = text[max(sent_start, hit.start - 120) : hit.start]
    # Key-word screens skip the patterns that cannot match: each tests a word the pattern
    # needs. Only on ASCII text, where str.lower() is the patterns' case folding (a regex
    # ignoring case also matches e.g. "ſ" for "s"); elsewhere every pattern runs.
    low = before.lower() if before.isascii() else None
    tail = None if low is None else low.rstrip()  # the end the "...\s+$" patterns match at
    if (
        ((low is None or any(w in low for w in _BACKGROUND_UNITS)) and _BACKGROUND.search(before))
        or ((tail is None or tail.endswith(_FREQUENT_ADVERBS)) and _FREQUENTATIVE.search(before))
        or _AGGREGATE_START.match(text, sent_start, hit.start)
    ):
        return True
    if tail is None or tail.endswith(_STATE_ENDS):
        # "the tariffs will remain in pause": a state announced now that holds from now on
        before = _STATE_NOW.sub(" ", before)
    # only the clause the trigger is in: cut at the last comma/semicolon/"that"
    cut = max(before.rfind(","), before.rfind(";"), *map(before.rfind, _CLAUSE_WORDS))
    clause = before[cut + 1 :] if cut >= 0 else before
    if hit.rule.plover == "AGREE":
        # a pledge is about the future by nature; only negation or a report-of-plan cancels it
        return _PLEDGE_UNDONE.search(clause) is not None
    adjacent = _MODAL_ADJACENT.search(clause)
    if adjacent is not None and adjacent.group().lower().startswith("being"):
        # "is being expelled": a decision announced is taken; aid "being dispatched" is not
        # delivered yet
        adjacent = None if hit.rule.plover in _DECIDED_TYPES else adjacent
    if _MODAL_BEFORE.search(clause) or adjacent is not None:
        return True
    if _HYPOTHETICAL.search(clause):
        return True
    if (
        _INFINITIVE.search(clause)
        and hit.rule.direction != "patient"
        and not _DECIDED.search(clause)
    ):
        return True
    after = text[hit.end : hit.end + 60]
    if after.isascii():
        low_after = after.lower()
        if not any(w in low_after for w in _AFTER_FUTURE_WORDS):
            return False
    return _AFTER_FUTURE.search(after) is not None


# Words each of the patterns above needs (see _is_modal's screens)
_BACKGROUND_UNITS = ("years", "decades", "months", "weeks")
_FREQUENT_ADVERBS = ("previously", "repeatedly", "often", "regularly", "frequently")
_STATE_ENDS = ("remain", "stay", "be", "kept")
_AFTER_FUTURE_WORDS = ("en route", "way", "later this", "next week", "next month", "tomorrow")


# "Astana's leading volleyball club", "a Brazilian setter", "the US dollar": up to two words
# between the name (or its possessive) and the noun it describes
_HEAD_AFTER = re.compile(r"(?:['’]s)?(?:\s+[\w-]+){1,3}")


@functools.cache
def _civil_heads() -> frozenset[str]:
    """Nouns naming non-state parties (``civil_heads.tsv``), read once."""
    return frozenset(f[0].lower() for f, _ in read_data_table("civil_heads.tsv", 1))


def _is_civil(text: str, m: Mention, civil: frozenset[str]) -> bool:
    """Whether a country or capital only describes a non-state party ("a Brazilian setter",
    "Astana's volleyball club"): no state acts through it."""
    if m.kind != "actor" or m.actor_type not in ("country", "capital"):
        return False
    after = _HEAD_AFTER.match(text, m.end)
    if after is None:
        return False
    words = after.group().lower().split()
    if words and words[0] in ("'s", "’s"):
        words = words[1:]
    head = next((w for w in words if w in civil), None)
    if head is None:
        return False
    # the noun must be the head of the phrase the name opens: no official word before it
    return not any(w in _OFFICIAL_WORDS for w in words[: words.index(head)])


# words that make the phrase an official one even when a civil noun follows ("Central Bank" is
# the state's; "foreign ministry team" is officials)
_OFFICIAL_WORDS = frozenset(
    {"central", "state", "national", "foreign", "government", "ministry", "official", "defence"}
)


class _Doc:
    """Per-document lookup tables: text, sentences, mentions by kind and sentence."""

    def __init__(self, ann: Annotation, lex: CoderLexicon, kb: Any, version: int = 2) -> None:
        self.ann = ann
        self.version = version  # the coder.rules.vN whose rules apply (see code_annotation)
        self.text = ann.doc.text
        self.lex = lex
        self.kb = kb
        self.sentences = ann.sentences
        self.starts = starts = [s.start for s in ann.sentences]
        self.by_sentence: dict[tuple[str, int], list[Mention]] = {}
        civil = _civil_heads()
        text = self.text
        # v2: the countries of firms and people a sanction can target ("28 Indonesian
        # companies"), by sentence
        self.civil: dict[int, list[Mention]] = {}
        civil_ids: set[int] = set()
        # one pass in text order (what "before"/"after" rules rely on; linear on already
        # sorted input)
        by_sentence = self.by_sentence
        for m in sorted(ann.mentions, key=_START):
            i = bisect.bisect_right(starts, m.start) - 1  # sentence_of(m.start)
            if i < 0:
                i = 0
            # a country describing a club, a firm or a currency is no party to any act (the
            # cheap kind test first: most mentions are no country)
            if m.kind == "actor" and m.actor_type in _STATE_TYPES and _is_civil(text, m, civil):
                civil_ids.add(id(m))
                if m.country:
                    self.civil.setdefault(i, []).append(m)
                continue
            key = (m.kind, i)
            found = by_sentence.get(key)
            if found is None:
                by_sentence[key] = [m]
            else:
                found.append(m)
        # the mentions that can be parties, in the annotation's order
        self.kept: list[Mention] = (
            [m for m in ann.mentions if id(m) not in civil_ids] if civil_ids else list(ann.mentions)
        )
        # canonical names of buildings standing for governments ("the Kremlin")
        self.metonyms = _metonym_names(kb)
        chrome = lex.chrome
        self.place_like: dict[int, tuple[Mention, bool]] = {}  # see _is_place_like
        self.clauses: dict[tuple[int, int, int], tuple[int, int]] = {}  # see _clause_bounds
        self.title_hits: list[Hit] | None = None  # see _title_hits
        low = text.lower()
        if len(low) == len(text):
            # (the prefixes are ASCII and no longer than 40: the lower-cased text says the
            # same as each sentence's first 40 characters lower-cased)
            self.chrome = [low.startswith(chrome, s.start) for s in self.sentences]
        else:  # lower-casing moved the offsets ("İ")
            self.chrome = [
                text[s.start : s.start + 40].lower().startswith(chrome) for s in self.sentences
            ]

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def mentions(self, kind: str, sentence: int) -> list[Mention]:
        return self.by_sentence.get((kind, sentence), [])

    @functools.cached_property
    def paragraph(self) -> list[int]:
        """Paragraph number of each sentence (a blank line starts a paragraph); worked out
        when first asked (a document whose triggers all drop never asks)."""
        out: list[int] = []
        para = 0
        prev_end = 0
        for s in self.sentences:
            if self.text.find("\n", prev_end, s.start) >= 0:
                para += 1
            out.append(para)
            prev_end = s.end
        return out

    def is_chrome(self, sentence: int) -> bool:
        return self.chrome[sentence]


_START = attrgetter("start")
_STATE_TYPES = ("country", "capital")


def _metonym_names(kb: Any) -> frozenset[str]:
    """Canonical names of the buildings that stand for governments ("the Kremlin") in ``kb``:
    once per knowledge base (a ``Knowledge`` hashes by identity), per call for another kb."""
    try:
        return _cached_metonym_names(kb)
    except TypeError:  # an unhashable stand-in
        return _read_metonym_names(kb)


def _read_metonym_names(kb: Any) -> frozenset[str]:
    metonyms = getattr(kb, "metonyms", None) or {}
    return frozenset(getattr(m, "canonical", "") for m in metonyms.values())


_cached_metonym_names = functools.lru_cache(maxsize=4)(_read_metonym_names)


def _countries(ms: Sequence[Mention]) -> list[Mention]:
    """Actor mentions that carry a country, in text order."""
    return [m for m in ms if m.country]


def _is_place_like(doc: _Doc, m: Mention) -> bool:
    """An actor mention in a locative phrase ("in Beijing", "to India") names a place; a
    possessive ("in view of Russia's war") names the party whose act it is."""
    # asked ~4 times per mention (once per rule and trigger that weighs it): answered once
    known = doc.place_like.get(id(m))
    if known is not None and known[0] is m:  # (the entry keeps m alive: its id stays its own)
        return known[1]
    found = _read_place_like(doc, m)
    doc.place_like[id(m)] = (m, found)
    return found


def _read_place_like(doc: _Doc, m: Mention) -> bool:
    """:func:`_is_place_like`, computed."""
    if doc.text[m.end : m.end + 2] in ("'s", "’s"):
        return False
    before = doc.text[max(0, m.start - 24) : m.start]
    if _PARTY_OF.search(before):
        return False  # "on the part of the United States, the commitment is ..."
    if _PRONOUN_NEXT.match(doc.text, m.end) and m.actor_type in ("country", "capital"):
        return True  # "Before Australia he spent three days ...": a fronted time or place
    if _is_apposition(doc, m):
        return True
    return bool(_LOCATIVE.search(before[-14:]))


_APPOSITION_GAP = re.compile(r",\s*(?:the\s+)?$", re.IGNORECASE)


def _is_apposition(doc: _Doc, m: Mention) -> bool:
    """ "Lima, the Republic of Peru": a country right after a town of it says where."""
    if m.actor_type != "country" or m.country is None:
        return False
    gap = _APPOSITION_GAP.search(doc.text, max(0, m.start - 8), m.start)
    if gap is None:
        return False
    i = doc.sentence_of(m.start)
    return any(
        p.end == gap.start() and p.country == m.country
        for p in doc.mentions("place", i) + doc.mentions("actor", i)
        if p.kind == "place" or p.actor_type == "capital"
    )


_TOPIC_BEFORE = re.compile(
    r"\b(?:around|about|regarding|concerning|including|on|over|towards?)\s+"
    r"(?:the\s+)?(?:[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)


def _is_topic(doc: _Doc, m: Mention) -> bool:
    """An actor in a topic phrase ("talks on Ukraine", "the situation around X")."""
    return bool(_TOPIC_BEFORE.search(doc.text[max(0, m.start - 40) : m.start]))


def _subject_before(doc: _Doc, actors: list[Mention], pos: int, lo: int) -> Mention | None:
    """The nearest non-locative actor before ``pos`` (and after ``lo``)."""
    for m in reversed(actors):
        if lo <= m.start and m.end <= pos and not _is_place_like(doc, m):
            return m
    return None


def _first_after(
    actors: list[Mention], pos: int, hi: int, other_than: str | None
) -> Mention | None:
    """The first actor after ``pos`` (before ``hi``) of a country other than ``other_than``."""
    for m in actors:
        if m.start >= pos and m.end <= hi and m.country != other_than:
            return m
    return None


def _clause_bounds(doc: _Doc, sent: int, hit: Hit) -> tuple[int, int]:
    """Start and end of the clause holding the trigger (split at ";" and "while")."""
    key = (sent, hit.start, hit.end)  # asked for the dyad and again for the participants
    bounds = doc.clauses.get(key)
    if bounds is None:
        bounds = doc.clauses[key] = _read_clause_bounds(doc, sent, hit)
    return bounds


def _read_clause_bounds(doc: _Doc, sent: int, hit: Hit) -> tuple[int, int]:
    """:func:`_clause_bounds`, computed."""
    s = doc.sentences[sent]
    lo, hi = s.start, s.end
    for m in _CLAUSE_SPLIT.finditer(doc.text, s.start, s.end):
        if m.end() <= hit.start:
            lo = m.end()
        elif m.start() >= hit.end:
            hi = m.start()
            break
    return lo, hi


def _venue(doc: _Doc, sent: int, hit: Hit, lo: int, hi: int) -> Mention | None:
    """The place the event happened: a place mention in the clause, nearest after the trigger."""
    places = [
        p
        for p in doc.mentions("place", sent)
        if lo <= p.start < hi
        and p.country
        and p.start - hit.end < _VENUE_REACH
        and not _blocked(doc.text, p, hit)
        and not _ABOUT_PLACE.search(doc.text, max(0, p.start - 30), p.start)
    ]
    places += [
        a
        for a in doc.mentions("actor", sent)
        if lo <= a.start < hi
        and a.actor_type in ("capital", "country")
        and _is_place_like(doc, a)
        and a.actor_type == "capital"
        and not _blocked(doc.text, a, hit)
    ]
    if not places:
        return None
    after = [p for p in places if p.start >= hit.start]
    if after:
        return min(after, key=lambda p: p.start)
    return max(places, key=lambda p: p.start)


# "In a telephone conversation on Monday, " / "During talks in Rome, ": a fronted phrase that
# holds the trigger, closed by a comma; then at most a title before the first party
_FRONTED_LEAD = re.compile(r"\W*(?:in|during|at|over)\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)
# (title words are capitalised: "Biden criticised China and Russia" names no two parties)
_TITLE_WORD = r"(?:[A-Z][\w.'’-]*|of|the|for)"
_FRONTED_GAP = re.compile(rf"[^,;:]*,\s+(?:{_TITLE_WORD}\s+){{0,6}}")
# "... and Saudi Foreign Minister " / "... and Foreign Minister of France, ": the second party
_AND_TITLE = re.compile(rf"\s+and\s+(?:{_TITLE_WORD},?\s+){{0,6}}")
_TITLE_RUN = re.compile(rf"(?:['’]s)?,?\s+(?:{_TITLE_WORD},?\s+){{0,6}}")


def _fronted_pair(
    doc: _Doc, actors: list[Mention], hit: Hit, lo: int
) -> tuple[Mention, Mention] | None:
    """The two parties of a talk named after a fronted phrase ("In a phone call on Monday, A
    and B reviewed ties"), or ``None`` when the sentence has another shape.

    A party may be named by several mentions of its country in a row ("Ruritanian Foreign
    Minister Anna Berg"): the last one (the person) stands for it.
    """
    text = doc.text
    if not _FRONTED_LEAD.fullmatch(text, lo, hit.start):
        return None
    after = [a for a in actors if a.start >= hit.end and not _is_place_like(doc, a)]
    parties: list[list[Mention]] = []
    for a in after:
        if parties and _TITLE_RUN.fullmatch(text, parties[-1][-1].end, a.start):
            if a.country != parties[-1][-1].country:
                return None  # "Ruritanian Sylvania": no shape this rule knows
            parties[-1].append(a)
        elif len(parties) < 2:
            parties.append([a])
        else:
            break
    if len(parties) < 2:
        return None
    first, second = parties
    if first[-1].country == second[-1].country:
        return None
    if not _FRONTED_GAP.fullmatch(text, hit.end, first[0].start):
        return None
    if not _AND_TITLE.fullmatch(text, first[-1].end, second[0].start):
        return None
    return first[-1], second[-1]


# "the foreign ministry in Ankara summoned ...": a government body named by its seat
_SEAT_BODY = re.compile(
    r"\b(?:ministry|government|foreign\s+office|presidency|cabinet|authorities)\s+in\s+$",
    re.IGNORECASE,
)


def _seat_before(doc: _Doc, sent: int, hit: Hit, lo: int) -> Mention | None:
    """The capital that names the acting body right before a trigger ("the foreign ministry in
    Ankara summoned"), or ``None``."""
    text = doc.text
    capitals = getattr(doc.kb, "capitals", None) or {}  # capital or seat name -> country
    for p in doc.mentions("place", sent):
        if not (lo <= p.start and p.end <= hit.start and p.country):
            continue
        if text[p.end : hit.start].strip():
            continue  # the seat must be right before the verb
        before = text[max(lo, p.start - 40) : p.start]
        if _SEAT_BODY.search(before) and capitals.get(p.text) == p.country:
            return p
    return None


def _dyad(
    doc: _Doc, sent: int, hit: Hit, lo: int, hi: int, previous: _Raw | None
) -> tuple[Mention | None, Mention | None, str | None, str | None]:
    """Source and target mentions (and countries) of a trigger, by its direction rule."""
    rule = hit.rule
    rel = _RELATIVE.search(doc.text, hit.end, hi)
    if rel is not None:
        # "... GRU, which is steered by Moscow": a relative clause names no party of the act
        hi = rel.start()
    actors = _countries(doc.mentions("actor", sent))
    # a bloc or format named in passing ("coordination within the OSCE") is no counterpart
    actors = [a for a in actors if lo <= a.start < hi and a.country not in _BLOCS]
    subj = _subject_before(doc, actors, hit.start, max(lo, hit.start - 160))
    src: Mention | None = None
    tgt: Mention | None = None
    before_countries: list[Mention] = []
    for a in actors:
        if (
            a.end <= hit.start
            and hit.start - a.end < 160
            and not _is_place_like(doc, a)
            and all(b.country != a.country for b in before_countries)
        ):
            before_countries.append(a)
    passive = bool(_PASSIVE.search(doc.text[max(lo, hit.start - 16) : hit.start]))

    if rule.plover == "PROTEST":
        return _protest_dyad(doc, sent, hit, lo, hi, actors)
    if rule.direction == "mutual":
        # what two sides talk about is no counterpart ("discussed the situation around Ukraine")
        actors = [a for a in actors if a.start < hit.end or not _is_topic(doc, a)]
    fronted = (
        _fronted_pair(doc, actors, hit, lo)
        if doc.version >= 2 and rule.direction == "mutual" and not before_countries
        else None
    )
    if rule.direction == "mutual" and len(before_countries) >= 2:
        # "Trump watched as A and B signed": the subject of the trigger's own clause
        cut = max((m.end() for m in _AS_CLAUSE.finditer(doc.text, lo, hit.start)), default=lo)
        inner = [a for a in before_countries if a.start >= cut]
        src, tgt = (inner[0], inner[1]) if len(inner) >= 2 else before_countries[:2]
    elif fronted is not None:
        src, tgt = fronted
    elif (passive and rule.direction == "agent") or rule.direction == "patient":
        # PLOVER: the one it is done to is the recipient ("was expelled", "obtained a pause")
        tgt = subj
        by = re.search(r"\bby\b", doc.text[hit.end : hi])
        agent = (
            _first_after(actors, hit.end + by.start(), hi, tgt.country if tgt else None)
            if by
            else None
        )
        if agent is None:
            agent = next(
                (a for a in before_countries if tgt is None or a.country != tgt.country), None
            )
        if agent is None:
            # "Iran's ambassador to Australia ... was given seven days": the host country acts
            agent = next(
                (a for a in actors if a.start < hi and (tgt is None or a.country != tgt.country)),
                None,
            )
        src = agent
        if tgt is None:
            tgt = _first_after(actors, hit.end, hi, src.country if src else None)
    else:
        src = subj
        if rule.direction == "move":
            # "her trip to Australia", "arrived in Tarnov": the place right after the verb
            near = re.match(
                r"\s+(?:to|in|into|for)\s+(?:the\s+)?", doc.text[hit.end : hit.end + 20]
            )
            if near is not None:
                at = hit.end + near.end()
                dest = next(
                    (
                        m
                        for m in doc.mentions("place", sent) + doc.mentions("actor", sent)
                        if m.start == at and m.country and m.country not in _BLOCS
                    ),
                    None,
                )
                if dest is not None and (src is None or dest.country != src.country):
                    return src, dest, src.country if src else None, dest.country
        allow_places = rule.direction in ("move",)
        pool = actors if allow_places else [a for a in actors if not _is_place_like(doc, a)]
        that = _THAT.search(doc.text, hit.start, hit.end)
        if src is None and that is not None and rule.direction == "agent":
            # "he announced that Ruritania would send ...": an unnamed speaker's report names
            # the side that commits in its subject
            src = next((a for a in pool if that.end() <= a.start < hit.end), None)
        # objects can sit inside a gapped trigger ("asked Sylvania to withdraw")
        tgt = _first_after(pool, hit.start + 1, hi, src.country if src else None)
        if tgt is None and not allow_places and rule.direction != "mutual":
            # (for talks, "within the UN" or "in Tarnov" is where, never with whom)
            tgt = _first_after(actors, hit.start + 1, hi, src.country if src else None)
        if tgt is None and rule.direction == "move":
            # the first place after the verb in another country ("visited the Ruritanian
            # Cultural Centre in Tarnov" went to Tarnov)
            tgt = next(
                (
                    p
                    for p in sorted(doc.mentions("place", sent), key=lambda p: p.start)
                    if hit.end <= p.start < hi
                    and p.country
                    and (src is None or p.country != src.country)
                ),
                None,
            )
        if rule.direction == "host":
            src, tgt = tgt, src
    if doc.version >= 2 and rule.direction == "agent" and not passive:
        if src is None:
            src = _seat_before(doc, sent, hit, lo)
        if tgt is None and rule.plover == "SANCTION":
            # "imposed sanctions on 28 Indonesian companies": PLOVER codes the country whose
            # firms and people are targeted (as for a suspended company licence)
            tgt = _first_after(
                doc.civil.get(sent, []), hit.start + 1, hi, src.country if src else None
            )
    s_c = src.country if src else None
    t_c = tgt.country if tgt else None
    if rule.group == _RECALL:
        src, tgt, s_c, t_c = _recall_dyad(doc, sent, hit, hi, actors, src, tgt)
    if t_c is None and s_c is not None and rule.plover in ("AID", "AGREE"):
        # aid landing in a place went to that place's country; a pledge made in or about a
        # foreign place was made to that country ("announced in Tarnov that ...")
        dest = _venue(doc, sent, hit, hit.end, hi) or _venue(doc, sent, hit, lo, hi)
        if dest is not None and dest.country != s_c:
            tgt, t_c = dest, dest.country
    if (
        s_c is not None
        and t_c is None
        and rule.direction in ("agent", "patient")
        and rule.mode != "multilateral"
    ):
        # an act without a named object is done to the other party of its sentence (a missing
        # subject is usually a pronoun for someone named before: see below)
        known = s_c or t_c
        others = [
            a
            for a in _countries(doc.mentions("actor", sent))
            if a.country != known and not _is_place_like(doc, a) and a.country not in _BLOCS
        ]
        if others:
            nearest = min(others, key=lambda a: abs(a.start - hit.start))
            tgt, t_c = nearest, nearest.country
    if (
        (s_c is None) != (t_c is None)
        and sent > 0
        and rule.direction in ("agent", "patient")
        and rule.mode != "multilateral"
    ):
        # the other party was named in the sentence before ("... Iran's ambassador ...")
        known = s_c or t_c
        other = next(
            (a for a in _countries(doc.mentions("actor", sent - 1)) if a.country != known), None
        )
        if other is not None and s_c is None:
            src, s_c = other, other.country
        elif other is not None:
            tgt, t_c = other, other.country
    # "the two sides ..." / "he ...": the parties of the previous event
    if previous is not None and (s_c is None or t_c is None):
        window = doc.text[max(lo, hit.start - 60) : hit.start]
        if _PARTY_REF.search(window) or (s_c is None and _PRONOUN.search(window)):
            pair = [previous.source_country, previous.target_country]
            if s_c is None and t_c is None:
                s_c, t_c = pair
                src, tgt = previous.source, previous.target
            elif s_c is None:
                s_c = next((c for c in pair if c != t_c), None)
                src = previous.source if previous.source_country == s_c else previous.target
            else:
                t_c = next((c for c in pair if c != s_c), None)
                tgt = previous.target if previous.target_country == t_c else previous.source
    return src, tgt, s_c, t_c


_RECALL = "recall"
# "recalled its ambassador from Tehran", "the ambassador in Tehran": the post the envoy leaves
_POST_BEFORE = re.compile(r"\b(?:from|in|to)\s+(?:the\s+)?$", re.IGNORECASE)


def _recall_dyad(
    doc: _Doc,
    sent: int,
    hit: Hit,
    hi: int,
    actors: list[Mention],
    src: Mention | None,
    tgt: Mention | None,
) -> tuple[Mention | None, Mention | None, str | None, str | None]:
    """A recall is done by the envoy's own side to the country of the post it leaves (PLOVER:
    recalling one's ambassador from X is a sanction of X), whoever the clause names first."""
    post = next(
        (
            m
            for m in sorted(
                doc.mentions("place", sent) + doc.mentions("actor", sent), key=lambda m: m.start
            )
            if hit.start <= m.start < hi
            and m.country
            and m.country not in _BLOCS
            and m.actor_type in (None, "capital", "country")
            and _POST_BEFORE.search(doc.text, max(0, m.start - 12), m.start)
        ),
        None,
    )
    if post is None:
        return src, tgt, src.country if src else None, tgt.country if tgt else None
    # the recalling side: the subject, else the envoy's own country, never the post's
    envoy = next(
        (a for a in actors if hit.start <= a.start < hit.end and a.actor_type == _PERSON), None
    )
    candidates = [m for m in (src, envoy, tgt) if m is not None and m.country != post.country]
    if not candidates:
        candidates = [
            a
            for a in actors
            if a.country != post.country and a.end <= hit.start and not _is_place_like(doc, a)
        ]
    own = candidates[0] if candidates else None
    return own, post, own.country if own else None, post.country


def _blocked(text: str, d: Mention, hit: Hit) -> bool:
    """Whether another clause opens between the trigger and the date mention ``d``.

    "that" opens a relative clause only after the trigger ("agreements that ... from Tuesday");
    before it, it is the complement of a reporting verb ("said on Monday that they had agreed")
    whose date is the date of the report.
    """
    if d.start >= hit.end:
        return _SUBORDINATE.search(text, hit.end, d.start) is not None
    sub = _SUBORDINATE_BEFORE.search(text, d.end, hit.start)
    if sub is None:
        return False
    # "In 2018, after the poisoning in Salisbury, Britain expelled ...": a fronted date with a
    # subordinate phrase set off by commas still dates the main clause
    if text[d.end : sub.start()].strip() != ",":
        return True
    # "last spoke on 11 September, when X called Y": a "when" clause that describes the date
    return "," not in text[sub.end() : hit.start] and sub.group().lower() != "when"


def _other_time(doc: _Doc, sent: int, hit: Hit, lo: int, hi: int) -> bool:
    """A year named in the trigger's clause that is not the document's year: another time."""
    ref = _ref_date(doc)
    return any(
        lo <= d.start < hi
        and d.precision == "year"
        and (ref is None or d.value is None or d.value[:4] != ref[:4])
        and not _blocked(doc.text, d, hit)
        for d in doc.mentions("date", sent)
    )


def _protest_dyad(
    doc: _Doc, sent: int, hit: Hit, lo: int, hi: int, actors: list[Mention]
) -> tuple[Mention | None, Mention | None, str | None, str | None]:
    """Protesters -> the mission or country they protest at (README: with no named group, the
    source is the country where it happened).

    Target: the first party after the trigger, even in a locative ("marched to the French
    embassy"), else a mission named before it in the clause, else in the sentence before
    ("Sweden's embassy ... Demonstrators forced their way onto the embassy premises").
    Source: a party named before the trigger of another country ("junta supporters"), else the
    country of the place it happened in.
    """
    tgt = next((a for a in actors if a.start >= hit.end), None)
    if tgt is None:
        tgt = next(
            (a for a in reversed(actors) if a.end <= hit.start and a.actor_type == "organisation"),
            None,
        )
    if tgt is None and sent > 0:
        # "the embassy" (no country of its own) is the mission named in the sentence before
        unresolved = {
            a.value
            for a in doc.mentions("actor", sent)
            if a.actor_type == "organisation" and not a.country and lo <= a.start < hi
        }
        prev = _countries(doc.mentions("actor", sent - 1))
        tgt = next((a for a in prev if a.value in unresolved), None)
    t_c = tgt.country if tgt else None
    src = next(
        (a for a in reversed(actors) if a.end <= hit.start and a.country != t_c),
        None,
    )
    if src is not None and src.actor_type == "country" and _is_place_like(doc, src):
        src = None  # "outside the Iraqi embassy" names the target, not the protesters
    s_c = src.country if src else None
    if s_c is None:
        place = _venue(doc, sent, hit, lo, hi)
        if place is None and sent > 0:
            prev_places = [p for p in doc.mentions("place", sent - 1) if p.country]
            place = prev_places[0] if prev_places else None
        if place is not None and place.country != t_c:
            src, s_c = place, place.country
    return src, tgt, s_c, t_c


def _own_date(doc: _Doc, sent: int, hit: Hit, lo: int, hi: int) -> Mention | None:
    """The date mention of the trigger's clause, nearest to the trigger (never year-only).

    A date behind a subordinator ("since he was appointed in September", "the tariffs that
    were due from Tuesday", "after Friday's earthquake") dates another verb, not the trigger.
    """
    dates = [
        d
        for d in doc.mentions("date", sent)
        if lo <= d.start < hi
        and d.precision != "year"
        and d.expression != "dateline"
        and not _blocked(doc.text, d, hit)
        and not _BOUND.search(doc.text, max(0, d.start - 12), d.start)
    ]
    if not dates:
        return None
    return min(dates, key=lambda d: min(abs(d.start - hit.end), abs(hit.start - d.end)))


def _granted(
    text: str, sent_start: int, tokens: list[tuple[str, int, int]], hits: list[Hit]
) -> tuple[list[Hit], set[int]]:
    """An agreement to make a concession is that concession ("agreed to hold off on tariffs",
    "promised to lift the ban"): PLOVER codes the CONCEDE, dated when it was agreed."""
    out: list[Hit] = []
    granted: set[int] = set()  # start offsets of concessions granted by an agreement
    skip: set[int] = set()
    for k, h in enumerate(hits):
        if k in skip:
            continue
        nxt = hits[k + 1] if k + 1 < len(hits) else None
        if (
            h.rule.plover == "AGREE"
            and nxt is not None
            and nxt.rule.plover == "CONCEDE"
            and 1 < nxt.first - h.last <= 5
            and tokens[nxt.first - 1][0] == "to"
            and not any(t[0] in ",;:" for t in tokens[h.last + 1 : nxt.first])
        ):
            skip.add(k + 1)
            if _is_modal(text, sent_start, h):
                continue  # "did not agree to lift": nothing was conceded
            granted.add(nxt.start)
            out.append(nxt)
            continue
        out.append(h)
    return out, granted


def _shares_subject(doc: _Doc, sent: int, hit: Hit, previous: _Raw | None) -> bool:
    """Whether the trigger is a verb coordinated with the previous act of its sentence, with
    no party named in between ("X held talks in Y and agreed to ...")."""
    if previous is None or previous.sentence != sent or previous.hit.end > hit.start:
        return False
    between = doc.text[previous.hit.end : hit.start]
    if not _COORDINATED.search(between) or any(c in between for c in ",;:"):
        return False
    return not any(
        previous.hit.end <= a.start < hit.start and a.country for a in doc.mentions("actor", sent)
    )


def _conjoined(doc: _Doc, sent: int, raw: _Raw) -> _Raw | None:
    """The same act done to a second object ("signed trade deals with Sylvania and
    Freedonia"): one event per counterpart (not for talks, where all meet together)."""
    tgt = raw.target
    if raw.plover == "CONSULT" or tgt is None or tgt.kind != "actor":
        return None
    link = _AND_NEXT.match(doc.text, tgt.end)
    if link is None:
        return None
    other = next(
        (
            a
            for a in doc.mentions("actor", sent)
            if a.start == link.end()
            and a.country
            and a.country not in (raw.source_country, raw.target_country, *_BLOCS)
        ),
        None,
    )
    if other is None:
        return None
    second = _Raw(**{**raw.__dict__, "extra": []})
    second.target, second.target_country = other, other.country
    return second


def _is_after(d: Mention | None, ref: str | None) -> bool:
    """Whether a date lies after the report's date (so its event had not happened yet)."""
    if d is None or ref is None or d.value is None or d.expression == "anaphoric":
        return False
    n = {"day": 10, "month": 7}.get(d.precision or "", 0)
    return n > 0 and d.value[:n] > ref[:n]


# "visiting Lima, the Republic of Peru, to attend the APEC meeting": the trip is to the event
_TO_ATTEND = re.compile(
    r"[^.;]{0,120}?\bto\s+(?:attend|take\s+part\s+in|participate\s+in)\s+(?:[\w'’.-]+\s+){0,6}?"
    r"(?:summit|meeting|conference|forum|tournament|games|session|assembly|championships?|"
    r"cup|olympics|congress|expo)\b",
    re.IGNORECASE,
)


def _raw_mentions(doc: _Doc, may: Sequence[bool]) -> tuple[list[_Raw], list[_Raw]]:
    """Every event trigger of the document with its dyad, venue and own date; ``may`` flags
    the sentences that may hold one (see :func:`parley.coding.lexicon.screen_spans`).

    Returns the complete mentions and the "pending" ones that name at most one side ("talks
    were held with Wang Yi"): those can only join an event the complete ones report.
    """
    raws: list[_Raw] = []
    pending: list[_Raw] = []
    previous: _Raw | None = None
    ref = _ref_date(doc)
    for i, s in enumerate(doc.sentences):
        if not may[i] or doc.is_chrome(i):
            continue
        tokens = tokenize(doc.text, s.start, s.end)
        found = match_triggers(doc.lex, tokens, ("event",))
        if not found:
            continue
        hits, granted = _granted(doc.text, s.start, tokens, found)
        for hit in hits:
            if hit.start not in granted and _is_modal(doc.text, s.start, hit):
                continue
            lo, hi = _clause_bounds(doc, i, hit)
            if hit.rule.direction == "move" and _TO_ATTEND.match(
                doc.text, hit.end, min(hi, hit.end + 160)
            ):
                continue  # travel to attend a summit there is no visit to the host
            date = _own_date(doc, i, hit, lo, hi)
            if _is_after(date, ref):
                continue  # "on Tuesday he travels to Perth" (after the report): a plan
            src, tgt, s_c, t_c = _dyad(doc, i, hit, lo, hi, previous)
            if (s_c is None or t_c is None) and _shares_subject(doc, i, hit, previous):
                # "held talks at Hyderabad House and agreed to ...": one subject, two acts
                assert previous is not None
                src, tgt = previous.source, previous.target
                s_c, t_c = previous.source_country, previous.target_country
            place = _venue(doc, i, hit, lo, hi)
            if hit.rule.group == _RECALL and place is not None and place.country == t_c:
                place = None  # the post the envoy leaves is not where the recall was decided
            if hit.rule.direction == "move" and tgt is not None and tgt.kind == "place":
                place = tgt  # "travelled to Tarnov": where the visit took place
            raw = _Raw(
                hit,
                i,
                hit.rule.plover,
                hit.rule.mode,
                hit.rule.cameo,
                src,
                tgt,
                s_c,
                t_c,
                place,
                date,
            )
            raw.other_time = date is None and _other_time(doc, i, hit, lo, hi)
            raw.counter = bool(_COUNTER.search(doc.text, max(lo, hit.start - 40), hit.start))
            first = _is_first(doc, lo, raw)
            since = _since_event(doc, i, raw) if first else None
            if first:
                # "the first time Canberra has expelled an envoy": the reported act itself
                raw.date, raw.other_time = None, False
            raw.borrowed = previous is not None and any(
                m is not None and m in (previous.source, previous.target) for m in (src, tgt)
            )
            raw.past_perfect = bool(
                _PAST_PERFECT.search(doc.text[max(s.start, hit.start - 20) : hit.start])
            ) and not _REPORTED.search(doc.text, max(s.start, hit.start - 120), hit.start)
            if date is not None and date.expression == "anaphoric":
                conn = doc.text[date.end : date.end + 1]
                raw.flip_anaphora = (
                    date.start < hit.start
                    and date.text.lower().split()[-1] in ("after", "before")
                    and conn != ","
                )
            if not _complete(raw):
                if raw.source_country is None and raw.target_country is None:
                    # a trigger without any party inside a reported event belongs to it
                    if raw.plover == "SUPPORT" and (
                        previous is None or previous.plover != "SUPPORT"
                    ):
                        pending.append(raw)  # "Three memorandums were signed": see below
                    elif previous is not None and raw.plover == previous.plover:
                        previous.extra.append(
                            Mention(
                                kind="trigger",
                                start=hit.start,
                                end=hit.end,
                                text=doc.text[hit.start : hit.end],
                                sentence=i,
                                value=raw.plover,
                            )
                        )
                elif raw.mode != "multilateral" and raw.source_country != raw.target_country:
                    pending.append(raw)
                continue
            _resolve_mode(raw)
            if raw.plover == "AGREE" and _NEGOTIATE.search(doc.text, hit.end, hi):
                raw.cameo = "036"  # CAMEO 036: express intent to meet or negotiate
            raws.append(raw)
            if since is not None:
                raws.append(since)
            second = _conjoined(doc, i, raw)
            if second is not None:
                raws.append(second)
            previous = raw
    return raws, pending


# "their first phone conversation since", "the first time X has expelled", "first visit by"
_FIRST = _Screened(
    re.compile(
        r"\bfirst\s+(?:time\s+)?(?:(?!since\b|when\b|after\b)[\w'’-]+\s+){0,3}$", re.IGNORECASE
    ),
    ("first",),
)
_SINCE = re.compile(r"\s+(?:[\w'’-]+\s+){0,4}?since\s+", re.IGNORECASE)


def _is_first(doc: _Doc, lo: int, raw: _Raw) -> bool:
    """Whether the trigger is named as the first of its kind (a restatement of the act)."""
    hit = raw.hit
    return doc.text[hit.start : hit.start + 6].lower() == "first " or bool(
        _FIRST.search(doc.text, max(lo, hit.start - 40), hit.start)
    )


def _since_event(doc: _Doc, sent: int, raw: _Raw) -> _Raw | None:
    """The earlier act a "first call since December 2022" implies: same kind, same sides,
    dated by the month or day after "since" (a bare year dates nothing: no event)."""
    since = _SINCE.match(doc.text, raw.hit.end)
    if since is None:
        return None
    d = next(
        (
            m
            for m in doc.mentions("date", sent)
            if m.start == since.end()
            and m.precision in ("day", "month")
            and m.expression != "anaphoric"
        ),
        None,
    )
    if d is None:
        return None
    earlier = _Raw(**{**raw.__dict__, "extra": []})
    earlier.date, earlier.past_perfect, earlier.other_time = d, True, False
    return earlier


def _dominant_countries(doc: _Doc) -> list[tuple[str, int]]:
    """Countries named as actors in the document, most often named first."""
    counts: dict[str, int] = {}
    for m in doc.kept:
        named = m.kind == "actor" and m.country and m.country not in _BLOCS
        if named and m.country and not _is_place_like(doc, m):
            counts[m.country] = counts.get(m.country, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])


# page headers split off as sentences of their own ("Press release.", "From: Ministry of
# Defence.", "Published 23 October 2024."): the story's lead comes after them
_HEADER = re.compile(
    r"\W*(?:(?:press|news|media)\s+release|statement|news|from\s*:|published|updated|"
    r"last\s+updated|posted|date\s*:|for\s+immediate\s+release|by\s+[A-Z])",
    re.IGNORECASE,
)


def _lead_sentence(doc: _Doc) -> int:
    """Index of the story's first sentence, past short header lines."""
    for i, s in enumerate(doc.sentences):
        short = len(_WORD.findall(doc.text, s.start, s.end)) <= 12
        if doc.is_chrome(i) or (short and _HEADER.match(doc.text, s.start, s.end)):
            continue
        return i
    return 0


def _complete_lead(doc: _Doc, pending: list[_Raw], raws: list[_Raw]) -> list[_Raw]:
    """A one-sided act in the lead of a story that codes nothing else is done with the
    country the story names most after that side ("The Council today adopted a package of
    restrictive measures against Russia" in an EU release that names the EU throughout)."""
    if raws or not pending:
        return []
    first = _lead_sentence(doc)
    lead = [p for p in pending if p.sentence <= first + 1 and p.plover != "CONSULT"]
    if not lead:
        return []
    p = lead[0]
    known = p.source_country or p.target_country
    other = next((c for c, n in _dominant_countries(doc) if c != known and n >= 2), None)
    if other is None:
        return []
    if p.source_country is None:
        p.source_country = other
    else:
        p.target_country = other
    pending.remove(p)
    return [p]


def _phone_if_called(doc: _Doc, events: list[_Event]) -> None:
    """Venue-less talks of the main pair were the call the headline or the story reports."""
    main = next((e for e in events if e.is_main), None)
    if main is None or main.head.plover != "CONSULT" or not main.head.open_mode:
        return
    called = any(r.hit.rule.mode == "phone" for r in main.raws[1:])
    if not called:
        called = any(h.rule.mode == "phone" for h in _title_hits(doc))
    if called:
        h = main.head
        h.mode, h.cameo, h.place, h.open_mode = "phone", "041", None, False


def _is_city(m: Mention | None) -> bool:
    """A named town or venue (not a bare country) of a known country."""
    return m is not None and m.kind == "place" and bool(m.value) and bool(m.country)


def _attach_pending(events: list[_Event], pending: list[_Raw]) -> None:
    """One-sided mentions join the event of that side and type: the main event first, else
    the nearest one reported before them ("During the visit, talks were held with Wang Yi")."""
    main = next((e for e in events if e.is_main), None)
    for p in pending:
        if p.source_country is None and p.target_country is None:
            _attach_signing(events, main, p)
            continue
        known = p.source_country or p.target_country
        fits = [
            ev
            for ev in events
            if ev.head.plover == p.plover
            and known in ev.pair
            and (p.date is None or ev.date is None or (p.date.value or "")[:7] == ev.date[:7])
        ]
        if not fits:
            if (
                main is not None
                and p.plover == "CONSULT"
                and p.hit.rule.direction in ("move", "mutual")
                and known in main.pair
                and None not in main.pair
            ):
                # the other side is the document's main counterpart ("the President welcomed
                # the European leaders in their visit to Egypt", beside the main signing)
                other = next(c for c in main.pair if c != known)
                if p.source_country is None:
                    p.source_country = other
                else:
                    p.target_country = other
                _resolve_mode(p)
                p.resolved_date, p.precision = main.date, main.precision
                events.append(_Event([p], date=main.date, precision=main.precision))
            continue
        before = [ev for ev in fits if min(r.sentence for r in ev.raws) <= p.sentence]
        ev = next((e for e in fits if e.is_main), None) or (before or fits)[-1]
        ev.raws.append(p)
        if _is_city(p.place) and not _is_city(ev.head.place):
            assert p.place is not None
            if ev.head.place is None or ev.head.place.country == p.place.country:
                ev.head.place = p.place


_SIGNED_TYPES = frozenset({"AGREE", "SUPPORT"})


def _visitor_signs(events: list[_Event]) -> None:
    """A symmetric signing or agreement between the two sides of the main visit, on its days,
    takes the visitor as source (README: "for a signing during a visit, source = visitor")."""
    main = next((e for e in events if e.is_main), None)
    if main is None or main.head.plover != "CONSULT" or main.head.mode != "visit":
        return
    visitor, host = main.head.source_country, main.head.target_country
    if visitor is None or host is None:
        return
    for ev in events:
        h = ev.head
        if ev is main or h.plover not in _SIGNED_TYPES or h.hit.rule.direction != "mutual":
            continue
        if h.source_country != host or h.target_country != visitor:
            continue
        if ev.date is not None and main.date is not None and ev.date[:7] != main.date[:7]:
            continue  # another month: not signed during this visit
        for r in ev.raws:
            if r.source_country == host and r.target_country == visitor:
                r.source, r.target = r.target, r.source
                r.source_country, r.target_country = visitor, host


# "the call", "this visit": a definite noun names an act the text already reported
_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|their|its)\s+(?:phone\s+|telephone\s+)?$", re.I)


def _is_back_reference(doc: _Doc, r: _Raw) -> bool:
    """A bare definite event noun with no date of its own ("before the call")."""
    if r.date is not None or r.hit.last - r.hit.first > 1:
        return False
    s = doc.sentences[r.sentence]
    return (
        _DEFINITE_BEFORE.search(doc.text[max(s.start, r.hit.start - 30) : r.hit.start]) is not None
    )


def _join_back_references(doc: _Doc, events: list[_Event]) -> None:
    """An event told only as "the call" / "the visit" after an event of that type is that
    event (with whoever else the sentence names), not a new one."""
    for ev in list(events):
        if ev.is_main or not all(_is_back_reference(doc, r) for r in ev.raws):
            continue
        start = min(r.hit.start for r in ev.raws)
        earlier = [
            e
            for e in events
            if e is not ev
            and e.head.plover == ev.head.plover
            and (e.head.mode == ev.head.mode or ev.head.open_mode)
            and min(r.hit.start for r in e.raws) < start
        ]
        if earlier:
            target = max(earlier, key=lambda e: min(r.hit.start for r in e.raws))
            target.raws.extend(ev.raws)
            events.remove(ev)


def _attach_signing(events: list[_Event], main: _Event | None, p: _Raw) -> None:
    """A signing that names no party ("Three memorandums were signed on Monday") during a
    reported visit was signed by the visit's two sides (source = visitor, README)."""
    if main is None or main.head.plover != "CONSULT" or main.head.mode not in ("visit",):
        return
    h = main.head
    if h.source_country is None or h.target_country is None:
        return
    own = p.date.value if p.date is not None and p.date.precision == "day" else None
    if (p.date is not None and own is None) or (own is not None and own != main.date):
        return  # a signing on another day is another event, and it names nobody
    for ev in events:
        if ev.head.plover == "SUPPORT" and ev.pair == main.pair and ev.date == main.date:
            ev.raws.append(p)
            return
    p.source, p.target = h.source, h.target
    p.source_country, p.target_country = h.source_country, h.target_country
    p.place = p.place or h.place
    p.resolved_date, p.precision = main.date, main.precision
    events.append(_Event([p], date=main.date, precision=main.precision))


def _complete(raw: _Raw) -> bool:
    """Whether a raw mention has the dyad its type needs."""
    if raw.mode == "multilateral":
        if raw.source_country is None and raw.place is not None:
            raw.source_country = raw.place.country
        return raw.source_country is not None
    if raw.plover == "PROTEST":
        if (
            raw.place is not None
            and raw.place.country
            and raw.source_country in (None, raw.target_country)
        ) and raw.place.country != raw.target_country:
            raw.source_country = raw.place.country
            raw.source = None
        if (
            raw.target_country is None
            and raw.place is not None
            and raw.source_country != raw.place.country
        ):
            raw.target_country = raw.place.country
    s, t = raw.source_country, raw.target_country
    return bool(s) and bool(t) and s != t


def _resolve_mode(raw: _Raw) -> None:
    """CONSULT mode from the venue (PLOVER: visitor = source, host = target) and the CAMEO."""
    if raw.plover != "CONSULT":
        return
    if raw.mode == "phone":
        raw.place = None
        raw.cameo = "041"
        return
    if raw.mode == "multilateral":
        raw.target = None
        raw.target_country = None
        raw.cameo = None
        return
    venue = raw.place.country if raw.place is not None else None
    if venue is not None and venue == raw.source_country and raw.hit.rule.direction != "move":
        raw.source, raw.target = raw.target, raw.source
        raw.source_country, raw.target_country = raw.target_country, raw.source_country
    if venue is not None and venue not in (raw.source_country, raw.target_country):
        raw.mode, raw.cameo = "third-party", "044"
    elif raw.cameo == "045":
        raw.mode = None
    else:
        raw.open_mode = venue is None and raw.hit.rule.mode == "meet"
        raw.mode, raw.cameo = "visit", "042"


def _title_hits(doc: _Doc) -> list[Hit]:
    """The event triggers of the document's title (matched once, asked twice)."""
    if doc.title_hits is None:
        title = doc.ann.doc.title
        doc.title_hits = match_triggers(doc.lex, tokenize(title), ("event",)) if title else []
    return doc.title_hits


def _main_index(doc: _Doc, raws: list[_Raw]) -> int:
    """Index of the raw mention reporting the document's main event."""
    title_types = list(dict.fromkeys(h.rule.plover for h in _title_hits(doc)))
    first_sent = raws[0].sentence if raws else 0
    best, best_score = 0, float("-inf")
    for i, r in enumerate(raws):
        score = _MAIN_PRIORITY.get(r.plover, 0.0)
        if r.plover in title_types:
            # a headline naming two acts leads with the one the story is about
            score += 3.0 + (0.5 if r.plover == title_types[0] else 0.0)
        if r.sentence <= first_sent + 1:
            score += 2.5
        if r.date is not None and r.date.precision == "day" and r.date.expression != "anaphoric":
            score += 0.3
        if r.past_perfect or (r.date is not None and r.date.expression == "anaphoric"):
            score -= 2.0
        same = sum(
            1
            for o in raws
            if o.plover == r.plover
            and {o.source_country, o.target_country} == {r.source_country, r.target_country}
        )
        score += 0.4 * min(same, 4)
        score -= 0.05 * r.sentence
        if score > best_score:
            best, best_score = i, score
    return best


def _ref_date(doc: _Doc) -> str | None:
    """The document's reference date: dateline date, else publication date."""
    d = doc.ann.doc.dateline_date or doc.ann.doc.published
    if d is None:
        dl = [m for m in doc.ann.mentions if m.kind == "date" and m.expression == "dateline"]
        return dl[0].value if dl else None
    return d.isoformat()


def _assign_dates(doc: _Doc, raws: list[_Raw], main: int) -> None:
    """Own date, else anaphoric date anchored on the main event, else inherited."""
    ref = _ref_date(doc)
    m = raws[main]
    if m.date is not None and m.date.expression != "anaphoric":
        m.resolved_date, m.precision = m.date.value, m.date.precision
    elif ref is not None and not m.other_time:
        # (a main act whose clause names another year is not dated by the report)
        m.resolved_date, m.precision = ref, "day"
    anchor = m.resolved_date
    last_by_para: dict[int, tuple[str | None, str | None]] = {}
    for i, r in enumerate(raws):
        if i != main:
            d = r.date
            if d is not None and d.expression == "anaphoric":
                if anchor is not None and d.number is not None:
                    offset = int(d.number) * (-1 if r.flip_anaphora else 1)
                    r.resolved_date = resolve_offset(anchor, offset, d.precision)
                    r.precision = d.precision
            elif d is not None:
                r.resolved_date, r.precision = d.value, d.precision
            elif not r.past_perfect and not r.other_time:
                para = doc.paragraph[r.sentence]
                if para in last_by_para:
                    r.resolved_date, r.precision = last_by_para[para]
                else:
                    r.resolved_date, r.precision = m.resolved_date, m.precision
        if r.resolved_date is not None and r.precision is not None:
            if r.resolved_date[:7] != "1970-01":
                last_by_para[doc.paragraph[r.sentence]] = (r.resolved_date, r.precision)
            else:
                r.resolved_date = r.precision = None
        if r.precision == "month":
            r.resolved_date = (r.resolved_date or "")[:7] or None
        elif r.precision == "week" or r.precision == "day":
            pass


def _dates_compatible(a: _Raw, b: _Raw) -> bool:
    """Same day, or (for visits) days of one trip a few days apart."""
    da, db = a.resolved_date, b.resolved_date
    if da == db:
        return True
    if db is None and not b.other_time:
        # an undated mention of the same act ("had been declared persona non grata")
        return True
    if da is None or db is None:
        return False
    if da[:7] == db[:7] and 7 in (len(da), len(db)):
        return True  # "since September 2022" and "on 11 September 2022": one act
    if len(da) == 10 and len(db) == 10 and a.plover == "CONSULT" and a.mode == b.mode == "visit":
        gap = abs((dt.date.fromisoformat(da) - dt.date.fromisoformat(db)).days)
        return gap <= 3
    return False


def _person(m: Mention | None) -> str | None:
    """The canonical name of a person mention."""
    return m.value if m is not None and m.actor_type == _PERSON else None


def _same_person(a: str, b: str) -> bool:
    """Same name, or a surname-only reference to it ("Berg" for "Anna Berg")."""
    return a == b or _surname(a) == _surname(b)


def _surname(name: str) -> str:
    """The last name word, past suffixes like "Jr." or "III"."""
    words = [w for w in name.lower().replace(",", " ").split() if w.strip(".") not in _SUFFIXES]
    return words[-1] if words else name.lower()


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _other_counterpart(h: _Raw, r: _Raw) -> bool:
    """Two meetings of one visitor with different named hosts are separate events (a courtesy
    call on the president, then talks with the ministers)."""
    if h.plover != "CONSULT" or "phone" in (h.mode, r.mode):
        return False
    if "host" in (h.hit.rule.direction, r.hit.rule.direction) or h.borrowed or r.borrowed:
        return False  # a welcome or reception is ceremony around the talks, not other talks
    for side in ("source", "target"):
        a, b = _person(getattr(h, side)), _person(getattr(r, side))
        if a and b and not _same_person(a, b) and h.sentence != r.sentence:
            other = "target" if side == "source" else "source"
            oa, ob = _person(getattr(h, other)), _person(getattr(r, other))
            same_other = oa is None or ob is None or _same_person(oa, ob)
            if getattr(h, f"{side}_country") == getattr(r, f"{side}_country") and same_other:
                return True
    return False


def _other_pledges(h: _Raw, r: _Raw) -> bool:
    """Pledges made by each side to the other are two commitments ("Ruritania promised troops;
    in return Sylvania promised to curb arms flows"), unless one of them says both agreed."""
    return (
        h.plover == "AGREE"
        and h.source_country != r.source_country
        and "mutual" not in (h.hit.rule.direction, r.hit.rule.direction)
    )


# Trigger groups (triggers.tsv) that are one act when announced together: README "an expulsion
# plus the recall of one's own envoy, announced together, is one SANCTION event".
_JOINT_GROUPS = frozenset({"", "recall"})


def _same_group(a: str, b: str) -> bool:
    """Whether mentions of two trigger groups may report one event."""
    return a == b or (a in _JOINT_GROUPS and b in _JOINT_GROUPS)


def _merge(raws: list[_Raw], main: int) -> list[_Event]:
    """Group the raw mentions of one event (same type, mode, country pair, compatible date)."""
    events: list[_Event] = []
    main_raw = raws[main]
    order = [main_raw] + [r for i, r in enumerate(raws) if i != main]
    for r in order:
        for ev in events:
            h = ev.head
            same_pair = {h.source_country, h.target_country} == {r.source_country, r.target_country}
            if same_pair and (h.counter or r.counter):
                # "Britain expelled Russians and Russia answered by sending Britons home": a
                # counter-measure is its own event, done by the other side
                same_pair = h.source_country == r.source_country
            modes_ok = (
                h.mode == r.mode
                or h.plover != "CONSULT"
                or ((r.open_mode or h.open_mode) and h.resolved_date is not None)
            )
            if not modes_ok and "phone" in (h.mode, r.mode):
                # talk inside a reported call is that call (no venue of its own)
                modes_ok = (r.place if h.mode == "phone" else h.place) is None
            if (
                h.plover == r.plover
                and same_pair
                and not _other_pledges(h, r)
                and not _other_counterpart(h, r)
                and modes_ok
                and _same_group(h.hit.rule.group, r.hit.rule.group)
                and (h.plover != "SANCTION" or h.cameo == r.cameo)
                and _dates_compatible(h, r)
            ):
                ev.raws.append(r)
                if h.open_mode and not r.open_mode and r.mode != "phone":
                    # the venue-less head takes the mode of the talks it turned out to be
                    h.mode, h.cameo, h.open_mode = r.mode, r.cameo, False
                    h.source, h.target = r.source, r.target
                    h.source_country, h.target_country = r.source_country, r.target_country
                    h.place = h.place or r.place
                break
        else:
            events.append(_Event([r], is_main=r is main_raw))
    for ev in events:
        if ev.head.plover == "PROTEST":
            # CAMEO 145 (violent protest) when any report of it says storming or arson
            ev.head.cameo = max((r.cameo or "" for r in ev.raws), default=ev.head.cameo) or None
        ev.date, ev.precision = ev.head.resolved_date, ev.head.precision
        if ev.precision == "month":
            # a report that names the day beats one that names the month
            day = next(
                (
                    r
                    for r in ev.raws
                    if r.precision == "day" and (r.resolved_date or "")[:7] == ev.date
                ),
                None,
            )
            if day is not None:
                ev.date, ev.precision = day.resolved_date, day.precision
        if ev.head.place is None:
            ev.head.place = next((r.place for r in ev.raws if r.place is not None), None)
        if not _is_city(ev.head.place) and ev.head.mode != "phone":
            # a town named by any report of the event beats a bare country
            city = next(
                (
                    r.place
                    for r in ev.raws
                    if _is_city(r.place)
                    and r.place is not None
                    and (ev.head.place is None or r.place.country == ev.head.place.country)
                ),
                None,
            )
            ev.head.place = city or ev.head.place
    return events


def _inherit_location(events: list[_Event]) -> None:
    """Signings and pledges made during the main visit happened at its venue."""
    main = next((e for e in events if e.is_main), None)
    if main is None or main.head.place is None:
        return
    for ev in events:
        if ev is main or ev.head.place is not None or ev.date != main.date:
            continue
        if ev.head.plover in ("SUPPORT", "AGREE") and ev.pair == main.pair:
            ev.head.place = main.head.place


def _bind_context(doc: _Doc, events: list[_Event]) -> None:
    """Topics and quantities: of the event whose trigger is in (or precedes) their sentence.

    In a sentence that reports several events, a topic belongs to the nearest trigger before
    it (else the nearest after it): "promised to send troops ... and Washington agreed to
    pause the tariffs" gives the troops to the promise and the tariffs to the pause.
    """
    trig_sent: list[tuple[int, _Event]] = sorted(
        ((r.sentence, ev) for ev in events for r in ev.raws), key=lambda x: x[0]
    )
    triggers: dict[int, list[tuple[int, _Event]]] = {}
    for ev in events:
        for r in ev.raws:
            triggers.setdefault(r.sentence, []).append((r.hit.start, ev))
    main = next((e for e in events if e.is_main), events[0])
    # the owner of sentence i is the event of the last trigger in or before it, else the main
    # one; chrome has none
    owners: list[_Event | None] = []
    owner, k = main, 0
    for i, chrome in enumerate(doc.chrome):
        while k < len(trig_sent) and trig_sent[k][0] <= i:
            owner = trig_sent[k][1]
            k += 1
        owners.append(None if chrome else owner)
    # each kind goes to lists of its own, so the groups of (kind, sentence) in the tables'
    # order (sentences in text order within a kind) fill each list in text order
    for (kind, i), ms in doc.by_sentence.items():
        found = owners[i] if i < len(owners) else None
        if found is None or kind not in _BOUND_KINDS:
            continue
        owner = found
        if kind == "actor":
            for a in ms:
                if a.actor_type == "organisation" and a.country in _IGO_CODES:
                    owner.organisations.append(a)
            continue
        here = triggers.get(i, [])  # the triggers of sentence i, in the order of ``events``
        if kind == "topic":
            several = len(here) > 1 and len({id(ev) for _, ev in here}) > 1
            for t in ms:
                if several:
                    _nearest_trigger(here, t.start).topics.append(t)
                else:
                    owner.topics.append(t)
            continue
        for q in ms:
            # a figure next to another event's trigger in the same sentence is that event's
            near = [(abs(start - q.start), ev) for start, ev in here if abs(start - q.start) < 60]
            target = min(near, key=lambda x: x[0])[1] if near else owner
            if q.unit in ("days", "hours", "weeks", "months", "years") and not near:
                continue
            target.quantities.append(q)


_BOUND_KINDS = frozenset({"topic", "actor", "quantity"})


def _nearest_trigger(here: list[tuple[int, _Event]], pos: int) -> _Event:
    """The event of the nearest trigger before ``pos``, else of the nearest one after it:
    what a clause is about follows its verb."""
    before = [(pos - start, ev) for start, ev in here if start <= pos]
    if before:
        return min(before, key=lambda x: x[0])[1]
    return min(here, key=lambda x: x[0] - pos)[1]


# --------------------------------------------------------------------------- participants
# README "Actors": the named people who took part on either side of the act, and only when a
# side names nobody, the institution or group as written. They are the parties of the event
# clause (subject side, object/complement side), not everyone the sentence names.

_REPORT_WORDS = (
    "said|says|told|tells|announced|stated|informed|confirmed|added|noted|explained|"
    "reported|wrote|showed"
)
_REPORT_VERB = _alternation(_REPORT_WORDS)
# "X told reporters on Monday that ...": the frame a reported act sits in
_FRAME_BEFORE = _Screened(
    re.compile(
        rf"\b{_REPORT_VERB}\b(?:\s+(?:reporters|journalists|later|today|(?:on|this|last)\s+\w+))*"
        r"(?:\s+that\b|\s*,)?",
        re.IGNORECASE,
    ),
    _REPORT_WORDS.split("|"),
)
# ", Foreign Minister X said", ", according to X", ", officials said": the frame after it
_FRAME_AFTER = re.compile(
    rf",\s*(?:according\s+to\b|[^,;]{{0,80}}?\b{_REPORT_VERB}\b)", re.IGNORECASE
)
_REPORT_ANY = _Screened(
    re.compile(rf"\b(?:{_REPORT_VERB}|according)\b", re.IGNORECASE),
    [*_REPORT_WORDS.split("|"), "according"],
)
_FRAME_START = re.compile(r"\W*according\s+to\b[^,]*,", re.IGNORECASE)
# where another clause starts after the act's own ("..., hours after X said", ", who ...",
# "including one between X and Y": examples of what was signed, not who signed)
_LATER_CLAUSE = "after|before|because|since|when|while|whereas|although|where|until"
_APPENDED = (
    "who|which|whose|whom|praising|saying|adding|claiming|telling|noting|stressing|describing|"
    "calling|urging|including"
)
_OTHER_AFTER = _Screened(
    re.compile(
        rf",?\s+(?:(?:hours|days|weeks|shortly|soon|two\s+days|a\s+day)\s+)?(?:{_LATER_CLAUSE})\b"
        rf"|,\s*(?:{_APPENDED})\b"
        r"|\b(?:flanked|surrounded)\s+by\b|\bat\s+the\s+invitation\s+of\b",
        re.IGNORECASE,
    ),
    [*_LATER_CLAUSE.split("|"), *_APPENDED.split("|"), "flanked", "surrounded", "invitation"],
)
# a clause the act is subordinate to ("Relations thawed after he attended ...")
_SUBORDINATORS = "after|when|because|since|following|once|where|whereas|although"
_OTHER_BEFORE = _Screened(
    re.compile(r"\b" + _alternation(_SUBORDINATORS) + r"\b", re.IGNORECASE),
    _SUBORDINATORS.split("|"),
)
_RELATIVE_SPAN = _Screened(
    re.compile(r",\s*(?:who|which|whose|whom)\b[^,;]*(?:,|$)", re.IGNORECASE), ("who", "which")
)
# "hosted by A", "in the presence of A", "A watched as B and C signed": the witness took part
_WITNESS_BEFORE = re.compile(
    r"\b(?:hosted|witnessed|attended|chaired)\s+by\s+(?:[\w.'’-]+\s+){0,6}$"
    r"|\bin\s+the\s+presence\s+of\s+(?:[\w.'’-]+\s+){0,6}$",
    re.IGNORECASE,
)
_WITNESS_AFTER = re.compile(
    r"[^.;]{0,60}?\b(?:watched|looked\s+on|stood\s+by)\s+as\b"
    r"|\s+(?:signing\s+)?as\s+(?:a\s+)?witness\b",
    re.IGNORECASE,
)
# "the two leaders", "the two Japanese ministers": people named elsewhere in the story
_GROUP_REF = re.compile(
    r"\b(?:(?:the|both)\s+)?(?:two\s+)?(?:[A-Z][\w-]+\s+)?(?:leaders|presidents|"
    r"(?:foreign\s+|prime\s+)?ministers|heads\s+of\s+(?:state|government)|interlocutors)\b",
)
# every _GROUP_REF match holds one of these words (it is case-sensitive): a clause without any,
# as most are, needs no scan with the pattern
_GROUP_WORDS = ("leaders", "presidents", "ministers", "heads", "interlocutors")


def _names_group(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` names people told of elsewhere ("the two leaders")."""
    return any(text.find(w, lo, hi) >= 0 for w in _GROUP_WORDS) and (
        _GROUP_REF.search(text, lo, hi) is not None
    )


# "he met ...": the subject is someone named before
_SUBJECT_PRONOUN = re.compile(_words("he|she|they"), re.IGNORECASE)
# "where the two sides signed": the sides of the sentence's own meeting, nobody when alone
_SIDES_REF = _Screened(
    re.compile(r"\b(?:the\s+two|both|the)\s+(?:sides|parties)\b", re.IGNORECASE),
    ("sides", "parties"),
)
_MISSIONS = frozenset({"embassy", "consulate", "mission", "high commission"})
_PSEUDO_COUNTRIES = frozenset({"european union"})
_HOSTING = frozenset({"host"})


@dataclass
class _Cast:
    """Who a raw mention's clause names: the parties of the act (``core``), the reporting
    frame, the witnesses, the rest of the sentence, and how it names the sides."""

    core: list[Mention]
    frame: list[Mention]
    witnesses: list[Mention]
    rest: list[Mention]
    refers: bool  # "the two leaders", "he": people named elsewhere
    sides_ref: bool  # "the two sides": the sides of the sentence's own meeting
    countries: set[str]  # sides named as a country, capital, bloc or metonym in the clause
    metonyms: set[str]  # sides named by a building standing for the government
    ceremony: bool  # a welcome or reception: its hosts are no counterpart of the talks


def _inside(m: Mention, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether a mention lies inside one of the spans."""
    return any(a <= m.start and m.end <= b for a, b in spans)


def _core_bounds(doc: _Doc, r: _Raw) -> tuple[int, int, int, int]:
    """The act's own clause ``(lo, hi)`` and the frame around it ``(frame_lo, frame_hi)``:
    reporting frames and subordinate or relative clauses about others are cut away."""
    s = doc.sentences[r.sentence]
    lo, hi = _clause_bounds(doc, r.sentence, r.hit)
    text = doc.text
    frame_lo, frame_hi = lo, lo
    start = _FRAME_START.match(text, lo, r.hit.start)
    if start is not None:
        frame_hi = lo = start.end()
    for m in _FRAME_BEFORE.finditer(text, lo, r.hit.start):
        # "announced the expulsion": the announcer's own act, not a frame
        if len(_WORD.findall(text, m.end(), r.hit.start)) >= 3 or m.group().endswith("that"):
            frame_hi = lo = m.end()
    for m in _OTHER_BEFORE.finditer(text, lo, r.hit.start):
        lo = m.end()
    other = _OTHER_AFTER.search(text, r.hit.end, hi)
    if other is not None:
        hi = other.start()
    said = _REPORT_ANY.search(text, r.hit.end, hi)  # one scan before the costlier pattern
    after = _FRAME_AFTER.search(text, r.hit.end, hi) if said is not None else None
    if after is not None:
        hi = after.start()
        if frame_hi <= frame_lo:
            frame_lo, frame_hi = hi, s.end
    return lo, hi, frame_lo, frame_hi


def _is_modifier(doc: _Doc, m: Mention, r: _Raw, mentions: Sequence[Mention]) -> bool:
    """A name inside another actor's phrase ("supporters of X"), or a possessive that does not
    head the act ("Modi's swearing-in", "Sadr's followers"), names no party."""
    size = m.end - m.start
    if any(
        o is not m and o.start <= m.start and m.end <= o.end and o.end - o.start > size
        for o in mentions
    ):
        return True
    if doc.text[m.end : m.end + 2] in ("'s", "’s"):
        return not (m.end < r.hit.start <= m.end + 3)
    return False


def _is_witness(text: str, sent_start: int, m: Mention, hit_start: int) -> bool:
    """Whether a name is the witness or host of the act (cheap word checks first)."""
    window = text[max(sent_start, m.start - 60) : m.start]
    if ("by " in window or "presence" in window) and _WITNESS_BEFORE.search(window):
        return True
    if m.end > hit_start:
        return False
    between = text[m.end : hit_start]
    return (" as " in between) and _WITNESS_AFTER.match(between) is not None


def _cast(doc: _Doc, r: _Raw) -> _Cast:
    """The parties, frame, witnesses and the rest of one raw mention's sentence."""
    lo, hi, frame_lo, frame_hi = _core_bounds(doc, r)
    text = doc.text
    s = doc.sentences[r.sentence]
    relative = [
        (m.start(), m.end())
        for m in _RELATIVE_SPAN.finditer(text, s.start, s.end)
        if not (m.start() <= r.hit.start < m.end())
    ]
    mentions = doc.mentions("actor", r.sentence)
    cast = _Cast([], [], [], [], False, False, set(), set(), r.hit.rule.direction in _HOSTING)
    for m in mentions:
        inside = lo <= m.start and m.end <= hi
        if m.country and inside and _is_country_like(doc, m):
            cast.countries.add(m.country)
            if m.actor_type == "organisation":
                cast.metonyms.add(m.country)
        if m.actor_type not in (_PERSON, "organisation", "group"):
            continue
        if _inside(m, relative) or _is_modifier(doc, m, r, mentions):
            continue
        if _is_witness(text, s.start, m, r.hit.start):
            cast.witnesses.append(m)
        elif "spokes" in (m.role or "").casefold():
            continue  # a spokesperson reports the act; the ministry, if anyone, is the party
        elif inside:
            cast.core.append(m)
        elif frame_lo <= m.start and m.end <= frame_hi:
            cast.frame.append(m)
        else:
            cast.rest.append(m)
    cast.refers = _names_group(text, lo, hi) or (
        _SUBJECT_PRONOUN.search(text, lo, r.hit.start) is not None
    )
    cast.sides_ref = _SIDES_REF.search(text, lo, r.hit.end) is not None
    return cast


def _is_country_like(doc: _Doc, m: Mention) -> bool:
    """A country, a capital or a building standing for its government ("the Kremlin"), or a
    bloc named as a side: never a person, it stands for the side's people."""
    value = (m.value or "").casefold()
    return (
        m.actor_type in ("country", "capital")
        or value in _PSEUDO_COUNTRIES
        or (m.actor_type == "organisation" and m.value in doc.metonyms)
    )


def _is_role_only(m: Mention) -> bool:
    """A person named only by office ("Sweden's ambassador", "the Swedish envoy")."""
    return bool(m.role and m.value and m.value.casefold().endswith(m.role.casefold()))


def _side_of(doc: _Doc, m: Mention) -> Mention:
    """A group takes the country of the name that qualifies it ("junta supporters",
    "followers of the Ruritanian cleric X"); the README leaves it null when the text has none."""
    if m.actor_type != "group" or m.country:
        return m
    for o in doc.mentions("actor", doc.sentence_of(m.start)):
        near = o.end <= m.start and not doc.text[o.end : m.start].strip()
        if o is not m and o.country and (near or (m.start <= o.start and o.end <= m.end)):
            return m.model_copy(update={"country": o.country})
    return m


def _tier(m: Mention) -> int:
    """0: a named person; 1: an institution or group as written; 2: an office without a name."""
    if m.actor_type == _PERSON:
        return 2 if _is_role_only(m) else 0
    return 1


def _usable(m: Mention, plover: str, tier: int | None = None) -> bool:
    """Institutions that are no party: a mission acted on is a place (a protest at the
    embassy), a bloc itself is a side like a country; an unnamed envoy is a party only when met
    in person (talks, a summons), an expelled one stands for the mission. ``tier`` is
    ``_tier(m)`` when the caller knows it already."""
    if tier is None:
        tier = _tier(m)
    if tier == 0:
        return True  # a named person (none of the names below is a person's)
    value = (m.value or "").casefold()
    if m.actor_type != _PERSON and (value in _MISSIONS or value in _PSEUDO_COUNTRIES):
        return False
    return not (tier == 2 and plover not in ("CONSULT", "ACCUSE"))


@dataclass
class _Sides:
    """An event's participants by side, and what its clauses leave to resolve."""

    people: dict[str, list[Mention]]  # named people of each side, from the event's clauses
    fallback: dict[str, list[Mention]]  # frame people, then institutions, for unnamed sides
    witnesses: list[Mention]
    refers: bool
    both_named: bool  # both sides named as countries in one clause ("the EU and Egypt agreed")
    metonyms: set[str]  # sides named by a building standing for the government
    local: dict[str, list[Mention]]  # people of each side in the rest of a "the sides" sentence


def _direct_sides(doc: _Doc, ev: _Event) -> _Sides:
    """What the event's own clauses say about each side."""
    h = ev.head
    plover = h.plover
    sides = [c for c in (h.source_country, h.target_country) if c]
    casts = [_cast(doc, r) for r in ev.raws]
    out = _Sides({c: [] for c in sides}, {c: [] for c in sides}, [], False, False, set(), {})
    # each side's usable core mentions with their tiers (each mention's tier worked out once)
    core: dict[str, list[tuple[int, Mention]]] = {c: [] for c in sides}
    talks: dict[str, list[Mention]] = {c: [] for c in sides}
    for cast in casts:
        out.witnesses += [w for w in cast.witnesses if w.actor_type == _PERSON]
        out.refers = out.refers or cast.refers
        out.both_named = out.both_named or (len(sides) == 2 and set(sides) <= cast.countries)
        out.metonyms |= cast.metonyms
        for m in cast.core:
            tier = _tier(m)  # (the side a group takes changes no tier: see _side_of)
            if tier == 0 and not cast.ceremony and m.country in talks:
                # a welcome or reception names the hosts of the ceremony; the talks name the
                # counterpart (the president who received the visitor did not hold the talks)
                talks[m.country].append(m)
            m = _side_of(doc, m)
            if m.country in core and _usable(m, plover, tier):
                core[m.country].append((tier, m))
            elif m.country is None and m.actor_type == "group" and plover == "PROTEST":
                out.witnesses.append(m)  # protesters the text gives no country
    for c in sides:
        side = core[c]
        out.people[c] = talks[c] or [m for t, m in side if t == 0]
        said: list[Mention] = []
        if c == h.source_country:
            # a passive or country-subject act reported by its own side's official: the
            # official acted ("Albanese told reporters that the ambassador had been declared")
            said = next(
                (
                    found
                    for cast in casts
                    if (found := [m for m in cast.frame if m.country == c and _usable(m, plover)])
                ),
                [],
            )
            said = [m for m in said if _tier(m) == 0]
        rest = [m for t, m in side if t == 1] or [m for t, m in side if t == 2]
        out.fallback[c] = said or rest
        out.local[c] = [
            m
            for cast in casts
            if cast.sides_ref or cast.refers
            for m in cast.rest
            if m.country == c and _tier(m) == 0
        ]
    return out


def _near_in_time(a: _Event, b: _Event) -> bool:
    """Same day, an undated one, or days of one trip (a pledge the day after the talks)."""
    if a.date is None or b.date is None or a.date == b.date:
        return True
    if len(a.date) == 10 and len(b.date) == 10:
        gap = dt.date.fromisoformat(a.date) - dt.date.fromisoformat(b.date)
        return abs(gap.days) <= 3
    return False


def _participants(doc: _Doc, events: list[_Event]) -> list[tuple[list[Mention], list[Mention]]]:
    """Per event: each side's participants (source side first) and the witnesses.

    A side the event's clauses name nobody for takes, in this order: the people of the rest
    of its sentence when the clause says "he" or "the two sides"; the people of the related
    event (the nearest one before it, else the main event) when the clause refers to them
    ("the two leaders", "he") or names both sides as countries ("the EU and Egypt agreed",
    during the visit); its own official reporting it; the institution or group as written.
    "The two sides signed" with nobody named in the sentence takes nobody.
    """
    direct = [_direct_sides(doc, ev) for ev in events]
    main = next((i for i, e in enumerate(events) if e.is_main), None)
    out: list[tuple[list[Mention], list[Mention]]] = []
    for i, ev in enumerate(events):
        d = direct[i]
        chosen: dict[str, list[Mention]] = {}
        for c, people in d.people.items():
            if not people:
                people = d.local.get(c, [])
            if not people and (d.refers or d.both_named or c in d.metonyms):
                order = sorted(
                    (j for j in range(len(events)) if j != i),
                    key=lambda j: (j > i, j != main, abs(j - i)),
                )
                for j in order:
                    found = direct[j].people.get(c, [])
                    if found and (d.refers or _near_in_time(ev, events[j])):
                        # "the two leaders" may look back in time; a country or a metonym
                        # acting stands for the people of the same trip only
                        people = found
                        break
            chosen[c] = people or d.fallback.get(c, [])
        out.append(([m for ms in chosen.values() for m in ms], d.witnesses))
    return out


def _actor(doc: _Doc, country: str | None, cast: Sequence[Mention]) -> Actor | None:
    """The Actor for a side: its first participant (a person when the side names one), else
    the country standing for the unnamed side."""
    if country is None:
        return None
    best = next((m for m in cast if m.country == country and m.value), None)
    if best is not None and best.value:
        return _trusted(Actor, name=best.value, role=best.role, country=country, sector=best.sector)
    name = doc.kb.side_name(country) if hasattr(doc.kb, "side_name") else None
    return _trusted(Actor, name=name or country, role=None, country=country, sector="GOV")


def _context(lex: CoderLexicon, plover: str, topics: Sequence[str]) -> tuple[str, ...]:
    """PLOVER contexts: the type's family, then those its topics add (trade -> economic)."""
    found = [lex.plover_context.get(plover)] + [lex.topic_context.get(t) for t in topics]
    return tuple(dict.fromkeys(c for c in found if c))


def _scores(lex: CoderLexicon, plover: str, cameo: str | None) -> tuple[float | None, int | None]:
    """Goldstein score and quad class from the CAMEO code, else from the type's root code."""
    code = cameo or lex.plover_root.get(plover)
    while code and code not in lex.cameo:
        code = code[:-1]
    entry = lex.cameo.get(code or "")
    return (entry.goldstein, entry.quad_class) if entry else (None, None)


# A validated Evidence(...) costs ~2 µs and an event has ~16 of them; every value below comes
# from mentions and hits that are already typed (str text, int offsets), so validating again
# buys nothing. :func:`new_evidence` fills the instance the way pydantic would (the same
# ``__dict__`` and fields set), and falls back to validation if the model's fields change.
_EVIDENCE_KEYS = ("field", "text", "start", "end", "doc_id", "value")
_EVIDENCE_SET = frozenset(_EVIDENCE_KEYS[:5])  # ``value`` is left unset, as by the call below
_FAST_EVIDENCE = tuple(Evidence.model_fields) == _EVIDENCE_KEYS


def new_evidence(field: str, text: str, start: int, end: int, doc_id: str) -> Evidence:
    """``Evidence(field=..., text=..., start=..., end=..., doc_id=...)`` without validation.

    Args:
        field: the coded field the words are evidence for.
        text: the words (``clean_text[start:end]``).
        start: start offset (an int).
        end: end offset (an int).
        doc_id: the document's id.

    Returns:
        An Evidence equal to the validated one (same dump, pickle and fields set).
    """
    if not _FAST_EVIDENCE:
        return Evidence(field=field, text=text, start=start, end=end, doc_id=doc_id)
    return build_trusted(
        Evidence,
        {"field": field, "text": text, "start": start, "end": end, "doc_id": doc_id, "value": None},
        _EVIDENCE_SET,
    )


_M = TypeVar("_M", bound=BaseModel)
_FIELD_ORDER: dict[type[BaseModel], tuple[str, ...]] = {}


def _trusted(cls: type[_M], **values: Any) -> _M:
    """``cls(**values)`` without validation, for the output models the coder fills from values
    it built with the field types (str, int, float, tuples of models): validating an
    EventMention re-walks its ~16 Evidence, which cost more than the rest of its coding.

    Every field must be given; otherwise (e.g. a field added to the model) the model is built
    validated, so a model change can never produce a half-filled instance.
    """
    order = _FIELD_ORDER.get(cls)
    if order is None:
        order = _FIELD_ORDER[cls] = tuple(cls.model_fields)
    if tuple(values) != order:
        if len(values) != len(order) or values.keys() != set(order):
            return cls(**values)
        values = {k: values[k] for k in order}  # the validated model's field order
    return build_trusted(cls, values)


def _evidence(doc_id: str, field: str, m: Mention) -> Evidence:
    """Evidence for a field from the mention it was read from."""
    return new_evidence(field, m.text, m.start, m.end, doc_id)


def code_annotation(
    ann: Annotation, kb: Any, lex: CoderLexicon, version: int = 2
) -> tuple[EventMention, ...]:
    """Code one annotated document (see :func:`parley.coding.code_document`).

    ``version`` 1 is ``coder.rules.v1`` as it was frozen; 2 (``coder.rules.v2``) adds the
    parties of a fronted talk ("In a phone call on Monday, A and B ..."), the firms and people
    a sanction targets ("sanctions on 28 Indonesian companies") and a ministry named by its
    capital ("the foreign ministry in Ankara summoned ...").
    """
    # screen every sentence by its words; tokenize the few that may hold a trigger (a seventh
    # of them in news). A document with none codes nothing: no tables are built for it.
    may = screen_spans(lex, ann.doc.text, [(s.start, s.end) for s in ann.sentences])
    if not any(may):
        return ()
    doc = _Doc(ann, lex, kb, version)
    raws, pending = _raw_mentions(doc, may)
    raws += _complete_lead(doc, pending, raws)
    raws.sort(key=lambda r: r.hit.start)
    if not raws:
        return ()
    main = _main_index(doc, raws)
    _assign_dates(doc, raws, main)
    events = _merge(raws, main)
    _attach_pending(events, pending)
    _visitor_signs(events)
    _join_back_references(doc, events)
    _phone_if_called(doc, events)
    _inherit_location(events)
    _bind_context(doc, events)
    events.sort(key=lambda e: min(r.hit.start for r in e.raws))
    casts = _participants(doc, events)
    doc_id = ann.doc.doc_id
    text = doc.text
    out: list[EventMention] = []
    for n, ev in enumerate(events):
        h = ev.head
        ev_list: list[Evidence] = []
        for r in ev.raws:
            hit = r.hit
            ev_list.append(
                new_evidence("event_type", text[hit.start : hit.end], hit.start, hit.end, doc_id)
            )
            for t in r.extra:
                ev_list.append(_evidence(doc_id, "event_type", t))
        if h.mode:
            hit = h.hit
            ev_list.append(
                new_evidence("mode", text[hit.start : hit.end], hit.start, hit.end, doc_id)
            )
        src = tgt = None
        for r in ev.raws:
            src = src or (
                r.source
                if r.source_country == h.source_country
                else r.target
                if r.target_country == h.source_country
                else None
            )
            tgt = tgt or (
                r.target
                if r.target_country == h.target_country
                else r.source
                if r.source_country == h.target_country
                else None
            )
        if src is not None:
            ev_list.append(_evidence(doc_id, "source", src))
        if tgt is not None:
            ev_list.append(_evidence(doc_id, "target", tgt))
        date_m = next((r.date for r in ev.raws if r.date is not None), None)
        if date_m is not None and ev.date is not None:
            ev_list.append(_evidence(doc_id, "date", date_m))
        if h.place is not None:
            ev_list.append(_evidence(doc_id, "location", h.place))
        topics: list[str] = []
        for t in ev.topics:
            if t.value and t.value not in topics:
                topics.append(t.value)
            ev_list.append(_evidence(doc_id, "topic", t))
        # topics the event's code implies by definition (topics_implied.tsv), first
        implied = load_implied_topics().get(h.cameo or "", ())
        topics = [*implied, *(t for t in topics if t not in implied)]
        quantities: list[Quantity] = []
        for q in ev.quantities:
            quantities.append(
                _trusted(
                    Quantity,
                    text=q.text,
                    value=None if q.number is None else float(q.number),  # as validation would
                    unit=q.unit,
                    about=q.about,
                    doc_ids=(doc_id,),
                )
            )
            ev_list.append(_evidence(doc_id, "quantity", q))
        sides, witnesses = casts[n]
        participants: list[Actor] = []
        seen: set[tuple[str, str | None]] = set()
        for a in (*sides, *witnesses):
            if a.value and (a.value, a.country) not in seen:
                seen.add((a.value, a.country))
                participants.append(
                    _trusted(Actor, name=a.value, role=a.role, country=a.country, sector=a.sector)
                )
                ev_list.append(_evidence(doc_id, "actor", a))
        ev_list += _organisations(doc_id, ev.organisations, participants)
        goldstein, quad = _scores(lex, h.plover, h.cameo)
        location = None
        if h.place is not None and h.mode != "phone":
            name = (
                h.place.value
                if h.place.kind == "place"
                else (h.place.value if h.place.actor_type == "capital" else None)
            )
            location = _trusted(Location, name=name, country=h.place.country)
        if h.plover == "PROTEST" and location is not None and location.country != h.source_country:
            # README convention: a protest's source is the country where it happened, so a place
            # in another country ("a planned desecration ... in Stockholm") is not its venue
            location = _dateline_place(doc, h.source_country)
        source_country, target_country = h.source_country, h.target_country
        if _is_hosted_by_source(h.plover, h.mode, location, source_country, target_country):
            # PLOVER: the visitor is the actor, the host the recipient, whichever side the
            # text names first ("Tokayev held talks with Scholz at the Akorda").
            source_country, target_country = target_country, source_country
            ev_list = [_swap_side(e) for e in ev_list]
        confidence = (
            0.55
            + 0.1 * (ev.date is not None)
            + 0.1 * (src is not None and src.actor_type == _PERSON)
            + 0.05 * min(len(ev.raws) - 1, 3)
            + 0.05 * ev.is_main
        )
        s = doc.sentences[h.sentence]
        out.append(
            _trusted(
                EventMention,
                id=f"{doc_id}:{n}",
                doc_id=doc_id,
                event_type=h.plover,
                mode=h.mode if h.plover == "CONSULT" else None,
                context=_context(lex, h.plover, topics),
                cameo=h.cameo,
                goldstein=goldstein,
                quad_class=quad,
                source=_actor(doc, source_country, sides),
                target=_actor(doc, target_country, sides),
                actors=tuple(participants),
                date=ev.date,
                date_precision=ev.precision if ev.date else None,
                location=location,
                topics=tuple(topics),
                quantities=tuple(quantities),
                confidence=round(min(confidence, 0.95), 2),
                is_main=ev.is_main,
                sentence_start=s.start,
                sentence_end=s.end,
                evidence=tuple(e for e in ev_list if e.text == text[e.start : e.end]),
            )
        )
    return tuple(out)


def _is_hosted_by_source(
    plover: str,
    mode: str | None,
    location: Location | None,
    source_country: str | None,
    target_country: str | None,
) -> bool:
    """A visit held in the source's own country: the source is the host, not the visitor."""
    return (
        plover == "CONSULT"
        and mode == "visit"
        and location is not None
        and location.country is not None
        and source_country == location.country
        and target_country is not None
        and target_country != location.country
    )


_SWAPPED_SIDE = {"source": "target", "target": "source"}


def _swap_side(evidence: Evidence) -> Evidence:
    """The same words, now evidence for the other side."""
    field = _SWAPPED_SIDE.get(evidence.field)
    return evidence if field is None else evidence.model_copy(update={"field": field})


def _dateline_place(doc: _Doc, country: str | None) -> Location | None:
    """The dateline's city when it lies in ``country``, else the country alone."""
    if country is None:
        return None
    for m in doc.mentions("place", 0):
        if m.start == 0 and m.country == country:
            return _trusted(Location, name=m.value, country=country)
    return _trusted(Location, name=None, country=country)


# Codes of international organisations and formats (DESIGN.md: EUU, UNO, IGO).
_IGO_CODES = frozenset({"EUU", "UNO", "IGO"})


def _organisations(
    doc_id: str, mentions: Sequence[Mention], participants: Sequence[Actor]
) -> list[Evidence]:
    """International organisations and formats named around the event ("cooperation within
    the UN, SCO and CICA") that are not parties to it: facts of the event, each with the
    document that names it."""
    taken = {a.name for a in participants}
    return [
        Evidence(
            field="organisation",
            text=a.text,
            start=a.start,
            end=a.end,
            doc_id=doc_id,
            value=a.value,
        )
        for a in mentions
        if a.value not in taken
    ]
