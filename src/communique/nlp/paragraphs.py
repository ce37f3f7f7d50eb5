"""Start a sentence at every line break, before the parser runs.

en_core_web_sm parses across paragraph breaks: a headline and the first
paragraph, a bullet list, or "...posted on X.\\n\\nTrump said" come out as one
sentence, which breaks subjects, coreference and quote speakers. News text
never continues a sentence over a blank line or a bullet, so a newline in the
whitespace before a token marks a sentence start that the parser respects.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("communique_paragraphs", assigns=["token.is_sent_start"])
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Set is_sent_start on the first non-space token after a whitespace token with a newline.

    spaCy keeps a single trailing space in ``whitespace_`` and makes any other
    whitespace (newlines included) a token of its own, so only those tokens can
    hold a newline; candidates are found on the IS_SPACE column.
    """
    if len(doc) < 2:
        return doc
    spaces = doc.to_array(IS_SPACE).astype(bool)
    for position in (numpy.flatnonzero(spaces[:-1] & ~spaces[1:]) + 1).tolist():
        if "\n" in doc[position - 1].text:
            doc[position].is_sent_start = True
    return doc
