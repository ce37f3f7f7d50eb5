"""Shared fixtures: the loaded pipeline (once per session) and the ../shared folder."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """Return ../shared, or skip the test when it is absent (a plain clone)."""
    if not (SHARED / "eval").is_dir():
        pytest.skip("../shared is absent")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    """Return the full communique pipeline, loaded once per test session."""
    from communique.nlp import load_nlp

    return load_nlp()
