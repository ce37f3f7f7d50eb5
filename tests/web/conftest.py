"""Fixtures of the web tests: a store built once per session, and a client over it."""

from __future__ import annotations

import pytest
from web_kit import build_store, corpus_kit, make_client

from communique.records import ExtractionRecord
from communique.store import Store


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> str:
    """Return the path of the session's test store (linked)."""
    return build_store(tmp_path_factory.mktemp("web") / "web.duckdb")


@pytest.fixture(scope="session")
def unlinked_db(tmp_path_factory) -> str:
    """Return a store with the corpus but no saved negotiation state."""
    path = tmp_path_factory.mktemp("web") / "unlinked.duckdb"
    with Store.open(str(path)) as store:
        for record in corpus_kit().build_records():
            store.add(ExtractionRecord(**record))
    return str(path)


@pytest.fixture(scope="session")
def client(web_db):
    """Return a read-only client over the session's store."""
    from communique.web.app import create_app

    return make_client(create_app(web_db))
