"""Cut an article's text into highlighted pieces: pure, no web framework, no database.

The article view shows every extraction (actor mentions, events, quotes,
timexes) over the text it was read from. Spans overlap (a quote holds actor
mentions, an event's evidence holds a quote), so the text is cut at every span
boundary and each piece lists the facts that cover it; the template escapes
the text of each piece and the browser script ties a fact to its pieces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("actor", "event", "quote", "timex")


@dataclass(frozen=True)
class Fact:
    """One extraction over a character range of the text, with its page anchor."""

    ref: str            # anchor id on the page: "actor-3", "event-0", "quote-2", "timex-1"
    kind: str           # actor | event | quote | timex | mark
    start: int
    end: int


@dataclass
class Piece:
    """A run of text covered by the same facts; `sentence` is set where a sentence starts."""

    text: str
    start: int
    refs: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    sentence: int | None = None


def _span(item: dict[str, Any], path: str = "") -> tuple[int, int] | None:
    """Return the (start, end) of a record item, or of its `path` sub-dict (evidence)."""
    source = item.get(path) if path else item
    if not isinstance(source, dict):
        return None
    start, end = source.get("start"), source.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
        return start, end
    return None


def record_facts(record: dict[str, Any], mark: tuple[int, int] | None = None) -> list[Fact]:
    """Return the facts of an extraction record that point into its text.

    Args:
        record: an extraction record dict (`Store.article`).
        mark: an extra range to highlight (a citation's `?hl=start-end`).
    """
    facts: list[Fact] = []
    for idx, mention in enumerate(record.get("mentions") or []):
        if (span := _span(mention)) is not None:
            facts.append(Fact(f"actor-{idx}", "actor", *span))
    for idx, event in enumerate(record.get("events") or []):
        if (span := _span(event, "evidence")) is not None:
            facts.append(Fact(f"event-{idx}", "event", *span))
    quotes = list(record.get("quotes") or []) + list(record.get("reported") or [])
    for idx, quote in enumerate(quotes):
        parts = [p for p in quote.get("parts") or [] if isinstance(p, (list, tuple))
                 and len(p) == 2 and all(isinstance(x, int) for x in p) and p[0] < p[1]]
        spans = [tuple(p) for p in parts] or [s for s in [_span(quote)] if s]
        facts.extend(Fact(f"quote-{idx}", "quote", s, e) for s, e in spans)
    for idx, timex in enumerate(record.get("timexes") or []):
        if (span := _span(timex)) is not None:
            facts.append(Fact(f"timex-{idx}", "timex", *span))
    if mark and 0 <= mark[0] < mark[1]:
        facts.append(Fact("mark", "mark", *mark))
    return facts


def paragraphs(text: str, facts: list[Fact], sentence_starts: list[int],
               paragraph_spans: list[tuple[int, int]] | None = None) -> list[list[Piece]]:
    """Cut text into paragraphs of pieces, each piece covered by one set of facts.

    Args:
        text: the article's clean text.
        facts: spans to highlight (out-of-range parts are clipped).
        sentence_starts: offsets where sentences start (piece.sentence is set there).
        paragraph_spans: (start, end) of each paragraph; blank-line split when absent.
    Returns:
        One list of pieces per paragraph, in text order.
    """
    size = len(text)
    spans = paragraph_spans or _blank_line_paragraphs(text)
    spans = [(max(0, s), min(size, e)) for s, e in spans if s < e and s < size]
    sentence_at = {start: n for n, start in enumerate(sentence_starts)}
    clipped = [(max(0, f.start), min(size, f.end), f) for f in facts if f.start < size]
    cuts = {0, size, *sentence_at}
    for start, end, _ in clipped:
        cuts.update((start, end))
    out: list[list[Piece]] = []
    for p_start, p_end in spans:
        points = sorted(c for c in cuts if p_start < c < p_end)
        bounds = [p_start, *points, p_end]
        pieces = []
        for start, end in zip(bounds, bounds[1:], strict=False):
            covering = [f for s, e, f in clipped if s <= start and end <= e]
            pieces.append(Piece(text[start:end], start, [f.ref for f in covering],
                                sorted({f.kind for f in covering}), sentence_at.get(start)))
        out.append(pieces)
    return out


def _blank_line_paragraphs(text: str) -> list[tuple[int, int]]:
    """Return paragraph spans split on newlines, skipping blank lines."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans
