"""Allow `python -m communique`."""

from communique.cli import app

app()
