"""Personal data in posts and messages written in German, French, Spanish, Dutch, Italian and English: recall and
precision per language and type against the multilingual truth set (sample_exports/multilingual/), for the
English-only detector and the multilingual one, measured in the same run, with the time per 10,000 texts.

    python bench/multilingual_bench.py [--repeat 20]

Recall of names the archive does not know ("strangers") is what the statistical model or the name lists must find on
their own; names of connections the archive's own list finds in any language. "FP clean" is the share of clean
posts (no person in them) given at least one PERSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_exports" / "multilingual" / "Basic_LinkedInDataExport_11-24-2026.zip"
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "sample_exports"))

from truth import TYPES, score_by_language  # noqa: E402

from toolkit.pii import Identities, detect, with_record_ids  # noqa: E402
from toolkit.pipeline import read_archive  # noqa: E402


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "  - "


def table(name: str, counts: dict[str, dict[str, float]]) -> None:
    print(f"\n{name}")
    print(f"{'lang':5} {'names new':>10} {'names known':>12} {'FP clean':>9} {'PERSON prec':>12} "
          f"{'e-mail R/P':>11} {'phone R/P':>11} {'IBAN R/P':>10}")
    for lang in sorted(counts, key=lambda code: (code == "en", code)):
        c = counts[lang]
        cells = [
            _ratio(c["PERSON stranger found"], c["PERSON stranger planted"]),
            _ratio(c["PERSON known found"], c["PERSON known planted"]),
            _ratio(c["clean flagged"], c["clean posts"]),
            _ratio(c["PERSON correct"], c["PERSON reported"]),
        ] + [f"{_ratio(c[f'{t} found'], c[f'{t} planted'])}/{_ratio(c[f'{t} correct'], c[f'{t} reported'])}"
             for t in TYPES[1:]]
        print(f"{lang:5} {cells[0]:>10} {cells[1]:>12} {cells[2]:>9} {cells[3]:>12} {cells[4]:>11} {cells[5]:>11} "
              f"{cells[6]:>10}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20, help="copies of the texts for the timing (distinct each)")
    args = parser.parse_args()
    read = read_archive(SAMPLE)
    truth = json.loads(SAMPLE.with_name(SAMPLE.stem + ".truth.json").read_text())
    facts = read.facts
    identities = Identities(facts.names, facts.emails, facts.phones, facts.others)
    records = read.read.records
    texts = dict(records.select("record_id", "text").drop_nulls().iter_rows())
    # the timing copies: every sentence made distinct (the copy's number after each), so nothing is deduplicated
    # away, neither texts nor sentences
    copies = pl.concat([records.with_columns(
        pl.col("text").str.replace_all(r"([.!?:])(\s|$)", f"$1 {i}$2").alias("text"),
        (pl.col("record_id") + f"~{i}").alias("record_id")) for i in range(args.repeat)])
    prose = copies.filter(pl.col("text").is_not_null()).height
    for name, languages in (("English-only detector (before)", False), ("multilingual detector", True)):
        findings = with_record_ids(detect(records, identities, ner=True, languages=languages).findings, records)
        table(name, score_by_language(findings, texts, truth))
        start = time.perf_counter()
        detect(copies, identities, ner=True, languages=languages)
        wall = time.perf_counter() - start
        print(f"time: {wall:.2f} s for {prose:,} texts = {wall / prose * 10_000:.1f} s per 10k texts")


if __name__ == "__main__":
    main()
