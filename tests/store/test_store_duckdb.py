"""The DuckDB store: schema versions, idempotent transactional adds, and every query."""

from __future__ import annotations

import copy
import hashlib
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest
from store_samples import LEAGUE, TOMAS, VELL, record

from communique.errors import StoreError
from communique.records import Article, content_hash
from communique.store import Store, migrations
from communique.store.rows import ARTICLE_TABLES, flatten, parse_date, unflatten


@pytest.fixture
def store():
    """Return an in-memory store, closed after the test."""
    with Store.open(":memory:") as opened:
        yield opened


def other(article_id: str, text: str, **overrides):
    """Return a record with its own text (so its own hash)."""
    return record(article_id, text=text, **overrides)


def broken_record():
    """Return a record the store must refuse: an event's Goldstein score is not a number."""
    bad = other("broken", "A different text.")
    bad.events = copy.deepcopy(bad.events)
    bad.events[1]["goldstein"] = "rather high"
    return bad


def digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- schema and migrations

def test_new_file_gets_the_current_schema(tmp_path):
    path = tmp_path / "new.duckdb"
    with Store.open(str(path)) as store:
        assert store.version == migrations.LATEST
        assert store.query("SELECT count(*) AS n FROM schema_version") == [{"n": 1}]
        assert set(store.counts()) >= {"articles", "sentences", "dropped_spans", "actors",
                                       "actor_mentions", "timexes", "events", "quotes",
                                       "linked_events", "event_links", "initiatives",
                                       "initiative_steps", "stances", "contradictions"}
        assert all(n == 0 for n in store.counts().values())
    with Store.open(str(path)) as store:  # reopening migrates nothing
        assert store.query("SELECT count(*) AS n FROM schema_version") == [{"n": 1}]


def test_schema_file_declares_the_latest_version():
    assert migrations.schema_file_version() == migrations.LATEST
    versions = [m.version for m in migrations.MIGRATIONS]
    assert versions == list(range(2, migrations.LATEST + 1))


def test_frozen_schemas_migrate_to_the_current_one(tmp_path):
    fresh = duckdb.connect()
    fresh.execute(migrations.schema_sql())
    want = fresh.execute("SELECT table_name, column_name, data_type FROM "
                         "information_schema.columns ORDER BY ALL").fetchall()
    for frozen in sorted(Path(__file__).parent.glob("schema_v*.sql")):
        con = duckdb.connect()
        con.execute(frozen.read_text())
        con.execute("INSERT INTO schema_version VALUES (?, 'frozen', now())",
                    [migrations.schema_file_version(frozen.read_text())])
        assert migrations.migrate(con, str(frozen)) == migrations.LATEST
        got = con.execute("SELECT table_name, column_name, data_type FROM "
                          "information_schema.columns ORDER BY ALL").fetchall()
        assert got == want, frozen.name


def test_an_old_store_is_migrated_and_a_read_only_one_refused(tmp_path, monkeypatch):
    path = str(tmp_path / "old.duckdb")
    with Store.open(path) as store:
        store.add(record())
    step = migrations.Migration(2, "add a column", "ALTER TABLE articles ADD COLUMN byline VARCHAR")
    monkeypatch.setattr(migrations, "MIGRATIONS", (step,))
    monkeypatch.setattr(migrations, "LATEST", 2)
    with pytest.raises(StoreError, match="needs migrating"):
        Store.open(path, read_only=True)
    with Store.open(path) as store:
        assert store.version == 2
        assert "byline" in store.columns["articles"]
        assert store.counts()["articles"] == 1


def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch):
    path = str(tmp_path / "old.duckdb")
    Store.open(path).close()
    step = migrations.Migration(2, "broken", "ALTER TABLE articles ADD COLUMN x VARCHAR; "
                                            "ALTER TABLE nowhere ADD COLUMN y VARCHAR")
    monkeypatch.setattr(migrations, "MIGRATIONS", (step,))
    monkeypatch.setattr(migrations, "LATEST", 2)
    with pytest.raises(StoreError, match="migration failed"):
        Store.open(path)
    monkeypatch.setattr(migrations, "LATEST", 1)
    with Store.open(path, read_only=True) as store:
        assert store.version == 1
        assert "x" not in store.columns["articles"]


