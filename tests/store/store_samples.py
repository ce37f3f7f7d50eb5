"""Hand-built extraction records for the store tests (an invented conflict, our own words)."""

from __future__ import annotations

from communique.records import ExtractionRecord, content_hash


def ref(name, kind="person", country=None, code=None, kb_id=None, sector=None):
    """Return an ActorRef dict."""
    return {"name": name, "kind": kind, "country": country, "sector": sector, "code": code,
            "kb_id": kb_id}


MARRA = ref("Marran Republic", "state", "Marra", "MRR", "K:marra")
ORSK = ref("Orsk Federation", "state", "Orsk", "ORS", "K:orsk")
VELL = ref("Ada Vell", "person", "Marra", "MRRGOV", "K:vell", "government")
TOMAS = ref("Piet Tomas", "person", "Orsk", "ORSGOV", "K:tomas", "government")
LEAGUE = ref("Coastal League", "organisation", None, "IGOCSL", "K:league")


def record(article_id="wire-001", text=None, pub_date="2025-04-02", **overrides):
    """Return a full record: two leaders agree a truce, a mediator calls both."""
    text = text or ("Marran president Ada Vell and Orsk leader Piet Tomas agreed on Tuesday "
                    "to a 30-day truce on the river front.\n\n"
                    "\"We will hold our fire,\" Vell said.\n\n"
                    "The Coastal League spoke by phone with both capitals.")
    vell_at = text.find("Ada Vell")
    tomas_at = text.find("Piet Tomas")
    quote_at = text.find("We will hold our fire")
    base = dict(
        id=article_id, pub_date=pub_date, pub_date_source="given", title="Truce agreed",
        url=f"https://news.example/{article_id}", outlet="Example Wire", text=text,
        hash=content_hash(text),
        actors=[VELL, TOMAS, LEAGUE],
        mentions=[
            dict(VELL, text="Ada Vell", start=vell_at, end=vell_at + 8, confidence=1.0,
                 method="kb"),
            dict(TOMAS, text="Piet Tomas", start=tomas_at, end=tomas_at + 10,
                 confidence=0.9, method="alias"),
            dict(ref(None, "anonymous"), text="a diplomat", start=0, end=1, confidence=0.5,
                 method="title"),
        ],
        timexes=[{"text": "Tuesday", "start": 57, "end": 64, "type": "DATE",
                  "value": "2025-04-01"},
                 {"text": "30-day", "start": 73, "end": 79, "type": "DURATION",
                  "value": "P30D"}],
        quotes=[{"text": "We will hold our fire", "start": quote_at, "end": quote_at + 21,
                 "kind": "direct", "speaker": dict(VELL, description=None, mention="Vell"),
                 "cue": "said", "medium": None, "addressee": None, "date": "2025-04-02",
                 "date_precision": "day"}],
        events=[
            {"type": "agree", "cameo": "057", "plover": "AGREE", "goldstein": 8.0,
             "quad_class": 1, "source": [VELL, TOMAS], "target": None,
             "issue": "30-day truce", "modality": "asserted", "date": "2025-04-01",
             "date_precision": "day",
             "evidence": {"text": text.split("\n")[0], "start": 0,
                          "end": len(text.split("\n")[0]), "sentence": 0},
             "in_quote": False, "reporter": None, "trigger": "agreed", "confidence": 0.9},
            {"type": "consult", "cameo": "043", "plover": "CONSULT", "goldstein": 1.9,
             "quad_class": 1, "source": LEAGUE, "target": [MARRA, ORSK],
             "issue": None, "modality": "asserted", "date": "2025-W14",
             "date_precision": "week",
             "evidence": {"text": "The Coastal League spoke by phone with both capitals.",
                          "start": text.find("The Coastal"), "end": len(text),
                          "sentence": 2},
             "in_quote": False, "reporter": None, "trigger": "spoke by phone",
             "confidence": 0.8, "channel": "phone"},
        ],
        dropped=[{"start": 0, "end": 10, "reason": "navigation", "text": "Home | World"}],
        sentences=[{"start": 0, "end": 90}, {"start": 92, "end": 130}],
    )
    base.update(overrides)
    return ExtractionRecord(**base)
