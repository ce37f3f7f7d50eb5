"""Turn tests/data/corpus_negotiation + corpus_events.jsonl into extraction-record dicts.

The records are what a perfect per-article extraction would give, so the
state layer can be checked against truth.json on its own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from communique.records import content_hash

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "data" / "corpus_negotiation"
SPECS = HERE / "corpus_events.jsonl"
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[A-Z\"“‘'])")


def load_truth() -> dict[str, Any]:
    """Return truth.json."""
    return json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))


def load_articles() -> list[dict[str, Any]]:
    """Return the corpus articles."""
    lines = (CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _ref(name, kind, country=None, code=None):
    return {"name": name, "kind": kind, "country": country, "sector": None, "code": code,
            "kb_id": None}


def actor_table(truth: dict[str, Any]) -> tuple[dict[str, dict], dict[str, dict]]:
    """Return name -> ActorRef and alias -> ActorRef for the invented world."""
    refs: dict[str, dict] = {}
    aliases: dict[str, dict] = {}
    for actor in truth["actors"]:
        kind = actor["kind"]
        code = ("IGO" if kind == "organisation" else "") + actor["name"][:3].upper()
        ref = _ref(actor["name"], kind, actor.get("country"), code)
        refs[actor["name"]] = ref
        for alias in [actor["name"], *actor.get("aliases", []), actor.get("demonym"),
                      actor.get("demonym_plural"), actor.get("capital")]:
            if alias:
                aliases[alias] = ref
        for person in actor.get("people", []):
            country = actor["name"] if kind == "state" else None
            pref = _ref(person["name"], "person", country, code + "GOV")
            refs[person["name"]] = pref
            aliases[person["name"]] = pref
            aliases[person["name"].split()[-1]] = pref
    return refs, aliases


def _sentences(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for para in text.split("\n"):
        start = pos
        pos += len(para) + 1
        if not para.strip():
            continue
        cut = start
        for m in _SENTENCE.finditer(para):
            end = start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip("\"”’'")))
            end = start + m.end() - len(m.group(0)) + len(m.group(0).rstrip())
            out.append((cut, end))
            cut = start + m.end()
        out.append((cut, start + len(para)))
    return [(s, e) for s, e in out if e > s]


def _mentions(text: str, aliases: dict[str, dict]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for alias, ref in sorted(aliases.items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", text):
            if any(o["start"] <= m.start() < o["end"] or m.start() <= o["start"] < m.end()
                   for o in out):
                continue
            out.append(dict(ref, text=alias, start=m.start(), end=m.end(), confidence=1.0,
                            method="kb"))
    return sorted(out, key=lambda o: o["start"])


def _parties(value: Any, refs: dict[str, dict]) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [refs[v] for v in value]
    return refs[value]


def build_records() -> list[dict[str, Any]]:
    """Return one extraction-record dict per corpus article."""
    truth = load_truth()
    refs, aliases = actor_table(truth)
    copies = {d["id"]: d["duplicate_of"] for d in truth["duplicates"]}
    specs = [json.loads(line) for line in SPECS.read_text(encoding="utf-8").splitlines()
             if line.strip() and "_about" not in line]
    records = []
    for art in load_articles():
        text = art["text"]
        spans = _sentences(text)
        prefix = art["id"][:3]
        own = [s for s in specs if s["article"] == prefix]
        if art["id"] in copies:
            own = [s for s in specs if s["article"] == copies[art["id"]][:3]]
        record = {"id": art["id"], "pub_date": art["date"], "pub_date_source": "given",
                  "title": art["title"], "url": art["url"], "outlet": art["outlet"],
                  "text": text, "hash": content_hash(text),
                  "duplicate_of": copies.get(art["id"]), "actors": [],
                  "mentions": _mentions(text, aliases), "timexes": [], "quotes": [],
                  "events": [], "dropped": [],
                  "sentences": [{"start": s, "end": e} for s, e in spans]}
        for spec in own:
            _apply(record, spec, refs, spans)
        record["mentions"].sort(key=lambda m: m["start"])
        records.append(record)
    return records


def _find(text: str, words: str, lo: int = 0, hi: int | None = None) -> int:
    at = text.find(words, lo, hi if hi is not None else len(text))
    if at < 0:
        at = text.find(words.rstrip(","), lo, hi if hi is not None else len(text))
    if at < 0:
        raise ValueError(f"not in the article: {words!r}")
    return at


def _apply(record: dict[str, Any], spec: dict[str, Any], refs: dict[str, dict],
           spans: list[tuple[int, int]]) -> None:
    text = record["text"]
    if "quote" in spec:
        words = spec["quote"].rstrip(",") if spec["quote"] not in text else spec["quote"]
        at = _find(text, words)
        speaker = refs[spec["speaker"]]
        record["quotes"].append({
            "text": words, "start": at, "end": at + len(words),
            "kind": spec.get("kind", "direct"),
            "speaker": dict(speaker, description=None, mention=None), "cue": "said",
            "medium": None, "addressee": None, "date": None, "date_precision": None})
        return
    if "mention" in spec:
        at = _find(text, spec["at"])
        record["mentions"].append(dict(refs[spec["actor"]], text=spec["mention"], start=at,
                                       end=at + len(spec["mention"]), confidence=0.8,
                                       method="coref"))
        return
    if "timex" in spec:
        at = _find(text, spec["at"]) + spec["at"].index(spec["timex"])
        record["timexes"].append({"text": spec["timex"], "start": at,
                                  "end": at + len(spec["timex"]), "type": "DATE",
                                  "value": spec["value"]})
        return
    start = _find(text, spec["evidence"])
    end = start + len(spec["evidence"])
    sentence = next(i for i, (s, e) in enumerate(spans) if s <= start < e)
    slot = {}
    for key in ("trigger", "issue"):
        if spec.get(key):
            at = _find(text, spec[key], start, end)
            slot[key] = {"text": spec[key], "start": at, "end": at + len(spec[key])}
    record["events"].append({
        "type": spec["type"], "cameo": None, "plover": None, "goldstein": None,
        "quad_class": None, "source": _parties(spec["source"], refs),
        "target": _parties(spec.get("target"), refs), "issue": slot.get("issue"),
        "modality": spec.get("modality", "asserted"), "date": spec.get("date"),
        "date_precision": "day" if spec.get("date") else None,
        "evidence": {"text": spec["evidence"], "start": start, "end": end,
                     "sentence": sentence},
        "in_quote": bool(spec.get("in_quote")),
        "reporter": refs[spec["reporter"]] if spec.get("reporter") else None,
        "trigger": slot.get("trigger"), "confidence": 1.0})


# ---------------------------------------------------------------- recovery of the truth


def party_namer(truth: dict[str, Any]) -> Any:
    """Return a function naming the truth actor a party stands for (a person: their state or body).

    A real extraction does not know the invented world, so a party may be a
    person's name ("Maja Tollef", "Major Teo Brask"); it counts for that person's state.
    """
    _, aliases = actor_table(truth)
    member_of = {person["name"]: actor["name"] for actor in truth["actors"]
                 for person in actor.get("people", [])}

    def name(value: str | None) -> str | None:
        if not value:
            return None
        ref = aliases.get(value) or next(
            (r for alias, r in sorted(aliases.items(), key=lambda kv: -len(kv[0]))
             if len(alias) > 3 and value.endswith(alias)), None)
        if ref is None:
            return value
        return member_of.get(ref["name"], ref["name"])

    return name


def recovery(state: dict[str, Any], truth: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Return (found, expected) per part of truth.json that a state recovers.

    Lenient on names (a person counts for their state) and strict on what was
    linked, dated and decided: linked events (two of its articles in one linked
    event of its type), initiative steps (type, status, party, date), stance
    positions (party and position on an initiative of the truth's type) and
    contradictions (kind and the article of each side; of the allegation for a
    violation). `false_links` counts linked events that join articles no truth
    event joins, whatever its type (found = wrong ones).
    """
    name = party_namer(truth)
    out: dict[str, tuple[int, int]] = {}
    truth_events = {e["id"]: e for e in truth["events"]}
    joined = [(le["type"], {m["article_id"] for m in le["mentions"]})
              for le in state["linked_events"]]
    hits = sum(any(kind == truth_events[x["event"]]["type"]
                   and len(articles & set(x["articles"])) >= 2 for kind, articles in joined)
               for x in truth["linked_events"])
    out["linked_events"] = (hits, len(truth["linked_events"]))
    copies = {d["id"] for d in truth["duplicates"]}
    multi = [(kind, articles - copies) for kind, articles in joined if len(articles - copies) > 1]
    # a join is right when some truth event has all its articles, whatever type was coded
    wrong = sum(not any(articles <= set(e.get("reported_by", [])) | set(e.get("background", []))
                        for e in truth["events"]) for _, articles in multi)
    out["false_links"] = (wrong, len(multi))
    steps = {(i["type"], h["status"], name(h["party"]), h["date"])
             for i in state["initiatives"] for h in i["history"]}
    want = [(i["type"], h["status"], h.get("by"), h["date"]) for i in truth["initiatives"]
            for h in i["history"]]
    out["initiative_steps"] = (sum(w in steps for w in want), len(want))
    type_of = {i["id"]: i["type"] for i in state["initiatives"]}
    truth_type = {i["id"]: i["type"] for i in truth["initiatives"]}
    cells = {(type_of.get(r["initiative_id"]), name(r["party"]), r["position"])
             for r in state["stances"]}
    # after an initiative's own issue, the truth lists the narrower ones it raised
    # ("halt to drone flights"): those count as conditions
    conditions = {(None, name(r["party"]), r["position"]) for r in state["stances"]
                  if r["issue_id"].startswith("condition:")}
    own = {next(s["issue"] for s in truth["stances"] if s["initiative"] == i)
           for i in truth_type}
    positions = [((truth_type[s["initiative"]] if s["issue"] in own else None), p["actor"],
                  p["position"]) for s in truth["stances"] for p in s["positions"]]
    out["stances"] = (sum(p in cells | conditions for p in positions), len(positions))
    found = 0
    for x in truth["contradictions"]:
        sides = [{e["article"] for e in x[s]["evidence"] + x.get(f"also_{s}", [])}
                 for s in ("a", "b")]
        # a violation may be paired with another commitment than the truth's (the truce
        # in force rather than the party's pledge): only the allegation is compared
        found += any(c["kind"] == x["kind"] and c["b"]["article_id"] in sides[0] | sides[1]
                     and (x["kind"] == "violation" or c["a"]["article_id"] in sides[0] | sides[1])
                     for c in state["contradictions"])
    out["contradictions"] = (found, len(truth["contradictions"]))
    out["contradictions_found"] = (len(state["contradictions"]), len(truth["contradictions"]))
    return out
