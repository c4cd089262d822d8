"""`toolkit scan` and `toolkit policies` end to end on the bundled samples."""

from __future__ import annotations

import itertools
import json
import stat
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from conftest import BASIC, COMPLETE, ROOT


def test_scan_us_member_2024(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "summary.json"
    result = run_cli("scan", COMPLETE, "--as-of", "2024-10-05", "--json", out)
    assert result.code == 0, result.err
    assert "region      US (from Profile.csv Geo Location)" in result.out
    assert "What you can do" in result.out and "data-for-ai-improvement" in result.out
    summary = json.loads(out.read_text())
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert summary["member"] == {"region": "US", "region_source": "archive", "region_from": "Profile.csv Geo Location",
                                 "birth_date": "1988-04-12", "birth_date_source": "archive",
                                 "birth_date_from": "Profile.csv Birth Date", "minor": False,
                                 "region_note": "from Profile.csv Geo Location",
                                 "birth_date_note": "from Profile.csv Birth Date"}
    assert summary["settings"] == {"as_of": "2024-10-05", "as_of_is_today": False, "opted_out_on": None,
                                   "objection_filed_on": None, "setting_offered": True, "objection_stops": False}
    assert summary["rules_in_force"][:1] == ["linkedin-genai-2024-09-row"]
    posts = summary["by_category"]["post"]
    assert posts["in_scope_genai_now"] > 0 and posts["in_scope_genai_after_opt_out"] == 0
    assert summary["by_category"]["message"]["in_scope_genai_now"] == 0
    assert set(summary["totals"]) >= {"records", "in_scope_genai_now", "in_scope_genai_after_opt_out",
                                      "maybe_already_used", "in_scope_other_ml", "unknown_genai_now", "with_pii",
                                      "flagged"}
    assert summary["totals"]["records"] == sum(c["records"] for c in summary["by_category"].values())


def test_scan_opt_out_moves_records_out_of_scope(run_cli, tmp_path: Path) -> None:
    before, after = tmp_path / "a.json", tmp_path / "b.json"
    assert run_cli("scan", COMPLETE, "--as-of", "2024-10-05", "--json", before).code == 0
    assert run_cli("scan", COMPLETE, "--as-of", "2024-10-05", "--opted-out-on", "2024-09-25", "--json", after).code == 0
    a, b = json.loads(before.read_text())["totals"], json.loads(after.read_text())["totals"]
    assert b["in_scope_genai_now"] == 0 < a["in_scope_genai_now"]
    assert 0 < b["maybe_already_used"] <= a["maybe_already_used"]


def test_scan_german_member_region_from_archive_and_option(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "de.json"
    result = run_cli("scan", BASIC, "--as-of", "2025-12-01", "--json", out)
    assert result.code == 0, result.err
    summary = json.loads(out.read_text())
    assert summary["member"]["region"] == "DE" and summary["member"]["region_source"] == "archive"
    assert "linkedin-genai-2025-11-expansion" in summary["rules_in_force"]
    assert summary["by_category"]["post"]["unknown_genai_after_opt_out"] > 0  # late opt-out: Garante vs LinkedIn
    assert summary["member"]["birth_date"] is None  # 'Apr 12' is not a full date
    gb = run_cli("scan", BASIC, "--region", "gb", "--as-of", "2026-01-01")
    assert gb.code == 0 and "GB (from your options)" in gb.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "XX"], "error: --region: 'XX' is not an ISO 3166-1 alpha-2 country code"),
        (["--as-of", "2025-02-30"], "error: --as-of: '2025-02-30' is not a date YYYY-MM-DD"),
        (["--as-of", "2025-01-01", "--opted-out-on", "2025-06-01"],
         "error: --opted-out-on: 2025-06-01 is after the as-of day 2025-01-01"),
    ],
)
def test_scan_bad_options(run_cli, args: list[str], message: str) -> None:
    result = run_cli("scan", BASIC, *args)
    assert result.code == 2 and result.err.strip() == message


