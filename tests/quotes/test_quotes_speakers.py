"""Unit tests of quotes.speakers: actor mentions read as plain values."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from communique.nlp import extensions  # noqa: F401  (declares span._.actor)
from communique.nlp.extensions import text_of
from communique.nlp.tokens import parsed_tokens
from communique.quotes.speakers import actor_mentions


def test_actor_mentions_read_what_span_actor_holds() -> None:
    """Each mention's tokens, text and actor are those of its span (spans without one left out)."""
    doc = spacy.blank("en")("Foreign Minister Sergei Lavrov told the Security Council on Monday.")
    spans = [Span(doc, 0, 4, label="person"), Span(doc, 2, 4, label="person"),
             Span(doc, 6, 8, label="organisation"), Span(doc, 9, 10)]
    spans[0]._.actor = {"name": "Sergei Lavrov", "kind": "person"}
    spans[1]._.actor = {"name": "Lavrov", "kind": "person"}
    spans[2]._.actor = {"name": "UN Security Council", "kind": "organisation"}
    doc.spans["actors"] = spans
    found = actor_mentions(doc, parsed_tokens(doc), text_of(doc))
    assert [(m.start, m.end, m.text, m.actor) for m in found] == [
        (s.start, s.end, s.text, s._.actor) for s in spans if s._.actor]
    assert [m.text for m in found] == ["Foreign Minister Sergei Lavrov", "Sergei Lavrov",
                                       "Security Council"]
