"""URL ingestion safety: schemes, private addresses, redirects re-checked, time and size caps."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from communique.ingest import read_inputs, urls
from communique.ingest.urls import GuardedTransport, fetch, refused_address
from communique.records import Article, InputFailure
from communique.settings import Settings

PAGE = (b"<html><head><title>Envoys meet in Tarsk</title></head><body><article>"
        b"<h1>Envoys meet in Tarsk</h1><p>Envoys of Valdoria and Kestrel met in Tarsk on "
        b"Tuesday to discuss the exchange of prisoners held since the spring offensive.</p>"
        b"<p>Both delegations said the talks would continue next week in the same city, "
        b"and observers called the tone of the meeting constructive.</p></article></body></html>")
PUBLIC = "93.184.215.14"


class Handler(http.server.BaseHTTPRequestHandler):
    """Serve an article, a redirect to it, a trickling body and a large body."""

    def do_GET(self) -> None:
        if self.path == "/hop":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
        elif self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>slow</p>" * 10)
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>" + b"x" * 200_000 + b"</p>")
        else:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Serve Handler on 127.0.0.1 (a loopback address) and yield its base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def read_one(url: str, **settings: object) -> Article | InputFailure:
    items = list(read_inputs([url], settings=Settings(**settings), dedup=False))
    assert len(items) == 1, items
    return items[0]


# --- addresses --------------------------------------------------------------------

@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"),
    ("192.168.0.10", "private"), ("172.16.5.4", "private"), ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"),
    ("100.64.0.1", "reserved"), ("::ffff:127.0.0.1", "loopback"), ("fc00::5", "private"),
    ("240.0.0.1", "reserved")])
def test_non_public_addresses_are_refused(address: str, reason: str) -> None:
    assert refused_address(address) is not None
    assert refused_address(address) in (reason, "private", "reserved")


@pytest.mark.parametrize("address", [PUBLIC, "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert refused_address(address) is None


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a.txt",
                                 "gopher://example.org/", "data://text/plain,hello"])
def test_other_schemes_are_refused(url: str) -> None:
    failure = read_one(url)
    assert isinstance(failure, InputFailure) and "scheme" in failure.reason
    assert failure.input == url


# --- a real local server (loopback) -----------------------------------------------------

def test_loopback_server_is_refused_by_default(server: str) -> None:
    failure = read_one(f"{server}/article")
    assert isinstance(failure, InputFailure) and failure.code == "E103"
    assert "loopback" in failure.reason and "--allow-private" in failure.reason


def test_localhost_name_is_resolved_and_refused(server: str) -> None:
    failure = read_one(server.replace("127.0.0.1", "localhost") + "/article")
    assert isinstance(failure, InputFailure) and "loopback" in failure.reason


def test_allow_private_fetches_the_local_server(server: str) -> None:
    article = read_one(f"{server}/article", allow_private=True)
    assert isinstance(article, Article), article
    assert "Envoys of Valdoria and Kestrel met in Tarsk" in article.text


def test_redirects_are_followed_hop_by_hop(server: str) -> None:
    fetched = fetch(f"{server}/hop", Settings(allow_private=True))
    assert fetched.url.endswith("/article") and b"Tarsk" in fetched.content


def test_redirect_to_another_scheme_is_refused(server: str) -> None:
    failure = read_one(f"{server}/to-file", allow_private=True)
    assert isinstance(failure, InputFailure) and "redirect to file:///etc/passwd refused" \
        in failure.reason


def test_redirect_loop_stops(server: str) -> None:
    failure = read_one(f"{server}/loop", allow_private=True)
    assert isinstance(failure, InputFailure) and "too many redirects" in failure.reason


def test_a_trickling_body_is_cut_at_the_time_cap(server: str) -> None:
    started = time.monotonic()
    failure = read_one(f"{server}/trickle", allow_private=True, fetch_timeout=1.0)
    assert isinstance(failure, InputFailure) and "timed out after 1 s" in failure.reason
    assert time.monotonic() - started < 3


def test_a_large_body_is_cut_at_the_size_cap(server: str) -> None:
    failure = read_one(f"{server}/big", allow_private=True, fetch_max_bytes=50_000)
    assert isinstance(failure, InputFailure) and failure.code == "E101"
    assert "50,000" in failure.reason


# --- DNS answers (monkeypatched) and redirects to internal hosts -------------------------

def guarded_client(routes: dict[str, httpx.Response], seen: list[str]) -> httpx.Client:
    """A client whose guard is real and whose network is a table of responses."""
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.url.host} Host={request.headers['host']}")
        return routes[request.headers["host"] + request.url.path]
    return httpx.Client(transport=GuardedTransport(httpx.MockTransport(handler), False))


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Replace name resolution by a table: host -> addresses."""
    table: dict[str, list[str]] = {}

    def resolve(host: str, port: int, timeout: float) -> list[str]:
        if host not in table:
            raise urls.FetchError(f"could not resolve host {host!r}")
        return table[host]
    monkeypatch.setattr(urls, "resolve", resolve)
    return table


def test_a_name_resolving_to_a_private_address_is_refused(dns: dict) -> None:
    dns["intranet.example.org"] = ["10.0.0.7"]
    failure = read_one("http://intranet.example.org/secret")
    assert isinstance(failure, InputFailure) and "private address (10.0.0.7)" in failure.reason


def test_every_resolved_address_is_checked(dns: dict) -> None:
    dns["mixed.example.org"] = [PUBLIC, "127.0.0.1"]
    failure = read_one("http://mixed.example.org/a")
    assert isinstance(failure, InputFailure) and "loopback" in failure.reason


def test_the_connection_goes_to_the_checked_address(dns: dict) -> None:
    dns["news.example.org"] = [PUBLIC]
    seen: list[str] = []
    client = guarded_client({"news.example.org/a": httpx.Response(
        200, headers={"content-type": "text/html"}, content=PAGE)}, seen)
    fetched = fetch("http://news.example.org/a", Settings(), client)
    assert b"Tarsk" in fetched.content and fetched.url == "http://news.example.org/a"
    assert seen == [f"{PUBLIC} Host=news.example.org"]


def test_a_redirect_to_an_internal_host_is_refused(dns: dict) -> None:
    dns["news.example.org"] = [PUBLIC]
    dns["metadata.internal"] = ["169.254.169.254"]
    seen: list[str] = []
    client = guarded_client({"news.example.org/a": httpx.Response(
        302, headers={"location": "http://metadata.internal/latest/meta-data"})}, seen)
    items = list(read_inputs(["http://news.example.org/a"], settings=Settings(),
                             client=client, dedup=False))
    assert len(items) == 1 and isinstance(items[0], InputFailure)
    assert "link-local" in items[0].reason and items[0].input == "http://news.example.org/a"
    assert seen == [f"{PUBLIC} Host=news.example.org"]  # the internal hop never went out


def test_an_unresolvable_host_is_a_clear_failure(dns: dict) -> None:
    failure = read_one("http://nowhere.example.org/a")
    assert isinstance(failure, InputFailure) and "could not resolve host" in failure.reason
    assert failure.input == "http://nowhere.example.org/a"


def test_a_slow_name_lookup_is_cut_at_the_time_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow_lookup(*args: object, **kwargs: object) -> list:
        time.sleep(5)
        return []
    monkeypatch.setattr(urls.socket, "getaddrinfo", slow_lookup)
    started = time.monotonic()
    failure = read_one("http://slow-dns.example.org/a", fetch_timeout=0.5)
    assert isinstance(failure, InputFailure) and "no answer within 0.5 s" in failure.reason
    assert time.monotonic() - started < 3
