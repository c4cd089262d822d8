"""Many archives in one run (`toolkit batch`): each scanned on its own, in parallel on this machine or as one task per
archive on a Dask cluster, into one Parquet dataset partitioned by archive, with an aggregated summary of counts.

Resumable: an archive's partitions are written to a temporary folder and moved into place whole, and only then is
it marked done; a rerun skips what is marked done and redoes the rest, so nothing is counted twice. A bad archive is
recorded with its one-line reason and skipped.

Layout of `--out`:
    records/archive=<id>/part.parquet    every record with its verdicts (export_table's columns)
    findings/archive=<id>/part.parquet   every PII finding (offsets dropped with --redact)
    done/<id>.json                       the archive's counts, written last
    failed/<id>.json                     why an archive could not be scanned
    summary.json, summary.csv            counts per platform, category, verdict and type of personal data
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import polars as pl

from toolkit.archive import Limits
from toolkit.errors import ToolkitError
from toolkit.policy.evaluate import LABELS, VERDICTS


@dataclass(frozen=True)
class BatchOptions:
    ner: bool = True
    redact: bool = False
    strict: bool = False
    limits: Limits | None = None


@dataclass
class BatchResult:
    archives: int = 0
    done: int = 0
    skipped: int = 0  # already done by an earlier run
    failed: list[dict[str, str]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


def find_archives(where: str) -> list[Path]:
    """A folder's archives (its .zip files and the folders in it), or the paths a glob pattern names."""
    path = Path(where)
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix.casefold() == ".zip" or p.is_dir())
    else:
        found = sorted(Path(p) for p in glob.glob(where))
    if not found:
        raise ToolkitError(where, "no archives there (a folder of .zip files or export folders, or a glob pattern)")
    return found


def archive_id(path: Path) -> str:
    """A name for the archive's partition: its file name, and a digest of its full path so two `export.zip` in
    different folders stay apart."""
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in path.name)[:80]
    return f"{stem}-{hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:10]}"


def _counts(scan: Any, findings: pl.DataFrame) -> list[dict[str, Any]]:
    """Counts only, no personal data: records per platform, category and verdict value; findings per platform,
    type and owner."""
    platform = scan.archive.read.platform
    table = scan.table
    rows: list[dict[str, Any]] = []
    for verdict in VERDICTS:
        grouped = table.group_by("category", verdict).len()
        for category, value, count in grouped.iter_rows():
            rows.append({"platform": platform, "category": category, "measure": verdict, "value": LABELS[value],
                         "count": count})
    rows += [{"platform": platform, "category": category, "measure": "records", "value": "", "count": count}
             for category, count in table.group_by("category").len().iter_rows()]
    owners = findings.group_by("entity_type", "third_party").len()
    rows += [{"platform": platform, "category": "", "measure": f"pii:{entity}",
              "value": "other people's" if third else "yours", "count": count}
             for entity, third, count in owners.iter_rows()]
    return rows


def scan_one(archive: str, out: str, options: BatchOptions) -> dict[str, Any]:
    """Scan one archive and write its partitions; the result says done (with its counts) or failed (with why).
    Runs in a worker process or on a Dask worker: everything it needs comes in as plain values."""
    from toolkit import pipeline
    from toolkit.report.table import export_table, exported_findings

    path, root = Path(archive), Path(out)
    key = archive_id(path)
    try:
        scan = pipeline.scan(path, pipeline.ScanOptions(ner=options.ner, strict=options.strict), options.limits)
    except Exception as exc:  # one bad archive is recorded and skipped, the batch goes on
        why = exc.why if isinstance(exc, ToolkitError) else f"could not be scanned ({type(exc).__name__})"
        result = {"archive": str(path), "id": key, "status": "failed", "reason": why}
        _write_json(root / "failed" / f"{key}.json", result)
        return result
    records = export_table(scan, everything=True, redact=options.redact)
    # which record, what type, whose (with --redact: not where in the text); never the value
    findings = exported_findings(scan, everything=True, redact=options.redact)
    for name, frame in (("records", records), ("findings", findings)):
        staging = root / name / f".staging-{key}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        frame.write_parquet(staging / "part.parquet")
        final = root / name / f"archive={key}"
        shutil.rmtree(final, ignore_errors=True)
        staging.rename(final)
    result = {"archive": str(path), "id": key, "status": "done", "platform": scan.archive.read.platform,
              "records": scan.table.height, "counts": _counts(scan, scan.findings)}
    _write_json(root / "done" / f"{key}.json", result)
    return result


