"""The model's lemmatizer, asked once per distinct (ORTH, POS, MORPH) instead of per token.

spaCy's rule lemmatizer makes a Token for every word, reads its POS and morphology
through Python, and sets the lemma string by string. What it answers depends only
on the word's text, its coarse POS and its morphology (English: VerbForm, Degree,
Number, Tense; the lookup mode reads the text alone), so the lemma is cached per
(ORTH, POS, MORPH) ids, asked of the model's own lemmatizer on a miss, and written
with one ``Doc.from_array``: the lemmas are identical to spaCy's. A miss is slow in
spaCy itself, because the rule mode tests candidate forms against word lists of up to
57,000 entries (``form in list``); the lemmatizer asked here is a copy of the model's
with those lists as sets, which answers the same.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

# Lemmatizers whose answer depends on the token's text, POS and morphology only.
CACHEABLE = {(Lemmatizer, "lookup"), (Lemmatizer, "rule"),
             (EnglishLemmatizer, "lookup"), (EnglishLemmatizer, "rule")}


@Language.factory("communique_lemmatizer", assigns=["token.lemma"],
                  requires=["token.pos", "token.morph"])
def make_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    """Build the caching lemmatizer; `swap_lemmatizer` hands it the model's lemmatizer."""
    return CachedLemmatizer()


class CachedLemmatizer:
    """Set each token's lemma as the model's lemmatizer would, one question per distinct word.

    Reads: token ORTH, POS, MORPH and LEMMA (a lemma already set, e.g. by the attribute
    ruler, is kept unless the model's lemmatizer overwrites). Loads: the model's
    lemmatizer and its tables (handed over by `swap_lemmatizer`). Writes: token LEMMA.
    """

    def __init__(self) -> None:
        """Start with no lemmatizer to ask and an empty cache."""
        self.lemmatizer: Lemmatizer | None = None
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def use(self, lemmatizer: Lemmatizer) -> None:
        """Ask a copy of `lemmatizer` (the model's) on cache misses; forget earlier answers."""
        self.lemmatizer = _with_set_indexes(lemmatizer)
        self._lemmas = {}

    def __call__(self, doc: Doc) -> Doc:
        """Set the lemma of every token that needs one."""
        if self.lemmatizer is None:
            raise ValueError("communique_lemmatizer has no lemmatizer to ask: "
                             "add it with swap_lemmatizer(nlp)")
        if not len(doc):
            return doc
        orths, poses, morphs, lemmas = doc.to_array([ORTH, POS, MORPH, LEMMA]).T.tolist()
        overwrite = self.lemmatizer.overwrite
        known = self._lemmas
        for position, key in enumerate(zip(orths, poses, morphs, strict=True)):
            if overwrite or not lemmas[position]:
                lemmas[position] = known[key] if key in known else self._learn(doc, position, key)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64"))
        return doc

    def _learn(self, doc: Doc, position: int, key: tuple[int, int, int]) -> int:
        """Ask the model's lemmatizer for the token's lemma; cache and return its id."""
        lemma = self.lemmatizer.lemmatize(doc[position])[0]
        self._lemmas[key] = doc.vocab.strings.add(lemma)
        return self._lemmas[key]


def _with_set_indexes(lemmatizer: Lemmatizer) -> Lemmatizer:
    """Return a copy of the lemmatizer whose lemma_index word lists are sets.

    Its rules only test membership in those lists (and that a list is not empty),
    so the copy answers exactly as the original, without scanning the lists.
    """
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lookups.add_table(name)
        for key, value in lemmatizer.lookups.get_table(name).items():
            table[key] = frozenset(value) if name == "lemma_index" else value
    copy = type(lemmatizer)(lemmatizer.vocab, None, lemmatizer.name, mode=lemmatizer.mode,
                            overwrite=lemmatizer.overwrite)
    copy.initialize(lookups=lookups)
    return copy


def swap_lemmatizer(nlp: Language) -> bool:
    """Replace the model's lemmatizer by the caching one when its answers allow; say if done."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if (type(lemmatizer), getattr(lemmatizer, "mode", None)) not in CACHEABLE:
        return False
    nlp.replace_pipe("lemmatizer", "communique_lemmatizer")
    nlp.get_pipe("lemmatizer").use(lemmatizer)
    return True
