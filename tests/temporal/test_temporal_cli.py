"""`communique timex`: records in, timexes out; and the MEANTIME quality gate."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from communique.cli import app

pytestmark = pytest.mark.slow
runner = CliRunner()


def test_timex_prints_one_line_per_record(tmp_path) -> None:
    """Each {id, dct, text} record gives {id, timexes} with offsets into its text."""
    source = tmp_path / "in.jsonl"
    rows = [{"id": "r1", "dct": "2025-05-12",
             "text": "Envoys of Varesh and Kethra met on Saturday and will meet again next week."},
            {"id": "r2", "dct": "2025-05-12", "text": "Nothing dated."}]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = runner.invoke(app, ["timex", str(source), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["r1", "r2"]
    assert [(t["text"], t["type"], t["value"]) for t in out[0]["timexes"]] == [
        ("Saturday", "DATE", "2025-05-10"), ("next week", "DATE", "2025-W21")]
    first = out[0]["timexes"][0]
    assert rows[0]["text"][first["start"]:first["end"]] == "Saturday"
    assert out[1]["timexes"] == []


def test_timex_names_a_bad_input() -> None:
    """A missing file is a coded error on stderr, naming the file."""
    result = runner.invoke(app, ["timex", "/nonexistent/in.jsonl"])
    assert result.exit_code == 1
    assert "/nonexistent/in.jsonl" in result.output


def test_meantime_quality_floors(shared_dir, tmp_path) -> None:
    """On MEANTIME: span F1 (relaxed) and DATE value accuracy are both at least 0.85."""
    from communique.temporal.component import timex_records

    gold = shared_dir / "eval" / "temporal" / "gold.jsonl"
    system = tmp_path / "system.jsonl"
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    system.write_text("".join(json.dumps(r) + "\n" for r in timex_records(records)),
                      encoding="utf-8")
    scored = subprocess.run([sys.executable, str(shared_dir / "eval" / "score_timex.py"),
                             str(gold), str(system), "--json"],
                            capture_output=True, text=True, check=True).stdout
    figures = json.loads(scored[:scored.rindex("}") + 1])
    assert figures["relaxed"][2] >= 0.85
    assert figures["date_value_accuracy_matched"] >= 0.85


def test_timex_reports_bad_lines_and_goes_on(tmp_path) -> None:
    """A line that is not a JSON object is named on stderr; the others are still tagged."""
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "dct": "2025-03-21", "text": "Talks ended today."}\n'
                      "not json\n", encoding="utf-8")
    result = runner.invoke(app, ["timex", str(source)])
    assert result.exit_code == 1
    assert json.loads(result.stdout.splitlines()[0])["timexes"][0]["value"] == "2025-03-21"
    assert f"{source}:2" in result.output
