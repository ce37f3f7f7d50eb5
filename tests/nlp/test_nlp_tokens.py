"""ParsedToken copies must read exactly as spaCy's tokens for the attributes they carry."""

from spacy.tokens import Doc

from communique.nlp.tokens import TOKENS_KEY, parsed_tokens, span_root

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
        assert _same(mine.lefts, token.lefts)
        assert _same(mine.rights, token.rights)
        assert mine.left_edge.i == token.left_edge.i
        assert mine.right_edge.i == token.right_edge.i
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
        assert mine.left_edge.i == token.left_edge.i, token.text
        assert mine.right_edge.i == token.right_edge.i, token.text
    _same_roots(parsed, doc)


def _same_roots(parsed, doc) -> int:
    """Check span_root against Span.root on every span of up to six tokens."""
    checked = 0
    for start in range(len(doc)):
        for end in range(start + 1, min(len(doc), start + 6) + 1):
            assert span_root(parsed, start, end).i == doc[start:end].root.i, doc[start:end]
            checked += 1
    return checked


def _shallowest(parsed, start: int, end: int):
    """Return the span's token nearest the sentence root, punctuation not set apart."""
    candidates = [t for t in parsed[start:end] if not start <= t.head.i < end]
    return min(candidates, key=lambda t: (sum(1 for _ in t.ancestors), t.i),
               default=parsed[start])


def test_span_root_matches_spacy_on_every_short_span(nlp):
    doc = nlp("In Geneva, the UN envoy, who met Sudan's army chief on Monday, said \"talks -- "
              "if they resume -- will be hard.\" Both sides, however, agreed ...")
    parsed = parsed_tokens(doc)
    assert _same_roots(parsed, doc) > 100
    # the text has spans whose root is chosen by depth, not by holding the sentence root
    assert any(span_root(parsed, s, s + 3).head is not span_root(parsed, s, s + 3)
               for s in range(len(doc) - 3))
    # and spans where childless punctuation, though nearest the sentence root, is passed over
    assert any(_shallowest(parsed, s, s + 2).is_punct and
               not span_root(parsed, s, s + 2).is_punct for s in range(len(doc) - 2))
    for ent in doc.ents:
        assert span_root(parsed, ent.start, ent.end).i == ent.root.i


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


def test_the_infinitive_of_a_passive_pressure_verb_is_its_complement(nlp):
    from communique.nlp.tokens import relabel_passive_control_infinitives

    doc = nlp("Kyiv is being pressured by Washington to cede territory in the east.")
    words = parsed_tokens(doc)
    relabel_passive_control_infinitives(words, {"pressure"})
    cede = next(t for t in words if t.lower_ == "cede")
    assert (cede.dep_, cede.head.lower_) == ("xcomp", "pressured")


def test_a_purpose_infinitive_of_another_passive_is_left_alone(nlp):
    from communique.nlp.tokens import relabel_passive_control_infinitives

    doc = nlp("The bridge was blown up by the army to slow the advance.")
    words = parsed_tokens(doc)
    before = [(t.dep_, t.head.i) for t in words]
    relabel_passive_control_infinitives(words, {"pressure"})
    assert [(t.dep_, t.head.i) for t in words] == before
