"""coder.rules.v1 logic on hand-built annotations about fictional countries."""

from __future__ import annotations

import datetime as dt

import pytest
from fictional import annotate_fictional

from parley.coding import DEFAULT_CODER, code_document, get_coder
from parley.coding.lexicon import load_coder_lexicon, tokenize
from parley.coding.rules import _context, _trusted, new_evidence
from parley.errors import ConfigError
from parley.models import Actor, Annotation, Evidence

_FOLD = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})
PUBLISHED = dt.date(2025, 3, 5)  # a Wednesday
# surface -> (country, actor_type, kind)
NAMES = {
    "Ruritania": ("RUR", "country", "actor"),
    "Ruritanian": ("RUR", "country", "actor"),
    "Sylvania": ("SYL", "country", "actor"),
    "Sylvanian": ("SYL", "country", "actor"),
    "Freedonia": ("FRE", "country", "actor"),
    "Grand League": ("IGO", "organisation", "actor"),
    "Otto Kern": ("SYL", "person", "actor"),
    "Kern": ("SYL", "person", "actor"),
    "Anna Berg": ("RUR", "person", "actor"),
    "Berg": ("RUR", "person", "actor"),
    "Ivo Lenz": ("SYL", "person", "actor"),
    "Lenz": ("SYL", "person", "actor"),
    "Strelsau": ("RUR", "capital", "place"),
    "Tarnov": ("SYL", "capital", "place"),
    "Fredville": ("FRE", "capital", "place"),
    "Blue Palace": ("SYL", "venue", "place"),
}


def _annotate(text: str, title: str | None = None) -> Annotation:
    return annotate_fictional(text, NAMES, published=PUBLISHED, title=title)


def _code(text: str):
    return code_document(_annotate(text), None)


def _summary(text: str) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    return [
        (
            e.event_type,
            e.mode,
            e.cameo,
            e.source.country if e.source else None,
            e.target.country if e.target else None,
        )
        for e in _code(text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ruritanian minister Anna Berg visited Tarnov on Monday.",
            ("CONSULT", "visit", "042", "RUR", "SYL"),
        ),
        (
            "Sylvania's president Ivo Lenz received Anna Berg in Tarnov on Monday.",
            ("CONSULT", "visit", "042", "RUR", "SYL"),
        ),
        (
            "Anna Berg held talks with Ivo Lenz in Fredville on Monday.",
            ("CONSULT", "third-party", "044", "RUR", "SYL"),
        ),
        (
            "Anna Berg held a phone call with Ivo Lenz on Monday.",
            ("CONSULT", "phone", "041", "RUR", "SYL"),
        ),
        (
            "Ruritania and Sylvania signed a trade agreement on Monday.",
            ("SUPPORT", None, "057", "RUR", "SYL"),
        ),
        (
            "Ruritania summoned Sylvania's ambassador on Monday.",
            ("ACCUSE", None, "114", "RUR", "SYL"),
        ),
        (
            "Ruritania expelled Sylvania's ambassador on Monday.",
            ("SANCTION", None, "161", "RUR", "SYL"),
        ),
        (
            "Ruritania imposed sanctions on Sylvania on Monday.",
            ("SANCTION", None, "163", "RUR", "SYL"),
        ),
        (
            "Ruritania delivered humanitarian aid to Sylvania on Monday.",
            ("AID", None, "073", "RUR", "SYL"),
        ),
        (
            "Ruritania pledged to send troops to Sylvania on Monday.",
            ("AGREE", None, None, "RUR", "SYL"),
        ),
        (
            "Ruritania agreed to hold talks with Sylvania on Monday.",
            ("AGREE", None, "036", "RUR", "SYL"),
        ),
        ("Ruritania paused tariffs on Sylvania on Monday.", ("CONCEDE", None, None, "RUR", "SYL")),
        (
            "Ruritania asked Sylvania to withdraw its troops on Monday.",
            ("REQUEST", None, None, "RUR", "SYL"),
        ),
        (
            "Ruritanian protesters stormed Sylvania's embassy on Monday.",
            ("PROTEST", None, "145", "RUR", "SYL"),
        ),
    ],
    ids=[
        "visit",
        "host-received",
        "third-party",
        "phone",
        "signing",
        "summons",
        "expulsion",
        "sanctions",
        "aid",
        "pledge",
        "commit-to-talks",
        "concede",
        "request",
        "protest",
    ],
)
def test_code_document_types_and_direction(text: str, expected: tuple) -> None:
    assert _summary(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Anna Berg will visit Tarnov next week.",
        "Anna Berg is due to attend talks with Ivo Lenz in Tarnov.",
        "Anna Berg plans to visit Tarnov.",
        "Anna Berg did not meet Ivo Lenz.",
        "Anna Berg may travel to Tarnov.",
        "Ruritania condemned Sylvania's decision.",
        "Ruritania praised Sylvania's restraint.",
        "Ruritania warned Sylvania against escalation.",
        "Ruritania denied Sylvania's claims.",
        "Ruritania expressed its readiness to expand cooperation with Sylvania.",
        "Ruritania and Sylvania agreed to deepen cooperation.",
        "Aid for Sylvania is being dispatched by Ruritania.",
    ],
    ids=[
        "will",
        "due-to",
        "plans",
        "negated",
        "may",
        "condemn",
        "praise",
        "warn",
        "deny",
        "readiness",
        "vague-agreement",
        "being-dispatched",
    ],
)
def test_code_document_no_event_for_modal_or_verbal(text: str) -> None:
    assert _code(text) == ()


