"""The state in the store (save and read back) and the state commands of the CLI."""

from __future__ import annotations

import json

import pytest
from test_linking_initiatives import _negotiation
from typer.testing import CliRunner

from communique.cli import app
from communique.linking.persist import (
    has_state,
    read_contradictions,
    read_events,
    read_initiative,
    read_initiatives,
    read_stances,
    save_state,
)
from communique.records import ExtractionRecord
from communique.store import Store

runner = CliRunner()


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "state.duckdb"
    with Store.open(str(path)) as store:
        for record in _negotiation():
            store.add(ExtractionRecord(**record))
    return str(path)


def test_save_and_read_back(db):
    with Store.open(db) as store:
        assert not has_state(store)
        counts = save_state(store)
        assert has_state(store)
        assert counts["initiatives"] == 1 and counts["contradictions"] == 2
        events = read_events(store, since="2025-05-13", type="agree")
        assert {e["date"] for e in events} == {"2025-05-14", "2025-05-15", "2025-05-16"}
        assert all(e["n_sources"] == 1 for e in events)
        assert [e["type"] for e in read_events(store, actor="Varesh")] == ["agree", "attack",
                                                                          "attack"]
        (init,) = read_initiatives(store)
        assert init["label"] == "21-day ceasefire" and init["status"] == "violation_alleged"
        full = read_initiative(store, init["id"][:12])
        assert [s["status"] for s in full["history"]][:2] == ["proposed", "accepted"]
        assert full["history"][0]["extra"]["sources"][0]["article_id"] == "a1"
        matrix = {(r["party"], r["position"]) for r in read_stances(store, issue="ceasefire")}
        assert ("Kethran", "supports") in matrix and ("Varesh", "supports") in matrix
        found = read_contradictions(store)
        assert {(c["kind"], c["b_article_id"]) for c in found} == {("violation", "a5")}
        # rebuilding gives the same rows
        assert save_state(store) == counts


def test_replacing_an_article_drops_the_state_rows_citing_it(db):
    with Store.open(db) as store:
        save_state(store)
        record = _negotiation()[4]
        record["text"] += " More later."
        from communique.records import content_hash

        record["hash"] = content_hash(record["text"])
        store.add(ExtractionRecord(**record))
        assert read_contradictions(store) == []  # both cited a5


def test_cli_commands_print_the_state(db):
    result = runner.invoke(app, ["initiatives", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    inits = json.loads(result.stdout)
    assert inits[0]["label"] == "21-day ceasefire"
    result = runner.invoke(app, ["link", "--db", db])
    assert result.exit_code == 0, result.output
    for command in (["events", "--type", "attack"], ["stances", "--issue", "ceasefire"],
                    ["contradictions"], ["initiative", inits[0]["id"]]):
        result = runner.invoke(app, [*command, "--db", db, "--format", "json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)
    result = runner.invoke(app, ["initiative", "nope", "--db", db])
    assert result.exit_code == 1
