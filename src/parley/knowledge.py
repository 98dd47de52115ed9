"""parley's knowledge base: countries, cities, organisations, roles and dated officeholders.

The facts live in versioned data files under ``parley/data`` (see ``data/README.md``).
:func:`load_knowledge` reads them once per data directory into an immutable, picklable
:class:`Knowledge`, whose lookup tables let the annotators tag a document with dict lookups
over token n-grams (no per-document regex alternations, no spaCy).

Example::

    >>> kb = load_knowledge()
    >>> kb.country("KAZ").name
    'Kazakhstan'
    >>> [e.kind for e in kb.tag("Kazakh Foreign Minister").segments[0].entries]
    ['adj']
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from itertools import accumulate, compress
from operator import sub
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from parley.errors import KnowledgeError

DATA_DIR = Path(__file__).resolve().parent / "data"

# Files this module reads; other files in the directory (the coding engineer's lexicons) only
# enter the version hash.
FILES = (
    "countries.tsv",
    "country_names.tsv",
    "regions.txt",
    "capitals.tsv",
    "cities.tsv",
    "city_aliases.tsv",
    "city_stoplist.txt",
    "metonyms.tsv",
    "venues.tsv",
    "organisations.tsv",
    "roles.tsv",
    "portfolios.txt",
    "officeholders.tsv",
)

TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_PIECE_RE = re.compile(r"\s*(?:\w+|[^\w\s])")  # a token with the whitespace before it
_FOLD = (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("`", "'"), ("–", "-"), ("—", "-"), ("‑", "-"))
_QUOTES = str.maketrans(dict(_FOLD))


def _fold(text: str) -> str:
    """One-for-one replacements (offsets unchanged); str.replace is ~60x faster than translate."""
    for old, new in _FOLD:
        if old in text:
            text = text.replace(old, new)
    return text


_ISO3_RE = re.compile(r"^[A-Z]{3}$")

# Kinds in tie-break order: at equal length the earlier kind is listed first.
KINDS = (
    "region",
    "country",
    "adj",
    "org",
    "metonym",
    "person",
    "role",
    "capital",
    "city",
    "venue",
)
_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}
_KIND_SETS = {kind: frozenset({kind}) for kind in KINDS}  # the kinds of a one-entry segment
_PLACE_KINDS = frozenset({"region", "country", "adj", "capital", "city"})


def normalize_token(token: str) -> str:
    """Fold typographic apostrophes and dashes so that ’ and ' (– and -) tag alike.

    Args:
        token: one token as found in the text.

    Returns:
        The token with curly quotes and dashes replaced by their ASCII forms.
    """
    return token.translate(_QUOTES)


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Split text into word and punctuation tokens with their character offsets.

    Args:
        text: any text.

    Returns:
        ``(start, end, normalised_token)`` triples; ``text[start:end]`` is the raw token.
    """
    return [(m.start(), m.end(), m.group().translate(_QUOTES)) for m in TOKEN_RE.finditer(text)]


def _phrase_tokens(phrase: str) -> tuple[str, ...]:
    """Gazetteer phrases are tokenised exactly like document text."""
    return tuple(m.group().translate(_QUOTES) for m in TOKEN_RE.finditer(phrase))


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class CountryInfo:
    """Names of one country (ISO canon + the hand table) and its capital/seats."""

    iso3: str
    iso2: str
    name: str
    official_name: str = ""
    common_name: str = ""
    names: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    seats: tuple[str, ...] = ()

    @property
    def short_name(self) -> str:
        """The name news uses: common name, else the ISO name."""
        return self.common_name or self.name


