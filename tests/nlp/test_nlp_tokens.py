"""ParsedToken copies must read exactly as spaCy's tokens for the attributes they carry."""

from spacy.tokens import Doc

from communique.nlp.tokens import TOKENS_KEY, parsed_tokens

ATTRIBUTES = ("i", "text", "whitespace_", "lower_", "lemma_", "pos_", "tag_", "dep_",
              "ent_type_", "ent_iob_", "idx", "is_punct", "is_space", "like_num", "text_with_ws")


def _same(parsed, tokens) -> bool:
    return [t.i for t in parsed] == [t.i for t in tokens]


def test_parsed_tokens_match_spacy_on_a_parsed_article(nlp):
    doc = nlp("Britain, France and Germany met in Paris on Monday and agreed to send 300 troops, "
              "officials said. The talks, which Russia and Iran criticised, ended late.\n\n"
              "\"We will not back down,\" the French president told reporters.")
    parsed = parsed_tokens(doc)
    assert len(parsed) == len(doc)
    for mine, token in zip(parsed, doc, strict=True):
        for name in ATTRIBUTES:
            assert getattr(mine, name) == getattr(token, name), (token.text, name)
        assert mine.head.i == token.head.i
        assert _same(mine.children, token.children)
        assert _same(mine.conjuncts, token.conjuncts)
        assert _same(mine.subtree, token.subtree)
        assert _same(mine.ancestors, token.ancestors)
    assert any(t.conjuncts for t in parsed)  # the text does exercise coordination
    for name in ("ent_iob_", "is_punct", "is_space", "like_num"):  # both values occur
        assert len({getattr(t, name) for t in parsed}) > 1, name


def test_parsed_tokens_follow_a_hand_built_non_projective_tree(nlp):
    words = ["talks", "that", "ended", "resumed", "yesterday"]
    # "yesterday" hangs off "ended" across "resumed": a crossing arc
    doc = Doc(nlp.vocab, words=words, heads=[3, 2, 0, 3, 2],
              deps=["nsubj", "nsubj", "relcl", "ROOT", "npadvmod"])
    parsed = parsed_tokens(doc)
    for mine, token in zip(parsed, doc, strict=True):
        assert _same(mine.subtree, token.subtree), token.text


def test_parsed_tokens_are_built_once_per_doc(nlp):
    doc = nlp.make_doc("Talks resumed.")
    assert parsed_tokens(doc) is parsed_tokens(doc)
    assert doc.user_data[TOKENS_KEY] is parsed_tokens(doc)


def test_a_reduced_relative_read_as_the_main_verb_is_reattached(nlp):
    from communique.nlp.tokens import reattach_reduced_relatives

    doc = nlp("The sailors seized off the coast of Yemen were freed by the Houthis on Friday.")
    words = parsed_tokens(doc)
    reattach_reduced_relatives(words)
    sailors, seized, freed = words[1], words[2], words[9]
    assert (sailors.dep_, sailors.head.i) == ("nsubjpass", freed.i)
    assert (seized.dep_, seized.head.i) == ("acl", sailors.i)
    assert freed.dep_ == "ROOT" and freed.head is freed
    assert sailors in freed.children and seized in sailors.children
    assert [t.i for t in freed.subtree] == list(range(len(words)))


def test_coordinated_verbs_are_left_alone(nlp):
    from communique.nlp.tokens import reattach_reduced_relatives

    doc = nlp("Russian troops shelled Kharkiv and were driven back by Ukrainian forces.")
    words = parsed_tokens(doc)
    before = [(t.dep_, t.head.i) for t in words]
    reattach_reduced_relatives(words)
    assert [(t.dep_, t.head.i) for t in words] == before
