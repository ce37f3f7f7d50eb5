"""Test data of the web tests: the store they read and a client over an app.

The store holds the negotiation corpus as a perfect extraction (tests/linking/
corpus_kit.py, no spaCy model needed) plus one hostile article whose title,
text, URL, outlet and actor names carry script payloads, with the state saved
by `link`.
"""

from __future__ import annotations

import importlib.util
import socket
import warnings
from pathlib import Path
from typing import Any

from communique.linking.persist import save_state
from communique.records import ExtractionRecord, content_hash
from communique.store import Store

KIT = Path(__file__).resolve().parents[1] / "linking" / "corpus_kit.py"
HOSTILE_ID = "zz-hostile"
PAYLOAD = ("<script>window.__pwned = 'script'</script>"
           "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\">")


def corpus_kit() -> Any:
    """Import tests/linking/corpus_kit.py (test folders are not packages)."""
    spec = importlib.util.spec_from_file_location("corpus_kit", KIT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ref(name: str, kind: str, code: str | None) -> dict[str, Any]:
    return {"name": name, "kind": kind, "country": None, "sector": None, "code": code,
            "kb_id": None}


def hostile_record() -> dict[str, Any]:
    """Return an article whose every text field tries to run script in a browser."""
    speaker = f"Zarek {PAYLOAD}"
    text = (f"{speaker} said \"{PAYLOAD} is our answer\" on Friday.\n\n"
            "Talvoria rejected the <svg onload=\"window.__pwned = 'svg'\"> plan of Zarek.")
    villain = _ref("<img src=y onerror=\"window.__pwned = 'actor'\">", "person", "XSS")
    talvoria = _ref("Talvoria", "state", "TAL")
    q_start = text.index(PAYLOAD + " is")
    quote_text = PAYLOAD + " is our answer"
    second = text.index("Talvoria")
    return {
        "id": HOSTILE_ID, "pub_date": "2025-06-14", "pub_date_source": "given",
        "title": f"Hostile {PAYLOAD} title", "url": "javascript:window.__pwned='url'",
        "outlet": "<b onmouseover=\"window.__pwned = 'outlet'\">Evil Outlet</b>",
        "text": text, "hash": content_hash(text), "duplicate_of": None,
        "actors": [villain, talvoria],
        "mentions": [dict(villain, text=speaker, start=0, end=len(speaker), confidence=1.0,
                          method="kb"),
                     dict(talvoria, text="Talvoria", start=second, end=second + 8,
                          confidence=1.0, method="kb")],
        "timexes": [{"text": "Friday", "start": text.index("Friday"),
                     "end": text.index("Friday") + 6, "type": "DATE", "value": "2025-06-13"}],
        "quotes": [{"text": quote_text, "start": q_start, "end": q_start + len(quote_text),
                    "kind": "direct", "speaker": dict(villain, description=None, mention=None),
                    "cue": "said", "medium": None, "addressee": None, "date": "2025-06-13",
                    "date_precision": "day"}],
        "events": [{"type": "reject", "cameo": "120", "plover": "REJECT", "goldstein": -4.0,
                    "quad_class": 3, "source": talvoria, "target": villain,
                    "issue": {"text": "plan", "start": text.index("plan"),
                              "end": text.index("plan") + 4},
                    "modality": "asserted", "date": "2025-06-14", "date_precision": "day",
                    "evidence": {"text": text[second:], "start": second, "end": len(text),
                                 "sentence": 1},
                    "in_quote": False, "reporter": None, "trigger": None, "confidence": 1.0}],
        "dropped": [],
        "sentences": [{"start": 0, "end": second - 2}, {"start": second, "end": len(text)}]}


def build_store(path: Path) -> str:
    """Write the corpus and the hostile article to a store and save the state."""
    with Store.open(str(path)) as store:
        for record in [*corpus_kit().build_records(), hostile_record()]:
            store.add(ExtractionRecord(**record))
        save_state(store)
    return str(path)


def make_client(app):
    """Return a TestClient (starlette's httpx deprecation note silenced)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app, raise_server_exceptions=False)


def free_port() -> int:
    """Return a TCP port free on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
