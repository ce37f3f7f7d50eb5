"""date_for: the date of the timex attached to a clause, on hand-built parses."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from communique.nlp import extensions  # noqa: F401  (declares the extensions)
from communique.nlp.tokens import parsed_tokens
from communique.temporal.anchor import _timex, clause_head, date_for

PUB = "2025-03-21"
VOCAB = spacy.blank("en").vocab
CASES = Path(__file__).resolve().parents[1] / "data" / "temporal_cases.jsonl"


def parsed(spec: str, timexes: tuple = (), pub_date: str | None = PUB) -> Doc:
    """Build a Doc from "word/head/dep/pos[/tag]" items and attach timexes (start, end, type,
    value); an item "\\n" is a line break."""
    items = [item.split("/") for item in spec.split()]
    doc = Doc(VOCAB, words=[i[0].replace("\\n", "\n") for i in items],
              heads=[int(i[1]) for i in items], deps=[i[2] for i in items],
              pos=[i[3] for i in items], tags=[i[4] if len(i) > 4 else "" for i in items])
    doc._.pub_date = pub_date
    spans = []
    for start, end, kind, value in timexes:
        span = doc[start:end]
        span._.timex = {"type": kind, "value": value}
        spans.append(span)
    doc.spans["timexes"] = spans
    return doc


MET_TUESDAY = ("Putin/1/nsubj/PROPN met/1/ROOT/VERB Trump/1/dobj/PROPN on/1/prep/ADP "
               "Tuesday/3/pobj/PROPN ./1/punct/PUNCT")


def test_the_clause_timex_dates_its_verb_and_arguments() -> None:
    """The verb and the nouns of its clause take the attached day."""
    doc = parsed(MET_TUESDAY, [(4, 5, "DATE", "2025-03-18")])
    assert date_for(doc, doc[1]) == ("2025-03-18", "day")
    assert date_for(doc, doc[2]) == ("2025-03-18", "day")


def test_timex_is_read_where_span_timex_keeps_it() -> None:
    """The timex read from the Doc's user data is the span's ``span._.timex``."""
    doc = parsed(MET_TUESDAY, [(4, 5, "DATE", "2025-03-18"), (0, 1, "DATE", "PRESENT_REF")])
    assert [_timex(doc, span) for span in doc.spans["timexes"]] == [
        span._.timex for span in doc.spans["timexes"]] == [
        {"type": "DATE", "value": "2025-03-18"}, {"type": "DATE", "value": "PRESENT_REF"}]


SAID_MONDAY = ("Zelensky/1/nsubj/PROPN/NNP said/1/ROOT/VERB/VBD on/1/prep/ADP/IN "
               "Monday/2/pobj/PROPN/NNP that/6/mark/SCONJ/IN Russia/6/nsubj/PROPN/NNP "
               "{verb}/1/ccomp/VERB/{tag} Kyiv/6/dobj/PROPN/NNP ./1/punct/PUNCT/.")


def test_a_reported_past_clause_is_dated_about_the_day_of_the_report() -> None:
    """ "said on Monday that Russia attacked": on or shortly before Monday, so approximate."""
    doc = parsed(SAID_MONDAY.format(verb="attacked", tag="VBD"), [(3, 4, "DATE", "2025-03-17")])
    assert date_for(doc, doc[1]) == ("2025-03-17", "day")
    assert date_for(doc, doc[6]) == ("2025-03-17", "approximate")


def test_a_reported_present_clause_does_not_take_the_date_of_the_report() -> None:
    """ "said on Monday that Russia controls Kyiv's suburbs": not an act of that Monday."""
    doc = parsed(SAID_MONDAY.format(verb="controls", tag="VBZ"), [(3, 4, "DATE", "2025-03-17")])
    assert date_for(doc, doc[6]) == (PUB, "approximate")


def test_a_report_dated_only_by_month_lends_nothing() -> None:
    """Only a reported day is close enough to lend: "said in March that ..." does not."""
    doc = parsed(SAID_MONDAY.format(verb="attacked", tag="VBD"), [(3, 4, "DATE", "2025-03")])
    assert date_for(doc, doc[6]) == (PUB, "approximate")


def test_a_participle_preposition_is_no_clause() -> None:
    """ "signed on Friday following talks": the talks hang from "signed", not "following"."""
    doc = parsed("They/1/nsubj/PRON signed/1/ROOT/VERB/VBD on/1/prep/ADP Friday/2/pobj/PROPN "
                 "following/1/prep/VERB/VBG talks/4/pobj/NOUN ./1/punct/PUNCT",
                 [(3, 4, "DATE", "2025-03-14")])
    assert clause_head(doc[5]) == doc[1]
    assert date_for(doc, doc[5]) == ("2025-03-14", "day")


def test_a_while_clause_shares_the_date() -> None:
    """ "hit Odesa on Sunday while ministers met": the meeting is that Sunday."""
    doc = parsed("Drones/1/nsubj/NOUN hit/1/ROOT/VERB/VBD Odesa/1/dobj/PROPN on/1/prep/ADP "
                 "Sunday/3/pobj/PROPN while/7/mark/SCONJ ministers/7/nsubj/NOUN "
                 "met/1/advcl/VERB/VBD ./1/punct/PUNCT", [(4, 5, "DATE", "2025-03-16")])
    assert date_for(doc, doc[7]) == ("2025-03-16", "day")


def test_a_because_clause_keeps_its_own_date() -> None:
    """Only same-time subordinators share: "hit Odesa on Sunday because talks failed" does not."""
    doc = parsed("Drones/1/nsubj/NOUN hit/1/ROOT/VERB/VBD Odesa/1/dobj/PROPN on/1/prep/ADP "
                 "Sunday/3/pobj/PROPN because/7/mark/SCONJ talks/7/nsubj/NOUN "
                 "failed/1/advcl/VERB/VBN ./1/punct/PUNCT", [(4, 5, "DATE", "2025-03-16")])
    assert date_for(doc, doc[7]) == (PUB, "approximate")


TWO_SENTENCES = ("Troops/1/nsubj/NOUN left/1/ROOT/VERB/VBD on/1/prep/ADP Monday/2/pobj/PROPN "
                 "./1/punct/PUNCT {gap}/4/dep/SPACE Rebels/6/nsubj/NOUN "
                 "{verb}/6/ROOT/VERB/{tag} ./6/punct/PUNCT")


@pytest.mark.parametrize(("gap", "verb", "tag", "expected"), [
    ("_", "advanced", "VBD", ("2025-03-17", "approximate")),
    ("\\n", "advanced", "VBD", ("2025-03-17", "approximate")),
    ("_", "advance", "VBP", (PUB, "approximate")),
])
def test_a_past_clause_takes_the_day_the_story_narrates(gap, verb, tag, expected) -> None:
    """A simple past takes the day the story last named (in any paragraph); a present: no."""
    doc = parsed(TWO_SENTENCES.format(gap=gap, verb=verb, tag=tag),
                 [(3, 4, "DATE", "2025-03-17")])
    assert date_for(doc, doc[7]) == expected


def test_a_day_ahead_of_the_publication_never_narrates() -> None:
    """A planned day later in the paragraph does not date a past act before it."""
    doc = parsed("Rebels/1/nsubj/NOUN advanced/1/ROOT/VERB/VBD ./1/punct/PUNCT "
                 "Talks/4/nsubj/NOUN open/4/ROOT/VERB/VBP on/4/prep/ADP Monday/5/pobj/PROPN "
                 "./4/punct/PUNCT", [(6, 7, "DATE", "2025-03-24")])
    assert date_for(doc, doc[1]) == (PUB, "approximate")


def test_a_relative_clause_keeps_its_own_date() -> None:
    """ "The talks, which ended on Monday, failed": only "ended" is dated."""
    doc = parsed("The/1/det/DET talks/8/nsubj/NOUN ,/1/punct/PUNCT which/4/nsubj/PRON "
                 "ended/1/relcl/VERB on/4/prep/ADP Monday/5/pobj/PROPN ,/1/punct/PUNCT "
                 "failed/8/ROOT/VERB ./8/punct/PUNCT", [(6, 7, "DATE", "2025-03-17")])
    assert date_for(doc, doc[4]) == ("2025-03-17", "day")
    assert date_for(doc, doc[8]) == (PUB, "approximate")


def test_a_coordinated_verb_shares_the_date() -> None:
    """ "met on Tuesday and signed a deal": the signing is dated Tuesday too."""
    doc = parsed("Putin/1/nsubj/PROPN met/1/ROOT/VERB Trump/1/dobj/PROPN on/1/prep/ADP "
                 "Tuesday/3/pobj/PROPN and/1/cc/CCONJ signed/1/conj/VERB a/8/det/DET "
                 "deal/6/dobj/NOUN ./1/punct/PUNCT", [(4, 5, "DATE", "2025-03-18")])
    assert date_for(doc, doc[6]) == ("2025-03-18", "day")


def test_a_where_clause_takes_the_day_it_describes() -> None:
    """ "spoke on Wednesday, where Zelensky agreed": the agreement is that Wednesday."""
    doc = parsed("They/1/nsubj/PRON spoke/1/ROOT/VERB on/1/prep/ADP Wednesday/2/pobj/PROPN "
                 ",/3/punct/PUNCT where/7/advmod/SCONJ Zelensky/7/nsubj/PROPN "
                 "agreed/3/relcl/VERB ./1/punct/PUNCT", [(3, 4, "DATE", "2025-03-19")])
    assert date_for(doc, doc[7]) == ("2025-03-19", "day")


def test_open_complements_are_one_clause() -> None:
    """ "agreed to halt strikes on Tuesday": both verbs take Tuesday."""
    doc = parsed("Russia/1/nsubj/PROPN agreed/1/ROOT/VERB to/3/aux/PART halt/1/xcomp/VERB "
                 "strikes/3/dobj/NOUN on/3/prep/ADP Tuesday/5/pobj/PROPN ./1/punct/PUNCT",
                 [(6, 7, "DATE", "2025-03-18")])
    assert clause_head(doc[3]) == doc[1]
    assert date_for(doc, doc[1]) == date_for(doc, doc[3]) == ("2025-03-18", "day")



@pytest.mark.parametrize(("spec", "day"), [
    (MET_TUESDAY, (4, 5, "DATE", "2025-03-18")),
    (SAID_MONDAY.format(verb="attacked", tag="VBD"), (3, 4, "DATE", "2025-03-17")),
    (SAID_MONDAY.format(verb="controls", tag="VBZ"), (3, 4, "DATE", "2025-03-17"))])
def test_token_copies_walk_as_spacy_tokens(spec: str, day: tuple) -> None:
    """date_for walks the Doc's ParsedToken copies: clause heads and dates match spaCy's."""
    doc = parsed(spec, [day])
    copies = parsed_tokens(doc)
    for token in doc:
        spacy_head, copy_head = clause_head(token), clause_head(copies[token.i])
        assert (spacy_head is None) == (copy_head is None)
        assert spacy_head is None or spacy_head.i == copy_head.i
        assert date_for(doc, token) == date_for(doc, copies[token.i])
    assert clause_head(copies[4]) is not None

@pytest.mark.parametrize(("kind", "value"), [("DURATION", "P30D"), ("SET", "P1W"),
                                              ("DATE", "PAST_REF"), ("DATE", "2025-Q1")])
def test_durations_sets_and_vague_values_never_date(kind: str, value: str) -> None:
    """Only a calendar day, week, month or year dates a clause."""
    doc = parsed(MET_TUESDAY, [(4, 5, kind, value)])
    assert date_for(doc, doc[1]) == (PUB, "approximate")


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-W11", ("2025-W11", "week")), ("2025-03", ("2025-03", "month")),
    ("2025", ("2025", "year")), ("2025-03-18TNI", ("2025-03-18", "day"))])
def test_precision_follows_the_value(value: str, expected: tuple) -> None:
    """The precision is the granularity of the attached value."""
    doc = parsed(MET_TUESDAY, [(4, 5, "DATE", value)])
    assert date_for(doc, doc[1]) == expected


def test_the_finest_attached_expression_wins() -> None:
    """ "In March, Putin met Trump on Tuesday": the day, not the month."""
    doc = parsed("In/4/prep/ADP March/0/pobj/PROPN ,/4/punct/PUNCT Putin/4/nsubj/PROPN "
                 "met/4/ROOT/VERB Trump/4/dobj/PROPN on/4/prep/ADP Tuesday/6/pobj/PROPN "
                 "./4/punct/PUNCT", [(1, 2, "DATE", "2025-03"), (7, 8, "DATE", "2025-03-18")])
    assert date_for(doc, doc[4]) == ("2025-03-18", "day")


def test_no_timex_and_no_pub_date() -> None:
    """Without either, the date is unknown and approximate."""
    doc = parsed(MET_TUESDAY, pub_date=None)
    assert date_for(doc, doc[1]) == (None, "approximate")


def test_a_doc_without_the_temporal_component() -> None:
    """A Doc that never had timexes falls back to its publication date."""
    doc = Doc(VOCAB, words=["Talks", "resumed"])
    doc._.pub_date = "2025-03-21T09:00:00"
    assert date_for(doc, doc[1]) == (PUB, "approximate")


@pytest.mark.slow
def test_with_the_model() -> None:
    """Over a real parse, a fronted weekday dates the verb, the reported clause keeps its own."""
    from communique.errors import ModelMissing
    from communique.temporal.component import temporal_nlp

    try:
        nlp = temporal_nlp()
    except ModelMissing:
        pytest.skip("no English spaCy model installed")
    doc = nlp.make_doc("On Tuesday, Kyiv said Russian drones had hit a hospital overnight.")
    doc._.pub_date = PUB
    doc = nlp(doc)
    said = next(t for t in doc if t.lower_ == "said")
    hit = next(t for t in doc if t.lower_ == "hit")
    assert date_for(doc, said) == ("2025-03-18", "day")
    assert date_for(doc, hit) == ("2025-03-20", "day")


def _anchor_cases() -> list[dict]:
    rows = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [row for row in rows if "anchor" in row]


@pytest.mark.slow
@pytest.mark.parametrize("case", _anchor_cases(), ids=lambda c: f"{c['word']}|{c['anchor'][:40]}")
def test_anchor_case(case: dict) -> None:
    """Each anchor line of the cases file dates its word's clause as written."""
    from communique.errors import ModelMissing
    from communique.temporal.component import temporal_nlp

    try:
        nlp = temporal_nlp()
    except ModelMissing:
        pytest.skip("no English spaCy model installed")
    doc = nlp.make_doc(case["anchor"])
    doc._.pub_date = case["dct"]
    doc = nlp(doc)
    word = next(t for t in doc if t.text == case["word"])
    assert date_for(doc, word) == (case["date"], case["precision"])


