"""Batch runs over large corpora: extract in parallel to Parquet, then load and link.

The per-article stages are a pure function of the article, so the local
process pool and the Ray actor pool run the same `Extractor` on the same
columns; only the engine that schedules it differs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from communique.errors import StoreError
from communique.jobs import RunSummary
from communique.records import ExtractionRecord, InputFailure
from communique.settings import Settings

if TYPE_CHECKING:
    from communique.store import Store

log = logging.getLogger(__name__)

ENGINES = ("local", "ray")
# Records per bulk store write: DuckDB's cost is per statement, so larger is faster,
# but one failing record sends its whole chunk down the one-by-one path.
STORE_CHUNK = 64


@dataclass
class BatchSummary(RunSummary):
    """What a batch run did: a RunSummary plus what was skipped as done and extracted."""

    skipped: int = 0
    extracted: int = 0


def run_batch(inputs: list[str], out_dir: Path, engine: str = "local", workers: int = 2,
              db: str | None = None, settings: Settings | None = None,
              on_start: Callable[[int], None] | None = None,
              on_batch: Callable[[int], None] | None = None) -> BatchSummary:
    """Extract inputs in parallel into Parquet parts, then load the store (resumable).

    Args:
        inputs: files, folders, tables, feeds or URLs.
        out_dir: folder of Parquet parts; articles already there (by content hash) are skipped.
        engine: "local" (process pool) or "ray" (Ray Data actor pool).
        workers: processes or actors, each loading the pipeline once.
        db: the store to load afterwards; None leaves the parts only.
        settings: limits and batch size.
        on_start: called with the number of articles to extract.
        on_batch: called with the number of articles after each part.
    Returns:
        A BatchSummary; failures name their input.
    """
    from communique.ingest import read_inputs
    from communique.ingest.dedup import mark_duplicates

    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    settings = settings or Settings.from_env()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    from communique.scale.local import chunked, done_hashes, read_parts, run_local

    done = done_hashes(out_dir)
    summary = BatchSummary()
    todo = []
    for item in mark_duplicates(read_inputs(inputs, settings=settings),
                                threshold=settings.dedup_threshold):
        if isinstance(item, InputFailure):
            summary.failures.append(item)
            continue
        summary.read += 1
        if item.hash in done:
            summary.skipped += 1
        else:
            todo.append(item)
    if on_start:
        on_start(len(todo))
    if engine == "ray":
        from communique.scale.ray import run_ray

        summary.extracted = run_ray(todo, out_dir, workers=workers,
                                    chunk_size=settings.batch_size,
                                    article_timeout=settings.article_timeout)
    else:
        summary.extracted = run_local(todo, out_dir, workers=workers,
                                      chunk_size=settings.batch_size, on_batch=on_batch,
                                      article_timeout=settings.article_timeout)
    if db:
        from communique.store import Store

        with Store.open(db) as store:
            for chunk in chunked(read_parts(out_dir), STORE_CHUNK):
                records = [r for r in chunk if not isinstance(r, InputFailure)]
                summary.failures += [r for r in chunk if isinstance(r, InputFailure)]
                _store_chunk(store, records, summary)
                store.yield_to_readers()  # let readers (serve) in between short writes
    return summary


def _store_chunk(store: Store, records: list[ExtractionRecord], summary: BatchSummary) -> None:
    """Store records in one bulk write; when that fails, one by one so only the bad one is lost."""
    try:
        summary.stored += store.add_many(records)
        return
    except StoreError:
        log.warning("a bulk write of %d records failed; storing them one by one", len(records))
    for record in records:
        try:
            summary.stored += int(store.add(record))
        except StoreError as error:
            summary.failures.append(InputFailure(record.id, error.message, error.code))
