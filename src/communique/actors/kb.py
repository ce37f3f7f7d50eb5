"""The actor knowledge base: countries, organisations, persons, titles and group nouns.

Loaded from the versioned data files in ``data/`` and checked against their
schema at load. Pure Python (no spaCy), so the KB can be used by the CLI, the
store and tests without a model.
"""

from __future__ import annotations

import csv
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from communique.errors import CommuniqueError

log = logging.getLogger(__name__)

DATA = Path(__file__).parent / "data"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REGNAL = re.compile(r"^([IVX]+|[JS]r\.?)$")  # "Hassan II", "Ferdinand Marcos Jr."
SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "OPP", "REB", "SPY", "MED", "NGO", "PTY", "COP",
                     "CVL", "REF", "ELI", "BUS", "EDU", "HLH", "LAB", "REL", "IGO"})
# Role categories that make someone "the leader" of a state, in order of preference.
LEADER_ROLES = ("head of state", "head of government")
# Where news in English calls a person by the first word of the name: the family name
# (Chinese, Korean, Khmer: "Xi", "Hun") or the given name (Thai, Malay, Indonesian:
# "Paetongtarn", "Anwar", "Prabowo").
FIRST_WORD_SHORT = frozenset({"CHN", "KOR", "PRK", "TWN", "KHM", "THA", "MYS", "IDN"})
# Short forms that are English words at the start of a sentence ("He Lifeng" -> not "He").
NOT_SHORT = frozenset({"he", "she", "it", "we", "me", "us", "an", "as", "at", "in", "on",
                       "to", "so", "no", "do", "go", "my", "or", "if", "of", "by", "be", "is"})
# Surnames that are common words or shared by many people: they resolve only once the
# article has named the person in full.
COMMON_SHORT = frozenset({"abbott", "abdullah", "ahmed", "ali", "amin", "anand", "asif", "austin",
                          "aziz", "baker", "ban", "banga", "barrack", "bhutto", "brown", "bush",
                          "butler", "caine", "cameron", "cardoso", "carter", "chavez", "chen",
                          "cho", "christopher", "clark", "cohen", "cook", "cooper", "correa",
                          "costa", "dan", "dar", "dong", "faisal", "faki", "fischer", "fletcher",
                          "fox", "francis", "fu", "gallant", "gandhi", "gates", "gonzalez",
                          "gore", "graham", "grandi", "guo", "hadi", "hague", "hammond", "han",
                          "harper", "harris", "hassan", "howard", "hussein", "idris", "ivanov",
                          "johnson", "joly", "jonathan", "jones", "katz", "kerry", "khalifa",
                          "khan", "kim", "kos", "lai", "lee", "leo", "leyen", "li", "lin",
                          "major", "mao", "mariam", "massoud", "may", "michal", "michel",
                          "mohamad", "mohammed", "mohamud", "moon", "morales", "moussa",
                          "mustafa", "nieto", "omar", "park", "pavel", "perry", "powell", "power",
                          "rajapaksa", "ramos", "rice", "robertson", "robinson", "sabah", "salam",
                          "saleh", "salim", "salman", "santos", "sharif", "sharon", "shea",
                          "sheikh", "singh", "smith", "store", "straw", "sullivan", "tang",
                          "taylor", "thani", "tsai", "turk", "wagner", "wahid", "wang", "wong",
                          "yang", "youssouf", "zayed"})


class KBError(CommuniqueError):
    """A knowledge-base data file is missing or breaks its schema."""

    code = "E300"


@dataclass(frozen=True)
class Role:
    """One dated office: a title held for a state or organisation."""

    title: str
    of: str
    sector: str
    start: str | None
    end: str | None

    def active(self, date: str | None) -> bool:
        """Tell whether the role is held on `date` (ISO); undated means now."""
        if date is None:
            return self.end is None
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


@dataclass
class Country:
    """A state (UN member, observer or disputed territory)."""

    id: str
    name: str
    iso3: str
    cameo: str
    status: str
    aliases: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    peoples: list[str] = field(default_factory=list)  # peoples that live in this state alone
    capitals: list[str] = field(default_factory=list)
    metonyms: list[tuple[str, str]] = field(default_factory=list)
    iso2: str | None = None
    region: str | None = None


@dataclass
class Org:
    """An organisation: IGO or one of its institutions, armed group, party, think tank, media."""

    id: str
    name: str
    type: str
    code: str | None
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    sector: str | None = None
    as_id: str | None = None

    @property
    def participant(self) -> bool:
        """Tell whether the organisation can be a party (media only report)."""
        return self.type != "media"


