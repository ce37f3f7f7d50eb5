"""The weekly briefing: what happened between two dates, every sentence with its sources.

`build_brief(store, since, until)` reads the store (articles, quotes and the
negotiation state written by `communique link`) and returns a `Brief`:
sections of `Claim`s, each a sentence generated from the data (no language
model) with at least one `Citation` that resolves to a stored sentence.
Candidates whose evidence cannot be found in a stored article are left out
rather than printed without a source. `diff=True` adds what changed between
the two dates: initiative statuses and stances as of `since` against `until`.
`render_brief` turns a brief into Markdown or HTML with the Jinja2 templates.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from communique.errors import InputError
from communique.report.evidence import Citation, Evidence
from communique.report.phrasing import (
    STATUS_WORDS,
    cap,
    contradiction_sentence,
    event_sentence,
    join_names,
    names,
    nice_date,
    on_day,
    parse_day,
    position_phrase,
    position_state,
    quote_sentence,
    step_sentence,
    the,
)
from communique.report.reading import linked_events, read_steps, step_sources
from communique.report.render import render

if TYPE_CHECKING:
    from communique.store import Store

log = logging.getLogger(__name__)

MAX_CITATIONS = 4         # sources shown per claim (the rest are counted)
MAX_QUOTES = 10           # key quotes per brief
QUOTES_PER_SPEAKER = 2
MIN_QUOTE_WORDS = 6       # shorter quotes are usually fragments ("a good call")
MAX_STANCE_ISSUES = 12
WINDOW_DAYS = 7           # default briefing period
REPORT_DAYS = 7           # a party's same step reported again within this many days is one act
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "approximate": 4}
MAX_HEADING_PARTIES = 3    # parties that tell two same-named initiatives apart in a heading
IN_PERIOD = "coalesce(date, first_report) BETWEEN ? AND ?"   # a linked event's day, in SQL
QUOTED_KINDS = ("person", "organisation", "state")   # speakers worth quoting by name

SECTIONS = (
    ("headlines", "Headline developments"),
    ("meetings", "Meetings and calls"),
    ("quotes", "Who said what"),
    ("stances", "Stance changes"),
    ("violations", "Alleged violations"),
    ("contradictions", "Contradictions between sources"),
)
DIFF_SECTIONS = (
    ("initiative_changes", "Initiatives: status then and now"),
    ("stance_changes", "Stances: then and now"),
)


@dataclass
class Claim:
    """One sentence of a brief and the sources that state it."""

    text: str
    citations: list[Citation]
    date: str | None = None
    kind: str = ""
    group: str | None = None       # the topic a claim sits under (an initiative's label)
    more_sources: int = 0          # further sources not listed in `citations`
    refs: dict[str, str] = field(default_factory=dict)   # ids of what the claim is about
    quote: str | None = None       # the quoted words, for "who said what"
    speaker: str | None = None


@dataclass
class Section:
    """A titled list of claims."""

    key: str
    title: str
    claims: list[Claim] = field(default_factory=list)

    def groups(self) -> list[tuple[str | None, list[Claim]]]:
        """Return the claims as runs of one group each, in order."""
        runs: list[tuple[str | None, list[Claim]]] = []
        for claim in self.claims:
            if runs and runs[-1][0] == claim.group:
                runs[-1][1].append(claim)
            else:
                runs.append((claim.group, [claim]))
        return runs


@dataclass
class Brief:
    """A briefing for a period: sections of cited claims (and what changed, when asked)."""

    since: str
    until: str
    sections: list[Section]
    diff: list[Section] | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def claims(self) -> list[Claim]:
        """Return every claim of the brief, diff included."""
        return [c for s in [*self.sections, *(self.diff or [])] for c in s.claims]

    def sources(self) -> list[Citation]:
        """Return one citation per cited article (its first), by date then source name."""
        first: dict[str, Citation] = {}
        for claim in self.claims():
            for cite in claim.citations:
                first.setdefault(cite.article_id, cite)
        return sorted(first.values(), key=lambda c: (c.date or "9999", c.source_name,
                                                     c.article_id))

    def to_dict(self) -> dict[str, Any]:
        """Return the brief as JSON-ready data (each citation with its label and link)."""
        data = asdict(self)
        for section in [*data["sections"], *(data["diff"] or [])]:
            for claim in section["claims"]:
                for cite in claim["citations"]:
                    citation = Citation(**cite)
                    cite.update(label=citation.label, link=citation.link())
        return data


# ---------------------------------------------------------------- period


def latest_day(store: Store) -> date | None:
    """Return the latest publication or event date in the store (future dates ignored)."""
    row = store.query("SELECT greatest(max(pub_date), (SELECT max(date) FROM events "
                      "WHERE date <= current_date + 366)) AS d FROM articles")
    return parse_day(row[0]["d"]) if row and row[0]["d"] else None


def earliest_day(store: Store) -> date | None:
    """Return the earliest publication date in the store."""
    row = store.query("SELECT min(pub_date) AS d FROM articles")
    return parse_day(row[0]["d"]) if row and row[0]["d"] else None


def default_window(store: Store, since: str | date | None = None,
                   until: str | date | None = None) -> tuple[date, date]:
    """Return (since, until): given bounds, else the last WINDOW_DAYS days of the data."""
    end = parse_day(until, "until") or latest_day(store) or date.today()
    start = parse_day(since, "since") or end - timedelta(days=WINDOW_DAYS - 1)
    if start > end:
        raise InputError(f"since ({start}) is after until ({end})",
                         hint="give --since before --until")
    return start, end


# ---------------------------------------------------------------- building


class _Builder:
    """Collect the claims of one brief from one store."""

    def __init__(self, store: Store, since: date, until: date) -> None:
        self.store = store
        self.since, self.until = since, until
        self.evidence = Evidence(store)

    def inside(self, day: date | None) -> bool:
        """Return True when a day falls in the period."""
        return day is not None and self.since <= day <= self.until

    def claim(self, text: str, sources: list[dict[str, Any]], **kw: Any) -> Claim | None:
        """Return a claim citing every source that resolves (None when none does)."""
        cites: list[Citation] = []
        seen: set[str] = set()
        for src in sources:
            cite = self.evidence.cite(src.get("article_id"), src.get("start"), src.get("end"),
                                      src.get("text"))
            if cite is None or cite.article_id in seen:
                continue   # one span per article: the rest repeat the same source
            seen.add(cite.article_id)
            cites.append(cite)
        if not cites:
            return None
        return Claim(text=text, citations=cites[:MAX_CITATIONS],
                     more_sources=max(0, len(cites) - MAX_CITATIONS), **kw)

    def keep(self, claims: list[Claim], *found: Claim | None) -> None:
        """Append the claims that could be cited."""
        claims.extend(c for c in found if c is not None)

    # ------------------------------------------------------------ initiatives

    def headlines(self, steps: list[dict[str, Any]]) -> list[Claim]:
        """Return each initiative's status news of the period: where it stands, then each step."""
        found: list[tuple[date, list[Claim]]] = []
        for label, rows in topics(steps).items():
            inside = [r for r in rows if self.inside(r["day"])]
            if not inside:
                continue
            before = [r for r in rows if r["day"] and r["day"] < self.since]
            was = before[-1]["status"] if before else None
            now = inside[-1]
            group = cap(label)
            claims: list[Claim] = []
            if was is None:
                lead = (f"First reported on {nice_date(inside[0]['day'].isoformat())}; "
                        f"latest status: {STATUS_WORDS.get(now['status'], now['status'])}.")
                sources = step_sources(inside[0]) + step_sources(now)
            elif was != now["status"]:
                lead = (f"Status moved from {STATUS_WORDS.get(was, was)} to "
                        f"{STATUS_WORDS.get(now['status'], now['status'])}.")
                sources = step_sources(now)
            else:
                lead, sources = "", []
            acts = merge_steps([r for r in inside
                                if r["status"] != "violation_alleged"])  # see violations
            if was is None and len(acts) == 1 and acts[0][1][-1]["status"] == now["status"]:
                lead = ""   # one new act that is also the latest status: its sentence says it
            if lead:
                self.keep(claims, self.claim(lead, sources, date=now["date"], group=group,
                                             kind="status", refs={"initiative_id":
                                                                  now["initiative_id"]}))
            for text, merged in acts:
                self.keep(claims, self.claim(
                    text, [s for step in merged for s in step_sources(step)],
                    date=_most_precise(merged)["date"], group=group, kind=merged[0]["status"],
                    refs={"initiative_id": merged[0]["initiative_id"]}))
            if claims:
                found.append((inside[-1]["day"], claims))
        # the most recent news first, as a reader of a weekly brief expects
        found.sort(key=lambda item: item[0], reverse=True)
        return [c for _, claims in found for c in claims]

    # ------------------------------------------------------------ linked events

    def meetings(self) -> list[Claim]:
        """Return the meetings and calls of the period (consultations that took place)."""
        claims: list[Claim] = []
        for event in linked_events(self.store, f"type = 'consult' AND modality IN "
                                               f"('asserted', 'alleged') AND {IN_PERIOD}",
                                   [self.since, self.until]):
            if self.inside(event["day"]):
                self.keep(claims, self.claim(event_sentence(event), event["mentions"],
                                             date=event["date"], kind="consult",
                                             refs={"linked_event_id": event["id"]}))
        return claims

    def violations(self, steps: list[dict[str, Any]]) -> list[Claim]:
        """Return alleged violations: status steps and alleged attacks in the period."""
        claims: list[Claim] = []
        covered: set[Any] = set()
        for step in steps:
            if step["status"] != "violation_alleged" or not self.inside(step["day"]):
                continue
            claim = self.claim(step_sentence(step), step_sources(step), date=step["date"],
                               kind="violation_alleged",
                               refs={"initiative_id": step["initiative_id"]})
            if claim:
                claims.append(claim)
                # the alleged act behind a violation step is the same news: say it once
                covered.add(step.get("linked_event_id"))
                covered.add((step["day"], step.get("counterpart_name")
                             or (step.get("extra") or {}).get("counterpart_party")))
        for event in linked_events(self.store, f"modality = 'alleged' AND {IN_PERIOD}",
                                   [self.since, self.until]):
            if (not self.inside(event["day"]) or event["id"] in covered
                    or (event["day"], names(event.get("source"))) in covered):
                continue
            self.keep(claims, self.claim(event_sentence(event), event["mentions"],
                                         date=event["date"],
                                         kind="alleged_" + (event["type"] or "event"),
                                         refs={"linked_event_id": event["id"]}))
        return claims

    # ------------------------------------------------------------ quotes

    def quotes(self) -> list[Claim]:
        """Return the period's key quotes: named speakers, whole words, a few per speaker."""
        rows = self.store.quotes(since=self.since, until=self.until, limit=5000)
        rows = [r for r in rows if r.get("speaker_name") and r.get("kind") != "indirect"
                and r.get("speaker_kind") in QUOTED_KINDS
                and len((r.get("text") or "").split()) >= MIN_QUOTE_WORDS]
        weight: dict[str, int] = defaultdict(int)
        for r in rows:
            weight[r["speaker_name"]] += 1
        # direct quotes before fragments, then the most quoted speakers, longer words first
        rows.sort(key=lambda r: (r["kind"] != "direct", -weight[r["speaker_name"]],
                                 -len(r["text"]), r["article_id"], r["idx"]))
        per: dict[str, int] = defaultdict(int)
        chosen, seen = [], set()
        for r in rows:
            words = " ".join(r["text"].split()).lower()
            if per[r["speaker_name"]] >= QUOTES_PER_SPEAKER or words in seen:
                continue
            per[r["speaker_name"]] += 1
            seen.add(words)
            chosen.append(r)
            if len(chosen) >= MAX_QUOTES:
                break
        chosen.sort(key=lambda r: (r.get("date") or r.get("pub_date") or "", r["article_id"],
                                   r["idx"]))
        claims: list[Claim] = []
        for r in chosen:
            text, words = quote_sentence(r)
            self.keep(claims, self.claim(
                text, [{"article_id": r["article_id"], "start": r["start"], "end": r["end"],
                        "text": r["text"]}],
                date=r.get("date") or r.get("pub_date"), kind="quote", quote=words,
                speaker=r["speaker_name"], refs={"quote": f"{r['article_id']}:{r['idx']}"}))
        return claims

    # ------------------------------------------------------------ stances

    def stance_rows(self) -> list[dict[str, Any]]:
        """Return stance evidence with its effective day, in date order."""
        # the cells with evidence up to the period's end; older evidence says what was before
        rows = self.store.query("""
            SELECT * FROM stances
            WHERE coalesce(date, TRY_CAST(extra->>'pub_date' AS DATE)) <= ?
               OR coalesce(date, TRY_CAST(extra->>'pub_date' AS DATE)) IS NULL""",
                                [self.until])
        for r in rows:
            r["day"] = parse_day(r["date"], strict=False) or parse_day(
                (r.get("extra") or {}).get("pub_date"), strict=False)
        return sorted(rows, key=lambda r: (r["day"] or date.max, r["article_id"] or "",
                                           r["evidence_start"] or 0))

    def stances(self, steps: list[dict[str, Any]]) -> list[Claim]:
        """Return, issue by issue, the parties whose position was stated in the period.

        A stance on an initiative sits under that initiative's topic, so the
        positions of two wars on two same-named ceasefires are not mixed.
        """
        topic_of = {step["initiative_id"]: heading
                    for heading, rows in topics(steps).items() for step in rows}
        by_issue: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(
            lambda: defaultdict(list))
        for r in self.stance_rows():
            issue = topic_of.get(r.get("initiative_id")) or r["issue"] or r["issue_id"]
            by_issue[issue][r["actor_name"]].append(r)
        claims: list[tuple[str, Claim]] = []
        for issue, parties in by_issue.items():
            phrases: dict[str, list[str]] = defaultdict(list)
            changed: list[str] = []
            sources: list[dict[str, Any]] = []
            latest = ""
            for who, rows in sorted(parties.items()):
                inside = [r for r in rows if self.inside(r["day"])]
                if not inside:
                    continue
                before = [r for r in rows if r["day"] and r["day"] < self.since]
                was = before[-1]["position"] if before else None
                now = inside[-1]
                if was == now["position"]:
                    continue  # restated, not changed
                if was:
                    changed.append(f"{who} now {position_phrase(now['position'])} "
                                   f"(previously: {position_state(was)})")
                else:
                    phrases[now["position"]].append(who)
                sources.append({"article_id": now["article_id"], "start": now["evidence_start"],
                                "end": now["evidence_end"], "text": now["evidence_text"]})
                latest = max(latest, now["date"] or "")
            if not phrases and not changed:
                continue
            parts = changed + [f"{join_names(names)} {position_phrase(position, len(names) > 1)}"
                               for position, names in sorted(phrases.items(),
                                                             key=lambda item: -len(item[1]))]
            text = f"On {the(issue)}: {'; '.join(parts)}."
            claim = self.claim(text, sources, date=latest or None, kind="stance",
                               refs={"issue": issue})
            if claim:
                claims.append((latest, claim))
        claims.sort(key=lambda item: item[0], reverse=True)
        return [c for _, c in claims[:MAX_STANCE_ISSUES]]

    # ------------------------------------------------------------ contradictions

    def contradictions(self) -> list[Claim]:
        """Return contradictions whose later statement falls in the period."""
        rows = self.store.query("""
            SELECT c.*, aa.pub_date AS a_pub, ab.pub_date AS b_pub FROM contradictions c
            LEFT JOIN articles aa ON aa.id = c.a_article_id
            LEFT JOIN articles ab ON ab.id = c.b_article_id
            ORDER BY coalesce(c.b_date, ab.pub_date) NULLS LAST, c.id""")
        events = {e["id"]: e for e in linked_events(self.store, "id IN (SELECT unnest(?))", [
            [(r.get("extra") or {}).get("linked_event_id") for r in rows]])}
        claims: list[Claim] = []
        for r in rows:
            days = [d for d in (parse_day(r["a_date"] or r["a_pub"], strict=False),
                                parse_day(r["b_date"] or r["b_pub"], strict=False)) if d]
            if not days or not self.inside(max(days)):
                continue
            sources = [{"article_id": r[f"{s}_article_id"], "start": r[f"{s}_start"],
                        "end": r[f"{s}_end"], "text": r[f"{s}_text"]} for s in ("a", "b")]
            event = events.get((r.get("extra") or {}).get("linked_event_id"))
            self.keep(claims, self.claim(contradiction_sentence(r, event), sources,
                                         date=max(days).isoformat(), kind=r["kind"],
                                         refs={"contradiction_id": r["id"]}))
        return claims

    # ------------------------------------------------------------ diff

    def diff(self, steps: list[dict[str, Any]]) -> list[Section]:
        """Return initiative statuses and stances as of `since` against `until`."""
        then_day, now_day = nice_date(self.since.isoformat()), nice_date(self.until.isoformat())
        inits = Section(*DIFF_SECTIONS[0])
        for label, rows in topics(steps).items():
            rows = [r for r in rows if r["day"] and r["day"] <= self.until]
            if not rows:
                continue
            then = [r for r in rows if r["day"] <= self.since]
            now = rows[-1]
            was = then[-1]["status"] if then else None
            if was == now["status"]:
                continue
            status = STATUS_WORDS.get(now["status"], now["status"])
            text = (f"{cap(the(label))}: {STATUS_WORDS.get(was, was)} on {then_day}, "
                    f"{status} on {now_day}." if was else
                    f"{cap(the(label))}: not on record on {then_day}, {status} on {now_day}.")
            self.keep(inits.claims, self.claim(text, step_sources(now), date=now["date"],
                                               kind="status_diff",
                                               refs={"initiative_id": now["initiative_id"]}))
        stances = Section(*DIFF_SECTIONS[1])
        cells: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for r in self.stance_rows():
            if r["day"] and r["day"] <= self.until:
                cells[(r["actor_name"], r["issue"] or r["issue_id"])].append(r)
        for (who, issue), rows in sorted(cells.items(), key=lambda item: item[0][::-1]):
            then = [r for r in rows if r["day"] <= self.since]
            now = rows[-1]
            was = then[-1]["position"] if then else None
            if was == now["position"]:
                continue
            text = (f"On {the(issue)}, {who}: {position_state(was)} ({then_day}) → "
                    f"{position_state(now['position'])} ({now_day}).")
            self.keep(stances.claims, self.claim(
                text, [{"article_id": now["article_id"], "start": now["evidence_start"],
                        "end": now["evidence_end"], "text": now["evidence_text"]}],
                date=now["date"], kind="stance_diff", refs={"issue": issue, "party": who}))
        return [inits, stances]

    def counts(self) -> dict[str, int]:
        """Return how much the store holds for the period (articles, events, quotes)."""
        params = [self.since, self.until]
        row = self.store.query("""
            SELECT (SELECT count(*) FROM articles WHERE pub_date BETWEEN ? AND ?) AS articles,
                   (SELECT count(DISTINCT outlet) FROM articles WHERE pub_date BETWEEN ? AND ?)
                       AS outlets,
                   (SELECT count(*) FROM linked_events WHERE date BETWEEN ? AND ?)
                       AS linked_events,
                   (SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id
                    WHERE coalesce(q.date, a.pub_date) BETWEEN ? AND ?) AS quotes""",
                               params * 4)
        return row[0]


