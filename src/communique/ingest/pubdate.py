"""Publication date: given > HTML metadata > URL > dateline or byline > file name > inference.

Pure functions of strings (no spaCy, no clock): the same article always gets
the same date. Each result carries its source (one of
`records.PUB_DATE_SOURCES`) and a confidence in [0, 1]; the date is None when
nothing in the input supports one.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Confidence per source; inference gets less, more when weekdays corroborate it.
CONFIDENCE = {"given": 1.0, "metadata": 0.9, "url": 0.85, "published_line": 0.85,
              "wire_dateline": 0.8, "date_line": 0.75, "byline": 0.7, "file_name": 0.7,
              "updated_line": 0.6}
GUESSED_YEAR_PENALTY = 0.15

_MONTH = (r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?"
          r"|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
DATE_PATTERNS = (
    re.compile(rf"\b{_YEAR}-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?!\d|:)(?:(?:,\s*|\s+){_YEAR})?\b"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?(?:\s+{_YEAR})?\b"),
)
MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+{_YEAR}\b")
BARE_YEAR = re.compile(r"(?<![\d/-])(?:19|20)\d\d(?![\d/-])")
WEEKDAY_RE = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b")
# Words before a date that make it a plan or a deadline, not something that happened.
FUTURE_CUES = re.compile(
    r"\b(?:will|'ll|’ll|shall|set to|slated|scheduled|due|expected|expects?|plans?|planned"
    r"|planning|intends?|to (?:begin|start|meet|hold|resume|travel|visit|take place)"
    r"|next|upcoming|coming|until|till|by|before|ahead of|deadline|expires?|expiring"
    r"|runs? out)\b", re.IGNORECASE)
# Cues that end a span: a plan after a present verb ("talks last until Friday"), a past
# day after a past one ("the truce held until Saturday, when shelling resumed").
SPAN_END_CUES = frozenset({"until", "till", "by", "before"})
PAST_BEFORE_CUE = re.compile(r"\b(?:\w+ed|was|were|had|held|kept|fought|stood|went|ran)\s*$",
                             re.IGNORECASE)
# 18/03/2025, 3.18.2025: day and month order is decided by which number exceeds 12.
NUMERIC_DATE = re.compile(r"(?<![\d/.])([0-3]?\d)[/.]([0-3]?\d)[/.]((?:19|20)\d\d)(?![\d/.])")
# Separators of a byline or deck line: "Outlet · Wednesday, 19 March 2025 · City".
BYLINE_SEPARATORS = re.compile(r"\s[·|•]\s|^\s*by\s", re.IGNORECASE)
URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_.-]([01]?\d)[/_.-]([0-3]?\d)(?!\d)")
URL_COMPACT_DATE = re.compile(r"/((?:19|20)\d\d)([01]\d)([0-3]\d)(?:/|$)")
PUBLISHED_LINE = re.compile(
    r"^\s*(?:first\s+)?(?:published|posted|date published|publication date)\b"
    r"(?:\s+(?:on|at))?\s*:?\s*(?P<rest>.+)$", re.IGNORECASE)
UPDATED_LINE = re.compile(
    r"^\s*(?:last\s+)?(?:updated|modified)\b(?:\s+(?:on|at))?\s*:?\s*(?P<rest>.+)$",
    re.IGNORECASE)
WIRE_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z.'’/ -]{1,40}(?:,\s*[A-Z][A-Za-z.'’ -]{1,40}){0,2}),\s*"
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+[0-3]?\d(?:,\s*(?:19|20)\d\d)?)\s*"
    r"(?:\((?P<agency>[A-Za-z][A-Za-z/ .]{1,30})\)\s*)?[-–—]")
AGENCY_ONLY_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’/ -]{1,40}(?:,\s*[A-Za-z.'’ -]{1,40}){0,2}\s*"
    r"\((?P<agency>Reuters|AP|AFP|dpa|Xinhua|Bloomberg|UPI|Anadolu|IANS|PTI)\)\s*[-–—]")
# A place opening a date line: one to four capitalised words and a comma, twice at most.
PLACE_BEFORE_DATE = re.compile(
    r"^(?:[A-Z][\w.'’-]*(?:[ /][A-Z][\w.'’-]*){0,3},\s*){1,2}(?=[A-Z0-9])")
# What may sit around a date on a line that holds nothing else (a date line).
DATE_LINE_FILLER = re.compile(
    r"(?<![\w.])(?:published|posted|updated|last|first|modified|on|at|a\.m\.|p\.m\.|am|pm"
    r"|gmt|utc|bst|cet|cest|est|edt|et|pst|pdt|pt|cst|cdt|mst|mdt|ist|eet|eest|msk|pkt|gst"
    r"|ast|eat|cat|wat|sast|sgt|hkt|jst|kst|wib|aest|aedt)(?!\w)|" + _WEEKDAY
    + r"|(?<=\w)[+−-]\d{1,2}(?::?\d\d)?(?!\d)|\d{1,2}[:.]\d\d|[\s,|·•–—:/()-]+", re.IGNORECASE)


@dataclass(frozen=True)
class PubDate:
    """A publication date with where it came from and how sure it is."""

    date: str | None
    source: str | None
    confidence: float


@dataclass(frozen=True)
class DateMention:
    """An absolute date stated in a text; year None when the text leaves it out."""

    start: int
    end: int
    year: int | None
    month: int
    day: int


NO_DATE = PubDate(None, None, 0.0)


def resolve_pub_date(*, given: str | None = None, metadata: str | None = None,
                     url: str | None = None, text: str = "",
                     raw_text: str | None = None, file_name: str | None = None) -> PubDate:
    """Return the best-supported publication date, trying each source in order.

    Args:
        given: a date the user or the input record states (CLI `--date`, JSONL field).
        metadata: a date from HTML metadata (trafilatura / htmldate).
        url: the article's URL, which often embeds the date.
        text: the clean main text.
        raw_text: the text before boilerplate removal (datelines often sit in chrome).
        file_name: the name of a one-article file; archives often name files by date.
    Returns:
        A PubDate; its date is None when nothing supports one.
    """
    for source, value, confidence in (("given", given, CONFIDENCE["given"]),
                                      ("metadata", metadata, CONFIDENCE["metadata"])):
        if value:
            parsed = parse_date(value)
            if parsed:
                return PubDate(parsed, source, confidence)
            log.warning("ignoring unreadable %s date %r", source, value)
    from_url = date_from_url(url) if url else None
    if from_url:
        return PubDate(from_url, "url", CONFIDENCE["url"])
    reference_year = latest_year(text, raw_text)
    dateline = date_from_dateline(raw_text or text, text, reference_year)
    if dateline.date:
        return dateline
    from_name = date_from_url(file_name) if file_name else None
    if from_name:
        return PubDate(from_name, "file_name", CONFIDENCE["file_name"])
    return infer_pub_date(text, reference_year)


def parse_date(value: str) -> str | None:
    """Return the ISO day of a date string ("2025-03-21T09:00Z", "21 March 2025"), else None."""
    value = value.strip()
    iso = re.match(r"^((?:19|20)\d\d)[-/.]([01]?\d)[-/.]([0-3]?\d)(?:$|[T\s])", value)
    if iso:
        return _iso(int(iso[1]), int(iso[2]), int(iso[3]))
    compact = re.match(r"^((?:19|20)\d\d)([01]\d)([0-3]\d)$", value)
    if compact:
        return _iso(int(compact[1]), int(compact[2]), int(compact[3]))
    for mention in find_dates(value):
        if mention.year:
            return _iso(mention.year, mention.month, mention.day)
    return None


def find_dates(text: str) -> list[DateMention]:
    """Return the absolute day-precision dates a text states, in text order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            month = _month_number(match["month"])
            day = int(match["day"])
            year = int(match["year"]) if match["year"] else None
            if month is None or not _valid(year or 2000, month, day):
                continue
            taken.append((match.start(), match.end()))
            found.append(DateMention(match.start(), match.end(), year, month, day))
    return sorted(found, key=lambda m: m.start)


