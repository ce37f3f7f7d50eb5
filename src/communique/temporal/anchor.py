"""Date a clause from the temporal expression attached to it through the parse.

Events and quotes call `date_for(doc, token)` with their trigger or cue token. The
date is that of a DATE/TIME timex whose head hangs from the same clause: the
first verb above the timex (climbing through "to"-complements, so "agreed to
halt strikes on Tuesday" is one clause) must be the token's own verb. A timex in
a relative clause does not date the clause it modifies; a verb coordinated with
another ("met ... and agreed"), a bare participle ("said on Tuesday, adding that")
and a clause joined by "as"/"while"/"when" share the date of the verb they hang
from when they have none of their own. A duration or a set never dates an event,
nor does the bound of a span ("since Saturday", "until June 7") or a wire
dateline's date. A span stated before "after"/"before" moves the day: "on
Wednesday, a day after Trump's call" dates the call to Tuesday. A quoted "today"
or "yesterday" counts from the day the speaker said it.

Two weaker sources follow, both with precision "approximate": a past-tense clause
reported by a dated one ("announced Monday that he had called Putin") happened on
or shortly before the day of the report; and an undated simple-past clause takes
the day the story narrates there (`_narrative_day`). Only then the publication date.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, NamedTuple, TypeVar

from spacy.tokens import Doc, Span, Token

from communique.ingest.pubdate import WIRE_DATELINE
from communique.nlp.extensions import span_value, text_of
from communique.nlp.tokens import ParsedToken, parsed_tokens
from communique.temporal.component import is_future, is_past
from communique.temporal.normalize import precision_of

PRECISION_RANK = {"day": 0, "approximate": 1, "week": 2, "month": 3, "year": 4}
MAX_CLIMB = 12
# Subordinators of a clause that happens at the same time as the one it modifies.
SAME_TIME_MARKERS = frozenset({"where", "when", "as", "while", "whilst"})
# Subordinators and prepositions that place a clause at another time than the narrative.
SHIFTING_MARKERS = frozenset({"after", "before", "since", "until", "till", "following"})
# Words that place what follows them a stated span away: "a day after", "two days before".
OFFSET_MARKERS = frozenset({"after", "before"})
LONG_UNITS = frozenset({"day", "week", "month", "year"})
WHOLE_DAYS = re.compile(r"P(\d+)([DW])")
# Prepositions that make a day the bound of a span ("since Saturday", "until June 7"):
# it dates no act, and neither does a day "after"/"before" for the narrative.
SPAN_BOUNDS = frozenset({"since", "until", "till", "by", "before", "from"})
BOUND_MARKERS = SPAN_BOUNDS | {"after"}
# A single quotation mark opening before a word or closing after one.
SINGLE_QUOTE = re.compile(r"(?P<open>(?:^|(?<=[\s(\[—–-]))[‘'](?=\w))"
                          r"|(?<=[\w.,!?])[’'](?=\s|$|[.,;:!?)])")
# Words that name a day from the speaker's present: in a quotation, read from the day said.
DEICTIC_DAYS = frozenset({"today", "tonight", "yesterday", "tomorrow", "this morning",
                          "this afternoon", "this evening", "last night", "overnight"})
LINE_BREAK = re.compile("\n")
# Auxiliaries of a past-perfect clause: told as earlier than the narrative day.
PERFECT_PAST = frozenset({"had", "'d"})

Dated = tuple[Span, str, str]
Word = TypeVar("Word", Token, ParsedToken)
DATED_KEY = "communique.temporal.dated_timexes"
PARAGRAPHS_KEY = "communique.temporal.paragraph_starts"


class DatedTimex(NamedTuple):
    """A timex that dates, with what the parse says of it, as plain values.

    Every event and quote of a Doc asks the same questions of the same timexes
    (which clause they hang from, whether they bound a span, whether they set the
    narrative day); answered once per Doc, and without spaCy objects so the Doc
    still serialises.
    """

    start: int
    end: int
    root: int  # index of the span's root token
    calendar: str
    precision: str
    clause: int  # index of the verb heading its clause (`clause_head`), -1 when none
    bounds: bool  # it bounds a span (`_bounds_a_span`)
    narrates: int  # the paragraph it sets the narrative day of, -1 when it sets none


def date_for(doc: Doc, token: Token | ParsedToken) -> tuple[str | None, str]:
    """Return (ISO date, precision) for the clause of `token`; the pub date when none.

    Args:
        doc: a Doc the temporal component has run over (``doc.spans["timexes"]``).
        token: the token that states the event or the quote's cue.
    Returns:
        ``("2025-03-19", "day")``, ``("2025-W11", "week")``, ``("2025-03", "month")``
        or ``("2025", "year")`` from the attached expression; a day with
        "approximate" from the report or the paragraph; otherwise
        ``(doc._.pub_date, "approximate")`` (``None`` when the pub date is unknown).
    """
    token = parsed_tokens(doc)[token.i]  # the walks below read the plain copies
    published = doc._.pub_date  # read once: every doc._ access builds an accessor
    pub_date = str(published)[:10] if published else None
    dated = _dated_timexes(doc, published)
    offset = _offset_date(doc, dated, token)
    if offset is not None:
        return offset if offset[0] else (pub_date, "approximate")
    attached = _attached_date(dated, token)
    if attached is not None:
        return attached
    narrated = _narrative_day(doc, dated, token)
    if narrated is not None:
        return narrated, "approximate"
    return pub_date, "approximate"


def _attached_date(dated: list[DatedTimex], token: ParsedToken) -> tuple[str, str] | None:
    """Return the date of the expression attached to the token's clause or the clauses above."""
    clause = clause_head(token)
    reported = False
    while clause is not None:
        candidates = [(PRECISION_RANK[d.precision], abs(d.root - token.i), d.calendar, d.precision)
                      for d in dated if d.clause == clause.i and not d.bounds]
        if candidates:
            _, _, calendar, precision = min(candidates)
            if not reported:
                return calendar, precision
            return (calendar, "approximate") if precision == "day" else None
        parent = _parent_clause_word(clause)
        if parent is None and _reported_past(clause):
            parent, reported = clause.head, True
        if parent is None:
            return None
        for d in dated:
            if d.start <= parent.i < d.end:
                return d.calendar, d.precision
        clause = clause_head(parent)
    return None


