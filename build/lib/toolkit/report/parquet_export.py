"""The export table as Parquet, typed (datetimes, integers, booleans, verdicts as an ordered enum)."""

from __future__ import annotations

from pathlib import Path

import polars as pl


def write_parquet(table: pl.DataFrame, path: Path) -> None:
    table.write_parquet(path, compression="zstd")
