"""Sentence splitting with compiled regexes: abbreviation-aware, paragraph- and line-aware.

spaCy's tokenizer costs ~2 ms per news document; a regex pass over the boundary candidates costs
a few microseconds, which keeps annotation inside the ~1 ms per document budget.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from parley.annotate.mentions import new_sentence
from parley.models import Sentence

# A sentence span and its gate words: lower-case words plus "#digit", "#year" (19xx/20xx),
# "#money" (a currency sign) and "#pct" (a "%"), so finders run detailed patterns only on
# sentences that could match them.
GateWindow = tuple[int, int, frozenset[str]]
_GATE_DIGIT = re.compile(r"\d")
_GATE_YEAR = re.compile(r"(?:19|20)\d\d")
_GATE_MONEY = re.compile(r"[$€£¥₹₽]")
GATE_MARKERS = frozenset({"#digit", "#year", "#money", "#pct"})
# Bytes that are not a lower-case ASCII letter become a space: the words of a sentence are then
# the maximal [a-z]+ runs, which str.split() finds twice as fast as a regex findall.
_LETTERS_ONLY = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
_DIGITS_ONLY = bytes(48 if 48 <= c <= 57 else 32 for c in range(256))  # 0-9 -> "0", else " "

__all__ = ["GATE_MARKERS", "GateWindow", "gate_windows", "split_sentences"]

# Tokens that end with a period without ending the sentence (compared lower-case, no final dot).
_ABBREVIATIONS = frozenset(
    (
        "mr",
        "mrs",
        "ms",
        "dr",
        "jr",
        "sr",
        "st",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "maj",
        "gov",
        "sen",
        "rep",
        "prof",
        "rev",
        "hon",
        "pres",
        "nos",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "tue",
        "tues",
        "thu",
        "thur",
        "thurs",
        "fri",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "u.s.a",
        "u.a.e",
        "p.m",
        "a.m",
        "i.e",
        "e.g",
        "d.c",
        "ph.d",
    )
)
# "No." abbreviates "number" only before a digit ("No. 10").

# A boundary candidate: terminal punctuation, optional closing quotes/brackets, then whitespace.
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_NEWLINE = re.compile(r"\n")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_NEXT_START = re.compile(r"\s+([\"'“‘(\[]*)(\S)")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation or an initial, not a sentence."""
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if m is None:
        return False
    word = m.group(1).lower().strip(".")
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    if word == "no" and text[dot + 1 : dot + 3].strip()[:1].isdigit():
        return True
    # a single capital letter is an initial ("Gilberto C. Teodoro"); dotted acronyms "U.S."
    token = m.group(1)
    if len(token) == 1 and token.isupper():
        return True
    return bool("." in token and all(len(p) <= 2 for p in token.split(".") if p))


def _boundaries(text: str) -> list[int]:
    """End offsets (exclusive) of every sentence-final punctuation run and of every line."""
    ends: list[int] = []
    for m in _CANDIDATE.finditer(text):
        end = m.end()
        punct = m.group(0)
        if (
            punct[0] == "."
            and len(punct.rstrip("\"'”’)]")) == 1
            and _is_abbreviation(text, m.start())
        ):
            continue
        nxt = _NEXT_START.match(text, end)
        if nxt is None:
            continue
        first = nxt.group(2)
        # a sentence starts with an upper-case letter, a digit or an opening quote
        if not (first.isupper() or first.isdigit() or nxt.group(1)):
            continue
        ends.append(end)
    ends.extend(m.start() for m in _NEWLINE.finditer(text))
    return sorted(set(ends))


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split cleaned text into sentences whose offsets slice ``text`` exactly.

    Lines (headlines, captions, bullet points) and paragraphs always end a sentence; inside a
    line, a sentence ends at ``.``/``!``/``?`` (plus closing quotes) followed by a capitalised
    word, unless the period closes an abbreviation ("U.S.", "Dr.", "Sept.", "No.") or an initial.

    Args:
        text: the cleaned document text.

    Returns:
        Sentences in text order, stripped of surrounding whitespace; empty lines give none.

    Example:
        >>> [text[s.start:s.end] for s in split_sentences(text := "Dr. Ames left. He ran.")]
        ['Dr. Ames left.', 'He ran.']
    """
    sentences: list[Sentence] = []
    start = 0
    for end in [*_boundaries(text), len(text)]:
        if end <= start:
            continue
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            sentences.append(new_sentence(s, e))
        start = end
    return tuple(sentences)


def gate_windows(
    text: str, sentences: Sequence[Sentence], vocabulary: frozenset[str] | None = None
) -> list[GateWindow]:
    """Each sentence span with its gate words (cheap cues for the date and quantity finders).

    Args:
        text: the cleaned document text.
        sentences: its sentences (the whole text is one window when there are none).
        vocabulary: keep only these words and markers (the ones the finders' gates test);
            ``None`` keeps every word. A set of the few gate words a sentence has costs far
            less to build and keep than one of all its words.

    Returns:
        ``(start, end, words)`` per sentence: ``words`` holds the sentence's lower-case words and
        the markers ``#digit``, ``#year``, ``#money`` and ``#pct`` when it has such characters.
    """
    spans = [(s.start, s.end) for s in sentences] or [(0, len(text))]
    lower = text.lower()
    out: list[GateWindow] = []
    # one byte per character of ``lower`` (a non-ASCII one becomes "?", then a space), so the
    # [a-z]+ words of lower[lo:hi] are the split() words of letters[lo:hi]
    letters = lower.encode("ascii", "replace").translate(_LETTERS_ONLY).decode("ascii")
    # in ASCII text \d is 0-9: one bytes.find per sentence for a "0" of the digits-only copy
    digits = text.encode("ascii").translate(_DIGITS_ONLY) if text.isascii() else None
    digit = _GATE_DIGIT.search
    for lo, hi in spans:
        words = letters[lo:hi].split()  # markers join the list: one frozenset per sentence
        if digit(text, lo, hi) if digits is None else digits.find(48, lo, hi) >= 0:
            words.append("#digit")
            if _GATE_YEAR.search(text, lo, hi):
                words.append("#year")
            if _GATE_MONEY.search(text, lo, hi):
                words.append("#money")
            if text.find("%", lo, hi) >= 0:
                words.append("#pct")
        out.append(
            (lo, hi, frozenset(words) if vocabulary is None else vocabulary.intersection(words))
        )
    return out