def _write_json(path: Path, value: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(value, ensure_ascii=False))
    temporary.replace(path)


def run(archives: Iterable[Path], out: Path, options: BatchOptions, workers: int = 1,
        scheduler: str | None = None, progress: Callable[[int, int, str], None] | None = None) -> BatchResult:
    """Scan every archive not yet done into `out`, then write the aggregated summary of all that are done."""
    if out.exists() and not out.is_dir():
        raise ToolkitError(str(out), "is a file: --out needs a folder (it is created if missing)")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ToolkitError(str(out), f"cannot create the results folder ({exc.strerror})") from None
    archives = [a for a in archives if a.resolve() != out.resolve()]  # the results folder is not an archive
    todo = [a for a in archives if not (out / "done" / f"{archive_id(a)}.json").exists()]
    result = BatchResult(archives=len(archives), skipped=len(archives) - len(todo))
    for stale in (out / "failed").glob("*.json"):  # nothing where the folder is not there yet
        stale.unlink()  # failures are retried: the reason is written again if the archive still fails
    finished = 0

    def report(item: dict[str, Any]) -> None:
        nonlocal finished
        finished += 1
        if progress:
            progress(finished, len(todo), Path(item["archive"]).name)

    args = [(str(a), str(out), options) for a in todo]
    if scheduler:
        for item in _on_dask(scheduler, args):
            report(item)
    elif workers > 1 and len(todo) > 1:
        # polars and multiprocessing need "spawn"; each worker gets its share of the cores for polars' threads,
        # through the environment it starts with (polars reads it when a worker imports it, before any task)
        threads = str(max(1, (os.cpu_count() or 1) // workers))
        previous = os.environ.get("POLARS_MAX_THREADS")
        os.environ["POLARS_MAX_THREADS"] = threads
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
                for future in as_completed([pool.submit(scan_one, *a) for a in args]):
                    report(future.result())
        finally:
            if previous is None:
                os.environ.pop("POLARS_MAX_THREADS", None)
            else:
                os.environ["POLARS_MAX_THREADS"] = previous
    else:
        for a in args:
            report(scan_one(*a))
    result.done, result.failed, result.summary = _aggregate(out, len(archives))
    return result


def _on_dask(scheduler: str, args: list[tuple[str, str, BatchOptions]]) -> Iterable[dict[str, Any]]:
    """One task per archive on an existing Dask cluster; `out` must be a path every worker can write to."""
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:
        raise ToolkitError("--scheduler", "needs the optional Dask extra: "
                           "pip install 'dataexport-toolkit[distributed]'"
                           ) from None
    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ToolkitError("--scheduler", f"cannot reach a Dask scheduler at {scheduler} ({type(exc).__name__})"
                           ) from None
    with client:
        futures = [client.submit(scan_one, *a, pure=False) for a in args]
        for future in dask_completed(futures):
            yield future.result()


def _aggregate(out: Path, total: int) -> tuple[int, list[dict[str, str]], dict[str, Any]]:
    done, failed = ([json.loads(p.read_text()) for p in sorted((out / kind).glob("*.json"))]
                    for kind in ("done", "failed"))
    rows = [row for item in done for row in item["counts"]]
    counts = (pl.DataFrame(rows, schema={"platform": pl.String, "category": pl.String, "measure": pl.String,
                                         "value": pl.String, "count": pl.Int64})
              .group_by("platform", "category", "measure", "value").agg(pl.col("count").sum())
              .sort("platform", "measure", "category", "value"))
    by_platform = {p: sum(1 for d in done if d["platform"] == p) for p in sorted({d["platform"] for d in done})}
    summary = {
        "archives": total, "done": len(done), "failed": [{"archive": Path(f["archive"]).name, "reason": f["reason"]}
                                                         for f in failed],
        "archives_by_platform": by_platform, "records": sum(d["records"] for d in done),
        "counts": counts.to_dicts(),
    }
    _write_json(out / "summary.json", summary)
    counts.write_csv(out / "summary.csv")
    return len(done), summary["failed"], summary


__all__ = ["BatchOptions", "BatchResult", "archive_id", "find_archives", "run", "scan_one"]
