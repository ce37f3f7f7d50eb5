"""Export store tables to JSONL, CSV or Parquet with DuckDB's COPY.

`style` names the event columns: "native" (ours), "gdelt" (GDELT 2.0 event
table names: GLOBALEVENTID, SQLDATE, Actor1Code, ...) or "phoenix" (the Phoenix
event data names: eid, date8, source, target, code, ...). Those two are dyadic,
like the datasets: a multi-party event becomes one row per (source, target)
pair, and a row's id is the event's id plus the pair's number. Columns the
datasets have no name for keep ours, lower-case, after theirs (type, modality,
evidence_text, ...). Styles apply to the events table only; other tables are
always native. Rows come in a stable order so two exports of one store are equal.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from pathlib import Path

from communique.errors import StoreError
from communique.store.duckdb import Store

log = logging.getLogger(__name__)

TABLES = ("events", "quotes", "actors", "initiatives", "stances")
FORMATS = ("jsonl", "csv", "parquet")
STYLES = ("native", "gdelt", "phoenix")

COPY_OPTIONS = {"jsonl": "FORMAT json", "csv": "FORMAT csv, HEADER true",
                "parquet": "FORMAT parquet"}

# The day an event is filed under: its own date, else its article's publication date.
DAY = "coalesce(e.date, a.pub_date)"

EVENT_FROM = """
    FROM events e
    JOIN articles a ON a.id = e.article_id
    LEFT JOIN event_links l ON l.article_id = e.article_id AND l.event_idx = e.idx
    LEFT JOIN linked_events le ON le.id = l.linked_event_id"""

NATIVE_EVENTS = f"""
    SELECT e.id, e.num, e.article_id, e.idx, e.date, e.date_text, e.date_precision,
           e.type, e.cameo, e.root_code, e.plover, e.goldstein, e.quad_class, e.modality,
           e.source_name, e.source_code, e.target_name, e.target_code, e.source, e.target,
           e.issue, e.evidence_text, e.evidence_start, e.evidence_end, e.in_quote,
           e.confidence, a.pub_date, a.outlet, a.url, l.linked_event_id,
           le.n_mentions, le.n_articles, le.n_sources
    {EVENT_FROM}
    ORDER BY {DAY} NULLS LAST, e.article_id, e.idx"""

# One row per (source, target) pair; events with no party on a side keep one NULL there.
DYADS = f"""
    WITH s AS (SELECT * FROM event_participants WHERE role = 'source'),
         t AS (SELECT * FROM event_participants WHERE role = 'target'),
         d AS (
      SELECT e.*, a.url, a.outlet, a.ingested_at, {DAY} AS day,
             s.name AS s_name, s.code AS s_code, t.name AS t_name, t.code AS t_code,
             row_number() OVER (PARTITION BY e.id ORDER BY s.pos, t.pos) - 1 AS dyad,
             count(*) OVER (PARTITION BY e.id) AS dyads,
             coalesce(le.n_mentions, 1) AS n_mentions, coalesce(le.n_sources, 1) AS n_sources,
             coalesce(le.n_articles, 1) AS n_articles,
             CASE WHEN json_type(e.issue) = 'VARCHAR' THEN e.issue ->> '$'
                  ELSE CAST(e.issue AS VARCHAR) END AS issue_text
      {EVENT_FROM}
      LEFT JOIN s ON s.article_id = e.article_id AND s.event_idx = e.idx
      LEFT JOIN t ON t.article_id = e.article_id AND t.event_idx = e.idx)"""

GDELT_EVENTS = f"""{DYADS}
    SELECT num + dyad AS GLOBALEVENTID,
           CAST(strftime(day, '%Y%m%d') AS INTEGER) AS SQLDATE,
           CAST(strftime(day, '%Y%m') AS INTEGER) AS MonthYear,
           year(day) AS "Year",
           round(year(day) + (dayofyear(day) - 1) / 365.0, 4) AS FractionDate,
           s_code AS Actor1Code, s_name AS Actor1Name,
           t_code AS Actor2Code, t_name AS Actor2Name,
           cameo AS EventCode, left(cameo, 3) AS EventBaseCode, root_code AS EventRootCode,
           quad_class AS QuadClass, goldstein AS GoldsteinScale,
           n_mentions AS NumMentions, n_sources AS NumSources, n_articles AS NumArticles,
           CAST(strftime(ingested_at, '%Y%m%d%H%M%S') AS BIGINT) AS DATEADDED,
           url AS SOURCEURL,
           type, modality, plover, date_precision, issue_text AS issue, article_id,
           evidence_text, evidence_start, evidence_end
    FROM d ORDER BY day NULLS LAST, article_id, idx, dyad"""

PHOENIX_EVENTS = f"""{DYADS}
    SELECT id || CASE WHEN dyads > 1 THEN '.' || dyad ELSE '' END AS eid,
           article_id AS story_id, evidence_sentence AS sentence_num,
           strftime(day, '%Y%m%d') AS date8,
           year(day) AS "year", month(day) AS "month", day(day) AS "day",
           s_code AS source, left(s_code, 3) AS source_root,
           nullif(substr(s_code, 4, 3), '') AS source_agent,
           t_code AS target, left(t_code, 3) AS target_root,
           nullif(substr(t_code, 4, 3), '') AS target_agent,
           cameo AS code, root_code, quad_class, goldstein,
           issue_text AS joined_issues, url, outlet AS news_source,
           s_name AS source_name, t_name AS target_name,
           type, modality, plover, date_precision, evidence_text
    FROM d ORDER BY day NULLS LAST, article_id, idx, dyad"""

QUOTES = """
    SELECT q.article_id, q.idx, coalesce(q.date, a.pub_date) AS date, q.date_precision,
           q.speaker_name, q.speaker_code, q.speaker_kind, q.speaker_description,
           q.kind, q.text, q.cue, q.medium, q.addressee, q.start, q."end",
           a.pub_date, a.outlet, a.url
    FROM quotes q JOIN articles a ON a.id = q.article_id
    ORDER BY date NULLS LAST, q.article_id, q.idx"""

ACTORS = """
    WITH m AS (SELECT actor_id, count(*) AS mentions, count(DISTINCT article_id) AS articles
               FROM actor_mentions GROUP BY actor_id)
    SELECT x.*, coalesce(m.mentions, 0) AS mentions, coalesce(m.articles, 0) AS articles
    FROM actors x LEFT JOIN m ON m.actor_id = x.id
    ORDER BY x.id"""

INITIATIVES = """
    SELECT i.*, (SELECT to_json(list({'idx': s.idx, 'status': s.status, 'date': s.date,
                        'actor': s.actor_name, 'counterpart': s.counterpart_name,
                        'article_id': s.article_id, 'evidence': s.evidence_text}
                        ORDER BY s.idx))
                 FROM initiative_steps s WHERE s.initiative_id = i.id) AS steps
    FROM initiatives i ORDER BY i.first_seen NULLS LAST, i.id"""

STANCES = """
    SELECT * FROM stances
    ORDER BY actor_name, issue_id, date NULLS FIRST, article_id, event_idx, quote_idx"""


def export_sql(table: str, style: str = "native") -> str:
    """Return the SELECT that exports a table in a style."""
    if table not in TABLES:
        raise StoreError(f"cannot export {table!r}", hint=f"one of {', '.join(TABLES)}")
    if style not in STYLES:
        raise StoreError(f"no export style {style!r}", hint=f"one of {', '.join(STYLES)}")
    if table == "events":
        return {"native": NATIVE_EVENTS, "gdelt": GDELT_EVENTS, "phoenix": PHOENIX_EVENTS}[style]
    if style != "native":
        log.info("style %s names event columns only; %s exported as is", style, table)
    return {"quotes": QUOTES, "actors": ACTORS, "initiatives": INITIATIVES,
            "stances": STANCES}[table]


def export(store: Store, table: str, fmt: str, out: str | Path, style: str = "native") -> int:
    """Write one table to a file (or "-" for stdout) and return the number of rows.

    Args:
        store: an open store (read-only is enough).
        table: events | quotes | actors | initiatives | stances.
        fmt: jsonl | csv | parquet.
        out: the file to write, or "-" for standard output.
        style: native | gdelt | phoenix (event column names).
    Returns:
        The number of rows written.
    """
    if fmt not in FORMATS:
        raise StoreError(f"no export format {fmt!r}", hint=f"one of {', '.join(FORMATS)}")
    sql = export_sql(table, style)
    if str(out) == "-":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{table}.{fmt}"
            count = _copy(store, sql, path, fmt)
            sys.stdout.flush()
            with path.open("rb") as data:
                shutil.copyfileobj(data, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        return count
    return _copy(store, sql, Path(out), fmt)


def _copy(store: Store, sql: str, path: Path, fmt: str) -> int:
    """COPY a query's rows to a file and return the count."""
    target = str(path).replace("'", "''")
    try:
        (count,) = store.con.execute(
            f"COPY ({sql}) TO '{target}' ({COPY_OPTIONS[fmt]})").fetchone()
    except Exception as error:
        raise StoreError(f"export failed: {error}", source=str(path)) from error
    return int(count)
