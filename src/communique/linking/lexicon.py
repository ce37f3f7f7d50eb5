"""Load the state lexicons (data/initiatives.jsonl, data/issues.jsonl) as compiled patterns.

Pure: no spaCy. Each data file starts with an `{"_about": ...}` record giving
its version and origin; every other line is one entry (see the _about text).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

log = logging.getLogger(__name__)

DATA = files("communique.linking") / "data"


def compile_words(patterns: list[str]) -> re.Pattern[str]:
    """Compile alternatives into one case-insensitive pattern bounded by word edges."""
    body = "|".join(f"(?:{p})" for p in sorted(patterns, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w])", re.IGNORECASE)


@dataclass(frozen=True)
class TypeEntry:
    """An initiative type: its label and the heads that name it."""

    type: str
    label: str
    heads: re.Pattern[str]


@dataclass(frozen=True)
class ScopeEntry:
    """A scope of an initiative type (energy, maritime, full...) and the words that set it."""

    type: str
    scope: str
    label: str
    words: re.Pattern[str]


@dataclass
class InitiativeLexicon:
    """The compiled initiative lexicon."""

    version: str
    types: list[TypeEntry]
    anaphors: list[tuple[str | None, re.Pattern[str]]]
    scopes: dict[str, list[ScopeEntry]]
    statuses: list[tuple[str, re.Pattern[str]]]
    cues: dict[str, re.Pattern[str]]

    def label(self, type_: str) -> str:
        """Return the display label of an initiative type."""
        return next((t.label for t in self.types if t.type == type_), type_.replace("_", " "))

    def scope_label(self, type_: str, scope: str | None) -> str | None:
        """Return the display label of a scope."""
        return next((s.label for s in self.scopes.get(type_, []) if s.scope == scope), scope)


@dataclass(frozen=True)
class IssueEntry:
    """A stance issue: what it is about, the words that name it and how acts map to positions."""

    id: str
    label: str
    patterns: re.Pattern[str]
    place: bool
    inverse: re.Pattern[str] | None
    place_from: tuple[str, ...] = ("target", "object")
    initiative_types: tuple[str, ...] = ()  # initiatives whose stances are stances on this issue


@dataclass
class IssueLexicon:
    """The compiled stance-issue lexicon."""

    version: str
    issues: list[IssueEntry]
    positions: dict[str, str]
    conditional: re.Pattern[str]
    undecided: re.Pattern[str]
    condition_clause: re.Pattern[str]


def _records(name: str) -> tuple[str, list[dict[str, Any]]]:
    """Return a data file's version and its entries (the _about line left out)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    version = "?"
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"linking/data/{name} line {number}: {error}") from error
        if "_about" in entry:
            version = str(entry.get("version", "?"))
        else:
            out.append(entry)
    return version, out


@lru_cache(maxsize=1)
def initiative_lexicon() -> InitiativeLexicon:
    """Return the compiled initiative lexicon (loaded once)."""
    version, entries = _records("initiatives.jsonl")
    types, scopes, statuses, cues = [], {}, [], {}
    anaphors: list[tuple[str | None, re.Pattern[str]]] = []
    for e in entries:
        kind = e["kind"]
        if kind == "type":
            types.append(TypeEntry(e["type"], e["label"], compile_words(e["heads"])))
        elif kind == "scope":
            scopes.setdefault(e["type"], []).append(
                ScopeEntry(e["type"], e["scope"], e["label"], compile_words(e["words"])))
        elif kind == "status":
            statuses.append((e["status"], compile_words(e["cues"])))
        elif kind == "anaphor":
            anaphors.append((e.get("type"), compile_words(e["heads"])))
        elif kind == "cue":
            cues[e["name"]] = compile_words(e["cues"])
    return InitiativeLexicon(version, types, anaphors, scopes, statuses, cues)


@lru_cache(maxsize=1)
def issue_lexicon() -> IssueLexicon:
    """Return the compiled stance-issue lexicon (loaded once)."""
    version, entries = _records("issues.jsonl")
    issues, positions, cues = [], {}, {}
    for e in entries:
        if e["kind"] == "issue":
            issues.append(IssueEntry(
                e["id"], e["label"], compile_words(e["patterns"]), bool(e.get("place")),
                compile_words(e["inverse"]) if e.get("inverse") else None,
                tuple(e.get("place_from", ("target", "object"))),
                tuple(e.get("initiatives", ()))))
        elif e["kind"] == "positions":
            positions.update(e["map"])
        elif e["kind"] in ("conditional", "undecided", "condition_clause"):
            cues[e["kind"]] = compile_words(e["cues"])
    missing = {"conditional", "undecided", "condition_clause"} - set(cues)
    if missing:
        raise ValueError(f"linking/data/issues.jsonl has no {', '.join(sorted(missing))} cues")
    return IssueLexicon(version, issues, positions, cues["conditional"], cues["undecided"],
                        cues["condition_clause"])
