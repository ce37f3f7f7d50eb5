"""The benchmark's building blocks: per-component timing and the store at scale."""

from communique.evaluate.bench import generate_articles, stage_seconds
from communique.evaluate.store_bench import build_store, time_store
from communique.pipeline import extract
from communique.store import Store


def test_stage_seconds_times_every_component_in_pipe_order(nlp):
    seconds = stage_seconds(nlp, generate_articles(2, words=60))
    assert list(seconds) == ["tokenizer", *nlp.pipe_names]
    assert all(value >= 0 for value in seconds.values())
    assert sum(seconds.values()) > 0


def test_generated_store_has_the_asked_rows_and_answers_the_timed_queries(tmp_path):
    path = str(tmp_path / "scale.duckdb")
    counts = build_store(path, articles=300, events_per_article=4, actors=20, issues=5)
    assert counts["articles"] == 300
    assert counts["events"] == 1200
    assert counts["event_participants"] == 2400
    assert counts["stances"] == 240
    with Store.open(path) as store:
        assert store.events(actor="actor-7", limit=1000)
        assert len(store.events(since="2024-01-01", until="2024-01-01", limit=1000)) < 1200
    record = next(extract(generate_articles(1, words=60, seed=3)))
    figures = time_store(path, [record], runs=1)
    assert figures["add_one_article_ms"] > 0
    assert set(figures) >= {"timeline_actor_range_ms", "timeline_type_range_ms",
                            "stance_issue_ms"}
    with Store.open(path) as store:
        assert store.article(record.id) is not None


def test_run_bench_times_every_stage_and_the_end_to_end_batch(nlp):
    from communique.evaluate.bench import run_bench

    result = run_bench(generate_articles(4, words=80), workers=(1, 2), stages=False, repeats=2)
    for stage in ("bare_parse", "extraction", "store_load", "linking", "workers_1", "workers_2",
                  "end_to_end_2"):
        assert result[stage]["articles_per_s"] > 0, stage
    assert result["extraction_vs_parse"] > 0
    assert len(result["extraction_vs_parse_each_run"]) == result["repeats"] == 2
    assert result["extraction_vs_parse"] >= min(result["extraction_vs_parse_each_run"])
    assert result["speedup"] > 0
