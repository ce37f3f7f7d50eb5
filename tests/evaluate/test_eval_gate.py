"""The evaluation gate: every headline figure stays at or above its pinned floor."""

from __future__ import annotations

import pytest

from communique.evaluate.run import SUITES, below_floor, load_floors, run_eval


def test_every_suite_has_its_gold(shared_dir):
    for suite in SUITES:
        assert (shared_dir / suite.gold).exists(), suite.gold
        assert (shared_dir / suite.scorer).exists(), suite.scorer


@pytest.mark.slow
def test_figures_stay_above_floors(shared_dir):
    floors = load_floors()
    results = run_eval(shared_dir, only=sorted(floors) or None)
    errors = {name: r["error"] for name, r in results.items() if r.get("error")}
    assert not errors, errors
    assert below_floor(results, floors) == []
