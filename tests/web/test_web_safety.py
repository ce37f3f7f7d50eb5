"""Server safety: loopback by default, writes only with a token, bounded request bodies."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner
from web_kit import make_client

from communique.cli import app as cli
from communique.settings import Settings
from communique.web.app import create_app

TOKEN = "s3cret-token"
ARTICLE = {"id": "api-posted", "title": "Kyiv and Ankara plan another prisoner swap",
           "date": "2025-06-20", "outlet": "Test Wire",
           "text": "Ukrainian Foreign Minister Andrii Sybiha met Turkish Foreign Minister Hakan "
                   "Fidan in Ankara on Friday. The two agreed to prepare a new round of prisoner "
                   "exchanges, officials said."}


@pytest.fixture()
def writable(web_db, tmp_path):
    path = tmp_path / "writable.duckdb"
    shutil.copy(web_db, path)
    return str(path)


def test_writes_need_the_configured_token(writable):
    client = make_client(create_app(writable, write_token=TOKEN))
    assert client.post("/api/articles", json=ARTICLE).status_code == 401
    wrong = client.post("/api/articles", json=ARTICLE,
                        headers={"Authorization": "Bearer not-it"})
    assert wrong.status_code == 403
    bad = client.post("/api/articles", json={"title": "no text"},
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 422
    assert client.get("/api/articles/api-posted").status_code == 404


@pytest.mark.slow
def test_an_article_posted_with_the_token_is_extracted_and_stored(writable):
    client = make_client(create_app(writable, write_token=TOKEN))
    response = client.post("/api/articles", json=ARTICLE,
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 201, response.text
    assert response.json()["stored"] is True and response.json()["linked"] is True
    stored = client.get("/api/articles/api-posted").json()
    assert stored["text"].startswith("Ukrainian Foreign Minister")
    assert stored["pub_date"] == "2025-06-20"
    again = client.post("/api/articles", json=ARTICLE,
                        headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.json()["stored"] is False
    linked = client.get("/api/events", params={"limit": 500}).json()
    assert any(e["first_report"] == "2025-06-20" for e in linked["items"])


def test_request_bodies_over_the_limit_are_413(writable):
    client = make_client(create_app(writable, write_token=TOKEN,
                                    settings=Settings(max_bytes=1_000)))
    big = json.dumps(dict(ARTICLE, text="x" * 200_000))
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    assert client.post("/api/articles", content=big, headers=headers).status_code == 413

    def chunks():
        for _ in range(100):
            yield b"x" * 10_000

    streamed = client.post("/api/articles", content=chunks(), headers=headers)
    assert streamed.status_code == 413


def test_serve_binds_loopback_unless_told_otherwise(web_db, monkeypatch):
    calls = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append(kw))
    monkeypatch.delenv("COMMUNIQUE_WRITE_TOKEN", raising=False)
    runner = CliRunner()
    result = runner.invoke(cli, ["serve", "--db", web_db])
    assert result.exit_code == 0, result.output
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8000
    assert "writes off" in result.output
    result = runner.invoke(cli, ["serve", "--db", web_db, "--host", "0.0.0.0", "--port", "9"])
    assert calls[-1]["host"] == "0.0.0.0" and "warning" in result.output


def test_the_write_token_can_come_from_the_environment(web_db, monkeypatch):
    seen = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: seen.append(app.state.write_token))
    monkeypatch.setenv("COMMUNIQUE_WRITE_TOKEN", TOKEN)
    result = CliRunner().invoke(cli, ["serve", "--db", web_db])
    assert result.exit_code == 0 and seen == [TOKEN]
    assert "token required" in result.output


def test_pages_forbid_inline_scripts_and_framing(client):
    page = client.get("/articles")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text          # only <script src="/static/app.js">
    assert client.get("/api/events").headers["x-frame-options"] == "DENY"
