"""`communique code`: CAMEO dyads from event records, and the command on a small file."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from communique.events.coding import (
    _with_place_target,
    cameo_dyads,
    cameo_for,
    pairs,
    place_by_context,
    read_sentence_records,
    without_accused_acts,
)

USA = {"name": "United States", "code": "USA"}
RUS = {"name": "Russia", "code": "RUSGOV"}
CHE = {"name": "Switzerland", "code": "CHE"}


def event(**kw):
    """Return a minimal event record."""
    base = {
        "type": "consult",
        "cameo": "040",
        "source": USA,
        "target": RUS,
        "modality": "asserted",
        "symmetric": True,
    }
    return {**base, **kw}


def test_meeting_is_coded_both_ways():
    assert pairs(event()) == [("USA", "RUSGOV"), ("RUSGOV", "USA")]


def test_three_parties_give_every_ordered_pair():
    assert len(pairs(event(source=[USA, RUS, CHE], target=None))) == 6


def test_joint_protest_gives_no_pair_between_its_parties():
    protest = event(type="criticize", cameo="141", source=[USA, CHE], target=None, symmetric=False)
    assert pairs(protest) == [("USA", None), ("CHE", None)]


def test_directed_act_is_coded_once():
    assert pairs(event(type="attack", cameo="190", symmetric=False)) == [("USA", "RUSGOV")]


@pytest.mark.parametrize(
    ("modality", "cue", "cameo", "expected"),
    [
        ("asserted", None, "072", "072"),
        ("alleged", "accuse", "190", None),  # "was accused of striking": only the accusation
        ("planned", "will", "072", "0332"),  # announced aid: intent to give military aid
        ("planned", "schedule", "042", "042"),  # a scheduled visit is coded as the visit
        ("hypothetical", "would", "190", "1384"),  # a possible attack: a threat
        ("negated", "not", "072", "1222"),  # refused military aid
        ("negated", "not", "190", None),  # not attacking is no event
        ("conditional", "if", "0841", "0353"),
        ("conditional", "unless", "0874", "130"),  # "will pull its troops out unless": a threat
        ("conditional", "unless", "190", "1384"),
    ],
)
def test_cameo_conventions_for_modality(modality, cue, cameo, expected):
    assert cameo_for(event(cameo=cameo, modality=modality, modality_cue=cue)) == expected


def test_dyads_skip_actors_without_codes_and_repeats():
    nameless = {"name": "a militia", "code": None}
    dyads = cameo_dyads([event(symmetric=False), event(symmetric=False), event(source=nameless)])
    assert dyads == [{"source": "USA", "target": "RUSGOV", "cameo": "040", "plover": "CONSULT"}]


def test_agent_only_group_gets_sector_code_and_targetless_acts_are_left_out():
    rebels = {"name": "rebels", "kind": "group", "country": None, "sector": "REB", "code": None}
    dyads = cameo_dyads(
        [
            event(type="attack", cameo="190", source=rebels, symmetric=False),
            event(type="attack", cameo="190", target=None, symmetric=False),
        ]
    )
    assert dyads == [{"source": "---REB", "target": "RUSGOV", "cameo": "190", "plover": "ASSAULT"}]


def test_unplaced_office_holder_takes_the_sentences_one_country():
    president = {"name": "Ndayishimiye", "kind": "person", "country": None, "sector": "GOV"}
    rebels = {"name": "rebels", "kind": "group", "country": None, "sector": "REB", "code": None}
    placed = place_by_context(event(source=rebels, target=president), "BDI")
    assert placed["target"]["code"] == "BDIGOV"
    assert placed["source"] is rebels  # agent-only groups stay ---REB
    assert place_by_context(event(target=president), None)["target"] is president


def test_act_only_asked_for_is_not_coded():
    asked = event(type="release", cameo="0841", modality="hypothetical", modality_cue="urge")
    assert cameo_for(asked) is None
    assert cameo_for(event(cameo="0841", modality="hypothetical", modality_cue="would")) == "0353"


def test_intent_to_meet_is_coded_one_way():
    planned = event(modality="planned", modality_cue="will")
    assert [(d["source"], d["target"], d["cameo"]) for d in cameo_dyads([planned])] == [
        ("USA", "RUSGOV", "036")
    ]


def test_read_sentence_records_needs_text():
    assert list(read_sentence_records(['{"id": 1, "text": "x"}', ""])) == [{"id": 1, "text": "x"}]
    with pytest.raises(ValueError, match="line 1"):
        list(read_sentence_records(['{"id": 1}']))


@pytest.mark.slow
def test_code_command(tmp_path):
    from communique.cli import app

    source = tmp_path / "sentences.jsonl"
    records = [
        {
            "id": "a",
            "date": "2025-05-07",
            "text": "India launched missile strikes on Pakistan on Wednesday.",
        },
        {"id": "b", "date": "2025-05-07", "text": "The weather in Lahore was hot on Wednesday."},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = CliRunner().invoke(app, ["code", str(source), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    coded = [
        {**e, "source": e["source"][:3], "target": (e["target"] or "")[:3]}
        for e in rows[0]["events"]
    ]
    assert {"source": "IND", "target": "PAK", "cameo": "195", "plover": "ASSAULT"} in coded
    assert rows[1]["events"] == []


def test_code_command_names_a_missing_file(tmp_path):
    from communique.cli import app

    result = CliRunner().invoke(app, ["code", str(tmp_path / "nope.jsonl")])
    assert result.exit_code != 0


def test_domestic_act_on_an_uncodeable_target_falls_back_to_the_source_country():
    karen = {"name": "Karen", "kind": "group", "country": None, "sector": None, "code": None}
    troops = {"name": "Burmese troops", "country": "Myanmar", "code": "MMRMIL"}
    attack = event(type="attack", cameo="190", source=troops, target=karen, symmetric=False)
    assert _with_place_target(attack, [])["target"]["code"] == "MMR"
    talks = event(source=troops, target=karen, symmetric=False)  # talks are no domestic act
    assert _with_place_target(talks, [])["target"] is karen


def test_condition_of_a_threat_is_nobodys_act():
    condition = event(type="agree", cameo="083", modality="hypothetical", modality_cue="unless")
    assert cameo_for(condition) is None
    promise = event(type="agree", cameo="0874", modality="conditional", modality_cue="if")
    assert cameo_for(promise) == "0356"


def test_unknown_organisation_takes_the_sentences_one_country():
    paper = {"name": "El Faro", "kind": "organisation", "country": None, "sector": None}
    placed = place_by_context(event(source=USA, target=paper), "SLV")
    assert placed["target"]["code"] == "SLV"
    person = {"name": "Ana Ruiz", "kind": "person", "country": None, "sector": None}
    assert place_by_context(event(target=person), "SLV")["target"] is person


def test_domestic_fallback_needs_a_single_source():
    from_two = event(type="threaten", cameo="150", source=[USA, CHE], target=None, symmetric=False)
    assert _with_place_target(from_two, [])["target"] is None
    from_one = event(type="threaten", cameo="150", source=USA, target=None, symmetric=False)
    assert _with_place_target(from_one, [])["target"]["code"] == "USA"


def test_no_act_of_a_body_on_itself_but_two_actors_of_one_state_stay():
    un = {"name": "United Nations", "code": "IGOUNO"}
    assert cameo_dyads([event(type="agree", cameo="030", source=un, target=un)]) == []
    zwe = {"name": "Zimbabwe", "code": "ZWE"}
    demand = event(type="demand", cameo="100", source=zwe, target=zwe, symmetric=False)
    assert [d["cameo"] for d in cameo_dyads([demand])] == ["100"]


def test_an_act_a_party_claims_is_printed_as_the_accusation_alone():
    claim = {"cameo": "112", "source": USA, "target": RUS, "issue": "Russia had shelled Kherson",
             "evidence": {"sentence": 0}}
    shelling = {"cameo": "194", "source": RUS, "target": CHE, "trigger": "shelled",
                "evidence": {"sentence": 0}}
    elsewhere = {**shelling, "evidence": {"sentence": 1}}
    other_doer = {**shelling, "source": CHE, "target": RUS}
    assert without_accused_acts([claim, shelling, elsewhere, other_doer]) == [
        claim, elsewhere, other_doer]


def test_hosted_visit_is_coded_as_the_hosts_and_the_guests_act():
    hosted = event(type="consult", cameo="043", source=CHE, target=RUS, symmetric=False)
    assert [(d["source"], d["target"], d["cameo"]) for d in cameo_dyads([hosted])] == [
        ("CHE", "RUSGOV", "043"), ("RUSGOV", "CHE", "042")]


def test_two_actors_of_one_state_keep_both_directions():
    opposition = {"name": "Georgian protesters", "code": "GEOOPP"}
    government = {"name": "Georgia", "code": "GEOGOV"}
    hosted = event(type="consult", cameo="043", source=opposition, target=government,
                   symmetric=False)
    assert [d["cameo"] for d in cameo_dyads([hosted])] == ["043", "042"]


def test_a_refused_meeting_is_one_partys_act_a_failed_deal_stays_mutual():
    refused = event(modality="negated", modality_cue="refuse")
    failed = event(type="agree", cameo="057", modality="negated", modality_cue="fail")
    assert [(d["source"], d["target"]) for d in cameo_dyads([refused])] == [("USA", "RUSGOV")]
    assert len(cameo_dyads([failed])) == 2
