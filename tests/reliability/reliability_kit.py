"""Helpers shared by the crash and concurrency tests: generated articles, store checks."""

from __future__ import annotations

import json
from pathlib import Path

from communique.store import read_store

CITIES = ["Istanbul", "Geneva", "Doha", "Riyadh", "Vienna", "Oslo", "Cairo", "Ankara"]
MONTHS = ["May", "June", "July", "August", "September", "October"]


def write_articles(path: Path, count: int) -> list[str]:
    """Write `count` short, distinct English articles as JSONL; return their ids."""
    ids = []
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            city, month = CITIES[n % len(CITIES)], MONTHS[n % len(MONTHS)]
            text = (f"Officials of Ukraine and Russia met in {city} on Tuesday for round {n} "
                    f"of talks on the exchange of {n + 10} prisoners.\n\n"
                    f"\u201cWe expect the list of {n + 10} names to be agreed by {month},\u201d "
                    f"the Ukrainian negotiator said after session {n}.")
            ids.append(f"crash-{n:04d}")
            out.write(json.dumps({"id": ids[-1], "date": "2025-05-20",
                                  "title": f"Prisoner talks, round {n}", "text": text}) + "\n")
    return ids


def stored_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with read_store(str(db), timeout=0.5) as store:
            return store.counts()["articles"]
    except Exception:  # noqa: BLE001 - busy or still being created: not ready yet
        return 0


def article_rows(store) -> list[dict]:
    """Return each stored article's id, hash and its counts of sentences, paragraphs, quotes."""
    return store.query("""
        SELECT a.id, a.hash,
               (SELECT count(*) FROM sentences s WHERE s.article_id = a.id) AS sentences,
               (SELECT count(*) FROM paragraphs p WHERE p.article_id = a.id) AS paragraphs,
               (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes
        FROM articles a ORDER BY a.id""")


def half_written(rows: list[dict]) -> list[dict]:
    """Return the generated articles stored without all of their rows."""
    return [row for row in rows
            if row["sentences"] < 2 or row["paragraphs"] < 2 or row["quotes"] != 1]


def check_store(db: Path, ids: list[str]) -> None:
    """Every article stored exactly once, each with all of its rows."""
    with read_store(str(db)) as store:
        rows = article_rows(store)
    assert [row["id"] for row in rows] == ids
    assert len({row["hash"] for row in rows}) == len(ids)
    assert not half_written(rows), half_written(rows)[:3]
