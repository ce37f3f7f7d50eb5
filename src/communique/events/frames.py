"""Find event triggers in a parsed sentence and fill their frames.

Works on parsed tokens (anything with spaCy's Token attributes) and never
imports spaCy. Actors come from an `ActorIndex`, which the component builds
from ``doc.spans["actors"]``. One `Frame` match gives one `Candidate`: the
trigger, its CAMEO code, the source, target and issue tokens' actors, and the
modality read from negation, auxiliaries, wrappers, conditions and quotes.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Protocol

from communique.events import codes
from communique.events.patterns import (
    POS_GROUPS,
    Dictionary,
    ModalityCues,
    Trigger,
    agent_sectors,
    discourse_cues,
)

log = logging.getLogger(__name__)

# Strongest first: an event that is both planned and negated is negated.
MODALITY_ORDER = ("negated", "conditional", "hypothetical", "planned", "alleged", "asserted")
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "ours", "myself", "ourselves"})
SUBJECT_PRONOUNS = frozenset({"it", "they", "we", "he", "she", "i", "its", "their", "his", "her"})
SUBJ_DEPS = frozenset({"nsubj", "csubj"})
OBJ_DEPS = frozenset({"dobj", "obj"})
PREP_DEPS = frozenset({"prep", "agent", "dative", "prt"})
MOD_DEPS = ("appos", "compound", "poss", "amod", "nmod")
# speech acts (praise, blame, rebuff, threat) whose phrase target is never the speaker's own side
SPEECH_ROOTS = frozenset({"05", "11", "12", "13"})
# verbs of command: given to one's own forces they are no act toward another party
COMMAND_VERBS = frozenset({"order", "instruct", "direct", "command", "tell"})
# auxiliaries opening a clause that reports the past
PAST_AUX = frozenset({"had", "has", "have", "was", "were", "did"})
# nouns of a conversation held "on"/"over" them: "on the phone with Modi"
LINE_NOUNS = frozenset({"phone", "telephone", "call", "line", "videoconference", "video"})
# verbs whose object heard the speaker in the call or meeting they sit in
TOLD_VERBS = frozenset({"tell", "assure", "brief", "inform", "urge", "ask", "warn", "thank",
                        "reassure", "press"})
MAX_ISSUE_TOKENS = 14
# frames whose parties a "between" phrase names when no source slot does ("talks between A and B")
BETWEEN_FRAMES = frozenset({"meet", "noun_meet", "fight"})
# slots naming the other party of a two-sided act ("met with X", "talks between X and Y")
PARTNER_SLOTS = frozenset(
    {"obj", "prep:with", "objprep:with", "between", "mod", "prep:to", "poss", "clause_subj", None}
)
# verbs of wishing: another party's act they want is only asked for ("wants Putin to agree")
WISH_VERBS = frozenset({"want", "wish", "like", "prefer"})
# wrappers whose violent complement happened even when it failed ("attempted to kill")
ATTEMPT_CUES = frozenset({"attempt", "try"})
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
# directed acts (appeals, intents, visits, support, aid, yielding, demands, criticism,
# rejections, threats, protests, sanctions, coercion, violence) whose target news English names
# anywhere in the act's phrase: "threatened further action against Russia", "offered to hand
# over suspects to Britain", "kidnapped up to 12 Chinese engineers" (a phrase the parser may not
# read as an object)
PHRASE_TARGET_ROOTS = frozenset(f"{root:02d}" for root in range(2, 21)) - {"09", "15"}



# nouns whose clause names an act someone is asked to do ("the demand that Israel ease curbs")
DEMAND_NOUNS = frozenset({"demand", "call", "appeal", "request", "plea", "ultimatum", "insistence",
                          "condition", "precondition", "proviso"})
# heads that only count or gather the group that acts ("thousands of students", "a group of rebels")
QUANTITY_HEADS = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens",
                            "score", "scores", "ten", "tens", "million", "millions", "group",
                            "crowd", "band", "number"})


# verbs of being seen or known: being keen to do them is no intent to act towards anyone
SHOW_VERBS = frozenset({"show", "prove", "demonstrate", "appear", "look", "seem", "see", "hear",
                        "learn", "know", "understand", "be"})
# words of a warning given as advance notice ("warned Doha in advance")
NOTICE_WORDS = frozenset({"advance", "beforehand", "ahead"})
# heads that pick some of what follows them ("one of the bloodiest offensives")
PARTITIVE_HEADS = frozenset({"one", "some", "series", "string", "round", "spate", "flurry"})


def partitive(objects: list[Token]) -> list[Token]:
    """Add what a partitive head picks from ("one of the offensives" -> offensives)."""
    return objects + [
        o for tok in objects if tok.lower_ in PARTITIVE_HEADS for o in prep_objects(tok, "of")
    ]


def counted(tok: Token) -> Token:
    """Return the group a quantity head counts ("Tens of thousands of students" -> students)."""
    for _ in range(3):
        if tok.lower_ not in QUANTITY_HEADS and lemma(tok) not in QUANTITY_HEADS:
            break
        objs = prep_objects(tok, "of")
        if not objs:
            break
        tok = objs[0]
    return tok


class Token(Protocol):
    """The parts of a spaCy Token the matcher reads."""

    i: int
    text: str
    lower_: str
    lemma_: str
    pos_: str
    tag_: str
    dep_: str
    ent_type_: str
    idx: int

    @property
    def head(self) -> Token: ...
    @property
    def children(self) -> Iterable[Token]: ...
    @property
    def conjuncts(self) -> tuple[Token, ...]: ...
    @property
    def subtree(self) -> Iterable[Token]: ...


class ActorIndex(Protocol):
    """Where the matcher finds actors: the mentions a token names or refers to."""

    def at(self, token: Token) -> list[dict[str, Any]]:
        """Return the actors of the token (resolved pronouns included; empty when none)."""

    def government_before(self, index: int) -> dict[str, Any] | None:
        """Return the state whose government acted last before a token (None when none)."""


@dataclass
class Candidate:
    """One event found in a sentence, before it is turned into an Event record."""

    trigger: Trigger
    token: Token
    code: str
    type: str
    sources: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    issue: str | None
    modality: str
    words: list[Token]
    confidence: float
    symmetric: bool = False
    embedded_code: str | None = None
    modality_cue: str | None = None


# verb lemmas the small model gets wrong ("staged" -> "stag")
VERB_LEMMA_FIXES = {"stag": "stage"}


def lemma(token: Token) -> str:
    """Return the lower-cased lemma of a token (its lower-cased text when the lemma is empty)."""
    word = (token.lemma_ or token.text).lower()
    return VERB_LEMMA_FIXES.get(word, word) if token.pos_ in ("VERB", "AUX") else word


def pos_group(token: Token) -> str | None:
    """Return the POS group triggers are indexed by (VERB, NOUN, ADJ)."""
    if (
        token.tag_ == "VBG"
        and token.dep_ in ("pobj", "nsubj", "nsubjpass")
        and not any(c.dep_ in ("dobj", "nsubj", "aux") for c in token.children)
    ):
        return "NOUN"  # "killed in Israeli shelling": a gerund used as a noun
    group = POS_GROUPS.get(token.pos_)
    if group == "VERB" and token.pos_ == "AUX" and lemma(token) in {"be", "have", "do"}:
        return None
    return group


def children(token: Token, deps: Collection[str]) -> list[Token]:
    """Return the children of a token with one of the dependency labels."""
    return [c for c in token.children if c.dep_ in deps]


def is_passive(verb: Token) -> bool:
    """Tell whether a verb is in the passive voice (including reduced 'a plan backed by X')."""
    for c in verb.children:
        if c.dep_ in ("auxpass", "nsubjpass"):
            return True
    # a bare participle: "a plan backed by X", or "troops proposed in a draft by X" given a subject
    if verb.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    if verb.dep_ in ("acl", "advcl", "relcl", "amod"):
        return True
    if verb.dep_ == "conj" and any(c.dep_ == "agent" for c in verb.children):
        return is_passive(verb.head)  # "announced by X and backed by Y": Y backs
    # a finite-looking VBN with a subject is passive only when a "by" agent hangs off it
    by_agent = any(c.dep_ == "agent" for c in verb.children) or any(
        prep_objects(o, "by") for p in prep_children(verb) for o in pobjects(p)
    )
    return by_agent and any(c.dep_ == "nsubj" for c in verb.children)


def pobjects(prep: Token) -> list[Token]:
    """Return the objects of a preposition, conjuncts included."""
    out: list[Token] = []
    for c in prep.children:
        if c.dep_ in ("pobj", "pcomp", "dobj"):
            out.append(c)
            out.extend(c.conjuncts)
        elif c.dep_ == "prep" and prep.lower_ in ("out", "ahead", "instead", "because"):
            out.extend(pobjects(c))
    return out


def prep_children(token: Token, names: Collection[str] | None = None) -> list[Token]:
    """Return a token's prepositions (optionally only those named)."""
    if names is None:
        return [c for c in token.children if c.dep_ in PREP_DEPS]
    return [c for c in token.children if c.dep_ in PREP_DEPS and c.lower_ in names]


def prep_objects(token: Token, name: str) -> list[Token]:
    """Return the objects of the token's preposition `name`."""
    out: list[Token] = []
    for prep in token.children:  # one of the hottest helpers: no list of prepositions first
        if prep.lower_ == name and prep.dep_ in PREP_DEPS:
            out.extend(pobjects(prep))
    return out


