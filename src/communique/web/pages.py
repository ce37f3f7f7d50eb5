"""The dashboard: HTML pages, each with a JSON twin (`/page.json`) built by the same function.

Pages: overview (/), timeline, initiative tracker (+ one initiative), stance
matrix, actor network, quote search, actors, articles (+ the article view with
every extraction highlighted) and the briefing. Each `*_data` function reads
the store through the API's read functions and returns plain data; the HTML
route renders it with a Jinja2 template (autoescaped) and the `.json` route
returns it as is. Every fact links to its evidence: `/articles/<id>?hl=start-end`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from typing import Any
from urllib.parse import quote as url_quote
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.templating import Jinja2Templates

from communique.linking.persist import unlinked_articles
from communique.web import api
from communique.web.api import (
    ActorParam,
    DiffParam,
    Since,
    TypeParam,
    Until,
    ViewDep,
    Words,
    clean,
)
from communique.web.app import WEB_ROOT, View
from communique.web.highlight import paragraphs, record_facts

router = APIRouter()
templates = Jinja2Templates(env=jinja2.Environment(
    loader=jinja2.FileSystemLoader(WEB_ROOT / "templates"), autoescape=True,
    undefined=jinja2.ChainableUndefined))

LATEST = 12               # rows per block of the overview
HEADLINES = 8             # brief headlines on the overview
TIMELINE_LANES = 14       # actor lanes shown on the timeline
NETWORK_NODES = 40
# Initiative statuses grouped into the tracker's lanes, in the order a process moves.
LANES = (("proposed", "Proposed", ("proposed",)),
         ("negotiating", "Conditions set", ("conditions_set", "undecided")),
         ("agreed", "Agreed / signed", ("accepted", "signed")),
         ("in_force", "In force", ("in_force", "carried_out")),
         ("contested", "Violation alleged / suspended", ("violation_alleged", "suspended")),
         ("ended", "Rejected / collapsed", ("rejected", "collapsed")))
COOPERATIVE = {"consult", "agree", "propose", "support", "aid", "release"}
NAV = (("/", "Overview"), ("/brief", "Brief"), ("/timeline", "Timeline"),
       ("/initiatives", "Initiatives"), ("/stances", "Stances"), ("/network", "Network"),
       ("/quotes", "Quotes"), ("/actors", "Actors"), ("/articles", "Articles"),
       ("/docs", "API"))


# ---------------------------------------------------------------- helpers


def safe_url(url: Any) -> str:
    """Return an article's URL for a link only when it is http(s); '#' otherwise.

    Escaping is not enough for href: a stored `javascript:` URL would run on click.
    """
    text = str(url or "").strip()
    return text if urlsplit(text).scheme.lower() in ("http", "https") else "#"


def pager(params: dict[str, Any]) -> str:
    """Return a query string of the non-empty parameters."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def evidence_href(article_id: str | None, start: int | None = None, end: int | None = None,
                  sentence: int | None = None) -> str | None:
    """Return the article view's address highlighting a span (None without an article)."""
    if not article_id:
        return None
    href = f"/articles/{url_quote(str(article_id), safe='')}"
    if isinstance(start, int) and isinstance(end, int):
        href += f"?hl={start}-{end}"
    if isinstance(sentence, int):
        href += f"#s{sentence}"
    return href


def names(value: Any) -> list[str]:
    """Return the names of an ActorRef, a list of them, or a plain name."""
    if isinstance(value, list):
        return [n for item in value for n in names(item)]
    if isinstance(value, dict):
        return [value["name"]] if value.get("name") else []
    return [str(value)] if value else []


def issue_text(value: Any) -> str | None:
    """Return an event's issue as text (it is a string or a {text, start, end} span)."""
    if isinstance(value, dict):
        return value.get("text")
    return str(value) if value else None


def event_label(event: dict[str, Any]) -> str:
    """Return a one-line description of a (linked) event: who did what to whom, about what."""
    source = ", ".join(names(event.get("source"))) or "someone"
    target = ", ".join(names(event.get("target")))
    text = f"{source} — {event.get('type') or 'event'}"
    if target:
        text += f" → {target}"
    if issue := issue_text(event.get("issue")):
        text += f": {issue}"
    return text


