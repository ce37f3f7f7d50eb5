"""Fetching http(s) URLs with httpx: a timeout, a size cap and a content-type check.

Only http and https are fetched (a `file://` or `ftp://` input is refused, so
a URL list cannot read local files). The body is streamed and abandoned as
soon as it passes `Settings.fetch_max_bytes`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

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


def make_client(settings: Settings) -> httpx.Client:
    """Return an httpx client with the configured timeout and a polite user agent."""
    return httpx.Client(timeout=settings.fetch_timeout, follow_redirects=True,
                        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})


def fetch(url: str, settings: Settings, client: httpx.Client | None = None) -> Fetched:
    """Fetch a URL, enforcing the scheme, the timeout, the size cap and a readable type.

    Raises:
        FetchError: naming the URL and what went wrong.
    """
    check_scheme(url)
    own = client is None
    client = client or make_client(settings)
    try:
        with client.stream("GET", url, timeout=settings.fetch_timeout) as response:
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
            return Fetched(str(response.url), bytes(body), media_type)
    except httpx.TimeoutException as error:
        raise FetchError(f"timed out after {settings.fetch_timeout:g} s", source=url,
                         hint="raise COMMUNIQUE_FETCH_TIMEOUT") from error
    except httpx.TooManyRedirects as error:
        raise FetchError("too many redirects", source=url) from error
    except httpx.HTTPError as error:
        raise FetchError(f"could not fetch: {type(error).__name__}: {error or 'no detail'}",
                         source=url) from error
    finally:
        if own:
            client.close()


def readable(media_type: str) -> bool:
    """Return True for media types this tool can read (HTML, feeds, plain text)."""
    return media_type in HTML_TYPES or media_type in FEED_TYPES or media_type in TEXT_TYPES \
        or media_type.endswith("+xml")


def too_large(url: str, size: int, settings: Settings) -> InputTooLarge:
    """Return the error for a body above the fetch size cap."""
    return InputTooLarge(f"response is {size:,} bytes or more, above the cap of "
                         f"{settings.fetch_max_bytes:,} bytes", source=url,
                         hint="set COMMUNIQUE_FETCH_MAX_BYTES to raise it")
