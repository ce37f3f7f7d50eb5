"""`communique serve --get PATH`: one request answered in-process, like datasette."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from communique.cli import app

runner = CliRunner()


def test_get_prints_the_json_answer(web_db):
    result = runner.invoke(app, ["serve", "--db", web_db, "--get",
                                 "/api/initiatives?status=carried_out"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [i["label"] for i in data["items"]] == ["prisoner exchange (400)"]


def test_get_prints_a_page(web_db):
    result = runner.invoke(app, ["serve", "--db", web_db, "--get", "/stances"])
    assert result.exit_code == 0 and "Stance matrix" in result.stdout


def test_get_of_a_missing_thing_exits_1(web_db):
    result = runner.invoke(app, ["serve", "--db", web_db, "--get", "/api/articles/nope"])
    assert result.exit_code == 1 and "no article" in result.stdout


def test_a_missing_store_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb"), "--get", "/"])
    assert result.exit_code == 4 and "no store here" in " ".join(result.output.split())