def test_json_never_overwrites_the_archive(run_cli, tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    archive.write_bytes(BASIC.read_bytes())
    result = run_cli("scan", archive, "--json", archive)
    assert result.code == 2 and "refusing to write over or inside the input archive" in result.err
    assert archive.read_bytes() == BASIC.read_bytes()


def test_policies_lists_every_rule_with_sources(run_cli) -> None:
    result = run_cli("policies", "--platform", "linkedin")
    assert result.code == 0
    for rule_id in ("linkedin-genai-2024-09-row", "linkedin-genai-2025-11-expansion", "linkedin-other-ml-eu-uk"):
        assert rule_id in result.out
    assert "source: ICO: Our statement on changes to LinkedIn AI data policy" in result.out
    assert run_cli("policies", "--platform", "myspace").code == 2


@pytest.fixture
def terminal_of_width(monkeypatch: pytest.MonkeyPatch):
    from rich.console import Console

    from toolkit import cli

    def set_width(width: int) -> None:
        monkeypatch.setattr(cli, "out", Console(file=cli._TrimmedStdout(), width=width, color_system=None))

    return set_width


@pytest.mark.parametrize("width", [60, 80, 160])
def test_scan_output_fits_the_terminal(run_cli, terminal_of_width, width: int) -> None:
    terminal_of_width(width)
    result = run_cli("scan", BASIC, "--as-of", "2025-12-01", "--no-ner")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    assert not [line for line in lines if line != line.rstrip()], "trailing spaces"
    table = lines[lines.index(next(line for line in lines if line.startswith(" category"))):]
    for before, line in itertools.pairwise(table):
        if "└ unknown" in line:  # an unknown row sits right under the row it belongs to
            assert before.strip() and "└ unknown" not in before and not before.startswith(" ─")
    left_out = [line for line in lines if line.startswith("Left out at")]
    if width == 60:
        assert left_out and "flagged" in left_out[0]
        assert "flagged: carries personal data" not in result.out  # no legend for a column not shown
    else:
        assert not left_out and " flagged" in result.out


def test_scan_words_follow_the_as_of_day(run_cli, terminal_of_width) -> None:
    terminal_of_width(100)
    result = run_cli("scan", BASIC, "--as-of", "2025-12-01", "--no-ner")
    text = " ".join(result.out.split())
    assert "generative-AI training on 2025-12-01" in text and "had you opted out on 2025-12-01" in text
    assert "dated after 2025-12-01: they did not exist yet" in text
    assert "connections, follows = Connections.csv 399, Company Follows.csv 6" in text
    assert "contact_info" not in text and "EMAIL_ADDRESS" not in text


def test_readme_shows_the_real_scan_output_at_80_columns(run_cli, terminal_of_width) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ toolkit scan sample_exports/Basic_LinkedInDataExport_11-24-2026.zip --as-of 2025-12-01"
    shown = readme[readme.index(command):].split("```")[0].splitlines()[1:]
    terminal_of_width(80)
    result = run_cli("scan", BASIC, "--as-of", "2025-12-01")
    real = result.out.splitlines()
    for line in shown:
        if line.strip() not in ("...", ""):
            assert line in real, line


def test_the_command_leaves_at_once_with_its_output_whole_and_its_status() -> None:
    # toolkit.cli.run leaves without the interpreter's teardown: the status and the whole output still come out
    done = subprocess.run([sys.executable, "-m", "toolkit", "scan", str(COMPLETE), "--no-ner", "--json", "-"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and len(done.stdout) > 65_536  # more than a pipe holds
    assert json.loads(done.stdout)["archive"]["platform"] == "linkedin"
    failed = subprocess.run([sys.executable, "-m", "toolkit", "scan", "/nonexistent.zip"], capture_output=True,
                            text=True, timeout=60)
    assert failed.returncode == 2 and failed.stderr == "error: /nonexistent.zip: no such file or folder\n"


def test_a_reader_that_goes_away_loses_only_what_it_reads(tmp_path: Path) -> None:
    """`toolkit scan ... --json F --html H | head`: the reader of standard output leaves before the summary is
    shown. The files asked for are still written (they were lost: the command left at the first line it could not
    show), and it is not reported as an internal error; the status is 1."""
    def closed_early(*args: str) -> subprocess.CompletedProcess:
        process = subprocess.Popen([sys.executable, "-m", "toolkit", *args], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # before the first line comes
        errors = process.stderr.read()
        return subprocess.CompletedProcess(process.args, process.wait(timeout=120), "", errors)

    scanned = closed_early("scan", str(BASIC), "--no-ner", "--json", str(tmp_path / "s.json"),
                           "--html", str(tmp_path / "r.html"))
    assert scanned.returncode == 1 and "error" not in scanned.stderr, scanned.stderr
    assert json.loads((tmp_path / "s.json").read_text())["archive"]["platform"] == "linkedin"
    assert (tmp_path / "r.html").read_text().startswith("<!doctype html>")
    exported = closed_early("export", str(BASIC), "--no-ner", "--out", "-", "--out", str(tmp_path / "f.parquet"))
    assert exported.returncode == 1 and "error" not in exported.stderr, exported.stderr
    assert pl.read_parquet(tmp_path / "f.parquet").height > 0
