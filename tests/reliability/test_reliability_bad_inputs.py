"""Every bad input of issues 2 and 10 through the CLI: a clear error naming it, the
documented exit code, no traceback, and nothing already stored lost."""

from __future__ import annotations

import http.server
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.store import read_store

pytestmark = pytest.mark.slow

runner = CliRunner()
STORY = ("Envoys of Ukraine and Russia met in Istanbul on Tuesday to agree on an exchange of "
         "prisoners.\n\nThe two delegations said they would meet again in Istanbul next week "
         "to settle the list of names.\n")
NEW_STORY = ("Mediators from Qatar and Egypt met negotiators in Cairo on Sunday to discuss a "
             "ceasefire in Gaza.\n\nThe talks will resume on Wednesday, an Egyptian official "
             "said after the meeting.\n")
GERMAN = ("Die Vertreter beider Länder trafen sich am Dienstag in Genf, um über einen "
          "Waffenstillstand zu verhandeln. Die Gespräche sollen in der nächsten Woche "
          "fortgesetzt werden, sagte ein Sprecher des Außenministeriums nach dem Treffen.\n")


class SlowHandler(http.server.BaseHTTPRequestHandler):
    """Answer after three seconds (longer than the test's fetch timeout)."""

    def do_GET(self) -> None:
        time.sleep(3)
        with suppress(OSError):  # the client gave up long ago
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body><p>late</p></body></html>")

    def log_message(self, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def slow_server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/article"
    httpd.shutdown()
    httpd.server_close()


def one_line(text: str) -> str:
    """Undo the console's line wrapping."""
    return " ".join(text.split())


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/article"


def bad_inputs(folder: Path, slow_url: str) -> dict[str, str]:
    """Write every bad input; return input name -> words its error message must carry."""
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02garbage\xff" * 200)
    with (folder / "huge.txt").open("wb") as huge:
        huge.truncate(50 * 1024 * 1024)
    good_line = json.dumps({"id": "line2", "text": STORY.replace("Istanbul", "Baku")})
    (folder / "lines.jsonl").write_text("{not json\n" + good_line + "\n", encoding="utf-8")
    (folder / "scripts.html").write_text("<html><head><style>p{}</style><script>var a=1;"
                                         "</script></head><body><script>run()</script>"
                                         "</body></html>")
    (folder / "german.txt").write_text(GERMAN, encoding="utf-8")
    return {
        "empty.txt": "empty input",
        "binary.txt": "not a text file",
        "huge.txt": "above the cap of 5,000,000 bytes",
        "lines.jsonl:1": "invalid JSON",
        "absent.txt": "no such file",
        "scripts.html": "no article text",
        "german.txt": "English only",
        closed_port_url(): "could not fetch",
        slow_url: "timed out after 1 s",
        "file:///etc/passwd": "unsupported URL scheme",
    }


def test_bad_inputs_are_named_and_nothing_stored_is_lost(tmp_path: Path, slow_server: str,
                                                        monkeypatch, caplog) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COMMUNIQUE_FETCH_TIMEOUT", "1")
    (tmp_path / "stored.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "new.txt").write_text(NEW_STORY, encoding="utf-8")
    (tmp_path / "bad-utf8.txt").write_bytes(NEW_STORY.replace("Sunday", "Monday").encode()
                                            + b"\xff\xfe broken bytes\n")
    first = runner.invoke(app, ["ingest", "stored.txt", "--db", "x.duckdb"])
    assert first.exit_code == 0, first.output
    expected = bad_inputs(tmp_path, slow_server)
    result = runner.invoke(app, ["ingest", *[name.split(":1")[0] if name.endswith(".jsonl:1")
                                             else name for name in expected],
                                 "new.txt", "bad-utf8.txt", "--db", "x.duckdb",
                                 "--allow-private"])  # the local test servers are loopback
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = one_line(result.stderr)
    for name, words in expected.items():
        assert f"{name}: " in errors and words in errors.split(f"{name}: ", 1)[1][:200], name
    assert "bad-utf8.txt: invalid UTF-8" in caplog.text  # a warning; the article is stored
    with read_store("x.duckdb") as store:
        ids = {row["id"] for row in store.query("SELECT id FROM articles")}
    assert ids == {"stored", "new", "bad-utf8", "line2"}


def test_extract_and_batch_share_the_rules(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "new.txt").write_text(NEW_STORY, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("")
    extracted = runner.invoke(app, ["extract", "empty.txt", "new.txt", "http://127.0.0.1/x"])
    assert extracted.exit_code == 1 and len(extracted.stdout.strip().splitlines()) == 1
    assert "empty.txt: empty input" in extracted.stderr
    assert "loopback" in extracted.stderr and "Traceback" not in extracted.output
    batch = runner.invoke(app, ["batch", "empty.txt", "new.txt", "--out", "parts", "--db",
                                "b.duckdb", "--workers", "1"])
    assert batch.exit_code == 1 and "empty.txt: empty input" in batch.stderr
    assert "stored 1" in batch.stderr and "Traceback" not in batch.output


def test_a_busy_store_exits_4_with_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "busy.duckdb"
    runner.invoke(app, ["ingest", "--db", str(db), str(tmp_path / "absent.txt")])
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True);"
        " time.sleep(30)"), str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = runner.invoke(app, ["articles", "--db", str(db)])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 4
    assert "the store is busy" in one_line(result.stderr) and "Traceback" not in result.output


def test_a_file_that_is_not_a_store_is_refused_and_kept(tmp_path: Path) -> None:
    db = tmp_path / "notes.duckdb"
    db.write_bytes(b"my notes, not a database\n" * 100)
    before = db.read_bytes()
    (tmp_path / "new.txt").write_text(NEW_STORY, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path / "new.txt"), "--db", str(db)])
    assert result.exit_code == 4 and "Traceback" not in result.output
    assert "notes.duckdb" in result.stderr
    assert "could not open the store" in one_line(result.stderr)
    assert db.read_bytes() == before
