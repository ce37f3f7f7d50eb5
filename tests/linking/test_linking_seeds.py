"""Acceptance examples of issue 7 on the five seed articles, through the real extraction.

The seeds are ingested into a store exactly as `communique ingest` does, the state is
built as `communique link` does, and the examples are read back from the store.
"""

from __future__ import annotations

import pytest

from communique.jobs import ingest
from communique.linking.persist import (
    read_contradictions,
    read_events,
    read_initiative,
    read_initiatives,
    read_stances,
    save_state,
)
from communique.store import Store


@pytest.fixture(scope="module")
def store(shared_dir, tmp_path_factory):
    path = str(tmp_path_factory.mktemp("seeds") / "seeds.duckdb")
    with Store.open(path) as opened:
        summary = ingest(opened, [str(shared_dir / "seeds" / "seeds.jsonl")])
        assert summary.stored == 5 and not summary.failures
        save_state(opened)
    with Store.open(path, read_only=True) as opened:
        yield opened


def _seed_articles(store: Store, event_id: str) -> set[str]:
    rows = store.query("SELECT article_id FROM event_links WHERE linked_event_id = ?",
                       [event_id])
    return {row["article_id"][:3] for row in rows}


def _people(row: dict) -> set[str]:
    refs = (row.get("extra") or {}).get("participants") or []
    return {ref["name"] for ref in refs if ref.get("kind") == "person"}


@pytest.mark.parametrize(("day", "leaders"), [
    ("2025-03-18", {"Donald Trump", "Vladimir Putin"}),
    ("2025-03-19", {"Donald Trump", "Volodymyr Zelensky"}),
])
def test_each_leaders_call_is_one_event_with_two_sources(store, day, leaders):
    calls = [row for row in read_events(store, since=day, until=day, type="consult")
             if row["modality"] == "asserted" and leaders <= _people(row)]
    assert len(calls) == 1, [(c["id"], c["n_articles"]) for c in calls]
    call = calls[0]
    assert call["n_articles"] == 2 and call["n_sources"] == 2
    assert _seed_articles(store, call["id"]) == {"000", "002"}


def test_energy_ceasefire_is_one_initiative_with_its_history(store):
    energy = [row for row in read_initiatives(store)
              if row["type"] == "ceasefire" and row["scope"] == "energy"]
    assert len(energy) == 1, [row["label"] for row in energy]
    history = read_initiative(store, energy[0]["id"])["history"]
    steps = [(step["status"], step["extra"]["party"], step["date"]) for step in history]

    def days(status: str, who: str) -> list[str]:
        return [day for s, p, day in steps if s == status and p == who]

    proposed = days("proposed", "United States")
    accepted = days("accepted", "Russia") + days("accepted", "Ukraine")
    assert proposed, steps
    assert days("accepted", "Russia") and days("accepted", "Ukraine"), steps
    assert min(proposed) <= min(accepted)
    violations = [day for s, _, day in steps if s == "violation_alleged"]
    assert violations and min(violations) >= min(accepted), steps


def test_stance_matrix_on_troops_for_ukraine(store):
    rows = [row for row in read_stances(store, issue="troops")
            if row["issue"] == "foreign troops in Ukraine"]
    positions = {row["party"]: row["position"] for row in rows}
    assert positions.get("United Kingdom") == "supports", positions
    assert positions.get("France") == "supports", positions
    assert positions.get("Italy") == "opposes", positions


def test_two_accounts_of_the_nuclear_plants_talk_contradict(store):
    def about_ownership(text: str) -> bool:
        return "ownership" in text.lower()

    def about_one_plant(text: str) -> bool:
        return "only" in text and "plant" in text

    found = [row for row in read_contradictions(store)
             if {"United States", "Ukraine"} <= set(row["actor"] or [])
             and any(about_ownership(row[f"{x}_text"] or "") and about_one_plant(
                 row[f"{y}_text"] or "") for x, y in (("a", "b"), ("b", "a")))]
    assert found, [row["description"] for row in read_contradictions(store)]