def topics(steps: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Return initiative steps by topic: same-named initiatives that share a party or a source.

    A reader cannot tell two "21-day ceasefire"s of one negotiation apart, so
    they are told as one; two "ceasefire"s of different wars (no party, no
    article in common) stay apart and their headings name their parties
    ("Ceasefire (Israel, Hamas)").
    """
    marks: dict[str, tuple[str, set[str]]] = {}     # initiative -> (label, parties + articles)
    for step in steps:
        label, found = marks.setdefault(step["initiative_id"], (step["label"], set()))
        found.update(f"party:{p}" for p in step.get("parties") or [])
        found.update(f"article:{src.get('article_id')}" for src in step_sources(step))
    groups: dict[str, list[tuple[set[str], set[str]]]] = defaultdict(list)  # (ids, marks)
    for init_id, (label, found) in marks.items():
        joined = [g for g in groups[label] if g[1] & found]
        ids, merged = {init_id}, set(found)
        for g in joined:
            ids |= g[0]
            merged |= g[1]
            groups[label].remove(g)
        groups[label].append((ids, merged))
    heading_of: dict[str, str] = {}
    for label, found in groups.items():
        for ids, merged in found:
            named = sorted(m[6:] for m in merged if m.startswith("party:"))[:MAX_HEADING_PARTIES]
            heading = f"{label} ({', '.join(named)})" if len(found) > 1 and named else label
            heading_of.update((i, heading) for i in ids)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for step in steps:
        out[heading_of[step["initiative_id"]]].append(step)
    return dict(out)


def merge_same(claims: list[Claim]) -> list[Claim]:
    """Return claims with the same sentence in the same group told once, citing every source."""
    kept: dict[tuple[str | None, str], Claim] = {}
    for claim in claims:
        first = kept.setdefault((claim.group, claim.text), claim)
        if first is claim:
            continue
        known = {c.article_id for c in first.citations}
        extra = [c for c in claim.citations if c.article_id not in known]
        room = MAX_CITATIONS - len(first.citations)
        first.citations += extra[:max(0, room)]
        first.more_sources += claim.more_sources + max(0, len(extra) - max(0, room))
    return list(kept.values())


def merge_steps(steps: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Return one sentence per act, with the parties that did the same thing the same day joined.

    The same party's same step reported again within REPORT_DAYS is one act, dated
    as precisely as any report dates it; then "Ukraine accepted X on 11 March" and
    "the United States accepted X on 11 March" become "Ukraine and the United
    States accepted X on 11 March".
    """
    acts: list[list[dict[str, Any]]] = []
    for step in steps:
        key = _act_key(step)
        same = next((act for act in acts if _act_key(act[0]) == key and step["day"]
                     and act[0]["day"] and (step["day"] - act[0]["day"]).days <= REPORT_DAYS),
                    None)
        if same is None:
            acts.append([step])
        else:
            same.append(step)
    acts = _fold_conditions(acts)
    groups: dict[tuple, list[list[dict[str, Any]]]] = {}
    for act in acts:
        best = _most_precise(act)
        key = (best["status"], on_day(best), _act_key(best)[2], _act_key(best)[3])
        groups.setdefault(key, []).append(act)
    out = []
    for group in groups.values():
        names = list(dict.fromkeys(_act_key(act[0])[1] for act in group if _act_key(act[0])[1]))
        merged = dict(_most_precise(group[0]), actor_name=join_names(names) or None,
                      plural=len(names) > 1)
        out.append((step_sentence(merged), [row for act in group for row in act]))
    return out


def _fold_conditions(acts: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Return acts with a party's conditions folded into its acceptance with conditions that day.

    "X accepted Y with conditions" already says "X set conditions on Y".
    """
    accepted = {(_act_key(act[0])[1], on_day(_most_precise(act))): act for act in acts
                if _act_key(act[0])[0] == "accepted" and _act_key(act[0])[3]}
    out = []
    for act in acts:
        home = accepted.get((_act_key(act[0])[1], on_day(_most_precise(act))))
        if _act_key(act[0])[0] == "conditions_set" and home is not None:
            home.extend(act)
        else:
            out.append(act)
    return out


def _act_key(step: dict[str, Any]) -> tuple[str, str | None, str | None, bool]:
    """Return (status, party, counterpart of a violation, with conditions) of a step."""
    extra = step.get("extra") or {}
    against = (step.get("counterpart_name") or extra.get("counterpart_party")
               if step["status"] == "violation_alleged" else None)
    return (step["status"], step.get("actor_name") or extra.get("party"), against,
            bool(extra.get("conditional")))


def _most_precise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the row whose date is the most precise (a day beats a report date)."""
    return min(rows, key=lambda r: (PRECISION_RANK.get(r.get("date_precision") or "", 9)
                                    if r.get("date") else 10))


def build_brief(store: Store, since: str | date | None = None, until: str | date | None = None,
                diff: bool = False) -> Brief:
    """Build the briefing of a period from the store.

    Args:
        store: an open `communique.store.Store` holding the negotiation state
            (see `communique.report.ensure_state`).
        since, until: the period, inclusive (YYYY-MM-DD); by default the last
            seven days up to the latest date in the store.
        diff: also compare initiative statuses and stances as of `since` and `until`.
    Returns:
        The brief: sections of claims, each with at least one resolvable citation.
    Raises:
        InputError: a bound is not a date, or since is after until.
    """
    start, end = default_window(store, since, until)
    builder = _Builder(store, start, end)
    steps = read_steps(store)
    found = {
        "headlines": builder.headlines(steps),
        "meetings": builder.meetings(),
        "quotes": builder.quotes(),
        "stances": builder.stances(steps),
        "violations": builder.violations(steps),
        "contradictions": builder.contradictions(),
    }
    log.info("brief %s..%s: %s", start, end,
             ", ".join(f"{key} {len(claims)}" for key, claims in found.items()))
    return Brief(since=start.isoformat(), until=end.isoformat(),
                 sections=[Section(key, title, merge_same(found[key]))
                           for key, title in SECTIONS],
                 diff=builder.diff(steps) if diff else None, counts=builder.counts())


def render_brief(brief: Brief, fmt: str = "md", base_url: str = "") -> str:
    """Render a brief as Markdown or a standalone HTML page.

    Args:
        brief: from `build_brief`.
        fmt: "md" or "html".
        base_url: the dashboard address evidence links start with ("" for relative links).
    Returns:
        The document; each claim followed by links to its evidence sentences.
    """
    if fmt not in ("md", "html"):
        raise InputError(f"no brief format {fmt!r}", hint="md or html")
    sections = [*brief.sections, *(brief.diff or [])]
    return render(f"brief.{fmt}.j2", brief=brief, sections=sections, base_url=base_url)
