"""Quotation-mark spans (pure, no model): marks, apostrophes, nesting, paragraphs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from communique.quotes.marks import find_quotes, quote_text


def texts(text: str) -> list[str]:
    """Return the quoted texts found in a text."""
    return [quote_text(text, span) for span in find_quotes(text)]


def test_curly_and_straight_marks():
    assert texts("“We are close,” she said. \"Not yet,\" he replied.") == ["We are close",
                                                                        "Not yet"]


def test_mixed_marks_open_straight_close_curly():
    assert texts('She said, "the plan is dead.” Then she left.') == ["the plan is dead."]


def test_double_apostrophe_closes():
    assert texts("``We will respond,'' the general said.") == ["We will respond"]


def test_apostrophes_are_not_marks():
    text = "“Europe’s leaders don’t agree,” the Americans’ envoy said of the allies’ plan."
    assert texts(text) == ["Europe’s leaders don’t agree"]


def test_nested_single_marks_stay_inside():
    text = "“He told me: ‘We sign on Friday,’ and left,” the envoy said."
    assert texts(text) == ["He told me: ‘We sign on Friday,’ and left"]


def test_single_marks_at_top_level():
    assert texts("‘We will not be bullied,’ the minister said.") == ["We will not be bullied"]


def test_single_marks_skip_plural_possessive():
    text = "‘The Europeans’ offer is late,’ the minister said."
    assert texts(text) == ["The Europeans’ offer is late"]


def test_trailing_comma_left_out_of_offsets():
    text = "“We are ready,” he said."
    (span,) = find_quotes(text)
    assert text[span.start:span.end] == "We are ready"


def test_open_quote_continues_into_next_paragraph():
    text = "“First we talk about prisoners.\n\n“Then about the maps,” he said."
    (span,) = find_quotes(text)
    assert len(span.parts) == 2
    assert quote_text(text, span) == "First we talk about prisoners. … Then about the maps"


def test_unclosed_quote_ends_with_its_paragraph():
    text = "“We never agreed to that.\n\nThe talks ended on Friday."
    (span,) = find_quotes(text)
    assert quote_text(text, span) == "We never agreed to that."


def test_stray_closing_mark_is_ignored():
    assert texts("The ” sign was left in by mistake. “Real words,” she said.") == ["Real words"]


def test_bullet_paragraph_continuation():
    text = "- “One.\n- “Two,” he said."
    (span,) = find_quotes(text)
    assert quote_text(text, span) == "One. … Two"


@given(st.text(alphabet="ab “”\"‘’'\n,.", max_size=60))
def test_spans_are_ordered_and_inside_the_text(text):
    spans = find_quotes(text)
    starts = [span.start for span in spans]
    assert starts == sorted(starts)
    for span in spans:
        for start, end in span.parts:
            assert 0 <= start < end <= len(text)
