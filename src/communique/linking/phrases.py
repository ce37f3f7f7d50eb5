"""Find initiative phrases in an article's text: "a 30-day energy ceasefire", "the deal".

Pure text analysis over a record (its text, sentences, actor mentions and
quotes); no spaCy. Each phrase has its type, scope (with the scope words as
written, for readout comparisons), length, amount, the parties named in it, and
who voices it when it sits inside a quote. Generic heads ("the deal", "this
plan") and bare definite mentions ("the truce") take the type and scope of the
initiative the article named last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from communique.linking.lexicon import InitiativeLexicon, initiative_lexicon
from communique.linking.mentions import Sentences, party

ANAPHOR_SENTENCES = 5  # a generic "the deal" refers back at most this many sentences
PRE_CHARS, POST_CHARS = 60, 90
_BARRIER = re.compile(
    r"\b(?:the|a|an|this|that|these|those|its|their|his|her|our|any|to|of|for|on|with|"
    r"at|by|from|into|about|over|agreed|accept\w*|reject\w*|propos\w*|back\w*)\b", re.I)
_POST_STOP = re.compile(
    r"[,;:!?()\u2014]|\s\u2013\s|\b(?:while|but|after|before|when|although|though|because|"
    r"instead|whereas|since|until|even as)\b", re.I)
_PRE_STOP = re.compile(r"[,;:!?()\u2014.]")
_DETERMINER = re.compile(r"\b(?:the|this|that|these|those|its|their|his|her|our)\s+"
                         r"(?:[\w-]+\s+){0,3}$", re.I)
_PREPOSITION = re.compile(r"\b(?:to|in|into|for|on|against|inside|across|with|from|over|"
                          r"between|of|and)\s+(?:the\s+)?$", re.I)
_GOVERNING = re.compile(r"\b[a-z]+ of(?: the| all| some)?\s*$", re.I)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100}
_NUM = r"(?:\d[\d,]*(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
# "a 30-day truce", "30 day truce" (singular: "two days after" is not a length; "three-day-old"
# is an age)
_DURATION = re.compile(rf"\b({_NUM})[- ](day|week|month|hour|year)(?:[- ]long)?\b(?![- ]old)",
                       re.I)
_FOR_DURATION = re.compile(rf"\b(?:for|last|lasting|run for) (?:a period of |another |up to )?"
                           rf"({_NUM}) (day|week|month|hour|year)s\b",
                           re.I)
_SCALE = {"trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6,
          "m": 1e6}
_CURRENCY = {"$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "usd": "USD",
             "€": "EUR", "euro": "EUR", "euros": "EUR", "eur": "EUR", "£": "GBP",
             "pound": "GBP", "pounds": "GBP", "gbp": "GBP", "sterling": "GBP", "yen": "JPY"}
_AMOUNT_SYMBOL = re.compile(
    rf"(US\$|\$|€|£)\s?({_NUM})\s?(trillion|billion|million|bn|mn|tn|m)?\b", re.I)
_AMOUNT_WORD = re.compile(
    rf"\b({_NUM})\s?(trillion|billion|million|bn|mn|tn)?\s?(dollars?|euros?|pounds?|usd|eur|gbp|"
    r"sterling|yen)\b", re.I)
_COUNT = re.compile(r"\b(\d[\d,]*)\b")
_MONTH_BEFORE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$", re.I)
_SPLIT_ITEMS = re.compile(r"\s*(?:,|\band\b|\bor\b|&|/)\s*", re.I)
_QUOTE_MARKS = "\"'“”‘’«»"


def number(text: str) -> float | None:
    """Return the value of a numeral or a number word ("30", "2,000", "five")."""
    text = text.lower().replace(",", "")
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    try:
        return float(text)
    except ValueError:
        return None


@dataclass
class Phrase:
    """One mention of an initiative in an article."""

    article_id: str
    type: str
    start: int
    end: int
    text: str
    sentence_idx: int
    scope: str | None = None
    scope_text: str | None = None
    scope_items: tuple[str, ...] = ()
    duration: str | None = None
    amount: float | None = None
    currency: str | None = None
    count: int | None = None
    places: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)
    definite: bool = False
    generic: bool = False
    owner: dict[str, Any] | None = None
    quote_idx: int | None = None
    refers_to: str | None = None
    window: tuple[int, int] = (0, 0)

    @property
    def key(self) -> str:
        """Return the phrase's stable key, "<article_id>@<start>"."""
        return f"{self.article_id}@{self.start}"

    def evidence(self, record: dict[str, Any], sentences: Sentences) -> dict[str, Any]:
        """Return the sentence stating the phrase as evidence."""
        s, e = sentences.span(self.sentence_idx)
        return {"article_id": self.article_id, "outlet": record.get("outlet"),
                "pub_date": record.get("pub_date"), "text": record["text"][s:e], "start": s,
                "end": e, "sentence": self.sentence_idx}


