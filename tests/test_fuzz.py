"""The quick fuzz profile (bench/fuzz.py runs the long one): generated hostile and damaged inputs never crash, hang,
change the source or put a cell's content in an error."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from fuzz_cases import ZIP_GENERATORS, run_case

QUICK_CASES = 150


@pytest.mark.parametrize("block", range(3))
def test_quick_fuzz_profile(tmp_path: Path, block: int, no_network: list[str]) -> None:
    warnings.simplefilter("ignore")  # zipfile warns about the duplicate names the cases plant on purpose
    size = QUICK_CASES // 3
    results = [run_case(seed, tmp_path) for seed in range(block * size, (block + 1) * size)]
    failed = [r for r in results if r["failures"]]
    assert failed == [], failed[:5]
    assert max(r["wall"] for r in results) < 30
    assert no_network == []


def test_every_generator_is_exercised(tmp_path: Path) -> None:
    warnings.simplefilter("ignore")
    from fuzz_cases import make_case

    kinds = {make_case(seed, tmp_path)[0] for seed in range(400)}
    assert set(ZIP_GENERATORS) | {"folder", "fifo_path"} <= kinds


def _damage(sample: Path, target: Path, member: str) -> Path:
    """The sample with one member's compressed stream corrupted (its CRC or deflate data no longer match)."""
    import zipfile

    with zipfile.ZipFile(sample) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, source.read(info.filename))
    data = bytearray(target.read_bytes())
    at = data.find(b"PK\x03\x04")
    while at >= 0:
        name_length = int.from_bytes(data[at + 26:at + 28], "little")
        extra_length = int.from_bytes(data[at + 28:at + 30], "little")
        name = data[at + 30:at + 30 + name_length].decode()
        if name.endswith(member):
            body = at + 30 + name_length + extra_length
            size = int.from_bytes(data[at + 18:at + 22], "little")
            for offset in range(body + size // 3, body + size // 3 + 8):
                data[offset] ^= 0xFF
            break
        at = data.find(b"PK\x03\x04", at + 4)
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("member", ["Comments.csv", "Connections.csv"])
def test_a_damaged_member_of_the_sample_costs_that_file_only(run_cli, tmp_path: Path, member: str) -> None:
    import json

    from conftest import BASIC

    damaged = _damage(BASIC, tmp_path / "Basic_LinkedInDataExport_11-24-2026.zip", member)
    result = run_cli("scan", damaged, "--no-ner", "--json", tmp_path / "s.json")
    assert result.code == 0, result.err
    summary = json.loads((tmp_path / "s.json").read_text())
    assert [f["path"] for f in summary["archive"]["files_unreadable"]] == [member]
    assert "damaged data" in summary["archive"]["files_unreadable"][0]["reason"]
    assert len(summary["archive"]["files_recognised"]) == 31 and summary["totals"]["records"] > 1000
    assert "could not be read and were skipped" in result.out and member in result.out
    strict = run_cli("scan", damaged, "--no-ner", "--strict")
    assert strict.code == 2 and member in strict.err and strict.err.count("\n") == 1


def test_limits_can_be_raised(run_cli, tmp_path: Path) -> None:
    from conftest import write_zip

    wide = write_zip(tmp_path / "wide.zip", {
        "Profile.csv": "First Name,Last Name,Geo Location\nA,B,Greater Seattle Area\n",
        "Votes.csv": ",".join(f"c{i}" for i in range(1500)) + "\n" + ",".join("1" * 1500) + "\n"})
    default = run_cli("inspect", wide)
    assert default.code == 0 and "1,500 columns, more than the limit of 1,000" in default.out
    raised = run_cli("--limit", "max_columns=2000", "inspect", wide)
    assert raised.code == 0 and "could not be read" not in raised.out
    wrong = run_cli("--limit", "max_colums=2000", "inspect", wide)
    assert wrong.code == 2 and "unknown limit 'max_colums'" in wrong.err