@dataclass(frozen=True, slots=True)
class City:
    """A city (or capital) and the country it is in."""

    name: str
    country: str
    population: int = 0
    is_capital: bool = False


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation; ``code`` is UNO/EUU/IGO, an ISO3, or ``*`` (country from context)."""

    name: str
    code: str
    sector: str


@dataclass(frozen=True, slots=True)
class Metonym:
    """A building or street standing for a government ("the Kremlin"); country ``*`` when
    several countries have one ("the Chancellery"): the context says which."""

    alias: str
    country: str
    sector: str
    canonical: str


@dataclass(frozen=True, slots=True)
class Venue:
    """A named venue that implies a city ("Hyderabad House" -> New Delhi); city and country
    ``*`` when several capitals have one ("the Chancellery"): the context says which."""

    name: str
    city: str
    country: str
    needs_context: bool = False


@dataclass(frozen=True, slots=True)
class Role:
    """An office: its key, family (``head``), sector, rank and default wording."""

    key: str
    head: str
    sector: str
    rank: int
    country: str | None
    label: str
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Officeholder:
    """One term of one person in one office (from officeholders.tsv)."""

    name: str
    role: str
    country: str
    start: dt.date
    end: dt.date | None = None
    label: str = ""
    variants: tuple[str, ...] = ()
    short: tuple[str, ...] = ()

    def holds_on(self, on: dt.date) -> bool:
        """Whether the term covers ``on``."""
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer phrase: its tokens, what it is (``kind``) and what it points to (``key``)."""

    tokens: tuple[str, ...]
    kind: str
    key: str
    exact: bool
    low_tokens: tuple[str, ...] = ()


class Segment(NamedTuple):
    """A tagged span: tokens ``[i, j)``, characters ``[start, end)``, the matching entries.

    A NamedTuple (immutable like a frozen dataclass, but built without one
    ``object.__setattr__`` per field): the tagger builds several per document.
    """

    i: int
    j: int
    start: int
    end: int
    entries: tuple[Entry, ...]
    kinds: frozenset[str] = frozenset()

    def first(self, *kinds: str) -> Entry | None:
        """The first entry of one of ``kinds`` (in tie-break order), if any."""
        for entry in self.entries:
            if entry.kind in kinds:
                return entry
        return None

    def has(self, *kinds: str) -> bool:
        """Whether any entry is of one of ``kinds``."""
        return not self.kinds.isdisjoint(kinds)


