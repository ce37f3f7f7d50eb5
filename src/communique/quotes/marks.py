"""Find quotation-mark spans in plain text (pure: no spaCy).

News English mixes straight and curly marks, opens with one and closes with
the other, writes ``''`` for a closing double mark, nests ‘…’ inside “…”, and
leaves a quote open at the end of a paragraph when the next paragraph goes on
quoting (and opens with a mark). Apostrophes (don’t, Europe’s, Americans’)
must not be taken for marks. This module turns all of that into spans of the
quoted text without its marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# `''` and ``` `` ``` stand for double marks in wire copy; they must win over
# single-character matches.
DOUBLE_MARK = re.compile(r"''|``|[“”\"«»„]")
SINGLE_MARK = re.compile(r"[‘’']")
OPENERS = frozenset("“«„") | {"``"}
CLOSERS = frozenset("”»") | {"''"}
# characters after which a mark opens a quote
OPEN_BEFORE = frozenset("([{—–-/:;")
# characters before which a mark closes a quote
CLOSE_AFTER = frozenset(",.;:!?)]}—–-…")
BULLET = re.compile(r"[-–—•*]\s+")


@dataclass
class MarkSpan:
    """One quotation: its pieces of quoted text (several when it spans paragraphs)."""

    parts: list[tuple[int, int]]
    open_at: int
    close_at: int | None
    single: bool = False
    marks: list[tuple[int, int]] = field(default_factory=list)

    @property
    def start(self) -> int:
        """Return the offset of the first quoted character."""
        return self.parts[0][0]

    @property
    def end(self) -> int:
        """Return the offset after the last quoted character."""
        return self.parts[-1][1]

    @property
    def outer_start(self) -> int:
        """Return the offset of the opening mark."""
        return self.open_at

    @property
    def outer_end(self) -> int:
        """Return the offset after the closing mark (or after the text when unclosed)."""
        return self.marks[-1][1] if self.close_at is not None else self.end


def _is_space(char: str) -> bool:
    """Tell whether a character is whitespace or the edge of the text."""
    return not char or char.isspace()


def opens(text: str, start: int, end: int) -> bool:
    """Tell whether a mark at text[start:end] sits where a quote opens."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    after_open = _is_space(before) or before in OPEN_BEFORE or before in "“‘\"'"
    return after_open and not _is_space(after)


