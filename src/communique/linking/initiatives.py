"""Initiatives: proposals and agreements merged across articles, with a dated status history.

An event whose object is an initiative phrase (phrases.py) gives a step:
propose -> proposed, agree -> accepted (signed / in force when the text says
so; conditions set when it is conditional), reject -> rejected (suspended /
collapsed by cue), demand -> conditions set or proposed, support -> accepted
or endorsed, criticize with a violation cue -> violation alleged, sanction ->
in force, release -> carried out. Attacks by a party after it accepted a
ceasefire, in a clause that names what the ceasefire covers or says it came
after the truce, are violations alleged by the victim (or the reporter)
against the attacker. Phrases are merged into initiatives by type, scope,
length, amount, place and the parties around them.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from communique.linking.lexicon import InitiativeLexicon, initiative_lexicon
from communique.linking.mentions import (
    Mention,
    Sentences,
    actor_ref,
    parse_day,
    party,
    record_mentions,
)
from communique.linking.phrases import Phrase, find_phrases

log = logging.getLogger(__name__)

STATUSES = ("proposed", "accepted", "conditions_set", "signed", "in_force", "carried_out",
            "rejected", "violation_alleged", "suspended", "collapsed")
# Words that make a status cue after them a condition or a time to come ("once in force").
CONDITION_WORDS = frozenset({"once", "if", "when", "until", "unless", "before", "after",
                             "while", "whenever"})
_CLAUSE_SUBJECTS = frozenset({"it", "they", "this", "that"})
_TIME_NOUNS = frozenset({"hour", "moment", "minute", "day", "time"})
COMMITTED = frozenset({"accepted", "signed", "in_force", "carried_out"})
ENDED = frozenset({"suspended", "collapsed"})
# Statuses a multi-party act gives the initiative as a whole rather than each party.
JOINT = frozenset({"in_force", "carried_out"})
# Acts that state a position on an initiative without changing its status.
STANCE_ONLY = {"support": "endorsed", "criticize": "criticized", "threaten": "criticized"}
SAME_ALLEGATION_DAYS = 2  # repeated accusations this close together are one allegation
_SUBORDINATE = re.compile(r"\b(?:as long as|while|until|unless|after|before|because|since|"
                          r"when|if|but|although|though|whereas|meeting|saying)\b|[;:]", re.I)
REPEATING_TYPES = {"prisoner_exchange": 30, "summit": 120}  # days an instance stays open
BARE_MENTION_REACH = 60  # days a scope-less mention may still mean a narrower initiative
_SPECIFIC_FREE = frozenset({None, "partial"})
# Scopes that undo what the type names; never merged with a phrase that lacks them.
REVERSING_SCOPES = frozenset({"relief"})
# Ceasefire scopes under which any attack between the parties breaks the truce.
GENERAL_SCOPES = (None, "full", "humanitarian")
# How a label names the place of an initiative of a type (types not here name none).
PLACE_WORDS = {"sanctions": "on", "aid": "for", "guarantees": "for", "force": "in"}
_PROPOSAL_AFTER = re.compile(r"[\s'’-]*(?:proposals?|offers?|plans?|initiatives?|suggestions?)\b",
                             re.I)
_PROPOSAL_BEFORE = re.compile(r"\b(?:proposals?|offers?|plans?|suggestions?) (?:for|of|on) "
                              r"(?:an? |the )?(?:[\w-]+ ){0,3}$", re.I)
# what joins a generic object to the initiative it names: "Y's offer | to | exchange prisoners"
_OBJECT_OF = re.compile(r"\s*(?:to|for|of|on|about)(?:\s+(?:a|an|the))?\s*", re.I)
_CLAUSE_EDGE = re.compile(r"[,;:]\s|\s(?:and|but|while|whereas)\s", re.I)


@dataclass
class Step:
    """One dated change in an initiative's status, with its evidence."""

    status: str
    date: str | None
    date_precision: str | None
    actor: dict[str, Any] | None
    party: str | None
    counterpart: dict[str, Any] | None
    counterpart_party: str | None
    evidence: dict[str, Any]
    linked_event_id: str | None = None
    implied: bool = False
    conditional: bool = False
    as_condition: bool = False
    inferred: bool = False  # a proposal known only from its acceptance ("agreed to Y's offer")

    @property
    def exact(self) -> bool:
        """Return True when the step's date is a known day (not just its report's date)."""
        return self.date_precision == "day" and self.date is not None

    def to_dict(self) -> dict[str, Any]:
        """Return the step as JSON-ready data."""
        return {"status": self.status, "date": self.date, "date_precision": self.date_precision,
                "actor": self.actor, "party": self.party, "counterpart": self.counterpart,
                "counterpart_party": self.counterpart_party, "conditional": self.conditional,
                "linked_event_id": self.linked_event_id, "evidence": self.evidence}


def _same_step(group: list[Step], step: Step) -> bool:
    """Return True when a step reports the same change as a group of steps."""
    head = group[0]
    if head.status != step.status:
        return False
    if head.status == "violation_alleged":
        if (head.party, head.counterpart_party) != (step.party, step.counterpart_party):
            return False
        a, b = parse_day(head.date), parse_day(step.date)
        if step.exact:
            return bool(a and b) and abs((a - b).days) <= SAME_ALLEGATION_DAYS
        return bool(a and b) and a <= b
    if step.party is not None and head.party is not None and step.party != head.party:
        return False
    if step.exact:
        return head.date == step.date or (
            step.linked_event_id is not None and step.linked_event_id == head.linked_event_id)
    a, b = parse_day(head.date), parse_day(step.date)
    return bool(a and b) and a <= b and step.party in (None, head.party)


def group_steps(steps: list[Step]) -> list[list[Step]]:
    """Group the reports of one change: dated reports first, later undated ones join them."""
    groups: list[list[Step]] = []
    ordered = sorted(steps, key=lambda s: (not s.exact, s.party is None, s.date or "9999",
                                           s.evidence.get("article_id") or ""))
    for step in ordered:
        fits = [g for g in groups if _same_step(g, step)]
        if fits:
            max(fits, key=lambda g: g[0].date or "").append(step)
        else:
            groups.append([step])
    return groups


@dataclass
class Initiative:
    """A proposal or agreement followed across articles."""

    id: str
    type: str
    scope: str | None = None
    duration: str | None = None
    amount: float | None = None
    currency: str | None = None
    count: int | None = None
    places: list[str] = field(default_factory=list)
    parties: Counter = field(default_factory=Counter)
    phrases: list[tuple[Phrase, dict[str, Any]]] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    stance_only: list[Step] = field(default_factory=list)
    last_day: str | None = None

    def label(self, lex: InitiativeLexicon | None = None) -> str:
        """Return a readable name: length, scope, type, amount and place."""
        lex = lex or initiative_lexicon()
        words = []
        if self.duration:
            words.append(self.duration)
        if self.scope and self.type == "ceasefire":
            words.append(lex.scope_label(self.type, self.scope))
        base = lex.label(self.type)
        if self.scope and self.type != "ceasefire":
            scope = lex.scope_label(self.type, self.scope)
            base = f"{scope} {base}" if self.type not in ("sanctions",) else f"{base} {scope}"
        words.append(base)
        label = " ".join(words)
        if self.amount:
            label += f" ({_money(self.amount, self.currency)})"
        if self.count and self.type == "prisoner_exchange":
            label += f" ({self.count})"
        prep = PLACE_WORDS.get(self.type)
        if self.places and prep:
            if self.type == "sanctions" and self.scope == "relief":
                prep = "for"
            label += f" {prep} {', '.join(self.places[:2])}"
        return label

    def history(self) -> list[dict[str, Any]]:
        """Return the steps in date order, reports of one step grouped with all their sources."""
        out = []
        for steps in group_steps(self.steps):
            first = steps[0]
            row = first.to_dict()
            row["conditional"] = any(s.conditional for s in steps)
            row["sources"] = sorted(({**s.evidence} for s in steps),
                                    key=lambda e: (e.get("pub_date") or "", e["article_id"],
                                                   e.get("start") or 0))
            row["n_sources"] = len({(e.get("outlet") or e["article_id"]) for e in row["sources"]})
            out.append(row)
        rank = {s: i for i, s in enumerate(STATUSES)}
        out.sort(key=lambda r: (r["date"] or "9999", rank.get(r["status"], 99),
                                r["party"] or "", r["sources"][0]["article_id"]))
        return out

    @property
    def status(self) -> str | None:
        """Return the status of the latest step."""
        history = self.history()
        return history[-1]["status"] if history else None

    def to_dict(self, lex: InitiativeLexicon | None = None) -> dict[str, Any]:
        """Return the initiative with its history as JSON-ready data."""
        history = self.history()
        days = sorted(h["date"] for h in history if h["date"])
        seen = sorted(e["pub_date"] for _, e in self.phrases if e.get("pub_date"))
        first = min([*days[:1], *seen[:1]], default=None)
        return {"id": self.id, "label": self.label(lex), "type": self.type,
                "status": history[-1]["status"] if history else None,
                "parties": sorted(p for p, _ in self.parties.most_common()),
                "scope": self.scope, "duration": self.duration, "amount": self.amount,
                "currency": self.currency, "count": self.count, "target": self.places[0]
                if self.places else None, "places": list(self.places),
                "first_seen": first, "last_seen": max([*days[-1:], *seen[-1:]], default=None),
                "n_mentions": len(self.phrases),
                "n_articles": len({e["article_id"] for _, e in self.phrases}),
                "history": history}


def _money(amount: float, currency: str | None) -> str:
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if amount >= scale:
            value = amount / scale
            text = f"{value:.1f}".rstrip("0").rstrip(".")
            return f"{text} {word} {currency or ''}".strip()
    return f"{amount:,.0f} {currency or ''}".strip()


def initiative_id(type_: str, scope: str | None, founder: str) -> str:
    """Return an initiative's id from its type, scope and the phrase that founded it."""
    digest = hashlib.sha1(founder.encode("utf-8")).hexdigest()[:6]
    return "in-" + "-".join(x for x in (type_.replace("_", "-"), scope) if x) + "-" + digest


# ---------------------------------------------------------------- steps from events


def _clause(text: str, lo: int, hi: int, at: int | None) -> tuple[int, int]:
    """Return the clause of a sentence around an offset (the sentence when none is given)."""
    if at is None:
        return lo, hi
    start, end = lo, hi
    for m in _CLAUSE_EDGE.finditer(text, lo, hi):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            end = m.start()
            break
    return start, end


def event_phrase(mention: Mention, phrases: list[Phrase], text: str) -> Phrase | None:
    """Return the initiative phrase an event is about (its issue span, else its object)."""
    if not phrases:
        return None
    issue = mention.issue_span
    if issue:
        # the head inside the object ("the limited truce"), else the object inside a
        # phrase's modifiers ("energy" of "an energy truce"); the words after a head
        # may run on into the next clause
        hit = [p for p in phrases if p.start < issue[1] and issue[0] < p.end] or [
            p for p in phrases if p.window[0] <= issue[0] and issue[1] <= p.end] or [
            p for p in phrases if issue[1] <= p.window[0]
            and _OBJECT_OF.fullmatch(text[issue[1]:p.window[0]])]
        return min(hit, key=lambda p: abs(p.start - issue[0])) if hit else None
    if mention.issue:
        low = mention.issue.lower()
        hit = [p for p in phrases if p.text.lower() in low]
        if hit:
            return hit[0]
    trigger = mention.trigger_span
    if trigger is None:
        return phrases[0] if len(phrases) == 1 else None
    holding = [p for p in phrases if p.start <= trigger[0] < p.end]
    if holding:
        return holding[0]
    after = sorted((p for p in phrases if p.start >= trigger[1]), key=lambda p: p.start)
    for p in after[:1]:
        gap = text[trigger[1]:p.window[0]]
        if len(gap.split()) <= 12 and not _SUBORDINATE.search(gap):
            return p
    before = [p for p in phrases if p.end <= trigger[0]]
    if before:
        p = max(before, key=lambda p: p.end)
        gap = text[p.end:trigger[0]]
        # the subject of a passive or status verb: "the swap was proposed", "the truce took effect"
        joined = not re.search(r"[,;:]|\bbut\b", gap) and (
            not re.search(r"\band\b", gap) or re.search(r"\bbetween\b", gap))
        if len(gap.split()) <= 8 and joined:
            return p
    return None


