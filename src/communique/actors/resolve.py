"""Actor recognition and in-article resolution over a parsed Doc, plus lookup helpers.

`annotate` is what the component runs: it turns KB phrase matches and the
model's entities into ActorMention dicts, types unknown people from their
titles, and resolves surnames, title-only mentions and pronouns. The lookup
helpers (`actor_for_token`, `actors_in_span`, `actors_of`) are what the quotes
and events components call. Nothing here imports spaCy: Docs, Spans and Tokens
are only read through their attributes.
"""

from __future__ import annotations

import bisect
import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import OSA

from communique.actors.kb import (
    KB,
    NOT_SHORT,
    Collective,
    Country,
    Org,
    Person,
    Place,
    fold,
    short_name,
)
from communique.ingest.pubdate import AGENCY_ONLY_DATELINE, WIRE_DATELINE
from communique.nlp.extensions import text_of
from communique.nlp.tokens import ParsedToken, parsed_tokens, span_root

log = logging.getLogger(__name__)

# Prepositions whose object is a location, not a party ("talks in Riyadh").
PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout",
                         "around", "within", "into", "over", "toward", "towards", "via",
                         "beyond", "onto"})
# Heads that make "on X" / "to X" / a direct object X a place ("a strike on Kyiv").
ATTACK_WORDS = frozenset({"strike", "attack", "assault", "raid", "bombardment", "shelling",
                          "barrage", "offensive", "advance", "march", "drone", "missile",
                          "fire", "bomb", "hit", "shell", "target", "pound", "bombing",
                          "airstrike", "incursion", "push", "counteroffensive"})
MOTION_WORDS = frozenset({"travel", "trip", "fly", "go", "come", "return", "head", "visit",
                          "journey", "arrive", "move", "flee", "relocate", "drive", "sail",
                          "way", "road", "route", "flight"})
VISIT_VERBS = frozenset({"visit", "reach", "leave", "enter", "tour", "strike", "hit", "bomb",
                         "shell", "target", "pound", "attack", "capture", "seize", "liberate",
                         "encircle", "besiege", "storm", "host"})
# Nouns after which a capital names the city, not its government ("the Kyiv region").
PLACE_NOUNS = frozenset({"region", "oblast", "province", "city", "streets", "street", "time",
                         "area", "airport", "suburb", "suburbs", "outskirts", "metro",
                         "residents", "mayor", "centre", "center", "district", "skyline",
                         "meeting", "summit", "talks", "conference", "visit", "trip", "format",
                         "process", "declaration", "accord", "accords", "agreement"})
PRONOUNS_M = frozenset({"he", "him", "his", "himself"})
PRONOUNS_F = frozenset({"she", "her", "hers", "herself"})
PRONOUNS_PL = frozenset({"they", "them", "their", "theirs", "themselves"})
ANON_NOUNS = frozenset({"official", "diplomat", "source", "adviser", "advisor", "aide",
                        "spokesperson", "spokesman", "spokeswoman", "insider", "negotiator",
                        "envoy", "minister", "officer", "commander", "lawmaker", "senator",
                        "person", "member", "analyst", "expert", "observer", "representative",
                        "staffer", "ambassador", "general", "leader"})
INDEFINITE = frozenset({"a", "an", "another", "one", "two", "three", "four", "several",
                        "some", "other"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
OFFICE_PREFIX = frozenset({"former", "ex", "deputy", "acting", "senior", "top", "chief",
                           "first", "special", "outgoing", "incoming", "then", "vice",
                           "assistant", "late", "new", "permanent", "newly", "elected"})
# Forms of address that open a person's name without being part of it.
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "mullah", "maulana", "mawlana", "mawlawi",
                        "maulvi", "hajji", "haji"})
# Lower-case heads the model takes into an organisation's name ("the Democratic Centre party").
GENERIC_HEADS = frozenset({"party", "movement", "group", "faction", "militia", "organisation",
                           "organization", "coalition", "alliance", "bloc"})
# Nouns whose "of" names a place ("the town of Kiryat Shmona", "the province of Idlib").
SETTLEMENT_NOUNS = frozenset({"town", "city", "village", "port", "district", "province",
                              "region", "suburb", "camp", "settlement", "neighbourhood",
                              "neighborhood", "enclave", "governorate", "county", "municipality",
                              "island", "islands", "valley", "strip"})
# Words before a title that make it another, lower office ("deputy special envoy").
LOWER_OFFICES = frozenset({"deputy", "vice", "assistant", "under", "former", "ex"})
# Single capitalised words the model tags PERSON that are never people.
NOT_PERSONS = frozenset({"god", "allah", "president", "minister"})

REF_KEYS = ("name", "kind", "country", "sector", "code", "kb_id")
CONFIDENCE = {"kb": 0.95, "alias": 0.9, "group": 0.85, "coref": 0.8, "title": 0.75,
              "fuzzy": 0.8, "ner": 0.6, "place": 0.85}


def surface_variants(text: str) -> list[str]:
    """Return the written forms to match for a KB name (as given, capitals, apostrophes)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text)
                    if not unicodedata.combining(c))
    forms = [text, plain, text.replace("'", "’"), text.replace("’", "'")]
    if len(text) > 3 and any(c.islower() for c in text):
        forms.append(text.upper())
    if text.startswith("the "):
        forms.append("The " + text[4:])
    return list(dict.fromkeys(forms))


@dataclass
class Found:
    """A mention under construction: token offsets and its ActorMention dict."""

    start: int
    end: int
    mention: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Bounds:
    """A sentence's or a model entity's token range (and an entity's label)."""

    start: int
    end: int
    label_: str = ""


@dataclass
class State:
    """What annotate knows while it walks one Doc."""

    doc: Any
    kb: KB
    date: str | None
    found: list[Found] = field(default_factory=list)
    covered: set[int] = field(default_factory=set)
    text: str = ""  # the Doc's text, read once (spaCy rebuilds doc.text on every access)
    # plain copies of the tokens: the passes walk them instead of making spaCy Tokens and Spans
    tokens: list[ParsedToken] = field(default_factory=list)
    _sents: list[Bounds] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _ents: tuple[Bounds, ...] | None = None
    _datelines: dict[int, int] = field(default_factory=dict)
    _capitalised: list[ParsedToken] | None = None

    def __post_init__(self) -> None:
        self.tokens = self.tokens or parsed_tokens(self.doc)
        self.text = self.text or text_of(self.doc)  # joined from the copies

    def sentences(self) -> list[Bounds]:
        """Return the Doc's sentences, listed once (spaCy rebuilds doc.sents on every access)."""
        if not self._sents:  # as doc.sents splits, without making a Span per sentence
            if not self.doc.has_annotation("SENT_START"):
                raise ValueError(f"{self.doc._.article_id}: no sentence boundaries")
            flags = self.doc.to_array("SENT_START")  # a numpy array: no Python loop over it
            size = len(flags)
            starts = [0] + [i for i in (flags == 1).nonzero()[0].tolist() if i] if size else []
            ends = starts[1:] + [size] if size else []
            self._sents = [Bounds(start, end) for start, end in zip(starts, ends, strict=True)]
            self._starts = starts
        return self._sents

    def entities(self) -> tuple[Bounds, ...]:
        """Return the model's entities as doc.ents reads them from the IOB tags, listed once."""
        if self._ents is None:
            ents: list[Bounds] = []
            start, label = -1, ""
            for token in self.tokens:
                iob = token.ent_iob_
                if iob == "I":
                    continue
                if start != -1:
                    ents.append(Bounds(start, token.i, label))
                    start = -1
                if iob == "B" and token.ent_type_:
                    start, label = token.i, token.ent_type_
            if start != -1:
                ents.append(Bounds(start, len(self.tokens), label))
            self._ents = tuple(ents)
        return self._ents

    def capitalised(self) -> list[ParsedToken]:
        """Return the tokens that open with a capital letter, listed once for several passes."""
        if self._capitalised is None:
            self._capitalised = [t for t in self.tokens if t.text[:1].isupper()]
        return self._capitalised

    def sentence_of(self, index: int) -> int:
        """Return the number of the sentence holding token `index`."""
        self.sentences()
        return bisect.bisect_right(self._starts, index) - 1

    def sentence_start(self, index: int) -> int:
        """Return the first token of the sentence holding token `index` (``token.sent.start``)."""
        return self.sentences()[self.sentence_of(index)].start

    def span_text(self, start: int, end: int) -> str:
        """Return the text of tokens start..end, as spaCy's ``doc[start:end].text``."""
        if start >= end:
            return ""
        first, last = self.tokens[start], self.tokens[end - 1]
        return self.text[first.idx:last.idx + len(last.text)]

    def root(self, start: int, end: int) -> ParsedToken:
        """Return the root of tokens start..end, as spaCy's ``doc[start:end].root``."""
        return span_root(self.tokens, start, end)

    def add(self, start: int, end: int, ref: dict[str, Any], method: str,
            participant: bool = True, confidence: float | None = None, cover: bool = True,
            **extra: Any) -> Found:
        """Record one mention and (optionally) mark its tokens as taken."""
        first_char = self.tokens[start].idx
        last = self.tokens[end - 1]
        end_char = last.idx + len(last.text)
        mention = {**ref, "text": self.text[first_char:end_char], "start": first_char,
                   "end": end_char,
                   "confidence": confidence if confidence is not None else CONFIDENCE[method],
                   "method": method, "participant": participant, **extra}
        item = Found(start, end, mention)
        self.found.append(item)
        if cover:
            self.covered.update(range(start, end))
        return item

    def free(self, start: int, end: int) -> bool:
        """Tell whether no earlier mention took any of these tokens."""
        return self.covered.isdisjoint(range(start, end))

    def persons(self) -> list[Found]:
        """Return the person mentions found so far (named ones), in text order."""
        return sorted((f for f in self.found if f.mention["kind"] == "person"
                       and f.mention.get("name")), key=lambda f: f.start)


# --- the annotation pass -----------------------------------------------------------


def annotate(doc: Any, kb: KB, matches: list[tuple[int, int, list]]
             ) -> list[tuple[int, int, dict[str, Any]]]:
    """Find and resolve the actor mentions of a parsed doc.

    Args:
        doc: a parsed spaCy Doc (parse, entities, sentences).
        kb: the actor knowledge base.
        matches: KB phrase matches as (start, end, entries).
    Returns:
        (start token, end token, ActorMention) triples in text order.
    """
    state = State(doc, kb, doc._.pub_date)
    _kb_mentions(state, matches)
    _unknown_polities(state)
    _surnames(state)
    _ner_entities(state)
    _surnames(state)  # surnames the model left untyped, of persons it found ("Christodoulides")
    _anonymous(state)
    _titles_only(state)
    _pronouns(state)
    state.found.sort(key=lambda f: (f.start, -f.end))
    return [(f.start, f.end, f.mention) for f in state.found]


def _select(matches: list[tuple[int, int, list]], state: State) -> list[tuple[int, int, list]]:
    """Keep the longest non-overlapping matches, dropping those inside other names."""
    persons = [e for e in state.entities() if e.label_ in ("PERSON", "WORK_OF_ART", "FAC")
               and e.end - e.start > 1]
    chosen: list[tuple[int, int, list]] = []
    taken: set[int] = set()
    for start, end, entries in sorted(matches, key=lambda m: (-(m[1] - m[0]), m[0])):
        if not taken.isdisjoint(range(start, end)):
            continue
        if persons and any(p.start <= start and end <= p.end and (p.start, p.end) != (start, end)
                           for p in persons) and \
                not any(e.target.startswith("person:") for e in entries):
            continue  # "Jordan" in "Michael Jordan", "Paris" in a person's name
        if _prefixed(state.tokens, start, entries):
            continue
        chosen.append((start, end, entries))
        taken.update(range(start, end))
    return sorted(chosen)


def _prefixed(tokens: list[ParsedToken], start: int, entries: list) -> bool:
    """Tell whether a name is part of a larger place word ("Latin American", "Northern Ireland")."""
    if start == 0:
        return False
    before = tokens[start - 1].text
    return before in ("Latin", "North", "South", "Central", "Northern", "New") and \
        any(e.form in ("adjective", "name", "alias", "demonym", "group_adj") for e in entries) \
        and not any(e.target.startswith(("person:", "org:")) for e in entries)


TARGET_ORDER = {"person": 0, "org": 1, "group": 2, "country": 3, "place": 4}


def _pick(entries: list) -> Any:
    """Choose the entry a match stands for: persons, then organisations, then states."""
    if len(entries) == 1:
        return entries[0]
    return min(entries, key=lambda e: TARGET_ORDER[e.target.split(":", 1)[0]])


def _kb_mentions(state: State, matches: list[tuple[int, int, list]]) -> None:
    kb = state.kb
    for start, end, entries in _select(matches, state):
        if _dateline_part(state, start) == "place":
            state.covered.update(range(start, end))  # "KYIV, March 19 -": where it was written
            continue
        entry = _pick(entries)
        target = kb.target(entry.target)
        method = "kb" if entry.form == "name" else "alias"
        if isinstance(target, Person):
            state.add(start, end, _titled_person_ref(state, start, end, target), method)
        elif isinstance(target, Org):
            place = target.type == "igo" and entry.text == "Brussels" and \
                _is_place(state.root(start, end))
            state.add(start, end, kb.org_ref(target.id), "place" if place else method,
                      participant=target.participant and not place)
        elif isinstance(target, Collective):
            _collective(state, start, end, target, entry)
        elif isinstance(target, Country):
            _country(state, start, end, target, entry)
        elif isinstance(target, Place):
            if target.country:
                state.add(start, end, kb.country_ref(target.country), "place",
                          participant=False, place=target.name)
            else:
                state.covered.update(range(start, end))


def _collective(state: State, start: int, end: int, group: Collective, entry: Any) -> None:
    kb = state.kb
    root = state.root(start, end)
    if entry.form == "group_adj":
        noun = _governed_noun(root)
        if noun is None or noun.tag_ not in ("NNS", "NNPS") and noun.lemma_.lower() not in (
                "leadership", "bloc"):
            return  # "a European diplomat" is one person, not Europe
        singular = noun.lower_[:-3] + "y" if noun.lower_.endswith("ies") else \
            noun.lower_.rstrip("s")
        if _noun_sector(kb, noun)[0] is None and singular not in (
                "country", "nation", "state", "power", "capital", "ally", "partner",
                "counterpart", "neighbour", "neighbor", "member", "government", "leadership",
                "bloc"):
            return
        end = max(end, noun.i + 1)
        state.add(start, end, kb.group_ref(group.id), "group", participant=False)
        return
    if entry.text == "Europe" and (_is_place(root) or root.dep_ not in SUBJECT_DEPS):
        return
    state.add(start, end, kb.group_ref(group.id), "group", participant=False)


def _country(state: State, start: int, end: int, country: Country, entry: Any) -> None:
    kb, tokens = state.kb, state.tokens
    root = state.root(start, end)
    sector = entry.sector
    if entry.form == "people":
        _ethnic_people(state, start, end, country)
        return
    if entry.form == "name" and any(c.dep_ == "det" and c.lower_ in ("a", "an")
                                    for c in root.children):
        state.covered.update(range(start, end))  # "to build a new Syria": an idea of the state
        return
    if entry.form in ("adjective", "demonym") and start and tokens[start - 1].lower_ == "ethnic":
        _ethnic_people(state, start - 1, end)
        return
    if entry.form == "demonym" and _home_elsewhere(kb, root, country):
        _ethnic_people(state, start, end)  # "the Albanians of southern Serbia"
        return
    if end + 1 < len(tokens) and tokens[end].text == "-" and \
            tokens[end + 1].lower_ in ("based", "headquartered", "born", "registered"):
        state.add(start, end, kb.country_ref(country.iso3), "place", participant=False)
        return  # "a Beirut-based think tank" only says where
    hyphened = _hyphened(tokens, end)
    if hyphened is not None:
        _hyphened_state(state, start, country, *hyphened)
        return
    form = entry.form
    if form == "demonym" and tokens[end - 1].dep_ == "amod":
        form, root = "adjective", tokens[end - 1]  # "the Swiss resort": the demonym is an adjective
    noun = _governed_noun(root) if form in ("adjective", "name", "alias", "capital",
                                                  "metonym") else None
    participant = True
    if noun is not None and noun.i >= end:
        noun_sector, noun_kind = _noun_sector(kb, noun)
        if noun_sector:
            sector = noun_sector
        elif form == "adjective":
            participant = False  # "Ukrainian cities", "the Swiss resort": only an attribute
        if noun_kind is None and entry.form in ("capital", "metonym") and \
                noun.lower_ in PLACE_NOUNS:
            state.add(start, end, kb.country_ref(country.iso3), "place", participant=False)
            return
        if noun_kind == "group" and root.dep_ != "conj" and root.head.i == noun.i and \
                not any(c.dep_ == "conj" for c in root.children) and \
                not _named_after(tokens, noun):
            end = noun.i + 1  # "Russian forces" is the actor span, not just "Russian"
    if entry.form in ("capital", "metonym", "name", "alias") and _is_place(root):
        state.add(start, end, kb.country_ref(country.iso3), "place", participant=False)
        return
    method = "kb" if entry.form == "name" else "alias"
    state.add(start, end, kb.country_ref(country.iso3, sector), method, participant=participant)


def _hyphened(tokens: list[ParsedToken], end: int) -> tuple[Any, Any] | None:
    """Return the participle and noun of "Saudi-led coalition", "Russian-backed rebels"."""
    if end + 1 >= len(tokens) or tokens[end].text != "-" or tokens[end + 1].lower_ not in (
            LED_WORDS | BACKED_WORDS):
        return None
    participle = tokens[end + 1]
    noun = participle.head
    return (participle, noun) if noun.pos_ in ("NOUN", "PROPN") and noun.i > end else None


def _hyphened_state(state: State, start: int, country: Country, participle: Any,
                    noun: Any) -> None:
    """Record a state that leads a group as that group, a state that backs one as no party.

    "The Saudi-led coalition" acts for Saudi Arabia; "Russian-backed separatists" do not
    make Russia the one who shelled the town.
    """
    kb = state.kb
    sector, kind = _noun_sector(kb, noun)
    if participle.lower_ in BACKED_WORDS or (
            kind is None and noun.lemma_.lower() not in LED_GROUPS):
        # "US-led talks": the state only chairs; the mention leaves the participle out so the
        # group noun is not read as the state
        state.add(start, participle.i - 1, kb.country_ref(country.iso3), "alias",
                  participant=False)
        return
    state.add(start, noun.i + 1, kb.country_ref(country.iso3, sector), "alias")


def _home_elsewhere(kb: KB, noun: Any, country: Country) -> bool:
    """Tell whether "the <people> of <another state>" names a people living outside its state."""
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            found = [t for t in kb.find(obj.text) if isinstance(t, Country)]
            if found and found[0].iso3 != country.iso3:
                return True
    return False


def _ethnic_people(state: State, start: int, end: int, home: Country | None = None) -> None:
    """Record "ethnic Albanians (in Serbia)" or "Yoruba elders" as a people, never as a state.

    An ethnic group acts for no state: it is placed where the phrase says it lives
    ("ethnic Russians in Ukraine" -> Ukraine, civilians), else in the one state the KB says
    the people lives in (`home`), else left without a country.
    """
    kb = state.kb
    head = state.root(start, end)
    noun = _governed_noun(head)
    if noun is not None and noun.i >= end:
        head, end = noun, noun.i + 1  # "ethnic Albanian guerrillas"
    sector = _noun_sector(kb, head)[0]
    sector = sector if sector in PEOPLE_SECTORS else "CVL"  # "Yoruba leaders" govern no state
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("in", "of")):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            home = next((t for t in kb.find(obj.text) if isinstance(t, Country)), None) or home
    ref = {"name": state.span_text(start, end), "kind": "group",
           "country": home.name if home else None, "sector": sector,
           "code": home.cameo + sector if home else None, "kb_id": None}
    state.add(start, end, ref, "alias")


