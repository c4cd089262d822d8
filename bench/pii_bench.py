"""PII detection speed and quality: the toolkit against naive per-record presidio, in the same run.

Builds (or takes, --archive) a Complete LinkedIn export of about 200k records with the sample generator, then:
- runs the full toolkit pipeline (read, classify, detect with NER) and pattern-only mode (--no-ner);
- runs presidio's AnalyzerEngine.analyze on each record's text, same spaCy model, on a random sample of records;
- scores both against the planted truth, per entity: recall and precision;
- times the bare spaCy NER pipe on the same sample texts (the practical limit for statistical NER).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
from timing import best_of

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sample_exports"))

from truth import load_truth, score  # noqa: E402

from toolkit import pii  # noqa: E402
from toolkit.pii.engine import analyzer_engine, ner_pipeline  # noqa: E402
from toolkit.pipeline import ScanOptions, read_archive, scan  # noqa: E402

TYPES = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS", "URL", "LOCATION")


def generate(records: int, out: Path) -> Path:
    subprocess.run([sys.executable, str(ROOT / "sample_exports" / "generate.py"), "--out", str(out), "--seed", "1",
                    "--records", str(records)], check=True)
    return out / f"Complete_LinkedInDataExport_{records}.zip"


def naive_presidio(texts: list[tuple[str, str | None]]) -> tuple[pl.DataFrame, float]:
    engine = analyzer_engine()
    engine.analyze("warm up the model", language="en")
    rows = []
    start = time.perf_counter()
    for record_id, text in texts:
        if not text:
            continue
        for result in engine.analyze(text, language="en"):
            rows.append((record_id, result.entity_type, result.start, result.end))
    elapsed = time.perf_counter() - start
    frame = pl.DataFrame(rows, schema={"record_id": pl.String, "entity_type": pl.String, "start": pl.Int64,
                                       "end": pl.Int64}, orient="row")
    return frame, elapsed


def line(label: str, scores: dict) -> str:
    parts = [f"{t} R={scores[t].recall:.3f} P={scores[t].precision:.3f}" for t in TYPES if t in scores]
    return f"{label}: " + "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--sample", type=int, default=2_000, help="records for naive presidio")
    parser.add_argument("--archive", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = args.archive or generate(args.records, Path(tmp))
        truth = load_truth(archive)
        read = read_archive(archive)
        records = read.read.records
        n = records.height
        texts = dict(records.select("record_id", "text").drop_nulls().iter_rows())

        start = time.perf_counter()
        full = scan(archive, ScanOptions())
        full_findings = pii.with_record_ids(full.findings, full.table)
        full_time = time.perf_counter() - start
        facts = read.facts
        identities = pii.Identities(facts.names, facts.emails, facts.phones, facts.others)
        columns = full.columns
        patterns_only = pii.with_record_ids(pii.detect(records, identities, ner=False).findings, records)
        pattern_time = best_of(3, lambda: pii.detect(records, identities, ner=False))
        pattern_columns_time = best_of(3, lambda: pii.detect(records, identities, columns, ner=False))

        rng = random.Random(7)
        sample_ids = rng.sample(records["record_id"].to_list(), min(args.sample, n))
        sample_texts = [(rid, texts.get(rid)) for rid in sample_ids]
        naive, naive_time = naive_presidio(sample_texts)
        in_sample = pl.col("record_id").is_in(sample_ids)
        sample_truth = [t for t in truth if f"{t['source_file']}#{t['source_row']}" in set(sample_ids)]

        nlp = ner_pipeline()
        bare = [t for _, t in sample_texts if t]
        start = time.perf_counter()
        for _ in nlp.pipe(bare, batch_size=256):
            pass
        ner_time = time.perf_counter() - start

    distinct = records["text"].drop_nulls().n_unique()
    toolkit_rate = n / full_time
    naive_rate = len(sample_texts) / naive_time
    print(f"archive: {n:,} records, {records['text'].count():,} with text, {distinct:,} distinct texts")
    print(f"toolkit full pipeline (read+classify+PII with NER): {full_time:.2f} s, {toolkit_rate:,.0f} records/s")
    print(f"toolkit pattern-only PII in text (--no-ner, best of 3): {pattern_time:.2f} s, "
          f"{n / pattern_time:,.0f} records/s")
    print(f"toolkit pattern-only PII in text and PII columns (--no-ner, best of 3): {pattern_columns_time:.2f} s, "
          f"{n / pattern_columns_time:,.0f} records/s")
    print(f"naive presidio AnalyzerEngine.analyze per record ({len(sample_texts):,} sampled records): "
          f"{naive_time:.2f} s, {naive_rate:,.0f} records/s")
    print(f"ratio toolkit/naive: {toolkit_rate / naive_rate:,.1f}x")
    print(f"bare spaCy NER pipe on the same sampled texts (1 process): {len(bare) / ner_time:,.0f} texts/s, "
          f"{len(sample_texts) / ner_time:,.0f} records/s")
    print(line("toolkit, whole archive", score(full_findings, texts, truth)))
    print(line("toolkit, sampled records", score(full_findings.filter(in_sample), texts, sample_truth)))
    print(line("naive presidio, sampled records", score(naive, texts, sample_truth)))
    print(line("toolkit pattern-only, whole archive", score(patterns_only, texts, truth)))


if __name__ == "__main__":
    main()
