"""Placeholder events component: replaced by the real one (issue 5)."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("communique_events", assigns=["doc._.events"])
def make_events(nlp: Language, name: str):
    """Build the component."""
    return EventsComponent()


class EventsComponent:
    """Writes an empty event list."""

    def __call__(self, doc: Doc) -> Doc:
        """Find no events."""
        doc._.events = []
        return doc
