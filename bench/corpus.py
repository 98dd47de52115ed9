"""Generate realistic synthetic news corpora with known events, for benchmarks and scale tests.

Every happening is reported 1-4 times by outlets of three kinds (agency wire with a dateline and
an editing credit, ministry release with the scraped `` date YYYY-MM-DD`` prefix, regional site
with caption, byline, ``Advertisement``, ``Read also`` and ``Tags``), with varied wording,
relative dates, background paragraphs with figures, earlier meetings mentioned in passing,
confounders (the same pair and type again a few weeks later) and negatives (sport, weather,
markets) full of distractor words. Output is deterministic for a seed: JSONL shards of
contract-1 documents plus a ``gold.jsonl`` in the dev-set gold schema, so ``parley eval`` can
score a generated corpus too.

    python bench/corpus.py --docs 10000 --out /tmp/corpus-10k --seed 7
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# code, country name, demonym, capital, head-of-government role
COUNTRIES: tuple[tuple[str, str, str, str, str], ...] = (
    ("KAZ", "Kazakhstan", "Kazakh", "Astana", "President"),
    ("DEU", "Germany", "German", "Berlin", "Chancellor"),
    ("FRA", "France", "French", "Paris", "President"),
    ("GBR", "Britain", "British", "London", "Prime Minister"),
    ("USA", "the United States", "U.S.", "Washington", "President"),
    ("CHN", "China", "Chinese", "Beijing", "President"),
    ("JPN", "Japan", "Japanese", "Tokyo", "Prime Minister"),
    ("IND", "India", "Indian", "New Delhi", "Prime Minister"),
    ("BRA", "Brazil", "Brazilian", "Brasilia", "President"),
    ("RUS", "Russia", "Russian", "Moscow", "President"),
    ("TUR", "Turkey", "Turkish", "Ankara", "President"),
    ("EGY", "Egypt", "Egyptian", "Cairo", "President"),
    ("ZAF", "South Africa", "South African", "Pretoria", "President"),
    ("IDN", "Indonesia", "Indonesian", "Jakarta", "President"),
    ("AUS", "Australia", "Australian", "Canberra", "Prime Minister"),
    ("CAN", "Canada", "Canadian", "Ottawa", "Prime Minister"),
    ("MEX", "Mexico", "Mexican", "Mexico City", "President"),
    ("POL", "Poland", "Polish", "Warsaw", "Prime Minister"),
    ("ITA", "Italy", "Italian", "Rome", "Prime Minister"),
    ("ESP", "Spain", "Spanish", "Madrid", "Prime Minister"),
    ("KOR", "South Korea", "South Korean", "Seoul", "President"),
    ("VNM", "Vietnam", "Vietnamese", "Hanoi", "Prime Minister"),
    ("NGA", "Nigeria", "Nigerian", "Abuja", "President"),
    ("SAU", "Saudi Arabia", "Saudi", "Riyadh", "Crown Prince"),
    ("UZB", "Uzbekistan", "Uzbek", "Tashkent", "President"),
    ("KEN", "Kenya", "Kenyan", "Nairobi", "President"),
    ("ARG", "Argentina", "Argentine", "Buenos Aires", "President"),
    ("SWE", "Sweden", "Swedish", "Stockholm", "Prime Minister"),
)
GIVEN = (
    "Aliya",
    "Marek",
    "Sofia",
    "Tomas",
    "Leila",
    "Daniyar",
    "Ines",
    "Rafael",
    "Mira",
    "Kenji",
    "Anika",
    "Pavel",
    "Nadia",
    "Oskar",
    "Farid",
    "Elena",
    "Jonas",
    "Amara",
    "Viktor",
    "Lucia",
    "Hamid",
    "Sanna",
    "Arman",
    "Clara",
    "Ravi",
    "Yuki",
    "Teodor",
    "Zara",
)
FAMILY = (
    "Serikova",
    "Novak",
    "Almeida",
    "Brandt",
    "Haddad",
    "Orlov",
    "Castell",
    "Mwangi",
    "Takeda",
    "Lindqvist",
    "Rao",
    "Demir",
    "Fontaine",
    "Kowalczyk",
    "Suarez",
    "Abenov",
    "Okafor",
    "Moreau",
    "Varga",
    "Sato",
    "Ibrahim",
    "Holm",
    "Petrov",
    "Reyes",
    "Nazarov",
    "Bianchi",
    "Kruger",
    "Tanaka",
    "Wojcik",
    "Mensah",
    "Duarte",
    "Halvorsen",
    "Aziz",
    "Kim",
    "Nguyen",
    "Laurent",
    "Achterberg",
    "Balogun",
    "Carvalho",
    "Dvorak",
    "Esposito",
    "Fairweather",
    "Gunnarsson",
    "Hadzic",
    "Iwasaki",
    "Jankowski",
    "Kariuki",
    "Lombardi",
    "Marchetti",
    "Nakamura",
    "Oduya",
    "Pellegrini",
    "Quispe",
    "Rahimov",
    "Sandoval",
    "Tembo",
    "Ulloa",
    "Vasquez",
    "Whitcombe",
    "Yilmazer",
)
TOPICS = {
    "trade": "trade",
    "energy": "energy",
    "transport": "transport_logistics",
    "security": "security",
    "education": "education",
    "health": "health",
    "climate": "environment_climate",
    "technology": "technology",
    "agriculture": "agriculture_food",
    "investment": "investment",
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MON3 = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")
# kind -> (plover, mode, cameo, weight)
KINDS: dict[str, tuple[str, str | None, str | None, int]] = {
    "visit": ("CONSULT", "visit", "042", 30),
    "phone": ("CONSULT", "phone", "041", 15),
    "third": ("CONSULT", "third-party", "044", 8),
    "sign": ("SUPPORT", None, "057", 12),
    "pledge": ("AGREE", None, None, 5),
    "aid": ("AID", None, "073", 8),
    "summon": ("ACCUSE", None, "114", 8),
    "expel": ("SANCTION", None, "161", 7),
    "sanction": ("SANCTION", None, "163", 7),
}
TITLES = {
    "visit": "{ad} foreign policy team in {bc} for talks",
    "phone": "{a} and {b} hold phone talks",
    "third": "{ad} and {bd} leaders meet at summit",
    "sign": "{a} and {b} sign cooperation deal",
    "pledge": "{a} pledges investment in {b}",
    "aid": "{ad} relief supplies reach {b}",
    "summon": "{a} summons {bd} envoy",
    "expel": "{a} expels {bd} diplomats",
    "sanction": "{a} announces sanctions on {b}",
}
QUANTITY = {
    "pledge": "${n} million",
    "aid": "{n} tonnes",
    "expel": "{n} {bd} diplomats",
    "sanction": "{n}",
}
START, END = dt.date(2023, 1, 1), dt.date(2025, 12, 31)
APART = 3  # days between two happenings of one pair of countries (see happenings)


@dataclass(frozen=True)
class Person:
    """An invented office holder (no dictionary knows them, like a newly appointed minister)."""

    name: str
    role: str
    code: str


@dataclass(frozen=True)
class Happening:
    """One event every report of it describes."""

    key: str
    kind: str
    src: int  # index into COUNTRIES
    tgt: int
    date: dt.date
    third: int | None = None
    topics: tuple[str, ...] = ()
    figure: int = 0
    earlier: dt.date | None = None  # an earlier meeting of the pair, mentioned in passing
    reports: int = 1
    # heads of state/government or foreign ministers: who met is a fact of the happening, so
    # every report of it names the same people (reports vary only in wording)
    leaders: bool = False


@dataclass
class World:
    """The cast: two office holders per country, fixed for a seed."""

    rng: random.Random
    leaders: list[Person] = field(default_factory=list)
    ministers: list[Person] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Office holders have distinct surnames: reports call them by surname alone, and two
        # principals of one meeting named alike would be a riddle, not a test.
        surnames = self.rng.sample(FAMILY, 2 * len(COUNTRIES))
        for n, (code, _name, _dem, _cap, role) in enumerate(COUNTRIES):
            given = self.rng.choice(GIVEN), self.rng.choice(GIVEN)
            self.leaders.append(Person(f"{given[0]} {surnames[2 * n]}", role, code))
            self.ministers.append(
                Person(f"{given[1]} {surnames[2 * n + 1]}", "Foreign Minister", code)
            )

    def name(self) -> str:
        """A new invented person name (unknown to any dictionary, like a newly appointed minister)."""
        return f"{self.rng.choice(GIVEN)} {self.rng.choice(FAMILY)}"


def _long_date(d: dt.date) -> str:
    """Releases and captions spell dates out ('16 September 2024')."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _when(event_day: dt.date, published: dt.date, style: str) -> str:
    """How an outlet dates the event relative to its publication day."""
    gap = (published - event_day).days
    if gap == 0 and style == "ministry":
        return "today"
    if 0 <= gap <= 5:
        return f"on {WEEKDAYS[event_day.weekday()]}"
    return f"on {_long_date(event_day)}"