def test_code_document_merges_mentions_and_marks_one_main() -> None:
    text = (
        "Anna Berg met Ivo Lenz in Tarnov on Monday.\n\n"
        "During the meeting, the two sides discussed trade.\n\n"
        "Berg held talks with Lenz for two hours."
    )
    events = _code(text)
    assert len(events) == 1
    (ev,) = events
    assert ev.is_main and ev.id == "t:0"
    assert (ev.date, ev.date_precision) == ("2025-03-03", "day")
    assert ev.location is not None and ev.location.country == "SYL"
    assert sum(1 for e in ev.evidence if e.field == "event_type") >= 2


def test_code_document_anchors_anaphoric_date_on_main_event() -> None:
    text = (
        "Anna Berg met Ivo Lenz in Tarnov on Monday.\n\n"
        "A week earlier, Berg visited Fredville for talks."
    )
    events = _code(text)
    by_target = {e.target.country: e for e in events if e.target}
    assert by_target["FRE"].date == "2025-02-24"
    assert by_target["FRE"].date_precision == "week"
    assert [e.is_main for e in events] == [True, False]


def test_code_document_evidence_slices_the_text() -> None:
    text = "Ruritania expelled Sylvania's ambassador on Monday."
    (ev,) = _code(text)
    fields = {e.field for e in ev.evidence}
    assert {"event_type", "source", "target", "date"} <= fields
    assert all(text[e.start : e.end] == e.text for e in ev.evidence)
    assert ev.goldstein == pytest.approx(-4.0) and ev.quad_class == 4


def test_code_document_domestic_or_one_sided_gives_nothing() -> None:
    assert _code("Anna Berg met Berg supporters in Strelsau on Monday.") == ()


def test_get_coder_unknown_name_lists_choices() -> None:
    assert get_coder(DEFAULT_CODER) is not None
    with pytest.raises(ConfigError, match=r"coder\.rules\.v1"):
        get_coder("coder.rules.v0")


