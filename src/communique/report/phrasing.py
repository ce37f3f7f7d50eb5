"""Sentence rules of the reports: dates, names and one sentence per kind of fact.

Pure functions over store rows (dicts), shared by the briefing and the
timeline, so a fact reads the same wherever it is shown.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from communique.errors import InputError

STATUS_WORDS = {"proposed": "proposed", "accepted": "accepted",
                "conditions_set": "conditions set", "signed": "signed", "in_force": "in force",
                "carried_out": "carried out", "rejected": "rejected",
                "violation_alleged": "violation alleged", "suspended": "suspended",
                "collapsed": "collapsed"}
# A position as a verb phrase: (one party, several parties), and as a state.
POSITION_WORDS = {"supports": ("supports", "support"), "opposes": ("opposes", "oppose"),
                  "conditional": ("supports with conditions", "support with conditions"),
                  "undecided": ("is undecided", "are undecided")}
POSITION_STATES = {"supports": "supports", "opposes": "opposes",
                   "conditional": "supports with conditions", "undecided": "undecided"}
# CAMEO consult sub-codes and how a reader names the contact.
CONSULT_VERBS = {"041": "spoke by phone with", "042": "visited", "043": "hosted",
                 "044": "met", "045": "mediated talks with", "046": "negotiated with"}
CALL_WORDS = ("phone", "call", "spoke", "video link", "videoconference")
# Past-tense verbs of the coarse event types, with a target and without one.
EVENT_VERBS = {"agree": ("reached an agreement with", "agreed"),
               "propose": ("made a proposal to", "made a proposal"),
               "reject": ("rejected a proposal from", "rejected a proposal"),
               "demand": ("made a demand of", "made a demand"),
               "support": ("backed", "expressed support"),
               "criticize": ("criticised", "voiced criticism"),
               "attack": ("attacked", "carried out an attack"),
               "aid": ("gave aid to", "gave aid"),
               "sanction": ("imposed sanctions on", "imposed sanctions"),
               "release": ("released prisoners to", "released prisoners"),
               "threaten": ("threatened", "issued a threat")}
# Verbs an initiative is the object of: "Russia rejected the 30-day ceasefire".
INITIATIVE_VERBS = {"agree": "agreed to", "propose": "proposed", "reject": "rejected",
                    "support": "backed", "demand": "demanded"}
# What a party is accused of, by coarse type.
ALLEGED_ACTS = {"attack": "an attack", "criticize": "hostile statements", "threaten": "threats",
                "sanction": "imposing sanctions", "reject": "a refusal", "aid": "giving aid",
                "support": "backing", "agree": "a deal", "consult": "holding talks",
                "propose": "a proposal", "demand": "demands", "release": "releasing prisoners"}
CUE_VERBS = ("said", "wrote", "warned", "posted", "added", "stressed", "insisted")
MEDIUM_STARTS = ("in ", "on ", "at ", "during ")
MAX_MEDIUM_WORDS = 8
_ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


# ---------------------------------------------------------------- dates


def parse_day(value: Any, name: str = "date", strict: bool = True) -> date | None:
    """Return a date from YYYY-MM-DD (or a date); anything else raises, or is None if not strict."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError as error:
        if not strict:
            return None
        raise InputError(f"{name} is not a date: {value!r}", hint="use YYYY-MM-DD") from error


def nice_date(value: Any) -> str:
    """Return a day as '2 June 2025' (a partial date such as '2025-03' is kept as is)."""
    day = parse_day(value, strict=False) if value and len(str(value)) >= 10 else None
    return f"{day.day} {day:%B %Y}" if day else str(value or "")


def on_day(row: dict[str, Any]) -> str:
    """Return when a fact happened, as precise as its date: ' on 2 June 2025', ' in June 2025'.

    An approximate date is only the report's date, so it says so.
    """
    value = row.get("date")
    day = parse_day(value, strict=False)
    if day is None:
        pub = row.get("pub_date") or row.get("first_report")
        return f" (reported {nice_date(pub)})" if pub else ""
    precision = row.get("date_precision") or "day"
    if precision == "month":
        return f" in {day:%B %Y}"
    if precision == "year":
        return f" in {day.year}"
    if precision == "week":
        return f" in the week of {nice_date(day.isoformat())}"
    if precision == "approximate":
        return f" (reported {nice_date(day.isoformat())})"
    return f" on {nice_date(day.isoformat())}"