def _lead(h: Happening, w: World, style: str, when: str, variant: int) -> tuple[str, list[dict]]:
    """The sentence that reports the event, and the gold actors it names."""
    sc, tc = COUNTRIES[h.src], COUNTRIES[h.tgt]
    use_leaders = h.kind in ("visit", "phone", "third", "sign") and h.leaders
    a = w.leaders[h.src] if use_leaders else w.ministers[h.src]
    b = w.leaders[h.tgt] if use_leaders else w.ministers[h.tgt]
    ap, bp = f"{sc[2]} {a.role} {a.name}", f"{tc[2]} {b.role} {b.name}"
    if style == "ministry":
        ap = f"{a.role} of {sc[1]} {a.name}"
        bp = f"{b.role} of {tc[1]}, {b.name}"
    actors = [
        {"name": a.name, "role": a.role, "country": sc[0]},
        {"name": b.name, "role": b.role, "country": tc[0]},
    ]
    third = COUNTRIES[h.third][3] if h.third is not None else ""
    k = h.kind
    options: dict[str, list[str]] = {
        "visit": [
            f"{ap} held talks with {bp} in {tc[3]} {when}, on a visit aimed at expanding "
            "economic and political ties.",
            f"{ap} arrived in {tc[3]} and met {bp} {when} for talks on cooperation.",
            f"{bp} received {ap} in {tc[3]} {when}, and the two held official talks.",
        ],
        "phone": [
            f"{ap} spoke by telephone with {bp} {when}, their offices said.",
            f"{ap} and {bp} held a phone call {when} to discuss bilateral relations.",
            f"In a telephone conversation {when}, {ap} and {bp} reviewed ties.",
        ],
        "third": [
            f"{ap} met {bp} on the sidelines of an international summit in {third} {when}.",
            f"{ap} and {bp} held talks in {third} {when}, on the margins of a regional forum.",
        ],
        "sign": [
            f"{ap} and {bp} signed an agreement on economic cooperation in {tc[3]} {when}.",
            f"{sc[1]} and {tc[1]} signed a memorandum of understanding in {tc[3]} "
            f"{when}, with {a.name} and {b.name} attending the ceremony.",
        ],
        "pledge": [
            f"{ap} pledged {when} that {sc[1]} would invest ${h.figure} million in "
            f"{tc[1]} over the next five years, after meeting {bp}.",
        ],
        "aid": [
            f"{sc[1]} delivered {h.figure} tonnes of humanitarian aid to {tc[1]} "
            f"{when}, the consignment was handed over in {tc[3]}.",
            f"A {sc[2]} aircraft carrying {h.figure} tonnes of relief supplies landed in "
            f"{tc[3]} {when}, and the cargo was handed to local authorities.",
        ],
        "summon": [
            f"{sc[1]} summoned the {tc[2]} ambassador {when} to protest against "
            "what it called interference in its internal affairs.",
            f"The foreign ministry in {sc[3]} summoned {tc[1]}'s envoy {when} over remarks "
            "by officials it described as unacceptable.",
        ],
        "expel": [
            f"{sc[1]} expelled {h.figure} {tc[2]} diplomats {when}, giving them "
            "72 hours to leave the country.",
            f"{sc[1]} ordered {h.figure} {tc[2]} diplomats to leave {when}, "
            "declaring them persona non grata.",
        ],
        "sanction": [
            f"{sc[1]} imposed sanctions on {h.figure} {tc[2]} companies and "
            f"officials {when}, freezing their assets.",
            f"{sc[1]} announced a package of sanctions against {tc[1]} {when}, "
            f"targeting {h.figure} firms and individuals.",
        ],
    }
    if k in ("summon", "expel", "sanction", "aid"):
        actors = []
    text = options[k][variant % len(options[k])]
    return text[0].upper() + text[1:], actors


