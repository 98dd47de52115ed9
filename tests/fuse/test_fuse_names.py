"""Name and place matching across outlets' spellings."""

from __future__ import annotations

import pytest

from parley.fuse.names import (
    could_be_same_person,
    is_person_name,
    is_surname,
    name_similarity,
    name_tokens,
    same_place,
)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("KAMIKAWA Yoko", "Yoko Kamikawa", 1.0),
        ("Gilberto C. Teodoro, Jr.", "Gilberto Teodoro Jr.", 1.0),
        ("António Costa", "Antonio Costa", 1.0),
        ("Abdel Fattah El-Sisi", "Abdel Fattah al-Sisi", 1.0),
        ("Modi", "Narendra Modi", 0.9),
        ("Claudia Sheinbaum", "Claudia Sheinbaum Pardo", 0.9),
        ("Yermek Kosherbaev", "Yermek Kosherbayev", 0.85),
        ("Sergey Lavrov", "Sergei Lavrov", 0.85),
        ("Wang Yi", "Wang Wenbin", 0.0),
        ("Penny Wong", "Anthony Albanese", 0.0),
    ],
    ids=[
        "word-order",
        "initial-suffix",
        "diacritics",
        "article",
        "surname",
        "extra-name",
        "translit",
        "translit-given-name",
        "same-family-name",
        "different",
    ],
)
def test_name_similarity(a: str, b: str, expected: float) -> None:
    assert name_similarity(name_tokens(a), name_tokens(b)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Yoko Kamikawa", True),
        ("Mohammed bin Salman", True),
        ("Ursula von der Leyen", True),
        ("Federal Foreign Office", False),
        ("Russia's acting charge d'affaires", False),
        ("Demonstrators", False),
        ("Council of the European Union", False),
        ("Tibetan, Uyghur and Hong Kong activists", False),
    ],
    ids=[
        "person",
        "particle-bin",
        "particle-von",
        "office",
        "possessive",
        "group",
        "council",
        "activists",
    ],
)
def test_is_person_name(name: str, expected: bool) -> None:
    assert is_person_name(name) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Modi", True), ("Council", False), ("Protesters", False), ("Xi", False), ("Wang Yi", False)],
    ids=["surname", "institution", "group", "too-short", "two-words"],
)
def test_is_surname(name: str, expected: bool) -> None:
    assert is_surname(name) is expected


def test_could_be_same_person_accepts_a_shared_surname() -> None:
    assert could_be_same_person(name_tokens("Mohammed bin Salman"), name_tokens("Prince Salman"))
    assert not could_be_same_person(name_tokens("Marta Quellen"), name_tokens("Idris Halloway"))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("New Delhi", "Delhi", True),
        ("Nay Pyi Taw", "Naypyidaw", True),
        ("Malacañang", "Malacanang", True),
        ("Woodside", "San Francisco", False),
        ("Astana", "Almaty", False),
    ],
    ids=["nested", "spacing", "diacritics", "nearby-city", "other-city"],
)
def test_same_place(a: str, b: str, expected: bool) -> None:
    assert same_place(a, b) is expected
