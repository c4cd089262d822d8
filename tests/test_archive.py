"""Archive access: zip or folder, read-only, within limits, unsafe names refused."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from conftest import write_folder, write_zip
from toolkit.archive import Limits, open_archive
from toolkit.errors import ArchiveError

FILES = {"Skills.csv": "Name\nPython\nSQL", "Jobs/Saved Jobs.csv": "Saved Date,Job Url\n"}


def test_zip_and_folder_list_the_same_members(tmp_path: Path) -> None:
    zipped = open_archive(write_zip(tmp_path / "a.zip", FILES))
    folder = open_archive(write_folder(tmp_path / "f", FILES))
    assert sorted(m.path for m in zipped.members) == sorted(m.path for m in folder.members) == sorted(FILES)
    for member in zipped.members:
        assert zipped.read(member) == FILES[member.path].encode()


def test_one_wrapper_folder_is_dropped(tmp_path: Path) -> None:
    archive = open_archive(write_zip(tmp_path / "a.zip", FILES, wrapper="Basic_LinkedInDataExport_01-02-2026"))
    assert sorted(m.path for m in archive.members) == sorted(FILES)
    folder = open_archive(write_folder(tmp_path / "outer" / "Basic_LinkedInDataExport", FILES).parent)
    assert sorted(m.path for m in folder.members) == sorted(FILES)


def test_archive_is_never_modified(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "a.zip", FILES)
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    with open_archive(path) as archive:
        for member in archive.members:
            archive.read(member)
        archive.sha256()
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.zip"]


@pytest.mark.parametrize("name", ["../evil.csv", "/etc/passwd.csv", "C:/Users/x.csv", "a/../../b.csv", "..\\b.csv"])
def test_unsafe_member_names_are_refused_by_name(tmp_path: Path, name: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Skills.csv", "Name\nPython")
        archive.writestr(zipfile.ZipInfo(name), "x")
    path = tmp_path / "a.zip"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ArchiveError) as info:
        open_archive(path)
    assert name in str(info.value) and "unsafe member name" in str(info.value)


def test_zip_bomb_member_is_refused_and_the_rest_read(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "bomb.zip", {"Skills.csv": b"Name\n" + b"0" * (40 * 1024**2), "Votes.csv": "a\n1"})
    with open_archive(path) as archive:
        bomb, other = sorted(archive.members, key=lambda m: m.path)
        with pytest.raises(ArchiveError, match=r"compression ratio .* zip bomb"):
            archive.read(bomb)
        assert archive.read(other) == b"a\n1"


def _damaged(tmp_path: Path, how: str) -> Path:
    """A zip of a deflated and a stored member, the deflated one damaged in one way: the central directory's CRC or
    size lies, the compressed stream is cut, or its local header is not one."""
    import struct

    text = b"Name\n" + b"".join(b"skill %d\n" % i for i in range(2000))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        out.writestr("Skills.csv", text, compress_type=zipfile.ZIP_DEFLATED)
        out.writestr("Languages.csv", b"Name\nEnglish\n", compress_type=zipfile.ZIP_STORED)
    data = bytearray(buffer.getvalue())
    central = data.find(b"PK\x01\x02")
    if how == "crc":
        data[central + 16: central + 20] = struct.pack("<I", 12345)
    elif how == "larger":  # declared smaller than it inflates to: inflating must stop there
        data[central + 24: central + 28] = struct.pack("<I", 100)
    elif how == "smaller":
        data[central + 24: central + 28] = struct.pack("<I", len(text) + 100)
    elif how == "cut":  # the compressed stream's second half overwritten by zeros
        size = struct.unpack("<I", data[central + 20: central + 24])[0]
        data[30 + len("Skills.csv") + size // 2: 30 + len("Skills.csv") + size] = bytes(size - size // 2)
    elif how == "header":
        data[0:4] = b"XX\x03\x04"
    path = tmp_path / f"{how}.zip"
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("how", ["crc", "larger", "smaller", "cut", "header"])
def test_a_damaged_member_is_named_and_the_others_read(tmp_path: Path, how: str) -> None:
    with open_archive(_damaged(tmp_path, how)) as archive:
        members = {m.path: m for m in archive.members}
        with pytest.raises(ArchiveError) as error:
            archive.read(members["Skills.csv"])
        assert error.value.why.startswith("damaged data") and "Skills.csv" in str(error.value)
        assert archive.read(members["Languages.csv"]) == b"Name\nEnglish\n"


def test_member_count_and_total_size_limits(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "many.zip", {f"f{i}.csv": "a\n1" for i in range(10)})
    with pytest.raises(ArchiveError, match="more than the limit of 5"):
        open_archive(path, Limits(max_members=5))
    with pytest.raises(ArchiveError, match="larger than the limit"):
        open_archive(path, Limits(max_total_bytes=20))
    with pytest.raises(ArchiveError, match="more than the limit of 5"):
        open_archive(write_folder(tmp_path / "f", {f"f{i}.csv": "a" for i in range(10)}), Limits(max_members=5))


def test_not_a_zip_corrupt_zip_and_empty_folder(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(ArchiveError, match="not a zip file or a folder"):
        open_archive(text)
    good = write_zip(tmp_path / "good.zip", FILES).read_bytes()
    corrupt = tmp_path / "corrupt.zip"
    corrupt.write_bytes(good[: len(good) // 2] + b"\0" * 10 + good[len(good) // 2 + 10:])
    with pytest.raises(ArchiveError), open_archive(corrupt) as archive:
        for member in archive.members:
            archive.read(member)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ArchiveError, match="folder is empty"):
        open_archive(tmp_path / "empty")


def test_symlinks_in_a_folder_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("Name\nprivate")
    folder = write_folder(tmp_path / "f", FILES)
    (folder / "Link.csv").symlink_to(secret)
    assert "Link.csv" not in {m.path for m in open_archive(folder).members}


@pytest.mark.parametrize("size", [1, 5, 1 << 16])
def test_a_member_read_in_pieces_is_the_member(tmp_path: Path, size: int) -> None:
    text = "".join(f"{i},{'x' * (i % 50)}\n" for i in range(5_000))
    for location in (write_zip(tmp_path / "a.zip", {"big.csv": text}), write_folder(tmp_path / "f", {"big.csv": text})):
        with open_archive(location) as archive:
            member = archive.members[0]
            pieces = list(archive.read_pieces(member, size))
            assert b"".join(pieces) == archive.read(member) == text.encode(), location
            assert max(len(p) for p in pieces) <= max(size, 1 << 16) and (size > len(text) or len(pieces) > 1)


@pytest.mark.parametrize("how", ["crc", "larger", "smaller", "cut", "header"])
def test_a_damaged_member_read_in_pieces_is_named(tmp_path: Path, how: str) -> None:
    with open_archive(_damaged(tmp_path, how)) as archive:
        members = {m.path: m for m in archive.members}
        with pytest.raises(ArchiveError) as error:
            list(archive.read_pieces(members["Skills.csv"], 3))
        assert error.value.why.startswith("damaged data") and "Skills.csv" in str(error.value)