def test_newer_foreign_and_missing_stores_are_refused(tmp_path):
    newer = str(tmp_path / "newer.duckdb")
    with Store.open(newer) as store:
        store.con.execute("INSERT INTO schema_version VALUES (99, 'future', now())")
    with pytest.raises(StoreError, match="newer"):
        Store.open(newer)
    foreign = str(tmp_path / "foreign.duckdb")
    con = duckdb.connect(foreign)
    con.execute("CREATE TABLE things (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a communique store"):
        Store.open(foreign)
    with pytest.raises(StoreError, match="no store"):
        Store.open(str(tmp_path / "missing.duckdb"), read_only=True)
    (tmp_path / "junk.duckdb").write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(StoreError):
        Store.open(str(tmp_path / "junk.duckdb"))


# ---------------------------------------------------------------- adding articles

def test_adding_the_same_article_twice_changes_nothing(tmp_path):
    path = tmp_path / "idem.duckdb"
    with Store.open(str(path)) as store:
        assert store.add(record()) is True
        counts = store.counts()
        rows = {t: store.query(f"SELECT * FROM {t} ORDER BY ALL") for t in counts}
    before = digest(path)
    with Store.open(str(path)) as store:
        assert store.add(record()) is False
        assert store.counts() == counts
        assert {t: store.query(f"SELECT * FROM {t} ORDER BY ALL") for t in counts} == rows
    assert digest(path) == before


def test_the_same_text_under_another_id_is_kept_once(store):
    store.add(record("first"))
    counts = store.counts()
    assert store.add(record("second")) is False
    assert store.counts() == counts
    assert store.has(record().hash)
    assert not store.has(content_hash("never stored"))


def test_a_new_text_under_a_stored_id_replaces_the_article(store):
    store.add(record("a1"))
    kept = other("b1", "Another article: the League met Orsk.")
    store.add(kept)
    store.insert("stances", [{"actor_name": "Ada Vell", "issue_id": "truce",
                              "position": "supports", "article_id": "a1"},
                             {"actor_name": "Piet Tomas", "issue_id": "truce",
                              "position": "supports", "article_id": "b1"}])
    store.insert("contradictions", [{"id": "c1", "a_article_id": "b1", "b_article_id": "a1"}])
    new = other("a1", "A corrected text.", events=[], quotes=[], sentences=[{"start": 0,
                                                                             "end": 17}])
    assert store.add(new) is True
    assert store.article("a1")["text"] == "A corrected text."
    assert store.query("SELECT count(*) AS n FROM events WHERE article_id = 'a1'") == [{"n": 0}]
    assert store.query("SELECT count(*) AS n FROM paragraphs WHERE article_id = 'a1'") == [
        {"n": 1}]
    # rows citing the old version are gone; the other article and its rows stay
    assert [s["article_id"] for s in store.query("SELECT * FROM stances")] == ["b1"]
    assert store.counts()["contradictions"] == 0
    assert store.article("b1")["events"] == kept.to_dict()["events"]
    assert store.counts()["articles"] == 2


def test_a_failing_add_rolls_back_and_names_the_article(store):
    store.add(record("kept"))
    counts = store.counts()
    bad = broken_record()
    with pytest.raises(StoreError, match="broken") as caught:
        store.add(bad)
    assert "events.goldstein" in str(caught.value)
    assert store.counts() == counts
    assert not store.has(bad.hash)
    # a broken new version of a stored article leaves the old version whole
    bad.id = "kept"
    with pytest.raises(StoreError, match="kept"):
        store.add(bad)
    assert store.counts() == counts
    assert store.article("kept")["text"] == record().text


