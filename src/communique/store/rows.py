"""Flatten an extraction record into table rows and rebuild it: pure, no database.

Each extraction table has a list of `(column, path)` pairs saying where in the
record dict a column's value lives (a path of keys, so nested `evidence.text`
becomes `evidence_text`). Keys the schema has no column for go to the row's
`extra` JSON and come back on the way out, so `Store.article(id)` returns the
record as it was added.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from typing import Any

from communique.records import ExtractionRecord, content_hash, plain_data, split_paragraphs

Path = tuple[str, ...]
Spec = list[tuple[str, Path]]

REF_KEYS = ("name", "kind", "country", "sector", "code", "kb_id")

MENTION_SPEC: Spec = [(k, (k,)) for k in REF_KEYS] + [
    ("text", ("text",)), ("start", ("start",)), ("end", ("end",)),
    ("confidence", ("confidence",)), ("method", ("method",))]
ACTOR_SPEC: Spec = [(k, (k,)) for k in REF_KEYS]
TIMEX_SPEC: Spec = [(k, (k,)) for k in ("text", "start", "end", "type", "value")]
DROPPED_SPEC: Spec = [(k, (k,)) for k in ("start", "end", "reason", "text")]
OFFSET_SPEC: Spec = [("start", ("start",)), ("end", ("end",))]
EVENT_SPEC: Spec = [
    ("type", ("type",)), ("cameo", ("cameo",)), ("plover", ("plover",)),
    ("goldstein", ("goldstein",)), ("quad_class", ("quad_class",)),
    ("source", ("source",)), ("target", ("target",)), ("issue", ("issue",)),
    ("modality", ("modality",)), ("date_text", ("date",)),
    ("date_precision", ("date_precision",)),
    ("evidence_text", ("evidence", "text")), ("evidence_start", ("evidence", "start")),
    ("evidence_end", ("evidence", "end")), ("evidence_sentence", ("evidence", "sentence")),
    ("in_quote", ("in_quote",)), ("reporter", ("reporter",)), ("trigger", ("trigger",)),
    ("confidence", ("confidence",))]
QUOTE_SPEC: Spec = [
    ("text", ("text",)), ("start", ("start",)), ("end", ("end",)), ("kind", ("kind",)),
    ("speaker", ("speaker",)), ("cue", ("cue",)), ("medium", ("medium",)),
    ("addressee", ("addressee",)), ("date_text", ("date",)),
    ("date_precision", ("date_precision",))]

# record list -> (table, spec); the order is the record's key order.
RECORD_LISTS: dict[str, tuple[str, Spec]] = {
    "actors": ("article_actors", ACTOR_SPEC),
    "mentions": ("actor_mentions", MENTION_SPEC),
    "timexes": ("timexes", TIMEX_SPEC),
    "quotes": ("quotes", QUOTE_SPEC),
    "events": ("events", EVENT_SPEC),
    "dropped": ("dropped_spans", DROPPED_SPEC),
    "sentences": ("sentences", OFFSET_SPEC),
}

# Every table whose rows belong to one article (deleted when the article is replaced).
ARTICLE_TABLES = ("paragraphs", "sentences", "dropped_spans", "article_actors",
                  "actor_mentions", "timexes", "events", "event_participants", "quotes")

_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|[T ])")


def parse_date(value: Any) -> date | None:
    """Return the day a date value names (a month, week or year as its first day), else None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        week = _WEEK.match(text)
        if week:
            return date.fromisocalendar(int(week[1]), int(week[2]), 1)
        day = _DAY.match(text)
        if day:
            return date(int(day[1]), int(day[2] or 1), int(day[3] or 1))
    except ValueError:
        return None
    return None


def actor_id(ref: Any) -> str | None:
    """Return the store id of an ActorRef: its KB id when known, else its name."""
    if not isinstance(ref, dict):
        return None
    return ref.get("kb_id") or ref.get("name") or None


def parties(value: Any) -> list[dict]:
    """Return an event's source or target as a list of ActorRefs (None -> [])."""
    if value is None:
        return []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return [value] if isinstance(value, dict) else []


def event_num(article_id: str, idx: int) -> int:
    """Return a stable 60-bit integer id for an article's idx-th event."""
    return int(hashlib.sha256(f"{article_id}:{idx}".encode()).hexdigest()[:15], 16)


def _get(data: Any, path: Path) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _residual(data: dict, spec: Spec) -> dict | None:
    """Return what of `data` the spec's paths do not cover (None when nothing)."""
    rest = plain_data(data)
    for _, path in spec:
        parent = rest
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
    for _, path in spec:
        # a nested parent left empty was fully mapped; a non-dict one stays to be restored
        if len(path) > 1 and rest.get(path[0]) == {}:
            rest.pop(path[0])
    return rest or None


def flatten(data: dict, spec: Spec) -> dict[str, Any]:
    """Return the columns of one record dict, with unmapped keys under `extra`."""
    row = {column: _get(data, path) for column, path in spec}
    row["extra"] = _residual(data, spec)
    return row


def unflatten(row: dict[str, Any], spec: Spec) -> dict[str, Any]:
    """Rebuild a record dict from its row (inverse of `flatten`)."""
    out: dict[str, Any] = {}
    for column, path in spec:
        target = out
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = row.get(column)
    _merge(out, row.get("extra") or {})
    return out


def _merge(out: dict, extra: dict) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            _merge(out[key], value)
        else:
            out[key] = value


