"""Stores for the report tests, and the check that a citation resolves to a stored sentence."""

from __future__ import annotations

import sys
from pathlib import Path

from communique.records import ExtractionRecord
from communique.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "linking"))

from corpus_kit import CORPUS, build_records

HAS_CORPUS = (CORPUS / "truth.json").exists()


def negotiation_store(path: Path, link: bool = True) -> str:
    """Store the fixture negotiation (a perfect extraction) and, unless told not to, link it."""
    from communique.linking.persist import save_state

    with Store.open(str(path)) as store:
        for record in build_records():
            store.add(ExtractionRecord(**record))
        if link:
            save_state(store)
    return str(path)


def unresolved(store: Store, citation) -> str | None:
    """Return why a citation does not resolve to a stored sentence, or None when it does."""
    rows = store.query("SELECT text FROM articles WHERE id = ?", [citation.article_id])
    if not rows:
        return f"{citation.article_id} is not stored"
    text = rows[0]["text"]
    if not 0 <= citation.start < citation.end <= len(text):
        return f"{citation.article_id}:{citation.start}-{citation.end} is outside the text"
    if text[citation.start:citation.end] != citation.text:
        return f"{citation.article_id}:{citation.start}-{citation.end} is not {citation.text!r}"
    if citation.sentence is None:
        return f"{citation.article_id}:{citation.start} names no sentence"
    found = store.query('SELECT start, "end" FROM sentences WHERE article_id = ? AND idx = ?',
                        [citation.article_id, citation.sentence])
    if not found:
        return f"{citation.article_id} has no stored sentence {citation.sentence}"
    start, end = found[0]["start"], found[0]["end"]
    if not (start < citation.end and citation.start < end):
        return (f"{citation.article_id}:{citation.start}-{citation.end} is not in sentence "
                f"{citation.sentence} ({start}-{end})")
    return None
