"""Reddit "Request a copy of your data" (formats.md §5): a flat zip of CSV files."""

from __future__ import annotations

import contextlib
import re
from datetime import date

import polars as pl

from toolkit.platforms.base import MemberFacts, ReadResult
from toolkit.platforms.reddit.files import BY_NAME, PII_COLUMNS
from toolkit.platforms.tabular import CsvPlatform
from toolkit.schema import original_columns

# Files only Reddit ships (formats.md §6): a flat archive holding them is Reddit's, whatever else it holds.
_SIGNATURES = {"statistics", "post votes", "comment votes", "subscribed subreddits", "chat history", "saved posts",
               "saved comments", "hidden posts", "post headers", "comment headers", "messages archive"}


class Reddit(CsvPlatform):
    name = "reddit"
    display_name = "Reddit"
    export_name = re.compile(r"export_.+_(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")
    launched = date(2005, 6, 23)
    specs = BY_NAME

    def score(self, paths: list[str]) -> float:
        candidates = [p for p in paths if p.casefold().endswith(".csv")]
        if not candidates or any("/" in p for p in candidates):  # Reddit's export is flat
            return 0.0
        names = {self.spec_for(p).name for p in candidates if self.spec_for(p)}  # type: ignore[union-attr]
        if not names & _SIGNATURES:
            return 0.0
        return sum(1 for p in candidates if self.spec_for(p)) / len(candidates)

    def pii_columns(self) -> dict[str, dict[str, tuple[str, str]]]:
        return PII_COLUMNS

    def member_facts(self, read: ReadResult) -> MemberFacts:
        records, originals = read.records, read.originals
        statistics = dict(
            original_columns(records, originals, "reddit.statistic", ["statistic", "value"])
            .select(pl.col("statistic").str.to_lowercase(), "value").drop_nulls().collect().iter_rows())
        username = statistics.get("account name")
        own = [username] if username else []
        emails = [statistics["email address"]] if statistics.get("email address") else []
        people = set()
        for record_type, columns in (("reddit.message", ("from", "to")), ("reddit.chat", ("username",)),
                                     ("reddit.friend", ("username",))):
            subset = original_columns(records, originals, record_type, columns).collect()
            for column in columns:
                people |= set(subset[column].drop_nulls().to_list())
        others = sorted((p for p in people if p and p != username and len(p) > 2), key=str.casefold)
        facts = MemberFacts(names=own, emails=emails, others=others)
        registered = statistics.get("registration date") or ""
        with contextlib.suppress(ValueError):
            facts.account_since = date.fromisoformat(registered[:10])
        return facts
