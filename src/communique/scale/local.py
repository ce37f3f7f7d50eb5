"""Run the per-article pipeline in parallel and stream extraction records to Parquet.

One callable class, `Extractor`, loads the pipeline once and maps a batch of
article columns to record columns. The local engine hands it to a process pool
(one pipeline per process); the Ray engine hands it to `map_batches` as an
actor pool. Parts are written atomically (temp file, then rename) so a killed
run leaves no half part, and a rerun skips articles whose content hash is
already in a part.

Time. A batch that runs past `article_timeout` seconds is stopped and re-run
one article at a time, each with that limit, so a pathological article
becomes an error row ("timed out after N s") and the rest of its batch is kept.
"""

from __future__ import annotations

import json
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from communique.records import (
    Article,
    DroppedSpan,
    ExtractionRecord,
    InputFailure,
    Paragraph,
    plain_data,
)

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = ("id", "text", "title", "url", "outlet", "pub_date", "pub_date_source",
                   "pub_date_confidence", "language", "source", "duplicate_of", "hash", "dropped")
PART_SCHEMA = pa.schema([("id", pa.string()), ("hash", pa.string()), ("pub_date", pa.string()),
                         ("error", pa.string()), ("record", pa.string())])


def articles_to_batch(articles: list[Article]) -> dict[str, list]:
    """Turn articles into a column batch (dropped spans as JSON text)."""
    batch: dict[str, list] = {name: [] for name in ARTICLE_COLUMNS}
    for article in articles:
        data = plain_data(article)
        data["dropped"] = json.dumps(data["dropped"], ensure_ascii=False)
        for name in ARTICLE_COLUMNS:
            batch[name].append(data[name])
    return batch


def batch_to_articles(batch: dict) -> list[Article]:
    """Rebuild articles from a column batch (lists or numpy arrays)."""
    size = len(batch["id"])
    articles = []
    for i in range(size):
        row = {name: _plain(batch[name][i]) for name in ARTICLE_COLUMNS}
        dropped = [DroppedSpan(**d) for d in json.loads(row.pop("dropped") or "[]")]
        article = Article(**row, dropped=dropped)
        article.paragraphs = article.paragraphs or [Paragraph(0, len(article.text))]
        articles.append(article)
    return articles


def _plain(value):
    """Turn numpy scalars (from Ray batches) into plain Python values."""
    return value.item() if hasattr(value, "item") else value


class Extractor:
    """Map a batch of article columns to record columns; loads the pipeline once."""

    def __init__(self, batch_size: int = 16, article_timeout: float = 0.0):
        from communique.nlp import load_nlp

        self.nlp = load_nlp()
        self.batch_size = batch_size
        self.article_timeout = article_timeout

    def __call__(self, batch: dict) -> dict[str, list]:
        """Extract every article of the batch; a failing article becomes an error row."""
        articles = batch_to_articles(batch)
        out: dict[str, list] = {name: [] for name in PART_SCHEMA.names}
        by_source = {a.source or a.id: a for a in articles}
        for item in self.extract(articles):
            if isinstance(item, InputFailure):
                article = by_source.get(item.input)
                out["id"].append(article.id if article else item.input)
                out["hash"].append(article.hash if article else "")
                out["pub_date"].append(article.pub_date if article else None)
                out["error"].append(item.reason)
                out["record"].append(None)
            else:
                out["id"].append(item.id)
                out["hash"].append(item.hash)
                out["pub_date"].append(item.pub_date)
                out["error"].append(None)
                out["record"].append(json.dumps(item.to_dict(), ensure_ascii=False))
        return out

    def extract(self, articles: list[Article]) -> list[ExtractionRecord | InputFailure]:
        """Extract a batch; one that runs past the time limit is re-run article by article."""
        from communique.pipeline import extract_each

        return list(extract_each(articles, nlp=self.nlp, batch_size=self.batch_size,
                                 timeout=self.article_timeout))


class PartWriter:
    """Write record batches as numbered Parquet parts, each one atomically."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        for stale in out_dir.glob("part-*.parquet.tmp"):
            stale.unlink()  # the unfinished part of a killed run
        numbers = (int(p.stem.split("-")[1]) for p in out_dir.glob("part-*.parquet"))
        self.next_index = 1 + max(numbers, default=-1)

    def write(self, columns: dict[str, list]) -> Path:
        """Write one part and return its path."""
        path = self.out_dir / f"part-{self.next_index:05d}.parquet"
        tmp = path.with_suffix(".parquet.tmp")
        pq.write_table(pa.table(columns, schema=PART_SCHEMA), tmp)
        os.replace(tmp, path)
        self.next_index += 1
        return path


def done_hashes(out_dir: Path) -> set[str]:
    """Return the content hashes already extracted into parts (for resuming)."""
    hashes: set[str] = set()
    for part in sorted(out_dir.glob("part-*.parquet")):
        table = pq.read_table(part, columns=["hash", "error"])
        for digest, error in zip(table["hash"].to_pylist(), table["error"].to_pylist(),
                                 strict=True):
            if digest and error is None:
                hashes.add(digest)
    return hashes


def read_parts(out_dir: Path) -> Iterator[ExtractionRecord | InputFailure]:
    """Yield the records (and failures) stored in the parts, in part order."""
    for part in sorted(out_dir.glob("part-*.parquet")):
        for row in pq.read_table(part).to_pylist():
            if row["error"] is not None:
                yield InputFailure(row["id"], row["error"], "E110")
            else:
                yield ExtractionRecord(**json.loads(row["record"]))


def chunked(items: Iterable, size: int) -> Iterator[list]:
    """Yield lists of at most `size` items."""
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def bounded_map(pool: ProcessPoolExecutor, fn: Callable, items: Iterable,
                window: int) -> Iterator:
    """Map in order with at most `window` tasks in flight (Executor.map submits all at once)."""
    pending: deque = deque()
    for item in items:
        pending.append(pool.submit(fn, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


_WORKER: Extractor | None = None


def _init_worker(batch_size: int, article_timeout: float) -> None:
    global _WORKER
    _WORKER = Extractor(batch_size=batch_size, article_timeout=article_timeout)


def _work(batch: dict) -> dict[str, list]:
    assert _WORKER is not None
    return _WORKER(batch)


def run_local(articles: Iterable[Article], out_dir: Path, workers: int = 2,
              chunk_size: int = 16, on_batch: Callable[[int], None] | None = None,
              article_timeout: float = 0.0) -> int:
    """Extract articles with a pool of processes (one pipeline each) into Parquet parts.

    Args:
        articles: articles still to extract (already filtered for resuming).
        out_dir: folder of Parquet parts.
        workers: processes; 1 runs in this process.
        chunk_size: articles per task and per part.
        on_batch: called with the number of articles after each part is written.
        article_timeout: seconds one article may take (0: no limit).
    Returns:
        The number of articles processed.
    """
    writer = PartWriter(out_dir)
    batches = (articles_to_batch(chunk) for chunk in chunked(articles, chunk_size))
    done = 0
    if workers <= 1:
        extractor = Extractor(batch_size=chunk_size, article_timeout=article_timeout)
        results: Iterable[dict] = (extractor(batch) for batch in batches)
        for columns in results:
            writer.write(columns)
            done += len(columns["id"])
            if on_batch:
                on_batch(len(columns["id"]))
        return done
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(chunk_size, article_timeout)) as pool:
        for columns in bounded_map(pool, _work, batches, window=2 * workers):
            writer.write(columns)
            done += len(columns["id"])
            if on_batch:
                on_batch(len(columns["id"]))
    return done
