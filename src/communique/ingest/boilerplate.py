"""Plain-text segmentation: find the main story, cut everything else and say why.

Copy-pasted news pages carry site chrome (navigation, social bars, tag lines),
bylines, photo captions and credits, newsletter and comment widgets, and the
teasers of other stories appended after the main one. Each line is classified
by the rules in `data/boilerplate.jsonl` and by its shape (a body paragraph
ends like a sentence; a heading does not); then the main story is located:
it starts at the first body paragraph, loses the teaser blocks that end in
read-more link text, ends at its last body paragraph, and finally loses any
trailing section whose names diverge from the story before it. The headline
becomes the title; subheads are cut so no quote or event comes from a title.
Every cut is a DroppedSpan with offsets into the text given.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise

from communique.ingest.pubdate import find_dates, is_date_line
from communique.records import DroppedSpan

BODY, HEADING = "body", "heading"
DROP, READ_MORE, LABEL, CAPTION = "drop", "read_more", "label", "caption"
# A rule whose lines are body text unless they close the story (an author's bio).
TRAILER = "trailer"
MAX_TEASER_PARAGRAPHS = 4
MAX_TEASER_GAP = 2
# Hard-wrapped text: no line wider than this; a line shorter than WRAP_SHORT x width ends
# its paragraph (or is a heading).
MAX_WRAP_WIDTH = 100
WRAP_SHORT = 0.6
WRAP_LONG = 0.75
# Lines that belong to an article's header: a paragraph followed by them is its standfirst.
HEADER_REASONS = frozenset({"byline", "dateline"})
# A trailing section is unrelated when so few of its names occur in the story before it.
MIN_SECTION_NAMES = 4
MAX_NAME_OVERLAP = 0.25
TERMINAL = re.compile(r"[.!?…;:][\"”’')\]]*$")
BULLET = re.compile(r"^(?:[-–—•*·▪►]+|\d+[.)])\s+")
NAME = re.compile(r"\b[A-Z][A-Za-z]+(?:[-'’][A-Za-z]+)*")
NOT_NAMES = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "he", "her", "his", "how", "if",
    "in", "it", "its", "no", "not", "of", "on", "or", "our", "she", "so", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "to", "was", "we",
    "what", "when", "where", "which", "while", "who", "why", "will", "with", "yet", "after",
    "also", "although", "before", "despite", "during", "meanwhile", "however", "still",
    "since", "until", "about", "above", "across", "against", "among", "around", "because",
    "between", "both", "each", "even", "every", "few", "many", "more", "most", "much", "other",
    "over", "some", "such", "than", "through", "under", "very", "mr", "mrs", "ms", "dr",
    "president", "prime", "minister", "ministers", "secretary", "chancellor", "general",
    "spokesperson", "spokesman", "spokeswoman", "foreign", "defence", "defense", "state",
    "affairs", "office", "press", "senior", "official", "officials", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
})
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


@dataclass(frozen=True)
class Rule:
    """One boilerplate line rule loaded from the data file."""

    reason: str
    pattern: re.Pattern[str]
    search: bool
    action: str
    max_words: int | None


@dataclass
class Line:
    """A non-empty line of the input with its class and, once decided, why it is cut."""

    start: int
    end: int
    text: str
    kind: str
    reason: str | None = None
    cut: str | None = None
    trailer: bool = False

    @property
    def words(self) -> int:
        """Return the number of whitespace-separated words."""
        return len(self.text.split())


@dataclass
class Segmented:
    """The result of segmentation: title, clean text and what was cut."""

    title: str | None
    text: str
    dropped: list[DroppedSpan] = field(default_factory=list)


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """Load the boilerplate line rules from the package data file."""
    source = resources.files("communique.ingest") / "data" / "boilerplate.jsonl"
    rules = []
    for raw in source.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        row = json.loads(raw)
        if "_about" in row:
            continue
        flags = 0 if row.get("case_sensitive") else re.IGNORECASE
        rules.append(Rule(row["reason"], re.compile(row["pattern"], flags),
                          row.get("match") == "search", row.get("action", DROP),
                          row.get("max_words")))
    return tuple(rules)


def segment(raw: str, title: str | None = None) -> Segmented:
    """Split a plain-text page into its headline, the main story and dropped spans.

    Args:
        raw: the page text (newline-separated lines or paragraphs).
        title: a title known from elsewhere (metadata, a JSONL field); a line
            repeating it is cut as the title.
    Returns:
        The title, the clean main text (paragraphs joined by blank lines) and
        the dropped spans with offsets into `raw`.
    """
    lines = classify_lines(raw)
    mark_teasers(lines)
    story = [i for i, line in enumerate(lines) if line.kind == BODY and not line.cut]
    if not story:
        # Too little shape to tell (a one-line text): keep what no rule cuts.
        for line in lines:
            if line.kind == HEADING and not line.cut:
                line.kind = BODY
        story = [i for i, line in enumerate(lines) if line.kind == BODY and not line.cut]
    found_title = title
    if len(story) > 1 and is_standfirst(lines, story[0], story[1]):
        lines[story[0]].cut = "deck"
        story = story[1:]
    while len(story) > 1 and is_summary_bullet(lines, story[0]):
        lines[story.pop(0)].cut = "deck"
    while len(story) > 1 and lines[story[-1]].trailer:
        closing = lines[story.pop()]
        closing.cut = closing.reason
    if story:
        first, last = story[0], story[-1]
        found_title = mark_front(lines, first, title) or title
        found_title = mark_story(lines, first, last, found_title) or found_title
        for line in lines[last + 1:]:
            line.cut = line.cut or line.reason or "footer"
        mark_unrelated_sections(lines, first, last)
    for line in lines:
        if not line.cut and line.kind != BODY:
            line.cut = line.reason or "navigation"
    kept = [clean_line(line.text) for line in lines if not line.cut]
    dropped = [DroppedSpan(line.start, line.end, line.cut, raw[line.start:line.end])
               for line in lines if line.cut]
    return Segmented(clean_line(found_title) if found_title else None, "\n\n".join(kept), dropped)


def classify_lines(raw: str) -> list[Line]:
    """Split text into non-empty lines (unwrapping hard-wrapped paragraphs) and classify them."""
    chunks: list[tuple[int, str]] = []
    position = 0
    for chunk in raw.split("\n"):
        stripped = chunk.strip()
        chunks.append((position + (chunk.index(stripped[0]) if stripped else 0), stripped))
        position += len(chunk) + 1
    blank_separated = any(not text for _, text in chunks[1:-1])
    width = wrap_width([text for _, text in chunks], blank_separated)
    merged: list[list[tuple[int, str]]] = []
    previous = ""
    for start, text in chunks:
        if text and previous and width and continues(previous, text, width, blank_separated):
            merged[-1].append((start, text))
        elif text:
            merged.append([(start, text)])
        previous = text
    return [classify(" ".join(text for _, text in group), group[0][0],
                     group[-1][0] + len(group[-1][1])) for group in merged]


def wrap_width(texts: list[str], blank_separated: bool) -> int | None:
    """Return the wrap width of hard-wrapped text (lines cut at ~70 columns), else None.

    The evidence is lines that stop mid-sentence near the widest length and go on
    on the next line (in lower case, unless blank lines already mark paragraphs).
    """
    widest = max((len(text) for text in texts), default=0)
    if not widest or widest > MAX_WRAP_WIDTH:
        return None
    breaks = sum(1 for before, after in pairwise(texts)
                 if len(before) >= WRAP_SHORT * widest and not TERMINAL.search(before)
                 and after and (blank_separated or after[:1].islower()))
    return widest if breaks >= 2 else None


def continues(previous: str, text: str, width: int, blank_separated: bool) -> bool:
    """Return True when a physical line carries on the wrapped paragraph above it."""
    if TERMINAL.search(previous) and not blank_separated:
        return False
    if blank_separated:
        # Paragraphs are blank-line blocks: only a short heading atop a block stands alone.
        return len(previous) >= WRAP_SHORT * width or bool(TERMINAL.search(previous)) \
            or text[:1].islower()
    return text[:1].islower() or not text[:1].isalpha() or len(previous) >= WRAP_LONG * width


def classify(text: str, start: int, end: int | None = None) -> Line:
    """Classify one stripped line by the data rules, then by its shape."""
    line = Line(start, end if end is not None else start + len(text), text, HEADING)
    probe = INVISIBLE.sub("", SPACES.sub(" ", text))
    words = len(probe.split())
    for rule in load_rules():
        if rule.max_words is not None and words > rule.max_words:
            continue
        matched = rule.pattern.search(probe) if rule.search else rule.pattern.fullmatch(probe)
        if matched and rule.action == TRAILER:
            line.kind, line.reason, line.trailer = BODY, rule.reason, True
            return line
        if matched:
            line.kind, line.reason = rule.action, rule.reason
            return line
    if is_date_line(probe):
        line.kind, line.reason = DROP, "dateline"
        return line
    line.kind = BODY if looks_like_body(probe) else HEADING
    return line


def looks_like_body(text: str) -> bool:
    """Return True when a line reads as running text rather than a heading or label."""
    core = BULLET.sub("", text)
    words = len(core.split())
    if not TERMINAL.search(core):
        # A list item is running text even without a full stop; a heading is never bulleted.
        return words >= 25 or (core != text and words >= 5)
    sentences = len(re.findall(r"[.!?…][\"”’')\]]*(?:\s|$)", core))
    if core.rstrip("\"”’')]").endswith("?") and words < 15 and sentences <= 1:
        return False
    return words >= 3


def mark_teasers(lines: list[Line]) -> None:
    """Cut each teaser: heading (+ caption) + blurb + read-more link text."""
    blocks: list[tuple[int, int]] = []
    for index, line in enumerate(lines):
        if line.kind != READ_MORE:
            continue
        line.cut = line.reason
        block_start = teaser_start(lines, index)
        if block_start is None:
            continue
        for other in lines[block_start:index]:
            other.cut = other.cut or teaser_reason(other)
        blocks.append((block_start, index))
    for (_, end), (start, _) in pairwise(blocks):
        # A line or two between two teasers belongs to them (alt text, a caption without
        # credit); more than that is the story going on between two promos.
        gap = [line for line in lines[end + 1:start] if line.kind == BODY and not line.cut]
        if len(gap) <= MAX_TEASER_GAP:
            for other in lines[end + 1:start]:
                other.cut = other.cut or teaser_reason(other)


def teaser_start(lines: list[Line], marker: int) -> int | None:
    """Return where the teaser closed by a read-more line starts, or None if it is not one."""
    index = marker - 1
    paragraphs = 0
    while index >= 0 and lines[index].kind == BODY and not lines[index].cut:
        paragraphs += 1
        index -= 1
    if paragraphs == 0 or paragraphs > MAX_TEASER_PARAGRAPHS:
        return None
    headings = 0
    while index >= 0 and lines[index].kind != BODY and not lines[index].cut:
        headings += lines[index].kind in (HEADING, CAPTION)
        index -= 1
    story_before = any(line.kind == BODY and not line.cut for line in lines[:index + 1])
    if headings == 0 or not story_before:
        # A read-more link under the article itself: only the link text goes.
        return None
    return index + 1


def teaser_reason(line: Line) -> str:
    """Return the reason for a line inside a teaser block (captions keep theirs)."""
    return line.reason if line.kind in (CAPTION, DROP, LABEL) and line.reason else "teaser"


def is_standfirst(lines: list[Line], first: int, second: int) -> bool:
    """Return True when the first paragraph is a standfirst: header metadata follows it."""
    between = lines[first + 1:second]
    return any(line.reason in HEADER_REASONS for line in between)


def is_summary_bullet(lines: list[Line], index: int) -> bool:
    """Return True for a headline-like bullet under a label atop the page ("Key points")."""
    if not BULLET.match(lines[index].text) or TERMINAL.search(lines[index].text):
        return False
    above = index - 1
    while above >= 0 and BULLET.match(lines[above].text) and not TERMINAL.search(lines[above].text):
        above -= 1
    return above >= 0 and lines[above].kind == LABEL


def mark_front(lines: list[Line], first: int, title: str | None) -> str | None:
    """Decide the lines before the story: tag line, headline (the title), deck, chrome."""
    front = [line for line in lines[:first] if not line.cut]
    for line in front:
        if line.kind != HEADING:
            line.cut = line.reason
    candidates = [line for line in front if line.kind == HEADING]
    headline = _given_title_line(candidates, title)
    if headline is None:
        substantial = [line for line in candidates if line.words >= 3]
        plain = [line for line in substantial if not is_tag_like(line.text)]
        # Failing a full headline, a short one right above the story ("Truce extended").
        short = [line for line in candidates[-1:]
                 if sum(word[:1].isalpha() for word in line.text.split()) >= 2]
        headline = (plain or substantial or short or [None])[0]
    for line in candidates:
        if headline is None or line.start < headline.start:
            line.cut = "tagline" if is_tag_like(line.text) and line.words >= 2 else "navigation"
        elif line is headline:
            line.cut = "title"
        else:
            line.cut = "deck"
    return headline.text if headline else None


def mark_story(lines: list[Line], first: int, last: int, title: str | None) -> str | None:
    """Cut headings inside the story: a late headline (after a lede), subheads, widgets."""
    found = None
    body_seen = 0
    after_label = False
    for line in lines[first:last + 1]:
        if line.cut:
            continue
        if line.kind == BODY:
            if after_label and BULLET.match(line.text) and not TERMINAL.search(line.text):
                line.cut = "teaser"  # "Related coverage" then "- Headline of another story"
                continue
            body_seen += 1
            after_label = False
            continue
        if line.kind == HEADING:
            if title is None and found is None and body_seen <= 2:
                found, line.cut = line.text, "title"
                for above in lines[first:lines.index(line)]:
                    if above.kind == BODY and not above.cut and ends_with_full_date(above.text):
                        above.cut = "caption"
            elif title and same_text(line.text, title):
                line.cut = "title"
            else:
                line.cut = "teaser" if after_label else "subhead"
            continue
        after_label = after_label or line.kind == LABEL
        line.cut = line.reason
    return found


def ends_with_full_date(text: str) -> bool:
    """Return True when a line ends on a full date, as wire photo captions do."""
    mentions = find_dates(text)
    if not mentions or mentions[-1].year is None:
        return False
    return text[mentions[-1].end:].strip() in ("", ".")


def mark_unrelated_sections(lines: list[Line], first: int, last: int) -> None:
    """Cut trailing sections whose names diverge from the story before them."""
    starts = [i for i in range(first + 1, last + 1) if lines[i].kind in (HEADING, LABEL)]
    for start, end in reversed(list(pairwise([*starts, last + 1]))):
        body = [line.text for line in lines[start:end] if line.kind == BODY and not line.cut]
        if not body:
            continue
        before = [line.text for line in lines[first:start] if line.kind == BODY and not line.cut]
        names = name_keys(" ".join(body))
        if not before or len(names) < MIN_SECTION_NAMES:
            return
        overlap = len(names & name_keys(" ".join(before))) / len(names)
        if overlap >= MAX_NAME_OVERLAP:
            return
        for line in lines[start:end]:
            if not line.cut or line.cut in ("subhead", "teaser"):
                line.cut = "unrelated"


def name_keys(text: str) -> set[str]:
    """Return crude keys of the capitalised names in a text ("Russian" and "Russia" share one)."""
    keys = set()
    for match in NAME.finditer(text):
        word = match.group().lower().replace("’", "'")
        word = word.removesuffix("'s")
        if len(word) < 3 or word in NOT_NAMES:
            continue
        keys.add(word[:5])
    return keys


def is_tag_like(text: str) -> bool:
    """Return True for a run of capitalised tags ("Diplomacy Europe Talks"): no small words."""
    words = text.split()
    if TERMINAL.search(text) or any(ch in text for ch in "“”\"‘'’:"):
        return False
    return all(not word[0].isalpha() or word[0].isupper() for word in words)


def same_text(left: str, right: str) -> bool:
    """Return True when two strings match once case, quotes and spacing are ignored."""
    def norm(value: str) -> str:
        """Lower-case and keep only letters and digits, single-spaced."""
        return re.sub(r"[\W_]+", " ", value).strip().lower()
    return norm(left) == norm(right)


def clean_line(text: str) -> str:
    """Normalise spacing and invisible characters inside a kept line."""
    return INVISIBLE.sub("", SPACES.sub(" ", text)).strip()


def _given_title_line(candidates: list[Line], title: str | None) -> Line | None:
    """Return the candidate line that repeats a title known from elsewhere."""
    if not title:
        return None
    for line in candidates:
        if same_text(line.text, title):
            return line
    return None
