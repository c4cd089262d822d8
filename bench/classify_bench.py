"""Classification speed: `policy.classify` on a synthetic record table of 1M records (or --records N).

Prints the time and records/s of classify for three situations, and as same-run baselines the direct per-row
evaluation it replaces (`verdict_frame` on every row) and one polars pass over the same columns (the floor any
vectorised evaluator pays to touch the table).
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime

import polars as pl
from timing import best_of

from toolkit.policy import Situation, all_rules, classify
from toolkit.policy.evaluate import verdict_frame
from toolkit.schema import RECORD_SCHEMA

CATEGORIES = ["content.post", "messages.private", "network.connections", "content.reaction", "profile.identity"]
VISIBILITIES = ["public", "restricted", "private", "unknown"]
SITUATIONS = {
    "US, opted out late, turned 18 in 2026": Situation("US", date(2026, 11, 24), date(2008, 6, 1), date(2025, 11, 10),
                                                       None, date(2026, 11, 24)),
    "DE, objection filed": Situation("DE", date(2026, 11, 24), None, None, date(2025, 11, 10), date(2026, 11, 24)),
    "CA, as of the pause tail": Situation("CA", date(2024, 12, 9), None, None, None, date(2026, 11, 24)),
}


def records(n: int) -> pl.DataFrame:
    index = pl.int_range(0, n, eager=True)
    created = pl.datetime_range(datetime(2012, 1, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC), "1d",
                                eager=True)
    return pl.DataFrame({
        "record_id": ("r#" + index.cast(pl.String)), "platform": "linkedin", "source_file": "x.csv",
        "source_row": index + 1, "field": None, "category": "post",
        "policy_category": pl.Series(CATEGORIES).gather(index % len(CATEGORIES)),
        "record_type": "linkedin.test",
        "created_at": created.gather(index % created.len()).set(index % 17 == 0, None),
        "visibility": pl.Series(VISIBILITIES).gather(index % len(VISIBILITIES)),
        "link": None, "text": None, "attributes": "{}",
    }, schema=RECORD_SCHEMA)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    args = parser.parse_args()
    table = records(args.records)
    rules = all_rules("linkedin")
    floor = best_of(3, lambda: table.select(
        pl.col("policy_category").replace_strict(dict.fromkeys(CATEGORIES, 1), default=0, return_dtype=pl.Int8),
        pl.col("created_at").dt.date() < date(2025, 1, 1)))
    print(f"{table.height:,} records; one polars pass over the columns (floor): {floor:.3f} s")
    for name, situation in SITUATIONS.items():
        fast = best_of(3, lambda s=situation: classify(table, "linkedin", s))
        direct = best_of(1, lambda s=situation: verdict_frame(table, rules, s))
        print(f"{name}: classify {fast:.3f} s ({table.height / fast:,.0f} records/s); per-row evaluation "
              f"{direct:.3f} s ({direct / fast:.1f}x slower); {fast / floor:.1f}x the floor")


if __name__ == "__main__":
    main()
