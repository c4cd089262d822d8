"""The typed copies of original columns a reader keeps beside the records (ReadResult.kept) hold exactly what
`attributes` holds for them, and what is found with them is what is found without them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from conftest import SAMPLES, write_zip
from toolkit import pii, platforms
from toolkit.pipeline import read_archive
from toolkit.schema import original_columns

ARCHIVES = sorted(SAMPLES.glob("*.zip"))


@pytest.mark.parametrize("archive", ARCHIVES, ids=[a.name for a in ARCHIVES])
def test_kept_copies_equal_the_attributes_and_change_no_finding(archive: Path) -> None:
    read = read_archive(archive).read
    records = read.records
    for record_type, kept in read.kept.items():
        names = [c for c in kept.columns if c != "row"]
        parsed = original_columns(records, {}, record_type, names).collect()
        assert kept.equals(parsed), record_type
    platform = platforms.get(read.platform)
    without = replace(read, kept={})
    assert platform.member_facts(read) == platform.member_facts(without)
    facts = platform.member_facts(read)
    identities = pii.Identities(facts.names, facts.emails, facts.phones, facts.others)
    columns = {t: {c: pii.ColumnPII(e, o) for c, (e, o) in by.items()} for t, by in platform.pii_columns().items()}
    found = pii.detect(records, identities, columns, ner=False, kept=read.kept)
    parsed = pii.detect(records, identities, columns, ner=False)
    assert found.findings.sort(pl.all()).equals(parsed.findings.sort(pl.all()))
    assert found.per_record.equals(parsed.per_record)


def test_linkedin_keeps_the_columns_its_later_stages_read() -> None:
    kept = read_archive(SAMPLES / "Complete_LinkedInDataExport_11-24-2026.zip").read.kept
    assert {"FROM", "TO"} <= set(kept["linkedin.message"].columns)
    assert {"First Name", "Last Name", "Email Address", "URL"} <= set(kept["linkedin.connection"].columns)


def test_a_record_type_whose_columns_were_not_all_kept_is_read_from_the_attributes(tmp_path: Path) -> None:
    # Shares in two part files, one with the column and one without: the copy is null where the file lacks it
    archive = write_zip(tmp_path / "a.zip", {
        "Connections.csv": "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                           "Noor,Example,https://www.linkedin.com/in/noor,,Acme,CTO,01 Jan 2024\n",
        "Connections_2.csv": "First Name,Last Name,Company,Connected On\nAda,Other,Acme,02 Jan 2024\n"})
    read = read_archive(archive).read
    kept = read.kept["linkedin.connection"].sort("row")
    assert kept["URL"].to_list() == ["https://www.linkedin.com/in/noor", None]
    assert kept.equals(original_columns(read.records, {}, "linkedin.connection", kept.columns[1:]).collect()
                       .sort("row"))