@dataclass(frozen=True, slots=True)
class Tagged:
    """A text's tokens and its gazetteer segments (longest match, left to right)."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    tokens: tuple[str, ...]
    segments: tuple[Segment, ...]
    seg_at: Mapping[int, int]  # token index -> index into segments of the segment starting there
    seg_end: Mapping[int, int] = field(default_factory=dict)  # token after a segment -> index


# The phrases that start with one token, as the tagger tries them: ``(by_second, singles)``.
# ``singles`` are the one-token phrases; ``by_second`` maps a lower-case second token to the
# longer phrases with that second token, followed by the singles. Every phrase a text matches
# has the text's lower-case tokens as its ``low_tokens``, so the tagger tries only the phrases
# listed under the text's next token (a first word like "minister" starts ~20 phrases).
_Bucket = tuple[dict[str, tuple[Entry, ...]], tuple[Entry, ...]]


def _bucket(entries: Sequence[Entry]) -> _Bucket:
    """The entries of one first token (longest first) grouped by their second token.

    Each group keeps the entries' order (longest first, the singles last), so trying a group
    finds the same matches in the same order as trying every entry.
    """
    singles = tuple(e for e in entries if len(e.tokens) == 1)
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        if len(entry.tokens) > 1:
            groups.setdefault(entry.low_tokens[1], []).append(entry)
    return {k: (*v, *singles) for k, v in groups.items()}, singles


# --------------------------------------------------------------------------- the knowledge


@dataclass(frozen=True, eq=False)
class Knowledge:
    """Immutable lookup tables built from the data files (see :func:`load_knowledge`).

    Hashing and equality are by identity, so a ``Knowledge`` can key caches; pickling ships
    a loaded one's directory and version, any other as plain dicts that the read-only views
    are rebuilt from (see :meth:`__reduce__`).
    """

    version: str
    data_dir: str
    countries: Mapping[str, CountryInfo]
    cities: Mapping[str, tuple[City, ...]]
    capitals: Mapping[str, str]
    city_canonical: Mapping[str, str]
    organisations: Mapping[str, Organisation]
    metonyms: Mapping[str, Metonym]
    venues: Mapping[str, tuple[Venue, ...]]
    roles: Mapping[str, Role]
    portfolios: frozenset[str]
    officeholders: tuple[Officeholder, ...]
    people: Mapping[str, tuple[Officeholder, ...]]
    short_names: Mapping[str, tuple[str, ...]]
    name_variants: Mapping[str, str]
    city_stoplist: frozenset[str]
    index: Mapping[str, tuple[Entry, ...]] = field(repr=False)
    # head noun -> organisations it can stand for ("the Council" -> Council of the European
    # Union, European Council): resolved per document from a full mention or the outlet
    org_heads: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    # plain dicts (lookups through a read-only view cost 3x), split by how a phrase matches
    _exact_index: dict[str, _Bucket] = field(repr=False, default_factory=dict)
    _lower_index: dict[str, _Bucket] = field(repr=False, default_factory=dict)
    _caps_index: dict[str, _Bucket] = field(repr=False, default_factory=dict)
    _fast_index: dict[str, tuple[Entry, ...]] = field(repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        if not self._fast_index:
            object.__setattr__(self, "_fast_index", dict(self.index))
        if not self._lower_index:
            exact: dict[str, list[Entry]] = {}
            lower: dict[str, list[Entry]] = {}
            caps: dict[str, list[Entry]] = {}
            for entries in self.index.values():  # already longest first
                for entry in entries:
                    if entry.exact:
                        exact.setdefault(entry.tokens[0], []).append(entry)
                        caps.setdefault(entry.low_tokens[0], []).append(entry)
                    else:
                        lower.setdefault(entry.tokens[0], []).append(entry)
            for name, table in (
                ("_exact_index", exact),
                ("_lower_index", lower),
                ("_caps_index", caps),
            ):
                object.__setattr__(self, name, {k: _bucket(v) for k, v in table.items()})

    def country(self, iso3: str) -> CountryInfo | None:
        """Names of a country.

        Args:
            iso3: ISO 3166-1 alpha-3 code (``"KAZ"``).

        Returns:
            The :class:`CountryInfo`, or ``None`` for an unknown code.
        """
        return self.countries.get(iso3)

    def side_name(self, code: str) -> str | None:
        """The name that stands for a side the text names no one for.

        Args:
            code: an ISO3 code, or a bloc code (``"EUU"``, ``"UNO"``).

        Returns:
            The country's name, or the bloc's (the first row of organisations.tsv with that
            code: ``"European Union"``), or ``None`` for an unknown code.
        """
        info = self.countries.get(code)
        if info is not None:
            return info.name
        return next((o.name for o in self.organisations.values() if o.code == code), None)

    def role(self, key: str) -> Role | None:
        """The role with this key (``"foreign_minister"``), or ``None``."""
        return self.roles.get(key)

    def city(self, name: str) -> City | None:
        """The best-known city of this name (a capital, else the most populous), or ``None``."""
        found = self.cities.get(self.city_canonical.get(name, name))
        return found[0] if found else None

    def tag(self, text: str) -> Tagged:
        """Tokenise ``text`` and tag its gazetteer phrases (longest match, left to right).

        Args:
            text: cleaned document text.

        Returns:
            The :class:`Tagged` text; repeated calls with the same text are cached.
        """
        return _tag(self, text)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle parley's own knowledge base as its version, any other one as its tables.

        parley's own files are pure and ship with every installation: the receiving process
        loads its own (cached) copy and checks the version, instead of rebuilding ~23k entries
        from a pickle (0.04 s for the sender and 0.09 s for each receiver, per pool worker and
        run; a pool worker finds it loaded already, see ``parley.pipeline._forkserver``). The
        receiver may be another machine, where parley is installed elsewhere, so the
        directory does not travel. A knowledge base of other files travels as its tables: a
        Dask worker need not see the directory it was read from.
        """
        # (a copy made with dataclasses.replace is not the loaded one: it travels as tables)
        if Path(self.data_dir) == DATA_DIR and self is load_knowledge():
            return (_reload, (self.version,))
        state = {}
        for f in fields(self):
            if f.name.startswith("_"):
                continue  # rebuilt from the public tables
            value = getattr(self, f.name)
            state[f.name] = dict(value) if isinstance(value, MappingProxyType) else value
        return (_restore, (state,))


def _reload(version: str) -> Knowledge:
    """Pickle support: parley's own knowledge base, which must be ``version`` here too."""
    kb = load_knowledge()
    if kb.version != version:
        raise KnowledgeError(
            f"parley's knowledge files here (version {kb.version}) differ from those of the "
            f"process that sent work here (version {version}).",
            fix="Install the same parley version on every machine of the run, and do not "
            "edit its files while it runs.",
        )
    return kb


