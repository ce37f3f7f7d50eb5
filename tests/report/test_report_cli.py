"""The output commands: brief, timeline and export, and the end of `demo`."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest
from report_kit import HAS_CORPUS, negotiation_store, unresolved
from typer.testing import CliRunner

from communique.cli import app
from communique.report.briefing import build_brief
from communique.store import Store

runner = CliRunner()

if not HAS_CORPUS:
    pytest.skip("the fixture corpus is absent", allow_module_level=True)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return negotiation_store(tmp_path_factory.mktemp("cli") / "cli.duckdb")


def test_brief_markdown_and_html(db):
    result = runner.invoke(app, ["brief", "--db", db, "--since", "2025-06-12",
                                 "--until", "2025-06-14", "--base-url", "http://x"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Briefing: 12 June 2025 to 14 June 2025")
    assert "](http://x/articles/" in result.stdout
    page = runner.invoke(app, ["brief", "--db", db, "--since", "2025-06-01", "--format",
                               "html", "--diff"])
    assert page.exit_code == 0 and "<h2>Stances: then and now</h2>" in page.stdout


def test_brief_bad_input_is_a_clear_error(db, tmp_path):
    bad = runner.invoke(app, ["brief", "--db", db, "--since", "yesterday"])
    assert bad.exit_code == 1 and "since is not a date" in " ".join(bad.output.split())
    assert "Traceback" not in bad.output
    missing = runner.invoke(app, ["brief", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code != 0 and "no store here" in " ".join(missing.output.split())


def test_timeline_json_and_filters(db):
    result = runner.invoke(app, ["timeline", "--db", db, "--initiative", "monitoring",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and {r["initiative"] for r in rows} == {"monitoring mission"}
    md = runner.invoke(app, ["timeline", "--db", db, "--actor", "Norvane"])
    assert md.exit_code == 0 and md.stdout.startswith("# Timeline: Norvane")
    unknown = runner.invoke(app, ["timeline", "--db", db, "--initiative", "moon treaty"])
    assert unknown.exit_code == 1 and "no initiative matches" in " ".join(unknown.output.split())


def test_export_styles_and_formats(db, tmp_path):
    result = runner.invoke(app, ["export", "--db", db, "--table", "events", "--format", "csv",
                                 "--style", "gdelt"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {"GLOBALEVENTID", "SQLDATE", "Actor1Code", "EventCode"} <= set(rows[0])
    target = tmp_path / "stances.parquet"
    result = runner.invoke(app, ["export", "--db", db, "--table", "stances", "--format",
                                 "parquet", "--out", str(target)])
    assert result.exit_code == 0, result.output
    (count,) = duckdb.connect().execute(f"SELECT count(*) FROM '{target}'").fetchone()
    with Store.open(db, read_only=True) as store:
        assert count == store.counts()["stances"] > 0
    lines = runner.invoke(app, ["export", "--db", db, "--table", "quotes"]).stdout.splitlines()
    assert lines and all(json.loads(line)["article_id"] for line in lines)
    bad = runner.invoke(app, ["export", "--db", db, "--table", "moods"])
    assert bad.exit_code != 0


def test_every_claim_of_a_linked_store_brief_resolves(db):
    with Store.open(db, read_only=True) as store:
        brief = build_brief(store, "2025-06-01", "2025-06-30", diff=True)
        assert not [(c.text, unresolved(store, x)) for c in brief.claims()
                    for x in c.citations if unresolved(store, x)]