# Background paragraphs: (template, topics it brings, quantity texts it contains). The
# templates state no event of their own, so the gold stays exactly what the lead reports.
Filler = tuple[str, tuple[str, ...], tuple[str, ...]]
COOPERATIVE: tuple[Filler, ...] = (
    (
        "Bilateral trade reached ${n} billion last year, up {p}% on the year before, according to "
        "official figures released by the statistics agencies of both countries.",
        ("trade",),
        ("${n} billion", "{p}%"),
    ),
    (
        "The conversation covered {t1} and {t2}, and officials said expert groups were already "
        "working on several of the projects mentioned.",
        ("{t1}", "{t2}"),
        (),
    ),
    (
        "Officials said cooperation in {t1} had grown quickly over the past three years and that "
        "{t2} offered new opportunities for companies from both countries.",
        ("{t1}", "{t2}"),
        (),
    ),
    (
        "Analysts said the relationship had become more important as supply chains shifted and "
        "fuel prices remained volatile, pushing governments to look for new partners.",
        ("economy", "energy"),
        (),
    ),
    (
        "Business groups said several projects worth about ${n} million were under preparation, "
        "including a logistics hub and an industrial park.",
        ("investment",),
        ("${n} million",),
    ),
    (
        "Diplomats said the agenda also covered regional security and the situation in "
        "neighbouring countries, where tensions have risen in recent months.",
        ("security", "regional_issues"),
        (),
    ),
    (
        "According to the statement, both sides stressed the importance of dialogue, respect for "
        "international law and the peaceful settlement of disputes.",
        (),
        (),
    ),
    (
        "Universities in both countries already run exchange programmes, and officials said about "
        "{m} scholarships were on offer this year.",
        ("education",),
        ("{m} scholarships",),
    ),
    (
        "Airlines currently operate {p} direct flights a week between the two capitals, which "
        "tourism boards said was not enough.",
        ("transport_logistics", "culture_people"),
        ("{p} direct flights",),
    ),
    (
        "An intergovernmental commission oversees more than {p} joint projects, according to its "
        "latest annual report.",
        (),
        ("{p} joint projects",),
    ),
    (
        "Observers noted that the contacts came at a time of intense diplomatic activity in the "
        "region, with several governments seeking to diversify their partnerships.",
        (),
        (),
    ),
    (
        "Investment from companies of both countries stands at around ${n} billion, mostly in "
        "mining and manufacturing, according to government estimates.",
        ("investment",),
        ("${n} billion",),
    ),
    (
        "Civil society groups urged the governments to put human rights and the environment on "
        "the agenda, saying economic interests should not come at their expense.",
        ("human_rights", "environment_climate"),
        (),
    ),
    (
        "Planners say a new road and rail corridor could cut delivery times for goods by {p} days "
        "once it is finished.",
        ("transport_logistics", "infrastructure"),
        ("{p} days",),
    ),
)
HOSTILE: tuple[Filler, ...] = (
    (
        "Relations between the two countries have deteriorated sharply in recent months, with "
        "each side accusing the other of meddling.",
        ("bilateral_relations",),
        (),
    ),
    (
        "The embassy did not respond to a request for comment, and state media in the other "
        "capital called the move unfriendly.",
        (),
        (),
    ),
    (
        "Analysts said a response was likely and that the dispute could spill over into trade, "
        "which reached ${n} billion last year.",
        ("trade",),
        ("${n} billion",),
    ),
    (
        "Security services said they had monitored the activities of several officials for more "
        "than a year before the decision.",
        ("security",),
        (),
    ),
    (
        "Opposition politicians said the government had waited too long and should have acted "
        "after earlier incidents.",
        (),
        (),
    ),
    (
        "Several allies expressed support for the step, while business groups warned about the "
        "risk to some {p} companies active in both markets.",
        ("economy",),
        ("{p} companies",),
    ),
    (
        "The foreign ministry said the door to dialogue remained open if the other side changed "
        "course.",
        (),
        (),
    ),
    (
        "Commentators recalled that the two governments had exchanged sharp words at the United "
        "Nations earlier in the year.",
        ("multilateral_cooperation",),
        (),
    ),
    (
        "Citizens of both countries were advised to follow travel guidance closely, and consular "
        "services continued to operate normally.",
        ("migration_visa",),
        (),
    ),
    (
        "Observers said the episode showed how quickly ties had cooled since a period of closer "
        "cooperation a few years ago.",
        (),
        (),
    ),
)
RELIEF: tuple[Filler, ...] = (
    (
        "The consignment included tents, blankets, water purification units and medicines, "
        "officials said.",
        ("humanitarian", "health"),
        (),
    ),
    (
        "Floods and landslides have displaced more than {m} families in the worst-hit provinces, "
        "according to local authorities.",
        ("humanitarian",),
        ("{m} families",),
    ),
    (
        "Aid agencies said clean water and shelter were the most urgent needs in the affected "
        "districts.",
        ("humanitarian",),
        (),
    ),
    (
        "Other governments and international organisations have also offered help, and more "
        "flights are expected in the coming days.",
        ("humanitarian",),
        (),
    ),
    (
        "Officials said the supplies would be distributed by the national disaster agency with "
        "the help of volunteers.",
        ("humanitarian",),
        (),
    ),
    (
        "Forecasters warned that more heavy rain could hamper relief work later in the week.",
        ("environment_climate",),
        (),
    ),
    (
        "The ambassador said the delivery reflected long-standing friendship between the two "
        "peoples.",
        ("bilateral_relations",),
        (),
    ),
    (
        "Bilateral trade reached ${n} billion last year, according to official figures.",
        ("trade",),
        ("${n} billion",),
    ),
)
BANKS = {"summon": HOSTILE, "expel": HOSTILE, "sanction": HOSTILE, "aid": RELIEF}
KIND_TOPICS = {
    "summon": ("bilateral_relations",),
    "expel": ("bilateral_relations", "security"),
    "sanction": ("economy",),
    "aid": ("humanitarian",),
}
NEGATIVE = {
    "sport": (
        "{cap} club in talks with striker as season nears",
        "The club's sporting director said on {day} that talks with the player's agent were "
        "going well but that nothing had been signed. A delegation travels to {cap2} next "
        "month for a pre-season tournament, and the minister of sport is expected to attend "
        "the opening match. The club also named a former captain as its ambassador for youth "
        "football and said it would sign a sponsorship agreement with a regional bank.",
    ),
    "weather": (
        "Storm warnings issued as heavy rain moves across the region",
        "Weather services issued storm warnings on {day} as a deep low moved in, bringing gusts "
        "of up to {n} km/h. In {cap}, firefighters were called out more than {m} times overnight, "
        "and forecasters in {cap2} warned of local flooding. Authorities urged residents to "
        "avoid forests and secure balconies, and ferry operators said some crossings could be "
        "cancelled at short notice.",
    ),
    "markets": (
        "Currency slides, oil steady as traders eye central bank",
        "The currency weakened on {day} as exporters sold less foreign exchange, while Brent "
        "crude held near ${n} a barrel. Traders said talk of new sanctions kept buyers cautious. "
        "In {cap}, the central bank said it would keep liquidity ample, and shares closed {p}% "
        "higher. Oil producers are due to meet next month, and few expect a change in policy.",
    ),
}


