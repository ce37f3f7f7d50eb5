"""Date a clause from the time expression attached to it (placeholder, issue 4)."""

from spacy.tokens import Doc, Token


def date_for(doc: Doc, token: Token) -> tuple[str | None, str]:
    """Return (ISO date, precision) for the clause of `token`; pub date when none."""
    return doc._.pub_date, "approximate"