def _restore(state: dict[str, Any]) -> Knowledge:
    """Pickle support: read-only views cannot be pickled, so they travel as dicts."""
    views: dict[str, Any] = {
        k: MappingProxyType(v) if isinstance(v, dict) else v for k, v in state.items()
    }
    return Knowledge(**views)


@functools.lru_cache(maxsize=16)
def _tag(kb: Knowledge, text: str) -> Tagged:
    """Cached: actors and places tag the same document one after the other.

    Per-token work runs in C (``findall``, ``map``, ``accumulate``, set membership); Python
    only visits the ~10 % of tokens that can start a gazetteer phrase.
    """
    norm = _fold(text)
    # each piece is a token with the whitespace before it (one C pass, 2x faster than
    # finditer): stripping gives the tokens, running sums of the lengths their ends
    pieces = _PIECE_RE.findall(norm)
    toks = tuple(map(str.lstrip, pieces))
    ends = tuple(accumulate(map(len, pieces)))
    starts = tuple(map(sub, ends, map(len, toks)))
    lows = list(map(str.lower, toks))
    n = len(toks)
    exact, lower, caps = kb._exact_index, kb._lower_index, kb._caps_index
    # one C-level pass finds the tokens that can start a phrase (any case)
    hits = compress(range(n), map(kb._fast_index.__contains__, lows))
    segments: list[Segment] = []
    seg_at: dict[int, int] = {}
    seg_end: dict[int, int] = {}
    skip = 0
    no_bucket: _Bucket = ({}, ())
    for i in hits:
        if i < skip:
            continue
        tok = toks[i]
        low = lows[i]
        if len(tok) > 1 and tok.isupper():  # datelines: "ASTANA", "KAZAN"
            options = (caps.get(low, no_bucket), lower.get(low, no_bucket))
            by_caps = True
        else:
            options = (exact.get(tok, no_bucket), lower.get(low, no_bucket))
            by_caps = False
        nxt = lows[i + 1] if i + 1 < n else ""
        best_len = 0
        best: list[Entry] = []
        for by_second, singles in options:
            # only phrases whose second token is the text's next one can match
            for entry in by_second.get(nxt, singles):  # longest first
                size = len(entry.tokens)
                if size < best_len:
                    break
                if size > 1:
                    if i + size > n:
                        continue
                    if not entry.exact:
                        ok = tuple(lows[i : i + size]) == entry.tokens
                    else:
                        ok = tuple(toks[i : i + size]) == entry.tokens or (
                            by_caps and tuple(lows[i : i + size]) == entry.low_tokens
                        )
                    # a phrase never spans a line break (captions, headings)
                    if not ok or "\n" in norm[starts[i] : ends[i + size - 1]]:
                        continue
                if size > best_len:
                    best_len = size
                    best = [entry]
                else:
                    best.append(entry)
        if best_len:
            if len(best) > 1:
                best.sort(key=_entry_order)
            seg_at[i] = seg_end[i + best_len] = len(segments)
            segments.append(
                Segment(
                    i,
                    i + best_len,
                    starts[i],
                    ends[i + best_len - 1],
                    tuple(best),
                    _KIND_SETS[best[0].kind] if len(best) == 1 else frozenset(e.kind for e in best),
                )
            )
            skip = i + best_len
    return Tagged(
        text,
        starts,
        ends,
        toks,
        tuple(segments),
        MappingProxyType(seg_at),
        MappingProxyType(seg_end),
    )


def _entry_order(entry: Entry) -> tuple[int, str]:
    """Tie-break of entries of equal length: kind priority, then key."""
    return (_KIND_ORDER[entry.kind], entry.key)


# --------------------------------------------------------------------------- loading


def load_knowledge(data_dir: Path | None = None) -> Knowledge:
    """Load (once per directory) the knowledge files into an immutable :class:`Knowledge`.

    Args:
        data_dir: a directory with the files listed in ``data/README.md``; ``None`` for the
            files shipped with parley.

    Returns:
        The cached :class:`Knowledge` for that directory.

    Raises:
        KnowledgeError: a file is missing or a line is malformed (names file and line).

    Example::

        >>> load_knowledge().country("CHN").short_name
        'China'
    """
    return _load(Path(data_dir).resolve() if data_dir is not None else DATA_DIR)


