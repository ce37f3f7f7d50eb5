"""Read records from the store, build the negotiation state, write and read its tables.

Tables (store/schema.sql): linked_events + event_links, initiatives +
initiative_steps, stances (one row per piece of evidence), contradictions.
`link_store` links the articles not linked yet into the stored linked events
(incremental: events no new article touches keep their id and rows) and
rewrites the derived tables; `save_state` rebuilds everything from scratch.
Each table is replaced in its own transaction; the read functions return
plain dicts for the CLI and the web app.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from typing import Any

from communique.linking.mentions import parse_day, record_mentions
from communique.linking.merge import LinkChanges, LinkedEvent, Linker, with_objects
from communique.linking.state import State, build_state

log = logging.getLogger(__name__)

STATE_TABLES = ("linked_events", "event_links", "initiatives", "initiative_steps", "stances",
                "contradictions")


def stored_records(store: Any) -> Iterator[dict[str, Any]]:
    """Yield every stored article as an extraction-record dict, by publication date."""
    for row in store.query("SELECT id FROM articles ORDER BY pub_date NULLS LAST, id"):
        record = store.article(row["id"])
        store.yield_to_readers()  # a long read by a writer must not keep `serve` waiting
        if record is not None:
            yield record


def state_from_store(store: Any) -> State:
    """Build the negotiation state of every article in the store."""
    return build_state(list(stored_records(store)))


def _num(text: str) -> int:
    """Return a stable positive 63-bit integer for an id (GDELT-style numeric ids)."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:15], 16)


def _first(value: Any) -> dict[str, Any] | None:
    if isinstance(value, list):
        return value[0] if value else None
    return value if isinstance(value, dict) else None


def linked_event_rows(state: State) -> tuple[list[dict], list[dict]]:
    """Return the rows of linked_events and event_links."""
    initiative_of: dict[str, str] = {}
    for init in state.initiatives:
        for step in init.steps:
            if step.linked_event_id:
                initiative_of.setdefault(step.linked_event_id, init.id)
    events, links = [], []
    for event in state.linked_events:
        data = event.to_dict()
        src, tgt = _first(data["source"]), _first(data["target"])
        cameo = data["cameo"]
        events.append({
            "id": data["id"], "num": _num(data["id"]), "type": data["type"], "cameo": cameo,
            "root_code": cameo[:2] if cameo else None, "plover": data["plover"],
            "goldstein": data["goldstein"], "quad_class": data["quad_class"],
            "source": data["source"], "target": data["target"],
            "source_name": (src or {}).get("name"), "source_code": (src or {}).get("code"),
            "target_name": (tgt or {}).get("name"), "target_code": (tgt or {}).get("code"),
            "issue": data["issue"], "modality": data["modality"], "date": data["date"],
            "date_precision": data["date_precision"], "first_report": data["first_report"],
            "last_report": data["last_report"], "n_mentions": data["n_mentions"],
            "n_articles": data["n_articles"], "n_sources": data["n_sources"],
            "initiative_id": initiative_of.get(data["id"]),
            "confidence": min(1.0, 0.5 + 0.1 * data["n_sources"]),
            "extra": {"participants": data["participants"],
                      "outlets": sorted({m["outlet"] for m in data["mentions"] if m["outlet"]}),
                      "date_text": data["date"] if data["date"] and parse_day(data["date"])
                      and len(data["date"]) != 10 else None}})
        for m in data["mentions"]:
            links.append({"linked_event_id": data["id"], "article_id": m["article_id"],
                          "event_idx": m["event_idx"], "is_copy": m["is_copy"],
                          "score": m["score"]})
    return events, links


def initiative_rows(state: State) -> tuple[list[dict], list[dict]]:
    """Return the rows of initiatives and initiative_steps."""
    inits, steps = [], []
    for init in state.initiatives:
        data = init.to_dict(state.assembler.lex)
        inits.append({
            "id": data["id"], "label": data["label"], "type": data["type"],
            "status": data["status"], "parties": data["parties"], "scope": data["scope"],
            "duration": data["duration"], "amount": data["amount"],
            "currency": data["currency"], "target": data["target"],
            "first_seen": data["first_seen"], "last_seen": data["last_seen"],
            "attributes": {"count": data["count"], "places": data["places"],
                           "n_mentions": data["n_mentions"], "n_articles": data["n_articles"]}})
        for idx, row in enumerate(data["history"]):
            ev = row["sources"][0]
            actor, counterpart = row["actor"] or None, row["counterpart"] or None
            steps.append({
                "initiative_id": data["id"], "idx": idx, "status": row["status"],
                "date": row["date"], "date_precision": row["date_precision"],
                "actor": actor, "actor_name": (actor or {}).get("name"),
                "actor_code": (actor or {}).get("code"), "counterpart": counterpart,
                "counterpart_name": (counterpart or {}).get("name"),
                "article_id": ev.get("article_id"), "event_idx": ev.get("event_idx"),
                "quote_idx": ev.get("quote_idx"), "linked_event_id": row["linked_event_id"],
                "evidence_text": ev.get("text"), "evidence_start": ev.get("start"),
                "evidence_end": ev.get("end"),
                "extra": {"party": row["party"], "counterpart_party": row["counterpart_party"],
                          "conditional": row["conditional"], "n_sources": row["n_sources"],
                          "sources": row["sources"]}})
    return inits, steps


