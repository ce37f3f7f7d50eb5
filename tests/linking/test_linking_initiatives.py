"""Initiatives: phrases, steps from events, merging across articles, alleged violations."""

from __future__ import annotations

from linking_kit import (
    HASKAN,
    KETHRAN,
    LEAGUE,
    OSTRAVIA,
    OTRANA,
    PELLANE,
    SOLENNE,
    VARESH,
    article,
    ev,
    qt,
)

from communique.linking import link_records
from communique.linking.initiatives import build_initiatives
from communique.linking.phrases import find_phrases


def _phrases(*sentences, quotes=()):
    return find_phrases(article("p", "2025-05-14", "X", list(sentences), quotes=list(quotes)))


def test_ceasefire_scope_length_and_readout_words():
    found = _phrases(
        "Kethran agreed on Tuesday to halt attacks on Varesh's energy infrastructure for 30 days.",
        "A statement spoke of an \"energy and infrastructure\" ceasefire.")
    assert [(p.type, p.scope, p.duration) for p in found] == [
        ("ceasefire", "energy", "30-day"), ("ceasefire", "energy", None)]
    assert found[0].scope_items == ("energy infrastructure",)
    assert found[1].scope_items == ("energy", "infrastructure")


def test_broader_truce_and_limited_ceasefire_are_told_apart():
    (a, b) = _phrases("Solenne declined to endorse the broader truce, instead agreeing only to "
                      "the limited energy-focused ceasefire.")
    assert (a.scope, b.scope) == ("full", "energy")


def test_amounts_counts_and_places():
    aid, = _phrases("Ostravia urged the League to mount another five billion euros in aid "
                    "to Varesh.")
    assert (aid.type, aid.amount, aid.currency, aid.places) == ("aid", 5e9, "EUR", ["Varesh"])
    swap, = _phrases("The two sides agreed an exchange of 120 prisoners each.")
    assert (swap.type, swap.count) == ("prisoner_exchange", 240)  # 120 each
    sanctions, = _phrases("Pellane called for new sanctions on Kethran.")
    assert (sanctions.type, sanctions.places) == ("sanctions", ["Kethran"])
    relief, = _phrases("Haskan warned against lifting sanctions on Kethran.")
    assert (relief.type, relief.scope) == ("sanctions", "relief")


def test_generic_heads_refer_back():
    a, b = _phrases("The League tabled a 21-day ceasefire on Monday.",
                    "Varesh accepted the plan within hours.")
    assert b.type == "ceasefire" and b.duration == "21-day"


def test_quoted_scope_has_its_speaker():
    found = _phrases("The readout spoke of a halt to strikes on \"energy infrastructure\".",
                     quotes=[qt(KETHRAN, "energy infrastructure", 0, "partial")])
    assert found[0].owner["name"] == "Kethran"


def _negotiation():
    a1 = article("a1", "2025-05-12", "Harbour Press", [
        "The League proposed a 21-day ceasefire between Varesh and Kethran on Monday.",
    ], [ev("propose", LEAGUE, None, 0, date="2025-05-12", trigger="proposed")])
    a2 = article("a2", "2025-05-14", "Dunmere Times", [
        "Varesh accepted the League's 21-day ceasefire on Wednesday.",
    ], [ev("agree", SOLENNE, None, 0, date="2025-05-14", trigger="accepted")])
    a3 = article("a3", "2025-05-15", "Tarsk Courier", [
        "Otrana said on Thursday that Kethran would accept the 21-day truce only if Varesh "
        "lifted its blockade of Myrr.",
    ], [ev("agree", OTRANA, None, 0, date="2025-05-15", modality="conditional",
           trigger="accept")])
    a4 = article("a4", "2025-05-16", "Harbour Press", [
        "Otrana agreed to the truce on Friday after a call with the League envoy.",
        "The ceasefire took effect on Saturday.",
    ], [ev("agree", OTRANA, None, 0, date="2025-05-16", trigger="agreed")],
        timexes=[(1, "on Saturday", "2025-05-17")])
    a5 = article("a5", "2025-05-19", "Capital Ledger", [
        "Vareshi guns shelled Kethrani positions on Sunday in violation of the truce, Kethran "
        "said.",
        "Kethrani drones struck a depot near Myrr on Sunday.",
    ], [ev("attack", VARESH, KETHRAN, 0, date="2025-05-18", reporter=KETHRAN,
           trigger="shelled"),
        ev("attack", KETHRAN, VARESH, 1, date="2025-05-18", trigger="struck")])
    return [a1, a2, a3, a4, a5]


def _history(init):
    return [(h["status"], h["party"], h["counterpart_party"], h["date"])
            for h in init.to_dict()["history"]]


