"""Open a .zip or a folder without extracting or modifying it, within limits that stop zip bombs."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from isal import isal_zlib

from toolkit.archive.text import looks_binary
from toolkit.errors import ArchiveError, ToolkitError

_DRIVE = re.compile(r"^[A-Za-z]:")
# Operating-system litter that is never the platform's: listed as unknown, never read.
_JUNK_TOP = "__MACOSX"


@dataclass(frozen=True)
class Limits:
    """Upper bounds on what an archive may make us read (docs/security.md lists them). A real 10^6-record export
    (a 240 MB messages.csv, about a hundred files, 5-10:1 compression) is far below every one."""

    max_total_bytes: int = 4 * 1024**3
    max_member_bytes: int = 1024**3
    max_members: int = 10_000
    # Deflate rarely beats ~20:1 on CSV text; a member that claims more than this is treated as a bomb.
    max_ratio: float = 250.0
    ratio_floor_bytes: int = 1024**2  # small members may compress extremely well; only larger ones count
    # Across the whole archive: many members each just under max_ratio add up to a bomb too.
    max_total_ratio: float = 100.0
    total_ratio_floor_bytes: int = 64 * 1024**2
    # One CSV: real exports have a few dozen columns; a far wider file, or one whose rows padded to its width
    # would fill memory, is refused (the rest of the archive is still read).
    max_columns: int = 1_000
    max_cells: int = 30_000_000

    @classmethod
    def with_changes(cls, changes: dict[str, str]) -> Limits:
        """Limits from NAME=VALUE texts (`--limit max_member_bytes=3000000000`); each value must be a number."""
        known = {f: type(getattr(cls(), f)) for f in cls.__dataclass_fields__}
        values: dict[str, int | float] = {}
        for name, raw in changes.items():
            if name not in known:
                raise ToolkitError("--limit", f"unknown limit '{name}'; known: {', '.join(sorted(known))}")
            try:
                values[name] = known[name](raw)
            except ValueError:
                raise ToolkitError("--limit", f"'{name}' needs a number") from None
            if values[name] <= 0:
                raise ToolkitError("--limit", f"'{name}' must be above 0")
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Member:
    path: str  # inside the archive, with '/', the single wrapper folder (if any) left out
    size: int  # uncompressed bytes
    name: str  # the name as stored in the archive


class Archive:
    """A read-only view of the files of one export. `read` returns a member's bytes in memory; `read_pieces` gives
    them a piece at a time, for files read in batches."""

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
        return b"".join(self.read_pieces(member, WHOLE))  # a single piece is given back without a copy

    def read_pieces(self, member: Member, size: int) -> Iterator[bytes]:
        """The member's bytes in pieces of at most `size`, with every check `read` makes. A damaged member raises
        ArchiveError at the piece where the damage shows (its checksum: after the last): whatever was made of the
        earlier pieces must then be dropped."""
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


_READABLE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what platforms ship; LZMA and bzip2 stream unbounded


class ZipArchive(Archive):
    def __init__(self, location: Path, limits: Limits) -> None:
        try:
            self._zip = zipfile.ZipFile(location)
        except OSError as exc:
            raise ArchiveError(str(location), f"cannot open ({exc.strerror or 'read error'})") from None
        except Exception:  # BadZipFile, a central directory whose names or sizes do not decode, ...
            raise ArchiveError(str(location), "not a readable zip file (corrupt or truncated)") from None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        self._refused: dict[str, str] = {}  # member name -> why it is not read (the others still are)
        try:
            stored = self._check(location, limits)
        except ArchiveError:
            self._zip.close()
            raise
        super().__init__(location, stored, limits)

    def _check(self, location: Path, limits: Limits) -> list[tuple[str, int]]:
        # an empty name is no file (ZipInfo.is_dir would fail on it); a name ending in '/' is a folder
        infos = [i for i in self._zip.infolist() if i.filename.strip("/") and not i.filename.endswith("/")]
        if len(infos) > limits.max_members:
            raise ArchiveError(str(location), f"has {len(infos)} files, more than the limit of {limits.max_members}")
        total = compressed = 0
        stored = []
        seen: set[str] = set()
        for info in infos:
            _check_member_name(location, info.filename)
            if stat.S_ISLNK(info.external_attr >> 16) or info.filename in seen:
                continue  # a symlink entry holds a path, not data, and is never followed; a duplicate is read once
            seen.add(info.filename)
            why = self._refusal(info, limits)
            if why:
                self._refused[info.filename] = why
            else:
                total += info.file_size
                compressed += info.compress_size
            self._infos[info.filename] = info
            stored.append((info.filename, info.file_size))
        if total > limits.max_total_bytes:
            raise ArchiveError(str(location), "uncompressed size is larger than the limit")
        if total > limits.total_ratio_floor_bytes and total > limits.max_total_ratio * max(compressed, 1):
            raise ArchiveError(str(location), f"compresses more than {limits.max_total_ratio:.0f}:1 overall, "
                                              "refused as a possible zip bomb")
        return stored

    @staticmethod
    def _refusal(info: zipfile.ZipInfo, limits: Limits) -> str | None:
        """Why one member is not read (the rest of the archive still is), or None."""
        if info.flag_bits & 0x1:
            return "is encrypted"
        if info.compress_type not in _READABLE_METHODS:
            return f"uses a compression method platforms do not use ({info.compress_type})"
        if info.file_size > limits.max_member_bytes:
            return "is larger than the per-file limit"
        if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            return f"compression ratio above {limits.max_ratio:.0f}:1, refused as a possible zip bomb"
        return None

    def read_pieces(self, member: Member, size: int) -> Iterator[bytes]:
        info = self._infos[member.name]
        where = f"{self.location}:{member.path}"
        if info.filename in self._refused:
            raise ArchiveError(where, self._refused[info.filename])
        pieces = _member_pieces(self.location, info, size)
        try:
            first = next(pieces, b"")
            if looks_binary(first[:_SNIFF_BYTES]):
                raise ArchiveError(where, "binary data where text was expected")
            yield first
            yield from pieces
        except ArchiveError:
            raise
        except MemoryError:
            raise ArchiveError(where, "too large to read") from None
        except (zlib.error, isal_zlib.IsalError):
            raise ArchiveError(where, "damaged data: the compressed stream is corrupt") from None
        except zipfile.BadZipFile:
            raise ArchiveError(where, "damaged data: its checksum or header does not match") from None
        except Exception as exc:  # EOFError, struct.error, ...: the data is damaged in some other way
            raise ArchiveError(where, f"damaged data, cannot be read ({type(exc).__name__})") from None

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
        self._refused: dict[str, str] = {}
        total = 0
        for root, dirs, files in os.walk(location, followlinks=False):
            dirs.sort()
            for name in sorted(files):
                full = Path(root, name)
                # a name the file system holds as undecodable bytes is shown with replacement characters
                rel = full.relative_to(location).as_posix().encode("utf-8", "surrogateescape").decode(
                    "utf-8", "replace")
                info = full.lstat()
                if stat.S_ISLNK(info.st_mode):
                    continue  # never follow links out of the archive
                if not stat.S_ISREG(info.st_mode):  # a FIFO, device or socket would block or never end
                    self._refused[rel] = "is not a regular file (a FIFO, device or socket), not read"
                elif info.st_size > limits.max_member_bytes:
                    self._refused[rel] = "is larger than the per-file limit"
                else:
                    total += info.st_size
                found.append((rel, full, info.st_size if stat.S_ISREG(info.st_mode) else 0))
                if len(found) > limits.max_members:
                    raise ArchiveError(str(location), f"has more than the limit of {limits.max_members} files")
        if total > limits.max_total_bytes:
            raise ArchiveError(str(location), "total size is larger than the limit")
        if not found:
            raise ArchiveError(str(location), "folder is empty")
        self._paths = {rel: full for rel, full, _ in found}
        super().__init__(location, [(rel, size) for rel, _, size in found], limits)

    def read_pieces(self, member: Member, size: int) -> Iterator[bytes]:
        where = f"{self.location}/{member.name}"
        if member.name in self._refused:
            raise ArchiveError(where, self._refused[member.name])
        try:
            with open(self._paths[member.name], "rb") as handle:
                yield from _text_pieces(handle, self.limits.max_member_bytes, size, where)
        except OSError as exc:
            raise ArchiveError(where, f"cannot be read ({exc.strerror or 'read error'})") from None

    def newest_member_date(self) -> date | None:
        stamps = [path.stat().st_mtime for path in self._paths.values()]
        return datetime.fromtimestamp(max(stamps), UTC).date() if stamps else None

    def sha256(self) -> str:
        # A folder has no bytes of its own: hash every member's path and content, in a fixed order.
        digest = hashlib.sha256()
        for member in sorted(self.members, key=lambda m: m.path):
            digest.update(member.path.encode() + b"\0")
            member_digest = hashlib.sha256()
            try:
                for piece in self.read_pieces(member, _HASH_PIECE):  # a big file is not held whole to be hashed
                    member_digest.update(piece)
                digest.update(member_digest.digest())
            except ArchiveError as exc:  # a file the reader skipped: its reason stands for its content
                digest.update(exc.why.encode())
        return digest.hexdigest()


_SNIFF_BYTES = 64 * 1024
_HASH_PIECE = 4 << 20
# A zip member's local header: signature, then (versions, flags, method, time, CRC, sizes) as the central directory
# gives them, then the lengths of the name and the extra field that come before the data.
_LOCAL_HEADER = struct.Struct("<4s22xHH")


WHOLE = 1 << 62  # a piece size that makes `read_pieces` give the whole member at once


def _member_pieces(location: Path, info: zipfile.ZipInfo, size: int) -> Iterator[bytes]:
    """A stored or deflated member's bytes, at most `size` at a time, taken from after its local header and
    inflated by python-isal (about twice zlib's speed), with the checks zipfile makes: the header's signature, the
    sizes the central directory declares and the CRC. Inflating stops one byte past the declared size, so a lying
    header cannot make it produce more."""
    with open(location, "rb") as handle:  # a handle of its own: members are read from two threads at once
        handle.seek(info.header_offset)
        signature, name_length, extra_length = _LOCAL_HEADER.unpack(handle.read(_LOCAL_HEADER.size))
        if signature != b"PK\x03\x04":
            raise zipfile.BadZipFile("local header")
        handle.seek(name_length + extra_length, os.SEEK_CUR)
        inflater = isal_zlib.decompressobj(-15) if info.compress_type != zipfile.ZIP_STORED else None  # raw deflate
        left, produced, crc = info.compress_size, 0, 0
        while left:
            raw = handle.read(min(left, size if inflater is None else max(size // 4, 1 << 16)))
            if not raw:
                raise zipfile.BadZipFile("truncated")
            left -= len(raw)
            pending = True
            while pending:
                if inflater is None:
                    data, pending = raw, False
                else:
                    room = min(size, info.file_size + 1 - produced)
                    data = inflater.decompress(raw, room)
                    raw = inflater.unconsumed_tail
                    # more may come while input is left or the output filled its room (inflate holds the rest)
                    pending = bool(data) and (bool(raw) or len(data) == room)
                produced += len(data)
                if produced > info.file_size:
                    raise zipfile.BadZipFile("the compressed stream runs past the declared size")
                crc = isal_zlib.crc32(data, crc)
                if data:
                    yield data
    if inflater is not None and not inflater.eof:
        raise zipfile.BadZipFile("the compressed stream ends early")
    if produced != info.file_size or crc != info.CRC:
        raise zipfile.BadZipFile("size or checksum")


def _text_pieces(handle: BinaryIO, limit: int, size: int, where: str) -> Iterator[bytes]:
    """A file's bytes, at most `limit`, `size` at a time; binary content is refused from its first bytes, before
    the rest is read (a sparse or zero-filled file of a gigabyte costs nothing)."""
    head = handle.read(min(_SNIFF_BYTES, size))
    if looks_binary(head):
        raise ArchiveError(where, "binary data where text was expected")
    total = len(head)
    piece = head
    while piece:
        yield piece
        piece = handle.read(min(size, limit + 1 - total))
        total += len(piece)
        if total > limit:
            raise ArchiveError(where, "is larger than the per-file limit")


def open_archive(location: str | os.PathLike[str], limits: Limits | None = None) -> Archive:
    """Open a .zip or an unpacked folder, read-only."""
    path = Path(location)
    limits = limits or Limits()
    try:
        kind = path.stat().st_mode
    except FileNotFoundError:
        raise ArchiveError(str(path), "no such file or folder") from None
    except OSError as exc:
        raise ArchiveError(str(path), f"cannot open ({exc.strerror or 'error'})") from None
    if stat.S_ISDIR(kind):
        return FolderArchive(path, limits)
    if not stat.S_ISREG(kind):  # /dev/zero, a FIFO, a socket: refused by type, never opened
        raise ArchiveError(str(path), "is not a regular file or folder (a device, FIFO or socket)")
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

