"""Find temporal expressions in text and normalise them to TIMEX3 values (no spaCy here).

The rules live in ``data/patterns.jsonl`` and the word lists in ``data/lexicon.tsv``;
this module compiles them and implements the value operations they name. A value
is computed against the document creation time (DCT, the publication date) and
the tense of the clause: a past or present "on Wednesday" is the latest Wednesday
on or before the DCT (the same day counts), a future one the next Wednesday after it.
"""

from __future__ import annotations

import csv
import json
import logging
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache, partial
from importlib import resources
from re import _compiler as sre_compiler
from re import _constants as sre_constants
from re import _parser as sre_parser
from typing import Any, NamedTuple

log = logging.getLogger(__name__)

TENSES = ("past", "present", "future")
# Words before a bare year or a bare "May"/"March" that make it a date.
DATE_CUES = frozenset({
    "in", "since", "by", "until", "till", "from", "to", "through", "of", "before", "after",
    "during", "between", "and", "or", "around", "circa", "early", "late", "mid", "last",
    "next", "this", "on", "for", "throughout", "the", "spring", "summer", "autumn",
    "fall", "winter", "year", "end", "start", "beginning", "as", "into", "at",
})
CURRENCY = re.compile(r"(?:[$€£¥#]|US\$|No\.?|no\.|number|flight|page|resolution|route)\s*$")
LEADING_PREPOSITION = re.compile(
    r"^(?:on|in|at|since|by|until|till|from|during|for|within|over|throughout)\s+", re.IGNORECASE)
SEASON_ORDER = {"SP": 1, "SU": 2, "FA": 3, "WI": 4}
SET_ADVERBS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W",
               "fortnightly": "P2W", "monthly": "P1M", "quarterly": "P3M", "annual": "P1Y",
               "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "biannual": "P6M",
               "semiannual": "P6M"}
_VALUE_PRECISION = (
    (re.compile(r"^(\d{4}-\d{2}-\d{2})"), "day"),
    (re.compile(r"^(\d{4}-W\d{2})"), "week"),
    (re.compile(r"^(\d{4}-\d{2})$"), "month"),
    (re.compile(r"^(\d{4})$"), "year"),
)
# Characters a case-insensitive regex reads as an ASCII letter that str.lower() leaves apart.
CASE_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT,
           sre_constants.POSSESSIVE_REPEAT)
# An unbounded repeat ("\\d+", "\\s*") counts as at most this many times in a text that holds
# no longer run of what it repeats: the rule then has a width and is searched near its words.
# Letters run in words, so a repeat that reads letters counts up to WORD_RUN_CAP times.
RUN_CAP = 8
WORD_RUN_CAP = 24
# A stretch of fewer starts than this is tried start by start rather than searched.
FEW_STARTS = 8


@dataclass(frozen=True)
class Rule:
    """One compiled rule of patterns.jsonl."""

    id: str
    regex: re.Pattern[str]
    type: str
    op: str
    check: str | None
    # words (lowercase) one of which every match holds; None when the pattern names none
    needs: frozenset[str] | None = None
    # the fewest and most characters between a match's start and its needed word
    lead: tuple[int, int] | None = None
    # the most characters an attempt at one position reads past it; None: unbounded
    reach: int | None = None
    # runs longer than the caps of the rule's unbounded repeats: in a text holding one of
    # them, lead and reach do not hold
    long_runs: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class Found:
    """A rule's match in a text: the span to mark and the groups to normalise."""

    start: int
    end: int
    rule: Rule
    groups: dict[str, str | None]
    certain: bool = True

    @property
    def text(self) -> str:
        """Return the matched words."""
        return self.groups.get("_text") or ""


# ---------------------------------------------------------------- data loading

def _data_lines(name: str) -> list[str]:
    """Return the lines of a packaged data file."""
    return resources.files("communique.temporal").joinpath("data", name).read_text(
        encoding="utf-8").splitlines()


@lru_cache(maxsize=1)
def lexicon() -> dict[str, dict[str, str]]:
    """Return lexicon.tsv as {class: {word: value}}."""
    rows = [line for line in _data_lines("lexicon.tsv") if line and not line.startswith("#")]
    out: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE):
        out.setdefault(row["class"], {})[row["word"]] = row["value"] or ""
    return out


def _alternation(words: list[str] | set[str], case: bool = False, trie: bool = False) -> str:
    """Return a regex alternation of words, longest first so the longest wins.

    As a trie ("a(?:pr(?:il|\\.|)|ug...)") it matches the same words in the same order
    (longer ones before their prefixes; words that are not prefixes of one another
    cannot both match at one place), but sre reads each letter once instead of trying
    every word in turn. The words are lowercased unless `case` (the alternation is
    read case-sensitively); all are ASCII.
    """
    if not trie:
        return "|".join(re.escape(w).replace(r"\ ", " ")
                        for w in sorted(words, key=len, reverse=True))
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word if case else word.lower():
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here: tried after the longer ones going on
    return _trie_regex(root)


def _trie_regex(node: dict[str, dict]) -> str:
    """Return the regex of a trie node: each next letter and what follows, then the end."""
    parts = [re.escape(char).replace(r"\ ", " ") + _trie_regex(child)
             for char, child in node.items() if char]
    if "" in node:
        parts.append("")
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


