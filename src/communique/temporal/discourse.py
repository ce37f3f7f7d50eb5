"""Date a repeated mention of an event from the mention the text dates.

News names an event once with its day ("Trump and Putin spoke on Tuesday") and then
refers back to it without one ("their conversation", "the swap", "he had spoken with
Putin"). A mention the clause cannot date takes the day of the nearest dated mention
of the same event in the article: the same type between the same parties (either
order for two-sided acts; a missing target fits any), the one before it first.
A mention whose day was only inferred ("approximate", from a dated report or the
narrative) lends it, still approximate, to a later mention left with the publication
date.
Events that did not happen (negated, planned, hypothetical, conditional) neither give
nor take a day.
"""

from __future__ import annotations

from typing import Any

UNREAL = frozenset({"negated", "planned", "hypothetical", "conditional"})
TWO_SIDED = frozenset({"consult", "agree", "release"})


def date_repeated_mentions(events: list[dict[str, Any]],
                           pub_date: Any = None) -> list[dict[str, Any]]:
    """Return the events with undated mentions dated from a dated mention of the same event.

    Args:
        events: Event dicts (records.py) of one article, in text order.
        pub_date: the article's publication date; an "approximate" event on another
            day had its day inferred, one on this day (or with none) fell back to it.
    Returns:
        A new list; an "approximate" event that repeats a day-dated one gets its date
        and precision "day"; one that fell back to the publication date takes the
        inferred day of an earlier mention, still "approximate". The rest are unchanged.
    """
    fallback = str(pub_date)[:10] if pub_date else None
    real = [e for e in events if _real(e)]
    days = [e for e in real if e.get("date_precision") == "day"]
    inferred = [e for e in real if e.get("date_precision") == "approximate"
                and e.get("date") and e.get("date") != fallback]
    out = []
    for event in events:
        if event.get("date_precision") == "approximate" and _real(event):
            same = [d for d in days if same_event(event, d)]
            if same:
                event = {**event, "date": _nearest(event, same)["date"], "date_precision": "day"}
            elif event.get("date") in (fallback, None):
                same = [d for d in inferred if d is not event and same_event(event, d)
                        and _position(d) <= _position(event)]
                if same:
                    event = {**event, "date": _nearest(event, same)["date"]}
        out.append(event)
    return out


def same_event(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """Return whether two event mentions can be the same act between the same parties."""
    if one.get("type") != other.get("type"):
        return False
    sources_one, targets_one = _names(one.get("source")), _names(one.get("target"))
    sources_other, targets_other = _names(other.get("source")), _names(other.get("target"))
    if not sources_one or not sources_other:
        return False
    if one.get("type") in TWO_SIDED or (one.get("symmetric") and other.get("symmetric")):
        parties_one, parties_other = sources_one | targets_one, sources_other | targets_other
        return parties_one == parties_other or (
            not targets_one and parties_one <= parties_other) or (
            not targets_other and parties_other <= parties_one)
    return sources_one == sources_other and (
        targets_one == targets_other or not targets_one or not targets_other)


def _nearest(event: dict[str, Any], candidates: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the candidate mentioned last before the event, else the first after it."""
    at = _position(event)
    before = [c for c in candidates if _position(c) <= at]
    if before:
        return max(before, key=_position)
    return min(candidates, key=_position)


def _position(event: dict[str, Any]) -> int:
    """Return where an event's sentence starts in the text."""
    return int((event.get("evidence") or {}).get("start") or 0)


def _real(event: dict[str, Any]) -> bool:
    """Return whether the text tells the event as having happened."""
    return (event.get("modality") or "asserted") not in UNREAL


def _names(side: Any) -> frozenset[str]:
    """Return the identities of the actors on one side (kb id, else lowercased name)."""
    items = side if isinstance(side, list) else [side] if side else []
    return frozenset(str(a.get("kb_id") or a.get("name") or "").lower() for a in items
                     if isinstance(a, dict) and (a.get("kb_id") or a.get("name")))