def _filler(rng: random.Random, h: Happening) -> tuple[list[str], set[str], list[str]]:
    """Background paragraphs, with the topics and quantity texts they bring to the gold."""
    t1, t2 = (TOPICS[t] for t in (*h.topics, "trade", "energy")[:2])
    bank = BANKS.get(h.kind, COOPERATIVE)
    count = rng.randint(min(7, len(bank)), min(11, len(bank)))
    values = {"n": rng.randint(2, 90), "p": rng.randint(2, 30), "m": rng.randint(50, 900)}
    paras: list[str] = []
    topics: set[str] = set(KIND_TOPICS.get(h.kind, ()))
    quantities: list[str] = []
    for tpl, tags, qty in rng.sample(bank, count):
        words = {"t1": t1.replace("_", " "), "t2": t2.replace("_", " ")}
        paras.append(tpl.format(**values, **words))
        topics.update(tag.format(t1=t1, t2=t2) for tag in tags)
        quantities.extend(q.format(**values) for q in qty)
    return paras, topics, quantities


def render(
    h: Happening, w: World, rng: random.Random, number: int, style: str
) -> tuple[dict, dict]:
    """Write one report of a happening.

    Args:
        h: the happening.
        w: the cast.
        rng: the generator's random source.
        number: the document number (makes the id).
        style: wire, ministry or regional.

    Returns:
        The contract-1 document and its gold line (schema of ``eval/dev/README.md``).
    """
    published = h.date + dt.timedelta(days=rng.choice((0, 0, 0, 1, 1, 2)))
    when = _when(h.date, published, style)
    lead, actors = _lead(h, w, style, when, rng.randrange(6))
    background, topics, quantities = _filler(rng, h)
    paras = [lead, *background]
    sc, tc = COUNTRIES[h.src], COUNTRIES[h.tgt]
    secondary = []
    if h.earlier is not None:
        paras.insert(
            2,
            f"The two sides last held talks in {MONTHS[h.earlier.month - 1]} "
            f"{h.earlier.year}, when a {sc[2]} delegation visited {tc[3]}.",
        )
        secondary.append(
            _gold(h, "visit", h.earlier.strftime("%Y-%m"), tc[3], tc[0], [], main=False)
        )
    title = TITLES[h.kind].format(a=sc[1], b=tc[1], ad=sc[2], bd=tc[2], bc=tc[3])
    title = title[0].upper() + title[1:]
    outlet_code = ("NBW", "SWS", "PPW")[number % 3]
    if style == "wire":
        dateline = (
            COUNTRIES[h.third][3]
            if h.third is not None
            else sc[3]
            if h.kind in ("summon", "expel", "sanction", "phone", "aid")
            else tc[3]
        ).upper()
        paras[0] = (
            f"{dateline}, {MON3[published.month - 1]} {published.day} ({outlet_code}) -- "
            + paras[0]
        )
        paras.append(f"(Reporting by {w.name()}; Editing by {w.name()})")
        outlet = "Northbridge Wire"
    elif style == "ministry":
        paras[0] = f" date {published.isoformat()} " + paras[0]
        paras.append(f"Press Service of the Ministry of Foreign Affairs of {sc[1]}")
        outlet = f"Ministry of Foreign Affairs of {sc[1]}"
    else:
        paras[:0] = [
            f"{sc[2]} and {tc[2]} officials in {tc[3]}, {_long_date(h.date)}.",
            f"Photo: {outlet_code} / press service",
            f"By {w.name()}",
        ]
        paras.insert(5, "Advertisement")
        paras.insert(-1, f"Read also: {tc[3]} prepares for busy autumn of diplomacy")
        paras.append(f"Tags: {sc[1]}, {tc[1]}, diplomacy, {h.topics[0] if h.topics else 'trade'}")
        outlet = f"{tc[3]} Daily Herald"
    doc_id = f"syn-{number:08d}"
    city = (
        None
        if h.kind == "phone"
        else COUNTRIES[h.third][3]
        if h.third is not None
        else sc[3]
        if h.kind in ("summon", "expel", "sanction")
        else tc[3]
    )
    country = (
        None
        if city is None
        else COUNTRIES[h.third][0]
        if h.third is not None
        else sc[0]
        if h.kind in ("summon", "expel", "sanction")
        else tc[0]
    )
    main = _gold(h, h.kind, h.date.isoformat(), city, country, actors, main=True)
    main["topics"] = sorted(topics)
    if h.kind in QUANTITY:
        quantities.insert(0, QUANTITY[h.kind].format(n=h.figure, bd=tc[2]))
    main["quantities"] = [{"text": q, "what": "figure in the report"} for q in quantities]
    doc = {
        "id": doc_id,
        "url": f"https://{outlet_code.lower()}.example.com/{published.isoformat()}/{doc_id}",
        "outlet": outlet,
        "published": published.isoformat(),
        "title": title,
        "text": "\n\n".join(paras),
    }
    gold = {"id": doc_id, "events": [main, *secondary], "cluster": h.key if h.reports > 1 else None}
    return doc, gold


