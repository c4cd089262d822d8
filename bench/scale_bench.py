"""Scale: LinkedIn archives of 10^4, 10^5 and 10^6 records scanned end to end, against the hardware's floor measured
in the same run; then a batch of 50 archives with 1 and 2 workers and on a Dask LocalCluster.

    python bench/scale_bench.py [--sizes 10000 100000 1000000] [--ner-max 100000] [--batch 50]

Each scan runs as its own process (`toolkit scan ARCHIVE --json`), timed from start to exit, with its peak resident
memory. The floor is the unavoidable work, also in its own process: importing polars, unzipping every member,
`polars.read_csv` on every CSV's bytes, and one pass of the pattern recognizer's combined regex over every text
column. "x floor" is the scan's wall time over the floor's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "sample_exports"))
sys.path.insert(0, str(ROOT))

from generate import build, write_zip  # noqa: E402

FLOOR = r"""
import sys, time, zipfile
start = time.perf_counter()
import polars as pl
from toolkit.pii.patterns import COMBINED
imported = time.perf_counter()
archive = zipfile.ZipFile(sys.argv[1])
members = {n: archive.read(n) for n in archive.namelist()}
unzipped = time.perf_counter()
frames = []
for name, data in members.items():
    if name.endswith(".csv") and data.strip():
        try:
            frames.append(pl.read_csv(data, infer_schema=False, truncate_ragged_lines=True, ignore_errors=True))
        except pl.exceptions.PolarsError:
            pass
parsed = time.perf_counter()
found = sum(f.select(pl.col(pl.String).str.count_matches(COMBINED).sum()).sum_horizontal().item() for f in frames)
matched = time.perf_counter()
print(f"{imported - start:.3f} {unzipped - imported:.3f} {parsed - unzipped:.3f} {matched - parsed:.3f}")
"""


def run(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and standard output of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    output = process.stdout.read() if process.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read() if process.stderr else ''}")
    return wall, usage.ru_maxrss / 1024, output


def scan(archive: Path, ner: bool) -> tuple[float, float]:
    command = [sys.executable, "-m", "toolkit", "scan", str(archive), "--json", str(archive.with_suffix(".json"))]
    wall, rss, _ = run(command + ([] if ner else ["--no-ner"]))
    return wall, rss


def records_in(archive: Path) -> int:
    import json

    return json.loads(archive.with_suffix(".json").read_text())["totals"]["records"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--ner-max", type=int, default=100_000, help="largest archive also scanned with NER")
    parser.add_argument("--batch", type=int, default=50, help="archives in the batch runs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scale-bench-"))
    try:
        print(f"{'records':>9} {'mode':7} {'wall s':>7} {'rec/s':>9} {'peak MB':>8} {'floor s':>8} {'x floor':>8}"
              "   floor = import + unzip + read_csv + regex")
        for size in args.sizes:
            archive = work / f"Complete_LinkedInDataExport_{size}.zip"
            write_zip(build("complete", 1, size / 4560, "Greater Seattle Area"), archive)
            floor_wall, _, parts = run([sys.executable, "-c", FLOOR, str(archive)])
            pieces = "+".join(parts.split())
            for ner in (False, True):
                if ner and size > args.ner_max:
                    continue
                wall, rss = scan(archive, ner)
                records = records_in(archive)
                print(f"{records:>9,} {'NER' if ner else 'no-NER':7} {wall:>7.2f} {records / wall:>9,.0f} "
                      f"{rss:>8,.0f} {floor_wall:>8.2f} {wall / floor_wall:>8.1f}   ({pieces} s)")
        batch_folder = work / "batch"
        batch_folder.mkdir()
        one = work / "one.zip"
        write_zip(build("complete", 2, 2_000 / 4560, "Berlin, Berlin, Germany"), one)
        for n in range(args.batch):
            shutil.copy(one, batch_folder / f"{n:03d}-Complete_LinkedInDataExport_11-24-2026.zip")
        print(f"\nbatch of {args.batch} archives (~2,000 records each, --no-ner):")
        for workers in (1, 2):
            wall, rss, _ = run([sys.executable, "-m", "toolkit", "batch", str(batch_folder), "--out",
                                str(work / f"out-{workers}"), "--workers", str(workers), "--no-ner"])
            print(f"  {workers} worker(s): {wall:6.2f} s, {args.batch / wall:5.1f} archives/s, peak {rss:,.0f} MB "
                  "(the parent; workers are separate processes)")
        from distributed import LocalCluster

        from toolkit import batch

        with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                          host="127.0.0.1") as cluster:
            start = time.perf_counter()
            batch.run(batch.find_archives(str(batch_folder)), work / "out-dask", batch.BatchOptions(ner=False),
                      scheduler=cluster.scheduler_address)
            wall = time.perf_counter() - start
        print(f"  Dask LocalCluster (2 worker processes): {wall:6.2f} s, {args.batch / wall:5.1f} archives/s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
