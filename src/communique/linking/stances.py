"""Stances: each party's position on each issue, with dated evidence and history.

Issues come from initiatives (a party that proposes or accepts one supports
it, sets conditions -> conditional, rejects -> opposes) and from the objects of
events matched against data/issues.jsonl (foreign troops in a country,
sanctions relief, alliance membership, a ceasefire before talks...), where
the event type gives the position and words such as "cessation of" turn it
around. A condition a party sets ("provided that X halts drone flights") is a
free-form issue of its own: the setter supports it, and so does a party that
agrees to do it. Sentences that say a party has not made up its mind ("declined
to say whether", "is studying") give `undecided`, and override a position coded
in the same sentence. A party is a person's country, or
the state or organisation itself; the person is kept in the evidence.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from communique.linking.blocking import content_words
from communique.linking.contradictions import stem
from communique.linking.initiatives import Assembler, Initiative
from communique.linking.lexicon import (
    IssueEntry,
    IssueLexicon,
    initiative_lexicon,
    issue_lexicon,
)
from communique.linking.mentions import (
    Mention,
    Sentences,
    actor_ref,
    party,
    record_mentions,
)
from communique.linking.merge import with_objects
from communique.linking.phrases import Phrase

log = logging.getLogger(__name__)

POSITIONS = ("supports", "opposes", "conditional", "undecided")
STEP_POSITIONS = {"proposed": "supports", "accepted": "supports", "signed": "supports",
                  "in_force": "supports", "conditions_set": "conditional",
                  "rejected": "opposes", "suspended": "opposes", "collapsed": "opposes",
                  "endorsed": "supports", "criticized": "opposes"}
_FLIP = {"supports": "opposes", "opposes": "supports"}
_PRONOUN_START = re.compile(r"(?:they|it|he|she|those|these)\b", re.I)
RESPONSES = {"agree": "supports", "support": "supports", "demand": "supports",
             "reject": "opposes"}
MIN_SHARED_WORDS = 2  # content words an act must share with a condition to be about it


@dataclass
class Stance:
    """One piece of evidence of a party's position on an issue."""

    party: str
    actor: dict[str, Any] | None
    issue_id: str
    issue: str
    position: str
    date: str | None
    date_precision: str | None
    evidence: dict[str, Any]
    initiative_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the stance evidence as JSON-ready data."""
        return {"party": self.party, "actor": self.actor, "issue_id": self.issue_id,
                "issue": self.issue, "position": self.position, "date": self.date,
                "date_precision": self.date_precision, "initiative_id": self.initiative_id,
                "evidence": self.evidence}


def _order_key(s: Stance) -> tuple:
    return (s.date or "", s.evidence.get("pub_date") or "", s.evidence.get("article_id") or "",
            s.evidence.get("start") or 0)


def initiative_stances(initiatives: Iterable[Initiative], lex_labels: dict[str, str],
                       lex: IssueLexicon | None = None) -> list[Stance]:
    """Return the positions that initiative steps and acts about initiatives imply."""
    lex = lex or issue_lexicon()
    out = []
    for init in initiatives:
        issue_id, label = _initiative_issue(init, lex) or (init.id, lex_labels[init.id])
        for step in [*init.steps, *init.stance_only]:
            position = STEP_POSITIONS.get(step.status)
            if position is None or not step.party:
                continue
            if step.status == "accepted" and step.conditional:
                position = "conditional"
            out.append(Stance(step.party, step.actor, issue_id, label, position, step.date,
                              step.date_precision, dict(step.evidence), init.id))
    return out


def _initiative_issue(init: Initiative, lex: IssueLexicon) -> tuple[str, str] | None:
    """Return the lexicon issue (id, label) an initiative is a case of, placed where it is.

    A peacekeeping force for a country is the question of foreign troops in that
    country, so its positions join the positions taken on that issue in other words.
    """
    entry = next((e for e in lex.issues if init.type in e.initiative_types), None)
    if entry is None:
        return None
    place = init.places[0] if init.places else None
    if place is None and entry.place:
        counterparts = Counter(s.counterpart_party for s in init.steps if s.counterpart_party)
        place = counterparts.most_common(1)[0][0] if counterparts else None
    if entry.place and place is None:
        return None
    return entry.id.format(place=_slug(place or "")), entry.label.format(place=place or "")


def _issue_for(text: str, lo: int, hi: int, lex: IssueLexicon
               ) -> tuple[IssueEntry, re.Match[str]] | None:
    for entry in lex.issues:
        m = entry.patterns.search(text, lo, hi)
        if m:
            return entry, m
    return None


def _place(entry: IssueEntry, mention: Mention, record: dict[str, Any], m: re.Match[str]
           ) -> str | None:
    """Return the country an issue is about: the event's target, or one named after its words."""
    for source in entry.place_from:
        if source == "target":
            states = [r["name"] for r in mention.targets if r.get("kind") == "state"]
            found = states[0] if states else next(filter(None, map(party, mention.targets)),
                                                  None)
        else:
            found = _named_after(record, mention, m)
        if found:
            return found
    return None