def governor(token: Token) -> tuple[Token | None, str]:
    """Return the word that governs a token's clause or phrase, with the relation."""
    dep = token.dep_
    head = token.head
    if head.i == token.i or dep == "ROOT":
        return None, "root"
    if dep in ("pcomp", "pobj") and head.dep_ in PREP_DEPS:
        return head.head, f"{'pcomp' if dep == 'pcomp' else 'pobj'}:{head.lower_}"
    if (
        dep == "amod"
        and token.tag_ == "VBG"
        and head.dep_ == "pobj"
        and head.head.dep_ in PREP_DEPS
    ):
        # the small parser reads "accused of striking hospitals" as an adjective on the noun
        return head.head.head, f"pcomp:{head.head.lower_}"
    return head, dep


def logical_subject(verb: Token, cues: ModalityCues, depth: int = 0) -> list[Token]:
    """Return the tokens naming who does the act of a verb (passives, control, relatives)."""
    if depth > 5:
        return []
    if is_passive(verb):
        agents = [o for a in children(verb, ["agent"]) for o in pobjects(a)]
        if not agents:
            # "as proposed in a draft by Britain and France": the agent hangs off the adjunct's noun
            agents = [
                o for p in prep_children(verb) for n in pobjects(p) for o in prep_objects(n, "by")
            ]
        return agents
    subjects = [c for c in verb.children if c.dep_ in SUBJ_DEPS]
    if subjects:
        if subjects[0].lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return [verb.head]
        return subjects
    if any(c.dep_ == "expl" for c in verb.children):
        return []
    gov, rel = governor(verb)
    if gov is None:
        return []
    if rel == "relcl":
        return [gov]
    if rel == "acl" and verb.tag_ == "VBG":
        return [gov]
    if rel == "xcomp" or rel.startswith("pcomp"):
        on_objs = [o for p in prep_children(gov, ["on", "upon"]) for o in pobjects(p)]
        if rel == "xcomp" and on_objs:
            return on_objs  # "called on Russia to stop"
        if lemma(gov) in cues.object_control:
            objs = logical_objects(gov)
            if objs:
                return objs
        if rel == "xcomp" and is_passive(gov) and not children(gov, ["agent"]):
            raised = children(gov, ["nsubjpass"])
            if raised:
                return raised  # "Obama is scheduled to attend", "Kyiv is expected to sign"
        if gov.pos_ in ("VERB", "AUX", "ADJ"):
            if gov.pos_ == "ADJ" and gov.dep_ in ("acomp", "amod"):
                return (
                    logical_subject(gov.head, cues, depth + 1)
                    if gov.dep_ == "acomp"
                    else [gov.head]
                )
            return logical_subject(gov, cues, depth + 1)
        return []
    if rel == "conj" and gov.pos_ in ("VERB", "AUX"):
        return logical_subject(gov, cues, depth + 1)
    if rel == "advcl" and verb.tag_ in ("VBG", "VBN") and gov.pos_ in ("VERB", "AUX"):
        return logical_subject(gov, cues, depth + 1)
    return []


def logical_objects(verb: Token) -> list[Token]:
    """Return the tokens naming what the verb acts on (the subject of a passive)."""
    if is_passive(verb):
        subj = children(verb, ["nsubjpass"])
        if subj:
            if subj[0].lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return [verb.head]
            return subj
        if verb.dep_ in ("acl", "relcl", "amod"):
            return [verb.head]
        return []
    if verb.dep_ == "amod" and verb.tag_ == "VBG" and verb.head.dep_ == "pobj":
        # "accused of striking hospitals", the gerund read as an adjective: the noun is the object
        return [verb.head]
    return children(verb, OBJ_DEPS)


def ccomp_of(verb: Token) -> Token | None:
    """Return the clausal complement of a verb, if any."""
    found = children(verb, ["ccomp"])
    return found[0] if found else None


def xcomp_of(token: Token) -> Token | None:
    """Return the infinitive or gerund complement of a trigger ('agreed to halt', 'accused of')."""
    found = children(token, ["xcomp"])
    if found:
        return found[0]
    for child in token.children:
        # "ruled out sending troops": a gerund object or a gerund clause without its own subject
        if (
            child.tag_ == "VBG"
            and child.dep_ in ("dobj", "advcl")
            and child.i <= token.i + 3
            and not any(
                c.dep_ in ("nsubj", "mark") or c.lower_ in ("instead", "while", "rather")
                for c in child.children
            )
        ):
            return child
    for prep in prep_children(
        token, ["of", "to", "on", "for", "from", "in", "at", "into", "about"]
    ):
        for obj in prep.children:
            if obj.dep_ == "pcomp":
                return obj
            if obj.dep_ == "pobj":
                verbs = [c for c in obj.children if c.dep_ == "amod" and c.tag_ == "VBG"]
                if verbs:
                    return verbs[0]
    return None


