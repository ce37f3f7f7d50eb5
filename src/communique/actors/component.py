"""Placeholder actors component: replaced by the real one (issue 3)."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("communique_actors", assigns=["doc.spans"])
def make_actors(nlp: Language, name: str):
    """Build the component."""
    return ActorsComponent()


class ActorsComponent:
    """Writes an empty doc.spans['actors'] group."""

    def __call__(self, doc: Doc) -> Doc:
        """Mark no actors."""
        doc.spans["actors"] = []
        return doc