def _named_after(tokens: list[ParsedToken], token: Any) -> bool:
    """Tell whether a person's name follows a noun ("envoy Steve Witkoff")."""
    return token.i + 1 < len(tokens) and tokens[token.i + 1].ent_type_ == "PERSON"


def _governed_noun(token: Any) -> Any:
    """Return the noun an adjective or name modifies ("Russian" -> "forces"), if any."""
    t = token
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if t.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod") and t.head.pos_ in (
            "NOUN", "PROPN"):
        return t.head
    return None


def _noun_sector(kb: KB, noun: Any) -> tuple[str | None, str | None]:
    """Return the CAMEO sector a head noun gives its country (forces -> MIL) and its kind.

    The kind is "group" for collective nouns (forces, officials), "title" for
    offices (minister), None when the noun is no actor (cities, soil).
    """
    words = [c.lower_ for c in noun.lefts if c.dep_ == "compound"] + [noun.lower_]
    candidates = [" ".join(words[-size:]) for size in range(len(words), 0, -1)]
    candidates.append(noun.lemma_.lower())
    for phrase in candidates:
        if phrase in kb.groups:
            return kb.groups[phrase], "group"
        if phrase in kb.titles:
            return kb.titles[phrase][0], "title"
    return None, None


def _is_place(root: Any) -> bool:
    """Tell whether a state's name (the root of its span) is used as a location, not a party."""
    head = root.head
    if root.dep_ == "pobj":
        prep = head.lower_
        governor = head.head
        if prep in PLACE_PREPS:
            return True
        if prep == "on" and governor.lemma_.lower() in ATTACK_WORDS:
            return True
        if prep in ("to", "from") and governor.lemma_.lower() in MOTION_WORDS:
            return True
    if root.dep_ == "dobj" and head.lemma_.lower() in VISIT_VERBS:
        return True
    # "Helsinki, Finland" and "Timbuktu (Mali)": a state after a place is part of its address
    return root.dep_ in ("appos", "npadvmod") and head.i < root.i and \
        head.ent_type_ in ("GPE", "LOC", "FAC") and _is_place(head)


# --- states the KB does not know -----------------------------------------------------


def _unknown_polities(state: State) -> None:
    """Name states the KB does not know from how the text names them.

    A capitalised name is a state when the same text also gives it a polity
    word ("Marran Federation", "Republic of Talvoria") or a demonym built on it
    ("Varesh" and "Vareshi"). Its demonym is then its adjective ("Vareshi
    troops" -> Varesh, MIL), as for known states.
    """
    tokens, words, known = state.tokens, state.kb.name_words, state.kb.surface_forms
    capitalised = [t for t in state.capitalised() if t.i not in state.covered]
    free = [t for t in capitalised if _free_name(state, t) and fold(t.text) not in known]
    forms = {form for form in {t.text for t in capitalised} if fold(form) not in known}
    polities: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for name in {t.text for t in free}:
        stems = {name, name[:-1]} if name[-1] in "aeiouy" else {name}
        for form in (stem + ending for stem in stems for ending in words["demonym_ending"]):
            if form != name and form in forms:
                demonyms[form] = polities[name] = name
    for tok in free:
        if _long_form(tokens, tok, words["polity"]) is not None:
            polities[tok.text] = tok.text
    if not polities:
        return
    for tok in capitalised:
        if tok.i in state.covered:
            continue
        if tok.text in polities and _free_name(state, tok):
            start, end = _long_form(tokens, tok, words["polity"]) or (tok.i, tok.i + 1)
            if state.free(start, end):
                _polity_mention(state, start, end, polities[tok.text])
        elif tok.text in demonyms:
            _demonym_mention(state, tok, demonyms[tok.text])


