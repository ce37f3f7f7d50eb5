"""Build extraction-record dicts by hand for the linking/state tests (invented conflict)."""

from __future__ import annotations

import re
from typing import Any

from communique.records import content_hash


def ref(name: str, kind: str = "state", country: str | None = None,
        code: str | None = None) -> dict[str, Any]:
    """Return an ActorRef dict."""
    return {"name": name, "kind": kind, "country": country, "sector": None, "code": code,
            "kb_id": None}


# The invented conflict: Varesh and Kethran, the League of Aldmark States mediating.
VARESH = ref("Varesh", code="VRS")
KETHRAN = ref("Kethran", code="KTH")
LEAGUE = ref("League of Aldmark States", "organisation", code="IGOLAS")
OSTRAVIA = ref("Ostravia", code="OST")
PELLANE = ref("Pellane", code="PLN")
SOLENNE = ref("Arvid Solenne", "person", "Varesh", "VRSGOV")
HASKAN = ref("Mirela Haskan", "person", "Varesh", "VRSGOV")
OTRANA = ref("Casimir Otrana", "person", "Kethran", "KTHGOV")
KESSEL = ref("Amara Kessel", "person", None, "IGOLAS")
BRANDT = ref("Tove Brandt", "person", "Ostravia", "OSTGOV")

ALIASES = {
    "Varesh": VARESH, "Vareshi": VARESH, "Kethran": KETHRAN, "Kethrani": KETHRAN,
    "the League": LEAGUE, "League of Aldmark States": LEAGUE, "Ostravia": OSTRAVIA,
    "Ostravian": OSTRAVIA, "Pellane": PELLANE, "Solenne": SOLENNE, "Haskan": HASKAN,
    "Otrana": OTRANA, "Kessel": KESSEL, "Brandt": BRANDT,
}


def ev(type_: str, source: Any, target: Any, s: int, *, date: str | None = None,
       modality: str = "asserted", issue: str | None = None, trigger: str | None = None,
       reporter: dict | None = None, in_quote: bool = False) -> dict[str, Any]:
    """Return an event spec: type, parties, the index of its sentence and its slots."""
    return {"type": type_, "source": source, "target": target, "s": s, "date": date,
            "modality": modality, "issue": issue, "trigger": trigger, "reporter": reporter,
            "in_quote": in_quote}


def qt(speaker: dict, text: str, s: int, kind: str = "direct") -> dict[str, Any]:
    """Return a quote spec: speaker, the quoted words (a substring of sentence s), kind."""
    return {"speaker": speaker, "text": text, "s": s, "kind": kind}


def article(aid: str, pub_date: str, outlet: str | None, sentences: list[str],
            events: list[dict] = (), quotes: list[dict] = (),
            duplicate_of: str | None = None,
            timexes: list[tuple[int, str, str]] = ()) -> dict[str, Any]:
    """Return an ExtractionRecord dict whose text is the sentences joined by spaces."""
    text, spans, pos = "", [], 0
    for sentence in sentences:
        spans.append((pos, pos + len(sentence)))
        text += sentence + " "
        pos += len(sentence) + 1
    text = text.rstrip()
    record = {"id": aid, "pub_date": pub_date, "pub_date_source": "given", "title": None,
              "url": None, "outlet": outlet, "text": text, "hash": content_hash(text),
              "duplicate_of": duplicate_of, "actors": [], "mentions": _mentions(text),
              "timexes": [], "quotes": [], "events": [], "dropped": [],
              "sentences": [{"start": s, "end": e} for s, e in spans]}
    for spec in events:
        start, end = spans[spec["s"]]
        event = {"type": spec["type"], "cameo": None, "plover": None, "goldstein": None,
                 "quad_class": None, "source": spec["source"], "target": spec["target"],
                 "issue": _slot(text, start, end, spec["issue"]), "modality": spec["modality"],
                 "date": spec["date"], "date_precision": "day" if spec["date"] else None,
                 "evidence": {"text": text[start:end], "start": start, "end": end,
                              "sentence": spec["s"]},
                 "in_quote": spec["in_quote"], "reporter": spec["reporter"],
                 "trigger": _slot(text, start, end, spec["trigger"]), "confidence": 0.8}
        record["events"].append(event)
    for i, words, value in timexes:
        at = text.index(words, spans[i][0])
        record["timexes"].append({"text": words, "start": at, "end": at + len(words),
                                  "type": "DATE", "value": value})
    for spec in quotes:
        start, _ = spans[spec["s"]]
        at = text.index(spec["text"], start)
        record["quotes"].append({
            "text": spec["text"], "start": at, "end": at + len(spec["text"]),
            "kind": spec["kind"], "speaker": dict(spec["speaker"], description=None,
                                                  mention=None),
            "cue": "said", "medium": None, "addressee": None, "date": None,
            "date_precision": None})
    return record


def _slot(text: str, start: int, end: int, words: str | None) -> dict | None:
    if not words:
        return None
    at = text.index(words, start, end)
    return {"text": words, "start": at, "end": at + len(words)}


def _mentions(text: str) -> list[dict[str, Any]]:
    out = []
    for alias, actor in sorted(ALIASES.items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(rf"\b{re.escape(alias)}\b", text):
            if any(o["start"] <= m.start() < o["end"] for o in out):
                continue
            out.append(dict(actor, text=alias, start=m.start(), end=m.end(), confidence=1.0,
                            method="kb"))
    return sorted(out, key=lambda o: o["start"])