def _main_date(text: str) -> tuple[str | None, str | None]:
    main = next(e for e in _code(text) if e.is_main)
    return main.date, main.date_precision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ruritania expelled Sylvania's ambassador, who had arrived on 3 February.",
            ("2025-03-05", "day"),
        ),
        (
            "Ruritania and Sylvania signed an accord that takes effect on 14 February.",
            ("2025-03-05", "day"),
        ),
        (
            "Anna Berg visited Tarnov, her first trip since she took office in January.",
            ("2025-03-05", "day"),
        ),
        (
            "Ruritania said on Monday that it had expelled Sylvania's ambassador.",
            ("2025-03-03", "day"),
        ),
        ("Ruritania expelled Sylvania's ambassador on Monday.", ("2025-03-03", "day")),
    ],
    ids=["relative-who", "relative-that", "since-clause", "reported-that", "own-date"],
)
def test_code_document_date_behind_subordinator_is_not_the_events(
    text: str, expected: tuple[str, str]
) -> None:
    assert _main_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Angered by Sylvania's vote, Ruritania expelled the ambassador on Monday.",
            ("SANCTION", None, "161", "RUR", "SYL"),
        ),
        (
            "A Ruritanian aircraft carrying 20 tonnes of relief supplies landed in Tarnov.",
            ("AID", None, "073", "RUR", "SYL"),
        ),
        (
            "Demonstrators stormed the Sylvanian embassy in Strelsau on Monday.",
            ("PROTEST", None, "145", "RUR", "SYL"),
        ),
        (
            "Students angry at a planned law on the status of universities stormed the "
            "Sylvanian embassy in Strelsau on Monday.",
            ("PROTEST", None, "145", "RUR", "SYL"),
        ),
    ],
    ids=["object-is-other-party", "aid-to-destination", "protest-place-country", "far-planned"],
)
def test_code_document_context_rules(text: str, expected: tuple) -> None:
    assert _summary(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Ruritania lodged a protest with Sylvania on Monday.",
        "Ruritanian riot police guarded the Sylvanian embassy on Monday.",
        "Anna Berg discussed the planned visit to Tarnov.",
        "Ruritania said two ships were on their way to Tarnov with 20 tonnes of aid.",
    ],
    ids=["verbal-protest", "riot-police", "planned-noun", "on-their-way"],
)
def test_code_document_no_event_for_non_events(text: str) -> None:
    assert _code(text) == ()


def test_code_document_one_sided_mention_joins_its_event() -> None:
    text = (
        "During the visit, talks were held with Ivo Lenz.\n\n"
        "Anna Berg also visited the Ruritania House in Tarnov.\n\n"
        "Earlier, Anna Berg arrived in Sylvania for official talks."
    )
    (ev,) = _code(text)
    assert (ev.event_type, ev.mode, ev.source.country, ev.target.country) == (
        "CONSULT",
        "visit",
        "RUR",
        "SYL",
    )
    assert ev.target.name == "Ivo Lenz"
    assert ev.location is not None and ev.location.name == "Tarnov"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Anna Berg held talks with Ivo Lenz in Tarnov on Monday and discussed coordination "
            "within the Grand League.",
            [("CONSULT", "visit", "042", "RUR", "SYL")],
        ),
        (
            "Anna Berg and Ivo Lenz discussed the situation around Freedonia in Tarnov on Monday.",
            [("CONSULT", "visit", "042", "RUR", "SYL")],
        ),
        (
            "Anna Berg, who had spoken of a danger, met Ivo Lenz in Tarnov on Monday.",
            [("CONSULT", "visit", "042", "RUR", "SYL")],
        ),
        (
            "Anna Berg said on Monday during her trip to Tarnov that the attack was steered by "
            "a unit which Freedonia controls.",
            [("CONSULT", "visit", "042", "RUR", "SYL")],
        ),
        (
            "Anna Berg held talks with Ivo Lenz on Monday to discuss the war in Freedonia.",
            [("CONSULT", "visit", "042", "RUR", "SYL")],
        ),
        ("Anna Berg spoke of a danger for Sylvania on Monday.", []),
        ("Ruritania has a visiting forces agreement with Sylvania.", []),
        ("Ruritania and Sylvania agreed that their teams would continue consultations.", []),
        ("Ruritania and Sylvania agreed to cooperate on energy.", []),
    ],
    ids=[
        "bloc-in-passing",
        "topic-country",
        "spoke-of",
        "relative-clause-actor",
        "topic-place-no-venue",
        "bare-spoke",
        "visiting-forces",
        "agreed-that-continue",
        "agreed-to-cooperate",
    ],
)
def test_code_document_counterparts_and_non_events(text: str, expected: list) -> None:
    assert _summary(text) == expected


