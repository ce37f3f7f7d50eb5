"""The actors component: find, type and resolve every actor mention of a Doc."""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from communique.actors import resolve
from communique.actors.kb import KB, load_kb
from communique.nlp import extensions  # noqa: F401  (declares span._.actor)

log = logging.getLogger(__name__)


@Language.factory("communique_actors", assigns=["doc.spans", "span._.actor"],
                  requires=["token.dep", "token.tag", "doc.ents", "doc.sents"])
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    """Build the actors component over the packaged knowledge base."""
    return ActorsComponent(nlp, load_kb())


class ActorsComponent:
    """Recognise and resolve actors.

    Reads: the parse, NER entities and ``doc._.pub_date`` (for dated roles).
    Loads: ``data/countries.jsonl``, ``countries_curated.jsonl``, ``orgs.jsonl``,
    ``persons.jsonl``, ``titles.tsv``, ``groups.tsv`` through ``kb.load_kb``.
    Writes: ``doc.spans["actors"]``, each span with ``span._.actor`` (an
    ActorMention dict of records.py plus ``participant``, and ``description`` /
    ``affiliation`` where known), including coreference spans for surnames,
    titles and pronouns (method ``coref``) and places (method ``place``).
    """

    def __init__(self, nlp: Language, kb: KB) -> None:
        self.kb = kb
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.forms: dict[str, list] = {}
        for entry in kb.entries:
            for variant in resolve.surface_variants(entry.text):
                key = f"{variant}"
                if key not in self.forms:
                    self.forms[key] = []
                    self.matcher.add(key, [nlp.make_doc(variant)])
                if entry not in self.forms[key]:
                    self.forms[key].append(entry)
        # the entries of each match id (the hash of its form), looked up without the StringStore
        self.entries_of = {nlp.vocab.strings[key]: entries for key, entries in self.forms.items()}

    def __call__(self, doc: Doc) -> Doc:
        """Annotate the doc's actor mentions into doc.spans["actors"]."""
        try:
            found = resolve.annotate(doc, self.kb, self._matches(doc))
        except Exception:  # an odd article must not sink the batch: log and go on without
            log.exception("actor recognition failed for %s", doc._.article_id)
            found = []
        spans = []
        offsets = set()
        for start, end, mention in found:
            if (start, end) in offsets:
                continue  # spans with equal offsets would share one span._.actor value
            offsets.add((start, end))
            span = Span(doc, start, end, label=mention["kind"])
            span._.actor = mention
            spans.append(span)
        doc.spans["actors"] = spans
        return doc

    def _matches(self, doc: Doc) -> list[tuple[int, int, list]]:
        entries_of = self.entries_of
        return [(start, end, entries_of[match_id]) for match_id, start, end in self.matcher(doc)]
