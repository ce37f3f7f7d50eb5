"""The events component's actor index (it reads ``span._.actor`` values from user_data)."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

import communique.nlp.extensions  # noqa: F401  (declares span._.actor)
from communique.events.component import ActorIndex
from communique.nlp.tokens import parsed_tokens


def test_actor_index_reads_what_span_extension_holds():
    """The index must see exactly the mentions spaCy's ``span._.actor`` returns."""
    doc = spacy.blank("en")("The foreign minister of France met Kaja Kallas in Brussels.")
    france = {"name": "France", "kind": "state", "country": "France", "code": "FRA"}
    kallas = {"name": "Kaja Kallas", "kind": "person", "country": "Estonia", "code": "EST"}
    minister = Span(doc, 1, 5)  # "foreign minister of France": wider than France's own span
    minister._.actor = {"name": "France", "kind": "organisation", "country": "France"}
    spans = [minister, Span(doc, 4, 5), Span(doc, 6, 8), Span(doc, 9, 10)]
    spans[1]._.actor = france
    spans[2]._.actor = kallas  # "Brussels" (spans[3]) keeps the extension's default, None
    doc.spans["actors"] = spans
    index = ActorIndex(doc)
    tokens = parsed_tokens(doc)
    assert [s._.actor for s in doc.spans["actors"]][1:3] == [france, kallas]
    assert index.at(tokens[4]) == [france]  # the tightest span wins
    assert index.at(tokens[2]) == [minister._.actor]
    assert index.at(tokens[6]) == index.at(tokens[7]) == [kallas]
    assert index.at(tokens[9]) == [] and index.at(tokens[0]) == []
