"""Ingestion: turn files, folders, URLs, feeds, tables and stdin into Articles.

`read_inputs` is the one entry point. It never raises for bad input: each
input (or JSONL/CSV line, named file:line) that cannot be read becomes an
`InputFailure` with the reason, and the rest goes on. This package does not
import spaCy.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import httpx

from communique.errors import CommuniqueError
from communique.ingest.dedup import mark_duplicates
from communique.ingest.feeds import looks_like_feed, read_feed
from communique.ingest.html import article_from_html, looks_like_html
from communique.ingest.tables import csv_rows, jsonl_rows, read_record
from communique.ingest.text import (
    build_article,
    check_bytes,
    check_size,
    decode,
    stem_id,
    strip_markdown,
    url_id,
)
from communique.ingest.urls import fetch, is_url
from communique.records import Article, InputFailure
from communique.settings import Settings

__all__ = ["mark_duplicates", "read_inputs", "Reader"]

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
KNOWN_SUFFIXES = (TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES
                  | JSONL_SUFFIXES | CSV_SUFFIXES)
STDIN = "-"
WEB_ADDRESS = re.compile(r"^[\w-]+(\.[\w-]+)*\.(com|org|net|news|info|uk|int|io)(/|$)")

Item = Article | InputFailure


def read_inputs(inputs: list[str], settings: Settings | None = None, date: str | None = None,
                *, client: httpx.Client | None = None, stdin: BinaryIO | None = None,
                dedup: bool = True) -> Iterator[Item]:
    """Read every input into articles, yielding a failure for each one that cannot be read.

    Args:
        inputs: file or folder paths, http(s) URLs (pages or feeds), or "-" for stdin.
        settings: limits and thresholds; from the environment when None.
        date: a publication date for every article (source "given"), overriding the rest.
        client: an httpx client to fetch with (tests pass one with a mock transport).
        stdin: the stream "-" reads (sys.stdin's bytes when None).
        dedup: mark near-duplicate articles (`duplicate_of`).
    Returns:
        Articles and InputFailures, in input order (folders sorted by path).
    """
    reader = Reader(settings or Settings.from_env(), date=date, client=client, stdin=stdin)
    items = (item for name in inputs for item in reader.read(name))
    if dedup:
        items = mark_duplicates(items, reader.settings.dedup_threshold)
    yield from items


class Reader:
    """Dispatch each input to the reader for its kind; isolate every failure."""

    def __init__(self, settings: Settings, *, date: str | None = None,
                 client: httpx.Client | None = None, stdin: BinaryIO | None = None) -> None:
        """Keep the settings, the given date, the HTTP client and the stdin stream."""
        self.settings = settings
        self.date = date
        self.client = client
        self.stdin = stdin

    def read(self, name: str) -> Iterator[Item]:
        """Yield the articles of one input, turning any error into a failure naming it."""
        try:
            if name == STDIN:
                yield from self.read_stdin()
            elif is_url(name):
                yield from self.read_url(name)
            else:
                yield from self.read_path(Path(name), name)
        except CommuniqueError as error:
            yield InputFailure(error.source or name, _reason(error), error.code)
        except Exception as error:  # bad input must never abort a batch
            log.debug("reading %s failed", name, exc_info=True)
            yield InputFailure(name, f"could not read: {type(error).__name__}: {error}")

    def read_path(self, path: Path, name: str) -> Iterator[Item]:
        """Read a file or, recursively and in sorted order, a folder."""
        if not path.exists():
            looks_web = name.startswith("www.") or bool(WEB_ADDRESS.match(name))
            hint = f" (for a web page, write https://{name})" if looks_web else ""
            yield InputFailure(name, f"no such file or folder{hint}")
        elif path.is_dir():
            yield from self.read_folder(path)
        elif not path.is_file():
            yield InputFailure(name, "not a regular file")
        else:
            yield from self.read_file(path, name)

    def read_folder(self, folder: Path) -> Iterator[Item]:
        """Read every known file under a folder, skipping hidden ones, sorted by path."""
        files = sorted(p for p in folder.rglob("*") if p.is_file()
                       and not any(part.startswith(".") for part in p.relative_to(folder).parts))
        readable = [p for p in files if p.suffix.lower() in KNOWN_SUFFIXES]
        for skipped in sorted(set(files) - set(readable)):
            log.info("skipping %s (unknown file type)", skipped)
        if not readable:
            yield InputFailure(str(folder), "folder holds no readable files (.txt .md .html "
                               ".htm .jsonl .csv .rss .atom .xml)")
        for path in readable:
            yield from self.read(str(path))

    def read_file(self, path: Path, name: str) -> Iterator[Item]:
        """Read one file by its extension (sniffing the content when it has none we know)."""
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as stream:
                yield from self.read_jsonl(stream, name, path.stem)
            return
        if suffix in CSV_SUFFIXES:
            with path.open(encoding="utf-8", errors="replace", newline="") as stream:
                yield from self.read_csv(stream, name, path.stem)
            return
        too_big = check_size(path.stat().st_size, name, self.settings)
        if too_big:
            yield too_big
            return
        data = path.read_bytes()
        yield from self.read_bytes(data, name, stem_id(path), suffix)

    def read_bytes(self, data: bytes, name: str, article_id: str, suffix: str = "",
                   url: str | None = None) -> Iterator[Item]:
        """Read a document's bytes as a feed, an HTML page, Markdown or plain text."""
        failure = check_bytes(data, name, self.settings)
        if failure:
            yield failure
            return
        kind = _kind(suffix, data)
        if kind == "feed":
            yield from read_feed(data, source=name, settings=self.settings, date=self.date,
                                 fetch_page=self.fetch_page)
        elif kind == "html":
            yield article_from_html(data, source=name, settings=self.settings, id=article_id,
                                    url=url, date=self.date)
        elif kind == "text":
            text = decode(data, name)
            if suffix in MARKDOWN_SUFFIXES:
                text = strip_markdown(text)
            yield build_article(text, id=article_id, source=name, settings=self.settings,
                                url=url, date=self.date,
                                file_name=None if url else Path(name).name)
        else:
            yield InputFailure(name, "not an RSS/Atom feed (no <rss>, <feed> or <rdf:RDF>)")

    def read_jsonl(self, lines: Iterable[bytes], name: str, stem: str) -> Iterator[Item]:
        """Read JSONL records; a bad line is a failure named name:line."""
        for row_name, number, record in jsonl_rows(lines, name, self.settings):
            yield self._record(record, row_name, f"{stem}-{number}")

    def read_csv(self, stream, name: str, stem: str) -> Iterator[Item]:
        """Read CSV rows; a bad row is a failure named name:line."""
        for row_name, number, record in csv_rows(stream, name, self.settings):
            yield self._record(record, row_name, f"{stem}-{number}")

    def _record(self, record, name: str, fallback_id: str) -> Item:
        """Read one table record, or pass its parse failure through."""
        if isinstance(record, InputFailure):
            return record
        try:
            return read_record(record, name=name, fallback_id=fallback_id,
                               settings=self.settings, date=self.date,
                               fetch_url=self.fetch_page)
        except CommuniqueError as error:
            return InputFailure(error.source or name, _reason(error), error.code)
        except Exception as error:  # bad input must never abort a batch
            log.debug("record %s failed", name, exc_info=True)
            return InputFailure(name, f"could not read the record: {type(error).__name__}: "
                                f"{error}")

    def read_stdin(self) -> Iterator[Item]:
        """Read stdin: JSONL when every line is a JSON object, else one document."""
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        data = stream.read()
        if _is_jsonl(data):
            yield from self.read_jsonl(data.splitlines(), "stdin", "stdin")
        else:
            yield from self.read_bytes(data, "stdin", "stdin")

    def read_url(self, url: str) -> Iterator[Item]:
        """Fetch a URL and read it as a feed (one article per entry) or a page."""
        fetched = fetch(url, self.settings, self.client)
        if _is_feed(fetched.media_type, fetched.content):
            yield from read_feed(fetched.content, source=url, settings=self.settings,
                                 date=self.date, fetch_page=self.fetch_page)
        else:
            yield self._page(fetched, source=url, id=url_id(url))

    def fetch_page(self, url: str, *, source: str, id: str | None = None,
                   title: str | None = None, date: str | None = None,
                   metadata_date: str | None = None, outlet: str | None = None) -> Item:
        """Fetch one page (a feed entry's link, a record's url) into an article."""
        try:
            fetched = fetch(url, self.settings, self.client)
        except CommuniqueError as error:
            return InputFailure(source, f"{url}: {_reason(error)}", error.code)
        return self._page(fetched, source=source, id=id or url_id(url), title=title,
                          date=date or self.date, metadata_date=metadata_date, outlet=outlet)

    def _page(self, fetched, *, source: str, id: str, title: str | None = None,
              date: str | None = None, metadata_date: str | None = None,
              outlet: str | None = None) -> Item:
        """Read a fetched body as plain text or, by default, as an HTML page."""
        failure = check_bytes(fetched.content, source, self.settings)
        if failure:
            return failure
        if fetched.media_type in ("text/plain", "text/markdown") and \
                not looks_like_html(fetched.content):
            return build_article(decode(fetched.content, source), id=id, source=source,
                                 settings=self.settings, url=fetched.url, title=title,
                                 date=date or self.date, outlet=outlet)
        return article_from_html(fetched.content, source=source, settings=self.settings, id=id,
                                 url=fetched.url, title=title, date=date or self.date,
                                 metadata_date=metadata_date, outlet=outlet)


def _is_feed(media_type: str, content: bytes) -> bool:
    """Return True when a fetched body is a feed (by type, or by sniffing generic XML)."""
    if media_type in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return True
    return media_type not in ("text/html", "application/xhtml+xml") and looks_like_feed(content)


def _is_jsonl(data: bytes) -> bool:
    """Return True when the first non-blank line of some bytes is a JSON object."""
    first = next((line for line in data.splitlines() if line.strip()), b"")
    if not first.lstrip().startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _kind(suffix: str, data: bytes) -> str:
    """Return how to read a document: by its extension, else by sniffing its start."""
    if suffix in TEXT_SUFFIXES | MARKDOWN_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    if looks_like_feed(data):
        return "feed"
    if suffix in FEED_SUFFIXES:
        return "not_feed"
    return "html" if looks_like_html(data) else "text"


def _reason(error: CommuniqueError) -> str:
    """Return an error's message with its hint, without the code and source prefix."""
    return f"{error.message} ({error.hint})" if error.hint else error.message
