"""Publication date chain: given > metadata > URL > dateline > inference; None without support."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.ingest.pubdate import (
    date_from_url,
    find_dates,
    infer_pub_date,
    is_date_line,
    is_future_context,
    parse_date,
    resolve_pub_date,
)

STORY = ("Envoys from Valdoria and Kestrel met in Dunmere on Wednesday. The talks followed a "
         "prisoner exchange on March 11, 2025, the first since the war began.")


def test_given_beats_everything() -> None:
    pub = resolve_pub_date(given="2025-03-21", metadata="2025-03-01",
                           url="https://example.org/2025/02/02/talks", text=STORY)
    assert (pub.date, pub.source, pub.confidence) == ("2025-03-21", "given", 1.0)


def test_metadata_beats_url_and_text() -> None:
    pub = resolve_pub_date(metadata="2025-03-19T08:00:00+00:00",
                           url="https://example.org/2025/02/02/talks", text=STORY)
    assert (pub.date, pub.source) == ("2025-03-19", "metadata")


def test_unreadable_given_date_falls_through(caplog: pytest.LogCaptureFixture) -> None:
    pub = resolve_pub_date(given="sometime soon", url="https://example.org/2025/03/19/x")
    assert (pub.date, pub.source) == ("2025-03-19", "url")
    assert "unreadable" in caplog.text


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.example.com/news/2025/3/19/envoys-meet", "2025-03-19"),
    ("https://www.example.com/world/europe/envoys-meet-2025-03-19/", "2025-03-19"),
    ("https://example.com/20250319/envoys", "2025-03-19"),
    ("https://example.com/2025/13/45/not-a-date", None),
    ("https://example.com/world/envoys-meet", None),
])
def test_date_from_url(url: str, expected: str | None) -> None:
    assert date_from_url(url) == expected


@pytest.mark.parametrize(("head", "expected"), [
    ("Published March 21, 2025\n", "2025-03-21"),
    ("March 19, 2025 at 5:00 p.m.\n", "2025-03-19"),
    ("Wed 19 Mar 2025 14.02 GMT\n", "2025-03-19"),
    ("Published On 19 Jan 2025\n", "2025-01-19"),
])
def test_dateline_lines(head: str, expected: str) -> None:
    text = "Envoys met again on Tuesday to discuss the truce, officials said."
    pub = resolve_pub_date(text=text, raw_text=head + text)
    assert (pub.date, pub.source) == (expected, "dateline")


@pytest.mark.parametrize(("head", "expected", "sure"), [
    ("Published 23/04/2025 08:15\n", "2025-04-23", True),    # only day-first reads
    ("Posted: 04/23/2025\n", "2025-04-23", True),            # only month-first reads
    ("Published 05.04.2025\n", "2025-04-05", False),         # both read: day first, less sure
])
def test_numeric_dates_on_published_lines(head: str, expected: str, sure: bool) -> None:
    text = "The mediators said the talks had made progress, without giving details."
    pub = resolve_pub_date(text=text, raw_text=head + text)
    assert (pub.date, pub.source) == (expected, "dateline")
    assert (pub.confidence == 0.85) is sure


def test_byline_with_outlet_and_place_gives_the_date() -> None:
    head = "Truce talks stall\nThe Lakeside Courier · Friday, 6 June 2025 · Nairobi\n\n"
    text = "Negotiators left the talks on Friday without an agreement on the corridor."
    pub = resolve_pub_date(text=text, raw_text=head + text)
    assert (pub.date, pub.source, pub.confidence) == ("2025-06-06", "dateline", 0.7)


def test_a_sentence_with_a_date_is_not_a_byline() -> None:
    head = ("Officials said the truce, agreed on 2 June 2025, was holding along most of the "
            "front line despite sporadic shelling near the river crossing and the old mill.\n")
    assert resolve_pub_date(text=head, raw_text=head).source != "dateline"


def test_a_dated_file_name_comes_after_the_text_clues() -> None:
    text = "The foreign ministers met on Monday and agreed to meet again next month."
    pub = resolve_pub_date(text=text, file_name="wire_2025-07-14_ministers.txt")
    assert (pub.date, pub.source) == ("2025-07-14", "file_name")
    dated = resolve_pub_date(text="PARIS, July 15, 2025 - " + text,
                             file_name="wire_2025-07-14_ministers.txt")
    assert (dated.date, dated.source) == ("2025-07-15", "dateline")


def test_a_deadline_does_not_date_the_article() -> None:
    text = ("The two sides swapped prisoners on May 23, 2025 and want a second swap before "
            "the truce expires on June 7, 2025.")
    assert infer_pub_date(text, 2025).date == "2025-05-23"


def test_wire_dateline_takes_the_year_from_the_text() -> None:
    text = ("KYIV, March 19 (Reuters) - Ukraine said on Wednesday it had agreed to the energy "
            "truce. The war began in February 2022 and talks resumed in 2025.")
    pub = resolve_pub_date(text=text)
    assert (pub.date, pub.source) == ("2025-03-19", "dateline")
    assert pub.confidence < 0.8


def test_inference_is_never_before_the_latest_past_date() -> None:
    pub = infer_pub_date(STORY, 2025)
    assert pub.source == "inferred"
    # March 11, 2025 was a Tuesday; "on Wednesday" moves the date to March 12.
    assert pub.date == "2025-03-12"


def test_future_dates_do_not_move_the_inference() -> None:
    text = ("The ministers met on March 3, 2025 and will meet again on April 20, 2025, "
            "when a deal is expected to be signed.")
    assert infer_pub_date(text, 2025).date == "2025-03-03"


def test_nothing_supports_a_date() -> None:
    pub = resolve_pub_date(text="The envoys met on Wednesday and will meet again next week.")
    assert (pub.date, pub.source, pub.confidence) == (None, None, 0.0)


def test_weekday_next_to_a_yearless_date_picks_the_year() -> None:
    text = "Talks opened on Wednesday, March 19, in Riyadh. The war began in 2022."
    assert infer_pub_date(text, 2022).date == "2025-03-19"


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-03-21", "2025-03-21"), ("2025-03-21T23:10:00Z", "2025-03-21"),
    ("21 March 2025", "2025-03-21"), ("March 21, 2025", "2025-03-21"),
    ("Fri, 21 Mar 2025 10:00:00 GMT", "2025-03-21"), ("2025/3/21", "2025-03-21"),
    ("20250321", "2025-03-21"), ("next Friday", None), ("2025-02-30", None),
])
def test_parse_date(value: str, expected: str | None) -> None:
    assert parse_date(value) == expected


def test_date_lines_and_non_date_lines() -> None:
    assert is_date_line("Updated: 5:00 PM EDT, Wed March 19, 2025")
    assert not is_date_line("Talks resume March 19, 2025 in Riyadh")
    # time zones written as offsets or by their Asian and African abbreviations
    assert is_date_line("July 28, 2025, 11:04 PM GMT+8")
    assert is_date_line("28 July 2025 16:30 PKT")
    assert not is_date_line("July 28, 2025 +8 points on the index")


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2035, 12, 31)),
       st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=4),
       st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                        "Sunday"]))
def test_inferred_date_is_never_earlier_than_a_stated_past_date(
        latest: dt.date, gaps: list[int], weekday: str) -> None:
    days = [latest - dt.timedelta(days=gap) for gap in gaps]
    sentences = [f"Officials met on {d.strftime('%B')} {d.day}, {d.year}." for d in days]
    text = " ".join(sentences) + f" Envoys spoke again on {weekday}."
    pub = infer_pub_date(text, None)
    assert pub.date is not None
    inferred = dt.date.fromisoformat(pub.date)
    assert inferred >= max(days)
    assert (inferred - max(days)).days <= 3


def test_find_dates_skips_numbers_that_are_not_days() -> None:
    found = find_dates("A 30 day truce, 175 soldiers, and talks on 19 March 2025 and May 4.")
    assert [(m.year, m.month, m.day) for m in found] == [(2025, 3, 19), (None, 5, 4)]


def test_historic_dates_alone_give_no_inference() -> None:
    text = ("The envoys met on Friday to revive the accord signed on September 5, 2014, "
            "which both sides have ignored since the fighting resumed in 2022.")
    assert infer_pub_date(text, 2022).date is None


def test_a_planned_weekday_does_not_move_the_inference() -> None:
    """Only days that already happened say how late the article is."""
    text = "The ministers met on March 11, 2025. They will meet again on Friday."
    assert infer_pub_date(text, 2025).date == "2025-03-11"


def test_a_later_yearless_date_moves_the_inference_forward() -> None:
    """The latest past day the text states wins, even without its year (taken from the text)."""
    text = "The envoys met on March 3, 2025. A second round opened on March 10 in Geneva."
    pub = infer_pub_date(text, 2025)
    assert pub.date == "2025-03-10"
    assert pub.confidence < infer_pub_date("The envoys met on March 3, 2025.", 2025).confidence


@pytest.mark.parametrize("text", ["", "Fighting resumed after a brief lull. Both sides "
                                      "traded blame for the shelling."])
def test_a_text_without_dates_has_no_date(text: str) -> None:
    """No stated day, no inference: the date stays unknown rather than guessed."""
    assert resolve_pub_date(text=text) == infer_pub_date(text, None)
    assert resolve_pub_date(text=text).date is None


def test_a_past_span_end_dates_the_article() -> None:
    """ "held until Saturday" ended in the past: that Saturday is a day the text dates."""
    text = "The truce signed on 5 March 2025 held until Saturday, when shelling resumed."
    assert infer_pub_date(text, 2025).date == "2025-03-08"


@pytest.mark.parametrize(("sentence", "planned"), [
    ("The talks lasted until Friday.", False),
    ("The ceasefire runs until Friday.", True),
    ("Troops must withdraw by Friday.", True),
    ("Both sides want a second swap before the truce expires on Friday.", True),
])
def test_span_ends_are_plans_only_after_a_present_or_future_verb(sentence: str,
                                                                 planned: bool) -> None:
    """ "until/by/before" mark a deadline unless the verb before them is in the past."""
    assert is_future_context(sentence, sentence.index("Friday")) is planned
