"""Exports: CSV against the contract, Parquet and SQLite round trips, redaction, safe writing; the HTML report."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
import sqlite3
import stat
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from conftest import BASIC, write_folder, write_zip
from toolkit.pipeline import ScanOptions, scan
from toolkit.report import html_report, summary
from toolkit.report.export import write_export

CONTRACT_COLUMNS = [
    "record_id", "platform", "source_file", "source_row", "field", "category", "record_type", "created_at",
    "in_scope_genai_now", "in_scope_genai_after_opt_out", "maybe_already_used", "in_scope_other_ml", "rule_ids",
    "pii_types", "pii_count", "third_party_pii", "excerpt",
]
HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"x\") mail me at a.b@example.org",
           "+1+1 call +1 206-555-0147", "-2 then kai@example.net", "@SUM(A1) and kai@example.net",
           "\tTabbed kai@example.net", "plain text with kai@example.net, and \"quotes\"\nand a newline"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    quoted = [t.replace('"', '""') for t in HOSTILE]
    rows = "\n".join(f'2025-0{i + 1}-01 10:00:00,https://www.linkedin.com/feed/update/urn:li:share:{i},"{t}",,,PUBLIC'
                     for i, t in enumerate(quoted))
    return write_zip(tmp_path_factory.mktemp("h") / "Basic_LinkedInDataExport_11-24-2026.zip", {
        "Profile.csv": "First Name,Last Name,Geo Location\nAvery,Quill,Greater Seattle Area",
        "Shares.csv": "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n" + rows,
    })


@pytest.fixture(scope="module")
def hostile_scan(hostile: Path):
    return scan(hostile, ScanOptions(ner=False))


def test_csv_matches_the_contract(hostile_scan, tmp_path: Path) -> None:
    out = tmp_path / "flagged.csv"
    assert write_export(hostile_scan, out) >= len(HOSTILE)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:17] == CONTRACT_COLUMNS and rows[0][17:] == ["flagged", "link"]
    by_row = {r[3]: dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[2] == "Shares.csv"}
    excerpts = [by_row[str(i + 1)]["excerpt"] for i in range(len(HOSTILE))]
    assert excerpts[0].startswith("'=HYPERLINK") and excerpts[1].startswith("'+1+1")
    assert excerpts[2].startswith("'-2") and excerpts[3].startswith("'@SUM") and excerpts[4].startswith("'\t")
    assert excerpts[5] == HOSTILE[5]  # quotes and newlines survive RFC 4180 quoting
    first = by_row["1"]
    assert first["in_scope_genai_now"] in {"true", "false", "unknown"} and first["third_party_pii"] in {"true", "false"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", first["created_at"])
    assert first["link"].startswith("https://www.linkedin.com/feed/update/")


def test_excerpt_is_at_most_200_characters(tmp_path: Path) -> None:
    long_text = "Write to kai@example.net " + "word " * 100
    header = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
    archive = write_zip(tmp_path / "l.zip", {"Shares.csv": f"{header}2025-01-01 10:00:00,u,{long_text},,,PUBLIC"})
    out = tmp_path / "x.csv"
    write_export(scan(archive, ScanOptions(ner=False)), out)
    assert len(pl.read_csv(out)["excerpt"][0]) == 200


def test_redact_masks_every_span(hostile_scan, tmp_path: Path) -> None:
    out = tmp_path / "redacted.csv"
    write_export(hostile_scan, out, redact=True)
    text = out.read_text(encoding="utf-8-sig")
    assert "kai@example.net" not in text and "a.b@example.org" not in text and "206-555-0147" not in text
    assert "<EMAIL_ADDRESS>" in text and "<PHONE_NUMBER>" in text


def test_parquet_and_sqlite_round_trip(hostile_scan, tmp_path: Path) -> None:
    csv_out, parquet_out, db_out = tmp_path / "a.csv", tmp_path / "a.parquet", tmp_path / "a.sqlite"
    for path in (csv_out, parquet_out, db_out):
        write_export(hostile_scan, path, everything=True)
    from_csv = pl.read_csv(csv_out, infer_schema_length=None)  # as docs/user-guide.md says
    from_parquet = pl.read_parquet(parquet_out)
    assert from_parquet.schema["created_at"] == pl.Datetime("us", "UTC")
    assert from_parquet.schema["in_scope_genai_now"] == pl.Enum(["false", "unknown", "true"])
    assert sorted(from_csv["record_id"]) == sorted(from_parquet["record_id"])
    with sqlite3.connect(db_out) as db:
        from_db = pl.read_database("SELECT r.record_id, v.in_scope_genai_now FROM records r JOIN verdicts v "
                                   "USING (record_id)", db)
        assert sorted(from_db["record_id"]) == sorted(from_csv["record_id"])
        assert {r[0] for r in db.execute("SELECT name FROM sqlite_master")} >= {
            "records", "verdicts", "findings", "rules", "records_fts", "findings_record", "verdicts_genai_now"}
        hits = db.execute("SELECT r.record_id FROM records_fts JOIN records r ON r.rowid = records_fts.rowid "
                          "WHERE records_fts MATCH 'newline'").fetchall()
        assert hits == [("Shares.csv#6",)]
        finding = db.execute('SELECT entity_type, "start", "end", third_party FROM findings '
                             "WHERE record_id = 'Shares.csv#6'").fetchone()
        assert finding[0] == "EMAIL_ADDRESS" and finding[3] == 1
        assert db.execute("SELECT count(*) FROM rules").fetchone()[0] >= 10
        assert "content=[records]" in db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'records_fts'").fetchone()[0]


def test_writes_are_atomic_private_and_never_over_the_input(hostile_scan, hostile: Path, tmp_path: Path,
                                                             run_cli) -> None:
    out = tmp_path / "f.parquet"
    write_export(hostile_scan, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["f.parquet"]  # no temp file left behind
    folder = write_folder(tmp_path / "unpacked", {"Shares.csv": "Date,ShareLink,ShareCommentary\n2025-01-01,u,hi"})
    before = (folder / "Shares.csv").read_bytes()
    result = run_cli("export", folder, "--out", folder / "Shares.csv", "--all", "--no-ner")
    assert result.code == 2 and "refusing to write over or inside the input archive" in result.err
    assert (folder / "Shares.csv").read_bytes() == before
    missing = run_cli("export", hostile, "--out", tmp_path / "nope" / "x.csv", "--no-ner")
    assert missing.code == 2 and "does not exist" in missing.err
    bad = run_cli("export", hostile, "--out", tmp_path / "x.xlsx")
    assert bad.code == 2 and "unknown format" in bad.err


def test_export_cli_all_and_flagged(run_cli, tmp_path: Path) -> None:
    flagged, everything = tmp_path / "f.csv", tmp_path / "a.csv"
    assert run_cli("export", BASIC, "--out", flagged, "--no-ner").code == 0
    assert run_cli("export", BASIC, "--out", everything, "--all", "--no-ner").code == 0
    f, a = (pl.read_csv(p, infer_schema_length=None) for p in (flagged, everything))
    assert 0 < f.height < a.height and (f["pii_count"] > 0).all()


def test_html_report_is_self_contained_and_says_what_to_do(tmp_path: Path) -> None:
    result = scan(BASIC, ScanOptions(ner=False))  # the Basic sample's member is in Germany
    page = html_report.build(result, summary.build(result))
    assert "<link" not in page.lower() and not re.search(r"<script[^>]*\bsrc=", page, re.I)
    # the one executable script is allowed by its hash, and nothing else may run or load
    [code] = re.findall(r"<script>(.*?)</script>", page, re.S)
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp
    assert not re.search(r"""(src|href)=["']?(https?:)?//[^"']*\.(css|js|woff2?|png|svg)""", page)
    assert page.count("<svg") >= 3
    assert "A ready-to-send objection" in page and "Article 21(1) of the GDPR" in page
    assert "data-for-ai-improvement" in page and "TS-DPRO" in page
    us = scan(BASIC, ScanOptions(region="US", ner=False))
    assert "A ready-to-send objection" not in html_report.build(us, summary.build(us))


def test_sqlite_findings_come_in_the_records_order_whatever_order_detection_gave(tmp_path: Path) -> None:
    scanned = scan(BASIC, ScanOptions(ner=False))
    shuffled = replace(scanned, findings=scanned.findings.sample(fraction=1.0, shuffle=True, seed=7))
    assert not shuffled.findings.equals(scanned.findings)
    tables = []
    for name, which in (("a.sqlite", scanned), ("b.sqlite", shuffled)):
        write_export(which, tmp_path / name, everything=True)
        with sqlite3.connect(tmp_path / name) as db:
            tables.append(db.execute('SELECT finding_id, record_id, "start", "column" FROM findings').fetchall())
            order = {r: i for i, (r,) in enumerate(db.execute("SELECT record_id FROM records ORDER BY rowid"))}
    assert tables[0] == tables[1] and len(tables[0]) == scanned.findings.height > 10
    keys = [(order[r], start if start is not None else 1 << 62, column or "") for _, r, start, column in tables[0]]
    assert keys == sorted(keys)
