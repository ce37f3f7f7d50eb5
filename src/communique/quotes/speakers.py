"""Find who speaks: the subject of a cue, resolved to an actor, a state or an anonymous source.

Reads the parse (dependencies, POS, entities) and the actors component's
mentions (``doc.spans["actors"]`` with ``span._.actor``, pronoun and title
mentions included; the longest mention over a token wins, so "another European
diplomat" stays one anonymous speaker rather than the group inside it). When no
actor mention covers a speaker, the spaCy entity gives the name. "He"/"she" go
to a named person subject of the same or the previous sentence first, then to
the actors' coreference, then to the nearest person subject further back.
"""

from __future__ import annotations

import logging
from typing import Any, NamedTuple

from spacy.tokens import Doc

from communique.nlp.extensions import span_value, text_of
from communique.nlp.tokens import ParsedToken, parsed_tokens
from communique.quotes.lexicon import Lexicon

log = logging.getLogger(__name__)

ACTOR_KEYS = ("name", "kind", "country", "sector", "code", "kb_id")
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her", "them"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i"})
RELATIVES = frozenset({"who", "which", "that"})
# determiners that make a speaker noun an unnamed individual or a vague set
QUANTIFIERS = frozenset({"a", "an", "another", "one", "two", "three", "four", "several", "some",
                         "many", "few", "other", "numerous", "multiple", "various", "senior"})
ENTITY_KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "state", "NORP": "group"}
# clauses hanging off a subject that are not part of its name or title
NP_CUT = frozenset({"relcl", "acl", "advcl", "parataxis", "ccomp"})
CLIMB = frozenset({"conj", "advcl", "xcomp", "acl", "pcomp", "relcl", "prep", "pobj", "dep",
                   "ccomp", "advmod", "npadvmod", "appos", "oprd"})
ANTECEDENT_WINDOW = 120
# prepositions that tie a speaker noun to whom it belongs ("officials from the EU")
OWNER_PREPS = frozenset({"of", "from", "for", "at", "with"})


def speaker_dict(actor: dict[str, Any] | None, description: str | None, mention: str | None,
                 kind: str | None = None) -> dict[str, Any]:
    """Return a speaker: an ActorRef plus description and surface mention."""
    out: dict[str, Any] = {key: (actor or {}).get(key) for key in ACTOR_KEYS}
    if kind:
        out["kind"] = kind
    out["description"] = description
    out["mention"] = mention
    return out


def anonymous(description: str, mention: str | None = None) -> dict[str, Any]:
    """Return an unnamed speaker that keeps its description ("a senior official")."""
    return speaker_dict(None, description, mention or description, kind="anonymous")


def is_passive(verb: ParsedToken) -> bool:
    """Tell whether a verb is passive: a passive auxiliary or subject, or a bare past
    participle opening a clause ("Asked about the talks, the minister said …")."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    return verb.tag_ == "VBN" and verb.dep_ == "advcl" and verb.i < verb.head.i and not any(
        c.dep_ in ("aux", "nsubj") for c in verb.children)


def strip_name(text: str) -> str:
    """Drop a leading article and a trailing possessive from an entity's text."""
    for lead in ("the ", "The "):
        if text.startswith(lead):
            text = text[len(lead):]
    for tail in ("'s", "’s", "'", "’"):
        if text.endswith(tail):
            text = text[: -len(tail)]
    return text.strip()


class Mention(NamedTuple):
    """An actor mention as plain values: its tokens [start, end), its text and its actor."""

    start: int
    end: int
    text: str
    actor: dict[str, Any]


def actor_mentions(doc: Doc, tokens: list[ParsedToken], text: str) -> list[Mention]:
    """Return the Doc's actor mentions (``doc.spans["actors"]``) that have an actor.

    The actor is read with `span_value` (no ``span._`` accessor per span), at offsets
    taken from the token copies rather than the Span.
    """
    found = []
    for span in doc.spans.get("actors", []):
        start, end = span.start, span.end
        if end <= start:
            continue  # covers no token
        first, last = tokens[start].idx, tokens[end - 1].idx + len(tokens[end - 1].text)
        actor = span_value(doc, "actor", first, last)
        if actor:
            found.append(Mention(start, end, text[first:last], actor))
    return found