def _status(mention: Mention, phrase: Phrase, text: str, lex: InitiativeLexicon,
            region: tuple[int, int] | None = None) -> list[tuple[str, bool]]:
    """Return the statuses an event gives the initiative it is about, with a conditional flag.

    `region` is the part of the sentence that belongs to this event (up to the
    next event's trigger); condition words are looked for there.
    """
    kind, modality = mention.type, mention.modality
    if modality in ("negated", "planned", "hypothetical"):
        return []
    lo, hi = mention.sentence_start, mention.sentence_start + len(mention.sentence)
    around = text[max(lo, phrase.start - 50):min(hi, phrase.window[1] + 40)]
    cue = next((status for status, pattern in lex.statuses
                if (found := pattern.search(around)) and not _conditional(around, found.start())),
               None)
    own = text[region[0]:region[1]] if region else mention.sentence
    condition = bool(lex.cues["condition"].search(own)) and not \
        lex.cues["unconditional"].search(own)
    if modality == "conditional":
        return [("conditions_set", True)] if kind in ("agree", "propose", "demand") else []
    if kind == "agree":
        if cue in ("signed", "in_force"):
            return [(cue, False)]
        # the copula of "X was ready to send monitors" stands just before the trigger, and
        # what is offered ("ready to accept ...") may lie past the event's own region
        start, end = region or (lo, hi)
        offer = lex.cues["offer"].search(text, max(lo, start - 25), hi)
        if offer and offer.start() < end:
            return [("proposed", False)]  # "ready to send monitors" offers, it accepts nothing
        if condition:
            return [("accepted", True), ("conditions_set", True)]
        return [("accepted", False)]
    if kind == "propose":
        return [("proposed", False)]
    if kind == "reject":
        return [(cue if cue in ENDED else "rejected", False)]
    if kind == "demand":
        return [("conditions_set" if condition else "proposed", condition)]
    if kind == "criticize" and lex.cues["violation"].search(mention.sentence):
        return [("violation_alleged", False)]
    if kind == "sanction":
        return [("in_force", False)]
    if kind == "release":
        return [("carried_out", False)]
    if kind == "aid":
        done = re.search(r"\b(?:deliver\w*|sent|arriv\w+|disburs\w+|approv\w+)\b",
                         mention.sentence, re.I)
        return [("in_force" if done else "proposed", False)]
    if kind == "threaten" and cue in ENDED:
        return [(cue, False)]
    return []


def _conditional(text: str, position: int) -> bool:
    """Tell whether a status cue follows a condition word ("broke it once in force").

    A time clause counts too ("would observe it from the hour it took effect"):
    it says when a commitment starts, not that the truce is in force.
    """
    before = [w.lower() for w in text[max(0, position - 24):position].split()]
    if len(before) > 1 and before[-1] in _CLAUSE_SUBJECTS:
        before.pop()
    return bool(before) and (before[-1] in CONDITION_WORDS or before[-1] in _TIME_NOUNS)


def _region(mention: Mention, mentions: list[Mention]) -> tuple[int, int]:
    """Return the span of a sentence that belongs to an event: its trigger to the next one's."""
    lo = mention.sentence_start
    hi = lo + len(mention.sentence)
    trigger = mention.trigger_span
    if trigger is None:
        return lo, hi
    later = [t[0] for m in mentions if m.sentence_idx == mention.sentence_idx and m is not mention
             for t in [m.trigger_span] if t and t[0] > trigger[1]]
    return trigger[0], min([hi, *later])


def _when(mention: Mention, linked: dict[str, Any]) -> tuple[str | None, str | None]:
    """Return a step's date: the event's, its linked event's, else its report's (approximate)."""
    if mention.date:
        return mention.date, mention.date_precision or ("day" if len(mention.date) == 10 else None)
    event = linked.get(mention.key)
    if event is not None and event.date:
        return event.date, event.date_precision
    return mention.pub_date, "approximate" if mention.pub_date else None


def _steps(mention: Mention, status: str, conditional: bool, linked: dict[str, Any]
           ) -> list[Step]:
    """Return the steps an event gives: one per actor, or one for a joint act of several."""
    day, precision = _when(mention, linked)
    evidence = dict(mention.evidence(), quote_idx=None)
    event_id = getattr(linked.get(mention.key), "id", None)
    if status in JOINT and len(mention.parties) > 1 and mention.symmetric:
        return [Step(status, day, precision, None, None, None, None, evidence, event_id)]
    target = mention.targets[0] if mention.targets else None
    actors = [(ref, False) for ref in mention.sources]
    if mention.type == "agree" and status in COMMITTED | {"conditions_set"}:
        actors += [(ref, True) for ref in mention.targets]
    out = []
    for ref, implied in actors:
        counterpart = None if implied else target
        out.append(Step(status, day, precision, actor_ref(ref), party(ref), actor_ref(counterpart),
                        party(counterpart), evidence, event_id, implied, conditional))
    return out


