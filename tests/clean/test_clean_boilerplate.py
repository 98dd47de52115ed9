"""Boilerplate lines are removed with the right kind; content that only looks like it stays."""

from __future__ import annotations

import pytest

from parley.clean import clean_document, parse_text_header, read_rules
from parley.clean.rules import default_rules, parse_rules
from parley.errors import KnowledgeError
from parley.models import Document

LEAD = "Freedonia and Sylvania held talks in Freedonia City on Monday about the river dispute."
MIDDLE = "The two ministers agreed to meet again in the autumn, officials said after the talks."
LAST = "Sylvania's delegation left for home on Tuesday morning after a final working breakfast."


def story(
    top: tuple[str, ...] = (), middle: tuple[str, ...] = (), bottom: tuple[str, ...] = ()
) -> str:
    """A three-paragraph story with extra lines at the top, in the middle or at the bottom."""
    paras = [*top, LEAD, *middle, MIDDLE, LAST, *bottom]
    return "\n\n".join(paras) + "\n"


def clean(raw: str, **fields: object) -> tuple[str, dict[str, str]]:
    """Cleaned text and {removed text: kind} of a JSON-like document."""
    doc = Document(id="t", raw=raw, format="json", **fields)  # type: ignore[arg-type]
    result = clean_document(doc)
    removed = {
        raw[r.start : r.end].strip(): r.kind for r in result.removed if r.kind != "whitespace"
    }
    return result.text, removed


@pytest.mark.parametrize(
    ("raw", "line", "kind"),
    [
        (
            story(top=("This site uses cookies. Accept all | Reject",)),
            "This site uses cookies. Accept all | Reject",
            "cookie",
        ),
        (
            story(
                top=("We use cookies to give you the best experience. By continuing you agree.",)
            ),
            "We use cookies to give you the best experience. By continuing you agree.",
            "cookie",
        ),
        (story(middle=("Advertisement",)), "Advertisement", "advertisement"),
        (story(middle=("ADVERTISEMENT",)), "ADVERTISEMENT", "advertisement"),
        (
            story(middle=("Read also: Five things to know about the river",)),
            "Read also: Five things to know about the river",
            "related",
        ),
        (
            story(middle=("Read more: Sylvania's new cabinet",)),
            "Read more: Sylvania's new cabinet",
            "related",
        ),
        (
            story(bottom=("Related: Floods hit the delta again",)),
            "Related: Floods hit the delta again",
            "related",
        ),
        (
            story(top=("Share on Facebook   Share on X   Share via Email   Copy link",)),
            "Share on Facebook   Share on X   Share via Email   Copy link",
            "share",
        ),
        (
            story(bottom=("Share: Facebook | Telegram | WhatsApp",)),
            "Share: Facebook | Telegram | WhatsApp",
            "share",
        ),
        (story(bottom=("Share",)), "Share", "share"),
        (story(bottom=("Tweet",)), "Tweet", "share"),
        (story(bottom=("Copy link",)), "Copy link", "share"),
        (story(bottom=("Tags",)), "Tags", "tags"),
        (
            story(bottom=("Tags: Freedonia, Sylvania, rivers",)),
            "Tags: Freedonia, Sylvania, rivers",
            "tags",
        ),
        (
            story(top=("By Tom Example, National Affairs Reporter",)),
            "By Tom Example, National Affairs Reporter",
            "byline",
        ),
        (story(top=("By Ann Example",)), "By Ann Example", "byline"),
        (
            story(top=("By Ann Example and Bo Sample in Freedonia City",)),
            "By Ann Example and Bo Sample in Freedonia City",
            "byline",
        ),
        (story(top=("Updated 4.12pm",)), "Updated 4.12pm", "timestamp"),
        (
            story(top=("Last updated: 17 June 2024, 10:42",)),
            "Last updated: 17 June 2024, 10:42",
            "timestamp",
        ),
        (
            story(bottom=("(Reporting by Ann Example; Editing by Bo Sample)",)),
            "(Reporting by Ann Example; Editing by Bo Sample)",
            "editing",
        ),
        (story(top=("Media release",)), "Media release", "label"),
        (story(top=("17 June 2024",)), "17 June 2024", "metadata"),
        (
            story(top=("25.06.2024, 10:42    Politics    Views: 1 318",)),
            "25.06.2024, 10:42    Politics    Views: 1 318",
            "metadata",
        ),
        (
            story(middle=("Photo: The ministers shake hands in Freedonia City.",)),
            "Photo: The ministers shake hands in Freedonia City.",
            "caption",
        ),
        (
            story(middle=("(Photo: Freedonian foreign ministry)",)),
            "(Photo: Freedonian foreign ministry)",
            "caption",
        ),
        (
            story(
                top=("AGREED. The ministers sign the accord on Monday. (Presidential photo pool)",)
            ),
            "AGREED. The ministers sign the accord on Monday. (Presidential photo pool)",
            "caption",
        ),
        (
            story(middle=("Ministry of Foreign Affairs -X",)),
            "Ministry of Foreign Affairs -X",
            "credit",
        ),
        (
            story(bottom=("Source: The Presidential Office",)),
            "Source: The Presidential Office",
            "attribution",
        ),
        (story(bottom=("More to come.",)), "More to come.", "marker"),
    ],
    ids=lambda v: v[:24] if isinstance(v, str) and "\n" not in v else "",
)
def test_clean_document_removes_boilerplate_line(raw: str, line: str, kind: str) -> None:
    text, removed = clean(raw)
    assert removed == {line: kind}
    assert line not in text
    assert LEAD in text and MIDDLE in text and LAST in text


