"""Per-record verdicts, vectorised over the record table (polars expressions per rule, no Python loop per row).

Tri-state values are coded 0 = false, 1 = unknown, 2 = true, so that "most exposed" across rules of one purpose is
a maximum and "all conditions hold" within a rule is a minimum (policies.md §0, steps 2-6).

Beside each verdict the evaluator keeps *why*: a code naming the rule that decided it and the condition that limited
that rule (the record's category, its visibility, a date the sources only bound, the member's age, the opt-out, the
objection...). `toolkit.policy.explain` turns the codes into words. A verdict no rule covers is `unknown`, never
`false`: every `false` names a rule.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from toolkit.policy.rules import Rule
from toolkit.policy.situation import Situation

FALSE, UNKNOWN, TRUE = 0, 1, 2
CODE = {True: TRUE, None: UNKNOWN, False: FALSE}
LABELS = ("false", "unknown", "true")
VERDICTS = ("in_scope_genai_now", "in_scope_genai_after_opt_out", "maybe_already_used", "in_scope_other_ml")
EXTRA_VERDICTS = ("in_scope_partner_ai", "in_scope_ads")  # reported beside the contract's, never counted as them
PURPOSE_OF = {"in_scope_genai_now": "genai", "in_scope_genai_after_opt_out": "genai", "maybe_already_used": "genai",
              "in_scope_other_ml": "other_ml", "in_scope_partner_ai": "partner_ai", "in_scope_ads": "ads"}

# Why a rule gave a record the value it did: the first condition, in this order, that limits it (the member's age
# first: where it limits a verdict it is the reason that matters most to them).
CAUSES = (
    "in_scope",  # nothing limits it: the rule covers the record
    "not_yet",  # the record did not exist yet on the days that count
    "undated",  # the archive gives no date, so whether it existed then is unknown
    "minor",  # the member was under 18 then
    "created_as_minor",  # created while the member was under 18, used after they turned 18
    "category",  # the rule's category list (excluded, unclear or not named)
    "visibility",  # the record's visibility (public, connections-only, not given)
    "low_evidence",  # the rule is marked evaluate_as: unknown
    "date_start",  # the rule's start is only bounded by the sources
    "date_end",  # the rule's end is only bounded by the sources
    "opted_out",  # the member's setting
    "objection",  # the member's objection: a request the platform considers
)
CAUSE = {name: i for i, name in enumerate(CAUSES)}
NO_RULE = -1  # the why-code of a verdict no rule covers
_WHY_STRIDE = 16  # why-code = rule index * stride + cause

_created = pl.col("created_at").dt.date()
_DAY = timedelta(days=1)


def why_column(verdict: str) -> str:
    return f"why_{verdict}"


@functools.cache  # (an expression is immutable: one for each value, not one per use)
def _const(value: int) -> pl.Expr:
    return pl.lit(value, dtype=pl.Int8)


def _cause(name: str) -> pl.Expr:
    return _const(CAUSE[name])


@dataclass
class _Part:
    """One condition (or one combination): a tri-state value per record and the cause that limits it."""

    value: pl.Expr
    cause: pl.Expr

    @staticmethod
    def of(value: pl.Expr | int, cause: str | pl.Expr) -> _Part:
        expr = _const(value) if isinstance(value, int) else value
        return _Part(expr, _cause(cause) if isinstance(cause, str) else cause)


class _Steps:
    """Values that later expressions combine, computed first as columns of their own, in waves (a value needs the
    waves before it): an expression then names what it combines instead of repeating it. Nested, the verdicts'
    expressions repeated their parts at every level, up to ~90 KB of plan that polars took ~45 ms to optimise,
    however few the rows."""

    def __init__(self) -> None:
        self.waves: list[list[pl.Expr]] = []
        self.wave_of: dict[str, int] = {}

    def named(self, expr: pl.Expr) -> pl.Expr:
        wave = 1 + max((self.wave_of.get(name, -1) for name in expr.meta.root_names()), default=-1)
        name = f"\0step {len(self.wave_of)}"
        self.wave_of[name] = wave
        if wave == len(self.waves):
            self.waves.append([])
        self.waves[wave].append(expr.alias(name))
        return pl.col(name)

    def computed(self, records: pl.DataFrame) -> pl.LazyFrame:
        frame = records.lazy()
        for wave in self.waves:
            frame = frame.with_columns(wave)
        return frame


def _all_of(parts: list[_Part], steps: _Steps) -> _Part:
    """The least exposed of the conditions; its cause is the first condition that reaches that value."""
    parts = [_Part(steps.named(p.value), p.cause) for p in parts]
    value = steps.named(pl.min_horizontal([p.value for p in parts]))
    cause = pl.when(value == TRUE).then(_cause("in_scope"))
    for part in parts:
        cause = cause.when(part.value == value).then(part.cause)
    return _Part(value, steps.named(cause.otherwise(_cause("in_scope"))))


def _any_of(parts: list[_Part], steps: _Steps) -> _Part:
    """The most exposed of several windows; its cause is the first window that reaches that value."""
    if len(parts) == 1:
        return parts[0]
    value = steps.named(pl.max_horizontal([p.value for p in parts]))
    cause = pl.when(parts[0].value == value).then(parts[0].cause)
    for part in parts[1:]:
        cause = cause.when(part.value == value).then(part.cause)
    return _Part(value, steps.named(cause.otherwise(parts[0].cause)))


def _existed_before(day: date, situation: Situation) -> _Part:
    """Did the record exist at some time before `day`? Undated records existed when the archive was made."""
    undated = TRUE if situation.exported_on and situation.exported_on < day else UNKNOWN
    value = (pl.when(_created.is_null()).then(_const(undated))
             .when(_created < day).then(_const(TRUE)).otherwise(_const(FALSE)))
    cause = pl.when(_created.is_null()).then(_cause("undated")).otherwise(_cause("not_yet"))
    return _Part(value, cause)


def _category(rule: Rule, past: bool = False) -> list[_Part]:
    """The rule's verdict for the record's category, and the most its visibility allows where the rule says.

    `past`: judging days before the export, when content the archive gives as non-public may still have been
    public, where the rule says so (visibility_past: unknown; Meta: making a post non-public stops future use only).
    """
    codes = {category: CODE[verdict] for category, verdict in rule.categories.items()}
    parts = [_Part.of(pl.col("policy_category").replace_strict(codes, default=CODE[rule.unlisted],
                                                               return_dtype=pl.Int8), "category")]
    if rule.visibility:
        cap = _const(TRUE)
        for category, by_visibility in rule.visibility.items():
            vis_codes = {vis: CODE[verdict] for vis, verdict in by_visibility.items()}
            refined = pl.col("visibility").replace_strict(vis_codes, default=UNKNOWN, return_dtype=pl.Int8)
            if past and rule.visibility_past_unknown:
                refined = pl.max_horizontal(refined, _const(UNKNOWN))
            cap = pl.when(pl.col("policy_category") == category).then(refined).otherwise(cap)
        parts.append(_Part.of(cap, "visibility"))
    if rule.evaluate_as_unknown:
        parts.append(_Part.of(UNKNOWN, "low_evidence"))
    return parts


def _age(rule: Rule, situation: Situation, start: date, end: date) -> _Part:
    """The member's age on the days [start, end), which never straddle their 18th birthday (policies.md §0 step 4).

    Under 18 then: `false` where the rule has an age limit, `unknown` where its sources say nothing about minors.
    Adult then, but the record was made while a minor: `unknown` (no platform says whether it is used).
    """
    adult_on = situation.adult_from(rule.min_age or 18)
    if adult_on is None or not rule.has_age_rule():
        return _Part.of(TRUE, "minor")
    if end <= adult_on:
        return _Part.of(FALSE if rule.min_age is not None else UNKNOWN, "minor")
    undated_ok = TRUE if situation.records_since and situation.records_since >= adult_on else UNKNOWN
    value = (pl.when(_created.is_null()).then(_const(undated_ok))
             .when(_created < adult_on).then(_const(UNKNOWN)).otherwise(_const(TRUE)))
    return _Part.of(value, "created_as_minor")


def _dates(rule: Rule, start: date, end: date) -> _Part:
    """TRUE on days the rule was certainly in force; UNKNOWN where the sources only bound its start or end."""
    span = rule.span
    if span.known_from <= start and end <= span.known_to:
        return _Part.of(TRUE, "date_start")
    return _Part.of(UNKNOWN, "date_start" if start < span.known_from else "date_end")


def _stop_date(rule: Rule, situation: Situation) -> date | None:
    """The day the member stopped this rule going forward, if they did: the setting switched off, or an objection
    the platform honours (Meta's form). An objection the platform only considers stops nothing for certain."""
    return {"opted_out": situation.opted_out_on, "objection": situation.objection_filed_on}.get(
        _stop_cause(rule) or "")


def _stop_cause(rule: Rule) -> str | None:
    if rule.opt_out is not None and rule.opt_out.mechanism == "setting":
        return "opted_out"
    if rule.objection is not None and rule.objection.effect == "prospective":
        return "objection"
    return None


def _opted_before_start(rule: Rule, opted: date) -> bool:
    """Off before the earliest day the rule may have begun: nothing was ever in scope under it. Off on the first day
    itself counts as late (the Garante: an objection "prima del 3 novembre" covers everything)."""
    return opted < rule.span.possible_from


def _objected(rule: Rule, situation: Situation, on: date) -> bool:
    """An objection the platform considers (not a switch): after it, at most unknown."""
    return rule.objection is not None and rule.objection.effect == "objection_request" and (
        situation.objection_filed_on is not None and situation.objection_filed_on <= on)


def _on_day(rule: Rule, situation: Situation, stopped: date | None, steps: _Steps) -> _Part:
    """The rule's verdict for each record on the as-of day, with the member having stopped it (setting or honoured
    objection) on `stopped`, if at all."""
    day = situation.as_of
    parts = [_existed_before(day + _DAY, situation), _age(rule, situation, day, day + _DAY), *_category(rule),
             _dates(rule, day, day + _DAY)]
    cause = _stop_cause(rule)
    if cause and stopped is not None and stopped <= day:
        if _opted_before_start(rule, stopped):
            parts.append(_Part.of(FALSE, cause))
        else:  # prospective: what existed before is what the rule says of late opt-outs; what came after, out
            before = _existed_before(stopped, situation)
            parts.append(_Part.of(pl.min_horizontal(before.value, _const(CODE[rule.late_opt_out_existing])), cause))
    if _objected(rule, situation, day):
        parts.append(_Part.of(UNKNOWN, "objection"))
    return _all_of(parts, steps)


def _used(rule: Rule, situation: Situation, steps: _Steps) -> _Part | None:
    """Could the record have been used under this rule on some day up to as-of? Opting out does not undo it.

    The days the rule possibly applied (up to as-of and the opt-out) are cut where the certainty of its dates, the
    objection and the member's 18th birthday change; the record is judged on each piece and the most exposed wins.
    """
    span = rule.span
    stopped = _stop_date(rule, situation)
    end = min(span.possible_to, situation.as_of + _DAY)
    if span.possible_from >= end:
        return None
    # Stopped on the rule's first possible day: late (only an objection "prima del 3 novembre" covers everything,
    # Garante 2025-10-28), yet no earlier day was in scope. Whether that day's use came first is not settled.
    first_day = stopped is not None and stopped == span.possible_from
    if stopped is not None:
        if _opted_before_start(rule, stopped):
            return _Part.of(FALSE, _stop_cause(rule))  # type: ignore[arg-type]
        end = min(end, stopped + _DAY if first_day else stopped)
    cuts = {span.possible_from, end}
    adult_on = situation.adult_from(rule.min_age or 18) if rule.has_age_rule() else None
    considered = rule.objection is not None and rule.objection.effect == "objection_request"
    objection = situation.objection_filed_on if considered else None
    cuts |= {d for d in (span.known_from, span.known_to, objection, adult_on) if d and span.possible_from < d < end}
    bounds = sorted(cuts)
    pieces = []
    for start, stop in itertools.pairwise(bounds):
        parts = [_existed_before(stop, situation), _age(rule, situation, start, stop), *_category(rule, past=True),
                 _dates(rule, start, stop)]
        if objection and start >= objection:
            parts.append(_Part.of(UNKNOWN, "objection"))
        if first_day:
            parts.append(_Part.of(UNKNOWN, _stop_cause(rule)))  # type: ignore[arg-type]
        pieces.append(_all_of(parts, steps))
    return _any_of(pieces, steps)


def evaluate(records: pl.DataFrame, rules: list[Rule], situation: Situation) -> pl.DataFrame:
    """Verdict columns for every record (the contract's four and two beside them), each with its why-code column,
    and rule_ids: every rule that decided one of them."""
    return evaluate_counted(records, rules, situation)[0]


def evaluate_counted(records: pl.DataFrame, rules: list[Rule], situation: Situation) -> tuple[pl.DataFrame,
                                                                                              pl.DataFrame]:
    """`evaluate`, and the verdicts of each combination of category, policy category and visibility with how many
    records have them (`len`): what policy.explain reads, rather than grouping a million records again.

    A record's verdicts depend only on its policy category, its visibility and where its date falls among the few
    days the rules compare dates with, so they are computed once per such combination (tens to hundreds of rows,
    whatever the archive's size) and joined back.
    """
    days = pl.Series(sorted(_compared_days(rules, situation)), dtype=pl.Date)
    slot = pl.lit(days).search_sorted(_created, side="right").cast(pl.Int32)  # how many compared days are <= it
    # (lazily: an eager select of the record table, whose columns come in pieces of different lengths, would copy
    # every column into one piece first)
    keyed = records.lazy().select("category", "policy_category", "visibility",
                                  pl.when(_created.is_null()).then(None).otherwise(slot).alias("_slot")).collect()
    counted = keyed.group_by("category", "policy_category", "visibility", "_slot").len()
    keys = counted.select("policy_category", "visibility", "_slot").unique()
    # one date standing for each slot: the compared day it follows, or the day before the first one
    stand_in = pl.concat([pl.Series([days[0] - _DAY], dtype=pl.Date), days])
    combos = keys.with_columns(
        pl.lit(stand_in).gather(pl.col("_slot")).cast(pl.Datetime("us", "UTC")).alias("created_at"),
        pl.lit("").alias("record_id"))
    # rule_ids as categories: a few distinct strings, not one per record (a tenth of the record table's memory)
    verdicts = verdict_frame(combos, rules, situation).drop("record_id").with_columns(
        pl.col("rule_ids").cast(pl.Categorical))
    by_key = pl.concat([keys, verdicts], how="horizontal")
    joined = keyed.join(by_key, on=["policy_category", "visibility", "_slot"], how="left", nulls_equal=True,
                        maintain_order="left").drop("category", "policy_category", "visibility", "_slot")
    combinations = counted.join(by_key, on=["policy_category", "visibility", "_slot"], how="left", nulls_equal=True)
    # (the record ids put beside the verdicts as they are: through the join they were copied)
    return pl.DataFrame([records.get_column("record_id"), *joined.get_columns()]), combinations.drop("_slot")


def _compared_days(rules: list[Rule], situation: Situation) -> set[date]:
    """Every day a record's date is compared with (the as-of day, the opt-out, the objection, the 18th birthdays and
    the rules' bounds): records whose dates fall between the same two of these days get the same verdicts."""
    day = situation.as_of
    out = {day + _DAY, day}
    stops = {d for d in (situation.opted_out_on, situation.objection_filed_on) if d}
    out |= stops | {d + _DAY for d in stops}  # and the day after: a stop on a rule's first day (_used)
    for rule in rules:
        out |= {rule.span.possible_from, rule.span.known_from, rule.span.known_to, rule.span.possible_to}
        adult_on = situation.adult_from(rule.min_age or 18)
        if adult_on:
            out.add(adult_on)
    return {d for d in out if date.min < d < date.max}


def verdict_frame(records: pl.DataFrame, rules: list[Rule], situation: Situation) -> pl.DataFrame:
    """The verdicts computed directly on each row of `records` (evaluate calls it on one row per combination)."""
    day = situation.as_of
    steps = _Steps()
    by_verdict: dict[str, list[tuple[int, _Part]]] = {name: [] for name in (*VERDICTS, *EXTRA_VERDICTS)}
    purpose_column = {"other_ml": "in_scope_other_ml", "partner_ai": "in_scope_partner_ai", "ads": "in_scope_ads"}
    for index, rule in enumerate(rules):
        if not rule.applies_to_region(situation.region):
            continue
        if rule.possibly_in_force_on(day):
            stopped = _stop_date(rule, situation)
            if rule.purpose == "genai":
                by_verdict["in_scope_genai_now"].append((index, _on_day(rule, situation, stopped, steps)))
                after = min(stopped, day) if stopped else day  # stopped today, if not already
                by_verdict["in_scope_genai_after_opt_out"].append((index, _on_day(rule, situation, after, steps)))
            else:
                # --opted-out-on is the generative-AI setting; the UK Microsoft-AI rule names the same setting
                keep = rule.purpose == "partner_ai" or _stop_cause(rule) == "objection"
                part = _on_day(rule, situation, stopped if keep else None, steps)
                by_verdict[purpose_column[rule.purpose]].append((index, part))
        if rule.purpose == "genai":
            used = _used(rule, situation, steps)
            if used is not None:
                by_verdict["maybe_already_used"].append((index, used))
    columns: list[pl.Expr] = []
    deciders: dict[int, list[pl.Expr]] = {}
    for name, entries in by_verdict.items():
        if not entries:  # no rule covers this purpose here and then: not known, and never a bare "false"
            columns += [_const(UNKNOWN).alias(name), pl.lit(NO_RULE, dtype=pl.Int16).alias(why_column(name))]
            continue
        values = [part.value for _, part in entries]
        final = steps.named(pl.max_horizontal(values)) if len(values) > 1 else values[0]
        chain: pl.Expr = pl.lit(NO_RULE, dtype=pl.Int16)
        for index, part in reversed(entries):  # the first rule reaching the final value names the reason
            code = pl.lit(index * _WHY_STRIDE, dtype=pl.Int16) + part.cause.cast(pl.Int16)
            chain = pl.when(part.value == final).then(code).otherwise(chain)
            deciders.setdefault(index, []).append(part.value == final)
        columns += [final.cast(pl.Int8).alias(name), chain.alias(why_column(name))]
    rule_ids = pl.concat_str(
        [pl.when(pl.any_horizontal(conds)).then(pl.lit(rules[i].id)) for i, conds in sorted(deciders.items())],
        separator=";", ignore_nulls=True,
    ).fill_null("") if deciders else pl.lit("")
    return steps.computed(records).select("record_id", *columns, rule_ids.alias("rule_ids")).collect()


def decode_why(code: int) -> tuple[int, str] | None:
    """A why-code as (rule index, cause); None where no rule covered the verdict."""
    if code == NO_RULE:
        return None
    return code // _WHY_STRIDE, CAUSES[code % _WHY_STRIDE]


def labels(verdicts: pl.DataFrame) -> pl.DataFrame:
    """Codes to the contract's `true` / `false` / `unknown`."""
    names = [c for c in (*VERDICTS, *EXTRA_VERDICTS) if c in verdicts.columns]
    return verdicts.with_columns(
        pl.col(c).replace_strict(dict(enumerate(LABELS)), return_dtype=pl.String) for c in names
    )
