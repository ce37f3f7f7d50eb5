"""Blocking and pairwise scoring of event mentions: which mentions may be one event.

A mention is indexed under (type, modality class, party) for each party taking
part, so only mentions of the same coarse type that share a party are ever
compared. A candidate pair is then checked on its participants (as a set for
consult/agree/release, by direction otherwise) and its date window, and scored
with the similarity of issue and evidence text (rapidfuzz).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from communique.linking.mentions import Mention, parse_day, reality

# Weights of the three scores and the threshold a pair must reach to be linked.
W_PARTIES, W_DATE, W_TEXT = 0.45, 0.35, 0.20
LINK_THRESHOLD = 0.70
DAY_TOLERANCE = 1  # a call late at night is dated a day apart by outlets in other time zones
_OPEN_SCOPES = (None, "partial")
RECENT_DAYS = 3  # an undated report this soon after a dated event most likely means that event

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_STOP = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "and", "or", "but",
    "that", "this", "these", "those", "it", "its", "is", "was", "were", "are", "be", "been",
    "has", "have", "had", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our",
    "said", "says", "say", "told", "after", "before", "over", "from", "as", "while", "which",
    "who", "whom", "what", "when", "where", "also", "not",
})


@dataclass(frozen=True)
class BlockKey:
    """The index key of a mention: its coarse type, modality class and one party."""

    type: str
    reality: str
    party: str


def block_keys(mention: Mention) -> list[BlockKey]:
    """Return the keys a mention is indexed under (none when no party is known)."""
    base = (mention.type, reality(mention.modality))
    return [BlockKey(*base, p) for p in sorted(mention.parties)]


def participants_score(a: Mention, b: Mention) -> float:
    """Score how well two mentions' participants agree (0 = they cannot be one event)."""
    if a.symmetric:
        return _set_score(a, b, a.parties, b.parties)
    src = _set_score(a, b, a.source_parties, b.source_parties)
    if src == 0.0:
        return 0.0
    if not a.target_parties or not b.target_parties:
        # a report that leaves the target out does not contradict one that names it
        return src * (1.0 if a.target_parties == b.target_parties else 0.85)
    tgt = _set_score(a, b, a.target_parties, b.target_parties)
    return min(src, tgt)


def _set_score(a: Mention, b: Mention, pa: frozenset[str], pb: frozenset[str]) -> float:
    """Score two party sets: equal 1, one inside the other 0.6, else 0; persons must agree."""
    if not pa or not pb:
        return 0.0
    if not _persons_agree(a, b):
        return 0.0
    if pa == pb:
        return 1.0 if _names(a) == _names(b) else 0.85
    if pa <= pb or pb <= pa:
        return 0.6
    return 0.0


def _names(m: Mention) -> frozenset[str]:
    return m.names


def _persons_agree(a: Mention, b: Mention) -> bool:
    """Return False when both name a different person acting for the same party."""
    people_a = _people_by_party(a)
    people_b = _people_by_party(b)
    return all(people_a[key] & people_b[key] for key in people_a.keys() & people_b.keys())


def _people_by_party(m: Mention) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for ref in m.sources + m.targets:
        if ref.get("kind") == "person" and ref.get("country"):
            out.setdefault(ref["country"], set()).add(ref["name"])
    return out


def date_score(a: Mention, b: Mention) -> float:
    """Score how well two mentions' dates agree (0 = they cannot be one event)."""
    wa, wb = a.window(), b.window()
    if wa is None or wb is None:
        return 0.4
    both_dated = a.date is not None and b.date is not None
    if both_dated:
        gap = max((wb[0] - wa[1]).days, (wa[0] - wb[1]).days, 0)
        if gap > DAY_TOLERANCE:
            return 0.0
        if wa == wb and wa[0] == wa[1]:
            return 1.0
        if gap == 0:
            return 0.7
        # a day apart: a late call dated by two time zones, rarely two agreements
        return 0.6 if a.type == "consult" else 0.3
    if not (wa[0] <= wb[1] and wb[0] <= wa[1]):
        return 0.0
    dated = a if a.date is not None else b if b.date is not None else None
    undated = b if dated is a else a
    if dated is not None:
        reported, happened = parse_day(undated.pub_date), parse_day(dated.date)
        if reported and happened and 0 <= (reported - happened).days <= RECENT_DAYS:
            return 0.6
    return 0.4


def content_words(text: str, drop: frozenset[str] = frozenset()) -> str:
    """Return the lower-cased content words of a text (names in `drop` left out)."""
    dropped = {w.lower() for name in drop for w in name.split()}
    return " ".join(w for w in (t.lower() for t in _WORD.findall(text))
                    if w not in _STOP and w not in dropped)


def objects_agree(a: Mention, b: Mention) -> bool | None:
    """Return whether two mentions are about the same initiative (None: not both known)."""
    if a.obj is None or b.obj is None:
        return None
    (ta, sa), (tb, sb) = a.obj, b.obj
    return ta == tb and (sa == sb or sa in _OPEN_SCOPES or sb in _OPEN_SCOPES)


def text_score(a: Mention, b: Mention) -> float:
    """Score the similarity of two mentions' object, issue or evidence sentence."""
    if objects_agree(a, b):
        return 1.0
    names = a.names | b.names
    if a.issue and b.issue:
        return fuzz.token_set_ratio(content_words(a.issue, names),
                                    content_words(b.issue, names)) / 100.0
    return fuzz.token_set_ratio(content_words(a.sentence, names),
                                content_words(b.sentence, names)) / 100.0 * 0.8


_CALL = re.compile(r"\b(?:phone|phoned|telephone|call|called|calls|video ?link|videoconference)\b",
                   re.I)
_MEET = re.compile(r"\b(?:met|meet|meeting|meetings|summit|visit|visited|visiting|hosted|"
                   r"face-to-face|in person|in-person|huddled|sat down)\b", re.I)


def contact_mode(m: Mention) -> str | None:
    """Return how a consult took place, "call" or "meeting", when its sentence says only one."""
    if m.type != "consult":
        return None
    text = m.sentence
    call, meet = bool(_CALL.search(text)), bool(_MEET.search(text))
    if call != meet:
        return "call" if call else "meeting"
    return None


def pair_score(a: Mention, b: Mention) -> float:
    """Return the linking score of two mentions (0 when they cannot be one event)."""
    if a.type != b.type or reality(a.modality) != reality(b.modality):
        return 0.0
    if objects_agree(a, b) is False:
        return 0.0
    modes = {contact_mode(a), contact_mode(b)} - {None}
    if len(modes) > 1:
        return 0.0
    parties = participants_score(a, b)
    if parties == 0.0:
        return 0.0
    when = date_score(a, b)
    if when == 0.0:
        return 0.0
    if a.key == b.key:
        return 1.0
    return W_PARTIES * parties + W_DATE * when + W_TEXT * text_score(a, b)
