"""Citations: resolve an evidence span (article id + character offsets) to its article and sentence.

Every claim a report makes carries `Citation`s. A citation is only made when
the article is stored and the span lies inside its text; it names the outlet
and publication date a reader sees, and the stored sentence the span starts
in, so a link can open the article at that sentence.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from communique.store import Store

log = logging.getLogger(__name__)

TITLE_WORDS = 6   # words of a title that name an article with no outlet or site


@dataclass
class Citation:
    """One source of a claim: an article, the words that state it and where they are."""

    article_id: str
    start: int
    end: int
    text: str
    sentence: int | None = None
    outlet: str | None = None
    date: str | None = None
    title: str | None = None
    url: str | None = None

    @property
    def label(self) -> str:
        """Return how a reader names the source: outlet (else site, title or id) and date."""
        return f"{self.source_name}, {self.date or 'undated'}"

    @property
    def source_name(self) -> str:
        """Return the outlet, else the web site, else the first words of the title, else the id."""
        if self.outlet:
            return self.outlet
        if self.url:
            from urllib.parse import urlsplit

            site = urlsplit(self.url).hostname or ""
            if site:
                return site.removeprefix("www.")
        if self.title:
            words = self.title.split()
            return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
        return self.article_id

    @property
    def key(self) -> tuple[str, int, int]:
        """Return the identity of the cited span."""
        return (self.article_id, self.start, self.end)

    def link(self, base_url: str = "") -> str:
        """Return the dashboard address of the article view, anchored at the cited sentence."""
        from urllib.parse import quote

        anchor = f"#s{self.sentence}" if self.sentence is not None else ""
        return (f"{base_url.rstrip('/')}/articles/{quote(self.article_id, safe='')}"
                f"?hl={self.start}-{self.end}{anchor}")


class Evidence:
    """Resolve spans to citations against one open store, caching articles and sentences."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._articles: dict[str, dict[str, Any] | None] = {}
        self._sentences: dict[str, list[tuple[int, int]]] = {}

    def article(self, article_id: str) -> dict[str, Any] | None:
        """Return an article's metadata and text, or None when it is not stored."""
        if article_id not in self._articles:
            rows = self.store.query(
                "SELECT id, title, outlet, pub_date, url, text FROM articles WHERE id = ?",
                [article_id])
            self._articles[article_id] = rows[0] if rows else None
        return self._articles[article_id]

    def sentences(self, article_id: str) -> list[tuple[int, int]]:
        """Return the stored sentence offsets of an article, in order."""
        if article_id not in self._sentences:
            rows = self.store.query('SELECT start, "end" FROM sentences WHERE article_id = ? '
                                    "ORDER BY idx", [article_id])
            self._sentences[article_id] = [(r["start"], r["end"]) for r in rows]
        return self._sentences[article_id]

    def sentence_of(self, article_id: str, start: int, end: int) -> int | None:
        """Return the index of the sentence a span starts in (or first overlaps), else None."""
        spans = self.sentences(article_id)
        for idx, (s, e) in enumerate(spans):
            if s <= start < e:
                return idx
        for idx, (s, e) in enumerate(spans):
            if s < end and start < e:
                return idx
        return None

    def locate(self, article_id: str, text: str) -> tuple[int, int] | None:
        """Return the offsets of the first occurrence of `text` in an article, if any."""
        meta = self.article(article_id)
        at = meta["text"].find(text) if meta and text else -1
        return (at, at + len(text)) if at >= 0 else None

    def cite(self, article_id: str | None, start: int | None, end: int | None,
             text: str | None = None) -> Citation | None:
        """Return a citation of a span, or None when the article or the span cannot be found.

        Args:
            article_id: the stored article that states the claim.
            start, end: character offsets of the evidence in the article's text.
            text: the evidence words (used to find the span when offsets are missing).
        Returns:
            The citation, with the article's outlet, date, url and the sentence index.
        """
        if not article_id:
            return None
        meta = self.article(article_id)
        if meta is None:
            return None
        words = text.strip() if text else ""
        span = None
        if start is not None and end is not None and 0 <= start < end <= len(meta["text"]):
            span = self._trim(article_id, start, end)
            if words and span and span[2] != words and words not in span[2]:
                span = None  # offsets and words disagree: trust the words
        if span is None and words:
            found = self.locate(article_id, words)
            span = self._trim(article_id, *found) if found else None
        if span is None:
            log.debug("evidence %s:%s-%s is not in the article", article_id, start, end)
            return None
        start, end, words = span
        return Citation(article_id=article_id, start=start, end=end, text=words,
                        sentence=self.sentence_of(article_id, start, end),
                        outlet=meta["outlet"], date=meta["pub_date"], title=meta["title"],
                        url=meta["url"])

    def _trim(self, article_id: str, start: int, end: int) -> tuple[int, int, str] | None:
        """Return the stored words of a span with surrounding white space cut from the offsets."""
        words = self.article(article_id)["text"][start:end]
        stripped = words.strip()
        if not stripped:
            return None
        lead = len(words) - len(words.lstrip())
        return start + lead, start + lead + len(stripped), stripped
