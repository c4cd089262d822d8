"""`toolkit inspect` end to end, and bad input as one `error:` line with exit status 2."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from conftest import BASIC, COMPLETE, write_zip


def test_inspect_lists_recognised_and_unknown_files(run_cli, tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "export.zip", {
        "Connections.csv": "First Name,Last Name,Connected On\nA,B,01 Jan 2024", "Mystery.csv": "a\n1"})
    result = run_cli("inspect", archive)
    assert result.code == 0, result.err
    assert "LinkedIn export" in result.out and "Connections.csv" in result.out
    assert "1 file(s) not recognised" in result.out and "Mystery.csv" in result.out


@pytest.mark.parametrize("sample", [BASIC, COMPLETE], ids=["basic", "complete"])
def test_inspect_on_the_bundled_samples(run_cli, sample: Path) -> None:
    result = run_cli("inspect", sample)
    assert result.code == 0, result.err
    assert "Every file in the archive was recognised." in result.out
    assert "messages.csv" in result.out


def _bomb(path: Path) -> Path:
    return write_zip(path, {"Connections.csv": b"First Name\n" + b"a" * (30 * 1024**2)})


def _traversal(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Connections.csv", "First Name,Connected On\nA,01 Jan 2024")
        archive.writestr("../../outside.csv", "x")
    path.write_bytes(buffer.getvalue())
    return path


def _corrupt(path: Path) -> Path:
    data = BASIC.read_bytes()
    path.write_bytes(data[:1000])
    return path


def _not_zip(path: Path) -> Path:
    path.write_text("just text")
    return path


def _truncated_csv(path: Path) -> Path:
    return write_zip(path, {"Comments.csv": 'Date,Link,Message\n2024-01-01 00:00:00,x,"never closed'})


def _undecodable(path: Path) -> Path:
    return write_zip(path, {"Comments.csv": b"Date,Link,Message\n2024-01-01 00:00:00,x,\x81\x8d\x8f"})


def _unsupported(path: Path) -> Path:
    return write_zip(path, {"random.csv": "a,b\n1,2"})


@pytest.mark.parametrize(
    ("make", "blame", "why"),
    [
        (_not_zip, "bad.zip", "not a zip file or a folder"),
        (_corrupt, "bad.zip", "corrupt or truncated"),
        (_bomb, "bad.zip:Connections.csv", "zip bomb"),
        (_traversal, "bad.zip:../../outside.csv", "unsafe member name"),
        (_truncated_csv, "bad.zip:Comments.csv", "truncated"),
        (_undecodable, "bad.zip:Comments.csv", "not UTF-8"),
        (_unsupported, "bad.zip", "not a data export of a supported platform"),
    ],
)
def test_bad_input_is_one_error_line(run_cli, tmp_path: Path, make, blame: str, why: str) -> None:
    path = make(tmp_path / "bad.zip")
    before = path.read_bytes()
    result = run_cli("inspect", path)
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert blame in lines[0] and why in lines[0]
    assert "Traceback" not in result.err and result.out == ""
    assert path.read_bytes() == before


def test_missing_path_and_usage_errors(run_cli, tmp_path: Path) -> None:
    missing = run_cli("inspect", tmp_path / "nope.zip")
    assert missing.code == 2 and missing.err.strip() == f"error: {tmp_path / 'nope.zip'}: no such file or folder"
    usage = run_cli("inspect")
    assert usage.code == 2 and usage.err.startswith("error: usage:") and len(usage.err.strip().splitlines()) == 1
    (tmp_path / "empty").mkdir()
    empty = run_cli("inspect", tmp_path / "empty")
    assert empty.code == 2 and "folder is empty" in empty.err


def test_internal_error_is_one_line_and_debug_shows_the_traceback(run_cli, monkeypatch) -> None:
    from toolkit import pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("a bug, and this text must not be printed")

    monkeypatch.setattr(pipeline, "read_archive", broken)
    result = run_cli("inspect", BASIC)
    assert result.code == 1
    assert result.err.strip() == ("error: internal error (RuntimeError); run again with --debug for the traceback")
    debug = run_cli("--debug", "inspect", BASIC)
    assert debug.code == 1 and "Traceback" in debug.err and "RuntimeError" in debug.err