# ---------------------------------------------------------------- words


def cap(text: str) -> str:
    """Return text with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def the(label: str) -> str:
    """Return an initiative or issue label with the definite article a sentence needs."""
    return label if label.lower().startswith(("the ", "a ", "an ")) else f"the {label}"


def join_names(names: list[str]) -> str:
    """Return 'A', 'A and B' or 'A, B and C'."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " and " + names[-1]


def names(value: Any) -> str | None:
    """Return the names of an ActorRef or a list of them, joined for a sentence.

    A state is left out when a person acting for it is named too ("Donald Trump and
    Vladimir Putin held talks", not "..., Russia, United States and Vladimir Putin").
    """
    refs = [r for r in (value if isinstance(value, list) else [value] if value else [])
            if isinstance(r, dict)]
    represented = {r.get("country") for r in refs if r.get("kind") == "person"}
    refs = [r for r in refs if not (r.get("kind") == "state" and r.get("name") in represented)]
    found = [r.get("name") or r.get("description") for r in refs]
    unique = list(dict.fromkeys(n for n in found if n))
    return join_names(unique) or None


def position_phrase(position: str | None, plural: bool = False) -> str:
    """Return a stance position as a verb phrase agreeing with its subject ('supports')."""
    words = (position or "").replace("_", " ")
    return POSITION_WORDS.get(position or "", (words, words))[plural]


def position_state(position: str | None) -> str:
    """Return a stance position as a state ('supports with conditions', 'no position')."""
    return POSITION_STATES.get(position or "", position or "no position on record")


# ---------------------------------------------------------------- sentences


def step_sentence(step: dict[str, Any]) -> str:
    """Return the sentence that reports one initiative status step (its date included).

    The step is a row of initiative_steps with the initiative's `label`.
    """
    label = the(step["label"])
    extra = step.get("extra") or {}
    who = step.get("actor_name") or extra.get("party")
    against = step.get("counterpart_name") or extra.get("counterpart_party")
    status = step["status"]
    if status == "violation_alleged":
        if who and against:
            text = f"{who} accused {against} of violating {label}"
        elif who:
            text = f"{who} alleged a violation of {label}"
        elif against:
            text = f"{against} {'were' if step.get('plural') else 'was'} accused of violating " \
                   f"{label}"
        else:
            text = f"a violation of {label} was alleged"
    elif status == "collapsed":
        text = f"{label} collapsed"
    else:
        active = {"proposed": "proposed {x}", "accepted": "accepted {x}",
                  "conditions_set": "set conditions on {x}", "signed": "signed {x}",
                  "in_force": "put {x} into force", "carried_out": "carried out {x}",
                  "rejected": "rejected {x}", "suspended": "suspended {x}"}
        passive = {"conditions_set": "conditions were set on {x}",
                   "in_force": "{x} came into force"}
        if who:
            verb = active.get(status, STATUS_WORDS.get(status, status) + " {x}")
            text = f"{who} {verb.format(x=label)}"
        else:
            text = passive.get(status, "{x} was " + STATUS_WORDS.get(status, status))
            text = text.format(x=label)
        if status == "accepted" and extra.get("conditional"):
            text += " with conditions"
    return f"{cap(text)}{on_day(step)}."


def event_sentence(event: dict[str, Any], label: str | None = None) -> str:
    """Return the sentence of a linked event: a meeting, an allegation or another act.

    Args:
        event: a linked_events row with its `mentions` (see reading.linked_events).
        label: the label of the initiative the event concerns, if any.
    """
    if event.get("type") == "consult":
        return meeting_sentence(event)
    if event.get("modality") == "alleged":
        return alleged_sentence(event)
    return f"{cap(act_clause(event, label))}{when(event)}."


