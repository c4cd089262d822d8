"""What people read of the verdicts: every exported false names a rule, every unknown has a reason in words, the
caveats reach the summary and the report, and the actions follow the member's situation."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from conftest import BASIC, FACEBOOK, REDDIT
from toolkit.pipeline import ScanOptions, scan
from toolkit.policy import Situation, actions, caveats
from toolkit.report import html_report, summary, terminal
from toolkit.report.export import write_export

VERDICT_COLUMNS = ("in_scope_genai_now", "in_scope_genai_after_opt_out", "maybe_already_used", "in_scope_other_ml")
SITUATIONS = [
    ScanOptions(region="US", as_of=date(2024, 9, 17), ner=False),
    ScanOptions(region="DE", as_of=date(2025, 11, 2), ner=False),
    ScanOptions(region="GB", as_of=date(2024, 10, 5), ner=False),
    ScanOptions(region="CA", as_of=date(2024, 12, 9), opted_out_on=date(2024, 10, 1), ner=False),
    ScanOptions(region="FR", as_of=date(2026, 1, 1), objection_filed_on=date(2025, 11, 10), ner=False),
    ScanOptions(region="US", as_of=date(2026, 11, 24), birth_date=date(2008, 6, 1), ner=False),
]


@pytest.mark.parametrize("options", SITUATIONS, ids=lambda o: f"{o.region}-{o.as_of}")
def test_no_exported_false_without_a_rule_and_no_unknown_without_a_reason(tmp_path: Path, options) -> None:
    result = scan(BASIC, options)
    out = tmp_path / "all.csv"
    write_export(result, out, everything=True)
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == result.table.height
    for row in rows:
        if any(row[v] == "false" for v in VERDICT_COLUMNS):
            assert row["rule_ids"], row["record_id"]
    reasons = summary.build(result)["verdict_reasons"]
    assert sum(r["records"] for r in reasons if r["verdict"] == "in_scope_genai_now") == result.table.height
    for reason in reasons:
        if reason["value"] == "false":
            assert reason["rule_id"], reason
        if reason["value"] != "true":
            assert len(str(reason["reason"])) > 20, reason


def test_eu_window_caveat_reaches_json_terminal_and_report() -> None:
    result = scan(BASIC, ScanOptions(region="DE", as_of=date(2025, 12, 1), ner=False))
    built = summary.build(result)
    texts = [c["text"] for c in built["caveats"]]
    assert any("Older records may be excluded" in t for t in texts)
    assert "Older records may be excluded" in html_report.build(result, built)
    us = summary.build(scan(BASIC, ScanOptions(region="US", as_of=date(2025, 12, 1), ner=False)))
    assert not any("Older records" in c["text"] for c in us["caveats"])


def test_late_opt_out_outside_europe_shows_the_disagreement() -> None:
    situation = Situation("US", date(2026, 1, 1), opted_out_on=date(2025, 12, 1))
    assert any("Garante" in c["text"] for c in caveats("linkedin", situation))
    assert not any("Garante" in c["text"] for c in caveats("linkedin", Situation("US", date(2026, 1, 1))))


def _urls(situation: Situation) -> list[str]:
    return [a.control.url for a in actions("linkedin", situation)]


SETTING = "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement"
FORM = "https://www.linkedin.com/help/linkedin/ask/TS-DPRO"


def test_actions_follow_the_situation() -> None:
    de = Situation("DE", date(2025, 12, 1))
    assert _urls(de).count(SETTING) == 1 and _urls(de).count(FORM) == 1  # two objections, one form
    [form] = [a for a in actions("linkedin", de) if a.control.url == FORM]
    assert "generative-AI" in form.what and "other AI/ML" in form.what
    assert SETTING not in _urls(Situation("DE", date(2025, 12, 1), opted_out_on=date(2025, 11, 20)))
    assert FORM not in _urls(Situation("DE", date(2025, 12, 1), objection_filed_on=date(2025, 11, 20)))
    assert SETTING not in _urls(Situation("GB", date(2024, 9, 17)))  # not offered in the UK then
    assert SETTING in _urls(Situation("US", date(2024, 9, 18)))
    assert SETTING not in _urls(Situation("DE", date(2025, 6, 1)))  # not in force in Europe yet


def test_objection_letter_not_offered_twice() -> None:
    result = scan(BASIC, ScanOptions(region="DE", as_of=date(2025, 12, 1), objection_filed_on=date(2025, 11, 10),
                                     ner=False))
    assert "A ready-to-send objection" not in html_report.build(result, summary.build(result))


@pytest.mark.parametrize(("archive", "after", "switched"), [
    (BASIC, "after your opt-out on 2025-11-03", True),
    (FACEBOOK, "had you objected on 2026-11-24", False),
    (REDDIT, "with no setting to switch off", False),
], ids=["linkedin", "facebook", "reddit"])
def test_an_opt_out_day_counts_only_where_there_is_a_setting(archive: Path, after: str, switched: bool) -> None:
    """--opted-out-on is the generative-AI setting switched off. Facebook (an objection form) and Reddit (nothing)
    have none: the summary, the terminal and the report must not say the member switched it off, nor count what
    'remains' after it (the Facebook scan once said 'You switched the setting off ...; 0 remain in scope' beside 3
    records in scope)."""
    result = scan(archive, ScanOptions(region="DE", as_of=date(2026, 11, 24), opted_out_on=date(2025, 11, 3),
                                       ner=False))
    built = summary.build(result)
    sentences = " ".join(summary.headline(built))
    report = html_report.build(result, built)
    assert summary.after_opt_out(built) == after
    assert f"still in scope {after}" in report
    assert ("You switched the setting off on 2025-11-03" in sentences) is switched
    assert ("You switched the setting off" in report) is switched
    assert ("has no setting to switch off, so the day given with --opted-out-on" in sentences) is not switched
    console = Console(file=io.StringIO(), width=100)
    terminal.print_scan(console, built)
    assert ("setting does not cover" in " ".join(console.file.getvalue().split())) is switched