def _proposer(mention: Mention, phrase: Phrase, mentions: list[Mention], text: str
              ) -> dict[str, Any] | None:
    """Return who made the proposal an acceptance takes up, when the sentence says it.

    "X agreed to the truce proposal" / "X accepted the offer of a truce" presuppose a
    proposer: the event's target, else the one other party of a call or meeting with X
    in the same sentence.
    """
    lo = mention.sentence_start
    if not (_PROPOSAL_AFTER.match(text, phrase.end)
            or _PROPOSAL_BEFORE.search(text[max(lo, phrase.window[0] - 60):phrase.start])):
        return None
    acceptors = mention.source_parties
    if mention.targets and party(mention.targets[0]) not in acceptors:
        return mention.targets[0]
    for other in mentions:
        if other.type != "consult" or other.sentence_idx != mention.sentence_idx \
                or not acceptors & other.parties:
            continue
        rest = {party(r): r for r in other.sources + other.targets if party(r) not in acceptors}
        if len(rest) == 1:
            return next(iter(rest.values()))
    return None


def _inferred_proposal(mention: Mention, proposer: dict[str, Any], linked: dict[str, Any]
                       ) -> Step:
    """Return the proposal step an acceptance implies, dated at the latest on the acceptance."""
    day, precision = _when(mention, linked)
    acceptor = mention.sources[0] if mention.sources else None
    return Step("proposed", day, precision, actor_ref(proposer), party(proposer),
                actor_ref(acceptor), party(acceptor), dict(mention.evidence(), quote_idx=None),
                getattr(linked.get(mention.key), "id", None), inferred=True)


def _sentence_day(record: dict[str, Any], lo: int, hi: int) -> tuple[str | None, str | None]:
    """Return the day a timex of the sentence names, else the report's date (approximate)."""
    for t in record.get("timexes") or []:
        value = str(t.get("value") or "")
        if isinstance(t.get("start"), int) and lo <= t["start"] < hi and re.fullmatch(
                r"\d{4}-\d{2}-\d{2}", value):
            return value, "day"
    pub = record.get("pub_date")
    return pub, "approximate" if pub else None


# ---------------------------------------------------------------- merging phrases


_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}


def length_days(duration: str) -> float | None:
    """Return a length such as "3-week" in days, so that it equals "21-day"."""
    number, _, unit = duration.partition("-")
    try:
        return float(number) * _UNIT_DAYS[unit]
    except (KeyError, ValueError):
        return None


def _overlap_ok(a: set[str], b: set[str], same_scope: bool = False) -> bool:
    """Return True when two party sets may be one initiative's.

    Two parties in common are needed (one when a side names one), or a single
    one when both name the same specific scope: a mediator's "energy truce"
    agreed with each side in turn gives pairs that share only one party.
    """
    if not a or not b:
        return True
    return len(a & b) >= (1 if same_scope else min(2, len(a), len(b)))


def _compatible(init: Initiative, phrase: Phrase, parties: set[str], day: str | None
                ) -> float | None:
    """Score how well a phrase fits an initiative (None: it cannot be that initiative)."""
    if init.type != phrase.type:
        return None
    if (phrase.scope in REVERSING_SCOPES) != (init.scope in REVERSING_SCOPES):
        return None  # lifting sanctions is not more of the same sanctions
    score = 0.0
    same_scope = False
    if phrase.scope not in _SPECIFIC_FREE and init.scope not in _SPECIFIC_FREE:
        if phrase.scope != init.scope:
            return None
        score += 3
        same_scope = True
    elif (phrase.scope, init.scope) in (("partial", "full"), ("full", "partial")) or (
            phrase.scope == "full" and init.scope not in (None, "full")):
        return None
    elif phrase.scope not in GENERAL_SCOPES and init.scope is None and init.steps and not any(
            e["article_id"] == phrase.article_id for _, e in init.phrases):
        return None  # a truce negotiated unqualified is not narrowed by a later report's one
    elif phrase.scope is None and init.scope not in GENERAL_SCOPES and _days_apart(
            day, init.last_day) > BARE_MENTION_REACH:
        return None  # months on, a bare "ceasefire" is not the narrow truce of the spring
    if phrase.duration and init.duration:
        if length_days(phrase.duration) != length_days(init.duration):
            return None
        score += 1
    if phrase.amount and init.amount:
        gap = abs(phrase.amount - init.amount)
        if phrase.currency != init.currency or gap > 0.05 * init.amount:
            return None
        score += 2
    if phrase.count and init.count:
        if phrase.count != init.count:
            return None
        score += 2
    # places tell apart the initiatives of types that are about a place (sanctions on X, a
    # force in Y); a truce "presented in Geneva" is not about Switzerland
    if phrase.places and init.places and init.type in PLACE_WORDS:
        if not set(phrase.places) & set(init.places):
            return None
        score += 1
    # within one article, "a 21-day truce" named again is the same one whoever is around it
    told_here = score > 0 and any(e["article_id"] == phrase.article_id for _, e in init.phrases)
    if not told_here and not _overlap_ok(parties, set(init.parties), same_scope):
        return None
    score += len(parties & set(init.parties)) * 0.5
    window = REPEATING_TYPES.get(init.type)
    if window and _days_apart(day, init.last_day) > window:
        return None
    return score


