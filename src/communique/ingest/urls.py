"""Fetching http(s) URLs with httpx: safe addresses, a time and size cap, a type check.

A URL list or feed comes from the open web, so fetching must not become a way
into the machine (server-side request forgery):
- only http and https are fetched (a `file://` or `ftp://` input is refused);
- the host is resolved and every address checked: private, loopback,
  link-local, shared, multicast and other reserved addresses are refused
  unless `allow_private` (setting or `--allow-private`); the connection then
  goes to the checked address (the name is kept for Host and TLS), so a
  second DNS answer cannot swap in an internal one;
- redirects are followed here, one hop at a time, and each hop is checked
  again (scheme and addresses), at most MAX_REDIRECTS hops;
- the body is streamed and abandoned past `fetch_max_bytes`, and the whole
  fetch, redirects included, past `fetch_timeout` seconds.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from communique.errors import FetchError, InputTooLarge
from communique.settings import Settings

log = logging.getLogger(__name__)

USER_AGENT = "communique/0.1 (+https://github.com/communique; news research tool)"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/xml", "text/xml", "application/feed+json"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown"})
ACCEPT = "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, " \
         "application/xml;q=0.9, text/plain;q=0.8"
MAX_REDIRECTS = 5
DNS_TIMEOUT = 10.0
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PRIVATE_HINT = "use --allow-private (or COMMUNIQUE_ALLOW_PRIVATE=1) to fetch it anyway"


@dataclass(frozen=True)
class Fetched:
    """A fetched body with the final URL and its media type."""

    url: str
    content: bytes
    media_type: str


def is_url(name: str) -> bool:
    """Return True when an input names a URL (any scheme) rather than a path."""
    return "://" in name[:16]


def check_scheme(url: str) -> None:
    """Refuse URLs that are not http(s) or have no host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"unsupported URL scheme {parts.scheme!r}; only http and https "
                         "are fetched", source=url)
    if not parts.netloc:
        raise FetchError("URL has no host", source=url)


def resolve(host: str, port: int, timeout: float = DNS_TIMEOUT) -> list[str]:
    """Return every address a host name resolves to, within `timeout` seconds.

    The system resolver has no timeout of its own, so the lookup runs in a
    daemon thread that is abandoned when it is late.
    """
    found: dict[str, Any] = {}

    def lookup() -> None:
        try:
            found["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            found["error"] = error

    thread = threading.Thread(target=lookup, name="communique-dns", daemon=True)
    thread.start()
    thread.join(timeout)
    if "infos" in found:
        return list(dict.fromkeys(info[4][0] for info in found["infos"]))
    reason = found.get("error") or f"no answer within {timeout:g} s"
    raise FetchError(f"could not resolve host {host!r}: {reason}")


def refused_address(address: str) -> str | None:
    """Return why an IP address may not be fetched by default, or None when it is public."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and (ip.ipv4_mapped or ip.sixtofour):
        ip = ip.ipv4_mapped or ip.sixtofour
    for reason, flag in (("loopback", ip.is_loopback), ("link-local", ip.is_link_local),
                         ("private", ip.is_private), ("multicast", ip.is_multicast),
                         ("unspecified", ip.is_unspecified), ("reserved", ip.is_reserved)):
        if flag:
            return reason
    return None if ip.is_global else "reserved"


def checked_addresses(url: str, allow_private: bool, timeout: float = DNS_TIMEOUT) -> list[str]:
    """Resolve a URL's host and refuse it when any address is not public (unless allowed).

    Every address is checked, not only the first: a name that answers with a
    public and a private address is refused.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as error:
        raise FetchError(f"bad port in URL: {error}", source=url) from error
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            addresses = resolve(host, port, timeout)
        except FetchError as error:
            error.source = url
            raise
    if not allow_private:
        for address in addresses:
            reason = refused_address(address)
            if reason:
                raise FetchError(f"refused: {host} is a {reason} address ({address})",
                                 source=url, hint=PRIVATE_HINT)
    return addresses


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport that checks each request's addresses and connects to a checked one.

    The request goes to the checked IP with the original Host header and TLS
    server name, so the name cannot resolve elsewhere between check and connect.
    """

    def __init__(self, inner: httpx.BaseTransport, allow_private: bool,
                 timeout: float = DNS_TIMEOUT) -> None:
        self.inner = inner
        self.allow_private = allow_private
        self.timeout = timeout

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Check the request's host, pin it to a checked address and send it."""
        url = str(request.url)
        addresses = checked_addresses(url, self.allow_private, self.timeout)
        host = request.url.host
        if addresses[0] != host:  # the Host header keeps the name
            request.url = request.url.copy_with(host=addresses[0])
            if request.url.scheme == "https":
                request.extensions = {**request.extensions, "sni_hostname": host}
        return self.inner.handle_request(request)

    def close(self) -> None:
        """Close the inner transport."""
        self.inner.close()


def make_client(settings: Settings) -> httpx.Client:
    """Return an httpx client that checks addresses, with the timeout and a polite agent."""
    # no kept-alive connections: one to a pinned address must not serve another host name
    pool = httpx.Limits(max_keepalive_connections=0)
    transport = GuardedTransport(httpx.HTTPTransport(limits=pool), settings.allow_private,
                                 settings.fetch_timeout)
    return httpx.Client(timeout=settings.fetch_timeout, follow_redirects=False,
                        transport=transport,
                        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})


