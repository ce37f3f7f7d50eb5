"""The state in the store (save and read back) and the state commands of the CLI."""

from __future__ import annotations

import json

import pytest
from linking_kit import KETHRAN, OTRANA, SOLENNE, VARESH, article, ev
from test_linking_initiatives import _negotiation
from typer.testing import CliRunner

from communique.cli import app
from communique.linking import link_records
from communique.linking.persist import (
    has_state,
    read_contradictions,
    read_events,
    read_initiative,
    read_initiatives,
    read_stances,
    save_state,
)
from communique.records import ExtractionRecord, content_hash
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


def _ids_and_links(store) -> dict[str, set[tuple[str, int]]]:
    rows = store.query("SELECT linked_event_id, article_id, event_idx FROM event_links")
    out: dict[str, set[tuple[str, int]]] = {}
    for row in rows:
        out.setdefault(row["linked_event_id"], set()).add((row["article_id"], row["event_idx"]))
    return out


def test_linking_new_articles_touches_only_their_events(tmp_path):
    from test_linking_merge import _call_articles

    from communique.linking.persist import link_store

    a, b, c = _call_articles()
    late = article("z9", "2025-05-20", "Harbour Press", ["Kethran shelled Varesh on Monday."],
                   [ev("attack", KETHRAN, VARESH, 0, date="2025-05-19")])
    # an earlier report of the call, stored last: a rebuild would found the event on it
    early = article("a0", "2025-05-13", "Tarsk Courier", [
        "Solenne and Otrana spoke by phone on Tuesday."],
        [ev("consult", SOLENNE, OTRANA, 0, date="2025-05-13")])
    with Store.open(str(tmp_path / "inc.duckdb")) as store:
        for record in (a, b, late):
            store.add(ExtractionRecord(**record))
        counts, changes = link_store(store)
        assert changes is None and counts["linked_events"] == 4  # first run: from scratch
        before = _ids_and_links(store)
        for record in (c, early):
            store.add(ExtractionRecord(**record))
        _, changes = link_store(store)
        after = _ids_and_links(store)
    assert set(after) == set(before)  # no id moved, none created
    touched = {event.id for event in changes.updated}
    assert len(touched) == 1 and not changes.created and not changes.removed
    (call,) = touched
    assert after[call] == before[call] | {("c1", 0), ("a0", 0)}
    assert all(after[eid] == before[eid] for eid in before if eid != call)
    # a rebuild re-founds the call on its earliest report
    rebuilt = link_records([a, b, c, late, early])
    assert call not in {event.id for event in rebuilt}


def test_a_replaced_article_is_linked_again(db):
    from communique.linking.persist import link_store

    with Store.open(db) as store:
        link_store(store)
        record = _negotiation()[4]
        record["text"] += " More later."
        record["hash"] = content_hash(record["text"])
        store.add(ExtractionRecord(**record))
        _, changes = link_store(store)
        assert changes is not None
        linked = {row["article_id"] for row in store.query("SELECT article_id FROM event_links")}
        assert record["id"] in linked
        assert {(c["kind"], c["b_article_id"]) for c in read_contradictions(store)} == {
            ("violation", record["id"])}


def test_ingest_links_unless_told_not_to(tmp_path):
    text = tmp_path / "call.txt"
    text.write_text("Varesh and Kethran agreed on Monday to a truce, officials said.\n",
                    encoding="utf-8")
    db = str(tmp_path / "cli.duckdb")
    result = runner.invoke(app, ["ingest", str(text), "--db", db, "--no-link",
                                 "--date", "2025-05-20"])
    assert result.exit_code == 0, result.output
    with Store.open(db, read_only=True) as store:
        assert store.counts()["event_links"] == 0
    other = tmp_path / "other.txt"
    other.write_text("Kethran and Varesh held talks in Geneva on Tuesday.\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(other), "--db", db, "--date", "2025-05-21"])
    assert result.exit_code == 0, result.output
    assert "negotiation state" in result.stdout


def test_reports_say_when_articles_wait_for_linking(tmp_path):
    from communique.linking.persist import unlinked_articles

    db = str(tmp_path / "wait.duckdb")
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("Armenia and Azerbaijan agreed on Monday to a truce, officials said.\n",
                     encoding="utf-8")
    second.write_text("Azerbaijan and Armenia held talks in Geneva on Tuesday.\n",
                      encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(first), "--db", db]).exit_code == 0
    result = runner.invoke(app, ["initiatives", "--db", db])
    assert result.exit_code == 0 and "not linked yet" not in result.output
    assert runner.invoke(app, ["ingest", str(second), "--db", db, "--no-link",
                               "--date", "2025-08-06"]).exit_code == 0
    with Store.open(db, read_only=True) as store:
        assert unlinked_articles(store) == 1
    result = runner.invoke(app, ["initiatives", "--db", db])
    assert result.exit_code == 0 and "1 stored article(s) are not linked yet" in result.output
    assert runner.invoke(app, ["link", "--db", db]).exit_code == 0
    with Store.open(db, read_only=True) as store:
        assert unlinked_articles(store) == 0