def record_rows(record: ExtractionRecord, article: Any = None,
                now: datetime | None = None) -> dict[str, list[dict[str, Any]]]:
    """Return every table's rows for one article (actors included, to be upserted).

    Args:
        record: the extraction record.
        article: the ingested Article, for the fields a record does not carry
            (pub_date_confidence, language, source, paragraphs); optional.
        now: the ingestion time (UTC) to stamp.
    Returns:
        table name -> list of row dicts keyed by column name.
    """
    aid = record.id
    extra_fields = {key: getattr(article, key, None) if article is not None
                    else getattr(record, key, None)
                    for key in ("pub_date_confidence", "language", "source")}
    rows: dict[str, list[dict[str, Any]]] = {"articles": [{
        "id": aid, "hash": record.hash or content_hash(record.text), "url": record.url,
        "title": record.title,
        "outlet": record.outlet, "pub_date": parse_date(record.pub_date),
        "pub_date_source": record.pub_date_source, **extra_fields,
        "text": record.text, "duplicate_of": record.duplicate_of,
        "ingested_at": now or datetime.now(UTC).replace(microsecond=0, tzinfo=None),
    }]}
    paragraphs = getattr(article, "paragraphs", None) or getattr(record, "paragraphs", None) \
        or split_paragraphs(record.text)
    rows["paragraphs"] = [{"article_id": aid, "idx": i, "start": _attr(p, "start"),
                           "end": _attr(p, "end")} for i, p in enumerate(paragraphs)]
    for key, (table, spec) in RECORD_LISTS.items():
        items = list(getattr(record, key) or [])
        if key == "quotes":  # indirect speech shares the quotes table, told apart by kind
            items += list(getattr(record, "reported", None) or [])
        rows[table] = [{"article_id": aid, "idx": i, **flatten(item, spec)}
                       for i, item in enumerate(items)]
    for row in rows["sentences"]:
        row.pop("extra")
    for row in rows["article_actors"] + rows["actor_mentions"]:
        row["actor_id"] = actor_id(row)
    for row in rows["timexes"]:
        row["date"] = parse_date(row["value"]) if row.get("type") in ("DATE", "TIME") else None
    rows["event_participants"] = []
    for row, event in zip(rows["events"], record.events, strict=True):
        _event_derived(aid, row, event, rows["event_participants"])
    for row in rows["quotes"]:
        speaker = row["speaker"] if isinstance(row["speaker"], dict) else {}
        row.update(speaker_id=actor_id(speaker), speaker_name=speaker.get("name"),
                   speaker_code=speaker.get("code"), speaker_kind=speaker.get("kind"),
                   speaker_description=speaker.get("description"),
                   date=parse_date(row["date_text"]))
    rows["actors"] = _actor_rows(record, parse_date(record.pub_date))
    return rows


def _attr(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key)


def _event_derived(aid: str, row: dict, event: dict, participants: list[dict]) -> None:
    """Fill an event row's derived columns and append its participant rows."""
    idx = row["idx"]
    cameo = row.get("cameo")
    row.update(id=f"{aid}:{idx}", num=event_num(aid, idx),
               root_code=str(cameo)[:2] if cameo else None, date=parse_date(row["date_text"]))
    for role in ("source", "target"):
        refs = parties(event.get(role))
        first = refs[0] if refs else {}
        row[f"{role}_name"] = first.get("name")
        row[f"{role}_code"] = first.get("code")
        participants.extend({"article_id": aid, "event_idx": idx, "event_num": row["num"],
                             "role": role, "pos": pos,
                             "actor_id": actor_id(ref), "name": ref.get("name"),
                             "kind": ref.get("kind"), "country": ref.get("country"),
                             "code": ref.get("code")} for pos, ref in enumerate(refs))


def _actor_rows(record: ExtractionRecord, seen: date | None) -> list[dict[str, Any]]:
    """Return one row per distinct named actor of the article, first occurrence wins."""
    refs: list[dict] = [*record.actors, *record.mentions]
    refs += [ref for event in record.events for role in ("source", "target")
             for ref in parties(event.get(role))]
    refs += [q.get("speaker") for q in record.quotes if isinstance(q.get("speaker"), dict)]
    out: dict[str, dict[str, Any]] = {}
    for ref in refs:
        key = actor_id(ref)
        if not key or not ref.get("name") or ref.get("kind") == "anonymous":
            continue
        row = out.setdefault(key, {"id": key, "canonical": ref["name"], "kind": None,
                                   "country": None, "sector": None, "code": None,
                                   "kb_id": None, "first_seen": seen})
        for field in ("kind", "country", "sector", "code", "kb_id"):
            if row[field] is None:
                row[field] = ref.get(field)
    return list(out.values())


def rebuild(article: dict[str, Any], tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Return an article's stored rows as its extraction record dict (plus article fields).

    Args:
        article: the `articles` row (dates already ISO strings).
        tables: table name -> the article's rows ordered by idx.
    """
    out: dict[str, Any] = {key: article.get(key) for key in (
        "id", "pub_date", "pub_date_source", "title", "url", "outlet", "text", "hash",
        "duplicate_of")}
    for key, (table, spec) in RECORD_LISTS.items():
        out[key] = [unflatten(row, spec) for row in tables.get(table, [])]
    out["reported"] = [q for q in out["quotes"] if q.get("kind") == "indirect"]
    out["quotes"] = [q for q in out["quotes"] if q.get("kind") != "indirect"]
    for key in ("pub_date_confidence", "language", "source", "ingested_at"):
        out[key] = article.get(key)
    out["paragraphs"] = [{"start": r["start"], "end": r["end"]}
                         for r in tables.get("paragraphs", [])]
    return out
