"""Near-duplicate articles (wire copies) by MinHash over word shingles.

The first article of a group is the original; every later one whose estimated
Jaccard similarity with it reaches `Settings.dedup_threshold` gets
`duplicate_of` set to the original's id. Copies are still yielded: the store
and the linker decide what to do with them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator

from communique.records import Article, InputFailure

log = logging.getLogger(__name__)

NUM_PERM = 128
SHINGLE_WORDS = 3
WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Return the set of lower-cased word n-grams of a text (the whole text if shorter)."""
    words = WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def minhash(text: str):
    """Return the MinHash signature of a text's shingles."""
    from datasketch import MinHash

    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch(list(shingles(text)))
    return signature


def mark_duplicates(articles: Iterable[Article | InputFailure],
                    threshold: float = 0.8) -> Iterator[Article | InputFailure]:
    """Yield the articles in order, marking near-copies of an earlier one.

    Args:
        articles: articles (failures pass through untouched).
        threshold: the Jaccard similarity above which an article is a copy.
    Returns:
        The same items; a copy has `duplicate_of` set to the first copy's id.
    """
    from datasketch import MinHashLSH

    index = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    originals: dict[str, tuple[int, object]] = {}
    by_hash: dict[str, str] = {}
    for item in articles:
        if isinstance(item, InputFailure) or not item.text:
            yield item
            continue
        if by_hash.get(item.hash, item.id) != item.id:
            item.duplicate_of = by_hash[item.hash]
            yield item
            continue
        signature = minhash(item.text)
        matches = [key for key in index.query(signature)
                   if originals[key][1].jaccard(signature) >= threshold]
        first = min(matches, key=lambda key: originals[key][0]) if matches else None
        if first and first != item.id:
            item.duplicate_of = first
            log.info("%s is a near-copy of %s", item.id, first)
        elif item.id not in originals:
            originals[item.id] = (len(originals), signature)
            index.insert(item.id, signature)
            by_hash[item.hash] = item.id
        yield item
