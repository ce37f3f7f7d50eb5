"""Date a clause from the temporal expression attached to it through the parse.

Events and quotes call `date_for(doc, token)` with their trigger or cue token. The
date is that of a DATE/TIME timex whose head hangs from the same clause: the
first verb above the timex (climbing through "to"-complements, so "agreed to
halt strikes on Tuesday" is one clause) must be the token's own verb. A timex in
another clause (a relative clause, the reported clause of "said") does not date
it; a verb coordinated with another ("met ... and agreed") shares the first
verb's date when it has none of its own. A duration or a set never dates an event.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from communique.temporal.normalize import precision_of

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
MAX_CLIMB = 12


def date_for(doc: Doc, token: Token) -> tuple[str | None, str]:
    """Return (ISO date, precision) for the clause of `token`; the pub date when none.

    Args:
        doc: a Doc the temporal component has run over (``doc.spans["timexes"]``).
        token: the token that states the event or the quote's cue.
    Returns:
        ``("2025-03-19", "day")``, ``("2025-W11", "week")``, ``("2025-03", "month")``
        or ``("2025", "year")`` from the attached expression; otherwise
        ``(doc._.pub_date, "approximate")`` (``None`` when the pub date is unknown).
    """
    dated = _dated_timexes(doc)
    clause = clause_head(token)
    while clause is not None:
        candidates = [(PRECISION_RANK[precision], abs(span.root.i - token.i), calendar, precision)
                      for span, calendar, precision in dated if clause_head(span) == clause]
        if candidates:
            _, _, calendar, precision = min(candidates)
            return calendar, precision
        parent = _parent_clause_word(clause)
        if parent is None:
            break
        for span, calendar, precision in dated:
            if span.start <= parent.i < span.end:
                return calendar, precision
        clause = clause_head(parent)
    pub_date = doc._.pub_date
    return (str(pub_date)[:10] if pub_date else None), "approximate"


def _dated_timexes(doc: Doc) -> list[tuple[Span, str, str]]:
    """Return the DATE/TIME timexes that name a calendar day, week, month or year."""
    out = []
    for span in doc.spans.get("timexes", []) if "timexes" in doc.spans else []:
        timex = span._.timex
        if not timex or timex.get("type") not in ("DATE", "TIME"):
            continue
        calendar, precision = precision_of(timex.get("value"))
        if calendar:
            out.append((span, calendar, precision))
    return out


def clause_head(item: Token | Span) -> Token | None:
    """Return the verb heading the clause of a token or span (None for a verbless root).

    For a span (a timex) the search starts above it: the span's own words never
    count. "to"-complements and auxiliaries climb to the verb that governs them.
    """
    if isinstance(item, Span):
        token, inside = item.root, range(item.start, item.end)
    else:
        token, inside = item, range(0)
    for _ in range(MAX_CLIMB):
        if token.pos_ in ("VERB", "AUX") and token.i not in inside and token.dep_ not in (
                "aux", "auxpass"):
            return _climb_complements(token)
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _parent_clause_word(verb: Token) -> Token | None:
    """Return the word a dateless clause may borrow its date through, if any.

    A coordinated verb ("met ... and agreed") borrows from the verb before it; a
    "where"/"when" clause ("the call on Wednesday, where he agreed") from the word
    it modifies, which may be the timex itself.
    """
    if verb.head.i == verb.i:
        return None
    if verb.dep_ == "conj":
        return verb.head
    if verb.dep_ in ("relcl", "advcl") and any(
            child.lower_ in ("where", "when") for child in verb.children):
        return verb.head
    return None


def _climb_complements(verb: Token) -> Token:
    """Return the verb a chain of open complements ("agreed to halt") hangs from."""
    for _ in range(MAX_CLIMB):
        if verb.dep_ != "xcomp" or verb.head.i == verb.i:
            return verb
        verb = verb.head
    return verb
