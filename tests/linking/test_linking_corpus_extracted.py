"""The fixture negotiation through the real extraction: how much of truth.json comes back.

test_linking_corpus.py checks the state rules on a perfect, hand-made extraction;
here the articles go through the pipeline itself, which knows nothing of the
invented countries and people, and the recovered share of the truth is held
at floors measured on this code (see `corpus_kit.recovery` for what counts).
"""

from __future__ import annotations

import pytest
from corpus_kit import CORPUS, load_truth, recovery

from communique.jobs import records_from
from communique.linking import build_state
from communique.records import InputFailure

# found >= floor for each part; false_links: wrong joins <= ceiling
FLOORS = {"linked_events": 7, "initiative_steps": 16, "stances": 15, "contradictions": 3}
MAX_FALSE_LINKS = 0


@pytest.fixture(scope="module")
def recovered():
    items = list(records_from([str(CORPUS / "articles.jsonl")]))
    assert not [i for i in items if isinstance(i, InputFailure)]
    state = build_state([item.to_dict() for item in items]).to_dict()
    return recovery(state, load_truth())


@pytest.mark.parametrize("part", sorted(FLOORS))
def test_recovery_stays_above_its_floor(recovered, part):
    found, expected = recovered[part]
    assert found >= FLOORS[part], (part, found, expected)


def test_no_articles_are_wrongly_joined(recovered):
    wrong, _ = recovered["false_links"]
    assert wrong <= MAX_FALSE_LINKS
