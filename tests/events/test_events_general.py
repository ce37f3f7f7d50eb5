"""Floors on articles about diplomacy outside Ukraine (tests/data/general): rules fitted to
the seeds' wording fail here first.

The floors sit just under the figures measured when they were set (see the git log of this
file); `python tests/events/general_kit.py OUT.jsonl` prints the figures and every miss.
"""

from __future__ import annotations

import general_kit
import pytest

from communique.ingest import read_inputs
from communique.pipeline import extract
from communique.records import Article

FLOORS = {
    "event_p": 0.77,
    "event_r": 0.75,
    "event_f1": 0.76,
    "event_code_f1": 0.77,
    "speaker_accuracy": 0.97,
    "actor_recall": 0.97,
    "actor_precision": 0.91,
}
# Articles a later audit added (Afghanistan-Pakistan live blog, Israel-Syria Gulf report,
# China-Philippines wire, Cyprus explainer): scored on their own, so adding harder text leaves
# the floors of the first set as they were. Untouched figures when added: events P 0.40 R 0.36.
FRESH = frozenset({"afpak_istanbul_live", "israel_syria_paris_talks",
                   "china_philippines_scarborough", "cyprus_talks_explainer"})
FRESH_FLOORS = {
    "event_p": 0.52,
    "event_r": 0.45,
    "event_f1": 0.48,
    "event_code_f1": 0.44,
    "speaker_accuracy": 0.78,
    "actor_recall": 0.97,
    "actor_precision": 0.88,
}


@pytest.fixture(scope="module")
def general_records(nlp) -> dict[str, dict]:
    """Return the extraction records of the audit articles, by id."""
    paths = sorted(str(p) for p in general_kit.DATA.iterdir() if p.suffix in (".txt", ".md")
                   and p.name != "README.md")
    articles = [item for item in read_inputs(paths, dedup=False) if isinstance(item, Article)]
    assert len(articles) == len(general_kit.load_truth())
    return {rec.id: rec.to_dict() for rec in extract(articles, nlp=nlp)}


def below_floors(records: dict[str, dict], ids: set[str], floors: dict[str, float]) -> dict:
    """Score the records of some articles and return the figures under their floors."""
    truth = {k: v for k, v in general_kit.load_truth().items() if k in ids}
    result = general_kit.score({k: v for k, v in records.items() if k in ids}, truth)
    figures = {
        "event_p": result["event"]["p"],
        "event_r": result["event"]["r"],
        "event_f1": result["event"]["f"],
        "event_code_f1": result["event_code"]["f"],
        "speaker_accuracy": result["speaker_accuracy"],
        "actor_recall": result["actor_recall"],
        "actor_precision": result["actor_precision"],
    }
    low = {name: round(value, 3) for name, value in figures.items() if value < floors[name]}
    return {"low": low, "misses": result["misses"][:20]} if low else {}


@pytest.mark.slow
def test_general_floors(general_records):
    low = below_floors(general_records, set(general_records) - FRESH, FLOORS)
    assert not low, f"below floor: {low}"


@pytest.mark.slow
def test_fresh_floors(general_records):
    low = below_floors(general_records, set(FRESH), FRESH_FLOORS)
    assert not low, f"below floor: {low}"


@pytest.mark.slow
def test_general_boilerplate_and_agencies(general_records):
    truth = general_kit.load_truth()
    for doc_id, rec in general_records.items():
        assert rec["text"].rstrip().endswith(truth[doc_id]["main_text_ends_with"]), doc_id
        parties = {general_kit.name_of(a) for a in rec["actors"]}
        # wire agencies of datelines are outlets, never parties or event actors
        assert not parties & {"meridian wire", "harbour newswire", "northgate economic service",
                              "levant wire service"}, doc_id
        for event in general_kit.expand(rec["events"]):
            assert (event["source"] or {}).get("sector") != "MED", (doc_id, event["evidence"])


@pytest.mark.slow
def test_a_venue_is_no_party(nlp):
    text = ("Trump wrote on Friday that China had violated the Geneva agreement. "
            "Armenia and Azerbaijan asked the OSCE to dissolve the Minsk Group.")
    (rec,) = extract([Article(id="venue", text=text, pub_date="2025-06-11")], nlp=nlp)
    named = {general_kit.name_of(side) for e in general_kit.expand(rec.events)
             for side in (e["source"], e["target"])}
    assert "china" in named
    assert not named & {"switzerland", "belarus"}


@pytest.mark.slow
def test_private_people_make_no_event(nlp):
    text = ("The three women, Romi Gonen, Emily Damari and Doron Steinbrecher, were taken to a "
            "hospital near Tel Aviv, where they met their mothers.")
    (rec,) = extract([Article(id="women", text=text, pub_date="2025-01-19")], nlp=nlp)
    assert not [e for e in rec.events if e["type"] == "consult"]


def test_scorer_matches_like_the_seeds_scorer():
    gold = {"x": {"pub_date": "2025-05-10", "quotes": [], "actors": [], "events": [
        {"type": "agree", "source": "India", "target": "Pakistan", "date": "2025-05-10",
         "source_code": "IND", "target_code": "PAK"},
        {"type": "demand", "source": "China", "target": None, "date": None,
         "source_code": "CHN", "target_code": None}]}}
    system = {"x": {"pub_date": "2025-05-10", "events": [
        {"type": "agree", "source": {"name": "Pakistan", "code": "PAK"},
         "target": {"name": "India", "code": "IND"}, "date": "2025-05-10"},
        {"type": "demand", "source": {"name": "China", "code": "CHN"},
         "target": {"name": "India", "code": "IND"}, "modality": "planned"},
        {"type": "attack", "source": {"name": "India", "code": "IND"}, "target": None}]}}
    result = general_kit.score(system, gold)
    # agree is symmetric; the planned demand does not count; the attack is a false positive
    assert result["counts"]["tp"] == 1
    assert result["counts"]["sys"] == 2
    assert result["event"]["r"] == 0.5
    assert result["event_date_accuracy"] == 1.0
