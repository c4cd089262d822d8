"""The LinkedIn reader on small archives in the real layouts (formats.md §1), one quirk per test."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from conftest import public_fixture, write_folder, write_zip
from toolkit.pipeline import read_archive
from toolkit.platforms.base import ReadResult
from toolkit.schema import RECORD_SCHEMA, with_attributes

NOTE = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses are '
        'missing."\n\n')
CONNECTIONS = NOTE + ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                      'Avery,Quill,https://www.linkedin.com/in/aq,,"Northwind Labs, Inc.",Staff Engineer,07 Mar 2024\n'
                      ",,,,,,07 Jun 2026")
MESSAGES_13 = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,"
    "FOLDER,ATTACHMENTS,IS MESSAGE DRAFT,IS CONVERSATION DRAFT\n"
    '2-abc,,Avery Quill,u1,Noor Example,u2,2025-06-01 14:03:22 UTC,,"Could we sync?\nTuesday works.",INBOX,,No,No')
MESSAGES_9 = ("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
              "2-abc,,Avery Quill,u1,Noor Example,2022-01-02 03:04:05 UTC,,Hello there,INBOX")
MESSAGES_11_QUOTED = (
    '"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO","RECIPIENT PROFILE URLS","DATE",'
    '"SUBJECT","CONTENT","FOLDER","ATTACHMENTS"\n'
    '"2-x","","Kai Sample","u3","Avery Quill","u1","2026-02-03 04:05:06 UTC","","Quoted everything","INBOX",""')


def read(tmp_path: Path, files: dict[str, str | bytes]) -> pl.DataFrame:
    return records_of(read_archive(write_zip(tmp_path / "export.zip", files)).read)


def records_of(read: ReadResult) -> pl.DataFrame:
    """The records with `attributes` written out, as the exports have them."""
    return with_attributes(read.records, read.originals)


def by_file(records: pl.DataFrame, name: str) -> list[dict]:
    return records.filter(pl.col("source_file") == name).sort("source_row").to_dicts()


def test_schema_is_the_one_defined_once(tmp_path: Path) -> None:
    records = read(tmp_path, {"Connections.csv": CONNECTIONS})
    assert records.schema == RECORD_SCHEMA


def test_connections_preamble_and_hidden_profiles(tmp_path: Path) -> None:
    rows = by_file(read(tmp_path, {"Connections.csv": CONNECTIONS}), "Connections.csv")
    assert [r["source_row"] for r in rows] == [1, 2]
    first = json.loads(rows[0]["attributes"])
    assert first["Company"] == "Northwind Labs, Inc." and first["First Name"] == "Avery"
    assert rows[0]["created_at"] == datetime(2024, 3, 7, tzinfo=UTC)
    assert rows[0]["category"] == "connection" and rows[0]["record_type"] == "linkedin.connection"


@pytest.mark.parametrize("content", [MESSAGES_13, MESSAGES_9, MESSAGES_11_QUOTED])
def test_messages_columns_are_mapped_by_name(tmp_path: Path, content: str) -> None:
    [row] = by_file(read(tmp_path, {"messages.csv": content}), "messages.csv")
    assert row["text"] in {"Could we sync?\nTuesday works.", "Hello there", "Quoted everything"}
    assert row["created_at"].year in {2025, 2022, 2026}
    assert json.loads(row["attributes"])["FROM"] in {"Avery Quill", "Kai Sample"}
    assert row["visibility"] == "private"


def test_empty_files(tmp_path: Path) -> None:
    result = read_archive(write_zip(tmp_path / "e.zip", {
        "Connections.csv": CONNECTIONS, "LearningCoachMessages.csv": "No conversations found",
        "guide_messages.csv": "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT",
        "Profile Summary.csv": ""}))
    counts = {f.path: f.records for f in result.read.recognised}
    assert counts == {"Connections.csv": 2, "LearningCoachMessages.csv": 0, "guide_messages.csv": 0,
                      "Profile Summary.csv": 0}


def test_ad_targeting_duplicate_columns_are_kept(tmp_path: Path) -> None:
    content = "Member Age,Company Names,Company Names,Job Titles,Job Titles,Job Titles\n25-34,Contoso,Fabrikam,A,B,C"
    [row] = by_file(read(tmp_path, {"Ad_Targeting.csv": content}), "Ad_Targeting.csv")
    attributes = json.loads(row["attributes"])
    assert attributes["Company Names"] == "Contoso" and attributes["Company Names (2)"] == "Fabrikam"
    assert [attributes["Job Titles"], attributes["Job Titles (2)"], attributes["Job Titles (3)"]] == ["A", "B", "C"]


def test_learning_trailing_column_and_na_dates(tmp_path: Path) -> None:
    content = ("Content Title,Content Description,Content Type,Content Last Watched Date (if viewed),"
               "Content Completed At (if completed),Content Saved,Notes taken on videos (if taken),\n"
               "Intro,Short,COURSE,2024-11-05 18:42 UTC,2024-11-09 20:01 UTC,false,,\n"
               "Query,Video,VIDEO,N/A,N/A,true,N/A,")
    result = read_archive(write_zip(tmp_path / "l.zip", {"Learning.csv": content}))
    rows = by_file(records_of(result.read), "Learning.csv")
    assert rows[0]["created_at"] == datetime(2024, 11, 5, 18, 42, tzinfo=UTC)
    assert rows[1]["created_at"] is None
    assert "column 8" not in rows[0]["attributes"]
    assert result.read.recognised[0].notes == []


@pytest.mark.parametrize(
    ("name", "header", "value", "expected"),
    [
        ("Invitations.csv", "From,To,Sent At,Message,Direction", '"2/17/26, 3:41 PM"', datetime(2026, 2, 17, 15, 41)),
        ("Shares.csv", "Date,ShareLink,ShareCommentary", "2026-01-27 06:14:52", datetime(2026, 1, 27, 6, 14, 52)),
        ("Endorsement_Received_Info.csv", "Endorsement Date,Skill Name", "2021/11/03 04:27:18 UTC",
         datetime(2021, 11, 3, 4, 27, 18)),
        ("SearchQueries.csv", "Time,Search Query", "2024/03/12 16:20:41 UTC", datetime(2024, 3, 12, 16, 20, 41)),
        ("Company Follows.csv", "Organization,Followed On", "Tue Feb 10 14:05:33 UTC 2026",
         datetime(2026, 2, 10, 14, 5, 33)),
        ("Positions.csv", "Company Name,Title,Started On", "Mar 2021", datetime(2021, 3, 1)),
        ("Education.csv", "School Name,Degree Name,Start Date", "2016", datetime(2016, 1, 1)),
        ("Jobs/Job Applications.csv", "Application Date,Company Name,Job Title", '"4/18/23, 1:57 PM"',
         datetime(2023, 4, 18, 13, 57)),
        ("Rich_Media.csv", "Date/Time,Media Description,Media Link",
         '"You uploaded a profile photo on April 12, 2026 at 8:03 AM (GMT)"', datetime(2026, 4, 12, 8, 3)),
        ("Invitations.csv", "From,To,Sent At,Message,Direction", '"2/17/26, 3:41\u202fPM"',
         datetime(2026, 2, 17, 15, 41)),
    ],
)
def test_each_date_column_has_its_format(tmp_path: Path, name: str, header: str, value: str,
                                         expected: datetime) -> None:
    width = header.count(",") + 1
    column = header.split(",").index(next(c for c in header.split(",") if c in {
        "Sent At", "Date", "Endorsement Date", "Time", "Followed On", "Started On", "Start Date", "Application Date",
        "Date/Time"}))
    cells = ["x"] * width
    cells[column] = value
    [row] = by_file(read(tmp_path, {name: f"{header}\n{','.join(cells)}"}), name)
    assert row["created_at"] == expected.replace(tzinfo=UTC)


def test_profile_is_one_record_per_non_empty_field(tmp_path: Path) -> None:
    content = ("First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Geo Location\n"
               'Avery,Quill,,,,Staff Engineer,"Builds tools.\nSecond paragraph.","Lisbon, Portugal"')
    result = read_archive(write_zip(tmp_path / "p.zip", {"Profile.csv": content}))
    rows = by_file(result.read.records, "Profile.csv")
    assert [r["field"] for r in rows] == ["First Name", "Last Name", "Headline", "Summary", "Geo Location"]
    assert rows[3]["text"] == "Builds tools.\nSecond paragraph."
    assert {r["record_id"] for r in rows} >= {"Profile.csv#1/Headline"}
    assert result.facts.region == "PT" and result.facts.region_from == "Profile.csv Geo Location"


@pytest.mark.parametrize(
    "name", ["Shares_918273645.csv", "shares.csv", "SHARES_1.csv", "Company_Follows.csv", "company-follows.csv"])
def test_file_names_are_matched_loosely(tmp_path: Path, name: str) -> None:
    result = read_archive(write_zip(tmp_path / "n.zip", {name: "Date,ShareLink,ShareCommentary\n2026-01-01,x,y"}))
    assert [f.path for f in result.read.recognised] == [name]


def test_numbered_split_and_subfolder(tmp_path: Path) -> None:
    files = {"Jobs/Saved Jobs.csv": 'Saved Date,Job Url,Job Title,Company Name\n"7/14/26, 8:45 AM",u,T,C',
             "Jobs/Saved Jobs_1.csv": 'Saved Date,Job Url,Job Title,Company Name\n"6/30/26, 4:02 PM",u,T,C'}
    records = read(tmp_path, files)
    assert records.group_by("source_file").len().sort("source_file").rows() == [
        ("Jobs/Saved Jobs.csv", 1), ("Jobs/Saved Jobs_1.csv", 1)]
    assert records["link"].to_list() == ["u", "u"]


def test_articles_html_to_text(tmp_path: Path) -> None:
    html = ('<html><head><title>My title</title><style>p{color:red}</style></head><body><h1>'
            '<a href="https://www.linkedin.com/pulse/my-title">My title</a></h1><p>First &amp; second.</p>'
            "<p>Para two.</p></body></html>")
    [row] = by_file(read(tmp_path, {"Articles/Articles/my-título.html": html}), "Articles/Articles/my-título.html")
    assert row["link"] == "https://www.linkedin.com/pulse/my-title"
    assert row["text"] == "My title\nMy title\nFirst & second.\nPara two."
    assert row["category"] == "article" and "color" not in row["text"]


def test_unknown_header_is_read_generically_and_unknown_files_reported(tmp_path: Path) -> None:
    result = read_archive(write_zip(tmp_path / "u.zip", {
        "Connections.csv": CONNECTIONS, "Courses.csv": "Name,Number\nStats,101\nML,102",
        "Mystery.csv": "a,b\n1,2", "photo.jpg": b"\xff\xd8\xff"}))
    counts = {f.path: f.records for f in result.read.recognised}
    assert counts["Courses.csv"] == 2
    assert result.read.unknown == ["Mystery.csv", "photo.jpg"]


def test_folder_and_zip_give_identical_records(tmp_path: Path) -> None:
    files = {"Connections.csv": CONNECTIONS, "messages.csv": MESSAGES_13}
    zipped = read_archive(write_zip(tmp_path / "a.zip", files)).read.records
    folder = read_archive(write_folder(tmp_path / "f", files)).read.records
    assert zipped.equals(folder)


def test_member_facts_from_identity_files(tmp_path: Path) -> None:
    facts = read_archive(write_zip(tmp_path / "m.zip", {
        "Profile.csv": "First Name,Last Name,Birth Date,Geo Location\nAvery,Quill,1990-05-06,Greater Seattle Area",
        "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On\navery@example.org,Yes,Yes,Not Available",
        "PhoneNumbers.csv": "Extension,Number,Type\n,555-0100,Mobile",
        "Connections.csv": CONNECTIONS, "messages.csv": MESSAGES_13})).facts
    assert facts.region == "US" and facts.birth_date.isoformat() == "1990-05-06"
    assert facts.names[0] == "Avery Quill" and facts.emails == ["avery@example.org"] and facts.phones == ["555-0100"]
    assert facts.others == ["Noor Example"]


# --- other projects' public fixtures, read where they lie (never copied into this repo)

def test_public_kawsay_bom_crlf_and_malformed_row() -> None:
    for folder in ("pedrofuentes__kawsay/tests/fixtures/linkedin",
                   "pedrofuentes__kawsay/_at_e747684e/tests/fixtures/linkedin"):
        result = read_archive(public_fixture(folder))
        connections = by_file(records_of(result.read), "Connections.csv")
        names = {json.loads(r["attributes"])["First Name"] for r in connections}
        assert "José" in names
        messages = by_file(result.read.records, "messages.csv")
        assert any(r["text"] and "\n" in r["text"] and "\r" not in r["text"] for r in messages)
        report = next(f for f in result.read.files if f.path == "messages.csv")
        assert any("fewer columns" in note for note in report.notes)


def test_public_labeldekho_reordered_columns_and_capitalised_messages() -> None:
    result = read_archive(public_fixture("labeldekho__linkedin-network-intelligence/tests/fixtures"))
    connections = by_file(records_of(result.read), "Connections.csv")
    assert len(connections) == 10
    assert all(json.loads(r["attributes"])["URL"].startswith("http") for r in connections)
    messages = by_file(result.read.records, "Messages.csv")
    assert messages and all(r["created_at"] is not None for r in messages)


def test_public_telivity_subset_headers() -> None:
    records = read_archive(public_fixture("TelivityAI__personality-protect/tests/fixtures/linkedin")).read.records
    shares = by_file(records, "Shares.csv")
    assert shares and all(r["text"] and r["created_at"] for r in shares)
    assert all(r["text"] for r in by_file(records, "Comments.csv"))


def test_public_rustume_multiline_profile() -> None:
    records = read_archive(public_fixture("lgtm-hq__Rustume/tests/fixtures/linkedin")).read.records
    websites = [r for r in by_file(records, "Profile.csv") if r["field"] == "Websites"]
    assert websites and "\n" in websites[0]["text"]
