"""Code sentence records the way CAMEO event coders do (PETRARCH-style dyads), for peer suites.

Reads records {id, date, text}, runs the pipeline on each as a one-sentence
article, and turns its events into CAMEO dyads {source, target, cameo, plover}
with CAMEO actor codes. CAMEO's conventions apply here and only here: an act
announced or intended is coded as intent (03x) or threat (13x), a refused
cooperative act as a rejection (12x), and a meeting, agreement or exchange
between parties is coded once in each direction. Sees only records, never Docs.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import permutations
from typing import Any

from communique.events import codes
from communique.events.patterns import modality_cues
from communique.records import Article

log = logging.getLogger(__name__)

# the peer format has no modality field: only acts the text asserts are printed as done; an
# alleged act ("was accused of striking") is printed as the accusation alone
REAL = frozenset({"asserted"})
# CAMEO roots of acts a party's claim about another is an accusation of (the component's rule)
CLAIMED_ROOTS = frozenset(f"{root}" for root in range(15, 21))
# acts a government or group mostly does at home (yield, investigate, protest, force posture,
# coercion, violence)
DOMESTIC_ROOTS = frozenset({"08", "09", "14", "15", "17", "18", "19", "20"})
# cooperative acts that parties named together do with each other (intent, consult, support,
# cooperate, yield: "Armenia and Azerbaijan declared a truce")
JOINT_ROOTS = frozenset({"03", "04", "05", "06", "08"})
# verbs by which one party refuses a joint act ("refused to meet", "declined to sign")
REFUSAL_CUES = frozenset(
    {"refuse", "decline", "avoid", "refrain", "forgo", "forego", "reluctant", "unwilling", "loath",
     "loth", "deny", "rebuff", "reject", "spurn"}
)
INTENDED = frozenset({"planned", "hypothetical", "conditional"})
# a reported schedule is coded as the act itself ("is scheduled to attend", "is set to meet"),
# an announced or promised one as intent ("will send troops")
SCHEDULE_CUES = frozenset(
    {
        "schedule",
        "set",
        "due",
        "expect",
        "prepare",
        "plan",
        "poised",
        "slate",
        "to",
        "scheduled",
        "expected",
        "slated",
        "upcoming",
        "planned",
        "is",
        "next",
        "ahead",
        "before",
        "after",
        "when",
        "till",
        "whenever",
    }
)


def read_sentence_records(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Parse JSONL lines of {id, date, text}; blank lines are skipped."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        record = json.loads(line)
        if "text" not in record:
            raise ValueError(f"line {number}: a sentence record needs a 'text' field")
        yield record


def code_records(records: Iterable[dict[str, Any]], nlp: Any = None) -> Iterator[dict[str, Any]]:
    """Yield {id, events: [{source, target, cameo, plover}]} for each sentence record.

    Args:
        records: dicts with id, text and (optionally) date.
        nlp: a loaded pipeline; the cached full pipeline when None.
    Returns:
        One output dict per record, in input order.
    """
    from communique.pipeline import extract

    articles = (
        Article(id=str(r.get("id")), text=str(r["text"]), pub_date=r.get("date")) for r in records
    )
    for record in extract(articles, nlp=nlp):
        places = [m for m in record.mentions if m.get("method") == "place" and m.get("code")]
        country = _only_country(record.mentions)
        events = [
            _with_place_target(place_by_context(e, country), places)
            for e in without_accused_acts(record.events)
        ]
        yield {"id": record.id, "events": cameo_dyads(events)}


def without_accused_acts(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Leave out the acts a party only claims another did, keeping the claim as an accusation.

    "Israel said a mortar was fired at it from Gaza", "the US claimed ISIL had attacked Iraq":
    the speaker is a party, so the sentence reports an accusation (CAMEO 112), not an attack
    established as done. An act is the content of an accusation when the accusation is in the
    same sentence, names the act's doers as the accused, and its claim holds the act's trigger.
    """
    claims = [e for e in events if str(e.get("cameo", "")).startswith("112") and e.get("issue")]
    if not claims:
        return events

    def claimed(event: dict[str, Any]) -> bool:
        """Tell an act that is what an accusation in its sentence claims."""
        if str(event.get("cameo", ""))[:2] not in CLAIMED_ROOTS:
            return False
        sentence = (event.get("evidence") or {}).get("sentence")
        doers = {a.get("name") for a in _refs(event.get("source"))}
        words = str(event.get("trigger") or "").split()
        return bool(doers) and bool(words) and any(
            (claim.get("evidence") or {}).get("sentence") == sentence
            and doers <= {a.get("name") for a in _refs(claim.get("target"))}
            and words[0] in str(claim["issue"]).split()
            for claim in claims
        )

    return [e for e in events if not claimed(e)]


