"""Property: every cleaned character maps back to the same raw character; removal is exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.clean import clean_document
from parley.models import CleanDocument, Document

BOILERPLATE = [
    "Advertisement",
    "ADVERTISEMENT",
    "Share on Facebook   Share on X   Copy link",
    "Share: Facebook | X | WhatsApp",
    "Read also: Ten facts about Freedonia",
    "Read more: Sylvania votes",
    "This site uses cookies. Accept all | Reject",
    "Tags: Freedonia, Sylvania",
    "Photo: The ministers in Freedonia City.",
    "Related: More on the river dispute",
]

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)
sentence = st.builds(
    lambda ws, end: "The " + " ".join(ws) + end,
    st.lists(words, min_size=1, max_size=25),
    st.sampled_from([".", "!", ".”", '."', ".)"]),
)
paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
separator = st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n \n", "\n\n\n"])


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """Raw text of paragraphs with boilerplate lines mixed in, and which is which."""
    paras = draw(st.lists(paragraph, min_size=1, max_size=6))
    junk = draw(st.lists(st.sampled_from(BOILERPLATE), max_size=5))
    blocks = list(paras)
    for line in junk:
        blocks.insert(draw(st.integers(0, len(blocks))), line)
    raw = draw(st.sampled_from(["", " ", "\n", " date 2024-05-01 "]))
    for block in blocks:
        raw += block + draw(separator)
    return raw, paras, junk


def check_offsets(raw: str, result: CleanDocument) -> None:
    """Kept and removed spans partition ``raw`` and every cleaned character maps back."""
    for i, ch in enumerate(result.text):
        assert raw[result.to_raw(i)] == ch
    spans = sorted(
        [(r.start, r.end) for r in result.removed]
        + [(raw_start, raw_start + n) for _, raw_start, n in result.offsets]
    )
    pos = 0
    for start, end in spans:
        assert start == pos and end > start
        pos = end
    assert pos == len(raw)
    clean_pos = 0
    for clean_start, raw_start, n in result.offsets:
        assert clean_start == clean_pos
        assert result.text[clean_start : clean_start + n] == raw[raw_start : raw_start + n]
        clean_pos += n
    assert clean_pos == len(result.text)


@settings(max_examples=150, deadline=None)
@given(documents(), st.sampled_from(["json", "txt", "html"]))
def test_clean_document_offsets_map_back(doc: tuple[str, list[str], list[str]], fmt: str) -> None:
    raw, paras, junk = doc
    result = clean_document(Document(id="t", raw=raw, format=fmt))
    check_offsets(raw, result)
    for para in paras:
        assert para in result.text
    for line in junk:
        assert line not in result.text
    assert result.text == result.text.strip()


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["json", "txt"]))
def test_clean_document_offsets_map_back_on_any_text(raw: str, fmt: str) -> None:
    check_offsets(raw, clean_document(Document(id="t", raw=raw, format=fmt)))
