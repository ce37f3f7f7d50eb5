"""Shared fixtures: the loaded pipeline (once per session) and the ../shared folder."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FUZZ_INPUTS: Counter[str] = Counter()  # generated inputs per fuzz property (tests/reliability)


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


@pytest.fixture(scope="session")
def varied_texts() -> list[str]:
    """Return our own varied English: demo articles, the general corpus, the stage cases."""
    texts = [path.read_text(encoding="utf-8")
             for folder in (REPO / "src/communique/demo", REPO / "tests/data/general")
             for path in sorted(folder.iterdir()) if path.suffix in (".txt", ".md")
             and path.name != "README.md"]
    for path in (REPO / "src/communique/demo/articles.jsonl",
                 REPO / "tests/data/corpus_negotiation/articles.jsonl",
                 *sorted((REPO / "tests/data").glob("*_cases.jsonl"))):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text") if line.strip() else None
            if isinstance(text, str) and text:
                texts.append(text)
    return texts


@pytest.fixture(scope="session")
def fuzz_counter() -> Counter[str]:
    """Return the session's counter of generated fuzz inputs, by property."""
    return FUZZ_INPUTS


def pytest_terminal_summary(terminalreporter) -> None:
    """Print how many generated inputs the fuzz properties ran."""
    if FUZZ_INPUTS:
        detail = ", ".join(f"{name} {count}" for name, count in sorted(FUZZ_INPUTS.items()))
        terminalreporter.write_line(
            f"fuzz: {sum(FUZZ_INPUTS.values())} generated inputs ({detail})")
