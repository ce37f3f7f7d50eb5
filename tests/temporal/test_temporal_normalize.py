"""Unit tests of the pure normaliser: rule cases, spans, data files, helpers."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path
from unittest.mock import patch

import pytest

from communique.temporal import normalize as nz

CASES = Path(__file__).resolve().parents[1] / "data" / "temporal_cases.jsonl"


def _cases(kind: str) -> list[dict]:
    rows = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [row for row in rows if kind in row]


@pytest.mark.parametrize("case", _cases("expression"),
                         ids=lambda c: f"{c['expression']}|{c['dct']}|{c['tense']}")
def test_expression_case(case: dict) -> None:
    """Each expression of the cases file normalises to its TIMEX3 type and value."""
    got = nz.normalize(case["expression"], case["dct"], case["tense"])
    assert got == {"type": case["type"], "value": case["value"]}


def test_every_rule_reads_its_own_example() -> None:
    """Each rule of patterns.jsonl is the one that reads its example (or its [bracketed] part)."""
    examples = {spec["id"]: spec["example"] for spec in map(json.loads, nz._data_lines(
        "patterns.jsonl")) if "id" in spec}
    for rule in nz.rules():
        example = examples[rule.id]
        start = example.find("[")
        end = example.find("]") - 1 if start >= 0 else len(example)
        text = example.replace("[", "").replace("]", "")
        found = [(f.rule.id, f.start, f.end) for f in nz.find(text, keep_uncertain=True)]
        assert (rule.id, max(start, 0), end) in found, (example, found)


def test_data_files_have_headers() -> None:
    """The data files open with a header giving version and origin."""
    assert nz._data_lines("lexicon.tsv")[0].startswith("# communique temporal lexicon v1")
    assert "_about" in json.loads(nz._data_lines("patterns.jsonl")[0])


def test_spans_follow_timeml_conventions() -> None:
    """Spans leave out a governing preposition and keep "the" and modifiers."""
    text = ("Negotiators met on Tuesday and over the past week agreed a 30-day pause; "
            "more than three years of war had passed by the end of last year.")
    found = [f["text"] for f in nz.timexes(text, "2025-03-21")]
    assert found == ["Tuesday", "the past week", "30-day", "more than three years",
                     "the end of last year"]


def test_leftmost_longest_wins() -> None:
    """A longer expression wins over the shorter ones inside it."""
    found = nz.timexes("The deal was signed on Monday, March 17, 2025 in Riyadh.", "2025-03-21")
    assert [(f["text"], f["value"]) for f in found] == [("Monday, March 17, 2025", "2025-03-17")]


def test_needed_words_read_from_the_pattern() -> None:
    """A rule needs the most telling words its pattern spells; none when it spells none."""
    assert nz.needed_words(re.compile(r"(?:last|next) week", re.I)) == {" week"}
    assert nz.needed_words(re.compile(r"(?:Monday|Tuesday)s?", re.I)) == {"monday", "tuesday"}
    assert nz.needed_words(re.compile(r"(?:a )?(?:few|(?:\d+)) days", re.I)) == {" days"}
    assert nz.needed_words(re.compile(r"(?:ago)?\d+|'\d\d", re.I)) is None


def _texts() -> list[str]:
    """Return the case texts, also upper-cased, with the letters regexes fold specially, and
    joined into long texts (where matches are searched near the words their rule needs)."""
    texts = [row.get("sentence") or row.get("expression") or "" for row in _cases("dct")]
    texts += [text.upper() for text in texts]
    texts += [text.replace("s", "\u017f").replace("i", "\u0131") for text in texts]
    texts += [text.replace("I", "\u0130") for text in texts]
    texts += [" ".join(texts[n:n + 40]) for n in range(0, len(texts), 40)]
    # runs longer than RUN_CAP of what an unbounded repeat reads: lead and reach do not hold
    runs = [f"Talks ended {'1' * 200} days ago.", f"It took 9{',999' * 60} years earlier.",
            f"They met the day after{' ' * 200}.", f"It lasted 3 days later{' ' * 200}."]
    return texts + runs + [text.upper() for text in runs]


def test_skipping_rules_by_their_words_changes_nothing() -> None:
    """find() skips a rule whose needed words the text lacks and searches only near them:
    the same result as scanning the whole text with every rule."""
    every = tuple(dataclasses.replace(rule, needs=None) for rule in nz.rules())
    texts = _texts()
    fast = [nz.find(text, keep_uncertain=True) for text in texts]
    with patch.object(nz, "rules", lambda: every):
        slow = [nz.find(text, keep_uncertain=True) for text in texts]
    assert sum(map(len, slow)) > len(texts) // 2  # the texts hold expressions to find
    assert [[(f.start, f.end, f.rule.id) for f in found] for found in fast] == [
        [(f.start, f.end, f.rule.id) for f in found] for found in slow]
    for text in texts:
        for rule in nz.rules():
            if rule.needs is not None and rule.regex.search(text):
                assert any(word in nz.folded(text) for word in rule.needs), (rule.id, text)


def test_tries_match_as_the_plain_alternations() -> None:
    """The rules' word lists compiled as tries find the same matches as plain alternations."""
    plain = nz._placeholders()
    texts = _texts() + [" ".join(words) for words in nz.lexicon().values()]
    texts += [text.upper() for text in texts[-len(nz.lexicon()):]]
    assert nz._placeholders(trie=True)["UNIT"] != plain["UNIT"]
    for rule in nz.rules():
        spelt = nz._rule_regex(json.loads(next(
            line for line in nz._data_lines("patterns.jsonl") if f'"id": "{rule.id}"' in line)
        )["pattern"], plain)
        for text in texts:
            assert [(m.span(), m.groupdict()) for m in rule.regex.finditer(text)] == [
                (m.span(), m.groupdict()) for m in spelt.finditer(text)], (rule.id, text)


