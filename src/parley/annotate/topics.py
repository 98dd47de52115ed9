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

from parley.errors import KnowledgeError
from parley.models import Mention, Sentence

__all__ = ["TOPICS", "TopicLexicon", "find_topics", "load_topic_lexicon", "read_data_table"]

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


_WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass(frozen=True)
class TopicLexicon:
    """Compiled topic lexicon: term -> topic, and word n-grams -> topic for the scan."""

    topic_of: dict[str, str]
    ngrams: dict[tuple[str, ...], str]
    longest: int


@functools.cache
def load_topic_lexicon(name: str = "topics.tsv") -> TopicLexicon:
    """Load and compile the topic lexicon (cached; immutable after loading).

    Args:
        name: lexicon file inside ``parley/data``.

    Returns:
        The compiled lexicon.

    Raises:
        KnowledgeError: a line names a topic outside the closed list.
    """
    topic_of: dict[str, str] = {}
    for (topic, term, *_), number in read_data_table(name, 2):
        if topic not in TOPICS:
            raise KnowledgeError(
                f"'parley/data/{name}' line {number}: unknown topic {topic!r}.",
                fix=f"Use one of: {', '.join(TOPICS)}.",
            )
        topic_of[term.lower()] = topic
    ngrams = {
        tuple(w.replace("’", "'") for w in _WORD.findall(term)): topic
        for term, topic in topic_of.items()
    }
    return TopicLexicon(topic_of, ngrams, max((len(k) for k in ngrams), default=1))


def find_topics(
    text: str, sentences: Sequence[Sentence], lexicon: TopicLexicon | None = None
) -> list[Mention]:
    """Find topic mentions (``kind="topic"``, ``value`` = topic) in ``text``.

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
    words = [
        (m.group(0).lower().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text)
    ]
    lows = [w[0] for w in words]
    i = 0
    while i < len(words):
        # longest term first, by dict lookup over the word n-grams starting here
        for n in range(min(lex.longest, len(words) - i), 0, -1):
            topic = lex.ngrams.get(tuple(lows[i : i + n]))
            if topic is None:
                continue
            start, end = words[i][1], words[i + n - 1][2]
            out.append(
                Mention(
                    kind="topic",
                    start=start,
                    end=end,
                    text=text[start:end],
                    sentence=max(0, bisect.bisect_right(starts, start) - 1),
                    value=topic,
                )
            )
            i += n
            break
        else:
            i += 1
    return out