def _bounds_a_span(root: ParsedToken) -> bool:
    """Return whether a timex (given by its root) bounds a span rather than dating an act.

    "since Saturday", "until June 7", and a day owned by what "after"/"before" name
    ("after Wednesday's talks", "before Friday's deadline").
    """
    head = root.head
    if head.lower_ in SPAN_BOUNDS:
        return True
    return root.dep_ in ("poss", "compound", "nmod") and head.dep_ == "pobj" and (
        head.head.lower_ in BOUND_MARKERS)


def _offset_date(doc: Doc, dated: list[DatedTimex],
                 token: ParsedToken) -> tuple[str | None, str] | None:
    """Return the day of a token placed a stated span from a dated clause.

    "came on Wednesday, a day after Trump's call": the call is the day before;
    "two days before the talks": two days later. Only a span of whole days or weeks
    counts, and only when the clause it hangs from is dated to the day. An unstated
    number of days or more ("days after the talks") gives (None, "approximate"): the
    clause's day is not the token's. None when no span places the token.
    """
    node = token
    for _ in range(MAX_CLIMB):
        marker = node if node.dep_ == "prep" else next(
            (c for c in node.children if c.dep_ == "mark"), None)
        if marker is not None and marker.lower_ in OFFSET_MARKERS:
            words = list(marker.children) + list(node.children)
            days = _span_days(doc, words)
            if days is None and any(w.dep_ == "npadvmod" and w.lemma_.lower() in LONG_UNITS
                                    for w in words):
                return None, "approximate"
            governor = node.head if node.head.i != node.i else None
            if days is not None and governor is not None:
                anchor = _attached_date(dated, governor)
                if anchor is None or anchor[1] != "day":
                    return None
                sign = -1 if marker.lower_ == "after" else 1
                shifted = date.fromisoformat(anchor[0]) + timedelta(days=sign * days)
                return shifted.isoformat(), "day"
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _span_days(doc: Doc, words: list[ParsedToken]) -> int | None:
    """Return the whole days of a DURATION timex among the words' "npadvmod" ("a day")."""
    for span in doc.spans.get("timexes", []) if "timexes" in doc.spans else []:
        timex = _timex(doc, span) or {}
        if timex.get("type") != "DURATION" or not any(
                w.dep_ == "npadvmod" and span.start <= w.i < span.end for w in words):
            continue
        match = WHOLE_DAYS.fullmatch(str(timex.get("value")))
        if match:
            return int(match.group(1)) * (7 if match.group(2) == "W" else 1)
    return None


