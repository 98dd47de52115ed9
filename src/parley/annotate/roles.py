"""Dated roles: who held which office for which country on a given day.

A :class:`RoleBook` joins the hand-compiled officeholders table of the knowledge base with the
:class:`~parley.models.RoleAssertion`\\ s parley reads in documents ("Kazakhstan's Minister of
Foreign Affairs Yermek Kosherbayev", "appointed in September"). It is immutable: learning
returns a new book. Names are unified across spellings (Sergei/Sergey Lavrov,
Kosherbaev/Kosherbayev) with rapidfuzz, guarded so that namesakes of different countries or
with different given names never merge.

Example::

    >>> book = RoleBook.from_knowledge(load_knowledge())
    >>> book.holder("foreign_minister", "KAZ", dt.date(2025, 10, 28))
    'Yermek Kosherbayev'
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from rapidfuzz import fuzz

from parley.knowledge import Knowledge, load_knowledge, name_key
from parley.models import RoleAssertion

__all__ = ["RoleBook", "RoleFact", "fold_name"]

# Particles and honorifics carry no identity: "Abdel Fattah al-Sisi" = "Abdel Fattah El-Sisi".
_PARTICLES = frozenset(
    {
        *("al", "el", "bin", "ibn", "bint", "de", "da", "di", "du", "van", "von", "der", "den"),
        *("la", "le", "jr", "sr", "dr", "mr", "mrs", "ms", "sheikh"),
    }
)


@functools.lru_cache(maxsize=4096)
def fold_name(name: str) -> tuple[str, ...]:
    """Lower-case, accent-free name tokens without particles/honorifics.

    Args:
        name: a person name as written ("Abdel Fattah Al-Sisi").

    Returns:
        The identity-bearing tokens (``("abdel", "fattah", "sisi")``).
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    for ch in "-.,'’()":
        plain = plain.replace(ch, " ")
    return tuple(t for t in plain.split() if t not in _PARTICLES)


def _empty() -> Mapping[Any, Any]:
    """Default for the index fields (filled by ``RoleBook._build``)."""
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class RoleFact:
    """What the book knows of one person in one office: role key, wording, country, dates."""

    person: str
    role: str
    label: str
    country: str | None
    start: dt.date | None
    end: dt.date | None
    learned: bool  # from a RoleAssertion rather than the officeholders table


