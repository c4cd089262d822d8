"""`toolkit export`: the flagged items (or every record) to CSV, Parquet or SQLite, chosen by the extension."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import ToolkitError
from toolkit.pipeline import Scan
from toolkit.report.csv_export import write_csv
from toolkit.report.files import write_atomic
from toolkit.report.parquet_export import write_parquet
from toolkit.report.sqlite_export import write_sqlite
from toolkit.report.table import export_table

FORMATS = {".csv": "csv", ".parquet": "parquet", ".sqlite": "sqlite", ".db": "sqlite"}


def export_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise ToolkitError(str(path), f"unknown format; use one of {', '.join(sorted(FORMATS))}") from None


def write_export(scan: Scan, path: Path, everything: bool = False, redact: bool = False,
                 protect: Path | None = None) -> int:
    """Write the export atomically, readable by the owner only. Returns the number of records written."""
    kind = export_format(path)
    table = export_table(scan, everything, redact)
    if kind == "csv":
        write_atomic(path, lambda temp: write_csv(table, temp), protect)
    elif kind == "parquet":
        write_atomic(path, lambda temp: write_parquet(table.drop("text", "attributes"), temp), protect)
    else:
        write_atomic(path, lambda temp: write_sqlite(table, scan, temp, redact), protect)
    return table.height