def _gold(
    h: Happening,
    kind: str,
    date: str,
    city: str | None,
    country: str | None,
    actors: list[dict],
    *,
    main: bool,
) -> dict:
    """A gold event line; secondary and main events share the pair of the happening."""
    plover, mode, cameo, _ = KINDS[kind]
    return {
        "date": date,
        "location": {"city": city, "country": country},
        "plover": plover,
        "mode": mode,
        "cameo": cameo,
        "actors": actors,
        "source_country": COUNTRIES[h.src][0],
        "target_country": COUNTRIES[h.tgt][0],
        "topics": [],
        "quantities": [],
        "is_main": main,
    }


def negative(rng: random.Random, number: int) -> tuple[dict, dict]:
    """Write one negative document (sport, weather or markets) with distractor words.

    Args:
        rng: the generator's random source.
        number: the document number (makes the id).

    Returns:
        The document and its gold line (no events).
    """
    kind = rng.choice(sorted(NEGATIVE))
    title, body = NEGATIVE[kind]
    cap, cap2 = (c[3] for c in rng.sample(COUNTRIES, 2))
    day = START + dt.timedelta(days=rng.randrange((END - START).days))
    fill = {
        "cap": cap,
        "cap2": cap2,
        "day": WEEKDAYS[day.weekday()],
        "n": rng.randint(60, 120),
        "m": rng.randint(100, 400),
        "p": rng.randint(1, 3),
    }
    extra = " ".join(
        f"Separately, officials in {c[3]} said the figures for {MONTHS[rng.randrange(12)]} "
        f"would be published next week."
        for c in rng.sample(COUNTRIES, 6)
    )
    doc_id = f"syn-{number:08d}"
    doc = {
        "id": doc_id,
        "url": f"https://news.example.com/{kind}/{day.isoformat()}/{doc_id}",
        "outlet": "Regional Post",
        "published": (day + dt.timedelta(days=1)).isoformat(),
        "title": title.format(**fill),
        "text": body.format(**fill) + "\n\n" + extra,
    }
    return doc, {"id": doc_id, "events": [], "cluster": None}


