"""The export table (CONTRACT.md "Flagged-items CSV"): one row per record, verdicts as text, an excerpt."""

from __future__ import annotations

from typing import Final

import polars as pl

from toolkit.pipeline import Scan
from toolkit.policy import EXTRA_VERDICTS, VERDICTS, labels

# The contract's columns, in its order; `link` is added after them (so the member can find and delete an item).
CSV_COLUMNS: Final = (
    "record_id", "platform", "source_file", "source_row", "field", "category", "record_type", "created_at",
    *VERDICTS, "rule_ids", "pii_types", "pii_count", "third_party_pii", "excerpt", "link",
)
EXCERPT_CHARS: Final = 200
VERDICT_TYPE: Final = pl.Enum(["false", "unknown", "true"])


def redacted_texts(scan: Scan) -> pl.DataFrame:
    """record_id -> text with every PII span found in it replaced by `<ENTITY_TYPE>`."""
    spans = scan.findings.filter(pl.col("start").is_not_null()).select("record_id", "entity_type", "start", "end")
    texts = dict(scan.table.join(spans.select("record_id").unique(), on="record_id").select("record_id", "text")
                 .iter_rows())
    grouped: dict[str, list[tuple[int, int, str]]] = {}
    for record_id, entity, start, end in spans.sort("record_id", "start").iter_rows():
        grouped.setdefault(record_id, []).append((start, end, entity))
    out = []
    for record_id, found in grouped.items():
        text, pieces, cursor = texts[record_id], [], 0
        for start, end, entity in found:
            if start < cursor:
                continue  # overlapping spans were resolved upstream; keep the first
            pieces += [text[cursor:start], f"<{entity}>"]
            cursor = end
        out.append((record_id, "".join(pieces) + text[cursor:]))
    return pl.DataFrame(out, schema={"record_id": pl.String, "redacted": pl.String}, orient="row")


def export_table(scan: Scan, everything: bool = False, redact: bool = False) -> pl.DataFrame:
    """Flagged records (or every record) with the contract's columns, typed: verdicts as an ordered enum."""
    table = scan.table if everything else scan.table.filter(pl.col("flagged"))
    text = pl.col("text")
    if redact:
        table = table.join(redacted_texts(scan), on="record_id", how="left", maintain_order="left")
        text = pl.coalesce(pl.col("redacted"), pl.col("text"))
    table = labels(table).with_columns(
        *(pl.col(c).cast(VERDICT_TYPE) for c in (*VERDICTS, *EXTRA_VERDICTS)),
        text.str.slice(0, EXCERPT_CHARS).alias("excerpt"),
    )
    return table.select(*CSV_COLUMNS, "policy_category", "visibility", "in_scope_partner_ai", "in_scope_ads",
                        "flagged")
