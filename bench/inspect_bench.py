"""Reading speed: `toolkit inspect` on a generated archive of about 200k records (or --records N).

Prints wall time and records/s for the whole read, and, as the same-run baseline, the time pure
`csv.reader` takes just to tokenise the same members (the floor any CSV reader in Python pays).
"""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from toolkit.pipeline import read_archive

ROOT = Path(__file__).resolve().parents[1]


def generate(records: int, out: Path) -> Path:
    subprocess.run([sys.executable, str(ROOT / "sample_exports" / "generate.py"), "--out", str(out), "--seed", "1",
                    "--records", str(records)], check=True)
    return out / f"Complete_LinkedInDataExport_{records}.zip"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--archive", type=Path, help="an existing archive instead of a generated one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = args.archive or generate(args.records, Path(tmp))
        start = time.perf_counter()
        with zipfile.ZipFile(archive) as zipped:
            rows = sum(sum(1 for _ in csv.reader(io.StringIO(zipped.read(n).decode("utf-8", "replace"))))
                       for n in zipped.namelist() if n.endswith(".csv"))
        baseline = time.perf_counter() - start
        start = time.perf_counter()
        result = read_archive(archive)
        elapsed = time.perf_counter() - start
        cli_start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "toolkit", "inspect", str(archive)], check=True,
                       stdout=subprocess.DEVNULL)
        cli = time.perf_counter() - cli_start
    n = result.read.records.height
    print(f"archive: {archive.name}  {archive.stat().st_size if archive.exists() else 0} bytes" if args.archive
          else f"archive: generated, {n:,} records")
    print(f"csv.reader tokenise only (baseline): {baseline:.2f} s for {rows:,} rows")
    print(f"toolkit read_archive: {elapsed:.2f} s, {n / elapsed:,.0f} records/s, {elapsed / baseline:.2f}x baseline")
    print(f"toolkit inspect (CLI, incl. start-up): {cli:.2f} s")


if __name__ == "__main__":
    main()
