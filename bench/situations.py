"""Members' situations at volume: `python bench/situations.py [--scans 400] [--seed 0]`.

The days the rules turn on are where verdicts change and where a mistake hides (an opt-out on the very day a rule
began once stopped the scan with an internal error). For random situations drawn from those days (each rule's bounds,
the day before and the day after: as-of day, opt-out, objection; regions; birth dates making the member a minor or
not), this checks, for every platform:

- the verdicts computed once per combination equal the verdicts computed on every record, on records of every policy
  category, visibility and boundary date;
- a scan of each bundled sample gives its summary, the terminal text and the HTML report, or refuses the situation
  with a one-line reason (a date before the account existed).

Prints the situations and scans run, the refusals and every failure with its situation.
"""

from __future__ import annotations

import argparse
import io
import itertools
import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402
from rich.console import Console  # noqa: E402

from toolkit import pipeline, policy  # noqa: E402
from toolkit.errors import ToolkitError  # noqa: E402
from toolkit.policy.evaluate import verdict_frame  # noqa: E402
from toolkit.policy.situation import Situation  # noqa: E402
from toolkit.report import html_report, summary, terminal  # noqa: E402
from toolkit.schema import RECORD_SCHEMA  # noqa: E402

PLATFORMS = ("linkedin", "meta", "x", "reddit")
REGIONS = ("US", "DE", "GB", "CA", "HK", "CH", "BR", "IT", "NO", "JP")
BIRTH_DATES = (None, date(2008, 3, 1), date(2007, 11, 3), date(1990, 1, 1), date(2012, 5, 5))
DAY = timedelta(days=1)
TODAY = date.today()


def boundary_days(platforms: tuple[str, ...]) -> list[date]:
    bounds = {d for p in platforms for r in policy.all_rules(p) for d in (
        r.span.possible_from, r.span.known_from, r.span.known_to, r.span.possible_to) if date(2003, 6, 1) < d < TODAY}
    return sorted({d + step for d in bounds for step in (-DAY, 0 * DAY, DAY)} | {TODAY})


def grid(platform: str, days: list[date]) -> pl.DataFrame:
    """A record of every policy category (and one no rule names) x visibility x date (none, or a boundary day)."""
    categories = [*sorted({c for r in policy.all_rules(platform) for c in r.categories}), "unnamed.category"]
    rows = list(itertools.product(categories, ("public", "restricted", "private", "unknown"), [None, *days[::2]]))
    return pl.DataFrame({
        "record_id": [f"r#{n}" for n in range(len(rows))], "platform": platform, "source_file": "x.csv",
        "source_row": list(range(len(rows))), "field": None, "category": "post",
        "policy_category": [c for c, _, _ in rows], "record_type": f"{platform}.test",
        "created_at": [datetime(d.year, d.month, d.day, 12, tzinfo=UTC) if d else None for _, _, d in rows],
        "visibility": [v for _, v, _ in rows], "link": None, "text": None, "attributes": "{}",
    }, schema=RECORD_SCHEMA)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scans", type=int, default=400)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    days = boundary_days(PLATFORMS)

    def before(day: date) -> date | None:
        return rng.choice([None, None, *(d for d in days if d <= day)])

    failures: list[str] = []
    situations = 0
    for platform in PLATFORMS:
        records, rules = grid(platform, days), policy.all_rules(platform)
        for _ in range(args.scans // 2):
            as_of = rng.choice(days)
            situation = Situation(rng.choice(REGIONS), as_of, rng.choice(BIRTH_DATES), before(as_of), before(as_of),
                                  rng.choice([None, TODAY, as_of]), rng.choice([None, date(2015, 1, 1)]))
            situations += 1
            try:
                fast = policy.classify(records, platform, situation)
                if not fast.equals(verdict_frame(records, rules, situation).select(fast.columns)):
                    failures.append(f"{platform} {situation}: per combination != per record")
            except Exception as exc:  # every failure is reported with its situation
                failures.append(f"{platform} {situation}: {type(exc).__name__}: {exc}")
    samples = sorted((ROOT / "sample_exports").glob("*.zip"))
    refused = 0
    for _ in range(args.scans):
        archive, as_of = rng.choice(samples), rng.choice([None, *days])
        options = pipeline.ScanOptions(rng.choice([None, *REGIONS]), rng.choice(BIRTH_DATES), before(as_of or TODAY),
                                       before(as_of or TODAY), as_of, ner=False)
        try:
            scan = pipeline.scan(archive, options)
            built = summary.build(scan)
            html_report.build(scan, built)
            terminal.print_scan(Console(file=io.StringIO(), width=80), built)
        except ToolkitError as exc:
            refused += 1
            if "\n" in exc.why:
                failures.append(f"{archive.name} {options}: a refusal of more than one line")
        except Exception as exc:
            failures.append(f"{archive.name} {options}: {type(exc).__name__}: {exc}")
    print(f"{situations} situations (verdicts per combination and per record), {args.scans} scans of the samples "
          f"({refused} refused with a one-line reason): {len(failures)} failure(s)")
    for failure in failures:
        print("  " + failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
