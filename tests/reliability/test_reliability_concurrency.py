"""Concurrency: a reader (what `serve` does per request) queries while `ingest` writes.

DuckDB allows one writing process or many reading ones per file. The writer
releases the file after each short batch and readers open a read-only store per
request (`read_store`), waiting a bounded time for the lock.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_kit import article_rows, check_store, half_written, write_articles

from communique.errors import StoreError
from communique.store import Store, read_store

pytestmark = pytest.mark.slow

READ_BOUND = 8.0  # seconds a request may wait for the writer (READER_TIMEOUT plus slack)


def test_reader_queries_while_ingest_writes(tmp_path: Path) -> None:
    ids = write_articles(tmp_path / "articles.jsonl", 96)
    db = tmp_path / "store.duckdb"
    Store.open(str(db)).close()
    writer = subprocess.Popen([sys.executable, "-m", "communique", "ingest", "articles.jsonl",
                               "--db", db.name], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    waits, seen, errors = [], [], []
    try:
        while writer.poll() is None:
            started = time.monotonic()
            try:
                with read_store(str(db), timeout=READ_BOUND) as store:
                    waits.append(time.monotonic() - started)
                    rows = article_rows(store)
                    store.articles(limit=5)
            except StoreError as error:
                errors.append(str(error))
                continue
            assert not half_written(rows), half_written(rows)[:3]  # never a partial article
            seen.append(len(rows))
            time.sleep(0.1)  # the pause between two dashboard requests
    finally:
        out, err = writer.communicate(timeout=600)
    assert writer.returncode == 0, err
    assert not errors, errors[:3]
    print(f"reader: {len(waits)} reads during ingest, longest wait {max(waits):.2f} s")
    assert len(seen) >= 5 and max(waits) < READ_BOUND
    assert seen == sorted(seen)  # the store only grows under the reader
    assert any(0 < count < len(ids) for count in seen)  # it read in the middle of the writing
    check_store(db, ids)
