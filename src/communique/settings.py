"""Settings: one table of (name, default, help), overridable by COMMUNIQUE_<NAME>.

A test fails when a setting here is missing from the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields


def _env(name: str, default):
    raw = os.environ.get(f"COMMUNIQUE_{name.upper()}")
    if raw is None:
        return default
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return type(default)(raw)


@dataclass(frozen=True)
class Settings:
    """Run-time limits and defaults; each field's metadata holds its help text."""

    db: str = field(default="communique.duckdb", metadata={"help": "DuckDB file of the store"})
    max_bytes: int = field(
        default=5_000_000, metadata={"help": "largest input accepted, in bytes"})
    max_sentences: int = field(
        default=2_000, metadata={"help": "sentences read per article; the rest is cut"})
    article_timeout: float = field(
        default=60.0, metadata={"help": "seconds one article may take to extract; 0 = no limit"})
    allow_private: bool = field(
        default=False, metadata={"help": "fetch URLs on private, loopback or link-local "
                                 "addresses"})
    fetch_timeout: float = field(
        default=20.0, metadata={"help": "seconds allowed for one URL fetch"})
    fetch_max_bytes: int = field(
        default=5_000_000, metadata={"help": "largest HTTP body accepted, in bytes"})
    batch_size: int = field(default=16, metadata={"help": "articles per nlp.pipe batch"})
    dedup_threshold: float = field(
        default=0.8, metadata={"help": "MinHash Jaccard above which an article is a copy"})

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        """Build settings from defaults, then COMMUNIQUE_* variables, then overrides."""
        values = {f.name: _env(f.name, f.default) for f in fields(cls)}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def describe() -> list[tuple[str, object, str]]:
    """Return (name, default, help) for every setting, for docs and `--help`."""
    return [(f.name, f.default, f.metadata["help"]) for f in fields(Settings)]
