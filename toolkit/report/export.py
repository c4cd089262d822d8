"""`toolkit export`: the flagged items (or every record) to CSV, Parquet or SQLite, chosen by the extension."""

from __future__ import annotations

from pathlib import Path

from toolkit.pipeline import Scan
from toolkit.report import outputs


def write_export(scan: Scan, path: Path, everything: bool = False, redact: bool = False,
                 protect: Path | None = None) -> int:
    """Write one export atomically, readable by the owner only. Returns the number of records written."""
    [(_, written)] = outputs.write(scan, {}, outputs.plan(protect, exports=[path]), protect, everything, redact)
    return written or 0