def _narrative_day(doc: Doc, dated: list[DatedTimex], token: ParsedToken) -> str | None:
    """Return the past day the story narrates at the token, for a simple-past clause.

    Narrative days are those a main clause states ("Goma fell on Monday"; "... on
    Monday, officials said"), but not inside quotations (a speaker's "today" is the
    day they spoke), not a night ("overnight": the story goes on the next morning),
    not the bound of a span ("since Saturday"), not in the present perfect, and not
    after the publication date. The last one before the token in its paragraph wins,
    else the only one its paragraph names, else the story's day: the first one the
    article named before the token (the lede sets it; a later paragraph's days are
    local to it, often a recap). Clauses set apart in time ("had agreed", "after
    Kyiv accused ...") take none.
    """
    verb = clause_head(token)
    if verb is None or not _narrative(verb) or _set_apart(verb):
        return None
    paragraph = _paragraph_of(doc, token.idx)
    days = [d for d in dated if d.narrates >= 0]
    here = [d for d in days if d.narrates == paragraph]
    before = [d.calendar for d in here if d.start < token.i]
    if before:
        return before[-1]
    after = {d.calendar for d in here}
    if len(after) == 1:
        return after.pop()
    earlier = [d.calendar for d in days if d.start < token.i]
    return earlier[0] if earlier else None


def _narrates(doc: Doc, span: Span, root: ParsedToken, clause: ParsedToken | None,
              calendar: str, precision: str, pub_date: str | None) -> bool:
    """Return whether a dated timex (its span and root) of that clause states a day of the
    narrative (see `_narrative_day`)."""
    return (precision == "day" and (pub_date is None or calendar <= pub_date)
            and clause is not None and _main(clause) and not _present_perfect(clause)
            and root.head.lower_ not in BOUND_MARKERS
            and not str((_timex(doc, span) or {}).get("value", "")).endswith("TNI")
            and not _in_quotation(doc, span.start_char))


def _narrative(verb: ParsedToken) -> bool:
    """Return whether a clause is told in the simple past (not "had done", not ahead)."""
    return is_past(verb) and not is_future(verb) and not _perfect(verb)


def _present_perfect(verb: ParsedToken) -> bool:
    """Return whether a clause is in the present perfect ("has flown since Saturday")."""
    return any(child.lower_ in ("has", "have", "'ve") and child.dep_ == "aux"
               for child in verb.children)


def _perfect(verb: ParsedToken) -> bool:
    """Return whether a clause is in the past perfect, told as earlier than the narrative."""
    return any(child.lower_ in PERFECT_PAST and child.dep_ in ("aux", "auxpass")
               for child in verb.children)


def _main(verb: ParsedToken) -> bool:
    """Return whether a clause states what the sentence is about, not a side remark.

    The root, a verb coordinated with it, or the content of a trailing attribution
    ("... were killed on Monday, officials said").
    """
    if verb.dep_ == "ROOT":
        return True
    head = verb.head
    return head.dep_ == "ROOT" and (verb.dep_ == "conj" or (
        verb.dep_ == "ccomp" and head.i > verb.i))