def test_long_runs_are_found() -> None:
    """A rule whose pattern repeats without bound knows the runs that unbind it."""
    ago = next(rule for rule in nz.rules() if rule.id == "ago")
    assert ago.lead is not None and ago.reach is not None
    assert any(run.search("1" * (nz.RUN_CAP + 1)) for run in ago.long_runs)
    assert not any(run.search("1" * nz.RUN_CAP + " days ago") for run in ago.long_runs)


def test_clock_time_takes_the_day_named_with_it() -> None:
    """A bare clock time borrows the day named right after it, or before it."""
    after = nz.timexes("The call began at 14:00 GMT, March 18, the Kremlin said.", "2025-03-21")
    assert after[0]["value"] == "2025-03-18T14:00Z"
    before = nz.timexes("Shelling resumed on Tuesday at 6 a.m. local time.", "2025-03-21")
    assert [t["value"] for t in before] == ["2025-03-18", "2025-03-18T06:00"]


def test_doubtful_names_are_left_out_by_the_pure_finder() -> None:
    """A bare "May" without a cue, "Black Monday", the "Arab Spring" are not dates."""
    text = "May wrote that Black Monday and the Arab Spring still shape the markets."
    assert nz.timexes(text, "2025-03-21") == []
    doubtful = nz.find(text, keep_uncertain=True)
    assert [f.certain for f in doubtful] == [False, False]


def test_counts_and_money_are_not_years() -> None:
    """A four-digit number after a currency sign or before a percent is not a year."""
    assert nz.timexes("The fund paid $2025 and 1999% more.", "2025-03-21") == []


def test_ages_are_not_decades() -> None:
    """ "in their 70s" is an age."""
    assert nz.timexes("Both leaders are in their 70s.", "2025-03-21") == []


def test_unknown_tense_is_an_error() -> None:
    """A tense outside past/present/future is refused."""
    with pytest.raises(ValueError, match="tense"):
        nz.normalize("on Monday", "2025-03-21", "perfect")


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-03-19", ("2025-03-19", "day")), ("2025-03-19TNI", ("2025-03-19", "day")),
    ("2025-03-19T17:00Z", ("2025-03-19", "day")), ("2025-W11", ("2025-W11", "week")),
    ("2025-W11-WE", ("2025-W11", "week")), ("2025-03", ("2025-03", "month")),
    ("2025", ("2025", "year")), ("2025-Q1", (None, None)), ("PAST_REF", (None, None)),
    ("P3Y", (None, None)), (None, (None, None)),
])
def test_precision_of(value: str | None, expected: tuple) -> None:
    """A TIMEX3 value maps to its calendar part and precision."""
    assert nz.precision_of(value) == expected


def test_parse_dct_reads_datetimes_and_rejects_garbage() -> None:
    """The DCT may carry a time part; an unreadable one is None."""
    assert nz.parse_dct("2025-03-21T08:15:00Z") == date(2025, 3, 21)
    assert nz.parse_dct("sometime") is None
    assert nz.parse_dct(None) is None


def test_long_runs_of_number_words_stay_fast() -> None:
    """A pathological run of number words does not make the rules backtrack for long."""
    import time

    started = time.perf_counter()
    assert nz.find("one two three four five six seven " * 500) == []
    assert time.perf_counter() - started < 3.0
