"""The JSON API under /api: one read function per resource, shared with the HTML pages.

Every list is paginated (`limit` up to MAX_PAGE, `offset`) and answers
`{items, limit, offset, next}`, `next` being the address of the following page
or null. Bad parameters are 422, unknown ids 404. The only write endpoint,
POST /api/articles, is off unless the server has a write token.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from communique.errors import InputError, StoreError
from communique.web.app import DEFAULT_PAGE, MAX_PAGE, View, check_token

log = logging.getLogger(__name__)

MAX_OFFSET = 10_000_000
MAX_TEXT_PARAM = 200
WRITE_RETRIES = 20        # tries to get the write lock while readers hold the file

router = APIRouter(prefix="/api")


class Page(BaseModel):
    """One page of a list."""

    items: list[dict[str, Any]]
    limit: int
    offset: int
    next: str | None = Field(None, description="Address of the next page; null on the last.")


class ErrorOut(BaseModel):
    """An error the client can act on."""

    error: str


class ArticleIn(BaseModel):
    """An article to ingest: its text and what is known about it."""

    text: str = Field(min_length=1, description="The article's text (plain text).")
    title: str | None = Field(None, max_length=1_000)
    url: str | None = Field(None, max_length=4_000)
    outlet: str | None = Field(None, max_length=200)
    date: datetime.date | None = Field(None, description="Publication date (YYYY-MM-DD).")
    id: str | None = Field(None, min_length=1, max_length=200,
                           description="Article id; a hash of the text when absent.")


class Stored(BaseModel):
    """What an ingest through the API did."""

    id: str
    stored: bool = Field(description="False when this text was already stored.")
    linked: bool = Field(description="The negotiation state was updated with it.")
    actors: int
    events: int
    quotes: int


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut}, 503: {"model": ErrorOut, "description": "store unavailable"}}


def get_view(request: Request) -> Iterator[View]:
    """Open the store for one request (read-only) and close it afterwards."""
    with request.app.state.access.view() as view:
        yield view


ViewDep = Annotated[View, Depends(get_view)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Rows per page (<= {MAX_PAGE}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]
Since = Annotated[date | None, Query(description="Earliest date (YYYY-MM-DD), inclusive.")]
Until = Annotated[date | None, Query(description="Latest date (YYYY-MM-DD), inclusive.")]
DiffParam = Annotated[bool, Query(description="Add what changed between since and until.")]


def Words(description: str) -> Any:
    """Return an optional bounded text parameter."""
    return Annotated[str | None, Query(max_length=MAX_TEXT_PARAM, description=description)]


ActorParam = Words("A party: name, country, store id or CAMEO code prefix (UKR).")
TypeParam = Words("Coarse type (consult, agree, reject...) or CAMEO code prefix (04).")


def clean(value: str | None) -> str | None:
    """Return a text parameter without control characters, None when nothing is left."""
    if value is None:
        return None
    kept = "".join(ch for ch in value if ch.isprintable()).strip()
    return kept or None


def page(request: Request, rows: list[dict[str, Any]], limit: int, offset: int) -> dict:
    """Return a page envelope; `rows` may hold one row more than `limit` (then there is a next)."""
    more = len(rows) > limit
    next_url = None
    if more:
        params = dict(request.query_params)
        params.update(limit=str(limit), offset=str(offset + limit))
        next_url = f"{request.url.path}?{urlencode(params)}"
    return {"items": rows[:limit], "limit": limit, "offset": offset, "next": next_url}


# ---------------------------------------------------------------- read functions (API + pages)


def list_articles(view: View, limit: int = DEFAULT_PAGE, offset: int = 0) -> list[dict]:
    """Return articles newest first (no text), with extraction counts."""
    return view.store.articles(limit=limit, offset=offset)


def get_article(view: View, article_id: str) -> dict[str, Any] | None:
    """Return one article with every extraction, or None."""
    return view.store.article(article_id)


def list_events(view: View, since: date | None = None, until: date | None = None,
                actor: str | None = None, type: str | None = None,
                initiative: str | None = None) -> list[dict[str, Any]]:
    """Return linked events (one per real-world event) in date order, filtered."""
    from communique.linking.persist import read_events

    rows = read_events(view.state, since=_iso(since), until=_iso(until), actor=clean(actor),
                       type=clean(type))
    if initiative:
        rows = [r for r in rows if r.get("initiative_id") == initiative]
    return rows


def event_sources(view: View, linked_event_id: str) -> list[dict[str, Any]]:
    """Return the article mentions of one linked event with their evidence."""
    return view.state.query(
        "SELECT article_id, event_idx, is_copy, score FROM event_links "
        "WHERE linked_event_id = ? ORDER BY article_id, event_idx", [linked_event_id])


def list_quotes(view: View, speaker: str | None = None, contains: str | None = None,
                since: date | None = None, until: date | None = None,
                limit: int = DEFAULT_PAGE, offset: int = 0) -> list[dict[str, Any]]:
    """Return quotes newest first, by speaker and words."""
    return view.store.quotes(speaker=clean(speaker), contains=clean(contains), since=since,
                             until=until, limit=limit, offset=offset)


def list_actors(view: View) -> list[dict[str, Any]]:
    """Return actors, most mentioned first, with their counts."""
    return view.store.actors()


def list_initiatives(view: View) -> list[dict[str, Any]]:
    """Return initiatives by first appearance, with their current status."""
    from communique.linking.persist import read_initiatives

    return read_initiatives(view.state)


def get_initiative(view: View, initiative_id: str) -> dict[str, Any] | None:
    """Return one initiative with its status history, or None."""
    from communique.linking.persist import read_initiative

    return read_initiative(view.state, initiative_id)


def list_stances(view: View, issue: str | None = None) -> list[dict[str, Any]]:
    """Return the stance matrix: each party's latest position per issue, with its history."""
    from communique.linking.persist import read_stances

    return read_stances(view.state, issue=clean(issue))