def test_a_database_error_mid_transaction_rolls_back(store, monkeypatch):
    store.add(record("kept"))
    counts = store.counts()
    real = Store._insert

    def failing(self, table, rows):
        if table == "quotes":
            raise duckdb.ConstraintException("disk full, say")
        return real(self, table, rows)

    monkeypatch.setattr(Store, "_insert", failing)
    with pytest.raises(StoreError, match="late"):
        store.add(other("late", "Yet another text."))
    with pytest.raises(StoreError, match="kept"):
        store.add(other("kept", "A replacement that fails half-way."))
    assert store.counts() == counts
    assert store.article("kept")["text"] == record().text


def test_a_stored_article_reads_back_as_its_record(store):
    rec = record()
    store.add(rec)
    got = store.article(rec.id)
    want = rec.to_dict()
    assert {k: got[k] for k in want} == want
    assert got["events"][1]["channel"] == "phone"  # a key with no column survives
    assert got["paragraphs"][0] == {"start": 0, "end": rec.text.index("\n")}
    assert store.article("nope") is None


def test_article_fields_come_from_the_article_when_given(store):
    rec = record()
    art = Article(id=rec.id, text=rec.text, pub_date_confidence=0.7, language="en",
                  source="feeds/wire.xml")
    store.add(rec, art)
    row = store.articles()[0]
    assert (row["pub_date_confidence"], row["language"], row["source"]) == (
        0.7, "en", "feeds/wire.xml")


def test_a_read_only_store_reads_but_does_not_write(tmp_path):
    path = str(tmp_path / "ro.duckdb")
    with Store.open(path) as store:
        store.add(record())
    with Store.open(path, read_only=True) as store:
        assert store.counts()["articles"] == 1
        with pytest.raises(StoreError, match="read-only"):
            store.add(other("x", "Some new text."))


def test_a_reader_beside_a_writer_in_one_process(tmp_path):
    path = str(tmp_path / "shared.duckdb")
    with Store.open(path) as writer, Store.open(path, read_only=True) as reader:
        writer.add(record())
        assert reader.counts()["articles"] == 1
        with pytest.raises(StoreError, match="read-only"):
            reader.insert("initiatives", [{"id": "i", "label": "x"}])
        with writer.transaction():
            writer.insert("initiatives", [{"id": "i", "label": "x"}])
            assert reader.counts()["initiatives"] == 0  # not yet committed
        assert reader.counts()["initiatives"] == 1


def test_open_waits_for_another_process_to_release_the_file(tmp_path):
    path = tmp_path / "locked.duckdb"
    Store.open(str(path)).close()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True);"
        " time.sleep(float(sys.argv[2])); con.close()"), str(path), "1.0"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match="lock"):
            Store.open(str(path), read_only=True, timeout=0.1)
        started = time.monotonic()
        with Store.open(str(path), read_only=True, timeout=10) as store:
            assert store.version == migrations.LATEST
        assert time.monotonic() - started < 9
    finally:
        holder.wait(timeout=20)


# ---------------------------------------------------------------- derived rows

def test_insert_and_replace_derived_rows(store):
    store.add(record())
    link = {"linked_event_id": "le1", "article_id": "wire-001", "event_idx": 0}
    assert store.insert("linked_events", [{"id": "le1", "type": "agree", "n_sources": 2,
                                           "n_articles": 2, "note": "kept in extra"}]) == 1
    store.insert("event_links", [link])
    assert store.query("SELECT extra FROM linked_events") == [{"extra": {"note": "kept in extra"}}]
    assert store.events(type="agree")[0]["n_sources"] == 2
    store.replace("event_links", [dict(link, score=0.5)], {"linked_event_id": "le1"})
    assert store.query("SELECT score FROM event_links") == [{"score": 0.5}]
    store.replace("event_links", [])
    assert store.counts()["event_links"] == 0
    with pytest.raises(StoreError, match="no table"):
        store.insert("nowhere", [{"x": 1}])
    with pytest.raises(StoreError, match="no column"):
        store.insert("event_links", [dict(link, surprise=1)])
    with pytest.raises(StoreError, match="no column"):
        store.replace("event_links", [], {"surprise": 1})


