"""The knowledge base: loading, lookups, tagging, errors, pickling, generated files."""

from __future__ import annotations

import dataclasses
import importlib.util
import pickle
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_helpers import write_fictional_kb
from parley.errors import KnowledgeError
from parley.knowledge import DATA_DIR, FILES, TOKEN_RE, Knowledge, load_knowledge

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge()


@pytest.fixture()
def tiny(tmp_path: Path) -> Knowledge:
    return load_knowledge(write_fictional_kb(tmp_path / "kb"))


def test_load_knowledge_is_cached(tmp_path: Path) -> None:
    directory = tmp_path / "kb"
    directory.mkdir()
    for name in FILES:
        shutil.copy(DATA_DIR / name, directory / name)
    first = load_knowledge(directory)
    assert load_knowledge(directory) is first
    assert load_knowledge() is load_knowledge(None)


@pytest.mark.parametrize(
    ("iso3", "name", "adjective"),
    [("KAZ", "Kazakhstan", "Kazakh"), ("CHN", "China", "Chinese"), ("ARE", "UAE", "Emirati")],
    ids=["kazakhstan", "china", "emirates"],
)
def test_country_names(kb: Knowledge, iso3: str, name: str, adjective: str) -> None:
    info = kb.country(iso3)
    assert info is not None
    assert name in (info.name, info.short_name, *info.names)
    assert adjective in info.adjectives


def test_country_unknown_is_none(kb: Knowledge) -> None:
    assert kb.country("ZZZ") is None


@pytest.mark.parametrize(
    ("iso3", "capital", "seat"),
    [
        ("KAZ", "Astana", None),
        ("NLD", "Amsterdam", "The Hague"),
        ("MYS", "Kuala Lumpur", "Putrajaya"),
    ],
    ids=["astana", "hague", "putrajaya"],
)
def test_capitals_and_seats(kb: Knowledge, iso3: str, capital: str, seat: str | None) -> None:
    info = kb.country(iso3)
    assert info is not None
    assert info.capitals[0] == capital
    if seat:
        assert seat in info.seats


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("Kazakh", "adj", "KAZ"),
        ("Congolese", "adj", "COD"),
        ("Türkiye", "country", "TUR"),
        ("the U.S.", "country", "USA"),
        ("Britain", "country", "GBR"),
        ("PRC", "country", "CHN"),
        ("the Kremlin", "metonym", "Kremlin"),
        ("Élysée", "metonym", "Élysée"),
        ("Nur-Sultan", "capital", "KAZ"),
        ("Kiev", "capital", "UKR"),
        ("Brasilia", "capital", "BRA"),
        ("South China Sea", "region", "South China Sea"),
        ("Latin America", "region", "Latin America"),
        ("Central Asia – China", "org", "Central Asia – China"),
        ("Central Asia-China", "org", "Central Asia – China"),
        ("OPEC+", "org", "OPEC+"),
        ("Minister of Foreign Affairs", "role", "foreign_minister"),
        ("top diplomat", "role", "foreign_minister"),
        ("Secretary of National Defense", "role", "defence_minister"),
        ("charge d'affaires", "role", "charge_daffaires"),
        ("chargé d’affaires", "role", "charge_daffaires"),
        ("Wang Yi", "person", "Wang Yi"),
        ("KAMIKAWA Yoko", "person", "Yoko Kamikawa"),
        ("ASTANA", "capital", "KAZ"),
    ],
    ids=lambda v: str(v)[:24],
)
def test_tag_first_segment(kb: Knowledge, text: str, kind: str, key: str) -> None:
    segments = kb.tag(text).segments
    assert segments, text
    entry = segments[0].first(kind)
    assert entry is not None and entry.key == key
    assert segments[0].j == len(kb.tag(text).tokens)


@pytest.mark.parametrize("word", ["Of", "Nice", "Reading", "Mobile", "Victoria"], ids=str)
def test_stop_listed_city_is_not_tagged(kb: Knowledge, word: str) -> None:
    assert not kb.tag(f"{word} course").segments or not kb.tag(word).segments[0].has("city")


def test_same_named_cities_prefer_capital_then_population(tiny: Knowledge) -> None:
    assert [c.country for c in tiny.cities["Marshton"]] == ["SYL", "FRE"]
    city = tiny.city("Old Fred")
    assert city is not None and city.name == "Fredville" and city.country == "FRE"


def test_version_changes_with_data(tmp_path: Path) -> None:
    one = load_knowledge(write_fictional_kb(tmp_path / "a"))
    directory = write_fictional_kb(tmp_path / "b")
    (directory / "regions.txt").write_text("Freedonian Sea\nSylvanian Gulf\n", encoding="utf-8")
    two = load_knowledge(directory)
    assert len(one.version) == 16
    assert one.version != two.version


