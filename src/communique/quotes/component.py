"""The quotes component: every quotation with its speaker, cue, medium and date."""

from __future__ import annotations

import copy
import logging
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from communique.ingest.pubdate import AGENCY_ONLY_DATELINE, WIRE_DATELINE
from communique.nlp import extensions  # noqa: F401  (declares doc._.quotes)
from communique.nlp.extensions import text_of
from communique.nlp.tokens import ParsedToken, parsed_tokens
from communique.quotes.lexicon import Lexicon, load_lexicon, names_pattern
from communique.quotes.marks import MarkSpan, find_quotes, paragraphs
from communique.quotes.speakers import Speakers
from communique.temporal.anchor import date_for

log = logging.getLogger(__name__)

BULLETS = frozenset("-–—•*")
TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
# a quote after these reads as a whole statement, not words inside a sentence
DIRECT_AFTER = frozenset({":", ",", "-", "–", "—", "…"})
# words that introduce a name or a term in marks, not someone's words
TERM_BEFORE = frozenset({"so-called", "dubbed", "named", "titled", "entitled", "codenamed",
                         "code-named", "nicknamed", "branded", "phrase", "slogan", "term",
                         "motto", "hashtag", "banner", "headline", "word", "words", "label"})
SPEECH_ROLES = frozenset({"speech", "write"})
TITLE_MAX_WORDS = 25
# pieces of one quotation cut apart by an attribution or a paragraph break
PART_JOIN = " … "
MIN_INDIRECT_WORDS = 3
FALLBACK_MIN_WORDS = 4
# how far after a closing mark an attribution-only sentence must show its cue
ATTRIBUTION_WINDOW = 8
CUE_POS = frozenset({"VERB", "AUX"})


# auxiliaries that make a cue verb a possibility, not something said
UNSPOKEN_AUX = frozenset({"would", "will", "could", "might", "may", "should", "can", "'d", "'ll"})


@dataclass
class Attribution:
    """A cue in the text and what it tells: the speaker, medium and addressee."""

    cue: ParsedToken
    role: str
    cue_text: str | None
    speaker_head: ParsedToken | None = None
    speaker: dict[str, Any] | None = None
    medium: str | None = None
    addressee: dict[str, Any] | None = None
    # the medium is the phrase nearest the cue, looked up only if the attribution is output
    medium_pending: bool = False


@dataclass
class Candidate:
    """A quotation-mark span on its way to becoming a Quote."""

    span: MarkSpan
    first: int
    last: int
    unit: int
    para: int
    at_start: bool
    kind: str = "direct"
    attribution: Attribution | None = None
    inherited: bool = False
    title: bool = False
    parts: list[tuple[int, int]] = field(default_factory=list)
    words: int = 0


@Language.factory(
    "communique_quotes",
    assigns=["doc._.quotes"],
    requires=["token.dep", "token.lemma", "token.tag", "doc.sents"],
    default_config={"min_words": 2},
)
def make_quotes(nlp: Language, name: str, min_words: int) -> QuotesComponent:
    """Build the quotes component."""
    return QuotesComponent(min_words=min_words)


class QuotesComponent:
    """Find direct, partial and indirect quotes and attribute them.

    Reads the parse (dependencies, lemmas, POS, entities, sentences), the actor
    mentions in ``doc.spans["actors"]`` (``span._.actor``) and clause dates through
    ``communique.temporal.anchor.date_for``. Writes ``doc._.quotes``: a list of
    Quote dicts (records.py) in text order, plus ``parts`` (the [start, end]
    offsets of each quoted piece when an attribution splits a quote). Loads
    ``data/cue_verbs.tsv``, ``data/speaker_nouns.tsv`` and ``data/media.jsonl``.
    """

    def __init__(self, min_words: int = 2, lexicon: Lexicon | None = None):
        """Load the rule files and compile the media names."""
        self.min_words = min_words
        self.lexicon = lexicon or load_lexicon()
        self.media = names_pattern(self.lexicon.platforms + self.lexicon.outlets)

    def __call__(self, doc: Doc) -> Doc:
        """Write doc._.quotes."""
        try:
            doc._.quotes = QuoteFinder(doc, self.lexicon, self.media, self.min_words).run()
        except Exception:  # an odd article must not sink the batch: log it and go on
            log.exception("quote extraction failed for %s", doc._.article_id)
            doc._.quotes = []
        return doc