def happenings(rng: random.Random) -> Iterator[Happening]:
    """An endless stream of happenings; one in ten is followed by a look-alike confounder.

    Two happenings between one pair of countries are never within :data:`APART` days of each
    other: a signing and a pledge by the same two office holders on the same day are, for any
    reader, one visit, so the gold must not call them two events.
    """
    kinds = list(KINDS)
    weights = [KINDS[k][3] for k in kinds]
    taken: set[tuple[int, int, int]] = set()  # (pair, day ordinal) in use

    def free(src: int, tgt: int, day: dt.date) -> bool:
        a, b, o = min(src, tgt), max(src, tgt), day.toordinal()
        return all((a, b, o + d) not in taken for d in range(-APART, APART + 1))

    def take(src: int, tgt: int, day: dt.date) -> None:
        taken.add((min(src, tgt), max(src, tgt), day.toordinal()))

    n = 0
    while True:
        kind = rng.choices(kinds, weights)[0]
        src, tgt = rng.sample(range(len(COUNTRIES)), 2)
        third = None
        if kind == "third":
            third = rng.choice([i for i in range(len(COUNTRIES)) if i not in (src, tgt)])
        day = START + dt.timedelta(days=rng.randrange((END - START).days - 90))
        if not free(src, tgt, day):
            continue
        take(src, tgt, day)
        topics = tuple(rng.sample(sorted(TOPICS), 2))
        earlier = None
        if kind in ("visit", "third") and rng.random() < 0.3:
            earlier = day - dt.timedelta(days=rng.randint(120, 700))
        reports = rng.choices((1, 2, 3, 4), (40, 30, 20, 10))[0]
        n += 1
        h = Happening(
            f"H{n:07d}",
            kind,
            src,
            tgt,
            day,
            third,
            topics,
            rng.randint(2, 60),
            earlier,
            reports,
            leaders=n % 2 == 0,
        )
        yield h
        if rng.random() < 0.1:
            later = day + dt.timedelta(days=rng.randint(14, 60))
            if not free(src, tgt, later):
                continue
            take(src, tgt, later)
            n += 1
            yield Happening(
                f"H{n:07d}",
                kind,
                src,
                tgt,
                later,
                third,
                topics[::-1],
                rng.randint(2, 60),
                None,
                rng.choices((1, 2), (60, 40))[0],
                leaders=n % 2 == 0,
            )


