"""Classify records against versioned, cited policy rules. Knows nothing of PII."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from toolkit.policy.evaluate import (
    EXTRA_VERDICTS,
    FALSE,
    LABELS,
    PURPOSE_OF,
    TRUE,
    UNKNOWN,
    VERDICTS,
    decode_why,
    evaluate,
    evaluate_counted,
    labels,
    why_column,
)
from toolkit.policy.rules import Control, PolicyVersion, Rule, all_rules, load_platform
from toolkit.policy.situation import Situation

__all__ = [
    "EXTRA_VERDICTS", "FALSE", "TRUE", "UNKNOWN", "VERDICTS", "Action", "Control", "PolicyVersion", "Rule",
    "Situation", "actions", "all_rules", "caveats", "classify", "classify_explained", "explain", "labels",
    "load_platform",
    "rules_in_force", "why_column",
]


def classify(records: pl.DataFrame, platform: str, situation: Situation) -> pl.DataFrame:
    """The verdict columns (coded 0/1/2), their why-codes and rule_ids (categorical: a few distinct strings) for
    every record, keyed by record_id."""
    return evaluate(records, all_rules(platform), situation)


def rules_in_force(platform: str, situation: Situation) -> list[Rule]:
    """The rules that apply to the member's region on the as-of day, certainly or as far as the sources tell."""
    return [r for r in all_rules(platform)
            if r.applies_to_region(situation.region) and r.possibly_in_force_on(situation.as_of)]


_PURPOSE_WORDS = {
    "genai": "generative-AI training", "other_ml": "other AI/ML training",
    "partner_ai": "sharing with affiliates for their AI", "ads": "sharing with affiliates for advertising",
}


def classify_explained(records: pl.DataFrame, platform: str, situation: Situation) -> tuple[pl.DataFrame,
                                                                                            list[dict[str, object]]]:
    """`classify`, and `explain` of its verdicts from the combinations it computed them for."""
    verdicts, combinations = evaluate_counted(records, all_rules(platform), situation)
    return verdicts, explain(combinations, platform, situation)


def explain(combinations: pl.DataFrame, platform: str, situation: Situation) -> list[dict[str, object]]:
    """Why each verdict is what it is: one entry per verdict, value, category, deciding rule and reason, with the
    number of records. Computed per group of records, never per record: `combinations` of verdicts, categories and
    visibilities with how many records have each (`len`: evaluate_counted)."""
    rules = all_rules(platform)
    out: dict[tuple[str, str, str, str, str], dict[str, object]] = {}
    verdicts = [v for v in (*VERDICTS, *EXTRA_VERDICTS) if why_column(v) in combinations.columns]
    described = ["category", "policy_category", "visibility"]
    for verdict in verdicts:
        # largest group first: where groups share a reason, the entry names the policy category of most records
        # (and the output is the same from run to run, whatever order the grouping came in)
        keys = [verdict, why_column(verdict), *described]
        groups = combinations.group_by(keys).agg(pl.col("len").sum()).sort(
            ["len", *keys], descending=[True, *[False] * len(keys)])
        for value, code, category, policy_category, visibility, count in groups.iter_rows():
            decoded = decode_why(code)
            rule = rules[decoded[0]] if decoded else None
            cause = decoded[1] if decoded else "no_rule"
            text = reason(rule, cause, value, verdict, policy_category, visibility, situation)
            rule_id = rule.id if rule else ""
            key = (verdict, LABELS[value], category, rule_id, text)
            entry = out.setdefault(key, {"verdict": verdict, "value": LABELS[value], "category": category,
                                         "policy_category": policy_category, "records": 0, "rule_id": rule_id,
                                         "cause": cause, "reason": text})
            entry["records"] = int(entry["records"]) + count  # type: ignore[call-overload]
    order = {v: i for i, v in enumerate((*VERDICTS, *EXTRA_VERDICTS))}
    return sorted(out.values(), key=lambda e: (order[str(e["verdict"])], -int(e["records"]),  # type: ignore[call-overload]
                                               str(e["category"])))


def reason(rule: Rule | None, cause: str, value: int, verdict: str, policy_category: str, visibility: str,
           situation: Situation) -> str:
    """A verdict's reason in plain words, from the rule that decided it and the condition that limited that rule."""
    if rule is None:
        return (f"No rule covers {_PURPOSE_WORDS[PURPOSE_OF[verdict]]} for members in {situation.region} on that "
                "day: the sources do not say.")
    if cause == "in_scope":
        return rule.category_note(policy_category) or f"Covered by the rule: {rule.title}."
    if cause == "not_yet":
        return "The item did not exist yet on the days this rule applied to you."
    if cause == "undated":
        return "The archive gives no date for this item, so whether it existed on the days that count is not known."
    if cause == "category":
        note = rule.category_note(policy_category)
        if note:
            return note
        return (f"Excluded by the policy ('{policy_category}')." if value == FALSE
                else f"'{policy_category}' is not named by the policy.")
    if cause == "visibility":
        if value == FALSE:
            return f"Only public content is covered; the archive gives this item as '{visibility}'."
        if visibility in ("restricted", "private") and rule.visibility_past_unknown:
            return (f"Not public when the archive was made ('{visibility}'), but it may have been public before: "
                    "making content non-public stops only its future use.")
        return rule.visibility_note or (
            "The sources speak of public content while the policy's lists are not qualified; the archive gives "
            f"this item's visibility as '{visibility}' (connections-only, or not stated).")
    if cause == "low_evidence":
        return rule.confidence_note
    if cause in ("date_start", "date_end"):
        return _date_reason(rule, cause)
    if cause == "minor":
        if rule.min_age is not None:
            return (f"You were under {rule.min_age} then: the policy excludes members under {rule.min_age}, "
                    "\"even if your setting appears turned on\".")
        return "You were under 18 then, and no source says whether this rule left out minors' data."
    if cause == "created_as_minor":
        return ("Made while you were under 18 and still there after you turned 18: no source says whether such "
                "content is used.")
    if cause == "opted_out":
        return _stop_reason(rule, rule.opt_out, verdict, situation.opted_out_on, situation,
                            "switched the setting off", "opted_out")
    if cause == "objection" and rule.objection and rule.objection.effect == "prospective":
        return _stop_reason(rule, rule.objection, verdict, situation.objection_filed_on, situation, "objected",
                            "objection_filed")
    if cause == "objection":
        note = rule.objection.note if rule.objection else ""
        extra = " ".join(rule.caveats_for(situation.region, "objection_filed"))
        return f"You filed an objection on {situation.objection_filed_on}: {note} {extra}".strip()
    raise ValueError(f"unknown cause {cause}")


