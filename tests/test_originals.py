"""The original columns a reader keeps beside the records (ReadResult.originals) instead of JSON in `attributes`:
written out, they are the JSON the exports hold; read by later stages, they give what parsing that JSON gives."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from conftest import SAMPLES, write_zip
from toolkit import pii, platforms
from toolkit.pipeline import read_archive
from toolkit.platforms.base import ReadResult
from toolkit.schema import Originals, original_columns, with_attributes

ARCHIVES = sorted(SAMPLES.glob("*.zip"))


def written_out(read: ReadResult) -> ReadResult:
    """The same records with every `attributes` written as JSON, and no original columns kept beside them."""
    records = with_attributes(read.records, read.originals)
    return replace(read, records=records, originals=Originals(encoded=frozenset(records["record_type"].unique())))


@pytest.mark.parametrize("archive", ARCHIVES, ids=[a.name for a in ARCHIVES])
def test_the_kept_columns_are_what_the_attributes_hold_and_change_no_finding(archive: Path) -> None:
    read = read_archive(archive).read
    whole = written_out(read)
    assert whole.records["attributes"].null_count() == 0
    for record_type in {block.record_type for block in read.originals.blocks}:
        names = sorted({c for block in read.originals.blocks if block.record_type == record_type
                        for c in block.frame.columns})
        kept = original_columns(read.records, read.originals, record_type, names).collect().sort("row")
        parsed = original_columns(whole.records, whole.originals, record_type, names).collect().sort("row")
        assert kept.equals(parsed), record_type
    platform = platforms.get(read.platform)
    assert platform.member_facts(read) == platform.member_facts(whole)
    facts = platform.member_facts(read)
    identities = pii.Identities(facts.names, facts.emails, facts.phones, facts.others)
    columns = {t: {c: pii.ColumnPII(e, o) for c, (e, o) in by.items()} for t, by in platform.pii_columns().items()}
    found = pii.detect(read.records, identities, columns, ner=False, originals=read.originals)
    parsed = pii.detect(whole.records, identities, columns, ner=False, originals=whole.originals)
    assert found.findings.sort(pl.all()).equals(parsed.findings.sort(pl.all()))
    assert found.per_record.equals(parsed.per_record)


def test_flat_files_keep_their_columns_and_leave_attributes_to_the_outputs() -> None:
    read = read_archive(SAMPLES / "Complete_LinkedInDataExport_11-24-2026.zip").read
    [messages] = [b for b in read.originals.blocks if b.record_type == "linkedin.message"]
    assert {"FROM", "TO", "CONVERSATION ID"} <= set(messages.frame.columns)
    assert not {"CONTENT", "SUBJECT"} & set(messages.frame.columns)  # the text is the record's, not an attribute
    rows = read.records.slice(messages.offset, messages.frame.height)
    assert rows["record_type"].unique().to_list() == ["linkedin.message"]
    assert rows["attributes"].null_count() == rows.height


def test_some_records_written_out_equal_the_same_records_of_the_whole_table() -> None:
    read = read_archive(SAMPLES / "Complete_LinkedInDataExport_11-24-2026.zip").read
    whole = with_attributes(read.records, read.originals)
    positions = pl.Series([*range(read.records.height - 1, -1, -3), 0], dtype=pl.UInt32)  # reversed, repeated
    some = with_attributes(read.records[positions], read.originals, positions)
    assert some.equals(whole[positions])
    # as many positions as a file has records, one of them twice: not the whole file
    first = max(read.originals.blocks, key=lambda block: block.frame.height)
    twice = pl.Series([first.offset, *range(first.offset, first.offset + first.frame.height - 1)], dtype=pl.UInt32)
    assert with_attributes(read.records[twice], read.originals, twice).equals(whole[twice])
    per_field = whole.filter(pl.col("field").is_not_null())
    assert per_field.height and (per_field["attributes"] == "{}").all()


def test_a_column_one_file_of_a_type_lacks_is_null_for_its_records(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "a.zip", {
        "Connections.csv": "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                           "Noor,Example,https://www.linkedin.com/in/noor,,Acme,CTO,01 Jan 2024\n",
        "Connections_2.csv": "First Name,Last Name,Company,Connected On\nAda,Other,Acme,02 Jan 2024\n"})
    read = read_archive(archive).read
    kept = original_columns(read.records, read.originals, "linkedin.connection", ["First Name", "URL"]).collect()
    assert kept.sort("row").rows() == [(0, "Noor", "https://www.linkedin.com/in/noor"), (1, "Ada", None)]
    attributes = [json.loads(a) for a in with_attributes(read.records, read.originals)["attributes"]]
    assert attributes[1] == {"First Name": "Ada", "Last Name": "Other", "Company": "Acme",
                             "Connected On": "02 Jan 2024"}
