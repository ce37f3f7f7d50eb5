"""Score extraction records against tests/data/general/truth.jsonl (articles outside Ukraine).

A small, self-contained copy of the seeds scorer's matching rules (../shared/eval/score.py:
events by type + actors, a bare surname matching the full name, consult/agree/release
symmetric, a gold target of None matching any target; quotes by their first words and
speaker), plus a code-level view (type + CAMEO country of source and target) that forgives
a right country named differently. Run as a script to print the figures and the misses:
`python tests/events/general_kit.py SYSTEM.jsonl`.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "general"
TRUTH = DATA / "truth.jsonl"
UNREAL = {"negated", "planned", "hypothetical", "conditional"}
SYMMETRIC = {"consult", "agree", "release"}
ALIASES = {"us": "united states", "u s": "united states", "washington": "united states",
           "eu": "european union", "un": "united nations", "europeans": "europe",
           "european leaders": "europe"}


def norm(text: str | None) -> str:
    """Fold accents, case and punctuation the way the seeds scorer does."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("’", "'"))
    text = re.sub(r"\s+", " ", text).strip()
    return ALIASES.get(text, text)


def name_of(value: object) -> str:
    """Return the normalised name of an actor given as a string or an ActorRef."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("text") or ""
    return norm(value if isinstance(value, str) else "")


def country_of(value: object) -> str:
    """Return the first three letters of an actor's CAMEO code ('' when unknown)."""
    code = value.get("code") if isinstance(value, dict) else value
    return str(code or "")[:3].upper()


def same_actor(a: str, b: str) -> bool:
    """Match names, a bare surname matching a full name."""
    if not a or not b:
        return False
    if a == b:
        return True
    ta, tb = a.split(), b.split()
    return (len(ta) == 1 and len(tb) > 1 and ta[0] == tb[-1]) or (
        len(tb) == 1 and len(ta) > 1 and tb[0] == ta[-1])


def load_truth(path: Path = TRUTH) -> dict[str, dict]:
    """Read the truth file, skipping its header line."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return {row["id"]: row for row in rows if "id" in row}


def expand(events: Iterable[dict]) -> list[dict]:
    """Return one event per (source, target) pair, real events only."""
    out = []
    for event in events:
        if norm(event.get("modality") or "asserted") in UNREAL:
            continue
        sources, targets = (event[k] if isinstance(event.get(k), list) else [event.get(k)]
                            for k in ("source", "target"))
        out.extend({**event, "source": s, "target": t} for s in sources or [None]
                   for t in targets or [None])
    return out


def _greedy(golds: list, systems: list, ok: Callable[[dict, dict], bool]) -> list[tuple]:
    used, pairs = set(), []
    for gi, gold in enumerate(golds):
        for si, system in enumerate(systems):
            if si not in used and ok(gold, system):
                used.add(si)
                pairs.append((gi, si))
                break
    return pairs


def _by_name(gold: dict, system: dict) -> bool:
    if gold["type"] != system.get("type"):
        return False
    gs, gt = norm(gold["source"]), norm(gold.get("target"))
    ss, st = name_of(system.get("source")), name_of(system.get("target"))
    direct = same_actor(gs, ss) and (not gt or same_actor(gt, st))
    swapped = gold["type"] in SYMMETRIC and gt and same_actor(gs, st) and same_actor(gt, ss)
    return direct or bool(swapped)


def _by_code(gold: dict, system: dict) -> bool:
    if gold["type"] != system.get("type"):
        return False
    gs, gt = gold["source_code"][:3], (gold.get("target_code") or "")[:3]
    ss, st = country_of(system.get("source")), country_of(system.get("target"))
    direct = gs == ss and (not gt or gt == st)
    swapped = gold["type"] in SYMMETRIC and gt and gs == st and gt == ss
    return direct or bool(swapped)


def _quote_words(text: str) -> str:
    return " ".join(norm(text).replace(" s ", " ").split())


def _quote_ok(gold: dict, system: dict) -> bool:
    g, s = _quote_words(gold["quote"]), _quote_words(system.get("text", ""))
    return bool(g) and bool(s) and (g in s or (len(s.split()) >= 4 and s in g))


def _speaker_ok(gold: dict, system: dict) -> bool:
    speaker = system.get("speaker") or {}
    if gold["speaker"] == "ANONYMOUS":
        return not speaker.get("name")
    return same_actor(norm(gold["speaker"]), name_of(speaker))


def prf(tp: int, n_sys: int, n_gold: int) -> dict[str, float]:
    """Return precision, recall and F1."""
    p = tp / n_sys if n_sys else 1.0
    r = tp / n_gold if n_gold else 1.0
    return {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0}


def score(records: dict[str, dict], truth: dict[str, dict] | None = None) -> dict:
    """Score records (by id) against the truth; return figures and the misses."""
    truth = truth if truth is not None else load_truth()
    n = {k: 0 for k in ("gold", "sys", "tp", "code_tp", "quotes", "quotes_found",
                        "speakers_ok", "dated", "dates_ok", "actors", "actors_found", "actors_sys",
                        "actors_sys_ok", "pub_ok")}
    misses: list[str] = []
    for doc_id, gold in truth.items():
        rec = records.get(doc_id, {})
        events = expand(e for e in rec.get("events", []) if isinstance(e, dict))
        pairs = _greedy(gold["events"], events, _by_name)
        n["gold"] += len(gold["events"])
        n["sys"] += len(events)
        n["tp"] += len(pairs)
        n["code_tp"] += len(_greedy(gold["events"], events, _by_code))
        for gi, si in pairs:
            day = gold["events"][gi].get("date")
            if day:
                n["dated"] += 1
                n["dates_ok"] += str(events[si].get("date") or "")[:10] == day
        found = {gi for gi, _ in pairs}
        kept = {si for _, si in pairs}
        misses += [f"{doc_id} FN {g['type']} {g['source']} -> {g['target']}"
                   for gi, g in enumerate(gold["events"]) if gi not in found]
        misses += [f"{doc_id} FP {e.get('type')} {name_of(e.get('source'))} -> "
                   f"{name_of(e.get('target'))} | {(e.get('evidence') or {}).get('text', '')[:70]}"
                   for si, e in enumerate(events) if si not in kept]
        quotes = rec.get("quotes", [])
        for gq in gold["quotes"]:
            n["quotes"] += 1
            match = next((q for q in quotes if _quote_ok(gq, q)), None)
            n["quotes_found"] += match is not None
            n["speakers_ok"] += match is not None and _speaker_ok(gq, match)
            if match is None or not _speaker_ok(gq, match):
                got = (match or {}).get("speaker") or {}
                misses.append(f"{doc_id} QUOTE {gq['speaker']} <- {got.get('name')!r} "
                              f"{'(not found)' if match is None else ''} {gq['quote'][:30]}")
        names = {name_of(a) for a in rec.get("actors", [])} - {""}
        golds = [norm(a) for a in gold["actors"]]
        n["actors_sys"] += len(names)
        n["actors_sys_ok"] += sum(any(same_actor(g, s) for g in golds) for s in names)
        for actor in gold["actors"]:
            n["actors"] += 1
            ok = any(same_actor(norm(actor), s) for s in names)
            n["actors_found"] += ok
            if not ok:
                misses.append(f"{doc_id} ACTOR missing {actor}")
        n["pub_ok"] += rec.get("pub_date") == gold["pub_date"]
        if rec.get("pub_date") != gold["pub_date"]:
            misses.append(f"{doc_id} PUBDATE {rec.get('pub_date')} != {gold['pub_date']}")
    return {
        "event": prf(n["tp"], n["sys"], n["gold"]),
        "event_code": prf(n["code_tp"], n["sys"], n["gold"]),
        "quote_found": n["quotes_found"] / n["quotes"] if n["quotes"] else 1.0,
        "speaker_accuracy": n["speakers_ok"] / n["quotes"] if n["quotes"] else 1.0,
        "event_date_accuracy": n["dates_ok"] / n["dated"] if n["dated"] else 1.0,
        "actor_recall": n["actors_found"] / n["actors"] if n["actors"] else 1.0,
        "actor_precision": n["actors_sys_ok"] / n["actors_sys"] if n["actors_sys"] else 1.0,
        "pub_date_accuracy": n["pub_ok"] / len(truth) if truth else 1.0,
        "counts": n,
        "misses": misses,
    }


def main(argv: list[str]) -> int:
    """Print the figures and misses for a JSONL file of extraction records."""
    lines = Path(argv[1]).read_text(encoding="utf-8").splitlines()
    records = {r["id"]: r for r in map(json.loads, filter(None, lines))}
    result = score(records)
    for miss in result.pop("misses"):
        print(miss)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