def test_nested_writes_share_one_transaction(store):
    store.add(record())
    with pytest.raises(StoreError), store.transaction():
        store.insert("initiatives", [{"id": "i1", "label": "truce"}])
        store.replace("initiative_steps", [{"initiative_id": "i1", "idx": 0,
                                            "status": "proposed"}])
        store.insert("initiatives", [{"id": "i1", "label": "duplicate id"}])
    assert store.counts()["initiatives"] == store.counts()["initiative_steps"] == 0
    with store.transaction():
        store.insert("initiatives", [{"id": "i1", "label": "truce"}])
    assert store.counts()["initiatives"] == 1


def test_a_record_without_a_hash_is_hashed_from_its_text(store):
    rec = replace(record(), hash="")
    assert store.add(rec) is True
    assert store.add(rec) is False
    assert store.has(content_hash(rec.text))


# ---------------------------------------------------------------- queries

def test_counts_and_articles(store):
    store.add(record("old", pub_date="2025-03-01"))
    store.add(other("new", "Newer text.", pub_date="2025-05-01"))
    store.add(other("undated", "Text with no date.", pub_date=None))
    counts = store.counts()
    assert counts["articles"] == 3 and counts["events"] == 6 and "schema_version" not in counts
    rows = store.articles()
    assert [r["id"] for r in rows] == ["new", "old", "undated"]
    assert rows[0]["events"] == 2 and rows[0]["quotes"] == 1 and "text" not in rows[0]
    assert [r["id"] for r in store.articles(limit=1, offset=1)] == ["old"]


def test_events_filters(store):
    store.add(record())
    store.add(other("later", "A later text.", pub_date="2025-06-10",
                    events=[dict(record().events[0], date="2025-06-09", source=TOMAS,
                                 target=None, type="reject", cameo="125")]))
    assert len(store.events()) == 3
    assert [e["date"] for e in store.events()] == ["2025-03-31", "2025-04-01", "2025-06-09"]
    assert [e["id"] for e in store.events(since="2025-04-01")] == ["wire-001:0", "later:0"]
    assert [e["id"] for e in store.events(until=date(2025, 4, 1))] == ["wire-001:1",
                                                                      "wire-001:0"]
    assert [e["id"] for e in store.events(actor="ada vell")] == ["wire-001:0"]
    assert [e["id"] for e in store.events(actor="Orsk")] == ["wire-001:1", "wire-001:0",
                                                             "later:0"]
    assert [e["id"] for e in store.events(actor="IGO")] == ["wire-001:1"]
    assert [e["id"] for e in store.events(actor="K:tomas")] == ["wire-001:0", "later:0"]
    assert [e["id"] for e in store.events(type="reject")] == ["later:0"]
    assert [e["id"] for e in store.events(type="04")] == ["wire-001:1"]
    assert len(store.events(limit=1)) == 1
    event = store.events(type="consult")[0]
    assert event["target"][1]["name"] == "Orsk Federation" and event["outlet"] == "Example Wire"
    with pytest.raises(StoreError, match="not a date"):
        store.events(since="last week")


def test_quotes_filters(store):
    store.add(record())
    store.add(other("b", "The League said nothing.", pub_date="2025-05-01", quotes=[
        {"text": "Talks go on", "start": 0, "end": 11, "kind": "direct",
         "speaker": dict(LEAGUE, description="a League envoy", mention=None), "cue": "said",
         "medium": None, "addressee": None, "date": None, "date_precision": None}]))
    assert [q["article_id"] for q in store.quotes()] == ["b", "wire-001"]
    assert [q["text"] for q in store.quotes(speaker="ada vell")] == ["We will hold our fire"]
    assert [q["text"] for q in store.quotes(speaker="envoy")] == ["Talks go on"]
    assert [q["text"] for q in store.quotes(contains="FIRE")] == ["We will hold our fire"]
    assert [q["article_id"] for q in store.quotes(since="2025-04-15")] == ["b"]
    assert store.quotes(speaker="nobody") == []