@lru_cache(maxsize=2)
def _placeholders(trie: bool = False) -> dict[str, str]:
    """Return the regex for each {PLACEHOLDER} of the rules, built from the lexicon.

    With `trie`, the word lists are tries (see `_alternation`): the same regexes, faster.
    """
    lex = lexicon()
    alternation = partial(_alternation, trie=trie)
    numbers = lex["number"]
    basic = alternation([w for w in numbers if " " not in w and w not in ("a", "an", "dozen")])
    phrases = alternation([w for w in numbers if " " in w or w in ("a", "an", "dozen")])
    # a bare month must be spelt out: "Jan" or "Mar" alone is too often something else
    longest: dict[str, str] = {}
    for name, number in lex["month"].items():
        if len(name) > len(longest.get(number, "")):
            longest[number] = name
    full_months = list(longest.values())
    zone = (r"GMT|UTC|Z|BST|CET|CEST|EET|EEST|MSK|IST|PKT|EST|EDT|ET|CST|CDT|PST|PDT|PT"
            r"|local time|(?-i:[A-Z][a-z]+) time")
    clock = (rf"(?:(?P<hh>1[0-2]|0?\d)(?:[:.](?P<mm>[0-5]\d))? ?(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)"
             rf"(?: (?P<zone1>{zone}))?"
             rf"|(?P<hh2>[01]?\d|2[0-3]):(?P<mm2>[0-5]\d)(?! ?[ap]\.?m)"
             rf"(?: ?(?P<zone2>{zone}|hours|hrs))?"
             rf"|(?P<hh3>[01]\d|2[0-3])(?P<mm3>[0-5]\d) ?(?P<zone3>{zone}|hours|hrs))")
    return {
        "MONTH": f"(?-i:(?P<month>{alternation(list(lex['month']), case=True)}))",
        "MONTHFULL": f"(?-i:(?P<month>{alternation(full_months, case=True)}))",
        "WEEKDAY": f"(?-i:(?P<weekday>{alternation(list(lex['weekday']), case=True)}))",
        "HOLIDAY": f"(?-i:(?P<holiday>{alternation(list(lex['holiday']), case=True)}))",
        "DAY": r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)",
        "YEAR": r"(?P<year>(?:1[0-9]|20|21)\d\d)(?!\d)",
        "NUM": (rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?"
                rf"|(?:{basic})(?:[- ](?:{basic})(?![\w-])){{0,3}}|{phrases})"),
        "VNUM": f"(?P<vnum>{alternation(list(lex['vague_number']))})",
        "UNIT": f"(?P<unit>{alternation(list(lex['unit']))})",
        "ORD": f"(?P<ord>{alternation(list(lex['ordinal']))})",
        "SEASON": f"(?P<season>{alternation(list(lex['season']))})",
        "MOD": alternation(list(lex["modifier"])),
        "CLOCK": clock,
    }


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """Return the compiled rules of patterns.jsonl, in file order."""
    plain, fill = _placeholders(), _placeholders(trie=True)
    out = []
    for line in _data_lines("patterns.jsonl"):
        if not line.strip():
            continue
        spec = json.loads(line)
        if "_about" in spec:
            continue
        regex, spelt = (_rule_regex(spec["pattern"], words) for words in (fill, plain))
        runs: list[re.Pattern[str]] = []
        # the words a match needs are read from the plain alternations (a trie spells
        # them in pieces); the same match from either regex has them in the same place
        need = _sequence_needs(_capped(sre_parser.parse(spelt.pattern, spelt.flags),
                                       spelt.flags, []))
        lead = (need.first, need.last) if need and need.last < sre_parser.MAXWIDTH else None
        parsed = _capped(sre_parser.parse(regex.pattern, regex.flags), regex.flags, runs)
        out.append(Rule(spec["id"], regex, spec["type"], spec["op"], spec.get("check"),
                        _fewest(need.words) if need else None, lead, _reach(parsed),
                        tuple(runs)))
    return tuple(out)


def _rule_regex(pattern: str, placeholders: dict[str, str]) -> re.Pattern[str]:
    """Return the compiled regex of a rule's pattern, its {PLACEHOLDERS} filled in."""
    pattern = re.sub(r"\{([A-Z]+)\}", lambda m: placeholders[m.group(1)], pattern)
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)


def _fewest(words: frozenset[str]) -> frozenset[str]:
    """Return the words none of the others starts: a text holds a longer one only where it
    holds the shorter."""
    return frozenset(word for word in words
                     if not any(word.startswith(other) for other in words if other != word))


def _reach(parsed: Any) -> int | None:
    """Return the most characters an attempt at one position reads past it (lookaheads and
    word boundaries included); None when a match can be empty or unbounded: those rules
    scan the whole text."""
    low, high = parsed.getwidth()
    ahead = _lookahead_width(parsed)
    if low == 0 or high >= sre_parser.MAXWIDTH or ahead >= sre_parser.MAXWIDTH:
        return None
    return high + ahead + 1  # + 1: a boundary test reads the character after


def _capped(items: Any, flags: int, runs: list[re.Pattern[str]]) -> Any:
    """Return a copy of parsed items with every unbounded repeat capped (`_run_regex`), adding
    to runs a regex of one repeat more of each one's body (under the flags in force there).

    A text without such a run cannot tell the copy from the original, so the widths read
    from the copy hold there.
    """
    out = []
    for op, value in items:
        if op in REPEATS:
            low, high, body = value
            if high == sre_constants.MAXREPEAT:
                high, run = _run_regex(body, flags)
                runs.append(run)
            value = (low, high, _capped(body, flags, runs))
        elif op is sre_constants.SUBPATTERN:
            group, add_flags, del_flags, body = value
            value = (group, add_flags, del_flags,
                     _capped(body, (flags | add_flags) & ~del_flags, runs))
        elif op is sre_constants.ATOMIC_GROUP:
            value = _capped(value, flags, runs)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            value = (value[0], _capped(value[1], flags, runs))
        elif op is sre_constants.BRANCH:
            value = (value[0], [_capped(branch, flags, runs) for branch in value[1]])
        elif op is sre_constants.GROUPREF_EXISTS:
            value = (value[0], *(branch if branch is None else _capped(branch, flags, runs)
                                 for branch in value[1:]))
        out.append((op, value))
    return sre_parser.SubPattern(items.state, out)


def _run_regex(body: Any, flags: int) -> tuple[int, re.Pattern[str]]:
    """Return the cap of an unbounded repeat of a parsed body (WORD_RUN_CAP when the body
    reads a letter, else RUN_CAP) and a regex of one repeat more, one per distinct body.

    A body holding a group gets a regex that matches every text instead (its rule is
    then always scanned whole).
    """
    key = (repr(body), flags)
    if key not in _RUN_REGEXES:
        if _holds_group(body):
            _RUN_REGEXES[key] = (RUN_CAP, re.compile(""))
        else:
            state = sre_parser.State()
            state.flags = flags
            once = sre_compiler.compile(sre_parser.SubPattern(state, list(body)), flags)
            cap = WORD_RUN_CAP if any(map(once.match, string.ascii_letters)) else RUN_CAP
            # the body once, then `cap` times: sre skips to where the body's first item fits
            run = [*body, (sre_constants.MAX_REPEAT, (cap, cap, body))]
            _RUN_REGEXES[key] = (cap, sre_compiler.compile(sre_parser.SubPattern(state, run),
                                                           flags))
    return _RUN_REGEXES[key]


