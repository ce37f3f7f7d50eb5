"""Counts the fuzz inputs generated in a session and reports the total at the end."""

from __future__ import annotations

from collections import Counter

import pytest

FUZZ_INPUTS: Counter[str] = Counter()


@pytest.fixture(scope="session")
def fuzz_counter() -> Counter[str]:
    """Return the session's counter of generated inputs, by property."""
    return FUZZ_INPUTS


def pytest_terminal_summary(terminalreporter) -> None:
    """Print how many generated inputs the fuzz properties ran."""
    if FUZZ_INPUTS:
        detail = ", ".join(f"{name} {count}" for name, count in sorted(FUZZ_INPUTS.items()))
        terminalreporter.write_line(
            f"fuzz: {sum(FUZZ_INPUTS.values())} generated inputs ({detail})")
