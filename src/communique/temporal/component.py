"""The temporal component: mark time expressions and normalise them against the DCT."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from communique.nlp import extensions, load_model  # noqa: F401  (extensions: span._.timex)
from communique.nlp.extensions import text_of
from communique.nlp.tokens import ParsedToken, parsed_tokens
from communique.temporal.normalize import DATE_CUES, Found, find, resolve_all

log = logging.getLogger(__name__)

# Auxiliaries that put a clause in the future (or, for modals, ahead of the DCT).
FUTURE_AUX = frozenset({"will", "shall", "'ll", "ll", "wo", "would", "should", "could", "may",
                        "might", "must", "can", "ca"})
# Verbs and adjectives whose complement happens later: "set to meet", "expected to", "plans to".
FUTURE_GOVERNORS = frozenset({"set", "expect", "plan", "schedule", "due", "intend", "aim",
                              "slate", "poise", "prepare", "hope", "want", "likely", "go",
                              "scheduled", "planned", "slated", "poised", "expected"})
PAST_AUX = frozenset({"did", "had", "was", "were", "'d"})
PRESENT_AUX = frozenset({"is", "are", "am", "'s", "'re", "'m", "has", "have", "do", "does"})
# Entity labels under which a four-digit number is a count, a name or money, not a year.
NOT_YEAR_LABELS = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORG", "PRODUCT",
                             "FAC", "LAW", "ORDINAL"})
MAX_CLIMB = 10


@Language.factory("communique_temporal", assigns=["doc.spans", "span._.timex"],
                  requires=["token.dep", "token.tag", "token.lemma", "doc.ents"],
                  default_config={"spans_key": "timexes"})
def make_temporal(nlp: Language, name: str, spans_key: str) -> TemporalComponent:
    """Build the temporal component."""
    return TemporalComponent(spans_key)


class TemporalComponent:
    """Mark temporal expressions and give each a TIMEX3 type and value.

    Reads: ``doc.text``; ``doc._.pub_date`` (the DCT every relative value is read
    against); the parse (tags, dependencies, lemmas, and the coarse POS the
    model's attribute ruler sets without declaring it) for the tense of the clause
    each expression modifies; the model's DATE/TIME entities, which confirm candidates
    the rules leave in doubt (a bare "May") and veto years the model reads as
    counts or names ("Russell 2000").
    Loads: ``data/patterns.jsonl`` and ``data/lexicon.tsv`` through ``normalize``.
    Writes: ``doc.spans[spans_key]`` (default "timexes"), each span with
    ``span._.timex = {"type", "value"}`` (records.py's Timex without offsets).
    """

    def __init__(self, spans_key: str = "timexes") -> None:
        """Keep the span group key to write."""
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        """Annotate the doc's temporal expressions into doc.spans[spans_key]."""
        try:
            spans = self._timexes(doc)
        except Exception:  # an odd article must not sink the batch: log and go on without
            log.exception("temporal tagging failed for %s", doc._.article_id)
            spans = []
        doc.spans[self.spans_key] = spans
        return doc

    def _timexes(self, doc: Doc) -> list[Span]:
        """Return the doc's timex spans, each with its value."""
        kept: list[tuple[Found, Span]] = []
        text = text_of(doc)  # read once for every later component too
        tokens = parsed_tokens(doc)  # plain copies: walking spaCy Tokens builds each anew
        for found in find(text, keep_uncertain=True):
            span = doc.char_span(found.start, found.end, alignment_mode="expand")
            if span is None or (kept and span.start < kept[-1][1].end):
                continue
            if self._keep(found, span, tokens, text):
                kept.append((found, span))
        if not kept:
            return []
        founds = [f for f, _ in kept]
        tenses = [tense_of(span, tokens) for _, span in kept]
        paragraphs = [text.count("\n", 0, span.start_char) for _, span in kept]
        values = resolve_all(text, founds, doc._.pub_date, tenses, paragraphs)
        spans = []
        for (_, span), value in zip(kept, values, strict=True):
            if value is not None:
                span._.timex = value
                spans.append(span)
        return spans

    def _keep(self, found: Found, span: Span, tokens: list[ParsedToken], text: str) -> bool:
        """Return whether a candidate survives what the parse and the entities say."""
        words = tokens[span.start:span.end]
        labels = {token.ent_type_ for token in words if token.ent_type_}
        if not found.certain:
            # the model's entity confirms a doubtful name, unless it is a clause's subject
            return bool(labels & {"DATE", "TIME"}) and tokens[span.root.i].dep_ not in (
                "nsubj", "nsubjpass", "poss")
        rule = found.rule.id
        if rule == "year" and not found.groups.get("mod"):
            token = words[-1]
            before = tokens[span.start - 1].lower_ if span.start > 0 else ""
            if before in DATE_CUES:
                return True
            if labels & NOT_YEAR_LABELS:
                return False
            return not (token.dep_ == "nummod" and token.head.tag_ in ("NNS", "NNPS"))
        if rule == "present_ref":
            word = text[span.start_char:span.end_char].lower()
            if word == "current":
                return words[0].pos_ == "ADJ"
            if word == "now":
                return words[0].pos_ == "ADV"
        return True


def governing_verb(span: Span, tokens: list[ParsedToken] | None = None) -> ParsedToken | None:
    """Return the verb a time expression modifies: the first verb above its head."""
    token = (tokens or parsed_tokens(span.doc))[span.root.i]
    for _ in range(MAX_CLIMB):
        if token.pos_ in ("VERB", "AUX") and not (span.start <= token.i < span.end):
            return token
        if token.head.i == token.i:
            return token if token.pos_ in ("VERB", "AUX") else None
        token = token.head
    return None


def tense_of(span: Span, tokens: list[ParsedToken] | None = None) -> str:
    """Return "past", "present" or "future" for the clause a time expression modifies.

    Future: a will/shall/'ll or modal auxiliary, a complement of set/expected/
    plans/scheduled/due/going, "is to" or a headline "X to meet", and "until"
    or "by" with a verb that is not in the past. The parse is walked on the Doc's
    `parsed_tokens` (built when not given).
    """
    tokens = tokens or parsed_tokens(span.doc)
    root = token = tokens[span.root.i]
    path: list[ParsedToken] = []
    for _ in range(MAX_CLIMB):
        path.append(token)
        if token.head.i == token.i:
            break
        token = token.head
    if any(_governs_future(t) and t.tag_ in ("VBN", "JJ") and not is_past(t)
           for t in path[1:] if not (span.start <= t.i < span.end)):
        return "future"
    verb = governing_verb(span, tokens)
    if verb is None:
        return "present"
    governor = _complement_governor(verb)
    past = is_past(verb) or (verb.dep_ == "xcomp" and is_past(governor)
                             and not _reported_plan(governor))
    if not past and is_future(verb):
        return "future"
    if not past and _until_or_by(span, root):
        return "future"
    if past:
        return "past"
    present = verb.tag_ in ("VBZ", "VBP", "VBG", "VB") or any(
        a in PRESENT_AUX for a in _aux_words(verb))
    return "present" if present else "past"


def _governs_future(token: ParsedToken) -> bool:
    """Return whether a word puts its complement ahead ("set", "expected", "slated", "due")."""
    return token.lemma_.lower() in FUTURE_GOVERNORS or token.lower_ in FUTURE_GOVERNORS


def _reported_plan(governor: ParsedToken) -> bool:
    """Return whether a plan word is reported ("said it planned to", "said they expected")."""
    return governor.dep_ == "ccomp" and _governs_future(governor)


def _complement_governor(verb: ParsedToken) -> ParsedToken:
    """Return the verb an open complement hangs from ("agreed" for "agreed to meet")."""
    for _ in range(MAX_CLIMB):
        if verb.dep_ != "xcomp" or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb


def _aux_words(verb: ParsedToken) -> list[str]:
    """Return the lowercased auxiliaries of a verb."""
    return [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]


def is_past(verb: ParsedToken) -> bool:
    """Return whether a verb is in a past tense (did, had, was, or -ed on its own)."""
    auxes = _aux_words(verb)
    if any(a in PAST_AUX for a in auxes):
        return True
    if "have" in auxes or "has" in auxes:
        return True
    return verb.tag_ == "VBD"


def is_future(verb: ParsedToken) -> bool:
    """Return whether a verb is future: will/'ll/modal, 'going to', 'set to', headline 'to'."""
    auxes = _aux_words(verb)
    if any(a in FUTURE_AUX for a in auxes) and "have" not in auxes:
        return True
    if "to" in auxes:
        governor = verb.head
        if verb.dep_ == "ROOT":
            return True
        if _governs_future(governor) or governor.lemma_ == "be":
            # "was set to begin" reports a plan made in the past: no shift ahead; but a
            # reported one ("said they expected the swap to take place on Friday") is
            # ahead of the report
            return not is_past(governor) or _reported_plan(governor)
        if verb.dep_ in ("xcomp", "advcl", "acl") and governor.i != verb.i:
            return is_future(governor) if governor.pos_ in ("VERB", "AUX") else False
    if verb.dep_ == "xcomp" and verb.head.i != verb.i:
        return is_future(verb.head)
    return False


def _until_or_by(span: Span, root: ParsedToken) -> bool:
    """Return whether the expression (its span and root) is the object of "until", "till"
    or "by"."""
    head = root.head
    return head.lower_ in ("until", "till", "by") and head.i < span.start


# ---------------------------------------------------------------- records in, timexes out

@lru_cache(maxsize=1)
def temporal_nlp() -> Language:
    """Return the model plus only the temporal component (no actors, quotes, events)."""
    nlp = load_model()
    nlp.add_pipe("communique_temporal")
    return nlp


def timex_records(records: Iterable[dict[str, Any]], nlp: Language | None = None,
                  batch_size: int = 64) -> Iterator[dict[str, Any]]:
    """Yield {id, timexes: [{start, end, text, type, value}]} for each input record.

    Args:
        records: dicts with ``id``, ``text`` and ``dct`` (the publication date,
            ISO; ``date`` or ``pub_date`` are read when ``dct`` is absent).
        nlp: a pipeline holding ``communique_temporal``; `temporal_nlp()` when None.
        batch_size: texts per `nlp.pipe` batch.
    Returns:
        An iterator of result dicts, in input order.
    """
    nlp = nlp or temporal_nlp()
    pending: list[str] = []

    def docs() -> Iterator[Doc]:
        """Yield each record's Doc with its publication date set."""
        for number, record in enumerate(records):
            doc = nlp.make_doc(str(record.get("text") or ""))
            doc._.pub_date = record.get("dct") or record.get("date") or record.get("pub_date")
            pending.append(str(record.get("id", number)))
            yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield {"id": pending.pop(0), "timexes": doc_timexes(doc)}


def doc_timexes(doc: Doc) -> list[dict[str, Any]]:
    """Return a Doc's timexes as plain dicts {start, end, text, type, value}."""
    return [{"start": span.start_char, "end": span.end_char, "text": span.text,
             "type": span._.timex["type"], "value": span._.timex["value"]}
            for span in doc.spans.get("timexes", []) if span._.timex]
