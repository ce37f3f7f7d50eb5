"""Helpers over the shared Doc blackboard."""

from communique.nlp.extensions import span_value, text_of


def test_text_of_reads_the_text_once_and_gives_the_same_string(nlp):
    doc = nlp.make_doc("Kyiv, March 19 -\n\nTalks resumed on Monday.")
    assert text_of(doc) == doc.text
    doc.user_data["communique_text"] = "cached"
    assert text_of(doc) == "cached"


def test_span_value_reads_what_span_underscore_holds(nlp):
    doc = nlp("Envoys of Marra met Orsk officials in Doha on Monday.")
    marra, monday = doc[2:3], doc[-3:-1]
    marra._.actor = {"name": "Marra", "kind": "state"}
    monday._.timex = {"type": "DATE", "value": "2025-03-17"}
    for span, name in ((marra, "actor"), (monday, "timex"), (doc[4:5], "actor")):
        assert span_value(doc, name, span.start_char, span.end_char) == getattr(span._, name)
    assert span_value(doc, "actor", marra.start_char, marra.end_char) is not None
