"""A small hand-written store for tests and demos, and synthetic events for benchmarks.

The sample texts are our own words. Two reports cover the Kazakh foreign minister's talks in
Beijing on 28 October 2025 (facts as publicly reported) and mention his Moscow trip a week
earlier; the other events happen between fictional countries (Freedonia ``FRD``, Ruritania
``RRT``, Sylvania ``SYL``) so that logic tests do not depend on real-world dictionaries. One
document carries markup in its title and text, to prove the dashboard escapes hostile input::

    >>> from parley.serve.sample import build_sample_store
    >>> build_sample_store("sample.duckdb")      # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

from parley.models import (
    Actor,
    Annotation,
    CleanDocument,
    Discrepancy,
    DiscrepancyValue,
    Document,
    Event,
    Evidence,
    Fact,
    Location,
    Quantity,
    RoleAssertion,
    Sentence,
    Source,
)

__all__ = [
    "BEIJING_EVENT",
    "HOSTILE_DOC",
    "build_sample_store",
    "sample_annotations",
    "sample_documents",
    "sample_events",
    "synthetic_events",
]

BEIJING_EVENT = "ev-kaz-chn-20251028"
HOSTILE_DOC = "frd-release-1105"

_TEXTS: dict[str, tuple[str, str, str, str, str]] = {
    # id: (outlet, url, published, title, text)
    "steppe-wire-1028": (
        "Steppe Wire Service",
        "https://wire.example.kz/2025/10/28/kosherbayev-wang-yi-beijing",
        "2025-10-28",
        "Kazakh foreign minister holds talks with Wang Yi in Beijing",
        "Kazakhstan's Foreign Minister Yermek Kosherbayev held talks with Chinese Foreign "
        "Minister Wang Yi in Beijing on Tuesday.\n\n"
        "The two ministers went over trade, transport corridors and energy projects. Chinese "
        "customs figures put trade between the two countries at $30.68 billion for the first "
        "eight months of 2025.\n\n"
        "Kosherbayev, who took up the post in September, had travelled to Moscow a week "
        "earlier to meet Russian Foreign Minister Sergey Lavrov.",
    ),
    "mfa-kz-1028": (
        "Foreign Ministry Press Office",
        "https://mfa.example.kz/press/2025-10-28-beijing",
        "2025-10-28",
        "Minister Kosherbayev meets Wang Yi",
        "On 28 October in Beijing, Minister of Foreign Affairs Yermek Kosherbayev met Wang Yi, "
        "Member of the Politburo and Minister of Foreign Affairs of the People's Republic of "
        "China.\n\n"
        "The sides reviewed cooperation in trade, logistics and culture, and agreed to keep "
        "coordinating within the UN and the SCO.",
    ),
    HOSTILE_DOC: (
        "Freedonia <Gazette> & Co",
        "https://gazette.example.org/frd/1105",
        "2025-11-05",
        "<script>alert('title')</script> Freedonian president calls Astana",
        "President Rufus Firefly of Freedonia spoke by phone with Kazakhstan's foreign minister "
        "Yermek Kosherbayev on 5 November.\n\n"
        "The statement ended with <script>alert('text')</script> and <b>bold</b> markup & an "
        "ampersand, which must stay plain text.",
    ),
    "rrt-daily-0915": (
        "Ruritania Daily",
        "https://daily.example.net/rrt/0915",
        "2025-09-15",
        "Ruritania summons Sylvanian ambassador",
        "Ruritania's Foreign Ministry summoned the ambassador of Sylvania on Monday over "
        "border incidents. Deputy Foreign Minister Rudolf Rassendyll handed over a protest "
        "note.",
    ),
    "syl-post-0920": (
        "Sylvania Post",
        "https://post.example.net/syl/0920",
        "2025-09-20",
        "Sylvania expels two Ruritanian diplomats",
        "Sylvania expelled two Ruritanian diplomats on 19 September, its Prime Minister "
        "Flavia Elphberg said. She succeeded Ruprecht Hentzau, prime minister since 2020.\n\n"
        "Freedonian President Rufus Firefly visited Astana "
        "in September for talks with Kazakhstan's foreign minister.",
    ),
}


def sample_documents() -> list[tuple[Document, CleanDocument]]:
    """The sample documents, as read and as cleaned (identical text, identity offsets).

    Returns:
        ``(Document, CleanDocument)`` pairs.
    """
    out = []
    for doc_id, (outlet, url, published, title, text) in _TEXTS.items():
        day = dt.date.fromisoformat(published)
        doc = Document(
            id=doc_id, raw=text, title=title, url=url, outlet=outlet, published=day, format="txt"
        )
        clean = CleanDocument(
            doc_id=doc_id,
            text=text,
            title=title,
            url=url,
            outlet=outlet,
            published=day,
            offsets=((0, 0, len(text)),),
        )
        out.append((doc, clean))
    return out


def _ev(doc_id: str, field: str, snippet: str) -> Evidence:
    """Evidence by snippet, so offsets are computed from the text rather than typed by hand."""
    text = _TEXTS[doc_id][4]
    start = text.index(snippet)
    return Evidence(field=field, text=snippet, start=start, end=start + len(snippet), doc_id=doc_id)


def _source(doc_id: str, *evidence: Evidence, duplicate_of: str | None = None) -> Source:
    outlet, url, published, _, _ = _TEXTS[doc_id]
    return Source(
        doc_id=doc_id,
        url=url,
        outlet=outlet,
        published=published,
        evidence=evidence,
        duplicate_of=duplicate_of,
    )


def _sentences(text: str) -> tuple[Sentence, ...]:
    # Paragraph-level "sentences" are enough for the sample: nothing here parses them.
    spans, start = [], 0
    for part in text.split("\n\n"):
        spans.append(Sentence(start=start, end=start + len(part)))
        start += len(part) + 2
    return tuple(spans)


def sample_annotations() -> list[Annotation]:
    """Annotations of the sample documents carrying the role assertions they make.

    Returns:
        One annotation per sample document.
    """
    roles: dict[str, list[tuple[str, str, str, str | None, str]]] = {
        # doc: (person, role, country, since, snippet)
        "steppe-wire-1028": [
            ("Yermek Kosherbayev", "Foreign Minister", "KAZ", "2025-09-01", "Kazakhstan's Foreign"),
            ("Wang Yi", "Foreign Minister", "CHN", None, "Chinese Foreign Minister Wang Yi"),
            ("Sergey Lavrov", "Foreign Minister", "RUS", None, "Russian Foreign Minister"),
        ],
        HOSTILE_DOC: [("Rufus Firefly", "President", "FRD", None, "President Rufus Firefly")],
        "rrt-daily-0915": [
            ("Rudolf Rassendyll", "Deputy Foreign Minister", "RRT", None, "Deputy Foreign Min"),
        ],
        "syl-post-0920": [
            ("Flavia Elphberg", "Prime Minister", "SYL", None, "Prime Minister"),
            ("Ruprecht Hentzau", "Prime Minister", "SYL", "2020-01-01", "Ruprecht Hentzau"),
        ],
    }
    out = []
    for doc, clean in sample_documents():
        assertions = []
        for person, role, country, since, snippet in roles.get(doc.id, []):
            start = clean.text.index(snippet)
            assertions.append(
                RoleAssertion(
                    person=person,
                    role=role,
                    country=country,
                    sector="GOV",
                    as_of=doc.published,
                    since=dt.date.fromisoformat(since) if since else None,
                    doc_id=doc.id,
                    text=snippet,
                    start=start,
                    end=start + len(snippet),
                )
            )
        out.append(Annotation(doc=clean, sentences=_sentences(clean.text), roles=tuple(assertions)))
    return out


_KOSHERBAYEV = Actor(
    name="Yermek Kosherbayev", role="Minister of Foreign Affairs", country="KAZ", sector="GOV"
)
_WANG_YI = Actor(name="Wang Yi", role="Foreign Minister", country="CHN", sector="GOV")
_LAVROV = Actor(name="Sergey Lavrov", role="Foreign Minister", country="RUS", sector="GOV")
_FIREFLY = Actor(name="Rufus Firefly", role="President", country="FRD", sector="GOV")


def _beijing() -> Event:
    wire, mfa = "steppe-wire-1028", "mfa-kz-1028"
    return Event(
        id=BEIJING_EVENT,
        date="2025-10-28",
        date_precision="day",
        location=Location(name="Beijing", country="CHN"),
        event_type="CONSULT",
        mode="visit",
        context=("diplomatic", "economic"),
        cameo="042",
        goldstein=1.0,
        quad_class=1,
        source=_KOSHERBAYEV,
        target=_WANG_YI,
        actors=(_KOSHERBAYEV, _WANG_YI),
        topics=("trade", "transport_logistics", "energy", "culture_people"),
        quantities=(
            Quantity(
                text="$30.68 billion",
                value=30.68e9,
                unit="USD",
                about="bilateral trade Jan-Aug 2025",
                doc_ids=(wire,),
            ),
        ),
        sources=(
            _source(
                wire,
                _ev(wire, "source", "Yermek Kosherbayev"),
                _ev(wire, "event_type", "held talks with"),
                _ev(wire, "target", "Wang Yi"),
                _ev(wire, "location", "Beijing"),
                _ev(wire, "date", "on Tuesday"),
                _ev(wire, "quantities", "$30.68 billion"),
            ),
            _source(
                mfa,
                _ev(mfa, "date", "On 28 October"),
                _ev(mfa, "location", "Beijing"),
                _ev(mfa, "source", "Yermek Kosherbayev"),
                _ev(mfa, "event_type", "met"),
                _ev(mfa, "target", "Wang Yi"),
                _ev(mfa, "topics", "trade, logistics and culture"),
            ),
        ),
        discrepancies=(
            Discrepancy(
                field="target.role",
                values=(
                    DiscrepancyValue(value="Foreign Minister", doc_ids=(wire,)),
                    DiscrepancyValue(
                        value="Member of the Politburo and Minister of Foreign Affairs",
                        doc_ids=(mfa,),
                    ),
                ),
            ),
        ),
        facts=(
            Fact(field="date", value="2025-10-28", doc_ids=(wire, mfa)),
            Fact(field="location", value="Beijing, CHN", doc_ids=(wire, mfa)),
            Fact(field="event_type", value="CONSULT", doc_ids=(wire, mfa)),
            Fact(field="source", value="Yermek Kosherbayev", doc_ids=(wire, mfa)),
            Fact(field="target", value="Wang Yi", doc_ids=(wire, mfa)),
            Fact(field="quantities", value="$30.68 billion", doc_ids=(wire,)),
            Fact(field="topics", value="culture_people", doc_ids=(mfa,)),
        ),
        confidence=0.93,
        mention_ids=(f"{wire}#0", f"{mfa}#0"),
    )


def sample_events() -> list[Event]:
    """The fused events of the sample store (one with two sources and a discrepancy).

    Returns:
        Six events.
    """
    wire = "steppe-wire-1028"
    frd, rrt, syl = HOSTILE_DOC, "rrt-daily-0915", "syl-post-0920"
    return [
        _beijing(),
        Event(
            id="ev-kaz-rus-20251021",
            date="2025-10-21",
            date_precision="week",
            location=Location(name="Moscow", country="RUS"),
            event_type="CONSULT",
            mode="visit",
            cameo="042",
            goldstein=1.0,
            quad_class=1,
            source=_KOSHERBAYEV,
            target=_LAVROV,
            actors=(_KOSHERBAYEV, _LAVROV),
            sources=(
                _source(
                    wire,
                    _ev(wire, "event_type", "travelled to Moscow"),
                    _ev(wire, "date", "a week earlier"),
                    _ev(wire, "target", "Sergey Lavrov"),
                ),
            ),
            confidence=0.7,
            mention_ids=(f"{wire}#1",),
        ),
        Event(
            id="ev-frd-kaz-20251105",
            date="2025-11-05",
            date_precision="day",
            event_type="CONSULT",
            mode="phone",
            cameo="041",
            goldstein=1.0,
            quad_class=1,
            source=_FIREFLY,
            target=_KOSHERBAYEV,
            actors=(_FIREFLY, _KOSHERBAYEV),
            sources=(
                _source(
                    frd,
                    _ev(frd, "event_type", "spoke by phone with"),
                    _ev(frd, "source", "President Rufus Firefly"),
                    _ev(frd, "date", "on 5 November"),
                ),
            ),
            confidence=0.8,
            mention_ids=(f"{frd}#0",),
        ),
        Event(
            id="ev-frd-kaz-202509",
            date="2025-09",
            date_precision="month",
            location=Location(name="Astana", country="KAZ"),
            event_type="CONSULT",
            mode="visit",
            cameo="042",
            goldstein=1.0,
            quad_class=1,
            source=_FIREFLY,
            target=Actor(name="Kazakhstan", country="KAZ", sector="GOV"),
            actors=(_FIREFLY,),
            sources=(_source(syl, _ev(syl, "event_type", "visited Astana")),),
            confidence=0.6,
            mention_ids=(f"{syl}#1",),
        ),
        Event(
            id="ev-rrt-syl-20250915",
            date="2025-09-15",
            date_precision="day",
            event_type="ACCUSE",
            cameo="114",
            goldstein=-2.0,
            quad_class=3,
            source=Actor(name="Ruritania", country="RRT", sector="GOV"),
            target=Actor(name="Sylvania", country="SYL", sector="GOV"),
            actors=(
                Actor(
                    name="Rudolf Rassendyll",
                    role="Deputy Foreign Minister",
                    country="RRT",
                    sector="GOV",
                ),
            ),
            topics=("security", "sovereignty_territory"),
            sources=(_source(rrt, _ev(rrt, "event_type", "summoned the ambassador")),),
            confidence=0.85,
            mention_ids=(f"{rrt}#0",),
        ),
        Event(
            id="ev-syl-rrt-20250919",
            date="2025-09-19",
            date_precision="day",
            event_type="SANCTION",
            cameo="161",
            goldstein=-4.0,
            quad_class=4,
            source=Actor(name="Sylvania", country="SYL", sector="GOV"),
            target=Actor(name="Ruritania", country="RRT", sector="GOV"),
            actors=(
                Actor(name="Flavia Elphberg", role="Prime Minister", country="SYL", sector="GOV"),
            ),
            sources=(_source(syl, _ev(syl, "event_type", "expelled two Ruritanian diplomats")),),
            confidence=0.85,
            mention_ids=(f"{syl}#0",),
        ),
    ]


def build_sample_store(path: Path | str) -> Path:
    """Write the sample documents, role assertions and events into a store file.

    Args:
        path: the DuckDB file to create or add to.

    Returns:
        The path written.
    """
    from parley.store import Store

    pairs = sample_documents()
    with Store(path) as store:
        store.write_batch(
            [clean for _, clean in pairs],
            sample_annotations(),
            originals={doc.id: doc for doc, _ in pairs},
        )
        store.replace_events(sample_events())
    return Path(path)


# --------------------------------------------------------------------------- synthetic

_COUNTRIES = [
    "KAZ",
    "CHN",
    "RUS",
    "USA",
    "EUU",
    "DEU",
    "FRA",
    "GBR",
    "IND",
    "JPN",
    "TUR",
    "IRN",
    "UZB",
    "KGZ",
    "TJK",
    "TKM",
    "AZE",
    "GEO",
    "ARM",
    "UKR",
    "POL",
    "ITA",
    "ESP",
    "BRA",
    "MEX",
    "EGY",
    "SAU",
    "ARE",
    "QAT",
    "ISR",
    "PAK",
    "AFG",
    "MNG",
    "KOR",
    "PRK",
    "VNM",
    "IDN",
    "AUS",
    "CAN",
    "ZAF",
]
_TYPES = (
    ("CONSULT", "visit", "042", 1.9, 1),
    ("CONSULT", "phone", "041", 1.0, 1),
    ("CONSULT", "third-party", "044", 1.0, 1),
    ("SUPPORT", None, "057", 8.0, 1),
    ("AGREE", None, "036", 4.0, 1),
    ("AID", None, "073", 7.4, 2),
    ("COOPERATE", None, "061", 6.4, 2),
    ("ACCUSE", None, "114", -2.0, 3),
    ("REJECT", None, "128", -4.0, 3),
    ("SANCTION", None, "163", -8.0, 4),
    ("PROTEST", None, "141", -6.5, 4),
)
_ROLES = (
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Deputy Foreign Minister",
    "Ambassador",
)
_TOPICS = ("trade", "energy", "security", "investment", "transport_logistics", "culture_people")


def synthetic_events(n: int, *, seed: int = 7, start: dt.date | None = None) -> Iterator[Event]:
    """Deterministic random events for benchmarks (weighted towards a few busy dyads).

    Args:
        n: how many events.
        seed: random seed; the same seed gives the same events.
        start: first possible date (events spread over five years from it).

    Returns:
        An iterator of ``n`` events with one to three sources each (no documents behind them).
    """
    rng = random.Random(seed)
    first = start or dt.date(2021, 1, 1)
    weights = [1.0 / (i + 1) for i in range(len(_COUNTRIES))]
    for i in range(n):
        a, b = rng.choices(_COUNTRIES, weights=weights, k=2)
        while b == a:
            b = rng.choice(_COUNTRIES)
        kind, mode, cameo, goldstein, quad = rng.choice(_TYPES)
        day = first + dt.timedelta(days=rng.randrange(5 * 365))
        src = Actor(name=f"{a} official {rng.randrange(40)}", role=rng.choice(_ROLES), country=a)
        tgt = Actor(name=f"{b} official {rng.randrange(40)}", role=rng.choice(_ROLES), country=b)
        sources = tuple(
            Source(
                doc_id=f"syn-{i}-{k}",
                url=f"https://news.example.com/{i}/{k}",
                outlet=f"Outlet {rng.randrange(25)}",
                published=(day + dt.timedelta(days=k)).isoformat(),
                evidence=(Evidence(field="event_type", text="met", start=0, end=3),),
            )
            for k in range(rng.choice((1, 1, 1, 2, 2, 3)))
        )
        yield Event(
            id=f"syn-{seed}-{i:07d}",
            date=day.isoformat(),
            date_precision="day",
            location=Location(name=f"{b} capital", country=b) if mode == "visit" else None,
            event_type=kind,
            mode=mode,
            cameo=cameo,
            goldstein=goldstein,
            quad_class=quad,
            source=src,
            target=tgt,
            actors=(src, tgt),
            topics=tuple(rng.sample(_TOPICS, k=rng.randrange(3))),
            sources=sources,
            confidence=round(rng.uniform(0.4, 0.99), 2),
            mention_ids=tuple(f"{s.doc_id}#0" for s in sources),
        )
