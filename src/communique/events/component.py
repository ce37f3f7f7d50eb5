"""The events component: who did what to whom, when, coded in CAMEO, PLOVER and a coarse type."""

from __future__ import annotations

import logging
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from communique.events import codes
from communique.events.frames import (
    FIRST_PERSON,
    SUBJECT_PRONOUNS,
    Candidate,
    SentenceMatcher,
    ccomp_of,
    is_venue,
    lemma,
    logical_subject,
    phrase_text,
    pobjects,
    prep_children,
    same_actor,
    xcomp_of,
)
from communique.events.patterns import dictionary, discourse_cues, modality_cues, offdomain_words
from communique.nlp.extensions import span_value, text_of
from communique.nlp.tokens import (
    ParsedToken,
    parsed_tokens,
    reattach_reduced_relatives,
    relabel_passive_control_infinitives,
)
from communique.temporal.anchor import date_for
from communique.temporal.discourse import date_repeated_mentions

log = logging.getLogger(__name__)

ACTOR_REF_KEYS = ("name", "kind", "country", "sector", "code", "kb_id")
SPEAKER_UNREAL = frozenset({"planned", "hypothetical"})


@Language.factory(
    "communique_events",
    assigns=["doc._.events"],
    requires=["token.dep", "token.lemma", "doc.sents", "doc.spans", "doc._.quotes"],
)
def make_events(nlp: Language, name: str) -> EventsComponent:
    """Build the events component."""
    return EventsComponent()


