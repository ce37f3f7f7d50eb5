"""Property tests: weekdays resolve within the right week of any publication date."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from communique.temporal.normalize import normalize, resolve_weekday

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DCTS = st.dates(min_value=date(1900, 1, 8), max_value=date(2199, 12, 20))


@given(dct=DCTS, weekday=st.sampled_from(WEEKDAYS), tense=st.sampled_from(["past", "present"]))
def test_past_weekday_is_in_the_week_ending_on_the_dct(dct: date, weekday: str,
                                                       tense: str) -> None:
    """A past or present "on <weekday>" is one of the 7 days ending on the DCT."""
    value = normalize(f"on {weekday}", dct, tense)["value"]
    day = date.fromisoformat(value)
    assert dct - timedelta(days=6) <= day <= dct
    assert day.strftime("%A") == weekday


@given(dct=DCTS, weekday=st.sampled_from(WEEKDAYS))
def test_future_weekday_is_in_the_week_after_the_dct(dct: date, weekday: str) -> None:
    """A future "on <weekday>" is one of the 7 days after the DCT."""
    value = normalize(f"on {weekday}", dct, "future")["value"]
    day = date.fromisoformat(value)
    assert dct < day <= dct + timedelta(days=7)
    assert day.strftime("%A") == weekday


@given(dct=DCTS, weekday=st.integers(min_value=1, max_value=7))
def test_same_day_counts_in_the_past_but_not_in_the_future(dct: date, weekday: int) -> None:
    """The DCT's own weekday is the DCT in the past, a week later in the future."""
    past, future = resolve_weekday(dct, weekday, "past"), resolve_weekday(dct, weekday, "future")
    assert (past == dct) == (weekday == dct.isoweekday())
    assert (future - past).days in (7, 1, 2, 3, 4, 5, 6)
    assert future.isoweekday() == past.isoweekday() == weekday


@given(dct=DCTS, weekday=st.sampled_from(WEEKDAYS))
def test_last_and_next_weekday_never_give_the_dct(dct: date, weekday: str) -> None:
    """ "last <weekday>" is strictly before the DCT and "next <weekday>" strictly after."""
    last = date.fromisoformat(normalize(f"last {weekday}", dct)["value"])
    following = date.fromisoformat(normalize(f"next {weekday}", dct, "future")["value"])
    assert dct - timedelta(days=7) <= last < dct < following <= dct + timedelta(days=7)


@given(dct=DCTS, shift=st.integers(min_value=-1, max_value=1))
def test_relative_weeks_are_consecutive(dct: date, shift: int) -> None:
    """ "last/this/next week" are the ISO weeks before, of and after the DCT."""
    phrase = {-1: "last week", 0: "this week", 1: "next week"}[shift]
    year, week, _ = (dct + timedelta(weeks=shift)).isocalendar()
    assert normalize(phrase, dct)["value"] == f"{year}-W{week:02d}"
