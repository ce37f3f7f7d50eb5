"""Exports: every table, every format, the GDELT and Phoenix column styles."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest
from store_samples import record

from communique.errors import StoreError
from communique.store import STYLES, TABLES, Store, export

FORMATS = ("jsonl", "csv", "parquet")


@pytest.fixture(scope="module")
def store():
    """Return a store with two articles, an initiative with two steps and a stance."""
    with Store.open(":memory:") as opened:
        opened.add(record())
        opened.add(record("second", text="A second report of the truce.", pub_date="2025-04-03"))
        opened.insert("initiatives", [{"id": "river-truce", "label": "river truce",
                                       "type": "ceasefire", "parties": ["Marra", "Orsk"],
                                       "first_seen": "2025-04-01", "status": "accepted"}])
        opened.insert("initiative_steps", [
            {"initiative_id": "river-truce", "idx": 0, "status": "proposed",
             "date": "2025-03-30", "actor_name": "Coastal League", "article_id": "wire-001"},
            {"initiative_id": "river-truce", "idx": 1, "status": "accepted",
             "date": "2025-04-01", "actor_name": "Ada Vell", "article_id": "wire-001"}])
        opened.insert("stances", [{"actor_name": "Ada Vell", "issue_id": "truce",
                                   "issue": "a truce first", "position": "supports",
                                   "date": "2025-04-01", "article_id": "wire-001"}])
        opened.insert("linked_events", [{"id": "le-1", "type": "agree", "n_mentions": 2,
                                         "n_articles": 2, "n_sources": 1}])
        opened.insert("event_links", [{"linked_event_id": "le-1", "article_id": a,
                                       "event_idx": 0} for a in ("wire-001", "second")])
        yield opened


def read(path, fmt):
    """Return an exported file's rows as dicts (CSV values as text)."""
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text().splitlines()]
    if fmt == "csv":
        with path.open(newline="") as handle:
            return list(csv.DictReader(handle))
    return pq.read_table(path).to_pylist()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("table", TABLES)
def test_every_table_exports_in_every_format(store, tmp_path, table, fmt):
    path = tmp_path / f"{table}.{fmt}"
    count = export(store, table, fmt, path)
    rows = read(path, fmt)
    assert count == len(rows) == {"events": 4, "quotes": 2, "actors": 5, "initiatives": 1,
                                  "stances": 1}[table]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("style", STYLES)
def test_event_styles_in_every_format(store, tmp_path, style, fmt):
    path = tmp_path / f"events-{style}.{fmt}"
    count = export(store, "events", fmt, path, style=style)
    rows = read(path, fmt)
    assert count == len(rows)
    names = list(rows[0])
    if style == "native":
        assert count == 4 and names[:3] == ["id", "num", "article_id"]
        return
    # dyadic: the two-party agreement and the one-to-two call give two rows each
    assert count == 8
    if style == "gdelt":
        assert names[:4] == ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year"]
        assert {"Actor1Code", "Actor1Name", "Actor2Code", "Actor2Name", "EventCode",
                "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
                "NumMentions", "NumSources", "NumArticles", "SOURCEURL"} <= set(names)
        ids = [str(r["GLOBALEVENTID"]) for r in rows]
        assert len(set(ids)) == len(ids)
        call = [r for r in rows if str(r["EventCode"]) == "043"]
        assert {r["Actor2Name"] for r in call} == {"Marran Republic", "Orsk Federation"}
        assert str(call[0]["SQLDATE"]) == "20250331" and str(call[0]["EventRootCode"]) == "04"
        agree = [r for r in rows if str(r["EventCode"]) == "057"]
        assert {str(r["NumSources"]) for r in agree} == {"1"}
        assert {str(r["NumMentions"]) for r in agree} == {"2"}
        assert agree[0]["SOURCEURL"].startswith("https://news.example/")
    else:
        assert names[:4] == ["eid", "story_id", "sentence_num", "date8"]
        assert {"source", "source_root", "source_agent", "target", "target_root", "code",
                "root_code", "quad_class", "goldstein", "joined_issues", "url"} <= set(names)
        agree = [r for r in rows if str(r["code"]) == "057"]
        assert {r["source"] for r in agree} == {"MRRGOV", "ORSGOV"}
        assert {r["source_root"] for r in agree} == {"MRR", "ORS"}
        assert agree[0]["date8"] == "20250401" and agree[0]["joined_issues"] == "30-day truce"
        assert len({r["eid"] for r in rows}) == len(rows)


def test_exports_are_deterministic(store, tmp_path):
    for fmt in ("jsonl", "csv"):
        first, second = tmp_path / f"1.{fmt}", tmp_path / f"2.{fmt}"
        export(store, "events", fmt, first, style="gdelt")
        export(store, "events", fmt, second, style="gdelt")
        assert first.read_bytes() == second.read_bytes()


def test_initiatives_carry_their_steps(store, tmp_path):
    path = tmp_path / "initiatives.jsonl"
    export(store, "initiatives", "jsonl", path)
    (row,) = read(path, "jsonl")
    assert [s["status"] for s in row["steps"]] == ["proposed", "accepted"]
    assert row["parties"] == ["Marra", "Orsk"]


def test_export_to_stdout(store, capsysbinary):
    assert export(store, "quotes", "jsonl", "-") == 2
    lines = capsysbinary.readouterr().out.decode().splitlines()
    assert json.loads(lines[0])["speaker_name"] == "Ada Vell"


def test_export_from_a_read_only_store(tmp_path):
    path = str(tmp_path / "ro.duckdb")
    with Store.open(path) as writable:
        writable.add(record())
    with Store.open(path, read_only=True) as store:
        assert export(store, "events", "parquet", tmp_path / "e.parquet", style="phoenix") == 4


def test_bad_export_requests_are_refused(store, tmp_path):
    with pytest.raises(StoreError, match="cannot export"):
        export(store, "articles", "jsonl", tmp_path / "x")
    with pytest.raises(StoreError, match="format"):
        export(store, "events", "xml", tmp_path / "x")
    with pytest.raises(StoreError, match="style"):
        export(store, "events", "csv", tmp_path / "x", style="icews")
    with pytest.raises(StoreError, match="export failed"):
        export(store, "events", "csv", tmp_path / "missing-dir" / "x.csv")
