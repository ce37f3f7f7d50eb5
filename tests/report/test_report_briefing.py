"""The briefing over the fixture negotiation: its sentences, its period, and its citations."""

from __future__ import annotations

import pytest
from report_kit import HAS_CORPUS, negotiation_store, unresolved

from communique.errors import InputError
from communique.report.briefing import build_brief, render_brief
from communique.report.evidence import Citation
from communique.report.reading import open_with_state
from communique.store import Store

if not HAS_CORPUS:
    pytest.skip("the fixture corpus is absent", allow_module_level=True)

WHOLE = ("2025-06-01", "2025-06-30")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return negotiation_store(tmp_path_factory.mktemp("brief") / "brief.duckdb")


@pytest.fixture(scope="module")
def store(db):
    with Store.open(db, read_only=True) as opened:
        yield opened


def _texts(brief, key):
    return [c.text for s in [*brief.sections, *(brief.diff or [])] if s.key == key
            for c in s.claims]


def test_every_claim_cites_a_stored_sentence(store):
    brief = build_brief(store, *WHOLE, diff=True)
    claims = brief.claims()
    assert len(claims) > 20
    for claim in claims:
        assert claim.citations, claim.text
        problems = [unresolved(store, c) for c in claim.citations]
        assert not any(problems), (claim.text, problems)


def test_status_steps_read_as_sentences(store):
    headlines = _texts(build_brief(store, *WHOLE), "headlines")
    assert "Talvoria accepted the 14-day humanitarian ceasefire on 4 June 2025." in headlines
    assert ("Marran Federation accepted the 14-day humanitarian ceasefire with conditions "
            "on 6 June 2025.") in headlines
    assert "The prisoner exchange (400) was carried out on 14 June 2025." in headlines


def test_violations_name_accuser_and_accused_once(store):
    violations = _texts(build_brief(store, *WHOLE), "violations")
    assert violations == [
        "Talvoria accused Marran Federation of violating the 14-day humanitarian ceasefire "
        "on 12 June 2025.",
        "Marran Federation accused Talvoria of violating the 14-day humanitarian ceasefire "
        "on 13 June 2025."]


def test_the_period_bounds_every_section(store):
    brief = build_brief(store, "2025-06-12", "2025-06-13")
    assert not _texts(brief, "meetings")       # the only call was on 2 June
    assert len(_texts(brief, "violations")) == 2
    for claim in brief.claims():
        assert claim.date is None or "2025-06-12" <= claim.date[:10] <= "2025-06-13", claim


def test_stances_agree_with_their_subjects(store):
    stances = _texts(build_brief(store, *WHOLE), "stances")
    sanctions = next(t for t in stances if t.startswith("On the sanctions"))
    assert "Marran Federation opposes" in sanctions and "Talvoria support" in sanctions


def test_diff_compares_then_and_now(store):
    brief = build_brief(store, "2025-06-05", "2025-06-16", diff=True)
    changes = _texts(brief, "initiative_changes")
    assert ("The 14-day humanitarian ceasefire: accepted on 5 June 2025, violation alleged "
            "on 16 June 2025.") in changes
    assert ("The monitoring mission: not on record on 5 June 2025, proposed on 16 June "
            "2025.") in changes
    assert ("On the 14-day humanitarian ceasefire, Marran Federation: undecided (5 June 2025) "
            "→ supports (16 June 2025).") in _texts(brief, "stance_changes")
    assert build_brief(store, *WHOLE).diff is None


def test_default_period_is_the_last_week_of_the_data(store):
    brief = build_brief(store)
    assert (brief.since, brief.until) == ("2025-06-10", "2025-06-16")


def test_bad_dates_are_input_errors(store):
    with pytest.raises(InputError, match="since is not a date"):
        build_brief(store, since="June")
    with pytest.raises(InputError, match="after until"):
        build_brief(store, since="2025-06-20", until="2025-06-01")


def test_markdown_links_every_claim_to_its_evidence(store):
    brief = build_brief(store, *WHOLE)
    text = render_brief(brief, "md", "http://host:1")
    for claim in brief.claims():
        cite = claim.citations[0]
        assert f"(http://host:1/articles/{cite.article_id}?hl={cite.start}-{cite.end}" in text
    assert "## Alleged violations" in text and "## Who said what" in text
    sources = text[text.index("## Sources"):]
    assert sources.count("\n- ") == len({c.article_id for claim in brief.claims()
                                          for c in claim.citations})


def test_html_escapes_article_text(store):
    brief = build_brief(store, *WHOLE)
    claim = brief.sections[0].claims[0]
    claim.citations[0] = Citation(**{**vars(claim.citations[0]), "outlet": "<b>x</b>",
                                     "url": "javascript:alert(2)"})
    claim.text = "A <script>alert(1)</script> claim."
    page = render_brief(brief, "html")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and page.startswith("<!doctype html>")
    assert "javascript:" not in page and '<section id="sources">' in page
    assert "javascript:" not in render_brief(brief, "md")
    with pytest.raises(InputError):
        render_brief(brief, "pdf")


def test_unlinked_store_gets_its_state_built_in_memory(tmp_path):
    db = negotiation_store(tmp_path / "unlinked.duckdb", link=False)
    store, saved = open_with_state(db)
    with store:
        assert not saved
        brief = build_brief(store, *WHOLE)
        assert _texts(brief, "violations") and _texts(brief, "headlines")
        assert not any(unresolved(store, c) for c in brief.claims()[0].citations)
    with Store.open(db, read_only=True) as original:   # the file itself is left as it was
        assert original.counts()["linked_events"] == 0


def test_the_citation_check_catches_a_wrong_span(store):
    claim = build_brief(store, *WHOLE).claims()[0]
    good = claim.citations[0]
    assert unresolved(store, good) is None
    shifted = Citation(**{**vars(good), "start": good.start + 1})
    assert "is not" in unresolved(store, shifted)
    elsewhere = Citation(**{**vars(good), "sentence": (good.sentence or 0) + 1})
    assert "not in sentence" in unresolved(store, elsewhere)


def test_a_changed_position_says_what_it_was(store):
    stances = _texts(build_brief(store, "2025-06-10", "2025-06-16"), "stances")
    assert ("On the 14-day humanitarian ceasefire: Marran Federation now supports "
            "(previously: supports with conditions).") in stances


def test_a_day_s_headlines_say_what_moved(store):
    brief = build_brief(store, "2025-06-06", "2025-06-06")
    headlines = brief.sections[0]
    assert [group for group, _ in headlines.groups()] == [
        "14-day humanitarian ceasefire", "Prisoner exchange (400)", "Monitoring mission"]
    by_group = dict(headlines.groups())
    assert [c.text for c in by_group["Prisoner exchange (400)"]] == [
        "Status moved from proposed to accepted.",
        "Marran Federation accepted the prisoner exchange (400) on 6 June 2025."]
    # a new initiative with one act needs no status line above it
    assert [c.text for c in by_group["Monitoring mission"]] == [
        "Dorin Asclay proposed the monitoring mission (reported 6 June 2025)."]
