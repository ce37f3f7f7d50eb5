"""The store's connection policy: writers release the file between batches, readers are brief."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from communique.errors import StoreError
from communique.store import Store, read_store

HOLD = ("import duckdb, sys, time; con = duckdb.connect(sys.argv[1], read_only=True); "
        "print('held', flush=True); time.sleep(float(sys.argv[2]))")


def other_process_can_read(path: Path) -> bool:
    """Return True when another process can open the file read-only right now."""
    probe = subprocess.run([sys.executable, "-c", "import duckdb, sys; "
                            "duckdb.connect(sys.argv[1], read_only=True).close()", str(path)],
                           capture_output=True, text=True)
    return probe.returncode == 0


def test_release_lets_other_processes_in_and_the_next_use_reconnects(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store.open(str(path)) as store:
        assert not other_process_can_read(path)
        store.release()
        assert other_process_can_read(path)
        store.insert("initiatives", [{"id": "i1", "label": "truce"}])  # reconnects
        assert store.counts()["initiatives"] == 1


def test_release_waits_for_the_open_transaction(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "s.duckdb")) as store:
        with store.transaction():
            store.insert("initiatives", [{"id": "i1", "label": "truce"}])
            store.release()  # a no-op inside a transaction: nothing is lost
        assert store.counts()["initiatives"] == 1


def test_release_keeps_an_in_memory_store() -> None:
    with Store.open(":memory:") as store:
        store.insert("initiatives", [{"id": "i1", "label": "truce"}])
        store.release()
        assert store.counts()["initiatives"] == 1


def test_a_closed_store_says_so(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "s.duckdb"))
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.counts()


def test_read_store_is_read_only_and_closes(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store.open(str(path)).close()
    with read_store(str(path)) as store, pytest.raises(StoreError, match="read-only"):
        store.insert("initiatives", [{"id": "i1", "label": "truce"}])
    with pytest.raises(StoreError, match="no store here"), \
            read_store(str(tmp_path / "absent.duckdb")):
        pass


def test_a_writer_waits_for_a_reader_to_finish(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store.open(str(path)).close()
    reader = subprocess.Popen([sys.executable, "-c", HOLD, str(path), "1.0"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "held"
        started = time.monotonic()
        with Store.open(str(path), timeout=20) as store:
            store.insert("initiatives", [{"id": "i1", "label": "truce"}])
        assert 0.3 < time.monotonic() - started < 15
    finally:
        reader.wait(timeout=20)


def test_a_writer_yields_to_readers_after_holding_the_file(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store.open(str(path)) as store:
        store.yield_to_readers(hold=60)
        assert not other_process_can_read(path)  # held briefly: kept
        store.yield_to_readers(hold=0)
        assert other_process_can_read(path)  # held long enough: released
        assert store.counts()["initiatives"] == 0
