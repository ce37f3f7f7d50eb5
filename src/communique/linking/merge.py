"""Merge event mentions into linked events, incrementally: `link(new_records, existing)`.

Each new mention is compared (see blocking.py) with the mentions of the linked
events that share a block with it; it joins the best-scoring event above the
threshold, else it founds a new one. A mention that scores above the threshold
with two linked events merges them. Only the linked events a new article
touches change. A linked event keeps the id of the mention that founded it, so
ids do not move when later reports arrive; `link_records` links in publication
order, so a rebuild gives each event the id of its earliest report.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from communique.linking.blocking import (
    DAY_TOLERANCE,
    LINK_THRESHOLD,
    BlockKey,
    block_keys,
    pair_score,
)
from communique.linking.initiatives import event_phrase
from communique.linking.mentions import Mention, actor_ref, reality, record_mentions
from communique.linking.phrases import Phrase, find_phrases

log = logging.getLogger(__name__)

_REACH = timedelta(days=DAY_TOLERANCE)
COMPARED_MENTIONS = 24  # mentions of a linked event a new mention is scored against, at most


def event_id(mention_key: str) -> str:
    """Return the linked-event id founded by a mention ("ev-" + 12 hex digits)."""
    return "ev-" + hashlib.sha1(mention_key.encode("utf-8")).hexdigest()[:12]


@dataclass
class LinkedEvent:
    """One real-world event and every mention that reports it."""

    id: str
    mentions: list[Mention] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def type(self) -> str:
        """Return the coarse type shared by the mentions."""
        return self.mentions[0].type

    @property
    def articles(self) -> set[str]:
        """Return the distinct articles, wire copies counted as their original."""
        return {m.origin for m in self.mentions}

    @property
    def outlets(self) -> set[str]:
        """Return the distinct outlets that carried the event (wire copies included)."""
        return {m.outlet_key for m in self.mentions}

    def representative(self) -> Mention:
        """Return the mention that best stands for the event: most parties, earliest report."""
        return min(self.mentions, key=lambda m: (-len(m.names), reality(m.modality) != "real",
                                                 m.pub_date or "9999", m.key))

    @property
    def date(self) -> str | None:
        """Return the day most mentions give (the earliest on a tie), else a coarser date."""
        days = Counter(m.date for m in self.mentions if m.date and len(m.date) == 10)
        if days:
            best = max(days.values())
            return min(d for d, n in days.items() if n == best)
        others = sorted(m.date for m in self.mentions if m.date)
        return others[0] if others else None

    @property
    def date_precision(self) -> str | None:
        """Return the precision of the chosen date."""
        day = self.date
        for m in self.mentions:
            if m.date == day:
                return m.date_precision or ("day" if day and len(day) == 10 else None)
        return None

    @property
    def modality(self) -> str:
        """Return the strongest modality of the mentions: asserted, alleged, then the others."""
        found = Counter(m.modality for m in self.mentions)
        for modality in ("asserted", "alleged"):
            if modality in found:
                return modality
        return found.most_common(1)[0][0]

    @property
    def denied(self) -> bool:
        """Return True when some reports state the event and others deny it."""
        kinds = {m.modality for m in self.mentions}
        return "negated" in kinds and bool(kinds & {"asserted", "alleged"})

    @property
    def participants(self) -> list[dict[str, Any]]:
        """Return every actor taking part in any mention, once, by name."""
        seen: dict[str, dict[str, Any]] = {}
        for m in sorted(self.mentions, key=lambda m: m.key):
            for ref in m.sources + m.targets:
                seen.setdefault(ref["name"], actor_ref(ref))
        return [seen[n] for n in sorted(seen)]

    def to_dict(self) -> dict[str, Any]:
        """Return the linked event as JSON-ready data with its mentions as evidence."""
        rep = self.representative()
        ev = rep.event
        reports = sorted(m.pub_date for m in self.mentions if m.pub_date)
        cameo = Counter(m.event.get("cameo") for m in self.mentions
                        if m.event.get("cameo")).most_common(1)
        return {
            "id": self.id, "type": self.type, "cameo": cameo[0][0] if cameo else None,
            "plover": ev.get("plover"), "goldstein": ev.get("goldstein"),
            "quad_class": ev.get("quad_class"),
            "source": ev.get("source"), "target": ev.get("target"),
            "participants": self.participants, "issue": ev.get("issue"),
            "modality": self.modality, "date": self.date,
            "date_precision": self.date_precision,
            "first_report": reports[0] if reports else None,
            "last_report": reports[-1] if reports else None,
            "n_mentions": len(self.mentions), "n_articles": len(self.articles),
            "n_sources": len(self.outlets),
            "mentions": [dict(m.evidence(), is_copy=m.is_copy, score=self.scores.get(m.key))
                         for m in sorted(self.mentions, key=lambda m: (m.pub_date or "", m.key))],
        }


@dataclass
class LinkChanges:
    """What adding articles did: linked events created, updated and removed (merged away)."""

    created: list[LinkedEvent] = field(default_factory=list)
    updated: list[LinkedEvent] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


class Linker:
    """An index of linked events that new articles are linked into."""

    def __init__(self, events: Iterable[LinkedEvent] = (),
                 phrases_of: dict[str, list[Phrase]] | None = None) -> None:
        self.phrases_of = phrases_of or {}  # initiative phrases per article, when known
        self.events: dict[str, LinkedEvent] = {}
        self.by_mention: dict[str, str] = {}
        self.blocks: dict[BlockKey, set[str]] = {}
        self.spans: dict[str, tuple[date, date]] = {}  # days an event's reports can mean
        for event in events:
            self._put(event)

    def _put(self, event: LinkedEvent) -> None:
        self.events[event.id] = event
        windows = [w for w in (m.window() for m in event.mentions) if w]
        if windows:
            self.spans[event.id] = (min(w[0] for w in windows), max(w[1] for w in windows))
        for m in event.mentions:
            self.by_mention[m.key] = event.id
            for key in block_keys(m):
                self.blocks.setdefault(key, set()).add(event.id)

    def _drop(self, event_id_: str) -> LinkedEvent:
        event = self.events.pop(event_id_)
        self.spans.pop(event_id_, None)
        for m in event.mentions:
            self.by_mention.pop(m.key, None)
            for key in block_keys(m):
                ids = self.blocks.get(key)
                if ids:
                    ids.discard(event_id_)
        return event

    def add(self, records: Iterable[dict[str, Any]]) -> LinkChanges:
        """Link the events of new (or replaced) articles; return what changed."""
        before = set(self.events)
        touched: set[str] = set()
        for record in records:
            touched |= self._forget_article(str(record["id"]))
            for mention in with_objects(record, record_mentions(record),
                                        self.phrases_of.get(str(record["id"]))):
                touched.add(self._place(mention))
        changes = LinkChanges()
        for eid in sorted(touched & set(self.events)):
            (changes.updated if eid in before else changes.created).append(self.events[eid])
        changes.removed = sorted(before - set(self.events))
        return changes

    def _forget_article(self, article_id: str) -> set[str]:
        """Remove an article's old mentions (it is being replaced); return the events touched."""
        ids = {eid for key, eid in self.by_mention.items()
               if key.rsplit(":", 1)[0] == article_id}
        for eid in ids:
            event = self._drop(eid)
            event.mentions = [m for m in event.mentions if m.article_id != article_id]
            if event.mentions:
                self._put(event)
        return ids

    def _candidates(self, mention: Mention) -> set[str]:
        """Return the events sharing a block with a mention whose dates can meet its own."""
        found: set[str] = set()
        for key in block_keys(mention):
            found |= self.blocks.get(key, set())
        window = mention.window()
        if window is None:
            return found
        lo, hi = window[0] - _REACH, window[1] + _REACH
        return {eid for eid in found if eid not in self.spans
                or (self.spans[eid][0] <= hi and lo <= self.spans[eid][1])}

    def _place(self, mention: Mention) -> str:
        """Put a mention into its best linked event (merging events it bridges); return its id."""
        scored: list[tuple[float, str]] = []
        for eid in sorted(self._candidates(mention)):
            best = max(pair_score(mention, other) for other in _compared(self.events[eid]))
            if best >= LINK_THRESHOLD:
                scored.append((best, eid))
        if not scored:
            event = LinkedEvent(event_id(mention.key), [mention], {mention.key: 1.0})
            self._put(event)
            return event.id
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        score, keep = scored[0]
        event = self._drop(keep)
        for _, other in scored[1:]:
            merged = self._drop(other)
            event.mentions.extend(merged.mentions)
            event.scores.update(merged.scores)
            log.debug("linked events %s and %s merged through %s", keep, other, mention.key)
        event.mentions.append(mention)
        event.scores[mention.key] = round(score, 3)
        self._put(event)
        return event.id


