"""Countries and the named region groups the policies use (ISO 3166-1 alpha-2)."""

from __future__ import annotations

import re
from functools import cache

import pycountry

EU27 = frozenset(
    """
AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE
""".split()
)
EEA = EU27 | {"IS", "LI", "NO"}
GROUPS: dict[str, frozenset[str]] = {"EU27": EU27, "EEA": EEA}

# Names people and platforms use that are not ISO's own spelling.
_ALIASES = {
    "uk": "GB", "united kingdom": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "great britain": "GB", "usa": "US", "united states": "US", "united states of america": "US", "us": "US",
    "south korea": "KR", "korea": "KR", "russia": "RU", "vietnam": "VN", "iran": "IR", "taiwan": "TW",
    "hong kong sar": "HK", "hong kong": "HK", "czech republic": "CZ", "turkey": "TR", "türkiye": "TR",
    "the netherlands": "NL", "holland": "NL", "uae": "AE", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ",
    "moldova": "MD", "syria": "SY", "laos": "LA", "palestine": "PS", "macau": "MO",
}


def is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code.upper()) is not None


def expand(names: list[str]) -> frozenset[str]:
    """Region names as written in rule files (codes or group names) to a set of country codes."""
    out: set[str] = set()
    for name in names:
        out |= GROUPS.get(name, {name})
    return frozenset(out)


@cache
def country_from_name(name: str) -> str | None:
    """A country code for a country or first-level subdivision name ('Germany', 'Ontario', 'California')."""
    key = re.sub(r"\s+", " ", name).strip().casefold()
    if not key:
        return None
    if key in _ALIASES:
        return _ALIASES[key]
    for country in pycountry.countries:
        names = {country.name, getattr(country, "official_name", ""), getattr(country, "common_name", "")}
        if key in {n.casefold() for n in names if n}:
            return country.alpha_2
    matches = {s.country_code for s in pycountry.subdivisions if s.name.casefold() == key}
    return matches.pop() if len(matches) == 1 else None
