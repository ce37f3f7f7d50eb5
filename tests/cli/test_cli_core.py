"""The CLI: commands exist, errors name inputs, exit codes follow the rules."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from communique.cli import app

runner = CliRunner()


def test_help_lists_core_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("extract", "ingest", "articles", "demo", "eval"):
        assert command in result.output


def test_extract_prints_one_record_per_article(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Envoys of Varesh and Kethra met in Geneva on Monday to discuss a truce.\n"
                     "The two delegations agreed to meet again next week.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(story), "--date", "2025-05-07"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(records) == 1
    assert records[0]["id"] == "story"
    assert records[0]["pub_date"] == "2025-05-07"
    for key in ("text", "actors", "quotes", "events", "title", "url"):
        assert key in records[0]


def test_missing_input_fails_without_stopping_the_batch(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Officials from both sides met in Doha on Sunday for a third round.\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "absent.txt"), str(good)])
    assert result.exit_code == 1
    assert "absent.txt" in result.stderr
    assert "Traceback" not in result.output
    assert len([line for line in result.stdout.splitlines() if line.strip()]) == 1


def test_ingest_twice_changes_nothing(tmp_path):
    story = tmp_path / "talks.txt"
    story.write_text("Negotiators met in Muscat on Tuesday and agreed on a prisoner swap.\n",
                     encoding="utf-8")
    db = str(tmp_path / "test.duckdb")
    first = runner.invoke(app, ["ingest", str(story), "--db", db])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["ingest", str(story), "--db", db])
    assert second.exit_code == 0, second.output
    assert "0 stored, 1 unchanged" in second.stderr
    listed = runner.invoke(app, ["articles", "--db", db, "--format", "jsonl"])
    assert len([line for line in listed.stdout.splitlines() if line.strip()]) == 1