def _days_apart(day: str | None, other: str | None) -> int:
    """Return the days between two ISO days, 0 when either is unknown."""
    a, b = parse_day(day), parse_day(other)
    return abs((a - b).days) if a and b else 0


class Assembler:
    """Merge the initiative phrases and steps of records into initiatives."""

    def __init__(self, lex: InitiativeLexicon | None = None,
                 linked: dict[str, Any] | None = None,
                 phrases_of: dict[str, list[Phrase]] | None = None) -> None:
        self.lex = lex or initiative_lexicon()
        self.linked = linked or {}
        self.initiatives: list[Initiative] = []
        self.of_type: dict[str, list[Initiative]] = {}  # the candidates a phrase is compared with
        self.by_phrase: dict[str, Initiative] = {}
        self.attacks: list[tuple[Mention, dict[str, Any], list[Phrase]]] = []
        self.phrases_of: dict[str, list[Phrase]] = dict(phrases_of or {})

    def add(self, record: dict[str, Any]) -> None:
        """Read one record's phrases and events into the initiatives."""
        sentences = Sentences.of(record)
        phrases = self.phrases_of.get(str(record["id"]))
        if phrases is None:
            phrases = find_phrases(record, self.lex, sentences)
        self.phrases_of[str(record["id"])] = phrases
        by_sentence: dict[int, list[Phrase]] = {}
        for p in phrases:
            by_sentence.setdefault(p.sentence_idx, []).append(p)
        steps_of: dict[str, list[Step]] = {}
        stance_of: dict[str, list[Step]] = {}
        parties_of: dict[str, set[str]] = {}
        mentions = record_mentions(record)
        for mention in mentions:
            here = by_sentence.get(mention.sentence_idx, [])
            if mention.type == "attack":
                self.attacks.append((mention, record, here))
            phrase = event_phrase(mention, here, record["text"])
            if phrase is None:
                continue
            parties_of.setdefault(phrase.key, set()).update(mention.parties)
            statuses = _status(mention, phrase, record["text"], self.lex,
                               _region(mention, mentions))
            for status, conditional in statuses:
                steps_of.setdefault(phrase.key, []).extend(
                    _steps(mention, status, conditional, self.linked))
            proposer = _proposer(mention, phrase, mentions, record["text"]) if any(
                status == "accepted" for status, _ in statuses) else None
            if proposer is not None:
                steps_of[phrase.key].append(_inferred_proposal(mention, proposer, self.linked))
            if not statuses and mention.type in STANCE_ONLY and mention.modality in (
                    "asserted", "alleged"):
                said = _steps(mention, STANCE_ONLY[mention.type], False, self.linked)
                stance_of.setdefault(phrase.key, []).extend(s for s in said if not s.implied)
            if any(conditional for _, conditional in statuses):
                self._conditions(mention, phrase, here, record, steps_of)
        for p in phrases:
            steps = steps_of.get(p.key) or self._cue_steps(p, record, sentences)
            parties = set(parties_of.get(p.key, set())) | set(p.named) | set(p.places)
            day = next((s.date for s in steps if s.date), record.get("pub_date"))
            init = self._place(p, parties, day, record)
            init.phrases.append((p, p.evidence(record, sentences)))
            for step in steps:
                step.evidence["scope_text"] = p.scope_text
                step.evidence["owner"] = (p.owner or {}).get("name")
            if init.steps:
                # a condition only proposes an initiative nobody has proposed yet
                init.stance_only.extend(st for st in steps if st.as_condition)
                steps = [st for st in steps if not st.as_condition]
            init.steps.extend(steps)
            init.stance_only.extend(stance_of.get(p.key, []))
            init.parties.update(parties)
            if day and (init.last_day is None or day > init.last_day):
                init.last_day = day

    def _conditions(self, mention: Mention, phrase: Phrase, here: list[Phrase],
                    record: dict[str, Any], steps_of: dict[str, list[Step]]) -> None:
        """Mark initiatives named as conditions of an acceptance as proposed by the acceptor."""
        text = record["text"]
        cue = self.lex.cues["condition"].search(text, phrase.end,
                                                mention.sentence_start + len(mention.sentence))
        if cue is None:
            return
        for other in here:
            if other.start < cue.start() or other.type == phrase.type or other.key in steps_of:
                continue
            steps = [st for st in _steps(mention, "proposed", True, self.linked)
                     if not st.implied]
            for st in steps:
                st.counterpart = st.counterpart_party = None
                st.as_condition = True
            steps_of[other.key] = steps

    def _cue_steps(self, p: Phrase, record: dict[str, Any], sentences: Sentences
                   ) -> list[Step]:
        """Return the step a sentence states without an actor ("the truce took effect")."""
        text = record["text"]
        lo, hi = sentences.span(p.sentence_idx)
        after = text[p.end:min(hi, p.end + 50)]
        for status, pattern in self.lex.statuses:
            if status in ("in_force", "suspended", "collapsed") and pattern.match(
                    after.lstrip(" ,'\"’”").removeprefix("has ").removeprefix("had ")):
                day, precision = _sentence_day(record, lo, hi)
                evidence = p.evidence(record, sentences)
                evidence.update(event_idx=None, quote_idx=p.quote_idx, date=day)
                return [Step(status, day, precision, None, None, None, None, evidence)]
        return []

    def _place(self, p: Phrase, parties: set[str], day: str | None, record: dict[str, Any]
               ) -> Initiative:
        """Return the initiative a phrase belongs to, founding one when none fits."""
        best: tuple[float, str, Initiative] | None = None
        for init in self.of_type.get(p.type, []):
            score = _compatible(init, p, parties, day)
            if score is None:
                continue
            if any(e["article_id"] == p.article_id for _, e in init.phrases):
                score += 2
            rank = (score, init.last_day or "", init)
            if best is None or rank[:2] > best[:2]:
                best = rank
        if best is None:
            init = Initiative(initiative_id(p.type, p.scope, p.key), p.type)
            self.initiatives.append(init)
            self.of_type.setdefault(init.type, []).append(init)
        else:
            init = best[2]
        self._refine(init, p)
        self.by_phrase[p.key] = init
        return init

    def _refine(self, init: Initiative, p: Phrase) -> None:
        """Fill an initiative's attributes from a more specific phrase."""
        if p.scope and (init.scope is None or (init.scope == "partial"
                                               and p.scope not in _SPECIFIC_FREE)):
            init.scope = p.scope
        init.duration = init.duration or p.duration
        if init.amount is None and p.amount:
            init.amount, init.currency = p.amount, p.currency
        init.count = init.count or p.count
        for place in p.places:
            if place not in init.places:
                init.places.append(place)

    # ------------------------------------------------------------ violations

    def violations(self) -> None:
        """Add the violations alleged by attacks after a party accepted a ceasefire."""
        for mention, record, phrases in self.attacks:
            if mention.modality not in ("asserted", "alleged"):
                continue
            for init in self.initiatives:
                if init.type != "ceasefire":
                    continue
                step = self._violation(init, mention, record, phrases)
                if step:
                    init.steps.append(step)

    def _violation(self, init: Initiative, mention: Mention, record: dict[str, Any],
                   phrases: list[Phrase]) -> Step | None:
        attackers = mention.source_parties
        victims = mention.target_parties
        if not attackers or (victims and not victims & set(init.parties)):
            return None
        day, precision = _when(mention, self.linked)
        attack_day = parse_day(day)
        commits = [s for s in init.steps if s.status in COMMITTED and s.party in attackers
                   and parse_day(s.date) and attack_day and parse_day(s.date) <= attack_day]
        if not commits:
            return None
        ended = [s for s in init.steps if s.status in ENDED and parse_day(s.date)
                 and parse_day(s.date) < attack_day - timedelta(days=0)]
        # a truce the victim itself turned down, and never in force, binds no one
        refused = [s for s in init.steps if s.status == "rejected" and s.party in victims
                   and parse_day(s.date) and parse_day(s.date) <= attack_day]
        in_force = [s for s in init.steps if s.status == "in_force"]
        if ended or (refused and not in_force):
            return None
        text = record["text"]
        lo = mention.sentence_start
        hi = lo + len(mention.sentence)
        trigger = mention.trigger_span
        c_lo, c_hi = _clause(text, lo, hi, trigger[0] if trigger else None)
        clause = text[c_lo:c_hi]
        names_it = any(self.by_phrase.get(p.key) is init and p.start < c_hi and c_lo <= p.end
                       for p in phrases)
        scope_hit = False
        for entry in self.lex.scopes.get("ceasefire", []):
            if entry.scope == init.scope and entry.scope not in ("full", "partial"):
                scope_hit = bool(entry.words.search(clause))
        cue = bool(self.lex.cues["violation"].search(clause))
        in_force = any(s.status == "in_force" and parse_day(s.date)
                       and parse_day(s.date) <= attack_day for s in init.steps)
        if init.scope in GENERAL_SCOPES:
            relevant = names_it or cue or in_force
        else:
            relevant = scope_hit or (cue and names_it) or (cue and self._mentions_type(
                clause))
        if not relevant:
            return None
        reporter = mention.event.get("reporter") if isinstance(
            mention.event.get("reporter"), dict) else None
        accuser = reporter if reporter and reporter.get("name") else (
            mention.targets[0] if mention.targets else None)
        attacker = mention.sources[0]
        evidence = dict(mention.evidence(), quote_idx=None)
        return Step("violation_alleged", day, precision, actor_ref(accuser), party(accuser),
                    actor_ref(attacker), party(attacker), evidence,
                    getattr(self.linked.get(mention.key), "id", None))

    def _mentions_type(self, clause: str) -> bool:
        entry = next(t for t in self.lex.types if t.type == "ceasefire")
        return bool(entry.heads.search(clause))

    def finish(self) -> list[Initiative]:
        """Return the initiatives with a step (implied acceptances of proposers dropped)."""
        self.violations()
        out = []
        for init in self.initiatives:
            stated = {s.party for s in init.steps if s.status == "proposed" and not s.inferred}
            init.steps = [s for s in init.steps if not (s.inferred and s.party in stated)]
            _date_inferred_proposals(init.steps)
            proposers = {s.party for s in init.steps if s.status == "proposed"}
            init.steps = [s for s in init.steps if not (s.implied and s.party in proposers)]
            if init.steps:
                out.append(init)
        return sorted(out, key=lambda i: (i.to_dict(self.lex)["first_seen"] or "9999", i.id))