def test_code_document_separate_counterparts_are_separate_meetings() -> None:
    text = (
        "Anna Berg paid a courtesy call on Ivo Lenz in Tarnov on Monday.\n\n"
        "Later in the day, Anna Berg held talks with Otto Kern in Tarnov."
    )
    events = _code(text)
    assert [(e.event_type, e.mode, e.target.name) for e in events] == [
        ("CONSULT", "visit", "Ivo Lenz"),
        ("CONSULT", "visit", "Otto Kern"),
    ]


def test_code_document_welcome_ceremony_is_part_of_the_talks() -> None:
    text = (
        "Anna Berg held talks with Ivo Lenz in Tarnov on Monday.\n\n"
        "Earlier on Monday, Otto Kern welcomed Anna Berg in Tarnov."
    )
    (ev,) = _code(text)
    assert (ev.event_type, ev.mode, ev.target.name) == ("CONSULT", "visit", "Ivo Lenz")


def test_code_document_talks_without_venue_join_the_visit() -> None:
    text = (
        "Anna Berg and Ivo Lenz held talks on Monday.\n\n"
        "Berg arrived in Tarnov on Monday morning for the talks."
    )
    (ev,) = _code(text)
    assert (ev.event_type, ev.mode, ev.source.country, ev.target.country) == (
        "CONSULT",
        "visit",
        "RUR",
        "SYL",
    )
    assert ev.location is not None and ev.location.name == "Tarnov"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ruritania on Monday ordered Sylvania's ambassador, Ivo Lenz, to leave within a day.",
            ("SANCTION", None, "161", "RUR", "SYL"),
        ),
        (
            "The board today adopted a package of restrictive measures in view of Sylvania's "
            "attacks.\n\nRuritania said Ruritania would act together.",
            ("SANCTION", None, "163", "RUR", "SYL"),
        ),
        (
            'Anna Berg said after a "good conversation" with Ivo Lenz on Monday that '
            "progress was made.",
            ("CONSULT", "visit", "042", "RUR", "SYL"),
        ),
    ],
    ids=["order-envoy", "lead-other-party", "conversation-with-quote"],
)
def test_code_document_lead_rules(text: str, expected: tuple) -> None:
    assert _summary(text)[0] == expected


def test_code_document_talks_in_a_called_story_are_the_call() -> None:
    ann = _annotate(
        'Anna Berg said after a "good conversation" with Ivo Lenz on Monday that progress '
        "was made.",
        title="Berg wins a pause after call with Lenz",
    )
    (ev,) = code_document(ann, None)
    assert (ev.event_type, ev.mode, ev.cameo, ev.location) == ("CONSULT", "phone", "041", None)


@pytest.mark.parametrize(
    "text",
    ["Ruritania’s envoy – the dean – met Lenz.", "İstanbul talks: Berg met Lenz’s aide."],
    ids=["curly-quotes-dashes", "length-changing-lower"],
)
def test_tokenize_offsets_slice_the_text(text: str) -> None:
    tokens = tokenize(text, 3)
    assert tokens and all(text[s:e].lower().translate(_FOLD) == t for t, s, e in tokens)
    assert "met" in [t for t, _s, _e in tokens]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ruritania agreed on Monday to hold off on tariffs against Sylvania.",
            [("CONCEDE", None, None, "RUR", "SYL")],
        ),
        (
            "Sylvania obtained a suspension of the tariffs from Ruritania on Monday.",
            [("CONCEDE", None, None, "RUR", "SYL")],
        ),
        (
            "On the part of Ruritania, the commitment is to stop arms flows toward Sylvania.",
            [("AGREE", None, None, "RUR", "SYL")],
        ),
        (
            "He announced that Ruritania would add Sylvania to its visa-free list.",
            [("AGREE", None, None, "RUR", "SYL")],
        ),
        (
            "Anna Berg explained that Ruritania will reinforce the border with Sylvania.",
            [("AGREE", None, None, "RUR", "SYL")],
        ),
        (
            "Ruritania pledged to Sylvania on Monday to send troops. "
            "Sylvania promised Ruritania on Monday to curb arms flows.",
            [("AGREE", None, None, "RUR", "SYL"), ("AGREE", None, None, "SYL", "RUR")],
        ),
    ],
    ids=[
        "agreed-concession-is-concession",
        "obtained-pause",
        "on-the-part-of-is-a-party",
        "unnamed-speaker-reports-commitment",
        "explained-commitment",
        "each-sides-pledge",
    ],
)
def test_code_document_commitments_and_concessions(text: str, expected: list) -> None:
    assert _summary(text) == expected


