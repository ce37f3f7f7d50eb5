"""Crash safety: kill -9 in the middle of `ingest` and `batch`, run again, lose nothing.

Each run is a real `communique` subprocess in its own process group, killed
with SIGKILL once some work is stored (no clean-up code runs). The rerun must
resume: every article stored exactly once, none half-written.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from reliability_kit import check_store, stored_count, write_articles

pytestmark = pytest.mark.slow

COMMUNIQUE = [sys.executable, "-m", "communique"]
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
    """Killed while extracting, then killed while loading the store, then run to the end."""
    ids = write_articles(tmp_path / "articles.jsonl", 1000)
    db, parts = tmp_path / "store.duckdb", tmp_path / "parts"
    args = ["batch", "articles.jsonl", "--out", parts.name, "--db", db.name, "--workers", "2"]
    first = start(args, tmp_path)
    kill_when(first, lambda: len(list(parts.glob("part-*.parquet"))) >= 3)
    done_before = sum(pq.read_table(part).num_rows for part in parts.glob("part-*.parquet"))
    assert 0 < done_before < len(ids)

    second = start(args, tmp_path)
    kill_when(second, lambda: stored_count(db) >= 16, limit=900)
    extracted = [row for part in sorted(parts.glob("part-*.parquet"))
                 for row in pq.read_table(part, columns=["id", "error"]).to_pylist()]
    assert sorted(row["id"] for row in extracted) == ids  # resumed: each article extracted once
    assert not [row for row in extracted if row["error"]]
    stored_before = stored_count(db)
    assert 16 <= stored_before < len(ids)

    last = subprocess.run([*COMMUNIQUE, *args], cwd=tmp_path, capture_output=True, text=True,
                          timeout=900)
    assert last.returncode == 0, last.stderr
    assert (f"read {len(ids)}, skipped {len(ids)} already done, extracted 0, "
            f"stored {len(ids) - stored_before}") in last.stderr
    assert not list(parts.glob("*.tmp"))
    check_store(db, ids)
