"""Run the rule cases of tests/data/actors_cases.jsonl through the full pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CASES_FILE = Path(__file__).resolve().parents[1] / "data" / "actors_cases.jsonl"
CASES = [c for c in (json.loads(line) for line in CASES_FILE.read_text().splitlines()
                     if line.strip()) if "_about" not in c]


def annotate(nlp, text: str, date: str):
    """Return the actor mentions of a text as the pipeline writes them."""
    doc = nlp.make_doc(text)
    doc._.pub_date = date
    doc = nlp(doc)
    return [dict(span._.actor, text=span.text) for span in doc.spans["actors"]]


def matches(mention: dict, expected: dict) -> bool:
    """Tell whether a mention has every expected key and value."""
    for key, value in expected.items():
        if key == "members":
            if [m["name"] for m in mention.get("members") or []] != value:
                return False
        elif mention.get(key) != value:
            return False
    return True


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(nlp, case):
    """Each expected mention is found; each absent one is not."""
    mentions = annotate(nlp, case["text"], case["date"])
    for expected in case.get("expect", []):
        assert any(matches(m, expected) for m in mentions), (expected, mentions)
    for absent in case.get("absent", []):
        assert not any(matches(m, absent) for m in mentions), (absent, mentions)