def _named_after(record: dict[str, Any], mention: Mention, m: re.Match[str]) -> str | None:
    """Return the party named just after the issue words, behind a preposition or a demonym."""
    text = record["text"]
    end = mention.sentence_start + len(mention.sentence)
    for item in sorted(record.get("mentions") or [], key=lambda x: x.get("start") or 0):
        start = item.get("start")
        if isinstance(start, int) and m.start() <= start < min(end, m.end() + 60) and \
                re.search(r"\b(?:to|in|into|on|against|for|of)\s+(?:the\s+)?$",
                          text[max(0, start - 20):start], re.I) and party(item):
            return party(item)
    return None


def event_stances(records: Iterable[dict[str, Any]], lex: IssueLexicon | None = None,
                  phrases_of: dict[str, list[Phrase]] | None = None
                  ) -> list[Stance]:
    """Return the positions that events take on the issues of the issue lexicon."""
    lex = lex or issue_lexicon()
    out = []
    for record in records:
        text = record["text"]
        for mention in with_objects(record, record_mentions(record),
                                    (phrases_of or {}).get(str(record["id"]))):
            position = lex.positions.get(mention.type)
            if position is None or mention.modality in ("negated", "hypothetical"):
                continue
            if mention.obj is not None:
                continue  # a position on an initiative: initiative_stances has it
            lo, hi = _object_span(mention)
            found = _issue_for(text, lo, hi, lex)
            if found is None:
                continue
            entry, m = found
            if entry.inverse and entry.inverse.search(text, max(lo, m.start() - 40), m.end()):
                position = _FLIP.get(position, position)
            if mention.modality == "conditional" or lex.conditional.search(mention.sentence):
                position = "conditional" if position == "supports" else position
            place = _place(entry, mention, record, m) if entry.place else None
            if entry.place and place is None:
                continue
            issue_id = entry.id.format(place=_slug(place or ""))
            label = entry.label.format(place=place or "")
            day = mention.date or mention.pub_date
            precision = mention.date_precision if mention.date else "approximate"
            for ref in mention.sources:
                if party(ref):
                    out.append(Stance(party(ref), actor_ref(ref), issue_id, label, position,
                                      day, precision, mention.evidence()))
    return out


def _object_span(mention: Mention) -> tuple[int, int]:
    """Return where an event's object lies: its issue slot, else its sentence from the trigger."""
    issue = mention.issue_span
    if issue:
        return issue
    end = mention.sentence_start + len(mention.sentence)
    trigger = mention.trigger_span
    return (trigger[0] if trigger else mention.sentence_start), end


# ---------------------------------------------------------------- conditions as issues


@dataclass
class ConditionIssue:
    """A free-form issue: a condition one party set ("provided that X halts drone flights")."""

    id: str
    label: str
    stems: frozenset[str]
    anchor: tuple[str, int]  # (article, sentence) that set it


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in content_words(text).split() if len(w) > 2)


def _shares(a: frozenset[str], b: frozenset[str]) -> bool:
    """Return True when two word sets speak of the same thing (two words, most of the smaller)."""
    shared = len(a & b)
    return shared >= MIN_SHARED_WORDS and shared >= 0.6 * min(len(a), len(b))


