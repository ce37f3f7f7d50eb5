"""The actor knowledge base: coverage, schema checks, dated roles, fuzzy names (no model)."""

from __future__ import annotations

import json

import pytest

from communique.actors import kb as kbmod
from communique.actors.kb import KBError, Role, describe, fold, load_kb
from communique.actors.resolve import fuzzy_person


@pytest.fixture(scope="module")
def kb():
    """Return the packaged knowledge base."""
    return load_kb()


def test_every_un_member_and_observer(kb):
    """All 193 UN members, both observers and the main disputed territories are there."""
    statuses = [c.status for c in kb.countries.values()]
    assert statuses.count("member") == 193
    assert {"PSE", "VAT"} <= {c.iso3 for c in kb.countries.values() if c.status == "observer"}
    assert {"TWN", "XKX", "ESH"} <= set(kb.countries)


@pytest.mark.parametrize("iso3,name", [("USA", "United States"), ("GBR", "United Kingdom"),
                                       ("RUS", "Russia"), ("KOR", "South Korea"),
                                       ("PRK", "North Korea"), ("TUR", "Turkey")])
def test_canonical_short_names(kb, iso3, name):
    """Countries carry the short English names news and the eval use."""
    assert kb.countries[iso3].name == name


def test_cameo_codes(kb):
    """CAMEO follows ISO alpha-3 with its own exceptions."""
    assert kb.countries["RUS"].cameo == "RUS"
    assert kb.countries["GBR"].cameo == "GBR"
    assert kb.countries["ROU"].cameo == "ROM"
    assert kb.country_ref("RUS", "MIL")["code"] == "RUSMIL"


def test_metonyms_and_spellings(kb):
    """Capitals, seats of government and old spellings are KB entries."""
    forms = {(e.text, e.target) for e in kb.entries}
    for text, target in [("Kremlin", "country:RUS"), ("White House", "country:USA"),
                         ("Downing Street", "country:GBR"), ("Elysee", "country:FRA"),
                         ("Kiev", "country:UKR"), ("Kyiv", "country:UKR"),
                         ("Beijing", "country:CHN"), ("Pentagon", "country:USA")]:
        assert (text, target) in forms
    pentagon = [m for m in kb.countries["USA"].metonyms if m[0] == "Pentagon"]
    assert pentagon == [("Pentagon", "MIL")]


def test_persons_coverage(kb):
    """At least 150 persons acting for 40+ states and organisations, each with a dated role."""
    assert len(kb.persons) >= 150
    acting_for = {r.of for p in kb.persons.values() for r in p.roles}
    assert len(acting_for) >= 40
    assert all(p.roles for p in kb.persons.values())


def test_igo_codes(kb):
    """Institutions keep their own code and are reported under their parent organisation."""
    commission = kb.org_ref("org:ec")
    assert commission["name"] == "European Union" and commission["code"] == "IGOEUREEC"
    assert kb.org_ref("org:unsc")["name"] == "United Nations"
    assert kb.org_ref("org:nato")["code"] == "IGOWSTNAT"


def test_role_dates():
    """A role is held from its start (inclusive) to its end (exclusive)."""
    role = Role("chancellor", "DEU", "GOV", "2021-12-08", "2025-05-06")
    assert role.active("2021-12-08") and role.active("2025-05-05")
    assert not role.active("2025-05-06") and not role.active("2020-01-01")
    assert not role.active(None)


def test_person_code_follows_the_date(kb):
    """The same person is coded by the office held on the article's date."""
    scholz = kb.persons["person:olaf-scholz"]
    assert kb.person_ref(scholz, "2025-03-01")["code"] == "DEUGOV"
    assert kb.person_ref(scholz, "2025-06-01")["code"] == "DEUELI"
    sharaa = kb.persons["person:ahmed-al-sharaa"]
    assert kb.person_ref(sharaa, "2024-06-01")["code"] == "SYRREBHTS"
    assert kb.person_ref(sharaa, "2025-06-01")["code"] == "SYRGOV"