@dataclass(frozen=True, eq=False)
class RoleBook:
    """Immutable collection of dated role facts: the officeholders table + learned assertions.

    Build it with :meth:`from_knowledge`; add what documents say with :meth:`with_assertions`.
    Equality and hashing are by identity (the book keys caches).
    """

    kb: Knowledge
    assertions: tuple[RoleAssertion, ...] = ()
    facts: tuple[RoleFact, ...] = field(default=(), repr=False)
    _by_office: Mapping[tuple[str, str], tuple[RoleFact, ...]] = field(
        default_factory=_empty, repr=False
    )
    _by_person: Mapping[str, tuple[RoleFact, ...]] = field(default_factory=_empty, repr=False)
    _by_key: Mapping[str, str] = field(default_factory=_empty, repr=False)
    _by_letter: Mapping[str, tuple[str, ...]] = field(default_factory=_empty, repr=False)

    @classmethod
    def from_knowledge(cls, kb: Knowledge | None = None) -> RoleBook:
        """A book holding the officeholders table of ``kb``.

        Args:
            kb: the knowledge base (``None``: parley's own).

        Returns:
            A new :class:`RoleBook` with no learned assertions.
        """
        return _book_for(kb if kb is not None else load_knowledge())

    @classmethod
    def _build(cls, kb: Knowledge, assertions: tuple[RoleAssertion, ...]) -> RoleBook:
        """Index table terms and assertions once; lookups are then dict reads."""
        facts = [
            RoleFact(h.name, h.role, h.label, h.country, h.start, h.end, False)
            for h in kb.officeholders
        ]
        by_key: dict[str, str] = dict(kb.name_variants)
        table_people = {h.name for h in kb.officeholders}
        for assertion in assertions:
            key = _role_key(kb, assertion.role)
            if key is None:
                continue
            person = _unify(assertion.person, assertion.country, by_key, facts)
            by_key.setdefault(name_key(assertion.person), person)
            start = assertion.since or assertion.as_of
            facts.append(
                RoleFact(person, key, assertion.role, assertion.country, start, None, True)
            )
        by_office: dict[tuple[str, str], list[RoleFact]] = {}
        by_person: dict[str, list[RoleFact]] = {}
        for fact in facts:
            if fact.country:
                by_office.setdefault((fact.role, fact.country), []).append(fact)
            by_person.setdefault(fact.person, []).append(fact)
        by_letter: dict[str, set[str]] = {}
        for person in table_people | set(by_person):
            for token in fold_name(person):
                by_letter.setdefault(token[:1], set()).add(person)
        return cls(
            kb,
            assertions,
            tuple(facts),
            MappingProxyType({k: tuple(v) for k, v in by_office.items()}),
            MappingProxyType({k: tuple(v) for k, v in by_person.items()}),
            MappingProxyType(by_key),
            MappingProxyType({k: tuple(sorted(v)) for k, v in by_letter.items()}),
        )

    def __reduce__(self) -> tuple[Any, tuple[Knowledge, tuple[RoleAssertion, ...]]]:
        return (_rebuild, (self.kb, self.assertions))

    def with_assertions(self, assertions: Iterable[RoleAssertion]) -> RoleBook:
        """A new book that also knows ``assertions`` (this one is unchanged).

        Args:
            assertions: role assertions read from documents.

        Returns:
            A new :class:`RoleBook`.
        """
        added = tuple(assertions)
        if not added:
            return self
        return RoleBook._build(self.kb, self.assertions + added)

    def holder(self, role_key: str, country: str, on: dt.date) -> str | None:
        """The person who held an office on a day.

        Learned assertions that are newer than the table's term win (the table has a cut-off).

        Args:
            role_key: a roles.tsv key (``"foreign_minister"``).
            country: ISO3 (or EUU/UNO/IGO).
            on: the day.

        Returns:
            The canonical name, or ``None`` when nobody is known.

        Example::

            >>> book.holder("foreign_minister", "KAZ", dt.date(2024, 1, 1))
            'Murat Nurtleu'
        """
        best: RoleFact | None = None
        for fact in self._by_office.get((role_key, country), ()):
            if fact.learned:
                if fact.start is None or fact.start > on:
                    continue
            elif not (fact.start is not None and fact.start <= on) or (
                fact.end is not None and on > fact.end
            ):
                continue
            if best is None or (fact.start or dt.date.min) >= (best.start or dt.date.min):
                best = fact
        return best.person if best else None

    def lookup(self, role_key: str, country: str, on: dt.date) -> str | None:
        """Alias of :meth:`holder` (the name used in docs/internals.md)."""
        return self.holder(role_key, country, on)

    def roles_of(self, name: str, on: dt.date | None = None) -> tuple[RoleFact, ...]:
        """What the book knows of a person, the facts covering ``on`` first.

        Args:
            name: any spelling of the person's name.
            on: a day to prefer terms covering it (``None``: latest terms first).

        Returns:
            The person's :class:`RoleFact`\\ s, best first (empty if unknown).
        """
        facts = self._by_person.get(self.resolve_name(name), ())
        if not facts:
            return ()

        def covers(fact: RoleFact) -> bool:
            return (
                on is not None
                and (fact.start is None or fact.start <= on)
                and (fact.end is None or on <= fact.end)
            )

        ordered = sorted(
            facts, key=lambda f: (not covers(f), -(f.start or dt.date.min).toordinal())
        )
        return tuple(ordered)

    def resolve_name(self, name: str, country: str | None = None) -> str:
        """Unify a spelling with a known person ("Sergei Lavrov" -> "Sergey Lavrov").

        Args:
            name: a person name as written.
            country: the person's country when known; a candidate of another country never
                matches (namesakes in different countries stay apart).

        Returns:
            The canonical name, or ``name`` (spacing normalised) when nobody matches.
        """
        return _resolve(self, " ".join(name.split()), country)


