"""Language check: English articles go on, others become an E102 failure.

py3langid's model ships inside its pip package (nothing is downloaded). A
short text is not judged (it would be a guess), and a text whose function
words are plainly English stays English whatever the classifier says, so names
and quotes in other languages do not get an English article refused.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from communique.records import Article, InputFailure

log = logging.getLogger(__name__)

MIN_WORDS = 30
MIN_CONFIDENCE = 0.9
ENGLISH_SHARE = 0.12
ENGLISH_FUNCTION_WORDS = frozenset({
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with", "as", "by",
    "at", "from", "it", "his", "her", "their", "said", "has", "have", "had", "be", "been",
    "are", "were", "will", "would", "not", "but", "which", "who", "this", "after", "its", "an",
    "they", "he", "she",
})
WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _identifier():
    """Load the py3langid model once (about half a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """Return (ISO 639-1 code, confidence) for a text; "en" when too short to judge."""
    words = WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return "en", 0.0
    english = sum(word in ENGLISH_FUNCTION_WORDS for word in words) / len(words)
    if english >= ENGLISH_SHARE:
        return "en", round(english, 3)
    code, confidence = _identifier().classify(text[:20000])
    if confidence < MIN_CONFIDENCE:
        return "en", 0.0
    return str(code), float(confidence)


def language_name(code: str) -> str:
    """Return the English name of a language code ("fr" -> "French"), else the code."""
    import pycountry

    language = pycountry.languages.get(alpha_2=code)
    return language.name if language else code


def check_language(article: Article) -> InputFailure | None:
    """Set the article's language; return an E102 failure when it is not English."""
    code, confidence = detect_language(article.text)
    article.language = code
    if code == "en":
        return None
    return InputFailure(article.source or article.id,
                        f"article is in {language_name(code)} ({code}, confidence "
                        f"{confidence:.2f}); communique reads English only", "E102")