_RUN_REGEXES: dict[tuple[str, int], tuple[int, re.Pattern[str]]] = {}


def _holds_group(items: Any) -> bool:
    """Return whether parsed items hold a capturing group or a reference to one."""
    for op, value in items:
        if op in (sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS) or (
                op is sre_constants.SUBPATTERN and value[0] is not None):
            return True
        if op in REPEATS or op is sre_constants.SUBPATTERN:
            nested = [value[-1]]
        elif op is sre_constants.ATOMIC_GROUP:
            nested = [value]
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            nested = [value[1]]
        elif op is sre_constants.BRANCH:
            nested = value[1]
        else:
            nested = []
        if any(_holds_group(part) for part in nested):
            return True
    return False


def _lookahead_width(items: Iterable[tuple[Any, Any]]) -> int:
    """Return the summed widths of the lookaheads in parsed items (an upper bound)."""
    total = 0
    for op, value in items:
        if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            direction, body = value
            if direction > 0:
                total += body.getwidth()[1]
            total += _lookahead_width(body)
        elif op in (sre_constants.SUBPATTERN, sre_constants.ATOMIC_GROUP) or op in REPEATS:
            total += _lookahead_width(value if op is sre_constants.ATOMIC_GROUP else value[-1])
        elif op is sre_constants.BRANCH:
            total += sum(_lookahead_width(branch) for branch in value[1])
        elif op is sre_constants.GROUPREF_EXISTS:
            total += sum(_lookahead_width(branch) for branch in value[1:] if branch is not None)
    return total


class _Need(NamedTuple):
    """Words one of which a match holds, starting `first` to `last` characters into it."""

    words: frozenset[str]
    first: int
    last: int


