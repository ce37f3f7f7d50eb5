"""Start a sentence at every line break, before the parser runs.

en_core_web_sm parses across paragraph breaks: a headline and the first
paragraph, a bullet list, or "...posted on X.\\n\\nTrump said" come out as one
sentence, which breaks subjects, coreference and quote speakers. News text
never continues a sentence over a blank line or a bullet, so a newline in the
whitespace before a token marks a sentence start that the parser respects.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("communique_paragraphs", assigns=["token.is_sent_start"])
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Set is_sent_start on the first token after a newline."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        after_break = "\n" in previous.whitespace_ or (previous.is_space
                                                       and "\n" in previous.text)
        if after_break and not token.is_space:
            token.is_sent_start = True
    return doc
