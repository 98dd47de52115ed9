"""The coder's knowledge as data: trigger lexicon, CAMEO/PLOVER crosswalk, chrome prefixes.

``triggers.tsv`` is compiled into a dict from a pattern's first token to the patterns starting
with it, so matching a sentence costs one dict lookup per token (plus a short walk for the few
patterns that start there). See the header of ``parley/data/triggers.tsv`` for the format.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import itemgetter, sub

from parley.annotate.topics import read_data_table
from parley.errors import KnowledgeError
from parley.models import CONSULT_MODES, PLOVER_TYPES

__all__ = [
    "CameoEntry",
    "CoderLexicon",
    "Hit",
    "TriggerRule",
    "load_coder_lexicon",
    "match_triggers",
    "may_match",
    "may_match_spans",
    "screen_spans",
    "span_words",
    "tokenize",
]

SCOPES = ("event", "classify", "block")
DIRECTIONS = ("agent", "host", "move", "mutual", "patient", "-")
_TOKEN_RE = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")
# a token with the whitespace before it: one C-level findall gives tokens and offsets
_PIECE_RE = re.compile(r"\s*(?:\w+(?:['’\-]\w+)*|[^\w\s])")
_WORD_OF = itemgetter(0)
_WORD_RUN = re.compile(r"\w+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})
# Gaps never cross these tokens: a trigger pattern stays inside one clause.
_GAP_STOP = frozenset({",", ";", ".", ":", "!", "?", "(", ")", '"', "“", "”"})


@dataclass(frozen=True)
class TriggerRule:
    """One line of ``triggers.tsv``."""

    specs: tuple[tuple[str, ...] | int, ...]  # literal alternatives, or a gap length
    plover: str
    mode: str | None
    cameo: str | None
    scope: str
    direction: str
    line: int
    text: str
    group: str = ""  # mentions merge only within one group ("mission" closures vs expulsions)
    # literal specs after the first: the sentence must hold one word of each to match
    needs: tuple[frozenset[str], ...] = ()
    gapless: bool = True
    literals: int = 1  # how many of the specs are words (not gaps): the longer pattern wins


@dataclass(frozen=True)
class CameoEntry:
    """One CAMEO code with its PLOVER type, Goldstein score and quad class."""

    code: str
    name: str
    plover: str
    mode: str | None
    goldstein: float
    quad_class: int


@dataclass(frozen=True)
class CoderLexicon:
    """Compiled coder knowledge (immutable; built once by :func:`load_coder_lexicon`)."""

    by_first: dict[str, tuple[TriggerRule, ...]]
    cameo: dict[str, CameoEntry]
    plover_root: dict[str, str]
    plover_context: dict[str, str]
    chrome: tuple[str, ...]
    topic_context: dict[str, str] = field(default_factory=dict)  # topic -> PLOVER context
    # first word of an "event" pattern -> the ``needs`` of each such pattern (see may_match)
    event_needs: dict[str, tuple[tuple[frozenset[str], ...], ...]] = field(default_factory=dict)
    event_firsts: frozenset[str] = frozenset()  # the keys of event_needs
    event_alone: frozenset[str] = frozenset()  # ... of a one-word event pattern: needs nothing
    # punctuation marks event patterns hold (",", '"'): see screen_spans
    event_marks: tuple[str, ...] = ()
    # by_first with only the event patterns and blocks: what match_triggers tries for "event"
    event_by_first: dict[str, tuple[TriggerRule, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    """A trigger rule matched on tokens ``[first, last]`` (chars ``[start, end)``)."""

    rule: TriggerRule
    first: int
    last: int
    start: int
    end: int


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """Lower-cased word and punctuation tokens of ``text[start:end]`` with absolute offsets.

    Args:
        text: the text.
        start: where to start.
        end: where to stop (default: the end of ``text``).

    Returns:
        ``(token, start, end)`` triples; typographic apostrophes and dashes are folded.
    """
    stop = len(text) if end is None else end
    piece = text[start:stop]
    folded = piece.lower().translate(_QUOTES)
    if len(folded) == len(piece):
        # one fold for the whole span (offsets still line up), not one per token; the pieces'
        # running lengths give the token ends (no match objects)
        pieces = _PIECE_RE.findall(folded)
        tokens = list(map(str.lstrip, pieces))
        ends = list(accumulate(map(len, pieces), initial=start))
        del ends[0]
        return list(zip(tokens, map(sub, ends, map(len, tokens)), ends, strict=True))
    return [
        (m.group(0).lower().translate(_QUOTES), m.start(), m.end())
        for m in _TOKEN_RE.finditer(text, start, stop)
    ]


def span_words(text: str, spans: Sequence[tuple[int, int]]) -> list[list[str]]:
    """The words of each ``(start, end)`` span of ``text`` without their offsets: the first
    items of ``tokenize(text, start, end)``, from one fold of the whole text.

    This is the cheap view a document's sentences are screened with (see :func:`may_match`);
    only the few sentences that may hold a trigger are tokenized with offsets.

    Args:
        text: the text.
        spans: ``(start, end)`` offsets, e.g. the sentences.

    Returns:
        One word list per span.
    """
    folded = text.lower().translate(_QUOTES)
    if len(folded) != len(text) or "Σ" in text:
        # lower-casing changes the length ("İ") or depends on the context ("Σ" folds to "ς"
        # at a word end): fold each span on its own, as tokenize() does
        return [list(map(_WORD_OF, tokenize(text, a, b))) for a, b in spans]
    # the token pattern has no anchors or lookarounds, so scanning [a, b) of the whole folded
    # text finds what scanning the folded slice does
    find = _TOKEN_RE.findall
    return [find(folded, a, b) for a, b in spans]


def may_match(lex: CoderLexicon, words: Sequence[str]) -> bool:
    """Whether ``match_triggers(lex, tokens, ("event",))`` can find anything in a sentence with
    these words: some event pattern's first word is there, and a word of each of its other
    literal tokens too. False means it finds nothing (blocks alone only cancel).

    Args:
        lex: the compiled lexicon.
        words: the sentence's words (see :func:`span_words`).

    Returns:
        False when no event pattern can match.
    """
    return bool(_possible_firsts(lex, set(words)))


def may_match_spans(lex: CoderLexicon, spans: Sequence[Sequence[str]]) -> list[bool]:
    """:func:`may_match` for each of a document's sentences, screened cheaply first: a first
    word whose pattern the whole document cannot complete cannot start a match in any of its
    sentences, and most sentences have none of the few first words that remain.

    Args:
        lex: the compiled lexicon.
        spans: the words of each sentence (see :func:`span_words`).

    Returns:
        One flag per sentence, equal to ``may_match(lex, words)``.
    """
    firsts = _possible_firsts(lex, set().union(*spans))
    sure = firsts & lex.event_alone  # a sentence with one of these may match, whatever else
    return [
        not firsts.isdisjoint(words) and (not sure.isdisjoint(words) or may_match(lex, words))
        for words in spans
    ]


# Every ASCII character that is not a word character (\w): a space for the loose split below
_NON_WORD_ASCII = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_" or c.isspace())}
)
_WORD_CHAR = re.compile(r"\w")


def screen_spans(lex: CoderLexicon, text: str, spans: Sequence[tuple[int, int]]) -> list[bool]:
    """``may_match_spans(lex, span_words(text, spans))`` at a third of the cost: most spans
    get :func:`may_match`'s answer without the token regex.

    In a span without apostrophes and hyphens every token is a run of word characters or a
    single other character, so with every non-word character made a space the span's
    whitespace-separated pieces are exactly its word tokens; the punctuation marks patterns
    need (",", '"') are looked up as substrings. Spans with an apostrophe or a hyphen (where
    "berg's" is one token) are tokenized.

    Args:
        lex: the compiled lexicon.
        text: the text.
        spans: ``(start, end)`` offsets, e.g. the sentences.

    Returns:
        One flag per span, equal to ``may_match_spans(lex, span_words(text, spans))``.
    """
    folded = text.lower().translate(_QUOTES)
    if len(folded) != len(text) or "Σ" in text:
        # (folding the whole text is not folding each token: see span_words)
        return may_match_spans(lex, span_words(text, spans))
    loose = folded.translate(_NON_WORD_ASCII)  # one character for one: the same offsets
    if not loose.isascii():
        # other characters that are no word characters ("“", "«") split words too
        odd = {ord(c): " " for c in set(loose) if not c.isascii() and not _WORD_CHAR.match(c)}
        loose = loose.translate(odd)
    marks = [w for w in lex.event_marks if w in folded]
    find = folded.find
    out: list[bool] = []
    for a, b in spans:
        if find("'", a, b) >= 0 or find("-", a, b) >= 0:
            out.append(may_match(lex, _TOKEN_RE.findall(folded, a, b)))
            continue
        present = set(loose[a:b].split())
        if marks:
            present.update([w for w in marks if find(w, a, b) >= 0])
        out.append(bool(_possible_firsts(lex, present)))
    return out


def _possible_firsts(lex: CoderLexicon, present: set[str]) -> set[str]:
    """The first words in ``present`` of event patterns whose other words are all there too."""
    found = present & lex.event_firsts  # (a set with a set: walks the smaller one)
    alone = found & lex.event_alone
    for first in found - alone:
        for needs in lex.event_needs[first]:
            for need in needs:
                if need.isdisjoint(present):
                    break  # this pattern cannot match: try the next one
            else:
                alone.add(first)  # every word this pattern needs is there
                break
    return alone


def _inflect(word: str) -> tuple[str, ...]:
    """Regular verb forms of ``word`` ("visit+" -> visit visits visited visiting)."""
    if word.endswith("ee"):
        return (word, word + "s", word + "d", word + "ing")
    if word.endswith("e"):
        return (word, word + "s", word + "d", word[:-1] + "ing")
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        return (word, word[:-1] + "ies", word[:-1] + "ied", word + "ing")
    if word.endswith(("s", "sh", "ch", "x")):
        return (word, word + "es", word + "ed", word + "ing")
    return (word, word + "s", word + "ed", word + "ing")


def _spec(raw: str, name: str, line: int) -> tuple[str, ...] | int:
    """Compile one token spec: "~N" gap, or "|"-separated alternatives with "+" inflection."""
    if raw.startswith("~"):
        try:
            return int(raw[1:])
        except ValueError as err:
            raise KnowledgeError(
                f"'parley/data/{name}' line {line}: bad gap {raw!r}.",
                fix='Write gaps as "~N" with N a number, e.g. "~3".',
            ) from err
    forms: list[str] = []
    for alt in raw.split("|"):
        alt = alt.translate(_QUOTES)
        if alt.endswith("+"):
            forms.extend(_inflect(alt[:-1]))
        elif alt:
            forms.append(alt)
    return tuple(dict.fromkeys(forms))


def _rule(fields: Sequence[str], name: str, line: int) -> TriggerRule:
    """Validate and compile one ``triggers.tsv`` line."""
    pattern, plover, mode, cameo, scope, direction = fields[:6]

    def bad(what: str, value: str, choices: Sequence[str]) -> KnowledgeError:
        return KnowledgeError(
            f"'parley/data/{name}' line {line}: unknown {what} {value!r}.",
            fix=f"Use one of: {', '.join(choices)}.",
        )

    if plover not in PLOVER_TYPES:
        raise bad("PLOVER type", plover, PLOVER_TYPES)
    if mode not in ("-", "meet", *CONSULT_MODES):
        raise bad("mode", mode, ("-", "meet", *CONSULT_MODES))
    if scope not in SCOPES:
        raise bad("scope", scope, SCOPES)
    if direction not in DIRECTIONS:
        raise bad("direction", direction, DIRECTIONS)
    specs = tuple(_spec(tok, name, line) for tok in pattern.split())
    if not specs or isinstance(specs[0], int) or isinstance(specs[-1], int):
        raise KnowledgeError(
            f"'parley/data/{name}' line {line}: pattern {pattern!r} starts or ends with a gap.",
            fix="Start and end every pattern with a word.",
        )
    return TriggerRule(
        specs=specs,
        plover=plover,
        mode=None if mode == "-" else mode,
        cameo=None if cameo == "-" else cameo,
        scope=scope,
        direction=direction,
        line=line,
        text=pattern,
        group=fields[6] if len(fields) > 6 else "",
        needs=tuple(frozenset(s) for s in specs[1:] if not isinstance(s, int)),
        gapless=not any(isinstance(s, int) for s in specs),
        literals=sum(1 for s in specs if not isinstance(s, int)),
    )


@functools.cache
def load_coder_lexicon(
    triggers: str = "triggers.tsv",
    crosswalk: str = "cameo_plover.tsv",
    types: str = "plover_types.tsv",
    chrome: str = "lexicon_chrome.tsv",
    contexts: str = "topics_contexts.tsv",
) -> CoderLexicon:
    """Load and compile the coder's data files (cached; the result is immutable).

    Args:
        triggers: trigger lexicon file in ``parley/data``.
        crosswalk: CAMEO <-> PLOVER table with Goldstein scores and quad classes.
        types: PLOVER types with their default CAMEO root and context.
        chrome: line prefixes that mark site chrome.
        contexts: topic -> PLOVER context table.

    Returns:
        The compiled lexicon.

    Raises:
        KnowledgeError: a file is missing or a line is malformed (names file, line and value).
    """
    by_first: dict[str, list[TriggerRule]] = {}
    for fields, line in read_data_table(triggers, 6):
        rule = _rule(fields, triggers, line)
        first = rule.specs[0]
        assert not isinstance(first, int)
        for form in first:
            by_first.setdefault(form, []).append(rule)
    cameo: dict[str, CameoEntry] = {}
    for fields, line in read_data_table(crosswalk, 6):
        code, name, plover, mode, goldstein, quad = fields[:6]
        try:
            cameo[code] = CameoEntry(code, name, plover, mode or None, float(goldstein), int(quad))
        except ValueError as err:
            raise KnowledgeError(
                f"'parley/data/{crosswalk}' line {line}: bad Goldstein score or quad class "
                f"({goldstein!r}, {quad!r}).",
                fix="Write the score as a number and the quad class as 1-4.",
            ) from err
    root: dict[str, str] = {}
    context: dict[str, str] = {}
    for fields, _line in read_data_table(types, 3):
        root[fields[0]] = fields[1]
        context[fields[0]] = fields[2]
    prefixes = tuple(f[0].lower() for f, _ in read_data_table(chrome, 1))
    event_needs = {
        first: needs
        for first, rules in by_first.items()
        if (needs := tuple(r.needs for r in rules if r.scope == "event"))
    }
    event_by_first = {
        first: kept
        for first, rules in by_first.items()
        if (kept := tuple(r for r in rules if r.scope in ("event", "block")))
    }
    return CoderLexicon(
        by_first={k: tuple(v) for k, v in by_first.items()},
        event_by_first=event_by_first,
        cameo=cameo,
        plover_root=root,
        plover_context=context,
        chrome=prefixes,
        topic_context={f[0]: f[1] for f, _ in read_data_table(contexts, 2)},
        event_needs=event_needs,
        event_firsts=frozenset(event_needs),
        event_alone=frozenset(
            first
            for first, rules in by_first.items()
            if any(r.scope == "event" and not r.needs for r in rules)
        ),
        event_marks=tuple(
            sorted(
                {
                    word
                    for first, needs in event_needs.items()
                    for word in (first, *(w for each in needs for need in each for w in need))
                    if len(word) == 1 and word not in "'-" and not _WORD_RUN.fullmatch(word)
                }
            )
        ),
    )


def _match_at(
    specs: Sequence[tuple[str, ...] | int], tokens: Sequence[tuple[str, int, int]], i: int, k: int
) -> int | None:
    """Index of the last token when ``specs[k:]`` matches from token ``i``, else None."""
    if k == len(specs):
        return i - 1
    if i >= len(tokens):
        return None
    spec = specs[k]
    if isinstance(spec, int):
        for skip in range(spec + 1):
            j = i + skip
            if j >= len(tokens):
                return None
            if skip and tokens[j - 1][0] in _GAP_STOP:
                return None
            end = _match_at(specs, tokens, j, k + 1)
            if end is not None:
                return end
        return None
    if tokens[i][0] in spec:
        return _match_at(specs, tokens, i + 1, k + 1)
    return None


def _rank(found: tuple[TriggerRule, int, int]) -> tuple[int, int, int, int]:
    """Overlap order of a ``(rule, first, last)`` match: more literal words, then a specific
    CONSULT mode, then span, then position."""
    rule, first, last = found
    specific = 1 if rule.mode in CONSULT_MODES else 0
    return (-rule.literals, -specific, first - last, first)


def match_triggers(
    lex: CoderLexicon, tokens: Sequence[tuple[str, int, int]], scopes: Sequence[str]
) -> list[Hit]:
    """Every non-overlapping trigger in ``tokens`` (longest match wins; blocks cancel the
    triggers that start inside them).

    Args:
        lex: the compiled lexicon.
        tokens: tokens of one sentence (from :func:`tokenize`).
        scopes: the scopes to keep (``"event"`` for documents; add ``"classify"`` for dyads).

    Returns:
        Hits in text order.
    """
    if len(scopes) == 1 and scopes[0] == "event":
        by_first, check = lex.event_by_first, False  # (holds only event patterns and blocks)
    else:
        by_first, check = lex.by_first, True
    n = len(tokens)
    words: set[str] | None = None
    raw: list[tuple[TriggerRule, int, int]] = []  # (rule, first token, last token)
    # one C-level pass finds the tokens a pattern starts with
    for i in compress(range(n), map(by_first.__contains__, map(_WORD_OF, tokens))):
        for rule in by_first[tokens[i][0]]:
            if check and rule.scope not in scopes and rule.scope != "block":
                continue  # it would be dropped below: not worth matching
            specs = rule.specs
            size = len(specs)
            if size == 1:
                last = i
            elif rule.gapless:
                if i + size > n:
                    continue
                k = 1
                while k < size and tokens[i + k][0] in specs[k]:  # type: ignore[operator]
                    k += 1
                if k < size:
                    continue
                last = i + size - 1
            else:
                if words is None:
                    words = set(map(_WORD_OF, tokens))
                for need in rule.needs:
                    if need.isdisjoint(words):
                        break  # a word the pattern needs is not in the sentence
                else:
                    found = _match_at(specs, tokens, i + 1, 1)
                    if found is None:
                        continue
                    last = found
                    raw.append((rule, i, last))
                continue
            raw.append((rule, i, last))
    if not raw:
        return []
    if len(raw) == 1:  # (most sentences: nothing to rank)
        rule, first, last = raw[0]
        if rule.scope == "block":
            return []
        return [Hit(rule, first, last, tokens[first][1], tokens[last][2])]
    blocks = [(first, last) for rule, first, last in raw if rule.scope == "block"]
    kept: list[tuple[TriggerRule, int, int]] = []
    for item in sorted(raw, key=_rank):
        rule, first, last = item
        if rule.scope == "block":
            continue
        if blocks and any(a <= first <= b for a, b in blocks):
            # a block cancels the triggers that start inside it ("call on" cancels "call"),
            # not a longer one it merely overlaps ("paid a courtesy call on")
            continue
        for _, a, b in kept:
            if not (last < a or first > b):
                break  # it overlaps a trigger that ranks before it
        else:
            kept.append(item)
    kept.sort(key=_FIRST_TOKEN)
    return [Hit(rule, first, last, tokens[first][1], tokens[last][2]) for rule, first, last in kept]


_FIRST_TOKEN = itemgetter(1)
