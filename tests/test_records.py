"""The record contract: records turn into plain data like dataclasses.asdict, without aliasing."""

import json
from dataclasses import asdict

from communique.records import Article, DroppedSpan, ExtractionRecord, InputFailure, plain_data


def _record() -> ExtractionRecord:
    return ExtractionRecord(
        id="a1", pub_date="2025-05-02", pub_date_source="given", title="Talks", url=None,
        outlet="Wire", text="Envoys met in Doha.", hash="h",
        actors=[{"name": "Qatar", "kind": "state", "members": ("x", "y")}],
        events=[{"type": "consult", "source": [{"name": "A"}, {"name": "B"}],
                 "evidence": {"text": "Envoys met", "start": 0, "end": 10, "sentence": 0},
                 "confidence": 0.8, "symmetric": True, "target": None}],
        dropped=[{"start": 0, "end": 3, "reason": "byline", "text": "By"}])


def test_record_to_dict_equals_asdict_with_same_key_order() -> None:
    record = _record()
    assert json.dumps(record.to_dict()) == json.dumps(asdict(record))


def test_record_to_dict_is_a_copy() -> None:
    record = _record()
    data = record.to_dict()
    data["events"][0]["source"][0]["name"] = "changed"
    data["actors"].append({})
    assert record.events[0]["source"][0]["name"] == "A"
    assert len(record.actors) == 1


def test_article_to_dict_turns_nested_dataclasses_into_dicts_and_drops_raw_text() -> None:
    article = Article(id="x", text="One.\n\nTwo.", raw_text="<p>One.</p>",
                      dropped=[DroppedSpan(0, 2, "teaser", "Re")])
    data = article.to_dict()
    assert "raw_text" not in data
    assert data["paragraphs"] == [{"start": 0, "end": 4}, {"start": 6, "end": 10}]
    assert data["dropped"] == [{"start": 0, "end": 2, "reason": "teaser", "text": "Re"}]
    assert InputFailure("f.html", "empty").to_dict() == {"input": "f.html", "reason": "empty",
                                                         "code": "E100"}


def test_plain_data_copies_unknown_mutable_leaves() -> None:
    leaf = {1, 2}
    copied = plain_data({"set": leaf})
    assert copied == {"set": {1, 2}} and copied["set"] is not leaf