def _rebuild(kb: Knowledge, assertions: tuple[RoleAssertion, ...]) -> RoleBook:
    """Pickle support: the indexes are rebuilt rather than shipped."""
    return RoleBook._build(kb, assertions) if assertions else _book_for(kb)


@functools.lru_cache(maxsize=8)
def _book_for(kb: Knowledge) -> RoleBook:
    """One table-only book per knowledge base."""
    return RoleBook._build(kb, ())


def _role_key(kb: Knowledge, wording: str) -> str | None:
    """Role key of a worded role: the last role phrase in it ("Foreign Ministry spokesman")."""
    tagged = kb.tag(wording)
    key = None
    for segment in tagged.segments:
        entry = segment.first("role")
        if entry is not None:
            key = entry.key
    return key


def _unify(name: str, country: str | None, by_key: Mapping[str, str], facts: list[RoleFact]) -> str:
    """Canonical name of an asserted person among what is already known."""
    exact = by_key.get(name_key(name))
    if exact is not None:
        return exact
    people = {(f.person, f.country) for f in facts}
    best = _best_match(name, country, people)
    return best or " ".join(name.split())


def _best_match(
    name: str, country: str | None, people: Iterable[tuple[str, str | None]]
) -> str | None:
    """Fuzzy match guarded by country, surname and given name."""
    folded = fold_name(name)
    if not folded:
        return None
    best: tuple[float, str] | None = None
    for person, their_country in people:
        if country and their_country and country != their_country:
            continue
        score = _similarity(folded, fold_name(person))
        if score and (best is None or score > best[0]):
            best = (score, person)
    return best[1] if best else None


def _similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """0 unless surnames agree and given names are compatible; else a token-sort score."""
    if not a or not b:
        return 0.0
    # any shared or near-identical surname token (names may come surname-first: KAMIKAWA Yoko)
    surname_a, surname_b = a[-1], b[-1]
    if (
        fuzz.ratio(surname_a, surname_b) < 85
        and fuzz.ratio(a[0], surname_b) < 90
        and fuzz.ratio(surname_a, b[0]) < 90
    ):
        return 0.0
    if len(a) == 1 or len(b) == 1:
        # a bare surname matches only a full name of the same surname
        single, full = (a, b) if len(a) == 1 else (b, a)
        return 90.0 if fuzz.ratio(single[0], full[-1]) >= 85 else 0.0
    given_a, given_b = a[0], b[0]
    given = max(
        fuzz.ratio(given_a, given_b), fuzz.ratio(given_a, b[-1]), fuzz.ratio(a[-1], given_b)
    )
    if given < 75 and not (len(given_a) == 1 and given_b.startswith(given_a)):
        return 0.0
    score = fuzz.token_sort_ratio(" ".join(a), " ".join(b))
    return score if score >= 85 else 0.0


@functools.lru_cache(maxsize=4096)
def _resolve(book: RoleBook, name: str, country: str | None) -> str:
    """Cached per book: the same names recur in every document."""
    exact = book._by_key.get(name_key(name))
    if exact is not None:
        known = _countries(book, exact)
        if country is None or not known or country in known:
            return exact
    folded = fold_name(name)
    if not folded:
        return name
    candidates: set[str] = set()
    for token in folded:
        candidates.update(book._by_letter.get(token[:1], ()))
    best: tuple[float, str] | None = None
    for person in candidates:
        known = _countries(book, person)
        if country and known and country not in known:
            continue
        score = _similarity(folded, fold_name(person))
        if score and (best is None or score > best[0] or (score == best[0] and person < best[1])):
            best = (score, person)
    if best is None:
        return name
    if len(folded) == 1:
        # a bare surname is ambiguous when two known people share it
        rivals = [
            p
            for p in candidates
            if p != best[1]
            and _similarity(folded, fold_name(p)) >= best[0]
            and not (country and _countries(book, p) and country not in _countries(book, p))
        ]
        if rivals:
            return name
    return best[1]


def _countries(book: RoleBook, person: str) -> set[str]:
    """Countries a known person held office for."""
    return {f.country for f in book._by_person.get(person, ()) if f.country}
