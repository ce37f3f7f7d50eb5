"""The JSON API: every endpoint and filter over the session's test store."""

from __future__ import annotations

import pytest
from web_kit import HOSTILE_ID

from communique.web.app import MAX_PAGE


def items(client, path: str, **params) -> list[dict]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_articles_are_paged_newest_first(client):
    first = client.get("/api/articles", params={"limit": 5}).json()
    assert len(first["items"]) == 5
    assert first["next"] and "offset=5" in first["next"]
    dates = [a["pub_date"] for a in first["items"]]
    assert dates == sorted(dates, reverse=True)
    second = client.get(first["next"]).json()
    assert not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    last = client.get("/api/articles", params={"limit": MAX_PAGE}).json()
    assert last["next"] is None and len(last["items"]) == 14


def test_article_by_id_carries_every_extraction(client):
    article = client.get("/api/articles/n04-vo-talvoria-accepts").json()
    assert article["outlet"] == "Vesterhal Observer"
    assert article["events"] and article["mentions"] and article["sentences"]
    for event in article["events"]:
        ev = event["evidence"]
        assert article["text"][ev["start"]:ev["end"]] == ev["text"]
    assert client.get("/api/articles/no-such-article").status_code == 404


def test_events_are_linked_and_filtered(client):
    every = items(client, "/api/events", limit=MAX_PAGE)
    assert len(every) >= 20 and all(e["n_mentions"] >= 1 for e in every)
    in_window = items(client, "/api/events", since="2025-06-04", until="2025-06-07")
    assert in_window and all("2025-06-04" <= e["date"] <= "2025-06-07" for e in in_window)
    assert len(in_window) < len(every)
    consults = items(client, "/api/events", type="consult")
    assert consults and {e["type"] for e in consults} == {"consult"}
    by_cameo = items(client, "/api/events", type="12")
    assert [e["cameo"] for e in by_cameo] == ["120"]
    talvoria = items(client, "/api/events", actor="talvoria", limit=MAX_PAGE)
    assert talvoria and all("Talvoria" in [p["name"] for p in e["extra"]["participants"]]
                            + [p["country"] for p in e["extra"]["participants"]]
                            for e in talvoria)
    by_code = items(client, "/api/events", actor="TAL", limit=MAX_PAGE)
    assert {e["id"] for e in by_code} == {e["id"] for e in talvoria}
    truce = items(client, "/api/events", initiative="in-ceasefire-humanitarian-4ff022")
    assert truce and {e["initiative_id"] for e in truce} == {"in-ceasefire-humanitarian-4ff022"}
    both = items(client, "/api/events", actor="Talvoria", type="reject", since="2025-06-01")
    assert both and all(e["type"] == "reject" for e in both)


def test_one_event_lists_the_articles_reporting_it(client):
    widest = max(items(client, "/api/events", limit=MAX_PAGE), key=lambda e: e["n_mentions"])
    event = client.get(f"/api/events/{widest['id']}").json()
    assert len(event["sources"]) == widest["n_mentions"] >= 2
    assert client.get("/api/events/ev-nothing").status_code == 404


def test_quotes_search_by_speaker_words_and_date(client):
    tollef = items(client, "/api/quotes", speaker="Maja Tollef", limit=MAX_PAGE)
    assert tollef and {q["speaker_name"] for q in tollef} == {"Maja Tollef"}
    shelling = items(client, "/api/quotes", contains="SHELLING")
    assert shelling and all("shelling" in q["text"].lower() for q in shelling)
    late = items(client, "/api/quotes", since="2025-06-10", limit=MAX_PAGE)
    early = items(client, "/api/quotes", until="2025-06-09", limit=MAX_PAGE)
    assert late and early
    assert all((q["date"] or q["pub_date"]) >= "2025-06-10" for q in late)
    assert not {(q["article_id"], q["idx"]) for q in late} & {
        (q["article_id"], q["idx"]) for q in early}
    assert items(client, "/api/quotes", contains="no quote says this") == []


def test_actors_are_paged_most_mentioned_first(client):
    page = items(client, "/api/actors", limit=3)
    assert len(page) == 3 and page[0]["mentions"] >= page[1]["mentions"] >= page[2]["mentions"]
    rest = items(client, "/api/actors", limit=3, offset=3)
    assert not {a["id"] for a in page} & {a["id"] for a in rest}


