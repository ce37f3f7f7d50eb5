"""`serve` answers while another process writes the store: no server error, nothing half-read.

The server (a uvicorn subprocess) opens the store read-only per request; a
writer process adds the corpus one article at a time, opening and closing the
store for each, as ingest does between batches. Requests wait for the lock at
most READER_TIMEOUT and then get 503 with Retry-After, never 500.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from web_kit import free_port

from communique.store import Store

pytestmark = pytest.mark.slow

WRITER = """
import sys, time
sys.path.insert(0, {tests!r})
from web_kit import corpus_kit, hostile_record
from communique.records import ExtractionRecord
from communique.store import Store
records = [*corpus_kit().build_records(), hostile_record()]
print("ready", flush=True)
for record in records:
    with Store.open({db!r}, timeout=60) as store:
        store.add(ExtractionRecord(**record))
    time.sleep(0.5)
"""


def test_the_server_reads_while_a_writer_adds_articles(tmp_path):
    db = str(tmp_path / "busy.duckdb")
    Store.open(db).close()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "communique", "serve", "--db", db,
                               "--port", str(port)], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/api/articles", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and server.poll() is None, "no server"
                time.sleep(0.2)
        script = WRITER.format(tests=str(Path(__file__).parent), db=db)
        writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        assert writer.stdout.readline().strip() == b"ready"
        statuses, counts = [], []
        while writer.poll() is None:
            for path in ("/api/articles?limit=500", "/", "/api/events"):
                response = httpx.get(base + path, timeout=30)
                statuses.append(response.status_code)
                if path.startswith("/api/articles") and response.status_code == 200:
                    counts.append(len(response.json()["items"]))
        assert writer.wait(timeout=120) == 0, writer.stderr.read().decode()[-2000:]
        final = httpx.get(f"{base}/api/articles?limit=500", timeout=30).json()["items"]
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert statuses and set(statuses) <= {200, 503}, sorted(set(statuses))
    assert 200 in statuses
    assert counts == sorted(counts)                  # the store only grows under the reader
    assert len(final) == 14
