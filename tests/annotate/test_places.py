"""find_places: cities, capitals used as places, venues, countries after prepositions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kb_helpers import split, write_fictional_kb
from parley.annotate.actors import find_actors
from parley.annotate.places import find_places
from parley.knowledge import Knowledge, load_knowledge
from parley.models import Mention

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge()


def places(text: str, kb: Knowledge) -> list[Mention]:
    sentences = split(text)
    found, _ = find_actors(text, sentences, kb, published=dt.date(2025, 1, 1))
    return find_places(text, sentences, kb, found)


def pairs(text: str, kb: Knowledge) -> list[tuple[str, str | None, str | None]]:
    return [(m.text, m.value, m.country) for m in places(text, kb)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Talks were held in Beijing.", ("Beijing", "Beijing", "CHN")),
        ("Kosherbayev visited Moscow for talks.", ("Moscow", "Moscow", "RUS")),
        ("BAGHDAD, July 20 (MNA) -- Crowds gathered.", ("BAGHDAD", "Baghdad", "IRQ")),
        ("The leaders met in Kazan, Russia, on Wednesday.", ("Kazan", "Kazan", "RUS")),
        ("Talks were held at Hyderabad House.", ("Hyderabad House", "New Delhi", "IND")),
        ("The summit took place at Lancaster House.", ("Lancaster House", "London", "GBR")),
        ("They signed it at Malacañang on Monday.", ("Malacañang", "Manila", "PHL")),
        (
            "After the talks at the Akorda presidential palace, he spoke.",
            ("Akorda presidential palace", "Astana", "KAZ"),
        ),
        (
            "The minister arrived in the People's Republic of China.",
            ("People's Republic of China", None, "CHN"),
        ),
        ("He flew in from Kiev.", ("Kiev", "Kyiv", "UKR")),
        ("Highs of 41C are forecast for Tashkent and Bishkek.", ("Bishkek", "Bishkek", "KGZ")),
        ("The city of Hyderabad in India was hot.", ("Hyderabad", "Hyderabad", "IND")),
    ],
    ids=[
        "in-capital",
        "visited",
        "dateline",
        "city-comma-country",
        "venue",
        "lancaster",
        "malacanang",
        "akorda",
        "in-country",
        "variant",
        "plain-city",
        "same-name-by-context",
    ],
)
def test_places(kb: Knowledge, sentence: str, expected: tuple[str, str | None, str]) -> None:
    assert expected in pairs(sentence, kb)


@pytest.mark.parametrize(
    "sentence",
    [
        "Of course the talks went well.",
        "Nice weather helped.",
        "Reading the statement, he smiled.",
        "Beijing expressed its readiness to expand engagement.",
        "Algiers withdrew its ambassador.",
        "The Shanghai Cooperation Organisation met.",
        "Relations between Kazakhstan and China are good.",
    ],
    ids=["of", "nice", "reading", "capital-actor", "algiers", "org-name", "countries-as-actors"],
)
def test_not_places(kb: Knowledge, sentence: str) -> None:
    assert pairs(sentence, kb) == []


def test_parliament_house_needs_context(kb: Knowledge) -> None:
    assert pairs("He spoke at Parliament House.", kb) == []
    found = pairs("Premier Li Qiang came to Parliament House in Canberra.", kb)
    assert ("Parliament House", "Canberra", "AUS") in found


def test_fictional_places(tmp_path: Path) -> None:
    tiny = load_knowledge(write_fictional_kb(tmp_path / "kb"))
    text = "Of all places, talks in Old Fred and at the Blue Palace failed; Marshton was quiet."
    found = {(m.text, m.value, m.country) for m in find_places(text, split(text), tiny, [])}
    assert ("Old Fred", "Fredville", "FRE") in found
    assert ("Blue Palace", "Fredville", "FRE") in found
    assert ("Marshton", "Marshton", "SYL") in found
    assert not any(t == "Of" for t, _, _ in found)


def test_seed_in_beijing_is_a_place(kb: Knowledge) -> None:
    if not SEEDS.is_dir():
        pytest.fail(f"{SEEDS} is missing: CI places ../shared beside the clone")
    text = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    found = places(text, kb)
    start = text.index("in Beijing where") + 3
    assert any(m.start == start and m.value == "Beijing" and m.country == "CHN" for m in found)
    readiness = text.index("Beijing expressed")
    assert not any(m.start == readiness for m in found)
    for m in found:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The talks were held at the Kazakhstan Cultural Centre in Beijing.",
            [("Beijing", "Beijing", "CHN")],
        ),
        (
            "Aid was handed over by the Ambassador of India to Myanmar Shri Abhay Thakur.",
            [("Myanmar", None, "MMR")],
        ),
        ("Ministers arrived in Kazakhstan on Monday.", [("Kazakhstan", None, "KAZ")]),
        ("The envoy returned to China Tuesday.", [("China", None, "CHN")]),
    ],
    ids=["facility-name", "name-after-honorific", "plain", "weekday-after"],
)
def test_country_inside_a_name_is_no_place(
    kb: Knowledge, sentence: str, expected: list[tuple[str, str | None, str]]
) -> None:
    assert pairs(sentence, kb) == expected


@pytest.mark.parametrize(
    ("text", "dateline", "expected"),
    [
        ("OSLO, May 2 -- The guest was received at the Chancellery.", None, ("Oslo", "NOR")),
        ("The guest was received at the Chancellery.", "Vienna", ("Vienna", "AUT")),
        ("The guest was received at the Polish Chancellery.", None, ("Warsaw", "POL")),
        ("The guest was received at Austria's Chancellery.", None, ("Vienna", "AUT")),
        ("The two leaders met at the Chancellery in Prague.", None, ("Prague", "CZE")),
        ("The guest was received at the Presidential Palace.", "Kyiv", ("Kyiv", "UKR")),
        ("The guest was received at the Chancellery.", None, None),
        ("Talks went on at the Kremlin.", None, ("Moscow", "RUS")),
    ],
    ids=[
        "dateline-in-text",
        "removed-dateline",
        "demonym",
        "possessive",
        "in-city",
        "presidential-palace",
        "no-context-unplaced",
        "fixed-metonym",
    ],
)
def test_shared_buildings_take_the_context_country(
    kb: Knowledge, text: str, dateline: str | None, expected: tuple[str, str] | None
) -> None:
    sentences = split(text)
    found, _ = find_actors(text, sentences, kb, dateline=dateline)
    name = "Kremlin" if "Kremlin" in text else ("Palace" if "Palace" in text else "Chancellery")
    got = [
        (m.value, m.country)
        for m in find_places(text, sentences, kb, found, dateline=dateline)
        if name in m.text
    ]
    assert got == ([expected] if expected else [])
