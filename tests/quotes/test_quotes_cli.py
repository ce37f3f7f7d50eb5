"""`communique quotes`: stored quotes filtered by speaker, words and date (no model)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from communique.cli import app
from communique.records import ExtractionRecord, content_hash

TEXT = "“We will talk again next week,” Zelensky said. A senior official said the talks were hard."


def speaker(name, kind, description, code=None):
    """Return a speaker dict as the quotes component writes it."""
    return {"name": name, "kind": kind, "country": None, "sector": None, "code": code,
            "kb_id": None, "description": description, "mention": description}


def quote(text, start, kind, who, date):
    """Return a Quote dict as the quotes component writes it."""
    return {"text": text, "start": start, "end": start + len(text), "kind": kind,
            "speaker": who, "cue": "said", "medium": None, "addressee": None, "date": date,
            "date_precision": "day", "parts": [[start, start + len(text)]]}


def make_store(path):
    """Store one record with a named and an anonymous quote."""
    from communique.store import Store

    record = ExtractionRecord(
        id="a1", pub_date="2025-05-02", pub_date_source="given", title="t", url=None,
        outlet=None, text=TEXT, hash=content_hash(TEXT),
        quotes=[quote("We will talk again next week", 1, "direct",
                      speaker("Volodymyr Zelensky", "person", "Zelensky", "UKRGOV"),
                      "2025-05-01"),
                quote("the talks were hard", 70, "indirect",
                      speaker(None, "anonymous", "A senior official"), "2025-05-02")])
    with Store.open(str(path)) as store:
        store.add(record)


def run(*args):
    """Invoke the CLI and return the JSON rows it prints."""
    result = CliRunner().invoke(app, ["quotes", *args, "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_quotes_by_speaker_words_and_date(tmp_path):
    db = tmp_path / "q.duckdb"
    make_store(db)
    assert [r["text"] for r in run("--db", str(db))] == ["the talks were hard",
                                                          "We will talk again next week"]
    assert [r["kind"] for r in run("--db", str(db), "--speaker", "Volodymyr Zelensky")] == \
        ["direct"]
    assert [r["kind"] for r in run("--db", str(db), "--speaker", "senior official")] == \
        ["indirect"]
    assert len(run("--db", str(db), "--contains", "next week")) == 1
    assert [r["text"] for r in run("--db", str(db), "--since", "2025-05-02")] == \
        ["the talks were hard"]


def test_quotes_without_a_store_fails_cleanly(tmp_path):
    result = CliRunner().invoke(app, ["quotes", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0
    assert "E300" in result.output
