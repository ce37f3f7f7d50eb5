"""Every setting and every command is documented in the README (datasette's rule)."""

from pathlib import Path

from communique.cli import app
from communique.settings import describe

REPO = Path(__file__).resolve().parents[1]


def _readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme():
    readme = _readme()
    missing = [name for name, _, _ in describe() if f"`{name}`" not in readme]
    assert not missing, f"settings missing from README: {missing}"


def test_every_command_is_in_the_cli_reference():
    readme = _readme()
    names = [info.name or info.callback.__name__ for info in app.registered_commands]
    assert len(names) >= 10
    missing = [name for name in names if f"`communique {name}" not in readme]
    assert not missing, f"commands missing from the README CLI reference: {missing}"
