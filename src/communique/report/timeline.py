"""The timeline: dated entries of what happened, for one actor, one initiative or all.

Entries are the linked events that took place (asserted or alleged; planned,
negated and hypothetical ones did not happen) and the status steps of
initiatives, each a generated sentence with citations that resolve to stored
sentences. An event that is the evidence of a status step is shown once, as the step.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from communique.errors import InputError
from communique.report.evidence import Citation, Evidence
from communique.report.phrasing import event_sentence, nice_date, parse_day, step_sentence
from communique.report.reading import linked_events, read_steps, step_sources
from communique.report.render import render

if TYPE_CHECKING:
    from communique.store import Store

MAX_CITATIONS = 4
HAPPENED = ("asserted", "alleged")
MIN_CODE_CHARS = 3          # a CAMEO code prefix shorter than a country code matches too much
FORMATS = ("md", "html", "json")


@dataclass
class TimelineEntry:
    """One dated fact of the timeline and its sources."""

    date: str | None
    date_precision: str | None
    kind: str                       # event | status
    type: str                       # coarse event type, or the initiative status
    text: str
    parties: list[str]
    citations: list[Citation]
    initiative_id: str | None = None
    initiative: str | None = None
    ref: str = ""                   # linked event id, or "<initiative id>:<step idx>"
    more_sources: int = 0
    modality: str = "asserted"
    day: date | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data (citations with their label and link)."""
        data = asdict(self)
        data.pop("day")
        for cite, raw in zip(data["citations"], self.citations, strict=True):
            cite.update(label=raw.label, link=raw.link())
        return data


def _ref_matches(ref: Any, actor: str) -> bool:
    """Return True when an ActorRef (or a plain name) is the actor a user named."""
    if isinstance(ref, str):
        return ref.lower() == actor.lower()
    if not isinstance(ref, dict):
        return False
    want = actor.lower()
    if any((ref.get(k) or "").lower() == want for k in ("name", "country", "kb_id")):
        return True
    code = (ref.get("code") or "").upper()
    return len(actor) >= MIN_CODE_CHARS and bool(code) and code.startswith(actor.upper())