def test_code_document_state_announced_now_is_a_concession() -> None:
    text = "After talks with Sylvania, Ruritania said its tariffs will remain in pause."
    assert ("CONCEDE", None, None, "RUR", "SYL") in _summary(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ruritania did not agree to lift sanctions on Sylvania.",
        "Ruritania and Sylvania restored calm after years of sanctions.",
        "Since then Ruritania has lifted most barriers on Sylvania's goods.",
        "Anna Berg travels to Tarnov on 10 March 2025.",
    ],
    ids=["refused-concession", "background-state", "summary-since-then", "dated-after-report"],
)
def test_code_document_no_event_for_background_or_later(text: str) -> None:
    assert _code(text) == ()


def test_code_document_pledge_in_a_foreign_place_is_to_its_country() -> None:
    text = (
        "On Monday Anna Berg toured Tarnov, where she announced that Ruritania would send doctors."
    )
    events = {e.event_type: e for e in _code(text)}
    pledge = events["AGREE"]
    assert (pledge.source.country, pledge.target.country) == ("RUR", "SYL")
    assert pledge.date == "2025-03-03"


def test_code_document_bound_of_a_state_does_not_date_the_act() -> None:
    (event,) = _code(
        "Ruritania agreed on Monday to hold off until 20 March on tariffs on Sylvania."
    )
    assert (event.event_type, event.date) == ("CONCEDE", "2025-03-03")


def _pairs(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return [
        (
            e.event_type,
            e.date,
            e.source.country if e.source else None,
            e.target.country if e.target else None,
        )
        for e in _code(text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Anna Berg arrived in Tarnov on Monday for talks with Ivo Lenz. "
            "Three memorandums were signed.",
            [
                ("CONSULT", "2025-03-03", "RUR", "SYL"),
                ("SUPPORT", "2025-03-03", "RUR", "SYL"),
            ],
        ),
        (
            "Anna Berg held talks with Ivo Lenz in Tarnov on Monday and agreed to start "
            "negotiations on a free trade agreement.",
            [("CONSULT", "2025-03-03", "RUR", "SYL"), ("AGREE", "2025-03-03", "RUR", "SYL")],
        ),
        (
            "Ruritania signed trade deals with Sylvania and Freedonia on Monday.",
            [("SUPPORT", "2025-03-03", "RUR", "SYL"), ("SUPPORT", "2025-03-03", "RUR", "FRE")],
        ),
        (
            "On Monday Ruritania and Sylvania agreed a security partnership.",
            [("SUPPORT", "2025-03-03", "RUR", "SYL")],
        ),
        (
            "The Freedonian envoy watched as Ruritania and Sylvania signed a declaration "
            "on Monday.",
            [("SUPPORT", "2025-03-03", "RUR", "SYL")],
        ),
    ],
    ids=[
        "party-less-signing-in-a-visit",
        "coordinated-verbs-share-the-subject",
        "conjoined-objects",
        "agreed-a-document",
        "subject-of-the-as-clause",
    ],
)
def test_code_document_signings_and_shared_parties(text: str, expected: list) -> None:
    assert _pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Three memorandums were signed on Monday.",
        "Ruritania has previously concluded agreements of this kind with Sylvania.",
    ],
    ids=["party-less-signing-without-visit", "frequentative-record"],
)
def test_code_document_no_signing_event(text: str) -> None:
    assert _code(text) == ()


