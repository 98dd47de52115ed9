"""Topic mentions over the closed topic list, from the ``topics.tsv`` lexicon.

One compiled alternation of every lexicon term (longest first) scans the text once; each hit
becomes a ``kind="topic"`` mention whose ``value`` is the topic. The list of valid topics is
the closed list of the dev set's README; a lexicon line naming another topic is an error.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from parley.annotate.mentions import new_mention
from parley.errors import KnowledgeError
from parley.models import Mention, Sentence

__all__ = [
    "STOP",
    "TOPICS",
    "TopicLexicon",
    "find_topics",
    "load_implied_topics",
    "load_topic_lexicon",
    "read_data_table",
]

TOPICS: tuple[str, ...] = (
    "bilateral_relations",
    "trade",
    "investment",
    "economy",
    "energy",
    "nuclear",
    "transport_logistics",
    "infrastructure",
    "technology",
    "space",
    "agriculture_food",
    "culture_people",
    "education",
    "health",
    "environment_climate",
    "humanitarian",
    "development_aid",
    "human_rights",
    "legal_justice",
    "security",
    "defense",
    "terrorism",
    "maritime",
    "sovereignty_territory",
    "taiwan",
    "ukraine_war",
    "middle_east",
    "regional_issues",
    "multilateral_cooperation",
    "visit_preparation",
    "migration_visa",
    "religion",
)


STOP = "-"  # lexicon "topic" of a stop phrase: its words mark no topic


def read_data_table(name: str, columns: int) -> tuple[tuple[tuple[str, ...], int], ...]:
    """Read a tab-separated knowledge file shipped in ``parley/data``.

    Args:
        name: file name inside ``parley/data`` (e.g. ``"topics.tsv"``).
        columns: the minimum number of columns every data line must have.

    Returns:
        ``(fields, line_number)`` per data line; ``#`` comments and blank lines are skipped.

    Raises:
        KnowledgeError: the file is missing or a line has too few columns.
    """
    try:
        raw = resources.files("parley.data").joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as err:
        raise KnowledgeError(
            f"knowledge file 'parley/data/{name}' is missing.",
            fix="Reinstall parley or restore the file from the repository.",
        ) from err
    rows: list[tuple[tuple[str, ...], int]] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = tuple(f.strip() for f in line.split("\t"))
        if len(fields) < columns:
            raise KnowledgeError(
                f"'parley/data/{name}' line {number}: expected {columns} tab-separated columns, "
                f"found {len(fields)} ({line!r}).",
                fix="Separate the columns with tabs, as in the file's header comment.",
            )
        rows.append((fields, number))
    return tuple(rows)


# Characters a term word may contain; a term never starts or ends inside a longer word
# ("trade" is not in "trade-off" or "untraded").
_WORD_CHARS = r"\w'’-"
_LEFT = r"(?<![\w'’-])"
_RIGHT = r"(?![\w])(?!['’-]\w)"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class TopicLexicon:
    """Compiled topic lexicon: one regex over every term, and normalised term -> topic."""

    topic_of: dict[str, str]
    pattern: re.Pattern[str]  # over lower-cased text (3x faster than IGNORECASE)
    pattern_ci: re.Pattern[str]  # for the rare text whose lower case changes its length


def _atoms(term: str) -> list[str]:
    """A term as regex atoms: one per character, any whitespace run and either apostrophe."""
    out: list[str] = []
    for ch in term:
        if ch.isspace():
            if out and out[-1] != r"\s+":
                out.append(r"\s+")
        elif ch in "'’":
            out.append("['’]")
        else:
            out.append(re.escape(ch))
    return out


def _trie_regex(terms: Sequence[str]) -> str:
    """One alternation of every term, factored into a prefix trie.

    A trie keeps the regex engine's work per text position to a few character comparisons
    (a flat alternation of hundreds of terms tries each of them in turn), and since a trie
    branch is greedy with backtracking, the longest term that ends on a word boundary wins.
    """
    trie: dict[str, dict] = {}
    end = ""  # key marking the end of a term
    for term in terms:
        node = trie
        for atom in _atoms(term):
            node = node.setdefault(atom, {})
        node[end] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [a + emit(child) for a, child in sorted(node.items()) if a != end]
        # longest first: a term that ends here is the last resort of this branch
        if end in node:
            branches.append(_RIGHT)
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return _LEFT + emit(trie)


def _normal(term: str) -> str:
    """The lookup key of a term or a matched text: lower case, one space, straight apostrophe."""
    return _SPACES.sub(" ", term.strip().lower().replace("’", "'"))


@functools.cache
def load_topic_lexicon(name: str = "topics.tsv") -> TopicLexicon:
    """Load and compile the topic lexicon (cached; immutable after loading).

    Args:
        name: lexicon file inside ``parley/data``.

    Returns:
        The compiled lexicon.

    Raises:
        KnowledgeError: a line names a topic outside the closed list (or ``-``, a stop
            phrase), or a term has
            characters a word cannot hold.
    """
    topic_of: dict[str, str] = {}
    for (topic, term, *_), number in read_data_table(name, 2):
        if topic not in TOPICS and topic != STOP:
            raise KnowledgeError(
                f"'parley/data/{name}' line {number}: unknown topic {topic!r}.",
                fix=f"Use one of: {', '.join(TOPICS)}.",
            )
        if not re.fullmatch(rf"[{_WORD_CHARS}]+(?:\s+[{_WORD_CHARS}]+)*", term):
            raise KnowledgeError(
                f"'parley/data/{name}' line {number}: term {term!r} is not words and spaces.",
                fix="Write the term as plain words (letters, digits, hyphens, apostrophes).",
            )
        topic_of[_normal(term)] = topic
    regex = _trie_regex(sorted(topic_of))
    return TopicLexicon(topic_of, re.compile(regex), re.compile(regex, re.IGNORECASE))


@functools.cache
def load_implied_topics(name: str = "topics_implied.tsv") -> dict[str, tuple[str, ...]]:
    """Topics an event code implies by definition (CAMEO 042 "make a visit" -> bilateral).

    Args:
        name: table inside ``parley/data`` with ``cameo<TAB>topic`` lines.

    Returns:
        CAMEO code -> the topics every event with that code has (cached; do not mutate).

    Raises:
        KnowledgeError: a line names a topic outside the closed list.

    Example:
        >>> load_implied_topics()["042"]
        ('bilateral_relations',)
    """
    out: dict[str, tuple[str, ...]] = {}
    for (cameo, topic, *_), number in read_data_table(name, 2):
        if topic not in TOPICS:
            raise KnowledgeError(
                f"'parley/data/{name}' line {number}: unknown topic {topic!r}.",
                fix=f"Use one of: {', '.join(TOPICS)}.",
            )
        out[cameo] = (*out.get(cameo, ()), topic)
    return out


def find_topics(
    text: str, sentences: Sequence[Sentence], lexicon: TopicLexicon | None = None
) -> list[Mention]:
    """Find topic mentions (``kind="topic"``, ``value`` = topic) in ``text``.

    Terms match case-insensitively on word boundaries, longest term first, and a term's
    words may be separated by any whitespace.

    Args:
        text: the cleaned document text.
        sentences: its sentences, to index each mention.
        lexicon: a compiled lexicon (default: the shipped ``topics.tsv``).

    Returns:
        Topic mentions in text order.

    Example:
        >>> [m.value for m in find_topics("Talks on trade and energy.", ())]
        ['trade', 'energy']
    """
    lex = lexicon or load_topic_lexicon()
    starts = [s.start for s in sentences]
    out: list[Mention] = []
    lower = text.lower()
    # equal lengths: every character lowered to exactly one, so offsets carry over
    hits = lex.pattern.finditer(lower) if len(lower) == len(text) else lex.pattern_ci.finditer(text)
    topic_of = lex.topic_of
    for m in hits:
        found = m.group(0)
        # a hit written exactly like its key (one space, straight apostrophe) needs no folding
        topic = topic_of.get(found) or topic_of[_normal(found)]
        if topic == STOP:
            continue
        start, end = m.span()
        out.append(
            new_mention(
                kind="topic",
                start=start,
                end=end,
                text=text[start:end],
                sentence=max(0, bisect.bisect_right(starts, start) - 1),
                value=topic,
            )
        )
    return out