def test_initiatives_and_one_with_its_history(client):
    every = items(client, "/api/initiatives")
    assert {i["status"] for i in every} == {"violation_alleged", "carried_out", "proposed",
                                            "rejected"}
    assert [i["id"] for i in items(client, "/api/initiatives", status="rejected")] == [
        "in-sanctions-801f3f"]
    truce = client.get("/api/initiatives/in-ceasefire-humanitarian-4ff022").json()
    assert [s["status"] for s in truce["history"]][:2] == ["proposed", "accepted"]
    assert client.get("/api/initiatives/in-ceasefire-hum").json()["id"] == truce["id"]
    assert client.get("/api/initiatives/in-nothing").status_code == 404


def test_stances_filtered_by_issue(client):
    every = items(client, "/api/stances", limit=MAX_PAGE)
    assert {"in-ceasefire-humanitarian-4ff022", "in-monitoring-mission-52479b",
            "in-prisoner-exchange-b8e91a", "in-sanctions-801f3f"} <= {s["issue_id"] for s in every}
    swap = items(client, "/api/stances", issue="prisoner")
    assert swap and all("prisoner" in s["issue"].lower() for s in swap)
    assert "in-prisoner-exchange-b8e91a" in {s["issue_id"] for s in swap}
    assert items(client, "/api/stances", issue="in-sanctions-801f3f")
    assert items(client, "/api/stances", issue="no such issue") == []


def test_contradictions(client):
    rows = items(client, "/api/contradictions")
    assert {"claim_denial", "violation"} <= {r["kind"] for r in rows}
    assert all(r["a_text"] and r["b_text"] for r in rows)


def test_brief_cites_stored_articles(client):
    brief = client.get("/api/brief", params={"since": "2025-06-01",
                                             "until": "2025-06-14"}).json()
    assert brief["since"] == "2025-06-01" and brief["until"] == "2025-06-14"
    claims = [c for s in brief["sections"] for c in s["claims"]]
    assert claims
    stored = {a["id"] for a in items(client, "/api/articles", limit=MAX_PAGE)}
    assert all(c["citations"] and {x["article_id"] for x in c["citations"]} <= stored
               for c in claims)
    assert client.get("/api/brief").status_code == 200
    changes = client.get("/api/brief", params={"since": "2025-06-05", "until": "2025-06-14",
                                                "diff": "true"}).json()["diff"]
    assert [s["key"] for s in changes] == ["initiative_changes", "stance_changes"]
    assert all(c["citations"] for s in changes for c in s["claims"])
    assert client.get("/api/brief", params={"since": "2025-06-10",
                                            "until": "2025-06-01"}).status_code == 422


@pytest.mark.parametrize("path", [
    "/api/events?since=yesterday", "/api/events?until=2025-13-01", "/api/events?limit=0",
    f"/api/events?limit={MAX_PAGE + 1}", "/api/events?offset=-1", "/api/quotes?limit=abc",
    "/api/quotes?since=2025-02-30", "/api/stances?issue=" + "x" * 300,
    "/timeline?by=sideways", "/brief?since=soon"])
def test_bad_parameters_are_422_with_a_message(client, path):
    response = client.get(path)
    assert response.status_code == 422
    assert "error" in response.json()


@pytest.mark.parametrize("path", [
    "/api/quotes?contains=%00", "/api/quotes?speaker=%25_%5C", "/api/events?actor=%F0%9F%98%80",
    "/api/events?type=%27%3B%20DROP%20TABLE%20events%3B--", "/api/articles/%2E%2E%2F%2E%2E",
    "/articles/..%2F..%2Fetc%2Fpasswd", "/articles/x?hl=999999-9999999", "/articles/x?hl=5-2",
    f"/articles/{HOSTILE_ID}?hl=a-b", f"/articles/{HOSTILE_ID}?hl=10-999999",
    "/quotes?contains=%E2%80%8B%E2%80%8F"])
def test_odd_parameters_never_fail_the_server(client, path):
    assert client.get(path).status_code < 500


def test_the_api_is_read_only_without_a_token(client):
    response = client.post("/api/articles", json={"text": "Talvoria met Norvane."})
    assert response.status_code == 403
    assert "write-token" in response.json()["error"]
    assert client.delete("/api/articles/n01-cw-norvane-proposes-truce").status_code == 405
    assert client.put("/api/articles/n01-cw-norvane-proposes-truce").status_code == 405