def list_contradictions(view: View) -> list[dict[str, Any]]:
    """Return contradictions between sources."""
    from communique.linking.persist import read_contradictions

    return read_contradictions(view.state)


def make_brief(view: View, since: date | None = None, until: date | None = None,
               diff: bool = False) -> Any:
    """Return the briefing (report.briefing.Brief) for a period; the latest week by default.

    With `diff`, it adds what changed between the two dates (statuses, stances).
    """
    from communique.report.briefing import build_brief

    return build_brief(view.state, since=since, until=until, diff=diff)  # articles + state


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _found(item: Any, what: str, key: str) -> Any:
    if item is None:
        raise HTTPException(404, f"no {what} {key!r}")
    return item


# ---------------------------------------------------------------- routes


@router.get("/articles", response_model=Page, tags=["articles"], responses=ERRORS)
def articles(request: Request, view: ViewDep, limit: Limit = DEFAULT_PAGE,
             offset: Offset = 0) -> dict:
    """List articles, newest first, with their extraction counts."""
    return page(request, list_articles(view, limit + 1, offset), limit, offset)


@router.get("/articles/{article_id}", tags=["articles"], responses=ERRORS)
def article(view: ViewDep, article_id: str) -> dict[str, Any]:
    """Return one article: its text and every extraction (actors, events, quotes, timexes)."""
    return _found(get_article(view, article_id), "article", article_id)


@router.get("/events", response_model=Page, tags=["events"], responses=ERRORS)
def events(request: Request, view: ViewDep, since: Since = None, until: Until = None,
           actor: ActorParam = None, type: TypeParam = None,
           initiative: Words("An initiative id.") = None,
           limit: Limit = DEFAULT_PAGE, offset: Offset = 0) -> dict:
    """List linked events (one per real-world event, with source counts), by date."""
    rows = list_events(view, since, until, actor, type, clean(initiative))
    return page(request, rows[offset: offset + limit + 1], limit, offset)


@router.get("/events/{event_id}", tags=["events"], responses=ERRORS)
def event(view: ViewDep, event_id: str) -> dict[str, Any]:
    """Return one linked event with the article mentions that report it."""
    found = view.state.query("SELECT * FROM linked_events WHERE id = ?", [event_id])
    row = _found(found[0] if found else None, "event", event_id)
    return dict(row, sources=event_sources(view, event_id))


@router.get("/quotes", response_model=Page, tags=["quotes"], responses=ERRORS)
def quotes(request: Request, view: ViewDep,
           speaker: Words("Speaker: name, actor id, code, or words of a description.") = None,
           contains: Words("Words the quote contains (any case).") = None,
           since: Since = None, until: Until = None,
           limit: Limit = DEFAULT_PAGE, offset: Offset = 0) -> dict:
    """Search quotes: who said what, when, and where."""
    rows = list_quotes(view, speaker, contains, since, until, limit + 1, offset)
    return page(request, rows, limit, offset)


