"""docs/verdicts.md is kept in step with the rule files."""

from __future__ import annotations

import re

from conftest import ROOT
from toolkit.platforms import PLATFORMS
from toolkit.policy import all_rules


def test_rules_table_matches_the_rule_files() -> None:
    doc = (ROOT / "docs" / "verdicts.md").read_text()
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (\w+) \| ([\d-]+|unknown) \| ([\d-]+|in force) \|$", doc, re.M)
    documented = {rule_id: (purpose, start, end) for rule_id, purpose, start, end in rows}
    shipped = {
        rule.id: (rule.purpose, str(rule.effective_from or "unknown"), str(rule.effective_to or "in force"))
        for platform in PLATFORMS for rule in all_rules(platform)
    }
    assert documented == shipped
