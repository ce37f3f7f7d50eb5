"""Load the event pattern dictionary and the modality cues (data files, no spaCy).

``data/triggers.jsonl`` holds lemma classes, light verbs, frames (which syntactic
slots give source, target and issue) and triggers (a verb, noun or adjective with
its constraints and CAMEO code). ``data/modality.jsonl`` holds the cues that make
an event negated, planned, hypothetical, conditional or alleged, and
``data/offdomain.tsv`` the words of sport, business and culture sentences, and
``data/discourse.jsonl`` the cues of speech acts and of references back to parties, and
``data/agents.tsv`` the group nouns that name an actor by sector alone ("rebels").
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib.resources import files
from typing import Any

from communique.events import codes

log = logging.getLogger(__name__)

DATA = files("communique.events") / "data"
POS_GROUPS = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}


@dataclass(frozen=True)
class Frame:
    """Which slots of a trigger give its source, target and issue, in order of preference."""

    name: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    issue: tuple[str, ...]
    symmetric: bool = False


@dataclass(frozen=True)
class Trigger:
    """One entry of the pattern dictionary: what to match and how to code it."""

    id: str
    lemmas: frozenset[str]
    pos: str
    cameo: str
    frame: Frame
    type: str | None = None
    prt: frozenset[str] = frozenset()
    prt_by_lemma: dict[str, frozenset[str]] = field(default_factory=dict)
    prep: frozenset[str] = frozenset()
    prep_obj: frozenset[str] = frozenset()
    adv: frozenset[str] = frozenset()
    obj: frozenset[str] = frozenset()
    obj_kinds: frozenset[str] = frozenset()
    not_obj: frozenset[str] = frozenset()
    not_prep: frozenset[str] = frozenset()
    no_child: frozenset[str] = frozenset()
    claim_when_past: bool = False
    compound: frozenset[str] = frozenset()
    compound_or_of: frozenset[str] = frozenset()
    not_compound: frozenset[str] = frozenset()
    not_det: frozenset[str] = frozenset()
    subj_class: frozenset[str] = frozenset()
    light: frozenset[str] = frozenset()
    light_only: bool = False
    obj_codes: tuple[tuple[frozenset[str], str], ...] = ()
    lemma_codes: dict[str, str] = field(default_factory=dict)
    type_by_lemma: dict[str, str] = field(default_factory=dict)
    complement: str | None = None
    control: str | None = None
    intent: bool = False
    embedded: str | None = None
    future_code: str | None = None
    needs: str | None = None
    target_not: frozenset[str] = frozenset()
    obj_not_person: bool = False
    symmetric: bool | None = None
    obj_via_xcomp: bool = False
    evaluative: bool = False
    mod_codes: dict[str, str] = field(default_factory=dict)

    @property
    def is_symmetric(self) -> bool:
        """Tell whether the act has no direction (talks, exchanges): entry's say, else frame's."""
        return self.frame.symmetric if self.symmetric is None else self.symmetric

    @property
    def specificity(self) -> int:
        """Rank triggers so that the most constrained one for a lemma is tried first."""
        return (
            2 * bool(self.obj)
            + 2 * bool(self.prep)
            + 2 * bool(self.prt)
            + 2 * bool(self.adv)
            + bool(self.prep_obj)
            + bool(self.compound)
            + bool(self.compound_or_of)
            + bool(self.subj_class)
            + bool(self.light_only)
            + 3 * self.evaluative
        )

    def code_for(self, lemma: str) -> str:
        """Return the CAMEO code of the trigger for one of its lemmas."""
        return self.lemma_codes.get(lemma, self.cameo)

    def type_for(self, code: str, lemma: str) -> str | None:
        """Return the coarse type: per lemma, else the entry's, else the code's."""
        return self.type_by_lemma.get(lemma) or self.type or codes.type_of(code)


@dataclass
class Dictionary:
    """The loaded pattern dictionary: triggers indexed by (POS group, lemma)."""

    classes: dict[str, frozenset[str]]
    light: frozenset[str]
    frames: dict[str, Frame]
    by_key: dict[tuple[str, str], list[Trigger]]

    def candidates(self, pos: str, lemma: str) -> list[Trigger]:
        """Return the triggers for a POS group and lemma, most specific first."""
        return self.by_key.get((pos, lemma), [])

    @cached_property
    def lemmas(self) -> frozenset[str]:
        """Return every lemma some trigger has, whatever its POS group (a cheap pre-filter)."""
        return frozenset(lemma for _, lemma in self.by_key)

    @cached_property
    def venues(self) -> frozenset[str]:
        """Return the nouns a place may name the venue of: meetings, agreements, proposals."""
        names = ("consult_noun", "agreement", "proposal")
        return frozenset().union(*(self.classes.get(name, frozenset()) for name in names))


@dataclass
class ModalityCues:
    """Words that make an event other than asserted, by kind."""

    aux: dict[str, str]
    wrappers: dict[str, str]
    passive_only: frozenset[str]
    adverbs: dict[str, str]
    marks: dict[str, str]
    noun_mods: dict[str, str]
    preps: dict[str, str]
    speech: frozenset[str]
    negation: frozenset[str]
    object_control: frozenset[str]
    obligation: frozenset[str]
    directive: frozenset[str] = frozenset()


def _jsonl(name: str) -> list[dict[str, Any]]:
    """Return the rows of a data JSONL file, its _about line left out."""
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if "_about" not in row:
                rows.append(row)
    return rows


def _expand(values: Any, classes: dict[str, frozenset[str]]) -> frozenset[str]:
    """Turn lemmas and "$class" references into a set of lemmas ("@kind" entries are left out)."""
    if values is None:
        return frozenset()
    if isinstance(values, str):
        values = [values]
    out: set[str] = set()
    for value in values:
        if value.startswith("$"):
            if value[1:] not in classes:
                raise KeyError(f"triggers.jsonl names an unknown class {value!r}")
            out |= classes[value[1:]]
        elif not value.startswith("@"):
            out.add(value)
    return frozenset(out)


def _kinds(values: Any) -> frozenset[str]:
    """Return the actor kinds ('@person') allowed as object."""
    values = [values] if isinstance(values, str) else (values or [])
    return frozenset(v[1:] for v in values if v.startswith("@"))


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """Load and index the trigger dictionary (cached)."""
    rows = _jsonl("triggers.jsonl")
    classes = {r["class"]: frozenset(r["lemmas"]) for r in rows if "class" in r}
    light = frozenset(next(r["light"] for r in rows if "light" in r))
    frames = {
        r["frame"]: Frame(
            r["frame"],
            tuple(r["source"]),
            tuple(r["target"]),
            tuple(r["issue"]),
            bool(r.get("symmetric")),
        )
        for r in rows
        if "frame" in r and "id" not in r
    }
    by_key: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
    for r in rows:
        if "id" not in r:
            continue
        trigger = _trigger(r, classes, frames)
        for lemma in trigger.lemmas:
            by_key[(trigger.pos, lemma)].append(trigger)
    for key in by_key:
        by_key[key].sort(key=lambda t: -t.specificity)
    return Dictionary(classes, light, frames, dict(by_key))


def _trigger(
    r: dict[str, Any], classes: dict[str, frozenset[str]], frames: dict[str, Frame]
) -> Trigger:
    """Build one Trigger from its dictionary row, checking its CAMEO codes."""
    codes.lookup(r["cameo"])
    obj_codes = tuple(
        (_expand(key, classes), code) for key, code in (r.get("obj_codes") or {}).items()
    )
    for _, code in obj_codes:
        codes.lookup(code)
    for code in [*(r.get("lemma_codes") or {}).values(), *(r.get("mod_codes") or {}).values()]:
        codes.lookup(code)
    return Trigger(
        id=r["id"],
        lemmas=_expand(r["lemma"], classes),
        pos=r.get("pos", "VERB"),
        cameo=r["cameo"],
        frame=frames[r["frame"]],
        type=r.get("type"),
        prt=_expand(r.get("prt"), classes),
        prt_by_lemma={k: frozenset(v) for k, v in (r.get("prt_by_lemma") or {}).items()},
        prep=_expand(r.get("prep"), classes),
        prep_obj=_expand(r.get("prep_obj"), classes),
        adv=_expand(r.get("adv"), classes),
        obj=_expand(r.get("obj"), classes),
        obj_kinds=_kinds(r.get("obj")),
        not_obj=_expand(r.get("not_obj"), classes),
        not_prep=_expand(r.get("not_prep"), classes),
        no_child=frozenset(r.get("no_child") or ()),
        claim_when_past=bool(r.get("claim_when_past")),
        compound=_expand(r.get("compound"), classes),
        compound_or_of=_expand(r.get("compound_or_of"), classes),
        not_compound=_expand(r.get("not_compound"), classes),
        not_det=frozenset(r.get("not_det") or ()),
        subj_class=_expand(r.get("subj_class"), classes),
        light=_expand(r.get("light"), classes),
        light_only=bool(r.get("light_only")),
        obj_codes=obj_codes,
        lemma_codes=dict(r.get("lemma_codes") or {}),
        type_by_lemma=dict(r.get("type_by_lemma") or {}),
        complement=r.get("complement"),
        control=r.get("control"),
        intent=bool(r.get("intent")),
        embedded=r.get("embedded"),
        future_code=r.get("future_code"),
        needs=r.get("needs"),
        target_not=frozenset(r.get("target_not") or ()),
        obj_not_person=bool(r.get("obj_not_person")),
        symmetric=r.get("symmetric"),
        obj_via_xcomp=bool(r.get("obj_via_xcomp")),
        evaluative=bool(r.get("evaluative")),
        mod_codes=dict(r.get("mod_codes") or {}),
    )


@lru_cache(maxsize=1)
def modality_cues() -> ModalityCues:
    """Load the modality cues (cached)."""
    aux: dict[str, str] = {}
    wrappers: dict[str, str] = {}
    adverbs: dict[str, str] = {}
    marks: dict[str, str] = {}
    noun_mods: dict[str, str] = {}
    preps: dict[str, str] = {}
    speech: set[str] = set()
    negation: set[str] = set()
    passive_only: set[str] = set()
    object_control: set[str] = set()
    obligation: set[str] = set()
    directive: set[str] = set()
    for row in _jsonl("modality.jsonl"):
        for key, table in (
            ("aux", aux),
            ("wrapper", wrappers),
            ("adverb", adverbs),
            ("mark", marks),
            ("noun_mod", noun_mods),
            ("prep", preps),
        ):
            for word in row.get(key, ()):
                table.setdefault(word, row["modality"])
        speech |= set(row.get("speech", ()))
        negation |= set(row.get("negation", ()))
        passive_only |= set(row.get("passive_only", ()))
        object_control |= set(row.get("object_control", ()))
        obligation |= set(row.get("must", ()))
        directive |= set(row.get("directive", ()))
    return ModalityCues(
        aux,
        wrappers,
        frozenset(passive_only),
        adverbs,
        marks,
        noun_mods,
        preps,
        frozenset(speech),
        frozenset(negation),
        frozenset(object_control),
        frozenset(obligation),
        frozenset(directive),
    )


@lru_cache(maxsize=1)
def discourse_cues() -> dict[str, frozenset[str]]:
    """Return the speech-act and back-reference word lists of ``data/discourse.jsonl`` by key."""
    out: dict[str, frozenset[str]] = {}
    for row in _jsonl("discourse.jsonl"):
        for key, words in row.items():
            out[key] = frozenset(words)
    return out


@lru_cache(maxsize=1)
def agent_sectors() -> dict[str, str]:
    """Return the CAMEO sector of each group noun that names an actor without a country."""
    text = (DATA / "agents.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and line[0] != "#"]
    return {row[0]: row[1] for row in rows[1:]}


@lru_cache(maxsize=1)
def offdomain_words() -> frozenset[str]:
    """Return the words that mark a sentence as sport, business or culture."""
    text = (DATA / "offdomain.tsv").read_text(encoding="utf-8")
    return frozenset(
        line.split("\t")[0]
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )
