"""Decoding and CSV parsing: BOMs, CRLF, Excel re-saves, preambles, truncation."""

from __future__ import annotations

import codecs

import pytest

from toolkit.archive import decode_text, parse_csv
from toolkit.errors import ArchiveError


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"Name\nJos\xc3\xa9", "utf-8"),
        (codecs.BOM_UTF8 + b"Name\nJos\xc3\xa9", "utf-8-sig"),
        ("Name\nJosé".encode("utf-16"), "utf-16"),
        ("Name\nJosé".encode("utf-16-le"), "utf-16-le"),
        ("Name\nJosé".encode("cp1252"), "cp1252"),
    ],
)
def test_decoding_is_detected(data: bytes, encoding: str) -> None:
    decoded = decode_text(data, "x.csv")
    assert decoded.text == "Name\nJosé"
    assert decoded.encoding == encoding


def test_undecodable_bytes_name_the_file() -> None:
    with pytest.raises(ArchiveError, match=r"^x\.csv: not UTF-8, UTF-16 or cp1252 text$"):
        decode_text(b"Name\n\x81\x8d\x8f\x90", "x.csv")
    with pytest.raises(ArchiveError, match="binary data"):
        decode_text(b"PK\x03\x04\x00\x00rest of a binary file here", "x.csv")


def test_crlf_multiline_fields_and_preamble() -> None:
    text = 'Notes:\r\n"A note, with a comma"\r\n\r\nFirst Name,Connected On\r\n"Ann\r\nB",01 Jan 2024\r\n'
    table = parse_csv(text, "Connections.csv", ("First Name", "Connected On"))
    assert table.header == ["First Name", "Connected On"]
    assert table.rows == [["Ann\nB", "01 Jan 2024"]]
    assert table.preamble_lines == 3


def test_tab_separated_excel_resave() -> None:
    table = parse_csv("Skill Name\tEndorser First Name\nPython\tKai", "x.csv", ("Skill Name",))
    assert table.rows == [["Python", "Kai"]]


def test_truncated_csv_is_an_error() -> None:
    with pytest.raises(ArchiveError, match="truncated"):
        parse_csv('Date,Link,Message\n2024-01-01 00:00:00,x,"never closed', "Comments.csv")


def test_backslash_escaped_quotes_are_read_leniently() -> None:
    table = parse_csv('Date,Link,Message\n2024-01-01,x,"A backslash \\"quote\\""\n', "Comments.csv")
    assert len(table.rows) == 1 and table.rows[0][0] == "2024-01-01"


def test_a_field_over_the_size_limit_is_one_clear_error() -> None:
    import csv

    previous = csv.field_size_limit(100)
    try:
        with pytest.raises(ArchiveError, match=r"^messages\.csv: cannot be read as CSV \(field larger than"):
            parse_csv("DATE,CONTENT\n2024-01-01," + "x" * 500, "messages.csv")
    finally:
        csv.field_size_limit(previous)