def act_clause(event: dict[str, Any], label: str | None = None) -> str:
    """Return who did what to whom, without a date: 'Russia attacked Ukraine'."""
    src, tgt = names(event.get("source")), names(event.get("target"))
    kind = event.get("type") or ""
    with_target, alone = EVENT_VERBS.get(kind, ("acted towards", "acted"))
    if src and label and kind in INITIATIVE_VERBS:
        return f"{src} {INITIATIVE_VERBS[kind]} {the(label)}"
    if src and tgt:
        return f"{src} {with_target} {tgt}"
    if src:
        return f"{src} {alone}"
    if tgt:
        return f"{tgt} {'was attacked' if kind == 'attack' else 'was the target of an act'}"
    return f"an unattributed {kind or 'event'} took place"


def contradiction_sentence(row: dict[str, Any], event: dict[str, Any] | None = None) -> str:
    """Return the sentence of a stored contradiction (with its linked event, for a denial).

    Dates in the stored description are written out; a denied claim is told as
    'According to A, B did X; C denies it.'
    """
    extra = row.get("extra") or {}
    if row.get("kind") == "claim_denial" and event:
        claimant = (extra.get("a") or {}).get("party")
        denier = (extra.get("b") or {}).get("party")
        act = act_clause(event)
        if claimant and claimant == denier:
            text = f"{claimant} gave conflicting accounts: one statement says {act}, " \
                   "another denies it"
        else:
            lead = f"According to {claimant}, {act}" if claimant else f"One report says {act}"
            text = f"{lead}; {denier or 'the other side'} denies it"
    else:
        text = _ISO_DAY.sub(lambda m: nice_date(m.group(0)), row.get("description")
                            or (row.get("kind") or "contradiction").replace("_", " "))
    return f"{cap(text)}."


def meeting_sentence(event: dict[str, Any]) -> str:
    """Return 'A spoke by phone with B on 2 June 2025 (3 outlets).'"""
    mentions = event.get("mentions") or []
    cameo = event.get("cameo") or next((m["cameo"] for m in mentions if m.get("cameo")), None)
    verb = CONSULT_VERBS.get((cameo or "")[:3])
    if verb is None:
        words = " ".join((m.get("text") or "").lower() for m in mentions)
        verb = ("spoke by phone with" if any(w in words for w in CALL_WORDS)
                else "held talks with")
    src, tgt = names(event.get("source")), names(event.get("target"))
    if src and tgt:
        text = f"{src} {verb} {tgt}"
    else:
        who = names((event.get("extra") or {}).get("participants")) or src or tgt
        alone = "acted as mediator" if (cameo or "").startswith("045") else "held talks"
        text = f"{who} {alone}" if who else "talks were held"
    return f"{cap(text)}{when(event)}."


def alleged_sentence(event: dict[str, Any]) -> str:
    """Return 'A accused B of an attack on C on 2 June 2025.' for an alleged event."""
    mentions = event.get("mentions") or []
    accuser = next((names(m.get("reporter")) for m in mentions if m.get("reporter")), None)
    src, tgt = names(event.get("source")), names(event.get("target"))
    act = ALLEGED_ACTS.get(event.get("type") or "", "a hostile act")
    act += f" on {tgt}" if tgt and tgt != accuser and event.get("type") == "attack" else ""
    if accuser and src and accuser != src:
        text = f"{accuser} accused {src} of {act}"
    elif src:
        text = f"{src} {'were' if ' and ' in src else 'was'} accused of {act}"
    else:
        text = f"{cap(act)} was alleged"
    return f"{cap(text)}{when(event)}."


def when(event: dict[str, Any]) -> str:
    """Return an event's date phrase, with ', 3 outlets' when several outlets reported it."""
    day = on_day(event)
    n = event.get("n_sources") or 0
    if n <= 1:
        return day
    if day.endswith(")"):
        return f"{day[:-1]}; {n} outlets)"
    return f"{day} ({n} outlets)"


def quote_sentence(row: dict[str, Any]) -> tuple[str, str]:
    """Return ('Speaker said on Truth Social: “words”', words) for a quotes row."""
    words = " ".join((row.get("text") or "").split()).strip(" ,;:\"“”‘’'")
    cue = (row.get("cue") or "").lower()
    verb = cue if cue in CUE_VERBS else "said"
    medium = (row.get("medium") or "").strip()
    where = (f" {medium}" if medium.startswith(MEDIUM_STARTS)
             and len(medium.split()) <= MAX_MEDIUM_WORDS else "")
    return f"{row['speaker_name']} {verb}{where}: “{words}”", words
