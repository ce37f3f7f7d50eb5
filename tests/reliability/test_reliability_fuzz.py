"""Fuzzing ingest and extract with hostile text: never an unhandled exception.

Every generated input must come back as an Article / ExtractionRecord or as an
InputFailure that names the input and gives a reason. The readers are called
below their catch-all (`Reader.read`), so a crash shows up as an exception
here instead of being hidden as a generic "could not read" failure. The
root conftest counts the generated inputs and prints the total.
"""

from __future__ import annotations

import io
import json
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from communique.ingest import Reader
from communique.ingest.text import build_article
from communique.records import Article, ExtractionRecord, InputFailure
from communique.settings import Settings

SETTINGS = Settings(max_bytes=200_000, fetch_timeout=1.0)
SCALE = float(os.environ.get("COMMUNIQUE_FUZZ_SCALE", "1"))


def fuzz(examples: int) -> settings:
    """Hypothesis settings: reproducible, no deadline, `examples` times COMMUNIQUE_FUZZ_SCALE."""
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None,
                    derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])
ALL_PROPERTIES = {"ingest_bytes", "ingest_text", "ingest_jsonl", "ingest_csv", "extract"}
MINIMUM_INPUTS = 10_000

WORDS = ["Valdoria", "Kestrel", "ceasefire", "talks", "envoy", "said", "on", "Tuesday", "the",
         "minister", "sanctions", "in", "Tarsk", "agreed", "to", "withdraw", "troops", "2025",
         "March", "\u201cWe", "will", "not", "accept", "this,\u201d", "according", "to"]
RTL = ["\u0648\u0642\u0641 \u0625\u0637\u0644\u0627\u0642 \u0627\u0644\u0646\u0627\u0631",
       "\u05e9\u05dc\u05d5\u05dd", "\u202eeciffo s\u2019retsinim\u202c", "\u200f", "\u200e",
       "\u2067\u05e9\u05dc\u05d5\u05dd\u2069", "\u202b", "\u202a"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u034f"]
CONTROL = [chr(c) for c in (*range(0, 32), 127, *range(0x80, 0xa0))]
QUOTES = ["\"", "\u201c", "\u201d", "\u2018", "\u2019", "'", "\u00ab", "\u00bb", "\u201e",
          "``", "''", "\u300c", "\u300d"]
SEPARATORS = [" ", "\n", "\n\n", "\t", "\r\n", "\u2028", "\u2029", "\x85", ". ", ", "]


def news_words() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join)


def nested_html(depth: int, tag: str, body: str) -> str:
    return f"<{tag}>" * depth + body + f"</{tag}>" * (depth // 2)  # unbalanced on purpose


def fragments(long_runs: list[int], depths: list[int]) -> st.SearchStrategy[str]:
    """Hostile pieces of text; `long_runs` and `depths` bound the long lines and deep HTML."""
    return st.one_of(
        news_words(),
        st.text(max_size=200),
        st.sampled_from(RTL), st.sampled_from(INVISIBLE), st.sampled_from(CONTROL),
        st.sampled_from(QUOTES), st.sampled_from(SEPARATORS),
        st.builds(lambda w, n: w * n, st.sampled_from(["a", "ab ", "\u201c", "-", "=", "\u05e9"]),
                  st.sampled_from(long_runs)),                                   # very long lines
        st.builds(nested_html, st.sampled_from(depths),
                  st.sampled_from(["div", "p", "b", "table"]), news_words()),    # deep HTML
        st.builds(lambda q, w: q + w, st.sampled_from(QUOTES), news_words()),    # unbalanced quotes
        st.sampled_from(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                         "<!--", "]]>", "<![CDATA[", "&amp;&#0;&#x110000;&#xD800;&bogus;",
                         "<?xml ?>", "<rss><channel><item>", "<feed xmlns='http://www.w3.org/2005/Atom'>",
                         "# heading", "**bold", "[link](", "![img](x)", "> quote", "---",
                         "By Staff Reporter", "Subscribe to our newsletter", "Read more"]),
    )


texts = st.lists(fragments([2, 10, 100, 1_000, 5_000], [1, 3, 20, 100, 500]),
                 max_size=8).map("".join)
# spaCy's cost grows with tokens (and its tokenizer is quadratic on one long run of
# punctuation), so extraction gets shorter runs; the long ones are explicit examples.
short_texts = st.lists(fragments([2, 10, 100, 300], [1, 3, 20, 100]), max_size=6).map("".join)
EXTREMES = ["ab " * 3_000, "a" * 50_000, nested_html(3_000, "div", "the talks"),
            "\u202e" * 500 + "Valdoria said \u201cno" + "\u200b" * 2_000,
            "".join(CONTROL) * 50, "\u201c" * 300 + " talks " + "\u201d" * 7,
            "\u0648\u0642\u0641 " * 2_000, "Valdoria said. " * 150]
junk = st.binary(max_size=3_000)
encodings = st.sampled_from(["utf-8", "utf-16", "utf-16-le", "latin-1", "cp1252", "utf-8-sig"])
documents = st.one_of(
    junk,
    st.builds(lambda t, e: t.encode(e, errors="replace"), texts, encodings),
    st.builds(lambda t, j: t.encode("utf-8") + j, texts, junk),
    st.builds(lambda t: f"<html><head><title>{t[:80]}</title></head><body><article><p>{t}"
              f"</p></article></body></html>".encode(), texts),
)
SUFFIXES = ["", ".txt", ".md", ".html", ".htm", ".xml", ".rss", ".atom"]


