"""Classify records against versioned, cited policy rules. Knows nothing of PII."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from toolkit.policy.evaluate import EXTRA_VERDICTS, FALSE, TRUE, UNKNOWN, VERDICTS, evaluate, labels
from toolkit.policy.rules import Control, PolicyVersion, Rule, all_rules, load_platform
from toolkit.policy.situation import Situation

__all__ = [
    "EXTRA_VERDICTS", "FALSE", "TRUE", "UNKNOWN", "VERDICTS", "Action", "Control", "PolicyVersion", "Rule",
    "Situation", "actions", "all_rules", "classify", "explain_unknown", "labels", "load_platform", "rules_in_force",
]


def classify(records: pl.DataFrame, platform: str, situation: Situation) -> pl.DataFrame:
    """The verdict columns (coded 0/1/2) and rule_ids for every record, keyed by record_id."""
    return evaluate(records, all_rules(platform), situation)


def rules_in_force(platform: str, situation: Situation) -> list[Rule]:
    """The rules that apply to the member's region on the as-of day."""
    return [r for r in all_rules(platform)
            if r.applies_to_region(situation.region) and r.in_force_on(situation.as_of)]


def explain_unknown(table: pl.DataFrame, platform: str, situation: Situation) -> list[dict[str, object]]:
    """Why records are `unknown` for generative-AI training now: one line per category and cause, with its rule."""
    genai = [r for r in rules_in_force(platform, situation) if r.purpose == "genai"]
    if not genai:
        return []
    unknown = table.filter(pl.col("in_scope_genai_now") == UNKNOWN)
    groups = unknown.group_by("category", "policy_category", "visibility", pl.col("created_at").is_null()
                              .alias("undated")).len()
    out: dict[tuple[str, str, str], dict[str, object]] = {}
    for category, policy_category, visibility, undated, count in groups.iter_rows():
        rule = genai[0]
        reason = _reason(rule, policy_category, visibility, undated, situation)
        key = (category, rule.id, reason)
        entry = out.setdefault(key, {"category": category, "policy_category": policy_category, "records": 0,
                                     "rule_id": rule.id, "reason": reason})
        entry["records"] = int(entry["records"]) + count  # type: ignore[call-overload]
    return sorted(out.values(), key=lambda e: (-int(e["records"]), str(e["category"])))  # type: ignore[call-overload]


def _reason(rule: Rule, policy_category: str, visibility: str, undated: bool, situation: Situation) -> str:
    if rule.evaluate_as_unknown or rule.effective_from is None:
        return rule.confidence_note
    if rule.verdict_for(policy_category) is None:
        return rule.category_notes.get(policy_category) or f"'{policy_category}' is not named by the policy."
    if rule.visibility.get(policy_category, {}).get(visibility, True) is None:
        return (f"The policy speaks of public content; the archive gives this item's visibility as '{visibility}' "
                "(connections-only or not stated).")
    if undated and situation.exported_on and situation.as_of < situation.exported_on:
        return "The archive gives no date for this item, so whether it existed on the as-of day is unknown."
    if situation.objection_filed_on and rule.objection:
        return f"An objection was filed: {rule.objection.note}"
    if situation.opted_out_on and rule.opt_out:
        return f"Opted out after the policy began: {rule.opt_out.note}"
    return rule.confidence_note


@dataclass(frozen=True)
class Action:
    what: str  # e.g. "Stop generative-AI training"
    control: Control
    covers: str  # what it covers
    rule_ids: tuple[str, ...]


_ACTION_TITLES = {
    "genai": "Stop future generative-AI training on your data",
    "other_ml": "Object to other AI/ML training (personalisation, safety, classification)",
    "partner_ai": "Stop sharing your content with affiliates for their AI",
    "ads": "Stop sharing your data with affiliates for advertising",
}


def actions(platform: str, situation: Situation) -> list[Action]:
    """What the member can do now, from the controls named by the rules in force for them."""
    found: dict[tuple[str, str], Action] = {}
    for rule in rules_in_force(platform, situation):
        for control in (rule.opt_out, rule.objection):
            if control is None or control.mechanism == "none":
                continue
            title = _ACTION_TITLES[rule.purpose] if control is rule.opt_out else (
                "Object through the form" if rule.purpose == "genai" else _ACTION_TITLES[rule.purpose])
            key = (control.url, title)
            if key in found:
                found[key] = Action(title, control, found[key].covers, (*found[key].rule_ids, rule.id))
            else:
                found[key] = Action(title, control, rule.title, (rule.id,))
    order = list(_ACTION_TITLES.values())
    return sorted(found.values(), key=lambda a: order.index(a.what) if a.what in order else 1)
