"""A line break starts a sentence before the parser runs; other whitespace does not."""

from communique.nlp.paragraphs import mark_paragraph_starts


def _starts(nlp, text):
    doc = mark_paragraph_starts(nlp.make_doc(text))
    return [t.text for t in doc if t.is_sent_start and t.i > 0]


def test_the_first_word_after_a_newline_starts_a_sentence(nlp):
    text = "Talks resume in Doha\n\nThe envoy said   talks\nwould go on \n - hostages first\n"
    assert _starts(nlp, text) == ["The", "would", "-"]


def test_spaces_alone_mark_nothing_and_short_docs_pass(nlp):
    assert _starts(nlp, "Talks  resume   in Doha . The envoy left") == []
    assert _starts(nlp, "\n") == []
    assert _starts(nlp, "") == []


def test_the_parse_keeps_the_paragraph_starts(nlp):
    doc = nlp("Ceasefire holds in the south\nThe army said on Monday it had stopped shelling.")
    assert [s.text.strip() for s in doc.sents][0] == "Ceasefire holds in the south"
