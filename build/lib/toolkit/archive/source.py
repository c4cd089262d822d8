"""Open a .zip or a folder without extracting or modifying it, within limits that stop zip bombs."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath

from toolkit.errors import ArchiveError

_DRIVE = re.compile(r"^[A-Za-z]:")
# Operating-system litter that is never the platform's: listed as unknown, never read.
_JUNK_TOP = "__MACOSX"


@dataclass(frozen=True)
class Limits:
    """Upper bounds on what an archive may make us read. Real exports are far below them."""

    max_total_bytes: int = 8 * 1024**3
    max_member_bytes: int = 2 * 1024**3
    max_members: int = 100_000
    # Deflate rarely beats ~20:1 on CSV text; a member that claims more than this is treated as a bomb.
    max_ratio: float = 250.0
    ratio_floor_bytes: int = 1024**2  # small members may compress extremely well; only larger ones count


@dataclass(frozen=True)
class Member:
    path: str  # inside the archive, with '/', the single wrapper folder (if any) left out
    size: int  # uncompressed bytes
    name: str  # the name as stored in the archive


class Archive:
    """A read-only view of the files of one export. `read` returns a member's bytes in memory."""

    def __init__(self, location: Path, stored: list[tuple[str, int]], limits: Limits) -> None:
        self.location = location
        self.limits = limits
        paths, self.wrapper = _strip_wrapper([name for name, _ in stored])
        self.members = [Member(path, size, name) for path, (name, size) in zip(paths, stored, strict=True)]

    def keep_wrapper(self) -> None:
        """Use the stored names as they are: the single top folder is the platform's own (e.g. `Jobs/`)."""
        self.members = [Member(m.name, m.size, m.name) for m in self.members]
        self.wrapper = None

    def read(self, member: Member) -> bytes:
        raise NotImplementedError

    def sha256(self) -> str:
        raise NotImplementedError

    def newest_member_date(self) -> date | None:
        """The latest modification date stored for any member: a fallback for when the export was made."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the underlying file handle, if any."""

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ZipArchive(Archive):
    def __init__(self, location: Path, limits: Limits) -> None:
        try:
            self._zip = zipfile.ZipFile(location)
        except zipfile.BadZipFile:
            raise ArchiveError(str(location), "not a readable zip file (corrupt or truncated)") from None
        except OSError as exc:
            raise ArchiveError(str(location), f"cannot open ({exc.strerror})") from None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        try:
            stored = self._check(location, limits)
        except ArchiveError:
            self._zip.close()
            raise
        super().__init__(location, stored, limits)

    def _check(self, location: Path, limits: Limits) -> list[tuple[str, int]]:
        infos = [i for i in self._zip.infolist() if not i.is_dir()]
        if len(infos) > limits.max_members:
            raise ArchiveError(str(location), f"has {len(infos)} files, more than the limit of {limits.max_members}")
        total = 0
        for info in infos:
            _check_member_name(location, info.filename)
            if info.flag_bits & 0x1:
                raise ArchiveError(f"{location}:{info.filename}", "is encrypted; export the archive again")
            if info.file_size > limits.max_member_bytes:
                raise ArchiveError(f"{location}:{info.filename}", "is larger than the per-file limit")
            if (
                info.file_size > limits.ratio_floor_bytes
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)
            ):
                raise ArchiveError(
                    f"{location}:{info.filename}",
                    f"compression ratio above {limits.max_ratio:.0f}:1, refused as a possible zip bomb",
                )
            total += info.file_size
        if total > limits.max_total_bytes:
            raise ArchiveError(str(location), "uncompressed size is larger than the limit")
        stored = []
        for info in infos:
            if stat.S_ISLNK(info.external_attr >> 16):
                continue  # a symlink entry holds a path, not data; never followed
            self._infos[info.filename] = info
            stored.append((info.filename, info.file_size))
        return stored

    def read(self, member: Member) -> bytes:
        info = self._infos[member.name]
        try:
            # ZipExtFile stops at the declared size and checks the CRC, so a lying header cannot make us read more.
            with self._zip.open(info) as handle:
                return handle.read(self.limits.max_member_bytes + 1)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, ValueError) as exc:
            raise ArchiveError(f"{self.location}:{info.filename}", f"cannot be read ({type(exc).__name__})") from None

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with open(self.location, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    def newest_member_date(self) -> date | None:
        stamps = [info.date_time for info in self._infos.values() if info.date_time[0] > 1980]
        return date(*max(stamps)[:3]) if stamps else None

    def close(self) -> None:
        self._zip.close()


class FolderArchive(Archive):
    def __init__(self, location: Path, limits: Limits) -> None:
        found: list[tuple[str, Path, int]] = []
        total = 0
        for root, dirs, files in os.walk(location, followlinks=False):
            dirs.sort()
            for name in sorted(files):
                full = Path(root, name)
                if full.is_symlink():
                    continue  # never follow links out of the archive
                rel = full.relative_to(location).as_posix()
                size = full.stat().st_size
                total += size
                found.append((rel, full, size))
                if len(found) > limits.max_members:
                    raise ArchiveError(str(location), f"has more than the limit of {limits.max_members} files")
                if size > limits.max_member_bytes:
                    raise ArchiveError(str(full), "is larger than the per-file limit")
        if total > limits.max_total_bytes:
            raise ArchiveError(str(location), "total size is larger than the limit")
        if not found:
            raise ArchiveError(str(location), "folder is empty")
        self._paths = {rel: full for rel, full, _ in found}
        super().__init__(location, [(rel, size) for rel, _, size in found], limits)

    def read(self, member: Member) -> bytes:
        try:
            with open(self._paths[member.name], "rb") as handle:
                return handle.read(self.limits.max_member_bytes + 1)
        except OSError as exc:
            raise ArchiveError(str(self._paths[member.name]), f"cannot be read ({exc.strerror})") from None

    def newest_member_date(self) -> date | None:
        stamps = [path.stat().st_mtime for path in self._paths.values()]
        return datetime.fromtimestamp(max(stamps), UTC).date() if stamps else None

    def sha256(self) -> str:
        # A folder has no bytes of its own: hash every member's path and content, in a fixed order.
        digest = hashlib.sha256()
        for member in sorted(self.members, key=lambda m: m.path):
            digest.update(member.path.encode() + b"\0")
            digest.update(hashlib.sha256(self.read(member)).digest())
        return digest.hexdigest()


def open_archive(location: str | os.PathLike[str], limits: Limits | None = None) -> Archive:
    """Open a .zip or an unpacked folder, read-only."""
    path = Path(location)
    limits = limits or Limits()
    if not path.exists():
        raise ArchiveError(str(path), "no such file or folder")
    if path.is_dir():
        return FolderArchive(path, limits)
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as handle:
            starts_like_zip = handle.read(4) == b"PK\x03\x04"
        raise ArchiveError(str(path), "not a readable zip file (corrupt or truncated)" if starts_like_zip
                           else "not a zip file or a folder")
    return ZipArchive(path, limits)


def _check_member_name(location: Path, name: str) -> None:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in parts:
        raise ArchiveError(f"{location}:{name}", "unsafe member name (absolute path, drive letter or '..'), refused")


def _strip_wrapper(names: list[str]) -> tuple[list[str], str | None]:
    """Drop one top folder shared by every member, as unzipping tools and some fixtures add.

    Whether that folder really is a wrapper, and not one of the platform's own, the platform decides
    (see `keep_wrapper`)."""
    relevant = [n for n in names if not n.startswith(_JUNK_TOP + "/")]
    tops = {n.split("/", 1)[0] for n in relevant}
    if len(tops) != 1 or not all("/" in n for n in relevant):
        return names, None
    prefix = next(iter(tops)) + "/"
    return [n[len(prefix):] if n.startswith(prefix) else n for n in names], prefix

