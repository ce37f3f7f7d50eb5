"""The only module that sees spaCy Docs: articles in, extraction records out."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from communique.actors.resolve import record_actors
from communique.limits import ArticleTimeout, time_limit
from communique.nlp import load_nlp
from communique.nlp.extensions import text_of
from communique.records import Article, ExtractionRecord, InputFailure

log = logging.getLogger(__name__)


def extract(articles: Iterable[Article], nlp: Language | None = None,
            batch_size: int = 16) -> Iterator[ExtractionRecord]:
    """Run the pipeline over articles and yield one extraction record per article.

    Args:
        articles: ingested articles (clean text and publication date).
        nlp: a loaded pipeline; the cached full pipeline when None.
        batch_size: articles per `nlp.pipe` batch.
    Returns:
        An iterator of records, in input order.
    """
    nlp = nlp or load_nlp()
    pending: list[Article] = []

    def docs() -> Iterator[Doc]:
        for article in articles:
            doc = nlp.make_doc(article.text)
            doc._.pub_date = article.pub_date
            doc._.article_id = article.id
            pending.append(article)
            yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield to_record(pending.pop(0), doc)


def extract_each(items: Iterable[Article | InputFailure], nlp: Language | None = None,
                 batch_size: int = 16, timeout: float = 0.0,
                 ) -> Iterator[ExtractionRecord | InputFailure]:
    """Extract a stream of articles, passing failures through and isolating crashes.

    A batch that raises, or runs past `timeout` seconds (0: no limit; main
    thread only), is re-run one article at a time, each within `timeout`, so one
    pathological article becomes an InputFailure naming it and the rest of the
    batch goes on.
    """
    nlp = nlp or load_nlp()
    batch: list[Article] = []
    for item in items:
        if isinstance(item, InputFailure):
            yield from _run_batch(batch, nlp, batch_size, timeout)
            batch = []
            yield item
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _run_batch(batch, nlp, batch_size, timeout)
            batch = []
    yield from _run_batch(batch, nlp, batch_size, timeout)


def _run_batch(batch: list[Article], nlp: Language, batch_size: int,
               timeout: float) -> Iterator[ExtractionRecord | InputFailure]:
    if not batch:
        return
    try:
        with time_limit(timeout):
            records = list(extract(batch, nlp=nlp, batch_size=batch_size))
    except (Exception, ArticleTimeout):  # noqa: BLE001 - isolate the failing or slow article
        log.warning("a batch failed or ran late; re-running its %d articles one by one",
                    len(batch))
        for article in batch:
            yield _run_one(article, nlp, timeout)
        return
    yield from records


def _run_one(article: Article, nlp: Language, timeout: float) -> ExtractionRecord | InputFailure:
    """Extract one article within the time limit, or return its failure."""
    try:
        with time_limit(timeout):
            return extract_one(article, nlp=nlp)
    except ArticleTimeout as error:
        return InputFailure(article.source or article.id, str(error), "E111")
    except Exception as error:  # reported as the article's failure
        log.debug("extraction failed for %s", article.id, exc_info=True)
        return InputFailure(article.source or article.id,
                            f"extraction failed: {type(error).__name__}: {error}", "E110")


def extract_one(article: Article, nlp: Language | None = None) -> ExtractionRecord:
    """Extract one article (convenience for tests and the API)."""
    return next(extract([article], nlp=nlp))


def to_record(article: Article, doc: Doc) -> ExtractionRecord:
    """Turn an annotated Doc into the plain extraction record."""
    text = text_of(doc)  # a span's text is its slice: span.text would join its tokens anew
    mentions = [dict(actor, text=text[span.start_char:span.end_char], start=span.start_char,
                     end=span.end_char)
                for span in doc.spans.get("actors", []) if (actor := span._.actor)]
    timexes = [{"text": text[span.start_char:span.end_char], "start": span.start_char,
                "end": span.end_char, **timex}
               for span in doc.spans.get("timexes", []) if (timex := span._.timex)]
    quotes = list(doc._.quotes or [])
    return ExtractionRecord(
        id=article.id,
        pub_date=article.pub_date,
        pub_date_source=article.pub_date_source,
        pub_date_confidence=article.pub_date_confidence,
        language=article.language,
        source=article.source,
        title=article.title,
        url=article.url,
        outlet=article.outlet,
        text=article.text,
        hash=article.hash,
        duplicate_of=article.duplicate_of,
        actors=record_actors(mentions),
        mentions=mentions,
        timexes=timexes,
        quotes=[q for q in quotes if q.get("kind") != "indirect"],
        reported=[q for q in quotes if q.get("kind") == "indirect"],
        events=list(doc._.events or []),
        dropped=[{"start": d.start, "end": d.end, "reason": d.reason, "text": d.text}
                 for d in article.dropped],
        sentences=[{"start": s.start_char, "end": s.end_char} for s in doc.sents],
    )