def _refs(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def matching_initiatives(store: Store, initiative: str) -> dict[str, str]:
    """Return id -> label of the initiatives an id, id prefix or label words name."""
    want = initiative.strip().lower()
    rows = store.query("SELECT id, label FROM initiatives ORDER BY id")
    exact = {r["id"]: r["label"] for r in rows if r["id"].lower() == want}
    if exact:
        return exact
    return {r["id"]: r["label"] for r in rows
            if r["id"].lower().startswith(want) or want in (r["label"] or "").lower()}


def build_timeline(store: Store, actor: str | None = None, initiative: str | None = None,
                   since: str | date | None = None,
                   until: str | date | None = None) -> list[TimelineEntry]:
    """Return the timeline of the store, oldest first, undated entries last.

    Args:
        store: an open store holding the negotiation state.
        actor: only facts this actor takes part in (name, country, KB id, or a
            CAMEO code prefix of three letters or more: "RUS", "UKRGOV").
        initiative: only facts of initiatives this id, id prefix or label words name.
        since, until: inclusive date bounds (YYYY-MM-DD).
    Returns:
        Timeline entries, each with at least one resolvable citation.
    Raises:
        InputError: a bound is not a date, or no initiative matches `initiative`.
    """
    start, end = parse_day(since, "since"), parse_day(until, "until")
    wanted = None
    if initiative:
        wanted = matching_initiatives(store, initiative)
        if not wanted:
            raise InputError(f"no initiative matches {initiative!r}",
                             hint="list them with `communique initiatives`")
    evidence = Evidence(store)
    entries: list[TimelineEntry] = []
    shown_events: set[str] = set()
    for step in read_steps(store):
        if wanted is not None and step["initiative_id"] not in wanted:
            continue
        extra = step.get("extra") or {}
        parties = [p for p in (step.get("actor"), step.get("counterpart"),
                               extra.get("party"), extra.get("counterpart_party")) if p]
        if actor and not any(_ref_matches(p, actor) for p in parties):
            continue
        entry = _entry(evidence, step_sources(step), date=step["date"],
                       date_precision=step.get("date_precision"), kind="status",
                       type=step["status"], text=step_sentence(step),
                       parties=_names(parties), initiative_id=step["initiative_id"],
                       initiative=step["label"], ref=f"{step['initiative_id']}:{step['idx']}",
                       modality="alleged" if step["status"] == "violation_alleged"
                       else "asserted", day=step["day"])
        if entry:
            entries.append(entry)
            shown_events.add(step.get("linked_event_id") or "")
    where, params = "modality IN ('asserted', 'alleged')", []
    if start or end:   # the day an event is filed under: its date, else its first report
        where += " AND coalesce(date, first_report) BETWEEN ? AND ?"
        params = [start or date.min, end or date.max]
    for event in linked_events(store, where, params):
        if event["id"] in shown_events:
            continue
        if wanted is not None and event.get("initiative_id") not in wanted:
            continue
        parties = _refs((event.get("extra") or {}).get("participants")) or [
            *_refs(event.get("source")), *_refs(event.get("target"))]
        if actor and not any(_ref_matches(p, actor) for p in parties):
            continue
        entry = _entry(evidence, event["mentions"], date=event["date"],
                       date_precision=event.get("date_precision"), kind="event",
                       type=event.get("type") or "", text=event_sentence(event, event["label"]),
                       parties=_names(parties), initiative_id=event.get("initiative_id"),
                       initiative=event.get("label"), ref=event["id"],
                       modality=event["modality"], day=event["day"])
        if entry:
            entries.append(entry)
    entries = [e for e in entries if (start is None or (e.day and e.day >= start))
               and (end is None or (e.day and e.day <= end))]
    entries.sort(key=lambda e: (e.day or date.max, e.kind != "status", e.ref))
    return entries


def _names(refs: list[Any]) -> list[str]:
    found = [r if isinstance(r, str) else (r.get("name") or r.get("description") or "")
             for r in refs]
    return list(dict.fromkeys(n for n in found if n))


def _entry(evidence: Evidence, sources: list[dict[str, Any]], **fields: Any
           ) -> TimelineEntry | None:
    """Return an entry citing the sources that resolve, or None when none does."""
    cites: list[Citation] = []
    for src in sources:
        cite = evidence.cite(src.get("article_id"), src.get("start"), src.get("end"),
                             src.get("text"))
        if cite and cite.article_id not in {c.article_id for c in cites}:
            cites.append(cite)
    if not cites:
        return None
    return TimelineEntry(citations=cites[:MAX_CITATIONS],
                         more_sources=max(0, len(cites) - MAX_CITATIONS), **fields)


def day_heading(entry: TimelineEntry) -> str:
    """Return the heading an entry is filed under, as precise as its date."""
    if entry.day is None:
        return "Undated"
    if entry.date and entry.date_precision == "month":
        return f"{entry.day:%B %Y}"
    if entry.date and entry.date_precision == "year":
        return str(entry.day.year)
    if entry.date and entry.date_precision == "week":
        return f"Week of {nice_date(entry.day.isoformat())}"
    return nice_date(entry.day.isoformat())


def timeline_dicts(entries: list[TimelineEntry]) -> list[dict[str, Any]]:
    """Return timeline entries as JSON-ready dicts (stable key order)."""
    return [e.to_dict() for e in entries]


def render_timeline(entries: list[TimelineEntry], fmt: str = "md", base_url: str = "",
                    title: str = "Timeline") -> str:
    """Render a timeline as Markdown, a standalone HTML page, or JSON.

    Args:
        entries: from `build_timeline`.
        fmt: "md", "html" or "json".
        base_url: the dashboard address evidence links start with ("" for relative links).
        title: the heading (e.g. "Timeline: Russia").
    """
    if fmt not in FORMATS:
        raise InputError(f"no timeline format {fmt!r}", hint=", ".join(FORMATS))
    if fmt == "json":
        return json.dumps(timeline_dicts(entries), ensure_ascii=False, indent=2) + "\n"
    days: list[tuple[str, list[TimelineEntry]]] = []
    for entry in entries:
        heading = day_heading(entry)
        if days and days[-1][0] == heading:
            days[-1][1].append(entry)
        else:
            days.append((heading, [entry]))
    return render(f"timeline.{fmt}.j2", days=days, title=title, base_url=base_url,
                  count=len(entries))
