"""Resource bounds: sentences read per article, and a time limit per article in batch mode."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from communique.ingest import read_inputs
from communique.limits import ArticleTimeout, cut_sentences, time_limit
from communique.records import Article, InputFailure
from communique.scale.local import read_parts, run_local
from communique.settings import Settings

STALL = "STALL"


@Language.component("reliability_stall")
def stall(doc):
    """Spin in Python for 30 s on an article that asks for it (a pathological article)."""
    if STALL in doc.text:
        end = time.monotonic() + 30
        while time.monotonic() < end:
            pass
    return doc


def small_nlp() -> Language:
    """A fast pipeline with sentence starts and the stalling component."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("reliability_stall")
    return nlp


def article(number: int, text: str | None = None) -> Article:
    return Article(id=f"a{number}", source=f"a{number}.txt", pub_date="2025-03-20",
                   text=text or f"Envoys met in Tarsk for round {number} of the talks.")


def test_cut_sentences_keeps_whole_sentences() -> None:
    text = "One. Two! Three? \u201cFour.\u201d\nFive and six"
    assert cut_sentences(text, 2) == "One. Two!"
    assert cut_sentences(text, 4) == "One. Two! Three? \u201cFour.\u201d"
    assert cut_sentences(text, 5) == text
    assert cut_sentences(text, 0) == text


def test_max_sentences_is_enforced_at_ingestion(tmp_path: Path) -> None:
    body = " ".join(f"Delegates of Valdoria met the envoys of Kestrel for round {n}."
                    for n in range(5000))
    path = tmp_path / "long.txt"
    path.write_text("Talks go on\n\n" + body + "\n", encoding="utf-8")
    [item] = read_inputs([str(path)], settings=Settings(max_sentences=50))
    assert isinstance(item, Article)
    assert len(item.text) < len(body) / 50
    assert item.text.endswith("round 49.")  # the headline became the title


def test_time_limit_interrupts_python_and_regex() -> None:
    started = time.monotonic()
    with pytest.raises(ArticleTimeout, match="timed out after 0.3 s"), time_limit(0.3):
        while True:
            pass
    import re
    with pytest.raises(ArticleTimeout), time_limit(0.3):
        re.match(r"(a+)+$", "a" * 40 + "b")
    assert time.monotonic() - started < 3


def test_no_limit_when_zero() -> None:
    with time_limit(0):
        time.sleep(0.05)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_pathological_article_cannot_stall_a_batch(tmp_path: Path, monkeypatch, workers) -> None:
    import communique.nlp

    monkeypatch.setattr(communique.nlp, "load_nlp", small_nlp)
    articles = [article(n) for n in range(8)]
    articles[5] = article(5, f"Envoys met in Tarsk. {STALL} the parser here.")
    started = time.monotonic()
    done = run_local(articles, tmp_path, workers=workers, chunk_size=4, article_timeout=1.0)
    assert time.monotonic() - started < 20
    assert done == 8
    items = list(read_parts(tmp_path))
    failures = [i for i in items if not hasattr(i, "events")]
    assert [(f.input, f.reason) for f in failures] == [("a5", "timed out after 1 s")]
    assert sorted(i.id for i in items if hasattr(i, "events")) == \
        [f"a{n}" for n in range(8) if n != 5]


def test_ingest_and_extract_share_the_time_limit() -> None:
    from communique.pipeline import extract_each

    articles = [article(n) for n in range(6)]
    articles[2] = article(2, f"{STALL} the parser.")
    started = time.monotonic()
    items = list(extract_each(articles, nlp=small_nlp(), batch_size=4, timeout=0.5))
    assert time.monotonic() - started < 10
    assert [i.reason if isinstance(i, InputFailure) else i.id for i in items] == \
        ["a0", "a1", "timed out after 0.5 s", "a3", "a4", "a5"]
    assert items[2].input == "a2.txt" and items[2].code == "E111"
