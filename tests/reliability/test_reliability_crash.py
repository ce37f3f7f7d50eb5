"""Crash safety: kill -9 in the middle of `ingest` and `batch`, run again, lose nothing.

Each run is a real `communique` subprocess in its own process group, killed
with SIGKILL once some work is stored (no clean-up code runs). The rerun must
resume: every article stored exactly once, none half-written.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from communique.store import read_store

pytestmark = pytest.mark.slow

COMMUNIQUE = [sys.executable, "-m", "communique"]
CITIES = ["Istanbul", "Geneva", "Doha", "Riyadh", "Vienna", "Oslo", "Cairo", "Ankara"]
MONTHS = ["May", "June", "July", "August", "September", "October"]


def write_articles(path: Path, count: int) -> list[str]:
    """Write `count` short, distinct English articles as JSONL; return their ids."""
    ids = []
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            city, month = CITIES[n % len(CITIES)], MONTHS[n % len(MONTHS)]
            text = (f"Officials of Ukraine and Russia met in {city} on Tuesday for round {n} "
                    f"of talks on the exchange of {n + 10} prisoners.\n\n"
                    f"\u201cWe expect the list of {n + 10} names to be agreed by {month},\u201d "
                    f"the Ukrainian negotiator said after session {n}.")
            ids.append(f"crash-{n:04d}")
            out.write(json.dumps({"id": ids[-1], "date": "2025-05-20",
                                  "title": f"Prisoner talks, round {n}", "text": text}) + "\n")
    return ids


def start(args: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([*COMMUNIQUE, *args], cwd=cwd, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def kill_when(process: subprocess.Popen, ready: Callable[[], bool], limit: float = 240) -> None:
    """SIGKILL the process group as soon as `ready()` holds (fail if it ends first)."""
    deadline = time.monotonic() + limit
    while not ready():
        assert process.poll() is None, f"finished before the kill: {process.communicate()}"
        assert time.monotonic() < deadline, "no progress to interrupt"
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def stored_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with read_store(str(db), timeout=0.5) as store:
            return store.counts()["articles"]
    except Exception:  # noqa: BLE001 - busy or still being created: not ready yet
        return 0


def check_store(db: Path, ids: list[str]) -> None:
    """Every article stored exactly once, each with all of its rows."""
    with read_store(str(db)) as store:
        rows = store.query("""
            SELECT a.id, a.hash,
                   (SELECT count(*) FROM sentences s WHERE s.article_id = a.id) AS sentences,
                   (SELECT count(*) FROM paragraphs p WHERE p.article_id = a.id) AS paragraphs,
                   (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes
            FROM articles a ORDER BY a.id""")
    assert [row["id"] for row in rows] == ids
    assert len({row["hash"] for row in rows}) == len(ids)
    half_written = [row for row in rows
                    if row["sentences"] < 2 or row["paragraphs"] < 2 or row["quotes"] != 1]
    assert not half_written, half_written[:3]


def test_kill_during_ingest_then_rerun_resumes(tmp_path: Path) -> None:
    ids = write_articles(tmp_path / "articles.jsonl", 160)
    db = tmp_path / "store.duckdb"
    args = ["ingest", "articles.jsonl", "--db", db.name]
    first = start(args, tmp_path)
    kill_when(first, lambda: stored_count(db) >= 16)
    before = stored_count(db)
    assert 16 <= before < len(ids)

    rerun = subprocess.run([*COMMUNIQUE, *args], cwd=tmp_path, capture_output=True, text=True,
                           timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"read {len(ids)} articles: {len(ids) - before} stored, {before} unchanged" \
        in rerun.stderr
    check_store(db, ids)


def test_kill_during_batch_of_1000_then_rerun_resumes(tmp_path: Path) -> None:
    ids = write_articles(tmp_path / "articles.jsonl", 1000)
    db, parts = tmp_path / "store.duckdb", tmp_path / "parts"
    args = ["batch", "articles.jsonl", "--out", parts.name, "--db", db.name, "--workers", "2"]
    first = start(args, tmp_path)
    kill_when(first, lambda: len(list(parts.glob("part-*.parquet"))) >= 3)
    done_before = sum(pq.read_table(part).num_rows for part in parts.glob("part-*.parquet"))
    assert 0 < done_before < len(ids)

    rerun = subprocess.run([*COMMUNIQUE, *args], cwd=tmp_path, capture_output=True, text=True,
                           timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    assert f"read {len(ids)}, skipped {done_before} already done" in rerun.stderr
    extracted = [row for part in sorted(parts.glob("part-*.parquet"))
                 for row in pq.read_table(part, columns=["id", "error"]).to_pylist()]
    assert sorted(row["id"] for row in extracted) == ids  # each article extracted once
    assert not [row for row in extracted if row["error"]]
    assert not list(parts.glob("*.tmp"))
    check_store(db, ids)
