"""Quote figures on the shared gold (seeds, MEANTIME) stay above the issue's floors.

Runs the whole pipeline through `communique.pipeline.extract` and the shared
stdlib scorer. Gold counts direct and partial quotes only, so indirect speech
is left out of the scored file. Skips when ../shared is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from communique.records import Article

SEEDS_FLOORS = {"quote_span_f1": 0.95, "quote_speaker_f1": 0.90}
MEANTIME_RECALL_FLOOR = 0.90


def score(shared: Path, gold: Path, records: list[dict], tmp_path: Path) -> dict:
    """Write system records (direct and partial quotes) and return the scorer's figures."""
    system = tmp_path / f"{gold.parent.name}.jsonl"
    with system.open("w", encoding="utf-8") as fh:
        for record in records:
            record = dict(record, quotes=[q for q in record["quotes"] if q["kind"] != "indirect"])
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    done = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(gold),
                           str(system), "--json"], capture_output=True, text=True, check=True)
    # the scorer ends with its headline line after the JSON
    return json.loads(done.stdout[: done.stdout.rindex("}") + 1])


def run(articles: list[Article]) -> list[dict]:
    """Extract the articles with the full pipeline."""
    from communique.pipeline import extract

    return [record.to_dict() for record in extract(articles)]


@pytest.mark.slow
def test_seed_quote_figures(shared_dir, tmp_path):
    rows = [json.loads(line) for line in
            (shared_dir / "seeds" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    articles = [Article(id=r["id"], text=r["text"], pub_date=r.get("date")) for r in rows]
    result = score(shared_dir, shared_dir / "eval" / "seeds" / "gold.jsonl", run(articles),
                   tmp_path)
    assert result["quote_span"]["f"] >= SEEDS_FLOORS["quote_span_f1"], result["quote_span"]
    assert result["quote_attributed"]["f"] >= SEEDS_FLOORS["quote_speaker_f1"], \
        result["quote_attributed"]


@pytest.mark.slow
def test_meantime_quote_recall(shared_dir, tmp_path):
    gold = shared_dir / "eval" / "quotes" / "gold.jsonl"
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    articles = [Article(id=r["id"], text=r["text"]) for r in rows]
    result = score(shared_dir, gold, run(articles), tmp_path)
    assert result["quote_span"]["r"] >= MEANTIME_RECALL_FLOOR, result["quote_span"]