class EventsComponent:
    """Find events in each sentence and write them to ``doc._.events``.

    Reads the dependency parse (walked as ``nlp.tokens.parsed_tokens`` copies, which are
    cheap to walk again and again), ``doc.spans["actors"]`` (``span._.actor``),
    ``doc._.quotes`` (to mark events inside direct quotes) and the temporal
    anchor ``date_for`` (``date_repeated_mentions`` then dates a repeated mention
    from the mention the article dates). Loads ``events/data/triggers.jsonl`` (the pattern
    dictionary), ``modality.jsonl``, ``offdomain.tsv`` and ``cameo.tsv``.
    Writes one Event dict (records.py) per event; negated, planned,
    hypothetical and conditional events are kept with that modality.
    """

    def __init__(self) -> None:
        """Load the dictionary, cues and word lists once."""
        self.dictionary = dictionary()
        self.cues = modality_cues()
        self.offdomain = offdomain_words()
        # the phrases among them are looked for in the sentence text, not among its words
        self.offdomain_phrases = tuple(word for word in self.offdomain if " " in word)
        self.discourse = discourse_cues()
        self._venues = self.dictionary.venues

    def __call__(self, doc: Doc) -> Doc:
        """Annotate a Doc with its events."""
        index = ActorIndex(doc)
        tokens = parsed_tokens(doc)
        quotes = _direct_quotes(doc._.quotes)
        events: list[dict[str, Any]] = []
        recipients: list[dict[str, Any]] = []
        pairs: dict[str, tuple[int, list[dict[str, Any]]]] = {}
        recipients_at = -1
        for number, sent in enumerate(doc.sents):
            words = tokens[sent.start : sent.end]
            reattach_reduced_relatives(words)
            relabel_passive_control_infinitives(words, self.cues.object_control)
            if self._off_domain(sent, words, index):
                continue
            if number - recipients_at > 2:
                recipients = []
            self._resolve_pairs(words, number, index, pairs)
            matcher, found = self._match_sentence(words, index, quotes)
            if self._remember_pairs(found, number, pairs) and self._resolve_pairs(
                words, number, index, pairs
            ):
                # "The two leaders agreed...," said X, referring to Trump's call with Zelensky
                matcher, found = self._match_sentence(words, index, quotes)
            elif self._resolve_pairs(words, number, index, pairs, signed=True):
                # "...signed the deal. Trump received both ministers": two who signed together
                matcher, found = self._match_sentence(words, index, quotes)
            for cand in found:
                if cand.type == "attack" and not cand.targets:
                    # the one other country named, unless it is a commentator acting in the sentence
                    speakers = [s for c in found if c is not cand for s in c.sources]
                    cand.targets = [
                        t
                        for t in self._attacked(words, index, cand, self._venues)
                        if not any(
                            same_actor(t, s) or t.get("country") == s.get("country")
                            for s in speakers
                        )
                    ]
                if cand.type == "aid" and not cand.targets and recipients:
                    # "...peacekeepers sent to Ukraine. Only Britain and France said they would send
                    # troops": the recipient named just before stays the topic
                    cand.targets = [
                        r for r in recipients if not any(same_actor(r, s) for s in cand.sources)
                    ]
            named = self._recipients(matcher)
            if named:
                recipients, recipients_at = named, number
            self._remember_pairs(found, number, pairs)
            for cand in found:
                if self._claimed_violation(cand, found):
                    cand.modality, cand.modality_cue = "alleged", "say"
            events += _distinct(
                [self._event(doc, sent, number, cand, quotes) for cand in found if _coded(cand)]
            )
        doc._.events = date_repeated_mentions(events, doc._.pub_date)
        return doc

    def _match_sentence(
        self, words: list[ParsedToken], index: ActorIndex, quotes: list[dict[str, Any]]
    ) -> tuple[SentenceMatcher, list[Candidate]]:
        """Match the triggers of a sentence (its parsed tokens) and read its speech acts."""
        matcher = SentenceMatcher(
            words,
            self.dictionary,
            self.cues,
            index,
            speaker_at=lambda tok: _speaker_ref(_quote_at(quotes, tok)),
        )
        found = list(matcher.candidates())
        return matcher, found + self._speech_acts(matcher, found)

    @staticmethod
    def _remember_pairs(
        found: list[Candidate], number: int, pairs: dict[str, tuple[int, list[dict[str, Any]]]]
    ) -> bool:
        """Note the last two parties that met or fought; tell whether any pair was noted."""
        noted = False
        for cand in found:
            parties = cand.sources + [
                t for t in cand.targets if not any(same_actor(t, s) for s in cand.sources)
            ]
            real = cand.modality in ("asserted", "alleged")
            # "A and B agreed / signed ...": the two who agreed together ("the two sides")
            signed = cand.type == "agree" and (cand.symmetric or cand.code.startswith("057"))
            if (cand.type in ("consult", "attack") or signed) and len(parties) == 2 and real:
                pairs[cand.type] = (number, parties)
                noted = True
        return noted

    def _resolve_pairs(
        self,
        words: list[ParsedToken],
        number: int,
        index: ActorIndex,
        pairs: dict[str, tuple[int, list[dict[str, Any]]]],
        signed: bool = False,
    ) -> bool:
        """Point "their talks", "the two leaders", "both sides" at the last pair that met or fought.

        Only within three sentences of that pair, and only where the actors stage found nobody;
        with `signed`, a pair that signed an agreement together stands in for one that met or
        fought. Tell whether any reference was resolved.
        """
        fresh = {kind for kind, (at, _) in pairs.items() if number - at <= 3}
        if not fresh:
            return False  # no pair within three sentences: no word needs looking at
        resolved = False
        for token in words:
            if token.pos_ != "NOUN" and token.lower_ != "their":
                continue  # _pair_kind reads only "their" and nouns
            kind = self._pair_kind(token)
            if kind is None or index.at(token):
                continue
            if signed and kind in ("consult", "attack") and kind not in fresh:
                kind = "agree"  # "both sides", "the two leaders": the two who signed together
            if kind not in fresh:
                continue
            parties = pairs[kind][1]
            if lemma(token) in self.discourse["pair_persons"] and any(
                p.get("kind") != "person" for p in parties
            ):
                continue  # "both leaders" are two people, not the two states that met
            index.by_token[token.i] = parties
            resolved = True
        return resolved

    def _pair_kind(self, token: ParsedToken) -> str | None:
        """Return which pair a plural reference needs: 'consult' ("their talks") or 'attack'."""
        word = token.lower_
        if (
            word == "their"
            and token.dep_ == "poss"
            and lemma(token.head) in self.dictionary.classes.get("consult_noun", frozenset())
        ):
            return "consult"
        if token.pos_ != "NOUN" or not any(c.lower_ in ("two", "both") for c in token.children):
            return None
        if lemma(token) in self.discourse["pair_consult"]:
            return "consult"
        if lemma(token) in self.discourse["pair_attack"]:
            return "attack"
        return None

    @staticmethod
    def _attacked(
        words: list[ParsedToken], index: ActorIndex, cand: Candidate, venues: frozenset[str]
    ) -> list[dict[str, Any]]:
        """Return the one other state a sentence names, as the target of an attack with none.

        "Russian forces launched drone strikes on energy facilities, Ukrainian officials said":
        when a sentence about an attack names a single other country, that is the side attacked.
        """
        countries = {s.get("country") for s in cand.sources}
        others: dict[str, dict[str, Any]] = {}
        for token in words:
            if is_venue(token, index.at(token), venues):
                continue  # "violated the Geneva agreement": Switzerland was attacked by nobody
            for actor in index.at(token):
                country = actor.get("country")
                if (
                    actor.get("kind") in ("state", "person", "organisation")
                    and country
                    and (country not in countries)
                ):
                    others.setdefault(country, actor)
        if len(others) != 1:
            return []
        only = next(iter(others.values()))
        if only.get("kind") != "state":
            only = {
                "name": only.get("country"),
                "kind": "state",
                "country": only.get("country"),
                "sector": None,
                "code": (only.get("code") or "")[:3] or None,
                "kb_id": None,
            }
        return [only]

    def _recipients(self, matcher: SentenceMatcher) -> list[dict[str, Any]]:
        """Return who a sentence says aid or troops go to, whoever sends them (or may send them)."""
        out: list[dict[str, Any]] = []
        for token in matcher.triggerable():
            for trig, parts in matcher.matches(token):
                word = lemma(token)
                typ = trig.type_for(trig.code_for(word), word)
                if typ != "aid" and not trig.cameo.startswith(("07", "033")):
                    continue
                cand = matcher.build(token, trig, parts, require_source=False)
                if cand is not None and cand.targets:
                    out += [t for t in cand.targets if not any(same_actor(t, o) for o in out)]
                break
        return out

    def _off_domain(self, sent: Span, words: list[ParsedToken], index: ActorIndex) -> bool:
        """Tell whether a sentence is about sport, business or culture ("Arab League" aside)."""
        for token in words:
            if (
                token.pos_ == "NOUN"
                and (token.lower_ in self.offdomain or lemma(token) in self.offdomain)
                and not index.at(token)
                and not self._nearby(token)
            ):
                return True
        text = _sentence_text(sent).lower()
        return any(phrase in text for phrase in self.offdomain_phrases)

    def _nearby(self, token: ParsedToken) -> bool:
        """Tell a word inside a phrase that only sets the scene near a place ("protested close
        to the stadium where the Olympics open")."""
        nearby = self.discourse["nearby"]
        return any(
            node.dep_ == "prep"
            and (
                node.lower_ in nearby
                or (node.lower_ in ("to", "of") and node.head.lower_ in nearby)
            )
            for node in token.ancestors
        )

    def _speech_acts(self, matcher: SentenceMatcher, found: list[Candidate]) -> list[Candidate]:
        """Read demands and pledges made through a reporting verb ('said Russia must')."""
        out: list[Candidate] = []
        used = {c.token.i for c in found}
        for token in matcher.tokens:
            if token.pos_ not in ("VERB", "AUX") or lemma(token) not in self.cues.speech:
                continue
            clause = ccomp_of(token)
            if clause is None:
                # "made it clear that...", "was adamant that..."
                clause = next(
                    (
                        ccomp_of(c)
                        for c in token.children
                        if c.dep_ in ("oprd", "acomp") and ccomp_of(c) is not None
                    ),
                    None,
                )
            if clause is None:
                continue
            speakers = [
                s
                for s in matcher.actors_of(logical_subject(token, self.cues))
                if s.get("sector") != "MED"
            ]
            if not speakers:
                continue
            for part in (clause, *clause.conjuncts):
                # "said Israel would enforce the truce and would strike anywhere": each act said
                coded = token.i in used or part is not clause  # one demand per saying
                act = self._reported_act(matcher, token, part, speakers, coded)
                if act is not None and not any(
                    (a.type, a.token.i) == (act.type, act.token.i) for a in out
                ):
                    out.append(act)
        return out

    def _reported_act(
        self,
        matcher: SentenceMatcher,
        speech: ParsedToken,
        clause: ParsedToken,
        speakers: list[dict[str, Any]],
        coded: bool,
    ) -> Candidate | None:
        """Return the demand, pledge, accusation or offer a reported clause makes, if any."""
        demand = self._demand(matcher, speech, clause, speakers)
        if demand is not None and not coded:
            return demand
        return (
            self._pledge(matcher, speech, clause, speakers)
            or self._accusation(matcher, speech, clause, speakers)
            or self._offer(matcher, speech, clause, speakers)
        )

    def _claimed_violation(self, cand: Candidate, found: list[Candidate]) -> bool:
        """Tell a violation one party says another committed ("Misri said Pakistan had violated
        the understanding"): the accuser's claim, reported as such, not a fact of the text."""
        return cand.modality == "asserted" and cand.code in self.discourse["accused_code"] and any(
            other.code == "112" and cand.token in other.words[1:] for other in found
        )

    def _offer(
        self,
        matcher: SentenceMatcher,
        speech: ParsedToken,
        clause: ParsedToken,
        speakers: list[dict[str, Any]],
    ) -> Candidate | None:
        """Code 'X told Y that X's side could take over the plants' as X proposing to Y."""
        if not any(
            c.dep_ == "aux" and c.lower_ in self.discourse["offer_modal"] for c in clause.children
        ):
            return None
        if any(c.dep_ == "neg" for c in clause.children):
            return None
        match = matcher.match(clause)
        if match is not None and matcher.build(clause, *match, require_source=False) is not None:
            return None  # a coded act: the pledge reading has it
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects:
            return None
        own = subjects[0].lower_ in SUBJECT_PRONOUNS | FIRST_PERSON
        sides = matcher.actors_of(subjects)
        if not own and not any(
            same_actor(s, sp) or (s.get("country") and s.get("country") == sp.get("country"))
            for s in sides
            for sp in speakers
        ):
            return None
        addressees = [c for c in speech.children if c.dep_ in ("dobj", "dative", "iobj")]
        targets = [
            a for a in matcher.actors_of(addressees) if not any(same_actor(a, s) for s in speakers)
        ]
        trig = self.dictionary.candidates("VERB", "propose")[0]
        modality, cue = matcher.modality_cue(speech)
        return Candidate(
            trig,
            speech,
            "030",
            "propose",
            speakers,
            targets,
            phrase_text(clause),
            modality,
            [speech, clause],
            0.6,
            modality_cue=cue,
        )

    def _accusation(
        self,
        matcher: SentenceMatcher,
        speech: ParsedToken,
        clause: ParsedToken,
        speakers: list[dict[str, Any]],
    ) -> Candidate | None:
        """Code 'X said Y had attacked Z' as X accusing Y (CAMEO 112), beside the attack."""
        match = matcher.match(clause)
        if match is None and xcomp_of(clause) is not None and lemma(clause) in self.cues.wrappers:
            # "said Kyiv continues to (plan and) carry out strikes"
            for act in (xcomp_of(clause), *xcomp_of(clause).conjuncts):
                match = matcher.match(act)
                if match is not None:
                    clause = act
                    break
        if match is None or clause.i < speech.i:
            return None
        inner = matcher.build(clause, *match)
        if (
            inner is None
            or inner.modality not in ("asserted", "alleged")
            or int(inner.code[:2]) < 15
        ):
            return None  # a protest or a statement reported is no accusation
        # a state, its government or army, or a rights group accuses; police, agencies, witnesses
        # and outlets report
        speakers = [
            s
            for s in speakers
            if (s.get("kind") in ("state", "person") and s.get("sector") in (None, "GOV", "MIL"))
            or str(s.get("code") or "").startswith("NGO")
        ]
        if not speakers:
            return None
        accused = [s for s in inner.sources if not any(same_actor(s, sp) for sp in speakers)]
        if not accused:
            return None
        trig = self.dictionary.candidates("VERB", "accuse")[0]
        modality, cue = matcher.modality_cue(speech)
        return Candidate(
            trig,
            speech,
            "112",
            "criticize",
            speakers,
            accused,
            phrase_text(clause),
            modality,
            [speech, clause],
            0.6,
            modality_cue=cue,
        )

    def _demand(
        self,
        matcher: SentenceMatcher,
        speech: ParsedToken,
        clause: ParsedToken,
        speakers: list[dict[str, Any]],
    ) -> Candidate | None:
        """Code 'X said Y must stop' as X demanding of Y."""
        auxes = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
        if lemma(clause) in self.discourse["condition"] and prep_children(clause, ["on", "upon"]):
            # "said any deal would hinge on the lifting of sanctions": a condition set is a demand
            return self._condition(matcher, speech, clause, speakers)
        # "should have stopped" looks back: it demands nothing
        obliged = any(c.tag_ == "MD" and c.lower_ in self.cues.obligation for c in auxes)
        obliged = obliged and not any(lemma(c) == "have" for c in auxes)
        inner = clause
        if (
            not obliged
            and lemma(clause) in ("need", "have")
            and xcomp_of(clause) is not None
            and not any(c.lower_ == "yet" for c in clause.children)
        ):  # "had yet to be negotiated" tells what is not done, it asks for nothing
            obliged, inner = True, xcomp_of(clause)
        if not obliged or any(c.dep_ == "neg" for c in speech.children):
            return None
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        targets = [
            a for a in matcher.actors_of(subjects) if not any(same_actor(a, s) for s in speakers)
        ]
        match = matcher.match(inner)
        code = "100"
        if match is not None:
            inner_code = match[0].code_for(lemma(inner))
            code = codes.demand_code(inner_code) or code
        trig = self.dictionary.candidates("VERB", "demand")[0]
        modality, cue = matcher.modality_cue(speech)
        return Candidate(
            trig,
            speech,
            code,
            "demand",
            speakers,
            targets,
            phrase_text(clause),
            modality,
            [speech, clause],
            0.7,
            modality_cue=cue,
        )

    def _condition(
        self,
        matcher: SentenceMatcher,
        speech: ParsedToken,
        clause: ParsedToken,
        speakers: list[dict[str, Any]],
    ) -> Candidate | None:
        """Code 'X said a deal would depend on Y' as X demanding Y."""
        conditions = [o for p in prep_children(clause, ["on", "upon"]) for o in pobjects(p)]
        targets = [
            a for a in matcher.actors_of(conditions) if not any(same_actor(a, s) for s in speakers)
        ]
        trig = self.dictionary.candidates("VERB", "demand")[0]
        modality, cue = matcher.modality_cue(speech)
        return Candidate(
            trig,
            speech,
            "100",
            "demand",
            speakers,
            targets,
            phrase_text(conditions[0]) if conditions else None,
            modality,
            [speech, clause],
            0.6,
            modality_cue=cue,
        )

    def _pledge(
        self,
        matcher: SentenceMatcher,
        speech: ParsedToken,
        clause: ParsedToken,
        speakers: list[dict[str, Any]],
    ) -> Candidate | None:
        """Code 'X said it would send troops' as X's pledge (03x) or threat (13x)."""
        act = clause
        match = matcher.match(act)
        if match is None and xcomp_of(clause) is not None:
            act = xcomp_of(clause)
            match = matcher.match(act)
        if match is None:
            return None
        inner = matcher.build(act, *match, require_source=False)
        if inner is None or inner.modality not in SPEAKER_UNREAL | {"negated"}:
            return None
        if inner.modality_cue not in self.discourse["pledge_cue"] and inner.modality != "negated":
            return None  # "said he expected to host": a forecast, not a commitment
        refused = any(c.dep_ == "neg" for c in clause.children) or any(
            c.dep_ == "neg" for c in act.children
        )
        if refused and lemma(speech) in self.discourse["warning"]:
            return None  # "warned it would not sign": a threat, which the warning verb codes
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        own = bool(subjects) and subjects[0].lower_ in SUBJECT_PRONOUNS | FIRST_PERSON
        if not own and not any(
            same_actor(s, sp) or (s.get("country") and s.get("country") == sp.get("country"))
            for s in inner.sources + self._passive_subjects(matcher, act)
            for sp in speakers
        ):
            return None
        # "said it would not send troops" is a refusal; "would send troops" a pledge or a threat
        code = codes.refusal_code(inner.code) if refused else codes.intent_code(inner.code)
        if code is None:
            return None
        typ = codes.type_of(code)
        if inner.type == "aid" and code.startswith("03"):
            typ = "aid"
        if typ is None:
            return None
        modality, cue = matcher.modality_cue(speech)
        return Candidate(
            inner.trigger,
            speech,
            code,
            typ,
            speakers,
            [t for t in inner.targets if not any(same_actor(t, s) for s in speakers)],
            inner.issue,
            modality,
            [speech, act],
            0.7,
            modality_cue=cue,
        )

    @staticmethod
    def _passive_subjects(matcher: SentenceMatcher, act: ParsedToken) -> list[dict[str, Any]]:
        """Return the actors a passive act is about ('U.S. troops would not be deployed')."""
        return matcher.actors_of([c for c in act.children if c.dep_ == "nsubjpass"])

    def _event(
        self, doc: Doc, sent: Span, number: int, cand: Candidate, quotes: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """Turn a candidate into an Event dict (records.py)."""
        info = codes.lookup(cand.code)
        sources = [actor_ref(a) for a in cand.sources]
        targets = [actor_ref(a) for a in cand.targets]
        if cand.symmetric and len(sources) == 2 and not targets:
            sources, targets = sources[:1], sources[1:]
        date, precision = date_for(doc, cand.token)
        quote = _quote_at(quotes, cand.token)
        return {
            "type": cand.type,
            "cameo": cand.code,
            "plover": info.plover,
            "goldstein": info.goldstein,
            "quad_class": info.quad_class,
            "source": _one_or_list(sources),
            "target": _one_or_list(targets),
            "issue": cand.issue,
            "modality": cand.modality,
            "date": date,
            "date_precision": precision,
            "evidence": {
                "text": _sentence_text(sent),
                "start": sent.start_char,
                "end": sent.end_char,
                "sentence": number,
            },
            "in_quote": quote is not None,
            "reporter": _speaker_ref(quote),
            "trigger": " ".join(t.text for t in cand.words),
            "confidence": cand.confidence,
            "symmetric": cand.symmetric,
            "modality_cue": cand.modality_cue,
        }


class ActorIndex:
    """Actors by token from ``doc.spans['actors']``: the tightest span on a token, persons first.

    A plural pronoun span ("they" for "Britain and France") stands for its members.
    """

    def __init__(self, doc: Doc):
        """Index the actor spans of a Doc by token."""
        self.by_token: dict[int, list[dict[str, Any]]] = {}
        # (start, end, mention) read once, without an accessor per span (see span_value)
        spans = sorted(
            (
                (span.start, span.end, span_value(doc, "actor", span.start_char, span.end_char))
                for span in doc.spans.get("actors", [])
            ),
            key=lambda s: (s[1] - s[0], _KIND_RANK.get((s[2] or {}).get("kind"), 5)),
        )
        for start, end, mention in spans:
            actors = [
                a
                for a in _members(mention)
                if a.get("name") and a.get("kind") != "anonymous" and not _medium(a)
            ]
            if not actors:
                continue
            for index in range(start, end):
                self.by_token.setdefault(index, actors)
        self._states = {a["country"]: a for m in self.by_token.values() for a in m
                        if a.get("kind") == "state" and a.get("country") and a.get("code")}

    def at(self, token: ParsedToken) -> list[dict[str, Any]]:
        """Return the actors a token names or refers to (empty when none)."""
        return self.by_token.get(token.i, [])

    def government_before(self, index: int) -> dict[str, Any] | None:
        """Return the state whose government (a minister, "Colombia's government") acted last
        before a token, as its GOV sector; None when no such state is named."""
        for at in range(index - 1, -1, -1):
            for actor in self.by_token.get(at, []):
                state = self._states.get(actor.get("country"))
                if actor.get("sector") == "GOV" and state is not None:
                    return {**state, "sector": "GOV", "code": state["code"][:3] + "GOV"}
        return None


_KIND_RANK = {"person": 0, "organisation": 2, "state": 3, "group": 4}


def _coded(cand: Candidate) -> bool:
    """Tell an act with a party the coding can place (a state, a body, an official) from one
    among private people only ("the three women met their mothers")."""
    parties = cand.sources + cand.targets
    return any(p.get("code") or p.get("sector") or p.get("kind") != "person" for p in parties)


def _medium(mention: dict[str, Any]) -> bool:
    """Tell an outlet or platform that only carries the news ("(Reuters) -", "on X")."""
    return mention.get("sector") == "MED" and not mention.get("participant", True)


def _members(mention: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Return the actors a mention stands for: its members for a plural pronoun, else itself."""
    if not mention:
        return []
    return list(mention.get("members") or [mention])


def actor_ref(actor: dict[str, Any]) -> dict[str, Any]:
    """Return the ActorRef part of an actor mention."""
    return {key: actor.get(key) for key in ACTOR_REF_KEYS}


def _distinct(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep one event per (type, source, target, realness) in a sentence.

    A targetless event is dropped when the same actor's same act has a target in the
    sentence ("conducted a swap ... returned soldiers").
    """

    def key(e: dict[str, Any]) -> tuple:
        """Return an event's identity within a sentence."""
        return (
            e["type"],
            _names(e["source"]),
            _names(e["target"]),
            e["modality"] in ("asserted", "alleged"),
        )

    out: list[tuple[tuple, dict[str, Any]]] = []
    seen: set[tuple] = set()
    for event in _split_exchanges(events):
        identity = key(event)
        if identity not in seen:
            seen.add(identity)
            out.append((identity, event))
    with_target = {(k[0], src, k[3]) for k in seen if k[2] for src in k[1]}
    return [
        e
        for k, e in out
        if e["target"] is not None
        or not all((k[0], src, k[3]) in with_target for src in k[1])
        or not k[1]
    ]


def _split_exchanges(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Write an exchange between two parties (a prisoner swap) as two acts, one by each side."""
    out = []
    for event in events:
        src, tgt = event["source"], event["target"]
        if (
            event["type"] == "release"
            and event.get("symmetric")
            and isinstance(src, dict)
            and isinstance(tgt, dict)
        ):
            out += [event, dict(event, source=tgt, target=src)]
        else:
            out.append(event)
    return out


def _one_or_list(refs: list[dict[str, Any]]) -> Any:
    """Return None, one ActorRef, or the list, as the Event contract wants."""
    if not refs:
        return None
    return refs[0] if len(refs) == 1 else refs


def _names(value: Any) -> tuple[str, ...]:
    """Return the sorted names of an event side, for de-duplication."""
    if value is None:
        return ()
    refs = value if isinstance(value, list) else [value]
    return tuple(sorted(str(r.get("name")) for r in refs))


def _sentence_text(sent: Span) -> str:
    """Return a sentence's text, cut from the Doc's text read once (``Span.text`` joins tokens)."""
    return text_of(sent.doc)[sent.start_char : sent.end_char]


def _direct_quotes(quotes: list[Any] | None) -> list[dict[str, Any]]:
    """Return the direct quotes that have offsets, in order (the only ones `_quote_at` reads)."""
    return [
        q
        for q in (quotes or [])
        if isinstance(q, dict)
        and q.get("kind", "direct") != "indirect"
        and q.get("start") is not None
        and q.get("end") is not None
    ]


def _quote_at(quotes: list[dict[str, Any]], token: ParsedToken) -> dict[str, Any] | None:
    """Return the quote of `_direct_quotes` that contains a token, if any."""
    for quote in quotes:
        if quote["start"] <= token.idx < quote["end"]:
            return quote
    return None


def _speaker_ref(quote: dict[str, Any] | None) -> dict[str, Any] | None:
    """Return the ActorRef of a quote's speaker (None when anonymous or unknown)."""
    if not quote:
        return None
    speaker = quote.get("speaker")
    if not isinstance(speaker, dict) or not speaker.get("name"):
        return None
    return actor_ref(speaker)


__all__ = ["ActorIndex", "EventsComponent", "actor_ref", "make_events"]