def _pre_window(text: str, lo: int, start: int) -> int:
    """Return where the words that modify a head begin (after the last barrier word)."""
    left = text[max(lo, start - PRE_CHARS):start]
    base = start - len(left)
    cut = max((m.end() for m in _PRE_STOP.finditer(left)), default=0)
    barrier = max((m.end() for m in _BARRIER.finditer(left, cut)), default=cut)
    begin = base + barrier
    words = text[begin:start].split()
    if len(words) > 5:
        begin = start - len(" ".join(words[-5:])) - 1
    return max(begin, lo)


def _post_window(text: str, end: int, hi: int, next_head: int) -> int:
    """Return where the words that complete a head end (at punctuation or a new clause)."""
    right = text[end:min(hi, end + POST_CHARS, next_head)]
    stop = _POST_STOP.search(right)
    return end + (stop.start() if stop else len(right))


def _scope(lex: InitiativeLexicon, type_: str, text: str, pre: tuple[int, int],
           post: tuple[int, int], head: tuple[int, int]
           ) -> tuple[str | None, str | None, tuple[str, ...]]:
    """Return the scope nearest the head (specific scopes before full, full before partial)."""
    found: list[tuple[int, int, str, int, int]] = []
    for lo, hi in (pre, head, post):
        for entry in lex.scopes.get(type_, []):
            rank = {"full": 1, "partial": 2}.get(entry.scope, 0)
            for m in entry.words.finditer(text, lo, hi):
                distance = head[0] - m.end() if m.end() <= head[0] else max(0, m.start() - head[1])
                found.append((rank, distance, entry.scope, m.start(), m.end()))
    if not found:
        return None, None, ()
    found.sort()
    best = found[0][2]
    spans = sorted((s, e) for _, _, scope, s, e in found if scope == best)
    spans = _contiguous(text, spans, found[0][3])
    raw = text[spans[0][0]:spans[-1][1]].strip(_QUOTE_MARKS + " ")
    items = tuple(i.strip(_QUOTE_MARKS + " ").lower() for i in _SPLIT_ITEMS.split(raw)
                  if i.strip(_QUOTE_MARKS + " "))
    return best, raw, items


def _contiguous(text: str, spans: list[tuple[int, int]], anchor: int) -> list[tuple[int, int]]:
    """Keep the scope words joined to the anchor by at most two short words or a conjunction."""
    ordered = sorted(set(spans))
    i = next(k for k, (s, _) in enumerate(ordered) if s == anchor)
    lo = hi = i
    while lo > 0 and _joined(text[ordered[lo - 1][1]:ordered[lo][0]]):
        lo -= 1
    while hi < len(ordered) - 1 and _joined(text[ordered[hi][1]:ordered[hi + 1][0]]):
        hi += 1
    return ordered[lo:hi + 1]


def _joined(gap: str) -> bool:
    words = gap.strip(_QUOTE_MARKS + " -").split()
    return len(words) <= 2 and not re.search(r"[.;:!?()]", gap)


def _duration(text: str, lo: int, hi: int, modifier: bool = True) -> str | None:
    """Return a length in a span: "30-day" (a modifier, near the head) or "for 30 days"."""
    m = (modifier and _DURATION.search(text, lo, hi)) or _FOR_DURATION.search(text, lo, hi)
    if not m:
        return None
    value = number(m.group(1))
    return f"{int(value)}-{m.group(2).lower()}" if value else None


