"""Build src/communique/actors/data/countries.jsonl from country_converter, pycountry, countryinfo.

Build-time only (the generated file is committed; run time reads the JSONL):

    .venv/bin/pip install country_converter countryinfo "pandas<3"
    .venv/bin/python scripts/build_countries.py

The base covers every UN member state (country_converter's UNmember column), the
two UN observer states (Holy See, Palestine) and the main disputed territories.
Curated additions (metonyms, extra adjectives, CAMEO exceptions) live in
countries_curated.jsonl and are layered on at load time by communique.actors.kb.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import country_converter as coco
import pycountry
from countryinfo import CountryInfo

OUT = Path(__file__).resolve().parents[1] / "src/communique/actors/data/countries.jsonl"
VERSION = "1"
OBSERVERS = {"PSE": "observer", "VAT": "observer"}
DISPUTED = {"XKX": "disputed", "TWN": "disputed", "ESH": "disputed"}
# Short English names as news and the eval write them, where country_converter differs.
NAME_FIX = {
    "TUR": "Turkey", "BRN": "Brunei", "FSM": "Micronesia", "COG": "Republic of the Congo",
    "CZE": "Czech Republic", "CPV": "Cape Verde", "CIV": "Ivory Coast", "VAT": "Vatican",
    "SWZ": "Eswatini", "TLS": "East Timor", "KNA": "Saint Kitts and Nevis",
    "LCA": "Saint Lucia", "VCT": "Saint Vincent and the Grenadines",
}
# countryinfo's name when it differs from the short name.
INFO_NAME = {"COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo",
             "CIV": "Ivory Coast", "CZE": "Czech Republic", "TLS": "East Timor",
             "PSE": "Palestine", "XKX": "Kosovo", "VAT": "Vatican City", "FSM": "Micronesia",
             "MKD": "Macedonia", "SWZ": "Swaziland", "CPV": "Cape Verde", "MMR": "Myanmar",
             "KOR": "South Korea", "PRK": "North Korea", "LAO": "Laos", "TUR": "Turkey"}
# CAMEO country codes follow ISO alpha-3 except where the CAMEO manual kept older codes.
CAMEO_FIX = {"ROU": "ROM", "TLS": "TMP", "XKX": "KSV", "COD": "COD"}


def info_for(iso3: str, name: str) -> dict:
    """Return countryinfo's record for a country, or an empty dict."""
    for key in (iso3, INFO_NAME.get(iso3), name):
        if not key:
            continue
        try:
            data = CountryInfo(key).info()
        except Exception:  # noqa: BLE001 - countryinfo raises its own lookup errors
            continue
        if data:
            return data
    return {}


def useful_alias(alias: str) -> bool:
    """Keep names that read as names (not bare codes or native-script spellings)."""
    return (len(alias) > 3 and any(c.islower() for c in alias)
            and all(ord(c) < 0x250 for c in alias) and "," not in alias)


def build() -> list[dict]:
    """Return one record per country, sorted by canonical name."""
    data = coco.CountryConverter().data
    rows = []
    for _, row in data.iterrows():
        iso3 = row["ISO3"]
        status = ("member" if str(row["UNmember"]) not in ("nan", "<NA>")
                  else OBSERVERS.get(iso3) or DISPUTED.get(iso3))
        if not status:
            continue
        name = NAME_FIX.get(iso3, row["name_short"])
        info = info_for(iso3, name)
        aliases = {row["name_short"], row["name_official"]}
        country = pycountry.countries.get(alpha_3=iso3)
        if country is not None:
            for attr in ("name", "official_name", "common_name"):
                aliases.add(getattr(country, attr, None) or "")
        aliases.update(info.get("altSpellings") or [])
        aliases = sorted(a for a in aliases if a and a != name and useful_alias(a)
                         and not re.search(r"\(|\bof$", a))
        demonym = info.get("demonym") or ""
        capital = info.get("capital") or ""
        rows.append({
            "id": f"country:{iso3}", "name": name, "iso3": iso3,
            "iso2": country.alpha_2 if country is not None else None,
            "cameo": CAMEO_FIX.get(iso3, iso3), "status": status,
            "region": row["continent"] if isinstance(row["continent"], str) else None,
            "aliases": aliases,
            "adjectives": [demonym] if demonym else [],
            "capitals": [capital] if capital else [],
        })
    return sorted(rows, key=lambda r: r["name"])


def main() -> int:
    """Write the countries file with its header record."""
    rows = build()
    header = {"_about": "countries: UN members, observers and disputed territories",
              "version": VERSION, "origin": "scripts/build_countries.py from country_converter "
              f"{coco.__version__}, pycountry and countryinfo; do not edit by hand, "
              "curate in countries_curated.jsonl", "count": len(rows)}
    with OUT.open("w", encoding="utf-8") as fh:
        for record in [header, *rows]:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} countries to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