def condition_issues(records: Iterable[dict[str, Any]], assembler: Assembler,
                     lex: IssueLexicon | None = None) -> tuple[list[ConditionIssue], list[Stance]]:
    """Return the conditions parties set (as issues) and the setters' `supports` positions.

    A condition clause follows a condition cue after an acceptance or a demand
    ("would observe the truce provided that A, that B, and that C"); each listed
    item that names no initiative (those have their own issue) is one issue.
    """
    lex = lex or issue_lexicon()
    issues: list[ConditionIssue] = []
    out: list[Stance] = []
    for record in records:
        text = record["text"]
        phrases = assembler.phrases_of.get(str(record["id"]), [])
        for mention in record_mentions(record):
            if mention.type not in ("agree", "demand") or mention.modality == "negated":
                continue
            lo = (mention.trigger_span or (mention.sentence_start, 0))[0]
            hi = mention.sentence_start + len(mention.sentence)
            cue = lex.condition_clause.search(text, lo, hi)
            if cue is None:
                continue
            for start, item in _items(text, cue.end(), hi):
                if any(p.start < start + len(item) and start < p.end for p in phrases) or \
                        _PRONOUN_START.match(item):
                    continue  # an initiative's own issue, or a qualification of the initiative
                stems = _stems(item)
                if len(stems) < MIN_SHARED_WORDS:
                    continue
                issue = next((i for i in issues if _shares(i.stems, stems)), None)
                if issue is None:
                    words = " ".join(item.split()[:10]).rstrip(",.;")
                    issue = ConditionIssue("condition:" + _slug(" ".join(sorted(stems))[:60]),
                                           words, stems, (mention.article_id,
                                                          mention.sentence_idx))
                    issues.append(issue)
                out += _mention_stances(mention, issue, "supports")
    return issues, out


