"""The `communique actor` command over the knowledge base."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from communique.cli import app

runner = CliRunner()


def test_actor_shows_roles_and_codes():
    """A surname gives the person with dated roles and the code in force on --date."""
    result = runner.invoke(app, ["actor", "Scholz", "--date", "2025-08-01", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout.splitlines()[0])
    assert row["name"] == "Olaf Scholz"
    assert row["actor"]["code"] == "DEUELI"
    assert row["roles"][0]["code"] == "DEUGOV"


def test_actor_metonym():
    """A metonym names its state."""
    result = runner.invoke(app, ["actor", "Kremlin", "-f", "jsonl"])
    assert json.loads(result.stdout.splitlines()[0])["name"] == "Russia"


def test_actor_unknown():
    """An unknown name exits 1 with a message on stderr."""
    result = runner.invoke(app, ["actor", "Nobody Atall"])
    assert result.exit_code == 1
