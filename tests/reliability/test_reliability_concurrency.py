"""Concurrency: a reader (what `serve` does per request) queries while `ingest` writes.

DuckDB allows one writing process or many reading ones per file. The writer
releases the file after each short batch and readers open a read-only store per
request (`read_store`), waiting a bounded time for the lock.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import httpx
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_answers_while_ingest_writes(tmp_path: Path) -> None:
    ids = write_articles(tmp_path / "articles.jsonl", 64)
    db = tmp_path / "store.duckdb"
    Store.open(str(db)).close()
    port = free_port()
    url = f"http://127.0.0.1:{port}/api/articles?limit=100"
    server = subprocess.Popen([sys.executable, "-m", "communique", "serve", "--db", db.name,
                               "--port", str(port)], cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    writer = None
    try:
        deadline = time.monotonic() + 120
        while True:
            with suppress(httpx.HTTPError):
                if httpx.get(url, timeout=5).status_code == 200:
                    break
            assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(0.3)
        writer = subprocess.Popen([sys.executable, "-m", "communique", "ingest",
                                   "articles.jsonl", "--db", db.name], cwd=tmp_path,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        answers = []
        while writer.poll() is None:
            started = time.monotonic()
            response = httpx.get(url, timeout=30)
            answers.append((response.status_code, time.monotonic() - started,
                            len(response.json().get("items", []))))
            time.sleep(0.1)
        assert writer.wait() == 0, writer.stderr.read()
        final = httpx.get(url, timeout=30).json()["items"]
    finally:
        if writer and writer.poll() is None:
            writer.kill()
        server.terminate()
        server.wait(timeout=30)
    print(f"serve: {len(answers)} answers during ingest, statuses "
          f"{sorted({status for status, _, _ in answers})}, "
          f"slowest {max(seconds for _, seconds, _ in answers):.2f} s")
    assert len(answers) >= 5
    assert {status for status, _, _ in answers} == {200}
    assert max(seconds for _, seconds, _ in answers) < READ_BOUND
    assert any(0 < count < len(ids) for _, _, count in answers)
    assert sorted(item["id"] for item in final) == ids
