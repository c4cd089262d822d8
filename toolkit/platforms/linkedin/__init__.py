"""LinkedIn "Get a copy of your data" (Basic and Complete exports)."""

from __future__ import annotations

import json
import re
from datetime import date

import polars as pl

from toolkit.archive import Member
from toolkit.platforms.base import MemberFacts, ReadResult
from toolkit.platforms.linkedin.articles import parse_article
from toolkit.platforms.linkedin.files import ARTICLE, BY_NAME, PII_COLUMNS
from toolkit.platforms.linkedin.geo import region_from_geo_location
from toolkit.platforms.linkedin.identities import member_identities, profile_fields, registered_on
from toolkit.platforms.tabular import CsvPlatform, FileSpec
from toolkit.schema import RECORD_SCHEMA

# The folders LinkedIn exports have (formats.md §1.1); a file elsewhere is under a wrapper folder.
_FOLDERS = {"", "jobs", "articles/articles", "verifications", "services marketplace"}


def _folder(path: str) -> str:
    return path.rpartition("/")[0].casefold()


class LinkedIn(CsvPlatform):
    name = "linkedin"
    display_name = "LinkedIn"
    export_name = re.compile(r"LinkedInDataExport_(?P<month>\d{2})-(?P<day>\d{2})-(?P<year>\d{4})")
    launched = date(2003, 5, 5)
    specs = BY_NAME

    def spec_for(self, path: str) -> FileSpec | None:
        lower = path.casefold()
        if lower.endswith((".html", ".htm")) and lower.startswith("articles/"):
            return ARTICLE
        return super().spec_for(path)

    def score(self, paths: list[str]) -> float:
        candidates = [p for p in paths if p.casefold().endswith((".csv", ".html", ".htm"))]
        if not candidates:
            return 0.0
        known = sum(1 for p in candidates if self.spec_for(p) and _folder(p) in _FOLDERS)
        return known / len(candidates)

    def read_other(self, member: Member, spec: FileSpec, text: str) -> pl.DataFrame | None:
        return self._article(member.path, text) if spec is ARTICLE else None

    def _article(self, path: str, html: str) -> pl.DataFrame:
        article = parse_article(html)
        text = "\n".join(part for part in (article.title, article.body) if part) or None
        row = {
            "record_id": f"{path}#1", "platform": self.name, "source_file": path, "source_row": 1, "field": None,
            "category": ARTICLE.category, "policy_category": ARTICLE.policy_category,
            "record_type": ARTICLE.record_type, "created_at": None, "visibility": ARTICLE.visibility,
            "link": article.url, "text": text, "attributes": json.dumps({"title": article.title}),
        }
        return pl.DataFrame([row], schema=RECORD_SCHEMA)

    def pii_columns(self) -> dict[str, dict[str, tuple[str, str]]]:
        return PII_COLUMNS

    def member_facts(self, read: ReadResult) -> MemberFacts:
        records = read.records
        profile = profile_fields(records)
        facts = member_identities(records, read.originals, profile)
        geo = profile.get("geo location")
        if geo:
            facts.region = region_from_geo_location(geo)
            if facts.region:
                facts.region_from = "Profile.csv Geo Location"
        birth = profile.get("birth date")
        if birth:
            try:
                born = date.fromisoformat(birth)
            except ValueError:
                born = None  # partial dates such as 'Jan 1' give no age
            # a date in the future or before 1900 is not a birth date: ignored (the summary says it is unknown)
            if born and date(1900, 1, 1) <= born <= date.today():
                facts.birth_date, facts.birth_date_from = born, "Profile.csv Birth Date"
        facts.account_since = registered_on(records)
        return facts