def date_from_url(url: str) -> str | None:
    """Return the ISO date embedded in a URL path (/2025/03/19/, -2025-03-19, /20250319/)."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    for pattern in (URL_DATE, URL_COMPACT_DATE):
        match = pattern.search(path)
        if match:
            iso = _iso(int(match[1]), int(match[2]), int(match[3]))
            if iso:
                return iso
    return None


def latest_year(text: str, raw_text: str | None = None) -> int | None:
    """Return the latest year the text states outside plans ("by 2035"), else the raw text's."""
    for source in (text, raw_text or ""):
        years = [int(m.group()) for m in BARE_YEAR.finditer(source)
                 if not is_future_context(source, m.start())]
        if years:
            return max(years)
    return None


def date_from_dateline(raw_text: str, text: str, reference_year: int | None) -> PubDate:
    """Return the date of a "Published ..." line, a wire dateline or a lone date line."""
    candidates: list[tuple[float, str]] = []
    lines = raw_text.splitlines()
    head = lines[:40] + lines[-8:]
    for line in head:
        for pattern, key in ((PUBLISHED_LINE, "published_line"), (UPDATED_LINE, "updated_line")):
            match = pattern.match(line)
            if match and len(line.split()) <= 16:
                iso = _first_full_date(match["rest"], reference_year)
                if iso:
                    candidates.append((_confidence(key, iso), iso[0]))
        if is_date_line(line):
            iso = _first_full_date(line, reference_year)
            if iso:
                candidates.append((_confidence("date_line", iso), iso[0]))
    for line in lines[:8]:
        if is_byline(line):
            iso = _first_full_date(line, reference_year)
            if iso:
                candidates.append((_confidence("byline", iso), iso[0]))
    paragraphs = [p for p in text.split("\n") if p.strip()][:5]
    for paragraph in paragraphs:
        match = WIRE_DATELINE.match(paragraph)
        if match:
            iso = _first_full_date(match["date"], reference_year)
            if iso:
                candidates.append((_confidence("wire_dateline", iso), iso[0]))
    if not candidates:
        return NO_DATE
    confidence, date = max(candidates, key=lambda c: c[0])
    return PubDate(date, "dateline", confidence)


