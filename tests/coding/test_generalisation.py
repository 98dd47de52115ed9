"""coder.rules.v1 rules for unseen text: recalls, counter-measures, "first since", non-state
parties, hypothetical acts and the trigger lexicon's newer lines (fictional countries)."""

from __future__ import annotations

import datetime as dt

import pytest
from fictional import COUNTRIES, annotate_fictional

from parley.coding import code_document
from parley.models import Annotation, EventMention

PUBLISHED = dt.date(2025, 3, 5)  # a Wednesday
# surface -> (country, actor_type, kind)
NAMES = {
    **COUNTRIES,
    "Anna Berg": ("RUR", "person", "actor"),
    "Berg": ("RUR", "person", "actor"),
    "Ivo Lenz": ("SYL", "person", "actor"),
    "Lenz": ("SYL", "person", "actor"),
    "Strelsau": ("RUR", "capital", "actor"),
    "Tarnov": ("SYL", "capital", "place"),
    "Fredville": ("FRE", "capital", "place"),
}

Row = tuple[str, str | None, str | None, str | None, str | None, str | None]


def _annotate(text: str, title: str | None = None) -> Annotation:
    return annotate_fictional(text, NAMES, published=PUBLISHED, title=title)


def _code(text: str, title: str | None = None) -> tuple[EventMention, ...]:
    return code_document(_annotate(text, title), None)


