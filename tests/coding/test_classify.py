"""Contract 3: sentence + dyad -> PLOVER type, over all 16 types; speed."""

from __future__ import annotations

import pytest

from parley.coding import classify, classify_many

CASES = [
    ("Ruritania and Sylvania agreed to resume border talks.", "Ruritania", "Sylvania", "AGREE"),
    ("Ruritania's minister visited Sylvania on Monday.", "Ruritania", "Sylvania", "CONSULT"),
    ("Ruritania and Sylvania signed a defence pact.", "Ruritania", "Sylvania", "SUPPORT"),
    ("Ruritania praised Sylvania for its restraint.", "Ruritania", "Sylvania", "SUPPORT"),
    ("Ruritania lifted sanctions on Sylvania.", "Ruritania", "Sylvania", "CONCEDE"),
    ("Ruritania held joint exercises with Sylvania.", "Ruritania", "Sylvania", "COOPERATE"),
    ("Ruritania delivered food aid to Sylvania.", "Ruritania", "Sylvania", "AID"),
    ("Ruritania withdrew its troops from Sylvania.", "Ruritania", "Sylvania", "RETREAT"),
    ("Ruritania urged Sylvania to release the prisoners.", "Ruritania", "Sylvania", "REQUEST"),
    ("Ruritania accused Sylvania of espionage.", "Ruritania", "Sylvania", "ACCUSE"),
    ("Ruritania rejected Sylvania's proposal.", "Ruritania", "Sylvania", "REJECT"),
    ("Ruritania threatened Sylvania with retaliation.", "Ruritania", "Sylvania", "THREATEN"),
    (
        "Ruritanian protesters rallied outside Sylvania's embassy.",
        "Ruritanian",
        "Sylvania",
        "PROTEST",
    ),
    ("Ruritania expelled Sylvania's ambassador.", "Ruritania", "Sylvania", "SANCTION"),
    ("Ruritania massed troops on the border with Sylvania.", "Ruritania", "Sylvania", "MOBILIZE"),
    ("Ruritanian police arrested two Sylvanian journalists.", "Ruritanian", "Sylvanian", "COERCE"),
    ("Ruritanian artillery shelled villages in Sylvania.", "Ruritanian", "Sylvania", "ASSAULT"),
    ("Sylvania's president received the Ruritanian premier.", "Ruritanian", "Sylvania", "CONSULT"),
    (
        "Ruritania accused Sylvania of bombing Freedonia.",
        "Sylvania",
        "Freedonia",
        "ASSAULT",
    ),
]


@pytest.mark.parametrize(
    ("text", "source", "target", "plover"), CASES, ids=[c[3] + ":" + c[0][:24] for c in CASES]
)
def test_classify_types(text: str, source: str, target: str, plover: str) -> None:
    result = classify(text, source, target)
    assert result.event_type == plover
    assert 0.0 <= result.score <= 1.0


@pytest.mark.parametrize(
    ("text", "mode", "cameo"),
    [
        ("Ruritania's minister visited Sylvania.", "visit", "042"),
        ("Ruritania's leader held a phone call with Sylvania's leader.", "phone", "041"),
    ],
    ids=["visit", "phone"],
)
def test_classify_consult_modes(text: str, mode: str, cameo: str) -> None:
    result = classify(text, "Ruritania", "Sylvania")
    assert (result.mode, result.cameo) == (mode, cameo)


def test_classify_without_trigger_has_low_score() -> None:
    assert classify("Ruritania and Sylvania are neighbours.", "Ruritania", "Sylvania").score < 0.2


def test_classify_many_keeps_input_order() -> None:
    rows = [{"text": t, "source": s, "target": g} for t, s, g, _ in CASES] * 3
    results = classify_many(rows)
    assert [r.event_type for r in results] == [c[3] for c in CASES] * 3