def test_clean_document_related_heading_takes_its_list() -> None:
    raw = story(bottom=("More on the topic\n- First related story\n- Second related story",))
    text, removed = clean(raw)
    assert set(removed.values()) == {"related"}
    assert "related story" not in text and text.endswith(LAST)


def test_clean_document_caption_and_credit_block() -> None:
    caption = "The Freedonian and Sylvanian ministers in Freedonia City. 28th Oct 2025."
    raw = story(
        top=(f"{caption}\nForeign Ministry press service",),
        middle=("Foreign Ministry press service",),
    )
    text, removed = clean(raw)
    assert removed == {caption: "caption", "Foreign Ministry press service": "credit"}
    assert "press service" not in text


def test_clean_document_inline_editing_credit_keeps_sentence() -> None:
    raw = story(bottom=("Talks resume next month, the ministry said. (Reporting by Ann Example)",))
    text, removed = clean(raw)
    assert text.endswith("Talks resume next month, the ministry said.")
    assert removed == {"(Reporting by Ann Example)": "editing"}


@pytest.mark.parametrize(
    "line",
    [
        "By Monday, the two sides had agreed on a timetable for the withdrawal",
        "By contrast, Sylvania kept its embassy open throughout the crisis.",
        "Tags on the seized boats showed they were registered in Freedonia.",
        "Related talks on fishing rights will be held in March.",
        "Share prices in Freedonia City rose after the accord was signed.",
        "The EU rules let users accept or reject cookies on every website.",
        "Advertisement revenue fell sharply at state broadcasters, the report said.",
        "Photo opportunities were limited because of the rain, officials said.",
        "Read the full statement on the ministry's website, the spokesman said.",
        "Source of the dispute is a dam built upstream in 2019, experts say.",
        "The talks were held in Freedonia City on 16 September 2024.",
        "Updated figures show 5 percent growth in trade with Sylvania.",
        "Published data put the trade volume at 2 billion dollars.",
        "Source: officials in Freedonia City, speaking on condition of anonymity",
    ],
    ids=lambda v: v[:20],
)
def test_clean_document_keeps_content_that_looks_like_boilerplate(line: str) -> None:
    for raw in (story(top=(line,)), story(middle=(line,)), story(bottom=(line,))):
        text, removed = clean(raw)
        assert removed == {}
        assert line in text


def test_clean_document_title_repeated_as_first_line() -> None:
    title = "Freedonia and Sylvania hold “river” talks"
    text, removed = clean(story(top=('Freedonia and Sylvania hold "river" talks',)), title=title)
    assert removed == {'Freedonia and Sylvania hold "river" talks': "title"}
    assert text.startswith(LEAD)


def test_clean_document_title_not_removed_when_it_differs() -> None:
    text, removed = clean(story(top=("A headline of another story",)), title="Talks held")
    assert removed == {} and text.startswith("A headline of another story")


def test_clean_document_paragraphs_stay_one_blank_line_apart() -> None:
    text, _ = clean(story(middle=("Advertisement",), bottom=("Tags: a, b",)))
    assert text == f"{LEAD}\n\n{MIDDLE}\n\n{LAST}"


def test_clean_document_keeps_text_untouched_except_removed() -> None:
    raw = "  Freedonia  spoke.\r\n\r\nSylvania\treplied.  \r\n"
    doc = Document(id="t", raw=raw, format="txt")
    assert clean_document(doc).text == "Freedonia  spoke.\r\n\r\nSylvania\treplied."


def test_clean_document_everything_boilerplate_gives_empty_text() -> None:
    doc = Document(id="t", raw="Advertisement\n\nShare\n\nTags\n", format="json")
    result = clean_document(doc)
    assert result.text == "" and result.offsets == ()


