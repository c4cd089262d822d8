"""A SQLite database that opens as it is in Datasette and DuckDB: records, verdicts, findings and rules, with
indexes and full-text search on the records' text."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import polars as pl

from toolkit import labels
from toolkit.pipeline import Scan
from toolkit.policy import EXTRA_VERDICTS, VERDICTS, Rule, all_rules
from toolkit.report.table import exported_findings

_RECORD_COLUMNS = ("record_id", "platform", "source_file", "source_row", "field", "category", "policy_category",
                   "record_type", "created_at", "visibility", "link", "excerpt", "text", "attributes", "pii_types",
                   "pii_count", "third_party_pii", "flagged")
_VERDICT_COLUMNS = ("record_id", *VERDICTS, *EXTRA_VERDICTS, "rule_ids")

_YES_NO = "CASE {v} WHEN 'true' THEN 'yes' WHEN 'false' THEN 'no' ELSE 'unknown' END"
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
CREATE TABLE labels (kind TEXT, name TEXT, label TEXT, PRIMARY KEY (kind, name));
CREATE INDEX records_third_party ON records(third_party_pii);
CREATE INDEX records_pii_types ON records(pii_types);
CREATE INDEX verdicts_after ON verdicts(in_scope_genai_after_opt_out);
CREATE INDEX verdicts_used ON verdicts(maybe_already_used);
CREATE INDEX verdicts_other ON verdicts(in_scope_other_ml);
CREATE VIEW records_with_verdicts AS
SELECT r.record_id, coalesce(c.label, r.category) AS category, r.source_file, r.source_row, r.created_at,
    {_YES_NO.format(v="v.in_scope_genai_now")} AS genai_now,
    {_YES_NO.format(v="v.in_scope_genai_after_opt_out")} AS after_opt_out,
    {_YES_NO.format(v="v.maybe_already_used")} AS maybe_used,
    {_YES_NO.format(v="v.in_scope_other_ml")} AS other_ml,
    r.pii_types, r.pii_count, CASE r.third_party_pii WHEN 1 THEN 'yes' ELSE 'no' END AS other_peoples_data,
    CASE r.flagged WHEN 1 THEN 'yes' ELSE 'no' END AS flagged, r.excerpt, r.link, v.rule_ids
FROM records r JOIN verdicts v USING (record_id)
LEFT JOIN labels c ON c.kind = 'category' AND c.name = r.category;
CREATE VIEW flagged_items AS SELECT * FROM records_with_verdicts WHERE flagged = 'yes';
"""
_FACETS = ["category", "genai_now", "maybe_used", "other_ml", "other_peoples_data"]


def _rule_row(rule: Rule) -> tuple:
    regions = "*" if rule.everywhere else ",".join(sorted(rule.include))
    sources = json.dumps([{"publisher": s.publisher, "title": s.title, "url": s.url, "date": s.date}
                          for s in rule.sources], ensure_ascii=False)
    return (rule.id, rule.platform, rule.version, rule.title, rule.purpose,
            rule.effective_from.isoformat() if rule.effective_from else None, rule.effective_from_precision,
            rule.effective_to.isoformat() if rule.effective_to else None, regions, ",".join(sorted(rule.exclude)),
            rule.confidence, rule.confidence_note, sources)


def write_sqlite(table: pl.DataFrame, scan: Scan, path: Path, redact: bool = False, everything: bool = False) -> None:
    """`table`: export_table(scan, everything, redact)."""
    records = table.with_columns(
        pl.col("created_at").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        pl.col("third_party_pii").cast(pl.Int64), pl.col("flagged").cast(pl.Int64),
    )
    findings = exported_findings(scan, everything, redact).with_columns(pl.col("third_party").cast(pl.Int64))
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
        connection.executemany("INSERT INTO labels VALUES (?, ?, ?)",
                               [("category", k, v) for k, v in labels.CATEGORY.items()]
                               + [("entity", k, v) for k, v in labels.ENTITY.items()])
        connection.execute("INSERT INTO records_fts(records_fts) VALUES ('rebuild')")
        connection.commit()
    finally:
        connection.close()


def datasette_metadata(database: str, redact: bool) -> dict:
    """Datasette metadata (`datasette DB -m metadata.json`): titles and the facets people want first."""
    facets = {"facets": _FACETS}
    return {
        "title": "Your data archive: what is in scope for AI training" + (" (redacted)" if redact else ""),
        "description": "Made offline by toolkit. Verdicts: yes, no or unknown (the sources do not settle it).",
        "databases": {database: {"tables": {
            "flagged_items": {"title": "Flagged items: personal data, in scope or unknown", **facets},
            "records_with_verdicts": {"title": "Every record with its verdicts", **facets},
            "findings": {"title": "Personal data found", "facets": ["entity_type", "third_party", "recognizer"]},
            "rules": {"title": "The policy rules and their sources", "facets": ["purpose", "confidence"]},
        }}},
    }
