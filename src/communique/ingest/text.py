"""Bytes to text, and text to an Article: the checks every input goes through.

Every reader (files, URLs, feeds, table rows, stdin) ends here: the bytes are
checked (empty, binary, above the size cap), decoded (invalid UTF-8 is
replaced, with a warning), segmented into the main story, dated, and checked
for language. Problems come back as an `InputFailure`, never as an exception.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from communique.ingest.boilerplate import segment
from communique.ingest.language import check_language
from communique.ingest.pubdate import dateline_agency, resolve_pub_date
from communique.limits import cut_sentences
from communique.records import Article, InputFailure
from communique.settings import Settings

log = logging.getLogger(__name__)

# File signatures of formats people drop into a corpus folder by mistake.
MAGIC = ((b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (docx, xlsx, epub?)"),
         (b"\x1f\x8b", "a gzip archive"), (b"\x89PNG", "a PNG image"),
         (b"\xff\xd8\xff", "a JPEG image"),
         (b"GIF8", "a GIF image"), (b"\xd0\xcf\x11\xe0", "an old Office document"),
         (b"SQLite format 3", "an SQLite database"), (b"\x7fELF", "an executable"))
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))")
NEWLINES = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"})
MARKDOWN_QUOTE = re.compile(r"^\s{0,3}>\s?", re.MULTILINE)


def check_size(size: int, source: str, settings: Settings) -> InputFailure | None:
    """Refuse an input above the configured size cap."""
    if size > settings.max_bytes:
        return InputFailure(source, f"input is {size:,} bytes, above the cap of "
                            f"{settings.max_bytes:,} bytes (set COMMUNIQUE_MAX_BYTES to raise it)",
                            "E101")
    return None


def check_bytes(data: bytes, source: str, settings: Settings) -> InputFailure | None:
    """Refuse empty, oversized or binary content."""
    too_big = check_size(len(data), source, settings)
    if too_big:
        return too_big
    if not data.strip():
        return InputFailure(source, "empty input (no text to read)")
    kind = binary_kind(data)
    if kind:
        return InputFailure(source, f"not a text file: looks like {kind}")
    return None


def binary_kind(data: bytes) -> str | None:
    """Return what binary content looks like, or None when it reads as text."""
    head = data[:8192]
    for magic, name in MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with a byte-order mark: text, decoded below
    if b"\x00" in head or len(CONTROL.findall(head)) > max(8, len(head) // 100):
        return "binary data"
    return None


def decode(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8 (BOM allowed), replacing invalid bytes with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = data.decode("utf-8-sig", errors="replace")
        log.warning("%s: invalid UTF-8 (first bad byte at offset %d); %d characters replaced",
                    source, error.start, text.count("\ufffd"))
    return normalize_newlines(text)


def normalize_newlines(text: str) -> str:
    """Turn CR, CRLF and Unicode line/paragraph separators into plain newlines."""
    return text.replace("\r\n", "\n").translate(NEWLINES)


def strip_markdown(text: str) -> str:
    """Turn Markdown into plain lines: headings, emphasis, links and images unwrapped."""
    text = MARKDOWN_IMAGE.sub("", text)
    text = MARKDOWN_LINK.sub(r"\1", text)
    text = MARKDOWN_HEADING.sub("", text)
    text = MARKDOWN_QUOTE.sub("", text)
    return MARKDOWN_EMPHASIS.sub("", text)


def url_id(url: str) -> str:
    """Return a stable article id for a URL (16 hex digits of its SHA-256)."""
    return hashlib.sha256(url.strip().encode("utf-8")).hexdigest()[:16]


def stem_id(path: str | Path) -> str:
    """Return the article id a file gives: its stem."""
    return Path(path).stem


def build_article(raw: str, *, id: str, source: str, settings: Settings,
                  url: str | None = None, title: str | None = None,
                  date: str | None = None, metadata_date: str | None = None,
                  outlet: str | None = None,
                  file_name: str | None = None) -> Article | InputFailure:
    """Segment, date and language-check a text, returning an Article or the reason it fails.

    Args:
        raw: the page text; dropped spans point into it (kept as `raw_text`).
        id: the article id (given id, file stem or URL hash).
        source: the input name used in messages (path, path:line, URL).
        settings: run-time limits.
        url: the article URL, if known (also a date source).
        title: a title known from metadata or the record; else the headline found.
        date: a given publication date (highest priority).
        metadata_date: a date from HTML or feed metadata.
        outlet: the publishing site, if known.
        file_name: the file the article came from alone (a date in its name is a clue).
    Returns:
        The Article, or an InputFailure naming `source`.
    """
    too_big = check_size(len(raw.encode("utf-8")), source, settings)
    if too_big:
        return too_big
    if not raw.strip():
        return InputFailure(source, "empty input (no text to read)")
    raw = normalize_newlines(raw)
    segmented = segment(raw, title)
    if not segmented.text.strip():
        return InputFailure(source, "no article text (only boilerplate such as navigation, "
                            "captions or teasers was found)")
    text = cut_sentences(segmented.text, settings.max_sentences)
    if len(text) < len(segmented.text):
        log.warning("%s: cut after %d sentences (max_sentences)", source, settings.max_sentences)
    pub = resolve_pub_date(given=date, metadata=metadata_date, url=url,
                           text=text, raw_text=raw, file_name=file_name)
    article = Article(id=id, text=text, title=title or segmented.title, url=url,
                      outlet=outlet or dateline_agency(text), pub_date=pub.date,
                      pub_date_source=pub.source, pub_date_confidence=pub.confidence,
                      source=source, dropped=list(segmented.dropped), raw_text=raw)
    failure = check_language(article)
    return failure or article

