"""Placeholder temporal component: replaced by the real one (issue 4)."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("communique_temporal", assigns=["doc.spans"])
def make_temporal(nlp: Language, name: str):
    """Build the component."""
    return TemporalComponent()


class TemporalComponent:
    """Writes an empty doc.spans['timexes'] group."""

    def __call__(self, doc: Doc) -> Doc:
        """Mark no time expressions."""
        doc.spans["timexes"] = []
        return doc