class SentenceMatcher:
    """Match the pattern dictionary against one parsed sentence."""

    def __init__(
        self,
        tokens: list[Token],
        dictionary: Dictionary,
        cues: ModalityCues,
        actors: ActorIndex,
        speaker_at: Callable[[Token], dict[str, Any] | None] | None = None,
    ):
        """Hold one sentence's tokens and the dictionary, cues and actors to match them with."""
        self.tokens = tokens
        self.dict = dictionary
        self.cues = cues
        self.actors = actors
        self.speaker_at = speaker_at or (lambda token: None)
        self.discourse = discourse_cues()
        self._venues = dictionary.venues
        self._matches: dict[int, list[tuple[Trigger, dict[str, Token | None]]]] = {}
        self._actors_by_token: dict[tuple[int, int, bool], list[dict[str, Any]]] = {}
        self._triggerable: list[Token] | None = None

    # --- trigger matching -------------------------------------------------

    def triggerable(self) -> list[Token]:
        """Return the sentence's tokens a trigger may match, in order (the others match none)."""
        if self._triggerable is None:
            lemmas = self.dict.lemmas
            self._triggerable = [t for t in self.tokens if _may_trigger(t, lemmas)]
        return self._triggerable

    def match(self, token: Token) -> tuple[Trigger, dict[str, Token | None]] | None:
        """Return the most specific trigger matching a token and the parts it matched, or None."""
        found = self.matches(token)
        return found[0] if found else None

    def matches(self, token: Token) -> list[tuple[Trigger, dict[str, Token | None]]]:
        """Return every trigger matching a token, most specific first."""
        found = self._matches.get(token.i)
        if found is None:
            found = self._matches[token.i] = self._match(token)
        return found

    def _match(self, token: Token) -> list[tuple[Trigger, dict[str, Token | None]]]:
        """Return every trigger whose constraints a token meets, most specific first."""
        if not _may_trigger(token, self.dict.lemmas):
            return []
        word = lemma(token)
        group = pos_group(token)
        if group is None:
            return []
        candidates = self.dict.candidates(group, word)
        if not candidates and "-" in token.lower_ and group == "VERB":
            candidates = self.dict.candidates(group, word.split("-")[-1])
        out = []
        for trigger in candidates:
            parts = self._fits(trigger, token, word)
            if parts is not None:
                out.append((trigger, parts))
        return out

    def _fits(self, trig: Trigger, token: Token, word: str) -> dict[str, Token | None] | None:
        """Return the parts a trigger matched on a token (object, preposition...), or None."""
        parts: dict[str, Token | None] = {"obj": None, "prep": None, "light": None}
        kids = list(token.children)
        if trig.evaluative:
            parts["eval"] = self._evaluation(token)
            if parts["eval"] is None:
                return None
        if trig.no_child and any(c.dep_ in trig.no_child and not self._actor_oprd(c) for c in kids):
            return None
        if trig.frame.name == "give" and any(self._attack_purpose(c) for c in kids):
            return None  # "sent F-16 jets to bomb positions" is an attack, not aid
        if (
            trig.claim_when_past
            and not any(c.dep_ == "dobj" for c in kids)
            and _past_clause(ccomp_of(token))
        ):
            return None  # "insisted the deal had been worked out directly": a claim, no demand
        if trig.not_prep and any(c.dep_ in PREP_DEPS and c.lower_ in trig.not_prep
                                 and not _names_a_time(c) for c in kids):
            return None
        prts = trig.prt_by_lemma.get(word, trig.prt)
        if prts and not any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ in prts for c in kids):
            return None
        if trig.adv and not any(
            c.lower_ in trig.adv
            for c in kids + [g for k in kids if k.dep_ == "dobj" for g in k.children]
        ):
            return None  # "held Beirut responsible": the parser may hang the word on the object
        if trig.prep:
            preps = [c for c in kids if c.dep_ in PREP_DEPS and c.lower_ in trig.prep
                     and not _names_a_time(c)]
            if not preps:
                return None
            if trig.prep_obj:
                preps = [
                    p
                    for p in preps
                    if any(self._lemma_in(o, trig.prep_obj) for o in partitive(pobjects(p)))
                ]
                if not preps:
                    return None
            parts["prep"] = preps[0]
        if trig.pos == "NOUN":
            return self._fits_noun(trig, token, parts)
        if trig.pos == "ADJ" and token.dep_ not in ("acomp", "ROOT", "conj", "oprd", "xcomp"):
            return None
        if trig.pos == "ADJ" and trig.intent and self._no_new_intent(token, kids):
            return None
        obj = self._object_for(trig, token, parts)
        if (trig.obj or trig.obj_kinds) and (obj is None or not self._obj_fits(trig, obj)):
            return None
        if (
            obj is not None
            and trig.not_obj
            and self._lemma_in(obj, trig.not_obj)
            and not self._coded_by_modifier(trig, obj)
        ):
            return None  # "offered support" is words; "offered military support" is coded aid
        if trig.not_obj and any(c.dep_ == "xcomp" and lemma(c) in trig.not_obj for c in kids):
            return None  # "declined to comment on the talks" rejects nothing
        if (
            obj is not None
            and trig.not_det
            and any(c.dep_ == "det" and c.lower_ in trig.not_det for c in obj.children)
            and not prep_objects(obj, "between")
        ):
            return None  # "Trump announced the truce": one made by others, told of
        if (
            trig.obj_not_person
            and obj is not None
            and obj.dep_ in OBJ_DEPS
            and any(a.get("kind") == "person" for a in self.actors.at(obj))
        ):
            return None
        if trig.subj_class and not self._subject_in_class(token, trig.subj_class):
            return None
        if trig.not_compound and obj is not None and trig.not_compound & {
            lemma(c) for c in obj.children if c.dep_ in ("compound", "amod", "nmod")
        }:
            return None  # "continued their hunger strike" launches no attack
        if trig.frame.name == "attack" and token.tag_ == "VBN" and token.dep_ in ("acl", "amod"):
            return None  # "the territory occupied by Russia" describes a state, not an act
        parts["obj"] = obj
        return parts

    def _fits_noun(
        self, trig: Trigger, token: Token, parts: dict[str, Token | None]
    ) -> dict[str, Token | None] | None:
        """Return the parts an event-noun trigger matched, or None."""
        mods = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
        mod_words = {lemma(c) for c in mods} | {c.lower_ for c in mods}
        if trig.not_compound and mod_words & trig.not_compound:
            return None
        if trig.not_det and any(
            c.dep_ == "det" and c.lower_ in trig.not_det for c in token.children
        ):
            return None
        if trig.compound or trig.compound_or_of:
            has_mod = bool(mod_words & trig.compound)
            has_of = bool(trig.compound_or_of) and any(
                self._lemma_in(o, trig.compound_or_of) for o in prep_objects(token, "of")
            )
            if not (has_mod or has_of):
                return None
        light = self.light_verb(token, trig)
        if trig.light_only and light is None:
            return None
        if trig.subj_class and (
            light is None or not self._subject_in_class(light, trig.subj_class)
        ):
            return None
        parts["light"] = light
        return parts

    def light_verb(self, noun: Token, trig: Trigger | None = None) -> Token | None:
        """Return the verb that carries an event noun ('held talks', 'launched strikes'), if any."""
        allowed = trig.light if trig is not None and trig.light else self.dict.light
        node = noun
        while node.dep_ == "conj" and node.head.pos_ in ("NOUN", "PROPN"):
            node = node.head
        if node.dep_ == "conj" and lemma(node.head) in allowed:
            return node.head  # "had a frank conversation", read as a verb's conjunct
        head = node.head
        if node.dep_ in ("dobj", "obj", "nsubjpass", "attr") and lemma(head) in allowed:
            return head
        if (
            node.dep_ == "pobj"
            and head.dep_ == "prep"
            and head.lower_ in ("in", "into", "on")
            and lemma(head.head)
            in {"engage", "participate", "join", "take", "enter", "involve", "plunge", "go", "get"}
            and lemma(head.head) in allowed
        ):
            return head.head
        return None

    def _actor_oprd(self, child: Token) -> bool:
        """Tell whether an actor the parser took as a predicate of a bare verb ("called
        Erhurman", "called Ethiopia's prime minister") is really its object."""
        return child.dep_ == "oprd" and bool(self.actors.at(child)) and not any(
            c.dep_ == "dobj" for c in child.head.children)

    def _object_for(
        self, trig: Trigger, token: Token, parts: dict[str, Token | None]
    ) -> Token | None:
        """Return the object a trigger's constraints are checked on."""
        objs = logical_objects(token)
        if objs:
            return objs[0]
        if parts.get("prep") is not None:
            found = pobjects(parts["prep"])
            if found:
                return found[0]
        if trig.obj_via_xcomp:
            # "sought to secure a ceasefire": the object of the complement verb
            xcomp = xcomp_of(token)
            if xcomp is not None:
                found = logical_objects(xcomp)
                if found:
                    return found[0]
        attrs = children(token, ["attr", "oprd"])
        if attrs:
            return attrs[0]
        return self._window_object(token, trig.obj) if trig.obj else None

    def _evaluation(self, verb: Token) -> Token | None:
        """Return the judging complement of "called it an important signal", "described X as Y"."""
        comps = [c for c in verb.children if c.dep_ in ("oprd", "acomp", "attr", "ccomp")]
        comps += [o for p in prep_children(verb, ["as"]) for o in p.children]
        for obj in children(verb, OBJ_DEPS):
            comps += [c for c in obj.children if c.dep_ in ("oprd", "acomp", "amod", "appos")]
            comps += [o for p in prep_children(obj, ["as"]) for o in pobjects(p)]
        for comp in comps:
            if self._polarity(comp):
                return comp
        return None

    def _polarity(self, phrase: Token) -> str | None:
        """Return 'rejection', 'negative' or 'positive' for a judging word or phrase, else None."""
        words = [phrase] + [
            c for c in phrase.children if c.dep_ in ("amod", "compound", "conj", "acomp")
        ]
        words += [
            g for c in phrase.children if c.dep_ == "conj" for g in c.children if g.dep_ == "amod"
        ]
        classes = self.dict.classes
        for name, label in (
            ("eval_rejection", "rejection"),
            ("eval_negative", "negative"),
            ("eval_positive", "positive"),
        ):
            if any(self._lemma_in(w, classes.get(name, frozenset())) for w in words):
                return label
        return None

    def _window_object(self, verb: Token, words: frozenset[str]) -> Token | None:
        """Find an object the parser lost ("signed a minerals deal" read with 'deal' as a verb)."""
        seen_det = False
        for tok in self.tokens:
            if tok.i <= verb.i:
                continue
            if tok.i > verb.i + 6 or (
                tok.pos_ in ("PUNCT", "CCONJ", "SCONJ", "ADP", "PART") and tok.text != "-"
            ):
                return None
            if (
                tok.dep_ in ("nsubj", "nsubjpass")
                and tok.head.i != verb.i
                and not self._lemma_in(tok.head, words)
            ):
                return None  # "announced it would prohibit all aid": another clause's object
            seen_det = seen_det or tok.pos_ == "DET" or tok.tag_ == "PRP$"
            if seen_det and self._lemma_in(tok, words) and tok.pos_ in ("NOUN", "VERB", "PROPN"):
                return tok
        return None

    def _obj_fits(self, trig: Trigger, obj: Token) -> bool:
        """Tell whether an object (or its measured noun or modifier) is of the trigger's class."""
        candidates = [obj, *obj.conjuncts]
        # "25,000 tons of food aid", "a package of weapons": the measured thing
        candidates += [o for c in list(candidates) for o in prep_objects(c, "of")]
        for cand in candidates:
            if trig.obj and self._lemma_in(cand, trig.obj):
                return True
            if trig.obj_kinds and any(
                a.get("kind") in trig.obj_kinds for a in self.actors.at(cand)
            ):
                return True
        # "air defence systems": the compound may carry the class word
        return bool(trig.obj) and any(
            c.dep_ in ("compound", "amod") and self._lemma_in(c, trig.obj) for c in obj.children
        )

    def _subject_in_class(self, verb: Token, words: frozenset[str]) -> bool:
        """Tell whether the subject of a verb is a word of a class ('protesters')."""
        for subj in logical_subject(verb, self.cues):
            if self._lemma_in(subj, words):
                return True
            if any(
                self._lemma_in(c, words) for c in subj.children if c.dep_ in ("compound", "nummod")
            ):
                return True
            if any(self._lemma_in(o, words) for o in prep_objects(subj, "of")):
                return True
            if self._people_of(subj):
                return True
        return False

    def _people_of(self, token: Token) -> bool:
        """Tell whether a plural noun names a people ("ethnic Albanians", "Kurds"), not a state."""
        if token.tag_ not in ("NNS", "NNPS"):
            return False
        actors = self.actors.at(token)
        return any(
            (a.get("kind") == "state" and not a.get("sector")
             and token.lower_ != (a.get("name") or "").lower())
            or (a.get("kind") == "group" and a.get("sector") == "CVL")
            for a in actors
        )

    def _no_new_intent(self, adj: Token, kids: list[Token]) -> bool:
        """Tell a readiness word that states no new intent to act: a standing one ("remained
        committed to the truce") or an eagerness to be seen or heard ("keen to show that...")."""
        if lemma(adj.head) in ("remain", "stay") and adj.dep_ == "acomp":
            return True
        return any(
            c.dep_ == "xcomp" and (lemma(c) in SHOW_VERBS or lemma(c) in self.cues.speech)
            for c in kids
        )

    def _attack_purpose(self, clause: Token) -> bool:
        """Tell a purpose infinitive that attacks ("to bomb Cambodian positions")."""
        return (
            clause.dep_ in ("advcl", "xcomp")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
            and any(t.frame.name == "attack" for t in self.dict.candidates("VERB", lemma(clause)))
        )

    @staticmethod
    def _coded_by_modifier(trig: Trigger, obj: Token) -> bool:
        """Tell whether a modifier of the object picks one of the trigger's object codes."""
        mods = {lemma(c) for c in obj.children if c.dep_ in ("compound", "amod")}
        return any(mods & words for words, _ in trig.obj_codes)

    @staticmethod
    def _lemma_in(token: Token, words: frozenset[str]) -> bool:
        """Tell whether a token's lemma or lower-cased text is in a word set."""
        return lemma(token) in words or token.lower_ in words

    # --- slots ------------------------------------------------------------

    def slot_tokens(
        self, slot: str, token: Token, trig: Trigger, parts: dict[str, Token | None]
    ) -> list[Token]:
        """Return the tokens filling one named slot of a trigger."""
        obj = parts.get("obj")
        light = parts.get("light")
        if slot == "subj":
            if trig.pos == "ADJ":
                return self._adjective_subject(token)
            subjects = logical_subject(token, self.cues)
            if len(subjects) == 1 and subjects[0].lower_ in self.discourse["quantifier"]:
                return self._fronted_nominals(token, subjects[0]) or subjects
            return subjects
        if slot == "obj":
            return [obj] if obj is not None and obj.dep_ != "pobj" else logical_objects(token)
        if slot == "dative":
            out = []
            for c in token.children:
                if c.dep_ in ("dative", "iobj"):
                    out.extend(pobjects(c) if c.pos_ == "ADP" else [c, *c.conjuncts])
            return out
        if slot.startswith("prep:"):
            return prep_objects(token, slot[5:])
        if slot.startswith("prepphrase:"):
            # "claimed responsibility for an attack on a mall in Kenya's capital": the first party
            # named in the phrase of the act claimed
            for phrase in prep_objects(token, slot[11:]):
                named = [t for t in phrase.subtree if self.actors.at(t) and not self._venue(t)]
                if named:
                    return named[:1]
            return []
        if slot.startswith("objprep:"):
            return prep_objects(obj, slot[8:]) if obj is not None else []
        if slot == "objmod":
            return self._modifiers(obj) if obj is not None else []
        if slot == "poss":
            return children(token, ["poss"])
        if slot == "mod":
            return [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
        if slot == "light":
            return logical_subject(light, self.cues) if light is not None else []
        if slot.startswith("lightprep:"):
            # "staged protests against the government": the parser hangs "against" on the verb
            return prep_objects(light, slot[10:]) if light is not None else []
        if slot.startswith("prepmod:"):
            # "agreed to US mediation": the party named inside the prepositional object
            return [m for o in prep_objects(token, slot[8:]) for m in self._modifiers(o)]
        if slot == "evalmod":
            found = parts.get("eval")
            return self._modifiers(found) if found is not None else []
        if slot == "advcl_agent":
            # "stopped short of halting strikes, as suggested by Trump": the proposal's author
            return [
                o
                for c in token.children
                if c.dep_ == "advcl" and is_passive(c) and lemma(c) in self.discourse["author"]
                for a in children(c, ["agent"])
                for o in pobjects(a)
            ]
        if slot == "passive_from":
            # "a mortar was fired at Israel from Gaza": an agentless attack comes from a place
            return prep_objects(token, "from") if is_passive(token) else []
        if slot == "passive_in":
            return self._attack_in(token) if is_passive(token) else []
        if slot == "subjpass":
            # a stative passive ("Israel is opposed to the plan"): its grammatical subject acts
            return children(token, ["nsubjpass"])
        if slot == "clause_subj":
            return self._clause_subject(token)
        if slot == "clause_obj":
            # "Pezeshkian told the crown prince in a phone call": the one told took part
            verb = token.head.head if token.dep_ == "pobj" else None
            if verb is None or token.head.lower_ not in ("in", "during", "on", "over"):
                return []
            if token.head.lower_ in ("on", "over") and lemma(token) in LINE_NOUNS:
                return prep_objects(verb, "with")  # "spent two days on the phone with Jaishankar"
            if lemma(verb) not in TOLD_VERBS:
                return []
            return [c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj")]
        if slot == "between":
            return prep_objects(token, "between") or (
                prep_objects(obj, "between") if obj is not None else []
            )
        if slot == "demanded_subj":
            clauses = [c for c in token.children if c.dep_ in ("acl", "ccomp")]
            if light is not None:
                # "its demand that Israel ease curbs", "its call for Israel to allow aid": the
                # parser often hangs the clause on the light verb
                clauses += children(light, ["ccomp"])
            clauses += [
                c
                for head in (token, light)
                if head is not None
                for c in children(head, ["advcl"])
                if _infinitive_for(c)
            ]
            return [s for c in clauses for s in children(c, SUBJ_DEPS | {"nsubjpass"})]
        if slot == "ccomp_subj":
            clause = ccomp_of(token)
            return children(clause, SUBJ_DEPS | {"nsubjpass"}) if clause is not None else []
        log.debug("unknown slot %s", slot)
        return []

    def _crowd_of_place(
        self, token: Token, parts: dict[str, Token | None]
    ) -> list[dict[str, Any]]:
        """Return the crowd of a protest that names no one, as a group of the country it is in.

        "Thousands of people protested in Tbilisi": a crowd with no nationality or affiliation
        is the people of the place where it protests.
        """
        heads = [t for t in (token, parts.get("light"), parts.get("obj")) if t is not None]
        places = [
            a
            for head in heads
            for p in prep_children(head, ["in", "across", "throughout"])
            for o in pobjects(p)
            for t in o.subtree
            for a in self.actors.at(t)
            if a.get("country") and a.get("kind") == "state"
        ]
        if not places:
            return []
        return [
            {
                "name": f"protesters in {places[0]['country']}",
                "kind": "group",
                "country": places[0]["country"],
                "sector": "CVL",
                "code": None,
                "kb_id": None,
                "method": "place",
            }
        ]

    def _attack_in(self, verb: Token) -> list[Token]:
        """Return who carried out the attack an agentless passive happened in.

        "Four children were killed in Israeli tank shelling": the attack noun's modifiers name
        the attacker. The small parser often reads "in Israeli shelling" as the adjective being
        the object of "in" and the noun a verb of its own; that reading names the attacker too.
        """
        attack_nouns = self.dict.classes.get("attack_noun", frozenset())
        attack_verbs = {w for t in self.dict.candidates("VERB", "attack") for w in t.lemmas}
        out: list[Token] = []
        for obj in (o for p in prep_children(verb, ["in", "during", "amid"]) for o in pobjects(p)):
            if self._lemma_in(obj, attack_nouns):
                out += [c for c in obj.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
                out += prep_objects(obj, "by")
            elif any(
                c.i == obj.i + 1 and c.dep_ == "advcl" and c.tag_ == "VBG"
                and lemma(c) in attack_verbs
                for c in verb.children
            ):
                # "in Israeli shelling", "in Israeli tank shelling": the name before the verb
                out += [t for t in obj.subtree if t.i <= obj.i and self.actors.at(t)]
        return out

    def _clause_subject(self, noun: Token) -> list[Token]:
        """Return the subject of the clause an event noun sits in as an adjunct.

        "After talks with Kyiv, Moscow agreed", "at a NATO meeting, Hegseth said":
        the subject of the clause takes part in the talks or meeting.
        """
        if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
            return []
        if noun.head.lower_ not in (
            "after",
            "following",
            "during",
            "at",
            "in",
            "before",
            "ahead",
            "amid",
            "since",
            "from",
            "with",
            "of",
        ) and not (noun.head.lower_ in ("on", "over") and lemma(noun) in LINE_NOUNS):
            return []
        verb = noun.head.head
        if noun.head.lower_ == "of":
            # "following a day of talks": climb the noun it qualifies
            if verb.pos_ not in ("NOUN",) or verb.dep_ != "pobj":
                return []
            verb = verb.head.head
        if verb.pos_ not in ("VERB", "AUX"):
            return []
        return logical_subject(verb, self.cues)

    def _fronted_nominals(self, verb: Token, quantifier: Token) -> list[Token]:
        """Return the names before a floating quantifier ("Trump, Putin and Zelensky all agreed").

        The parser often hangs such a list off the quantifier in odd ways; any
        noun before it whose path up to the verb crosses no other verb is taken.
        """
        out = []
        for tok in self.tokens:
            if tok.i >= quantifier.i or tok.pos_ not in ("PROPN", "NOUN", "PRON"):
                continue
            node, ok = tok, True
            for _ in range(12):
                if node.i == verb.i or node.head.i == node.i:
                    break
                node = node.head
                if node.i != verb.i and node.pos_ in ("VERB", "AUX"):
                    ok = False
                    break
            if ok and node.i == verb.i:
                out.append(tok)
        return out

    def _adjective_subject(self, adj: Token) -> list[Token]:
        """Return the subject of a predicative adjective ('Tehran remained skeptical')."""
        if adj.dep_ in ("acomp", "oprd") or (adj.dep_ == "ROOT"):
            head = adj.head if adj.dep_ != "ROOT" else adj
            subj = children(head, SUBJ_DEPS)
            if subj:
                return subj
            return logical_subject(head, self.cues) if head.i != adj.i else []
        if adj.dep_ == "conj":
            return self._adjective_subject(adj.head)
        return []

    def _modifiers(self, token: Token) -> list[Token]:
        """Return the tokens that modify a noun phrase and may name an actor."""
        out = [c for c in token.children if c.dep_ in MOD_DEPS and not self._venue(c)]
        for obj in prep_objects(token, "of"):
            if obj.pos_ in ("VERB", "AUX"):
                out += children(
                    obj, ["nsubj", "nsubjpass", "poss"]
                )  # "the idea of Ukraine joining NATO"
            else:
                out.append(obj)
        out += prep_objects(token, "by") + prep_objects(token, "from")
        for c in token.children:
            if c.dep_ in ("acl", "relcl") and is_passive(c):
                out += [o for a in children(c, ["agent"]) for o in pobjects(a)]
            elif c.dep_ == "acl" and c.tag_ == "VBG":
                out += children(c, OBJ_DEPS)  # "an agreement allowing the United States to invest"
        return out

    def _own_forces(self, verb: Token, sources: list[dict[str, Any]]) -> bool:
        """Tell a command given to the source's own forces ("ordered the army to strike")."""
        if lemma(verb) not in COMMAND_VERBS:
            return False
        sectors = agent_sectors()
        own = {s.get("country") for s in sources}
        for obj in children(verb, ["dobj"]):
            if sectors.get(lemma(obj)) not in ("MIL", "COP"):
                continue
            named = [a for t in obj.subtree for a in self.actors.at(t)]
            if all(a.get("country") in own for a in named):
                return True
        return False

    def _venue(self, token: Token) -> bool:
        """Tell a place naming where a thing was made ("the Geneva agreement"), not who made it."""
        # the dependency first: most words modify nothing, and is_venue asks for it first anyway
        return token.dep_ in ("compound", "nmod") and is_venue(
            token, self.actors.at(token), self._venues
        )

    def actors_of(
        self, tokens: list[Token], depth: int = 0, agent: bool = False
    ) -> list[dict[str, Any]]:
        """Resolve slot tokens to actor mentions, through modifiers and coordination.

        With `agent`, a noun that is not itself an actor names one through its
        modifiers only when it denotes people or forces ("Iraq's security adviser",
        "Russian jets"), not a thing or an event ("the MH17 crash").
        """
        found: list[dict[str, Any]] = []
        seen: set[int] = set()
        for tok in tokens:
            # "The US, Russia and Switzerland met": a list the parser hung off an apposition
            own = self.actors.at(tok)
            listed = (
                [a for a in tok.children if a.dep_ == "appos" and self.actors.at(a)] if own else []
            )
            # a name split by the parser ("Barack" heading "Obama and Putin"): the list sits inside
            listed += [c for c in tok.children if own and self.actors.at(c) == own and c.conjuncts]
            for cand in (tok, *tok.conjuncts, *[c for a in listed for c in (a, *a.conjuncts)]):
                if cand.i in seen:
                    continue
                seen.add(cand.i)
                key = (cand.i, depth, agent)
                ones = self._actors_by_token.get(key)
                if ones is None:  # the same word is resolved again for other slots and triggers
                    ones = self._actors_by_token[key] = self._actors_of_one(cand, depth, agent)
                for actor in ones:
                    if not any(same_actor(actor, f) for f in found):
                        found.append(actor)
        return found

    def _actors_of_one(self, tok: Token, depth: int, agent: bool = False) -> list[dict[str, Any]]:
        """Resolve one token to actors: its own span, a titled person, or its modifiers."""
        actors = self.actors.at(tok)
        if agent and depth == 0 and not actors and counted(tok) is not tok:
            # "Tens of thousands of students throughout Indonesia": the group counted acts
            return self._actors_of_one(counted(tok), depth, agent)
        named = [
            a
            for c in tok.children
            if c.dep_ == "appos"
            for a in self.actors.at(c)
            if a.get("kind") == "person"
        ]
        if named:
            # "President Ahmed al-Sharaa and the commander of the SDF, Mazloum Abdi": the
            # parser hangs the second party on the first's name
            named += [
                a
                for c in tok.children
                if c.dep_ == "appos"
                for conj in c.conjuncts
                for a in (self.actors.at(conj) or self._titled_person(conj))
                if a.get("kind") == "person" and not any(same_actor(a, n) for n in named)
            ]
        if named and (
            not actors
            or all(
                a.get("method") in ("coref", "title") or a.get("kind") != "person" for a in actors
            )
        ):
            return named  # "the EU's foreign policy chief, Kaja Kallas": the name given wins
        members = prep_objects(tok, "including") if not actors and depth < 2 else []
        if members:
            # "officials on both sides, including Modi, Sharif and Munir": the members named
            found = self.actors_of(members, depth + 1)
            if found:
                return found
        if not actors or all(a.get("kind") == "state" for a in actors):
            # "President of the United States Donald Trump": the person, not the state in the title
            persons = self._titled_person(tok)
            if persons:
                return persons
        if actors:
            return actors
        if tok.lower_ in FIRST_PERSON:
            speaker = self.speaker_at(tok)
            return [speaker] if speaker else []
        if depth > 1 or tok.pos_ in ("VERB", "AUX"):
            return []
        bare = self._bare_agent(counted(tok)) if depth == 0 and agent else None
        if bare is not None:
            return [bare]
        home = self._home_government(tok) if depth == 0 and not agent else None
        if home is not None:
            return [home]  # "blamed the government for the collapse"
        if agent and tok.pos_ == "PROPN":
            # "Kenzo Oshima, the UN relief coordinator, demanded": a name the KB lacks acts
            # for the body its appositive title names
            titles = [c for c in tok.children if c.dep_ == "appos"]
            found = self.actors_of(titles, depth + 1) if titles else []
            if found:
                return found
        # a plural head ("Swiss doctors", "Russian jets") names a group that can act
        if (
            agent
            and tok.tag_ not in ("NNS", "NNPS")
            and not self._lemma_in(tok, self.dict.classes.get("agent_noun", frozenset()))
        ):
            possessors = [c for c in tok.children if c.dep_ == "poss"]
            return self.actors_of(possessors, depth + 1) if possessors else []
        deps = {c.dep_ for c in tok.children}
        for dep in MOD_DEPS:
            if dep not in deps:
                continue
            mods = [c for c in tok.children if c.dep_ == dep and not self._venue(c)]
            out = [a for m in mods for a in self.actors_of([m], depth + 1)]
            if out:
                return out
        places = (
            ("in", "near", "outside", "across")
            if self._lemma_in(tok, self.dict.classes.get("target", frozenset()))
            else ()
        )
        for name in (
            ("of", "from", "in", "throughout", "across") if agent else ("of", "from", *places)
        ):
            objs = prep_objects(tok, name)
            out = self.actors_of(objs, depth + 1) if objs else []
            if out:
                return out
        return []

    def _home_government(self, tok: Token) -> dict[str, Any] | None:
        """Return the state "the government" stands for as a target (None when unclear)."""
        if tok.lower_ != "government" or not any(c.lower_ == "the" for c in tok.children):
            return None
        if len(list(tok.children)) > 1:
            return None  # "the Lebanese government", "the government of X": its modifier names it
        return self.actors.government_before(tok.i)

    def _bare_agent(self, tok: Token) -> dict[str, Any] | None:
        """Return the agent-only actor a bare group noun names ("Rebels shelled the town").

        No country is guessed: CAMEO codes such an actor by its sector alone (---REB).
        A noun with a modifier naming anyone ("Syrian rebels", "rebels in Darfur") is left
        to the actors stage.
        """
        sectors = agent_sectors()
        word = lemma(tok)
        # a sentence-initial "Rebels" is often tagged a proper noun and keeps its plural
        sector = sectors.get(word) or (sectors.get(word[:-1]) if word.endswith("s") else None)
        if sector is None or tok.pos_ not in ("NOUN", "PROPN"):
            return None
        if any(self.actors.at(t) for t in tok.subtree if t.i != tok.i):
            return None
        if any(
            c.dep_ in ("poss", "nummod") or c.lower_ in ("both", "two", "each", "other")
            for c in tok.children
        ):
            return None  # "its government", "the two governments": someone named before
        if any(c.lower_ in ("former", "ex") for c in tok.children):
            return None  # "former rebels who signed the accord" no longer act as rebels
        if sector == "GOV" and tok.lower_ == "government" and [c.lower_ for c in tok.children] \
                == ["the"]:
            # "the government" of a story is the one whose president or ministers acted last
            home = self.actors.government_before(tok.i)
            if home is not None:
                return home
        return {
            "name": tok.lower_,
            "kind": "group",
            "country": None,
            "sector": sector,
            "code": None,
            "kb_id": None,
            "method": "agent",
        }

    def _titled_person(self, tok: Token) -> list[dict[str, Any]]:
        """Return the person a title phrase names ("the President of France, Macron")."""
        if tok.pos_ not in ("NOUN", "PROPN") or not self._lemma_in(
            tok, self.dict.classes.get("agent_noun", frozenset())
        ):
            return []
        last = max(t.i for t in tok.subtree if t.pos_ != "PUNCT")
        near = [
            t
            for t in tok.subtree
            if (0 < t.i - tok.i <= 8 and t.dep_ in ("pobj", "appos", "compound", "conj"))
            or (0 < t.i - tok.i <= 14 and t.dep_ == "appos" and t.i == last)
        ]  # the name closing a long title phrase: "the commander of the ... Forces, Mazloum Abdi"
        for cand in near:
            people = [a for a in self.actors.at(cand) if a.get("kind") == "person"]
            if people:
                return people[:1]
        return []

    def issue_text(
        self, slots: Iterable[str], token: Token, trig: Trigger, parts: dict[str, Token | None]
    ) -> str | None:
        """Return the text of the first issue slot that is not an actor."""
        for slot in slots:
            if slot in ("xcomp", "ccomp"):
                found = xcomp_of(token) if slot == "xcomp" else ccomp_of(token)
                tokens = [found] if found is not None else []
            elif slot == "acl":
                tokens = children(token, ["acl"])  # "concern that the truce would not hold"
            else:
                tokens = self.slot_tokens(slot, token, trig, parts)
            for tok in tokens:
                if self.actors.at(tok) or tok.ent_type_ in ("DATE", "TIME"):
                    continue
                text = phrase_text(tok)
                if text:
                    return text
        return None

    # --- modality ---------------------------------------------------------

    def modality(self, token: Token) -> str:
        """Return how the text presents the act of a trigger: asserted, negated, planned..."""
        return self.modality_cue(token)[0]

    def modality_cue(self, token: Token) -> tuple[str, str | None]:
        """Return the modality of a trigger's act and the word that sets it ("will", "if")."""
        found: dict[str, str] = {}
        node = token
        for _ in range(8):
            self._own_markers(node, found)
            gov, rel = governor(node)
            if gov is None:
                break
            if rel in ("xcomp",) or rel.startswith("pcomp") or rel.startswith("pobj"):
                prep = rel.split(":", 1)[1] if ":" in rel else ""
                kind = (
                    self._complement_kind(gov, node, rel)
                    if (rel == "xcomp" or prep in self.discourse["complement_prep"])
                    else None
                )
                if kind:
                    found.setdefault(kind, lemma(gov))
                if rel.startswith("pobj:") and rel[5:] in self.cues.preps:
                    found.setdefault(self.cues.preps[rel[5:]], rel[5:])
                node = gov
                continue
            if rel == "acl" and node.tag_ == "VBN" and lemma(node) in self.discourse["author"]:
                break  # "rejected a proposal floated by Egypt": the floating itself took place
            if rel in ("acl", "ccomp") and gov.pos_ == "NOUN" and lemma(gov) in DEMAND_NOUNS:
                # "its demand that Israel ease restrictions": the act is only asked for
                found.setdefault("hypothetical", "demand")
                break
            if rel in (
                "dobj",
                "obj",
                "nsubjpass",
                "nsubj",
                "attr",
                "conj",
                "appos",
                "acomp",
                "acl",
            ):
                kind = (
                    self._complement_kind(gov, node, rel)
                    if rel in ("dobj", "obj") and not self._carried_by(node, gov)
                    else None
                )
                if kind:
                    found.setdefault(kind, lemma(gov))
                node = gov
                continue
            if rel == "ccomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
                # "wants Putin to attack": an infinitive clause reads like a complement
                kind = self._complement_kind(gov, node, "xcomp")
                if kind:
                    found.setdefault(kind, lemma(gov))
                node = gov
                continue
            if rel == "ccomp":
                word = lemma(gov)
                if any(c.dep_ == "dobj" and lemma(c) in DEMAND_NOUNS for c in gov.children):
                    # "reiterated its demand that Israel ease curbs", the clause hung on the verb
                    found.setdefault("hypothetical", "demand")
                    break
                if self._directive(gov):
                    # "demanded that Hamas renounce violence": only asked for
                    found.setdefault("hypothetical", word)
                    break
                kind = self.cues.wrappers.get(word)
                if kind in ("alleged", "negated") and (
                    word not in self.cues.passive_only or is_passive(gov)
                ):
                    found.setdefault(kind, lemma(gov))
                match = self.match(gov)
                if match and match[0].complement in ("alleged",):
                    found.setdefault("alleged", lemma(gov))
                # a reported act keeps the reporter's negation only ("did not say that...") - rare
                break
            if rel == "advcl":
                if _infinitive_for(node) and (
                    (gov.pos_ == "NOUN" and lemma(gov) in DEMAND_NOUNS)
                    or any(c.dep_ == "dobj" and lemma(c) in DEMAND_NOUNS for c in gov.children)
                ):
                    # "renewed its call for Israel to allow aid": the act is only asked for
                    found.setdefault("hypothetical", "demand")
                elif any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
                    found.setdefault("planned", "to")
                elif (
                    node.tag_ == "VBG"
                    and node.i <= gov.i + 3
                    and not any(
                        c.dep_ in ("nsubj", "mark") or c.lower_ in ("instead", "while", "rather")
                        for c in node.children
                    )
                ):
                    kind = self._complement_kind(gov, node, "xcomp")
                    if kind:
                        found.setdefault(kind, lemma(gov))
                break
            break
        for kind in MODALITY_ORDER:
            if kind in found:
                return kind, found[kind]
        return "asserted", None

    def _carried_by(self, noun: Token, verb: Token) -> bool:
        """Tell an event noun whose light verb is `verb` ("claimed responsibility"): the verb
        carries the act, it does not report it."""
        match = self.match(noun)
        light = match[1].get("light") if match is not None else None
        return light is not None and light.i == verb.i

    def _own_markers(self, node: Token, found: dict[str, str]) -> None:
        """Note the modality markers on a word itself: negation, modals, marks, adverbs."""
        cues = self.cues
        is_noun = node.pos_ in ("NOUN", "PROPN")
        for c in node.children:
            word = c.lower_
            if c.dep_ == "neg" or (
                c.dep_ in ("advmod", "det", "preconj") and word in cues.negation
            ):
                found.setdefault("negated", word)
            elif c.dep_ in ("aux", "auxpass") and word in cues.aux:
                found.setdefault(cues.aux[word], word)
            elif c.dep_ == "mark" and word in cues.marks:
                found.setdefault(cues.marks[word], word)
            elif (
                c.dep_ == "mark"
                and word in self.discourse["present_future"]
                and node.tag_ in ("VBZ", "VBP")
                and not any(a.dep_ in ("aux", "auxpass") for a in node.children)
            ):
                # "a day before Sarkozy heads to Beijing": a time clause's present is the future
                found.setdefault("planned", word)
            elif c.dep_ == "advmod" and word in cues.adverbs and not (
                cues.adverbs[word] == "planned" and _told_as_past(node)
            ):
                found.setdefault(cues.adverbs[word], word)
            elif c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children
            ):
                # the word is kept: an act announced "unless" another party yields is a threat
                mark = next(m.lower_ for m in c.children if m.lower_ in ("if", "unless"))
                found.setdefault("conditional", mark)
            elif (
                is_noun
                and c.dep_ in ("amod", "compound", "det", "nmod")
                and (word in cues.noun_mods or lemma(c) in cues.noun_mods)
            ):
                found.setdefault(cues.noun_mods.get(word) or cues.noun_mods[lemma(c)], word)
        if (
            node.tag_ == "VBG"
            and any(c.dep_ == "aux" and c.lower_ in ("is", "are", "am") for c in node.children)
            and any(
                c.dep_ == "npadvmod" and lemma(c) in ("tomorrow", "week", "month")
                for c in node.children
            )
        ):
            found.setdefault("planned", "is")

    def _directive(self, verb: Token, act: Token | None = None) -> bool:
        """Tell whether a verb asks another party to act ("urged", "called on", "called for").

        A wish with its own subject for the act is one too ("wants Putin to agree"), not the
        wisher's plan ("wants to agree").
        """
        word = lemma(verb)
        if word in WISH_VERBS:
            return act is not None and any(c.dep_ == "nsubj" for c in act.children)
        if word == "call":
            return any(
                c.dep_ == "prep" and c.lower_ in ("on", "upon", "for") for c in verb.children
            )
        return word in self.cues.directive

    def _complement_kind(self, gov: Token, node: Token, rel: str) -> str | None:
        """Return the modality a governing word gives the act in its complement."""
        if self._directive(gov, node):
            return "hypothetical"  # "urged the EU to back the plan": only asked for
        match = next((m for m in self.matches(gov) if m[0].complement), None)
        if match is not None:
            trig = match[0]
            if rel in ("dobj", "obj") and trig.complement != "negated":
                # "agreed a ceasefire" is the agreement itself, not a planned act inside it
                return None
            return trig.complement
        word = lemma(gov)
        kind = self.cues.wrappers.get(word)
        if kind is None or kind == "asserted":
            return None
        if word in self.cues.passive_only and not is_passive(gov):
            return None
        return kind

    # --- candidates -------------------------------------------------------

    def candidates(self) -> Iterator[Candidate]:
        """Yield one candidate per matched trigger that has a source actor."""
        for token in self.triggerable():
            for trig, parts in self.matches(token):
                light = parts.get("light")
                if light is not None and self._codes_event(light):
                    break  # "launched strikes": the verb's own entry codes the act
                cand = self.build(token, trig, parts)
                if cand is not None:
                    yield from self._reciprocal(cand)
                    pledge = self._aid_pledge(cand)
                    if pledge is not None:
                        yield pledge
                    break

    def _reciprocal(self, cand: Candidate) -> list[Candidate]:
        """Split "A and B accused each other" or "traded accusations" into A -> B and B -> A."""
        traded = cand.type in ("criticize", "attack", "threaten") and any(
            lemma(w) in ("trade", "exchange") for w in cand.words
        )
        if cand.targets or len(cand.sources) != 2 or not (traded or _says_each_other(cand.token)):
            return [cand]
        first, second = cand.sources
        return [
            dataclasses.replace(cand, sources=[first], targets=[second]),
            dataclasses.replace(cand, sources=[second], targets=[first]),
        ]

    def _aid_pledge(self, cand: Candidate) -> Candidate | None:
        """Read "agreed to provide aid" as an agreement and also a pledge of aid (CAMEO 033x)."""
        if not cand.trigger.intent or cand.type == "aid" or cand.embedded_code is None:
            return None
        code = codes.intent_code(cand.embedded_code)
        if code is None or codes.type_of(code) != "aid":
            return None
        return Candidate(
            cand.trigger,
            cand.token,
            code,
            "aid",
            cand.sources,
            cand.targets,
            cand.issue,
            cand.modality,
            cand.words,
            round(cand.confidence - 0.1, 2),
            modality_cue=cand.modality_cue,
        )

    def _codes_event(self, token: Token) -> bool:
        """Tell whether a token's own trigger entry yields an event."""
        return any(
            self.build(token, trig, parts) is not None for trig, parts in self.matches(token)
        )

    def build(
        self,
        token: Token,
        trig: Trigger,
        parts: dict[str, Token | None],
        require_source: bool = True,
    ) -> Candidate | None:
        """Fill a matched trigger's frame and code it; None when no actor does the act."""
        frame = trig.frame
        sources, source_slot = self._first_actors(frame.source, token, trig, parts)
        target_slots = [s for s in frame.target if s not in trig.target_not]
        if (
            not sources
            and require_source
            and not ("between" in target_slots and frame.name in BETWEEN_FRAMES)
            and not (trig.cameo.startswith("14") and trig.subj_class)
        ):
            # nobody acts, and neither "talks between A and B" nor a protesting crowd below can
            # name the parties
            return None
        targets, target_slot = self._first_actors(target_slots, token, trig, parts, exclude=sources)
        if target_slot == "ccomp_subj":
            # "Lenz warned that Estonia would respond": the speaker's own state acts, no target
            own = {s.get("country") for s in sources if s.get("country")}
            targets = [
                t for t in targets if not (t.get("kind") == "state" and t.get("country") in own)
            ]
        symmetric = trig.is_symmetric
        if (
            not sources
            and target_slot == "between"
            and len(targets) >= 2
            and trig.frame.name in BETWEEN_FRAMES
        ):
            # "talks between Russia and Ukraine": the two named are the parties (not a mediator's)
            sources, targets = targets[:1], targets[1:]
        if source_slot == "between" and len(sources) >= 2 and not targets:
            sources, targets = sources[:1], sources[1:]
        if (
            source_slot == "mod"
            and trig.pos == "NOUN"
            and symmetric
            and len(sources) >= 2
            and not targets
        ):
            sources, targets = sources[:1], sources[1:]
        if trig.pos == "NOUN" and symmetric and sources and not targets and source_slot != "light":
            # "at a NATO meeting, Hegseth said": the clause subject meets the noun's party
            others = [
                a
                for a in self.actors_of(self._clause_subject(token), agent=True)
                if not any(same_actor(a, s) for s in sources)
            ]
            if others:
                sources, targets = others, sources
        if source_slot == "poss" and symmetric and len(sources) >= 2:
            # "their summit": the possessive names both parties; a place beside it is the venue
            sources, targets = sources[:1], sources[1:]
        if source_slot == "poss" and symmetric and not targets:
            # "in his call with Trump, Putin": a possessive resolved to the partner is the subject
            partners, _ = self._first_actors(target_slots, token, trig, parts)
            if partners and all(any(same_actor(p, s) for s in sources) for p in partners):
                subjects = self.actors_of(self._clause_subject(token), agent=True)
                if subjects:
                    sources, targets = subjects, partners
        if not sources and trig.cameo.startswith("14") and trig.subj_class:
            sources = self._crowd_of_place(token, parts)
        if not sources and require_source:
            return None
        if trig.control == "object" and self._own_forces(token, sources):
            return None  # "ordered the army to keep fighting": a command at home, no demand
        if symmetric and targets and target_slot not in PARTNER_SLOTS:
            # "agreed to lift embargoes on Iran": Iran is what the deal is about, not a party to it
            symmetric = False
        embedded = xcomp_of(token)
        embedded_match = self.match(embedded) if embedded is not None else None
        if embedded is not None and embedded_match is None:
            # "vowed to keep up their attacks": the act is the noun its light verb carries
            for noun in children(embedded, ["dobj"]):
                found = self.match(noun)
                if found is not None and found[1].get("light") == embedded:
                    embedded, embedded_match = noun, found
                    break
        if (
            not targets
            and embedded_match is not None
            and (trig.intent or trig.embedded or trig.complement)
        ):
            inner = self.build(embedded, *embedded_match)
            if inner is not None:
                targets = [t for t in inner.targets if not any(same_actor(t, s) for s in sources)]
                symmetric = symmetric and not targets  # the act's object is no party to it
        word = lemma(token)
        code = self._code(trig, token, word, parts, embedded_match, embedded)
        if code is None:
            return None
        hit, hit_slot = (targets, target_slot) if targets else self._first_actors(
            target_slots, token, trig, parts)
        obj = parts.get("obj")
        if code[:2] in VIOLENT_ROOTS and hit and hit_slot == "obj" and all(
            _same_state(t, s) for t in hit for s in sources
        ) and not (obj is not None and any(c.dep_ == "poss" for c in obj.children)):
            return None  # "a Chinese navy ship struck a China Coast Guard vessel": no foe hit
        if not targets and len(sources) >= 2 and code[:3] == "087":
            # "Israel and Hamas accepted a truce": a ceasefire two parties take is between them
            sources, targets, symmetric = sources[:1], sources[1:], True
        if not targets and not symmetric and code[:2] in PHRASE_TARGET_ROOTS:
            targets = self._phrase_target(token, sources, foreign=code[:2] == "04")
            if code[:2] in SPEECH_ROOTS | {"04"}:
                # "Katz warned that anyone who attacked Israel...": no one praises, blames,
                # rebuffs, threatens or meets the very state or body they speak for ("hosted
                # by UN Secretary-General Guterres" is no meeting with the UN)
                targets = [t for t in targets if not _acts_for(sources, t)]
        typ = trig.type_for(code, word)
        if code != trig.code_for(word) and not trig.type and not trig.type_by_lemma.get(word):
            typ = codes.type_of(code)
        if typ is None:
            return None
        issue = self.issue_text(frame.issue, token, trig, parts)
        if not self._needs_met(trig, token, parts, sources, targets, issue, embedded):
            return None
        modality, cue = self.modality_cue(token)
        if cue in ATTEMPT_CUES and code[:2] in VIOLENT_ROOTS:
            # "tried to assassinate the prime minister": a violent attempt is itself an attack
            modality, cue = "asserted", None
            code = "185" if code == "186" else code
        words = [token]
        for key in ("prep", "obj", "light"):
            part = parts.get(key)
            if part is not None and (key != "obj" or trig.obj):
                words.append(part)
        confidence = 0.9 if source_slot == "subj" else 0.75
        if trig.pos == "NOUN":
            confidence -= 0.1
        if any(s.get("method") in ("coref", "group") for s in sources):
            confidence -= 0.1
        return Candidate(
            trig,
            token,
            code,
            typ,
            sources,
            targets,
            issue,
            modality,
            sorted(words, key=lambda t: t.i),
            round(confidence, 2),
            symmetric=symmetric,
            embedded_code=embedded_match and self._plain_code(embedded, *embedded_match),
            modality_cue=cue,
        )

    def _phrase_target(
        self, token: Token, sources: list[dict[str, Any]], foreign: bool = False
    ) -> list[dict[str, Any]]:
        """Return the first actor other than the source named after a trigger, in its phrase.

        The source's own state as the subject of a clause is skipped ("Renn warned that Marran
        would respond": Renn's country acts there, it is no target of his warning). With
        `foreign` (visits, hosting, attending) an actor of the source's own country is skipped.
        """
        own = {s.get("country") for s in sources if s.get("country")}
        # a clause coordinated with the trigger is another act ("welcomed the deal and said U.S.
        # officials would help"): its actors are not the trigger's target
        other_acts = {t.i for c in token.children if c.dep_ == "conj" for t in c.subtree}
        # "fired water cannon at the ship, Tarriela said": the one who reports is no target
        other_acts |= {t.i for c in token.children if c.dep_ == "parataxis"
                       and lemma(c) in self.cues.speech for t in c.subtree}
        # "accepted a truce after talks mediated by Washington": the go-between is no party
        go_between = discourse_cues()["go_between"]
        other_acts |= {t.i for c in token.subtree if c.dep_ == "acl" and lemma(c) in go_between
                       for a in c.children if a.dep_ == "agent" for t in a.subtree}
        for tok in token.subtree:
            if tok.i <= token.i or tok.i in other_acts or self._venue(tok):
                continue
            for actor in self.actors.at(tok):
                if any(same_actor(actor, s) for s in sources):
                    continue
                if actor.get("country") in own and (
                    foreign or (actor.get("kind") == "state" and tok.dep_ in ("nsubj", "nsubjpass"))
                ):
                    continue
                return [actor]
        return []

    def _plain_code(
        self, token: Token, trig: Trigger, parts: dict[str, Token | None]
    ) -> str | None:
        """Return the CAMEO code of an act without the shifts its complement brings."""
        return self._code(trig, token, lemma(token), parts, None)

    def _code(
        self,
        trig: Trigger,
        token: Token,
        word: str,
        parts: dict[str, Token | None],
        embedded_match: tuple[Trigger, dict[str, Token | None]] | None,
        embedded: Token | None = None,
    ) -> str | None:
        """Return the CAMEO code of a match, refined by lemma, object and embedded act."""
        code = trig.code_for(word)
        if trig.evaluative and parts.get("eval") is not None:
            polarity = self._polarity(parts["eval"])
            attacks = self.dict.classes.get("attack_noun", frozenset())
            if polarity == "rejection" and any(
                self._lemma_in(o, attacks) for o in children(token, OBJ_DEPS)
            ):
                polarity = "negative"  # "called the strikes unacceptable" condemns an act done
            return {"rejection": "120", "negative": "111"}.get(polarity or "", "051")
        if trig.mod_codes:
            for child in token.children:
                if child.dep_ in ("compound", "amod", "nmod") and lemma(child) in trig.mod_codes:
                    code = trig.mod_codes[lemma(child)]
                    break
        obj = parts.get("obj")
        if obj is not None:
            for words, obj_code in trig.obj_codes:
                if self._lemma_in(obj, words) or any(
                    c.dep_ in ("compound", "amod") and self._lemma_in(c, words)
                    for c in obj.children
                ):
                    code = obj_code
                    break
        if embedded_match is not None:
            inner = self._plain_code(embedded or xcomp_of(token), *embedded_match)
            if inner is not None:
                if trig.intent:
                    shifted = codes.intent_code(inner)
                    if shifted and (
                        shifted[:2] == code[:2]
                        or trig.cameo.startswith("13")
                        or code.startswith("03")
                    ):
                        code = shifted
                elif trig.embedded == "appeal":
                    code = codes.appeal_code(inner) or code
                elif trig.embedded == "demand" and not code.startswith("17"):
                    # "forced/pressured X to withdraw" stays coercion; a bare demand takes the act
                    code = codes.demand_code(inner) or code
        act = embedded if embedded is not None else (xcomp_of(token) if trig.intent else None)
        if trig.intent and act is not None and any(c.dep_ == "neg" for c in act.children):
            # "vowed not to return the Golan", "pledged never to allow a state": a vow not to
            # cooperate is a refusal; a vow not to attack is a pledge to cooperate, no threat
            inner = self._plain_code(act, *embedded_match) if embedded_match else None
            if inner is not None and inner[:2] >= "09":
                return "030"
            return (codes.refusal_code(inner) if inner else None) or "120"
        if trig.future_code and self._has_future_complement(token):
            code = trig.future_code
        return code

    def _has_future_complement(self, token: Token) -> bool:
        """Tell whether a trigger's complement clause is in the future ('warned it will')."""
        clause = ccomp_of(token) or xcomp_of(token)
        if clause is None:
            return False
        auxes = [c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")]
        if any(self.cues.aux.get(a) == "planned" for a in auxes):
            return True
        # "warned that anyone who attacked would be struck": "would" is the future of the past,
        # a threat when what would happen is force ("would leave it vulnerable" is no threat)
        match = self.match(clause) if any(a in ("would", "'d") for a in auxes) else None
        if match is None:
            return False
        if match[0].frame.name == "attack":
            return True
        # "warned that Washington would not sign trade deals": withheld cooperation is a threat
        code = self._plain_code(clause, *match)
        refused = any(c.dep_ == "neg" for c in clause.children)
        return refused and code is not None and code < "09"

    def _first_actors(
        self,
        slots: Iterable[str],
        token: Token,
        trig: Trigger,
        parts: dict[str, Token | None],
        exclude: list[dict[str, Any]] | None = None,
    ) -> tuple[list[dict[str, Any]], str | None]:
        """Return the actors of the first slot that names any, and that slot."""
        # a "prep:on" or "objprep:on" slot is empty without that preposition: frames list up to
        # twenty of them, so the prepositions present are read once and the others skipped
        preps: set[str] | None = None
        obj_preps: set[str] | None = None
        for slot in slots:
            if slot[:5] == "prep:":
                if preps is None:
                    preps = {c.lower_ for c in token.children if c.dep_ in PREP_DEPS}
                if slot[5:] not in preps:
                    continue
            elif slot[:8] == "objprep:":
                if obj_preps is None:
                    obj = parts.get("obj")
                    obj_preps = (
                        {c.lower_ for c in obj.children if c.dep_ in PREP_DEPS}
                        if obj is not None
                        else set()
                    )
                if slot[8:] not in obj_preps:
                    continue
            tokens = self.slot_tokens(slot, token, trig, parts)
            if not tokens:
                continue
            actors = self.actors_of(
                tokens, agent=slot in ("subj", "light", "prep:by", "agent") and exclude is None
            )
            if exclude:
                actors = [a for a in actors if not any(same_actor(a, e) for e in exclude)]
            if actors:
                return actors, slot
        return [], None

    def _needs_met(
        self,
        trig: Trigger,
        token: Token,
        parts: dict[str, Token | None],
        sources: list[dict[str, Any]],
        targets: list[dict[str, Any]],
        issue: str | None,
        embedded: Token | None,
    ) -> bool:
        """Tell whether a candidate meets its trigger's extra need (a target, two parties...)."""
        need = trig.needs
        if need is None or need == "source":
            return True
        if need == "target":
            return bool(targets)
        if need == "target_person":
            return any(
                t.get("kind") in ("person", "organisation", "group", "state") for t in targets
            )
        if need == "target_person_or_state":
            return any(t.get("kind") in ("person", "state", "organisation") for t in targets)
        if need == "target_state":
            return any(t.get("kind") in ("state", "organisation") for t in targets)
        if need == "target_or_issue":
            return bool(targets) or bool(issue)
        if need == "judged_object":
            # "cited significant issues with...", not "raised the issue of refugees"
            obj = parts.get("obj")
            return obj is not None and any(
                c.dep_ == "amod"
                or (c.dep_ == "prep" and c.lower_ in ("with", "over", "about", "in"))
                for c in obj.children
            )
        if need == "act_or_obj":
            # "pledged $1bn", "pledged to send troops"; "promised that he was serious" is no pledge
            clause = ccomp_of(token)
            return (
                parts.get("obj") is not None
                or embedded is not None
                or (clause is not None and self.match(clause) is not None)
            )
        if need == "complement":
            return embedded is not None or bool(prep_children(token, ["to"]))
        if need == "no_notice":
            # "warned Washington and Doha in advance" gives notice of an act; it judges nothing
            return not any(
                c.lower_ in NOTICE_WORDS or any(o.lower_ in NOTICE_WORDS for o in pobjects(c))
                for c in token.children
            )
        if need == "xcomp_or_for":
            return embedded is not None or bool(prep_children(token, ["for"]))
        if need == "target_or_persons":
            obj = parts.get("obj")
            return bool(targets) or (
                obj is not None and lemma(obj) in self.dict.classes.get("persons", ())
            )
        if need == "pair":
            return len(sources) + len(targets) >= 2
        if need == "participants":
            if len(sources) + len(targets) >= 2:
                return True
            if any(s.get("kind") == "group" for s in sources):
                return True
            with_objs = prep_objects(token, "with") or (
                prep_objects(parts["obj"], "with") if parts.get("obj") is not None else []
            )
            return any(
                not self._lemma_in(o, self.dict.classes.get("audience", frozenset()))
                and o.pos_ in ("NOUN", "PROPN")
                for o in with_objs
            )
        if need == "attack_object":
            if targets:
                return True
            obj = parts.get("obj")
            objs = [obj] if obj is not None else []
            for name in ("on", "against", "at", "in", "into", "near"):
                objs += prep_objects(token, name)
            if any(o.lower_.endswith(("self", "selves")) for o in objs):
                return True  # "attacked themselves"
            for o in objs:
                if o.ent_type_ in ("GPE", "LOC", "FAC", "NORP") or self._lemma_in(
                    o, self.dict.classes.get("target", frozenset())
                ):
                    return True
            return False
        log.debug("unknown need %s", need)
        return True


def _may_trigger(token: Token, lemmas: frozenset[str]) -> bool:
    """Tell whether any trigger may match a token: a cheap test before `pos_group` and `_fits`.

    A determiner or a preposition gets no POS group, and most other words have a lemma no
    entry has (a hyphened verb is looked up by its last part: "re-impose").
    """
    if token.pos_ not in POS_GROUPS and token.tag_ != "VBG":
        return False
    return lemma(token) in lemmas or "-" in token.lower_


def _infinitive_for(clause: Token) -> bool:
    """Tell an infinitive clause with its own subject ("for Israel to allow aid")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children) and any(
        c.dep_ in SUBJ_DEPS for c in clause.children
    )


def _says_each_other(verb: Token) -> bool:
    """Tell a verb whose object is "each other" or "one another"."""
    for obj in verb.children:
        if obj.dep_ != "dobj":
            continue
        words = {obj.lower_, *(c.lower_ for c in obj.children)}
        words.update(t.lower_ for t in verb.subtree if t.i == obj.i - 1)  # "each" before "other"
        if {"each", "other"} <= words or {"one", "another"} <= words:
            return True
    return False


def _past_clause(clause: Token | None) -> bool:
    """Tell a finite clause that reports the past ("had been reached", "was"), not an order."""
    if clause is None:
        return False
    auxes = [c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")]
    if auxes:
        return auxes[0] in PAST_AUX
    return clause.tag_ == "VBD"


def is_venue(token: Token, actors: list[dict[str, Any]], nouns: frozenset[str]) -> bool:
    """Tell a place that modifies a meeting or agreement noun ("the Doha talks"): no party."""
    return (
        token.dep_ in ("compound", "nmod")
        and bool(actors)
        and all(a.get("method") == "place" for a in actors)
        and lemma(token.head) in nouns
    )


def _acts_for(sources: list[dict[str, Any]], target: dict[str, Any]) -> bool:
    """Tell a target that is the very state or body a source acts for (Katz -> Israel)."""
    code = target.get("code") or ""
    if target.get("kind") not in ("state", "organisation") or not code:
        return False
    return any(
        (s.get("code") or "").startswith(code) and s.get("sector") not in ("REB", "OPP")
        for s in sources
    )


STATE_SECTORS = frozenset({None, "GOV", "MIL", "COP", "SPY", "LEG", "JUD"})


def _same_state(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Tell whether two mentions are the same state's own bodies (its navy and coast guard);
    rebels, opposition and civilians of that state are other parties."""
    return bool(a.get("country")) and a.get("country") == b.get("country") and all(
        m.get("sector") in STATE_SECTORS and m.get("kind") in ("state", "organisation")
        and (m.get("sector") or m.get("participant", True))  # "Georgian demonstrators": who?
        for m in (a, b)
    )


def same_actor(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Tell whether two mentions name the same actor (a state's government and rebels differ)."""
    ka = a.get("kb_id") or a.get("name")
    kb = b.get("kb_id") or b.get("name")
    if not ka or ka != kb:
        return False
    return not (a.get("code") and b.get("code") and a.get("code") != b.get("code"))


def phrase_text(token: Token) -> str:
    """Return the text of a token's phrase, cut to a readable length."""
    cut = {t.i for c in token.children if c.dep_ in ("relcl", "acl", "appos") for t in c.subtree}
    words = sorted((t for t in token.subtree if t.i not in cut), key=attrgetter("i"))
    if len(words) > MAX_ISSUE_TOKENS:
        words = [w for w in words if abs(w.i - token.i) <= MAX_ISSUE_TOKENS // 2]
    while (
        words
        and words[0].pos_ in ("ADP", "PART", "PUNCT", "CCONJ", "SCONJ", "DET")
        and words[0].i != token.i
    ):
        words = words[1:]
    while words and words[-1].pos_ in ("PUNCT", "CCONJ", "ADP") and words[-1].i != token.i:
        words = words[:-1]
    text = ""
    for w in words:
        text += w.text + (w.whitespace_ if hasattr(w, "whitespace_") else " ")
    return text.strip()


def _told_as_past(verb: Token) -> bool:
    """Return True when a verb is told in the past ("attacked two days later", "had later
    agreed"): "later" or "soon" then place it after another past event, not in the future."""
    while verb.dep_ in ("xcomp", "pcomp", "conj") and verb.tag_ in ("VBG", "VB"):
        verb = verb.head
    return verb.tag_ == "VBD" or (
        verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    )


def _names_a_time(prep: Token) -> bool:
    """Return True for a preposition whose object is a time ("called him on Sunday night")."""
    return any(o.ent_type_ in ("DATE", "TIME") for o in pobjects(prep))
