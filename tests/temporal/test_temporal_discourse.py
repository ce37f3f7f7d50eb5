"""date_repeated_mentions: an undated mention of an event takes the day of its dated mention."""

from __future__ import annotations

from typing import Any

import pytest

from communique.temporal.discourse import date_repeated_mentions, same_event

PUB = "2025-05-21"


def actor(name: str) -> dict[str, Any]:
    """Return an ActorRef-like dict for a name."""
    return {"name": name, "kb_id": f"x:{name.lower()}"}


def event(kind: str, source: str, target: str | None, date: str | None, precision: str,
          start: int, modality: str = "asserted") -> dict[str, Any]:
    """Return a minimal Event dict at a text offset."""
    return {"type": kind, "source": actor(source), "target": actor(target) if target else None,
            "modality": modality, "date": date, "date_precision": precision,
            "evidence": {"start": start}}


def test_a_later_mention_takes_the_day_of_the_first() -> None:
    """ "Kyiv and Moscow swapped prisoners on Monday ... Moscow freed 84 in turn": Monday."""
    events = [event("release", "Ukraine", "Russia", "2025-05-19", "day", 0),
              event("release", "Russia", "Ukraine", PUB, "approximate", 80)]
    dated = date_repeated_mentions(events, PUB)
    assert dated[1]["date"] == "2025-05-19" and dated[1]["date_precision"] == "day"
    assert dated[0] == events[0]


def test_an_earlier_mention_takes_the_day_named_later() -> None:
    """A dated mention after the undated one lends its day when none comes before."""
    events = [event("attack", "Russia", "Ukraine", PUB, "approximate", 0),
              event("attack", "Russia", "Ukraine", "2025-05-19", "day", 120)]
    assert date_repeated_mentions(events, PUB)[0]["date"] == "2025-05-19"


def test_the_nearest_preceding_mention_wins() -> None:
    """Two dated calls: the undated mention refers to the last one before it."""
    events = [event("consult", "Trump", "Putin", "2025-05-12", "day", 0),
              event("consult", "Putin", "Trump", "2025-05-19", "day", 50),
              event("consult", "Trump", "Putin", PUB, "approximate", 100)]
    assert date_repeated_mentions(events, PUB)[2]["date"] == "2025-05-19"


@pytest.mark.parametrize("other", [
    event("consult", "Trump", "Zelensky", "2025-05-19", "day", 0),
    event("criticize", "Trump", "Putin", "2025-05-19", "day", 0),
    event("consult", "Trump", "Putin", "2025-05-19", "day", 0, modality="planned"),
])
def test_another_event_lends_nothing(other: dict[str, Any]) -> None:
    """Other parties, another type, or an act that did not happen: the pub date stays."""
    events = [other, event("consult", "Trump", "Putin", PUB, "approximate", 60)]
    assert date_repeated_mentions(events, PUB)[1]["date"] == PUB


def test_an_unreal_mention_keeps_its_date() -> None:
    """A planned meeting of the same pair is not the dated one."""
    events = [event("consult", "Trump", "Putin", "2025-05-19", "day", 0),
              event("consult", "Trump", "Putin", PUB, "approximate", 60, modality="planned")]
    assert date_repeated_mentions(events, PUB)[1]["date"] == PUB


def test_an_inferred_day_is_lent_as_approximate() -> None:
    """A mention dated only from its report lends that day, still approximate."""
    events = [event("consult", "Trump", "Putin", "2025-05-19", "approximate", 0),
              event("consult", "Putin", "Trump", PUB, "approximate", 60)]
    dated = date_repeated_mentions(events, PUB)
    assert (dated[1]["date"], dated[1]["date_precision"]) == ("2025-05-19", "approximate")


@pytest.mark.parametrize(("one", "other", "same"), [
    (event("consult", "A", "B", None, "day", 0), event("consult", "B", "A", None, "day", 0), True),
    (event("agree", "A", None, None, "day", 0), event("agree", "A", "B", None, "day", 0), True),
    (event("attack", "A", "B", None, "day", 0), event("attack", "B", "A", None, "day", 0), False),
    (event("attack", "A", None, None, "day", 0), event("attack", "A", "B", None, "day", 0), True),
    (event("consult", "A", "B", None, "day", 0), event("consult", "A", "C", None, "day", 0), False),
])
def test_same_event(one: dict[str, Any], other: dict[str, Any], same: bool) -> None:
    """Two-sided acts ignore the order; one-sided ones do not; a missing target fits any."""
    assert same_event(one, other) is same


ARTICLES = [
    ("Ukraine and Russia exchanged 390 prisoners each on Friday in Belarus.\n\n"
     "Russia freed 270 Ukrainian soldiers and 120 civilians, and Ukraine released the same "
     "number of Russians.", "2025-05-26", "freed", "2025-05-23"),
    ("Trump and Putin spoke by phone on Monday for two hours.\n\n"
     "Putin told reporters in Sochi that his talks with Trump had been frank and useful.",
     PUB, "talks", "2025-05-19"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "dct", "trigger", "day"), ARTICLES,
                         ids=[a[2] for a in ARTICLES])
def test_articles(nlp, text: str, dct: str, trigger: str, day: str) -> None:
    """Over the full pipeline, the later mention in its own paragraph takes the first's day."""
    doc = nlp.make_doc(text)
    doc._.pub_date = dct
    doc = nlp(doc)
    found = [e for e in doc._.events if e["trigger"].split()[0] == trigger]
    assert found and all(e["date"] == day for e in found)


def test_an_inferred_day_is_not_lent_backwards() -> None:
    """Only a day the text states reaches back; a guessed one only dates what follows it."""
    events = [event("consult", "Putin", "Trump", PUB, "approximate", 0),
              event("consult", "Trump", "Putin", "2025-05-19", "approximate", 60)]
    assert date_repeated_mentions(events, PUB)[0]["date"] == PUB