def _date_reason(rule: Rule, cause: str) -> str:
    if cause == "date_start":
        if rule.effective_from is None:
            return "The sources give no start day for this rule, so earlier days are not settled."
        if rule.effective_from_precision == "lower_bound":
            return f"This rule began on or after {rule.effective_from}; the exact day is not published."
        what = "was made public on" if rule.effective_from_precision == "announced" else "began on or before"
        return (f"This rule {what} {rule.effective_from}; the practice may be older and the sources do not say "
                "since when.")
    if rule.effective_to_precision == "lower_bound":
        return f"This rule ended on or after {rule.effective_to}; the exact day is not published."
    return f"This rule ended on or before {rule.effective_to}; the day it actually ended is not published."


def _stop_reason(rule: Rule, control: Control | None, verdict: str, stopped: object, situation: Situation,
                 did: str, when_key: str) -> str:
    """Why a setting switched off (or an objection the platform honours) limits the verdict; for the after-opt-out
    verdict of a member who has not, as if they did so on the as-of day."""
    if verdict == "in_scope_genai_after_opt_out" and not stopped:
        when, who = situation.as_of, f"Had you {did}"
    else:
        when, who = stopped, f"You {did}"
    if when is not None and when < rule.span.possible_from:  # type: ignore[operator]
        return f"{who} on {when}, before this rule began."
    began = "the day this rule began" if when == rule.span.possible_from else "after this rule began"
    note = control.note if control else ""
    extra = " ".join(rule.caveats_for(situation.region, when_key))
    return f"{who} on {when}, {began}: {note} {extra}".strip()


def caveats(platform: str, situation: Situation) -> list[dict[str, str]]:
    """Notes that change how the verdicts read for this member: the caveats of the rules in force for them on the
    as-of day, for their region and settings."""
    whens = {"always"} | ({"opted_out"} if situation.opted_out_on else set()) | (
        {"objection_filed"} if situation.objection_filed_on else set())
    out: list[dict[str, str]] = []
    for rule in rules_in_force(platform, situation):
        for when in sorted(whens):
            texts = rule.caveats_for(situation.region, when)
            out += [{"rule_id": rule.id, "when": when, "text": text} for text in texts
                    if not any(c["text"] == text for c in out)]
    return out


@dataclass(frozen=True)
class Action:
    what: str  # e.g. "Stop future generative-AI training on your data"
    control: Control
    covers: str  # what it covers
    rule_ids: tuple[str, ...]


_ACTION_TITLES = {
    ("setting", "genai"): "Stop future generative-AI training on your data",
    ("setting", "partner_ai"): "stop your content going to affiliates for their AI",
    ("setting", "ads"): "Stop sharing your data with affiliates for advertising",
    ("form", "genai"): "Object to generative-AI training",
    ("form", "other_ml"): "Object to other AI/ML training (personalisation, safety, classification)",
    ("delete", "genai"): "Delete what you do not want used for AI training (there is no setting)",
}
_ORDER = list(_ACTION_TITLES)


def actions(platform: str, situation: Situation) -> list[Action]:
    """What the member can still do on the as-of day: the controls of the rules certainly in force for them, less
    the setting they already switched off and the form they already sent; one action per setting or form."""
    found: dict[str, tuple[list[tuple[str, str]], Control, list[str], list[str]]] = {}
    for rule in all_rules(platform):
        if not (rule.applies_to_region(situation.region) and rule.in_force_on(situation.as_of)):
            continue
        for control in (rule.opt_out, rule.objection):
            if control is None or control.mechanism not in ("setting", "form", "delete"):
                continue
            if control.mechanism == "form" and situation.objection_filed_on:
                continue  # already sent
            if control.mechanism == "setting" and situation.opted_out_on and rule.purpose in ("genai", "partner_ai"):
                continue  # already switched off
            kinds, _, notes, rule_ids = found.setdefault(control.url or control.name, ([], control, [], []))
            kind = (control.mechanism, rule.purpose)
            if kind not in kinds:
                kinds.append(kind)
            if control.note and control.note not in notes:
                notes.append(control.note)
            rule_ids.append(rule.id)
    out = []
    for kinds, control, notes, rule_ids in found.values():
        kinds.sort(key=_ORDER.index)
        titles = [_ACTION_TITLES[k] for k in kinds]
        what = "; ".join([titles[0], *(t[0].lower() + t[1:] for t in titles[1:])])
        # one form with several options: named without the option, described by its first (most specific) note
        name = control.name.split(" (")[0] if len(kinds) > 1 else control.name
        merged = Control(control.mechanism, control.effect, name, control.path, control.url, notes[0] if notes else "")
        out.append((_ORDER.index(kinds[0]), Action(what, merged, ", ".join(rule_ids), tuple(rule_ids))))
    return [action for _, action in sorted(out, key=lambda pair: pair[0])]