def _rows(text: str, title: str | None = None) -> list[Row]:
    return [
        (
            e.event_type,
            e.cameo,
            e.source.country if e.source else None,
            e.target.country if e.target else None,
            e.date,
            e.mode,
        )
        for e in _code(text, title)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On Monday Ruritania recalled its ambassador from Tarnov.",
            [("SANCTION", "161", "RUR", "SYL", "2025-03-03", None)],
        ),
        (
            "On Monday Ruritania called its own ambassador home from Tarnov for consultations.",
            [("SANCTION", "161", "RUR", "SYL", "2025-03-03", None)],
        ),
        (
            "On Monday Ruritania has decided to recall its ambassador in Tarnov.",
            [("SANCTION", "161", "RUR", "SYL", "2025-03-03", None)],
        ),
        (
            "On Monday the Sylvanian minister was told that Ruritania ordered its envoy back "
            "from Tarnov.",
            [("SANCTION", "161", "RUR", "SYL", "2025-03-03", None)],
        ),
        (
            "Ruritania expelled Sylvania's ambassador on Monday and recalled its own envoy "
            "from Tarnov.",
            [("SANCTION", "161", "RUR", "SYL", "2025-03-03", None)],
        ),
    ],
    ids=["recalled-from", "called-home", "decided-to-recall", "ordered-back", "with-expulsion"],
)
def test_recall_is_done_by_the_envoys_side_to_the_post(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


def test_recall_is_not_located_at_the_post_it_leaves() -> None:
    (event,) = _code("On Monday Ruritania recalled its ambassador from Tarnov.")
    assert event.location is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In 2019 Ruritania expelled four Sylvanian diplomats, and Sylvania answered by "
            "sending home the same number of Ruritanian officials.",
            [
                ("SANCTION", "161", "RUR", "SYL", None, None),
                ("SANCTION", "161", "SYL", "RUR", None, None),
            ],
        ),
        (
            "Ruritania expelled two Sylvanian diplomats on Monday. In retaliation, Sylvania "
            "expelled three Ruritanian diplomats on Tuesday.",
            [
                ("SANCTION", "161", "RUR", "SYL", "2025-03-03", None),
                ("SANCTION", "161", "SYL", "RUR", "2025-03-04", None),
            ],
        ),
    ],
    ids=["answered-by", "in-retaliation"],
)
def test_counter_measure_is_the_other_sides_event(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (
            "Ruritania summoned Sylvania's envoy on Monday. In February last year, after a "
            "court ruling in Tarnov, Ruritania expelled two Sylvanian diplomats.",
            "2024-02",
        ),
        (
            "Anna Berg spoke with Ivo Lenz by phone on Monday. The two leaders last spoke on "
            "11 September 2024, when Berg called Lenz about the border.",
            "2024-09-11",
        ),
    ],
    ids=["fronted-date-before-parenthesis", "when-describes-the-date"],
)
def test_fronted_date_dates_the_main_clause(text: str, date: str) -> None:
    assert [e.date for e in _code(text)][-1] == date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Anna Berg spoke with Ivo Lenz by telephone on Monday, their first phone "
            "conversation since December 2023.",
            [
                ("CONSULT", "041", "RUR", "SYL", "2025-03-03", "phone"),
                ("CONSULT", "041", "RUR", "SYL", "2023-12", "phone"),
            ],
        ),
        (
            "Ruritania expelled Sylvania's ambassador on Monday, the first time Ruritania has "
            "expelled an envoy since 1990.",
            [("SANCTION", "161", "RUR", "SYL", "2025-03-03", None)],
        ),
        (
            "Anna Berg spoke with Ivo Lenz by telephone on Monday, their first call since they "
            "met in Fredville in November.",
            [
                ("CONSULT", "041", "RUR", "SYL", "2025-03-03", "phone"),
                ("CONSULT", "044", "RUR", "SYL", "2024-11", "third-party"),
            ],
        ),
    ],
    ids=["since-month-is-an-earlier-call", "first-time-is-the-act", "since-clause-keeps-date"],
)
def test_first_since_names_an_earlier_act(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


def test_month_and_day_reports_of_one_call_merge_on_the_day() -> None:
    text = (
        "Anna Berg spoke with Ivo Lenz by telephone on Monday, their first phone conversation "
        "since September 2024. The two leaders last spoke by phone on 11 September 2024."
    )
    assert [e.date for e in _code(text)] == ["2025-03-03", "2024-09-11"]


def test_headline_naming_two_acts_leads_with_the_first() -> None:
    text = (
        "Ruritania summoned Sylvania's envoy on Monday and recalled its ambassador from Tarnov. "
        "In 2019 Ruritania expelled two Sylvanian diplomats."
    )
    main = [e for e in _code(text, title="Ruritania calls in Sylvanian envoy, pulls ambassador")]
    assert [e.event_type for e in main if e.is_main] == ["ACCUSE"]


@pytest.mark.parametrize(
    "text",
    [
        "Strelsau's leading volleyball club is in talks with a Sylvanian setter.",
        "The Ruritanian club met Sylvanian players in Tarnov on Monday.",
        "Ruritanian firms signed supply contracts with Sylvanian banks on Monday.",
        "The Sylvanian currency fell as talk of fresh Ruritanian sanctions on Sylvania grew.",
        "Analysts said the threat of new sanctions on Sylvania by Ruritania kept markets calm.",
        '"We met his agent twice, but nothing is signed yet," Ruritania\'s coach said.',
        "Storm warnings were issued in Ruritania and Sylvania on Monday.",
        "Relations soured over Ruritania's crackdown on protesters from Sylvania.",
        "Strelsau promised a response to Sylvania on Monday.",
        "Ruritania and Sylvania agreed to describe their ties as a strategic partnership.",
    ],
    ids=[
        "club-and-player",
        "club-meets-players",
        "firms-and-banks",
        "talk-of-sanctions",
        "threat-of-sanctions",
        "nothing-signed",
        "storm-is-weather",
        "protesters-as-object",
        "promised-response",
        "agreed-to-describe",
    ],
)
def test_no_event_for_non_state_or_hypothetical_acts(text: str) -> None:
    assert _rows(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On Monday Anna Berg and Ivo Lenz spoke on the telephone.",
            ("CONSULT", "041", "RUR", "SYL", "2025-03-03", "phone"),
        ),
        (
            "Ruritania and Sylvania sealed a defence pact in Tarnov on Monday.",
            ("SUPPORT", "057", "RUR", "SYL", "2025-03-03", None),
        ),
        (
            "Ruritania calls in Sylvania's envoy on Monday.",
            ("ACCUSE", "114", "RUR", "SYL", "2025-03-03", None),
        ),
        (
            "Ruritanian protesters stormed Sylvania's embassy on Monday.",
            ("PROTEST", "145", "RUR", "SYL", "2025-03-03", None),
        ),
        (
            "Sylvania's ambassador is being expelled by Ruritania on Monday.",
            ("SANCTION", "161", "RUR", "SYL", "2025-03-03", None),
        ),
    ],
    ids=["spoke-on-the-telephone", "sealed-a-pact", "calls-in", "stormed", "being-expelled"],
)
def test_trigger_lines(text: str, expected: Row) -> None:
    assert _rows(text) == [expected]


