"""Outputs safe to share: --redact leaks no planted personal data in any format; one scan writes every output, each
checked before the work; the SQLite opens in Datasette with its views and facets; option checks."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import unicodedata
import urllib.request
from pathlib import Path

import polars as pl
import pytest

from conftest import BASIC, COMPLETE, FACEBOOK, INSTAGRAM, REDDIT, ROOT, X_SAMPLE, write_zip
from toolkit import pipeline
from toolkit.report import browse

MEMBER_ID = "918273645"
PLANTED = {
    "member first name": "Talia",
    "member full name": "Talia Hollingsworth",
    "connection full name": "Dorota Wiśniewska",
    "connection e-mail": "dorota.w@example.org",
    "an e-mail in a post": "quentin.b@example.net",
    "a phone": "+44 20 7946 0958",
    "an IBAN": "DE89 3704 0044 0532 0130 00",
    "a name absent from the archive that NER finds": "John Smith",
    "a profile URL": "https://www.linkedin.com/in/dorota-wisniewska-42",
    "a member id in a file name": MEMBER_ID,
    "the member's birth date (a profile field)": "1990-05-06",
}


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = PLANTED
    posts = [
        f"{p['member first name']} ships carefully. Lunch with {p['connection full name']} today.",
        f"Mail {p['an e-mail in a post']} or call {p['a phone']}; refunds to {p['an IBAN']}.",
        f"Met {p['a name absent from the archive that NER finds']} at the conference in Berlin yesterday.",
        f"Her profile: {p['a profile URL']}",
    ]
    rows = "\n".join(f'2025-0{i + 1}-01 10:00:00,https://www.linkedin.com/feed/update/urn:li:share:{i},"{t}",,,PUBLIC'
                     for i, t in enumerate(posts))
    return write_zip(tmp_path_factory.mktemp("planted") / "Basic_LinkedInDataExport_11-24-2026.zip", {
        "Profile.csv": "First Name,Last Name,Birth Date,Geo Location\n"
                       "Talia,Hollingsworth,1990-05-06,Greater Seattle Area",
        "Connections.csv": "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                           f"Dorota,Wiśniewska,{p['a profile URL']},{p['connection e-mail']},Contoso,"
                           "Engineer,03 Jun 2024",
        f"Shares_{MEMBER_ID}.csv": "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n" + rows,
    })


def _texts_of(folder: Path) -> dict[str, str]:
    """Every output as text: the bytes of CSV, HTML and SQLite (and its dump), the values of the Parquet."""
    out = {}
    for path in folder.iterdir():
        if path.suffix == ".parquet":
            out[path.name] = pl.read_parquet(path).write_csv()
        elif path.suffix in (".db", ".sqlite"):
            dump = "\n".join(sqlite3.connect(path).iterdump())
            out[path.name] = dump + path.read_bytes().decode("utf-8", "replace")
        else:
            out[path.name] = path.read_bytes().decode("utf-8", "replace")
    return out


def _leaks(folder: Path, values: set[str]) -> dict[str, list[str]]:
    folded_values = {v: fold(v) for v in values}
    out = {}
    for name, text in _texts_of(folder).items():
        folded = fold(text)
        found = sorted(v for v, f in folded_values.items() if f in folded)
        if found:
            out[name] = found
    return out


def test_redaction_leaks_no_planted_value_in_any_format(run_cli, planted: Path, tmp_path: Path) -> None:
    result = run_cli("scan", planted, "--redact", "--all", "--html", tmp_path / "r.html", "--csv", tmp_path / "f.csv",
                     "--parquet", tmp_path / "f.parquet", "--sqlite", tmp_path / "f.sqlite",
                     "--json", tmp_path / "s.json")
    assert result.code == 0, result.err
    assert _leaks(tmp_path, set(PLANTED.values())) == {}
    rows = pl.read_csv(tmp_path / "f.csv", infer_schema_length=0)
    texts = " ".join(rows["excerpt"].drop_nulls())
    assert "<MEMBER>" in texts and "<PERSON_" in texts and "<EMAIL_ADDRESS>" in texts and "<IBAN_CODE>" in texts
    assert "conference in Berlin" in texts or "conference in <LOCATION>" in texts  # the rest stays readable
    with sqlite3.connect(tmp_path / "f.sqlite") as db:
        assert db.execute('SELECT count(*) FROM findings WHERE "start" IS NOT NULL').fetchone() == (0,)
    # without --redact the same values are there: the test can fail
    plain = tmp_path / "plain"
    plain.mkdir()
    assert run_cli("export", planted, "--all", "--out", plain / "f.csv", "--out", plain / "f.sqlite").code == 0
    assert set(_leaks(plain, set(PLANTED.values()))) == {"f.csv", "f.sqlite"}


def test_whole_words_each_get_their_own_mask_in_one_pass() -> None:
    from toolkit.report.redact import Masks, masked

    masks = Masks()
    for value, mask in (("Priya", "<PERSON_1>"), ("Ann", "<PERSON_2>"), ("Anna", "<PERSON_3>"), ("Park", "<NAME>")):
        masks.add(value, mask)
    text = "Priya met Anna, Ann and PARK at the park; Priyanka and Annabel are other people."
    assert pl.select(masked(pl.lit(text), masks)).item() == (
        "<PERSON_1> met <PERSON_3>, <PERSON_2> and <NAME> at the park; Priyanka and Annabel are other people.")


def test_a_value_inside_a_longer_one_leaves_no_tail() -> None:
    from toolkit.report.redact import Masks, masked

    masks = Masks()
    for value in ("203.0.113.7", "203.0.113.74", "Jo Smith", "Jo Smithson"):
        masks.add(value, "<X>")
    text = "hosts 203.0.113.74 and 203.0.113.7; Jo Smithson met Jo Smith."
    assert pl.select(masked(pl.lit(text), masks)).item() == "hosts <X> and <X>; <X> met <X>."


@pytest.mark.parametrize("sample", [BASIC, COMPLETE, REDDIT, X_SAMPLE, FACEBOOK, INSTAGRAM],
                         ids=["basic", "complete", "reddit", "x", "facebook", "instagram"])
def test_redacted_samples_against_their_truth(run_cli, sample: Path, tmp_path: Path) -> None:
    truth = json.loads(sample.with_name(sample.stem + ".truth.json").read_text())
    member = truth["member"]
    planted = truth["pii"]
    if sample in (REDDIT, X_SAMPLE):
        # Reddit's and X's exports name people by username (X also by mentions): a full name in a post is found by
        # the language model alone, whose recall is not complete (docs/security.md says so); the rest must be masked.
        planted = [p for p in planted if p["entity_type"] != "PERSON"]
    values = {*member["names"], member["email"], member["phone"], *(p["value"] for p in planted)}
    values |= {part for name in member["names"] for part in name.split()}
    result = run_cli("scan", sample, "--redact", "--all", "--html", tmp_path / "r.html", "--out", tmp_path / "f.csv",
                     "--out", tmp_path / "f.parquet", "--out", tmp_path / "f.db")
    assert result.code == 0, result.err
    assert _leaks(tmp_path, values) == {}


def test_one_scan_writes_every_output(run_cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls = []
    real = pipeline.scan
    monkeypatch.setattr(pipeline, "scan", lambda *a, **k: calls.append(1) or real(*a, **k))
    result = run_cli("scan", BASIC, "--no-ner", "--json", tmp_path / "s.json", "--html", tmp_path / "r.html",
                     "--csv", tmp_path / "f.csv", "--sqlite", tmp_path / "f.db", "--out", tmp_path / "f.parquet")
    assert result.code == 0, result.err
    assert len(calls) == 1
    assert {p.name for p in tmp_path.iterdir()} == {"s.json", "r.html", "f.csv", "f.db", "f.metadata.json",
                                                    "f.parquet"}
    assert "wrote" in result.err and "to " + str(tmp_path / "f.db") in result.err


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["--html", "{tmp}"], "is a folder"),
        (["--json", "{tmp}/missing/s.json"], "folder to write into does not exist"),
        (["--html", "{archive}"], "refusing to write over or inside the input archive"),
        (["--out", "{tmp}/a.csv", "--out", "{tmp}/a.csv"], "is given twice"),
        (["--out", "{tmp}/a.xlsx"], "unknown format"),
        (["--csv", "{tmp}/a.db"], "--csv needs a file name ending in .csv"),
        (["--html", "-"], "standard output takes the JSON summary or a CSV"),
    ],
)
def test_output_paths_are_checked_before_the_scan(run_cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                  args: list[str], why: str) -> None:
    archive = tmp_path / "export.zip"
    archive.write_bytes(BASIC.read_bytes())
    monkeypatch.setattr(pipeline, "scan", lambda *a, **k: pytest.fail("the scan started"))
    result = run_cli("scan", archive, *(a.format(tmp=tmp_path, archive=archive) for a in args))
    assert result.code == 2 and why in result.err and result.err.count("\n") == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_folder_is_refused_before_the_scan(run_cli, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = run_cli("scan", BASIC, "--json", locked / "s.json")
    assert result.code == 2 and "permission denied" in result.err


def test_dash_is_standard_output(run_cli) -> None:
    summary = run_cli("scan", BASIC, "--no-ner", "--json", "-")
    assert summary.code == 0 and json.loads(summary.out)["totals"]["records"] > 0
    rows = run_cli("export", BASIC, "--no-ner", "--out", "-")
    assert rows.code == 0 and rows.out.startswith("record_id,platform,source_file")
    assert not (ROOT / "-").exists()


def test_sqlite_views_and_datasette_metadata(run_cli, tmp_path: Path) -> None:
    assert run_cli("export", BASIC, "--no-ner", "--all", "--out", tmp_path / "all.sqlite").code == 0
    with sqlite3.connect(tmp_path / "all.sqlite") as db:
        flagged = db.execute("SELECT count(*) FROM records WHERE flagged = 1").fetchone()[0]
        assert db.execute("SELECT count(*) FROM flagged_items").fetchone()[0] == flagged > 0
        values = {row[0] for row in db.execute("SELECT DISTINCT genai_now FROM records_with_verdicts")}
        assert values <= {"yes", "no", "unknown"} and "unknown" in values
        assert "connections, follows" in {r[0] for r in db.execute("SELECT DISTINCT category FROM flagged_items")}
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"records_category", "verdicts_genai_now", "verdicts_used", "records_third_party"} <= indexes
    metadata = json.loads((tmp_path / "all.metadata.json").read_text())
    assert "category" in metadata["databases"]["all"]["tables"]["flagged_items"]["facets"]


def test_browse_serves_facets_on_loopback_and_cleans_up() -> None:
    result = pipeline.scan(BASIC, pipeline.ScanOptions(ner=False))
    temp = Path(tempfile.gettempdir())
    before = set(temp.glob("toolkit-browse-*"))
    with browse.serving(result, redact=True) as url:
        assert url.startswith("http://127.0.0.1:")
        [folder] = set(temp.glob("toolkit-browse-*")) - before
        with urllib.request.urlopen(url + "archive/flagged_items.json?_facet=category&_size=1", timeout=10) as page:
            data = json.loads(page.read())
        facets = data["facet_results"]
        facet = facets["results"]["category"] if "results" in facets else facets["category"]
        assert facet["results"] and data["filtered_table_rows_count"] > 0
    assert not folder.exists()


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["--birth-date", "2030-01-01"], "--birth-date: 2030-01-01 is in the future"),
        (["--opted-out-on", "1999-01-01"], "--opted-out-on: 1999-01-01 is before the platform existed"),
        (["--as-of", "2999-01-01"], "is in the future"),
    ],
)
def test_implausible_dates_are_refused(run_cli, args: list[str], why: str) -> None:
    result = run_cli("scan", BASIC, "--no-ner", *args)
    assert result.code == 2 and why in result.err


def test_platform_and_region_are_case_insensitive(run_cli) -> None:
    assert run_cli("policies", "--platform", "LinkedIn").code == 0
    assert run_cli("scan", BASIC, "--no-ner", "--region", "de", "--json", "-").code == 0