def _set_apart(verb: ParsedToken) -> bool:
    """Return whether a clause is placed before or after another ("after Kyiv accused")."""
    if any(child.lower_ in SHIFTING_MARKERS and child.dep_ == "mark" for child in verb.children):
        return True
    return verb.dep_ in ("pcomp", "pobj") and verb.head.lower_ in SHIFTING_MARKERS


def _in_quotation(doc: Doc, char: int) -> bool:
    """Return whether a character offset lies inside a direct quotation of its paragraph.

    A speaker's "today" is the day they spoke, not a day of the narrative. Double
    quotes are counted; single ones only where they open before a word or close after
    one, so the apostrophes of "Kyiv's" and "don't" are not taken for them.
    """
    start = _paragraph_starts(doc)[_paragraph_of(doc, char)]
    before = text_of(doc)[start:char]
    if before.count("“") > before.count("”") or before.count('"') % 2 == 1:
        return True
    depth = 0
    for match in SINGLE_QUOTE.finditer(before):
        depth = depth + 1 if match.group("open") else max(0, depth - 1)
    return depth > 0


def _paragraph_of(doc: Doc, char: int) -> int:
    """Return the number of the paragraph holding a character offset."""
    return bisect_right(_paragraph_starts(doc), char) - 1


def _paragraph_starts(doc: Doc) -> list[int]:
    """Return where each paragraph starts: after each line break, as ingestion and the
    paragraphs component have it (hard-wrapped lines are joined before)."""
    starts = doc.user_data.get(PARAGRAPHS_KEY)
    if starts is None:
        text = text_of(doc)
        starts = doc.user_data[PARAGRAPHS_KEY] = [0] + [
            match.end() for match in LINE_BREAK.finditer(text)]
    return starts


def _reported_past(verb: ParsedToken) -> bool:
    """Return whether a verb heads a past-tense clause reported by the verb above it."""
    return verb.dep_ == "ccomp" and verb.head.i != verb.i and is_past(verb) and not is_future(
        verb)


def _dated_timexes(doc: Doc, published: object) -> list[DatedTimex]:
    """Return the DATE/TIME timexes that name a calendar day, week, month or year.

    The date of a wire dateline ("KYIV, March 19 (Reuters) -") is when the story was
    filed, not when its events happened: it dates nothing. Computed once per Doc and
    set of timexes: every event and quote asks.
    """
    spans = doc.spans.get("timexes", [])
    key = (DATED_KEY, len(spans), str(published))
    if key not in doc.user_data:
        pub_date = str(published)[:10] if published else None
        doc.user_data[key] = _described(doc, _find_dated_timexes(doc, spans), pub_date)
    return doc.user_data[key]


def _described(doc: Doc, dated: list[Dated], pub_date: str | None) -> list[DatedTimex]:
    """Return the dated timexes with what the parse says of each."""
    tokens = parsed_tokens(doc)
    out = []
    for span, calendar, precision in dated:
        root = tokens[span.root.i]
        clause = clause_head(root, range(span.start, span.end))
        narrates = _narrates(doc, span, root, clause, calendar, precision, pub_date)
        out.append(DatedTimex(span.start, span.end, root.i, calendar, precision,
                              -1 if clause is None else clause.i, _bounds_a_span(root),
                              _paragraph_of(doc, span.start_char) if narrates else -1))
    return out


def _find_dated_timexes(doc: Doc, spans: Iterable[Span]) -> list[Dated]:
    """Return the dated timexes among the spans, datelines left out, quoted days moved."""
    datelines = _dateline_dates(text_of(doc))
    out = []
    for span in spans:
        timex = _timex(doc, span)
        if not timex or timex.get("type") not in ("DATE", "TIME") or any(
                start <= span.start_char < end for start, end in datelines):
            continue
        calendar, precision = precision_of(timex.get("value"))
        if calendar:
            out.append((span, calendar, precision))
    return _speech_days(doc, out)


