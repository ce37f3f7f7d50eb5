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
    "event_p": 0.81,
    "event_r": 0.75,
    "event_f1": 0.78,
    "event_code_f1": 0.79,
    "speaker_accuracy": 0.97,
    "actor_recall": 0.97,
    "actor_precision": 0.92,
}
# Written after the rules of the first eleven were tuned and scored untouched first (the fairest
# estimate of unseen text, see the README of tests/data/general); each audit's articles are held
# to floors of their own, so adding harder text leaves the floors of the earlier sets as they were.
# Second audit (Syria-SDF, Israel-Lebanon, Venezuela-US, Colombia-ELN): untouched events F1 0.55.
FRESH = ("syria_sdf_integration", "israel_lebanon_beirut_strike", "venezuela_us_grenell",
         "colombia_eln_analysis")
FRESH_FLOORS = {
    "event_p": 0.84,
    "event_r": 0.70,
    "event_f1": 0.76,
    "event_code_f1": 0.71,
    "speaker_accuracy": 0.97,
    "actor_recall": 0.97,
    "actor_precision": 0.86,
}
# Third audit (Afghanistan-Pakistan live blog, Israel-Syria Gulf report, China-Philippines wire,
# Cyprus explainer): untouched events P 0.40 R 0.36.
THIRD = ("afpak_istanbul_live", "israel_syria_paris_talks", "china_philippines_scarborough",
         "cyprus_talks_explainer")
THIRD_FLOORS = {
    "event_p": 0.52,
    "event_r": 0.45,
    "event_f1": 0.48,
    "event_code_f1": 0.44,
    "speaker_accuracy": 0.78,
    "actor_recall": 0.97,
    "actor_precision": 0.88,
}
SUBSETS = {"tuned": FLOORS, "fresh": FRESH_FLOORS, "third": THIRD_FLOORS}


def _subset(doc_id: str) -> str:
    return "fresh" if doc_id in FRESH else "third" if doc_id in THIRD else "tuned"


@pytest.fixture(scope="module")
def general_records(nlp) -> dict[str, dict]:
    """Return the extraction records of the audit articles, by id."""
    paths = sorted(str(p) for p in general_kit.DATA.iterdir() if p.suffix in (".txt", ".md")
                   and p.name != "README.md")
    articles = [item for item in read_inputs(paths, dedup=False) if isinstance(item, Article)]
    assert len(articles) == len(general_kit.load_truth())
    return {rec.id: rec.to_dict() for rec in extract(articles, nlp=nlp)}


def _figures(records: dict[str, dict], ids: list[str]) -> tuple[dict[str, float], list[str]]:
    """Return the floor figures and misses of a subset of the audit articles."""
    truth = general_kit.load_truth()
    result = general_kit.score({i: records[i] for i in ids}, {i: truth[i] for i in ids})
    figures = {
        "event_p": result["event"]["p"],
        "event_r": result["event"]["r"],
        "event_f1": result["event"]["f"],
        "event_code_f1": result["event_code"]["f"],
        "speaker_accuracy": result["speaker_accuracy"],
        "actor_recall": result["actor_recall"],
        "actor_precision": result["actor_precision"],
    }
    return figures, result["misses"]


@pytest.mark.slow
@pytest.mark.parametrize("subset", list(SUBSETS))
def test_general_floors(general_records, subset):
    ids = [i for i in general_kit.load_truth() if _subset(i) == subset]
    figures, misses = _figures(general_records, ids)
    floors = SUBSETS[subset]
    low = {name: round(value, 3) for name, value in figures.items() if value < floors[name]}
    assert not low, f"below floor: {low}; misses: {misses[:20]}"


@pytest.mark.slow
def test_general_boilerplate_and_agencies(general_records):
    truth = general_kit.load_truth()
    for doc_id, rec in general_records.items():
        assert rec["text"].rstrip().endswith(truth[doc_id]["main_text_ends_with"]), doc_id
        parties = {general_kit.name_of(a) for a in rec["actors"]}
        # wire agencies of datelines are outlets, never parties or event actors
        assert not parties & {"meridian wire", "harbour newswire", "northgate economic service",
                              "levant wire service", "northstar press"}, doc_id
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