def _free_name(state: State, tok: Any) -> bool:
    """Tell whether a token can name an unknown state: a capitalised proper noun not yet taken."""
    text = tok.text  # cheap tests on the text first: most tokens fail them
    return (text[:1].isupper() and len(text) >= 3 and text.isalpha() and not text.isupper()
            and tok.i not in state.covered and tok.pos_ == "PROPN"
            and not (tok.ent_type_ == "PERSON" and _in_longer_entity(state.tokens, tok)))


def _in_longer_entity(tokens: list[ParsedToken], tok: Any) -> bool:
    """Tell whether a token is one word of a named entity of several words."""
    following = tokens[tok.i + 1] if tok.i + 1 < len(tokens) else None
    return tok.ent_iob_ == "I" or (following is not None and following.ent_iob_ == "I")


def _long_form(tokens: list[ParsedToken], tok: Any,
               polity_words: frozenset[str]) -> tuple[int, int] | None:
    """Return the span of "Marran Federation" or "Republic of Talvoria" around a name."""
    after = tokens[tok.i + 1] if tok.i + 1 < len(tokens) else None
    if after is not None and after.lower_ in polity_words and after.text[:1].isupper():
        return tok.i, tok.i + 2
    if tok.i >= 2 and tokens[tok.i - 1].lower_ == "of" and \
            tokens[tok.i - 2].lower_ in polity_words and tokens[tok.i - 2].text[:1].isupper():
        return tok.i - 2, tok.i + 1
    return None


def _unknown_state(name: str, sector: str | None = None) -> dict[str, Any]:
    return {"name": name, "kind": "state", "country": name, "sector": sector, "code": None,
            "kb_id": None}


def _polity_mention(state: State, start: int, end: int, name: str) -> None:
    root = state.root(start, end)
    if _is_place(root):
        state.add(start, end, _unknown_state(name), "place", participant=False)
        return
    noun = _governed_noun(root)
    sector = _noun_sector(state.kb, noun)[0] if noun is not None and noun.i >= end else None
    state.add(start, end, _unknown_state(name, sector), "ner")


def _demonym_mention(state: State, tok: Any, name: str) -> None:
    """Add "Vareshi" as its state: a party when it names a body or group, else an attribute."""
    noun = _governed_noun(tok)
    end = tok.i + 1
    sector, kind = _noun_sector(state.kb, noun) if noun is not None and noun.i > tok.i \
        else (None, None)
    if kind == "group" and tok.head.i == noun.i and state.free(tok.i, noun.i + 1):
        end = noun.i + 1  # "Vareshi troops" is the actor span
    participant = bool(sector) or (noun is None and tok.dep_ in SUBJECT_DEPS)
    state.add(tok.i, end, _unknown_state(name, sector), "alias", participant=participant)


# --- surnames, NER, anonymous, titles, pronouns -------------------------------------


def _doc_shorts(state: State) -> dict[str, list[Found]]:
    """Map each surname (and one-word alias) of the persons named so far to their mentions."""
    out: dict[str, list[Found]] = {}
    for found in state.persons():
        person = state.kb.persons.get(found.mention.get("kb_id") or "")
        forms = state.kb.shorts(person) if person else []
        name = found.mention["name"]
        if not person and " " in name:
            forms = [short_name(name, (found.mention.get("code") or "")[:3])]
            forms = [f for f in forms if f.lower() not in NOT_SHORT]
        for form in forms:
            out.setdefault(fold(form), []).append(found)
    return out


def _surnames(state: State) -> None:
    kb = state.kb
    in_full_names = {i for e in state.entities() if e.label_ == "PERSON" and e.end - e.start > 1
                     for i in range(e.start, e.end)}
    shorts = _doc_shorts(state)
    for token in state.capitalised():
        if token.i in state.covered:
            continue
        text = token.text
        key = fold(text)
        if token.i in in_full_names and key not in shorts:
            continue  # "Ivanka Trump": the model's full name decides, not the surname
        if key in shorts:
            _add_coref(state, token.i, token.i + 1, _nearest(shorts[key], token.i))
            continue
        person = kb.resolve_short(text, state.date)
        if person is not None and token.pos_ in ("PROPN", "NOUN", "ADJ", "VERB"):
            found = state.add(token.i, token.i + 1, kb.person_ref(person, state.date), "alias",
                              confidence=0.8)
            shorts.setdefault(key, []).append(found)


def _nearest(candidates: list[Found], index: int) -> Found:
    """Return the candidate mentioned last before `index` (else the first after it)."""
    before = [c for c in candidates if c.start < index]
    return before[-1] if before else candidates[0]


def _add_coref(state: State, start: int, end: int, antecedent: Found,
               confidence: float | None = None, **extra: Any) -> Found:
    ref = {k: antecedent.mention[k] for k in REF_KEYS}
    for key in ("affiliation", "description"):
        if key in antecedent.mention and key not in extra:
            extra[key] = antecedent.mention[key]
    return state.add(start, end, ref, "coref", participant=antecedent.mention["participant"],
                     confidence=confidence, antecedent=antecedent.mention["start"], **extra)


def _ner_entities(state: State) -> None:
    tokens = state.tokens
    for ent in state.entities():
        if ent.label_ not in ("PERSON", "ORG", "NORP", "GPE"):
            continue
        for start, end, label in _split_possessive(state, ent):
            if start >= end or not state.free(start, end):
                continue
            named = _named_kind(state, start, end, label)
            if named == "media":
                ref = {"name": state.span_text(start, end), "kind": "organisation",
                       "country": None,
                       "sector": "MED", "code": None, "kb_id": None}
                state.add(start, end, ref, "ner", participant=False)
                continue
            if named == "place":
                continue
            if label == "PERSON" or (end - start == 1 and fold(tokens[start].text) in
                                     _doc_shorts(state)) \
                    or (label == "ORG" and _looks_like_person(state, start, end)):
                _ner_person(state, start, end)
            elif label == "ORG":
                _ner_org(state, start, end)


def _named_kind(state: State, start: int, end: int, label: str) -> str | None:
    """Tell an unknown name that is a news outlet or a place by its last word or its position.

    "Meridian Wire" is an outlet and "Tarsk Ordnance Works" a place, whatever
    the model typed them; so is the place and the agency of a wire dateline.
    """
    words = state.kb.name_words
    last = state.tokens[end - 1].lower_
    if end - start >= 2 and (last in words["media"] or (
            label != "PERSON" and last in words.get("media_or_surname", ()))):
        return "media"
    if end - start >= 2 and last in words["place"]:
        return "place"
    if start and state.tokens[start - 1].lower_ in words["media_before"]:
        return "media"
    root = state.root(start, end)
    if root.dep_ == "pobj" and root.head.lower_ == "of" and \
            root.head.head.lower_ in SETTLEMENT_NOUNS:
        return "place"  # "the northern town of Kiryat Shmona"
    part = _dateline_part(state, start)
    return {"agency": "media", "place": "place"}.get(part or "")


