"""The array attribute ruler annotates exactly as spaCy's, and is swapped in only when it can."""

import random

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from communique.nlp import load_nlp
from communique.nlp.attributes import ArrayAttributeRuler, UnsupportedRule, swap_attribute_ruler

# Every two-token rule of the model (gonna, gotta, let's, c'mon, y'all, ain't, there is),
# whitespace tokens with and without a newline, and an empty text.
TEXTS = [
    "Russia's foreign minister said on Tuesday that Moscow would not accept a ceasefire.",
    "I ain't gonna sign it, y'all.  Let's go\n\n  there's nothin' here, he said.",
    "They'd been told it was over; she'll call him, and we're done with 'em.",
    "Gotta  \n get 'em. C'mon! That is what those who did it had done. Nobody knows.",
    "Y all know there are talks. Ya'll? Ain't nobody gotta leave; we aint gonna.",
    "",
]
COMPARED = [POS, MORPH, LEMMA, TAG, DEP]


def _parsed(texts):
    bare = load_nlp(components=False)
    with bare.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        return bare, list(bare.pipe(texts))


def _assert_same(ruler, array_ruler, docs, passes=1):
    for doc in docs:
        expected = ruler(doc.copy())
        for _ in range(passes):
            got = array_ruler(doc.copy())
            assert np.array_equal(got.to_array(COMPARED), expected.to_array(COMPARED)), doc.text
            assert [str(t.morph) for t in got] == [str(t.morph) for t in expected], doc.text


def test_array_ruler_annotates_like_spacys_ruler():
    bare, docs = _parsed(TEXTS)
    ruler = bare.get_pipe("attribute_ruler")
    _assert_same(ruler, ArrayAttributeRuler(bare.vocab, ruler.patterns), docs)


def test_array_ruler_annotates_like_spacys_on_varied_text_with_its_cache_warm(varied_texts):
    bare, docs = _parsed(TEXTS + varied_texts)
    ruler = bare.get_pipe("attribute_ruler")
    array_ruler = ArrayAttributeRuler(bare.vocab, ruler.patterns)
    random.Random(9).shuffle(docs)
    _assert_same(ruler, array_ruler, docs, passes=2)  # the second from the warm cache


def test_the_full_pipeline_uses_the_array_ruler_and_the_bare_model_does_not(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), ArrayAttributeRuler)
    assert not isinstance(load_nlp(components=False).get_pipe("attribute_ruler"),
                          ArrayAttributeRuler)
    doc = nlp("He wasn't there.")
    assert [t.pos_ for t in doc] == ["PRON", "AUX", "PART", "ADV", "PUNCT"]
    assert doc[1].lemma_ == "be"


@pytest.mark.parametrize("pattern, attrs", [
    ([{"ORTH": "Kyiv", "OP": "+"}], {"POS": "PROPN"}),
    ([{"LOWER": "kyiv"}], {"ENT_TYPE": "GPE"}),
])
def test_a_rule_it_cannot_run_keeps_spacys_ruler(pattern, attrs):
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([pattern], attrs)
    with pytest.raises(UnsupportedRule):
        ArrayAttributeRuler(blank.vocab, ruler.patterns)
    assert swap_attribute_ruler(blank) is False
    assert blank.get_pipe("attribute_ruler") is ruler


def test_later_rules_override_earlier_ones_and_two_token_rules_interleave():
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "talks"}]], {"LEMMA": "talk", "POS": "NOUN"})
    ruler.add([[{"LOWER": "peace"}, {"LOWER": "talks"}]], {"LEMMA": "negotiation"}, index=1)
    ruler.add([[{"LOWER": {"REGEX": "^tal"}}]], {"POS": "VERB"})
    text = "Peace talks resumed; talks stalled."
    expected = ruler(blank.make_doc(text))
    got = ArrayAttributeRuler(blank.vocab, ruler.patterns)(blank.make_doc(text))
    assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]
    assert [t.pos_ for t in got] == [t.pos_ for t in expected]
    assert got[1].lemma_ == "negotiation" and got[4].lemma_ == "talk"
    assert got[1].pos_ == "VERB"
