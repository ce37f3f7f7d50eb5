"""Contradictions: pairs of statements that cannot both be true, each with both evidences.

Kinds:
- `accept_decline`: one party accepting and rejecting the same initiative on one day.
- `readout_scope`: two parties' accounts of one call or initiative that differ: the
  scope words differ ("energy and infrastructure" / "energy infrastructure"), or
  one account restricts or denies what the other states ("was not discussed",
  "only", "rather than") about the same thing.
- `claim_denial`: an event reported as happened and its denial by the party said
  to have done it (a negated report of the same event, or a denial act).
- `violation`: an initiative in force (or accepted by a party) and a later
  violation alleged against that party.
Accounts are quotes (speaker), "according to X" sentences and "X said ..."
sentences; they are about the same thing when they sit near mentions of one
linked consult event, or name one initiative.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from communique.linking.initiatives import COMMITTED, Assembler, Initiative, Step
from communique.linking.lexicon import InitiativeLexicon
from communique.linking.mentions import (
    Mention,
    Sentences,
    actor_ref,
    parse_day,
    party,
    record_mentions,
)
from communique.linking.merge import LinkedEvent

log = logging.getLogger(__name__)

CUE_REACH = 6  # words between a restriction cue and the term it restricts
MIN_SHARED = 2  # content words two accounts must share to be about the same thing
NEAR_SENTENCES = 3  # an account this close to a report of a call is about that call
LEAD_SENTENCES = 2  # a call reported this early is what the whole article is about
DENIAL_DAYS = 3  # a denial answers a claim made at most this many days before
# Acts a party announces itself: "X denied the claim" elsewhere rarely answers them.
_OWNED_ACTS = frozenset({"agree", "propose", "consult"})
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_STOP = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "and", "or", "but",
    "that", "this", "these", "those", "it", "its", "is", "was", "were", "are", "be", "been",
    "has", "have", "had", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our",
    "us", "them", "him", "from", "as", "into", "over", "about", "any", "all", "some", "more",
    "most", "than", "then", "there", "here", "which", "who", "whom", "what", "when", "where",
    "while", "if", "so", "such", "not", "no", "only",
})
_SUFFIXES = ("ership", "ship", "ings", "ing", "ers", "ed", "er", "es", "s")


def stem(word: str) -> str:
    """Return a crude stem (ownership, owning, owner -> own) for matching accounts."""
    word = word.lower().strip("'’-")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@dataclass
class Account:
    """A statement attributed to a party: a quote or a reported sentence."""

    party: str
    actor: dict[str, Any]
    article_id: str
    sentence_idx: int
    start: int
    end: int
    text: str
    quote_idx: int | None
    pub_date: str | None
    outlet: str | None
    salient: list[tuple[int, str]] = field(default_factory=list)  # (word position, stem)

    def side(self) -> dict[str, Any]:
        """Return the account as one side of a contradiction."""
        return {"party": self.party, "actor": self.actor, "article_id": self.article_id,
                "event_idx": None, "quote_idx": self.quote_idx, "date": self.pub_date,
                "outlet": self.outlet, "text": self.text, "start": self.start, "end": self.end}


@dataclass
class Contradiction:
    """Two statements that cannot both be true."""

    kind: str
    description: str
    a: dict[str, Any]
    b: dict[str, Any]
    initiative_id: str | None = None
    linked_event_id: str | None = None

    @property
    def id(self) -> str:
        """Return a stable id from the kind and both evidences."""
        key = "|".join(str(x) for x in (self.kind, self.a.get("article_id"), self.a.get("start"),
                                         self.b.get("article_id"), self.b.get("start")))
        return "cx-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]

    def to_dict(self) -> dict[str, Any]:
        """Return the contradiction as JSON-ready data."""
        return {"id": self.id, "kind": self.kind, "description": self.description,
                "parties": sorted({p for side in (self.a, self.b)
                                   for p in (side.get("party"), side.get("counterpart_party"))
                                   if p}),
                "initiative_id": self.initiative_id, "linked_event_id": self.linked_event_id,
                "a": self.a, "b": self.b}


def _step_side(step: Step) -> dict[str, Any]:
    ev = step.evidence
    return {"party": step.party, "actor": step.actor, "article_id": ev.get("article_id"),
            "event_idx": ev.get("event_idx"), "quote_idx": ev.get("quote_idx"),
            "date": step.date, "outlet": ev.get("outlet"), "text": ev.get("text"),
            "start": ev.get("start"), "end": ev.get("end")}


def _mention_side(m: Mention, who: dict[str, Any] | None) -> dict[str, Any]:
    ev = m.evidence()
    return {"party": party(who), "actor": actor_ref(who), "article_id": m.article_id,
            "event_idx": m.idx, "quote_idx": None, "date": m.date or m.pub_date,
            "outlet": m.outlet, "text": ev["text"], "start": ev["start"], "end": ev["end"]}


# ---------------------------------------------------------------- initiative steps


def accept_decline(initiatives: Iterable[Initiative], labels: dict[str, str]
                   ) -> list[Contradiction]:
    """Return a party accepting and rejecting one initiative on the same day."""
    out = []
    for init in initiatives:
        by_key: dict[tuple[str, str], dict[str, Step]] = {}
        for step in init.steps:
            if step.party and step.date and step.status in ("accepted", "rejected"):
                by_key.setdefault((step.party, step.date), {}).setdefault(step.status, step)
        for (who, day), found in sorted(by_key.items()):
            if len(found) == 2:
                out.append(Contradiction(
                    "accept_decline", f"{who} both accepted and rejected the {labels[init.id]} "
                    f"on {day}", _step_side(found["accepted"]), _step_side(found["rejected"]),
                    init.id))
    return out


def violations(initiatives: Iterable[Initiative], labels: dict[str, str]
               ) -> list[Contradiction]:
    """Return each alleged violation paired with the commitment it breaks."""
    out = []
    for init in initiatives:
        history = init.history()
        for row in history:
            if row["status"] != "violation_alleged":
                continue
            day = parse_day(row["date"])
            accused = row["counterpart_party"]
            if accused is None:
                continue  # an accusation against nobody named contradicts no one's pledge
            commits = [h for h in history if parse_day(h["date"]) and day
                       and parse_day(h["date"]) <= day and (
                           h["status"] == "in_force" or (h["status"] in COMMITTED
                                                         and h["party"] == accused))]
            if not commits:
                continue
            commit = next((h for h in reversed(commits) if h["status"] == "in_force"),
                          commits[-1])
            a = _row_side(commit)
            b = _row_side(row)
            out.append(Contradiction(
                "violation", f"{labels[init.id]} {commit['status'].replace('_', ' ')} "
                f"({commit['date']}); {row['party'] or 'a party'} alleges a violation by "
                f"{accused} ({row['date']})", a, b, init.id))
    return out


def _row_side(row: dict[str, Any]) -> dict[str, Any]:
    ev = row["sources"][0]
    return {"party": row["party"], "actor": row["actor"], "article_id": ev.get("article_id"),
            "event_idx": ev.get("event_idx"), "quote_idx": ev.get("quote_idx"),
            "date": row["date"], "outlet": ev.get("outlet"), "text": ev.get("text"),
            "start": ev.get("start"), "end": ev.get("end"),
            "counterpart_party": row.get("counterpart_party")}


# ---------------------------------------------------------------- claims and denials


def claim_denials(records: list[dict[str, Any]], linked: list[LinkedEvent],
                  lex: InitiativeLexicon) -> list[Contradiction]:
    """Return reported events and their denial by the party said to have done them."""
    out: list[Contradiction] = []
    real = [e for e in linked if e.modality in ("asserted", "alleged")]
    seen: set[tuple[str, str]] = set()
    denial_cue = lex.cues["denial"]
    for event in real:
        # "agreed to stop shelling" or "we do not accept a truce that..." are negated acts,
        # not denials: a denial says so ("denied", "false", "never happened")
        denials = [m for m in event.mentions if m.modality == "negated"
                   and denial_cue.search(m.sentence)]
        if event.denied and denials:
            denial = min(denials, key=lambda m: (m.pub_date or "9999", m.key))
            claims = [m for m in event.mentions if m.modality != "negated"]
            claim = min(claims, key=lambda m: (m.pub_date or "9999", m.key))
            _add_denial(out, seen, event, claim, denial, _denier(denial))
    for m in (m for r in records for m in record_mentions(r)):
        cue = denial_cue.search(m.sentence) if m.type in ("reject", "criticize") else None
        if cue is None:
            continue
        denier = _denying(m, m.sentence_start + cue.start())
        event = _denied_event(m, real, frozenset({party(denier)}) if denier else frozenset())
        if event is not None and denier is not None:
            _add_denial(out, seen, event, _claim_mention(event), m, denier)
    return out


def _denying(m: Mention, cue_at: int) -> dict[str, Any] | None:
    """Return who denies in a rejection or accusation sentence with a denial word.

    "X denied the charge and accused Y" -> X; "X accused Y of shelling, a charge Y
    denied" -> Y: a denial after an accusation is its target's.
    """
    trigger = m.trigger_span
    if m.type == "criticize" and trigger is not None and cue_at > trigger[0]:
        return m.targets[0] if m.targets else None
    return m.sources[0] if m.sources else None


def _denier(m: Mention) -> dict[str, Any] | None:
    """Return who denies in a negated report: its reporter, else the party said to have acted."""
    reporter = m.event.get("reporter")
    if isinstance(reporter, dict) and reporter.get("name"):
        return reporter
    return m.sources[0] if m.sources else None


def _claim_mention(event: LinkedEvent) -> Mention:
    return min(event.mentions, key=lambda m: (m.pub_date or "9999", m.key))


def _claimant(m: Mention) -> dict[str, Any] | None:
    reporter = m.event.get("reporter")
    if isinstance(reporter, dict) and reporter.get("name"):
        return reporter
    return m.targets[0] if m.targets else None


def _denied_event(m: Mention, real: list[LinkedEvent], denier: frozenset[str]
                  ) -> LinkedEvent | None:
    """Return the reported act a denial answers: by the denier, in its sentence or just before."""
    if not denier:
        return None
    day = parse_day(m.date or m.pub_date)
    best: tuple[tuple, LinkedEvent] | None = None
    for event in real:
        if event.type not in ("attack", "criticize", "threaten", "agree", "consult", "aid",
                              "sanction", "release", "propose"):
            continue
        rep = event.representative()
        if not rep.source_parties & denier or (m.target_parties and rep.target_parties
                                               and not rep.target_parties & m.target_parties):
            continue
        if event.type == "criticize":
            continue
        same_sentence = any(x.article_id == m.article_id and x.sentence_idx == m.sentence_idx
                            for x in event.mentions)
        if event.type in _OWNED_ACTS and not (same_sentence or event.modality == "alleged"):
            continue  # a party's own agreement or call is denied only where it is told
        when = parse_day(event.date) or parse_day(rep.pub_date)
        if not same_sentence and (day is None or when is None or not
                                  0 <= (day - when).days <= DENIAL_DAYS):
            continue
        rank = (same_sentence, event.modality == "alleged", when or day)
        if best is None or rank > best[0]:
            best = (rank, event)
    return best[1] if best else None


def _add_denial(out: list[Contradiction], seen: set[tuple[str, str]], event: LinkedEvent,
                claim: Mention, denial: Mention, denier: dict[str, Any] | None) -> None:
    key = (event.id, party(denier) or "")
    if key in seen:
        return
    seen.add(key)
    claimant = _claimant(claim)
    out.append(Contradiction(
        "claim_denial", f"{party(claimant) or 'a report'} says {event.type} by "
        f"{', '.join(sorted(claim.source_parties))}; {party(denier)} denies it",
        _mention_side(claim, claimant), _mention_side(denial, denier),
        linked_event_id=event.id))


# ---------------------------------------------------------------- readouts


def accounts(record: dict[str, Any], lex: InitiativeLexicon) -> list[Account]:
    """Return the statements of an article attributed to a party."""
    text = record["text"]
    sentences = Sentences.of(record)
    out: list[Account] = []
    covered: set[int] = set()
    for qi, q in enumerate(record.get("quotes") or []):
        speaker = q.get("speaker") or {}
        if not speaks_for_party(speaker) or not isinstance(q.get("start"), int):
            continue
        i = sentences.index(q["start"])
        j = sentences.index(max(q["start"], (q.get("end") or q["start"]) - 1))
        lo, hi = sentences.span(i)[0], sentences.span(j)[1]
        out.append(Account(party(speaker), actor_ref(speaker), str(record["id"]), i, lo, hi,
                           text[lo:hi], qi, record.get("pub_date"), record.get("outlet")))
        covered.update(range(i, j + 1))
    mentions = sorted((m for m in record.get("mentions") or []
                       if isinstance(m.get("start"), int) and speaks_for_party(m)),
                      key=lambda m: m["start"])
    speech = lex.cues["speech"]
    for i in range(len(sentences)):
        if i in covered:
            continue
        lo, hi = sentences.span(i)
        for m in mentions:
            if not lo <= m["start"] < hi:
                continue
            before = text[max(lo, m["start"] - 40):m["start"]]
            after = text[m.get("end", m["start"]):min(hi, m.get("end", m["start"]) + 30)]
            if re.search(r"according to (?:\w+ ){0,4}$", before, re.I) or re.match(
                    rf"(?:'s)?(?:\s*,[^,]{{0,25}},)?\s*(?:has |had |have )?(?:{speech.pattern})",
                    after, re.I):
                out.append(Account(party(m), actor_ref(m), str(record["id"]), i, lo, hi,
                                   text[lo:hi], None, record.get("pub_date"),
                                   record.get("outlet")))
                break
    return out


def speaks_for_party(ref: dict[str, Any] | None) -> bool:
    """Return True for a state, an organisation, or a person who acts for a country.

    A readout is a party's account; an analyst's or commentator's wording is not.
    """
    if not ref or not ref.get("name") or ref.get("kind") == "anonymous" \
            or ref.get("sector") == "MED":
        return False
    return ref.get("kind") != "person" or bool(ref.get("country"))


def _salient(text: str, lex: InitiativeLexicon, names: set[str]) -> list[tuple[int, str]]:
    """Return (word position, stem) of the content words of a text."""
    # cue words ("never", "only", "according") frame a claim; they are not what it is about
    framing = [lex.cues[name] for name in ("generic", "restriction", "speech")]
    out = []
    for k, m in enumerate(_TOKEN.finditer(text)):
        word = m.group(0)
        low = word.lower()
        if low in _STOP or low in names or any(cue.fullmatch(low) for cue in framing):
            continue
        out.append((k, stem(word)))
    return out


def _restricts(acc: Account, shared: set[str], lex: InitiativeLexicon) -> bool:
    """Return True when a restriction cue stands next to a shared term in an account."""
    text = acc.text
    words = [m for m in _TOKEN.finditer(text)]
    positions = {k for k, s in acc.salient if s in shared}
    if not positions:
        return False
    for cue in lex.cues["restriction"].finditer(text):
        at = sum(1 for w in words if w.start() < cue.start())
        if any(-3 <= p - at <= CUE_REACH for p in positions):
            return True
    return False


def _clash(a: Account, b: Account, lex: InitiativeLexicon) -> bool:
    """Return True when b restricts or denies what a states about the same terms."""
    shared = {s for _, s in a.salient} & {s for _, s in b.salient}
    if len(shared) < MIN_SHARED:
        return False
    return _restricts(b, shared, lex) and not _restricts(a, shared, lex)


def readouts(records: list[dict[str, Any]], linked: list[LinkedEvent], assembler: Assembler,
             labels: dict[str, str]) -> list[Contradiction]:
    """Return accounts of one call or initiative by different parties that cannot both hold."""
    lex = assembler.lex
    consults = [e for e in linked if e.type == "consult"]
    parties_of = {e.id: {p for m in e.mentions for p in m.parties} for e in consults}
    calls_in: dict[str, list[tuple[int, str]]] = {}
    for event in consults:
        for m in event.mentions:
            calls_in.setdefault(m.article_id, []).append((m.sentence_idx, event.id))
    # actor names and initiative words ("truce", "monitors") say who and what, not the claim;
    # only the proper nouns of a mention are its name ("the Zaporizhzhia power plant": "plant"
    # is what the claim is about)
    names = {w.lower() for r in records for m in r.get("mentions") or []
             for w in _TOKEN.findall(m.get("text") or "") if w[0].isupper()}
    names |= {w.lower() for phrases in assembler.phrases_of.values() for p in phrases
              for w in _TOKEN.findall(p.text)}
    topics: list[tuple[Account, set[str], set[str]]] = []
    ids = {str(r["id"]) for r in records}
    for record in records:
        if record.get("duplicate_of") in ids:
            continue  # a wire copy repeats its original's accounts
        phrases = assembler.phrases_of.get(str(record["id"]), [])
        for acc in accounts(record, lex):
            acc.salient = _salient(acc.text, lex, names)
            inits = {assembler.by_phrase[p.key].id for p in phrases
                     if p.sentence_idx == acc.sentence_idx and p.key in assembler.by_phrase
                     and assembler.by_phrase[p.key].id in labels}
            # a call is what an account is about when reported near it, or in the lead
            # of an article about that call
            calls = {eid for i, eid in calls_in.get(acc.article_id, [])
                     if abs(i - acc.sentence_idx) <= NEAR_SENTENCES or i < LEAD_SENTENCES}
            topics.append((acc, calls, inits))
    out: list[Contradiction] = []
    seen: set[tuple[str, str]] = set()
    for (a, ca, ia), (b, cb, ib) in _candidate_pairs(topics):
        if a.party == b.party:
            continue
        pair = {a.party, b.party}
        # the two sides of one call, each telling it near a report of that call, or
        # answering each other in one article
        if a.article_id == b.article_id and abs(a.sentence_idx - b.sentence_idx) <= \
                NEAR_SENTENCES:
            ca = cb = {eid for _, eid in calls_in.get(a.article_id, [])}
        common_calls = {e for e in ca & cb if pair <= parties_of[e]}
        common_inits = ia & ib
        if not (common_calls or common_inits):
            continue
        for first, second in ((a, b), (b, a)):
            if not _clash(first, second, lex):
                continue
            # one restriction answers a party once, however many of its sentences it answers
            key = (first.party, f"{second.article_id}:{second.sentence_idx}")
            if key not in seen:
                seen.add(key)
                about = (f"the {labels[min(common_inits)]}" if common_inits else "their talks")
                out.append(Contradiction(
                    "readout_scope", f"{first.party} and {second.party} give different "
                    f"accounts of {about}", first.side(), second.side(),
                    min(common_inits) if common_inits else None,
                    min(common_calls) if common_calls else None))
            break
    out += _scope_words(assembler, labels)
    return out


def _candidate_pairs(topics: list[tuple[Account, set[str], set[str]]]
                     ) -> list[tuple[tuple[Account, set[str], set[str]], ...]]:
    """Return the pairs of accounts that share a call, an initiative or an article, in order.

    Only these can be about the same thing; indexing them keeps a large corpus from
    comparing every account with every other.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for n, (acc, calls, inits) in enumerate(topics):
        keys = {("call", c) for c in calls} | {("initiative", i) for i in inits} | {
            ("article", acc.article_id)}
        for key in keys:
            groups.setdefault(key, []).append(n)
    pairs = {pair for members in groups.values() for pair in combinations(members, 2)}
    return [(topics[i], topics[j]) for i, j in sorted(pairs)]


