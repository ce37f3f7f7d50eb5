"""Event days over the invented negotiation corpus: date_for at each truth evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.temporal.anchor import date_for

pytestmark = pytest.mark.slow
CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus_negotiation"
FLOOR = 0.95


def test_truth_events_get_their_days(nlp) -> None:
    """The clause stating each real event of truth.json is dated to the event's day.

    The corpus (13 articles, several days, recaps, quotes, a wire dateline) was written
    for the state layer; its truth gives every event's day and the words stating it.
    """
    truth = json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))
    articles = {row["id"]: row for row in map(json.loads, (
        CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines()) if row}
    docs = {}
    right, wrong = 0, []
    for event in truth["events"]:
        if event["modality"] not in ("asserted", "alleged"):
            continue
        for evidence in event["evidence"]:
            article = articles[evidence["article"]]
            if article["id"] not in docs:
                doc = nlp.make_doc(article["text"])
                doc._.pub_date = article["date"]
                docs[article["id"]] = nlp(doc)
            doc = docs[article["id"]]
            start = article["text"].index(evidence["text"])
            span = doc.char_span(start, start + len(evidence["text"]), alignment_mode="expand")
            day, _ = date_for(doc, span.root)
            if day == event["date"]:
                right += 1
            else:
                wrong.append((event["id"], event["date"], day, evidence["text"][:60]))
    assert right / (right + len(wrong)) >= FLOOR, wrong
