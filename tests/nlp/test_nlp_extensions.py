"""Helpers over the shared Doc blackboard."""

from communique.nlp.extensions import text_of


def test_text_of_reads_the_text_once_and_gives_the_same_string(nlp):
    doc = nlp.make_doc("Kyiv, March 19 -\n\nTalks resumed on Monday.")
    assert text_of(doc) == doc.text
    doc.user_data["communique_text"] = "cached"
    assert text_of(doc) == "cached"
