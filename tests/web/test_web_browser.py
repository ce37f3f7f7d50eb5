"""The dashboard in a real browser: Playwright drives Debian's chromium headless.

A uvicorn server (`communique serve`) runs on a free port over the test store;
every page is opened, its content checked and a screenshot saved. The hostile
article (script and onerror payloads in its title, text, URL, outlet and actor
names) must run nothing: no dialog, no `window.__pwned`, no page error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from web_kit import HOSTILE_ID, free_port

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]
PAGES = {
    "overview": ("/", ["Latest developments", "Who said what", "Contradictions"]),
    "brief": ("/brief?since=2025-06-01&until=2025-06-16", ["Headline developments"]),
    "timeline": ("/timeline", ["14-day humanitarian ceasefire"]),
    "timeline-actors": ("/timeline?by=actor", ["Talvoria", "Marran Federation"]),
    "initiatives": ("/initiatives", ["prisoner exchange (400)", "sanctions on Marran Federation"]),
    "initiative": ("/initiatives/in-ceasefire-humanitarian-4ff022", ["Status history"]),
    "stances": ("/stances", ["Stance matrix", "monitoring mission"]),
    "network": ("/network", ["Actor network", "Talvoria"]),
    "quotes": ("/quotes?contains=shelling", ["Fourteen days without shelling"]),
    "actors": ("/actors", ["Marran Federation"]),
    "actor": ("/actors/Talvoria", ["Talvoria", "Stances"]),
    "articles": ("/articles", ["Vesterhal Observer"]),
    "article": ("/articles/n04-vo-talvoria-accepts", ["Talvoria accepts", "Events"]),
    "hostile": (f"/articles/{HOSTILE_ID}", ["Hostile <script>", "is our answer"]),
    "docs": ("/docs", ["communique"]),
}


def _chromium() -> Path:
    """Return Debian's chromium, installing the package when it is missing (CI runs as root)."""
    if not CHROMIUM.exists() and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
            subprocess.run(command, env=env, capture_output=True, timeout=900, check=False)
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium and `apt-get install -y chromium` did not provide it")
    return CHROMIUM


@pytest.fixture(scope="module")
def server(web_db):
    """Run `communique serve` on a free port; yield its base URL; stop it."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "communique", "serve", "--db", web_db,
                             "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/api/articles?limit=1", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the server did not start: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    path = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(path), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture()
def page(browser):
    """Yield a page that records dialogs, page errors and requests leaving the server."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.dialogs, page.errors, page.outside = [], [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: page.errors.append(message.text)
            if message.type == "error" else None)   # CSP violations are reported here
    page.on("request", lambda request: None if request.url.startswith(
        ("http://127.0.0.1", "data:")) else page.outside.append(request.url))
    yield page
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_in_chromium_offline(server, page, shots, name):
    path, expected = PAGES[name]
    response = page.goto(server + path)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    body = page.inner_text("body")
    for words in expected:
        assert words in body, f"{name}: {words!r} not shown"
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert page.errors == [] and page.outside == [], (page.errors, page.outside)
    assert page.evaluate("window.__pwned") is None and page.dialogs == []


def test_nothing_in_a_hostile_article_runs(server, page):
    page.goto(f"{server}/articles/{HOSTILE_ID}")
    page.wait_for_load_state("networkidle")
    assert "<img src=x onerror" in page.inner_text("article#text")   # shown as text
    page.click("aside.facts-panel a[data-ref='quote-0']")
    page.hover("article#text .k-quote")
    page.goto(f"{server}/network")
    villain = page.locator("#network a", has_text="<img").first.get_attribute("href")
    for path in ["/", "/network", "/timeline?by=actor", "/quotes", "/actors", villain,
                 "/brief?since=2025-06-10&until=2025-06-16"]:
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        page.mouse.move(300, 300)
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == [] and page.errors == []
    assert page.locator("a[href^='javascript:']").count() == 0


def test_the_timeline_zooms_and_its_dots_open_the_evidence(server, page):
    page.goto(f"{server}/timeline")
    dots = page.locator("#timeline circle.dot")
    assert dots.count() >= 20
    before = page.locator("#timeline .tick-label").all_inner_texts()
    page.click("[data-zoom=in]")
    page.click("[data-zoom=in]")
    assert page.locator("#timeline .tick-label").all_inner_texts() != before
    href = page.locator("#timeline a").first.get_attribute("href")
    assert href.startswith("/articles/") and "hl=" in href


def test_the_network_draws_actors_and_links(server, page):
    page.goto(f"{server}/network")
    assert page.locator("#network circle.node").count() >= 5
    assert page.locator("#network line.edge").count() >= 5


def test_a_fact_in_the_article_view_lights_up_its_words(server, page):
    page.goto(f"{server}/articles/n04-vo-talvoria-accepts")
    page.click("aside.facts-panel a[data-ref='event-0']")
    lit = page.locator("article#text .hl.active")
    assert lit.count() >= 1
    assert "event-0" in lit.first.get_attribute("data-refs")
    page.uncheck("input[data-kind=actor]")
    assert "hide-actor" in page.get_attribute("article#text", "class")
