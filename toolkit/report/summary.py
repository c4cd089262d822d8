"""The exposure summary (CONTRACT.md "JSON summary"), computed once and rendered by every output."""

from __future__ import annotations

from typing import Any

import polars as pl

from toolkit import __version__, labels, platforms, policy
from toolkit.pipeline import Scan, today
from toolkit.policy.evaluate import TRUE, UNKNOWN

COUNTED = ("in_scope_genai_now", "in_scope_genai_after_opt_out", "maybe_already_used", "in_scope_other_ml",
           "in_scope_partner_ai", "in_scope_ads")


def unknown_key(verdict: str) -> str:
    """The summary key counting a verdict's unknowns: in_scope_genai_now -> unknown_genai_now."""
    return f"unknown_{verdict.removeprefix('in_scope_')}"


def _counts(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Per category: records, each verdict's true and unknown, records with personal data, flagged ones."""
    exprs: list[pl.Expr] = [pl.len().alias("records")]
    for name in COUNTED:
        exprs.append((pl.col(name) == TRUE).sum().alias(name))
        exprs.append((pl.col(name) == UNKNOWN).sum().alias(unknown_key(name)))
    exprs += [(pl.col("pii_count") > 0).sum().alias("with_pii"), pl.col("flagged").sum().alias("flagged")]
    return frame.group_by("category").agg(exprs)


def _row(values: dict[str, Any]) -> dict[str, int]:
    return {k: int(v) for k, v in values.items() if k != "category"}


def _origin(source: str, where: str | None) -> str:
    """Where a fact about the member came from, in words."""
    return {"option": "from your options", "archive": f"from {where or 'the archive'}",
            "default": "default: the archive does not say", "unknown": "unknown: treated as an adult"}[source]


def build(scan: Scan) -> dict[str, Any]:
    read = scan.archive.read
    situation = scan.member.situation
    in_force = policy.rules_in_force(read.platform, situation)
    table = scan.table.lazy()
    # every count over the records and the findings in one plan: polars works on them side by side
    by_category, owners, whole, files, rule_ids = pl.collect_all([
        _counts(table).sort("records", "category", descending=[True, False]),
        scan.findings.lazy().group_by("entity_type").agg(
            pl.len(), (~pl.col("third_party")).sum().alias("member"), pl.col("third_party").sum()).sort("entity_type"),
        table.select((pl.col("created_at").dt.date() > situation.as_of).sum().alias("after_as_of"),
                     pl.col("third_party_pii").sum()),
        table.group_by("category", "source_file").len().sort("category", "len", "source_file",
                                                             descending=[False, True, False]),
        table.select(pl.col("rule_ids").unique().drop_nulls()),
    ])
    totals = by_category.drop("category").sum().row(0, named=True)  # every count adds up across categories
    pii_by_type = {entity: int(count) for entity, count in owners.select("entity_type", "len").iter_rows()}
    pii_by_owner = {row["entity_type"]: {"member": int(row["member"]), "third_party": int(row["third_party"])}
                    for row in owners.iter_rows(named=True)}
    after_as_of, with_their_data = whole.row(0)
    category_files: dict[str, dict[str, int]] = {}
    for category, source_file, count in files.iter_rows():
        category_files.setdefault(category, {})[source_file] = int(count)
    # a few distinct rule_ids strings stand for a million records: split those, not every record's
    deciding = sorted({rule for ids in rule_ids["rule_ids"] for rule in ids.split(";") if rule})
    other_people = {
        "named_in_archive": len(scan.archive.facts.others),  # connections, correspondents, endorsers...
        "records_with_their_data": int(with_their_data),
        "findings": int(owners["third_party"].sum()),
    }
    return {
        "toolkit_version": __version__,
        "archive": {
            "platform": read.platform,
            "sha256": scan.archive.sha256,
            "exported_on": read.exported_on.isoformat() if read.exported_on else None,
            "files_recognised": [{"path": f.path, "records": f.records} for f in read.recognised],
            "files_unknown": read.unknown,
            "files_unreadable": [{"path": f.path, "reason": f.skipped} for f in read.unreadable],
        },
        "member": {
            "region": situation.region,
            "region_source": scan.member.region_source,
            "region_from": scan.member.region_from,
            "birth_date": situation.birth_date.isoformat() if situation.birth_date else None,
            "birth_date_source": scan.member.birth_date_source,
            "birth_date_from": scan.member.birth_date_from,
            "region_note": _origin(scan.member.region_source, scan.member.region_from),
            "birth_date_note": _origin(scan.member.birth_date_source, scan.member.birth_date_from),
            "minor": situation.minor,
        },
        "settings": {
            "as_of": situation.as_of.isoformat(),
            "as_of_is_today": situation.as_of == today(),
            "opted_out_on": situation.opted_out_on.isoformat() if situation.opted_out_on else None,
            "objection_filed_on": situation.objection_filed_on.isoformat() if situation.objection_filed_on else None,
            # whether the platform offers a setting that stops generative-AI training at all (Reddit does not)
            "setting_offered": any(r.opt_out is not None and r.opt_out.mechanism == "setting" and r.purpose == "genai"
                                   for r in in_force),
            # whether an objection form stops it going forward, as a setting would (Meta's)
            "objection_stops": any(r.objection is not None and r.objection.effect == "prospective"
                                   and r.purpose == "genai" for r in in_force),
        },
        "policy_versions": [
            {"id": v.id, "effective_from": v.effective_from.isoformat(), "source": v.source.url, "title": v.title}
            for v in scan.versions
        ],
        "rules_in_force": [r.id for r in in_force],
        "rules_deciding": deciding,  # every rule named by some record's verdicts: the rules that applied to you
        "purposes": sorted({r.purpose for r in policy.all_rules(read.platform)}),  # what this platform's rules cover
        "records_after_as_of": int(after_as_of),  # dated after the as-of day: they did not exist yet
        "category_files": category_files,
        "other_people": other_people,
        "totals": _row(totals),
        "by_category": {row["category"]: _row(row) for row in by_category.iter_rows(named=True)},
        "pii_by_type": pii_by_type,
        "pii_by_owner": pii_by_owner,
        # the languages of the texts read for names (those that may hold one), and how each is read
        "languages": [{"language": code, "name": labels.LANGUAGE.get(code, code), "texts": count,
                       "coverage": labels.LANGUAGE_COVERAGE.get(code, "")}
                      for code, count in sorted(scan.languages.items(), key=lambda kv: (-kv[1], kv[0]))],
        "unknown_reasons": [  # why records are unknown for generative-AI training now (the terminal's list)
            {k: r[k] for k in ("category", "policy_category", "records", "rule_id", "reason")}
            for r in scan.reasons if r["verdict"] == "in_scope_genai_now" and r["value"] == "unknown"
        ],
        "verdict_reasons": scan.reasons,  # every verdict's value per category, with the rule and reason
        "caveats": policy.caveats(read.platform, situation),
        "actions": [
            {"what": a.what, "mechanism": a.control.mechanism, "name": a.control.name, "path": a.control.path,
             "url": a.control.url,
             "note": a.control.note, "rule_ids": list(a.rule_ids)}
            for a in policy.actions(read.platform, situation)
        ],
    }


def languages_line(summary: dict[str, Any]) -> str:
    """The languages found and how each was read, languages read the same way together: 'Languages of the texts
    read for names: German 95, Dutch 90 (names by ...); English 87 (...).' Empty without languages."""
    groups: dict[str, list[str]] = {}
    for lang in summary.get("languages", []):
        groups.setdefault(lang["coverage"], []).append(f"{lang['name']} {lang['texts']:,}")
    if not groups:
        return ""
    return "Languages of the texts read for names: " + "; ".join(
        f"{', '.join(names)} ({coverage})" for coverage, names in groups.items()) + "."


def when(summary: dict[str, Any]) -> str:
    """'now', or 'on 2025-12-01' when the verdicts are for another day than today."""
    settings = summary["settings"]
    return "now" if settings.get("as_of_is_today") else f"on {settings['as_of']}"


def _plus(unknown: int, word: str = "unknown") -> str:
    return f" (+{unknown:,} {word})" if unknown else ""


def opted_out_on(summary: dict[str, Any]) -> str | None:
    """The day the member switched the platform's generative-AI setting off: None where they did not, or where the
    platform offers no such setting (a day given for Facebook or Reddit changes no verdict)."""
    settings = summary["settings"]
    return settings["opted_out_on"] if settings.get("setting_offered", True) else None


def setting_state(summary: dict[str, Any]) -> str:
    """The generative-AI setting as the member has it: 'off since ...', 'on (default)', or none and what the
    platform offers instead."""
    settings = summary["settings"]
    if not settings.get("setting_offered", True):
        name = platforms.get(summary["archive"]["platform"]).display_name
        instead = "an objection form instead" if settings.get("objection_stops") else "no setting"
        return f"none ({name} offers {instead})"
    opted = opted_out_on(summary)
    return f"off since {opted}" if opted else "on (default)"


def after_opt_out(summary: dict[str, Any]) -> str:
    """What the after-opt-out count assumes, in words: the member's opt-out or objection, or one made on the as-of
    day; where the platform offers neither, that nothing can be switched off."""
    settings = summary["settings"]
    day = "today" if settings.get("as_of_is_today") else f"on {settings['as_of']}"
    if settings.get("setting_offered", True):
        opted = opted_out_on(summary)
        return f"after your opt-out on {opted}" if opted else f"had you opted out {day}"
    if settings.get("objection_stops"):
        filed = settings["objection_filed_on"]
        return f"after your objection on {filed}" if filed else f"had you objected {day}"
    return "with no setting to switch off"


def headline(summary: dict[str, Any]) -> list[str]:
    """The member's situation in a few plain sentences: what is used now, what opting out changes and does not."""
    totals, settings = summary["totals"], summary["settings"]
    name = platforms.get(summary["archive"]["platform"]).display_name
    now, now_u = totals["in_scope_genai_now"], totals["unknown_genai_now"]
    out = [f"{now:,} of your {totals['records']:,} records are in scope for {name}'s generative-AI training "
           f"{when(summary)}" + (f", and {now_u:,} more may be: the sources do not settle them." if now_u else ".")]
    after, after_u = totals["in_scope_genai_after_opt_out"], totals["unknown_genai_after_opt_out"]
    if opted_out_on(summary):
        out.append(f"You switched the setting off on {settings['opted_out_on']}; {after:,} remain in scope"
                   f"{_plus(after_u)}.")
    elif settings.get("objection_stops") and settings["objection_filed_on"]:
        out.append(f"You objected on {settings['objection_filed_on']}; {after:,} remain in scope{_plus(after_u)}.")
    elif settings.get("objection_stops"):
        out.append(f"{name} offers an objection form instead of a setting: objecting today would leave {after:,} in "
                   f"scope{_plus(after_u)}.")
    elif not settings.get("setting_offered", True):
        out.append(f"{name} offers no setting to stop it: deleting posts and comments is what stops their future "
                   "use.")
    else:
        out.append(f"Switching the setting off would leave {after:,} in scope{_plus(after_u)}.")
    if settings["opted_out_on"] and not opted_out_on(summary):  # (in the same sentence: the report picks them)
        out[-1] += (f" {name} has no setting to switch off, so the day given with --opted-out-on "
                    f"({settings['opted_out_on']}) changes nothing here.")
    used, used_u = totals["maybe_already_used"], totals["unknown_maybe_already_used"]
    if used or used_u:
        out.append(f"{used:,} may already be in trained models{_plus(used_u)}: opting out does not undo that.")
    else:
        out.append("None was in scope on an earlier day, so none should already be in trained models.")
    other, other_u = totals["in_scope_other_ml"], totals["unknown_other_ml"]
    setting = settings.get("setting_offered", True)  # (where there is none, nothing to say it does not cover)
    if other or not other_u:
        tail = "; the setting does not cover that." if setting else "."
        out.append(f"{other:,} are in scope for other AI/ML, such as personalisation, ranking and safety"
                   f"{_plus(other_u)}{tail}")
    else:
        tail = ", and the setting does not cover it." if setting else "."
        out.append("For other AI/ML, such as personalisation, ranking and safety, the sources do not say which data "
                   f"is used: {other_u:,} records are unknown there{tail}")
    people = summary["other_people"]
    if people["records_with_their_data"]:
        out.append(f"Your archive names {people['named_in_archive']:,} other people, and "
                   f"{people['records_with_their_data']:,} records carry other people's personal data.")
    return out