def _compared(event: LinkedEvent) -> list[Mention]:
    """Return the mentions a new one is scored against: the first and the latest reports.

    A much-reported event has hundreds of mentions that say the same; these suffice.
    """
    mentions = event.mentions
    if len(mentions) <= COMPARED_MENTIONS:
        return mentions
    half = COMPARED_MENTIONS // 2
    return mentions[:half] + mentions[-half:]


def with_objects(record: dict[str, Any], mentions: list[Mention],
                 phrases: list[Phrase] | None = None) -> list[Mention]:
    """Set on each mention the initiative it is about (type, scope), when its sentence names one."""
    by_sentence: dict[int, list] = {}
    for phrase in find_phrases(record) if phrases is None else phrases:
        by_sentence.setdefault(phrase.sentence_idx, []).append(phrase)
    for m in mentions:
        phrase = event_phrase(m, by_sentence.get(m.sentence_idx, []), record.get("text") or "")
        if phrase is not None and phrase.type:
            m.obj = (phrase.type, phrase.scope)
    return mentions


def _order(record: dict[str, Any]) -> tuple[str, str]:
    return (record.get("pub_date") or "9999", str(record.get("id")))


def link(new_records: Iterable[dict[str, Any]], existing: Iterable[LinkedEvent] = ()
         ) -> LinkChanges:
    """Link the events of new records into existing linked events.

    Args:
        new_records: ExtractionRecord dicts of the new (or replaced) articles.
        existing: the linked events built so far (left unchanged; touched ones are copied).
    Returns:
        The linked events created, updated and removed by the new records.
    """
    copies = [LinkedEvent(e.id, list(e.mentions), dict(e.scores)) for e in existing]
    return Linker(copies).add(sorted(new_records, key=_order))


def link_records(records: Iterable[dict[str, Any]],
                 phrases_of: dict[str, list[Phrase]] | None = None) -> list[LinkedEvent]:
    """Link every event of a set of records from scratch, in publication order."""
    linker = Linker(phrases_of=phrases_of)
    linker.add(sorted(records, key=_order))
    return sorted(linker.events.values(), key=lambda e: (e.date or "9999", e.id))