def dateline_agency(text: str) -> str | None:
    """Return the news agency a wire dateline names ("KYIV, March 19 (Reuters) -"), if any."""
    for paragraph in [p for p in text.split("\n") if p.strip()][:3]:
        match = WIRE_DATELINE.match(paragraph) or AGENCY_ONLY_DATELINE.match(paragraph)
        if match and match["agency"]:
            return match["agency"].strip()
    return None


def is_date_line(line: str) -> bool:
    """Return True when a line holds only a date (with weekday, time, zone, "Published").

    A place may open it ("Dubai, June 24, 2025"): a dateline set on its own line.
    """
    stripped = PLACE_BEFORE_DATE.sub("", line.strip(), count=1)
    if not stripped or len(stripped.split()) > 12:
        return False
    mentions = find_dates(stripped)
    if len(mentions) != 1:
        return False
    mention = mentions[0]
    rest = stripped[:mention.start] + " " + stripped[mention.end:]
    return not DATE_LINE_FILLER.sub("", rest).strip()


def is_byline(line: str) -> bool:
    """Return True for a short byline or deck line that carries one full date among its parts."""
    if len(line.split()) > 16 or not BYLINE_SEPARATORS.search(line):
        return False
    mentions = find_dates(line)
    return len(mentions) == 1 and mentions[0].year is not None


def is_future_context(text: str, position: int) -> bool:
    """Return True when the words just before a position (same sentence) speak of a plan."""
    window = text[max(0, position - 60):position]
    sentence_start = max(window.rfind(". "), window.rfind("\n"), window.rfind("? "),
                         window.rfind("! "))
    if sentence_start >= 0:
        window = window[sentence_start + 1:]
    window = " ".join(window.split()[-6:])
    return any(not (match.group().lower() in SPAN_END_CUES and PAST_BEFORE_CUE.search(
        window[:match.start()])) for match in FUTURE_CUES.finditer(window))


