"""Sentence rules of the reports, on hand-made rows (no store)."""

from __future__ import annotations

from datetime import date

from communique.report.briefing import Claim, merge_same, merge_steps, topics
from communique.report.evidence import Citation
from communique.report.phrasing import (
    contradiction_sentence,
    event_sentence,
    names,
    on_day,
    quote_sentence,
    step_sentence,
)


def _ref(name):
    return {"name": name, "kind": "state", "country": name, "code": None}


def _step(status, who=None, day="2025-06-04", precision="day", against=None, **extra):
    return {"initiative_id": "in-1", "idx": 0, "label": "14-day ceasefire", "status": status,
            "actor_name": who, "counterpart_name": against, "date": day,
            "date_precision": precision, "day": date.fromisoformat(day),
            "extra": {"conditional": False, **extra}}


def test_dates_say_how_precise_they_are():
    assert on_day({"date": "2025-06-04", "date_precision": "day"}) == " on 4 June 2025"
    assert on_day({"date": "2025-06-01", "date_precision": "month"}) == " in June 2025"
    assert on_day({"date": "2025-06-04", "date_precision": "approximate"}) == \
        " (reported 4 June 2025)"
    assert on_day({"date": None, "pub_date": "2025-06-05"}) == " (reported 5 June 2025)"
    assert on_day({"date": None}) == ""


def test_step_sentences_by_status():
    assert step_sentence(_step("accepted", "Talvoria")) == \
        "Talvoria accepted the 14-day ceasefire on 4 June 2025."
    assert step_sentence(_step("accepted", "Marran", conditional=True)) == \
        "Marran accepted the 14-day ceasefire with conditions on 4 June 2025."
    assert step_sentence(_step("in_force")) == \
        "The 14-day ceasefire came into force on 4 June 2025."
    assert step_sentence(_step("violation_alleged", "Talvoria", against="Marran")) == \
        "Talvoria accused Marran of violating the 14-day ceasefire on 4 June 2025."
    assert step_sentence(_step("violation_alleged", against="Marran")) == \
        "Marran was accused of violating the 14-day ceasefire on 4 June 2025."


def test_repeated_reports_merge_and_parties_join():
    steps = [_step("accepted", "Talvoria", "2025-06-04", "day"),
             _step("accepted", "Talvoria", "2025-06-06", "approximate"),
             _step("accepted", "Norvane", "2025-06-04", "day"),
             _step("accepted", "Talvoria", "2025-06-30", "day"),
             _step("rejected", "Marran", "2025-06-04", "day")]
    merged = merge_steps(steps)
    assert [text for text, _ in merged] == [
        "Talvoria and Norvane accepted the 14-day ceasefire on 4 June 2025.",
        "Talvoria accepted the 14-day ceasefire on 30 June 2025.",
        "Marran rejected the 14-day ceasefire on 4 June 2025."]
    assert len(merged[0][1]) == 3        # every report stays a source


def test_event_sentences():
    call = {"type": "consult", "cameo": "041", "source": _ref("Norvane"),
            "target": [_ref("Marran"), _ref("Talvoria")], "date": "2025-06-02",
            "date_precision": "day", "n_sources": 3, "mentions": []}
    assert event_sentence(call) == \
        "Norvane spoke by phone with Marran and Talvoria on 2 June 2025 (3 outlets)."
    alleged = {"type": "attack", "modality": "alleged", "source": _ref("Marran"),
               "target": _ref("Talvoria"), "date": "2025-06-12", "date_precision": "day",
               "n_sources": 1, "mentions": [{"reporter": _ref("Talvoria")}]}
    assert event_sentence(alleged) == "Talvoria accused Marran of an attack on 12 June 2025."
    agree = {"type": "agree", "modality": "asserted", "source": _ref("Marran"), "target": None,
             "date": None, "first_report": "2025-06-06", "mentions": []}
    assert event_sentence(agree, "monitoring mission") == \
        "Marran agreed to the monitoring mission (reported 6 June 2025)."


def test_contradiction_sentences():
    event = {"type": "attack", "source": _ref("Marran"), "target": _ref("Talvoria")}
    row = {"kind": "claim_denial", "description": "x",
           "extra": {"a": {"party": "Talvoria"}, "b": {"party": "Marran"}}}
    assert contradiction_sentence(row, event) == \
        "According to Talvoria, Marran attacked Talvoria; Marran denies it."
    other = {"kind": "violation", "description": "ceasefire in force (2025-06-09); a party "
             "alleges a violation (2025-06-12)", "extra": {}}
    assert contradiction_sentence(other) == \
        "Ceasefire in force (9 June 2025); a party alleges a violation (12 June 2025)."


def test_quotes_keep_a_short_medium_and_drop_a_garbled_one():
    row = {"speaker_name": "Maja Tollef", "text": " “Fourteen days without shelling,” ",
           "cue": "wrote", "medium": "on social media"}
    assert quote_sentence(row) == ("Maja Tollef wrote on social media: “Fourteen days without "
                                   "shelling”", "Fourteen days without shelling")
    garbled = dict(row, cue="published", medium="told a news conference")
    assert quote_sentence(garbled)[0].startswith("Maja Tollef said: ")


def test_a_state_is_not_named_beside_the_person_acting_for_it():
    trump = {"name": "Donald Trump", "kind": "person", "country": "United States"}
    assert names([trump, _ref("United States"), _ref("Russia")]) == \
        "Donald Trump and Russia"
    assert names(_ref("Russia")) == "Russia" and names(None) is None


def test_the_same_sentence_is_told_once_with_all_its_sources():
    def claim(article):
        return Claim("A and B give different accounts of their talks.",
                     [Citation(article, 0, 5, "words", 0)])
    merged = merge_same([claim("a1"), claim("a2"), claim("a1"),
                         Claim("Another claim.", [Citation("a3", 0, 5, "words", 0)])])
    assert [c.text for c in merged] == ["A and B give different accounts of their talks.",
                                        "Another claim."]
    assert [c.article_id for c in merged[0].citations] == ["a1", "a2"]


def test_same_named_initiatives_are_one_topic_only_within_one_negotiation():
    def step(init, parties, article):
        return dict(_step("proposed"), initiative_id=init, label="ceasefire", parties=parties,
                    extra={"sources": [{"article_id": article}]})
    found = topics([step("i1", ["Israel", "Hamas"], "a1"), step("i2", ["Qatar"], "a1"),
                    step("i3", ["Hamas"], "a2"), step("i4", ["Sudan", "RSF"], "a9")])
    assert {k: sorted(s["initiative_id"] for s in v) for k, v in found.items()} == {
        "ceasefire (Hamas, Israel, Qatar)": ["i1", "i2", "i3"],
        "ceasefire (RSF, Sudan)": ["i4"]}
    assert list(topics([step("i1", ["Israel"], "a1")])) == ["ceasefire"]


def test_conditions_fold_into_an_acceptance_with_conditions():
    merged = merge_steps([_step("accepted", "Marran", conditional=True),
                          _step("conditions_set", "Marran"),
                          _step("conditions_set", "Talvoria")])
    assert [text for text, _ in merged] == [
        "Marran accepted the 14-day ceasefire with conditions on 4 June 2025.",
        "Talvoria set conditions on the 14-day ceasefire on 4 June 2025."]
    assert len(merged[0][1]) == 2