def test_holders(kb):
    """The holder of an office on a date is found (for title-only mentions)."""
    assert [p.name for p in kb.holders("POL", ("head of state",), "2024-01-01")] == \
        ["Andrzej Duda"]
    assert [p.name for p in kb.holders("POL", ("head of state",), "2025-09-01")] == \
        ["Karol Nawrocki"]


def test_surnames(kb):
    """Distinctive surnames resolve alone; common ones need the article to name the person."""
    assert kb.resolve_short("Putin").name == "Vladimir Putin"
    assert kb.resolve_short("Kim") is None
    assert kb.resolve_short("Khan") is None
    assert "von der Leyen" in kb.shorts(kb.persons["person:ursula-von-der-leyen"])


def test_first_word_short_names(kb):
    """Thai, Malay and Chinese principals go by the first word; a pronoun is never a short."""
    assert "Phumtham" in kb.shorts(kb.persons["person:phumtham-wechayachai"])
    assert "Li" in kb.shorts(kb.persons["person:li-chenggang"])
    assert kb.shorts(kb.persons["person:he-lifeng"]) == []
    assert kbmod.short_name("Anwar Ibrahim", "MYS") == "Anwar"
    assert kbmod.short_name("Nikol Pashinyan", "ARM") == "Pashinyan"


@pytest.mark.parametrize("text,name", [("Kier Starmer", "Keir Starmer"),
                                       ("Emmanuel Macroon", "Emmanuel Macron"),
                                       ("Volodymyr Zelenskky", "Volodymyr Zelensky"),
                                       ("Zelenksy", "Volodymyr Zelensky")])
def test_fuzzy_finds_misspellings(kb, text, name):
    """Misspelt known names resolve to the KB person."""
    assert fuzzy_person(kb, text).name == name


@pytest.mark.parametrize("text", ["Kim", "Kiev", "John Smith", "Mark Carter", "Putn", "Boris"])
def test_fuzzy_is_conservative(kb, text):
    """Short, unrelated or first-name-only strings never match a KB person."""
    assert fuzzy_person(kb, text) is None


def test_fold():
    """Folding drops accents, case and punctuation."""
    assert fold("Jean-Noël Barrot") == "jean noel barrot"
    assert fold("Moscow’s") == "moscows"


def test_describe(kb):
    """describe gives aliases, roles and codes for a name, a surname or a metonym."""
    rows = describe(kb, "Rutte", "2025-03-01")
    assert rows[0]["actor"]["code"] == "IGOWSTNAT"
    assert {r["code"] for r in rows[0]["roles"]} == {"NLDGOV", "IGOWSTNAT"}
    assert describe(kb, "the Kremlin") == [] or describe(kb, "Kremlin")[0]["name"] == "Russia"
    assert describe(kb, "nobody at all") == []


def test_schema_errors_are_coded(tmp_path, monkeypatch):
    """A data file that breaks its schema fails loading with a coded error naming it."""
    for path in kbmod.DATA.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    persons = tmp_path / "persons.jsonl"
    lines = persons.read_text().splitlines()
    bad = json.loads(lines[1])
    bad["roles"][0]["start"] = "March 2025"
    persons.write_text("\n".join([lines[0], json.dumps(bad)]) + "\n")
    monkeypatch.setattr(kbmod, "DATA", tmp_path)
    with pytest.raises(KBError) as error:
        kbmod.KB()
    assert "persons.jsonl" in str(error.value) and error.value.code == "E300"


def test_header_required(tmp_path, monkeypatch):
    """Every data file starts with a versioned _about header."""
    for path in kbmod.DATA.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    orgs = tmp_path / "orgs.jsonl"
    orgs.write_text("\n".join(orgs.read_text().splitlines()[1:]) + "\n")
    monkeypatch.setattr(kbmod, "DATA", tmp_path)
    with pytest.raises(KBError, match="_about header"):
        kbmod.KB()
