"""Per-record verdicts, vectorised over the record table (one polars expression per rule, no Python loop per row).

Tri-state values are coded 0 = false, 1 = unknown, 2 = true, so that "most exposed" across rules of one purpose is
a maximum and "all conditions hold" within a rule is a minimum (policies.md §0, steps 2-6).
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from toolkit.policy.rules import Rule
from toolkit.policy.situation import Situation

FALSE, UNKNOWN, TRUE = 0, 1, 2
CODE = {True: TRUE, None: UNKNOWN, False: FALSE}
LABELS = ("false", "unknown", "true")
VERDICTS = ("in_scope_genai_now", "in_scope_genai_after_opt_out", "maybe_already_used", "in_scope_other_ml")
EXTRA_VERDICTS = ("in_scope_partner_ai", "in_scope_ads")  # reported beside the contract's, never counted as them

_created = pl.col("created_at").dt.date()
_DAY = timedelta(days=1)


def _const(value: int) -> pl.Expr:
    return pl.lit(value, dtype=pl.Int8)


def _existed_before(day: date, situation: Situation) -> pl.Expr:
    """Did the record exist at some time before `day`? Undated records existed when the archive was made."""
    undated = TRUE if situation.exported_on and situation.exported_on < day else UNKNOWN
    return (
        pl.when(_created.is_null()).then(_const(undated))
        .when(_created < day).then(_const(TRUE))
        .otherwise(_const(FALSE))
    )


def _category(rule: Rule) -> pl.Expr:
    """The rule's verdict for each record's category, refined by visibility where the rule says."""
    codes = {category: CODE[verdict] for category, verdict in rule.categories.items()}
    expr = pl.col("policy_category").replace_strict(codes, default=CODE[rule.unlisted], return_dtype=pl.Int8)
    for category, by_visibility in rule.visibility.items():
        vis_codes = {vis: CODE[verdict] for vis, verdict in by_visibility.items()}
        refined = pl.col("visibility").replace_strict(vis_codes, default=UNKNOWN, return_dtype=pl.Int8)
        expr = pl.when(pl.col("policy_category") == category).then(refined).otherwise(expr)
    if rule.evaluate_as_unknown or rule.effective_from is None:
        expr = pl.min_horizontal(expr, _const(UNKNOWN))
    return expr


def _age_allows(rule: Rule, situation: Situation, before: date) -> int:
    """May the member's data be used at some time before `before`, given the rule's age limit?"""
    turns_18 = situation.adult_from(18)
    if turns_18 is None or turns_18 < before:
        return TRUE
    if rule.min_age is not None:
        return FALSE
    return UNKNOWN if rule.minors_unknown else TRUE


def _setting_allows(rule: Rule, situation: Situation, day: date, opted_out_on: date | None) -> pl.Expr:
    """The member's opt-out and objection, as the rule says they work (prospective, or a mere request)."""
    allowed = _const(TRUE)
    if rule.opt_out and rule.opt_out.mechanism == "setting" and opted_out_on and opted_out_on <= day:
        if rule.effective_from is not None and opted_out_on <= rule.effective_from:
            allowed = _const(FALSE)  # off before the rule began: nothing was ever in scope under it
        else:
            late = CODE[rule.late_opt_out_existing]
            allowed = pl.min_horizontal(_existed_before(opted_out_on, situation), _const(late))
    if rule.objection and situation.objection_filed_on and situation.objection_filed_on <= day:
        allowed = pl.min_horizontal(allowed, _const(UNKNOWN))  # the platform decides whether to honour it
    return allowed


def _now(rule: Rule, situation: Situation, opted_out_on: date | None) -> pl.Expr:
    day = situation.as_of
    return pl.min_horizontal(
        _category(rule),
        _existed_before(day + _DAY, situation),
        _const(_age_allows(rule, situation, day + _DAY)),
        _setting_allows(rule, situation, day, opted_out_on),
    )


def _already_used(rule: Rule, situation: Situation) -> pl.Expr | None:
    """Could the record have been used under this rule at any time up to as-of (opting out does not undo it)?"""
    end = situation.as_of + _DAY
    if rule.effective_to is not None:
        end = min(end, rule.effective_to)
    opted = situation.opted_out_on
    if opted is not None and rule.opt_out and rule.opt_out.mechanism == "setting":
        if rule.effective_from is not None and opted <= rule.effective_from:
            return None
        end = min(end, opted)
    if rule.effective_from is not None and rule.effective_from >= end:
        return None
    return pl.min_horizontal(_category(rule), _existed_before(end, situation),
                             _const(_age_allows(rule, situation, end)))


def evaluate(records: pl.DataFrame, rules: list[Rule], situation: Situation) -> pl.DataFrame:
    """Verdict columns for every record: the contract's four, two reported beside them, and rule_ids."""
    day = situation.as_of
    here = [r for r in rules if r.applies_to_region(situation.region)]
    after = min(situation.opted_out_on, day) if situation.opted_out_on else day
    columns: dict[str, list[pl.Expr]] = {name: [] for name in (*VERDICTS, *EXTRA_VERDICTS)}
    deciding: list[tuple[str, pl.Expr]] = []
    purpose_column = {"other_ml": "in_scope_other_ml", "partner_ai": "in_scope_partner_ai", "ads": "in_scope_ads"}
    for rule in here:
        if rule.in_force_on(day):
            now = _now(rule, situation, situation.opted_out_on)
            if rule.purpose == "genai":
                columns["in_scope_genai_now"].append(now)
                columns["in_scope_genai_after_opt_out"].append(_now(rule, situation, after))
            else:
                columns[purpose_column[rule.purpose]].append(now)
            deciding.append((rule.id, pl.lit(True)))
        if rule.purpose == "genai":
            used = _already_used(rule, situation)
            if used is not None:
                columns["maybe_already_used"].append(used)
                if not rule.in_force_on(day):
                    deciding.append((rule.id, used > FALSE))
    exprs = [
        (pl.max_horizontal(parts) if parts else _const(FALSE)).cast(pl.Int8).alias(name)
        for name, parts in columns.items()
    ]
    rule_ids = pl.concat_str(
        [pl.when(cond).then(pl.lit(rule_id)) for rule_id, cond in deciding], separator=";", ignore_nulls=True
    ) if deciding else pl.lit("")
    return records.select("record_id", *exprs, rule_ids.alias("rule_ids"))


def labels(verdicts: pl.DataFrame) -> pl.DataFrame:
    """Codes to the contract's `true` / `false` / `unknown`."""
    names = [c for c in (*VERDICTS, *EXTRA_VERDICTS) if c in verdicts.columns]
    return verdicts.with_columns(
        pl.col(c).replace_strict(dict(enumerate(LABELS)), return_dtype=pl.String) for c in names
    )
