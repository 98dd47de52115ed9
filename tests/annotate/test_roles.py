"""RoleBook: dated office lookups, learned assertions, name unification."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

from kb_helpers import write_fictional_kb
from parley.annotate.roles import RoleBook, fold_name
from parley.knowledge import load_knowledge
from parley.models import RoleAssertion


@pytest.fixture(scope="module")
def book() -> RoleBook:
    return RoleBook.from_knowledge(load_knowledge())


@pytest.fixture()
def tiny_book(tmp_path: Path) -> RoleBook:
    return RoleBook.from_knowledge(load_knowledge(write_fictional_kb(tmp_path / "kb")))


def assertion(
    person: str, role: str, country: str, as_of: dt.date, since: dt.date | None = None
) -> RoleAssertion:
    return RoleAssertion(
        person=person,
        role=role,
        country=country,
        as_of=as_of,
        since=since,
        doc_id="t",
        text=person,
        start=0,
        end=len(person),
    )


@pytest.mark.parametrize(
    ("role", "country", "on", "expected"),
    [
        ("foreign_minister", "KAZ", dt.date(2025, 10, 28), "Yermek Kosherbayev"),
        ("foreign_minister", "KAZ", dt.date(2024, 1, 15), "Murat Nurtleu"),
        ("foreign_minister", "CHN", dt.date(2023, 3, 1), "Qin Gang"),
        ("foreign_minister", "CHN", dt.date(2024, 3, 1), "Wang Yi"),
        ("president", "USA", dt.date(2024, 4, 2), "Joe Biden"),
        ("president", "USA", dt.date(2025, 2, 3), "Donald Trump"),
        ("chancellor", "DEU", dt.date(2024, 9, 16), "Olaf Scholz"),
        ("prime_minister", "GBR", dt.date(2022, 10, 1), "Liz Truss"),
        ("foreign_minister", "ATL", dt.date(2024, 1, 1), None),
    ],
    ids=[
        "kaz-2025",
        "kaz-2024",
        "qin-gang",
        "wang-yi-back",
        "biden",
        "trump",
        "scholz",
        "truss",
        "unknown",
    ],
)
def test_holder_on_date(
    book: RoleBook, role: str, country: str, on: dt.date, expected: str | None
) -> None:
    assert book.holder(role, country, on) == expected
    assert book.lookup(role, country, on) == expected


def test_holder_fictional_term_boundaries(tiny_book: RoleBook) -> None:
    assert tiny_book.holder("foreign_minister", "SYL", dt.date(2022, 5, 1)) == "Carlo Trentino"
    assert tiny_book.holder("foreign_minister", "SYL", dt.date(2024, 7, 1)) == "Vera Marsh"
    assert tiny_book.holder("foreign_minister", "SYL", dt.date(2020, 1, 1)) is None


def test_learned_assertion_wins_after_table(tiny_book: RoleBook) -> None:
    learned = tiny_book.with_assertions(
        [
            assertion(
                "Groucho Pinkham",
                "Minister of Foreign Affairs",
                "SYL",
                dt.date(2026, 3, 2),
                dt.date(2026, 2, 1),
            )
        ]
    )
    assert learned.holder("foreign_minister", "SYL", dt.date(2026, 2, 10)) == "Groucho Pinkham"
    assert learned.holder("foreign_minister", "SYL", dt.date(2025, 12, 1)) == "Vera Marsh"
    # the original book is unchanged
    assert tiny_book.holder("foreign_minister", "SYL", dt.date(2026, 2, 10)) == "Vera Marsh"


def test_with_no_assertions_returns_same_book(tiny_book: RoleBook) -> None:
    assert tiny_book.with_assertions([]) is tiny_book


@pytest.mark.parametrize(
    ("written", "country", "expected"),
    [
        ("Sergei Lavrov", None, "Sergey Lavrov"),
        ("Kosherbaev", None, "Yermek Kosherbayev"),
        ("Yermek Kosherbaev", "KAZ", "Yermek Kosherbayev"),
        ("KAMIKAWA Yoko", None, "Yoko Kamikawa"),
        ("Abdel Fattah Al-Sisi", None, "Abdel Fattah el-Sisi"),
        ("Gilberto C. Teodoro, Jr.", "PHL", "Gilberto Teodoro Jr."),
        ("Antonio Costa", "EUU", "António Costa"),
        ("Lavrov", "USA", "Lavrov"),
        ("Hunter Biden", None, "Hunter Biden"),
        ("Jane  Doe", None, "Jane Doe"),
    ],
    ids=[
        "sergei",
        "surname-variant",
        "full-variant",
        "caps-surname-first",
        "al-el",
        "jr",
        "accent",
        "other-country",
        "other-given-name",
        "unknown",
    ],
)
def test_resolve_name(book: RoleBook, written: str, country: str | None, expected: str) -> None:
    assert book.resolve_name(written, country) == expected


def test_same_surname_in_two_countries_does_not_merge(tiny_book: RoleBook) -> None:
    assert tiny_book.resolve_name("Vera Marsh", "SYL") == "Vera Marsh"
    assert tiny_book.resolve_name("Ann Marsh", "FRE") == "Ann Marsh"
    assert tiny_book.resolve_name("Vera Marsh", "FRE") == "Vera Marsh"  # no FRE Vera: unchanged
    assert tiny_book.resolve_name("A. Marsh", "FRE") == "Ann Marsh"
    assert tiny_book.resolve_name("Marsh") == "Marsh"  # two Marshes: ambiguous, left alone


def test_assertion_variants_unify_with_table(book: RoleBook) -> None:
    learned = book.with_assertions(
        [assertion("Sergei Lavrov", "Foreign Minister", "RUS", dt.date(2025, 10, 21))]
    )
    assert {f.person for f in learned.facts if f.learned} == {"Sergey Lavrov"}


def test_roles_of_prefers_term_covering_date(book: RoleBook) -> None:
    facts = book.roles_of("Liz Truss", dt.date(2022, 10, 1))
    assert facts[0].role == "prime_minister"
    facts = book.roles_of("Liz Truss", dt.date(2022, 1, 1))
    assert facts[0].role == "foreign_minister"


def test_fold_name_drops_particles_and_accents() -> None:
    assert fold_name("Abdel Fattah Al-Sisi") == ("abdel", "fattah", "sisi")
    assert fold_name("Thérèse Kayikwamba Wagner") == ("therese", "kayikwamba", "wagner")


def test_rolebook_pickles(tiny_book: RoleBook) -> None:
    learned = tiny_book.with_assertions(
        [assertion("Groucho Pinkham", "Foreign Minister", "SYL", dt.date(2026, 3, 2))]
    )
    back = pickle.loads(pickle.dumps(learned))
    assert back.holder("foreign_minister", "SYL", dt.date(2026, 4, 1)) == "Groucho Pinkham"
