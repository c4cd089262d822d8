"""A SQLite database that opens as it is in Datasette and DuckDB: records, verdicts, findings and rules, with
indexes and full-text search on the records' text."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import polars as pl

from toolkit.pipeline import Scan
from toolkit.policy import EXTRA_VERDICTS, VERDICTS, Rule, all_rules
from toolkit.report.redact import masked_file_name

_RECORD_COLUMNS = ("record_id", "platform", "source_file", "source_row", "field", "category", "policy_category",
                   "record_type", "created_at", "visibility", "link", "excerpt", "text", "attributes", "pii_types",
                   "pii_count", "third_party_pii", "flagged")
_VERDICT_COLUMNS = ("record_id", *VERDICTS, *EXTRA_VERDICTS, "rule_ids")

SCHEMA = f"""
CREATE TABLE records (
    record_id TEXT PRIMARY KEY, platform TEXT, source_file TEXT, source_row INTEGER, field TEXT, category TEXT,
    policy_category TEXT, record_type TEXT, created_at TEXT, visibility TEXT, link TEXT, excerpt TEXT, text TEXT,
    attributes TEXT, pii_types TEXT, pii_count INTEGER, third_party_pii INTEGER, flagged INTEGER
);
CREATE TABLE verdicts (
    record_id TEXT PRIMARY KEY REFERENCES records(record_id),
    {", ".join(f"{v} TEXT" for v in (*VERDICTS, *EXTRA_VERDICTS))}, rule_ids TEXT
);
CREATE TABLE findings (
    finding_id INTEGER PRIMARY KEY, record_id TEXT REFERENCES records(record_id), entity_type TEXT,
    "start" INTEGER, "end" INTEGER, "column" TEXT, score REAL, recognizer TEXT, third_party INTEGER
);
CREATE TABLE rules (
    rule_id TEXT PRIMARY KEY, platform TEXT, policy_version TEXT, title TEXT, purpose TEXT, effective_from TEXT,
    effective_from_precision TEXT, effective_to TEXT, regions TEXT, excluded_regions TEXT, confidence TEXT,
    confidence_note TEXT, sources TEXT
);
CREATE INDEX records_category ON records(category);
CREATE INDEX records_flagged ON records(flagged);
CREATE INDEX records_source ON records(source_file, source_row);
CREATE INDEX verdicts_genai_now ON verdicts(in_scope_genai_now);
CREATE INDEX findings_record ON findings(record_id);
CREATE INDEX findings_entity ON findings(entity_type);
CREATE VIRTUAL TABLE records_fts USING fts5(text, content=[records]);
"""


def _rule_row(rule: Rule) -> tuple:
    regions = "*" if rule.everywhere else ",".join(sorted(rule.include))
    sources = json.dumps([{"publisher": s.publisher, "title": s.title, "url": s.url, "date": s.date}
                          for s in rule.sources], ensure_ascii=False)
    return (rule.id, rule.platform, rule.version, rule.title, rule.purpose,
            rule.effective_from.isoformat() if rule.effective_from else None, rule.effective_from_precision,
            rule.effective_to.isoformat() if rule.effective_to else None, regions, ",".join(sorted(rule.exclude)),
            rule.confidence, rule.confidence_note, sources)


def write_sqlite(table: pl.DataFrame, scan: Scan, path: Path, redact: bool) -> None:
    records = table.with_columns(
        pl.col("created_at").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        pl.col("third_party_pii").cast(pl.Int64), pl.col("flagged").cast(pl.Int64),
    )
    findings = scan.findings.with_columns(pl.col("third_party").cast(pl.Int64))
    if redact:  # offsets would point into text that is no longer there; record ids lose the member id
        findings = findings.with_columns(pl.lit(None, pl.Int64).alias("start"), pl.lit(None, pl.Int64).alias("end"),
                                         masked_file_name(pl.col("record_id")))
    findings = findings.join(records.select("record_id"), on="record_id", how="semi")
    verdicts = records.select(*(pl.col(c).cast(pl.String) for c in _VERDICT_COLUMNS))
    connection = sqlite3.connect(path)
    try:
        connection.executescript(SCHEMA)
        connection.executemany(
            f"INSERT INTO records VALUES ({', '.join('?' * len(_RECORD_COLUMNS))})",
            records.select(_RECORD_COLUMNS).iter_rows(),
        )
        connection.executemany(f"INSERT INTO verdicts VALUES ({', '.join('?' * len(_VERDICT_COLUMNS))})",
                               verdicts.iter_rows())
        connection.executemany(
            'INSERT INTO findings (record_id, entity_type, "start", "end", "column", score, recognizer, third_party) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            findings.select("record_id", "entity_type", "start", "end", "column", "score", "recognizer",
                            "third_party").iter_rows(),
        )
        connection.executemany(f"INSERT INTO rules VALUES ({', '.join('?' * 13)})",
                               [_rule_row(r) for r in all_rules(scan.archive.read.platform)])
        connection.execute("INSERT INTO records_fts(records_fts) VALUES ('rebuild')")
        connection.commit()
    finally:
        connection.close()
