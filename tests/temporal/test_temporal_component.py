"""The temporal component over the real model: tense from the parse, entities as help."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.errors import ModelMissing

pytestmark = pytest.mark.slow
CASES = Path(__file__).resolve().parents[1] / "data" / "temporal_cases.jsonl"


@pytest.fixture(scope="module")
def tnlp():
    """Return the model plus the temporal component, loaded once for the module."""
    from communique.temporal.component import temporal_nlp

    try:
        return temporal_nlp()
    except ModelMissing:
        pytest.skip("no English spaCy model installed")


def _run(tnlp, text: str, dct: str | None = "2025-03-21"):
    doc = tnlp.make_doc(text)
    doc._.pub_date = dct
    return tnlp(doc)


def _sentence_cases() -> list[dict]:
    rows = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [row for row in rows if "sentence" in row]


@pytest.mark.parametrize("case", _sentence_cases(), ids=lambda c: c["sentence"][:40])
def test_sentence_case(tnlp, case: dict) -> None:
    """Each sentence of the cases file yields exactly its expected timexes."""
    doc = _run(tnlp, case["sentence"], case["dct"])
    got = [{"text": s.text, **s._.timex} for s in doc.spans["timexes"]]
    assert got == case["expect"]


@pytest.mark.parametrize(("sentence", "tense"), [
    ("Leaders met on Monday.", "past"),
    ("Leaders have met on Monday.", "past"),
    ("Leaders meet on Monday.", "present"),
    ("Leaders will meet on Monday.", "future"),
    ("They'll meet on Monday.", "future"),
    ("Leaders are expected to meet on Monday.", "future"),
    ("Leaders are scheduled to meet on Monday.", "future"),
    ("The leaders' meeting is to take place on Monday.", "future"),
    ("Leaders to meet on Monday in Cairo", "future"),
    ("Leaders were set to meet on Monday.", "past"),
    ("Leaders agreed to meet on Monday.", "past"),
])
def test_tense_of(tnlp, sentence: str, tense: str) -> None:
    """The tense comes from the verb that governs the expression."""
    from communique.temporal.component import tense_of

    doc = _run(tnlp, sentence)
    assert [tense_of(span) for span in doc.spans["timexes"]] == [tense]


def test_no_pub_date_leaves_relative_values_open(tnlp) -> None:
    """Without a DCT a weekday keeps only its day of the week."""
    doc = _run(tnlp, "The ministers met on Wednesday in 2024.", dct=None)
    assert [s._.timex["value"] for s in doc.spans["timexes"]] == ["XXXX-WXX-3", "2024"]


def test_empty_doc(tnlp) -> None:
    """An empty text has an empty timex group."""
    assert list(_run(tnlp, "").spans["timexes"]) == []


def test_timex_records_keeps_order_and_ids(tnlp) -> None:
    """timex_records prints {id, timexes} per record, in order, with character offsets."""
    from communique.temporal.component import timex_records

    records = [{"id": "b", "dct": "2025-03-21", "text": "Talks ended yesterday."},
               {"id": "a", "date": "2025-03-21", "text": "No date here."}]
    rows = list(timex_records(records, nlp=tnlp))
    assert rows == [{"id": "b", "timexes": [{"start": 12, "end": 21, "text": "yesterday",
                                             "type": "DATE", "value": "2025-03-20"}]},
                    {"id": "a", "timexes": []}]


@settings(max_examples=25, deadline=None)
@given(dct=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
       weekday=st.sampled_from(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                "Saturday", "Sunday")))
def test_weekday_window_through_the_parse(tnlp, dct: date, weekday: str) -> None:
    """Through the real parse: "met on X" is in the week ending on the DCT, "will meet" after."""
    past = _run(tnlp, f"The delegations met on {weekday} in Geneva.", dct.isoformat())
    future = _run(tnlp, f"The delegations will meet on {weekday} in Geneva.", dct.isoformat())
    met = date.fromisoformat(past.spans["timexes"][0]._.timex["value"])
    meet = date.fromisoformat(future.spans["timexes"][0]._.timex["value"])
    assert dct - timedelta(days=6) <= met <= dct < meet <= dct + timedelta(days=7)
