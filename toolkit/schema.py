"""The one normalised record table every platform reader produces (CONTRACT.md "Records")."""

import re
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