def _items(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """Return the listed items of a condition clause ("A, that B, and that C")."""
    end = min([m.start() for m in re.finditer(r"[;.]", text[lo:hi])] + [hi - lo]) + lo
    out, pos = [], lo
    for piece in re.split(r",\s+(?:and\s+)?(?:that|if)\s+", text[lo:end]):
        at = text.find(piece, pos, end)
        if piece.strip() and at >= 0:
            out.append((at, piece.strip()))
            pos = at + len(piece)
    return out


def _mention_stances(mention: Mention, issue: ConditionIssue, position: str) -> list[Stance]:
    day = mention.date or mention.pub_date
    precision = mention.date_precision if mention.date else "approximate"
    return [Stance(party(ref), actor_ref(ref), issue.id, issue.label, position, day, precision,
                   mention.evidence()) for ref in mention.sources if party(ref)]


def condition_responses(records: Iterable[dict[str, Any]], issues: list[ConditionIssue],
                        lex: IssueLexicon | None = None) -> list[Stance]:
    """Return the positions other acts take on conditions: agreeing to do it, refusing it."""
    lex = lex or issue_lexicon()
    out: list[Stance] = []
    if not issues:
        return out
    denial = initiative_lexicon().cues["denial"]
    for record in records:
        for mention in record_mentions(record):
            # an accusation of breaking a condition, or the denial of having broken it,
            # is no position on the condition itself
            position = RESPONSES.get(mention.type)
            if position is None or mention.modality in ("negated", "hypothetical", "planned") \
                    or (mention.type == "reject" and denial.search(mention.sentence)):
                continue
            stems = _stems(record["text"][slice(*_object_span(mention))])
            for issue in issues:
                if (mention.article_id, mention.sentence_idx) != issue.anchor and \
                        _shares(issue.stems, stems):
                    out += _mention_stances(mention, issue, position)
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def undecided_stances(assembler: Assembler, records: Iterable[dict[str, Any]],
                      labels: dict[str, str], decided: list[Stance],
                      lex: IssueLexicon | None = None) -> list[Stance]:
    """Return `undecided` positions: a party said to be studying or not saying, on an initiative.

    A party that already proposed or backed the initiative is not undecided about
    it (it may be studying the others' conditions), so `decided` evidence rules it out.
    """
    lex = lex or issue_lexicon()
    backed = {(s.party, s.issue_id, s.date) for s in decided if s.position == "supports"}
    out = []
    for record in records:
        text = record["text"]
        sentences = Sentences.of(record)
        phrases = assembler.phrases_of.get(str(record["id"]), [])
        for i in range(len(sentences)):
            lo, hi = sentences.span(i)
            cue = lex.undecided.search(text, lo, hi)
            if not cue:
                continue
            near = [p for p in phrases if i - 1 <= p.sentence_idx <= i]
            init = next((assembler.by_phrase[p.key] for p in reversed(near)
                         if p.key in assembler.by_phrase
                         and assembler.by_phrase[p.key].id in labels), None)
            actor = _subject(record, lo, cue.start())
            if init is None or actor is None or not party(actor):
                continue
            if any(p == party(actor) and i == init.id and (d or "") <= (record.get("pub_date")
                                                                       or "")
                   for p, i, d in backed):
                continue
            evidence = {"article_id": record["id"], "event_idx": None,
                        "outlet": record.get("outlet"), "pub_date": record.get("pub_date"),
                        "date": record.get("pub_date"), "text": text[lo:hi], "start": lo,
                        "end": hi, "sentence": i}
            out.append(Stance(party(actor), actor_ref(actor), init.id, labels[init.id],
                              "undecided", record.get("pub_date"), "approximate", evidence,
                              init.id))
    return out


def hedged_sentences(records: Iterable[dict[str, Any]], lex: IssueLexicon | None = None
                     ) -> set[tuple[str, int, str]]:
    """Return (article, sentence, party) where the party is said not to take a side."""
    lex = lex or issue_lexicon()
    out = set()
    for record in records:
        sentences = Sentences.of(record)
        for i in range(len(sentences)):
            lo, hi = sentences.span(i)
            cue = lex.undecided.search(record["text"], lo, hi)
            actor = _subject(record, lo, cue.start()) if cue else None
            if actor is not None and party(actor):
                out.add((str(record["id"]), i, party(actor)))
    return out


def _subject(record: dict[str, Any], lo: int, before: int) -> dict[str, Any] | None:
    """Return the first named actor of a clause before an offset (its subject, roughly)."""
    for m in sorted(record.get("mentions") or [], key=lambda m: m.get("start") or 0):
        start = m.get("start")
        if isinstance(start, int) and lo <= start < before and m.get("name") \
                and m.get("kind") != "anonymous":
            return m
    return None


def build_stances(records: list[dict[str, Any]], assembler: Assembler,
                  initiatives: list[Initiative]) -> list[Stance]:
    """Return every stance evidence, in date order.

    Args:
        records: ExtractionRecord dicts.
        assembler: the initiative assembler that read the records (phrases, links).
        initiatives: the initiatives it built.
    Returns:
        Stance evidence rows; `stance_matrix` turns them into current positions.
    """
    labels = {i.id: i.label(assembler.lex) for i in initiatives}
    out = initiative_stances(initiatives, labels)
    out += event_stances(records, phrases_of=assembler.phrases_of)
    issues, set_by = condition_issues(records, assembler)
    out += set_by + condition_responses(records, issues)
    # "X would neither support nor oppose" is coded as a support too: the hedge wins
    hedged = hedged_sentences(records)
    out = [s for s in out if (s.evidence.get("article_id"), s.evidence.get("sentence"), s.party)
           not in hedged]
    out += undecided_stances(assembler, records, labels, out)
    return sorted(out, key=_order_key)


def stance_matrix(stances: Iterable[Stance]) -> list[dict[str, Any]]:
    """Return the current position of each party on each issue, with its history.

    The current position is the latest evidence (by date, then report); every
    piece of evidence stays in `history`.
    """
    cells: dict[tuple[str, str], list[Stance]] = {}
    for s in sorted(stances, key=_order_key):
        cells.setdefault((s.issue_id, s.party), []).append(s)
    out = []
    for (issue_id, who), items in sorted(cells.items()):
        exact = [s for s in items if s.date_precision == "day"]
        # a report-dated mention often retells an old act: it decides only when nothing is dated
        latest = (exact or items)[-1]
        out.append({"issue_id": issue_id, "issue": latest.issue, "party": who,
                    "position": latest.position, "date": latest.date,
                    "initiative_id": latest.initiative_id, "evidence": latest.evidence,
                    "n_evidence": len(items),
                    "history": [s.to_dict() for s in items]})
    return out
