"""The array attribute ruler annotates exactly as spaCy's, and is swapped in only when it can."""

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from communique.nlp import load_nlp
from communique.nlp.attributes import ArrayAttributeRuler, UnsupportedRule, swap_attribute_ruler

TEXTS = [
    "Russia's foreign minister said on Tuesday that Moscow would not accept a ceasefire.",
    "I ain't gonna sign it, y'all.  Let's go\n\n  there's nothin' here, he said.",
    "They'd been told it was over; she'll call him, and we're done with 'em.",
    "Gotta  \n get 'em. C'mon! That is what those who did it had done. Nobody knows.",
    "",
]
COMPARED = [POS, MORPH, LEMMA, TAG, DEP]


def _parsed(texts):
    bare = load_nlp(components=False)
    with bare.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        return bare, list(bare.pipe(texts))


def test_array_ruler_annotates_like_spacys_ruler():
    bare, docs = _parsed(TEXTS)
    ruler = bare.get_pipe("attribute_ruler")
    array_ruler = ArrayAttributeRuler(bare.vocab, ruler.patterns)
    for doc in docs:
        expected = ruler(doc.copy())
        got = array_ruler(doc.copy())
        assert np.array_equal(got.to_array(COMPARED), expected.to_array(COMPARED)), doc.text
        assert [str(t.morph) for t in got] == [str(t.morph) for t in expected]


def test_the_full_pipeline_uses_the_array_ruler_and_the_bare_model_does_not(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), ArrayAttributeRuler)
    assert not isinstance(load_nlp(components=False).get_pipe("attribute_ruler"),
                          ArrayAttributeRuler)
    doc = nlp("He wasn't there.")
    assert [t.pos_ for t in doc] == ["PRON", "AUX", "PART", "ADV", "PUNCT"]
    assert doc[1].lemma_ == "be"


def test_a_rule_it_cannot_run_keeps_spacys_ruler():
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"ORTH": "Kyiv", "OP": "+"}]], {"POS": "PROPN"})
    with pytest.raises(UnsupportedRule):
        ArrayAttributeRuler(blank.vocab, ruler.patterns)
    assert swap_attribute_ruler(blank) is False
    assert blank.get_pipe("attribute_ruler") is ruler