@pytest.mark.parametrize(
    ("topics", "expected"),
    [
        ((), ("diplomatic",)),
        (("trade", "investment", "energy"), ("diplomatic", "economic")),
        (("defense", "security", "culture_people"), ("diplomatic", "military", "security")),
    ],
    ids=["type-only", "economic-talks", "defence-talks"],
)
def test_context_adds_the_topics_plover_contexts(topics: tuple, expected: tuple) -> None:
    assert _context(load_coder_lexicon(), "CONSULT", topics) == expected


@pytest.mark.parametrize(
    "text",
    [
        "STRELSAU, May 3 (NWS) -- Ruritania summoned Sylvania's ambassador on Friday.",
        "On 9 May, Ruritania summoned Sylvania's ambassador over the border incident.",
    ],
    ids=["dateline-month", "day-month"],
)
def test_the_month_may_is_not_the_modal_may(text: str) -> None:
    assert _summary(text) == [("ACCUSE", None, "114", "RUR", "SYL")]


def test_a_visit_hosted_by_the_side_named_first_keeps_the_visitor_as_source() -> None:
    # PLOVER: visitor = source, host = target, whichever side the sentence names first
    text = "Sylvanian president Ivo Lenz held talks with Anna Berg at the Blue Palace on Monday."
    assert _summary(text) == [("CONSULT", "visit", "042", "RUR", "SYL")]


@pytest.mark.parametrize(
    ("mode", "location", "source", "target", "expected"),
    [
        ("visit", "SYL", "SYL", "RUR", True),
        ("visit", "SYL", "RUR", "SYL", False),
        ("visit", None, "SYL", "RUR", False),
        ("third-party", "FRE", "FRE", "RUR", False),
        ("phone", "SYL", "SYL", "RUR", False),
        ("visit", "SYL", "SYL", None, False),
    ],
    ids=["host-named-first", "visitor-named-first", "no-venue", "third-party", "phone", "one-side"],
)
def test_is_hosted_by_source(mode, location, source, target, expected) -> None:
    from parley.coding.rules import _is_hosted_by_source
    from parley.models import Location

    where = Location(name=None, country=location) if location else None
    assert _is_hosted_by_source("CONSULT", mode, where, source, target) is expected


def test_a_protest_happens_in_its_source_country_not_at_a_place_it_protests_about(dev_dir) -> None:
    # README: a protest's source is the country where it happened. Dev doc 002's lead names
    # Stockholm inside the noun phrase of what was protested against; the storming was in Baghdad.
    from parley.annotate import annotate_document
    from parley.clean import clean_document
    from parley.ingest import read_inputs
    from parley.knowledge import load_knowledge

    kb = load_knowledge()
    (doc,) = read_inputs([str(dev_dir / "002.json")])
    events = code_document(annotate_document(clean_document(doc), kb), kb)
    places = {(e.location.name, e.location.country) for e in events if e.event_type == "PROTEST"}
    assert ("Stockholm", "SWE") not in places
    assert ("Baghdad", "IRQ") in places


def test_new_evidence_equals_the_validated_model() -> None:
    """The unvalidated builder gives the model pydantic would: same values, fields set, dump."""
    fast = new_evidence("source", "Ruritania", 3, 12, "d1")
    slow = Evidence(field="source", text="Ruritania", start=3, end=12, doc_id="d1")
    assert fast == slow
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_copy(update={"field": "target"}) == slow.model_copy(
        update={"field": "target"}
    )


def test_trusted_models_equal_the_validated_ones() -> None:
    """The coder's unvalidated output models equal validated ones; a missing field validates."""
    actor = {"name": "Anna Berg", "role": "minister", "country": "RUR", "sector": "GOV"}
    assert _trusted(Actor, **actor) == Actor(**actor)
    assert _trusted(Actor, **actor).model_fields_set == Actor(**actor).model_fields_set
    shuffled = dict(reversed(actor.items()))
    assert list(_trusted(Actor, **shuffled).__dict__) == list(Actor(**actor).__dict__)
    partial = _trusted(Actor, name="Anna Berg")  # validated: defaults, fields set as given
    assert partial == Actor(name="Anna Berg")
    assert partial.model_fields_set == {"name"}
