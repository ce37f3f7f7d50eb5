"""Hostile documents: entity bombs and external entities in feeds and pages are not expanded."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from communique.ingest import read_inputs
from communique.records import Article

LEVELS = "\n".join(f' <!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
BOMB = f"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol0 "lol">
{LEVELS}
 <!ENTITY secret SYSTEM "file:///etc/passwd">
]>
<rss version="2.0"><channel><title>Wire</title>
<item><title>&lol9;</title><description>Officials of Ukraine and Russia met in Istanbul on
Tuesday for talks on prisoners. &secret; The talks will go on next week, the negotiators said
after the meeting in the city.</description></item>
</channel></rss>
"""


@pytest.mark.parametrize("suffix", [".xml", ".rss", ".html"])
def test_entity_bombs_and_external_entities_are_not_expanded(tmp_path: Path, suffix) -> None:
    path = tmp_path / f"bomb{suffix}"
    path.write_text(BOMB, encoding="utf-8")
    started = time.monotonic()
    items = list(read_inputs([str(path)]))
    assert time.monotonic() - started < 30
    for item in items:
        if isinstance(item, Article):
            assert "lollollol" not in item.text + (item.title or "")
            assert "root:" not in item.text
            assert len(item.text) < 1_000
