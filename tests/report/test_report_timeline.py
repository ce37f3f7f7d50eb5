"""The timeline over the fixture negotiation: order, filters, formats and citations."""

from __future__ import annotations

import json
from datetime import date

import pytest
from report_kit import HAS_CORPUS, negotiation_store, unresolved

from communique.errors import InputError
from communique.report.timeline import (
    TimelineEntry,
    build_timeline,
    day_heading,
    render_timeline,
    timeline_dicts,
)
from communique.store import Store

if not HAS_CORPUS:
    pytest.skip("the fixture corpus is absent", allow_module_level=True)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = negotiation_store(tmp_path_factory.mktemp("timeline") / "timeline.duckdb")
    with Store.open(db, read_only=True) as opened:
        yield opened


def test_entries_are_dated_in_order_and_cited(store):
    entries = build_timeline(store)
    assert len(entries) > 15
    days = [e.day for e in entries if e.day]
    assert days == sorted(days)
    for entry in entries:
        assert entry.citations and not any(unresolved(store, c) for c in entry.citations)
    assert {e.kind for e in entries} == {"event", "status"}
    assert all(e.modality in ("asserted", "alleged") for e in entries)


def test_a_status_step_is_not_repeated_as_its_event(store):
    entries = build_timeline(store)
    step_events = {e.ref for e in entries if e.kind == "event"}
    steps = store.query("SELECT linked_event_id FROM initiative_steps "
                        "WHERE linked_event_id IS NOT NULL")
    assert step_events.isdisjoint({s["linked_event_id"] for s in steps})


def test_actor_filter_keeps_the_actor_s_facts(store):
    texts = [e.text for e in build_timeline(store, actor="talvoria")]
    assert "Talvoria accepted the 14-day humanitarian ceasefire on 4 June 2025." in texts
    assert "Hesper Union proposed the sanctions on Marran Federation on 13 June 2025." \
        in [e.text for e in build_timeline(store)]
    assert not any(t.startswith("Hesper Union proposed") for t in texts)


def test_initiative_filter_by_label_words_and_unknown_name(store):
    entries = build_timeline(store, initiative="prisoner exchange")
    assert entries and {e.initiative for e in entries} == {"prisoner exchange (400)"}
    assert [e.type for e in entries if e.kind == "status"][-1] == "carried_out"
    with pytest.raises(InputError, match="no initiative matches"):
        build_timeline(store, initiative="moon treaty")


def test_dates_bound_the_entries(store):
    entries = build_timeline(store, since="2025-06-12", until="2025-06-13")
    assert entries and all("2025-06-12" <= e.day.isoformat() <= "2025-06-13" for e in entries)


def test_formats(store):
    entries = build_timeline(store, initiative="prisoner exchange")
    data = json.loads(render_timeline(entries, "json"))
    assert data == json.loads(json.dumps(timeline_dicts(entries)))
    first = data[0]["citations"][0]
    assert first["link"].startswith(f"/articles/{first['article_id']}?hl=")
    md = render_timeline(entries, "md", title="Timeline: exchange")
    assert md.startswith("# Timeline: exchange") and "### 14 June 2025" in md
    page = render_timeline(entries, "html")
    assert "<h2>14 June 2025</h2>" in page and page.count("<li ") == len(entries)


def test_headings_are_as_precise_as_the_dates():
    def entry(value, precision):
        day = date.fromisoformat(value) if value else None
        return TimelineEntry(value, precision, "event", "consult", "x", [], [], day=day)
    assert day_heading(entry("2025-03-10", "week")) == "Week of 10 March 2025"
    assert day_heading(entry("2025-01-01", "month")) == "January 2025"
    assert day_heading(entry("2025-03-18", "day")) == "18 March 2025"
    assert day_heading(entry(None, None)) == "Undated"
