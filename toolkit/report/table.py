"""The export table (CONTRACT.md "Flagged-items CSV"): one row per record, verdicts as text, an excerpt."""

from __future__ import annotations

from typing import Final

import polars as pl

from toolkit.pii.findings import with_record_ids
from toolkit.pipeline import Scan
from toolkit.policy import EXTRA_VERDICTS, VERDICTS, labels
from toolkit.report.redact import build_masks, masked, masked_file_name
from toolkit.schema import CATEGORY_COLUMNS, with_attributes

# The contract's columns, in its order, then `flagged` (to filter an --all export) and `link` (to find and delete
# an item), as the contract allows by adding.
CONTRACT_COLUMNS: Final = (
    "record_id", "platform", "source_file", "source_row", "field", "category", "record_type", "created_at",
    *VERDICTS, "rule_ids", "pii_types", "pii_count", "third_party_pii", "excerpt",
)
CSV_COLUMNS: Final = (*CONTRACT_COLUMNS, "flagged", "link")
EXCERPT_CHARS: Final = 200
VERDICT_TYPE: Final = pl.Enum(["false", "unknown", "true"])


POSITION: Final = "\0position"  # a record's position in scan.table, which locates its original columns


def exported_records(scan: Scan, everything: bool = False) -> pl.DataFrame:
    """The records an export holds: the flagged ones, or every record (with their positions in scan.table)."""
    table = scan.table.with_row_index(POSITION)
    return table if everything else table.filter(pl.col("flagged"))


def export_table(scan: Scan, everything: bool = False, redact: bool = False,
                 rows: pl.DataFrame | None = None) -> pl.DataFrame:
    """Flagged records (or every record, or the given `rows` of exported_records) with the contract's columns, typed
    (verdicts as an ordered enum), then `text` and `attributes` (written out of the original columns the reader
    kept: schema.with_attributes); with `redact`, every text-bearing column masked (toolkit.report.redact)."""
    table = rows if rows is not None else exported_records(scan, everything)
    table = with_attributes(table, scan.archive.read.originals, table[POSITION]).with_columns(
        pl.col(CATEGORY_COLUMNS).cast(pl.String))
    if redact:
        masks = build_masks(scan)
        table = table.with_columns(
            masked(pl.col("text"), masks), masked(pl.col("attributes"), masks),
            pl.when(pl.col("link").is_not_null()).then(pl.lit("<URL>")).alias("link"),
            masked_file_name(pl.col("source_file")), masked_file_name(pl.col("record_id")),
        )
    table = labels(table).with_columns(
        *(pl.col(c).cast(VERDICT_TYPE) for c in (*VERDICTS, *EXTRA_VERDICTS)),
        pl.col("text").str.slice(0, EXCERPT_CHARS).alias("excerpt"), pl.col("rule_ids").cast(pl.String),
    )
    return table.select(*CSV_COLUMNS, "policy_category", "visibility", "in_scope_partner_ai", "in_scope_ads",
                        "text", "attributes")


def exported_findings(scan: Scan, everything: bool = False, redact: bool = False) -> pl.DataFrame:
    """The findings of the records export_table(scan, everything, redact) holds, with their record ids, in the
    records' order and then by place (detection finds them in no fixed order: the same archive gives the same
    file); with `redact`, no offsets (they would point into text that is no longer there) and record ids without
    the member's id."""
    findings = scan.findings
    if not everything:
        findings = findings.filter(scan.table["flagged"].gather(findings["row"]))
    findings = with_record_ids(findings.sort("row", "start", "end", "column", "entity_type", "recognizer", "score",
                                              "third_party", nulls_last=True), scan.table)
    if not redact:
        return findings
    return findings.with_columns(masked_file_name(pl.col("record_id")), pl.lit(None, pl.Int64).alias("start"),
                                 pl.lit(None, pl.Int64).alias("end"))
