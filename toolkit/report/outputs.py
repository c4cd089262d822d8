"""Every output one run was asked for: checked before the scan starts, written from that one scan.

`-` is standard output, for the JSON summary and the CSV only (one of them at a time).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from toolkit.errors import ToolkitError
from toolkit.pipeline import Scan
from toolkit.report import files

STDOUT = "-"
EXPORT_FORMATS = {".csv": "csv", ".parquet": "parquet", ".sqlite": "sqlite", ".db": "sqlite"}


@dataclass(frozen=True)
class Output:
    kind: str  # json | html | csv | parquet | sqlite
    path: Path | None  # None: standard output

    @property
    def name(self) -> str:
        return str(self.path) if self.path else "standard output"


def metadata_path(database: Path) -> Path:
    """`records.sqlite` -> `records.metadata.json`, for `datasette records.sqlite -m records.metadata.json`."""
    return database.with_suffix(".metadata.json")


def export_kind(path: Path) -> str:
    try:
        return EXPORT_FORMATS[path.suffix.lower()]
    except KeyError:
        raise ToolkitError(str(path), f"unknown format; use one of {', '.join(sorted(EXPORT_FORMATS))}") from None


def _checked(kind: str, raw: Path, archive: Path | None) -> Output:
    if str(raw) == STDOUT:
        if kind not in ("json", "csv"):
            raise ToolkitError(STDOUT, f"standard output takes the JSON summary or a CSV, not {kind}")
        return Output(kind, None)
    path = Path(raw)
    if path.is_dir():
        raise ToolkitError(str(path), "is a folder; give a file name")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ToolkitError(str(path), "the folder to write into does not exist")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ToolkitError(str(path), "cannot write here (permission denied)")
    if archive is not None:
        source, resolved = Path(archive).resolve(), path.resolve()
        if resolved == source or source in resolved.parents:
            raise ToolkitError(str(path), "refusing to write over or inside the input archive")
    return Output(kind, path)


def plan(archive: Path | None, json_path: Path | None = None, html_path: Path | None = None,
         exports: list[Path] | None = None) -> list[Output]:
    """The outputs asked for, each checked (format, folder, permission, not the archive, not twice)."""
    asked = [("json", json_path), ("html", html_path)]
    asked += [(export_kind(p) if str(p) != STDOUT else "csv", p) for p in exports or []]
    outputs = [_checked(kind, raw, archive) for kind, raw in asked if raw is not None]
    seen: set[str] = set()
    for output in outputs:
        key = str(output.path.resolve()) if output.path else STDOUT
        if key in seen:
            raise ToolkitError(output.name, "is given twice")
        seen.add(key)
    return outputs


def write(scan: Scan | None, summary: dict[str, Any], outputs: list[Output], archive: Path | None,
          everything: bool = False, redact: bool = False, html_all: bool = False) -> list[tuple[Output, int | None]]:
    """Write every planned output from the one scan (the export table built once for all export formats);
    returns each output with the number of records it holds (None for the summary and the report). Without a
    scan (a combined summary of several archives) only the JSON summary can be planned."""
    from toolkit.report.csv_export import write_csv
    from toolkit.report.parquet_export import write_parquet
    from toolkit.report.sqlite_export import datasette_metadata, write_sqlite
    from toolkit.report.table import export_table

    done: list[tuple[Output, int | None]] = []
    rows = None
    # files first, standard output last: a reader that goes away early (`| head`) loses only what it reads
    for output in sorted(outputs, key=lambda o: o.path is None):
        if output.kind == "json":
            text = json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
            if output.path is None:
                sys.stdout.write(text)
            else:
                files.write_text(output.path, text, protect=archive)
            done.append((output, None))
            continue
        if output.kind == "html":
            from toolkit.report import html_report  # charts load a renderer: only pay for it when asked

            assert output.path is not None and scan is not None
            files.write_text(output.path, html_report.build(scan, summary, everything=html_all), protect=archive)
            done.append((output, None))
            continue
        assert scan is not None
        table = rows = rows if rows is not None else export_table(scan, everything, redact)
        if output.path is None:
            write_csv(table, sys.stdout, bom=False)
        elif output.kind == "csv":
            files.write_atomic(output.path, partial(write_csv, table), archive)
        elif output.kind == "parquet":
            files.write_atomic(output.path, partial(write_parquet, table.drop("text", "attributes")), archive)
        else:
            write = partial(write_sqlite, table, scan, redact=redact, everything=everything)
            files.write_atomic(output.path, write, archive)
            # beside it, what Datasette reads with -m: titles and facets
            metadata = datasette_metadata(output.path.stem, redact)
            files.write_text(metadata_path(output.path), json.dumps(metadata, indent=2) + "\n", protect=archive)
        done.append((output, table.height))
    return done
