"""JSONL and CSV inputs: one article per record, each failure named file:line.

A record has some of: id, url, title, text (or html), date (aliases pub_date,
published), outlet. `text` goes through the plain-text segmenter, `html`
through trafilatura; a record with only a url is fetched. A bad line is
reported and the lines after it go on.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from communique.ingest.html import article_from_html
from communique.ingest.text import build_article, check_size, url_id
from communique.records import Article, InputFailure
from communique.settings import Settings

log = logging.getLogger(__name__)

ALIASES = {
    "id": ("id", "article_id", "doc_id"),
    "url": ("url", "link", "href"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content"),
    "html": ("html", "raw_html"),
    "date": ("date", "pub_date", "published", "published_at", "pubdate", "dct"),
    "outlet": ("outlet", "site", "sitename", "publisher"),
}

# A \uD800-\uDFFF escape with no partner decodes to a lone surrogate, which no encoding
# (hashing, the store, stdout) accepts.
ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")

UrlFetcher = Callable[..., Article | InputFailure]
Row = tuple[str, int, "dict[str, Any] | InputFailure"]


def jsonl_rows(lines: Iterable[bytes], source: str, settings: Settings) -> Iterator[Row]:
    """Yield (name, line number, record or failure) for each non-blank JSONL line."""
    for number, raw in enumerate(lines, start=1):
        name = f"{source}:{number}"
        if not raw.strip():
            continue
        too_big = check_size(len(raw), name, settings)
        if too_big:
            yield name, number, too_big
            continue
        line = raw.decode("utf-8", errors="replace")
        if "\ufffd" in line and b"\xef\xbf\xbd" not in raw:
            log.warning("%s: invalid UTF-8; bad bytes replaced", name)
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield name, number, InputFailure(name, f"invalid JSON: {error.msg} at column "
                                             f"{error.colno}")
            continue
        if not isinstance(record, dict):
            yield name, number, InputFailure(name, f"expected a JSON object, got "
                                             f"{type(record).__name__}")
            continue
        if ESCAPED_SURROGATE.search(line) and (clean := _without_surrogates(record)) != record:
            log.warning("%s: lone UTF-16 surrogate escapes replaced", name)
            record = clean
        yield name, number, record


def _without_surrogates(value: Any) -> Any:
    """Return a JSON value with lone surrogates replaced by U+FFFD, as invalid UTF-8 is."""
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


def csv_rows(stream: io.TextIOBase, source: str, settings: Settings) -> Iterator[Row]:
    """Yield (name, line number, record or failure) for each CSV row after the header."""
    csv.field_size_limit(max(csv.field_size_limit(), settings.max_bytes + 1))
    reader = csv.reader(stream)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        yield source, 0, InputFailure(source, "empty CSV file (no header row)")
        return
    except csv.Error as error:
        yield source, 1, InputFailure(f"{source}:1", f"unreadable CSV header: {error}")
        return
    if not any(column in header for key in ("text", "html", "url") for column in ALIASES[key]):
        yield source, 1, InputFailure(f"{source}:1", "CSV header has no text, html or url "
                                      f"column (found: {', '.join(header)})")
        return
    while True:
        start = reader.line_num + 1
        name = f"{source}:{start}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield name, start, InputFailure(name, f"unreadable CSV row: {error}")
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield name, start, InputFailure(name, f"row has {len(row)} fields, the header "
                                            f"{len(header)}")
            continue
        yield name, start, dict(zip(header, row, strict=True))


def field(record: dict[str, Any], key: str) -> str | None:
    """Return a record's value for a field under any of its aliases, as text."""
    for alias in ALIASES[key]:
        value = record.get(alias)
        if value is not None and value != "":
            return value if isinstance(value, str) else str(value)
    return None


def read_record(record: dict[str, Any], *, name: str, fallback_id: str, settings: Settings,
                date: str | None, fetch_url: UrlFetcher | None) -> Article | InputFailure:
    """Turn one record into an article: its text, else its html, else its fetched url."""
    for key in ("text", "html"):
        value = next((record[a] for a in ALIASES[key] if record.get(a) is not None), None)
        if value is not None and not isinstance(value, str):
            return InputFailure(name, f"field {key!r} must be a string, got "
                                f"{type(value).__name__}")
    url = field(record, "url")
    article_id = field(record, "id") or (url_id(url) if url else fallback_id)
    title = field(record, "title")
    given = date or field(record, "date")
    outlet = field(record, "outlet")
    text = field(record, "text")
    if text is not None:
        return build_article(text, id=article_id, source=name, settings=settings, url=url,
                             title=title, date=given, outlet=outlet)
    html = field(record, "html")
    if html is not None:
        too_big = check_size(len(html.encode("utf-8")), name, settings)
        return too_big or article_from_html(html, source=name, settings=settings, id=article_id,
                                            url=url, title=title, date=given, outlet=outlet)
    if url and fetch_url:
        return fetch_url(url, source=name, id=article_id, title=title, date=given,
                         outlet=outlet)
    return InputFailure(name, "record has no text, html or url field")
