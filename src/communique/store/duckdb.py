"""The DuckDB store: one file, one transaction per article, idempotent by content hash.

Identity. An article is identified by its id and the SHA-256 of its clean text.
Adding a record whose hash is already stored changes nothing and returns False
(also when that text is stored under another id: exact copies are kept once).
Adding a record whose id is stored with a different hash replaces that article:
its old rows in every per-article table, and the cross-article rows that cite
it (event links, initiative steps, stances, contradictions), are deleted and
the new rows written, all in one transaction. Any failure rolls the transaction
back and raises StoreError naming the article; what was stored before stays.

Connection policy (DuckDB allows one read-write process per file, and while it
holds the file no other process can open it, even read-only):
- Writers (ingest, demo, batch load) hold the write lock only while writing:
  they buffer a short batch of extracted articles (at most `batch_size`), write
  it, one transaction per article, then `release()` the connection. The next
  use of the store reconnects (about 45 ms), so slow extraction never holds the
  file and a waiting reader gets in between batches. Within a batch, writers
  call `yield_to_readers()` after each article: past WRITER_HOLD seconds of
  holding the file it is released for a moment (READER_TURN), so a reader
  waits about WRITER_HOLD plus one article's write, even on a busy machine.
- Readers in other processes (serve, brief, export) use `read_store(path)`:
  a short-lived read-only Store per request or command, never held idle.
- Opening retries a lock conflict with backoff (polling every POLL_MAX s at most)
  until `timeout` seconds, then raises StoreError E300 naming the file, so a
  reader waits for one write batch instead of failing, and nothing corrupts.
  Writers wait longer (`WRITER_TIMEOUT`) since readers only hold the file for
  one request.
- Within one process DuckDB shares one database instance and refuses a
  read-only connection beside a writable one, so a read-only open there falls
  back to a read-write connection; the Store still refuses writes. MVCC keeps
  such readers from seeing a writer's uncommitted article.
- A connection is not shared between threads: open one Store per thread, or
  use `store.cursor()` for a thread's own cursor on the same database.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from communique.errors import StoreError
from communique.records import ExtractionRecord, content_hash
from communique.store import migrations
from communique.store.rows import ARTICLE_TABLES, parse_date, rebuild, record_rows

log = logging.getLogger(__name__)

DEFAULT_DB = "communique.duckdb"
MEMORY = ":memory:"
READER_TIMEOUT = 5.0
WRITER_TIMEOUT = 60.0
WRITER_HOLD = 1.0
READER_TURN = 0.15
POLL_MAX = 0.1

# Cross-article tables and the columns in which they cite an article.
CITING_COLUMNS = {"event_links": ("article_id",), "initiative_steps": ("article_id",),
                  "stances": ("article_id",),
                  "contradictions": ("a_article_id", "b_article_id")}

# The actors a user's word names: by name or country (any case), id, or code prefix.
ACTOR_IDS = """(SELECT id FROM actors WHERE lower(canonical) = lower(?)
    OR lower(country) = lower(?) OR id = ? OR starts_with(code, upper(?)))"""

ARROW_TYPES = {"VARCHAR": pa.string(), "JSON": pa.string(), "INTEGER": pa.int32(),
               "BIGINT": pa.int64(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(),
               "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us")}


class Store:
    """A communique store on one DuckDB connection (use `Store.open`)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool,
                 timeout: float = WRITER_TIMEOUT) -> None:
        self._con: duckdb.DuckDBPyConnection | None = con
        self._connected_at = time.monotonic()
        self.path = path
        self.read_only = read_only
        self.timeout = timeout
        self.columns = _columns(con)
        self._depth = 0
        self._closed = False

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """Return the connection, reconnecting (retrying a lock) after `release()`."""
        if self._con is None:
            if self._closed:
                raise StoreError("the store is closed", source=self.path)
            self._con = _connect(self.path, self.read_only, self.timeout)
            self._connected_at = time.monotonic()
        return self._con

    def release(self) -> None:
        """Close the connection so other processes can open the file; the next use reopens.

        A no-op inside a transaction and for an in-memory store (closing would lose it).
        """
        if self._con is not None and not self._depth and self.path != MEMORY:
            self._con.close()
            self._con = None

    def yield_to_readers(self, hold: float = WRITER_HOLD) -> None:
        """Release the file for a moment when this store has held it `hold` seconds or more.

        Readers poll every POLL_MAX seconds at most, so a pause of READER_TURN lets
        a waiting one in before the writer reconnects.
        """
        if self._con is not None and time.monotonic() - self._connected_at >= hold:
            self.release()
            if self._con is None:
                time.sleep(READER_TURN)

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, path: str = DEFAULT_DB, read_only: bool = False,
             timeout: float | None = None) -> Store:
        """Open (creating and migrating when writable) the store at `path`.

        Args:
            path: a DuckDB file, or ":memory:" for a throw-away store.
            read_only: open without the write lock (the file must exist and be current).
            timeout: seconds to keep retrying while another process holds the file
                (default READER_TIMEOUT for a reader, WRITER_TIMEOUT for a writer).
        Returns:
            The open store.
        """
        path = str(path)
        if timeout is None:
            timeout = READER_TIMEOUT if read_only else WRITER_TIMEOUT
        if read_only and (path == MEMORY or not Path(path).exists()):
            raise StoreError("no store here", source=path,
                             hint="create it with `communique ingest` or `communique demo`")
        con = _connect(path, read_only, timeout)
        try:
            if read_only:
                migrations.check(con, path)
            else:
                migrations.migrate(con, path)
            return cls(con, path, read_only, timeout)
        except duckdb.Error as error:
            con.close()
            raise StoreError(f"could not read the store: {error}", source=path) from error
        except BaseException:
            con.close()
            raise

    def close(self) -> None:
        """Close the connection (idempotent); the store cannot be used afterwards."""
        if self._con is not None:
            self._con.close()
            self._con = None
        self._closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        """Return the schema version of the open store."""
        return migrations.current_version(self.con) or 0

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Return a new cursor on the same database, for use in another thread."""
        return self.con.cursor()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run the block in one transaction: commit on success, roll back on any error.

        Nested blocks join the outer transaction, so a caller can make several
        `insert`/`replace` calls atomic by wrapping them in one `transaction()`.
        """
        if self.read_only:
            raise StoreError("the store is open read-only", source=self.path)
        if self._depth:
            self._depth += 1
            try:
                yield self.con
            finally:
                self._depth -= 1
            return
        self.con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")
        finally:
            self._depth = 0

    # ------------------------------------------------------------------ writing

    def has(self, content_hash: str) -> bool:
        """Return True when an article with this content hash is stored."""
        return self.con.execute("SELECT 1 FROM articles WHERE hash = ?",
                                [content_hash]).fetchone() is not None

    def add(self, record: ExtractionRecord, article: Any = None) -> bool:
        """Store one article's extraction in one transaction.

        Args:
            record: the extraction record.
            article: its ingested Article, for pub_date_confidence, language,
                source and paragraphs (records do not carry them); optional.
        Returns:
            True when something was written, False when this text was already stored.
        """
        try:
            stored = self.con.execute("SELECT id FROM articles WHERE hash = ?",
                                      [record.hash or content_hash(record.text)]).fetchone()
            if stored:
                if stored[0] != record.id:
                    log.info("article %s: same text already stored as %s", record.id, stored[0])
                return False
            rows = record_rows(record, article)
            with self.transaction():
                replaced = self._delete_article(record.id)
                for table, table_rows in rows.items():
                    if table == "actors":
                        self._upsert_actors(table_rows)
                    else:
                        self._insert(table, table_rows)
        except StoreError as error:
            error.source = error.source or record.id
            raise
        except Exception as error:
            raise StoreError(f"could not store the article: {type(error).__name__}: {error}",
                             source=record.id) from error
        if replaced:
            log.info("article %s: new text replaced the stored version", record.id)
        return True

    def add_many(self, records: list[ExtractionRecord], articles: list[Any] | None = None) -> int:
        """Store many articles' extractions in one transaction; return how many were written.

        Same outcome as calling `add` for each record in turn (texts already stored,
        or repeated in the batch, are skipped; a record with a stored id and new
        text replaces it), but each table gets one insert for the whole batch:
        per-statement cost, not row count, is what bounds a bulk load. When the
        batch fails, nothing of it is written and the StoreError says so; callers
        that must keep the good records fall back to `add` one by one.
        """
        if not records:
            return 0
        articles = articles if articles is not None else [None] * len(records)
        hashes = [record.hash or content_hash(record.text) for record in records]
        stored = dict(self.con.execute(
            "SELECT hash, id FROM articles WHERE hash IN (SELECT unnest(?))",
            [sorted(set(hashes))]).fetchall())
        batch: dict[str, list[dict[str, Any]]] = {}
        taken_ids: set[str] = set()
        written = 0
        try:
            with self.transaction():
                for record, article, digest in zip(records, articles, hashes, strict=True):
                    if digest in stored or record.id in taken_ids:
                        if stored.get(digest, record.id) != record.id:
                            log.info("article %s: same text already stored as %s",
                                     record.id, stored[digest])
                        continue
                    stored[digest] = record.id
                    taken_ids.add(record.id)
                    if self._delete_article(record.id):
                        log.info("article %s: new text replaced the stored version", record.id)
                    for table, table_rows in record_rows(record, article).items():
                        batch.setdefault(table, []).extend(table_rows)
                    written += 1
                for table, table_rows in batch.items():
                    if table == "actors":
                        self._upsert_actors(_merge_actor_rows(table_rows))
                    else:
                        self._insert(table, table_rows)
        except StoreError:
            raise
        except Exception as error:
            raise StoreError(f"could not store the batch: {type(error).__name__}: {error}",
                             source=self.path) from error
        return written

    def insert(self, table: str, rows: list[dict[str, Any]]) -> int:
        """Insert rows (dicts keyed by column) into a table in one transaction; return count.

        Keys the table has no column for go to its `extra` JSON column when it has
        one; otherwise they are an error.
        """
        with self.transaction():
            return self._insert(table, rows)

    def replace(self, table: str, rows: list[dict[str, Any]],
                where: dict[str, Any] | None = None) -> int:
        """Delete a table's rows matching `where` (all when None) and insert `rows`, atomically.

        The linker uses this to rewrite the rows it derived, e.g.
        `replace("event_links", links, {"linked_event_id": "le-12"})`.
        """
        self._check_table(table)
        with self.transaction():
            if where:
                clause = " AND ".join(f"{_ident(self._column(table, k))} = ?" for k in where)
                self.con.execute(f"DELETE FROM {table} WHERE {clause}", list(where.values()))
            else:
                self.con.execute(f"DELETE FROM {table}")
            return self._insert(table, rows)

    def _delete_article(self, article_id: str) -> bool:
        """Delete an article and every row that belongs to or cites it; True if it existed."""
        found = self.con.execute("DELETE FROM articles WHERE id = ? RETURNING id",
                                 [article_id]).fetchall()
        if not found:
            return False
        for table in ARTICLE_TABLES:
            self.con.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
        for table, cols in CITING_COLUMNS.items():
            clause = " OR ".join(f"{c} = ?" for c in cols)
            self.con.execute(f"DELETE FROM {table} WHERE {clause}", [article_id] * len(cols))
        return True

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> int:
        """Insert rows through a typed Arrow table (far faster than executemany)."""
        names = ", ".join(_ident(n) for n in self.columns.get(table, {}))
        self._stage(table, rows, f"INSERT INTO {table} ({names}) SELECT {names} FROM {{view}}")
        return len(rows)

    def _upsert_actors(self, rows: list[dict[str, Any]]) -> None:
        """Insert new actors; fill the blanks and keep the earliest first_seen of known ones."""
        self._stage("actors", rows, """
            INSERT INTO actors SELECT * FROM {view}
            ON CONFLICT (id) DO UPDATE SET
              kind = coalesce(actors.kind, excluded.kind),
              country = coalesce(actors.country, excluded.country),
              sector = coalesce(actors.sector, excluded.sector),
              code = coalesce(actors.code, excluded.code),
              kb_id = coalesce(actors.kb_id, excluded.kb_id),
              first_seen = least(actors.first_seen, excluded.first_seen)""")

    def _stage(self, table: str, rows: list[dict[str, Any]], sql: str) -> None:
        """Register rows as an Arrow view typed like `table` and run `sql` over it."""
        if not rows:
            return
        self._check_table(table)
        columns = self.columns[table]
        data: dict[str, list[Any]] = {name: [] for name in columns}
        for row in rows:
            row = self._fold_extra(table, row)
            for name, kind in columns.items():
                data[name].append(_coerce(row.get(name), kind, table, name))
        schema = pa.schema([(name, ARROW_TYPES[kind]) for name, kind in columns.items()])
        view = f"_rows_{table}"
        self.con.register(view, pa.Table.from_pydict(data, schema=schema))
        try:
            self.con.execute(sql.format(view=view))
        except duckdb.Error as error:
            raise StoreError(f"could not write {table}: {error}", source=self.path) from error
        finally:
            # an aborted transaction refuses even this; the next register replaces the view
            with suppress(duckdb.TransactionException):
                self.con.unregister(view)

    def _fold_extra(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        """Move keys with no column into `extra` (or fail when the table has none)."""
        unknown = [k for k in row if k not in self.columns[table]]
        if not unknown:
            return row
        if "extra" not in self.columns[table]:
            raise StoreError(f"table {table} has no column {', '.join(sorted(unknown))}")
        row = dict(row)
        extra = dict(row.get("extra") or {})
        extra.update((k, row.pop(k)) for k in unknown)
        row["extra"] = extra
        return row

    def _check_table(self, table: str) -> None:
        if table not in self.columns or table == "schema_version":
            raise StoreError(f"no table {table!r} in the store",
                             hint=f"one of {', '.join(sorted(self.columns))}")

    def _column(self, table: str, name: str) -> str:
        if name not in self.columns[table]:
            raise StoreError(f"table {table} has no column {name!r}")
        return name

    # ------------------------------------------------------------------ reading

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        """Run a SELECT and return JSON-ready dicts (ISO dates, JSON columns parsed)."""
        try:
            cursor = self.con.execute(sql, params or [])
        except duckdb.Error as error:
            raise StoreError(f"query failed: {error}", source=self.path) from error
        names = [d[0] for d in cursor.description]
        kinds = [str(d[1]) for d in cursor.description]
        return [{name: _out(value, kind) for name, kind, value in zip(names, kinds, row,
                                                                      strict=True)}
                for row in cursor.fetchall()]

    def counts(self) -> dict[str, int]:
        """Return the number of rows of every table (schema_version left out)."""
        tables = [t for t in self.columns if t != "schema_version"]
        sql = " UNION ALL ".join(f"SELECT '{t}' AS t, count(*) AS n FROM {t}" for t in tables)
        found = dict(self.con.execute(sql).fetchall())
        return {t: found[t] for t in tables}

    def articles(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Return articles newest first (no text), with their extraction counts."""
        return self.query(f"""
            WITH page AS (
                SELECT id, title, url, outlet, pub_date, pub_date_source, pub_date_confidence,
                       language, source, duplicate_of, hash, ingested_at, length(text) AS chars
                FROM articles ORDER BY pub_date DESC NULLS LAST, id
                LIMIT {int(limit)} OFFSET {int(offset)}),
            ids AS (SELECT id FROM page),
            e AS (SELECT article_id, count(*) AS n FROM events
                  WHERE article_id IN (SELECT id FROM ids) GROUP BY article_id),
            q AS (SELECT article_id, count(*) AS n FROM quotes
                  WHERE article_id IN (SELECT id FROM ids) GROUP BY article_id),
            x AS (SELECT article_id, count(*) AS n FROM article_actors
                  WHERE article_id IN (SELECT id FROM ids) GROUP BY article_id)
            SELECT page.*, coalesce(e.n, 0) AS events, coalesce(q.n, 0) AS quotes,
                   coalesce(x.n, 0) AS actors
            FROM page LEFT JOIN e ON e.article_id = page.id
                 LEFT JOIN q ON q.article_id = page.id LEFT JOIN x ON x.article_id = page.id
            ORDER BY page.pub_date DESC NULLS LAST, page.id""")

    def events(self, since: str | date | None = None, until: str | date | None = None,
               actor: str | None = None, type: str | None = None,
               limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Return article-level events in date order, filtered.

        Args:
            since, until: inclusive date bounds on the event date (ISO strings or dates).
            actor: an actor's name or country (any case), store id, or CAMEO code
                prefix ("UKR" matches UKRGOV and UKRMIL).
            type: a coarse type ("consult") or a CAMEO code prefix ("04").
            limit, offset: paging.
        Returns:
            Event rows with their article's title, outlet, url and pub_date, and the
            linked event and its source count when linking has run.
        """
        where, params = _date_filter("e.date", since, until)
        if actor:
            where.append(f"e.num IN (SELECT event_num FROM event_participants "
                         f"WHERE actor_id IN {ACTOR_IDS})")
            params += [actor] * 4
        if type:
            where.append("(e.type = lower(?) OR starts_with(e.cameo, ?))")
            params += [type, type]
        # Page on row ids first, then read whole rows for that page only: a filter
        # that keeps many events no longer reads every column of each of them.
        order = "e.date NULLS LAST, e.article_id, e.idx"
        return self.query(f"""
            WITH page AS (SELECT e.rowid AS r FROM events e {_where(where)}
                          ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)})
            SELECT e.*, a.title AS article_title, a.outlet, a.url, a.pub_date,
                   l.linked_event_id, le.n_sources, le.n_articles
            FROM events e
            JOIN articles a ON a.id = e.article_id
            LEFT JOIN event_links l ON l.article_id = e.article_id AND l.event_idx = e.idx
            LEFT JOIN linked_events le ON le.id = l.linked_event_id
            WHERE e.rowid IN (SELECT r FROM page)
            ORDER BY {order}""", params)

    def quotes(self, speaker: str | None = None, contains: str | None = None,
               since: str | date | None = None, until: str | date | None = None,
               limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Return quotes newest first, filtered by speaker (name, id, code, description) and text.

        A quote's own date counts for since/until, else its article's publication date.
        """
        where, params = _date_filter("coalesce(q.date, a.pub_date)", since, until)
        if speaker:
            where.append("""(lower(q.speaker_name) = lower(?) OR q.speaker_id = ?
                OR q.speaker_code = ? OR q.speaker_description ILIKE ?)""")
            params += [speaker, speaker, speaker, f"%{speaker}%"]
        if contains:
            where.append("q.text ILIKE ?")
            params.append(f"%{contains}%")
        order = "coalesce(q.date, a.pub_date) DESC NULLS LAST, q.article_id, q.idx"
        return self.query(f"""
            WITH page AS (SELECT q.rowid AS r FROM quotes q JOIN articles a ON a.id = q.article_id
                          {_where(where)}
                          ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)})
            SELECT q.*, a.title AS article_title, a.outlet, a.url, a.pub_date
            FROM quotes q JOIN articles a ON a.id = q.article_id
            WHERE q.rowid IN (SELECT r FROM page)
            ORDER BY {order}""", params)

    def actors(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Return actors with mention, article, event and quote counts, most mentioned first.

        `events` counts participations (an actor on both sides of one event counts twice).
        """
        return self.query(f"""
            WITH m AS (SELECT actor_id, count(*) AS n FROM actor_mentions GROUP BY actor_id),
                 a AS (SELECT actor_id, count(DISTINCT article_id) AS n FROM article_actors
                       GROUP BY actor_id),
                 p AS (SELECT actor_id, count(*) AS n FROM event_participants GROUP BY actor_id),
                 q AS (SELECT speaker_id AS actor_id, count(*) AS n FROM quotes
                       GROUP BY speaker_id)
            SELECT x.*, coalesce(m.n, 0) AS mentions, coalesce(a.n, 0) AS articles,
                   coalesce(p.n, 0) AS events, coalesce(q.n, 0) AS quotes
            FROM actors x LEFT JOIN m ON m.actor_id = x.id LEFT JOIN a ON a.actor_id = x.id
                 LEFT JOIN p ON p.actor_id = x.id LEFT JOIN q ON q.actor_id = x.id
            ORDER BY mentions DESC, events DESC, x.canonical
            {"" if limit is None else f"LIMIT {int(limit)}"}""")

    def article(self, article_id: str) -> dict[str, Any] | None:
        """Return one article with all its extractions, in the extraction-record shape."""
        found = self.query("SELECT * FROM articles WHERE id = ?", [article_id])
        if not found:
            return None
        tables = {t: self.query(f"SELECT * FROM {t} WHERE article_id = ? ORDER BY idx",
                                [article_id])
                  for t in ARTICLE_TABLES if t != "event_participants"}
        return rebuild(found[0], tables)


@contextmanager
def read_store(path: str = DEFAULT_DB, timeout: float = READER_TIMEOUT) -> Iterator[Store]:
    """Open a short-lived read-only store for one request or command, and close it.

    While a writer holds the file this waits (polling, at most `timeout` seconds)
    for it to release the file between write batches.

    Raises:
        StoreError: no store at `path`, or it stayed busy for `timeout` seconds.
    """
    store = Store.open(path, read_only=True, timeout=timeout)
    try:
        yield store
    finally:
        store.close()


def _connect(path: str, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
    """Connect, retrying while another process holds the file's lock."""
    deadline = time.monotonic() + timeout
    wait = 0.05
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.ConnectionException as error:
            if not (read_only and "different configuration" in str(error)):
                raise StoreError(f"could not open the store: {error}", source=path) from error
            # this process already has the file open writable: share that instance
            read_only = False
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise StoreError(f"could not open the store: {error}", source=path) from error
            if time.monotonic() >= deadline:
                raise StoreError(f"the store is busy: another process has held its lock "
                                 f"for {timeout:g} s", source=path,
                                 hint="retry when the other communique command is done"
                                 ) from error
            time.sleep(wait)
            wait = min(wait * 2, POLL_MAX)
        except duckdb.Error as error:
            raise StoreError(f"could not open the store: {error}", source=path) from error


def _columns(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """Return table -> {column: DuckDB type}, in table order."""
    out: dict[str, dict[str, str]] = {}
    for table, column, kind in con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position").fetchall():
        out.setdefault(table, {})[column] = kind
    return out


def _ident(name: str) -> str:
    return f'"{name}"'


def _merge_actor_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge rows of the same actor the way the actors upsert merges them with stored ones.

    One INSERT cannot update a row twice, so a batch first folds its own
    repeats: the first value of each field wins, first_seen is the earliest.
    """
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        seen = merged.get(row["id"])
        if seen is None:
            merged[row["id"]] = dict(row)
            continue
        for name in ("kind", "country", "sector", "code", "kb_id"):
            if seen.get(name) is None:
                seen[name] = row.get(name)
        dates = [d for d in (seen.get("first_seen"), row.get("first_seen")) if d is not None]
        seen["first_seen"] = min(dates) if dates else None
    return list(merged.values())


def _coerce(value: Any, kind: str, table: str, column: str) -> Any:
    """Return value as the Python type of a column, raising StoreError when it cannot be."""
    if value is None:
        return None
    try:
        if kind == "JSON":
            return json.dumps(value, ensure_ascii=False)
        if kind == "DATE":
            return parse_date(value)
        if kind in ("INTEGER", "BIGINT"):
            if isinstance(value, float) and not value.is_integer():
                raise ValueError("not a whole number")
            return int(value)
        if kind == "DOUBLE":
            return float(value)
        if kind == "BOOLEAN":
            if not isinstance(value, (bool, int)):
                raise ValueError("not a boolean")
            return bool(value)
        if kind == "VARCHAR":
            if isinstance(value, (dict, list)):
                raise ValueError("a list or dict where text is expected")
            return str(value)
        return value
    except (TypeError, ValueError) as error:
        raise StoreError(f"{table}.{column}: cannot store {value!r}: {error}") from error


def _out(value: Any, kind: str) -> Any:
    """Return a fetched value as JSON-ready data."""
    if value is None:
        return None
    if kind == "JSON":
        return json.loads(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _date_filter(column: str, since: str | date | None,
                 until: str | date | None) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for bound, op in ((since, ">="), (until, "<=")):
        if bound is not None:
            day = parse_date(bound)
            if day is None:
                raise StoreError(f"not a date: {bound!r}", hint="use YYYY-MM-DD")
            where.append(f"{column} {op} ?")
            params.append(day)
    return where, params


def _where(clauses: list[str]) -> str:
    return f"WHERE {' AND '.join(clauses)}" if clauses else ""