@router.get("/actors", response_model=Page, tags=["actors"], responses=ERRORS)
def actors(request: Request, view: ViewDep, limit: Limit = DEFAULT_PAGE,
           offset: Offset = 0) -> dict:
    """List actors, most mentioned first, with mention, article, event and quote counts."""
    return page(request, list_actors(view)[offset: offset + limit + 1], limit, offset)


@router.get("/initiatives", response_model=Page, tags=["initiatives"], responses=ERRORS)
def initiatives(request: Request, view: ViewDep,
                status: Words("Only initiatives whose current status is this.") = None,
                limit: Limit = DEFAULT_PAGE, offset: Offset = 0) -> dict:
    """List initiatives (ceasefires, deals, aid packages...) with their current status."""
    rows = list_initiatives(view)
    if clean(status):
        rows = [r for r in rows if r.get("status") == clean(status)]
    return page(request, rows[offset: offset + limit + 1], limit, offset)


@router.get("/initiatives/{initiative_id}", tags=["initiatives"], responses=ERRORS)
def initiative(view: ViewDep, initiative_id: str) -> dict[str, Any]:
    """Return one initiative with its dated status history, each step with its sources."""
    return _found(get_initiative(view, initiative_id), "initiative", initiative_id)


@router.get("/stances", response_model=Page, tags=["stances"], responses=ERRORS)
def stances(request: Request, view: ViewDep,
            issue: Words("Only issues whose name contains these words (or an issue id).") = None,
            limit: Limit = DEFAULT_PAGE, offset: Offset = 0) -> dict:
    """Return the stance matrix: each party's current position on each issue, with evidence."""
    rows = list_stances(view, issue)
    return page(request, rows[offset: offset + limit + 1], limit, offset)


@router.get("/contradictions", response_model=Page, tags=["contradictions"], responses=ERRORS)
def contradictions(request: Request, view: ViewDep, limit: Limit = DEFAULT_PAGE,
                   offset: Offset = 0) -> dict:
    """List contradictions: pairs of statements that cannot both be true, with both sources."""
    rows = list_contradictions(view)
    return page(request, rows[offset: offset + limit + 1], limit, offset)


@router.get("/brief", tags=["brief"], responses=ERRORS)
def brief(view: ViewDep, since: Since = None, until: Until = None,
          diff: DiffParam = False) -> dict[str, Any]:
    """Return the briefing for a period (the latest week by default): claims with citations."""
    if since and until and since > until:
        raise HTTPException(422, "since is after until")
    try:
        return make_brief(view, since, until, diff).to_dict()
    except InputError as error:
        raise HTTPException(422, str(error)) from error


@router.post("/articles", response_model=Stored, status_code=201, tags=["articles"],
             dependencies=[Depends(check_token)],
             responses={400: {"model": ErrorOut, "description": "unreadable body or article"},
                        401: {"model": ErrorOut}, 403: {"model": ErrorOut},
                        413: {"model": ErrorOut}, 503: {"model": ErrorOut}})
def add_article(request: Request, body: ArticleIn) -> dict[str, Any]:
    """Ingest one article's text (extract, then store); needs the server's write token."""
    return ingest_text(request.app.state.access.path, body, request.app.state.settings)


def ingest_text(store_path: str, body: ArticleIn, settings: Any) -> dict[str, Any]:
    """Extract one posted article, store and link it; the write lock is held only for that."""
    from communique.ingest.tables import read_record
    from communique.linking.persist import link_store
    from communique.pipeline import extract_each
    from communique.records import InputFailure, content_hash
    from communique.store import Store

    payload = body.model_dump(exclude_none=True)
    if body.date:
        payload["date"] = body.date.isoformat()
    fallback = "api-" + content_hash(body.text)[:16]
    item = read_record(payload, name="POST /api/articles", fallback_id=fallback,
                       settings=settings, date=None, fetch_url=None)
    if isinstance(item, InputFailure):
        raise HTTPException(400, f"{item.input}: {item.reason}")
    record = next(extract_each([item], batch_size=1))
    if isinstance(record, InputFailure):
        raise HTTPException(400, f"{record.input}: {record.reason}")
    for attempt in range(WRITE_RETRIES):
        try:
            with Store.open(store_path) as store:
                stored = store.add(record, article=item)
                if stored:   # as `ingest` does: the new article joins the state at once
                    link_store(store)
            break
        except StoreError as error:
            if "configuration" not in str(error) or attempt == WRITE_RETRIES - 1:
                raise
            time.sleep(0.1)   # a reader of this process holds the file read-only
    return {"id": record.id, "stored": stored, "linked": stored, "actors": len(record.actors),
            "events": len(record.events), "quotes": len(record.quotes)}
