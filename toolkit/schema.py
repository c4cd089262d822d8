"""The one normalised record table every platform reader produces (CONTRACT.md "Records")."""

import re
from collections.abc import Mapping, Sequence
from typing import Final

import polars as pl

CATEGORIES: Final = (
    "profile", "post", "article", "comment", "reaction", "message", "connection", "invitation",
    "contact_info", "job_application", "search", "ad_targeting", "inference", "account", "learning",
    "recommendation", "endorsement", "media", "other",
)

RECORD_SCHEMA: Final = pl.Schema(
    {
        "record_id": pl.String,
        "platform": pl.String,
        "source_file": pl.String,
        "source_row": pl.Int64,
        "field": pl.String,  # set for profile-type files, where each non-empty field is a record
        "category": pl.String,  # the contract's coarse category (CATEGORIES)
        "policy_category": pl.String,  # the policies' fine-grained category, e.g. content.post
        "record_type": pl.String,  # platform-qualified, e.g. linkedin.share
        "created_at": pl.Datetime("us", "UTC"),
        "visibility": pl.String,  # public | restricted | private | unknown
        "link": pl.String,  # where the member can find (and delete) the item, if the archive says
        "text": pl.String,  # the record's free text, if any
        "attributes": pl.String,  # JSON object of every other original column, so nothing is lost
    }
)


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


# A reader's records may carry typed copies of original columns under this prefix; the platform's read loop moves
# them out of the record table into ReadResult.kept (record type -> the records' positions and those columns).
KEPT_PREFIX: Final = "kept:"


def original_columns(records: pl.DataFrame, kept: Mapping[str, pl.DataFrame], record_type: str,
                     names: Sequence[str]) -> pl.LazyFrame:
    """`row` (the record's position in `records`) and the named original columns (text, null where absent) of one
    record type's records, other than one-record-per-field ones: from the typed copies the reader kept for
    `records` where it kept them all (what later stages read, e.g. a message's FROM and TO), else parsed out of
    `attributes` - the same values either way."""
    frame = kept.get(record_type)
    if frame is not None and set(names) <= set(frame.columns):
        return frame.lazy().select("row", *names)
    return records.lazy().with_row_index("row").filter(
        (pl.col("record_type") == record_type) & pl.col("field").is_null()).select(
        "row", *(attribute(name).alias(name) for name in names))
