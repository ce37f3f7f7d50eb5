"""Load the quote rules kept as data: cue verbs, speaker nouns, media patterns (pure)."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Lexicon:
    """The quote rules: which verbs cue speech, which nouns name speakers or media."""

    cues: dict[str, str]
    indirect: frozenset[str]
    speaker_nouns: dict[str, str]
    platforms: tuple[str, ...]
    outlets: tuple[str, ...]
    media_nouns: frozenset[str]
    settings: frozenset[str]

    def cue_role(self, lemma: str) -> str | None:
        """Return a cue verb's role (speech, write, frame, characterise, cite) or None."""
        return self.cues.get(lemma.lower())


def read_tsv(path: Path) -> list[list[str]]:
    """Read a TSV rule file, skipping the `#` header and blank lines."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def read_jsonl(path: Path) -> list[dict]:
    """Read a JSONL rule file, skipping its `_about` record."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if "_about" not in row:
                rows.append(row)
    return rows


def names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Compile media names into one regex: names with capitals match case-sensitively."""
    cased = sorted((n for n in names if n != n.lower()), key=len, reverse=True)
    lower = sorted((n for n in names if n == n.lower()), key=len, reverse=True)
    alternatives = [re.escape(n) for n in cased]
    alternatives += ["(?i:" + re.escape(n) + ")" for n in lower]
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


@lru_cache(maxsize=4)
def load_lexicon(folder: Path = DATA) -> Lexicon:
    """Load the rule files of a data folder (cached)."""
    cues, indirect = {}, set()
    for lemma, role, takes_clause in read_tsv(folder / "cue_verbs.tsv"):
        cues[lemma] = role
        if takes_clause == "yes":
            indirect.add(lemma)
    nouns = {lemma: kind for lemma, kind in read_tsv(folder / "speaker_nouns.tsv")}
    media = read_jsonl(folder / "media.jsonl")
    by_kind: dict[str, list[dict]] = {}
    for row in media:
        by_kind.setdefault(row["kind"], []).append(row)
    log.debug("quote lexicon: %d cues, %d speaker nouns, %d media rows",
              len(cues), len(nouns), len(media))
    return Lexicon(
        cues=cues,
        indirect=frozenset(indirect),
        speaker_nouns=nouns,
        platforms=tuple(r["name"] for r in by_kind.get("platform", [])),
        outlets=tuple(r["name"] for r in by_kind.get("outlet", [])),
        media_nouns=frozenset(r["lemma"] for r in by_kind.get("noun", [])),
        settings=frozenset(r["lemma"] for r in by_kind.get("setting", [])),
    )
