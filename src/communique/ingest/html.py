"""HTML pages through trafilatura: main text, title, date, URL and site name.

trafilatura finds the main content and the metadata (its date comes from
htmldate, restricted here to markup and URL evidence: the text inference is
our own, in `pubdate`). Its text still holds the headline, bylines and the odd
caption, so it goes through the same segmenter as plain text.
"""

from __future__ import annotations

import logging
import re
from html import unescape
from html.parser import HTMLParser

from communique.ingest.text import build_article, url_id
from communique.records import Article, InputFailure
from communique.settings import Settings

log = logging.getLogger(__name__)

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
})
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})
HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|p|div|article)[\s>]", re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    """Return True when the start of some bytes looks like an HTML document."""
    return bool(HTML_SNIFF.search(data[:4096]))


def article_from_html(data: bytes | str, *, source: str, settings: Settings,
                      id: str | None = None, url: str | None = None,
                      title: str | None = None, date: str | None = None,
                      metadata_date: str | None = None,
                      outlet: str | None = None) -> Article | InputFailure:
    """Extract the main article of an HTML page.

    Args:
        data: the page (bytes let trafilatura detect the encoding).
        source: the input name used in messages.
        settings: run-time limits.
        id: a given id; else the URL hash, else a hash of the source name.
        url: where the page came from (metadata may give a canonical one).
        title: a given title (a JSONL field), preferred over the page's.
        date: a given publication date.
        metadata_date: a date known from elsewhere (a feed entry), used when the page has none.
        outlet: a given outlet, preferred over the page's site name.
    Returns:
        The Article, or an InputFailure ("no article text" for pages of only scripts).
    """
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, date_extraction_params={"extensive_search": False,
                                                          "original_date": True})
    except Exception as error:  # any parser crash is this input's failure
        log.debug("trafilatura failed on %s", source, exc_info=True)
        return InputFailure(source, f"could not parse the HTML: {type(error).__name__}: {error}")
    meta = document.as_dict() if document is not None and hasattr(document, "as_dict") \
        else (document or {})
    text = (meta.get("text") or "").strip()
    if not text:
        return InputFailure(source, "no article text (the page holds only markup, scripts "
                            "or styles)")
    page_url = url or meta.get("url")
    return build_article(text, id=id or url_id(page_url or source), source=source,
                         settings=settings, url=page_url, title=title or meta.get("title"),
                         date=date, metadata_date=meta.get("date") or metadata_date,
                         outlet=outlet or meta.get("sitename") or meta.get("hostname"))


class _TextCollector(HTMLParser):
    """Collect the text of an HTML fragment, one line per block element."""

    def __init__(self) -> None:
        """Start with no text and outside any skipped element."""
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        """Open a block or a skipped element."""
        if tag in SKIP_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        """Close a block or a skipped element."""
        if tag in SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        """Keep text outside scripts and styles."""
        if not self.skipping:
            self.parts.append(data)


def fragment_text(fragment: str) -> str:
    """Return the text of an HTML fragment (a feed entry's content), one line per block."""
    if "<" not in fragment:
        return unescape(fragment).strip()
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)
