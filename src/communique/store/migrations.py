"""Versioned schema: create a new store from schema.sql, upgrade an old one step by step.

A new (empty) database gets `schema.sql`, the current full schema, and is
stamped with LATEST. An existing one is read for its `schema_version` and
upgraded by applying, in order and in one transaction, every migration above
it. To change the schema: edit schema.sql (bump its version line), append a
Migration with the ALTER statements that turn the previous version into the new
one, and freeze the previous schema.sql as tests/store/schema_v<N>.sql so the
test that replays migrations from every frozen version keeps them honest.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

import duckdb

from communique.errors import StoreError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    """One schema step: the SQL that turns version - 1 into version."""

    version: int
    description: str
    sql: str


# Version 1 is schema.sql itself: a store only ever starts there or later.
MIGRATIONS: tuple[Migration, ...] = ()
LATEST = 1


def schema_sql() -> str:
    """Return the current full schema (schema.sql shipped in the package)."""
    return resources.files("communique.store").joinpath("schema.sql").read_text("utf-8")


def schema_file_version(sql: str | None = None) -> int:
    """Return the version that schema.sql declares on its first line."""
    found = re.search(r"schema version (\d+)", (sql or schema_sql()).splitlines()[0])
    if not found:
        raise StoreError("schema.sql has no 'schema version N' header line")
    return int(found[1])


def user_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return the names of the tables in the main schema."""
    rows = con.execute("SELECT table_name FROM information_schema.tables "
                       "WHERE table_schema = 'main' ORDER BY table_name").fetchall()
    return [name for (name,) in rows]


def current_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """Return the store's schema version, 0 for an empty database, None for a foreign one."""
    tables = user_tables(con)
    if not tables:
        return 0
    if "schema_version" not in tables:
        return None
    (version,) = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return version or 0


def check(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """Return the version of a store opened read-only, raising when it needs a migration."""
    version = current_version(con)
    if version is None:
        raise StoreError("not a communique store (no schema_version table)", source=path,
                         hint="point --db at a communique DuckDB file")
    if version > LATEST:
        raise StoreError(f"store schema version {version} is newer than this communique "
                         f"({LATEST})", source=path, hint="upgrade communique")
    if version < LATEST:
        raise StoreError(f"store schema version {version} needs migrating to {LATEST}",
                         source=path, hint="open it once read-write, e.g. `communique ingest`")
    return version


def migrate(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """Create or upgrade the schema in one transaction and return the version reached."""
    version = current_version(con)
    if version is None or version > LATEST:
        return check(con, path)
    if version == LATEST:
        return version
    steps = ([Migration(LATEST, "create schema", schema_sql())] if version == 0 else
             [m for m in MIGRATIONS if m.version > version])
    con.execute("BEGIN TRANSACTION")
    try:
        for step in steps:
            log.info("store %s: applying schema version %d (%s)", path, step.version,
                     step.description)
            con.execute(step.sql)
            now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
            con.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                        [step.version, step.description, now])
        con.execute("COMMIT")
    except duckdb.Error as error:
        con.execute("ROLLBACK")
        raise StoreError(f"schema migration failed: {error}", source=path) from error
    return LATEST