def test_knowledge_pickles(kb: Knowledge) -> None:
    back = pickle.loads(pickle.dumps(kb))
    assert back.version == kb.version
    assert back.country("KAZ") == kb.country("KAZ")
    assert back.tag("Astana").segments[0].first("capital") is not None


def test_parleys_own_knowledge_pickles_as_its_version(kb: Knowledge) -> None:
    # the receiving process loads its own copy (cached): here, the very same object; no path
    # travels, since another machine may have parley installed elsewhere
    data = pickle.dumps(kb)
    assert len(data) < 1_000
    assert str(DATA_DIR).encode() not in data
    assert pickle.loads(data) is kb


def test_knowledge_of_other_files_pickles_its_tables(tiny: Knowledge) -> None:
    # a Dask worker on another machine need not see the directory it was read from
    data = pickle.dumps(tiny)
    assert tiny.data_dir.encode() in data and len(data) > 10_000
    back = pickle.loads(data)
    assert back is not tiny
    assert back.version == tiny.version and back.countries == tiny.countries


def test_knowledge_not_loaded_from_files_pickles_its_tables(kb: Knowledge) -> None:
    copy = dataclasses.replace(kb)  # not built by load_knowledge
    back = pickle.loads(pickle.dumps(copy))
    assert back is not kb and back is not copy
    assert back.version == kb.version and back.countries == kb.countries


def test_other_knowledge_version_is_refused(kb: Knowledge) -> None:
    # a worker whose own files differ from the sender's must not code with them
    data = pickle.dumps(kb).replace(kb.version.encode(), b"0" * 16)
    with pytest.raises(KnowledgeError, match="differ from those of the process"):
        pickle.loads(data)


def test_knowledge_is_immutable(kb: Knowledge) -> None:
    with pytest.raises(AttributeError):
        kb.version = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        kb.countries["XXX"] = kb.countries["KAZ"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("capitals.tsv", "FRE\tcapital\n", "line 1"),
        ("capitals.tsv", "# c\nZZZ\tcapital\tNowhere\n", "unknown country code 'ZZZ'"),
        ("capitals.tsv", "FRE\ttown\tFredville\n", "kind 'town'"),
        ("roles.tsv", "president\tpresident\tGOV\tfirst\t\tPresident\tpresident\n", "rank 'first'"),
        (
            "officeholders.tsv",
            "Rufus Firefly\t\t\tpresident\tFRE\t2020-13-01\t\t\n",
            "bad date '2020-13-01'",
        ),
        ("officeholders.tsv", "Rufus Firefly\t\t\tpope\tFRE\t2020-01\t\t\n", "unknown role 'pope'"),
        (
            "officeholders.tsv",
            "Rufus Firefly\t\t\tpresident\tFRE\t2020-01\t2019-01\t\n",
            "is before start",
        ),
        ("cities.tsv", "name\tascii\tcountry\tpopulation\nX\tX\tFRE\tmany\n", "population 'many'"),
        ("venues.tsv", "Hall\tFredville\tFRE\tmaybe\n", "needs_context 'maybe'"),
        ("venues.tsv", "Hall\tFredville\t*\tno\n", "both city and country '*'"),
    ],
    ids=[
        "columns",
        "iso3",
        "kind",
        "rank",
        "date",
        "role",
        "end-before-start",
        "population",
        "flag",
        "half-wildcard-venue",
    ],
)
def test_malformed_line_names_file_and_line(
    tmp_path: Path, name: str, content: str, needle: str
) -> None:
    directory = write_fictional_kb(tmp_path / "kb")
    (directory / name).write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(directory)
    assert name in str(err.value)
    assert needle in str(err.value)
    assert "line" in str(err.value)


def test_missing_file_is_named(tmp_path: Path) -> None:
    directory = write_fictional_kb(tmp_path / "kb")
    (directory / "roles.tsv").unlink()
    with pytest.raises(KnowledgeError, match=r"roles\.tsv.*missing"):
        load_knowledge(directory)


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="does not exist"):
        load_knowledge(tmp_path / "nope")


@pytest.mark.parametrize(
    ("person", "iso3", "role"),
    [
        ("Wang Yi", "CHN", "foreign_minister"),
        ("Sergey Lavrov", "RUS", "foreign_minister"),
        ("Xi Jinping", "CHN", "president"),
        ("Vladimir Putin", "RUS", "president"),
        ("Narendra Modi", "IND", "prime_minister"),
        ("Kassym-Jomart Tokayev", "KAZ", "president"),
        ("Yermek Kosherbayev", "KAZ", "foreign_minister"),
        ("Murat Nurtleu", "KAZ", "foreign_minister"),
    ],
    ids=lambda v: str(v),
)
def test_officeholders_table_has_required_people(
    kb: Knowledge, person: str, iso3: str, role: str
) -> None:
    assert any(h.country == iso3 and h.role == role for h in kb.people[person])