class QuoteFinder:
    """Find and attribute the quotes of one Doc (one instance per Doc)."""

    def __init__(self, doc: Doc, lexicon: Lexicon, media: re.Pattern[str], min_words: int):
        """Locate the quotation marks, paragraphs, titles and sentence units of a Doc."""
        self.doc = doc
        self.lex = lexicon
        self.media = media
        self.min_words = min_words
        self.text = text_of(doc)
        self.tokens = parsed_tokens(doc)  # plain copies: walking spaCy Tokens builds each anew
        self.spans = find_quotes(self.text)
        self.in_quote = [-1] * len(doc)
        self.token_range: list[tuple[int, int]] = []
        for index, span in enumerate(self.spans):
            toks = doc.char_span(span.outer_start, span.outer_end, alignment_mode="expand")
            first, last = (toks.start, toks.end - 1) if toks is not None and len(toks) else (-1, -1)
            self.token_range.append((first, last))
            for i in range(max(first, 0), last + 1):
                if self.in_quote[i] < 0:
                    self.in_quote[i] = index
        self.paras = paragraphs(self.text)
        self.para_starts = [start for start, _ in self.paras]
        self.titles = {i for i, para in enumerate(self.paras) if self._is_title(para)}
        self.units = self._units()
        self.unit_of = [0] * len(doc)
        for u, (start, end) in enumerate(self.units):
            for i in range(start, end):
                self.unit_of[i] = u
        self.speakers = Speakers(doc, lexicon, self.in_quote, self.unit_of)
        self.may_cue = _may_cue(self.tokens)
        self._attr_cache: dict[int, list[Attribution]] = {}
        self._media_cache: dict[tuple[int, bool], list[tuple[int, int]]] = {}

    # --- layout: paragraphs, titles, units ----------------------------------------------

    def para_of(self, char: int) -> int:
        """Return the index of the paragraph holding a character offset."""
        return max(0, bisect_right(self.para_starts, char) - 1)

    def _is_title(self, para: tuple[int, int]) -> bool:
        """Tell whether a paragraph reads as a headline, deck or subhead."""
        text = self.text[para[0]:para[1]]
        return not TERMINAL.search(text) and not text.endswith(":") and (
            len(text.split()) <= TITLE_MAX_WORDS)

    def _units(self) -> list[tuple[int, int]]:
        """Split the Doc into sentence units that never cut through a quotation."""
        doc = self.doc
        starts = {sent.start for sent in doc.sents} | {0}
        for start, _ in self.paras:
            span = doc.char_span(start, start + 1, alignment_mode="expand")
            if span is not None:
                starts.add(span.start)
        kept = []
        for i in sorted(starts):
            index = self.in_quote[i] if i < len(doc) else -1
            if index >= 0 and self.token_range[index][0] < i:
                continue  # inside a quotation
            if i > 0 and self.in_quote[i - 1] >= 0 and index < 0 and not self._para_start(i):
                span = self.spans[self.in_quote[i - 1]]
                inner = self.text[span.start:span.end]
                if not TERMINAL.search(inner) or self.tokens[i].text[:1].islower() or \
                        self._attribution_only(i):
                    continue  # the sentence goes on after the closing mark
            kept.append(i)
        bounds = kept + [len(doc)]
        return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]

    def _attribution_only(self, i: int) -> bool:
        """Tell whether the sentence at token i only attributes the quote before it
        ("“Why stop now?” Netanyahu asked."): a subject, then a speech cue with no clause."""
        sent = self.doc[i].sent
        for tok in self.tokens[i:min(sent.end, i + ATTRIBUTION_WINDOW)]:
            if tok.pos_ in ("VERB", "AUX"):
                return self.lex.cue_role(tok.lemma_) in SPEECH_ROLES and not any(
                    c.dep_ in ("ccomp", "xcomp") for c in tok.children)
        return False

    def _para_start(self, i: int) -> bool:
        """Tell whether token i opens a paragraph."""
        tok = self.tokens[i]
        return tok.idx in self.para_starts or (i > 0 and "\n" in self.tokens[i - 1].text_with_ws)

    def words(self, first: int, last: int) -> str:
        """Return the text from token `first` to token `last`, as ``doc[first:last + 1].text``."""
        end = self.tokens[last]
        return self.text[self.tokens[first].idx:end.idx + len(end.text)]

    # --- attributions -------------------------------------------------------------------

    def outside(self, unit: int) -> list[ParsedToken]:
        """Return the tokens of a unit that are not inside quotation marks."""
        start, end = self.units[unit]
        return [self.tokens[i] for i in range(start, end) if self.in_quote[i] < 0]

    def attributions(self, unit: int) -> list[Attribution]:
        """Return the cues of a unit (outside quotes), each with its speaker resolved."""
        if unit in self._attr_cache:
            return self._attr_cache[unit]
        found = []
        start, end = self.units[unit]
        for i in range(start, end):
            if self.in_quote[i] < 0 and self.may_cue[i]:
                attr = self._attribution(self.tokens[i])
                if attr is not None:
                    found.append(attr)
        self._attr_cache[unit] = found
        return found

    def _attribution(self, tok: ParsedToken) -> Attribution | None:
        """Return the attribution a token cues, or None when it cues nothing (see `_may_cue`)."""
        sp = self.speakers
        if tok.lower_ == "according" and tok.i + 1 < len(self.doc) and \
                self.tokens[tok.i + 1].lower_ == "to":
            to = self.tokens[tok.i + 1]
            head = next((c for c in to.children if c.dep_ == "pobj"), None)
            if head is None:
                head = next((c for c in tok.children if c.dep_ == "pobj"), None)
            attr = Attribution(tok, "speech", "according to", head)
            attr.speaker = sp.resolve(head)
            if head is not None and head.lemma_.lower() in self.lex.settings:
                attr.medium = sp.phrase(head)  # "according to a statement from the army"
            return attr
        if tok.pos_ not in ("VERB", "AUX"):
            return None
        role = self.lex.cue_role(tok.lemma_)
        if role is None:
            return None
        attr = Attribution(tok, role, tok.text)
        quoting = next((a for a in [tok, *tok.ancestors][:4] if a.lemma_.lower() == "quote"
                        and a.pos_ == "VERB"), None)
        if quoting is not None:
            # "Reuters quoted him as saying": the words are his, the outlet is the medium
            said = tok if quoting is not tok else next(
                (g for c in tok.children if c.lower_ == "as" for g in c.children
                 if g.pos_ == "VERB"), None)
            attr.cue_text = f"{quoting.text} ... as {said.text}" if said is not None \
                else tok.text
            source = sp.quoting_source(quoting)
            attr.medium = sp.phrase(source) if source is not None else None
        head = sp.subject_of(tok)
        if head is None and not sp.credits_nobody(tok):
            head = sp.after_cue(tok) if self._follows_quote(tok) else sp.person_before(tok)
        attr.speaker_head = head
        attr.speaker = sp.resolve(head)
        if role == "cite" and tok.lemma_.lower() == "translate" and head is not None:
            # "X translated the quote as": the words stay the earlier speaker's
            attr.medium = sp.phrase(head)
            attr.speaker = None
            attr.speaker_head = None
        attr.medium_pending = attr.medium is None
        attr.addressee = self.addressee_for(tok)
        if attr.addressee is not None and attr.speaker is not None and (
                attr.addressee.get("name") or attr.addressee.get("description")) in (
                attr.speaker.get("name"), attr.speaker.get("description")):
            attr.addressee = None  # an inverted cue's subject parsed as its object
        return attr

    def _follows_quote(self, cue: ParsedToken) -> bool:
        """Tell whether a cue comes right after a closing mark ("…,” said the minister)."""
        i = cue.i - 1
        while i >= 0 and (self.tokens[i].is_space or self.tokens[i].text in ",") and \
                self.in_quote[i] < 0:
            i -= 1
        return i >= 0 and self.in_quote[i] >= 0

    def medium_of(self, attr: Attribution) -> str | None:
        """Return an attribution's medium, looking up a pending one (most cues quote nothing)."""
        if attr.medium_pending:
            attr.medium, attr.medium_pending = self.medium_for(attr.cue), False
        return attr.medium

    def medium_for(self, cue: ParsedToken) -> str | None:
        """Return the medium phrase nearest a cue ("on Truth Social", "told Fox News")."""
        key = (self.unit_of[cue.i], cue.lemma_.lower() == "write")
        if key not in self._media_cache:
            self._media_cache[key] = self._media_phrases(*key)
        found = self._media_cache[key]
        outer = [f for f in found if not any(o != f and o[0] <= f[0] and f[1] <= o[1]
                                             for o in found)]
        if not outer:
            return None
        start, end = min(outer, key=lambda f: min(abs(f[0] - cue.i), abs(f[1] - cue.i)))
        unit_end = self.units[self.unit_of[cue.i]][1]
        while end + 1 < unit_end and self.in_quote[end + 1] < 0 and (
                self.tokens[end + 1].pos_ == "PROPN" or self.tokens[end + 1].pos_ == "DET"
                and end + 2 < unit_end and self.tokens[end + 2].pos_ == "PROPN"):
            end += 1  # the show after its network: "on Fox News’s The Ingraham Angle"
        while end > start and (self.tokens[end].is_punct or self.tokens[end].is_space):
            end -= 1
        return self.words(start, end).strip().rstrip(".,;:")

    def _media_phrases(self, unit: int, writing: bool) -> list[tuple[int, int]]:
        """Return the (first, last) tokens of the medium phrases of a unit, outside quotes.

        The same for every cue of the unit, but for the byline ("wrote for Reuters")
        that only a writing cue reads: kept per unit and kind of cue.
        """
        found: list[tuple[int, int]] = []
        lex = self.lex
        for tok in self.outside(unit):
            low = tok.lower_
            if tok.dep_ == "prep" or tok.pos_ == "ADP":
                pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
                if pobj is None or tok.i > 0 and self.tokens[tok.i - 1].lower_ == "according":
                    continue
                sub = self._sub(pobj)
                named = self._names_media(sub) or pobj.lemma_.lower() in lex.media_nouns
                byline = low == "for" and writing and pobj.pos_ == "PROPN"
                if (low in ("on", "via", "to", "for") and named) or byline or (
                        low in ("in", "at", "during") and pobj.lemma_.lower() in lex.settings):
                    found.append((tok.i, sub[-1].i))
            elif tok.lemma_.lower() == "tell" and tok.pos_ == "VERB":
                obj = self._told(tok)
                if obj is not None and (self._is_media(obj) or
                                        obj.lemma_.lower() in lex.settings):
                    found.append((tok.i, self._sub(obj)[-1].i))
        return found

    def _sub(self, head: ParsedToken) -> list[ParsedToken]:
        """Return a head's subtree within its sentence unit and outside quotes."""
        unit = self.unit_of[head.i]
        return [t for t in head.subtree if self.in_quote[t.i] < 0
                and self.unit_of[t.i] == unit] or [head]

    def _names_media(self, toks: list[ParsedToken]) -> bool:
        """Tell whether tokens name a platform or an outlet."""
        text = self.words(toks[0].i, toks[-1].i).replace("’", "'")
        return bool(self.media.search(text))

    def _is_media(self, head: ParsedToken) -> bool:
        """Tell whether a noun phrase is a medium (an outlet, platform or media noun)."""
        sub = self._sub(head)
        return self._names_media(sub) or any(t.lemma_.lower() in self.lex.media_nouns
                                             for t in sub if t.pos_ == "NOUN")

    def _told(self, verb: ParsedToken) -> ParsedToken | None:
        """Return the object of a telling verb (the dative first)."""
        objects = {c.dep_: c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj")}
        return objects.get("dative") or objects.get("iobj") or objects.get("dobj")

    def addressee_for(self, cue: ParsedToken) -> dict[str, Any] | None:
        """Return whom the words were addressed to ("told reporters", "told Zelensky")."""
        lemma = cue.lemma_.lower()
        head = None
        if lemma in ("tell", "ask"):
            head = self._told(cue)
        elif lemma in ("speak", "say", "write"):
            for child in cue.children:
                if child.dep_ == "prep" and child.lower_ in ("to", "with"):
                    head = next((c for c in child.children if c.dep_ == "pobj"), None)
                    break
        if head is None or self.in_quote[head.i] >= 0 or self._is_media(head) or \
                head.lemma_.lower() in self.lex.settings:
            return None
        span = self.speakers.actor_at.get(head.i)
        if span is not None and span.actor.get("participant") is False:
            return None  # a place or an outlet, not someone spoken to
        found = self.speakers.resolve(head)
        if found is not None and found.get("kind") == "anonymous" and head.tag_ in ("NNS", "NNPS"):
            found["kind"] = "group"
        return found

    # --- direct and partial quotes ------------------------------------------------------

    def candidates(self) -> list[Candidate]:
        """Turn each quotation-mark span into a candidate with its position."""
        out = []
        for index, span in enumerate(self.spans):
            first, last = self.token_range[index]
            if first < 0:
                continue
            unit = self.unit_of[first]
            lead = [t for t in self.tokens[self.units[unit][0]:first] if not t.is_space]
            at_start = all(t.text in BULLETS or (t.is_punct and self.in_quote[t.i] < 0)
                           for t in lead)
            para = self.para_of(span.open_at)
            cand = Candidate(span, first, last, unit, para, at_start,
                             parts=list(span.parts), title=para in self.titles)
            cand.kind = "direct" if at_start or (lead and lead[-1].text in DIRECT_AFTER) \
                else "partial"
            cand.words = len(self.quote_words(cand).split())
            out.append(cand)
        return out

    def quote_words(self, cand: Candidate) -> str:
        """Return the quoted text of a candidate, its parts joined by an ellipsis."""
        return PART_JOIN.join(self.text[a:b] for a, b in cand.parts)

    def choose(self, cand: Candidate, attrs: list[Attribution]) -> Attribution | None:
        """Pick the cue that introduces a quotation among its unit's cues."""
        usable = [a for a in attrs if (a.speaker is not None or a.role == "cite")
                  and a.role != "frame"]
        if cand.at_start:
            after = [a for a in usable if a.cue.i > cand.last]
            spoken = [a for a in after if a.role in SPEECH_ROLES or a.role == "cite"]
            # "“…” — that was how one diplomat described it" has only a characterising cue
            return (spoken or after or [None])[0]
        before = [a for a in usable if a.cue.i < cand.first]
        inside = [self.tokens[i] for i in range(cand.first, cand.last + 1)]
        governing = [a for a in before if any(a.cue in t.ancestors for t in inside)]
        # "Araghchi said Tehran would not respond unless Israel stopped its “aggression”":
        # a cue that is negated or only possible spoke no words; the one above it did
        spoken = [a for a in governing if not _unspoken(a.cue)]
        if spoken or governing:
            return (spoken or governing)[-1]
        if before:
            return before[-1]
        after = [a for a in usable if a.cue.i > cand.last]
        return after[0] if after else None

    def attribute(self, cands: list[Candidate]) -> None:
        """Attribute every candidate: its own cue, else the nearest-speaker rules."""
        last: tuple[int, int, Attribution] | None = None  # (paragraph, unit, attribution)
        by_unit: dict[int, list[Candidate]] = {}
        for cand in cands:
            by_unit.setdefault(cand.unit, []).append(cand)
        for unit in range(len(self.units)):
            attrs = self.attributions(unit)
            para = self.para_of(self.tokens[self.units[unit][0]].idx)
            for cand in by_unit.get(unit, []):
                attr = self.choose(cand, attrs)
                if attr is not None and attr.role == "cite" and attr.speaker is None and last:
                    attr = Attribution(attr.cue, attr.role, attr.cue_text, None,
                                       last[2].speaker, self.medium_of(attr), attr.addressee)
                if attr is None and cand.kind == "direct" and not cand.at_start and \
                        cand.words >= FALLBACK_MIN_WORDS:
                    attr = self._sentence_subject(unit)
                if attr is None:
                    attr = self._inherit(cand, last, para)
                    cand.inherited = attr is not None
                if attr is None and self._colon_before(cand):
                    attr = self._colon_speaker(cand)
                cand.attribution = attr
                if attr is not None and attr.speaker is not None:
                    last = (cand.para, unit, attr)
            spoken = [a for a in attrs if a.speaker is not None and (
                a.role in SPEECH_ROLES or a.role == "frame")]
            if spoken and not by_unit.get(unit):
                last = (para, unit, spoken[-1])

    def _inherit(self, cand: Candidate, last: tuple[int, int, Attribution] | None,
                 para: int) -> Attribution | None:
        """Apply the nearest-speaker rule to a quotation that has no cue of its own."""
        if last is None or cand.title:
            return None
        last_para, _, attr = last
        if last_para == para:
            return attr
        starts_para = cand.at_start and self._para_start(self.units[cand.unit][0])
        if starts_para and cand.kind == "direct" and last_para == para - 1:
            return attr
        return None

    def _sentence_subject(self, unit: int) -> Attribution | None:
        """Credit a quotation set off by a dash or colon to its sentence's named subject."""
        start, end = self.units[unit]
        subj = next((t for t in self.tokens[start:end] if t.dep_ == "nsubj" and
                     self.in_quote[t.i] < 0 and self.in_quote[t.head.i] < 0), None)
        if subj is None:
            return None
        speaker = self.speakers.resolve(subj)
        if speaker is None or not speaker.get("name"):
            return None
        # a copy: `_continues` tells cues apart by identity, and a fallback cue is its own
        verb = copy.copy(subj.head)
        return Attribution(verb, "speech", verb.text, subj, speaker, self.medium_for(verb))

    def _colon_before(self, cand: Candidate) -> bool:
        """Tell whether a quotation follows a colon and ends its sentence ("Name: “…”")."""
        rest = self.tokens[cand.last + 1:self.units[self.unit_of[cand.last]][1]]
        if any(not (t.is_punct or t.is_space) for t in rest):
            return False
        prev = cand.first - 1
        while prev >= 0 and self.tokens[prev].is_space:
            prev -= 1
        return prev >= 0 and self.tokens[prev].text == ":" and self.in_quote[prev] < 0

    def _colon_speaker(self, cand: Candidate) -> Attribution | None:
        """Credit "Name: “…”" (headlines, transcripts) to the name before the colon."""
        colon = self.tokens[cand.first - 1]
        while colon.is_space:
            colon = self.tokens[colon.i - 1]
        head = self.speakers.before_colon(colon)
        speaker = self.speakers.resolve(head)
        if speaker is None or head is None or head.pos_ == "NOUN" and not speaker.get("name"):
            return None
        return Attribution(colon, "speech", ":", head, speaker)

    def merge(self, cands: list[Candidate]) -> list[Candidate]:
        """Join the pieces of a quotation split by its attribution into one quote."""
        out: list[Candidate] = []
        for cand in cands:
            prev = out[-1] if out else None
            if prev is not None and self._continues(prev, cand):
                prev.parts.extend(cand.parts)
                prev.words += cand.words
                continue
            out.append(cand)
        return out

    def _continues(self, prev: Candidate, cand: Candidate) -> bool:
        """Tell whether a quotation goes on the previous one ("A," he said, "B")."""
        if prev.para != cand.para or prev.kind != "direct" or prev.attribution is None:
            return False
        attr = cand.attribution
        if prev.unit == cand.unit:
            if attr is None or attr.cue is not prev.attribution.cue:
                return False
            between = [t for t in self.tokens[prev.last + 1:cand.first]
                       if self.in_quote[t.i] < 0 and not t.is_space]
            split = prev.last < attr.cue.i < cand.first
            adjacent = all(t.is_punct for t in between)
            return split or adjacent
        return (cand.inherited and cand.at_start and cand.unit == prev.unit + 1
                and attr is prev.attribution)

    def keep(self, cand: Candidate, body_quotes: list[str]) -> bool:
        """Tell whether a candidate is a quote (not a scare quote, term, or title word)."""
        attr = cand.attribution
        if attr is None or attr.speaker is None or cand.words < self.min_words:
            return False
        if cand.words <= 2 and cand.inherited:
            return False  # a scare quote: one or two words with no cue of their own
        words = self.quote_words(cand)
        if cand.kind == "partial" and self._title_case(words) and cand.words <= 6:
            return False
        prev = self.tokens[cand.first - 1] if cand.first > 0 else None
        before = self.text[max(0, cand.span.open_at - 20):cand.span.open_at].split()
        if before and before[-1].lower() in TERM_BEFORE:
            return False
        if prev is not None and prev.lower_ == "the" and attr.role != "characterise" and \
                not any(t.pos_ in ("VERB", "AUX") for t in self.tokens[cand.first:cand.last]):
            return False  # "the “coalition of the willing”": a name in marks
        if cand.title:
            key = _norm(words)
            if cand.kind == "partial" or any(key in other for other in body_quotes):
                return False
        return True

    @staticmethod
    def _title_case(words: str) -> bool:
        """Tell whether quoted words are written like a title (“Coalition of the Willing”)."""
        tokens = [w for w in re.findall(r"[A-Za-z][\w'’-]*", words)]
        long = [w for w in tokens if len(w) >= 4]
        return bool(tokens) and tokens[0][0].isupper() and all(w[0].isupper() for w in long)

    # --- indirect speech -------------------------------------------------------------

    def indirect(self, used: set[int]) -> list[dict[str, Any]]:
        """Return reported speech ("X said that …", "according to X, …") as indirect quotes."""
        out = []
        for unit in range(len(self.units)):
            if self.para_of(self.tokens[self.units[unit][0]].idx) in self.titles:
                continue
            for attr in self.attributions(unit):
                if attr.speaker is None or attr.cue.i in used:
                    continue
                found = self._reported(attr, unit)
                if found is None:
                    continue
                start, end = found
                if len(self.text[start:end].split()) < MIN_INDIRECT_WORDS:
                    continue
                out.append(self.record(self.text[start:end], start, end, "indirect", attr,
                                       [(start, end)], attr.cue))
        return out

    def _reported(self, attr: Attribution, unit: int) -> tuple[int, int] | None:
        """Return the character span of what a cue reports, when no quotation holds it."""
        cue = attr.cue
        if attr.cue_text == "according to":
            return self._according(cue, unit)
        if cue.lemma_.lower() not in self.lex.indirect or any(c.dep_ == "neg"
                                                              for c in cue.children):
            return None  # "did not say when …" reports nothing said
        clause = next((c for c in cue.children if c.dep_ == "ccomp"), None)
        if clause is None:
            return None
        toks = list(clause.subtree)
        if any(self.in_quote[t.i] >= 0 for t in toks):
            return None
        return self._trimmed([t for t in toks if self.unit_of[t.i] == unit])

    def _according(self, cue: ParsedToken, unit: int) -> tuple[int, int] | None:
        """Return the clause reported by "according to X" before or after it."""
        toks = self.outside(unit)
        start, end = self.units[unit]
        if any(self.in_quote[i] >= 0 for i in range(start, end)):
            return None
        phrase = list(cue.subtree)
        if len(phrase) == 1:
            to = self.tokens[cue.i + 1]
            phrase = [cue, *to.subtree]
        lo, hi = phrase[0].i, max(t.i for t in phrase)
        before = [t for t in toks if t.i < lo]
        after = [t for t in toks if t.i > hi]
        side = after if len(after) > len(before) else before
        return self._trimmed(side)

    def _trimmed(self, toks: list[ParsedToken]) -> tuple[int, int] | None:
        """Return the character span of tokens without edge punctuation and a leading “that”."""
        toks = [t for t in toks if not t.is_space]
        while toks and (toks[0].is_punct or toks[0].dep_ == "mark" and toks[0].lower_ == "that"):
            toks.pop(0)
        while toks and toks[-1].is_punct:
            toks.pop()
        if not toks:
            return None
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        # A wire dateline ("CAIRO, July 8 (Agency) -") opens the sentence, not what was said.
        said = self.text[start:end]
        dateline = WIRE_DATELINE.match(said) or AGENCY_ONLY_DATELINE.match(said)
        if dateline:
            start += dateline.end()
            while start < end and self.text[start].isspace():
                start += 1
        return (start, end) if start < end else None

    # --- output ----------------------------------------------------------------------

    def record(self, text: str, start: int, end: int, kind: str, attr: Attribution | None,
               parts: list[tuple[int, int]], anchor: ParsedToken) -> dict[str, Any]:
        """Return one Quote dict in the key order of records.py."""
        date, precision = date_for(self.doc, attr.cue if attr else anchor)
        return {
            "text": text,
            "start": start,
            "end": end,
            "kind": kind,
            "speaker": attr.speaker if attr else None,
            "cue": None if attr is None else attr.cue_text,
            "medium": self.medium_of(attr) if attr else None,
            "addressee": attr.addressee if attr else None,
            "date": date,
            "date_precision": precision,
            "parts": [[a, b] for a, b in parts],
        }

    def run(self) -> list[dict[str, Any]]:
        """Return every quote of the Doc, direct and partial first checked, in text order."""
        cands = self.candidates()
        self.attribute(cands)
        cands = self.merge(cands)
        body = [_norm(self.quote_words(c)) for c in cands if not c.title]
        kept = [c for c in cands if self.keep(c, body)]
        quotes = []
        used: set[int] = set()
        for cand in kept:
            attr = cand.attribution
            cue_for_output = attr if not cand.inherited else _uncued(attr)
            if attr is not None and not cand.inherited:
                used.add(attr.cue.i)
            quotes.append(self.record(self.quote_words(cand), cand.parts[0][0], cand.parts[-1][1],
                                      cand.kind, cue_for_output, cand.parts,
                                      self.tokens[cand.first]))
        quotes.extend(self.indirect(used))
        quotes.sort(key=lambda q: (q["start"], q["end"]))
        return quotes


def _may_cue(tokens: list[ParsedToken]) -> list[bool]:
    """Return, per token, whether it can cue an attribution: a verb, or "according".

    Most tokens of a unit are neither; one pass over the copies spares testing them further.
    """
    return [token.pos_ in CUE_POS or token.lower_ == "according" for token in tokens]


def _uncued(attr: Attribution | None) -> Attribution | None:
    """Return an attribution that keeps the speaker but not the cue (nearest-speaker rule)."""
    if attr is None:
        return None
    return Attribution(attr.cue, attr.role, None, attr.speaker_head, attr.speaker, attr.medium,
                       None, attr.medium_pending)


def _norm(text: str) -> str:
    """Lowercase a text and keep only its words, for comparing quotes."""
    return " ".join(re.sub(r"[^\w ]+", " ", text.lower()).split())


def _unspoken(cue: ParsedToken) -> bool:
    """Tell a cue verb that is negated or modal ("would not respond"): no speech happened."""
    return any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in UNSPOKEN_AUX)
               for c in cue.children)
