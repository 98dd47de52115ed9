"""Quantity mentions: money, percentages and counted things, each with what it measures.

Everything the recogniser knows (currency signs, codes and words, scale words, counted nouns,
the nouns a figure can quantify) lives in ``parley/data/lexicon_quantities.tsv``. A number is a
quantity only when a currency, a percent sign/word or a counted noun says so, so bare years,
days of the month and clock times are never quantities, and "$30" or "7%" are never dates.

``about`` is the noun phrase the figure quantifies, with the period when the sentence states one:
"trade between the two nations grew ... in the first eight months of 2025, reaching $30.68
billion" gives ``about="bilateral trade Jan-Aug 2025"``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from parley.annotate.mentions import new_mention
from parley.annotate.sentences import GateWindow, gate_windows
from parley.annotate.topics import read_data_table
from parley.errors import KnowledgeError
from parley.models import Mention, Sentence

__all__ = ["QuantityLexicon", "find_quantities", "gate_words", "load_quantity_lexicon"]

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "hundreds": 100,
    "thousands": 1000,
    "dozens": 24,
    "a dozen": 12,
}
_NUMBER_WORD_GATE = frozenset(w for k in _NUMBER_WORDS for w in k.split()) - {"a"}
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
# Words allowed between a number and its counted noun ("116 additional individuals").
_ADJ = (
    r"(?:other|more|additional|new|further|extra|senior|key|major|main|top|large|small|"
    r"[a-z]+(?:al|ian|ese|ic|ive|ous|ary|ish))(?![\w'-])"
)
# "the two countries", "both sides": a reference to known parties, not a figure.
_DEFINITE = re.compile(r"\b(?:the|both|these|those|their|its|our|all|first|last|next)\s+$", re.I)
_OF_STOP = frozenset(
    [
        "to",
        "for",
        "from",
        "on",
        "in",
        "at",
        "with",
        "by",
        "under",
        "over",
        "was",
        "were",
        "is",
        "are",
        "that",
        "which",
        "who",
        "landed",
        "and",
    ]
)
_GAP_STOP = frozenset(
    [
        "that",
        "which",
        "will",
        "was",
        "is",
        "were",
        "are",
        "to",
        "of",
        "in",
        "on",
        "for",
        "by",
        "with",
        "from",
        "and",
        "or",
        "the",
        "a",
        "an",
        "it",
        "its",
        "has",
        "have",
        "had",
        "be",
        "been",
        "would",
        "could",
        "including",
        "such",
        "as",
    ]
)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def _alt(terms: Sequence[str], *, ignore_case: bool = False) -> str:
    """A regex alternation of ``terms`` that tries the longest matching term first.

    The terms are factored into a prefix trie ("per(?: cent)?" rather than "per cent|per"):
    a flat alternation makes the regex engine try every term at every word of a sentence,
    which is most of the cost of the quantity patterns. At one position the terms that can
    match are prefixes of one another, all on one path of the trie, and the trie tries them
    deepest first, so it matches exactly what the flat longest-first alternation matched.

    Args:
        terms: literal terms.
        ignore_case: the pattern is compiled with ``re.IGNORECASE``: terms that differ only in
            case share their trie path (so the longest one is still tried first).
    """
    if ignore_case and not all(term.isascii() for term in terms):
        # str.lower() is not the regex engine's case folding beyond ASCII ("İ"): stay flat
        return "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
    trie: dict[str, dict] = {}
    end = ""  # key marking the end of a term
    for term in terms:
        node = trie
        for ch in term.lower() if ignore_case else term:
            node = node.setdefault(ch, {})
        node[end] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end not in node:
            return body
        # a term also ends here: it is the fallback once every longer one failed
        return (f"(?:{body})" if len(branches) == 1 and len(body) > 1 else body) + "?"

    return emit(trie)


def _opening(*terms: Sequence[str], digit: bool = False, ignore_case: bool = False) -> str:
    """A look-ahead for the characters a match can start with: the first characters of
    ``terms`` (and any digit), e.g. ``(?=[\\dacl])``.

    At a position where no alternative can match, the regex engine still tries each of them
    (with ``re.IGNORECASE`` it cannot even skip a branch by its first character); the
    look-ahead fails there at once and changes no match. Under ``re.IGNORECASE`` a class
    matches exactly the characters its members match as literals (checked for ASCII); for
    case-insensitive terms opening with a non-ASCII character no look-ahead is made (empty
    string), to stay clear of Unicode case folding.
    """
    firsts = {term[0].lower() if ignore_case else term[0] for group in terms for term in group}
    if (ignore_case and not all(ch.isascii() for ch in firsts)) or not (firsts or digit):
        return ""
    return (
        "(?=[" + ("\\d" if digit else "") + "".join(re.escape(ch) for ch in sorted(firsts)) + "])"
    )


@dataclass(frozen=True)
class QuantityLexicon:
    """Compiled quantity lexicon (immutable; built once by :func:`load_quantity_lexicon`)."""

    money_prefix: re.Pattern[str]
    money_suffix: re.Pattern[str]
    percent: re.Pattern[str]
    count: re.Pattern[str]
    bare_scaled: re.Pattern[str]
    measure: re.Pattern[str]
    gates: tuple[frozenset[str], ...]  # per pattern above: a sentence needs one of these words
    currency: dict[str, str]
    scale: dict[str, float]
    unit: dict[str, str]
    mass: frozenset[str]
    modifiers: frozenset[str]


@functools.cache
def load_quantity_lexicon(name: str = "lexicon_quantities.tsv") -> QuantityLexicon:
    """Load and compile the quantity lexicon (cached).

    Args:
        name: lexicon file inside ``parley/data``.

    Returns:
        The compiled lexicon.

    Raises:
        KnowledgeError: a line has an unknown kind or a scale that is not a number.
    """
    tables: dict[str, dict[str, str]] = {
        k: {} for k in ("symbol", "code", "word", "scale", "unit", "mass", "measure")
    }
    tables.update({"modifier": {}, "approx": {}})
    for fields, number in read_data_table(name, 2):
        kind, term = fields[0], fields[1]
        if kind not in tables:
            raise KnowledgeError(
                f"'parley/data/{name}' line {number}: unknown kind {kind!r}.",
                fix=f"Use one of: {', '.join(tables)}.",
            )
        tables[kind][term] = fields[2] if len(fields) > 2 else term
    try:
        scale = {k.lower(): float(v) for k, v in tables["scale"].items()}
    except ValueError as err:
        raise KnowledgeError(
            f"'parley/data/{name}': a scale value is not a number ({err}).",
            fix="Write scales as numbers, e.g. 1e9.",
        ) from err
    # money_prefix is case-sensitive ("Rs" is not "RS"), every other pattern ignores case
    approx_terms, scale_terms = list(tables["approx"]), list(scale)
    approx_cs = _alt(approx_terms)
    approx = _alt(approx_terms, ignore_case=True)
    scale_cs = rf"(?:\s?(?P<scale>{_alt(scale_terms)})\b)?"
    scale_re = rf"(?:\s?(?P<scale>{_alt(scale_terms, ignore_case=True)})\b)?"
    prefix = _alt(list(tables["symbol"]) + list(tables["code"]))
    words = _alt(list(tables["word"]), ignore_case=True)
    units = _alt(list(tables["unit"]), ignore_case=True)
    number_words = _alt(list(_NUMBER_WORDS), ignore_case=True)
    lead = rf"(?:(?P<approx>{approx})\s+)?"
    # a lead (optional) then a number: the first character of a match
    opens = _opening(approx_terms, digit=True, ignore_case=True)
    money_prefix = re.compile(
        rf"(?<![\w$€£¥₹]){_opening(approx_terms, list(tables['symbol']), list(tables['code']))}"
        rf"(?:(?P<approx>{approx_cs})\s+)?"
        rf"(?P<cur>{prefix})\s?(?P<num>{_NUM})(?!\d|,\d){scale_cs}",
    )
    money_suffix = re.compile(
        rf"(?<![\w.,]){opens}{lead}(?P<num>{_NUM}){scale_re}\s(?P<cur>{words})\b",
        re.IGNORECASE,
    )
    percent = re.compile(
        rf"(?<![\w.,]){opens}{lead}(?P<num>{_NUM})\s?(?P<cur>%|percent\b|per cent\b|pc\b)",
        re.IGNORECASE,
    )
    count_opens = _opening(approx_terms, list(_NUMBER_WORDS), digit=True, ignore_case=True)
    count = re.compile(
        rf"(?<![\w.,$€£¥₹-]){count_opens}{lead}(?P<num>{_NUM}|{number_words})"
        rf"(?:\s(?P<scale>thousand|million|billion))?"
        rf"(?:-(?P<member>member|strong)\b|(?P<between>(?:\s(?:(?-i:[A-Z][\w'-]*)|(?-i:{_ADJ}))){{0,3}}?)"
        rf"\s(?P<unit>{units})\b"
        rf"(?P<and>\sand\s(?:{units})\b)?)",
        re.IGNORECASE,
    )
    bare_scaled = re.compile(
        rf"(?<![\w.,$€£¥₹]){opens}{lead}(?P<num>{_NUM})\s(?P<scale>million|billion|trillion)\b"
        rf"(?!\s(?:{words})\b)",
        re.IGNORECASE,
    )
    measure_opens = _opening(list(tables["modifier"]), list(tables["measure"]), ignore_case=True)
    measure = re.compile(
        rf"(?<![\w-]){measure_opens}(?:(?P<mod>{_alt(list(tables['modifier']), ignore_case=True)})\s+)?"
        rf"(?P<noun>{_alt(list(tables['measure']), ignore_case=True)})(?![\w-])",
        re.IGNORECASE,
    )

    # Gate words (see parley.annotate.sentences.gate_windows): the lower-case words a sentence
    # must contain for a pattern to be worth running on it.
    def last_words(terms: Sequence[str]) -> frozenset[str]:
        return frozenset(w for t in terms for w in re.findall(r"[a-z]+", t.lower())[-1:])

    def first_words(terms: Sequence[str]) -> frozenset[str]:
        return frozenset(w for t in terms for w in re.findall(r"[a-z]+", t.lower())[:1])

    gates = (
        frozenset({"#money"}) | first_words(list(tables["code"])),
        last_words(list(tables["word"])),
        frozenset({"#pct", "percent", "per", "pc"}),
        first_words(list(tables["unit"])) | frozenset({"member", "strong"}),
        frozenset(t.lower() for t in ("million", "billion", "trillion")),
    )
    currency = {**tables["symbol"], **tables["code"]}
    currency.update({k.lower(): v for k, v in tables["word"].items()})
    return QuantityLexicon(
        money_prefix=money_prefix,
        money_suffix=money_suffix,
        percent=percent,
        count=count,
        bare_scaled=bare_scaled,
        measure=measure,
        gates=gates,
        currency=currency,
        scale=scale,
        unit={k.lower(): v for k, v in tables["unit"].items()},
        mass=frozenset(tables["mass"]),
        modifiers=frozenset(m.lower() for m in tables["modifier"]),
    )


def gate_words(lexicon: QuantityLexicon | None = None) -> frozenset[str]:
    """Every word the gates of :func:`find_quantities` test (gate windows may keep only these).

    Args:
        lexicon: a compiled lexicon (default: the shipped ``lexicon_quantities.tsv``).

    Returns:
        The gate words and markers.
    """
    lex = lexicon or load_quantity_lexicon()
    return _NUMBER_WORD_GATE.union(*lex.gates)


def _number(raw: str) -> float | None:
    """The float value of "30.68", "10,000" or a number word."""
    low = raw.lower()
    if low in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[low])
    try:
        return float(raw.replace(",", ""))
    except ValueError:
        return None


_PERIODS = (
    re.compile(
        r"\b(?:in\s+|during\s+)?the\s+first\s+(?P<n>\w+)\s+months\s+of\s+(?P<year>(?:19|20)\d{2})\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:in\s+)?(?P<m1>[A-Z][a-z]{2,8})\.?\s*[-–]\s*(?P<m2>[A-Z][a-z]{2,8})\.?"
        r"(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d{2}|this year|last year))?",
    ),
    re.compile(r"\b(?:over\s+)?the\s+period\s+(?P<range>(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2})\b"),
    re.compile(r"\b(?P<since>since\s+(?:19|20)\d{2})\b"),
    re.compile(r"\b(?P<by>by\s+(?:19|20)\d{2})\b"),
    re.compile(r"\b(?:in|for|during)\s+(?P<year>(?:19|20)\d{2})\b"),
    re.compile(r"\b(?P<rel>last|this|next)\s+year\b", re.IGNORECASE),
    re.compile(r"\b(?P<fiscal>fiscal\s+(?:year\s+)?(?:19|20)\d{2}(?:-\d{2})?)"),
)
# Substrings each period pattern needs (on the lower-cased sentence when the pattern ignores
# case): a sentence without them skips that pattern's scan.
_PERIOD_NEEDS: tuple[tuple[tuple[str, ...], bool], ...] = (
    (("onth",), True),
    (("-", "–"), False),
    (("period",), False),
    (("since",), False),
    (("by",), False),
    (("19", "20"), False),
    (("year",), True),
    (("fiscal",), False),
)
_NUMBER_WORD_MONTHS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_NUMBER_WORD_MONTHS.update({"eight": 8, "nine": 9, "ten": 10, "eleven": 11})


def _period(sentence: str, pos: int, published: dt.date | None) -> tuple[str, int] | None:
    """The time period the sentence gives for a figure near ``pos``: (label, distance)."""
    best: tuple[str, int] | None = None
    for label, start, end in _sentence_periods(sentence, published):
        dist = min(abs(start - pos), abs(end - pos))
        if best is None or dist < best[1]:
            best = (label, dist)
    return best


@functools.lru_cache(maxsize=64)
def _sentence_periods(sentence: str, published: dt.date | None) -> tuple[tuple[str, int, int], ...]:
    """Every period the sentence names, in pattern order: ``(label, start, end)``.

    Cached: the figures of one sentence ("exports rose 5% to $4bn") share its periods.
    """
    out: list[tuple[str, int, int]] = []
    low = sentence.lower()
    for pattern, (needs, folded) in zip(_PERIODS, _PERIOD_NEEDS, strict=True):
        hay = low if folded else sentence
        if not any(need in hay for need in needs):
            continue
        for m in pattern.finditer(sentence):
            label = _period_label(m, published)
            if label is not None:
                out.append((label, m.start(), m.end()))
    return tuple(out)


def _period_label(m: re.Match[str], published: dt.date | None) -> str | None:
    """A compact label for a period match ("Jan-Aug 2025", "2024", "since 2005")."""
    groups = m.groupdict()
    year = groups.get("year")
    if year and not year[0].isdigit():
        if published is None:
            return None
        year = str(published.year - (1 if year.lower().startswith("last") else 0))
    if groups.get("n"):
        n = _NUMBER_WORD_MONTHS.get(groups["n"].lower()) or (
            int(groups["n"]) if groups["n"].isdigit() else None
        )
        return f"Jan-{_MONTH_ABBR[n - 1]} {year}" if n and 1 <= n <= 12 else None
    if groups.get("m1"):
        a, b = _MONTHS.get(groups["m1"].lower()), _MONTHS.get(groups["m2"].lower())
        if not a or not b:
            return None
        label = f"{_MONTH_ABBR[a - 1]}-{_MONTH_ABBR[b - 1]}"
        if year is None and published is not None:
            year = str(published.year)
        return f"{label} {year}" if year else label
    for key in ("range", "since", "by", "fiscal"):
        if groups.get(key):
            return _SPACES.sub(" ", groups[key])
    if groups.get("rel"):
        if published is None:
            return None
        return str(published.year + {"last": -1, "this": 0, "next": 1}[groups["rel"].lower()])
    return year


_BILATERAL = re.compile(
    r"\b(?:between\s+the\s+two\s+(?:nations|countries|sides|states|neighbours|neighbors)|"
    r"in\s+both\s+directions|two-way|bilateral|mutual)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:]|\bwhile\b|\bwhereas\b")
# compiled once: inline re.match() pays a cache lookup (and a recompile when evicted) per call
_SPACES = re.compile(r"\s+")
_AFTER_FIGURE = re.compile(r"\)?(?:\s*\([^)]*\))?")
_OF_IN = re.compile(r"\s+(?:of|in)\s+")
_GAP_PUNCT = re.compile(r"[,;:.()]")
_MEMBER_FOLLOW = re.compile(r"((?:\s[A-Z][\w-]*){0,5}\s[a-z][\w-]*)")
_MASS_OF = re.compile(r"\s+of\s+([\w\s-]{1,60})")


def _about_measure(
    lex: QuantityLexicon, sentence: str, start: int, end: int, published: dt.date | None
) -> str | None:
    """What a money or percent figure at [start, end) of ``sentence`` quantifies.

    In order: "of <measure>" right after the figure; a measure noun right after it ("25%
    tariffs", "€150 billion EU defence fund"); the first measure noun of the clause before it
    (the clause's subject: "trade ... grew ..., reaching $30 billion").
    """
    after = _AFTER_FIGURE.match(sentence, end)
    gap_start = after.end() if after else end
    phrase: str | None = None
    of = _OF_IN.match(sentence[gap_start:])
    right = lex.measure.search(sentence, gap_start, min(len(sentence), gap_start + 45))
    if right is not None:
        gap = sentence[gap_start : right.start()]
        words = gap.split()
        if of and right.start() - gap_start <= of.end() + 12 and len(words) <= 3:
            phrase = sentence[gap_start + of.end() : right.end()]
        elif (
            len(words) <= 3
            and not any(w.lower() in _GAP_STOP for w in words)
            and not _GAP_PUNCT.search(gap)
        ):
            phrase = sentence[gap_start : right.end()].strip()
    if phrase is None:
        left = sentence[:start]
        breaks = list(_CLAUSE_BREAK.finditer(left))
        left_start = breaks[-1].end() if breaks else 0
        first = lex.measure.search(sentence, left_start, start)
        if first is None and left_start:  # (no clause break: all of it was just searched)
            first = lex.measure.search(sentence, 0, start)
        if first is None:
            return None
        noun, mod = first.group("noun"), first.group("mod")
        phrase = f"{mod} {noun}" if mod else noun
        lo, hi = max(0, first.start() - 20), min(len(sentence), first.end() + 40)
        if (
            not mod
            and noun.lower() in ("trade", "turnover")
            and _BILATERAL.search(sentence, lo, hi)
        ):
            phrase = f"bilateral {noun.lower()}"
    period = _period(sentence, start, published)
    if period is not None and period[1] < 40 and period[0] not in phrase:
        phrase = f"{phrase} {period[0]}"
    return phrase


def find_quantities(
    text: str,
    sentences: Sequence[Sentence],
    *,
    published: dt.date | None = None,
    lexicon: QuantityLexicon | None = None,
    windows: Sequence[GateWindow] | None = None,
) -> list[Mention]:
    """Find money amounts, percentages and counts, with what each one measures.

    Args:
        text: the cleaned document text.
        sentences: its sentences (the ``about`` phrase is looked for inside the sentence).
        published: publication date, to turn "last year" into a year in ``about``.
        lexicon: a compiled lexicon (default: the shipped ``lexicon_quantities.tsv``).
        windows: the sentences' gate words (:func:`gate_windows`), when already computed.

    Returns:
        ``kind="quantity"`` mentions in text order: ``number`` (scaled: "$4bn" -> 4e9),
        ``unit`` (ISO currency code, ``percent``, or the counted unit such as ``tonnes``),
        ``about`` (what it measures, or None when the sentence does not say).

    Example:
        >>> m = find_quantities("Trade reached $4bn in 2023.", ())[0]
        >>> (m.text, m.number, m.unit, m.about)
        ('$4bn', 4000000000.0, 'USD', 'Trade 2023')
    """
    lex = lexicon or load_quantity_lexicon()
    starts = [s.start for s in sentences]
    found: list[tuple[int, int, float | None, str, str | None]] = []

    def sentence_of(pos: int) -> tuple[int, int, int]:
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return 0, 0, len(text)
        return i, sentences[i].start, sentences[i].end

    def scaled(m: re.Match[str]) -> float | None:
        value = _number(m["num"])
        sc = m.groupdict().get("scale")
        if value is not None and sc:
            value *= lex.scale.get(sc.lower(), 1.0)
        return value

    g_prefix, g_suffix, g_percent, g_count, g_scaled = lex.gates
    matches: list[list[re.Match[str]]] = [[], [], [], [], []]
    for lo, hi, cues in windows or gate_windows(text, sentences):
        digit = "#digit" in cues
        if digit and not cues.isdisjoint(g_prefix):
            matches[0].extend(lex.money_prefix.finditer(text, lo, hi))
        if digit and not cues.isdisjoint(g_suffix):
            matches[1].extend(lex.money_suffix.finditer(text, lo, hi))
        if digit and not cues.isdisjoint(g_percent):
            matches[2].extend(lex.percent.finditer(text, lo, hi))
        if (digit or not cues.isdisjoint(_NUMBER_WORD_GATE)) and not cues.isdisjoint(g_count):
            matches[3].extend(lex.count.finditer(text, lo, hi))
        if digit and not cues.isdisjoint(g_scaled):
            matches[4].extend(lex.bare_scaled.finditer(text, lo, hi))
    for m in matches[0]:
        found.append((m.start(), m.end(), scaled(m), lex.currency.get(m["cur"], m["cur"]), None))
    for m in matches[1]:
        cur = lex.currency.get(m["cur"].lower(), m["cur"])
        found.append((m.start(), m.end(), scaled(m), cur, None))
    for m in matches[2]:
        found.append((m.start(), m.end(), _number(m["num"]), "percent", None))
    for m in matches[3]:
        value = scaled(m)
        if _DEFINITE.search(text, max(0, m.start() - 12), m.start()) and not m["approx"]:
            continue
        if m["member"]:
            follow = _MEMBER_FOLLOW.match(text[m.end() : m.end() + 80])
            found.append(
                (m.start(), m.end(), value, "members", follow.group(1).strip() if follow else None)
            )
            continue
        unit = lex.unit.get(m["unit"].lower(), m["unit"].lower())
        between = (m["between"] or "").strip()
        noun_end = m.end()
        what = " ".join(p for p in (between, m["unit"], (m["and"] or "").strip()) if p)
        if unit in lex.mass:
            of = _MASS_OF.match(text[noun_end : noun_end + 60])
            if of:
                words: list[str] = []
                for w in of.group(1).split()[:3]:
                    if w.lower() in _OF_STOP:
                        break
                    words.append(w)
                what = " ".join(words) or what
        found.append((m.start(), m.end(), value, unit, what))
    for m in matches[4]:
        found.append((m.start(), m.end(), scaled(m), "", None))

    # overlaps: money and percent beat counts; longer beats shorter
    priority = {"percent": 1}
    found.sort(key=lambda f: (-(f[1] - f[0]) - 100 * priority.get(f[3], 0), f[0]))
    kept: list[tuple[int, int, float | None, str, str | None]] = []
    for f in found:
        if all(f[1] <= k[0] or f[0] >= k[1] for k in kept):
            kept.append(f)
    kept.sort(key=lambda f: f[0])

    mentions: list[Mention] = []
    last_currency: dict[int, str] = {}
    for start, end, value, unit, about in kept:
        i, s_start, s_end = sentence_of(start)
        if unit == "":
            # "loans of 5 billion euros, 1 billion of it ..." : the sentence's currency
            unit = last_currency.get(i, "")
            if not unit:
                continue
        elif len(unit) == 3 and unit.isupper():
            last_currency[i] = unit
        if about is None:
            sentence = text[s_start:s_end]
            about = _about_measure(lex, sentence, start - s_start, end - s_start, published)
        mentions.append(
            new_mention(
                kind="quantity",
                start=start,
                end=end,
                text=text[start:end],
                sentence=i,
                number=value,
                unit=unit,
                about=about,
            )
        )
    return mentions
