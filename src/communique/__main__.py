"""Allow `python -m communique`."""

from communique.cli import run

run()
