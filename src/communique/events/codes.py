"""The CAMEO event ontology as data: names, Goldstein scores, QuadClass, PLOVER and coarse types.

Pure lookups over ``data/cameo.tsv`` and ``data/cameo_shifts.tsv`` (no spaCy).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

log = logging.getLogger(__name__)

DATA = files("communique.events") / "data"


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code with its scores and the types it maps to."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None
    type: str | None

    @property
    def root(self) -> str:
        """Return the two-digit root code."""
        return self.code[:2]


def _rows(name: str) -> list[list[str]]:
    """Return the tab-separated rows of a data file, comments left out."""
    text = (DATA / name).read_text(encoding="utf-8")
    return [
        line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


@lru_cache(maxsize=1)
def ontology() -> dict[str, CameoCode]:
    """Return every CAMEO code keyed by its code string."""
    out: dict[str, CameoCode] = {}
    for code, name, goldstein, quad, plover, typ in _rows("cameo.tsv"):
        out[code] = CameoCode(code, name, float(goldstein), int(quad), plover or None, typ or None)
    return out


@lru_cache(maxsize=1)
def _shifts() -> dict[str, tuple[str | None, ...]]:
    """Return the modality shift table by code prefix."""
    return {
        row[0]: tuple(None if cell == "-" else cell for cell in row[1:])
        for row in _rows("cameo_shifts.tsv")
    }


def lookup(code: str) -> CameoCode:
    """Return the entry of a CAMEO code; raise KeyError naming it when unknown."""
    try:
        return ontology()[code]
    except KeyError:
        raise KeyError(f"unknown CAMEO code {code!r}: see events/data/cameo.tsv") from None


def is_code(code: str) -> bool:
    """Tell whether a string is a CAMEO event code of the ontology."""
    return code in ontology()


def plover_of(code: str) -> str | None:
    """Return the PLOVER type of a CAMEO code (None for bare statements)."""
    return lookup(code).plover


def type_of(code: str) -> str | None:
    """Return communique's coarse type of a CAMEO code (None: never an event)."""
    return lookup(code).type


def goldstein_of(code: str) -> float:
    """Return the Goldstein score of a CAMEO code."""
    return lookup(code).goldstein


def quad_class_of(code: str) -> int:
    """Return the QuadClass (1-4) of a CAMEO code."""
    return lookup(code).quad_class


def _shift(code: str, which: int) -> str | None:
    """Return a shifted code from the longest matching prefix row."""
    table = _shifts()
    for size in range(len(code), 1, -1):
        if code[:size] in table:
            return table[code[:size]][which]
    return None


def intent_code(code: str) -> str | None:
    """Return the CAMEO code of an act announced or intended but not done (03x or 13x)."""
    return _shift(code, 0)


def refusal_code(code: str) -> str | None:
    """Return the CAMEO code of refusing a cooperative act (12x); None: refusing it is no event."""
    return _shift(code, 1)


def appeal_code(code: str) -> str | None:
    """Return the CAMEO code of appealing to someone to do an act (02x)."""
    return _shift(code, 2)


def demand_code(code: str) -> str | None:
    """Return the CAMEO code of demanding that someone do an act (10x)."""
    return _shift(code, 3)
