"""find_actors: officials, countries, capitals as governments, organisations, groups."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb_helpers import split, write_fictional_kb
from parley.annotate.actors import find_actors, home_country
from parley.annotate.roles import RoleBook
from parley.knowledge import Knowledge, load_knowledge
from parley.models import Mention

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge()


@pytest.fixture()
def tiny(tmp_path: Path) -> Knowledge:
    return load_knowledge(write_fictional_kb(tmp_path / "kb"))


def actors(
    text: str, kb: Knowledge, published: dt.date | None = dt.date(2025, 10, 28), **kw: object
) -> list[Mention]:
    return find_actors(text, split(text), kb, published=published, **kw)[0]  # type: ignore[arg-type]


def people(
    text: str, kb: Knowledge, **kw: object
) -> list[tuple[str, str | None, str | None, str | None]]:
    return [
        (m.text, m.value, m.role, m.country)
        for m in actors(text, kb, **kw)
        if m.actor_type == "person"
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Kazakhstan's Minister of Foreign Affairs Yermek Kosherbayev met reporters.",
            ("Yermek Kosherbayev", "Yermek Kosherbayev", "Minister of Foreign Affairs", "KAZ"),
        ),
        (
            "German Chancellor Olaf Scholz arrived.",
            ("Olaf Scholz", "Olaf Scholz", "Chancellor", "DEU"),
        ),
        (
            "He met Russian Foreign Minister Sergey Lavrov.",
            ("Sergey Lavrov", "Sergey Lavrov", "Foreign Minister", "RUS"),
        ),
        (
            "U.S. President Joe Biden spoke by phone.",
            ("Joe Biden", "Joe Biden", "President", "USA"),
        ),
        (
            "Prime Minister Narendra Modi said so.",
            ("Narendra Modi", "Narendra Modi", "Prime Minister", "IND"),
        ),
        (
            "She met her Chinese counterpart Foreign Minister Wang Yi.",
            ("Wang Yi", "Wang Yi", "Foreign Minister", "CHN"),
        ),
        (
            "Foreign Minister KAMIKAWA Yoko signed it.",
            ("KAMIKAWA Yoko", "Yoko Kamikawa", "Foreign Minister", "JPN"),
        ),
        (
            "Secretary of National Defense Gilberto C. Teodoro, Jr. signed it.",
            (
                "Gilberto C. Teodoro, Jr.",
                "Gilberto Teodoro Jr.",
                "Secretary of National Defense",
                "PHL",
            ),
        ),
        (
            "President Dr Mohamed Muizzu held talks.",
            ("Mohamed Muizzu", "Mohamed Muizzu", "President", "MDV"),
        ),
        (
            "Saudi Crown Prince Mohammed bin Salman received him.",
            ("Mohammed bin Salman", "Mohammed bin Salman", "Crown Prince", "SAU"),
        ),
        (
            "Syria's interim president Ahmed al-Sharaa flew in.",
            ("Ahmed al-Sharaa", "Ahmed al-Sharaa", "interim president", "SYR"),
        ),
        (
            "The talks were held with the Prime Minister of India, Narendra Modi.",
            ("Narendra Modi", "Narendra Modi", "Prime Minister", "IND"),
        ),
        (
            "Zorbic Vantos, Foreign Minister of Uzbekistan, spoke.",
            ("Zorbic Vantos", "Zorbic Vantos", "Foreign Minister", "UZB"),
        ),
        (
            "The acting chargé d'affaires of the Russian embassy, Alexei Korlyakov, was summoned.",
            ("Alexei Korlyakov", "Alexei Korlyakov", "acting chargé d'affaires", "RUS"),
        ),
        (
            "Iran's ambassador to Australia, Ahmad Sadeghi, must leave.",
            ("Ahmad Sadeghi", "Ahmad Sadeghi", "ambassador to Australia", "IRN"),
        ),
        (
            "Interior Minister Nancy Faeser met her Czech counterpart, Interior Minister Vit Rakusan.",
            ("Vit Rakusan", "Vit Rakusan", "Interior Minister", "CZE"),
        ),
    ],
    ids=[
        "possessive-role-name",
        "adj-chancellor",
        "adj-fm",
        "us-president",
        "table-country",
        "counterpart",
        "caps-surname",
        "jr-suffix",
        "honorific",
        "crown-prince",
        "lowercase-role",
        "role-of-country-comma-name",
        "name-comma-role-of-country",
        "role-of-embassy",
        "ambassador-to",
        "counterpart-comma",
    ],
)
def test_official_patterns(
    kb: Knowledge, sentence: str, expected: tuple[str, str, str, str]
) -> None:
    assert expected in people(sentence, kb)


def test_politburo_chain_prefers_state_office(kb: Knowledge) -> None:
    text = (
        "Talks were held with Wang Yi, Member of the Politburo of the Central Committee of the "
        "Communist Party and the Foreign Minister of the People's Republic of China."
    )
    found = people(text, kb)
    assert found == [("Wang Yi", "Wang Yi", "Foreign Minister", "CHN")]


@pytest.mark.parametrize(
    ("text", "later", "value"),
    [
        (
            "German Chancellor Olaf Scholz landed. Scholz said the talks went well.",
            "Scholz",
            "Olaf Scholz",
        ),
        (
            "Kazakhstan's Minister of Foreign Affairs Yermek Kosherbayev arrived. Later the minister left.",
            "the minister",
            "Yermek Kosherbayev",
        ),
        (
            "German Chancellor Olaf Scholz landed. The chancellor said little.",
            "The chancellor",
            "Olaf Scholz",
        ),
        (
            "Syria's interim president Ahmed al-Sharaa flew in. Sharaa prayed.",
            "Sharaa",
            "Ahmed al-Sharaa",
        ),
    ],
    ids=["surname", "the-minister", "the-chancellor", "al-prefix"],
)
def test_later_mentions_resolve_to_same_person(
    kb: Knowledge, text: str, later: str, value: str
) -> None:
    found = [m for m in actors(text, kb) if m.actor_type == "person"]
    first, second = found[0], next(m for m in found if m.text == later)
    assert (second.value, second.role, second.country) == (first.value, first.role, first.country)
    assert second.value == value


def test_role_anaphor_prefers_exact_role(kb: Knowledge) -> None:
    text = (
        "President Abdel Fattah al-Sisi met Ursula von der Leyen, President of the European "
        "Commission. The Spokesman said the President welcomed her."
    )
    found = [m for m in actors(text, kb) if m.text == "the President"]
    assert found and found[0].value == "Abdel Fattah el-Sisi"


@pytest.mark.parametrize(
    ("sentence", "text", "actor_type", "country"),
    [
        ("Beijing expressed its readiness to expand engagement.", "Beijing", "capital", "CHN"),
        ("Algiers withdrew its ambassador.", "Algiers", "capital", "DZA"),
        ("Washington promised to help.", "Washington", "capital", "USA"),
        ("He said Moscow could end the war.", "Moscow", "capital", "RUS"),
        ("Beijing's finance ministry said it would borrow more.", "Beijing", "capital", "CHN"),
        ("Canberra also announced the move.", "Canberra", "capital", "AUS"),
        ("The Kremlin said nothing.", "Kremlin", "organisation", "RUS"),
        ("Kazakh officials agreed.", "Kazakh", "country", "KAZ"),
        ("Relations between Kazakhstan and China are good.", "China", "country", "CHN"),
    ],
    ids=[
        "readiness",
        "withdrew",
        "promised",
        "could",
        "possessive",
        "adverb",
        "kremlin",
        "demonym",
        "between",
    ],
)
def test_government_actors(
    kb: Knowledge, sentence: str, text: str, actor_type: str, country: str
) -> None:
    found = {(m.text, m.actor_type, m.country) for m in actors(sentence, kb)}
    assert (text, actor_type, country) in found


@pytest.mark.parametrize(
    "sentence",
    [
        "Talks were held in Beijing.",
        "Kosherbayev visited Moscow for talks.",
        "The minister arrived in Astana on Monday.",
        "BAGHDAD, July 20 (MNA) -- Protesters gathered.",
        "The trip to China was short.",
        "He toured the Kazakhstan Cultural Centre.",
        "They met at the Kremlin.",
    ],
    ids=["in", "visited", "arrived-in", "dateline", "to-country", "inside-name", "at-venue"],
)
def test_places_are_not_actors(kb: Knowledge, sentence: str) -> None:
    assert [
        m for m in actors(sentence, kb) if m.actor_type in {"capital", "country", "organisation"}
    ] == []


@pytest.mark.parametrize(
    ("sentence", "value", "country"),
    [
        ("The UN and the SCO met.", "United Nations", "UNO"),
        ("The European Commission proposed it.", "European Commission", "EUU"),
        (
            "Ties within CICA and the Central Asia – China format grew.",
            "Central Asia – China",
            "IGO",
        ),
        (
            "According to China's Ministry of Foreign Affairs, talks went well.",
            "Ministry of Foreign Affairs",
            "CHN",
        ),
        ("The German foreign ministry summoned him.", "Ministry of Foreign Affairs", "DEU"),
        ("The Federal Foreign Office summoned him.", "Federal Foreign Office", "DEU"),
        (
            "China's General Administration of Customs published data.",
            "General Administration of Customs",
            "CHN",
        ),
    ],
    ids=[
        "un",
        "commission",
        "format",
        "possessive-mfa",
        "adj-ministry",
        "national-body",
        "customs",
    ],
)
def test_organisations(kb: Knowledge, sentence: str, value: str, country: str) -> None:
    found = {(m.value, m.country) for m in actors(sentence, kb) if m.actor_type == "organisation"}
    assert (value, country) in found


def test_group_with_named_leader(kb: Knowledge) -> None:
    text = "Supporters of the influential Shi'ite cleric Moqtada al-Sadr climbed the walls."
    groups = [m for m in actors(text, kb) if m.actor_type == "group"]
    assert (
        groups and groups[0].text == "Supporters of the influential Shi'ite cleric Moqtada al-Sadr"
    )


def test_nameless_role_resolves_to_holder_on_date(kb: Knowledge) -> None:
    text = "Kazakhstan's foreign minister will travel."
    assert people(text, kb, published=dt.date(2024, 3, 1)) == [
        ("Kazakhstan's foreign minister", "Murat Nurtleu", "foreign minister", "KAZ")
    ]
    assert people(text, kb, published=dt.date(2025, 11, 1))[0][1] == "Yermek Kosherbayev"


def test_role_assertions_with_since(kb: Knowledge) -> None:
    text = (
        "Kazakhstan's Minister of Foreign Affairs Yermek Kosherbayev met him. For Kosherbayev, "
        "it was a first since he was appointed into the position in September."
    )
    _, roles = find_actors(text, split(text), kb, published=dt.date(2025, 10, 28), doc_id="d1")
    assert len(roles) == 1
    ra = roles[0]
    assert (ra.person, ra.role, ra.country, ra.as_of, ra.since, ra.doc_id) == (
        "Yermek Kosherbayev",
        "Minister of Foreign Affairs",
        "KAZ",
        dt.date(2025, 10, 28),
        dt.date(2025, 9, 1),
        "d1",
    )
    assert text[ra.start : ra.end] == ra.text


def test_unqualified_role_makes_no_assertion(kb: Knowledge) -> None:
    text = "Prime Minister Narendra Modi said so."
    assert find_actors(text, split(text), kb, published=dt.date(2024, 1, 1))[1] == []


def test_home_country_from_dateline_or_outlet(kb: Knowledge) -> None:
    assert home_country("MANILA -- The talks began.", kb) == "PHL"
    assert home_country("The talks began.", kb, outlet="New Delhi Dispatch") == "IND"
    assert home_country("The talks began.", kb) is None


def test_unknown_official_without_context_stays_unknown(kb: Knowledge) -> None:
    # a dateline says where the reporter is, not whom an official serves: unknown, not DEU
    text = "BERLIN -- Government spokesman Wolfgang Buchner said the campaign was condemned."
    assert ("Wolfgang Buchner", "Wolfgang Buchner", "spokesman", None) in people(text, kb)


# --------------------------------------------------------------------------- fictional logic


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Freedonian President Rufus T. Firefly declared war.",
            ("Rufus T. Firefly", "President", "FRE"),
        ),
        (
            "Sylvania's Foreign Minister Carlo Trentino replied.",
            ("Carlo Trentino", "Foreign Minister", "SYL"),
        ),
        ("President Firefly replied.", ("Rufus T. Firefly", "President", "FRE")),
    ],
    ids=["adj", "possessive", "table-short-form"],
)
def test_fictional_officials(
    tiny: Knowledge, sentence: str, expected: tuple[str, str, str]
) -> None:
    found = {
        (m.value, m.role, m.country) for m in actors(sentence, tiny, published=dt.date(2023, 1, 1))
    }
    assert expected in found


def test_fictional_namesakes_stay_apart(tiny: Knowledge) -> None:
    text = "Sylvania's Foreign Minister Vera Marsh met Freedonia's Foreign Minister Ann Marsh."
    found = {(m.value, m.country) for m in actors(text, tiny) if m.actor_type == "person"}
    assert found == {("Vera Marsh", "SYL"), ("Ann Marsh", "FRE")}


def test_fictional_capital_actor_vs_place(tiny: Knowledge) -> None:
    text = "Fredville warned Sylvania. Talks in Fredville failed."
    found = [(m.text, m.actor_type, m.start) for m in actors(text, tiny)]
    assert ("Fredville", "capital", 0) in found
    assert all(start == 0 for t, kind, start in found if t == "Fredville")


def test_fictional_rolebook_learned_holder(tiny: Knowledge) -> None:
    book = RoleBook.from_knowledge(tiny)
    first = "Sylvania's Foreign Minister Groucho Pinkham arrived."
    _, learned = find_actors(first, split(first), tiny, published=dt.date(2026, 2, 1), roles=book)
    book = book.with_assertions(learned)
    later = "Sylvania's foreign minister left."
    found = people(later, tiny, published=dt.date(2026, 3, 1), roles=book)
    assert found[0][1] == "Groucho Pinkham"


# --------------------------------------------------------------------------- seeds and offsets


def _seed(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.fail(f"{SEEDS} is missing: CI places ../shared beside the clone")
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", ["000", "001"], ids=["seed-000", "seed-001"])
def test_seed_officials(kb: Knowledge, prefix: str) -> None:
    text = _seed(prefix)
    found = {(m.value, m.country) for m in actors(text, kb) if m.actor_type == "person"}
    assert ("Yermek Kosherbayev", "KAZ") in found
    assert ("Wang Yi", "CHN") in found
    if prefix == "000":
        assert ("Sergey Lavrov", "RUS") in found


def test_seed_beijing_readiness_is_capital_actor(kb: Knowledge) -> None:
    text = _seed("000")
    found = actors(text, kb)
    start = text.index("Beijing expressed")
    assert any(m.start == start and m.actor_type == "capital" and m.country == "CHN" for m in found)
    in_beijing = text.index("in Beijing") + 3
    assert not any(m.start == in_beijing for m in found)


def test_seed_roles_are_consistent_per_person(kb: Knowledge) -> None:
    found = [m for m in actors(_seed("001"), kb) if m.value == "Yermek Kosherbayev"]
    assert len(found) >= 3
    assert {(m.role, m.country) for m in found} == {("Minister of Foreign Affairs", "KAZ")}


WORDS = st.sampled_from(
    [
        "Kazakhstan's",
        "Minister",
        "of",
        "Foreign",
        "Affairs",
        "Yermek",
        "Kosherbayev",
        "met",
        "Beijing",
        "in",
        "the",
        "President",
        "Xi",
        "Jinping",
        ",",
        ".",
        "said",
        "Russian",
        "Sergey",
        "Lavrov",
        "UN",
        "supporters",
        "Kremlin",
        "’s",
        "-",
        "Al",
        "al-Sharaa",
        "\n",
        "Chinese",
        "counterpart",
        "Of",
        "Nice",
        "ASTANA",
        "Dr",
        "Jr.",
    ]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(WORDS, min_size=1, max_size=40))
def test_offsets_always_slice_the_text(kb: Knowledge, words: list[str]) -> None:
    text = " ".join(words)
    mentions, roles = find_actors(text, split(text), kb, published=dt.date(2025, 1, 1))
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.kind == "actor"
    for ra in roles:
        assert text[ra.start : ra.end] == ra.text


def test_dateline_argument_gives_home_country(kb: Knowledge) -> None:
    text = "The government condemned the campaign."
    found = find_actors(text, split(text), kb, dateline="BERLIN")[0]
    assert [(m.value, m.country) for m in found] == [("Government", "DEU")]


# --------------------------------------------------------------------------- honorifics, bodies


@pytest.mark.parametrize(
    ("sentence", "name", "country"),
    [
        ("Prime Minister Shri Narendra Modi spoke on the phone.", "Narendra Modi", "IND"),
        ("Sheikh Tamim bin Hamad Al Thani received the envoy.", "Tamim bin Hamad Al Thani", "QAT"),
        ("Datuk Seri Anwar Ibrahim opened the meeting.", "Anwar Ibrahim", "MYS"),
        ("The Indian Foreign Minister Dr S. Jaishankar arrived.", "Subrahmanyam Jaishankar", "IND"),
        ("H.E. Kassym-Jomart Tokayev welcomed the guests.", "Kassym-Jomart Tokayev", "KAZ"),
        ("Mr Albanese thanked the crew.", "Anthony Albanese", "AUS"),
    ],
    ids=["shri", "sheikh", "datuk-seri", "dr-initial", "h-e", "mr-surname"],
)
def test_honorific_before_known_name(kb: Knowledge, sentence: str, name: str, country: str) -> None:
    found = {(m.value, m.country) for m in actors(sentence, kb) if m.actor_type == "person"}
    assert (name, country) in found


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("The parcels went to U Maung Tin and Daw Khin Hla in the delta.", "Maung Tin"),
        ("The parcels went to U Maung Tin and Daw Khin Hla in the delta.", "Khin Hla"),
        ("Relief was sent by Tun Rahim Osman last week.", "Rahim Osman"),
        ("Dame Edith Wren and Sir Alan Moss signed the letter.", "Edith Wren"),
        ("Dame Edith Wren and Sir Alan Moss signed the letter.", "Alan Moss"),
        ("Tan Sri Lim Kok Beng led the trade mission.", "Lim Kok Beng"),
        ("Ms Ortega said the ship had docked.", "Ortega"),
    ],
    ids=["burmese-u", "burmese-daw", "tun", "dame", "sir", "tan-sri", "ms-surname"],
)
def test_honorific_introduces_unknown_person(kb: Knowledge, sentence: str, text: str) -> None:
    assert text in {m.text for m in actors(sentence, kb) if m.actor_type == "person"}


@pytest.mark.parametrize(
    "sentence",
    [
        "The U.S. and the U.N. disagreed.",
        "Sri Lanka and the Maldives signed.",
        "The delegation of Tan and others left.",
        "Myanmar's Chief Minister Region remarks were cut.",
        "Region officials counted the damage.",
    ],
    ids=["u-dot-s", "sri-lanka", "tan-alone", "generic-noun-after-role", "sentence-start-noun"],
)
def test_no_person_from_titles_or_common_nouns(kb: Knowledge, sentence: str) -> None:
    persons = [m.text for m in actors(sentence, kb) if m.actor_type == "person"]
    assert not any(t in {"S", "N", "Lanka", "Tan", "Region"} for t in persons), persons


@pytest.mark.parametrize(
    ("sentence", "text", "value", "country"),
    [
        ("An Indian Air Force transport landed.", "Indian Air Force", "Air Force", "IND"),
        ("The Indian Navy sent two ships.", "Indian Navy", "Navy", "IND"),
        ("The Royal Australian Navy joined the drill.", "Royal Australian Navy", "Navy", "AUS"),
        (
            "The Philippine Coast Guard shadowed the vessel.",
            "Philippine Coast Guard",
            "Coast Guard",
            "PHL",
        ),
        ("The Russian embassy answered.", "Russian embassy", "Embassy", "RUS"),
    ],
    ids=["air-force", "navy", "royal-prefix", "coast-guard", "embassy"],
)
def test_national_body_takes_demonym_country(
    kb: Knowledge, sentence: str, text: str, value: str, country: str
) -> None:
    found = actors(sentence, kb)
    assert (text, value, country) in {(m.text, m.value, m.country) for m in found}
    # the demonym is part of the body's mention, not a second, overlapping country mention
    spans = sorted((m.start, m.end) for m in found)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_unknown_named_army_is_not_the_national_army(kb: Knowledge) -> None:
    text = "Clashes between the Kowloon Liberation Army and police went on."
    assert "Army" not in {m.value for m in actors(text, kb) if m.actor_type == "organisation"}


# --------------------------------------------------------------------------- role chains


def test_unknown_name_takes_country_of_role_chain(tiny: Knowledge) -> None:
    text = (
        "Talks were held with Otto Klemp, Member of the Politburo of the Central Committee "
        "and the Foreign Minister of the Republic of Freedonia."
    )
    found = {(m.value, m.country) for m in actors(text, tiny) if m.actor_type == "person"}
    assert found == {("Otto Klemp", "FRE")}


@pytest.mark.parametrize("apostrophe", ["'", "’"], ids=["straight", "curly"])
def test_role_chain_country_with_possessive_official_name(kb: Knowledge, apostrophe: str) -> None:
    text = (
        "Talks were held with Zhou Ming, Member of the Politburo and the Foreign Minister of "
        f"the People{apostrophe}s Republic of China."
    )
    found = {(m.value, m.country) for m in actors(text, kb) if m.actor_type == "person"}
    assert found == {("Zhou Ming", "CHN")}


def test_enumerated_roles_belong_to_the_following_names(tiny: Knowledge) -> None:
    text = (
        "The dinner was attended by the President of Freedonia, Otto Klemp, the Foreign "
        "Minister of Sylvania, Bruno Vask, and others."
    )
    found = {(m.value, m.country) for m in actors(text, tiny) if m.actor_type == "person"}
    assert found == {("Otto Klemp", "FRE"), ("Bruno Vask", "SYL")}


def test_role_of_a_city_gives_its_country(tiny: Knowledge) -> None:
    text = "The goods were handed to the Chief Minister of Fredville Region, U Maung Tin."
    found = [m for m in actors(text, tiny) if m.actor_type == "person"]
    assert [(m.text, m.country, m.role) for m in found] == [
        ("Maung Tin", "FRE", "Chief Minister of Fredville Region")
    ]


# --------------------------------------------------------------------------- context-resolved actors


@pytest.mark.parametrize(
    ("text", "kw", "expected"),
    [
        (
            "The Council today adopted new measures against Russia.",
            {"outlet": "Council of the EU - press office"},
            ("Council", "Council of the European Union", "EUU"),
        ),
        (
            "The Council of the European Union met. Later the Council listed 27 ships.",
            {},
            ("Council", "Council of the European Union", "EUU"),
        ),
        (
            "The European Council met in Brussels. The Council asked for calm.",
            {},
            ("Council", "European Council", "EUU"),
        ),
    ],
    ids=["outlet", "earlier-full-mention", "latest-full-mention"],
)
def test_organisation_short_form_resolves_by_context(
    kb: Knowledge, text: str, kw: dict[str, str], expected: tuple[str, str, str]
) -> None:
    found = {(m.text, m.value, m.country) for m in actors(text, kb, **kw)}
    assert expected in found


@pytest.mark.parametrize(
    ("text", "kw"),
    [
        ("The Council today adopted new measures.", {}),
        ("The Council today adopted new measures.", {"outlet": "Harbour City Herald"}),
        ("Goods may move freely inside the Union. The EU agreed.", {}),
        ("The Council Regulation entered into force.", {"outlet": "Council of the EU"}),
    ],
    ids=["no-context", "outlet-names-no-body", "place-use", "longer-name"],
)
def test_organisation_short_form_needs_context(
    kb: Knowledge, text: str, kw: dict[str, str]
) -> None:
    found = [m for m in actors(text, kb, **kw) if m.text in ("Council", "Union")]
    assert found == []


@pytest.mark.parametrize(
    ("text", "kw", "country"),
    [
        ("The plan the federal government prepared was paused.", {"dateline": "BERLIN"}, "DEU"),
        (
            "The plan the federal government prepared was paused.",
            {"dateline": "MEXICO CITY"},
            "MEX",
        ),
        ("The government condemned the attack.", {"outlet": "Government Offices of Sweden"}, "SWE"),
        (
            "Senator Penny Wong said the government had recalled Australia's envoy from Tehran.",
            {},
            "AUS",
        ),
        (
            "President Claudia Sheinbaum spoke. The federal government had a plan B.",
            {"title": "Sheinbaum wins a pause after call with Trump"},
            "MEX",
        ),
        (
            "Iran's envoy was told to leave. The government gave him a week.",
            {"title": "Australia expels the envoy of Iran"},
            None,
        ),
        ("The government condemned the attack.", {}, None),
    ],
    ids=[
        "dateline-germany",
        "dateline-mexico",
        "outlet",
        "speaker-in-sentence",
        "headline-and-lead-agree",
        "headline-and-lead-disagree",
        "no-context",
    ],
)
def test_generic_government_takes_the_story_country(
    kb: Knowledge, text: str, kw: dict[str, str], country: str | None
) -> None:
    (found,) = [m for m in actors(text, kb, **kw) if m.value == "Government"]
    assert found.country == country


@pytest.mark.parametrize(
    ("text", "kw", "expected"),
    [
        (
            "Economy Secretary Marcelo Ebrard said the talks went well.",
            {},
            ("Marcelo Ebrard", "Economy Secretary", None),
        ),
        (
            "The Secretary of Economy, Marcelo Ebrard, will pause the plan.",
            {},
            ("Marcelo Ebrard", "Secretary of Economy", None),
        ),
        (
            "Talks will be led on the U.S. side by Secretary of State Marco Rubio, Treasury "
            "Secretary Scott Bessent and Commerce Secretary Howard Lutnick.",
            {"dateline": "MEXICO CITY"},
            ("Howard Lutnick", "Commerce Secretary", "USA"),
        ),
        (
            "Foreign Secretary Vikram Misri told reporters the two sides had agreed.",
            {"dateline": "TIANJIN"},
            ("Vikram Misri", "Foreign Secretary", None),
        ),
        (
            "Xi Jinping met Foreign Secretary Vikram Misri on Monday.",
            {},
            ("Vikram Misri", "Foreign Secretary", None),
        ),
        (
            "Borduk's delegation, led by Trade Minister Anna Vell, arrived.",
            {},
            ("Anna Vell", "Trade Minister", None),
        ),
        (
            "Kazakhstan and Trade Minister Anna Vell signed the deal.",
            {},
            ("Anna Vell", "Trade Minister", None),
        ),
        (
            "Chinese Foreign Minister Wang Yi and Foreign Secretary Vikram Misri held talks.",
            {},
            ("Vikram Misri", "Foreign Secretary", None),
        ),
        (
            "Kazakhstan sent its Foreign Minister Anna Vell.",
            {},
            ("Anna Vell", "Foreign Minister", "KAZ"),
        ),
    ],
    ids=[
        "portfolio-before",
        "the-secretary-of-comma",
        "side-of-the-sentence",
        "no-context-not-dateline",
        "other-side-after-met",
        "led-by-breaks",
        "pair-is-ambiguous",
        "pair-of-officials-is-ambiguous",
        "sentence-subject",
    ],
)
def test_unknown_official_country_from_the_sentence_side(
    kb: Knowledge, text: str, kw: dict[str, str], expected: tuple[str, str, str | None]
) -> None:
    found = {(m.value, m.role, m.country) for m in actors(text, kb, **kw)}
    assert expected in found


@pytest.mark.parametrize(
    ("text", "kw"),
    [("Secretary Rubio met the secretary of the club.", {})],
    ids=["bare-secretary"],
)
def test_bare_secretary_names_no_office(kb: Knowledge, text: str, kw: dict[str, str]) -> None:
    assert [m for m in actors(text, kb, **kw) if m.role and "ecretary" in m.role] == []


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("The President welcomed the European leaders in Cairo.", "European leaders"),
        ("Western diplomats said the talks stalled.", "Western diplomats"),
    ],
    ids=["european-leaders", "western-diplomats"],
)
def test_regional_groups(kb: Knowledge, text: str, group: str) -> None:
    found = {(m.text, m.actor_type, m.country) for m in actors(text, kb)}
    assert (group, "group", None) in found


def test_country_demonym_officials_stay_the_country(kb: Knowledge) -> None:
    found = {(m.text, m.actor_type) for m in actors("Russian officials met.", kb)}
    assert found == {("Russian", "country")}


@pytest.mark.parametrize(
    ("text", "dateline", "expected"),
    [
        ("BERLIN, May 2 -- The Chancellery said talks went well.", None, "DEU"),
        ("The Chancellery said talks went well.", "Warsaw", "POL"),
        ("The Polish Chancellery said talks went well.", "Berlin", "POL"),
        ("Austria's Chancellery said talks went well.", None, "AUT"),
        ("The Chancellery said talks went well.", None, None),
        ("LONDON, May 2 -- The Kremlin said talks went well.", None, "RUS"),
    ],
    ids=["dateline", "removed-dateline", "demonym-wins", "possessive", "unknown", "fixed"],
)
def test_shared_building_actor_country(
    kb: Knowledge, text: str, dateline: str | None, expected: str | None
) -> None:
    got = [m.country for m in actors(text, kb, dateline=dateline) if m.actor_type != "country"]
    assert got == [expected]


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("The Minister of Defence, Zorbic Vantos, flew in.", "Zorbic Vantos", None),
        ("The German Federal Minister of Defence, Arno Keller, flew in.", "Arno Keller", "DEU"),
        ("Austrian Federal Chancellor Lena Pichler spoke.", "Lena Pichler", "AUT"),
        ("Admiral Tod hosted his Danish counterpart Sven Mork.", "Sven Mork", "DNK"),
        ("Admiral Tod hosted his Danish counterpart, Sven Mork.", "Sven Mork", "DNK"),
        ("The Defence Secretary, John Healey, spoke.", "John Healey", "GBR"),
        ("Germany's ambassador to Iran, Jonas Brandt, was recalled.", "Jonas Brandt", "DEU"),
        ("The German ambassador in Tehran, Jonas Brandt, was recalled.", "Jonas Brandt", "DEU"),
        (
            "Iran's envoy was away. Ambassador Jonas Brandt would return to Berlin.",
            "Jonas Brandt",
            "DEU",
        ),
        (
            "Iran's envoy was away. Ambassador Jonas Brandt was called back from Tehran.",
            "Jonas Brandt",
            None,
        ),
        ("Ambassador Jonas Brandt was called back from Tehran.", "Jonas Brandt", None),
        (
            "Iran's ambassador must go. Ambassador Ali Rostami has a week to leave.",
            "Ali Rostami",
            "IRN",
        ),
    ],
    ids=[
        "no-country-stated",
        "state-prefix",
        "state-prefix-chancellor",
        "counterpart",
        "counterpart-comma",
        "officeholder-table",
        "ambassador-to",
        "ambassador-in-post",
        "returns-to-capital",
        "post-is-not-home",
        "no-sending-country",
        "same-office-earlier",
    ],
)
def test_country_of_officials_and_envoys(
    kb: Knowledge, text: str, name: str, country: str | None
) -> None:
    found = [(value, c) for _, value, _, c in people(text, kb, published=dt.date(2024, 10, 23))]
    assert (name, country) in found
