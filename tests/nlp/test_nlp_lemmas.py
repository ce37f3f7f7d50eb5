"""The caching lemmatizer gives exactly the model's lemmas, and is swapped in only when it can."""

import random

import pytest
import spacy

from communique.nlp import load_nlp
from communique.nlp.lemmas import CachedLemmatizer, swap_lemmatizer

TEXTS = [
    "The ministers were meeting; talks stalled after the better offer was rejected.",
    "She has been negotiating ceasefires longer than anyone, and the worst is over.",
    "Leaves fell. He leaves today. The mediators' proposals, hers and theirs, were best.",
    "",
]


def _lemmatizers_and_docs(texts):
    bare = load_nlp(components=False)
    with bare.select_pipes(disable=["lemmatizer", "ner"]):
        docs = list(bare.pipe(texts))
    cached = CachedLemmatizer()
    cached.use(bare.get_pipe("lemmatizer"))
    return bare.get_pipe("lemmatizer"), cached, docs


def test_cached_lemmas_equal_the_models_on_varied_text(varied_texts):
    model, cached, docs = _lemmatizers_and_docs(TEXTS + varied_texts)
    random.Random(3).shuffle(docs)
    for doc in docs:
        expected = [t.lemma_ for t in model(doc.copy())]
        assert [t.lemma_ for t in cached(doc.copy())] == expected, doc.text
        assert [t.lemma_ for t in cached(doc.copy())] == expected, doc.text  # from the cache


def test_a_lemma_the_attribute_ruler_set_is_kept():
    model, cached, docs = _lemmatizers_and_docs(["Let's go, y'all."])
    assert [t.lemma_ for t in cached(docs[0])] == ["let", "us", "go", ",", "you", "all", "."]


def test_the_full_pipeline_uses_the_cached_lemmatizer(nlp):
    assert isinstance(nlp.get_pipe("lemmatizer"), CachedLemmatizer)
    assert [t.lemma_ for t in nlp("Envoys were holding talks.")] == [
        "envoy", "be", "hold", "talk", "."]


def test_a_lemmatizer_it_cannot_cache_stays():
    blank = spacy.blank("en")
    assert swap_lemmatizer(blank) is False
    other = blank.add_pipe("sentencizer", name="lemmatizer")
    assert swap_lemmatizer(blank) is False
    assert blank.get_pipe("lemmatizer") is other


def test_the_cached_lemmatizer_says_when_it_was_given_nothing_to_ask():
    with pytest.raises(ValueError, match="swap_lemmatizer"):
        CachedLemmatizer()(spacy.blank("en")("talks"))
