"""docs/verdicts.md is kept in step with the rule files: every rule, its purpose and its dates as precise as the
sources give them."""

from __future__ import annotations

import re

from conftest import ROOT
from toolkit.platforms import PLATFORMS
from toolkit.policy import all_rules

_WORDS = {"exact": "", "upper_bound": "on or before ", "announced": "announced ", "lower_bound": "on or after "}


def _day(day, precision: str, missing: str) -> str:
    return missing if day is None else f"{_WORDS[precision]}{day}"


def test_rules_table_matches_the_rule_files() -> None:
    doc = (ROOT / "docs" / "verdicts.md").read_text()
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (\w+) \| ([^|]+) \| ([^|]+) \|$", doc, re.M)
    documented = {rule_id: (purpose, start.strip(), end.strip()) for rule_id, purpose, start, end in rows}
    shipped = {
        rule.id: (rule.purpose, _day(rule.effective_from, rule.effective_from_precision, "unknown"),
                  _day(rule.effective_to, rule.effective_to_precision, "in force"))
        for platform in PLATFORMS for rule in all_rules(platform)
    }
    assert documented == shipped


def test_every_cause_of_a_verdict_is_explained() -> None:
    from toolkit.policy.evaluate import CAUSES

    doc = (ROOT / "docs" / "verdicts.md").read_text()
    for cause in CAUSES:
        assert f"`{cause}`" in doc, cause