def fetch(url: str, settings: Settings, client: httpx.Client | None = None) -> Fetched:
    """Fetch a URL, enforcing the scheme, safe addresses, redirects, time, size and type.

    Raises:
        FetchError: naming the URL and what went wrong.
    """
    check_scheme(url)
    own = client is None
    client = client or make_client(settings)
    deadline = time.monotonic() + settings.fetch_timeout
    try:
        return _follow(url, settings, client, deadline)
    except httpx.TimeoutException as error:
        raise timed_out(url, settings) from error
    except httpx.HTTPError as error:
        raise FetchError(f"could not fetch: {type(error).__name__}: {error or 'no detail'}",
                         source=url) from error
    finally:
        if own:
            client.close()


def _follow(url: str, settings: Settings, client: httpx.Client, deadline: float) -> Fetched:
    """Request `url`, following redirects one checked hop at a time, and read the body."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        try:
            with client.stream("GET", current, timeout=settings.fetch_timeout,
                               follow_redirects=False) as response:
                location = response.headers.get("location")
                if response.status_code not in REDIRECTS or not location:
                    return _read(response, url, current, settings, deadline)
        except FetchError as error:
            if error.source == url:
                raise
            # the guard refused a redirect hop: name the input, and the hop in the message
            raise FetchError(f"redirect to {current} refused: {error.message}", source=url,
                             hint=error.hint) from error
        current = urljoin(current, location)
        try:
            check_scheme(current)
        except FetchError as error:
            raise FetchError(f"redirect to {current} refused: {error.message}",
                             source=url) from error
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})", source=url)


def _read(response: httpx.Response, url: str, final_url: str, settings: Settings,
          deadline: float) -> Fetched:
    """Check a response's status, type and size, and read its body within the deadline.

    `final_url` is the last hop as named (the response's own URL holds the pinned address).
    """
    if response.status_code >= 400:
        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip(),
                         source=url)
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type and not readable(media_type):
        raise FetchError(f"unsupported content type {media_type!r} (expected HTML, "
                         "a feed or plain text)", source=url)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.fetch_max_bytes:
        raise too_large(url, int(declared), settings)
    body = bytearray()
    for chunk in response.iter_bytes():
        body.extend(chunk)
        if len(body) > settings.fetch_max_bytes:
            raise too_large(url, len(body), settings)
        if time.monotonic() > deadline:
            raise timed_out(url, settings)
    return Fetched(final_url, bytes(body), media_type)


def timed_out(url: str, settings: Settings) -> FetchError:
    """Return the error for a fetch that took longer than the time cap."""
    return FetchError(f"timed out after {settings.fetch_timeout:g} s", source=url,
                      hint="raise COMMUNIQUE_FETCH_TIMEOUT")


def readable(media_type: str) -> bool:
    """Return True for media types this tool can read (HTML, feeds, plain text)."""
    return media_type in HTML_TYPES or media_type in FEED_TYPES or media_type in TEXT_TYPES \
        or media_type.endswith("+xml")


def too_large(url: str, size: int, settings: Settings) -> InputTooLarge:
    """Return the error for a body above the fetch size cap."""
    return InputTooLarge(f"response is {size:,} bytes or more, above the cap of "
                         f"{settings.fetch_max_bytes:,} bytes", source=url,
                         hint="set COMMUNIQUE_FETCH_MAX_BYTES to raise it")
