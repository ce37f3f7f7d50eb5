"""Flatten extraction records into event mentions: the unit that linking compares.

Pure helpers over record dicts (records.py shapes); no spaCy, no database.
An actor's *party* is who it acts for: a person's country, else the actor
itself (a state, an organisation, a group). Linking and stances compare
parties; evidence keeps the person.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from communique.records import UNREAL_MODALITIES
from communique.store.rows import parse_date as parse_day

log = logging.getLogger(__name__)

SYMMETRIC_TYPES = frozenset({"consult", "agree", "release"})
REPORT_WINDOW_DAYS = 10  # an undated event happened at most this long before its report
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")


def date_span(value: Any, precision: str | None) -> tuple[date, date] | None:
    """Return the first and last day an event date can mean, given its precision."""
    day = parse_day(value)
    if day is None:
        return None
    text = str(value)
    if _WEEK.match(text) or precision == "week":
        return day, day + timedelta(days=6)
    if re.fullmatch(r"\d{4}-\d{2}", text) or precision == "month":
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        return day, following - timedelta(days=1)
    if re.fullmatch(r"\d{4}", text) or precision == "year":
        return day, day.replace(month=12, day=31)
    if precision == "approximate":
        return day - timedelta(days=3), day + timedelta(days=3)
    return day, day


def refs(value: Any) -> list[dict[str, Any]]:
    """Return an event's source or target as a list of ActorRefs (named ones only)."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [ref for ref in items if isinstance(ref, dict) and ref.get("name")]


def party(ref: dict[str, Any] | None) -> str | None:
    """Return who an actor acts for: a person's country or organisation, else its own name."""
    if not ref or not ref.get("name"):
        return None
    if ref.get("kind") == "person" and ref.get("country"):
        return str(ref["country"])
    if ref.get("kind") == "person" and ref.get("kb_id") in _organisation_people():
        return _organisation_people()[ref["kb_id"]]
    return str(ref["name"])


@lru_cache(maxsize=1)
def _organisation_people() -> dict[str, str]:
    """Map each known person who holds an office of an organisation to its name (the latest)."""
    from communique.actors.kb import load_kb

    kb = load_kb()
    return {person.id: kb.orgs[role.of].name for person in kb.persons.values()
            for role in sorted(person.roles, key=lambda r: r.start or "") if role.of in kb.orgs}


def actor_ref(ref: dict[str, Any] | None) -> dict[str, Any] | None:
    """Return the ActorRef keys of an actor dict (mention keys dropped)."""
    if not ref:
        return None
    return {key: ref.get(key) for key in ("name", "kind", "country", "sector", "code", "kb_id")}


def span_text(value: Any) -> str:
    """Return the text of an issue/trigger slot that is a string or a {text, ...} dict."""
    if isinstance(value, dict):
        return str(value.get("text") or "")
    if isinstance(value, str):
        return value
    return ""


def span_offsets(value: Any) -> tuple[int, int] | None:
    """Return (start, end) of a slot that carries character offsets, else None."""
    if isinstance(value, dict) and isinstance(value.get("start"), int) \
            and isinstance(value.get("end"), int):
        return value["start"], value["end"]
    return None


def locate_slot(value: Any, text: str, bounds: list[tuple[int, int]], first_word: bool = False
                ) -> tuple[int, int] | None:
    """Return the offsets of an issue/trigger slot: its own, else where its text sits.

    Extraction gives slots as plain strings; they are looked for inside each of
    `bounds` in turn (the evidence span, then the sentence). A trigger may join
    words that are apart in the text ("told ... take"), so only its first word
    is looked for (`first_word`).
    """
    own = span_offsets(value)
    if own is not None:
        return own
    wanted = span_text(value).strip()
    if first_word:
        wanted = wanted.split()[0] if wanted.split() else ""
    if not wanted:
        return None
    pattern = re.compile(rf"(?<![\w-]){re.escape(wanted)}(?![\w])", re.I)
    for lo, hi in bounds:
        found = pattern.search(text, lo, hi)
        if found:
            return found.start(), found.end()
    return None


def outlet_key(record: dict[str, Any]) -> str:
    """Return the outlet an article counts for: its outlet, its URL's host, else itself."""
    if record.get("outlet"):
        return str(record["outlet"]).strip().lower()
    host = urlparse(record.get("url") or "").netloc.lower()
    if host:
        return host.removeprefix("www.")
    return f"article:{record.get('id')}"


