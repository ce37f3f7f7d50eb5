"""The store: a DuckDB file with a versioned schema, loaded one transaction per article."""

from communique.store.duckdb import DEFAULT_DB, Store, read_store
from communique.store.export import STYLES, TABLES, export

__all__ = ["DEFAULT_DB", "STYLES", "TABLES", "Store", "export", "read_store"]
