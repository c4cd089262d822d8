"""Hostile and damaged inputs at volume: `python bench/fuzz.py [--cases 10000] [--seed 0]`.

Runs `toolkit inspect` on generated cases (tests/fuzz_cases.py: zip structure, member names, CSV and HTML content,
dates, folders with special files, special paths) in two worker processes, each capped at 4 GB of address space and
60 s per case. Prints the cases run, failures by class, the worst wall time and the worst peak RSS, and on which
input. A failure is an exit status other than 0 or 2, an error of more than one line, a traceback, a cell's content
in an error, a changed source, records that do not add up, a case over 60 s or out of memory.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import resource
import signal
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

CASE_SECONDS = 60
MEMORY_BYTES = 4 * 1024**3


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Timeout


def _init_worker() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    signal.signal(signal.SIGALRM, _alarm)
    warnings.simplefilter("ignore")


def _run(seeds: list[int]) -> list[dict]:
    from fuzz_cases import run_case

    results = []
    with tempfile.TemporaryDirectory() as folder:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for seed in seeds:
            signal.alarm(CASE_SECONDS)
            try:
                result = run_case(seed, Path(folder))
            except _Timeout:
                result = {"seed": seed, "kind": "?", "code": None, "wall": CASE_SECONDS, "failures": ["timeout"]}
            except MemoryError:
                result = {"seed": seed, "kind": "?", "code": None, "wall": 0.0, "failures": ["out of memory"]}
            finally:
                signal.alarm(0)
            now = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            result["rss_kb"] = now if now > peak else 0  # the case that raised this worker's peak
            peak = max(peak, now)
            results.append(result)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    seeds = list(range(args.seed, args.seed + args.cases))
    chunks = [seeds[i:i + 250] for i in range(0, len(seeds), 250)]
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(args.workers, initializer=_init_worker,
                                                  maxtasksperchild=4) as pool:
        results = [r for chunk in pool.imap_unordered(_run, chunks) for r in chunk]
    elapsed = time.perf_counter() - start
    failures = collections.Counter(f for r in results for f in r["failures"])
    by_kind = collections.Counter(r["kind"] for r in results)
    codes = collections.Counter(r["code"] for r in results)
    worst_wall = max(results, key=lambda r: r["wall"])
    worst_rss = max(results, key=lambda r: r["rss_kb"])
    print(f"cases run: {len(results):,} in {elapsed:.0f} s ({args.workers} workers)")
    print(f"exit status: {dict(sorted(codes.items(), key=str))}")
    print(f"cases by generator: {dict(sorted(by_kind.items()))}")
    print(f"failures: {sum(1 for r in results if r['failures'])}" + (f" {dict(failures)}" if failures else ""))
    for r in [r for r in results if r["failures"]][:20]:
        print(f"  seed {r['seed']} ({r['kind']}): {'; '.join(r['failures'])}")
    print(f"worst wall time: {worst_wall['wall']:.2f} s (seed {worst_wall['seed']}, {worst_wall['kind']})")
    print(f"worst peak RSS: {worst_rss['rss_kb'] / 1024:.0f} MB (seed {worst_rss['seed']}, {worst_rss['kind']}; "
          "a worker's peak, first reached on this case)")


if __name__ == "__main__":
    main()
