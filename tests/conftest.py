"""Shared helpers: build small archives in the real layouts, run the CLI in-process."""

from __future__ import annotations

import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from toolkit import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_exports"
BASIC = SAMPLES / "Basic_LinkedInDataExport_11-24-2026.zip"
COMPLETE = SAMPLES / "Complete_LinkedInDataExport_11-24-2026.zip"
REDDIT = SAMPLES / "export_atlas_cinder73_20261124.zip"
X_SAMPLE = SAMPLES / "twitter-2026-11-24-5f0c2e.zip"
FACEBOOK = SAMPLES / "facebook-averyquill-2026-11-24-Ab3dEf9h.zip"
FACEBOOK_2023 = SAMPLES / "facebook-100004567890123-05_12_2023-Qw3rTy7u.zip"
INSTAGRAM = SAMPLES / "instagram-avery.example-2026-11-24-Zx8cVb2n.zip"
PUBLIC_FIXTURES = ROOT.parent / "shared" / "fixtures-public"


def write_zip(path: Path, files: dict[str, str | bytes], wrapper: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            data = content.encode() if isinstance(content, str) else content
            archive.writestr(f"{wrapper}/{name}" if wrapper else name, data)
    return path


def write_folder(path: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, no_network: list[str]):
    """The CLI in this process, with the socket guard on: any connection attempt fails the test."""
    def run(*args: str) -> CliResult:
        monkeypatch.setattr(sys, "argv", ["toolkit", *map(str, args)])
        try:
            cli.main()
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        assert no_network == [], f"the CLI tried to open a connection: {no_network}"
        return CliResult(code, captured.out, captured.err)

    return run


def public_fixture(relative: str) -> Path:
    path = PUBLIC_FIXTURES / relative
    if not path.exists():
        pytest.skip(f"shared public fixtures not found at {PUBLIC_FIXTURES}")
    return path


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Any attempt to open a connection or resolve a name is recorded and refused.

    tldextract's cache is pointed at an empty folder, so code that would fetch the public-suffix list really tries."""
    import socket

    attempts: list[str] = []

    def refuse(name: str):
        def blocked(*args, **kwargs):
            attempts.append(name)
            raise OSError(f"network access attempted through {name}")
        return blocked

    import tldextract.tldextract as tld
    from tldextract.cache import DiskCache

    # The default extractor was built at import time; give it an empty cache so it really has to fetch.
    monkeypatch.setattr(tld.TLD_EXTRACTOR, "_cache", DiskCache(str(tmp_path / "tldextract-cache")))
    monkeypatch.setattr(tld.TLD_EXTRACTOR, "_extractor", None)
    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts
