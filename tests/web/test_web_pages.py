"""The dashboard pages: each renders, shows its content, and has a JSON twin of the same data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from web_kit import HOSTILE_ID, corpus_kit, make_client

from communique.records import ExtractionRecord
from communique.store import Store
from communique.web.app import create_app
from communique.web.highlight import Fact, paragraphs, record_facts
from communique.web.pages import safe_url

PAGES = {
    "/": ["Latest developments", "14-day humanitarian ceasefire", "Who said what"],
    "/timeline": ["Timeline", "14-day humanitarian ceasefire", "timeline-data"],
    "/timeline?by=actor&actor=Talvoria": ["Talvoria", "timeline-data"],
    "/initiatives": ["Initiative tracker", "prisoner exchange (400)", "In force",
                     "sanctions on Marran Federation"],
    "/initiatives/in-ceasefire-humanitarian-4ff022": ["Status history", "violation alleged"],
    "/stances": ["Stance matrix", "pos-supports", "monitoring mission"],
    "/network": ["Actor network", "network-data", "Marran Federation"],
    "/quotes?speaker=Maja+Tollef": ["Quote search", "Fourteen days without shelling"],
    "/actors": ["Actors", "Marran Federation"],
    "/actors/Talvoria": ["Talvoria", "Events", "Stances", "supports"],
    "/articles": ["Articles", "Vesterhal Observer"],
    "/articles/n04-vo-talvoria-accepts": ["k-event", "k-actor", "Events", "Quotes"],
    "/brief?since=2025-06-01&until=2025-06-14": ["Brief", "Headline developments"],
}


@pytest.mark.parametrize("path", PAGES)
def test_every_page_shows_its_content_and_links_its_json_twin(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    for words in PAGES[path]:
        assert words in response.text, words
    twin = path.split("?")[0].rstrip("/") or "/index"
    twin_response = client.get(twin + ".json" + (f"?{path.split('?')[1]}" if "?" in path else ""))
    assert twin_response.status_code == 200
    assert twin_response.headers["content-type"] == "application/json"
    assert f'href="{twin}.json' in response.text


def test_json_twins_carry_the_page_data(client):
    tracker = client.get("/initiatives.json").json()
    lanes = {lane["key"]: [c["label"] for c in lane["cards"]] for lane in tracker["lanes"]}
    assert lanes["in_force"] == ["prisoner exchange (400)"]
    assert lanes["contested"] == ["14-day humanitarian ceasefire"]
    assert lanes["ended"] == ["sanctions on Marran Federation"]
    matrix = client.get("/stances.json").json()
    assert matrix["actors"] and matrix["issues"]
    assert all(cell["href"].startswith("/articles/") for cell in matrix["cells"].values())
    network = client.get("/network.json").json()
    assert {"Talvoria", "Marran Federation"} <= {n["id"] for n in network["nodes"]}
    assert all(e["count"] >= 1 and e["source"] != e["target"] for e in network["edges"])
    by_initiative = client.get("/timeline.json").json()
    statuses = [s["status"] for s in by_initiative["steps"]
                if s["lanes"] == ["14-day humanitarian ceasefire"]]
    assert statuses[:2] == ["proposed", "accepted"] and "in_force" in statuses
    timeline = client.get("/timeline.json", params={"by": "actor"}).json()
    assert "Talvoria" in timeline["lanes"]
    assert all(set(item["lanes"]) <= set(timeline["lanes"]) for item in timeline["items"])


def test_every_fact_links_to_its_evidence(client):
    overview = client.get("/index.json").json()
    hrefs = [e["href"] for e in overview["events"]] + [q["href"] for q in overview["quotes"]]
    assert hrefs and all(h and h.startswith("/articles/") and "?hl=" in h for h in hrefs)
    page = client.get(hrefs[0].split("#")[0])
    assert page.status_code == 200 and "k-mark" in page.text


def test_the_article_view_highlights_every_extraction(client):
    data = client.get("/articles/n04-vo-talvoria-accepts.json", params={"hl": "0-20"}).json()
    pieces = [p for para in data["paragraphs"] for p in para]
    text = "".join(p["text"] for p in pieces)
    stored = client.get("/api/articles/n04-vo-talvoria-accepts").json()["text"]
    assert text == stored.replace("\n", "")
    kinds = {k for p in pieces for k in p["kinds"]}
    assert {"actor", "event", "quote", "mark"} <= kinds
    refs = {r for p in pieces for r in p["refs"]}
    assert {e["ref"] for e in data["events"]} <= refs
    assert any(p["sentence"] == 0 for p in pieces)


def test_hostile_text_is_escaped_everywhere(client):
    villain = next(n["href"] for n in client.get("/network.json").json()["nodes"]
                   if n["id"].startswith("<img"))
    for path in ["/", f"/articles/{HOSTILE_ID}", "/articles", "/quotes", "/actors", "/network",
                 "/timeline?by=actor", "/brief?since=2025-06-10&until=2025-06-14", villain]:
        assert client.get(path).status_code == 200, path
        html = client.get(path).text
        assert "<script>window.__pwned" not in html, path
        assert "<img src=x onerror" not in html and "<img src=y" not in html, path
        assert "<svg onload" not in html and "<b onmouseover" not in html, path
    article = client.get(f"/articles/{HOSTILE_ID}").text
    assert "&lt;script&gt;window.__pwned" in article
    assert 'href="javascript:' not in article


def test_safe_url_keeps_only_web_addresses():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url("javascript:alert(1)") == "#"
    assert safe_url(" JavaScript:alert(1)") == "#"
    assert safe_url("data:text/html,<script>") == "#"
    assert safe_url(None) == "#"


def test_pages_build_the_state_in_memory_when_link_has_not_run(unlinked_db):
    client = make_client(create_app(unlinked_db))
    overview = client.get("/")
    assert overview.status_code == 200 and "communique link" in overview.text
    assert client.get("/api/initiatives").json()["items"]
    assert client.get("/initiatives/in-ceasefire-humanitarian-4ff022").status_code == 200
    brief = client.get("/api/brief", params={"since": "2025-06-01", "until": "2025-06-16"})
    headlines = next(s for s in brief.json()["sections"] if s["key"] == "headlines")
    assert headlines["claims"]


def test_the_overview_says_when_articles_wait_for_linking(tmp_path):
    from communique.linking.persist import save_state

    records = corpus_kit().build_records()
    db = str(tmp_path / "late.duckdb")
    with Store.open(db) as store:
        for record in records[:-1]:
            store.add(ExtractionRecord(**record))
        save_state(store)
    client = make_client(create_app(db))
    assert "not linked yet" not in client.get("/").text
    with Store.open(db) as store:
        store.add(ExtractionRecord(**records[-1]))
    client = make_client(create_app(db))
    assert "1 stored article(s) are not linked yet" in client.get("/").text


def test_unknown_pages_are_404_pages(client):
    response = client.get("/initiatives/in-nothing")
    assert response.status_code == 404 and "Error 404" in response.text
    assert client.get("/articles/nothing-here").status_code == 404


def test_api_docs_are_served_without_a_cdn(client):
    docs = client.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/openapi.json").json()["paths"]["/api/events"]


# ---------------------------------------------------------------- highlight (pure)


def test_overlapping_spans_cut_the_text_into_pieces_covered_by_each_fact():
    text = "Alpha met Beta. Gamma said no."
    facts = [Fact("event-0", "event", 0, 15), Fact("actor-0", "actor", 0, 5),
             Fact("actor-1", "actor", 10, 14), Fact("quote-0", "quote", 22, 29)]
    [pieces] = paragraphs(text, facts, [0, 16])
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.refs) for p in pieces[:4]] == [
        ("Alpha", ["event-0", "actor-0"]), (" met ", ["event-0"]),
        ("Beta", ["event-0", "actor-1"]), (".", ["event-0"])]
    assert [p.sentence for p in pieces if p.sentence is not None] == [0, 1]
    assert [(p.text, p.refs) for p in pieces[-2:]] == [("said no", ["quote-0"]), (".", [])]


def test_paragraphs_follow_blank_lines_and_spans_are_clipped_to_the_text():
    text = "First para.\n\nSecond para."
    paras = paragraphs(text, [Fact("mark", "mark", 6, 999)], [])
    assert ["".join(p.text for p in para) for para in paras] == ["First para.", "Second para."]
    assert paras[1][0].kinds == ["mark"]


def test_record_facts_reads_quote_parts_and_skips_spans_without_offsets():
    record = {"mentions": [{"start": 0, "end": 4}, {"start": None, "end": None}],
              "events": [{"evidence": {"start": 0, "end": 9}}, {"evidence": None}],
              "quotes": [{"start": 0, "end": 30, "parts": [[0, 5], [20, 30]]}],
              "timexes": [{"start": 5, "end": 5}]}
    facts = record_facts(record, mark=(1, 2))
    assert [(f.ref, f.start, f.end) for f in facts] == [
        ("actor-0", 0, 4), ("event-0", 0, 9), ("quote-0", 0, 5), ("quote-0", 20, 30),
        ("mark", 1, 2)]


def test_the_openapi_description_matches_the_committed_snapshot(client):
    """A change to the API shows up in review as a change to tests/web/openapi.json."""
    snapshot = Path(__file__).with_name("openapi.json")
    served = client.get("/openapi.json").json()
    assert served == json.loads(snapshot.read_text(encoding="utf-8")), (
        "the API changed: refresh the snapshot with `communique serve --db DB --get "
        "/openapi.json | python -m json.tool --sort-keys --indent 1 --no-ensure-ascii "
        "> tests/web/openapi.json`")


def test_an_empty_store_shows_every_page(tmp_path):
    from communique.store import Store

    db = str(tmp_path / "empty.duckdb")
    Store.open(db).close()
    client = make_client(create_app(db))
    for path in ["/", "/brief", "/timeline", "/initiatives", "/stances", "/network", "/quotes",
                 "/actors", "/articles", "/api/events", "/api/brief", "/index.json"]:
        response = client.get(path)
        assert response.status_code == 200, path
    assert "No events yet" in client.get("/").text
