"""The exposure summary (CONTRACT.md "JSON summary"), computed once and rendered by every output."""

from __future__ import annotations

from typing import Any

import polars as pl

from toolkit import __version__, policy
from toolkit.pipeline import Scan
from toolkit.policy.evaluate import TRUE, UNKNOWN

COUNTED = ("in_scope_genai_now", "in_scope_genai_after_opt_out", "maybe_already_used", "in_scope_other_ml",
           "in_scope_partner_ai", "in_scope_ads")


def unknown_key(verdict: str) -> str:
    """The summary key counting a verdict's unknowns: in_scope_genai_now -> unknown_genai_now."""
    return f"unknown_{verdict.removeprefix('in_scope_')}"


def _counts(frame: pl.DataFrame) -> pl.DataFrame:
    exprs: list[pl.Expr] = [pl.len().alias("records")]
    for name in COUNTED:
        exprs.append((pl.col(name) == TRUE).sum().alias(name))
        exprs.append((pl.col(name) == UNKNOWN).sum().alias(unknown_key(name)))
    has_pii = pl.col("pii_count") > 0 if "pii_count" in frame.columns else pl.lit(False)
    flagged = pl.col("flagged") if "flagged" in frame.columns else pl.lit(False)
    exprs += [has_pii.sum().alias("with_pii"), flagged.sum().alias("flagged")]
    return frame.select(exprs) if "category" not in frame.columns else frame.group_by("category").agg(exprs)


def _row(values: dict[str, Any]) -> dict[str, int]:
    return {k: int(v) for k, v in values.items() if k != "category"}


def _origin(source: str, where: str | None) -> str:
    """Where a fact about the member came from, in words."""
    return {"option": "from your options", "archive": f"from {where or 'the archive'}",
            "default": "default: the archive does not say", "unknown": "unknown: treated as an adult"}[source]


def build(scan: Scan) -> dict[str, Any]:
    read = scan.archive.read
    situation = scan.member.situation
    table = scan.table
    by_category = _counts(table).sort("records", descending=True)
    totals = _counts(table.drop("category")).row(0, named=True)
    findings = scan.findings
    pii_by_type = dict(findings.group_by("entity_type").len().sort("entity_type").iter_rows())
    owners = findings.group_by("entity_type").agg(
        (~pl.col("third_party")).sum().alias("member"), pl.col("third_party").sum().alias("third_party"))
    pii_by_owner = {row["entity_type"]: {"member": int(row["member"]), "third_party": int(row["third_party"])}
                    for row in owners.sort("entity_type").iter_rows(named=True)}
    return {
        "toolkit_version": __version__,
        "archive": {
            "platform": read.platform,
            "sha256": scan.archive.sha256,
            "exported_on": read.exported_on.isoformat() if read.exported_on else None,
            "files_recognised": [{"path": f.path, "records": f.records} for f in read.recognised],
            "files_unknown": read.unknown,
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
            "opted_out_on": situation.opted_out_on.isoformat() if situation.opted_out_on else None,
            "objection_filed_on": situation.objection_filed_on.isoformat() if situation.objection_filed_on else None,
        },
        "policy_versions": [
            {"id": v.id, "effective_from": v.effective_from.isoformat(), "source": v.source.url, "title": v.title}
            for v in scan.versions
        ],
        "rules_in_force": [r.id for r in policy.rules_in_force(read.platform, situation)],
        "totals": _row(totals),
        "by_category": {row["category"]: _row(row) for row in by_category.iter_rows(named=True)},
        "pii_by_type": pii_by_type,
        "pii_by_owner": pii_by_owner,
        "unknown_reasons": [  # why records are unknown for generative-AI training now (the terminal's list)
            {k: r[k] for k in ("category", "policy_category", "records", "rule_id", "reason")}
            for r in scan.reasons if r["verdict"] == "in_scope_genai_now" and r["value"] == "unknown"
        ],
        "verdict_reasons": scan.reasons,  # every verdict's value per category, with the rule and reason
        "caveats": policy.caveats(read.platform, situation),
        "actions": [
            {"what": a.what, "name": a.control.name, "path": a.control.path, "url": a.control.url,
             "note": a.control.note, "rule_ids": list(a.rule_ids)}
            for a in policy.actions(read.platform, situation)
        ],
    }