def test_generated_files_are_current() -> None:
    spec = importlib.util.spec_from_file_location(
        "build_cities", ROOT / "scripts" / "build_cities.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0


def _country_name_forms(kb: Knowledge) -> list[tuple[str, str]]:
    """Every name of every country that names only it, as news writes it (no ISO commas)."""
    owners: dict[str, set[str]] = {}
    for iso3, info in kb.countries.items():
        for name in {info.name, info.official_name, info.common_name, *info.names}:
            if name and "," not in name:
                owners.setdefault(name.removeprefix("the ").removeprefix("The "), set()).add(iso3)
    return sorted((name, next(iter(codes))) for name, codes in owners.items() if len(codes) == 1)


@pytest.mark.parametrize(
    "form",
    ["{name}", "the {name}", "{curly}", "the {curly}", "visits to {curly}'s capital"],
    ids=["plain", "the-prefix", "curly", "the-curly", "possessive"],
)
def test_every_country_name_tags_in_every_form(kb: Knowledge, form: str) -> None:
    wrong = []
    for name, iso3 in _country_name_forms(kb):
        text = form.format(name=name, curly=name.replace("'", "’"))
        segs = [s for s in kb.tag(text).segments if s.has("country")]
        whole = name.replace("'", "’") if "{curly}" in form else name
        if (
            not segs
            or segs[0].first("country").key != iso3
            or text[segs[0].start : segs[0].end] != whole
        ):  # type: ignore[union-attr]
            wrong.append(text)
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("the People’s Republic of China", "CHN"),
        ("the Lao People’s Democratic Republic", "LAO"),
        ("the Democratic People’s Republic of Korea", "PRK"),
        ("the People's Republic of Bangladesh", "BGD"),
    ],
    ids=["china", "laos", "north-korea", "bangladesh"],
)
def test_peoples_republics_tag_whole(kb: Knowledge, text: str, iso3: str) -> None:
    seg = kb.tag(text).segments[0]
    assert (text[seg.start : seg.end], seg.first("country").key) == (text[4:], iso3)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "ASTANA, Sept 16 -- Talks in New Delhi and Beijing.",
        "The Minister of Foreign Affairs of the Republic of Kazakhstan met the EU envoy.",
        "Shri Narendra Modi met him.\nNew\nDelhi",
        "",
        "   leading spaces, \t tabs\nand a trailing space ",
    ],
    ids=["dateline", "long-phrases", "line-break", "empty", "whitespace"],
)
def test_tag_offsets_slice_the_tokens(kb: Knowledge, text: str) -> None:
    tagged = kb.tag(text)
    assert list(tagged.tokens) == [t.replace("’", "'") for t in TOKEN_RE.findall(text)]
    sliced = [text[s:e].replace("’", "'") for s, e in zip(tagged.starts, tagged.ends, strict=True)]
    assert sliced == list(tagged.tokens)
    for seg in tagged.segments:
        assert tagged.segments[tagged.seg_end[seg.j]] is seg
        assert "\n" not in text[seg.start : seg.end] or seg.j - seg.i == 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*"aB '’.-,\n\tÜ\u00a0\u2003", "China", "Kazakh"]), max_size=40))
def test_tag_tokens_match_the_token_regex(pieces: list[str]) -> None:
    text = "".join(pieces)
    tagged = load_knowledge().tag(text)
    sliced = [text[s:e] for s, e in zip(tagged.starts, tagged.ends, strict=True)]
    assert sliced == TOKEN_RE.findall(text)
    assert list(tagged.tokens) == [t.replace("’", "'") for t in sliced]


@pytest.mark.parametrize(
    ("head", "member", "present"),
    [
        ("Council", "Council of the European Union", True),
        ("Council", "European Council", True),
        ("Commission", "European Commission", True),
        ("Germany", "Federal Government of Germany", False),
    ],
    ids=["before-of", "last-word", "commission", "never-a-country"],
)
def test_org_heads_name_short_forms(head: str, member: str, present: bool) -> None:
    assert (member in load_knowledge().org_heads.get(head, ())) is present


@pytest.mark.parametrize(
    ("code", "name"),
    [("KAZ", "Kazakhstan"), ("EUU", "European Union"), ("UNO", "United Nations"), ("XXX", None)],
    ids=["country", "eu", "un", "unknown"],
)
def test_side_name_names_countries_and_blocs(kb: Knowledge, code: str, name: str | None) -> None:
    assert kb.side_name(code) == name