def _date_inferred_proposals(steps: list[Step]) -> None:
    """Date a proposal known from an acceptance no later than the first commitment to it."""
    commits = [s for s in steps if s.status in COMMITTED and parse_day(s.date)]
    if not commits:
        return
    first = min(commits, key=lambda s: parse_day(s.date))
    for step in steps:
        if step.inferred and parse_day(step.date) and parse_day(step.date) > parse_day(first.date):
            step.date, step.date_precision = first.date, first.date_precision


def _order(record: dict[str, Any]) -> tuple[str, str]:
    return (record.get("pub_date") or "9999", str(record.get("id")))


def build_initiatives(records: Iterable[dict[str, Any]], linked: Iterable[Any] = (),
                      lex: InitiativeLexicon | None = None) -> list[Initiative]:
    """Recognise initiatives in records and merge them across articles.

    Args:
        records: ExtractionRecord dicts.
        linked: linked events (merge.LinkedEvent) so steps cite them; optional.
        lex: the initiative lexicon (the packaged one when None).
    Returns:
        Initiatives with at least one step, by first appearance.
    """
    by_mention = {m.key: event for event in linked for m in event.mentions}
    assembler = Assembler(lex, by_mention)
    for record in sorted(records, key=_order):
        assembler.add(record)
    return assembler.finish()