def _total_count(text: str, lo: int, hi: int) -> int | None:
    """Return how many people an exchange covers in all ("200 each" is 400)."""
    best = None
    for m in _COUNT.finditer(text, lo, hi):
        if _MONTH_BEFORE.search(text, max(lo, m.start() - 12), m.start()):
            continue  # a day of the month ("on March 19"), not a number of people
        value = int(m.group(1).replace(",", ""))
        if re.match(r"\s*(?:\w+\s+){0,2}(?:each|from each side|per side|apiece|for \d)",
                    text[m.end():hi], re.I):
            value *= 2
        best = value if best is None else max(best, value)
    return best


def _amount(text: str, lo: int, hi: int) -> tuple[float | None, str | None]:
    m = _AMOUNT_SYMBOL.search(text, lo, hi)
    if m:
        value = number(m.group(2))
        scale = _SCALE.get((m.group(3) or "").lower(), 1.0)
        return (value * scale if value is not None else None), _CURRENCY[m.group(1).lower()]
    m = _AMOUNT_WORD.search(text, lo, hi)
    if m:
        value = number(m.group(1))
        scale = _SCALE.get((m.group(2) or "").lower(), 1.0)
        return (value * scale if value is not None else None), _CURRENCY[m.group(3).lower()]
    return None, None


def _parties_in(record: dict[str, Any], lo: int, hi: int, text: str
                ) -> tuple[list[str], list[str]]:
    """Return the parties named in a window, and those after a preposition (places, targets)."""
    named, places = [], []
    last_was_place = False
    for m in sorted(record.get("mentions") or [], key=lambda m: m.get("start") or 0):
        start = m.get("start")
        if not isinstance(start, int) or not lo <= start < hi:
            continue
        p = party(m)
        if not p or m.get("kind") == "anonymous":
            continue
        if p not in named:
            named.append(p)
        # a collective ("European troops") is who acts, not where; "and" continues a list
        # of places only ("to Ukraine and Moldova", not "a draft by Britain and France")
        before = _PREPOSITION.search(text[max(lo, start - 25):start])
        last_was_place = bool(before) and m.get("kind") != "group" and (
            before.group(0).split()[0].lower() != "and" or last_was_place)
        if last_was_place and p not in places:
            places.append(p)
    return named, places


def _owner(record: dict[str, Any], lo: int, hi: int) -> tuple[dict[str, Any] | None, int | None]:
    """Return the speaker and index of the quote that holds a span, if any."""
    for i, q in enumerate(record.get("quotes") or []):
        qs, qe = q.get("start"), q.get("end")
        if isinstance(qs, int) and isinstance(qe, int) and qs <= lo and hi <= qe + 1:
            speaker = q.get("speaker") or {}
            return (speaker if speaker.get("name") else None), i
    return None, None


def find_phrases(record: dict[str, Any], lex: InitiativeLexicon | None = None,
                 sentences: Sentences | None = None) -> list[Phrase]:
    """Return every initiative phrase of an article, in text order, anaphors resolved.

    Args:
        record: an ExtractionRecord dict (text, sentences, mentions, quotes).
        lex: the initiative lexicon (the packaged one when None).
        sentences: the article's sentence lookup, when the caller has it.
    Returns:
        Phrases with type, scope, length, amount and parties.
    """
    lex = lex or initiative_lexicon()
    sentences = sentences or Sentences.of(record)
    text = record.get("text") or ""
    out: list[Phrase] = []
    for i in range(len(sentences)):
        lo, hi = sentences.span(i)
        heads: list[tuple[int, int, str | None, str | None]] = []
        for entry in lex.types:
            heads += [(m.start(), m.end(), entry.type, None)
                      for m in entry.heads.finditer(text, lo, hi)]
        for refers_to, pattern in lex.anaphors:
            heads += [(m.start(), m.end(), None, refers_to)
                      for m in pattern.finditer(text, lo, hi)]
        for start, end, type_, refers_to in _non_overlapping(heads):
            phrase = _phrase(record, lex, text, i, lo, hi, start, end, type_, heads)
            phrase.refers_to = refers_to
            out.append(phrase)
    return _resolve(out, lex, text)


def _non_overlapping(heads: list[tuple[int, int, str | None, str | None]]
                     ) -> list[tuple[int, int, str | None, str | None]]:
    """Keep typed heads over generic ones, then the longest, dropping overlaps."""
    chosen: list[tuple[int, int, str | None, str | None]] = []
    for h in sorted(heads, key=lambda h: (h[2] is None, -(h[1] - h[0]), h[0])):
        if all(h[1] <= c[0] or c[1] <= h[0] for c in chosen):
            chosen.append(h)
    return sorted(chosen)


