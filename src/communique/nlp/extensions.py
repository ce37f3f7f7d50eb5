"""Declare every Doc/Span extension once: the shared blackboard of our components.

Writers and readers:
- ``doc._.pub_date`` (str | None): set by ``pipeline`` before the components run.
- ``doc._.article_id`` (str | None): set by ``pipeline``.
- ``doc.spans["actors"]`` with ``span._.actor`` (ActorMention dict, see records.py):
  written by ``communique_actors``; read by quotes and events.
- ``doc.spans["timexes"]`` with ``span._.timex`` (Timex dict): written by
  ``communique_temporal``; ``communique.temporal.anchor.date_for`` reads them.
- ``doc._.quotes`` (list of Quote dicts): written by ``communique_quotes``.
- ``doc._.events`` (list of Event dicts): written by ``communique_events``.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from communique.nlp.tokens import TOKENS_KEY

TEXT_KEY = "communique_text"


def text_of(doc: Doc) -> str:
    """Return the Doc's text, read once: spaCy rebuilds `doc.text` from every token on each access.

    Code that needs the text per event, quote or timex (paragraph numbers, datelines)
    calls this instead of `doc.text`, which would make it quadratic in the article length.
    """
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        tokens = doc.user_data.get(TOKENS_KEY)  # plain token copies, when made, join faster
        text = "".join([t.text + t.whitespace_ for t in tokens]) if tokens else doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def span_value(doc: Doc, name: str, start_char: int, end_char: int) -> Any:
    """Return ``span._.<name>`` of the span at these character offsets, or None.

    spaCy keeps a span extension's value in ``doc.user_data`` under
    ("._.", name, start_char, end_char); reading that key skips the accessor object
    each ``span._`` access builds, which the stages paid per actor mention. Tests
    in tests/nlp check it against ``span._``, so a spaCy change to the key shows.
    """
    return doc.user_data.get(("._.", name, start_char, end_char))


def register_extensions() -> None:
    """Declare the extensions if they are not declared yet (idempotent)."""
    for name, default in (("pub_date", None), ("article_id", None), ("quotes", None),
                          ("events", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name in ("actor", "timex"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register_extensions()
