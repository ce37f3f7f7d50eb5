"""Read what the reports need from the store: state rows with their evidence spans.

The negotiation state (linked events, initiatives, stances, contradictions) is
written by `communique link` (linking/persist.py). `open_with_state` opens a
store that holds it, building it in memory when linking has not run, so a
report never silently comes out empty.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date
from typing import Any

from communique.linking.persist import STATE_TABLES, has_state, save_state, state_from_store
from communique.report.phrasing import parse_day
from communique.store import Store

log = logging.getLogger(__name__)


def open_with_state(db: str) -> tuple[Store, bool]:
    """Open a store read-only with its negotiation state.

    Args:
        db: the DuckDB file.
    Returns:
        (store, saved): the file's store when `communique link` has saved the
        state (saved=True); else an in-memory copy of its articles with the state
        built from them (saved=False). The caller closes the store.
    """
    store = Store.open(db, read_only=True)
    if has_state(store):
        return store, True
    log.info("%s has no saved negotiation state: building it in memory", db)
    state = state_from_store(store)
    tables = [t for t in store.columns if t not in STATE_TABLES and t != "schema_version"]
    store.close()
    memory = Store.open(":memory:")
    try:
        memory.con.execute("ATTACH ? AS src (READ_ONLY)", [db])
        for table in tables:
            memory.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM src.{table}")
        memory.con.execute("DETACH src")
        save_state(memory, state)
    except BaseException:
        memory.close()
        raise
    return memory, False


def read_steps(store: Store) -> list[dict[str, Any]]:
    """Return initiative steps with their initiative's label and effective day, in date order."""
    rows = store.query("""
        SELECT s.*, i.label, i.type AS initiative_type, i.parties, a.pub_date
        FROM initiative_steps s JOIN initiatives i ON i.id = s.initiative_id
        LEFT JOIN articles a ON a.id = s.article_id""")
    for row in rows:
        row["day"] = parse_day(row["date"], strict=False) or parse_day(row["pub_date"],
                                                                      strict=False)
    return sorted(rows, key=lambda r: (r["day"] or date.max, r["initiative_id"], r["idx"]))


def step_sources(step: dict[str, Any]) -> list[dict[str, Any]]:
    """Return every evidence span of a status step (article id, offsets, words)."""
    sources = (step.get("extra") or {}).get("sources") or []
    return sources or [{"article_id": step["article_id"], "start": step["evidence_start"],
                        "end": step["evidence_end"], "text": step["evidence_text"]}]


def linked_events(store: Store, where: str = "true",
                  params: list[Any] | None = None) -> list[dict[str, Any]]:
    """Return linked events matching a SQL clause, each with its mentions' evidence.

    Each event gets `mentions` (article id, start, end, text, reporter, cameo;
    wire copies last), `day` (its date, else its first report) and `label`
    (the label of the initiative it concerns, or None).
    """
    events = store.query(f"""
        SELECT * FROM (SELECT e.*, i.label FROM linked_events e
                       LEFT JOIN initiatives i ON i.id = e.initiative_id)
        WHERE {where} ORDER BY date NULLS LAST, first_report, id""", params or [])
    if not events:
        return []
    mentions = store.query("""
        SELECT l.linked_event_id, l.is_copy, e.article_id, e.evidence_start AS start,
               e.evidence_end AS "end", e.evidence_text AS text, e.trigger, e.cameo,
               e.reporter, a.pub_date, a.outlet
        FROM event_links l JOIN events e ON e.article_id = l.article_id
             AND e.idx = l.event_idx
        JOIN articles a ON a.id = e.article_id
        WHERE l.linked_event_id IN (SELECT unnest(?))
        ORDER BY l.is_copy, a.pub_date NULLS LAST, e.article_id, e.idx""",
                           [[e["id"] for e in events]])
    by_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in mentions:
        by_event[m["linked_event_id"]].append(m)
    for event in events:
        event["mentions"] = by_event.get(event["id"], [])
        event["day"] = parse_day(event["date"], strict=False) or parse_day(
            event["first_report"], strict=False)
    return events
