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