def _dateline_part(state: State, start: int) -> str | None:
    """Tell whether a token opens a wire dateline's place or agency ("KYIV, May 2 (Reuters) -")."""
    tokens, text = state.tokens, state.text
    line_start = text.rfind("\n", 0, tokens[start].idx) + 1
    dateline_end = state._datelines.get(line_start)
    if dateline_end is None:  # each line is read once, however many names it holds
        line_end = text.find("\n", line_start)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        dateline = WIRE_DATELINE.match(line) or AGENCY_ONLY_DATELINE.match(line)
        dateline_end = state._datelines[line_start] = \
            line_start + dateline.end() if dateline else -1
    if tokens[start].idx < dateline_end:
        return "agency" if start and tokens[start - 1].text == "(" else "place"
    return None


ORG_WORDS = frozenset({"institute", "council", "ministry", "party", "group", "agency",
                       "foundation", "bank", "university", "committee", "center", "centre",
                       "association", "union", "corp", "inc", "forces", "army", "news", "times",
                       "post", "journal", "office", "department", "commission", "court",
                       "organization", "organisation", "fund", "service", "guard", "front",
                       "movement", "brigade", "brigades", "network", "company", "media",
                       "assembly", "parliament", "government", "administration", "house",
                       "alliance", "coalition", "board", "authority", "watch", "review"})
SPEECH_VERBS = frozenset({"say", "add", "tell", "write", "argue", "note", "warn", "explain",
                          "claim", "insist", "suggest", "observe", "predict", "believe"})


def _split_possessive(state: State, ent: Bounds) -> list[tuple[int, int, str]]:
    """Split "the Quincy Institute's Mark Episkopos" into the owner and the named person.

    Only when the owner is not a person ("Zelensky's Red Lines" is a subhead) and
    the name does some work in a sentence (a subhead is a bare noun phrase).
    """
    kb, tokens = state.kb, state.tokens
    start, end = _trim(tokens, ent)
    for i in range(start + 1, end - 1):
        if tokens[i].text not in ("'s", "’s"):
            continue
        owner = state.span_text(start, i)
        if kb.short_index.get(fold(owner)) or fold(owner) in kb.by_name:
            break
        if state.root(i + 1, end).dep_ != "ROOT" and all(
                t.pos_ == "PROPN" and t.text[:1].isupper() for t in tokens[i + 1:end]):
            return [(start, i, ent.label_), (i + 1, end, "PERSON")]
    return [(start, end, ent.label_)]


def _looks_like_person(state: State, start: int, end: int) -> bool:
    """Tell whether an entity the model typed ORG reads as a person's name."""
    if not 2 <= end - start <= 3 or any(t.pos_ != "PROPN" or not t.text[:1].isupper()
                                        or t.text.isupper() or t.lower_ in ORG_WORDS
                                        for t in state.tokens[start:end]):
        return False
    root = state.root(start, end)
    return (root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in SPEECH_VERBS) \
        or any(c.dep_ == "appos" for c in root.children)


def _trim(tokens: list[ParsedToken], ent: Bounds) -> tuple[int, int]:
    """Return an entity's token range without a leading article or a trailing possessive."""
    start, end = ent.start, ent.end
    while start < end and tokens[start].lower_ in ("the", "a", "an"):
        start += 1
    while end - start > 2 and tokens[start].lower_.rstrip(".") in HONORIFICS:
        start += 1  # "Mullah Mohammad Yaqoob" is Mohammad Yaqoob
    while end > start and tokens[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    if end - start > 1 and tokens[end - 1].text in GENERIC_HEADS:
        end -= 1  # "the Democratic Centre party": the name is "Democratic Centre"
    return start, end


def _ner_person(state: State, start: int, end: int) -> None:
    kb, tokens = state.kb, state.tokens
    text = state.span_text(start, end)
    if text.lower() in NOT_PERSONS or not text[:1].isupper() or \
            any(t.lower_ in CREDIT_WORDS for t in tokens[start:end]):
        return
    if end + 2 < len(tokens) and tokens[end].text == "(" and any(
            f.start == end + 1 and f.mention["kind"] == "state" for f in state.found):
        return  # "Djibo (Burkina Faso)": a town, not a person
    shorts = _doc_shorts(state)
    if end - start == 1 and fold(text) in shorts:
        _add_coref(state, start, end, _nearest(shorts[fold(text)], start))
        return
    person = kb.by_name.get(fold(text))
    if person is not None:  # "[Steve] Witkoff": the name once brackets are dropped
        state.add(start, end, _titled_person_ref(state, start, end, person), "kb")
        return
    if end - start == 1 and tokens[start].dep_ == "compound" and tokens[start].head.tag_ == "NNS" \
            and tokens[start].head.i == end:
        return  # "other Galilee communities": a place naming the people of it, no person
    person = fuzzy_person(kb, text)
    if person is not None:
        state.add(start, end, _titled_person_ref(state, start, end, person), "fuzzy")
        return
    if end - start == 1 and tokens[start].pos_ != "PROPN":
        return
    context = _person_context(state, start, end)
    ref = {"name": text, "kind": "person", "country": context.get("country"),
           "sector": context.get("sector"), "code": context.get("code"), "kb_id": None}
    extra = {k: context[k] for k in ("affiliation", "description") if context.get(k)}
    credit = _credit(state, start, end)
    if credit:
        extra["description"] = credit
    # a lone unknown surname ("Rice said") is too weak to make someone a party
    lone = end - start == 1 and not context
    state.add(start, end, ref, "title" if context else "ner", participant=not (credit or lone),
              **extra)


CREDIT_WORDS = frozenset({"photo", "photos", "credit", "image", "images", "reporting",
                          "editing", "writing", "illustration", "getty", "afp", "reuters", "ap"})


def _credit(state: State, start: int, end: int) -> str | None:
    """Tell whether a name is a byline or a photo credit ("By Jane Doe", "REUTERS/John Doe")."""
    tokens = state.tokens
    before = tokens[start - 1] if start else None
    after = tokens[end] if end < len(tokens) else None
    if before is not None and before.lower_ == "by" and \
            before.i == state.sentence_start(before.i):
        return "byline"
    if (before is not None and before.text == "/") or (after is not None and after.text == "/"):
        return "credit"
    if before is not None and before.lower_ == "by" and start >= 2 and \
            tokens[start - 2].lower_ in CREDIT_WORDS:
        return "credit"  # "Editing by Jane Doe"
    window = tokens[max(0, start - 6):start]
    if any(t.lower_ in CREDIT_WORDS for t in window) and any(
            t.text in (":", "/", "(") for t in window):
        return "credit"
    return None


def fuzzy_person(kb: KB, text: str) -> Person | None:
    """Return the KB person a misspelt name stands for, under a conservative rule.

    Two-word names match when one part is equal and the other is within one
    edit (two for long parts); a single word matches a distinctive surname of
    seven letters or more within one edit. "Kier Starmer" -> Keir Starmer;
    "Kim" never matches anything.
    """
    words = fold(text).split()
    if not words:
        return None
    ids: set[str] = set()
    if len(words) >= 2:
        first, last = words[0], words[-1]
        by_last, by_first = kb.full_names
        if len(first) >= 3:
            ids.update(person.id for known, person in by_last.get(last, ())
                       if OSA.distance(first, known) <= _budget(known))
        if len(last) >= 5:
            ids.update(person.id for known, person in by_first.get(first, ())
                       if OSA.distance(last, known) <= _budget(known))
    elif len(words[0]) >= 7:
        word = words[0]
        ids.update(person_id for key, person_id in kb.distinctive_shorts
                   if abs(len(key) - len(word)) <= 1 and OSA.distance(word, key) <= 1)
    return kb.persons[ids.pop()] if len(ids) == 1 else None


def _budget(word: str) -> int:
    return 2 if len(word) >= 9 else 1


def _person_context(state: State, start: int, end: int) -> dict[str, Any]:
    """Type an unknown person from the title, country and affiliation around the name."""
    kb = state.kb
    root = state.root(start, end)
    tokens = [t for child in root.children if child.i < start and child.dep_ in (
        "compound", "amod", "poss", "nmod", "det") for t in child.subtree]
    tokens += [t for t in state.tokens[max(0, start - 6):start] if t.i not in {x.i for x in tokens}
               and t.dep_ == "compound" and t.head.i >= start - 1]
    for child in root.children:
        if child.dep_ == "appos" and child.i >= end:
            tokens += list(child.subtree)
        elif child.dep_ == "prep" and child.lower_ == "of" and child.i == end:
            tokens += list(child.subtree)  # "King Hassan of Morocco", "Ali Omar of the AU"
    if root.dep_ == "appos" and root.head.i < start:
        tokens += [t for t in root.head.subtree if t.i < start]
    if not tokens:
        return {}
    lo, hi = min(t.i for t in tokens), max(t.i for t in tokens) + 1
    words = [t.lower_ for t in sorted(tokens, key=lambda t: t.i)]
    title = _longest_title(kb, words)
    context: dict[str, Any] = {}
    for found in state.found:
        if lo <= found.start and found.end <= hi and not (start <= found.start < end):
            m = found.mention
            if m["kind"] == "state" and "country" not in context:
                context["country"] = m["country"]
                if m.get("kb_id"):  # a state the KB does not know has no CAMEO code
                    context["_cameo"] = kb.countries[m["kb_id"].split(":")[1]].cameo
            elif m["kind"] == "organisation" and "affiliation" not in context:
                context["affiliation"] = m["name"]
                context["_org"] = m
    for ent in state.entities():
        if ent.label_ == "ORG" and lo <= ent.start and ent.end <= hi and \
                "affiliation" not in context:
            context["affiliation"] = state.span_text(*_trim(state.tokens, ent))
    if not title and not context:
        return {}
    sector = kb.titles[title][0] if title else None
    if "former" in words or "ex" in words:
        sector = "ELI"
    org = context.pop("_org", None)
    cameo = context.pop("_cameo", None)
    if org is not None and sector in (None, "NGO") and org.get("sector"):
        sector = sector or org["sector"]
    if cameo:
        code = cameo + (sector or "")
    elif org is not None:
        code = org["code"] if org.get("kind") == "organisation" and (org.get("code") or "") \
            .startswith("IGO") else kb.cameo_of(org["country"], sector)
    else:
        code = None
    context.update(sector=sector, code=code or None)
    if title:
        context["description"] = " ".join(w for w in words if w not in ("the", ",", "a", "an"))
    return context


# "Saudi-led coalition": the leader acts; "Russian-backed rebels": the backer does not
LED_WORDS = frozenset({"led", "commanded", "run", "dominated"})
BACKED_WORDS = frozenset({"backed", "supported", "sponsored", "funded", "armed", "allied",
                          "aligned", "linked", "affiliated", "inspired", "trained", "brokered",
                          "mediated", "drafted", "proposed"})
LED_GROUPS = frozenset({"coalition", "alliance", "bloc", "force", "forces", "mission", "operation",
                        "administration", "government", "junta"})
# sectors a people's own members can have ("Karen rebels", "Igbo traders"); others read as CVL
PEOPLE_SECTORS = frozenset({"REB", "OPP", "CVL", "REF", "LAB", "EDU", "REL", "MED", "BUS", "HLH"})
# prepositions that name what an act is aimed at ("fired at it", "sanctions against it")
AIMED_PREPS = frozenset({"at", "on", "against", "toward", "towards", "upon"})
# words that put a title in the past: the person no longer acts in that role
PAST_TITLE_WORDS = frozenset({"former", "ex", "ousted", "deposed", "late", "exiled"})


def _titled_person_ref(state: State, start: int, end: int, person: Person) -> dict[str, Any]:
    """Return a known person's ActorRef, in the role a title next to the name gives when the
    date finds none ("U.N. Secretary-General Kofi Annan" in undated text acts for the UN)."""
    kb = state.kb
    ref = kb.person_ref(person, state.date)
    if kb.role_at(person, state.date) is not None:
        return ref
    context = _person_context(state, start, end)
    words = " ".join([t.lower_ for t in state.tokens[start:end]]
                     + [context.get("description", "")])
    words = words.replace(" - ", "-").split()  # "Secretary-General" comes as three tokens
    title = _longest_title(kb, words)
    if title is None or PAST_TITLE_WORDS & set(words):
        return ref
    role = kb.titled_role(person, title, context.get("code"))
    return kb.person_ref(person, state.date, role) if role else ref


def _longest_title(kb: KB, words: list[str]) -> str | None:
    best = None
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + 6) + 1):
            phrase = " ".join(words[i:j])
            if phrase in kb.titles and (best is None or len(phrase) > len(best)):
                best = phrase
    return best


