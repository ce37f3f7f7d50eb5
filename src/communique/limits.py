"""Resource bounds on one article: how many sentences are read, how long it may take.

Size is bounded at ingestion (`max_bytes`); these two bound the work done on
what got in, so one pathological article cannot stall a batch.
"""

from __future__ import annotations

import logging
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

# A sentence ends at . ! ? or … (then closing quotes or brackets) before white space,
# or at a line break: the paragraph sentence starts of the pipeline.
SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+|\n+")


class ArticleTimeout(BaseException):
    """Raised inside `time_limit` when its seconds are up.

    A BaseException, like KeyboardInterrupt, so the crash isolation of the
    pipeline (which catches Exception and retries) does not swallow it.
    """


def cut_sentences(text: str, max_sentences: int) -> str:
    """Return text cut after its first `max_sentences` sentences (all of it when fewer).

    Counted with a cheap punctuation and line-break rule, before spaCy runs, so
    a huge article never reaches the parser whole; 0 or less means no limit.
    """
    if max_sentences <= 0:
        return text
    for number, match in enumerate(SENTENCE_END.finditer(text), 1):
        if number == max_sentences:
            end = match.start() + len(match.group().rstrip())
            return text[:end] if text[match.end():].strip() else text
    return text


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ArticleTimeout in the block after `seconds` (0 or less: no limit).

    A real-time interval timer (SIGALRM), so it works only in the main thread
    of a process (the CLI, each batch worker); elsewhere it does nothing.
    Python code and regular expressions are interrupted; a long call inside
    compiled code is interrupted when it returns.
    """
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise ArticleTimeout(f"timed out after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
