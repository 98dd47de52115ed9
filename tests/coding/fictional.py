"""Hand-built annotations about fictional countries, so coder logic is tested apart from the
real-world dictionaries (STYLE.md: "test sentences about fictional countries")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from parley.annotate.dates import find_dates
from parley.annotate.sentences import split_sentences
from parley.annotate.topics import find_topics
from parley.models import Annotation, CleanDocument, Mention

# surface -> (country, actor_type, kind[, role])
Names = Mapping[str, tuple[str, ...]]

# the fictional countries every coder test names, with their adjectives
COUNTRIES: dict[str, tuple[str, ...]] = {
    "Ruritania": ("RUR", "country", "actor"),
    "Ruritanian": ("RUR", "country", "actor"),
    "Sylvania": ("SYL", "country", "actor"),
    "Sylvanian": ("SYL", "country", "actor"),
    "Freedonia": ("FRE", "country", "actor"),
    "Freedonian": ("FRE", "country", "actor"),
}


def annotate_fictional(
    text: str,
    names: Names,
    *,
    published: dt.date,
    title: str | None = None,
    topics: bool = False,
) -> Annotation:
    """Tag every whole-word occurrence of ``names`` (longest first), plus real dates (and topics)."""
    sentences = split_sentences(text)
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        country, atype, kind, *rest = names[name]
        role = rest[0] if rest else None
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            free = all(end <= a or pos >= b for a, b in taken)
            if free and not text[end : end + 1].isalpha():
                taken.append((pos, end))
                mentions.append(
                    Mention(
                        kind=kind,  # type: ignore[arg-type]
                        start=pos,
                        end=end,
                        text=name,
                        value=name,
                        country=country,
                        actor_type=atype if kind == "actor" else None,
                        role=role,
                    )
                )
            pos = text.find(name, end)
    mentions += find_dates(text, sentences, published=published, dateline_date=None)
    if topics:
        mentions += find_topics(text, sentences)
    mentions.sort(key=lambda m: m.start)
    doc = CleanDocument(doc_id="t", text=text, published=published, title=title)
    return Annotation(doc=doc, sentences=sentences, mentions=tuple(mentions))