def needed_words(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Return words (lowercase) one of which every match of a regex holds; None if unknown.

    Read from the parsed pattern: a run of plain characters is needed wherever its
    sequence is; an alternation needs one of its branches' words; a repeat at least
    once needs its body's. Scanning a text with each of the ~60 rules costs most of
    the component, and a rule whose words the text lacks cannot match it.
    """
    need = _sequence_needs(sre_parser.parse(regex.pattern, regex.flags))
    return need.words if need else None


def _sequence_needs(items: Any) -> _Need | None:
    """Return the most telling words a sequence of parsed items needs (None: none)."""
    options: list[_Need] = []
    run, run_at = "", (0, 0)
    low = high = 0  # the fewest and most characters the items before the current one span
    for op, value in items:
        if op is sre_constants.LITERAL and 32 <= value < 127:
            run, run_at = run + chr(value).lower(), run_at if run else (low, high)
        else:  # printable ASCII literals extend the run: see CASE_FOLDS for the case rules
            if run:
                options.append(_Need(frozenset({run}), *run_at))
                run = ""
            need = _item_needs(op, value)
            if need is not None:
                options.append(_Need(need.words, low + need.first, high + need.last))
        item_low, item_high = sre_parser.SubPattern(items.state, [(op, value)]).getwidth()
        low, high = low + item_low, high + item_high
    if run:
        options.append(_Need(frozenset({run}), *run_at))
    return max(options, key=lambda need: (min(map(len, need.words)), -len(need.words)),
               default=None)


def _item_needs(op: Any, value: Any) -> _Need | None:
    """Return the words a group, alternation, repeat or set of characters needs (None for
    anything else)."""
    if op is sre_constants.IN:
        chars = [chr(char) for kind, char in value if kind is sre_constants.LITERAL]
        # ASCII ones as literals (CASE_FOLDS); others only without case: they match themselves
        if len(chars) == len(value) and all(
                32 <= ord(char) < 127 or char.lower() == char == char.upper() for char in chars):
            return _Need(frozenset(char.lower() for char in chars), 0, 0)
        return None
    if op is sre_constants.SUBPATTERN:
        return _sequence_needs(value[-1])
    if op is sre_constants.ATOMIC_GROUP:
        return _sequence_needs(value)
    if op in REPEATS and value[0] >= 1:
        return _sequence_needs(value[2])  # the first time round
    if op is sre_constants.BRANCH:
        branches = [_sequence_needs(branch) for branch in value[1]]
        if all(branch is not None for branch in branches):
            return _Need(frozenset().union(*(branch.words for branch in branches)),
                         min(branch.first for branch in branches),
                         max(branch.last for branch in branches))
    return None


def folded(text: str) -> str:
    """Return the text lowercased as a case-insensitive regex compares letters."""
    return text.translate(CASE_FOLDS).lower()


# ---------------------------------------------------------------- finding

def find(text: str, keep_uncertain: bool = False) -> list[Found]:
    """Return the temporal expressions of a text, leftmost-longest, non-overlapping.

    Args:
        text: any English text.
        keep_uncertain: also return matches whose context leaves them in doubt
            (a bare "May", "the Sunday Times"), flagged `certain=False`, for a
            caller that can confirm them (the component, from the model's entities).
    Returns:
        Matches in text order, each with its rule and named groups.
    """
    candidates: list[tuple[int, int, int, Found]] = []
    scan = _Scan(text)
    for priority, rule in enumerate(rules()):
        if rule.needs is not None and not any(scan.where(word) for word in rule.needs):
            continue  # it cannot match: the text lacks every word it needs
        for match in _matches(rule, scan):
            start, end = match.span()
            verdict = _context_ok(rule, match, text) if start < end else False
            if verdict is False or (verdict is None and not keep_uncertain):
                continue
            groups = {k: v for k, v in match.groupdict().items() if v is not None}
            groups["_text"] = match.group(0)
            found = Found(start, end, rule, groups, certain=verdict is True)
            candidates.append((start, -(end - start), priority, found))
    candidates.sort(key=lambda c: c[:3])
    chosen: list[Found] = []
    last_end = -1
    for start, _, _, found in candidates:
        if start >= last_end:
            chosen.append(found)
            last_end = found.end
    return chosen


class _Scan:
    """A text being searched, with what the rules ask of it worked out once for all of them:
    its folded form, where each needed word occurs, which long runs it holds."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = folded(text)
        self._words: dict[str, list[int]] = {}
        self._runs: dict[re.Pattern[str], bool] = {}

    def where(self, word: str) -> list[int]:
        """Return where a (folded) word occurs in the folded text."""
        found = self._words.get(word)
        if found is None:
            found = self._words[word] = []
            at = self.lowered.find(word)
            while at >= 0:
                found.append(at)
                at = self.lowered.find(word, at + 1)
        return found

    def holds(self, run: re.Pattern[str]) -> bool:
        """Return whether the text holds a match of a long-run regex."""
        held = self._runs.get(run)
        if held is None:
            held = self._runs[run] = run.search(self.text) is not None
        return held


def _matches(rule: Rule, scan: _Scan) -> Iterator[re.Match[str]]:
    """Yield the rule's matches in the text, as `finditer` would.

    A match of a rule with a lead starts that many characters before one of its
    needed words, so only those stretches are searched, each read no further than
    the rule's reach past its last start (the result at each start is then the same
    as in the whole text). In a text holding one of the rule's long runs, lead and
    reach do not hold: it is scanned whole.
    """
    text = scan.text
    if (rule.needs is None or rule.lead is None or rule.reach is None
            or any(scan.holds(run) for run in rule.long_runs)):
        yield from rule.regex.finditer(text)
        return
    pos = 0
    for first, last in _stretches(scan, rule.needs, rule.lead):
        start = max(first, pos)
        while start <= last:
            if last - start < FEW_STARTS:  # trying each start beats a search reading `reach` on
                match = rule.regex.match(text, start, last + rule.reach)
                if match is None:
                    start += 1
                    continue
            else:
                match = rule.regex.search(text, start, last + rule.reach)
                if match is None or match.start() > last:
                    break
            yield match
            pos = start = match.end()


def _stretches(scan: _Scan, words: Iterable[str], lead: tuple[int, int]
               ) -> list[tuple[int, int]]:
    """Return the merged ranges [first, last] of the starts of matches holding one of the words
    `lead` (fewest, most) characters after their start."""
    fewest, most = lead
    ranges = sorted((max(0, at - most), at - fewest) for word in words
                    for at in scan.where(word) if at >= fewest)
    merged: list[tuple[int, int]] = []
    for first, last in ranges:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _word_before(text: str, start: int) -> str:
    """Return the word just before a position ("" at the start)."""
    match = re.search(r"([\w'’.-]+)\W*$", text[max(0, start - 40):start])
    return match.group(1) if match else ""


def _word_after(text: str, end: int) -> str:
    """Return the word just after a position ("" at the end)."""
    match = re.match(r"\W*?([\w'’-]+)", text[end:end + 40])
    return match.group(1) if match else ""


def _sentence_initial(text: str, start: int) -> bool:
    """Return whether a position starts a sentence or a line."""
    before = text[max(0, start - 3):start].strip(" \t\"“‘'(")
    return not before or before[-1] in ".!?:\n—–-"


def _context_ok(rule: Rule, match: re.Match[str], text: str) -> bool | None:
    """Return whether a rule's match reads as time in its context (None: in doubt)."""
    check = rule.check
    if not check:
        return True
    groups = match.groupdict()
    start, end = match.span()
    before, after = _word_before(text, start), _word_after(text, end)
    prefixed = bool(groups.get("dir") or groups.get("mod") or groups.get("year")
                    or groups.get("yrel") or groups.get("wk") or groups.get("part"))
    if check == "month":
        if prefixed or match.group(0) != groups.get("month"):
            return True
        if groups["month"] in ("May", "March"):
            return True if before.lower() in DATE_CUES else None
        return True
    if check == "year":
        if CURRENCY.search(text[max(0, start - 12):start]):
            return False
        tail = text[end:end + 12].lower()
        return not re.match(r"\s*(?:%|percent|per cent|-\d|–\d|:\d|\.\d|,\d)", tail)
    if check == "season":
        season = groups.get("season") or ""
        if prefixed or "of" in match.group(0).split():
            return True
        if season[0].isupper() and not _sentence_initial(text, start):
            return None
        if season.lower() == "fall":
            return match.group(0).lower().startswith("the ") and after.lower() != "of"
        return after.lower() != "of" or bool(re.match(r"\s*of\s+\d", text[end:]))
    if check == "weekday":
        prefixes = lexicon()["weekday_name_prefix"]
        if before in prefixes:
            return False
        return None if before.lower() == "the" and after[:1].isupper() else True
    if check == "rate":
        if re.match(r"(?:once|twice|\w+ times)\b", match.group(0), re.IGNORECASE):
            return True
        numbers = lexicon()["number"]
        return bool(re.fullmatch(r"[\d.,%]+|billion|million|thousand|hundred|trillion", before)
                    or before.lower() in numbers)
    if check == "fraction":
        # "a quarter of its dealers", "half a dozen": a share, not a span of time
        unit = (groups.get("unit") or "").lower()
        return not (unit == "quarter" and after.lower() == "of")
    if check == "decade":
        # "in their 70s" is an age, not the 1970s
        return before.lower() not in ("his", "her", "their", "its", "my", "our", "your", "mid")
    if check == "bare_the":
        words = match.group(0).lower().split()
        return words[0] != "the" or len(words) > 2
    return True


# ---------------------------------------------------------------- date helpers

def parse_dct(dct: str | date | None) -> date | None:
    """Return the DCT as a date (None when missing or unreadable)."""
    if dct is None or isinstance(dct, date):
        return dct
    try:
        return date.fromisoformat(str(dct)[:10])
    except ValueError:
        log.debug("unreadable DCT %r", dct)
        return None


def iso_week(day: date) -> str:
    """Return the TIMEX3 week value (YYYY-Www) of a day."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def resolve_weekday(dct: date, weekday: int, tense: str = "past") -> date:
    """Return the day named by a bare weekday (ISO 1-7) said at `dct` in `tense`.

    Past and present give the latest such day on or before the DCT (the same day
    counts); future gives the first such day after it.
    """
    if tense == "future":
        return dct + timedelta(days=(weekday - dct.isoweekday() - 1) % 7 + 1)
    return dct - timedelta(days=(dct.isoweekday() - weekday) % 7)


def _weekday_strictly_before(dct: date, weekday: int) -> date:
    """Return the latest such weekday strictly before the DCT."""
    return dct - timedelta(days=(dct.isoweekday() - weekday - 1) % 7 + 1)


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """Return (year, month) shifted by a number of months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when the day does not exist."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for_day(dct: date, month: int, day: int, tense: str) -> int:
    """Pick the year of a day given without one: the DCT's, unless tense says otherwise."""
    candidate = _safe_date(dct.year, month, day) or _safe_date(dct.year, month, 28)
    delta = (candidate - dct).days if candidate else 0
    if tense == "past" and delta > 31:
        return dct.year - 1
    if tense == "future" and delta < -31:
        return dct.year + 1
    if tense == "present" and abs(delta) > 183:
        return dct.year - 1 if delta > 0 else dct.year + 1
    return dct.year


def _year_for_month(dct: date, month: int, tense: str) -> int:
    """Pick the year of a month given without one, by tense, tolerating one month."""
    delta = month - dct.month
    if tense == "past" and delta > 1:
        return dct.year - 1
    if tense == "future" and delta < -1:
        return dct.year + 1
    if tense == "present" and abs(delta) > 6:
        return dct.year - 1 if delta > 0 else dct.year + 1
    return dct.year


def _two_digit_year(yy: str, dct: date | None) -> int:
    """Return the full year of a two-digit year, pivoting a few years past the DCT."""
    value = int(yy)
    pivot = (dct.year % 100 + 5) if dct else 30
    return 2000 + value if value <= pivot else 1900 + value


def _number(text: str | None) -> float | None:
    """Return the number a numeral or number words denote (None when vague)."""
    if not text:
        return None
    cleaned = text.lower().replace(",", "").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        return float(cleaned)
    numbers = lexicon()["number"]
    if cleaned in numbers:
        return float(numbers[cleaned])
    total = 0.0
    for part in re.split(r"[- ]", cleaned):
        if part not in numbers:
            return None
        value = float(numbers[part])
        total = total * value if value == 100 and total else total + value
    return total


def _fmt_number(value: float) -> str:
    """Return a count as ISO 8601 writes it (3, 2.5)."""
    return str(int(value)) if value == int(value) else f"{value:g}"


def precision_of(value: str | None) -> tuple[str | None, str | None]:
    """Return (calendar value, precision) of a TIMEX3 value: day, week, month, year or None.

    Examples: "2025-03-19TNI" -> ("2025-03-19", "day"); "2025-W11-WE" ->
    ("2025-W11", "week"); "2025-Q1" and "PAST_REF" -> (None, None).
    """
    if not value:
        return None, None
    for pattern, precision in _VALUE_PRECISION:
        match = pattern.match(value)
        if match:
            return match.group(1), precision
    return None, None


# ---------------------------------------------------------------- normalising

def resolve(found: Found, dct: str | date | None, tense: str = "past",
            ref: str | None = None) -> dict[str, str] | None:
    """Return the TIMEX3 {type, value} of a match, or None when it has no value.

    Args:
        found: a match from `find`.
        dct: the document creation time (publication date), ISO string or date.
        tense: "past", "present" or "future": the tense of the clause it modifies.
        ref: the day (YYYY-MM-DD) an anaphoric "the same day" or a bare clock time
            refers to; the DCT when None.
    Returns:
        {"type", "value"}; relative values stay underspecified (X) without a DCT.
    """
    if tense not in TENSES:
        raise ValueError(f"tense must be one of {TENSES}, not {tense!r}")
    day = parse_dct(dct)
    ref_day = parse_dct(ref) or day
    rule, groups = found.rule, found.groups
    op = rule.op
    try:
        value = _OPS[op.split(":")[0]](groups, day, tense, ref_day, op)
    except (ValueError, KeyError, OverflowError):
        log.debug("no value for %r (rule %s)", found.text, rule.id, exc_info=True)
        return None
    if value is None:
        return None
    kind = rule.type
    if kind in ("DATE", "TIME"):
        kind = "TIME" if re.search(r"T(?:\d|MO|AF|EV|NI|DT)", value) else "DATE"
    return {"type": kind, "value": value}


def normalize(expression: str, dct: str | date | None, tense: str = "past",
              ref: str | None = None) -> dict[str, str] | None:
    """Return the TIMEX3 {type, value} of one whole temporal expression, or None.

    Args:
        expression: the expression alone ("last week", "on Wednesday", "30-day").
        dct: the publication date the expression is read against.
        tense: "past", "present" or "future" (the governing verb's tense).
        ref: the day an anaphoric expression refers to (defaults to the DCT).
    Returns:
        {"type", "value"} when one rule reads the whole expression, else None.
    """
    text = re.sub(r"\s+", " ", expression.strip().rstrip(",;"))
    lead = LEADING_PREPOSITION.match(text)
    starts = {0, lead.end() if lead else 0}
    hits = [f for f in find(text) if f.start in starts and f.end == len(text)]
    return resolve(hits[0], dct, tense, ref) if hits else None


def timexes(text: str, dct: str | date | None, tense: str = "past") -> list[dict[str, Any]]:
    """Find and normalise every expression of a text with one tense (the pure path).

    Returns:
        Timex dicts {text, start, end, type, value} in text order.
    """
    founds = find(text)
    values = resolve_all(text, founds, dct, [tense] * len(founds))
    return [{"text": text[f.start:f.end], "start": f.start, "end": f.end, **v}
            for f, v in zip(founds, values, strict=True) if v is not None]


def _needs_ref(found: Found) -> bool:
    """Return whether a match's value hangs on a day named elsewhere (a clock time...)."""
    groups = found.groups
    if found.rule.op in ("ref", "ordinal_current"):
        return True
    if found.rule.op == "clock":
        return not (groups.get("rel") or groups.get("weekday"))
    return found.rule.op == "day" and groups["_text"].lower().startswith("that")


def resolve_all(text: str, founds: list[Found], dct: str | date | None,
                tenses: list[str], context_ids: list[int] | None = None
                ) -> list[dict[str, str] | None]:
    """Normalise a text's matches together, so anaphoric ones borrow a named day.

    A clock time or "the same day" takes the day a date right after it names
    ("16:15 UTC, June 1"), else the last day named before it in its context (the
    paragraph, for the component), else the last past day named earlier in the text,
    else the DCT.

    Args:
        text: the text the matches come from.
        founds: matches from `find`, in text order.
        dct: the publication date.
        tenses: the tense of each match's clause.
        context_ids: the context (paragraph) of each match (one context when None).
    Returns:
        One {type, value} (or None) per match.
    """
    context_ids = context_ids or [0] * len(founds)
    values: list[dict[str, str] | None] = [
        None if _needs_ref(f) else resolve(f, dct, t) for f, t in zip(founds, tenses, strict=True)]
    days = [precision_of(v["value"]) if v else (None, None) for v in values]
    for i, found in enumerate(founds):
        if not _needs_ref(found):
            continue
        ref = None
        following = i + 1 < len(founds) and days[i + 1][1] == "day" and re.fullmatch(
            r"\s*,?\s*(?:on\s+)?", text[found.end:founds[i + 1].start])
        if following and found.rule.op == "clock":
            ref = days[i + 1][0]
        else:
            ref = _last_day_before(days, context_ids, i, dct)
        values[i] = resolve(found, dct, tenses[i], ref)
        days[i] = precision_of(values[i]["value"]) if values[i] else (None, None)
    return values


def _last_day_before(days: list[tuple[str | None, str | None]], context_ids: list[int],
                     i: int, dct: str | date | None) -> str | None:
    """Return the last day named before match i: in its context, else earlier in the text.

    Outside its own paragraph only a day up to the DCT counts: the story's last past day,
    not a deadline announced further up.
    """
    earlier = [j for j in range(i) if days[j][1] == "day"]
    own = [j for j in earlier if context_ids[j] == context_ids[i]]
    if own:
        return days[own[-1]][0]
    limit = str(dct)[:10] if dct else None
    past = [j for j in earlier if limit is None or str(days[j][0]) <= limit]
    return days[past[-1]][0] if past else None


# ---------------------------------------------------------------- value operations
# Each takes (groups, dct, tense, ref, op) and returns a TIMEX3 value or None.

Groups = dict[str, Any]
Day = date | None


def _month_number(groups: Groups) -> int:
    """Return the month number a match names."""
    if groups.get("mnum"):
        return int(groups["mnum"])
    return int(lexicon()["month"][groups["month"]])


def _year_of(groups: Groups, dct: date | None) -> int | None:
    """Return the year a match states (a year, 'yy or this/last/next year), else None."""
    if groups.get("year"):
        return int(groups["year"])
    if groups.get("yy"):
        return _two_digit_year(groups["yy"], dct)
    if groups.get("yrel") and dct:
        return dct.year + {"last": -1, "previous": -1, "next": 1}.get(groups["yrel"].lower(), 0)
    return None


def _part(groups: Groups) -> str:
    """Return the TIMEX3 part-of-day suffix (TMO, TNI...) a match carries, or ""."""
    part = groups.get("part") or groups.get("partb")
    return f"T{lexicon()['part'][part.lower()]}" if part else ""


def _op_date(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str | None:
    """Return the day of a calendar date; a missing year is chosen by tense."""
    month, day_number = _month_number(groups), int(groups["day"])
    year = _year_of(groups, dct)
    if year is None:
        if dct is None:
            return f"XXXX-{month:02d}-{day_number:02d}"
        year = _year_for_day(dct, month, day_number, tense)
    found = _safe_date(year, month, day_number)
    return found.isoformat() if found else None


def _op_slash(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str | None:
    """Return the day of a numeric date: day first when the first number exceeds 12."""
    first, second = int(groups["a"]), int(groups["b"])
    month, day_number = (second, first) if first > 12 else (first, second)
    yy = groups["yy"]
    year = int(yy) if len(yy) == 4 else _two_digit_year(yy, dct)
    found = _safe_date(year, month, day_number)
    return found.isoformat() if found else None


def _op_month(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str:
    """Return the month named; a missing year comes from last/next or the tense."""
    month = _month_number(groups)
    year = _year_of(groups, dct)
    if year is None:
        if dct is None:
            return f"XXXX-{month:02d}"
        direction = (groups.get("dir") or "").lower()
        if direction in ("last", "past"):
            year = dct.year if month < dct.month else dct.year - 1
        elif direction == "next":
            year = dct.year if month > dct.month else dct.year + 1
        elif direction == "coming":
            year = dct.year if month >= dct.month else dct.year + 1
        elif direction == "this":
            year = dct.year
        else:
            year = _year_for_month(dct, month, tense)
    return f"{year:04d}-{month:02d}"


def _op_year(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str | None:
    """Return the year named."""
    year = _year_of(groups, dct)
    return f"{year:04d}" if year is not None else None


def _op_fiscal(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str:
    """Return the fiscal year value (FY2025)."""
    return f"FY{groups['year']}"


def _op_decade(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str:
    """Return the decade value (199 for the 1990s)."""
    if groups.get("dec4"):
        return groups["dec4"][:3]
    tens = int(groups.get("dec2") or groups["dec2b"])
    return str(_two_digit_year(str(tens), dct))[:3]


def _op_century(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str:
    """Return the century value (19 for the 20th century)."""
    words = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}
    text = groups["cent"].lower()
    number = words.get(text) or int(re.match(r"\d+", text).group(0))
    return f"{number - 1:02d}"


def _quarter_year(quarter: int, dct: date, tense: str) -> int:
    """Return the year of a quarter given without one, by tense."""
    current = (dct.month - 1) // 3 + 1
    if tense == "past" and quarter > current:
        return dct.year - 1
    if tense == "future" and quarter < current:
        return dct.year + 1
    return dct.year


def _op_quarter(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str | None:
    """Return the quarter named (2025-Q1), absolute or relative to the DCT."""
    if groups.get("dir"):
        if dct is None:
            return None
        shift = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(
            groups["dir"].lower(), 0)
        year, month = _add_months(dct.year, dct.month, 3 * shift)
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    if groups.get("qn"):
        quarter = int(groups["qn"])
    else:
        quarter = int(lexicon()["ordinal"][groups["ord"].lower()])
        quarter = 4 if quarter == -1 else quarter
    if not 1 <= quarter <= 4:
        return None
    year = _year_of(groups, dct)
    if year is None:
        if dct is None:
            return f"XXXX-Q{quarter}"
        year = _quarter_year(quarter, dct, tense)
    return f"{year:04d}-Q{quarter}"


def _op_half(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str | None:
    """Return the half-year named (2025-H1)."""
    year = _year_of(groups, dct) or (dct.year if dct else None)
    half = 1 if groups["half"].lower() == "first" else 2
    return f"{year:04d}-H{half}" if year else f"XXXX-H{half}"


def _op_season(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str:
    """Return the season named (2025-SU); a missing year comes from last/next or tense."""
    code = lexicon()["season"][groups["season"].lower()]
    year = _year_of(groups, dct)
    if year is None:
        if dct is None:
            return f"XXXX-{code}"
        current = (dct.month % 12) // 3 + 1
        current = {1: 4, 2: 1, 3: 2, 4: 3}[current]
        wanted = SEASON_ORDER[code]
        direction = (groups.get("dir") or "").lower()
        if direction in ("last", "past"):
            year = dct.year if wanted < current else dct.year - 1
        elif direction in ("next", "coming"):
            year = dct.year if wanted > current else dct.year + 1
        elif direction == "this":
            year = dct.year
        elif tense == "past":
            year = dct.year if wanted <= current else dct.year - 1
        elif tense == "future":
            year = dct.year if wanted >= current else dct.year + 1
        else:
            year = dct.year
    return f"{year:04d}-{code}"


def _op_holiday(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str:
    """Return the day of a fixed-date holiday."""
    month_day = lexicon()["holiday"][groups["holiday"]]
    month, day_number = (int(x) for x in month_day.split("-"))
    year = _year_of(groups, dct)
    if year is None:
        if dct is None:
            return f"XXXX-{month_day}"
        year = _year_for_day(dct, month, day_number, tense)
    return f"{year:04d}-{month_day}"


def _op_week_of_month(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str | None:
    """Return the ISO week of "the first/last week of March"."""
    month = _month_number(groups)
    year = _year_of(groups, dct) or (_year_for_month(dct, month, tense) if dct else None)
    if year is None:
        return None
    position = groups["wpos"].lower()
    if position in ("last", "final"):
        next_year, next_month = _add_months(year, month, 1)
        # the week holding most of the month's last seven days
        anchor = date(next_year, next_month, 1) - timedelta(days=4)
    else:
        anchor = date(year, month, 4) + timedelta(weeks=int(lexicon()["ordinal"][position]) - 1)
    return iso_week(anchor)


def _day_of(groups: Groups, dct: date | None, tense: str, ref: date | None) -> date | None:
    """Return the day a weekday or relative day word inside a match names."""
    rel = (groups.get("rel") or "").lower()
    if rel and dct:
        return dct + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(rel, 0))
    if groups.get("weekday") and dct:
        return resolve_weekday(dct, int(lexicon()["weekday"][groups["weekday"]]), tense)
    return ref


def _op_clock(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str | None:
    """Return a clock time on its day (the day named with it, the ref day or the DCT)."""
    cword = (groups.get("cword") or "").lower()
    zone = groups.get("zone1") or groups.get("zone2") or groups.get("zone3") or ""
    if cword:
        hour, minute = (12, 0) if cword in ("noon", "midday") else (24, 0)
    elif groups.get("hh") is not None:
        hour, minute = int(groups["hh"]), int(groups.get("mm") or 0)
        pm = groups["ampm"].lower().startswith("p")
        hour = (hour % 12) + (12 if pm else 0)
    else:
        hour = int(groups.get("hh2") or groups.get("hh3"))
        minute = int(groups.get("mm2") or groups.get("mm3"))
    day = _day_of(groups, dct, tense, ref)
    stamp = day.isoformat() if day else "XXXX-XX-XX"
    utc = "Z" if zone.upper() in ("GMT", "UTC", "Z") else ""
    return f"{stamp}T{hour:02d}:{minute:02d}{utc}"


def _op_weekday(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str:
    """Return the day a weekday names: by direction word, week phrase or tense."""
    weekday = int(lexicon()["weekday"][groups["weekday"]])
    part = _part(groups)
    if dct is None:
        return f"XXXX-WXX-{weekday}{part}"
    direction = (groups.get("dir") or "").lower()
    week = (groups.get("wk") or "").lower()
    if week:
        monday = dct - timedelta(days=dct.isoweekday() - 1)
        monday += timedelta(weeks={"last": -1, "next": 1}.get(week, 0))
        day = monday + timedelta(days=weekday - 1)
    elif direction in ("last", "past", "this past"):
        day = _weekday_strictly_before(dct, weekday)
    elif direction in ("next", "coming", "this coming"):
        day = resolve_weekday(dct, weekday, "future")
    else:
        day = resolve_weekday(dct, weekday, tense)
    return day.isoformat() + part


def _op_day(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str:
    """Return the day of today/yesterday/tomorrow/overnight/this morning."""
    rel = (groups.get("rel") or "").lower()
    far = (groups.get("far") or "").lower()
    part = "TNI" if rel in ("tonight", "overnight") else _part(groups)
    if groups["_text"].lower().startswith("that"):
        base = ref
    elif dct is None:
        return "PRESENT_REF" if rel in ("today", "this") else "XXXX-XX-XX" + part
    else:
        shift = {"yesterday": -1, "last": -1, "tomorrow": 1}.get(rel, 0)
        if far:
            shift = -2 if far.startswith("before") else 2
        if rel == "overnight" and tense != "future":
            # news "overnight" is the night that ended on the DCT's morning
            shift = -1
        base = dct + timedelta(days=shift)
    return (base.isoformat() if base else "XXXX-XX-XX") + part


def _op_ref(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str:
    """Return the reference day of "the same day", or the day before or after it."""
    word = (groups.get("dir") or groups.get("after") or "").lower()
    shift = {"previous": -1, "before": -1, "next": 1, "following": 1, "after": 1}.get(word, 0)
    return (ref + timedelta(days=shift)).isoformat() if ref else "XXXX-XX-XX"


def _op_ordinal_current(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str | None:
    """Return the current day/week/month/year of "a third straight day"."""
    unit = groups["unit2"].lower()
    base = ref or dct
    if base is None:
        return None
    return {"day": base.isoformat(), "week": iso_week(base), "month": f"{base:%Y-%m}",
            "year": f"{base:%Y}"}[unit]


_SHIFTS = {"this": 0, "current": 0, "the current": 0, "the same": 0, "the": 0,
           "last": -1, "previous": -1, "the previous": -1, "the last": -1, "past": 0,
           "the past": 0, "next": 1, "coming": 1, "the coming": 1, "the following": 1}


def _op_rel(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str | None:
    """Return the week, weekend, month, year, decade or century relative to the DCT."""
    unit = op.split(":")[1]
    direction = (groups.get("dir") or "this").lower()
    shift = _SHIFTS.get(direction, 0)
    after = (groups.get("after") or "").lower()
    if after:
        shift += 1 if after == "later" else -1
    base = ref if direction == "the same" else dct
    if base is None:
        return {"W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX"}.get(unit, "XXXX")
    if unit == "W":
        return iso_week(base + timedelta(weeks=shift))
    if unit == "WE":
        return _weekend(base, direction, tense)
    if unit == "M":
        year, month = _add_months(base.year, base.month, shift)
        return f"{year:04d}-{month:02d}"
    if unit == "Y":
        return f"{base.year + shift:04d}"
    if unit == "DE":
        return f"{base.year // 10 + shift:03d}"
    if unit == "CE":
        return f"{base.year // 100 + shift:02d}"
    return None


def _weekend(dct: date, direction: str, tense: str) -> str:
    """Return the weekend (YYYY-Www-WE) meant: the latest one, or the next when future."""
    saturday_on_or_before = dct - timedelta(days=(dct.isoweekday() - 6) % 7)
    if direction == "last":
        saturday = saturday_on_or_before
        if dct.isoweekday() >= 6:
            saturday -= timedelta(weeks=1)
    elif direction == "next" or (direction in ("coming", "the coming") or tense == "future"):
        saturday = dct + timedelta(days=(6 - dct.isoweekday()) % 7)
        if direction == "next" and dct.isoweekday() >= 6:
            saturday += timedelta(weeks=1)
    else:
        saturday = saturday_on_or_before
    return iso_week(saturday) + "-WE"


def _unit_code(groups: Groups) -> str:
    """Return the duration code of a unit word (D, W, TH, 2W...)."""
    unit = groups["unit"].lower()
    units = lexicon()["unit"]
    if unit in units:
        return units[unit]
    return units[unit.rstrip("s")] if unit.rstrip("s") in units else units[unit + "s"]


def _amount(groups: Groups) -> float | None:
    """Return the count of a duration, None when vague ("several")."""
    if groups.get("vnum"):
        return None
    amount = _number(groups.get("num"))
    if amount is not None and (groups.get("andhalf1") or groups.get("andhalf2")):
        amount += 0.5
    return amount


def _period(amount: float | None, code: str) -> str:
    """Return an ISO 8601 period: P3Y, PT12H, PXD (X when the amount is vague)."""
    match = re.fullmatch(r"(\d*)(T?)([A-Z]+)", code)
    factor, time, letter = match.groups()
    if letter in ("DE", "CE") and amount is not None:
        amount, letter = amount * (10 if letter == "DE" else 100), "Y"
    if amount is not None and factor:
        amount *= int(factor)
    count = "X" if amount is None else _fmt_number(amount)
    return f"P{time}{count}{letter}"


def _op_duration(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str | None:
    """Return the ISO 8601 period of a duration."""
    code = _unit_code(groups)
    if "num" in groups or "vnum" in groups:
        return _period(_amount(groups), code)
    # no count: "the past week" and "single-day" are one unit, "for years" is vague
    return _period(None if groups["unit"].lower().endswith("s") else 1.0, code)


def _op_ago(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str | None:
    """Return the date a span before the DCT reaches, at the unit's granularity."""
    amount = _amount(groups)
    if amount is None or amount != int(amount):
        return "PAST_REF"
    count, code = int(amount), _unit_code(groups)
    if dct is None:
        return "PAST_REF"
    factor = int(code[:-1]) if code[:-1].isdigit() else 1
    letter = code.lstrip("0123456789")
    count *= factor
    if letter == "D":
        return (dct - timedelta(days=count)).isoformat()
    if letter == "W":
        return (dct - timedelta(weeks=count)).isoformat()
    if letter == "M":
        year, month = _add_months(dct.year, dct.month, -count)
        return f"{year:04d}-{month:02d}"
    if letter == "Q":
        year, month = _add_months(dct.year, dct.month, -3 * count)
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    if letter == "Y":
        return f"{dct.year - count:04d}"
    if letter == "DE":
        return f"{dct.year - 10 * count:04d}"
    if letter == "CE":
        return f"{(dct.year - 100 * count) // 100:02d}"
    return dct.isoformat()


def _op_set(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str:
    """Return the period of a set (every week -> P1W)."""
    if groups.get("adv"):
        return SET_ADVERBS[groups["adv"].lower()]
    amount = _number(groups.get("num")) if groups.get("num") else 1.0
    if groups.get("other") or re.search(r"\bother\b", groups.get("_text", ""), re.IGNORECASE):
        amount = (amount or 1.0) * 2
    return _period(amount, _unit_code(groups))


def _op_set_weekday(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str:
    """Return the set value of "every Monday"."""
    return f"XXXX-WXX-{lexicon()['weekday'][groups['weekday']]}"


def _op_lit(groups: Groups, dct: Day, tense: str, ref: Day, op: str) -> str:
    """Return the literal value the rule names."""
    return op.split(":", 1)[1]


_OPS = {
    "date": _op_date, "slash": _op_slash, "month": _op_month, "year": _op_year,
    "fiscal": _op_fiscal, "decade": _op_decade, "century": _op_century,
    "quarter": _op_quarter, "week_of_month": _op_week_of_month, "half": _op_half,
    "season": _op_season, "holiday": _op_holiday,
    "clock": _op_clock, "weekday": _op_weekday, "day": _op_day, "ref": _op_ref,
    "ordinal_current": _op_ordinal_current, "rel": _op_rel, "ago": _op_ago,
    "duration": _op_duration, "set": _op_set, "set_weekday": _op_set_weekday, "lit": _op_lit,
}
