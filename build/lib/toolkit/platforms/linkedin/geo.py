"""Region from Profile.csv `Geo Location`: 'City, Region, Country', a country, or one of LinkedIn's metro areas."""

from __future__ import annotations

import re

from toolkit.regions import country_from_name

# LinkedIn's metro-area names carry no country; the common ones, by country.
_METRO_COUNTRY = {
    "US": ("san francisco bay area", "greater seattle area", "new york city metropolitan area",
           "greater new york city area", "greater boston", "greater chicago area", "los angeles metropolitan area",
           "greater los angeles area", "washington dc-baltimore area", "dallas-fort worth metroplex",
           "greater houston", "atlanta metropolitan area", "greater philadelphia", "denver metropolitan area",
           "greater minneapolis-st. paul area", "miami-fort lauderdale area", "greater phoenix area",
           "greater san diego area", "austin, texas metropolitan area", "raleigh-durham-chapel hill area",
           "greater pittsburgh region", "detroit metropolitan area", "portland, oregon metropolitan area"),
    "GB": ("greater london", "london area, united kingdom", "greater manchester", "greater edinburgh area"),
    "CA": ("greater toronto area", "greater vancouver metropolitan area", "greater montreal metropolitan area",
           "greater toronto area, canada", "ottawa-gatineau area"),
    "DE": ("greater munich metropolitan area", "berlin metropolitan area", "frankfurt rhine-main metropolitan area",
           "greater hamburg area", "cologne bonn region"),
    "FR": ("greater paris metropolitan region", "greater lyon area"),
    "NL": ("randstad",),
    "AU": ("greater sydney area", "greater melbourne area", "greater brisbane area"),
    "IN": ("greater bengaluru area", "greater delhi area", "mumbai metropolitan region", "greater hyderabad area",
           "pune/pimpri-chinchwad area", "greater chennai area"),
    "IE": ("greater dublin",),
    "CH": ("greater zurich area", "greater geneva area"),
    "HK": ("hong kong sar",),
}
_METRO = {name: code for code, names in _METRO_COUNTRY.items() for name in names}


def region_from_geo_location(value: str) -> str | None:
    text = re.sub(r"\s+", " ", value).strip()
    key = text.casefold()
    if key in _METRO:
        return _METRO[key]
    parts = [p.strip() for p in text.split(",") if p.strip()]
    # The most specific country-bearing part is the last; a US state or Canadian province also tells.
    for part in reversed(parts):
        code = country_from_name(part) or _METRO.get(part.casefold())
        if code:
            return code
    return None