def closes(text: str, start: int, end: int) -> bool:
    """Tell whether a mark at text[start:end] sits where a quote closes."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return not _is_space(before) and (_is_space(after) or after in CLOSE_AFTER or after in "”’\"'")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Split text on newlines into (start, end) offsets of non-blank paragraphs."""
    out, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span past its outer spaces and a trailing comma (“…,” he said)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _double_marks(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Return (start, end, mark) for every double quotation mark in a stretch."""
    return [(m.start(), m.end(), m.group()) for m in DOUBLE_MARK.finditer(text, start, end)]


def _pair_double(text: str, para: tuple[int, int]) -> tuple[list[MarkSpan], int | None]:
    """Pair double marks within one paragraph; return spans and a dangling opening."""
    spans: list[MarkSpan] = []
    open_mark: tuple[int, int] | None = None
    for start, end, mark in _double_marks(text, *para):
        is_open, is_close = opens(text, start, end), closes(text, start, end)
        if open_mark is None:
            if mark in CLOSERS and is_close and not is_open:
                continue  # a stray closing mark: nothing to close
            if not is_open and not (mark in OPENERS and not _is_space(text[end:end + 1])):
                continue
            open_mark = (start, end)
            continue
        if mark in OPENERS and is_open and not is_close:
            # a new opening while one is open: the earlier mark was never closed
            open_mark = (start, end)
            continue
        inner = _trim(text, open_mark[1], start)
        if inner[1] > inner[0]:
            spans.append(MarkSpan([inner], open_mark[0], start, marks=[open_mark, (start, end)]))
        open_mark = None
    return spans, (open_mark[0] if open_mark else None)


def _single_candidates(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Return the single marks that can open or close a quote, apostrophes skipped."""
    out = []
    for match in SINGLE_MARK.finditer(text, start, end):
        pos = match.start()
        before = text[pos - 1] if pos > start else ""
        after = text[pos + 1] if pos + 1 < end else ""
        if before.isalnum() and after.isalnum():
            continue  # an apostrophe inside a word: don’t, Europe’s
        if opens(text, pos, pos + 1) and (after.isalpha() or after in "‘“\"["):
            out.append((pos, "open"))
        elif closes(text, pos, pos + 1):
            out.append((pos, "close"))
    return out


def _best_close(text: str, closers: list[int]) -> int:
    """Pick the closing single mark: one next to punctuation beats a plural possessive."""
    for pos in closers:
        before, after = text[pos - 1], text[pos + 1:pos + 2]
        if before in ",.!?;:" or (after and after in ",.;:!?)"):
            return pos
    for pos in closers:
        if text[pos - 1] not in "sS":
            return pos
    return closers[0]


def _pair_single(text: str, start: int, end: int) -> list[MarkSpan]:
    """Pair top-level single marks (British-style quotes) within a stretch of text."""
    cands = _single_candidates(text, start, end)
    spans: list[MarkSpan] = []
    i = 0
    while i < len(cands):
        pos, kind = cands[i]
        if kind != "open":
            i += 1
            continue
        j = i + 1
        closers = []
        while j < len(cands) and cands[j][1] != "open":
            closers.append(cands[j][0])
            j += 1
        if closers:
            close = _best_close(text, closers)
            inner = _trim(text, pos + 1, close)
            if inner[1] > inner[0]:
                spans.append(MarkSpan([inner], pos, close, single=True,
                                      marks=[(pos, pos + 1), (close, close + 1)]))
        i = j
    return spans


def _leading_open(text: str, para: tuple[int, int]) -> int | None:
    """Return the offset of a double mark opening the paragraph (after a bullet), if any."""
    start = para[0]
    bullet = BULLET.match(text, start, para[1])
    if bullet:
        start = bullet.end()
    match = DOUBLE_MARK.match(text, start, para[1])
    if match and opens(text, match.start(), match.end()):
        return match.start()
    return None


def find_quotes(text: str) -> list[MarkSpan]:
    """Return every quotation in the text, in order, with its parts and marks.

    A quote left open at the end of a paragraph continues into the next one
    when that paragraph opens with a quotation mark; otherwise it ends with
    its paragraph. Single marks count only outside double-quoted text.
    """
    result: list[MarkSpan] = []
    carry: MarkSpan | None = None
    for para in paragraphs(text):
        spans, dangling = _pair_double(text, para)
        covered = [(s.outer_start, s.outer_end) for s in spans]
        if carry is not None:
            lead = _leading_open(text, para)
            if lead is not None and spans and spans[0].open_at == lead:
                first = spans.pop(0)
                carry.parts.extend(first.parts)
                carry.marks.extend(first.marks)
                carry.close_at = first.close_at
                result.append(carry)
                carry = None
            elif lead is not None and dangling == lead:
                _extend_to_end(text, carry, lead, para)
                covered.append((lead, para[1]))
                dangling = None
            else:
                result.append(carry)
                carry = None
        if dangling is not None:
            carry = MarkSpan([], dangling, None)
            _extend_to_end(text, carry, dangling, para)
            covered.append((dangling, para[1]))
            if not carry.parts:
                carry = None
        result.extend(spans)
        result.extend(_singles_outside(text, para, covered))
    if carry is not None:
        result.append(carry)
    result.sort(key=lambda s: s.start)
    return result


def _extend_to_end(text: str, span: MarkSpan, mark_at: int, para: tuple[int, int]) -> None:
    """Add the text from an opening mark to the end of its paragraph to a span."""
    match = DOUBLE_MARK.match(text, mark_at)
    mark_end = match.end() if match else mark_at + 1
    inner = _trim(text, mark_end, para[1])
    span.marks.append((mark_at, mark_end))
    if inner[1] > inner[0]:
        span.parts.append(inner)


def _singles_outside(text: str, para: tuple[int, int],
                     covered: list[tuple[int, int]]) -> list[MarkSpan]:
    """Pair single marks in the stretches of a paragraph not covered by double quotes."""
    out: list[MarkSpan] = []
    pos = para[0]
    for start, end in sorted(covered) + [(para[1], para[1])]:
        if start > pos:
            out.extend(_pair_single(text, pos, start))
        pos = max(pos, end)
    return out


def quote_text(text: str, span: MarkSpan) -> str:
    """Return the quoted words of a span, its parts joined by an ellipsis."""
    return " … ".join(text[a:b] for a, b in span.parts)