def stance_rows(state: State) -> list[dict]:
    """Return the rows of stances: one per piece of evidence."""
    rows = []
    for s in state.stances:
        ev = s.evidence
        rows.append({
            "actor_id": s.party, "actor_name": s.party,
            "actor_code": (s.actor or {}).get("code") if (s.actor or {}).get("kind") != "person"
            else None, "issue_id": s.issue_id, "issue": s.issue, "position": s.position,
            "date": s.date, "date_precision": s.date_precision,
            "initiative_id": s.initiative_id, "article_id": ev.get("article_id"),
            "event_idx": ev.get("event_idx"), "quote_idx": ev.get("quote_idx"),
            "evidence_text": ev.get("text"), "evidence_start": ev.get("start"),
            "evidence_end": ev.get("end"),
            "extra": {"person": s.actor, "outlet": ev.get("outlet"),
                      "pub_date": ev.get("pub_date")}})
    return rows


def contradiction_rows(state: State) -> list[dict]:
    """Return the rows of contradictions."""
    rows = []
    for c in state.contradictions:
        data = c.to_dict()
        row = {"id": data["id"], "kind": data["kind"], "description": data["description"],
               "actor": data["parties"], "initiative_id": data["initiative_id"]}
        for side in ("a", "b"):
            ev = data[side]
            row.update({f"{side}_article_id": ev.get("article_id"),
                        f"{side}_event_idx": ev.get("event_idx"),
                        f"{side}_quote_idx": ev.get("quote_idx"),
                        f"{side}_date": ev.get("date"), f"{side}_text": ev.get("text"),
                        f"{side}_start": ev.get("start"), f"{side}_end": ev.get("end")})
        row["extra"] = {"linked_event_id": data["linked_event_id"],
                        "a": {k: data["a"].get(k) for k in ("party", "actor", "outlet")},
                        "b": {k: data["b"].get(k) for k in ("party", "actor", "outlet")}}
        rows.append(row)
    return rows


def save_state(store: Any, state: State | None = None) -> dict[str, int]:
    """Rebuild the state from the store's articles (unless given) and rewrite its tables.

    Returns:
        The number of rows written per table.
    """
    state = state or state_from_store(store)
    events, links = linked_event_rows(state)
    inits, steps = initiative_rows(state)
    tables = {"linked_events": events, "event_links": links, "initiatives": inits,
              "initiative_steps": steps, "stances": stance_rows(state),
              "contradictions": contradiction_rows(state)}
    written = {}
    for table, rows in tables.items():
        written[table] = store.replace(table, rows)
        store.yield_to_readers()
    return written


def stored_links(store: Any, records: list[dict[str, Any]]) -> list[LinkedEvent]:
    """Return the linked events saved in the store, their mentions rebuilt from the records.

    A mention whose article is gone from the store is left out (and an event left
    without mentions with it).
    """
    by_article = {str(r["id"]): r for r in records}
    rows = store.query("SELECT linked_event_id, article_id, event_idx, score FROM event_links "
                       "ORDER BY linked_event_id, article_id, event_idx")
    mentions: dict[str, dict[str, Any]] = {}
    for article_id in sorted({row["article_id"] for row in rows} & set(by_article)):
        record = by_article[article_id]
        mentions[article_id] = {m.key: m for m in with_objects(record, record_mentions(record))}
    events: dict[str, LinkedEvent] = {}
    for row in rows:
        mention = mentions.get(row["article_id"], {}).get(f"{row['article_id']}:"
                                                           f"{row['event_idx']}")
        if mention is None:
            continue
        event = events.setdefault(row["linked_event_id"], LinkedEvent(row["linked_event_id"]))
        event.mentions.append(mention)
        event.scores[mention.key] = row["score"] if row["score"] is not None else 1.0
    return list(events.values())


def link_store(store: Any, rebuild: bool = False) -> tuple[dict[str, int], LinkChanges | None]:
    """Link the stored articles not linked yet and rewrite the negotiation state tables.

    Linked events that no new article touches keep their id and their rows;
    initiatives, stances and contradictions are derived again from every article.

    Args:
        store: an open, writable Store.
        rebuild: link every article from scratch instead (ids then follow the earliest reports).
    Returns:
        The rows written per table, and what the new articles changed (None on a rebuild).
    """
    records = list(stored_records(store))
    existing = [] if rebuild else stored_links(store, records)
    store.release()  # readers get the file while the state is computed
    if not existing:
        return save_state(store, build_state(records)), None
    linked_articles = {m.article_id for event in existing for m in event.mentions}
    linker = Linker(existing)
    # records come in publication order (stored_records), as link_records takes them
    changes = linker.add([r for r in records if str(r["id"]) not in linked_articles])
    log.info("linking: %d linked events created, %d updated, %d merged away",
             len(changes.created), len(changes.updated), len(changes.removed))
    return save_state(store, build_state(records, list(linker.events.values()))), changes


def unlinked_articles(store: Any) -> int:
    """Return how many stored articles with events the saved state does not cover yet.

    `ingest --no-link` and batch loads store articles without linking them; a
    report read from the saved state would silently leave them out.
    """
    rows = store.query("SELECT count(DISTINCT e.article_id) AS n FROM events e WHERE NOT EXISTS "
                       "(SELECT 1 FROM event_links l WHERE l.article_id = e.article_id)")
    return int(rows[0]["n"]) if rows else 0


def has_state(store: Any) -> bool:
    """Return True when linking has written its tables (or there is nothing to link)."""
    counts = store.counts()
    return counts.get("linked_events", 0) > 0 or counts.get("events", 0) == 0


# ---------------------------------------------------------------- reading


def read_events(store: Any, since: str | None = None, until: str | None = None,
                actor: str | None = None, type: str | None = None) -> list[dict[str, Any]]:
    """Return stored linked events in date order, filtered by date, party and type."""
    where, params = [], []
    if since:
        where.append("date >= ?")
        params.append(parse_day(since))
    if until:
        where.append("date <= ?")
        params.append(parse_day(until))
    if type:
        where.append("(type = lower(?) OR starts_with(cameo, ?))")
        params += [type, type]
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = store.query(f"SELECT * FROM linked_events {clause} "
                       "ORDER BY date NULLS LAST, first_report, id", params)
    if actor:
        rows = [r for r in rows if _has_actor(r, actor)]
    return rows


def _has_actor(row: dict[str, Any], actor: str) -> bool:
    want = actor.lower()
    for ref in (row.get("extra") or {}).get("participants") or []:
        values = [ref.get("name"), ref.get("country"), ref.get("kb_id")]
        if any(v and v.lower() == want for v in values) or (
                ref.get("code") or "").upper().startswith(actor.upper()):
            return True
    return False


def read_initiatives(store: Any) -> list[dict[str, Any]]:
    """Return stored initiatives by first appearance."""
    return store.query("SELECT * FROM initiatives ORDER BY first_seen NULLS LAST, id")


def read_initiative(store: Any, initiative_id: str) -> dict[str, Any] | None:
    """Return one initiative with its dated history and every source of each step."""
    found = store.query("SELECT * FROM initiatives WHERE id = ?", [initiative_id])
    if not found:
        found = store.query("SELECT * FROM initiatives WHERE starts_with(id, ?) ORDER BY id",
                            [initiative_id])
        if len(found) != 1:
            return None
    init = found[0]
    init["history"] = store.query("SELECT * FROM initiative_steps WHERE initiative_id = ? "
                                  "ORDER BY idx", [init["id"]])
    return init


def read_stances(store: Any, issue: str | None = None) -> list[dict[str, Any]]:
    """Return the stance matrix (current position per party and issue) from stored evidence."""
    # the issue filter runs in SQL: a store of 1M events holds ~200k stance rows
    where, params = "", []
    if issue:
        where = ("WHERE contains(lower(coalesce(issue, '')), ?) "
                 "OR lower(coalesce(issue_id, '')) = ?")
        params = [issue.lower(), issue.lower()]
    rows = store.query(f"SELECT * FROM stances {where} ORDER BY date NULLS FIRST, article_id",
                       params)
    cells: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        cells.setdefault((r["issue_id"], r["actor_name"]), []).append(r)
    out = []
    for (issue_id, who), items in sorted(cells.items()):
        latest = items[-1]
        out.append({"issue_id": issue_id, "issue": latest["issue"], "party": who,
                    "position": latest["position"], "date": latest["date"],
                    "initiative_id": latest["initiative_id"], "n_evidence": len(items),
                    "evidence": {"article_id": latest["article_id"],
                                 "text": latest["evidence_text"]},
                    "history": [{"position": r["position"], "date": r["date"],
                                 "article_id": r["article_id"], "text": r["evidence_text"]}
                                for r in items]})
    return out


def read_contradictions(store: Any) -> list[dict[str, Any]]:
    """Return stored contradictions."""
    return store.query("SELECT * FROM contradictions ORDER BY kind, b_date NULLS LAST, id")

