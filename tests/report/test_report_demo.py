"""`demo` end to end on the real pipeline: it ends with the briefing and the dashboard command,
and every claim the brief and the timeline make resolves to a stored sentence."""

from __future__ import annotations

import pytest
from report_kit import unresolved
from typer.testing import CliRunner

from communique.cli import app
from communique.report.briefing import build_brief, earliest_day
from communique.report.timeline import build_timeline
from communique.store import Store


@pytest.fixture(scope="module")
def demo_run(nlp, tmp_path_factory):
    db = str(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    result = CliRunner().invoke(app, ["demo", "--db", db])
    return db, result


def test_demo_ends_with_the_brief_and_the_dashboard_command(demo_run):
    db, result = demo_run
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.rstrip().endswith(f"communique serve --db {db}")
    brief_at = text.index("Briefing: ")
    assert text.index("Headline developments") > brief_at
    assert text.index("Who said what") > brief_at


def test_every_claim_on_real_extractions_resolves(demo_run):
    db, _ = demo_run
    with Store.open(db, read_only=True) as store:
        brief = build_brief(store, since=earliest_day(store), diff=True)
        claims = brief.claims()
        assert len(claims) > 30
        assert all(claim.citations for claim in claims)
        problems = [(c.text, unresolved(store, x)) for c in claims for x in c.citations
                    if unresolved(store, x)]
        assert not problems
        entries = build_timeline(store)
        assert len(entries) > 30
        assert not [(e.text, unresolved(store, x)) for e in entries for x in e.citations
                    if unresolved(store, x)]