def test_a_truce_followed_from_proposal_to_alleged_violation():
    records = _negotiation()
    inits = build_initiatives(records, link_records(records))
    truce = next(i for i in inits if i.duration == "21-day")
    assert _history(truce) == [
        ("proposed", "League of Aldmark States", None, "2025-05-12"),
        ("accepted", "Varesh", None, "2025-05-14"),
        ("conditions_set", "Kethran", None, "2025-05-15"),
        ("accepted", "Kethran", None, "2025-05-16"),
        ("in_force", None, None, "2025-05-17"),
        ("violation_alleged", "Kethran", "Varesh", "2025-05-18"),
        ("violation_alleged", "Varesh", "Kethran", "2025-05-18"),  # any attack once in force
    ]
    data = truce.to_dict()
    assert data["label"] == "21-day ceasefire"
    assert data["status"] == "violation_alleged"
    assert {"Varesh", "Kethran", "League of Aldmark States"} <= set(data["parties"])
    violation = [h for h in data["history"] if h["status"] == "violation_alleged"]
    assert [v["counterpart_party"] for v in violation] == ["Varesh", "Kethran"]
    assert violation[0]["sources"][0]["article_id"] == "a5"


def test_rejecting_one_truce_while_accepting_another():
    inits = build_initiatives([article("r1", "2025-05-14", "Dunmere Times", [
        "Solenne declined to endorse a broader truce, instead agreeing only to a limited "
        "energy ceasefire.",
    ], [ev("reject", SOLENNE, None, 0, trigger="declined"),
        ev("agree", SOLENNE, None, 0, trigger="agreeing")])])
    full = next(i for i in inits if i.scope == "full")
    energy = next(i for i in inits if i.scope == "energy")
    assert [h["status"] for h in full.history()] == ["rejected"]
    assert [h["status"] for h in energy.history()] == ["accepted"]


def test_no_violation_by_a_party_that_never_accepted():
    records = _negotiation()
    records[3] = article("a4", "2025-05-16", "Harbour Press", ["Nothing happened."])
    inits = build_initiatives(records)
    truce = next(i for i in inits if i.duration == "21-day")
    alleged = [h for h in truce.history() if h["status"] == "violation_alleged"]
    assert [h["counterpart_party"] for h in alleged] == ["Varesh"]


def test_same_step_from_two_outlets_is_one_step_with_two_sources():
    records = _negotiation()
    records.append(article("a6", "2025-05-14", "Myrr Herald", [
        "Solenne said on Wednesday his government accepts the League's 21-day ceasefire.",
    ], [ev("agree", SOLENNE, None, 0, date="2025-05-14", trigger="accepts")]))
    inits = build_initiatives(records, link_records(records))
    truce = next(i for i in inits if i.duration == "21-day")
    accepted = [h for h in truce.history() if h["status"] == "accepted" and h["party"] == "Varesh"]
    assert len(accepted) == 1 and accepted[0]["n_sources"] == 2


def test_separate_conflicts_are_not_merged():
    a = article("g1", "2025-05-12", "A", ["Pellane proposed a ceasefire between Varesh and "
                                          "Kethran."], [ev("propose", PELLANE, None, 0)])
    b = article("g2", "2025-05-13", "B", ["Ostravia proposed a ceasefire to Haskan's rivals "
                                          "in the south."],
                [ev("propose", OSTRAVIA, HASKAN, 0)])
    inits = build_initiatives([a, b])
    assert len(inits) == 2


def test_a_status_word_after_a_condition_word_is_no_status():
    inits = build_initiatives([article("c1", "2025-05-14", "Dunmere Times", [
        "Varesh agreed to respect the truce once in force.",
    ], [ev("agree", VARESH, None, 0, trigger="agreed")])])
    assert all("in_force" not in [h["status"] for h in i.history()] for i in inits)
    truce = next(i for i in inits if i.type == "ceasefire")
    assert [h["status"] for h in truce.history()] == ["accepted"]


def test_a_length_after_the_head_belongs_to_the_next_noun():
    measures, truce = _phrases("The League adopted sanctions.",
                               "Valt said the measures answered breaches of the 21-day truce.")[1:]
    assert (measures.type, measures.duration) == ("sanctions", None)
    assert (truce.type, truce.duration) == ("ceasefire", "21-day")


def test_foreign_troops_name_a_force_an_idea_can_refer_to():
    force, idea = _phrases("Kethran has not said whether it would accept foreign troops as part "
                           "of a settlement.", "Its officials have rejected the idea.")[-2:]
    assert force.type == "force" and idea.type == "force"


def test_a_bare_truce_months_later_is_not_the_narrow_one():
    spring = article("s1", "2025-03-18", "A", [
        "Kethran agreed to halt strikes on Varesh's energy infrastructure for 30 days.",
    ], [ev("agree", KETHRAN, VARESH, 0, date="2025-03-18", trigger="agreed")])
    summer = article("s2", "2025-08-18", "B", [
        "Varesh urged Kethran to agree to a ceasefire.",
    ], [ev("demand", VARESH, KETHRAN, 0, date="2025-08-18", trigger="urged")])
    inits = [i for i in build_initiatives([spring, summer]) if i.type == "ceasefire"]
    assert sorted(str(i.scope) for i in inits) == ["None", "energy"]


def test_a_time_clause_does_not_put_a_truce_in_force():
    inits = build_initiatives([article("c2", "2025-05-14", "Dunmere Times", [
        "Solenne said Varesh would observe the truce from the hour it took effect.",
    ], [ev("agree", VARESH, None, 0, trigger="observe")])])
    truce = next(i for i in inits if i.type == "ceasefire")
    assert [h["status"] for h in truce.history()] == ["accepted"]
