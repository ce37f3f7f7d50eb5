"""Rule cases (tests/data/events_cases.jsonl) on the model's parse, with actor spans set by hand.

Setting the actors by hand keeps these cases about the events rules, independent
of the actors knowledge base.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.tokens import Span

from communique.events.component import EventsComponent

CASES = Path(__file__).resolve().parents[1] / "data" / "events_cases.jsonl"
UNREAL = {"negated", "planned", "hypothetical", "conditional"}


def load_cases() -> list[dict]:
    """Return the cases of the JSONL file (its _about line left out)."""
    rows = [
        json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return [r for r in rows if "_about" not in r]


def actor(spec: str) -> dict:
    """Turn "ISRGOV:state:Israel" (or "TUR:person:Name:Turkey") into an ActorMention dict."""
    code, kind, name, *country = spec.split(":")
    return {
        "name": name,
        "kind": kind,
        "country": country[0] if country else (name if kind == "state" else None),
        "sector": code[3:6] or None,
        "code": code,
        "kb_id": f"{kind}:{name}",
        "method": "kb",
        "confidence": 1.0,
    }


@pytest.fixture(scope="module")
def parser():
    """Return the bare English model (no communique components), loaded once."""
    from communique.nlp import load_model

    return load_model()


@pytest.fixture(scope="module")
def component():
    """Return the events component."""
    return EventsComponent()


def annotate(parser, component, case: dict):
    """Parse a case, set its actor spans and quotes by hand, and run the events component."""
    doc = parser(case["text"])
    doc._.pub_date = "2025-06-01"
    spans = []
    for surface, spec in case.get("actors", {}).items():
        start = 0
        while (at := case["text"].find(surface, start)) >= 0:
            span = doc.char_span(at, at + len(surface), alignment_mode="expand")
            if span is not None:
                span = Span(doc, span.start, span.end, label="actor")
                span._.actor = dict(actor(spec), text=surface)
                spans.append(span)
            start = at + len(surface)
    doc.spans["actors"] = spans
    quotes = []
    for quote in case.get("quotes", []):
        at = case["text"].find(quote["text"])
        quotes.append(
            {
                "text": quote["text"],
                "start": at,
                "end": at + len(quote["text"]),
                "kind": "direct",
                "speaker": actor(quote["speaker"]),
            }
        )
    doc._.quotes = quotes
    return component(doc)


def names(value) -> set[str]:
    """Return the actor names of an event side."""
    if value is None:
        return set()
    refs = value if isinstance(value, list) else [value]
    return {r["name"] for r in refs}


def fits(event: dict, want: dict) -> bool:
    """Tell whether an event has every property a case asks for."""
    for key in ("type", "modality", "in_quote"):
        if key in want and event[key] != want[key]:
            return False
    if "cameo" in want and not event["cameo"].startswith(want["cameo"]):
        return False
    for side in ("source", "target"):
        if side in want:
            expected = set(want[side]) if isinstance(want[side], list) else {want[side]}
            if names(event[side]) != expected:
                return False
    if "issue" in want and want["issue"] not in (event["issue"] or ""):
        return False
    return not ("reporter" in want and (event["reporter"] or {}).get("name") != want["reporter"])


@pytest.mark.slow
@pytest.mark.parametrize("case", load_cases(), ids=lambda c: c["id"])
def test_case(parser, component, case):
    doc = annotate(parser, component, case)
    events = doc._.events
    shown = [
        (e["type"], e["cameo"], names(e["source"]), names(e["target"]), e["modality"])
        for e in events
    ]
    for want in case["expect"]:
        assert any(fits(e, want) for e in events), f"missing {want}; got {shown}"
    for bad in case.get("forbid", []):
        assert not any(fits(e, bad) for e in events), f"forbidden {bad}; got {shown}"
    if case.get("none_real"):
        assert all(e["modality"] in UNREAL for e in events), (
            f"an unreal act reported as real: {shown}"
        )


def test_every_event_has_the_contract_keys(parser, component):
    case = next(c for c in load_cases() if c["id"] == "attack-launched-strikes")
    event = annotate(parser, component, case)._.events[0]
    for key in (
        "type",
        "cameo",
        "plover",
        "goldstein",
        "quad_class",
        "source",
        "target",
        "issue",
        "modality",
        "date",
        "date_precision",
        "evidence",
        "in_quote",
        "reporter",
        "trigger",
        "confidence",
    ):
        assert key in event
    assert set(event["evidence"]) == {"text", "start", "end", "sentence"}
    assert set(event["source"]) == {"name", "kind", "country", "sector", "code", "kb_id"}