def _speech_days(doc: Doc, dated: list[Dated]) -> list[Dated]:
    """Move a quoted "today"/"yesterday" to the day the speaker said it.

    The temporal component reads every "yesterday" against the publication date; in
    "'We spoke to Putin yesterday,' Trump said on Tuesday" it is the day before Tuesday.
    The speaking day is that of the sentence's reporting verb, outside the quotation:
    its own day, else the day the story narrates there (the result is then only
    "approximate").
    """
    pub_date = str(doc._.pub_date)[:10] if doc._.pub_date else None
    quoted = {i for i, (span, _, precision) in enumerate(dated)
              if precision == "day" and span.text.lower() in DEICTIC_DAYS
              and _in_quotation(doc, span.start_char)}
    if not quoted or pub_date is None:
        return dated
    plain = _described(doc, [item for i, item in enumerate(dated) if i not in quoted], pub_date)
    tokens = parsed_tokens(doc)
    out = []
    for i, (span, calendar, precision) in enumerate(dated):
        root = tokens[span.sent.root.i]
        said = None
        if i in quoted and not _in_quotation(doc, root.idx):
            said = _attached_date(plain, root)
            if said is None:
                narrated = _narrative_day(doc, plain, root)
                said = (narrated, "approximate") if narrated else None
        if said is not None and said[1] in ("day", "approximate") and said[0] != pub_date:
            offset = date.fromisoformat(said[0]) - date.fromisoformat(pub_date)
            calendar = (date.fromisoformat(calendar) + offset).isoformat()
            precision = said[1]
        out.append((span, calendar, precision))
    return out


def _timex(doc: Doc, span: Span) -> dict[str, Any] | None:
    """Return ``span._.timex`` without building an accessor (see `span_value`)."""
    return span_value(doc, "timex", span.start_char, span.end_char)


def _dateline_dates(text: str) -> list[tuple[int, int]]:
    """Return the character ranges of the dates of wire datelines opening a paragraph."""
    out = []
    for line in re.finditer(r"^.+$", text, re.MULTILINE):
        match = WIRE_DATELINE.match(line.group())
        if match:
            out.append((line.start() + match.start("date"), line.start() + match.end("date")))
    return out


def clause_head(token: Word, inside: range = range(0)) -> Word | None:
    """Return the verb heading the clause of a token (None for a verbless root).

    For a timex, pass its root and the range of its token indices: the search starts
    above it, the span's own words never count. "to"-complements and auxiliaries climb
    to the verb that governs them, and a participle used as a preposition ("following
    the talks") is no clause. Walks spaCy Tokens or ParsedTokens alike.
    """
    for _ in range(MAX_CLIMB):
        if token.pos_ in ("VERB", "AUX") and token.i not in inside and token.dep_ not in (
                "aux", "auxpass", "prep"):
            return _climb_complements(token)
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _parent_clause_word(verb: ParsedToken) -> ParsedToken | None:
    """Return the word a dateless clause may borrow its date through, if any.

    A coordinated verb ("met ... and agreed") and a bare participle ("said on Tuesday,
    adding that ...") borrow from the verb they hang from; a "where"/"when"/"as"/"while"
    clause ("the call on Wednesday, where he agreed") from the word it modifies, which
    may be the timex itself.
    """
    if verb.head.i == verb.i:
        return None
    if verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(
            child.dep_ == "mark" for child in verb.children)):
        # "met ... and agreed"; "said on Tuesday, adding that ...": the same time
        return verb.head
    if verb.dep_ in ("relcl", "advcl") and any(
            child.lower_ in SAME_TIME_MARKERS and child.dep_ in ("advmod", "mark")
            for child in verb.children):
        return verb.head
    return None


def _climb_complements(verb: Word) -> Word:
    """Return the verb a chain of open complements ("agreed to halt") hangs from."""
    for _ in range(MAX_CLIMB):
        if verb.dep_ != "xcomp" or verb.head.i == verb.i:
            return verb
        verb = verb.head
    return verb
