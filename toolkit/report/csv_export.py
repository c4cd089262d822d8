"""Flagged items as CSV: RFC 4180, UTF-8 with a byte-order mark (so Excel reads it as UTF-8), safe to open in a
spreadsheet (CONTRACT.md)."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import polars as pl

from toolkit.report.table import CSV_COLUMNS

# A cell starting with one of these is a formula to a spreadsheet; the contract prefixes it with an apostrophe.
_FORMULA_START = r"^[=+\-@\t\r]"


def spreadsheet_safe(frame: pl.DataFrame) -> pl.DataFrame:
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(_FORMULA_START)).then("'" + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text_columns
    )


def to_csv_frame(table: pl.DataFrame) -> pl.DataFrame:
    frame = table.select(CSV_COLUMNS).with_columns(
        pl.col("created_at").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        *(pl.col(c).replace_strict({True: "true", False: "false"}, return_dtype=pl.String)
          for c in ("third_party_pii", "flagged")),
        pl.col(pl.Enum).cast(pl.String),
    )
    return spreadsheet_safe(frame)


def write_csv(table: pl.DataFrame, path: Path | IO[str], bom: bool = True) -> None:
    """A byte-order mark for files (so Excel reads UTF-8), none on standard output (other programs read it)."""
    to_csv_frame(table).write_csv(path, include_bom=bom, line_terminator="\r\n", quote_style="necessary")
