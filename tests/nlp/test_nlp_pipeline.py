"""The assembled pipeline: order, and no component reading what nobody writes."""

import gc

from communique.nlp import load_nlp

STAGES = ["communique_actors", "communique_temporal", "communique_quotes", "communique_events"]


def test_our_stages_run_after_the_parse_in_dependency_order(nlp):
    names = nlp.pipe_names
    assert names.index("communique_paragraphs") < names.index("parser")
    positions = [names.index(stage) for stage in STAGES]
    assert positions == sorted(positions)
    assert names.index("ner") < positions[0]


def test_analyze_pipes_finds_no_unmet_requirement(nlp):
    problems = nlp.analyze_pipes()["problems"]
    assert {name: missing for name, missing in problems.items() if missing} == {}


def test_the_pipeline_is_built_once(nlp):
    assert load_nlp() is load_nlp()


def test_the_loaded_pipeline_is_out_of_the_garbage_collectors_reach(nlp):
    assert gc.get_freeze_count() > 100_000