def _scope_words(assembler: Assembler, labels: dict[str, str]) -> list[Contradiction]:
    """Return two parties' wordings of one initiative's scope that list different things."""
    out = []
    for init in assembler.initiatives:
        if init.id not in labels:
            continue
        voiced = [(p, e) for p, e in init.phrases if p.owner and p.scope_items
                  and speaks_for_party(p.owner)]
        done: set[tuple[str, str]] = set()
        for (pa, ea), (pb, eb) in combinations(voiced, 2):
            qa, qb = party(pa.owner), party(pb.owner)
            if qa == qb or set(pa.scope_items) == set(pb.scope_items):
                continue
            # two wordings of one scope ("energy and infrastructure" / "energy infrastructure")
            # share words; wholly different words are more likely two different demands
            words_a = {w for item in pa.scope_items for w in item.split()}
            if not words_a & {w for item in pb.scope_items for w in item.split()}:
                continue
            key = tuple(sorted((qa or "", qb or "")))
            if key in done:
                continue
            done.add(key)
            a = dict(ea, party=qa, actor=actor_ref(pa.owner), quote_idx=pa.quote_idx,
                     date=ea.get("pub_date"), scope=pa.scope_text)
            b = dict(eb, party=qb, actor=actor_ref(pb.owner), quote_idx=pb.quote_idx,
                     date=eb.get("pub_date"), scope=pb.scope_text)
            out.append(Contradiction(
                "readout_scope", f"{qa} says \"{pa.scope_text}\", {qb} says "
                f"\"{pb.scope_text}\" for the {labels[init.id]}", a, b, init.id))
    return out


def build_contradictions(records: list[dict[str, Any]], linked: list[LinkedEvent],
                         assembler: Assembler, initiatives: list[Initiative]
                         ) -> list[Contradiction]:
    """Return every contradiction found, in a stable order.

    Args:
        records: ExtractionRecord dicts.
        linked: the linked events of those records.
        assembler: the initiative assembler that read the records.
        initiatives: the initiatives it built.
    Returns:
        Contradictions by kind, then by the date of their second statement.
    """
    labels = {i.id: i.label(assembler.lex) for i in initiatives}
    out = accept_decline(initiatives, labels)
    out += readouts(records, linked, assembler, labels)
    out += claim_denials(records, linked, assembler.lex)
    out += violations(initiatives, labels)
    unique = {c.id: c for c in out}
    return sorted(unique.values(), key=lambda c: (c.kind, c.b.get("date") or "", c.id))