@pytest.mark.parametrize(
    ("raw", "title", "published", "body"),
    [
        (
            " date 2025-10-28 During the visit, talks were held.",
            None,
            "2025-10-28",
            "During the visit",
        ),
        (
            "A short headline\n\nThe story starts here.",
            "A short headline",
            None,
            "The story starts here.",
        ),
        (
            "title: Talks\nurl: https://x.example\npublished: 2024-01-05\noutlet: Wire\n\nBody.",
            "Talks",
            "2024-01-05",
            "Body.",
        ),
        (
            "A short headline\n\n date 2024-03-01 Body text.",
            "A short headline",
            "2024-03-01",
            "Body text.",
        ),
        ("The first sentence is a paragraph.\n\nMore.", None, None, "The first sentence"),
        (
            "Cairo, 17 March 2024\n\nThe ceremony was held today.",
            None,
            None,
            "Cairo, 17 March 2024",
        ),
        ("One line only", None, None, "One line only"),
    ],
    ids=[
        "date-prefix",
        "title",
        "headers",
        "title-then-prefix",
        "no-title",
        "dateline-not-title",
        "single-line",
    ],
)
def test_parse_text_header_and_clean_agree(
    raw: str, title: str | None, published: str | None, body: str
) -> None:
    header = parse_text_header(raw)
    assert (header.title, header.published_raw) == (title, published)
    result = clean_document(Document(id="t", raw=raw, format="txt"))
    assert result.text.startswith(body)
    assert {r.kind for r in result.removed} <= {"metadata", "title", "whitespace"}


def test_read_rules_shipped_file_compiles() -> None:
    rules = default_rules()
    assert len(rules.lines) >= 15
    assert {r.kind for r in rules.lines} >= {"cookie", "share", "advertisement", "related", "tags"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "zones": {"head_lines": 1, "tail_lines": 1},
                "line": [{"kind": "x", "pattern": "("}],
                "caption": {"patterns": [], "credit_pattern": "x"},
            },
            "not a valid regular expression",
        ),
        (
            {
                "zones": {"head_lines": 1, "tail_lines": 1},
                "line": [{"kind": "x", "pattern": "%NOPE%"}],
                "caption": {"patterns": [], "credit_pattern": "x"},
            },
            "unknown macro %NOPE%",
        ),
        (
            {
                "zones": {"head_lines": 1, "tail_lines": 1},
                "line": [{"kind": "x", "pattern": "a", "where": "middle"}],
                "caption": {"patterns": [], "credit_pattern": "x"},
            },
            "is not a zone",
        ),
        ({"line": []}, "required key 'zones' is missing"),
    ],
    ids=["bad-regex", "unknown-macro", "bad-zone", "missing-key"],
)
def test_parse_rules_errors_name_the_problem(data: dict[str, object], message: str) -> None:
    with pytest.raises(KnowledgeError, match=message):
        parse_rules(data)


def test_read_rules_missing_file_is_knowledge_error(tmp_path: object) -> None:
    with pytest.raises(KnowledgeError, match="cannot read boilerplate rules"):
        read_rules("/nonexistent/boilerplate.toml")


@pytest.mark.parametrize(
    "first",
    [
        "By Ann Example",
        "Share",
        "This site uses cookies. Accept all | Reject",
        "Media release",
        "Tags",
    ],
    ids=["byline", "share", "cookie", "label", "tags"],
)
def test_parse_text_header_boilerplate_first_line_is_not_title(first: str) -> None:
    raw = f"{first}\n\n{LEAD}\n"
    assert parse_text_header(raw).title is None
    result = clean_document(Document(id="t", raw=raw, format="txt"))
    assert result.text == LEAD


@pytest.mark.parametrize(
    ("line", "removed"),
    [
        (
            "The ministers at the palace in Freedonia City, 16 September 2024. Palace press service",
            True,
        ),
        (
            "The talks were held in Freedonia City on 16 September 2024. The minister said the",
            False,
        ),
    ],
    ids=["caption-with-credit", "cut-off-lead"],
)
def test_clean_document_caption_and_credit_in_one_block(line: str, removed: bool) -> None:
    text, found = clean(story(top=(line,)))
    assert (found == {line: "caption"}) is removed
    assert (line in text) is not removed


@pytest.mark.parametrize(
    "line",
    [
        "This site uses cookies. Accept all | Reject",
        "Advertisement",
        "Share on Facebook   Share on X",
        "Read also: Five things to know about the river",
        "Tags: Freedonia, Sylvania",
        "Photo: Foreign Ministry",
        "SIGNED. The two ministers exchange the documents (Presidential photo pool)",
        "The ministers at Akorda, Astana, 16 September 2024. Akorda press service",
        "MFA KZ -X",
        "By Rhea Mendoza, National Affairs Reporter",
        "Author: Ann Example",
        "Last updated: 17 June 2024, 10:42",
        "25.06.2024, 10:42    Economy    Views: 1 318",
        "17 June 2024",
        "PRESS RELEASE",
        "(Reporting by A; Editing by B)",
        "Source: The President's Office",
        "-- ENDS --",
        LEAD,
        "Tags on luggage were checked at the border, officials said.",
    ],
)
def test_rules_candidates_keep_every_rule_that_matches(line: str) -> None:
    # the screens only drop rules that cannot match, in every zone
    rules = default_rules()
    for in_head in (False, True):
        for in_tail in (False, True):
            candidates = rules.candidates(in_head, in_tail, line)
            for rule in rules.for_zone(in_head, in_tail):
                if len(line) <= rule.max_len and not rule.is_span and rule.pattern.fullmatch(line):
                    assert rule in candidates, (rule.kind, in_head, in_tail)
            assert [r for r in rules.for_zone(in_head, in_tail) if r in candidates] == list(
                candidates
            )
