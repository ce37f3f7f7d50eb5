"""The batch engines: same records from 1 or 2 workers and from Ray; parts resume."""

from __future__ import annotations

import json

import pytest

from communique.evaluate.bench import generate_articles
from communique.records import ExtractionRecord, content_hash
from communique.scale.local import Extractor, articles_to_batch, done_hashes, read_parts, run_local


@pytest.fixture(scope="module")
def articles():
    return generate_articles(6, words=120)


def _ids(out_dir):
    return sorted(r.id for r in read_parts(out_dir))


def test_extractor_maps_a_batch_to_record_columns(articles):
    columns = Extractor()(articles_to_batch(articles[:2]))
    assert columns["id"] == [a.id for a in articles[:2]]
    assert all(error is None for error in columns["error"])
    assert json.loads(columns["record"][0])["text"] == articles[0].text


def test_one_and_two_workers_give_the_same_records(articles, tmp_path):
    run_local(articles, tmp_path / "one", workers=1, chunk_size=2)
    run_local(articles, tmp_path / "two", workers=2, chunk_size=2)
    one = {r.id: r.to_dict() for r in read_parts(tmp_path / "one")}
    two = {r.id: r.to_dict() for r in read_parts(tmp_path / "two")}
    assert one == two
    assert sorted(one) == sorted(a.id for a in articles)


def test_parts_record_hashes_for_resuming(articles, tmp_path):
    run_local(articles[:3], tmp_path, workers=1, chunk_size=2)
    assert done_hashes(tmp_path) == {a.hash for a in articles[:3]}
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.slow
def test_ray_engine_in_local_mode(articles, tmp_path):
    ray = pytest.importorskip("ray")
    from communique.scale.ray import run_ray

    try:
        done = run_ray(articles[:4], tmp_path, workers=1, chunk_size=2)
    finally:
        ray.shutdown()
    assert done == 4
    assert _ids(tmp_path) == sorted(a.id for a in articles[:4])


def test_batch_loads_the_store_and_a_rerun_skips_what_is_done(tmp_path):
    from communique.scale import run_batch
    from communique.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    for article in generate_articles(3, words=80):
        (folder / f"{article.id}.txt").write_text(article.text, encoding="utf-8")
    db = str(tmp_path / "batch.duckdb")
    first = run_batch([str(folder)], tmp_path / "parts", workers=1, db=db)
    assert (first.read, first.extracted, first.stored, first.exit_code) == (3, 3, 3, 0)
    again = run_batch([str(folder)], tmp_path / "parts", workers=1, db=db)
    assert (again.skipped, again.extracted, again.stored) == (3, 0, 0)
    with Store.open(db, read_only=True) as store:
        assert store.counts()["articles"] == 3


def test_batch_store_load_keeps_the_good_records_when_one_cannot_be_stored(tmp_path, monkeypatch):
    from communique.scale import BatchSummary, _store_chunk
    from communique.store import Store

    records = [_record(n) for n in range(3)]
    records[1].events = [dict(records[1].events[0], goldstein="rather high")]
    summary = BatchSummary()
    with Store.open(str(tmp_path / "s.duckdb")) as store:
        _store_chunk(store, records, summary)
        assert store.counts()["articles"] == 2
    assert summary.stored == 2
    assert [(f.input, f.code) for f in summary.failures] == [(records[1].id, "E300")]
    assert "goldstein" in summary.failures[0].reason


def _record(n: int) -> ExtractionRecord:
    """Return a small record with one event (an invented conflict)."""
    text = f"Envoys of Marra and Orsk met in the port city for round {n} of talks."
    state = {"name": "Marra", "kind": "state", "country": "Marra", "sector": None,
             "code": "MRR", "kb_id": None}
    event = {"type": "consult", "cameo": "040", "plover": "CONSULT", "goldstein": 1.0,
             "quad_class": 1, "source": state, "target": None, "issue": None,
             "modality": "asserted", "date": "2025-04-01", "date_precision": "day",
             "evidence": {"text": text, "start": 0, "end": len(text), "sentence": 0},
             "in_quote": False, "reporter": None, "trigger": "met", "confidence": 0.9}
    return ExtractionRecord(id=f"r{n}", pub_date="2025-04-02", pub_date_source="given",
                            title=None, url=None, outlet=None, text=text,
                            hash=content_hash(text), actors=[state], events=[event])