@dataclass
class Sentences:
    """Sentence lookup for one article's text (record.sentences offsets)."""

    text: str
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, record: dict[str, Any]) -> Sentences:
        """Build the lookup from a record (one sentence for the whole text when none)."""
        spans = sorted((s["start"], s["end"]) for s in record.get("sentences") or [])
        text = record.get("text") or ""
        if not spans:
            spans = _split_sentences(text)
        return cls(text, [s for s, _ in spans], [e for _, e in spans])

    def index(self, offset: int) -> int:
        """Return the index of the sentence holding a character offset."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def span(self, i: int) -> tuple[int, int]:
        """Return the character offsets of sentence i."""
        return self.starts[i], self.ends[i]

    def __len__(self) -> int:
        return len(self.starts)


def _split_sentences(text: str) -> list[tuple[int, int]]:
    """Split text at full stops and line breaks (a fallback when a record has no sentences)."""
    out = [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+(?:[.!?]+[\"'”’]?|$)", text)]
    return [(s, e) for s, e in out if text[s:e].strip()] or [(0, len(text))]


def reality(modality: str | None) -> str:
    """Return the modality class linking keeps apart: real or unreal (planned, hypothetical...).

    A denial ("X denied shelling the town") is linked with the reports of the
    event it denies: it is one more source on that event, and the pair is a
    contradiction.
    """
    if modality in UNREAL_MODALITIES - {"negated"}:
        return "unreal"
    return "real"


@dataclass
class Mention:
    """One article-level event with what linking and the state need from its article."""

    article_id: str
    idx: int
    type: str
    modality: str
    sources: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    date: str | None
    date_precision: str | None
    pub_date: str | None
    outlet: str | None
    outlet_key: str
    origin: str
    is_copy: bool
    sentence: str
    sentence_start: int
    sentence_idx: int
    issue: str
    event: dict[str, Any] = field(repr=False)
    trigger_span: tuple[int, int] | None = None
    issue_span: tuple[int, int] | None = None
    obj: tuple[str, str | None] | None = None  # the initiative it is about: (type, scope)

    @property
    def key(self) -> str:
        """Return the mention's stable key, "<article_id>:<idx>"."""
        return f"{self.article_id}:{self.idx}"

    @property
    def symmetric(self) -> bool:
        """Return True for types whose direction does not matter (consult, agree, release)."""
        return self.type in SYMMETRIC_TYPES

    @property
    def source_parties(self) -> frozenset[str]:
        """Return the parties of the source actors."""
        return frozenset(p for p in map(party, self.sources) if p)

    @property
    def target_parties(self) -> frozenset[str]:
        """Return the parties of the target actors."""
        return frozenset(p for p in map(party, self.targets) if p)

    @property
    def parties(self) -> frozenset[str]:
        """Return every party taking part."""
        return self.source_parties | self.target_parties

    @property
    def names(self) -> frozenset[str]:
        """Return the names of every actor taking part."""
        return frozenset(r["name"] for r in self.sources + self.targets)

    def window(self) -> tuple[date, date] | None:
        """Return the days the event can have happened on (its date, else before its report)."""
        span = date_span(self.date, self.date_precision)
        if span:
            return span
        reported = parse_day(self.pub_date)
        if reported is None:
            return None
        return reported - timedelta(days=REPORT_WINDOW_DAYS), reported

    def evidence(self) -> dict[str, Any]:
        """Return the mention's evidence: article, outlet, dates and sentence offsets."""
        ev = self.event.get("evidence") or {}
        return {"article_id": self.article_id, "event_idx": self.idx, "outlet": self.outlet,
                "pub_date": self.pub_date, "date": self.date,
                "text": ev.get("text") or self.sentence, "start": ev.get("start"),
                "end": ev.get("end"), "sentence": self.sentence_idx}


def origin_of(record: dict[str, Any]) -> str:
    """Return the article a record counts as: the one it is a wire copy of, else itself."""
    return str(record.get("duplicate_of") or record["id"])


def record_mentions(record: dict[str, Any]) -> list[Mention]:
    """Return the event mentions of one record (one per event that has a type).

    A wire copy keeps its own outlet (the outlet did carry the story) but counts
    as the article it copies (`origin`), so article counts take it once.
    """
    sentences = Sentences.of(record)
    text = record.get("text") or ""
    key = outlet_key(record)
    out: list[Mention] = []
    for idx, event in enumerate(record.get("events") or []):
        if not event.get("type"):
            continue
        ev = event.get("evidence") or {}
        start = ev.get("start") if isinstance(ev.get("start"), int) else None
        if start is None:
            found = text.find(ev.get("text") or "\0")
            start = found if found >= 0 else 0
        i = sentences.index(start)
        s, e = sentences.span(i) if len(sentences) else (0, len(text))
        bounds = [(start, ev["end"]) if isinstance(ev.get("end"), int) else (s, e), (s, e)]
        out.append(Mention(
            article_id=str(record["id"]), idx=idx, type=str(event["type"]),
            modality=str(event.get("modality") or "asserted"),
            sources=refs(event.get("source")), targets=refs(event.get("target")),
            date=event.get("date"), date_precision=event.get("date_precision"),
            pub_date=record.get("pub_date"), outlet=record.get("outlet"), outlet_key=key,
            origin=origin_of(record), is_copy=bool(record.get("duplicate_of")),
            sentence=text[s:e], sentence_start=s, sentence_idx=i,
            issue=span_text(event.get("issue")), event=event,
            trigger_span=locate_slot(event.get("trigger"), text, bounds, first_word=True),
            issue_span=locate_slot(event.get("issue"), text, bounds)))
    return out
