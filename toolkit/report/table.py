"""The export table (CONTRACT.md "Flagged-items CSV"): one row per record, verdicts as text, an excerpt."""

from __future__ import annotations

from typing import Final

import polars as pl

from toolkit.pipeline import Scan
from toolkit.policy import EXTRA_VERDICTS, VERDICTS, labels
from toolkit.report.redact import build_masks, masked, masked_file_name

# The contract's columns, in its order, then `flagged` (to filter an --all export) and `link` (to find and delete
# an item), as the contract allows by adding.
CONTRACT_COLUMNS: Final = (
    "record_id", "platform", "source_file", "source_row", "field", "category", "record_type", "created_at",
    *VERDICTS, "rule_ids", "pii_types", "pii_count", "third_party_pii", "excerpt",
)
CSV_COLUMNS: Final = (*CONTRACT_COLUMNS, "flagged", "link")
EXCERPT_CHARS: Final = 200
VERDICT_TYPE: Final = pl.Enum(["false", "unknown", "true"])


def exported_records(scan: Scan, everything: bool = False) -> pl.DataFrame:
    """The records an export holds: the flagged ones, or every record."""
    return scan.table if everything else scan.table.filter(pl.col("flagged"))


def export_table(scan: Scan, everything: bool = False, redact: bool = False,
                 rows: pl.DataFrame | None = None) -> pl.DataFrame:
    """Flagged records (or every record, or the given `rows` of scan.table) with the contract's columns, typed
    (verdicts as an ordered enum), then `text` and `attributes`; with `redact`, every text-bearing column masked
    (toolkit.report.redact)."""
    table = rows if rows is not None else exported_records(scan, everything)
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