def check_items(items: list, name: str) -> None:
    """Every item is an article with text, or a failure that names the input with a reason."""
    for item in items:
        if isinstance(item, InputFailure):
            assert item.input.startswith(name) or name in item.input, item
            assert item.reason and not item.reason.startswith("could not read"), item
        else:
            assert isinstance(item, Article), item
            assert item.text.strip() and item.hash and item.id


@pytest.fixture(scope="module")
def memory_store():
    """A throw-away store the extraction fuzz writes its records to."""
    from communique.store import Store

    with Store.open(":memory:") as store:
        yield store


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader(SETTINGS)


@fuzz(1_500)
@example(data=nested_html(20_000, "div", "the talks").encode(), suffix=".html")
@example(data=("\u201c" + "ab " * 20_000).encode("utf-16"), suffix="")
@example(data=b"<rss><channel>" + b"<item>" * 5_000, suffix=".xml")
@given(data=documents, suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_read_as_articles_or_named_failures(reader, fuzz_counter, data, suffix):
    fuzz_counter["ingest_bytes"] += 1
    name = f"fuzz{suffix or '-nosuffix'}"
    check_items(list(reader.read_bytes(data, name, "fuzz", suffix)), name)


@fuzz(1_500)
@example(text="a" * 200_000, title=None, date=None, url=None)
@example(text="\u202e\u200b" * 30_000 + "Valdoria said.", title="\x00", date="\u0661",
         url="http://\u202e/2025/99/99")
@given(text=texts, title=st.none() | st.text(max_size=80), date=st.none() | st.text(max_size=20),
       url=st.none() | st.text(max_size=60))
def test_any_text_builds_an_article_or_a_named_failure(fuzz_counter, text, title, date, url):
    fuzz_counter["ingest_text"] += 1
    item = build_article(text, id="fuzz", source="fuzz.txt", settings=SETTINGS, url=url,
                         title=title, date=date)
    check_items([item], "fuzz.txt")


# JSON escapes can carry what no file can: lone UTF-16 surrogates.
json_texts = st.lists(st.one_of(fragments([2, 100, 1_000], [1, 20, 200]),
                                st.sampled_from(["\ud800", "\udfff", "\ud83d", "\udc80x"])),
                      max_size=6).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | json_texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=4), max_leaves=12)
records = st.fixed_dictionaries({}, optional={
    "id": json_values, "title": json_values, "text": json_texts | json_values,
    "date": json_values, "pub_date": json_values, "published": json_values,
    "url": st.sampled_from(["", "file:///etc/passwd", "ftp://x", "http://", "javascript:x"])
    | json_values})
jsonl_lines = st.lists(st.one_of(records.map(lambda r: json.dumps(r).encode()),
                                 junk, short_texts.map(lambda t: t.encode("utf-8", "replace"))),
                       max_size=6)


@fuzz(1_000)
@given(lines=jsonl_lines)
def test_any_jsonl_lines_give_records_or_failures_named_by_line(reader, fuzz_counter, lines):
    fuzz_counter["ingest_jsonl"] += len(lines) or 1
    check_items(list(reader.read_jsonl(lines, "fuzz.jsonl", "fuzz")), "fuzz.jsonl")


csv_cells = st.one_of(short_texts, st.sampled_from(["\"", "\"\"", ",", "\n", "\r", "\x00"]))


@fuzz(1_500)
@given(header=st.lists(st.sampled_from(["id", "text", "title", "date", "url", "x", ""]),
                       max_size=6),
       rows=st.lists(st.lists(csv_cells, max_size=6), max_size=5))
def test_any_csv_gives_records_or_failures_named_by_line(reader, fuzz_counter, header, rows):
    fuzz_counter["ingest_csv"] += len(rows) or 1
    body = "\n".join(",".join(line) for line in [header, *rows])
    check_items(list(reader.read_csv(io.StringIO(body, newline=""), "fuzz.csv", "fuzz")),
                "fuzz.csv")


EXTRACT_BATCH = 8


@pytest.mark.slow
@fuzz(130)
@example(batch=EXTREMES)
@given(batch=st.lists(short_texts.filter(str.strip), min_size=EXTRACT_BATCH,
                      max_size=EXTRACT_BATCH))
def test_extract_never_crashes_on_hostile_text(nlp, memory_store, fuzz_counter, batch):
    """The texts go straight to spaCy (no language check), in one nlp.pipe batch.

    The first record of each batch is also stored and read back whole.
    """
    from communique.pipeline import extract_each

    fuzz_counter["extract"] += len(batch)
    articles = [Article(id=f"fz{i}", text=text, source=f"fuzz-{i}", pub_date="2025-03-20")
                for i, text in enumerate(batch)]
    items = list(extract_each(articles, nlp=nlp, batch_size=EXTRACT_BATCH))
    assert len(items) == len(articles)
    crashes = [item for item in items if isinstance(item, InputFailure)]
    assert not crashes, crashes  # a failure here is a crash the pipeline isolated
    for article, record in zip(articles, items, strict=True):
        assert isinstance(record, ExtractionRecord) and record.id == article.id
        json.dumps(record.to_dict())
        for span in [*record.mentions, *record.timexes, *record.quotes, *record.sentences]:
            assert 0 <= span["start"] <= span["end"] <= len(article.text), span
    first = items[0]
    memory_store.add(first)
    stored = memory_store.article(first.id)
    assert stored["text"] == first.text and len(stored["sentences"]) == len(first.sentences)


def test_the_fuzz_ran_at_least_ten_thousand_inputs(fuzz_counter):
    if set(fuzz_counter) != ALL_PROPERTIES or SCALE < 1:
        pytest.skip("runs after every fuzz property of this module, at full scale")
    assert sum(fuzz_counter.values()) >= MINIMUM_INPUTS, fuzz_counter
