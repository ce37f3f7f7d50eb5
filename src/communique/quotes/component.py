"""Placeholder quotes component: replaced by the real one (issue 6)."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("communique_quotes", assigns=["doc._.quotes"])
def make_quotes(nlp: Language, name: str):
    """Build the component."""
    return QuotesComponent()


class QuotesComponent:
    """Writes an empty quote list."""

    def __call__(self, doc: Doc) -> Doc:
        """Find no quotes."""
        doc._.quotes = []
        return doc
