"""The one normalised record table every platform reader produces (CONTRACT.md "Records")."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import polars as pl

CATEGORIES: Final = (
    "profile", "post", "article", "comment", "reaction", "message", "connection", "invitation",
    "contact_info", "job_application", "search", "ad_targeting", "inference", "account", "learning",
    "recommendation", "endorsement", "media", "other",
)

# Columns that hold a few distinct values for a million records are categories: a few bytes a record instead of a
# string each, and groupings and comparisons on integers. The outputs write them as text (CATEGORY_COLUMNS).
RECORD_SCHEMA: Final = pl.Schema(
    {
        "record_id": pl.String,
        "platform": pl.Categorical(),
        "source_file": pl.Categorical(),
        "source_row": pl.Int64,
        "field": pl.String,  # set for profile-type files, where each non-empty field is a record
        "category": pl.Categorical(),  # the contract's coarse category (CATEGORIES)
        "policy_category": pl.Categorical(),  # the policies' fine-grained category, e.g. content.post
        "record_type": pl.Categorical(),  # platform-qualified, e.g. linkedin.share
        "created_at": pl.Datetime("us", "UTC"),
        "visibility": pl.Categorical(),  # public | restricted | private | unknown
        "link": pl.String,  # where the member can find (and delete) the item, if the archive says
        "text": pl.String,  # the record's free text, if any
        "attributes": pl.String,  # JSON object of every other original column, so nothing is lost
    }
)


CATEGORY_COLUMNS: Final = tuple(name for name, dtype in RECORD_SCHEMA.items() if dtype == pl.Categorical)


def empty_records() -> pl.DataFrame:
    return pl.DataFrame(schema=RECORD_SCHEMA)


def attribute(name: str) -> pl.Expr:
    """One original column's value from `attributes`, as text (null where absent or empty).

    A regular expression over the JSON reads one key several times faster than parsing every record's JSON;
    values with escapes (quotes, backslashes, newlines) are then decoded properly."""
    raw = pl.col("attributes").str.extract(r'"' + re.escape(name) + r'":"((?:[^"\\]|\\.)*)"', 1)
    escaped = raw.str.contains("\\", literal=True)
    # only the escaped values are decoded: the others are null going in, which costs nothing
    decoded = ('"' + pl.when(escaped).then(raw) + '"').str.json_decode(pl.String)
    return pl.when(escaped).then(decoded).otherwise(raw)


# A reader's records may carry original columns under this prefix; the platform's read loop moves them out of the
# record table into ReadResult.originals.
ORIGINAL_PREFIX: Final = "original:"


@dataclass(frozen=True)
class OriginalBlock:
    """One file's original columns other than its text and link, as read (text, null where empty), for the records
    at positions offset .. offset + height - 1 of the record table."""

    record_type: str
    offset: int
    frame: pl.DataFrame


@dataclass(frozen=True)
class Originals:
    """The original columns readers of flat files keep beside the record table instead of writing them into
    `attributes` as JSON, which stays null for those records until an output asks for it (with_attributes): at
    10^6 records the JSON was twice the columns' size and a sixth of a second to make, for the few records most
    outputs show. `encoded`: record types with records whose `attributes` were written at once (nested JSON
    sources, one-record-per-file readers)."""

    blocks: tuple[OriginalBlock, ...] = ()
    encoded: frozenset[str] = frozenset()


def original_columns(records: pl.DataFrame, originals: Originals, record_type: str,
                     names: Sequence[str]) -> pl.LazyFrame:
    """`row` (the record's position in `records`) and the named original columns (text, null where absent) of one
    record type's records, other than one-record-per-field ones: from the columns the reader kept, and parsed out of
    `attributes` where it wrote them at once."""
    parts = [
        block.frame.lazy().select(
            pl.int_range(block.offset, block.offset + block.frame.height, dtype=pl.UInt32).alias("row"),
            *(pl.col(name) if name in block.frame.columns else pl.lit(None, dtype=pl.String).alias(name)
              for name in names))
        for block in originals.blocks if block.record_type == record_type]
    if record_type in originals.encoded or not parts:
        parts.append(records.lazy().with_row_index("row").filter(
            (pl.col("record_type") == record_type) & pl.col("field").is_null() & pl.col("attributes").is_not_null()
        ).select("row", *(attribute(name).alias(name) for name in names)))
    return pl.concat(parts)


def with_attributes(table: pl.DataFrame, originals: Originals, positions: pl.Series | None = None) -> pl.DataFrame:
    """`table` with `attributes` written as JSON (every original column beyond the text and link, in the file's
    order) where the readers kept the columns instead. `table` holds the records at `positions` of the record table
    the originals belong to (all of them, in order, with None)."""
    if not originals.blocks or table.is_empty():
        return table
    at = (pl.Series(positions) if positions is not None else pl.int_range(0, table.height, eager=True)).cast(pl.Int64)
    order = at.arg_sort()  # which of `table`'s rows holds each position, in increasing order of positions
    ordered = at.gather(order)
    offsets = pl.Series([block.offset for block in originals.blocks], dtype=pl.Int64)
    heights = pl.Series([block.frame.height for block in originals.blocks], dtype=pl.Int64)
    # one pass per file, not per record: its records are a run of the ordered positions (those between files, of
    # one-record-per-field files and of files whose attributes were written at once, fall in no block)
    runs = zip(ordered.search_sorted(offsets, side="left").to_list(),
               ordered.search_sorted(offsets + heights, side="left").to_list(), strict=True)
    indices, encoded = [], []
    for block, (first, end) in zip(originals.blocks, runs, strict=True):
        if first == end:
            continue
        local = ordered.slice(first, end - first) - block.offset
        whole = end - first == block.frame.height and bool((local.diff().fill_null(1) == 1).all())
        rows = block.frame if whole else block.frame[local]  # a whole file (each of its records once): no gather
        indices.append(order.slice(first, end - first))
        encoded.append(rows.select(pl.struct(pl.all()).struct.json_encode()).to_series())
    if not indices:
        return table
    attributes = table["attributes"].scatter(pl.concat(indices), pl.concat(encoded))
    return table.with_columns(attributes.alias("attributes"))
