"""The records that flow between stages: the contract of DESIGN.md.

`ingest` makes `Article`s; `pipeline.extract` turns each into an
`ExtractionRecord`; everything after it (store, linking, report, web, scale)
sees only these records and plain dicts, never spaCy objects.

Dict shapes carried inside an ExtractionRecord (keys are stable, order too):

ActorRef     {name, kind, country, sector, code, kb_id}
             kind: person | state | organisation | group | anonymous
ActorMention ActorRef + {text, start, end, confidence, method, participant}
             method: kb | alias | fuzzy | title | ner | coref | group | place
             participant: False for places, media, bylines, collective groups and
             adjective-only attributes (kept as mentions, left out of `actors`);
             optional: description, affiliation, antecedent, members (a plural "they")
Timex        {text, start, end, type, value}          type: DATE | TIME | DURATION | SET
Quote        {text, start, end, parts, kind, speaker, cue, medium, addressee, date,
              date_precision}
             kind: direct | partial (in `quotes`) | indirect (in `reported`)
             parts: [[start, end], ...] of each quoted piece (split by attribution)
             speaker: ActorRef + {description, mention}  (name None when anonymous)
Event        {type, cameo, plover, goldstein, quad_class, source, target, issue,
              modality, date, date_precision, evidence, in_quote, reporter,
              trigger, confidence, symmetric}
             symmetric: the act has no direction (talks, exchanges)
             source/target: ActorRef, a list of ActorRef, or None
             modality: asserted | negated | planned | hypothetical | conditional | alleged
             evidence: {text, start, end, sentence}
             date_precision: day | month | year | week | approximate
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

COARSE_TYPES = ("consult", "agree", "propose", "reject", "demand", "support", "criticize",
                "attack", "aid", "sanction", "release", "threaten")
MODALITIES = ("asserted", "negated", "planned", "hypothetical", "conditional", "alleged")
UNREAL_MODALITIES = frozenset({"negated", "planned", "hypothetical", "conditional"})
PUB_DATE_SOURCES = ("given", "metadata", "url", "dateline", "file_name", "inferred")


def plain_data(value: Any) -> Any:
    """Return a deep copy of records data as dicts, lists and tuples.

    Like `dataclasses.asdict`, but leaves the immutable leaves (str, int, float,
    None) uncopied: asdict deep-copies every leaf, which made turning one
    record into a dict cost as much as one of the pipeline stages.
    """
    kind = type(value)
    if kind is dict:
        return {key: plain_data(item) for key, item in value.items()}
    if kind is list:
        return [plain_data(item) for item in value]
    if kind in (str, int, float, bool) or value is None:
        return value
    if kind is tuple:
        return tuple(plain_data(item) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain_data(getattr(value, f.name)) for f in fields(value)}
    return copy.deepcopy(value)


def content_hash(text: str) -> str:
    """Return the SHA-256 of an article's clean text: the store's idempotency key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Paragraph:
    """A paragraph of the clean text, by character offsets."""

    start: int
    end: int


@dataclass
class DroppedSpan:
    """A span cut from the raw text (boilerplate, teaser, caption), kept for audit."""

    start: int
    end: int
    reason: str
    text: str


@dataclass
class Article:
    """One news article after ingestion: clean text plus where it came from."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    pub_date: str | None = None
    pub_date_source: str | None = None
    pub_date_confidence: float = 0.0
    language: str | None = None
    source: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    dropped: list[DroppedSpan] = field(default_factory=list)
    raw_text: str | None = None
    duplicate_of: str | None = None
    hash: str = ""

    def __post_init__(self) -> None:
        if not self.hash:
            self.hash = content_hash(self.text)
        if not self.paragraphs and self.text:
            self.paragraphs = split_paragraphs(self.text)

    def to_dict(self) -> dict[str, Any]:
        """Return the article as plain JSON-ready data (raw text left out)."""
        data = plain_data(self)
        data.pop("raw_text", None)
        return data


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split text on blank lines (or single newlines) into paragraph offsets."""
    out: list[Paragraph] = []
    pos = 0
    for chunk in text.split("\n"):
        start, end = pos, pos + len(chunk)
        pos = end + 1
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append(Paragraph(start + lead, start + lead + len(stripped)))
    return out


@dataclass
class InputFailure:
    """An input that could not be turned into an article: named, with the reason."""

    input: str
    reason: str
    code: str = "E100"

    def to_dict(self) -> dict[str, Any]:
        """Return the failure as plain data."""
        return plain_data(self)


@dataclass
class ExtractionRecord:
    """Everything extracted from one article: the unit the store and scorers read."""

    id: str
    pub_date: str | None
    pub_date_source: str | None
    title: str | None
    url: str | None
    outlet: str | None
    text: str
    hash: str
    duplicate_of: str | None = None
    pub_date_confidence: float = 0.0
    language: str | None = None
    source: str | None = None
    actors: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    timexes: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    reported: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    dropped: list[dict[str, Any]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as plain JSON-ready data with a stable key order."""
        return plain_data(self)