@dataclass
class Person:
    """A known person with aliases and dated roles."""

    id: str
    name: str
    gender: str | None
    country: str
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)


@dataclass
class Collective:
    """A group of states reported as one party ("Europeans", "the coalition of the willing")."""

    id: str
    name: str
    code: str | None
    phrases: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)


@dataclass
class Place:
    """A region, city or sea that is only ever a location, with the state it lies in."""

    id: str
    name: str
    country: str | None
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """One surface form the matcher looks for and what it names."""

    text: str
    target: str
    form: str  # name alias adjective demonym people capital metonym short group group_adj place
    sector: str | None = None


def short_name(name: str, country: str | None) -> str:
    """Return the one word a full name is shortened to in news, given the person's country."""
    words = name.split()
    if len(words) > 1 and REGNAL.match(words[-1]):
        words = words[:-1]  # "Hassan II" is called Hassan, never "II"
    return words[0] if country in FIRST_WORD_SHORT else words[-1]


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Return text lower-cased without accents or punctuation, for comparisons.

    Cached: recognition folds the same names and capitalised words again and again.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("’", "'").replace("'", ""))
    return re.sub(r"\s+", " ", text).strip()


def _read_jsonl(name: str) -> tuple[dict, list[dict]]:
    path = DATA / name
    if not path.exists():
        raise KBError(f"knowledge-base file missing: {path}", hint="reinstall communique")
    header, rows = {}, []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise KBError(f"{name}:{number}: not JSON ({error})") from error
            if "_about" in record:
                header = record
            else:
                rows.append(record)
    if not header.get("version"):
        raise KBError(f"{name}: the first record must be an _about header with a version")
    return header, rows


NAME_WORD_KINDS = ("media", "media_or_surname", "media_before", "place", "polity",
                   "demonym_ending")


def _read_tsv(name: str) -> list[dict]:
    path = DATA / name
    if not path.exists():
        raise KBError(f"knowledge-base file missing: {path}", hint="reinstall communique")
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _need(record: dict, keys: dict[str, type], where: str) -> None:
    for key, kind in keys.items():
        if not isinstance(record.get(key), kind):
            raise KBError(f"{where}: key {key!r} must be {kind.__name__}, got {record.get(key)!r}")


