"""The plain readings `annotate` walks must equal spaCy's: sentences, entities, span text."""

from __future__ import annotations

from spacy.tokens import Doc

from communique.actors.kb import load_kb
from communique.actors.resolve import State
from communique.nlp.extensions import TEXT_KEY, text_of

TEXT = ("KYIV, March 3 (Reuters) - Ukraine's President Volodymyr Zelensky met the U.N. envoy "
        "in Geneva on Monday. \"We will not give up,\" he said.\n\nRussia and the European "
        "Union, however, traded blame over the talks, officials in Moscow and Brussels said. "
        "A senior NATO official said they would meet again.")


def test_state_reads_sentences_entities_and_text_as_spacy(nlp):
    doc = nlp(TEXT)
    state = State(doc, load_kb(), None)
    assert [(s.start, s.end) for s in state.sentences()] == \
        [(s.start, s.end) for s in doc.sents]
    assert len(state.sentences()) >= 4
    assert [(e.start, e.end, e.label_) for e in state.entities()] == \
        [(e.start, e.end, e.label_) for e in doc.ents]
    assert len({e.label_ for e in state.entities()}) >= 3
    for token in doc:
        assert state.sentence_start(token.i) == token.sent.start
    for start in range(len(doc)):
        for end in range(start, min(len(doc), start + 5) + 1):
            assert state.span_text(start, end) == doc[start:end].text
    assert state.text == doc.text


def test_state_reads_an_entity_that_ends_the_doc_and_one_typed_b_after_b(nlp):
    doc = Doc(nlp.vocab, words=["Talks", "in", "Paris", "Rome", "Berlin"],
              ents=["O", "O", "B-GPE", "B-GPE", "B-LOC"])
    state = State(doc, load_kb(), None)
    assert [(e.start, e.end, e.label_) for e in state.entities()] == \
        [(e.start, e.end, e.label_) for e in doc.ents] == \
        [(2, 3, "GPE"), (3, 4, "GPE"), (4, 5, "LOC")]


def test_text_of_joins_the_token_copies_once_made(nlp):
    doc = nlp("  Talks  resumed\n\nin Doha. ")
    State(doc, load_kb(), None)  # makes the token copies before the text is read
    assert doc.user_data[TEXT_KEY] == doc.text == text_of(doc)