def infer_pub_date(text: str, reference_year: int | None) -> PubDate:
    """Infer a publication date from the dates and weekdays the text states.

    The result is the latest past date the text states, moved forward to a
    later weekday the text mentions in the same week; it is never earlier than
    any past date stated. Without a day-precise date, or when the text names a
    later year than its latest full date (the dates are history), there is none.
    """
    past: list[dt.date] = []
    guessed = False
    for mention in find_dates(text):
        if is_future_context(text, mention.start):
            continue
        year = mention.year or _year_for(text, mention, reference_year)
        if year is None:
            continue
        guessed = guessed or mention.year is None
        day = _date(year, mention.month, mention.day)
        if day:
            past.append(day)
    if not past:
        return NO_DATE
    anchor = max(past)
    stated_year = latest_year(text)
    if stated_year and stated_year > anchor.year:
        # The text speaks of a later year: its only full dates are history, not the news.
        return NO_DATE
    weekdays = {WEEKDAYS.index(m.group(1).lower()) for m in WEEKDAY_RE.finditer(text)
                if not is_future_context(text, m.start())}
    # A weekday names a day of the week around the latest stated date.
    near = [anchor + dt.timedelta(days=offset) for offset in range(-3, 4)]
    weekday_dates = [day for day in near if day.weekday() in weekdays]
    latest = max([anchor, *weekday_dates])
    corroborated = any(day.weekday() in weekdays for day in past)
    confidence = 0.5 if corroborated else 0.4
    if guessed:
        confidence -= GUESSED_YEAR_PENALTY
    return PubDate(latest.isoformat(), "inferred", round(confidence, 2))


def _year_for(text: str, mention: DateMention, reference_year: int | None) -> int | None:
    """Pick the year of a yearless date: the weekday written next to it decides, else the text's."""
    around = text[max(0, mention.start - 14):mention.end + 14]
    named = WEEKDAY_RE.search(around)
    if named and reference_year:
        weekday = WEEKDAYS.index(named.group(1).lower())
        for offset in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6):
            day = _date(reference_year + offset, mention.month, mention.day)
            if day and day.weekday() == weekday:
                return reference_year + offset
    return reference_year


def _first_full_date(text: str, reference_year: int | None) -> tuple[str, bool] | None:
    """Return (ISO date, year guessed) for the first date in a snippet."""
    iso = re.search(r"\b((?:19|20)\d\d)-([01]\d)-([0-3]\d)\b", text)
    if iso:
        value = _iso(int(iso[1]), int(iso[2]), int(iso[3]))
        if value:
            return value, False
    for mention in find_dates(text):
        year = mention.year or _year_for(text, mention, reference_year)
        if year:
            value = _iso(year, mention.month, mention.day)
            if value:
                return value, mention.year is None
    numeric = NUMERIC_DATE.search(text)
    if numeric:
        first, second, year = int(numeric[1]), int(numeric[2]), int(numeric[3])
        month_first = second > 12
        # Day first, as most of the world writes it; uncertain when both could be months.
        value = _iso(year, first, second) if month_first else _iso(year, second, first)
        if value:
            return value, not month_first and first <= 12 and first != second
    return None


def _confidence(key: str, found: tuple[str, bool]) -> float:
    """Return a source's confidence, lowered when the year had to be guessed."""
    return round(CONFIDENCE[key] - (GUESSED_YEAR_PENALTY if found[1] else 0.0), 2)


def _month_number(name: str) -> int | None:
    """Return the number of a month name, abbreviation or digits."""
    if name.isdigit():
        return int(name)
    return MONTHS.get(name.lower().rstrip("."))


def _valid(year: int, month: int, day: int) -> bool:
    """Return True when the three numbers make a calendar day."""
    return _date(year, month, day) is not None


def _date(year: int, month: int, day: int) -> dt.date | None:
    """Return the calendar day, or None when it does not exist."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _iso(year: int, month: int, day: int) -> str | None:
    """Return the ISO form of a calendar day, or None when it does not exist."""
    day_value = _date(year, month, day)
    return day_value.isoformat() if day_value else None
