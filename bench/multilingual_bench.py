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
from collections import defaultdict
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_exports" / "multilingual" / "Basic_LinkedInDataExport_11-24-2026.zip"
sys.path.insert(0, str(ROOT))

from toolkit.pii import Identities, detect  # noqa: E402
from toolkit.pipeline import read_archive  # noqa: E402

TYPES = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE")


def _overlaps(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return span[0] < other[1] and other[0] < span[1]


def score(findings: pl.DataFrame, texts: dict[str, str], truth: dict) -> dict[str, dict[str, float]]:
    """Per language: recall of strangers' and connections' names, FP rate on clean posts, and per type recall and
    precision over the scored records."""
    language_of = {t["record"]: t["language"] for t in truth["texts"]}
    kind_of = {t["record"]: t["kind"] for t in truth["texts"]}
    planted: dict[tuple[str, str], list[tuple[int, int, dict]]] = defaultdict(list)
    for item in truth["pii"]:
        record = f"{item['source_file']}#{item['source_row']}"
        start = texts[record].find(item["value"])
        planted[(record, item["entity_type"])].append((start, start + len(item["value"]), item))
    found = findings.filter(pl.col("start").is_not_null() & pl.col("record_id").is_in(list(language_of)))
    hits: set[tuple[str, str, int]] = set()
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    clean_flagged: set[str] = set()
    for record, entity, start, end in found.select("record_id", "entity_type", "start", "end").iter_rows():
        lang = language_of[record]
        if entity not in TYPES:
            continue
        counts[lang][f"{entity} reported"] += 1
        matched = False
        for index, (p_start, p_end, _) in enumerate(planted.get((record, entity), [])):
            if _overlaps((start, end), (p_start, p_end)):
                matched = True
                hits.add((record, entity, index))
        counts[lang][f"{entity} correct"] += matched
        if entity == "PERSON" and kind_of[record] == "clean":
            clean_flagged.add(record)
    for (record, entity), spans in planted.items():
        lang = language_of[record]
        for index, (_, _, item) in enumerate(spans):
            key = "known" if item.get("known") else "stranger"
            label = f"{entity} {key}" if entity == "PERSON" else entity
            counts[lang][f"{label} planted"] += 1
            counts[lang][f"{label} found"] += (record, entity, index) in hits
    for record, kind in kind_of.items():
        if kind == "clean":
            counts[language_of[record]]["clean posts"] += 1
            counts[language_of[record]]["clean flagged"] += record in clean_flagged
    return counts


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
    # the timing copies: every text made distinct, so nothing is deduplicated away
    copies = pl.concat([records.with_columns((pl.col("text") + f" #{i}").alias("text"),
                                             (pl.col("record_id") + f"~{i}").alias("record_id"))
                        for i in range(args.repeat)])
    prose = copies.filter(pl.col("text").is_not_null()).height
    for name, languages in (("English-only detector (before)", False), ("multilingual detector", True)):
        findings = detect(records, identities, ner=True, languages=languages)
        table(name, score(findings, texts, truth))
        start = time.perf_counter()
        detect(copies, identities, ner=True, languages=languages)
        wall = time.perf_counter() - start
        print(f"time: {wall:.2f} s for {prose:,} texts = {wall / prose * 10_000:.1f} s per 10k texts")


if __name__ == "__main__":
    main()
