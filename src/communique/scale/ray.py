"""Run the per-article pipeline on Ray Data: an actor pool that loads the pipeline once.

Ray is imported lazily, so the package works without the `scale` extra. With
RAY_ADDRESS set (or `ray start --head` on this machine) it joins that cluster;
otherwise it starts a local Ray, which is what the tests use.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from communique.errors import CommuniqueError
from communique.records import Article
from communique.scale.local import (
    PART_SCHEMA,
    Extractor,
    PartWriter,
    articles_to_batch,
    chunked,
)

log = logging.getLogger(__name__)


def run_ray(articles: Iterable[Article], out_dir: Path, workers: int = 2,
            chunk_size: int = 16, article_timeout: float = 0.0) -> int:
    """Extract articles with Ray Data `map_batches` over an actor pool into Parquet parts.

    Args:
        articles: articles still to extract.
        out_dir: folder of Parquet parts (written by the driver, atomically).
        workers: size of the actor pool (one pipeline per actor).
        chunk_size: articles per batch.
        article_timeout: seconds one article may take (0: no limit).
    Returns:
        The number of articles processed.
    """
    try:
        import ray
    except ImportError as error:
        raise CommuniqueError("the ray engine needs Ray",
                              hint='pip install "communique[scale]"') from error
    rows = []
    for chunk in chunked(articles, chunk_size):
        batch = articles_to_batch(chunk)
        rows.extend({name: batch[name][i] for name in batch} for i in range(len(chunk)))
    if not rows:
        return 0
    if not ray.is_initialized():
        ray.init(num_cpus=None if _has_cluster() else workers, include_dashboard=False,
                 log_to_driver=False, ignore_reinit_error=True)
    dataset = ray.data.from_items(rows).map_batches(
        Extractor, fn_constructor_kwargs={"batch_size": chunk_size,
                                          "article_timeout": article_timeout},
        batch_size=chunk_size,
        batch_format="numpy", concurrency=workers, num_cpus=1)
    writer = PartWriter(out_dir)
    done = 0
    for table in dataset.iter_batches(batch_size=chunk_size, batch_format="pyarrow"):
        columns = {name: table.column(name).to_pylist() for name in PART_SCHEMA.names}
        writer.write(columns)
        done += len(columns["id"])
    return done


def _has_cluster() -> bool:
    import os

    return bool(os.environ.get("RAY_ADDRESS"))
