"""Plain-text segmentation: the layout cases in tests/data/ingest_cases.jsonl and the rules file."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from communique.ingest.boilerplate import load_rules, looks_like_body, segment
from communique.ingest.pubdate import resolve_pub_date

CASES_FILE = Path(__file__).parents[1] / "data" / "ingest_cases.jsonl"
CASES = [row for row in map(json.loads, CASES_FILE.read_text(encoding="utf-8").splitlines())
         if "_about" not in row]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_layout_case(case: dict) -> None:
    result = segment(case["text"])
    assert result.title == case["title"]
    for kept in case["keep"]:
        assert kept in result.text, kept
    for cut in case["drop"]:
        assert cut not in result.text, cut
    reasons = {span.reason for span in result.dropped}
    assert set(case["reasons"]) <= reasons
    if case["pub_date"]:
        pub = resolve_pub_date(text=result.text, raw_text=case["text"])
        assert (pub.date, pub.source) == (case["pub_date"], case["pub_date_source"])


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_dropped_spans_point_into_the_raw_text(case: dict) -> None:
    raw = case["text"]
    for span in segment(raw).dropped:
        assert raw[span.start:span.end] == span.text


def test_every_line_is_kept_or_dropped() -> None:
    raw = CASES[0]["text"]
    result = segment(raw)
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    kept = result.text.split("\n\n")
    assert len(kept) + len(result.dropped) == len(lines)


def test_rules_file_loads_with_a_header() -> None:
    rules = load_rules()
    assert len(rules) > 20
    assert {"social", "byline", "caption", "newsletter", "comments", "read_more"} <= {
        rule.reason for rule in rules}


@pytest.mark.parametrize(("line", "body"), [
    ("Europeans, meanwhile, are skeptical.", True),
    ("Talks resume in Geneva", False),
    ("Is the ceasefire about to collapse?", False),
    ("- Envoys met for six hours and agreed to meet again next week.", True),
    ("“We will not give up our land,” the president said.", True),
    ("Leaders Say Talks Are “On Track”", False),
])
def test_body_or_heading_by_shape(line: str, body: bool) -> None:
    assert looks_like_body(line) is body


def test_given_title_is_cut_from_the_text() -> None:
    raw = ("Envoys agree to meet again\nEnvoys from both sides agreed on Monday to meet again "
           "in Geneva next month, the mediators said.\n")
    result = segment(raw, title="Envoys agree to meet again")
    assert result.text.startswith("Envoys from both sides")
    assert [span.reason for span in result.dropped] == ["title"]


def test_text_of_only_boilerplate_is_empty() -> None:
    assert segment("Follow us on social\nShare\nSubscribe\nCOMMENTS\n").text == ""


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hard_wrapped_copy_reads_the_same(case: dict) -> None:
    lines = [line for line in case["text"].splitlines() if line.strip()]
    wrapped = "\n\n".join(textwrap.fill(line, 72) for line in lines)
    result = segment(wrapped)
    text = " ".join(result.text.split())
    assert result.title == case["title"]
    for kept in case["keep"]:
        assert kept in text, kept
    for cut in case["drop"]:
        assert cut not in text, cut


def test_long_unwrapped_paragraphs_are_not_merged() -> None:
    raw = ("Talks resume in Geneva\n" + "Envoys from both sides met on Monday and agreed to "
           "meet again next week, after a day of talks that mediators called constructive and "
           "long overdue.\nA second paragraph follows here, with more detail on the talks and "
           "the positions of both delegations, which remain far apart on the border.\n")
    result = segment(raw)
    assert result.title == "Talks resume in Geneva"
    assert result.text.count("\n\n") == 1
