"""The CAMEO ontology data: complete, consistent, and its lookups pure."""

from __future__ import annotations

import pytest

from communique.events import codes
from communique.records import COARSE_TYPES

PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}


def test_all_roots_and_subcodes_are_present():
    table = codes.ontology()
    roots = [c for c in table if len(c) == 2]
    assert roots == [f"{n:02d}" for n in range(1, 21)]
    assert len(table) == 311
    for code in table:
        assert code[:2] in roots


def test_goldstein_scores_follow_the_standard_table():
    assert codes.goldstein_of("0871") == 9.0
    assert codes.goldstein_of("163") == -8.0
    assert codes.goldstein_of("042") == 1.9
    assert codes.goldstein_of("195") == -10.0
    assert all(-10.0 <= c.goldstein <= 10.0 for c in codes.ontology().values())


@pytest.mark.parametrize(
    ("code", "quad"),
    [
        ("010", 1),
        ("057", 1),
        ("06", 2),
        ("0841", 2),
        ("090", 3),
        ("1384", 3),
        ("141", 4),
        ("163", 4),
        ("204", 4),
    ],
)
def test_quad_class_ranges(code, quad):
    assert codes.quad_class_of(code) == quad


def test_plover_and_coarse_types_use_known_names():
    for entry in codes.ontology().values():
        assert entry.plover is None or entry.plover in PLOVER_TYPES, entry
        assert entry.type is None or entry.type in COARSE_TYPES, entry


def test_bare_statements_are_never_events():
    # "no default code": a plain statement has no type and so never becomes an event
    assert codes.type_of("010") is None
    assert codes.type_of("01") is None


@pytest.mark.parametrize(
    ("code", "plover", "typ"),
    [
        ("041", "CONSULT", "consult"),
        ("057", "SUPPORT", "agree"),
        ("0841", "RETREAT", "release"),
        ("111", "ACCUSE", "criticize"),
        ("163", "SANCTION", "sanction"),
        ("195", "ASSAULT", "attack"),
        ("026", "REQUEST", "demand"),
        ("1384", "THREATEN", "threaten"),
    ],
)
def test_mappings(code, plover, typ):
    assert codes.plover_of(code) == plover
    assert codes.type_of(code) == typ


def test_shifts_follow_cameo_conventions():
    assert codes.intent_code("0841") == "0353"  # promise to release
    assert codes.intent_code("190") == "1384"  # announce an attack: a threat
    assert codes.refusal_code("072") == "1222"  # refuse military aid
    assert codes.refusal_code("190") is None  # not attacking is no event
    assert codes.appeal_code("0871") == "0256"  # urge a ceasefire
    assert codes.demand_code("084") == "1053"  # demand a release
    for code in codes.ontology():
        for shifted in (
            codes.intent_code(code),
            codes.refusal_code(code),
            codes.appeal_code(code),
            codes.demand_code(code),
        ):
            assert shifted is None or codes.is_code(shifted)


def test_unknown_code_is_named():
    with pytest.raises(KeyError, match="999"):
        codes.lookup("999")