def _ner_org(state: State, start: int, end: int) -> None:
    text = state.span_text(start, end)
    if not text[:1].isupper() or len(text) < 3:
        return
    if end - start == 1 and not (text.isupper() or any(c.isupper() for c in text[1:])):
        return  # a lone capitalised word ("Guarantees") is rarely an organisation
    if text.lower() in state.kb.titles or text.lower() in state.kb.groups:
        return  # "National Security Advisor" is an office, "Foreign Ministry" a generic body
    if text.isupper() and _in_capitals(state, start):
        return  # a word of an all-capitals headline
    root = state.root(start, end)
    if end < len(state.tokens) and state.tokens[end].text in GENERIC_HEADS:
        root = state.tokens[end]  # "the Democratic Centre party accused": the party acts
    participant = root.dep_ in SUBJECT_DEPS or root.dep_ == "poss" or (
        root.dep_ == "pobj" and root.head.lower_ in ("by", "with"))
    ref = {"name": text, "kind": "organisation", "country": None, "sector": None,
           "code": None, "kb_id": None}
    state.add(start, end, ref, "ner", participant=participant)


def _in_capitals(state: State, index: int) -> bool:
    """Tell whether most words of the sentence holding token `index` are in capitals."""
    sent = state.sentences()[state.sentence_of(index)]
    words = state.doc[sent.start:sent.end]
    return sum(t.is_upper for t in words) > len(words) / 2


def _anonymous(state: State) -> None:
    kb = state.kb
    for token in state.tokens:
        if token.tag_ not in ("NN", "NNP") or token.lemma_.lower() not in ANON_NOUNS:
            continue
        dets = [c for c in token.lefts if c.lower_ in INDEFINITE]
        if not dets or any(c.dep_ == "appos" for c in token.rights):
            continue
        if any(f.mention["kind"] == "person" and f.start > token.i and
               f.start <= token.i + 2 for f in state.found):
            continue  # "a senior official, John Doe" is named
        start = min(c.i for c in token.lefts if c.dep_ in (
            "det", "amod", "compound", "nmod", "poss", "nummod", "advmod"))
        end = token.i + 1
        if any(f.start <= token.i < f.end and f.mention["kind"] in ("person", "anonymous")
               for f in state.found):
            continue
        inner = [f for f in state.found if start <= f.start and f.end <= end]
        country = next((f.mention for f in inner if f.mention["kind"] == "state"), None) or \
            next((f.mention for f in inner if f.mention["kind"] == "person"
                  and f.mention.get("country")), None)
        title = _longest_title(kb, [t.lower_ for t in state.tokens[start:end]])
        sector = kb.titles[title][0] if title else "GOV"
        code = None
        if country is not None:
            code = kb.cameo_of(country["country"], sector)
        ref = {"name": None, "kind": "anonymous", "country": country["country"] if country
               else None, "sector": sector, "code": code, "kb_id": None}
        state.add(start, end, ref, "title", participant=False, confidence=0.7,
                  description=state.span_text(start, end))


