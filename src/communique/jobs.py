"""Jobs that chain the stages: read inputs, extract, store. The CLI and API call these."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from itertools import islice
from pathlib import Path

from communique.ingest import read_inputs
from communique.ingest.dedup import mark_duplicates
from communique.pipeline import extract_each
from communique.records import ExtractionRecord, InputFailure
from communique.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    """What a multi-article run did: counts and the failures, each naming its input."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failures: list[InputFailure] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """Return 1 when any input failed, else 0."""
        return 1 if self.failures else 0


def records_from(inputs: list[str], settings: Settings | None = None, date: str | None = None,
                 ) -> Iterator[ExtractionRecord | InputFailure]:
    """Read inputs, mark wire copies and extract: one record or failure per article."""
    settings = settings or Settings.from_env()
    items = mark_duplicates(read_inputs(inputs, settings=settings, date=date),
                            threshold=settings.dedup_threshold)
    yield from extract_each(items, batch_size=settings.batch_size,
                            timeout=settings.article_timeout)


def ingest(store, inputs: list[str], settings: Settings | None = None, date: str | None = None,
           on_item: Callable[[ExtractionRecord | InputFailure], None] | None = None,
           ) -> RunSummary:
    """Extract every input into the store, one transaction per article.

    Args:
        store: an open `communique.store.Store`.
        inputs: paths, URLs, feeds, folders or "-".
        settings: limits and batch size.
        date: a publication date that overrides every other source.
        on_item: called after each article or failure (progress bars).
    Returns:
        A RunSummary; failures name their input and never stop the run.
    """
    settings = settings or Settings.from_env()
    summary = RunSummary()
    items = records_from(inputs, settings=settings, date=date)
    # Write a short batch, then release the file: readers (serve) get in while we extract.
    store.release()
    while chunk := list(islice(items, settings.batch_size)):
        for item in chunk:
            _store_item(store, item, summary)
            store.yield_to_readers()
        store.release()
        for item in chunk:
            if on_item:
                on_item(item)
    return summary


def _store_item(store, item: ExtractionRecord | InputFailure, summary: RunSummary) -> None:
    """Store one record (or count one failure); a store error fails that article only."""
    if isinstance(item, InputFailure):
        summary.failures.append(item)
        return
    summary.read += 1
    summary.duplicates += int(item.duplicate_of is not None)
    try:
        added = store.add(item)
    except Exception as error:  # noqa: BLE001 - one article's failure is reported
        summary.failures.append(InputFailure(item.id, str(error), "E300"))
    else:
        summary.stored += int(added)
        summary.unchanged += int(not added)


def demo_inputs() -> list[str]:
    """Return the bundled demo corpus files (package data), sorted."""
    root = Path(str(resources.files("communique") / "demo"))
    return sorted(str(p) for p in root.iterdir()
                  if p.is_file() and p.suffix in {".txt", ".md", ".html", ".xml", ".jsonl"}
                  and not p.name.startswith("README"))