def generate(docs: int, seed: int = 0, negatives: float = 0.1) -> Iterator[tuple[dict, dict]]:
    """Yield ``docs`` documents with their gold lines, deterministically for a seed.

    Reports of one happening are shuffled within windows of about 500 documents, as in a news
    stream where reports of an event arrive within days of each other.

    Args:
        docs: how many documents.
        seed: the random seed.
        negatives: the share of negative documents.

    Returns:
        An iterator of ``(document, gold)`` pairs.
    """
    rng = random.Random(seed)
    world = World(rng)
    stream = happenings(rng)
    made = 0
    window: list[tuple[dict, dict]] = []
    while made < docs:
        if rng.random() < negatives:
            window.append(negative(rng, made))
            made += 1
        else:
            h = next(stream)
            styles = rng.sample(("wire", "ministry", "regional", "wire"), h.reports)
            for style in styles[: docs - made]:
                window.append(render(h, world, rng, made, style))
                made += 1
        if len(window) >= 500 or made >= docs:
            rng.shuffle(window)
            yield from window
            window = []


def write_corpus(out: Path, docs: int, seed: int = 0, shard_size: int = 5000) -> list[Path]:
    """Write a generated corpus as JSONL shards plus ``gold.jsonl``.

    Args:
        out: the folder to write (created if missing).
        docs: how many documents.
        seed: the random seed.
        shard_size: documents per shard.

    Returns:
        The shard paths (``gold.jsonl`` sits beside them, outside the shard list).
    """
    out.mkdir(parents=True, exist_ok=True)
    shards: list[Path] = []
    handle = None
    with (out / "gold.jsonl").open("w", encoding="utf-8") as gold_file:
        for i, (doc, gold) in enumerate(generate(docs, seed)):
            if i % shard_size == 0:
                if handle is not None:
                    handle.close()
                shards.append(out / "docs" / f"shard-{len(shards):05d}.jsonl")
                shards[-1].parent.mkdir(exist_ok=True)
                handle = shards[-1].open("w", encoding="utf-8")
            assert handle is not None
            handle.write(json.dumps(doc, ensure_ascii=False) + "\n")
            gold_file.write(json.dumps(gold, ensure_ascii=False) + "\n")
    if handle is not None:
        handle.close()
    return shards


def main() -> None:
    """Command line: ``python bench/corpus.py --docs N --out DIR [--seed S]``."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000, help="number of documents")
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    ap.add_argument("--seed", type=int, default=0, help="random seed")
    ap.add_argument("--shard-size", type=int, default=5000, help="documents per JSONL shard")
    args = ap.parse_args()
    shards = write_corpus(args.out, args.docs, args.seed, args.shard_size)
    print(f"wrote {args.docs} documents in {len(shards)} shards and gold.jsonl to {args.out}")


if __name__ == "__main__":
    main()
