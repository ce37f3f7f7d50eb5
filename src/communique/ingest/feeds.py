"""RSS and Atom feeds through feedparser: one article per entry.

An entry's own content is used when it holds a story (feeds that carry full
text); a summary-only entry is replaced by its linked page, fetched like any
URL, and falls back to the summary when the page cannot be fetched.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from communique.ingest.html import fragment_text
from communique.ingest.text import build_article, url_id
from communique.records import Article, InputFailure
from communique.settings import Settings

log = logging.getLogger(__name__)

# Fewer words than this and an entry is a summary: read the linked page instead.
MIN_ENTRY_WORDS = 120
FEED_SNIFF = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)

PageFetcher = Callable[..., Article | InputFailure]


def looks_like_feed(data: bytes) -> bool:
    """Return True when the start of some bytes looks like an RSS/Atom/RDF feed."""
    return bool(FEED_SNIFF.search(data[:4096]))


def read_feed(data: bytes, *, source: str, settings: Settings, date: str | None = None,
              fetch_page: PageFetcher | None = None) -> Iterator[Article | InputFailure]:
    """Yield one article (or failure) per feed entry.

    Args:
        data: the feed document.
        source: the feed's input name; entries are named `source#N`.
        settings: run-time limits.
        date: a given publication date for every entry.
        fetch_page: called as fetch_page(link, source=, title=, metadata_date=, outlet=)
            for summary-only entries; None reads the summaries as they are.
    """
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        yield InputFailure(source, f"not a readable RSS/Atom feed, or a feed with no "
                           f"entries{detail}")
        return
    outlet = parsed.feed.get("title") or None
    stem = Path(source).stem if "://" not in source else url_id(source)
    for number, entry in enumerate(parsed.entries, start=1):
        name = f"{source}#{number}"
        try:
            yield read_entry(entry, name=name, fallback_id=f"{stem}-{number}", outlet=outlet,
                             settings=settings, date=date, fetch_page=fetch_page)
        except Exception as error:  # one bad entry must not stop the feed
            log.debug("feed entry %s failed", name, exc_info=True)
            yield InputFailure(name, f"could not read the entry: {type(error).__name__}: {error}")


def read_entry(entry, *, name: str, fallback_id: str, outlet: str | None, settings: Settings,
               date: str | None, fetch_page: PageFetcher | None) -> Article | InputFailure:
    """Turn one feed entry into an article: its content, else its linked page."""
    link = entry.get("link") or None
    title = entry.get("title") or None
    published = entry_date(entry)
    contents = entry.get("content") or []
    markup = contents[0].get("value", "") if contents else entry.get("summary", "")
    text = fragment_text(markup or "")
    if link and fetch_page and len(text.split()) < MIN_ENTRY_WORDS:
        page = fetch_page(link, source=name, title=title, metadata_date=published, outlet=outlet)
        if isinstance(page, Article) or not text:
            return page
        log.warning("%s: linked page failed (%s); using the entry summary", name, page.reason)
    if not text:
        return InputFailure(name, "feed entry has no content and no link to follow")
    return build_article(text, id=url_id(link) if link else fallback_id, source=name,
                         settings=settings, url=link, title=title, date=date,
                         metadata_date=published, outlet=outlet)


def entry_date(entry) -> str | None:
    """Return an entry's published (else updated) date as an ISO day."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%d", value)
    return None