TITLE_HEADS = frozenset({
    "president", "leader", "prime minister", "premier", "chancellor", "foreign minister",
    "defence minister", "defense minister", "secretary of state", "foreign secretary",
    "top diplomat", "king", "emir", "crown prince", "supreme leader", "secretary-general",
    "secretary general", "envoy", "special envoy", "spokesman", "spokeswoman", "spokesperson",
    "pm", "defense secretary", "defence secretary", "vice president", "press secretary",
    "national security adviser", "commander-in-chief", "army chief", "high representative",
    "foreign policy chief", "counterpart"})


def _title_phrase(token: Any) -> list[Any]:
    """Return the children of a title noun and of its "for"/"to"/"of" objects, where an
    appositive name may hang ("the envoy for Syria, Tom Barrack")."""
    children = list(token.children)
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "to", "of", "on"):
            children += [c for pobj in prep.children if pobj.dep_ == "pobj"
                         for c in pobj.children]
    return children


def _titles_only(state: State) -> None:
    kb, tokens = state.kb, state.tokens
    lowers = [t.lower_ for t in tokens]
    for index, lower in enumerate(lowers):
        if lower not in TITLE_ENDINGS:
            continue  # most words end no title: skip them before the phrase lookup
        phrase = _title_at(lowers, index)
        if phrase is None or index in state.covered:
            continue
        token = tokens[index]
        if token.i + 1 < len(tokens) and tokens[token.i + 1].ent_type_ == "PERSON":
            continue
        if token.dep_ in ("compound", "appos") and token.head.ent_type_ == "PERSON":
            continue
        if any(c.dep_ == "appos" and (c.ent_type_ == "PERSON" or (
                c.pos_ == "PROPN" and c.ent_type_ not in ("GPE", "LOC", "NORP")))
               for c in _title_phrase(token)):
            continue  # "Thailand's acting prime minister, Phumtham Wechayachai": the name says who
        if index >= len(phrase.split()) and lowers[index - len(phrase.split())] in LOWER_OFFICES:
            continue  # "the deputy special envoy" is not the special envoy
        mods = [c for c in token.lefts]
        if not any(c.lower_ in ("the", "this") or c.dep_ == "poss" for c in mods):
            continue
        lo = min(c.i for c in mods)
        scope = [f for f in state.found if lo <= f.start and f.end <= token.i + 1]
        owner = next((f.mention for f in scope if f.mention["kind"] in ("state", "organisation")
                      and f.mention.get("kb_id")), None)
        if any(f.mention["kind"] == "person" for f in scope):
            continue  # "Putin's spokesman" names someone else than Putin
        if phrase == "counterpart":
            categories = _counterpart_categories(state, token)
            if not categories or owner is None:
                continue
        else:
            categories = _categories(kb, phrase)
        antecedent = _title_antecedent(state, token.i, owner, categories)
        if antecedent is not None:
            _add_coref(state, lo, token.i + 1, antecedent, confidence=0.75, cover=False)
        elif owner is not None and owner["kind"] == "state":
            of = owner["kb_id"].split(":")[1]
            holders = kb.holders(of, categories, state.date)
            if holders:
                state.add(lo, token.i + 1, kb.person_ref(holders[0], state.date), "title",
                          cover=False)


def _counterpart_categories(state: State, token: Any) -> tuple[str, ...]:
    """Return the office of the possessor of "his Russian counterpart" (foreign minister...)."""
    kb = state.kb
    owner = next((c for c in token.lefts if c.dep_ == "poss"), None)
    if owner is None:
        return ()
    found: Found | None = None
    if owner.lower_ in PRONOUNS_M or owner.lower_ in PRONOUNS_F:
        gender = "m" if owner.lower_ in PRONOUNS_M else "f"
        found = _pronoun_antecedent(state, owner, state.persons(), gender)
    else:
        found = next((f for f in state.persons() if f.start <= owner.i < f.end), None)
    person = kb.persons.get(found.mention.get("kb_id") or "") if found else None
    role = kb.role_at(person, state.date) if person else None
    category = kb.role_category(role.title) if role else None
    if category in ("head of state", "head of government"):
        return ("head of state", "head of government")
    return (category,) if category else ()


# every ending of a title head: a word that is none ends no title (most words, checked first)
TITLE_ENDINGS = frozenset(head[cut:] for head in TITLE_HEADS for cut in range(len(head) + 1))


def _title_at(lowers: list[str], index: int) -> str | None:
    """Return the title phrase that ends at token `index` ("prime minister"), if any."""
    if lowers[index] not in TITLE_ENDINGS:
        return None
    words = lowers[max(0, index - 3):index + 1]
    for size in range(len(words), 0, -1):
        phrase = " ".join(words[-size:])
        if phrase in TITLE_HEADS:
            return phrase
    return None


def _categories(kb: KB, phrase: str) -> tuple[str, ...]:
    category = kb.role_category(phrase) or phrase
    if category == "leader":
        return ("head of state", "head of government", "leader")
    if category == "head of state":
        return ("head of state",)
    return (category,)


def _title_antecedent(state: State, index: int, owner: dict | None,
                      categories: tuple[str, ...]) -> Found | None:
    """Return the nearest earlier person mention whose role fits the title and owner."""
    kb = state.kb
    for found in reversed([f for f in state.persons() if f.start < index]):
        person = kb.persons.get(found.mention.get("kb_id") or "")
        if person is None:
            continue
        role = kb.role_at(person, state.date)
        if role is None or kb.role_category(role.title) not in categories:
            continue
        if owner is not None and owner.get("kb_id") not in (
                f"country:{role.of}", role.of):
            continue
        return found
    return None


def _pronouns(state: State) -> None:
    persons = state.persons()
    for token in state.tokens:
        if token.pos_ != "PRON" or token.i in state.covered:
            continue
        lower = token.lower_
        if lower in PRONOUNS_M or lower in PRONOUNS_F:
            gender = "m" if lower in PRONOUNS_M else "f"
            found = _pronoun_antecedent(state, token, persons, gender)
            if found is not None:
                _add_coref(state, token.i, token.i + 1, found, confidence=0.65)
        elif lower in ("it", "its") and (token.dep_ in ("nsubj", "nsubjpass", "poss") or
                                         _aimed_at(token)):
            found = _it_antecedent(state, token)
            if found is not None:
                _add_coref(state, token.i, token.i + 1, found, confidence=0.6)
        elif lower in PRONOUNS_PL:
            antecedents = _plural_antecedents(state, token)
            if len(antecedents) == 1:
                _add_coref(state, token.i, token.i + 1, antecedents[0], confidence=0.55)
            elif antecedents:
                members = [{k: f.mention[k] for k in REF_KEYS} for f in antecedents]
                ref = {"name": None, "kind": "group", "country": None, "sector": None,
                       "code": None, "kb_id": None}
                state.add(token.i, token.i + 1, ref, "coref", participant=False,
                          confidence=0.55, members=members,
                          antecedent=antecedents[0].mention["start"])


def _aimed_at(token: Any) -> bool:
    """Tell whether an "it" is what an act is aimed at, inside what its subject reports.

    "Israel said a mortar was fired at it": "it" is Israel, the reporting subject.
    """
    return token.dep_ == "pobj" and token.head.lower_ in AIMED_PREPS and any(
        t.dep_ == "ccomp" for t in token.ancestors)


def _it_antecedent(state: State, token: Any) -> Found | None:
    """Return the state or organisation an "it"/"its" refers to: the subject of its sentence."""
    sent = state.sentences()[state.sentence_of(token.i)]
    for found in sorted(state.found, key=lambda f: -f.start):
        if not (sent.start <= found.start < token.i):
            continue
        mention = found.mention
        if mention["kind"] not in ("state", "organisation") or not mention["participant"]:
            continue
        root = state.root(found.start, found.end)
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.i != token.head.i:
            return found
    return _previous_subject(state, token)