@functools.cache
def _load(data_dir: Path) -> Knowledge:
    """Cached per resolved directory: loading is pure, and workers load once."""
    if not data_dir.is_dir():
        raise KnowledgeError(
            f"knowledge directory '{data_dir}' does not exist.",
            fix="Pass an existing directory, or None for parley's own data.",
        )
    return _Builder(data_dir).build()


class _Builder:
    """Collects the tables while reading the files, then freezes them."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = data_dir
        self.entries: dict[tuple[tuple[str, ...], str, str], Entry] = {}

    # -- file reading ------------------------------------------------------------------

    def rows(self, name: str, ncols: int, *, min_cols: int | None = None) -> list[list[str]]:
        """Read a TSV file into rows of exactly ``ncols`` columns (missing trailing ones empty)."""
        lines = self._lines(name)
        out = []
        lowest = ncols if min_cols is None else min_cols
        header_skipped = False
        for number, line in lines:
            cols = [c.strip() for c in line.split("\t")]
            if not header_skipped and name in {"countries.tsv", "cities.tsv"}:
                header_skipped = True
                continue
            if len(cols) < lowest or len(cols) > ncols:
                raise self.error(
                    name, number, f"expected {ncols} tab-separated columns, found {len(cols)}"
                )
            cols += [""] * (ncols - len(cols))
            out.append([*cols, str(number)])
        return out

    def _lines(self, name: str) -> list[tuple[int, str]]:
        """Non-comment, non-blank lines with their 1-based numbers."""
        path = self.dir / name
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise KnowledgeError(
                f"knowledge file '{path}' is missing.",
                fix="Restore it from the parley repository (see src/parley/data/README.md).",
            ) from None
        except UnicodeDecodeError as err:
            raise KnowledgeError(
                f"knowledge file '{path}' is not UTF-8 ({err.reason} at byte {err.start}).",
                fix="Save it as UTF-8.",
            ) from None
        out = []
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            out.append((number, line.rstrip("\r\n")))
        return out

    def error(self, name: str, line: int | str, reason: str) -> KnowledgeError:
        """A KnowledgeError naming the file and line."""
        return KnowledgeError(
            f"knowledge file '{self.dir / name}' (line {line}): {reason}.",
            fix="Fix that line (format in src/parley/data/README.md).",
        )

    def iso3(self, name: str, line: str, value: str, *, extra: Sequence[str] = ()) -> str:
        """Validate a country code column."""
        if value in extra or (_ISO3_RE.match(value) and value in self.country_codes):
            return value
        raise self.error(name, line, f"unknown country code '{value}'")

    def date(self, name: str, line: str, value: str, *, end: bool) -> dt.date:
        """Parse YYYY-MM-DD or YYYY-MM (an end month means its last day)."""
        try:
            if len(value) == 7:
                year, month = int(value[:4]), int(value[5:7])
                if value[4] != "-":
                    raise ValueError(value)
                if not end:
                    return dt.date(year, month, 1)
                nxt = dt.date(year + month // 12, month % 12 + 1, 1)
                return nxt - dt.timedelta(days=1)
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.error(
                name, line, f"bad date '{value}' (use YYYY-MM-DD or YYYY-MM)"
            ) from None

    def add(self, phrase: str, kind: str, key: str) -> None:
        """Index a phrase; all-lowercase phrases match case-insensitively."""
        toks = _phrase_tokens(phrase)
        if len(toks) > 1 and toks[0].lower() == "the":
            toks = toks[1:]  # "the Netherlands": the article is not part of the name
        if not toks:
            return
        exact = phrase != phrase.lower()
        lows = tuple(t.lower() for t in toks)
        if not exact:
            toks = lows
        self.entries.setdefault((toks, kind, key), Entry(toks, kind, key, exact, lows))

    # -- tables ------------------------------------------------------------------------

    def build(self) -> Knowledge:
        countries = self.read_countries()
        self.country_codes = frozenset(countries) | {"XKX"}
        names = self.read_country_names(countries)
        self.read_regions()
        capitals, seats, capital_of, city_canonical = self.read_capitals()
        stoplist = frozenset(s for _, s in self._lines("city_stoplist.txt"))
        cities = self.read_cities(capital_of, stoplist)
        self.read_city_aliases(cities, city_canonical, stoplist)
        for city, iso3 in capital_of.items():
            if city not in stoplist:
                self.add(city, "capital", iso3)
        orgs = self.read_organisations()
        metonyms = self.read_metonyms()
        venues = self.read_venues()
        roles = self.read_roles()
        portfolios = frozenset(line.strip().lower() for _, line in self._lines("portfolios.txt"))
        holders = self.read_officeholders(roles)

        infos = {}
        for iso3, (iso2, name, official, common) in countries.items():
            extra_names, adjectives = names.get(iso3, ((), ()))
            infos[iso3] = CountryInfo(
                iso3,
                iso2,
                name,
                official,
                common,
                extra_names,
                adjectives,
                tuple(capitals.get(iso3, ())),
                tuple(seats.get(iso3, ())),
            )
        for iso3, (extra_names, adjectives) in names.items():
            if iso3 not in infos:
                infos[iso3] = CountryInfo(
                    iso3,
                    "",
                    extra_names[0],
                    names=extra_names,
                    adjectives=adjectives,
                    capitals=tuple(capitals.get(iso3, ())),
                    seats=tuple(seats.get(iso3, ())),
                )

        people: dict[str, list[Officeholder]] = {}
        short_names: dict[str, set[str]] = {}
        variants: dict[str, str] = {}
        for holder in holders:
            people.setdefault(holder.name, []).append(holder)
            for variant in (holder.name, *holder.variants):
                self.add(variant, "person", holder.name)
                variants[_name_key(variant)] = holder.name
            for short in holder.short:
                short_names.setdefault(short, set()).add(holder.name)

        index: dict[str, list[Entry]] = {}
        for entry in self.entries.values():
            index.setdefault(entry.low_tokens[0], []).append(entry)

        def freeze(index: dict[str, list[Entry]]) -> dict[str, tuple[Entry, ...]]:
            return {
                k: tuple(sorted(v, key=lambda e: (-len(e.tokens), _KIND_ORDER[e.kind], e.key)))
                for k, v in index.items()
            }

        city_table = {
            k: tuple(sorted(v, key=lambda c: (not c.is_capital, -c.population, c.country)))
            for k, v in cities.items()
        }
        return Knowledge(
            version=self.version(),
            data_dir=str(self.dir),
            countries=MappingProxyType(infos),
            cities=MappingProxyType(city_table),
            capitals=MappingProxyType(capital_of),
            city_canonical=MappingProxyType(city_canonical),
            organisations=MappingProxyType(orgs),
            metonyms=MappingProxyType(metonyms),
            venues=MappingProxyType({k: tuple(v) for k, v in venues.items()}),
            roles=MappingProxyType(roles),
            portfolios=portfolios,
            officeholders=tuple(holders),
            people=MappingProxyType({k: tuple(v) for k, v in people.items()}),
            short_names=MappingProxyType({k: tuple(sorted(v)) for k, v in short_names.items()}),
            name_variants=MappingProxyType(variants),
            city_stoplist=stoplist,
            index=MappingProxyType(freeze(index)),
            org_heads=MappingProxyType(_org_heads(orgs, index)),
        )

    def version(self) -> str:
        """Hash of every data file (names and bytes), so any knowledge change shows."""
        digest = hashlib.sha256()
        for path in sorted(self.dir.iterdir()):
            if path.is_file() and path.name != "README.md" and not path.name.startswith("."):
                digest.update(path.name.encode())
                digest.update(b"\0")
                digest.update(path.read_bytes())
        return digest.hexdigest()[:16]

    def read_countries(self) -> dict[str, tuple[str, str, str, str]]:
        out = {}
        for iso3, iso2, name, official, common, line in self.rows("countries.tsv", 5, min_cols=3):
            if not _ISO3_RE.match(iso3):
                raise self.error("countries.tsv", line, f"bad alpha-3 code '{iso3}'")
            out[iso3] = (iso2, name, official, common)
            for value in (name, official, common):
                if value and "," not in value:
                    self.add(value, "country", iso3)
        return out

    def read_country_names(
        self, countries: Mapping[str, object]
    ) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        out = {}
        known = set(countries) | {"XKX"}
        for iso3, names, adjectives, line in self.rows("country_names.tsv", 3, min_cols=2):
            if iso3 not in known:
                raise self.error("country_names.tsv", line, f"unknown country code '{iso3}'")
            name_list = tuple(n.strip() for n in names.split("|") if n.strip())
            adj_list = tuple(a.strip() for a in adjectives.split("|") if a.strip())
            if not name_list:
                raise self.error("country_names.tsv", line, "no country name")
            for name in name_list:
                self.add(name, "country", iso3)
            for adj in adj_list:
                self.add(adj, "adj", iso3)
            out[iso3] = (name_list, adj_list)
        return out

    def read_regions(self) -> None:
        for _, line in self._lines("regions.txt"):
            self.add(line.strip(), "region", line.strip())

    def read_capitals(
        self,
    ) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, str], dict[str, str]]:
        capitals: dict[str, list[str]] = {}
        seats: dict[str, list[str]] = {}
        capital_of: dict[str, str] = {}
        canonical: dict[str, str] = {}
        for iso3, kind, names, line in self.rows("capitals.tsv", 3):
            self.iso3("capitals.tsv", line, iso3)
            if kind not in {"capital", "seat"}:
                raise self.error("capitals.tsv", line, f"kind '{kind}' is not capital or seat")
            variants = [n.strip() for n in names.split("|") if n.strip()]
            if not variants:
                raise self.error("capitals.tsv", line, "no city name")
            (capitals if kind == "capital" else seats).setdefault(iso3, []).append(variants[0])
            for variant in variants:
                capital_of[variant] = iso3
                canonical[variant] = variants[0]
        return capitals, seats, capital_of, canonical

    def read_cities(
        self, capital_of: Mapping[str, str], stoplist: frozenset[str]
    ) -> dict[str, list[City]]:
        cities: dict[str, list[City]] = {}
        for name, ascii_name, iso3, population, line in self.rows("cities.tsv", 4):
            self.iso3("cities.tsv", line, iso3)
            try:
                pop = int(population)
            except ValueError:
                raise self.error(
                    "cities.tsv", line, f"population '{population}' is not a number"
                ) from None
            city = City(name, iso3, pop, capital_of.get(name) == iso3)
            for variant in {name, ascii_name}:
                if variant and variant not in stoplist:
                    cities.setdefault(variant, []).append(city)
                    self.add(variant, "city", variant)
        for variant, iso3 in capital_of.items():
            if variant in stoplist:
                continue
            known = cities.setdefault(variant, [])
            if not any(c.country == iso3 for c in known):
                known.append(City(variant, iso3, 0, True))
            else:
                known[:] = [
                    City(c.name, c.country, c.population, True) if c.country == iso3 else c
                    for c in known
                ]
            self.add(variant, "city", variant)
        return cities

    def read_city_aliases(
        self,
        cities: dict[str, list[City]],
        canonical: dict[str, str],
        stoplist: frozenset[str],
    ) -> None:
        for alias, city, iso3, line in self.rows("city_aliases.tsv", 3):
            self.iso3("city_aliases.tsv", line, iso3)
            if alias in stoplist:
                continue
            target = cities.get(canonical.get(city, city))
            found = [c for c in target or () if c.country == iso3]
            entry = found[0] if found else City(city, iso3, 0, False)
            cities.setdefault(alias, []).insert(0, entry)
            if alias != city:
                canonical.setdefault(alias, city)
            self.add(alias, "city", alias)

    def read_organisations(self) -> dict[str, Organisation]:
        out = {}
        for name, code, sector, aliases, line in self.rows("organisations.tsv", 4):
            if code not in {"UNO", "EUU", "IGO", "*"}:
                self.iso3("organisations.tsv", line, code)
            org = Organisation(name, code, sector)
            out[name] = org
            for alias in [name, *aliases.split("|")]:
                if alias.strip():
                    self.add(alias.strip(), "org", name)
        return out

    def read_metonyms(self) -> dict[str, Metonym]:
        out = {}
        for alias, iso3, sector, canonical, line in self.rows("metonyms.tsv", 4):
            self.iso3("metonyms.tsv", line, iso3, extra=("*",))  # "*": from context
            out[alias] = Metonym(alias, iso3, sector, canonical or alias)
            self.add(alias, "metonym", alias)
        return out

    def read_venues(self) -> dict[str, list[Venue]]:
        out: dict[str, list[Venue]] = {}
        for venue, city, iso3, needs, line in self.rows("venues.tsv", 4, min_cols=3):
            self.iso3("venues.tsv", line, iso3, extra=("*",))  # "*": from context
            if (city == "*") != (iso3 == "*"):
                raise self.error("venues.tsv", line, "a '*' venue needs both city and country '*'")
            if needs not in {"", "yes", "no"}:
                raise self.error("venues.tsv", line, f"needs_context '{needs}' is not yes/no")
            out.setdefault(venue, []).append(Venue(venue, city, iso3, needs == "yes"))
            self.add(venue, "venue", venue)
        return out

    def read_roles(self) -> dict[str, Role]:
        out = {}
        for key, head, sector, rank, country, label, phrases, line in self.rows("roles.tsv", 7):
            if country:
                self.iso3("roles.tsv", line, country, extra=("UNO", "EUU", "IGO"))
            try:
                rank_value = int(rank)
            except ValueError:
                raise self.error("roles.tsv", line, f"rank '{rank}' is not a number") from None
            phrase_list = tuple(p.strip() for p in phrases.split("|") if p.strip())
            if not phrase_list:
                raise self.error("roles.tsv", line, "no role phrase")
            out[key] = Role(
                key, head or key, sector, rank_value, country or None, label, phrase_list
            )
            for phrase in phrase_list:
                self.add(phrase, "role", key)
        return out

    def read_officeholders(self, roles: Mapping[str, Role]) -> list[Officeholder]:
        out = []
        name_file = "officeholders.tsv"
        for name, variants, short, role, country, start, end, label, line in self.rows(
            name_file, 8, min_cols=6
        ):
            if role not in roles:
                raise self.error(
                    name_file, line, f"unknown role '{role}' (valid: {', '.join(sorted(roles))})"
                )
            self.iso3(name_file, line, country, extra=("UNO", "EUU", "IGO"))
            first = self.date(name_file, line, start, end=False)
            last = self.date(name_file, line, end, end=True) if end else None
            if last is not None and last < first:
                raise self.error(name_file, line, f"end {end} is before start {start}")
            out.append(
                Officeholder(
                    name,
                    role,
                    country,
                    first,
                    last,
                    label or roles[role].label,
                    tuple(v.strip() for v in variants.split("|") if v.strip()),
                    tuple(s.strip() for s in short.split("|") if s.strip()),
                )
            )
        return out


def _org_heads(
    orgs: Mapping[str, Organisation], index: Mapping[str, Sequence[Entry]]
) -> dict[str, tuple[str, ...]]:
    """Head noun of each multi-word organisation name: the word before "of" ("Council of the
    European Union"), else the last word ("European Council"); capitalised words that are not
    themselves a place or a country ("Asia", "Germany")."""
    heads: dict[str, list[str]] = {}
    for name in orgs:
        words = name.split()
        if len(words) < 2:
            continue
        head = words[0] if len(words) > 2 and words[1] == "of" else words[-1]
        if not (head.isalpha() and head[:1].isupper() and not head.isupper() and len(head) > 3):
            continue
        if any(e.tokens == (head,) and e.kind in _PLACE_KINDS for e in index.get(head.lower(), ())):
            continue
        heads.setdefault(head, []).append(name)
    return {k: tuple(v) for k, v in heads.items()}


def _name_key(name: str) -> str:
    """Order- and case-insensitive key of a person name ("KAMIKAWA Yoko" = "Yoko Kamikawa")."""
    return " ".join(
        sorted(t.lower() for t in TOKEN_RE.findall(name.translate(_QUOTES)) if t.isalnum())
    )


def name_key(name: str) -> str:
    """Order-, case- and punctuation-insensitive key of a person name.

    Args:
        name: a person name as written.

    Returns:
        Lower-cased alphanumeric tokens, sorted and space-joined.
    """
    return _name_key(name)