class KB:
    """The loaded knowledge base with its lookup indexes."""

    def __init__(self) -> None:
        self._shorts: dict[str, list[str]] = {}  # person id -> shorts(person), made once
        self.countries: dict[str, Country] = {}
        self.orgs: dict[str, Org] = {}
        self.persons: dict[str, Person] = {}
        self.collectives: dict[str, Collective] = {}
        self.places: dict[str, Place] = {}
        self.titles: dict[str, tuple[str, str]] = {}
        self.groups: dict[str, str] = {}
        self.name_words: dict[str, frozenset[str]] = {}
        self.versions: dict[str, str] = {}
        self._load_countries()
        self._load_orgs()
        self._load_persons()
        self._load_collectives()
        self._load_places()
        self._load_vocab()
        self.entries = self._entries()
        self.short_index = self._short_index()
        self.by_name = {fold(p.name): p for p in self.persons.values()}
        self.surface_forms = frozenset(fold(entry.text) for entry in self.entries)

    # --- loading -----------------------------------------------------------------

    def _load_countries(self) -> None:
        header, rows = _read_jsonl("countries.jsonl")
        self.versions["countries"] = header["version"]
        for i, row in enumerate(rows):
            _need(row, {"id": str, "name": str, "iso3": str, "cameo": str, "status": str,
                        "aliases": list, "adjectives": list, "capitals": list},
                  f"countries.jsonl record {i + 1}")
            self.countries[row["iso3"]] = Country(
                id=row["id"], name=row["name"], iso3=row["iso3"], cameo=row["cameo"],
                status=row["status"], aliases=list(row["aliases"]),
                adjectives=list(row["adjectives"]), capitals=list(row["capitals"]),
                iso2=row.get("iso2"), region=row.get("region"))
        header, rows = _read_jsonl("countries_curated.jsonl")
        self.versions["countries_curated"] = header["version"]
        for i, row in enumerate(rows):
            where = f"countries_curated.jsonl record {i + 1}"
            _need(row, {"iso3": str}, where)
            country = self.countries.get(row["iso3"])
            if country is None:
                raise KBError(f"{where}: unknown country {row['iso3']}")
            drop = set(row.get("drop", []))
            for key in ("aliases", "adjectives", "demonyms", "peoples", "capitals"):
                merged = getattr(country, key) + [a for a in row.get(key, [])
                                                  if a not in getattr(country, key)]
                setattr(country, key, [a for a in merged if a not in drop])
            for metonym in row.get("metonyms", []):
                _need(metonym, {"text": str, "sector": str}, where)
                if metonym["sector"] not in SECTORS:
                    raise KBError(f"{where}: unknown sector {metonym['sector']}")
                country.metonyms.append((metonym["text"], metonym["sector"]))
        for country in self.countries.values():
            for adjective in country.adjectives:
                plural = adjective + "s"
                if adjective.endswith(("an", "i")) and plural not in country.demonyms:
                    country.demonyms.append(plural)

    def _load_orgs(self) -> None:
        header, rows = _read_jsonl("orgs.jsonl")
        self.versions["orgs"] = header["version"]
        for i, row in enumerate(rows):
            where = f"orgs.jsonl record {i + 1}"
            _need(row, {"id": str, "name": str, "type": str, "aliases": list}, where)
            if row.get("country") and row["country"] not in self.countries:
                raise KBError(f"{where}: unknown country {row['country']}")
            self.orgs[row["id"]] = Org(id=row["id"], name=row["name"], type=row["type"],
                                       code=row.get("code"), aliases=list(row["aliases"]),
                                       country=row.get("country"), sector=row.get("sector"),
                                       as_id=row.get("as"))
        for org in self.orgs.values():
            if org.as_id and org.as_id not in self.orgs:
                raise KBError(f"orgs.jsonl: {org.id} is reported as unknown {org.as_id}")

    def _load_persons(self) -> None:
        header, rows = _read_jsonl("persons.jsonl")
        self.versions["persons"] = header["version"]
        for i, row in enumerate(rows):
            where = f"persons.jsonl record {i + 1}"
            _need(row, {"id": str, "name": str, "country": str, "aliases": list, "roles": list},
                  where)
            roles = []
            for role in row["roles"]:
                _need(role, {"title": str, "of": str, "sector": str}, where)
                if role["of"] not in self.countries and role["of"] not in self.orgs:
                    raise KBError(f"{where}: role for unknown state or organisation {role['of']}")
                if role["sector"] not in SECTORS:
                    raise KBError(f"{where}: unknown sector {role['sector']}")
                for key in ("start", "end"):
                    if role.get(key) is not None and not DATE_RE.match(role[key]):
                        raise KBError(f"{where}: {key} must be YYYY-MM-DD, got {role[key]!r}")
                roles.append(Role(role["title"], role["of"], role["sector"], role.get("start"),
                                  role.get("end")))
            self.persons[row["id"]] = Person(id=row["id"], name=row["name"],
                                             gender=row.get("gender"), country=row["country"],
                                             aliases=list(row["aliases"]), roles=roles)

    def _load_collectives(self) -> None:
        header, rows = _read_jsonl("collectives.jsonl")
        self.versions["collectives"] = header["version"]
        for i, row in enumerate(rows):
            _need(row, {"id": str, "name": str, "phrases": list, "adjectives": list},
                  f"collectives.jsonl record {i + 1}")
            self.collectives[row["id"]] = Collective(row["id"], row["name"], row.get("code"),
                                                     list(row["phrases"]),
                                                     list(row["adjectives"]))

    def _load_places(self) -> None:
        header, rows = _read_jsonl("places.jsonl")
        self.versions["places"] = header["version"]
        for i, row in enumerate(rows):
            where = f"places.jsonl record {i + 1}"
            _need(row, {"name": str, "aliases": list}, where)
            if row.get("country") is not None and row["country"] not in self.countries:
                raise KBError(f"{where}: unknown country {row['country']}")
            place_id = "place:" + re.sub(r"[^a-z0-9]+", "-", fold(row["name"])).strip("-")
            self.places[place_id] = Place(place_id, row["name"], row.get("country"),
                                          list(row["aliases"]))

    def _load_vocab(self) -> None:
        for row in _read_tsv("titles.tsv"):
            if row["sector"] not in SECTORS:
                raise KBError(f"titles.tsv: unknown sector {row['sector']} for {row['title']}")
            self.titles.setdefault(row["title"], (row["sector"], row["role"]))
        for row in _read_tsv("groups.tsv"):
            if row["sector"] not in SECTORS:
                raise KBError(f"groups.tsv: unknown sector {row['sector']} for {row['noun']}")
            self.groups.setdefault(row["noun"], row["sector"])
        words: dict[str, set[str]] = {}
        for row in _read_tsv("name_words.tsv"):
            if row["kind"] not in NAME_WORD_KINDS:
                raise KBError(f"name_words.tsv: unknown kind {row['kind']} for {row['word']}")
            words.setdefault(row["kind"], set()).add(row["word"])
        self.name_words = {kind: frozenset(found) for kind, found in words.items()}

    def _entries(self) -> list[Entry]:
        out: list[Entry] = []
        for c in self.countries.values():
            out.append(Entry(c.name, c.id, "name"))
            out += [Entry(a, c.id, "alias") for a in c.aliases]
            out += [Entry(a, c.id, "adjective") for a in c.adjectives]
            out += [Entry(a, c.id, "demonym") for a in c.demonyms]
            out += [Entry(a, c.id, "people") for a in c.peoples]
            out += [Entry(a, c.id, "capital", "GOV") for a in c.capitals]
            out += [Entry(text, c.id, "metonym", sector) for text, sector in c.metonyms]
        for o in self.orgs.values():
            out.append(Entry(o.name, o.id, "name"))
            out += [Entry(a, o.id, "alias") for a in o.aliases]
        for pl in self.places.values():
            out += [Entry(a, pl.id, "place") for a in [pl.name, *pl.aliases]]
        for g in self.collectives.values():
            out += [Entry(a, g.id, "group") for a in g.phrases]
            out += [Entry(a, g.id, "group_adj") for a in g.adjectives]
        for p in self.persons.values():
            out.append(Entry(p.name, p.id, "name"))
            out += [Entry(a, p.id, "alias") for a in p.aliases if " " in a]
            out += [Entry(s, p.id, "short") for s in self.shorts(p) if " " in s]
        return out

    def _short_index(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for p in self.persons.values():
            for short in self.shorts(p):
                key = fold(short)
                index.setdefault(key, [])
                if p.id not in index[key]:
                    index[key].append(p.id)
        return index

    # --- lookups -----------------------------------------------------------------

    def shorts(self, person: Person) -> list[str]:
        """Return the one-word forms a person is referred to by (surnames, single aliases)."""
        forms = self._shorts.get(person.id)
        if forms is None:
            forms = self._shorts[person.id] = self._make_shorts(person)
        return list(forms)

    def _make_shorts(self, person: Person) -> list[str]:
        tokens = person.name.replace("-", " - ").split()
        words = person.name.split()
        if len(tokens) > 2 and tokens[-2].lower() in ("der", "de", "da", "bin"):
            forms = [" ".join(words[-3:] if tokens[-2] == "der" else words[-2:])]
        else:
            forms = [short_name(person.name, person.country)]
        forms += [a for a in person.aliases if " " not in a]
        for form in list(forms):
            if form.lower().startswith(("al-", "el-")):
                forms.append(form[3:])
        return [f for f in dict.fromkeys(forms) if len(f) > 1 and f.lower() not in NOT_SHORT]

    def resolve_short(self, text: str, date: str | None = None) -> Person | None:
        """Return the one person a bare surname names in the KB alone, if unambiguous.

        A surname two office holders share names the one in office on `date` (today's
        holder when undated): "Aoun" is Michel Aoun in 2018 and Joseph Aoun in 2025.
        """
        key = fold(text)
        ids = self.short_index.get(key, [])
        if len(ids) > 1:
            ids = [i for i in ids if self.role_at(self.persons[i], date) is not None]
        if len(ids) != 1 or key in COMMON_SHORT:
            return None
        person = self.persons[ids[0]]
        if len(key) < 4 and text not in person.aliases:
            return None  # "Xi" or "MBS" only when listed as an alias
        return person

    @cached_property
    def full_names(self) -> tuple[dict[str, list[tuple[str, Person]]],
                                  dict[str, list[tuple[str, Person]]]]:
        """Index the folded names of two words or more by last word and by first word.

        Each entry pairs the other end word with the person, so a misspelt name is only
        compared with the names it shares a first or last word with (`fuzzy_person`).
        """
        by_last: dict[str, list[tuple[str, Person]]] = {}
        by_first: dict[str, list[tuple[str, Person]]] = {}
        for key, person in self.by_name.items():
            parts = key.split()
            if len(parts) >= 2:
                by_last.setdefault(parts[-1], []).append((parts[0], person))
                by_first.setdefault(parts[0], []).append((parts[-1], person))
        return by_last, by_first

    @cached_property
    def distinctive_shorts(self) -> list[tuple[str, str]]:
        """Return (folded surname, person id) for one-word surnames of 7+ letters one person has."""
        out = []
        for short, ids in self.short_index.items():
            key = fold(short)
            if len(ids) == 1 and len(key) >= 7 and " " not in key:
                out.append((key, ids[0]))
        return out

    def cameo_of(self, country_name: str | None, sector: str | None = None) -> str | None:
        """Return the CAMEO code of a state by canonical name, with an optional sector."""
        for country in self.countries.values():
            if country.name == country_name:
                return country.cameo + (sector or "")
        return None

    def target(self, kb_id: str) -> Country | Org | Person | Collective | Place | None:
        """Return the KB object with this id."""
        if kb_id.startswith("group:"):
            return self.collectives.get(kb_id)
        if kb_id.startswith("place:"):
            return self.places.get(kb_id)
        if kb_id.startswith("country:"):
            return self.countries.get(kb_id.split(":", 1)[1])
        if kb_id.startswith("org:"):
            return self.orgs.get(kb_id)
        return self.persons.get(kb_id)

    def role_at(self, person: Person, date: str | None) -> Role | None:
        """Return the person's role on `date` (the latest started one when several)."""
        active = [r for r in person.roles if r.active(date)]
        return max(active, key=lambda r: r.start or "") if active else None

    def role_category(self, title: str) -> str | None:
        """Return the coarse role of a title ("prime minister" -> head of government)."""
        found = self.titles.get(title.lower())
        return found[1] if found else None

    def country_ref(self, iso3: str, sector: str | None = None) -> dict[str, Any]:
        """Return the ActorRef of a state, optionally one of its sectors (RUS + MIL)."""
        c = self.countries[iso3]
        return {"name": c.name, "kind": "state", "country": c.name, "sector": sector,
                "code": c.cameo + (sector or ""), "kb_id": c.id}

    def org_ref(self, org_id: str) -> dict[str, Any]:
        """Return the ActorRef of an organisation (institutions under their parent's name)."""
        org = self.orgs[org_id]
        shown = self.orgs[org.as_id] if org.as_id else org
        country = self.countries[org.country].name if org.country else None
        return {"name": shown.name, "kind": "organisation", "country": country,
                "sector": org.sector or ("IGO" if org.type == "igo" else None),
                "code": org.code, "kb_id": org.id}

    def titled_role(self, person: Person, title: str, code: str | None = None) -> Role | None:
        """Return the role a title next to the name names, of the state or body `code` gives.

        "U.N. Secretary-General Kofi Annan" names his UN office even in undated text;
        the latest such role when the person held it more than once.
        """
        category = self.role_category(title)
        roles = [r for r in person.roles if r.title == title or
                 (category is not None and self.role_category(r.title) == category)]
        if code:
            roles = [r for r in roles if (_role_code(self, r) or "")[:3] == code[:3]]
        return max(roles, key=lambda r: r.start or "") if roles else None

    def _lifelong_role(self, person: Person, date: str | None) -> Role | None:
        """Return the one armed or opposition role a person ever held, for undated text.

        Undated, "Osama bin Laden" is al-Qaeda's and "Jonas Savimbi" UNITA's rebel leader:
        someone who never held office acts for the one movement the KB knows them by.
        """
        kinds = {(r.of, r.sector) for r in person.roles}
        if date is not None or len(kinds) != 1 or next(iter(kinds))[1] not in ("REB", "OPP"):
            return None
        return max(person.roles, key=lambda r: r.start or "")

    def person_ref(self, person: Person, date: str | None, role: Role | None = None
                   ) -> dict[str, Any]:
        """Return the ActorRef of a person with the code of the role held on `date` (or `role`)."""
        role = role or self.role_at(person, date) or self._lifelong_role(person, date)
        home = self.countries.get(person.country)
        if role is None:
            started = [r for r in person.roles if r.start and date and r.start <= date]
            sector = "ELI" if started else None
            country = home.name if home else None
            code = (home.cameo if home else "") + (sector or "") or None
        elif role.of in self.orgs:
            org = self.orgs[role.of]
            sector, country = role.sector, None
            code = org.code if role.sector in ("GOV", "IGO") else (org.code or "")
            if org.country:
                country = self.countries[org.country].name
        else:
            state = self.countries[role.of]
            sector, country, code = role.sector, state.name, state.cameo + role.sector
        return {"name": person.name, "kind": "person", "country": country, "sector": sector,
                "code": code, "kb_id": person.id}

    def ref(self, kb_id: str, date: str | None = None, sector: str | None = None
            ) -> dict[str, Any]:
        """Return the ActorRef of any KB id."""
        target = self.target(kb_id)
        if isinstance(target, Country):
            return self.country_ref(target.iso3, sector)
        if isinstance(target, Org):
            return self.org_ref(kb_id)
        if isinstance(target, Person):
            return self.person_ref(target, date)
        if isinstance(target, Collective):
            return self.group_ref(kb_id)
        raise KeyError(kb_id)

    def group_ref(self, group_id: str) -> dict[str, Any]:
        """Return the ActorRef of a collective actor (kind group)."""
        group = self.collectives[group_id]
        return {"name": group.name, "kind": "group", "country": None, "sector": None,
                "code": group.code, "kb_id": group.id}

    def holders(self, of: str, categories: tuple[str, ...], date: str | None) -> list[Person]:
        """Return who holds a role of these categories for a state or org on `date`."""
        out = []
        for person in self.persons.values():
            for role in person.roles:
                if role.of == of and role.active(date) and \
                        self.role_category(role.title) in categories:
                    out.append(person)
                    break
        return out

    def find(self, name: str) -> list[Any]:
        """Return KB objects whose name or alias equals `name` (accent and case folded)."""
        key = fold(name)
        hits: list[Any] = []
        for entry in self.entries:
            if fold(entry.text) == key:
                target = self.target(entry.target)
                if target is not None and target not in hits:
                    hits.append(target)
        for short, ids in self.short_index.items():
            if short == key:
                hits += [self.persons[i] for i in ids if self.persons[i] not in hits]
        return hits


def describe(kb: KB, name: str, date: str | None = None) -> list[dict[str, Any]]:
    """Return what the KB knows of every actor called `name`: aliases, roles and codes.

    Args:
        kb: the knowledge base.
        name: a canonical name, alias, surname, demonym or metonym (case and accents ignored).
        date: ISO date for the current role and code (today's roles when None).
    Returns:
        One dict per matching actor, with its ActorRef under "actor".
    """
    out = []
    for target in kb.find(name):
        row: dict[str, Any] = {"kb_id": target.id, "name": target.name}
        if isinstance(target, Person):
            row["actor"] = kb.person_ref(target, date)
            row["aliases"] = target.aliases
            row["surnames"] = kb.shorts(target)
            row["roles"] = [{"title": r.title, "of": kb.ref(_of_id(r.of))["name"],
                             "sector": r.sector, "code": _role_code(kb, r), "start": r.start,
                             "end": r.end} for r in target.roles]
        elif isinstance(target, Country):
            row["actor"] = kb.country_ref(target.iso3)
            row.update(iso3=target.iso3, status=target.status, aliases=target.aliases,
                       adjectives=target.adjectives, demonyms=target.demonyms,
                       capitals=target.capitals,
                       metonyms=[{"text": t, "code": target.cameo + s} for t, s in target.metonyms])
        elif isinstance(target, Org):
            row["actor"] = kb.org_ref(target.id)
            row.update(type=target.type, aliases=target.aliases)
        elif isinstance(target, Collective):
            row["actor"] = kb.group_ref(target.id)
            row.update(aliases=target.phrases)
        else:
            row["actor"] = None
            row.update(aliases=target.aliases, place_in=target.country)
        out.append(row)
    return out


def _of_id(of: str) -> str:
    return of if of.startswith("org:") else f"country:{of}"


def _role_code(kb: KB, role: Role) -> str | None:
    if role.of in kb.orgs:
        return kb.orgs[role.of].code
    return kb.countries[role.of].cameo + role.sector


@lru_cache(maxsize=1)
def load_kb() -> KB:
    """Return the knowledge base (loaded and schema-checked once per process)."""
    kb = KB()
    log.debug("actor KB loaded: %d countries, %d organisations, %d persons",
              len(kb.countries), len(kb.orgs), len(kb.persons))
    return kb
