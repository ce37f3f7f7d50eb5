"""The pattern dictionary and modality cues load, index and stay consistent."""

from __future__ import annotations

from communique.events import codes, patterns


def test_dictionary_indexes_verbs_nouns_and_adjectives():
    d = patterns.dictionary()
    assert d.candidates("VERB", "agree")
    assert d.candidates("NOUN", "talk")
    assert d.candidates("ADJ", "skeptical")
    assert not d.candidates("VERB", "eat")


def test_every_trigger_codes_a_known_cameo_code_with_a_type():
    d = patterns.dictionary()
    for triggers in d.by_key.values():
        for trig in triggers:
            assert codes.is_code(trig.cameo), trig.id
            for lemma in trig.lemmas:
                assert trig.type_for(trig.code_for(lemma), lemma), (trig.id, lemma)


def test_most_specific_trigger_first():
    # "struck a deal" must reach the agreement entry before the attack entry
    ids = [t.id for t in patterns.dictionary().candidates("VERB", "strike")]
    assert ids.index("reach_deal") < ids.index("attack")


def test_class_references_expand():
    d = patterns.dictionary()
    sign = next(t for t in d.candidates("VERB", "sign") if t.id == "sign")
    assert {"deal", "treaty", "ceasefire"} <= sign.obj


def test_modality_cues():
    cues = patterns.modality_cues()
    assert cues.aux["will"] == "planned"
    assert cues.aux["would"] == "hypothetical"
    assert cues.wrappers["fail"] == "negated"
    assert cues.wrappers["continue"] == "asserted"
    assert cues.marks["if"] == "hypothetical"  # the condition; its main clause is conditional
    assert "say" in cues.speech
    assert "urge" in cues.object_control


def test_offdomain_words():
    words = patterns.offdomain_words()
    assert "tournament" in words
    assert "talks" not in words


def test_ratifying_is_one_sided_and_signing_is_not():
    d = patterns.dictionary()
    ratify = next(t for t in d.candidates("VERB", "ratify") if t.obj)
    sign = next(t for t in d.candidates("VERB", "sign") if t.id == "sign")
    assert ratify.code_for("ratify") == "057" and not ratify.is_symmetric
    assert sign.is_symmetric
