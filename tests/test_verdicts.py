"""Verdicts across region x date x age x opt-out x objection x category, each naming the rule it expects."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from toolkit.policy import Situation, classify, labels
from toolkit.schema import RECORD_SCHEMA

EXPORTED = date(2026, 11, 24)


def record(policy_category: str, created: date | None, visibility: str = "public") -> pl.DataFrame:
    return pl.DataFrame([{
        "record_id": "r#1", "platform": "linkedin", "source_file": "x.csv", "source_row": 1, "field": None,
        "category": "post", "policy_category": policy_category, "record_type": "linkedin.test",
        "created_at": datetime(created.year, created.month, created.day, 12, tzinfo=UTC) if created else None,
        "visibility": visibility, "link": None, "text": None, "attributes": "{}",
    }], schema=RECORD_SCHEMA)


def d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


POST = "content.post"
# (case, record category, visibility, created, region, as_of, birth, opted_out, objection,
#  expected now / after opt-out / maybe used / other ML ('-' = not asserted), rule that must be named)
CASES = [
    ("US 2024 default on", POST, "public", "2024-01-01", "US", "2024-10-05", None, None, None,
     "true", "false", "true", "unknown", "linkedin-genai-2024-09-row"),
    ("US opted out a week after rollout", POST, "public", "2024-01-01", "US", "2024-10-05", None, "2024-09-25", None,
     "false", "false", "true", "unknown", "linkedin-genai-2024-09-row"),
    ("US post made after opting out", POST, "public", "2024-10-01", "US", "2024-10-05", None, "2024-09-25", None,
     "false", "false", "false", "-", "linkedin-genai-2024-09-row"),
    ("US opted out before rollout", POST, "public", "2024-01-01", "US", "2024-10-05", None, "2024-09-10", None,
     "false", "false", "false", "-", "linkedin-genai-2024-09-row"),
    ("DE 2024: not enabled in Europe", POST, "public", "2024-01-01", "DE", "2024-10-05", None, None, None,
     "false", "false", "false", "-", ""),
    ("DE after the 2025-11-03 expansion", POST, "public", "2024-01-01", "DE", "2025-12-01", None, None, None,
     "true", "unknown", "true", "true", "linkedin-genai-2025-11-expansion"),
    ("DE opted out before 2025-11-03", POST, "public", "2024-01-01", "DE", "2025-12-01", None, "2025-10-20", None,
     "false", "false", "false", "true", "linkedin-genai-2025-11-expansion"),
    ("DE late opt-out: Garante says old content may still be used", POST, "public", "2024-01-01", "DE",
     "2025-12-01", None, "2025-11-10", None, "unknown", "unknown", "true", "true", "linkedin-genai-2025-11-expansion"),
    ("DE private message excluded", "messages.private", "private", "2025-01-01", "DE", "2025-12-01", None, None,
     None, "false", "false", "false", "unknown", "linkedin-other-ml-eu-uk"),
    ("DE connection: genai unknown, other ML in scope", "network.connections", "restricted", "2020-01-01", "DE",
     "2025-12-01", None, None, None, "unknown", "unknown", "unknown", "true", "linkedin-other-ml-eu-uk"),
    ("DE objection filed: other ML is a request", "network.connections", "restricted", "2020-01-01", "DE",
     "2025-12-01", None, None, "2025-11-10", "unknown", "unknown", "unknown", "unknown", "linkedin-other-ml-eu-uk"),
    ("DE objection filed: genai capped at unknown", POST, "public", "2020-01-01", "DE", "2025-12-01", None, None,
     "2025-11-10", "unknown", "unknown", "true", "unknown", "linkedin-genai-2025-11-expansion"),
    ("GB 2024: suspended; before suspension unknown", POST, "public", "2024-01-01", "GB", "2024-10-05", None, None,
     None, "false", "false", "unknown", "-", "linkedin-genai-2024-09-gb-window"),
    ("GB 2026: expansion", POST, "public", "2024-01-01", "GB", "2026-01-01", None, None, None,
     "true", "unknown", "true", "true", "linkedin-microsoft-ai-training-gb-2025-11"),
    ("HK paused 2024-10-11: used in the window", POST, "public", "2024-01-01", "HK", "2025-01-01", None, None, None,
     "false", "false", "true", "-", "linkedin-genai-2024-09-hk-window"),
    ("CA paused by 2024-12-10: used in the window", POST, "public", "2024-11-01", "CA", "2025-06-01", None, None,
     None, "false", "false", "true", "-", "linkedin-genai-2024-09-ca-window"),
    ("CA post after the pause", POST, "public", "2025-01-01", "CA", "2025-06-01", None, None, None,
     "false", "false", "false", "-", ""),
    ("US minor (16): excluded now; 2024 unknown", POST, "public", "2024-01-01", "US", "2026-11-24", "2010-01-01",
     None, None, "false", "false", "unknown", "-", "linkedin-genai-2025-11-row"),
    ("US member who turned 18", POST, "public", "2024-01-01", "US", "2026-11-24", "2007-06-01", None, None,
     "true", "false", "true", "-", "linkedin-genai-2025-11-row"),
    ("US connections-only post", POST, "restricted", "2024-01-01", "US", "2026-11-24", None, None, None,
     "unknown", "false", "true", "-", "linkedin-genai-2025-11-row"),
    ("US reaction not named", "content.reaction", "unknown", "2024-01-01", "US", "2026-11-24", None, None, None,
     "unknown", "false", "unknown", "unknown", "linkedin-genai-2025-11-row"),
    ("US job application excluded", "jobs.application_specific", "private", "2024-01-01", "US", "2026-11-24", None,
     None, None, "false", "false", "unknown", "-", "linkedin-genai-2025-11-row"),
    ("record created after as-of does not exist yet", POST, "public", "2026-01-01", "US", "2025-10-01", None, None,
     None, "false", "false", "false", "false", "linkedin-genai-2025-11-row"),
    ("undated profile field, as-of before the export", "profile.identity", "public", None, "US", "2025-10-01", None,
     None, None, "unknown", "false", "unknown", "-", "linkedin-genai-2025-11-row"),
    ("undated profile field, as-of on the export day", "profile.identity", "public", None, "US", "2026-11-24", None,
     None, None, "true", "false", "true", "-", "linkedin-genai-2025-11-row"),
]


@pytest.mark.parametrize(
    ("case", "category", "visibility", "created", "region", "as_of", "birth", "opted", "objection",
     "now", "after", "used", "other", "rule"),
    CASES, ids=[c[0] for c in CASES],
)
def test_verdict(case, category, visibility, created, region, as_of, birth, opted, objection,
                 now, after, used, other, rule) -> None:
    situation = Situation(region, d(as_of), d(birth), d(opted), d(objection), EXPORTED)
    [row] = labels(classify(record(category, d(created), visibility), "linkedin", situation)).to_dicts()
    assert (row["in_scope_genai_now"], row["in_scope_genai_after_opt_out"], row["maybe_already_used"]) == (
        now, after, used), case
    if other != "-":
        assert row["in_scope_other_ml"] == other, case
    if rule:
        assert rule in row["rule_ids"].split(";"), case


def test_ads_rule_outside_europe_only() -> None:
    profile = record("profile.identity", None)
    us = labels(classify(profile, "linkedin", Situation("US", EXPORTED, exported_on=EXPORTED))).row(0, named=True)
    de = labels(classify(profile, "linkedin", Situation("DE", EXPORTED, exported_on=EXPORTED))).row(0, named=True)
    assert us["in_scope_ads"] == "true" and "linkedin-microsoft-ads-2025-11" in us["rule_ids"]
    assert de["in_scope_ads"] == "false"


def test_classify_is_vectorised_over_many_records() -> None:
    many = pl.concat([record(POST, date(2024, 1, 1))] * 50_000).with_row_index("n").with_columns(
        pl.format("r#{}", pl.col("n")).alias("record_id")).drop("n")
    verdicts = classify(many, "linkedin", Situation("US", EXPORTED, exported_on=EXPORTED))
    assert verdicts.height == 50_000 and verdicts["in_scope_genai_now"].unique().to_list() == [2]