AFTER_CALL = ("Talks/1/nsubj/NOUN opened/1/ROOT/VERB/VBD on/1/prep/ADP Friday/2/pobj/PROPN "
              "{span}/5/npadvmod/NOUN after/1/prep/ADP the/7/det/DET call/5/pobj/NOUN "
              "./1/punct/PUNCT")


@pytest.mark.parametrize(("span", "value", "expected"), [
    ("day", "P1D", ("2025-03-13", "day")),
    ("week", "P1W", ("2025-03-07", "day")),
    ("days", None, (PUB, "approximate")),
])
def test_a_stated_span_after_a_dated_clause(span: str, value: str | None, expected) -> None:
    """ "opened on Friday a day after the call": Thursday; an unstated span: no day."""
    timexes = [(3, 4, "DATE", "2025-03-14")] + ([(4, 5, "DURATION", value)] if value else [])
    doc = parsed(AFTER_CALL.format(span=span), timexes)
    doc[4].lemma_ = span.rstrip("s")
    assert date_for(doc, doc[7]) == expected
    assert date_for(doc, doc[1]) == ("2025-03-14", "day")


@settings(max_examples=60, deadline=None)
@given(pub=st.dates(min_value=date(2000, 1, 8), max_value=date(2100, 12, 31)),
       back=st.integers(min_value=-10, max_value=10))
def test_a_narrative_day_is_never_after_the_publication(pub: date, back: int) -> None:
    """Whatever day a sentence names, the next past clause gets a day on or before the pub."""
    named = (pub - timedelta(days=back)).isoformat()
    doc = parsed(TWO_SENTENCES.format(gap="_", verb="advanced", tag="VBD"),
                 [(3, 4, "DATE", named)], pub_date=pub.isoformat())
    day, precision = date_for(doc, doc[7])
    assert precision == "approximate"
    assert day == (named if back >= 0 else pub.isoformat())


@settings(max_examples=60, deadline=None)
@given(said=st.dates(min_value=date(2000, 1, 8), max_value=date(2100, 12, 31)),
       days=st.integers(min_value=1, max_value=30))
def test_a_stated_span_moves_the_day_by_exactly_that_span(said: date, days: int) -> None:
    """ "opened on D, N days after the call": the call is N days before D, to the day."""
    doc = parsed(AFTER_CALL.format(span="days"), [(3, 4, "DATE", said.isoformat()),
                                                  (4, 5, "DURATION", f"P{days}D")])
    assert date_for(doc, doc[7]) == ((said - timedelta(days=days)).isoformat(), "day")
