"""Actors: countries, capitals standing for governments, organisations, officials and groups.

:func:`find_actors` reads the gazetteer segments of :meth:`Knowledge.tag` (one dict lookup per
token) and assembles the patterns news uses for officials:

- ``QUALIFIER ROLE NAME`` — "Kazakhstan's Minister of Foreign Affairs Yermek Kosherbayev",
  "Russian Foreign Minister Sergey Lavrov", "his Chinese counterpart Foreign Minister Wang Yi",
  "Foreign Minister KAMIKAWA Yoko", "President Dr Mohamed Muizzu";
- ``[the] ROLE of COUNTRY, NAME`` — "the Prime Minister of India, Narendra Modi";
- ``NAME, ROLE [of COUNTRY] [and the ROLE of COUNTRY]`` — "Wang Yi, Member of the Politburo
  ... and the Foreign Minister of the People's Republic of China";
- ``QUALIFIER NAME`` for known people — "Kazakhstan's Yermek Kosherbayev";
- later mentions by surname ("Kosherbayev", "Scholz said") or by role ("the chancellor"),
  resolved to the same person (same value, role and country) within the document.

Countries come from the role/name pattern, else from the dated officeholders table (via the
:class:`RoleBook`), else (for an official with a role) from the side the introducing sentence
speaks for ("led on the U.S. side by Rubio and Commerce Secretary X"), else they stay unknown:
a dateline says where the reporter is, not whom an official serves. National bodies named
without a country ("the federal government") take the story's country: dateline, outlet, the
sentence's side, or the country headline and lead both open on. An organisation's head noun
("the Council") stands for the body the text named in full before it, or that the outlet names.
Every "Country's ROLE NAME" / "NAME, ROLE of COUNTRY" pattern also yields a
:class:`~parley.models.RoleAssertion` dated ``published`` (``since`` from "appointed in
September").

Capitals stand for governments in subject or possessive position ("Beijing expressed its
readiness", "Beijing's finance ministry"), not after a preposition or a verb of motion ("in
Beijing", "visited Moscow") nor in a dateline; those are places (:mod:`parley.annotate.places`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter

from parley.annotate.mentions import new_mention
from parley.annotate.roles import RoleBook, fold_name
from parley.knowledge import Knowledge, Organisation, Segment, Tagged
from parley.models import Mention, RoleAssertion, Sentence

__all__ = ["find_actors", "home_country", "is_place_context"]

_BY_OFFSETS = attrgetter("start", "end")  # sort key of mentions (C-level, unlike a lambda)

# Context words (English function words, not world knowledge).
LOCATIVE = frozenset(
    [
        "in",
        "at",
        "to",
        "from",
        "into",
        "inside",
        "near",
        "outside",
        "across",
        "throughout",
        "toward",
        "towards",
        "via",
        "visit",
        "visits",
        "visited",
        "visiting",
        "arrive",
        "arrives",
        "arrived",
        "arriving",
        "reach",
        "reached",
        "tour",
        "toured",
        "touring",
        "travel",
        "travelled",
        "traveled",
        "flew",
        "fly",
        "landed",
        "left",
        "leave",
        "returned",
        "return",
        "hosted",
        "host",
        "capital",
        "city",
        "based",
    ]
)
ACTOR_BEFORE = frozenset(
    ["with", "between", "against", "urged", "told", "accused", "asked", "warned", "isolate"]
)
ADVERBS = frozenset(
    [
        "also",
        "later",
        "earlier",
        "now",
        "then",
        "already",
        "again",
        "still",
        "further",
        "reportedly",
        "officially",
        "itself",
        "has",
        "have",
        "had",
        "has",
        "not",
        "quickly",
        "swiftly",
        "publicly",
        "immediately",
        "too",
        "on",
    ]
)
AUX = frozenset(
    [
        "is",
        "was",
        "are",
        "were",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "must",
        "should",
        "shall",
        "does",
        "did",
        "do",
        "says",
        "said",
        "tells",
        "told",
        "wants",
        "hopes",
        "believes",
    ]
)
IRREGULAR_PAST = frozenset(
    [
        "withdrew",
        "said",
        "told",
        "took",
        "made",
        "gave",
        "sent",
        "won",
        "began",
        "became",
        "saw",
        "held",
        "met",
        "left",
        "came",
        "went",
        "brought",
        "sought",
        "struck",
        "wrote",
        "spoke",
        "chose",
        "drew",
        "led",
        "kept",
        "put",
        "set",
        "cut",
        "let",
        "knew",
        "grew",
        "stood",
        "hit",
        "broke",
        "froze",
        "shut",
        "paid",
        "sold",
        "bought",
        "fought",
        "got",
        "meant",
        "found",
        "thought",
        "felt",
        "ran",
        "rose",
        "fell",
        "threw",
        "bound",
        "lent",
        "spent",
    ]
)
HONORIFICS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "madam",
        "sheikh",
        "sheikha",
        "prince",
        "princess",
        "his",
        "her",
        "excellency",
        "sir",
        "lord",
        "dame",
        "senior",
        "general",
        "h",
        "e",
        "hrh",
        "shri",
        "smt",
        "shrimati",
        "u",
        "daw",
        "datuk",
        "dato",
        "seri",
        "tun",
        "tan",
        "sri",
        "hon",
        "honourable",
        "honorable",
    ]
)
# Honorifics that introduce a person even without a role ("Shri Abhay Thakur", "U Soe Thein",
# "Mr Albanese"), written as they open a name; "H" is "H.E.", checked with its dots.
NAME_ANCHORS = frozenset(
    {
        *("Mr", "Mrs", "Ms", "Dr", "Shri", "Smt", "Shrimati", "U", "Daw", "Sheikh", "Sheikha"),
        *("Datuk", "Dato", "Tun", "Tan", "Sir", "Dame", "H", "Excellency"),
    }
)
# Honorifics that are only honorifics before a given word: "Tan Sri", "Datuk Seri", and Burmese
# "U" (not the "U" of "U.S." or "U.N.").
_HONORIFIC_BEFORE = {"tan": frozenset({"sri"}), "sri": frozenset(), "seri": frozenset()}
# Capitalised common nouns that follow a role but are not a surname ("Minister Region").
GENERIC_NOUNS = frozenset(
    {
        *("Region", "Province", "State", "District", "County", "City", "Municipality"),
        *("Territory", "Oblast", "Prefecture", "Department", "Division", "Council", "Committee"),
        *("Commission", "Assembly", "Administration", "Authority", "Agency", "Bureau", "Board"),
        *("Office", "Ministry", "Cabinet", "Court", "Union", "Zone", "Area", "Delegation"),
        *("Mission", "Group", "Team", "Forum", "Conference", "Session", "Meeting", "Designate"),
        *("Emeritus", "Elect", "Level", "Talks", "Visit", "Statement", "Affairs", "Relations"),
        *("Cooperation", "Development", "Defence", "Defense", "Security", "Trade", "Finance"),
        *("Energy", "Health", "Justice", "Interior", "Economy", "Industry", "Agriculture"),
        *("Education", "Culture", "Tourism", "Transport", "Labour", "Labor", "Commerce"),
        *("Information", "Communications", "Investment", "Planning", "Environment", "Water"),
        *("Said", "Says", "Also", "Today", "Yesterday", "Tomorrow", "Tonight", "Who", "Which"),
    }
)
PARTICLES = frozenset(
    [
        "bin",
        "bint",
        "ibn",
        "al",
        "el",
        "de",
        "da",
        "do",
        "dos",
        "das",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "du",
        "di",
        "ben",
    ]
)
NOT_NAME = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "And",
        "Of",
        "For",
        "With",
        "To",
        "By",
        "From",
        "As",
        "But",
        "Or",
        "If",
        "After",
        "Before",
        "During",
        "Since",
        "Earlier",
        "Later",
        "Today",
        "Tomorrow",
        "Yesterday",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "You",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "His",
        "Her",
        "Their",
        "Its",
        "Our",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Read",
        "Share",
        "Tags",
        "Advertisement",
        "Source",
        "Photo",
        "Minister",
        "President",
        "Government",
        "State",
        "Republic",
        "Office",
        "Ministry",
        "Council",
        "Committee",
        "Party",
        "Prime",
        "Foreign",
        "Affairs",
        "Secretary",
        "Federal",
        "National",
        "Democratic",
        "People",
        "Summit",
        "Palace",
        "House",
        "Hall",
        "Centre",
        "Center",
        "Agreement",
        "Partnership",
    ]
)
# Offices whose holder a bare "Kazakhstan's foreign minister" designates.
NAMELESS_HEADS = frozenset(
    [
        "president",
        "prime_minister",
        "chancellor",
        "monarch",
        "crown_prince",
        "supreme_leader",
        "minister",
        "ambassador",
        "spokesperson",
        "secretary_general",
        "deputy",
    ]
)
FACILITIES = frozenset(
    [
        "International",
        "Airport",
        "Airbase",
        "University",
        "College",
        "School",
        "Hospital",
        "Hall",
        "Palace",
        "Street",
        "Road",
        "Avenue",
        "Square",
        "Bridge",
        "Mosque",
        "Cathedral",
        "Church",
        "Stadium",
        "Arena",
        "Hotel",
        "Centre",
        "Center",
        "Museum",
        "Park",
        "Port",
        "Station",
        "Foundation",
        "Institute",
        "Prize",
        "Award",
        "Cup",
        "Trophy",
        "Forum",
        "Bank",
        "Group",
    ]
)
SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})
# Words before a demonym that belong to the name of a national body ("Royal Thai Army").
STATE_PREFIXES = frozenset({"Royal", "Imperial", "National", "Federal"})
GROUP_RE = re.compile(
    r"\b(?:[Ss]upporters|[Ff]ollowers|[Pp]rotesters|[Pp]rotestors|[Dd]emonstrators|"
    r"[Aa]ctivists|[Rr]ioters)\b"
)
# Substrings every GROUP_RE / SINCE_RE match contains: a few C-level ``in`` tests skip the
# whole-text regex scans (~50 µs per document) when none occurs.
_GROUP_STEMS: tuple[str, ...] = ("upporters", "ollowers", "rotesters", "rotestors")
_GROUP_STEMS += ("emonstrators", "ctivists", "ioters")
_SINCE_STEMS = ("appointed", "named", "took office", "sworn in", "elected", "became", "assumed")
SINCE_RE = re.compile(
    r"\b(?:appointed|named|took office|sworn in|elected|became|assumed (?:the )?office)\b"
    r"[^.;]{0,60}?\bin (January|February|March|April|May|June|July|August|September|"
    r"October|November|December)(?:,? (\d{4}))?\b"
)
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
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
        ]
    )
}
ACTOR_KINDS = ("country", "adj")
_ISO3 = re.compile(r"[A-Z]{3}\Z")
# compiled once: an inline re.sub() pays a cache lookup per call
_COMMA_SPACING = re.compile(r"\s*,\s*")
_INITIAL_DOT = re.compile(r"(?<=\b[A-Z])\s+\.")
_TOKEN = re.compile(r"\w+|[^\w\s]")
# Plural nouns for officials acting together; with a regional adjective ("European") a group.
GROUP_NOUNS = frozenset(
    {"leaders", "officials", "diplomats", "ministers", "lawmakers", "envoys", "negotiators"}
)
_REGIONAL_ENDINGS = ("an", "ern", "ic", "ese", "ish")
# Offices named by a portfolio word: "Interior Minister", "Secretary of Economy".
_PORTFOLIO_ROLES = frozenset({"minister", "secretary"})
# "NAME would return to Berlin", "was recalled to Berlin", "flew back to Berlin", "went home to"
_RETURN_WORDS = frozenset(
    {"return", "returns", "returned", "returning", "recalled", "back", "home", "summoned"}
)
NON_STATES = frozenset({"EUU", "UNO", "IGO"})
# Words after which the actors before them are the other side ("X met Foreign Secretary Y").
SIDE_BREAKS = frozenset(
    {
        *("with", "met", "meet", "meets", "meeting", "between", "against", "told", "tells"),
        *("hosted", "hosts", "received", "receives", "visited", "visits", "welcomed", "to"),
        *("counterpart", "counterparts", "urged", "asked", "summoned", "accused", "called"),
        *("versus", "vs", "thanked", "congratulated", "invited", "by", "from"),
    }
)
_NOT_PLACE_LIKE = frozenset({"region", "person", "role"})
_NOT_CITY = ("country", "adj", "org", "person", "role", "region", "metonym")


@dataclass(slots=True)
class _Person:
    """What the document says about one person, gathered before mentions are emitted."""

    value: str
    roles: list[tuple[int, int, str, str]] = field(default_factory=list)  # rank, pos, text, key
    country: str | None = None
    explicit_country: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)
    first: int = 0
    post: str | None = None  # an envoy's post ("ambassador to Iran"): never their own country


def find_actors(
    text: str,
    sentences: Sequence[Sentence],
    kb: Knowledge,
    *,
    published: dt.date | None = None,
    roles: RoleBook | None = None,
    doc_id: str = "",
    outlet: str | None = None,
    dateline: str | None = None,
    title: str | None = None,
) -> tuple[list[Mention], list[RoleAssertion]]:
    """Find actor mentions (people, countries, capitals, organisations, groups) and role facts.

    Args:
        text: cleaned document text.
        sentences: sentence spans of ``text`` (``Mention.sentence`` indexes them).
        kb: the knowledge base.
        published: publication date: the day roles are resolved on, and ``as_of`` of the
            role assertions.
        roles: dated roles (``None``: the knowledge base's officeholders table only).
        doc_id: id of the document, copied into the role assertions.
        outlet: the outlet's name; a country or city in it ("New Delhi Dispatch") is the
            fallback country of officials named without one.
        dateline: the dateline city when cleaning removed it from ``text``
            (``CleanDocument.dateline``); preferred over the outlet.
        title: the headline; with the lead sentence it tells which country the story is
            about (the country of "the government" when no dateline or outlet says).

    Returns:
        ``(mentions, assertions)``: actor mentions sorted by offset (``text[m.start:m.end] ==
        m.text``), and the role assertions the text makes.

    Example::

        >>> ms, ras = find_actors("Russian Foreign Minister Sergey Lavrov said.", [], kb)
        >>> (ms[0].value, ms[0].role, ms[0].country)
        ('Sergey Lavrov', 'Foreign Minister', 'RUS')
    """
    book = roles if roles is not None else RoleBook.from_knowledge(kb)
    finder = _Finder(text, sentences, kb, book, published, doc_id, outlet)
    finder.title = title
    finder.dateline = dateline
    if dateline:
        tagged, country = _dateline_city(kb, dateline)
        finder._home = country if tagged else False
    return finder.run()


def home_country(text: str, kb: Knowledge, outlet: str | None = None) -> str | None:
    """The country a document reports from: its dateline city, else its outlet's name.

    Args:
        text: cleaned document text.
        kb: the knowledge base.
        outlet: the outlet's name, if known.

    Returns:
        An ISO3 code, or ``None``.
    """
    tagged = kb.tag(text)
    for seg in tagged.segments[:3]:
        if seg.start > 80:
            break
        if _is_dateline(tagged, seg):
            return _segment_country(kb, seg)
    return _outlet_country(kb, outlet) if outlet else None


# Datelines and outlets recur across documents: their countries are cached instead of tagging
# them again for every document (the text's own tagging pushes them out of the tag cache).
@functools.lru_cache(maxsize=1024)
def _outlet_country(kb: Knowledge, outlet: str) -> str | None:
    """The first country the outlet's name gives ("New Delhi Dispatch" -> IND), if any."""
    for seg in kb.tag(outlet).segments:
        country = _segment_country(kb, seg)
        if country:
            return country
    return None


@functools.lru_cache(maxsize=1024)
def _dateline_city(kb: Knowledge, dateline: str) -> tuple[bool, str | None]:
    """Whether the dateline names a known place, and the country of the first one."""
    segments = kb.tag(dateline).segments
    return (True, _segment_country(kb, segments[0])) if segments else (False, None)


def is_place_context(tagged: Tagged, seg: Segment) -> bool:
    """Whether a place-like segment is used as a place (after in/to/visited, or a dateline).

    Args:
        tagged: the tagged text.
        seg: a segment of it.

    Returns:
        True for "in Beijing", "visited Moscow", "BAGHDAD, July 20 --".
    """
    if _is_dateline(tagged, seg):
        return True
    k = seg.i - 1
    if k >= 0 and tagged.tokens[k].lower() == "the":
        k -= 1
    return k >= 0 and tagged.tokens[k].lower() in LOCATIVE


def _is_dateline(tagged: Tagged, seg: Segment) -> bool:
    """A city at the start of the text or of a line, followed by ',', '/', '--' or '.'."""
    if not seg.has("capital", "city"):
        return False
    text = tagged.text
    line_start = text.rfind("\n", 0, seg.start) + 1
    if text[line_start : seg.start].strip(" /"):
        return False
    nxt = tagged.tokens[seg.j] if seg.j < len(tagged.tokens) else ""
    return nxt in {",", "/", "-", "."}


def _segment_country(kb: Knowledge, seg: Segment) -> str | None:
    """Country a country/adjective/capital/city/org segment points to."""
    for entry in seg.entries:
        if entry.kind in ("country", "adj", "capital"):
            return entry.key
        if entry.kind == "city":
            city = kb.city(entry.key)
            return city.country if city else None
        if entry.kind == "metonym":
            country = kb.metonyms[entry.key].country
            return country if country != "*" else None
        if entry.kind == "org":
            code = kb.organisations[entry.key].code
            return code if code != "*" else None
    return None


def context_country(kb: Knowledge, tagged: Tagged, seg: Segment, home: str | None) -> str | None:
    """Country of a building several countries have ("the Chancellery", "the Presidential
    Palace"): a demonym or possessive right before it, or "in CITY" right after it, else the
    dateline's country.

    Args:
        kb: the knowledge base.
        tagged: the tagged text.
        seg: the building's segment.
        home: the document's dateline country (``None``: unknown).

    Returns:
        An ISO3 code ("the Polish Chancellery", "Poland's Chancellery", "the Chancellery in
        Warsaw" -> POL), else ``home``.
    """
    if seg.j + 1 < len(tagged.tokens) and tagged.tokens[seg.j] == "in":
        at_city = tagged.seg_at.get(seg.j + 1)
        after = tagged.segments[at_city] if at_city is not None else None
        if after is not None and after.has("capital", "city", "country"):
            country = _segment_country(kb, after)
            if country and _ISO3.match(country) and country not in NON_STATES:
                return country
    k = seg.i
    at = tagged.seg_end.get(k)
    if at is None and k >= 2 and tagged.tokens[k - 1] == "s" and tagged.tokens[k - 2] == "'":
        at = tagged.seg_end.get(k - 2)  # "Poland's Chancellery"
    if at is not None:
        before = tagged.segments[at]
        if before.has("country", "adj", "capital") and not before.has("region", "person"):
            country = _segment_country(kb, before)
            if country and _ISO3.match(country) and country not in NON_STATES:
                return country
    return home


def dateline_country(text: str, kb: Knowledge, dateline: str | None = None) -> str | None:
    """The country of a document's dateline (the one cleaning removed, else one in ``text``).

    Args:
        text: cleaned document text.
        kb: the knowledge base.
        dateline: the dateline city cleaning removed from ``text``, if any.

    Returns:
        An ISO3 code, or ``None`` (no dateline; the outlet is not used).
    """
    if dateline:
        return _dateline_city(kb, dateline)[1]
    tagged = kb.tag(text)
    for seg in tagged.segments[:3]:
        if seg.start > 80:
            break
        if _is_dateline(tagged, seg):
            return _segment_country(kb, seg)
    return None


class _Finder:
    """One document's pass: state lives here, never in module globals."""

    def __init__(
        self,
        text: str,
        sentences: Sequence[Sentence],
        kb: Knowledge,
        book: RoleBook,
        published: dt.date | None,
        doc_id: str,
        outlet: str | None,
    ) -> None:
        self.text = text
        self.kb = kb
        self.book = book
        self.published = published
        self.doc_id = doc_id
        self.tg = kb.tag(text)
        self.toks = self.tg.tokens
        self.n = len(self.toks)
        self.sent_starts = [s.start for s in sentences]
        self.sent_ends = [s.end for s in sentences]
        self.outlet = outlet
        self.title: str | None = None
        self._home: str | bool | None = False
        self._dateline: str | bool | None = False
        self.dateline: str | None = None
        self._about: str | bool | None = False
        self.mentions: list[Mention] = []
        self.people: dict[str, _Person] = {}
        self.used: set[int] = set()  # token indexes already inside an emitted mention
        self.anaphors: list[tuple[int, int, str]] = []  # token i, j, role key
        self.nameless: dict[str, str] = {}  # role key -> country of "Iran's ambassador"
        self.assert_spans: list[tuple[str, str, str | None, int, int, str]] = []

    # -- small helpers ----------------------------------------------------------------

    def tok(self, i: int) -> str:
        return self.toks[i] if 0 <= i < self.n else ""

    def low(self, i: int) -> str:
        return self.tok(i).lower()

    def seg(self, i: int) -> Segment | None:
        k = self.tg.seg_at.get(i)
        return self.tg.segments[k] if k is not None else None

    def seg_ending(self, j: int) -> Segment | None:
        """The segment whose last token is ``j - 1`` (segments never overlap)."""
        k = self.tg.seg_end.get(j)
        return self.tg.segments[k] if k is not None else None

    def sentence(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def span_text(self, i: int, j: int) -> tuple[int, int, str]:
        start, end = self.tg.starts[i], self.tg.ends[j - 1]
        return start, end, self.text[start:end]

    def home(self) -> str | None:
        if self._home is False:
            self._home = home_country(self.text, self.kb, self.outlet)
        return self._home if isinstance(self._home, str) else None

    def dateline_home(self) -> str | None:
        """The dateline's country only (not the outlet's): what a shared building needs."""
        if self._dateline is False:
            self._dateline = dateline_country(self.text, self.kb, self.dateline)
        return self._dateline if isinstance(self._dateline, str) else None

    def about(self) -> str | None:
        """The country the story is about: the headline's first country, when the lead
        sentence opens on the same one (two signals agreeing; else unknown)."""
        if self._about is False:
            self._about = None
            if self.title and self.sent_starts:
                first = self.title_country(self.title)
                lead_end = self.sent_ends[0] if self.sent_ends else len(self.text)
                lead = [g for g in self.tg.segments if g.end <= lead_end]
                if first is not None and first == self.first_country(lead):
                    self._about = first
        return self._about if isinstance(self._about, str) else None

    def title_country(self, title: str) -> str | None:
        """Country of the headline's first actor; headlines name people by surname."""
        tagged = self.kb.tag(title)
        for k, tok in enumerate(tagged.tokens):
            at = tagged.seg_at.get(k)
            if at is not None:
                found = self.first_country(tagged.segments[at : at + 1])
            elif len(self.kb.short_names.get(tok, ())) == 1:
                facts = self.book.roles_of(self.kb.short_names[tok][0], self.published)
                found = facts[0].country if facts else None
            else:
                continue
            if found:
                return found
        return None

    def first_country(self, segments: Sequence[Segment]) -> str | None:
        """ISO3 country of the first segment naming one (a known person gives theirs)."""
        for g in segments:
            if g.has("region"):
                continue
            entry = g.first("person")
            if entry is not None:
                facts = self.book.roles_of(entry.key, self.published)
                country = facts[0].country if facts else None
            else:
                country = _segment_country(self.kb, g)
            if country and _ISO3.match(country) and country not in NON_STATES:
                return country
        return None

    def side_country(self, i: int, known: dict[int, str | None]) -> str | None:
        """The side an actor at token ``i`` acts for: the nearest country-bearing actor before
        it in its sentence (a country, a capital or a person of known country), unless a word
        that changes sides ("met", "with", "told") comes first. A list of officials ("A, B and
        C") shares a side; an actor right before "and" ("X and Y") may be the other side of a
        pair, so it gives none."""
        if i <= 0 or i >= self.n:
            return None
        sent_start = self.sent_starts[self.sentence(self.tg.starts[i])] if self.sent_starts else 0
        lo = bisect.bisect_left(self.tg.starts, sent_start)
        k = i
        while k > lo:
            if self.low(k - 1) in SIDE_BREAKS:
                return None
            after = k  # the token after the candidate actor
            country: str | None = None
            if k in known:
                country = known[k]
                k -= 1
            else:
                seg = self.seg_ending(k)
                if seg is None:
                    k -= 1
                    continue
                if (
                    seg.has("country", "adj", "capital", "metonym")
                    and not seg.has("region")
                    and seg.i in self.used  # an actor, not a place ("out of Tehran")
                ):
                    country = _segment_country(self.kb, seg)
                k = seg.i
            if country and _ISO3.match(country) and country not in NON_STATES:
                return None if self.low(after) == "and" and after < i else country
        return None

    def known_countries(self) -> dict[int, str | None]:
        """Token after each named person -> the country the text or the tables give them."""
        out: dict[int, str | None] = {}
        for person in self.people.values():
            country = person.country
            if country is None:
                facts = self.book.roles_of(person.value, self.published)
                country = facts[0].country if facts else None
            for _, j in person.spans:
                out[j] = country
        return out

    def adjacent(self, i: int) -> bool:
        """Token ``i`` touches token ``i - 1`` (no space): hyphenated and O'Brien names."""
        return 0 < i < self.n and self.tg.starts[i] == self.tg.ends[i - 1]

    def possessive_after(self, j: int) -> int | None:
        """Index after a possessive "'s" (or bare "'" after s) at ``j``, if there is one."""
        if self.tok(j) == "'" and self.adjacent(j):
            if self.tok(j + 1) == "s" and self.adjacent(j + 1):
                return j + 2
            if self.tok(j - 1).endswith("s"):
                return j + 1
        return None

    def emit(
        self,
        i: int,
        j: int,
        *,
        value: str | None,
        country: str | None,
        actor_type: str,
        role: str | None = None,
        sector: str | None = None,
    ) -> None:
        start, end, span = self.span_text(i, j)
        self.mentions.append(
            new_mention(
                kind="actor",
                start=start,
                end=end,
                text=span,
                sentence=self.sentence(start),
                value=value,
                country=country,
                role=role,
                sector=sector,
                actor_type=actor_type,
            )
        )
        self.used.update(range(i, j))

    # -- qualifiers ---------------------------------------------------------------------

    def qualifier_before(self, i: int) -> tuple[str | None, int, int | None]:
        """Country qualifying a role/org/name starting at token ``i``.

        Returns ``(country, qualifier start token, possessive segment start or None)``.
        """
        k = i
        if self.tok(k - 1) == "," and self.low(k - 2) in {"counterpart", "counterparts"}:
            k -= 1
        if self.low(k - 1) in {"counterpart", "counterparts"}:
            k -= 1
        if self.tok(k - 1) in STATE_PREFIXES and self.seg_ending(k - 1) is not None:
            k -= 1  # "the German Federal Minister of Defence"
        seg = self.seg_ending(k)
        if seg is not None and seg.has("adj", "country") and not seg.has("region"):
            return _segment_country(self.kb, seg), seg.i, None
        if seg is not None and seg.has("org"):
            org = self.kb.organisations[seg.first("org").key]  # type: ignore[union-attr]
            if org.code != "*":
                return org.code, seg.i, None
            country, start, poss = self.qualifier_before(seg.i)
            return country, start if country else seg.i, poss
        # possessive: "Kazakhstan's", "Beijing's", "Iran's"
        if self.tok(k - 1) == "s" and self.tok(k - 2) == "'":
            seg = self.seg_ending(k - 2)
            if seg is not None:
                country = _segment_country(self.kb, seg)
                if country and not seg.has("region", "person"):
                    return country, seg.i, seg.i
        return None, i, None

    def country_after(self, j: int) -> tuple[str | None, int]:
        """Country of "of [the] COUNTRY" / "of the Russian embassy" after token ``j``."""
        if self.low(j) != "of":
            return None, j
        k = j + 1
        seg = self.seg(k)
        if seg is None and self.low(k) == "the":
            seg = self.seg(k + 1)
        if (
            seg is None
            or seg.has("region", "person", "role")
            or not seg.has("country", "adj", "org")
        ):
            return None, j
        country = _segment_country(self.kb, seg)
        if country is None:
            return None, j
        end = seg.j
        nxt = self.seg(end)
        if seg.has("adj") and nxt is not None and nxt.has("org"):
            end = nxt.j  # "of the Russian embassy"
        elif seg.has("adj"):
            return None, j
        return country, end

    def city_after(self, j: int) -> tuple[str | None, int]:
        """Country of "of [the] CITY [Region]" after a role (a mayor's, a governor's city)."""
        if self.low(j) != "of":
            return None, j
        k = j + 1 + (self.low(j + 1) == "the")
        seg = self.seg(k)
        if seg is None or not seg.has("capital", "city") or seg.has(*_NOT_CITY):
            return None, j
        country = _segment_country(self.kb, seg)
        k = seg.j
        while self.tok(k)[:1].isupper() and self.seg(k) is None and self.tok(k) not in NOT_NAME:
            k += 1  # "Yangon Region", "Tokyo Metropolis"
        return (country, k) if country else (None, j)

    # -- names --------------------------------------------------------------------------

    def read_name(self, j: int, *, min_tokens: int = 1) -> tuple[int, int] | None:
        """A person-name chunk starting at ``j`` (after honorifics): ``(start, end)`` tokens."""
        seg = self.seg(j)
        if seg is not None and seg.has("person"):
            return j, self._suffix(seg.j)
        k = j
        while self.is_honorific(k) or (self.tok(k) == "." and k > j):
            k += 1
        seg = self.seg(k)
        if seg is not None and seg.has("person"):
            end = seg.j
            return k, self._suffix(end)
        start = k
        count = 0
        while k < self.n and count < 6:
            tok = self.toks[k]
            seg = self.seg(k)
            if (
                seg is not None
                and seg.has("role", "country", "adj", "org", "region", "metonym")
                and not (count and self.adjacent(k))
            ):
                break
            if tok in NOT_NAME and not self.adjacent(k):
                break
            if tok[:1].isupper() and tok[:1].isalpha():
                if len(tok) == 1 and self.tok(k + 1) == ".":
                    k += 2  # an initial: "Gilberto C. Teodoro"
                    count += 1
                    continue
                k += 1
                count += 1
                continue
            if tok == "-" and count and self.adjacent(k) and self.tok(k + 1)[:1].isalpha():
                k += 1
                continue
            if tok == "'" and count and self.adjacent(k) and self.tok(k + 1)[:1].isupper():
                k += 1
                continue
            if tok.lower() in PARTICLES and self.tok(k + 1)[:1].isupper():
                k += 1
                continue
            if tok.lower() in PARTICLES and self.tok(k + 1) == "-":
                k += 1
                continue
            break
        if count < min_tokens or count == 0:
            return None
        if count == 1 and self.toks[start] in GENERIC_NOUNS:
            return None  # "Chief Minister Region": a common noun, not a surname
        # do not end on a particle or a hyphen
        while k > start and (self.toks[k - 1].lower() in PARTICLES or self.toks[k - 1] == "-"):
            k -= 1
        if self.tok(k) in FACILITIES or self.tok(k - 1) in FACILITIES:
            return None  # "King Khalid International Airport" is a place, not a king
        return start, self._suffix(k)

    def is_honorific(self, k: int) -> bool:
        """Token ``k`` is a title before a name ("Shri", "Datuk Seri", Burmese "U", "H.E.")."""
        low = self.low(k)
        if low not in HONORIFICS:
            return False
        nxt = self.tok(k + 1)
        if low in {"his", "her"}:
            return self.low(k + 1) == "excellency"
        if low in _HONORIFIC_BEFORE:
            allowed = _HONORIFIC_BEFORE[low]
            if allowed and nxt.lower() not in allowed:
                return False  # "Tan" alone is a surname
        if low == "u" and (nxt == "." or not nxt[:1].isupper()):
            return False  # "U.S.", "U.N."
        seg = self.seg(k)
        return seg is None or seg.has("person")  # "Sri Lanka" is a country

    def _suffix(self, k: int) -> int:
        """Extend over "Jr." / ", Jr." suffixes."""
        if self.tok(k) == "," and self.tok(k + 1) in SUFFIXES:
            k += 2
        elif self.tok(k) in SUFFIXES:
            k += 1
        if self.tok(k) == "." and self.tok(k - 1) in SUFFIXES:
            k += 1
        return k

    def name_value(self, i: int, j: int, country: str | None) -> str:
        """Canonical name of the chunk: the table's, a variant's, or the words as written."""
        seg = self.seg(i)
        if seg is not None and seg.j >= j - 1 and seg.has("person"):
            return seg.first("person").key  # type: ignore[union-attr]
        words: list[str] = []
        for k in range(i, j):
            tok = self.toks[k]
            if tok.isupper() and len(tok) > 2 and tok not in SUFFIXES:
                tok = tok.capitalize()
            words.append(tok if not self.adjacent(k) or not words else "\0" + tok)
        written = " ".join(words).replace(" \0", "")
        written = _COMMA_SPACING.sub(", ", written).replace(" .", ".")
        written = _INITIAL_DOT.sub(".", written)
        resolved = self.book.resolve_name(written, country)
        if resolved != written:
            return resolved
        if j - i == 1:
            for person in self.people.values():
                if self.toks[i] in _short_forms(person.value, self.kb):
                    return person.value
            shorts = self.kb.short_names.get(self.toks[i], ())
            if len(shorts) == 1:
                return shorts[0]
        return written

    # -- people -------------------------------------------------------------------------

    def person(
        self,
        i: int,
        j: int,
        value: str,
        *,
        country: str | None,
        explicit: bool,
        role: tuple[str, str] | None,
        role_pos: int,
    ) -> None:
        """Record one named mention of a person (emitted later with the document's role)."""
        person = self.people.get(value)
        if person is None:
            person = self.people[value] = _Person(value, first=i)
        if role is not None:
            info = self.kb.roles[role[1]]
            rank = info.rank * 4
            if info.sector != "GOV":
                rank += 2  # prefer the state office to a party office of the same rank
            if info.key == info.head:
                rank += 1  # prefer "Minister of Foreign Affairs" to a bare "Minister"
            person.roles.append((rank, role_pos, role[0], role[1]))
        if country and (explicit or person.country is None) and not person.explicit_country:
            person.country = country
            person.explicit_country = explicit
        if (i, j) not in person.spans:
            person.spans.append((i, j))
        self.used.update(range(i, j))

    def role_text(self, i: int, j: int) -> str:
        return " ".join(self.span_text(i, j)[2].split())

    def role_chain(self, k: int) -> tuple[list[tuple[str, str, int]], str | None, int]:
        """Roles after a name: ", Member of the Politburo ... and the Foreign Minister of X"."""
        found: list[tuple[str, str, int]] = []
        country = None
        while True:
            if self.low(k) in {"the", "a", "an"}:
                k += 1
            seg = self.seg(k)
            if seg is None or not seg.has("role"):
                break
            key = seg.first("role").key  # type: ignore[union-attr]
            found.append((self.role_text(seg.i, seg.j), key, seg.i))
            k = seg.j
            fixed = self.kb.roles[key].country
            if fixed:
                country = country or fixed
            got, after = self.country_after(k)
            if got:
                country = country or got
                k = after
            # skip "of the Central Committee of the Communist Party"
            while self.low(k) == "of":
                m = k + 1
                if self.low(m) == "the":
                    m += 1
                moved = False
                while m < self.n and (self.tok(m)[:1].isupper() or self.seg(m) is not None):
                    s = self.seg(m)
                    m = s.j if s is not None else m + 1
                    moved = True
                if not moved:
                    break
                k = m
            if self.low(k) == "and" and self.seg(k + 1 + (self.low(k + 1) == "the")):
                k += 1
                continue
            break
        return found, country, k

    def handle_role(self, seg: Segment) -> None:
        """A role phrase: find its qualifier, then its name (after it, or before a comma)."""
        key = seg.first("role").key  # type: ignore[union-attr]
        role = self.kb.roles[key]
        i, j = seg.i, seg.j
        portfolio = self.low(i - 1) in self.kb.portfolios
        if key in _PORTFOLIO_ROLES and portfolio:
            i -= 1  # "Interior Minister", "Economy Secretary"
        if (
            key == "secretary"
            and not portfolio
            and not (self.low(j) in {"of", "for"} and self.low(j + 1) in self.kb.portfolios)
        ):
            return  # a bare "secretary" names no office ("Secretary Rubio", "a secretary")
        country, q_start, poss = self.qualifier_before(i)
        if poss is not None:
            self.possessive_actor(poss)
        explicit = country is not None
        if role.country:
            country, explicit = country or role.country, True
        end = j
        if key in _PORTFOLIO_ROLES and self.low(end) in {"of", "for"} and self.seg(end + 1) is None:
            m = end + 1
            while self.tok(m)[:1].isupper() or (
                self.low(m) == "and" and self.tok(m + 1)[:1].isupper()
            ):
                m += 1
            if m > end + 1:
                end = m  # "Minister of Trade and Integration"
        got, after = self.country_after(end)
        if not got:
            got, after = self.city_after(end)
            if got:
                end = after  # "Chief Minister of Yangon Region": the city is part of the office
        j_after = end
        if got:
            country, explicit = got, True
            j_after = after
            last = self.seg_ending(after)
            if role.head == "ambassador" and last is not None and last.has("country"):
                end = after  # "Ambassador of India"
        post: str | None = None
        if role.head == "ambassador" and self.low(j_after) in {"to", "in"}:
            s = self.seg(j_after + 1)
            kinds = ("country",) if self.low(j_after) == "to" else ("country", "capital", "city")
            if s is not None and s.has(*kinds) and not s.has("region", "person", "role"):
                # "ambassador to Australia", "the German Ambassador in Tehran": the post, never
                # the envoy's own country
                j_after = s.j
                if self.low(s.i - 1) == "to":
                    end = s.j  # the role is "ambassador to Australia"; "in Tehran" is not
                post = _segment_country(self.kb, s)
        role_words = self.role_text(i, end)
        # NAME right after the role (or after a comma when the role is introduced by "the")
        k = j_after
        name = None
        if self.tok(k) == "," and (self.low(q_start - 1) == "the" or explicit):
            name = self.read_name(k + 1, min_tokens=2)
            if name is None:
                name = self.read_name(k + 1, min_tokens=1)
                if name is not None and not self._known_single(name):
                    name = None
        elif self.tok(k) != ",":
            name = self.read_name(k)
        if name is not None:
            ni, nj = name
            if role.head == "ambassador":
                post = post or self.post_after(nj)
                home = self.returns_to(nj) if not explicit else None
                if home is not None:
                    country, explicit = home, True
            value = self.name_value(ni, nj, country if explicit else None)
            self.person(
                ni,
                nj,
                value,
                country=country,
                explicit=explicit,
                role=(role_words, key),
                role_pos=i,
            )
            if post is not None:
                self.people[value].post = post
            if explicit:
                self.assert_spans.append((value, role_words, country, q_start, nj, key))
            self.used.update(range(i, end))
            if poss is None:
                self.used.update(range(q_start, i))  # "Russian" in "Russian Foreign Minister"
            return
        # NAME, [the] ROLE — name before a comma
        before = q_start - 1
        if self.low(before) in {"the", "a", "an"}:
            before -= 1
        if self.tok(before) == ",":
            back = self._name_before(before)
            if back is not None:
                seg_back = self.seg(back[0])
                if seg_back is not None and seg_back.has("person"):
                    return  # a known name: handle_name_chain reads its role chain
                value = self.name_value(back[0], back[1], country if explicit else None)
                self.person(
                    back[0],
                    back[1],
                    value,
                    country=country,
                    explicit=explicit,
                    role=(role_words, key),
                    role_pos=i,
                )
                if explicit:
                    self.assert_spans.append((value, role_words, country, back[0], end, key))
                self.used.update(range(q_start, end))
                return
        if self.low(q_start - 1) == "the" and not explicit:
            self.anaphors.append((q_start - 1, end, key))
            return
        if explicit and country and role.head in NAMELESS_HEADS:
            holder = None
            if self.published is not None:
                holder = self.book.holder(key, country, self.published)
            if holder is not None:
                self.person(
                    q_start,
                    end,
                    holder,
                    country=country,
                    explicit=True,
                    role=(role_words, key),
                    role_pos=i,
                )
            else:
                self.nameless[key] = country
                self.emit(
                    q_start,
                    end,
                    value=" ".join(self.span_text(q_start, end)[2].split()),
                    country=country,
                    actor_type="person",
                    role=role_words,
                    sector=role.sector,
                )

    def returns_to(self, j: int) -> str | None:
        """An envoy's own country from "NAME would return to Berlin" / "was recalled to
        Berlin" right after the name: envoys go home to their capital."""
        end = min(self.n - 1, j + 8)
        for k in range(j, end):
            if self.tok(k) in {".", ";"}:
                return None
            if self.low(k) == "to" and self.low(k - 1) in _RETURN_WORDS:
                seg = self.seg(k + 1)
                if seg is not None and seg.has("capital", "country") and not seg.has("region"):
                    country = _segment_country(self.kb, seg)
                    if country and _ISO3.match(country) and country not in NON_STATES:
                        return country
                return None
        return None

    def post_after(self, j: int) -> str | None:
        """An envoy's post from "NAME ... back from Tehran" / "in Tehran" right after the name."""
        for k in range(j, min(self.n - 1, j + 6)):
            if self.tok(k) in {".", ";"}:
                return None
            if self.low(k) in {"from", "in"}:
                seg = self.seg(k + 1)
                if seg is not None and seg.has("capital", "country") and not seg.has("region"):
                    return _segment_country(self.kb, seg)
        return None

    def _known_single(self, name: tuple[int, int]) -> bool:
        return name[1] - name[0] > 1 or self.toks[name[0]] in self.kb.short_names

    def _name_before(self, comma: int) -> tuple[int, int] | None:
        seg = self.seg_ending(comma)
        if seg is not None and seg.has("person"):
            return seg.i, seg.j
        k = comma
        if self.tok(k - 1) in SUFFIXES or self.tok(k - 1) == ".":
            return None
        count = 0
        while k > 0 and count < 6:
            tok = self.toks[k - 1]
            if self.seg_ending(k) is not None and not self.seg_ending(k).has("city"):  # type: ignore[union-attr]
                break
            if tok[:1].isupper() and tok[:1].isalpha() and tok not in NOT_NAME:
                count += 1
                k -= 1
            elif (tok == "-" and self.adjacent(k - 1) and count) or (
                tok.lower() in PARTICLES and count
            ):
                k -= 1
            else:
                break
        while k < comma and self.toks[k].lower() in PARTICLES:
            k += 1
        if count < 2:
            return None
        return k, comma

    def handle_name_chain(self, seg: Segment) -> None:
        """A known person's name: qualifier before, role chain after a comma."""
        value = seg.first("person").key  # type: ignore[union-attr]
        self.name_chain(seg.i, self._suffix(seg.j), value)

    def unknown_name_chain(self, seg: Segment) -> None:
        """ "Zhang Wei, Member of the Politburo ... and the Foreign Minister of China": a name
        the tables do not know, followed by two or more roles: the chain's country is his."""
        k = seg.i - 1
        if self.low(k) in {"the", "a", "an"}:
            k -= 1
        if self.tok(k) != ",":
            return
        back = self._name_before(k)
        if back is None or any(t in self.used for t in range(*back)):
            return
        front = self.seg(back[0])
        if front is not None and front.has("person"):
            return  # a known name: handle_name_chain reads it
        roles, country, _ = self.role_chain(k + 1)
        if len(roles) < 2 or not self.chain_is_own(k + 1):
            return  # one role: handle_role reads "NAME, [the] ROLE [of COUNTRY]"
        self.name_chain(back[0], back[1], self.name_value(back[0], back[1], country))

    def chain_is_own(self, k: int) -> bool:
        """The roles at ``k`` follow the name before them, not introduce the next one: in
        "the PM of Greece, NAME, the PM of Italy, NAME2" the second role is NAME2's."""
        roles, _, end = self.role_chain(k)
        if not roles:
            return False
        if self.tok(end) != ",":
            return True
        nxt = self.seg(end + 1)
        if nxt is not None and nxt.has("person"):
            return False
        return self.read_name(end + 1, min_tokens=2) is None

    def name_chain(self, i: int, j: int, value: str) -> None:
        """A name at tokens ``[i, j)``: its qualifier before, its role chain after a comma."""
        country, q_start, poss = self.qualifier_before(i)
        if poss is not None:
            self.possessive_actor(poss)
        explicit = country is not None
        roles: list[tuple[str, str, int]] = []
        chain_end = j
        if self.tok(j) == ",":
            roles, chain_country, chain_end = self.role_chain(j + 1)
            if chain_country:
                country, explicit = chain_country, True
        if poss is None and country is not None:
            self.used.update(range(q_start, i))
        if roles:
            self.used.update(range(j, chain_end))
        else:
            self.person(i, j, value, country=country, explicit=explicit, role=None, role_pos=i)
        for words, key, pos in roles:
            self.person(
                i, j, value, country=country, explicit=explicit, role=(words, key), role_pos=pos
            )
            if explicit:
                self.assert_spans.append((value, words, country, q_start, chain_end, key))
        for _, _, pos in roles:
            s = self.seg(pos)
            if s is not None:
                self.used.update(range(s.i, s.j))

    def anchored_name(self, k: int) -> None:
        """ "Shri Abhay Thakur", "U Soe Thein", "Mr Albanese": an honorific makes a person."""
        if not self.is_honorific(k) or (self.tok(k) == "H" and self.tok(k + 2) != "E"):
            return
        if self.tok(k - 1) == "'" or self.low(k - 1) in HONORIFICS:
            return  # "Sadr's" ... or inside a run of titles already read from its start
        name = self.read_name(k)
        if name is None or any(t in self.used for t in range(*name)):
            return
        ni, nj = name
        if ni == k or not self.toks[ni][:1].isupper():
            return
        front = self.seg(ni)
        if front is not None and front.has("person"):
            self.handle_name_chain(front)
            return
        country, q_start, poss = self.qualifier_before(k)
        if poss is not None:
            self.possessive_actor(poss)
        elif country is not None:
            self.used.update(range(q_start, k))
        value = self.name_value(ni, nj, country)
        self.person(
            ni, nj, value, country=country, explicit=country is not None, role=None, role_pos=ni
        )

    def counterpart(self, seg: Segment) -> None:
        """ "his German counterpart[,] Boris Pistorius": the name is an official of that country."""
        if not seg.has("adj", "country") or seg.has("region", "person", "role"):
            return
        country = _segment_country(self.kb, seg)
        k = seg.j + 1 + (self.tok(seg.j + 1) == ",")
        name = self.read_name(k, min_tokens=2) or self.read_name(k, min_tokens=1)
        if (
            country is None
            or name is None
            or (name[1] - name[0] == 1 and not self._known_single(name))
        ):
            return
        value = self.name_value(name[0], name[1], country)
        self.person(
            name[0], name[1], value, country=country, explicit=True, role=None, role_pos=seg.i
        )
        self.used.update(range(seg.i, seg.j + 1))

    def possessive_actor(self, i: int) -> None:
        """Emit the country/capital of a possessive qualifier ("Beijing's") as an actor."""
        seg = self.seg(i)
        if seg is None or i in self.used:
            return
        self.actor_for_place_like(seg, force=True)

    # -- countries, capitals, organisations -------------------------------------------

    def actor_for_place_like(self, seg: Segment, *, force: bool = False) -> None:
        entry = seg.entries[0]
        if entry.kind in ("country", "adj"):
            self.emit(seg.i, seg.j, value=entry.key, country=entry.key, actor_type="country")
        elif entry.kind == "capital":
            written = self.text[seg.start : seg.end]
            value = _capital_name(self.kb, written)
            self.emit(seg.i, seg.j, value=value, country=entry.key, actor_type="capital")
        elif entry.kind == "metonym":
            met = self.kb.metonyms[entry.key]
            country: str | None = met.country
            if country == "*":
                country = context_country(self.kb, self.tg, seg, self.dateline_home())
            self.emit(
                seg.i,
                seg.j,
                value=met.canonical,
                country=country,
                actor_type="organisation",
                sector=met.sector,
            )

    def capital_is_actor(self, seg: Segment) -> bool:
        """Subject or possessive position, not after a preposition or in a dateline."""
        if is_place_context(self.tg, seg):
            return False
        prev = self.low(seg.i - 1)
        if self.possessive_after(seg.j) is not None:
            return True
        if self.tok(seg.j) == "," or prev == "the":
            return False
        if prev in ACTOR_BEFORE:
            return True
        if prev == "and" and seg.i - 2 in self.used:
            return True  # "Beijing and Washington agreed": as the first conjunct
        k = seg.j
        while self.low(k) in ADVERBS and k < seg.j + 3:
            if self.low(k) in {"has", "have", "had"}:
                return True
            k += 1
        word = self.tok(k)
        if not word.islower():
            return False
        return (
            word in AUX
            or word in IRREGULAR_PAST
            or word.endswith("ed")
            or (word.endswith("s") and not word.endswith("ss") and len(word) > 3)
        )

    def handle_org(self, seg: Segment) -> None:
        entry = seg.first("org")
        org = self.kb.organisations[entry.key]  # type: ignore[union-attr]
        country: str | None = org.code
        start = seg.i
        if org.code == "*":
            country, q_start, poss = self.qualifier_before(seg.i)
            if poss is not None:
                self.possessive_actor(poss)
            elif country is not None:
                start = q_start
                if self.tok(start - 1) in STATE_PREFIXES:
                    start -= 1  # "Royal Australian Navy"
            elif self.in_unknown_name(seg.i):
                return  # "Arakan Army", "Tamil Nadu Police": another body than the nation's
            if country is None:
                country, _ = self.country_after(seg.j)
            if country is None:
                # "the government", "the federal government": the story's country (dateline,
                # outlet, the side the sentence speaks for, what the story is about), or none
                country = (
                    self.home() or self.side_country(start, self.known_countries()) or self.about()
                )
        self.emit(
            start,
            seg.j,
            value=org.name,
            country=country,
            actor_type="organisation",
            sector=org.sector,
        )

    def in_unknown_name(self, i: int) -> bool:
        """Token ``i`` continues a capitalised name the tables do not know."""
        prev = self.tok(i - 1)
        if not prev[:1].isupper() or prev in NOT_NAME or self.seg_ending(i) is not None:
            return False
        line_start = self.text.rfind("\n", 0, self.tg.starts[i - 1]) + 1
        before = self.text[line_start : self.tg.starts[i - 1]].rstrip()
        return bool(before) and before[-1] not in ".!?:\"“'‘’"  # a sentence's first word is no name

    def handle_group(self, match: re.Match[str]) -> None:
        """ "Supporters of ... Moqtada al-Sadr", "Sadr's followers", "junta supporters"."""
        hi = bisect.bisect_left(self.tg.starts, match.start())
        if hi >= self.n or self.tg.starts[hi] != match.start() or hi in self.used:
            return
        i, j = hi, hi + 1
        country = None
        if self.low(j) == "of":
            k = j + 1
            limit = min(self.n, k + 10)
            while k < limit and self.tok(k) not in {".", ",", ";"}:
                seg = self.seg(k)
                if seg is not None and seg.has("person"):
                    j = seg.j
                    break
                name = self.read_name(k, min_tokens=2) if self.tok(k)[:1].isupper() else None
                if name is not None:
                    j = name[1]
                    break
                k = seg.j if seg is not None else k + 1
        # left modifiers: "Iraqi", "Sadr's", "Tibetan, Uyghur and Hong Kong", "junta"
        k = i
        while k > 0:
            prev = self.toks[k - 1]
            if prev == "s" and self.tok(k - 2) == "'" and self.tok(k - 3)[:1].isupper():
                k -= 3
                continue
            if prev[:1].isupper() and prev not in NOT_NAME:
                k -= 1
                continue
            if prev in {",", "and"} and self.tok(k - 2)[:1].isupper() and k - 2 > 0:
                k -= 1
                continue
            if prev in {"junta", "opposition", "government", "pro"}:
                k -= 1
                continue
            break
        if any(t in self.used for t in range(k, j)):
            k = i
        for t in range(k, j):
            seg = self.seg(t)
            if seg is not None and seg.has("adj", "country"):
                country = _segment_country(self.kb, seg)
                break
        if country is None:
            for person in self.people.values():
                if any(k <= a < j for a, _ in person.spans):
                    country = person.country
        self.emit(
            k,
            j,
            value=" ".join(self.span_text(k, j)[2].split()),
            country=country,
            actor_type="group",
        )

    # -- the pass ----------------------------------------------------------------------

    def run(self) -> tuple[list[Mention], list[RoleAssertion]]:
        segs = self.tg.segments
        used = self.used
        people = [seg for seg in segs if "person" in seg.kinds]
        for seg in people:
            # "NAME, ROLE ... and the ROLE of COUNTRY" first, so its roles stay attached
            if self.tok(seg.j) == "," and self.chain_is_own(seg.j + 1):
                self.handle_name_chain(seg)
        for seg in segs:
            if "role" in seg.kinds and seg.i not in used:
                self.unknown_name_chain(seg)
        for seg in segs:
            if "role" in seg.kinds and seg.i not in used:
                self.handle_role(seg)
        for seg in segs:
            if seg.i not in used and self.low(seg.j) in {"counterpart", "counterparts"}:
                self.counterpart(seg)
        for seg in people:
            if not any(t in used for t in range(seg.i, seg.j)):
                self.handle_name_chain(seg)
        # isdisjoint is a cheap C pass; 95 % of documents have no honorific at all
        if not NAME_ANCHORS.isdisjoint(self.toks):
            for k in compress(range(self.n), map(NAME_ANCHORS.__contains__, self.toks)):
                if k not in used:
                    self.anchored_name(k)
        for seg in segs:
            kinds = seg.kinds
            if seg.i in used or not kinds.isdisjoint(_NOT_PLACE_LIKE):
                continue
            if "org" in kinds:
                self.handle_org(seg)
            elif "country" in kinds or "adj" in kinds:
                if self.qualifies_org(seg):
                    continue  # "Indian Navy": the organisation's mention covers it
                if self.country_is_actor(seg):
                    self.actor_for_place_like(seg)
            elif "metonym" in kinds:
                qualified = self.seg_ending(seg.i)
                if qualified is None and self.tok(seg.i - 1) == "s" and self.tok(seg.i - 2) == "'":
                    qualified = self.seg_ending(seg.i - 2)  # "at Austria's Chancellery"
                if qualified is not None and qualified.has("adj", "country"):
                    qualified = None if is_place_context(self.tg, qualified) else qualified
                    if qualified is None:
                        continue  # "at the Polish Chancellery": a place
                if not is_place_context(self.tg, seg):
                    self.actor_for_place_like(seg)
            elif "capital" in kinds and self.capital_is_actor(seg):
                self.actor_for_place_like(seg)
        self.org_short_forms()
        self.regional_groups()
        self.later_mentions()
        groups = any(stem in self.text for stem in _GROUP_STEMS)
        for match in GROUP_RE.finditer(self.text) if groups else ():
            self.handle_group(match)
        self.emit_people()
        self.mentions.sort(key=_BY_OFFSETS)
        return self.mentions, self.assertions()

    def org_short_forms(self) -> None:
        """ "the Council" after "the Council of the European Union", or in a release whose
        outlet is the Council: an organisation's head noun stands for the one the document
        names in full before it (else the one its outlet names)."""
        heads = self.kb.org_heads
        if heads.keys().isdisjoint(self.toks):
            return  # most documents use no head noun: skip the per-token pass
        for i in compress(range(1, self.n), map(heads.__contains__, self.toks[1:])):
            if i in self.used or self.low(i - 1) != "the" or self.seg(i) is not None:
                continue
            nxt = self.tok(i + 1)
            if nxt[:1].isupper() and nxt not in NOT_NAME:
                continue  # "the Council Regulation": part of a longer name
            if self.low(i - 2) in LOCATIVE:
                continue  # "inside the Union": a place
            names = heads[self.toks[i]]
            start = self.tg.starts[i]
            full = [
                m
                for m in self.mentions
                if m.end <= start and m.actor_type == "organisation" and m.value in names
            ]
            if full:
                last = max(full, key=lambda m: m.start)
                value, country, sector = last.value, last.country, last.sector
            else:
                org = self.outlet_org(names)
                if org is None:
                    continue
                value, country, sector = org.name, org.code, org.sector
            self.emit(
                i, i + 1, value=value, country=country, actor_type="organisation", sector=sector
            )

    def regional_groups(self) -> None:
        """ "European leaders", "Western diplomats": officials of a region, not of one state
        (a group with no country; "Russian officials" stays the country Russia)."""
        for k in compress(range(1, self.n), map(GROUP_NOUNS.__contains__, self.toks[1:])):
            adj = self.toks[k - 1]
            if (
                k - 1 in self.used
                or self.seg_ending(k) is not None
                or not adj.istitle()
                or adj in NOT_NAME
                or not adj.endswith(_REGIONAL_ENDINGS)
            ):
                continue
            self.emit(
                k - 1,
                k + 1,
                value=" ".join(self.span_text(k - 1, k + 1)[2].split()),
                country=None,
                actor_type="group",
            )

    def outlet_org(self, names: Sequence[str]) -> Organisation | None:
        """The organisation of ``names`` that the outlet names (its code not from context)."""
        if not self.outlet:
            return None
        for g in self.kb.tag(self.outlet).segments:
            entry = g.first("org")
            if entry is not None and entry.key in names:
                org = self.kb.organisations[entry.key]
                if org.code != "*":
                    return org
        return None

    def qualifies_org(self, seg: Segment) -> bool:
        """A country word right before a national body of unstated country ("Indian Navy")."""
        nxt = self.seg(seg.j)
        if nxt is None or "org" not in nxt.kinds:
            return False
        return self.kb.organisations[nxt.first("org").key].code == "*"  # type: ignore[union-attr]

    def country_is_actor(self, seg: Segment) -> bool:
        """Countries are actors unless placed ("in China") or inside a name ("Kazakhstan
        Cultural Centre") or qualifying a city ("Beijing, China")."""
        if is_place_context(self.tg, seg):
            return False
        nxt = self.tok(seg.j)
        if nxt[:1].isupper() and self.seg(seg.j) is None and nxt not in NOT_NAME:
            return False
        if self.tok(seg.i - 1) == ",":
            prev = self.seg_ending(seg.i - 1)
            if prev is not None and prev.has("capital", "city"):
                return False
        return True

    def later_mentions(self) -> None:
        """Surnames and "the minister" after a person was introduced."""
        if not self.people:
            return
        shorts: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for value in self.people:
            for toks in _short_tokens(value, self.kb):
                shorts.setdefault(toks[0], []).append((toks, value))
        for lst in shorts.values():
            lst.sort(key=lambda t: -len(t[0]))
        skip = 0
        for i in compress(range(self.n), map(shorts.__contains__, self.toks)):
            if i < skip or i in self.used:
                continue
            for toks, value in shorts[self.toks[i]]:
                if tuple(self.toks[i : i + len(toks)]) == toks and not (
                    self.tok(i + len(toks))[:1].isupper()
                    and self.seg(i + len(toks)) is None
                    and self.tok(i + len(toks)) not in NOT_NAME
                ):
                    if any(t in self.used for t in range(i, i + len(toks))):
                        continue
                    self.person(
                        i,
                        i + len(toks),
                        value,
                        country=None,
                        explicit=False,
                        role=None,
                        role_pos=i,
                    )
                    skip = i + len(toks)
                    break
        for a_i, a_j, key in self.anaphors:
            best = self._antecedent(a_i, key, exact=True) or self._antecedent(a_i, key, exact=False)
            if best is not None and not any(t in self.used for t in range(a_i, a_j)):
                self.person(
                    a_i, a_j, best[1], country=None, explicit=False, role=None, role_pos=a_i
                )

    def _antecedent(self, before: int, key: str, *, exact: bool) -> tuple[int, str] | None:
        """Most recent person before token ``before`` with this role (or role family)."""
        head = self.kb.roles[key].head
        best: tuple[int, str] | None = None
        for person in self.people.values():
            keys = {pkey for _, _, _, pkey in person.roles}
            family = {self.kb.roles[pkey].head for pkey in keys}
            if not (key in keys if exact else head in family):
                continue
            for s, _ in person.spans:
                if s < before and (best is None or s > best[0]):
                    best = (s, person.value)
        return best

    def emit_people(self) -> None:
        """One consistent (value, role, country, sector) per person across the document."""
        known = self.known_countries()
        for person in self.people.values():
            role_words: str | None = None
            sector: str | None = None
            if person.roles:
                _rank, _, role_words, key = min(person.roles)
                sector = self.kb.roles[key].sector
            facts = self.book.roles_of(person.value, self.published)
            country = person.country
            if facts:
                if role_words is None:
                    role_words = facts[0].label
                    sector = (
                        self.kb.roles[facts[0].role].sector
                        if facts[0].role in self.kb.roles
                        else None
                    )
                if country is None:
                    country = facts[0].country
            if country is None:
                # "Ambassador Ahmad Sadeghi" after "Iran's ambassador": same office, same country
                for _, _, _, key in person.roles:
                    country = country or self.nameless.get(key)
                if country is not None and country == person.post:
                    country = None  # "Iran's ambassador" is not the one "back from Tehran"
            envoy = any(self.kb.roles[key].head == "ambassador" for _, _, _, key in person.roles)
            if country is None and person.roles and not envoy:  # envoys are usually foreign
                # an official the text gives no country: the side the introducing sentence
                # speaks for ("led on the U.S. side by Rubio, ... and Commerce Secretary X"),
                # never the dateline (a Mexico City story quotes US officials); else unknown
                country = self.side_country(min(pos for _, pos, _, _ in person.roles), known)
            for i, j in person.spans:
                self.emit(
                    i,
                    j,
                    value=person.value,
                    country=country,
                    actor_type="person",
                    role=role_words,
                    sector=sector,
                )

    def assertions(self) -> list[RoleAssertion]:
        out = []
        since_by_sentence: dict[int, dt.date] = {}
        if self.published is not None and any(stem in self.text for stem in _SINCE_STEMS):
            for match in SINCE_RE.finditer(self.text):
                month = MONTHS[match.group(1)]
                year = int(match.group(2)) if match.group(2) else self.published.year
                if not match.group(2) and month > self.published.month:
                    year -= 1
                since_by_sentence[self.sentence(match.start())] = dt.date(year, month, 1)
        for value, words, country, i, j, key in self.assert_spans:
            start, end, span = self.span_text(i, j)
            since = None
            if since_by_sentence:
                person = self.people.get(value)
                sents = (
                    {self.sentence(self.tg.starts[a]) for a, _ in person.spans} if person else set()
                )
                for s in sorted(sents):
                    if s in since_by_sentence:
                        since = since_by_sentence[s]
                        break
            out.append(
                RoleAssertion(
                    person=value,
                    role=words,
                    country=country,
                    sector=self.kb.roles[key].sector if key else None,
                    as_of=self.published,
                    since=since,
                    doc_id=self.doc_id,
                    text=span,
                    start=start,
                    end=end,
                )
            )
        return out


def _capital_name(kb: Knowledge, written: str) -> str:
    """Canonical capital name ("Kiev" -> "Kyiv"; "ASTANA" -> "Astana")."""
    canonical = kb.city_canonical.get(written)
    if canonical is None and written.isupper():
        for name in (written.title(), written.capitalize()):
            if name in kb.city_canonical:
                return kb.city_canonical[name]
    return canonical or written


@functools.lru_cache(maxsize=4096)
def _short_tokens(value: str, kb: Knowledge) -> tuple[tuple[str, ...], ...]:
    """The tokens of each later-mention form of a name (cached: names recur across documents)."""
    forms = (tuple(_TOKEN.findall(short.replace("’", "'"))) for short in _short_forms(value, kb))
    return tuple(toks for toks in forms if toks)


@functools.lru_cache(maxsize=4096)
def _short_forms(value: str, kb: Knowledge) -> tuple[str, ...]:
    """Later-mention forms of a name: the table's short forms, else the surname (cached)."""
    forms: list[str] = []
    for holder in kb.people.get(value, ()):
        forms.extend(holder.short)
    tokens = value.replace(",", " ").split()
    while tokens and tokens[-1].rstrip(".") in SUFFIXES:
        tokens.pop()
    if len(tokens) >= 2:
        last = tokens[-1]
        forms.append(last)
        for prefix in ("al-", "Al-", "el-", "El-"):
            if last.startswith(prefix):
                forms.append(last[len(prefix) :])
    if fold_name(value) and not forms:
        forms.append(value)
    return tuple(dict.fromkeys(f for f in forms if f))