def cameo_dyads(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Turn event records into CAMEO dyads: one per (source, target) pair and kind of act.

    A dyad needs both actors, as in CAMEO codings: an act with no target is left out.
    """
    out: list[dict[str, Any]] = []
    seen: set[tuple] = set()
    for event in events:
        code = cameo_for(event)
        if code is None:
            continue
        refused = code[:2] == "12" and event.get("modality_cue") in REFUSAL_CUES
        if code != event.get("cameo") and (code[:2] in ("03", "13") or refused):
            # "X said it would meet Y", "X refused to meet Y": the intent or the refusal is X's
            # alone, coded one way ("A and B failed to agree" stays mutual)
            event = {**event, "symmetric": False}
        dyads = [(source, target, code) for source, target in pairs(event)]
        if code.startswith("043"):
            # "Qatar hosted Hamas negotiators": CAMEO codes a hosted visit both ways, the guest's
            # visit (042) beside the host's (043)
            dyads += [(target, source, "042") for source, target, _ in dyads if target]
        for source, target, act in dyads:
            # one dyad per pair and kind of act: "agreed to cooperate" is one agreement, not two
            key = (source[:3], (target or "")[:3], codes.plover_of(act) or act[:2])
            if key[0] == key[1]:
                # two actors of one state ("demonstrators received ministers"): sectors tell them
                key = (source, target, key[2])
            # "the Security Council agreed to extend UNIFIL": no act of the UN on itself (a bare
            # country code on both sides stands for two actors of one state)
            on_itself = source == target and len(source) > 3 and act[:2] not in DOMESTIC_ROOTS
            if source and target and key not in seen and not on_itself:
                seen.add(key)
                out.append(
                    {
                        "source": source,
                        "target": target,
                        "cameo": act,
                        "plover": codes.plover_of(act),
                    }
                )
    return out


def _with_place_target(event: dict[str, Any], places: list[dict[str, Any]]) -> dict[str, Any]:
    """Give a targetless event the country it happens in, else its source's own country.

    CAMEO and PLOVER codings name a target for domestic events ("Iraqi Kurds demonstrated in
    Kirkuk" -> IRQ, IRQ); the event record leaves the target empty when the text names none,
    and a target no code can be given ("Burmese troops captured a Karen stronghold") is as good
    as none.
    """
    if any(_code(a) for a in _refs(event.get("target"))):
        return event
    evidence = event.get("evidence") or {}
    start, end = evidence.get("start", 0), evidence.get("end", 0)
    here = [p for p in places if start <= p.get("start", -1) < end]
    if here:
        return {**event, "target": {"name": here[0].get("name"), "code": here[0]["code"][:3]}}
    sources = _refs(event.get("source"))
    # one source only: "French and Egyptian warships held drills" is no act on France
    code = _code(sources[0]) if len(sources) == 1 else None
    domestic = str(event.get("cameo", ""))[:2] in DOMESTIC_ROOTS
    if domestic and code and code[:3].isalpha() and code[:3] != "IGO":
        return {**event, "target": {"name": sources[0].get("country"), "code": code[:3]}}
    return event


def _only_country(mentions: list[dict[str, Any]]) -> str | None:
    """Return the CAMEO code of the one country a sentence names, None when it names several."""
    found = {
        m["code"][:3]
        for m in mentions
        if m.get("kind") == "state" and m.get("code") and m["code"][:3].isalpha()
    }
    return next(iter(found)) if len(found) == 1 else None


def place_by_context(event: dict[str, Any], country: str | None) -> dict[str, Any]:
    """Give a titled person, a body or an organisation the KB cannot place the one country its
    sentence names.

    "Opposition groups in Zimbabwe demanded that President Mugabe resign": an office holder
    the KB does not know acts for the country the sentence is about.
    """
    if country is None:
        return event

    def placed(actor: dict[str, Any]) -> dict[str, Any]:
        if actor.get("code") or actor.get("country"):
            return actor
        if not actor.get("sector"):
            # "Nicaragua's government ordered La Prensa to close": an organisation the KB
            # lacks belongs to the one country its sentence names
            return {**actor, "code": country} if actor.get("kind") == "organisation" else actor
        if actor.get("kind") == "group":
            return actor  # "rebels" named by sector alone stay agent-only (---REB)
        return {**actor, "code": country + actor["sector"]}

    out = dict(event)
    for side in ("source", "target"):
        value = event.get(side)
        if isinstance(value, list):
            out[side] = [placed(a) if isinstance(a, dict) else a for a in value]
        elif isinstance(value, dict):
            out[side] = placed(value)
    return out


def cameo_for(event: dict[str, Any]) -> str | None:
    """Return the CAMEO code an event gets under CAMEO's conventions for its modality."""
    code = event.get("cameo")
    modality = event.get("modality") or "asserted"
    if not code or not codes.is_code(code):
        return None
    if modality in REAL or (modality == "planned" and event.get("modality_cue") in SCHEDULE_CUES):
        return code
    if modality == "hypothetical" and _asked_for(event.get("modality_cue")):
        return None  # "demanded that Hamas renounce violence": only the demand is an act
    if modality == "hypothetical" and event.get("modality_cue") in modality_cues().marks:
        return None  # "...unless Baghdad accepted its terms": a condition is nobody's act
    if modality == "conditional" and event.get("modality_cue") == "unless":
        # "will withdraw its peacekeepers unless Chad holds elections": an ultimatum, a threat
        shifted = codes.intent_code(code)
        return shifted if shifted and shifted.startswith("13") else "130"
    if modality in INTENDED:
        return code if code[:2] in ("02", "03", "10", "11", "12", "13") else codes.intent_code(code)
    if modality == "negated":
        return codes.refusal_code(code)
    return None


def _asked_for(cue: str | None) -> bool:
    """Tell whether a modality cue makes an act one that another party only asks for."""
    cues = modality_cues()
    return bool(cue) and (
        cue in cues.directive or cue in cues.obligation or cue in ("call", "want", "wish", "like")
    )


def pairs(event: dict[str, Any]) -> list[tuple[str | None, str | None]]:
    """Return the (source code, target code) dyads of an event."""
    sources = [_code(a) for a in _refs(event.get("source"))]
    targets = [_code(a) for a in _refs(event.get("target"))]
    sources = [s for s in sources if s]
    targets = [t for t in targets if t]
    # "Brazil and the US seek a partnership": a joint cooperative act binds its parties to each
    # other; "US and British activists protested" is two acts with no target between them
    joint = len(sources) >= 2 and not targets and str(event.get("cameo", ""))[:2] in JOINT_ROOTS
    if joint or (event.get("symmetric") and targets):
        # "Brazil and the US seek a partnership", "A held talks with B": coded in each direction
        parties = list(dict.fromkeys(sources + targets))
        if len(parties) >= 2:
            return [(a, b) for a, b in permutations(parties, 2)]
    return [(s, t) for s in sources for t in (targets or [None])]


def _refs(value: Any) -> list[dict[str, Any]]:
    """Return the ActorRef dicts of an event side (one, a list, or none)."""
    if value is None:
        return []
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, dict)]


def _code(actor: dict[str, Any]) -> str | None:
    """Return an actor's CAMEO code; a person or group the KB lacks gets its country's code.

    A group named by its sector alone ("rebels") gets CAMEO's agent-only code (---REB).
    """
    if actor.get("code"):
        return actor["code"]
    country = actor.get("country")
    if country:
        return _country_code(country, actor.get("sector"))
    sector = actor.get("sector")
    return f"---{sector}" if actor.get("kind") == "group" and sector else None


@lru_cache(maxsize=512)
def _country_code(country: str, sector: str | None) -> str | None:
    """Return the CAMEO code of a country by name, with a sector."""
    return _kb().cameo_of(country, sector)


@lru_cache(maxsize=1)
def _kb() -> Any:
    """Return the actors knowledge base, loaded once."""
    from communique.actors.kb import load_kb

    return load_kb()
