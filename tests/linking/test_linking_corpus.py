"""The state of the fixture negotiation (tests/data/corpus_negotiation) against its truth.

The records are a perfect extraction written by hand (corpus_events.jsonl), so
these tests check the linking and state rules alone. Of the truth's two free-form
stance issues, the condition "halt to drone flights" is found as a condition issue;
"Sallow Bay port included in the ceasefire" (a readout disagreement) is not
modelled and is listed in KNOWN_GAPS.
"""

from __future__ import annotations

import pytest
from corpus_kit import CORPUS, build_records, load_truth

from communique.linking import build_state
from communique.linking.mentions import party, refs

if not (CORPUS / "truth.json").exists():
    pytest.skip("the fixture corpus is absent", allow_module_level=True)

KNOWN_GAPS = {"Sallow Bay port included in the ceasefire"}
CONDITION_ISSUES = {"halt to drone flights over the Vell valley"}


@pytest.fixture(scope="module")
def truth():
    return load_truth()


@pytest.fixture(scope="module")
def state():
    return build_state(build_records()).to_dict()


SYMMETRIC = {"consult", "agree", "release"}


def _names(value):
    return set(value if isinstance(value, list) else [value])


def _sources(linked_event):
    return {party(r) for r in refs(linked_event["source"])}


def _initiative(state, truth_init):
    found = [i for i in state["initiatives"] if i["type"] == truth_init["type"]]
    assert len(found) == 1, (truth_init["id"], [i["label"] for i in found])
    return found[0]


def test_linked_events_match_the_truth(truth, state):
    for expected in truth["linked_events"]:
        event = next(e for e in truth["events"] if e["id"] == expected["event"])
        matches = [le for le in state["linked_events"] if le["type"] == event["type"]
                   and set(expected["reported_by"]) <= {m["article_id"] for m in le["mentions"]}
                   and (event["type"] in SYMMETRIC or _sources(le) == _names(event["source"]))]
        assert len(matches) == 1, expected["event"]
        le = matches[0]
        articles = {m["article_id"] for m in le["mentions"]}
        assert articles <= set(expected["articles"]), expected["event"]
        assert le["date"] == event["date"], expected["event"]
        assert le["first_report"] == expected["first_report"]


def test_wire_copy_counted_once(truth, state):
    call = next(le for le in state["linked_events"] if le["type"] == "consult")
    assert (call["n_mentions"], call["n_articles"], call["n_sources"]) == (3, 2, 3)
    assert (call["first_report"], call["last_report"]) == ("2025-06-02", "2025-06-03")
    assert [m["is_copy"] for m in call["mentions"]].count(True) == 1


def test_single_report_events_stay_alone(truth, state):
    linked = {e["event"] for e in truth["linked_events"]}
    for event in truth["events"]:
        if event["id"] in linked or event.get("background"):
            continue
        (article,) = event["reported_by"]
        found = [le for le in state["linked_events"] if le["type"] == event["type"]
                 and article in {m["article_id"] for m in le["mentions"]}
                 and _sources(le) == _names(event["source"])]
        assert found and all(len({m["article_id"] for m in le["mentions"]}) == 1
                             for le in found), event["id"]


def test_initiative_histories_match_the_truth(truth, state):
    for expected in truth["initiatives"]:
        init = _initiative(state, expected)
        got = [(h["date"], h["status"], h["party"], h["counterpart_party"]
                if h["status"] == "violation_alleged" else None) for h in init["history"]]
        want = [(h["date"], h["status"], h["by"], h.get("against")) for h in expected["history"]]
        assert got == want, expected["id"]
        first_articles = {e["article"] for e in expected["history"][0]["evidence"]}
        assert first_articles <= {s["article_id"] for s in init["history"][0]["sources"]}


def test_conditional_acceptance_is_flagged(truth, state):
    ceasefire = _initiative(state, truth["initiatives"][0])
    flags = {(h["party"], h["status"]): h["conditional"] for h in ceasefire["history"]}
    assert flags[("Talvoria", "accepted")] is False
    assert flags[("Marran Federation", "accepted")] is True


def test_stance_matrix_matches_the_truth(truth, state):
    ids = {i["id"]: _initiative(state, i)["id"] for i in truth["initiatives"]}
    for issue in truth["stances"]:
        if issue["issue"] in KNOWN_GAPS | CONDITION_ISSUES:
            continue
        cells = {r["party"]: r for r in state["stances"]
                 if r["issue_id"] == ids[issue["initiative"]]}
        for expected in issue["positions"]:
            assert cells[expected["actor"]]["position"] == expected["position"], (
                issue["issue"], expected["actor"])
        assert set(cells) == {p["actor"] for p in issue["positions"]}, issue["issue"]


def test_earlier_positions_stay_in_the_history(state, truth):
    ceasefire = _initiative(state, truth["initiatives"][0])["id"]
    cell = next(r for r in state["stances"] if r["issue_id"] == ceasefire
                and r["party"] == "Marran Federation")
    assert [h["position"] for h in cell["history"]][:2] == ["undecided", "undecided"]
    assert cell["history"][0]["date"] == "2025-06-03"


def test_contradictions_match_the_truth(truth, state):
    kinds = {"readout_scope": "readout_scope", "claim_denial": "claim_denial",
             "violation": "violation"}
    found = list(state["contradictions"])
    for expected in truth["contradictions"]:
        a_articles = {e["article"] for e in expected["a"]["evidence"] + expected.get("also_a",
                                                                                    [])}
        b_articles = {e["article"] for e in expected["b"]["evidence"] + expected.get("also_b",
                                                                                    [])}
        hits = [c for c in found if c["kind"] == kinds[expected["kind"]]
                and c["b"]["article_id"] in b_articles | a_articles
                and c["b"]["party"] == expected["b"]["actor"]
                and (expected["kind"] == "violation" or c["a"]["party"] == expected["a"]["actor"])
                and expected.get("against") in (None, c["b"].get("counterpart_party"))]
        assert len(hits) == 1, (expected["id"], [c["description"] for c in hits])
        if expected["kind"] != "violation":
            assert hits[0]["a"]["article_id"] in a_articles, expected["id"]
        found.remove(hits[0])
    assert found == [], [c["description"] for c in found]


def test_a_condition_is_an_issue_with_its_positions(truth, state):
    conditions = {r["issue_id"] for r in state["stances"] if r["issue_id"].startswith("condition:")}
    assert len(conditions) == 1, conditions  # the other two conditions are initiatives
    cells = {r["party"]: r["position"] for r in state["stances"] if r["issue_id"] in conditions}
    (expected,) = [i for i in truth["stances"] if i["issue"] in CONDITION_ISSUES]
    assert cells == {p["actor"]: p["position"] for p in expected["positions"]}
