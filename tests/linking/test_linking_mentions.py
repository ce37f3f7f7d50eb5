"""Who a mention's actor acts for, the key of parties in linking and stances."""

from communique.actors.kb import load_kb
from communique.linking.mentions import party


def _person(name: str, country: str | None) -> dict:
    found = next(p for p in load_kb().persons.values() if p.name == name)
    return {"name": name, "kind": "person", "country": country, "sector": "GOV", "code": None,
            "kb_id": found.id}


def test_a_person_acts_for_their_country():
    assert party(_person("Keir Starmer", "United Kingdom")) == "United Kingdom"


def test_an_organisation_official_acts_for_the_organisation():
    assert party(_person("Kaja Kallas", None)) == "European Union"
    assert party(_person("Mark Rutte", None)) == "NATO"


def test_an_unknown_person_without_a_country_stands_for_themself():
    ref = {"name": "Lena Hart", "kind": "person", "country": None, "sector": None,
           "code": None, "kb_id": None}
    assert party(ref) == "Lena Hart"
    assert party({"name": "Talvoria", "kind": "state", "country": "Talvoria"}) == "Talvoria"
    assert party(None) is None