def linked_evidence(view: View, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Return each linked event's article mentions with their evidence span and source."""
    if not event_ids:
        return {}
    links = view.state.query(
        "SELECT linked_event_id, article_id, event_idx FROM event_links "
        "WHERE list_contains(?, linked_event_id) ORDER BY article_id, event_idx", [event_ids])
    articles = sorted({link["article_id"] for link in links})
    found = {(r["article_id"], r["idx"]): r for r in view.store.query(
        'SELECT e.article_id, e.idx, e.evidence_text, e.evidence_start, e.evidence_end, '
        'e.evidence_sentence, a.outlet, a.pub_date, a.title FROM events e '
        'JOIN articles a ON a.id = e.article_id WHERE list_contains(?, e.article_id)',
        [articles])} if articles else {}
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for link in links:
        row = found.get((link["article_id"], link["event_idx"]))
        if row is None:
            continue
        out[link["linked_event_id"]].append({
            "article_id": row["article_id"], "outlet": row["outlet"] or row["title"],
            "pub_date": row["pub_date"], "text": row["evidence_text"],
            "href": evidence_href(row["article_id"], row["evidence_start"], row["evidence_end"],
                                  row["evidence_sentence"])})
    return dict(out)


def event_items(view: View, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return linked events as display items with their parties and evidence links."""
    evidence = linked_evidence(view, [e["id"] for e in events])
    items = []
    for e in events:
        sources = evidence.get(e["id"], [])
        items.append({
            "id": e["id"], "date": e.get("date"), "date_precision": e.get("date_precision"),
            "type": e.get("type"), "cameo": e.get("cameo"), "modality": e.get("modality"),
            "label": event_label(e), "source": names(e.get("source")),
            "target": names(e.get("target")), "issue": issue_text(e.get("issue")),
            "parties": names((e.get("extra") or {}).get("participants")),
            "initiative_id": e.get("initiative_id"), "n_sources": e.get("n_sources"),
            "n_articles": e.get("n_articles"), "quad_class": e.get("quad_class"),
            "evidence": sources, "href": sources[0]["href"] if sources else None})
    return items


def actor_href(actor_id: Any) -> str:
    """Return the address of an actor's page."""
    return f"/actors/{url_quote(str(actor_id), safe='')}"


templates.env.filters.update(article_href=evidence_href, safe_url=safe_url, pager=pager,
                             actor_href=actor_href)


def render(request: Request, template: str, data: dict[str, Any], title: str,
           status: int = 200) -> HTMLResponse:
    """Render a page template with its data, the navigation and the JSON twin's address."""
    path = request.url.path.rstrip("/") or "/index"
    twin = f"{path}.json" + (f"?{request.url.query}" if request.url.query else "")
    return templates.TemplateResponse(request, template, {
        "data": data, "title": title, "nav": NAV, "twin": twin,
        "active": "/" + request.url.path.strip("/").split("/")[0]}, status_code=status)


def error_page(request: Request, status: int, message: str,
               headers: dict[str, str] | None = None) -> HTMLResponse:
    """Return a short error page (the message is escaped like any text)."""
    response = render(request, "error.html", {"status": status, "message": message},
                      f"Error {status}", status)
    if headers:
        response.headers.update(headers)
    return response


def json_twin(data: dict[str, Any]) -> JSONResponse:
    """Return a page's data as JSON."""
    return JSONResponse(json.loads(json.dumps(data, default=str)))


# ---------------------------------------------------------------- data of each page


def overview_data(view: View) -> dict[str, Any]:
    """Return the latest developments: newest events, status changes, quotes, contradictions."""
    counts = view.store.counts()
    state_counts = view.state.counts()
    events = sorted(api.list_events(view), key=lambda e: (e.get("date") or "", e["id"]),
                    reverse=True)[:LATEST]
    initiatives = sorted(api.list_initiatives(view),
                         key=lambda i: (i.get("last_seen") or "", i["id"]), reverse=True)
    try:
        brief = api.make_brief(view)
        headlines = next((s for s in brief.to_dict()["sections"] if s["key"] == "headlines"),
                         None)
        period = {"since": brief.since, "until": brief.until}
    except Exception:  # noqa: BLE001 - the overview shows the rest without the brief
        headlines, period = None, None
    return {
        "counts": {"articles": counts.get("articles", 0),
                   "events": state_counts.get("linked_events", 0),
                   "quotes": counts.get("quotes", 0), "actors": counts.get("actors", 0),
                   "initiatives": state_counts.get("initiatives", 0),
                   "contradictions": state_counts.get("contradictions", 0)},
        "state_saved": view.state_saved, "period": period,
        "unlinked": unlinked_articles(view.store) if view.state_saved else 0,
        "headlines": claim_groups([_claim(c) for c in (headlines or {}).get("claims", [])]
                                  [:HEADLINES]),
        "events": event_items(view, events),
        "initiatives": [_initiative_card(view, i) for i in initiatives[:8]],
        "quotes": [_quote_item(q) for q in api.list_quotes(view, limit=6)],
        "contradictions": [_contradiction_item(c) for c in api.list_contradictions(view)[:5]],
        "articles": api.list_articles(view, limit=6)}


def _claim(claim: dict[str, Any]) -> dict[str, Any]:
    cites = [{"label": c.get("label") or c.get("outlet") or c["article_id"],
              "href": evidence_href(c["article_id"], c.get("start"), c.get("end"),
                                    c.get("sentence")), "text": c.get("text")}
             for c in claim.get("citations") or []]
    return {"text": claim.get("text"), "date": claim.get("date"), "kind": claim.get("kind"),
            "group": claim.get("group"), "citations": cites,
            "more_sources": claim.get("more_sources") or 0}


def claim_groups(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return claims as runs under their topic (an initiative's label), in order."""
    runs: list[dict[str, Any]] = []
    for claim in claims:
        if runs and runs[-1]["group"] == claim.get("group"):
            runs[-1]["claims"].append(claim)
        else:
            runs.append({"group": claim.get("group"), "claims": [claim]})
    return runs


def _quote_item(q: dict[str, Any]) -> dict[str, Any]:
    return {"text": q.get("text"), "kind": q.get("kind"),
            "speaker": q.get("speaker_name") or q.get("speaker_description") or "unnamed",
            "date": q.get("date") or q.get("pub_date"), "medium": q.get("medium"),
            "outlet": q.get("outlet") or q.get("article_title"), "article_id": q["article_id"],
            "href": evidence_href(q["article_id"], q.get("start"), q.get("end"))}


def _contradiction_item(c: dict[str, Any]) -> dict[str, Any]:
    sides = []
    for side in ("a", "b"):
        extra = (c.get("extra") or {}).get(side) or {}
        sides.append({"party": extra.get("party"), "date": c.get(f"{side}_date"),
                      "text": c.get(f"{side}_text"), "outlet": extra.get("outlet"),
                      "href": evidence_href(c.get(f"{side}_article_id"), c.get(f"{side}_start"),
                                            c.get(f"{side}_end"))})
    return {"id": c["id"], "kind": c.get("kind"), "description": c.get("description"),
            "sides": sides}


def _initiative_card(view: View, init: dict[str, Any]) -> dict[str, Any]:
    lane = next((key for key, _, statuses in LANES if init.get("status") in statuses), "other")
    return {"id": init["id"], "label": init.get("label"), "type": init.get("type"),
            "status": init.get("status"), "lane": lane, "parties": init.get("parties") or [],
            "first_seen": init.get("first_seen"), "last_seen": init.get("last_seen"),
            "scope": init.get("scope"), "href": f"/initiatives/{url_quote(init['id'], safe='')}"}


def timeline_data(view: View, by: str = "initiative", initiative: str | None = None,
                  actor: str | None = None, since: date | None = None,
                  until: date | None = None) -> dict[str, Any]:
    """Return dated events in lanes (by initiative or by actor) for the zoomable timeline.

    By initiative, the initiatives' status changes are drawn in their lanes too (`steps`).
    """
    events = [e for e in api.list_events(view, since, until, actor, initiative=initiative)
              if e.get("date")]
    labels = {i["id"]: i.get("label") or i["id"] for i in api.list_initiatives(view)}
    items = event_items(view, events)
    steps: list[dict[str, Any]] = []
    if by == "actor":
        counts = Counter(p for item in items for p in item["parties"])
        lanes = [name for name, _ in counts.most_common(TIMELINE_LANES)]
        for item in items:
            item["lanes"] = [p for p in item["parties"] if p in lanes]
    else:
        for item in items:
            item["lanes"] = [labels.get(item["initiative_id"], "other events")]
        if not actor:
            steps = status_steps(view, labels, initiative, since, until)
        order = Counter(lane for item in [*items, *steps] for lane in item["lanes"])
        lanes = sorted(order, key=lambda lane: (lane == "other events", -order[lane], lane))
    items = [i for i in items if i["lanes"]]
    dates = [i["date"] for i in [*items, *steps]]
    return {"by": by, "filters": {"initiative": initiative, "actor": actor,
                                  "since": since.isoformat() if since else None,
                                  "until": until.isoformat() if until else None},
            "lanes": lanes, "start": min(dates, default=None), "end": max(dates, default=None),
            "items": items, "steps": steps, "initiatives": labels}


def status_steps(view: View, labels: dict[str, str], initiative: str | None,
                 since: date | None, until: date | None) -> list[dict[str, Any]]:
    """Return the dated status changes of initiatives as timeline marks with their evidence."""
    rows = view.state.query(
        "SELECT * FROM initiative_steps WHERE date IS NOT NULL AND (? IS NULL OR date >= ?) "
        "AND (? IS NULL OR date <= ?) AND (? IS NULL OR initiative_id = ?) "
        "ORDER BY date, initiative_id, idx", [since, since, until, until, initiative, initiative])
    out = []
    for row in rows:
        extra = row.get("extra") or {}
        party = extra.get("party") or row.get("actor_name")
        label = labels.get(row["initiative_id"], row["initiative_id"])
        status = (row.get("status") or "").replace("_", " ")
        out.append({"date": row["date"], "status": row.get("status"),
                    "label": f"{label}: {status}" + (f" ({party})" if party else ""),
                    "lanes": [label], "n_sources": extra.get("n_sources") or 1,
                    "href": evidence_href(row.get("article_id"), row.get("evidence_start"),
                                          row.get("evidence_end"))})
    return out


def initiatives_data(view: View) -> dict[str, Any]:
    """Return initiatives as cards in status lanes (proposed ... in force ... collapsed)."""
    cards = [_initiative_card(view, i) for i in api.list_initiatives(view)]
    steps = view.state.query("SELECT initiative_id, count(*) AS n, max(date) AS last FROM "
                             "initiative_steps GROUP BY initiative_id")
    by_id = {s["initiative_id"]: s for s in steps}
    for card in cards:
        card["steps"] = (by_id.get(card["id"]) or {}).get("n", 0)
    lanes = [{"key": key, "title": title, "statuses": list(statuses),
              "cards": sorted([c for c in cards if c["lane"] == key],
                              key=lambda c: c["last_seen"] or "", reverse=True)}
             for key, title, statuses in LANES]
    other = [c for c in cards if c["lane"] == "other"]
    if other:
        lanes.append({"key": "other", "title": "Other", "statuses": [], "cards": other})
    return {"lanes": lanes, "total": len(cards)}


def initiative_data(view: View, initiative_id: str) -> dict[str, Any]:
    """Return one initiative with its dated status history, each step with its sources."""
    init = api.get_initiative(view, initiative_id)
    if init is None:
        raise HTTPException(404, f"no initiative {initiative_id!r}")
    history = []
    for step in init.get("history") or []:
        extra = step.get("extra") or {}
        sources = [{"outlet": s.get("outlet") or s.get("article_id"),
                    "date": s.get("pub_date") or s.get("date"), "text": s.get("text"),
                    "href": evidence_href(s.get("article_id"), s.get("start"), s.get("end"),
                                          s.get("sentence"))}
                   for s in extra.get("sources") or []]
        if not sources and step.get("article_id"):
            sources = [{"outlet": step["article_id"], "date": step.get("date"),
                        "text": step.get("evidence_text"),
                        "href": evidence_href(step["article_id"], step.get("evidence_start"),
                                              step.get("evidence_end"))}]
        history.append({"date": step.get("date"), "status": step.get("status"),
                        "by": extra.get("party") or step.get("actor_name"),
                        "against": extra.get("counterpart_party") or step.get("counterpart_name"),
                        "conditional": extra.get("conditional"), "sources": sources})
    events = event_items(view, api.list_events(view, initiative=init["id"]))
    card = _initiative_card(view, init)
    return dict(card, duration=init.get("duration"), amount=init.get("amount"),
                currency=init.get("currency"), target=init.get("target"), history=history,
                events=events)


def stance_href(view: View, stance: dict[str, Any]) -> str | None:
    """Return the evidence link of a stance-matrix cell (its latest evidence span)."""
    article_id = (stance.get("evidence") or {}).get("article_id")
    if not article_id:
        return None
    found = view.state.query(
        "SELECT evidence_start AS s, evidence_end AS e FROM stances "
        "WHERE article_id = ? AND issue_id = ? AND actor_name = ? "
        "ORDER BY date DESC NULLS LAST LIMIT 1", [article_id, stance["issue_id"], stance["party"]])
    span = found[0] if found else {}
    return evidence_href(article_id, span.get("s"), span.get("e"))


def stances_data(view: View, issue: str | None = None) -> dict[str, Any]:
    """Return the stance matrix as actor rows x issue columns, each cell with its evidence."""
    rows = api.list_stances(view, issue)
    issues = Counter(r["issue_id"] for r in rows)
    actors = Counter(r["party"] for r in rows)
    issue_names = {r["issue_id"]: r["issue"] or r["issue_id"] for r in rows}
    cells: dict[str, dict[str, Any]] = {}
    for r in rows:
        ev = r.get("evidence") or {}
        history = r.get("history") or []
        last = history[-1] if history else {}
        href = stance_href(view, r)
        cells[f"{r['party']}\u241f{r['issue_id']}"] = {
            "position": r["position"], "date": r.get("date") or last.get("date"),
            "n_evidence": r.get("n_evidence"), "text": ev.get("text"), "href": href,
            "changes": len({h.get("position") for h in history})}
    return {"filters": {"issue": issue},
            "issues": [{"id": i, "name": issue_names[i]} for i, _ in issues.most_common()],
            "actors": [a for a, _ in actors.most_common()], "cells": cells,
            "positions": ["supports", "conditional", "undecided", "opposes"]}


def network_data(view: View, since: date | None = None, until: date | None = None,
                 type: str | None = None) -> dict[str, Any]:
    """Return the actor network: who acted on whom, edges typed cooperative or conflictual."""
    events = api.list_events(view, since, until, type=type)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    degree: Counter[str] = Counter()
    for e in events:
        for source in names(e.get("source")):
            for target in names(e.get("target")):
                if source == target:
                    continue
                edge = edges.setdefault((source, target), {
                    "source": source, "target": target, "count": 0, "types": Counter(),
                    "cooperative": 0, "conflictual": 0, "example": e["id"]})
                edge["count"] += 1
                edge["types"][e.get("type") or "other"] += 1
                tone = "cooperative" if e.get("type") in COOPERATIVE else "conflictual"
                edge[tone] += 1
                degree[source] += 1
                degree[target] += 1
    keep = {name for name, _ in degree.most_common(NETWORK_NODES)}
    ids = {row["canonical"]: row["id"] for row in view.store.query(
        "SELECT canonical, min(id) AS id FROM actors WHERE list_contains(?, canonical) "
        "GROUP BY canonical", [sorted(keep)])} if keep else {}
    kept = [dict(edge, types=dict(edge["types"])) for edge in edges.values()
            if edge["source"] in keep and edge["target"] in keep]
    kept.sort(key=lambda edge: -edge["count"])
    return {"filters": {"since": since.isoformat() if since else None,
                        "until": until.isoformat() if until else None, "type": type},
            "nodes": [{"id": name, "events": degree[name],
                       "href": actor_href(ids[name]) if name in ids
                       else f"/timeline?{urlencode({'by': 'actor', 'actor': name})}"}
                      for name in sorted(keep)],
            "edges": kept}


def quotes_data(view: View, speaker: str | None = None, contains: str | None = None,
                since: date | None = None, until: date | None = None, limit: int = 50,
                offset: int = 0) -> dict[str, Any]:
    """Return quotes matching a search, newest first."""
    rows = api.list_quotes(view, speaker, contains, since, until, limit + 1, offset)
    return {"filters": {"speaker": clean(speaker), "contains": clean(contains),
                        "since": since.isoformat() if since else None,
                        "until": until.isoformat() if until else None},
            "quotes": [_quote_item(q) for q in rows[:limit]], "limit": limit, "offset": offset,
            "more": len(rows) > limit}


def actors_data(view: View) -> dict[str, Any]:
    """Return actors with their counts, most mentioned first."""
    return {"actors": api.list_actors(view)}


def actor_data(view: View, actor_id: str) -> dict[str, Any]:
    """Return one actor: its events, its quotes and its stances, each with its evidence."""
    found = view.store.query("SELECT * FROM actors WHERE id = ?", [actor_id])
    if not found:
        raise HTTPException(404, f"no actor {actor_id!r}")
    actor = found[0]
    name = actor["canonical"]
    events = sorted(api.list_events(view, actor=name), key=lambda e: e.get("date") or "",
                    reverse=True)[:50]
    stances = [s for s in api.list_stances(view) if s["party"] in (name, actor.get("country"))]
    return {"actor": actor,
            "events": event_items(view, events),
            "quotes": [_quote_item(q) for q in api.list_quotes(view, speaker=actor_id, limit=20)],
            "stances": [{"issue": s["issue"], "position": s["position"], "date": s["date"],
                         "party": s["party"], "text": (s.get("evidence") or {}).get("text"),
                         "href": stance_href(view, s)}
                        for s in stances]}


def articles_data(view: View, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Return a page of articles, newest first."""
    rows = api.list_articles(view, limit + 1, offset)
    return {"articles": rows[:limit], "limit": limit, "offset": offset,
            "more": len(rows) > limit}


def article_data(view: View, article_id: str, hl: str | None = None) -> dict[str, Any]:
    """Return one article cut into highlighted pieces, with every extraction listed."""
    record = api.get_article(view, article_id)
    if record is None:
        raise HTTPException(404, f"no article {article_id!r}")
    mark = _range(hl)
    facts = record_facts(record, mark)
    text = record.get("text") or ""
    paras = [(p["start"], p["end"]) for p in record.get("paragraphs") or []]
    starts = [s["start"] for s in record.get("sentences") or []]
    pieces = paragraphs(text, facts, starts, paras or None)
    quotes = list(record.get("quotes") or []) + list(record.get("reported") or [])
    return {
        "article": {k: record.get(k) for k in ("id", "title", "url", "outlet", "pub_date",
                                               "pub_date_source", "duplicate_of", "source")},
        "mark": list(mark) if mark else None,
        "paragraphs": [[{"text": p.text, "refs": p.refs, "kinds": p.kinds,
                         "sentence": p.sentence} for p in para] for para in pieces],
        "actors": [{"ref": f"actor-{i}", "name": m.get("name") or m.get("description")
                    or m.get("text"), "text": m.get("text"), "kind": m.get("kind"),
                    "code": m.get("code"), "method": m.get("method")}
                   for i, m in enumerate(record.get("mentions") or [])],
        "events": [{"ref": f"event-{i}", "label": event_label(e), "type": e.get("type"),
                    "cameo": e.get("cameo"), "modality": e.get("modality"),
                    "date": e.get("date"), "text": (e.get("evidence") or {}).get("text")}
                   for i, e in enumerate(record.get("events") or [])],
        "quotes": [{"ref": f"quote-{i}", "text": q.get("text"), "kind": q.get("kind"),
                    "speaker": (q.get("speaker") or {}).get("name")
                    or (q.get("speaker") or {}).get("description") or "unnamed",
                    "cue": q.get("cue"), "medium": q.get("medium")}
                   for i, q in enumerate(quotes)],
        "timexes": [{"ref": f"timex-{i}", "text": t.get("text"), "type": t.get("type"),
                     "value": t.get("value")} for i, t in enumerate(record.get("timexes") or [])],
    }


def _range(hl: str | None) -> tuple[int, int] | None:
    """Return a `start-end` highlight parameter as numbers (None when malformed)."""
    if not hl:
        return None
    start, _, end = hl.partition("-")
    if start.isdigit() and end.isdigit() and len(start) < 10 and len(end) < 10:
        return (int(start), int(end)) if int(start) < int(end) else None
    return None


def brief_data(view: View, since: date | None = None, until: date | None = None,
               diff: bool = False) -> dict:
    """Return the briefing of a period with each citation's evidence link."""
    from communique.errors import InputError

    if since and until and since > until:
        raise HTTPException(422, "since is after until")
    try:
        brief = api.make_brief(view, since, until, diff).to_dict()
    except InputError as error:
        raise HTTPException(422, str(error)) from error
    for section in [*brief["sections"], *(brief.get("diff") or [])]:
        section["claims"] = [_claim(c) for c in section["claims"]]
        section["groups"] = claim_groups(section["claims"])
    return brief


# ---------------------------------------------------------------- routes

Hl = Words("A span to highlight: start-end character offsets.")
By = Query("initiative", pattern="^(initiative|actor)$",
           description="Lanes by initiative or actor.")
PageLimit = Query(50, ge=1, le=api.MAX_PAGE)
PageOffset = Query(0, ge=0, le=api.MAX_OFFSET)
PAGES = ["pages"]


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def overview(request: Request, view: ViewDep) -> HTMLResponse:
    """Overview of the latest developments."""
    return render(request, "overview.html", overview_data(view), "Overview")


@router.get("/index.json", tags=PAGES, responses=api.ERRORS)
def overview_json(view: ViewDep) -> JSONResponse:
    """The overview page's data."""
    return json_twin(overview_data(view))


@router.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
def timeline(request: Request, view: ViewDep, by: str = By,
             initiative: Words("An initiative id.") = None, actor: ActorParam = None,
             since: Since = None, until: Until = None) -> HTMLResponse:
    """The zoomable timeline."""
    data = timeline_data(view, by, clean(initiative), actor, since, until)
    return render(request, "timeline.html", data, "Timeline")


@router.get("/timeline.json", tags=PAGES, responses=api.ERRORS)
def timeline_json(view: ViewDep, by: str = By, initiative: Words("An initiative id.") = None,
                  actor: ActorParam = None, since: Since = None,
                  until: Until = None) -> JSONResponse:
    """The timeline page's data."""
    return json_twin(timeline_data(view, by, clean(initiative), actor, since, until))


@router.get("/initiatives", response_class=HTMLResponse, include_in_schema=False)
def initiatives(request: Request, view: ViewDep) -> HTMLResponse:
    """The initiative tracker."""
    return render(request, "initiatives.html", initiatives_data(view), "Initiatives")


@router.get("/initiatives.json", tags=PAGES, responses=api.ERRORS)
def initiatives_json(view: ViewDep) -> JSONResponse:
    """The initiative tracker's data."""
    return json_twin(initiatives_data(view))


@router.get("/initiatives/{initiative_id}.json", tags=PAGES, responses=api.ERRORS)
def initiative_json(view: ViewDep, initiative_id: str) -> JSONResponse:
    """One initiative page's data."""
    return json_twin(initiative_data(view, initiative_id))


@router.get("/initiatives/{initiative_id}", response_class=HTMLResponse,
            include_in_schema=False)
def initiative(request: Request, view: ViewDep, initiative_id: str) -> HTMLResponse:
    """One initiative: its status history and events."""
    data = initiative_data(view, initiative_id)
    return render(request, "initiative.html", data, data["label"] or initiative_id)


@router.get("/stances", response_class=HTMLResponse, include_in_schema=False)
def stances(request: Request, view: ViewDep,
            issue: Words("Only issues whose name contains these words.") = None) -> HTMLResponse:
    """The stance matrix."""
    return render(request, "stances.html", stances_data(view, issue), "Stances")


@router.get("/stances.json", tags=PAGES, responses=api.ERRORS)
def stances_json(view: ViewDep, issue: Words("Only issues whose name contains these words.")
                 = None) -> JSONResponse:
    """The stance matrix's data."""
    return json_twin(stances_data(view, issue))


@router.get("/network", response_class=HTMLResponse, include_in_schema=False)
def network(request: Request, view: ViewDep, since: Since = None, until: Until = None,
            type: TypeParam = None) -> HTMLResponse:
    """The actor network."""
    return render(request, "network.html", network_data(view, since, until, clean(type)),
                  "Network")


@router.get("/network.json", tags=PAGES, responses=api.ERRORS)
def network_json(view: ViewDep, since: Since = None, until: Until = None,
                 type: TypeParam = None) -> JSONResponse:
    """The actor network's data."""
    return json_twin(network_data(view, since, until, clean(type)))


@router.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
def quotes(request: Request, view: ViewDep, speaker: Words("Speaker.") = None,
           contains: Words("Words the quote contains.") = None, since: Since = None,
           until: Until = None, limit: int = PageLimit, offset: int = PageOffset
           ) -> HTMLResponse:
    """Quote search."""
    data = quotes_data(view, speaker, contains, since, until, limit, offset)
    return render(request, "quotes.html", data, "Quotes")


@router.get("/quotes.json", tags=PAGES, responses=api.ERRORS)
def quotes_json(view: ViewDep, speaker: Words("Speaker.") = None,
                contains: Words("Words the quote contains.") = None, since: Since = None,
                until: Until = None, limit: int = PageLimit,
                offset: int = PageOffset) -> JSONResponse:
    """The quote search's data."""
    return json_twin(quotes_data(view, speaker, contains, since, until, limit, offset))


@router.get("/actors", response_class=HTMLResponse, include_in_schema=False)
def actors(request: Request, view: ViewDep) -> HTMLResponse:
    """The actors."""
    return render(request, "actors.html", actors_data(view), "Actors")


@router.get("/actors.json", tags=PAGES, responses=api.ERRORS)
def actors_json(view: ViewDep) -> JSONResponse:
    """The actors page's data."""
    return json_twin(actors_data(view))


@router.get("/actors/{actor_id}.json", tags=PAGES, responses=api.ERRORS)
def actor_json(view: ViewDep, actor_id: str) -> JSONResponse:
    """One actor page's data."""
    return json_twin(actor_data(view, actor_id))


@router.get("/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
def actor(request: Request, view: ViewDep, actor_id: str) -> HTMLResponse:
    """One actor: events, quotes and stances."""
    data = actor_data(view, actor_id)
    return render(request, "actor.html", data, data["actor"]["canonical"])


@router.get("/articles", response_class=HTMLResponse, include_in_schema=False)
def articles(request: Request, view: ViewDep, limit: int = PageLimit,
             offset: int = PageOffset) -> HTMLResponse:
    """The articles."""
    return render(request, "articles.html", articles_data(view, limit, offset), "Articles")


@router.get("/articles.json", tags=PAGES, responses=api.ERRORS)
def articles_json(view: ViewDep, limit: int = PageLimit, offset: int = PageOffset
                  ) -> JSONResponse:
    """The articles page's data."""
    return json_twin(articles_data(view, limit, offset))


@router.get("/articles/{article_id}.json", tags=PAGES, responses=api.ERRORS)
def article_json(view: ViewDep, article_id: str, hl: Hl = None) -> JSONResponse:
    """One article page's data: the text in highlighted pieces and every extraction."""
    return json_twin(article_data(view, article_id, hl))


@router.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
def article(request: Request, view: ViewDep, article_id: str, hl: Hl = None) -> HTMLResponse:
    """One article with every extraction highlighted."""
    data = article_data(view, article_id, hl)
    return render(request, "article.html", data, data["article"]["title"] or article_id)


@router.get("/brief", response_class=HTMLResponse, include_in_schema=False)
def brief(request: Request, view: ViewDep, since: Since = None,
          until: Until = None, diff: DiffParam = False) -> HTMLResponse:
    """The briefing."""
    return render(request, "brief.html", brief_data(view, since, until, diff), "Brief")


@router.get("/brief.json", tags=PAGES, responses=api.ERRORS)
def brief_json(view: ViewDep, since: Since = None, until: Until = None,
               diff: DiffParam = False) -> JSONResponse:
    """The briefing page's data."""
    return json_twin(brief_data(view, since, until, diff))
