"""Score floors on the shared gold (skipped without ../shared): a regression below them fails.

The floors sit under the figures measured when they were set (see /tmp/notes/events.md
at the time, and the README of ../shared/eval): they catch a rule that breaks coding, not
the day-to-day drift of the other stages.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from communique.events.coding import code_records
from communique.pipeline import extract
from communique.records import Article

FLOORS = {
    "seeds_event_f1": 0.68,
    "seeds_event_p": 0.85,
    "seeds_loose_f1": 0.74,
    "gsr_loose_f1": 0.45,
    "plover_loose_f1": 0.48,
}


def _scorer(shared_dir, name):
    spec = importlib.util.spec_from_file_location(name, shared_dir / "eval" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(path, rows):
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )


@pytest.mark.slow
def test_seed_events_floor(shared_dir, nlp, tmp_path, capsys):
    score = _scorer(shared_dir, "score")
    rows = [
        json.loads(line)
        for line in (shared_dir / "seeds" / "seeds.jsonl").read_text().splitlines()
        if line.strip()
    ]
    articles = [Article(id=r["id"], text=r["text"], pub_date=r.get("date")) for r in rows]
    _write(tmp_path / "sys.jsonl", [rec.to_dict() for rec in extract(articles, nlp=nlp)])
    score.main(
        [
            "score",
            str(shared_dir / "eval" / "seeds" / "gold.jsonl"),
            str(tmp_path / "sys.jsonl"),
            "--json",
        ]
    )
    result = json.loads(capsys.readouterr().out.split("\nquoteF1")[0])
    assert result["event"]["f"] >= FLOORS["seeds_event_f1"], result["event"]
    assert result["event"]["p"] >= FLOORS["seeds_event_p"], result["event"]
    assert result["event_loose"]["f"] >= FLOORS["seeds_loose_f1"], result["event_loose"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("suite", "plover", "floor"),
    [("gsr_validation", False, "gsr_loose_f1"), ("plover_gsr_cameo", True, "plover_loose_f1")],
)
def test_peer_suite_floor(shared_dir, nlp, tmp_path, capsys, suite, plover, floor):
    score_codes = _scorer(shared_dir, "score_codes")
    gold = shared_dir / "eval" / "petrarch2" / f"{suite}.jsonl"
    records = [
        json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    _write(tmp_path / "sys.jsonl", code_records(records, nlp=nlp))
    argv = ["score_codes", str(gold), str(tmp_path / "sys.jsonl"), "--json"] + (
        ["--plover"] if plover else []
    )
    score_codes.main(argv)
    result = json.loads(capsys.readouterr().out.split("\nlooseF1")[0])
    assert result["loose"]["f"] >= FLOORS[floor], result["loose"]