VISIT = "Anna Berg arrived in Tarnov on Monday for a two-day visit. "


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            VISIT + "Sylvania and Ruritania signed a trade agreement.",
            ("SUPPORT", "057", "RUR", "SYL", "2025-03-03", None),
        ),
        (
            VISIT + "Ruritania and Sylvania sealed a defence pact.",
            ("SUPPORT", "057", "RUR", "SYL", "2025-03-03", None),
        ),
        (
            VISIT + "The two sides agreed to open a consulate.",
            ("AGREE", None, "RUR", "SYL", "2025-03-03", None),
        ),
    ],
    ids=["host-named-first", "visitor-named-first", "two-sides-agreed"],
)
def test_signing_during_a_visit_takes_the_visitor_as_source(text: str, expected: object) -> None:
    rows = _rows(text)
    assert rows[0][:2] == ("CONSULT", "042")
    assert rows[1] == expected


def test_signing_without_a_visit_keeps_the_first_named_side() -> None:
    rows = _rows("Sylvania and Ruritania signed a trade agreement in Fredville on Monday.")
    assert rows == [("SUPPORT", "057", "SYL", "RUR", "2025-03-03", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Ruritania adopted its fourth package against Sylvania in June.",
        "Ruritania adopted its previous, fourth package against Sylvania in June.",
        "Ruritania approved the latest, fifth package against Sylvania in June.",
    ],
    ids=["no-comma", "comma-between-modifiers", "approved-latest"],
)
def test_package_adopted_across_a_comma(text: str) -> None:
    assert _rows(text) == [("SANCTION", "163", "RUR", "SYL", "2024-06", None)]


def test_comma_does_not_join_separate_clauses() -> None:
    assert _rows("Ruritania adopted a resolution, and a package of reforms was approved.") == []


CALL = "On Monday Anna Berg spoke with Ivo Lenz by telephone. "


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            CALL + "Several of Ruritania's allies had doubts, and Freedonian officials said "
            "before the call that it would not help.",
            [("CONSULT", "041", "RUR", "SYL", "2025-03-03", "phone")],
        ),
        (
            CALL + "Ruritania's allies had doubts, and Freedonian officials criticised this call.",
            [("CONSULT", "041", "RUR", "SYL", "2025-03-03", "phone")],
        ),
        (
            CALL + "On Tuesday Ruritania and Freedonia held a phone call.",
            [
                ("CONSULT", "041", "RUR", "SYL", "2025-03-03", "phone"),
                ("CONSULT", "041", "RUR", "FRE", "2025-03-04", "phone"),
            ],
        ),
    ],
    ids=["before-the-call", "this-call", "a-new-dated-call-stays"],
)
def test_the_call_refers_back_to_the_reported_call(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On Monday Anna Berg, who was visiting Fredville, the Republic of Freedonia, to "
            "attend the regional summit, held a meeting with Ivo Lenz.",
            [("CONSULT", "044", "RUR", "SYL", "third-party")],
        ),
        (
            "On Monday Anna Berg, who was in Fredville, Freedonia, to attend a football "
            "tournament, held a meeting with Ivo Lenz.",
            [("CONSULT", "044", "RUR", "SYL", "third-party")],
        ),
        (
            "On Monday Anna Berg visited Fredville, Freedonia, and held a meeting with Ivo Lenz.",
            [
                ("CONSULT", "042", "RUR", "FRE", "visit"),
                ("CONSULT", "044", "RUR", "SYL", "third-party"),
            ],
        ),
        (
            "On Monday Anna Berg visited Fredville to attend talks with Freedonia.",
            [("CONSULT", "042", "RUR", "FRE", "visit")],
        ),
    ],
    ids=["visiting-to-attend-summit", "in-town-for-tournament", "visit-then-meeting", "talks"],
)
def test_meeting_in_a_third_country(text: str, expected: list[tuple[str, ...]]) -> None:
    assert [(r[0], r[1], r[2], r[3], r[5]) for r in _rows(text)] == expected


LEAD = (
    "Ruritania today adopted a package of restrictive measures. The measures are aimed at "
    "Sylvania's government. Sylvania's president said the list was long."
)


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Press release. From: Foreign Ministry. Published 3 March 2025. ",
        "News release. Updated 5 March 2025. ",
        "Statement. Date: 5 March 2025. By Anna Berg. ",
    ],
    ids=["no-header", "press-release-from-published", "news-release-updated", "statement-by"],
)
def test_header_lines_do_not_push_the_lead_back(header: str) -> None:
    assert _rows(header + LEAD) == [("SANCTION", "163", "RUR", "SYL", "2025-03-05", None)]


def test_a_one_sided_act_deep_in_the_story_stays_one_sided() -> None:
    text = "Officials met. Talks went on. Nothing was decided. " + LEAD
    assert _rows(text) == []