def test_actors_with_counts(store):
    store.add(record())
    store.add(other("b", "Vell again.", pub_date="2025-03-01"))
    actors = {a["id"]: a for a in store.actors()}
    assert actors["K:vell"]["mentions"] == 2 and actors["K:vell"]["articles"] == 2
    assert actors["K:vell"]["events"] == 2 and actors["K:vell"]["quotes"] == 2
    assert actors["K:vell"]["first_seen"] == "2025-03-01"  # the earliest article wins
    assert actors["K:league"]["mentions"] == 0 and actors["K:league"]["events"] == 2
    assert actors["K:vell"]["code"] == VELL["code"]
    assert None not in actors and len(store.actors(limit=2)) == 2
    assert store.actors()[0]["id"] in ("K:vell", "K:tomas")


# ---------------------------------------------------------------- pure helpers

@pytest.mark.parametrize(("value", "want"), [
    ("2025-03-19", date(2025, 3, 19)), ("2025-03", date(2025, 3, 1)),
    ("2025", date(2025, 1, 1)), ("2025-W12", date(2025, 3, 17)),
    ("2025-03-19T10:00:00Z", date(2025, 3, 19)), (date(2025, 1, 2), date(2025, 1, 2)),
    ("2025-02-30", None), ("PRESENT_REF", None), ("", None), (None, None)])
def test_parse_date(value, want):
    assert parse_date(value) == want


def test_flatten_keeps_what_has_no_column():
    spec = [("text", ("text",)), ("ev_start", ("evidence", "start"))]
    for item in ({"text": "a", "evidence": {"start": 1}},
                 {"text": "a", "evidence": {"start": 1, "note": "x"}, "more": [1]},
                 {"text": "a", "evidence": None}, {"text": "a", "evidence": "odd"}):
        assert unflatten(flatten(item, spec), spec) == item


def test_every_article_table_has_an_article_id_column(store):
    for table in ARTICLE_TABLES:
        assert "article_id" in store.columns[table], table



# ---------------------------------------------------------------- bulk adds

def _table(store, table):
    return store.query(f"SELECT * FROM {table} ORDER BY ALL")


def test_add_many_stores_what_adding_one_by_one_stores():
    batch = [record("a1"), other("a2", "Envoys of both sides met in the port city."),
             record("a1-copy"),  # same text as a1: skipped
             other("a3", "The truce held overnight, monitors said.", pub_date="2025-03-30")]
    with Store.open(":memory:") as one, Store.open(":memory:") as bulk:
        added = [one.add(r) for r in batch]
        assert bulk.add_many(batch) == sum(added) == 3
        for table in ("articles", "actors", "events", "quotes", "actor_mentions",
                      "event_participants", "timexes", "paragraphs"):
            rows_one, rows_bulk = _table(one, table), _table(bulk, table)
            if table == "articles":  # stamped with the time of the add
                rows_one = [dict(r, ingested_at=None) for r in rows_one]
                rows_bulk = [dict(r, ingested_at=None) for r in rows_bulk]
            assert rows_one == rows_bulk, table


def test_add_many_merges_an_actor_seen_in_several_records_like_the_upsert():
    early = other("e1", "First text.", pub_date="2025-01-05")
    late = other("e2", "Second text.", pub_date="2025-02-05")
    late.actors = [dict(VELL, code=None)]
    late.mentions = late.events = late.quotes = []
    with Store.open(":memory:") as store:
        store.add_many([late, early])
        vell = [a for a in store.query("SELECT * FROM actors") if a["canonical"] == "Ada Vell"]
    assert len(vell) == 1
    assert vell[0]["code"] == "MRRGOV"  # the first record left it blank; the second had it
    assert str(vell[0]["first_seen"]) == "2025-01-05"  # the earliest, not the first added


def test_add_many_skips_stored_texts_and_replaces_a_stored_id_with_new_text(store):
    store.add(record("kept"))
    replaced = other("kept", "A rewritten version of the story.")
    assert store.add_many([record("again"), replaced]) == 1
    assert store.counts()["articles"] == 1
    assert store.article("kept")["text"] == replaced.text


def test_add_many_writes_nothing_when_one_record_fails(store):
    store.add(record("kept"))
    counts = store.counts()
    bad = broken_record()
    with pytest.raises(StoreError, match="events.goldstein"):
        store.add_many([other("fine", "A fine text."), bad])
    assert store.counts() == counts