class Speakers:
    """Resolve cue subjects and noun phrases of one Doc to speaker dicts."""

    def __init__(self, doc: Doc, lexicon: Lexicon, in_quote: list[int], unit_of: list[int]):
        """Index the actor mentions of the Doc by token."""
        self.doc = doc
        self.tokens = parsed_tokens(doc)
        self.text = text_of(doc)
        self.lex = lexicon
        self.in_quote = in_quote
        self.unit_of = unit_of
        self.actor_at: dict[int, Mention] = {}
        for mention in actor_mentions(doc, self.tokens, self.text):
            for i in range(mention.start, mention.end):
                held = self.actor_at.get(i)
                if held is None or mention.end - mention.start > held.end - held.start:
                    self.actor_at[i] = mention

    # --- finding the speaker token -------------------------------------------------

    def credits_nobody(self, cue: ParsedToken) -> bool:
        """Tell whether a cue sits in an agentless passive ("was described as …")."""
        tok = cue
        for _ in range(6):
            if tok.pos_ in ("VERB", "AUX"):
                if is_passive(tok):
                    return self._agent(tok) is None and tok.lemma_.lower() != "quote"
                if any(c.dep_ == "nsubj" for c in tok.children):
                    return False
            if tok.dep_ not in CLIMB or tok.head is tok:
                return False
            tok = tok.head
        return False

    def subject_of(self, cue: ParsedToken) -> ParsedToken | None:
        """Return the head of a cue verb's speaker, climbing participles and conjuncts."""
        tok = cue
        for step in range(6):
            if step and tok.pos_ in ("PROPN", "NOUN") and tok.dep_ in ("ROOT", "nsubj") and (
                    tok.ent_type_ == "PERSON" or tok.i in self.actor_at):
                return tok  # "Rutte, speaking on Fox, called …" parsed as a fragment
            if tok.lemma_.lower() == "quote" and tok.pos_ == "VERB":
                return self._quoted_as(tok)
            if tok.pos_ in ("VERB", "AUX"):
                if is_passive(tok):
                    return self._agent(tok)
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                if subj is not None and self.unit_of[subj.i] != self.unit_of[cue.i]:
                    return None  # the parse ran over a headline or paragraph break
                if subj is not None:
                    if subj.lower_ in RELATIVES and tok.dep_ == "relcl":
                        return tok.head
                    return subj
                if tok.dep_ == "relcl":
                    return tok.head
            if tok.dep_ not in CLIMB or tok.head is tok:
                return None
            tok = tok.head
        return None

    def _agent(self, verb: ParsedToken) -> ParsedToken | None:
        """Return the by-agent of a passive verb, or None."""
        for child in verb.children:
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        return None  # a passive with no agent credits nobody

    def _quoted_as(self, verb: ParsedToken) -> ParsedToken | None:
        """Return who is quoted by "X quoted Y as saying" / "Y was quoted as saying"."""
        if is_passive(verb):
            return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        return next((c for c in verb.children if c.dep_ == "dobj"), None)

    def quoting_source(self, verb: ParsedToken) -> ParsedToken | None:
        """Return the outlet that quotes someone ("Reuters quoted him as saying")."""
        if verb.lemma_.lower() != "quote":
            return None
        if is_passive(verb):
            return self._agent(verb)
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)

    def after_cue(self, cue: ParsedToken, limit: int = 12) -> ParsedToken | None:
        """Return the head of the first noun phrase after an inverted cue ("said the minister")."""
        stop = min(len(self.doc), cue.i + limit)
        for tok in self.tokens[cue.i + 1: stop]:
            if self.in_quote[tok.i] >= 0 or self.unit_of[tok.i] != self.unit_of[cue.i]:
                return None
            if tok.pos_ in ("PROPN", "NOUN", "PRON") or tok.ent_type_ in ENTITY_KINDS:
                head = tok
                while (head.dep_ in ("compound", "poss", "amod", "nmod", "case", "det")
                       and head.head.i > head.i and head.head.i < stop):
                    head = head.head
                return head
            if tok.pos_ in ("VERB", "AUX") or tok.text in ".;!?":
                return None
        return None

    def person_before(self, cue: ParsedToken) -> ParsedToken | None:
        """Return the first named person of the cue's sentence before it (a parse fallback)."""
        for i in range(cue.i - 1, -1, -1):
            if self.unit_of[i] != self.unit_of[cue.i]:
                break
        else:
            i = -1
        for tok in self.tokens[i + 1:cue.i]:
            if self.in_quote[tok.i] >= 0 or tok.dep_ == "pobj":
                continue
            span = self.actor_at.get(tok.i)
            if span is not None and span.actor.get("kind") == "person":
                return self.tokens[span.end - 1]
            if span is None and tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN":
                end = tok.i
                while end + 1 < cue.i and self.tokens[end + 1].ent_iob_ == "I":
                    end += 1
                return self.tokens[end]
        first = next((t for t in self.tokens[i + 1:cue.i] if self.in_quote[t.i] < 0
                      and not t.is_space and not t.is_punct), None)
        if first is not None and first.pos_ in ("NOUN", "PROPN", "DET", "ADJ", "NUM"):
            # a sentence that opens with its speaker: "Negotiators in Cairo said …"
            head = first
            while head.head.i < cue.i and head.head.i > head.i and head.dep_ in (
                    "det", "amod", "compound", "nummod", "poss", "case", "nmod"):
                head = head.head
            if head.pos_ in ("NOUN", "PROPN") and self.unit_of[head.i] == self.unit_of[cue.i]:
                return head
        return None

    def before_colon(self, colon: ParsedToken) -> ParsedToken | None:
        """Return the head of a noun phrase ending right before a colon ("Zelensky: …")."""
        if colon.i == 0:
            return None
        tok = self.tokens[colon.i - 1]
        if tok.pos_ not in ("PROPN", "NOUN", "PRON"):
            return None
        return tok

    # --- resolving a speaker token -------------------------------------------------

    def noun_class(self, tok: ParsedToken) -> str | None:
        """Return the speaker-noun class of a token (a capitalised plural is lemmatised here)."""
        lemma = tok.lemma_.lower()
        found = self.lex.speaker_nouns.get(lemma)
        if found is None and lemma.endswith("s") and tok.text[:1].isupper():
            found = self.lex.speaker_nouns.get(lemma[:-1])
        return found

    def resolve(self, head: ParsedToken | None) -> dict[str, Any] | None:
        """Return the speaker dict for the head token of a speaker phrase, or None."""
        if head is None:
            return None
        description = self.phrase(head)
        span = self.actor_at.get(head.i)
        if head.lower_ in PRONOUNS or head.pos_ == "PRON":
            return self._pronoun(head)
        if head.lemma_.lower() in self.lex.settings and span is None:
            author = self.author_of(head)
            return self.resolve(author) if author is not None else None
        noun_class = self.noun_class(head)
        if span is not None and not (noun_class == "person" and head.pos_ == "NOUN" and
                                     span.actor.get("kind") in ("state", "organisation",
                                                                  "group")):
            return speaker_dict(span.actor, description, span.text)
        appos = self._appos_actor(head)
        if appos is not None:
            return speaker_dict(appos.actor, description, appos.text)
        if noun_class is not None and (head.pos_ == "NOUN" or head.text.islower() or
                                       head.ent_type_ not in ("PERSON", "ORG", "GPE")):
            named = self._appos_person(head) or self._person_after(head)
            if named is not None:
                return named
            return self._speaker_noun(head, noun_class, description)
        entity = self._entity(head)
        if entity is not None:
            return entity
        if head.pos_ == "PROPN" or (head.pos_ == "NOUN" and head.text[:1].isupper()
                                    and head.tag_ not in ("NNS", "NNPS")):
            names = [t for t in head.subtree if t.pos_ == "PROPN" and self.in_quote[t.i] < 0
                     and (t.i == head.i or t.dep_ in ("compound", "flat"))]
            name = strip_name(" ".join(t.text for t in names) or head.text)
            return speaker_dict({"name": name, "kind": None}, description, description)
        if head.pos_ == "NOUN":
            return anonymous(description)
        return None

    def author_of(self, setting: ParsedToken) -> ParsedToken | None:
        """Return who issued a statement, readout or report ("a statement from the army")."""
        for child in setting.children:
            if child.dep_ == "poss":
                return child
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        return None

    def phrase(self, head: ParsedToken) -> str:
        """Return the text of the noun phrase headed by a token, without its clauses."""
        cut: set[int] = set()
        for child in head.children:
            if child.dep_ in NP_CUT:
                cut.update(t.i for t in child.subtree)
        keep = [t for t in head.subtree if t.i not in cut and self.in_quote[t.i] < 0
                and self.unit_of[t.i] == self.unit_of[head.i]]
        while keep and (keep[0].is_punct or keep[0].dep_ == "cc"):
            keep.pop(0)
        while keep and (keep[-1].is_punct or keep[-1].dep_ == "cc"):
            keep.pop()
        if not keep:
            return head.text
        return self.text[keep[0].idx:keep[-1].idx + len(keep[-1].text)]

    def _appos_actor(self, head: ParsedToken) -> Mention | None:
        """Return a person actor in apposition to a head noun."""
        for child in head.children:
            if child.dep_ == "appos":
                for tok in child.subtree:
                    span = self.actor_at.get(tok.i)
                    if span is not None and span.actor.get("kind") == "person":
                        return span
        return None

    def _appos_person(self, head: ParsedToken) -> dict[str, Any] | None:
        """Return the named person in apposition ("the defence minister, Boris Pistorius")."""
        for child in head.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                return self._entity(child)
        return None

    def _person_after(self, head: ParsedToken) -> dict[str, Any] | None:
        """Return the name closing a title phrase ("the chairman of Acme Corp Jim Press")."""
        for tok in head.subtree:
            if tok.i <= head.i or self.in_quote[tok.i] >= 0 or tok.pos_ != "PROPN":
                continue
            if any(a.dep_ == "prep" and a.lower_ != "of" for a in tok.ancestors
                   if a.i > head.i and head in a.ancestors):
                continue
            span = self.actor_at.get(tok.i)
            if span is not None and span.actor.get("kind") == "person":
                return speaker_dict(span.actor, self.phrase(head), span.text)
            if span is None and tok.ent_type_ == "PERSON" and (
                    tok.i + 1 >= len(self.doc) or self.tokens[tok.i + 1].ent_iob_ != "I"):
                return self._entity(tok)
        return None

    def _modifier_actor(self, head: ParsedToken) -> Mention | None:
        """Return the actor that a speaker noun belongs to ("Russia’s foreign ministry")."""
        close, far = [], []
        own = self.actor_at.get(head.i)
        if own is not None and own.actor.get("kind") in ("state", "organisation", "group"):
            close.append(own)  # "European diplomat" marked whole as the group
        for child in head.children:
            target = close if child.dep_ in ("poss", "compound", "amod", "nmod") else far
            if child.dep_ in ("poss", "compound", "amod", "nmod") or (
                    child.dep_ == "prep" and child.lower_ in OWNER_PREPS):
                for tok in child.subtree:
                    span = self.actor_at.get(tok.i)
                    if span is not None and span.actor.get("participant") is not False:
                        target.append(span)
        found = close or far
        return found[0] if found else None

    def _speaker_noun(self, head: ParsedToken, noun_class: str, description: str) -> dict[str, Any]:
        """Resolve "the foreign ministry", "U.S. officials", "a senior diplomat"."""
        owner = self._modifier_actor(head)
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                       for c in head.children)
        short = not any(c.dep_ in ("prep", "appos", "conj") for c in head.children)
        if noun_class in ("title", "org") and definite and short and \
                head.tag_ not in ("NNS", "NNPS"):
            found = self._antecedent(head, want_person=noun_class == "title",
                                     same_sentence_first=noun_class == "org")
            if found is not None:
                found["description"] = description
                found["mention"] = description
                return found
        if noun_class == "body":
            if owner is not None:
                return speaker_dict(owner.actor, description, description)
            return anonymous(description)
        plural = head.tag_ in ("NNS", "NNPS")
        quantified = any(c.dep_ in ("det", "nummod", "amod") and (c.lower_ in QUANTIFIERS
                                                                   or c.like_num)
                         for c in head.children)
        if plural and not quantified and owner is not None and owner.actor.get("kind") in (
                "state", "organisation"):
            return speaker_dict(owner.actor, description, description)
        return anonymous(description)

    def _entity(self, head: ParsedToken) -> dict[str, Any] | None:
        """Return a speaker built from the spaCy entity over a token."""
        if head.ent_type_ not in ENTITY_KINDS:
            return None
        for ent in self.doc.ents:
            if ent.start <= head.i < ent.end:
                kind = ENTITY_KINDS[ent.label_]
                owner = [t for t in ent if t.tag_ == "POS" and t.i < head.i]
                if owner:  # "the Quincy Institute’s Mark Episkopos": the name after the owner
                    ent = self.doc[owner[-1].i + 1:ent.end]
                    kind = "person" if head.pos_ == "PROPN" else kind
                return speaker_dict({"name": strip_name(ent.text), "kind": kind},
                                    self.phrase(head), ent.text)
        return None

    def _pronoun(self, pron: ParsedToken) -> dict[str, Any] | None:
        """Resolve a pronoun: a person subject of this or the last sentence, else the actors
        component's coreference, else the nearest person subject further back."""
        local = self._local_subject(pron)
        if local is None and pron.lower_ in ("they", "them"):
            local = self._plural_subject(pron)
            if local is not None and not local.get("name"):
                local = None  # "sources … they said": let the actors' group decide
        if local is not None:
            local["mention"] = pron.text
            local["description"] = None
            return local
        span = self.actor_at.get(pron.i)
        if span is not None:
            return speaker_dict(span.actor, None, pron.text)
        found = self._antecedent(pron)
        if found is None:
            return None
        found["mention"] = pron.text
        found["description"] = None
        return found

    def _antecedent(self, pron: ParsedToken, want_person: bool | None = None,
                    same_sentence_first: bool = False) -> dict[str, Any] | None:
        """Return the nearest preceding subject that can be a pronoun's (or title's) referent.

        With `same_sentence_first`, a name earlier in the same sentence wins ("In a
        statement on the Acme website, the company said").
        """
        if want_person is None:
            want_person = pron.lower_ in PERSON_PRONOUNS
        if pron.lower_ in ("they", "them"):
            return self._plural_subject(pron)
        if same_sentence_first:
            for i in range(pron.i - 1, -1, -1):
                if self.unit_of[i] != self.unit_of[pron.i]:
                    break
                found = None if self.in_quote[i] >= 0 else self._referent(self.tokens[i],
                                                                          want_person)
                if found is not None:
                    return found
        first_any = None
        seen = 0
        for i in range(pron.i - 1, -1, -1):
            tok = self.tokens[i]
            if self.in_quote[i] >= 0:
                continue
            seen += 1
            if seen > ANTECEDENT_WINDOW:
                break
            found = self._referent(tok, want_person)
            if found is None:
                continue
            if self._is_subject(tok):
                return found
            if first_any is None:
                first_any = found
        return first_any

    def _local_subject(self, pron: ParsedToken) -> dict[str, Any] | None:
        """Return the named person subject of the pronoun's sentence or the one before it."""
        if pron.lower_ not in PERSON_PRONOUNS:
            return None
        unit = self.unit_of[pron.i]
        for i in range(pron.i - 1, -1, -1):
            if self.unit_of[i] < unit - 1:
                break
            tok = self.tokens[i]
            if self.in_quote[i] >= 0 or not self._is_subject(tok) or tok.pos_ != "PROPN":
                continue
            span = self.actor_at.get(i)
            if span is not None and span.actor.get("kind") == "person" and \
                    span.actor.get("name"):
                return speaker_dict(span.actor, None, span.text)
            if span is None and tok.ent_type_ == "PERSON":
                return self._entity(tok)
        return None

    def _plural_subject(self, pron: ParsedToken) -> dict[str, Any] | None:
        """Return the nearest plural subject before "they" ("officials …, they said")."""
        seen = 0
        for i in range(pron.i - 1, -1, -1):
            if self.in_quote[i] >= 0:
                continue
            seen += 1
            if seen > ANTECEDENT_WINDOW:
                break
            tok = self.tokens[i]
            if tok.dep_ == "nsubj" and tok.tag_ in ("NNS", "NNPS"):
                return self.resolve(tok)
        return None

    def _referent(self, tok: ParsedToken, want_person: bool) -> dict[str, Any] | None:
        """Return the speaker a token can stand for as an antecedent, or None."""
        span = self.actor_at.get(tok.i)
        if span is not None and tok.i == span.end - 1:
            is_person = span.actor.get("kind") == "person"
            if is_person == want_person and span.actor.get("name"):
                return speaker_dict(span.actor, None, span.text)
            return None
        if span is None and want_person and tok.pos_ == "PROPN" and not tok.ent_type_ and \
                tok.dep_ == "nsubj":
            return self.resolve(tok)  # a name the entity recogniser missed
        if span is None and tok.ent_iob_ in ("B", "I") and tok.ent_type_ in ENTITY_KINDS:
            is_person = tok.ent_type_ == "PERSON"
            nxt = self.tokens[tok.i + 1] if tok.i + 1 < len(self.doc) else None
            last = nxt is None or nxt.ent_iob_ != "I"
            if last and is_person == want_person:
                return self._entity(tok)
        return None

    @staticmethod
    def _is_subject(tok: ParsedToken) -> bool:
        """Tell whether a token heads (or sits in the name of) a clause subject."""
        head = tok
        while head.dep_ in ("compound", "flat", "appos") and head.head is not head:
            head = head.head
        return head.dep_ in ("nsubj", "nsubjpass")