def _phrase(record: dict[str, Any], lex: InitiativeLexicon, text: str, idx: int, lo: int,
            hi: int, start: int, end: int, type_: str | None,
            heads: list[tuple[int, int, str | None, str | None]]) -> Phrase:
    next_head = min((h[0] for h in heads if h[0] >= end), default=hi)
    pre = _pre_window(text, lo, start)
    post = _post_window(text, end, hi, next_head)
    phrase = Phrase(str(record["id"]), type_ or "", start, end, text[start:end], idx,
                    window=(pre, post), generic=type_ is None)
    phrase.definite = type_ is None or bool(_DETERMINER.search(text[max(lo, start - 40):start]))
    if type_ is not None:
        # the noun that governs the head names its scope too: "the relaxation of sanctions"
        governing = _GOVERNING.search(text, max(lo, pre - 30), pre)
        phrase.scope, phrase.scope_text, phrase.scope_items = _scope(
            lex, type_, text, (governing.start() if governing else pre, start), (end, post),
            (start, end))
    # after the head, "30-day" modifies another noun ("the measures ... of the 21-day truce",
    # "a three-year-long war"): there only "for 30 days" counts
    phrase.duration = _duration(text, pre, start) or _duration(text, end, hi, modifier=False)
    phrase.amount, phrase.currency = _amount(text, max(lo, pre - 30), post)
    if type_ == "prisoner_exchange":
        phrase.count = _total_count(text, max(lo, pre - 30), max(post, min(hi, end + 40)))
    phrase.named, phrase.places = _parties_in(record, pre, post, text)
    span = (start, end)
    if phrase.scope_text:
        at = text.find(phrase.scope_text, pre, post)
        span = (min(start, at), max(end, at + len(phrase.scope_text))) if at >= 0 else span
    phrase.owner, phrase.quote_idx = _owner(record, *span)
    if phrase.owner is None and phrase.scope_text:
        at = text.find(phrase.scope_text, pre, post)
        if at >= 0:
            phrase.owner, phrase.quote_idx = _owner(record, at, at + len(phrase.scope_text))
    return phrase


def _resolve(phrases: list[Phrase], lex: InitiativeLexicon, text: str) -> list[Phrase]:
    """Give generic and bare definite phrases the type and scope of the last named initiative."""
    out: list[Phrase] = []
    last: Phrase | None = None
    last_outside: Phrase | None = None  # narrative "the decision" skips quoted antecedents
    last_of: dict[str, Phrase] = {}
    for p in phrases:
        if p.generic:
            antecedent = last_of.get(p.refers_to) if p.refers_to else (
                last_outside if p.quote_idx is None else last)
            if antecedent is None or (p.refers_to is None and
                                      p.sentence_idx - antecedent.sentence_idx > ANAPHOR_SENTENCES):
                continue
            p.type = antecedent.type
            pre, post = p.window
            p.scope, p.scope_text, p.scope_items = _scope(lex, p.type, text, (pre, p.start),
                                                          (p.end, post), (p.start, p.end))
            _inherit(p, antecedent)
            out.append(p)
            continue
        prior = last_of.get(p.type)
        if prior and p.definite and _same_scope(p, prior):
            _inherit(p, prior)
        out.append(p)
        last = p
        if p.quote_idx is None:
            last_outside = p
        last_of[p.type] = p
    return out


def _same_scope(p: Phrase, prior: Phrase) -> bool:
    """Return False when a definite phrase names a scope other than the prior one's."""
    open_scopes = (None, "partial")
    return p.scope in open_scopes or prior.scope in open_scopes or p.scope == prior.scope


def _inherit(p: Phrase, prior: Phrase) -> None:
    """Copy what a back-reference leaves unsaid from the phrase it refers to."""
    narrows = p.scope == "partial" and prior.scope not in (None, "full")
    if p.scope is None or narrows:
        p.scope = prior.scope
    p.duration = p.duration or prior.duration
    if p.amount is None:
        p.amount, p.currency = prior.amount, prior.currency
    p.count = p.count or prior.count
    p.places = p.places or list(prior.places)
