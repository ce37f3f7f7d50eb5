"""Linking event mentions across articles: blocking, scoring, incremental updates."""

from __future__ import annotations

from linking_kit import (
    HASKAN,
    KESSEL,
    KETHRAN,
    LEAGUE,
    OTRANA,
    SOLENNE,
    VARESH,
    article,
    ev,
)

from communique.linking import link, link_records


def _call_articles():
    a = article("a1", "2025-05-14", "Harbour Press", [
        "Varesh president Solenne spoke by phone with Otrana on Tuesday about the truce.",
        "Kethrani drones struck a depot near Myrr on Tuesday.",
    ], [ev("consult", SOLENNE, OTRANA, 0, date="2025-05-13"),
        ev("attack", KETHRAN, VARESH, 1, date="2025-05-13")])
    b = article("b1", "2025-05-14", "Dunmere Times", [
        "Otrana and Solenne held a long call on Tuesday, their first in a year.",
        "Foreign minister Haskan called the League envoy Kessel the same day.",
    ], [ev("consult", OTRANA, SOLENNE, 0, date="2025-05-13"),
        ev("consult", HASKAN, KESSEL, 1, date="2025-05-13")])
    c = article("c1", "2025-05-15", "Tarsk Courier", [
        "A day after their phone call, Solenne said his talk with Otrana was useful.",
    ], [ev("consult", SOLENNE, OTRANA, 0)])
    return a, b, c


def test_one_call_reported_by_three_outlets_is_one_linked_event():
    events = link_records(_call_articles())
    calls = [e for e in events if e.type == "consult"
             and {p["name"] for p in e.participants} == {"Arvid Solenne", "Casimir Otrana"}]
    assert len(calls) == 1
    call = calls[0].to_dict()
    assert call["n_mentions"] == 3 and call["n_articles"] == 3 and call["n_sources"] == 3
    assert call["date"] == "2025-05-13"
    assert call["first_report"] == "2025-05-14" and call["last_report"] == "2025-05-15"


def test_other_people_of_the_same_parties_are_another_event():
    events = link_records(_call_articles())
    consults = [e for e in events if e.type == "consult"]
    assert len(consults) == 2  # Haskan-Kessel stays apart from Solenne-Otrana


def test_direction_matters_for_attacks_not_for_consults():
    a = article("x1", "2025-05-14", "A", ["Kethran shelled Varesh on Tuesday."],
                [ev("attack", KETHRAN, VARESH, 0, date="2025-05-13")])
    b = article("x2", "2025-05-14", "B", ["Varesh shelled Kethran on Tuesday."],
                [ev("attack", VARESH, KETHRAN, 0, date="2025-05-13")])
    assert len(link_records([a, b])) == 2


def test_dates_too_far_apart_are_not_linked():
    a = article("d1", "2025-05-01", "A", ["Solenne called Otrana on Monday."],
                [ev("consult", SOLENNE, OTRANA, 0, date="2025-04-28")])
    b = article("d2", "2025-05-09", "B", ["Solenne called Otrana on Thursday."],
                [ev("consult", SOLENNE, OTRANA, 0, date="2025-05-08")])
    assert len(link_records([a, b])) == 2


def test_plans_are_kept_apart_and_denials_join_what_they_deny():
    a = article("m1", "2025-05-01", "A", ["Solenne and Otrana agreed a truce on Monday."],
                [ev("agree", SOLENNE, OTRANA, 0, date="2025-04-28")])
    b = article("m2", "2025-05-01", "B", ["Solenne and Otrana will agree a truce."],
                [ev("agree", SOLENNE, OTRANA, 0, modality="planned")])
    c = article("m3", "2025-05-01", "C", ["Otrana denied he had agreed a truce with Solenne."],
                [ev("agree", OTRANA, SOLENNE, 0, modality="negated")])
    events = link_records([a, b, c])
    assert len(events) == 2
    denied = next(e for e in events if len(e.mentions) == 2)
    assert denied.denied and denied.modality == "asserted"


def test_wire_copies_count_once():
    text = ["Solenne spoke by phone with Otrana on Tuesday."]
    a = article("w1", "2025-05-14", "Meridian Wire", text,
                [ev("consult", SOLENNE, OTRANA, 0, date="2025-05-13")])
    copy = article("w2", "2025-05-14", "Some Paper", text,
                   [ev("consult", SOLENNE, OTRANA, 0, date="2025-05-13")], duplicate_of="w1")
    other = article("w3", "2025-05-14", "Other Paper", ["Otrana and Solenne talked Tuesday."],
                    [ev("consult", OTRANA, SOLENNE, 0, date="2025-05-13")])
    (event,) = link_records([a, copy, other])
    data = event.to_dict()
    assert data["n_mentions"] == 3 and data["n_articles"] == 2 and data["n_sources"] == 3
    assert [m["is_copy"] for m in data["mentions"]] == [False, True, False]


def test_incremental_link_touches_only_the_events_of_the_new_article():
    a, b, c = _call_articles()
    built = link_records([a, b])
    ids = {e.id for e in built}
    changes = link([c], built)
    assert [e.id for e in changes.updated] and not changes.created and not changes.removed
    assert len(changes.updated) == 1 and changes.updated[0].id in ids
    assert len(changes.updated[0].mentions) == 3
    # the input was not changed
    assert max(len(e.mentions) for e in built) == 2


def test_ids_are_stable_and_order_independent():
    a, b, c = _call_articles()
    first = {e.id: len(e.mentions) for e in link_records([a, b, c])}
    second = {e.id: len(e.mentions) for e in link_records([c, b, a])}
    assert first == second


def test_replacing_an_article_relinks_it():
    a, b, c = _call_articles()
    built = link_records([a, b, c])
    c2 = article("c1", "2025-05-15", "Tarsk Courier", ["Nothing new happened."])
    changes = link([c2], built)
    assert len(changes.updated) == 1 and len(changes.updated[0].mentions) == 2


def test_a_state_and_its_leader_can_be_the_same_event():
    a = article("s1", "2025-05-14", "A", ["The League called Otrana on Tuesday."],
                [ev("consult", LEAGUE, OTRANA, 0, date="2025-05-13")])
    b = article("s2", "2025-05-14", "B", ["The League envoy called Kethran on Tuesday."],
                [ev("consult", LEAGUE, KETHRAN, 0, date="2025-05-13")])
    assert len(link_records([a, b])) == 1
