"""Rule cases of the quotes component (tests/data/quotes_cases.jsonl), actors marked by hand.

The parse comes from the English model; the actor mentions are set by hand from
each case, so these tests pin the quotes rules whatever the actors stage does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from spacy.tokens import Doc, Span

from communique.quotes.component import QuotesComponent

REPO = Path(__file__).resolve().parents[2]
CASES_FILE = REPO / "tests" / "data" / "quotes_cases.jsonl"
CASES = [case for case in (json.loads(line) for line in
                           CASES_FILE.read_text(encoding="utf-8").splitlines() if line.strip())
         if "_about" not in case]
ACTOR_KEYS = ("name", "kind", "country", "sector", "code", "kb_id")


@pytest.fixture(scope="module")
def parser():
    """Return the bare English pipeline (parse, tags, entities), loaded once."""
    from communique.nlp import load_nlp

    return load_nlp(components=False)


@pytest.fixture(scope="module")
def component():
    """Return the quotes component."""
    return QuotesComponent()


def annotate(parser, component, case: dict) -> Doc:
    """Parse a case, mark its actors by hand, and run the quotes component."""
    doc = parser(case["text"])
    spans = []
    for number, actor in enumerate(case.get("actors", [])):
        pattern = r"(?<!\w)" + re.escape(actor["text"]) + r"(?!\w)"
        for match in re.finditer(pattern, case["text"]):
            span = doc.char_span(match.start(), match.end())
            if span is None:
                continue
            span = Span(doc, span.start, span.end, label=actor["kind"],
                        span_id=len(spans) + 1 + number * 1000)
            mention = {key: actor.get(key) for key in ACTOR_KEYS}
            mention.update(text=span.text, start=span.start_char, end=span.end_char,
                           confidence=0.9, method=actor.get("method", "kb"),
                           participant=actor.get("participant", True))
            span._.actor = mention
            spans.append(span)
    doc.spans["actors"] = spans
    return component(doc)


def speaker_name(quote: dict) -> str | None:
    """Return a quote's speaker name (None for anonymous speakers)."""
    return (quote.get("speaker") or {}).get("name")


def check(quote: dict, want: dict) -> None:
    """Assert that one produced quote fits its expectation."""
    assert quote["text"].startswith(want["text"]), (quote["text"], want["text"])
    assert speaker_name(quote) == want["speaker"], quote["speaker"]
    if want.get("anonymous"):
        assert quote["speaker"]["kind"] == "anonymous", quote["speaker"]
        assert quote["speaker"]["description"]
    for key in ("kind", "cue", "medium"):
        if key in want:
            assert quote[key] == want[key], (key, quote[key], want[key])
    if "addressee" in want:
        who = quote["addressee"] or {}
        assert want["addressee"] in (who.get("name"), who.get("description")), who
    if "contains" in want:
        assert want["contains"] in quote["text"], quote["text"]
    if "parts" in want:
        assert len(quote["parts"]) == want["parts"], quote["parts"]
    assert quote["start"] < quote["end"]


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_quote_case(parser, component, case):
    doc = annotate(parser, component, case)
    quotes = doc._.quotes
    direct = [q for q in quotes if q["kind"] != "indirect"]
    assert len(direct) == len(case["expect"]), [q["text"] for q in direct]
    for quote, want in zip(direct, case["expect"], strict=True):
        check(quote, want)
    for text in case.get("absent", []):
        assert not any(text in q["text"] for q in direct), text
    if "indirect" in case:
        reported = [q for q in quotes if q["kind"] == "indirect"]
        assert len(reported) == len(case["indirect"]), [q["text"] for q in reported]
        for quote, want in zip(reported, case["indirect"], strict=True):
            check(quote, want)


@pytest.mark.slow
def test_quote_offsets_point_into_the_text(parser, component):
    for case in CASES:
        doc = annotate(parser, component, case)
        for quote in doc._.quotes:
            for start, end in quote["parts"]:
                assert doc.text[start:end] in quote["text"]
            assert quote["start"] == quote["parts"][0][0]
            assert quote["end"] == quote["parts"][-1][1]


@pytest.mark.slow
def test_quote_keys_follow_the_contract(parser, component):
    doc = annotate(parser, component, CASES[0])
    quote = doc._.quotes[0]
    assert list(quote)[:10] == ["text", "start", "end", "kind", "speaker", "cue", "medium",
                                "addressee", "date", "date_precision"]
    assert set(ACTOR_KEYS) | {"description", "mention"} <= set(quote["speaker"])