def _previous_subject(state: State, token: Any) -> Found | None:
    """Return the state or organisation that was the main subject of the sentence before, for
    an "its"/"it" opening the subject of a new one ("The ELN rejected... Its central command
    said"); never for an "it" of "it was clear that"."""
    index = state.sentence_of(token.i)
    if index == 0:
        return None
    subject = token.head if token.dep_ == "poss" else token
    if subject.dep_ not in ("nsubj", "nsubjpass") or (
            token.dep_ != "poss" and subject.head.lemma_ == "be"):
        return None
    before = state.sentences()[index - 1]
    for found in state.found:
        if not before.start <= found.start < before.end:
            continue
        mention = found.mention
        root = state.doc[found.start:found.end].root
        if mention["kind"] in ("state", "organisation") and mention["participant"] and \
                root.dep_ in ("nsubj", "nsubjpass") and root.head.dep_ == "ROOT":
            return found
    return None


def _gender(state: State, found: Found) -> str | None:
    person = state.kb.persons.get(found.mention.get("kb_id") or "")
    return person.gender if person else None


def _pronoun_antecedent(state: State, token: Any, persons: list[Found],
                        gender: str) -> Found | None:
    """Return the person a he/she pronoun most likely refers to (subjects first)."""
    sents = state.sentences()
    index = state.sentence_of(token.i)
    sent = sents[index]
    window = sents[max(0, index - 3):index + 1]
    reflexive = lower_is_reflexive(token)
    best: Found | None = None
    best_score = -1.0
    for found in persons:
        if found.start >= token.i or found.start < window[0].start:
            continue
        if _gender(state, found) not in (None, gender):
            continue
        head = state.root(found.start, found.end)
        if not reflexive and _same_clause_subject(head, token):
            continue  # "Trump called Putin and thanked him": him is not Trump
        same = found.start >= sent.start
        distance = sum(1 for s in window if s.start > found.start)
        score = (3.0 if same else 2.0 - 0.5 * distance)
        if head.dep_ in SUBJECT_DEPS:
            score += 1.0
        score += found.start / (10 * len(state.tokens))
        if score > best_score:
            best, best_score = found, score
    return best


def lower_is_reflexive(token: Any) -> bool:
    """Tell whether a pronoun is reflexive (himself, herself, themselves)."""
    return token.lower_.endswith(("self", "selves"))


def _same_clause_subject(candidate: Any, pronoun: Any) -> bool:
    """Tell whether `candidate` is the subject of the verb a non-subject pronoun depends on."""
    if pronoun.dep_ not in ("dobj", "iobj", "pobj", "dative", "attr"):
        return False
    verb = pronoun.head
    if pronoun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    for _ in range(4):  # conjoined verbs share their subject: "called X and thanked him"
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return any(s.i == candidate.i for s in subjects)
        if verb.dep_ not in ("conj", "xcomp") or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def _plural_antecedents(state: State, token: Any) -> list[Found]:
    """Return the parties a they/their pronoun refers to: a coordinated or group subject."""
    sents = state.sentences()
    index = state.sentence_of(token.i)
    for sent in (sents[index], sents[index - 1] if index else None):
        if sent is None:
            continue
        subjects = [t for t in state.tokens[sent.start:sent.end]
                    if t.dep_ in ("nsubj", "nsubjpass") and t.i < token.i]
        for subject in reversed(subjects):
            lo, hi = subject.left_edge.i, subject.right_edge.i + 1
            inner = [f for f in state.found if lo <= f.start and f.end <= hi
                     and f.mention["method"] != "coref" and f.mention["kind"] != "anonymous"
                     and f.mention["method"] != "place"]
            plural = subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj"
                                                           for c in subject.children)
            people = {i for f in inner if f.mention["kind"] == "person"
                      for i in range(f.start, f.end)}
            inner = [f for f in inner if not (f.mention["kind"] == "state" and
                                              state.root(f.start, f.end).head.i in people)]
            if inner and plural:
                names = {f.mention["name"] for f in inner}
                if len(names) >= 2 or subject.tag_ in ("NNS", "NNPS"):
                    return _distinct(inner)
    return []


def _distinct(found: list[Found]) -> list[Found]:
    seen, out = set(), []
    for f in found:
        if f.mention["name"] not in seen:
            seen.add(f.mention["name"])
            out.append(f)
    return out


# --- helpers for consumers (quotes, events) -----------------------------------------


def actors_of(doc: Any) -> list[tuple[Any, dict[str, Any]]]:
    """Return (span, ActorMention) for every actor span of a doc, in text order."""
    return [(span, span._.actor) for span in doc.spans.get("actors", []) if span._.actor]


def actor_for_token(doc: Any, token: Any, participants_only: bool = False
                    ) -> dict[str, Any] | None:
    """Return the ActorMention of the tightest actor span covering `token`.

    Pronouns and title-only mentions ("the Ukrainian president") give their
    resolved antecedent (method "coref"). Persons win over the states in their
    titles ("German defence minister Boris Pistorius" -> Pistorius).

    Args:
        doc: an annotated Doc.
        token: any token of it.
        participants_only: skip places and media.
    Returns:
        The ActorMention dict, or None when no actor span covers the token.
    """
    best = None
    best_key = None
    for span, mention in actors_of(doc):
        if not (span.start <= token.i < span.end):
            continue
        if participants_only and not mention.get("participant", True):
            continue
        rank = {"person": 0, "anonymous": 1, "organisation": 2, "state": 3, "group": 4}
        key = (len(span), rank.get(mention["kind"], 5))
        if best_key is None or key < best_key:
            best, best_key = mention, key
    return best


def actors_in_span(span: Any, participants_only: bool = False) -> list[dict[str, Any]]:
    """Return the ActorMentions inside a span, outermost first, one per actor name.

    A mention nested in a larger one ("German" inside "German defence minister
    Boris Pistorius" is kept only when it names a different actor.
    """
    doc = span.doc
    out: list[dict[str, Any]] = []
    seen: set[tuple] = set()
    inside = [(s, m) for s, m in actors_of(doc) if span.start <= s.start and s.end <= span.end
              and (not participants_only or m.get("participant", True))]
    inside.sort(key=lambda sm: (sm[0].start, -len(sm[0])))
    for _span, mention in inside:
        key = (mention.get("name") or mention.get("description"), mention["kind"])
        if key in seen:
            continue
        seen.add(key)
        out.append(mention)
    return out


def record_actors(mentions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the record's `actors`: each named party once, in first-mention order.

    Places, media, collective groups ("Europe"), adjective-only attributes and
    anonymous speakers are mentions but not parties (`participant` False).
    """
    seen: dict[str, dict[str, Any]] = {}
    for mention in mentions:
        name = mention.get("name")
        if name and mention.get("kind") != "anonymous" and mention.get("participant", True) \
                and name not in seen:
            ref = {key: mention.get(key) for key in REF_KEYS}
            if ref["kind"] == "state" and ref.get("code"):
                # the party is the state itself, not the sector of its first mention
                ref.update(sector=None, code=ref["code"][:3])
            seen[name] = ref
    return list(seen.values())


def expand(mention: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Return the actors a mention stands for: its members for "they", else itself."""
    if mention is None:
        return []
    return list(mention.get("members") or [mention])


def actors_for_tokens(doc: Any, tokens: Iterable[Any]) -> list[dict[str, Any]]:
    """Return every distinct actor named or referred to by these tokens ("they" expanded)."""
    out, seen = [], set()
    wanted = {t.i for t in tokens}
    for span, mention in actors_of(doc):
        if any(span.start <= i < span.end for i in wanted):
            for actor in expand(mention):
                key = actor.get("name") or actor.get("description")
                if key not in seen:
                    seen.add(key)
                    out.append(actor)
    return out
