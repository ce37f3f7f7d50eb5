"""The negotiation state of articles: linked events, initiatives, stances, contradictions."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from communique.linking.contradictions import Contradiction, build_contradictions
from communique.linking.initiatives import Assembler, Initiative
from communique.linking.merge import LinkedEvent, link_records
from communique.linking.phrases import find_phrases
from communique.linking.stances import Stance, build_stances, stance_matrix

log = logging.getLogger(__name__)


@dataclass
class State:
    """Everything derived across articles, ready to print or store."""

    linked_events: list[LinkedEvent]
    initiatives: list[Initiative]
    stances: list[Stance]
    contradictions: list[Contradiction]
    assembler: Assembler

    def labels(self) -> dict[str, str]:
        """Return initiative id -> label."""
        return {i.id: i.label(self.assembler.lex) for i in self.initiatives}

    def to_dict(self) -> dict[str, Any]:
        """Return the whole state as JSON-ready data."""
        return {
            "linked_events": [e.to_dict() for e in self.linked_events],
            "initiatives": [i.to_dict(self.assembler.lex) for i in self.initiatives],
            "stances": stance_matrix(self.stances),
            "contradictions": [c.to_dict() for c in self.contradictions],
        }


def _as_dict(record: Any) -> dict[str, Any]:
    return record if isinstance(record, dict) else record.to_dict()


def build_state(records: Iterable[Any], linked: list[LinkedEvent] | None = None) -> State:
    """Build the negotiation state of extraction records (dicts or ExtractionRecords).

    Args:
        records: the articles' extraction records.
        linked: their linked events when already linked (incrementally); else linked here.
    Returns:
        Linked events, initiatives with histories, stance evidence and contradictions.
    """
    records = sorted((_as_dict(r) for r in records),
                     key=lambda r: (r.get("pub_date") or "9999", str(r.get("id"))))
    phrases_of = {str(r["id"]): find_phrases(r) for r in records}  # found once, read thrice
    if linked is None:
        linked = link_records(records, phrases_of)
    else:
        linked = sorted(linked, key=lambda e: (e.date or "9999", e.id))
    by_mention = {m.key: event for event in linked for m in event.mentions}
    assembler = Assembler(linked=by_mention, phrases_of=phrases_of)
    for record in records:
        assembler.add(record)
    initiatives = assembler.finish()
    stances = build_stances(records, assembler, initiatives)
    contradictions = build_contradictions(records, linked, assembler, initiatives)
    log.info("state: %d linked events, %d initiatives, %d stance evidence, %d contradictions",
             len(linked), len(initiatives), len(stances), len(contradictions))
    return State(linked, initiatives, stances, contradictions, assembler)
