"""What a platform provides: detection, reading an archive into records, and facts about the member."""

from __future__ import annotations

import contextlib
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from toolkit.archive import Archive, Member
from toolkit.errors import ToolkitError
from toolkit.schema import ORIGINAL_PREFIX, OriginalBlock, Originals, empty_records

Progress = Callable[[int, int, str], None]  # (done, total, current file)


@dataclass
class FileReport:
    path: str
    records: int
    record_type: str | None  # None: a file the platform reader does not know
    notes: list[str] = field(default_factory=list)
    skipped: str | None = None  # why a known file could not be read (the rest of the archive still is)


def read_guarded(read: Callable[[], tuple[pl.DataFrame, list[str]]]) -> tuple[pl.DataFrame | None, list[str],
                                                                          str | None]:
    """Run one file's read; whatever goes wrong in it costs that file only: (records, notes, why it was skipped).
    Reasons name what is wrong, never cell contents."""
    try:
        frame, notes = read()
        return frame, notes, None
    except ToolkitError as exc:
        return None, [], exc.why
    except MemoryError:
        return None, [], "too large to read in memory"
    except RecursionError:
        return None, [], "nested too deeply to read"
    except Exception as exc:  # a parser failure on damaged content: the file is skipped, named, and the run goes on
        return None, [], f"could not be read ({type(exc).__name__})"
    except BaseException as exc:  # polars reports some unsupported shapes as a Rust panic (not an Exception)
        if type(exc).__name__ != "PanicException":
            raise
        return None, [], "could not be read (a shape the table library does not support)"


@dataclass
class ReadResult:
    platform: str
    records: pl.DataFrame
    files: list[FileReport]
    exported_on: date | None = None  # when the platform made the archive: every record in it existed then
    # the original columns of flat files, kept as read instead of as JSON in `attributes` (schema.Originals)
    originals: Originals = field(default_factory=Originals)

    @property
    def recognised(self) -> list[FileReport]:
        return [f for f in self.files if f.record_type is not None and f.skipped is None]

    @property
    def unknown(self) -> list[str]:
        return [f.path for f in self.files if f.record_type is None]

    @property
    def unreadable(self) -> list[FileReport]:
        return [f for f in self.files if f.skipped is not None]


@dataclass
class MemberFacts:
    """What the archive itself says about its owner; each fact names where it came from."""

    region: str | None = None
    region_from: str | None = None  # e.g. "Profile.csv Geo Location"
    birth_date: date | None = None
    birth_date_from: str | None = None
    account_since: date | None = None  # the account's registration day: no record of the member is older
    names: list[str] = field(default_factory=list)  # the member's own names
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # full names of connections, correspondents, ...


class Platform(ABC):
    name: str
    display_name: str
    launched: date  # no member's record can be older than the platform

    @abstractmethod
    def score(self, paths: list[str]) -> float:
        """0..1: how sure we are that an archive with these member paths comes from this platform."""

    @abstractmethod
    def read(self, archive: Archive, progress: Progress | None = None) -> ReadResult:
        """Every member parsed into the record table; members it does not know are reported."""

    def score_content(self, archive: Archive) -> float:
        """A second look where no platform knows the archive's file names: 0..1 from what the files hold."""
        return 0.0

    def refusal(self, paths: list[str]) -> str | None:
        """Why an archive that is this platform's cannot be read (e.g. requested in a format the tool does not
        read), or None."""
        return None

    # The download's name carries the day it was made (named groups year, month, day), where the platform does so.
    export_name: re.Pattern[str] | None = None

    def export_date(self, archive: Archive) -> date | None:
        """When the archive was made: from its name where the platform dates it, else the newest member date."""
        found = self.export_name.search(archive.location.name) if self.export_name else None
        if found:
            with contextlib.suppress(ValueError):
                return date(int(found["year"]), int(found["month"]), int(found["day"]))
        return archive.newest_member_date()

    def pii_columns(self) -> dict[str, dict[str, tuple[str, str]]]:
        """record_type -> column (or field) -> (presidio entity, owner: member | other | auto) for columns that
        are personal data by definition."""
        return {}

    @abstractmethod
    def member_facts(self, read: ReadResult) -> MemberFacts:
        """The member's region, birth date and identities, as far as the archive says."""


class FilePlatform(Platform):
    """A platform whose export is files each described by a spec (a CSV FileSpec, an X JsSpec...): the read loop
    they share. Each file is read inside one guard: a damaged file is skipped and named, the rest read."""

    def spec_for(self, path: str) -> Any | None:
        raise NotImplementedError

    def spec_for_member(self, archive: Archive, member: Member) -> Any | None:
        return self.spec_for(member.path)

    def read_member(self, archive: Archive, member: Member, spec: Any) -> tuple[pl.DataFrame, list[str]]:
        raise NotImplementedError

    def record_type(self, spec: Any, path: str) -> str:
        return spec.record_type

    def read(self, archive: Archive, progress: Progress | None = None) -> ReadResult:
        frames: list[pl.DataFrame] = []
        reports: list[FileReport] = []
        blocks: list[OriginalBlock] = []
        encoded: set[str] = set()  # record types with records whose `attributes` the reader wrote at once
        rows = 0
        members = sorted(archive.members, key=lambda m: m.path.casefold())
        specs = [self.spec_for_member(archive, member) for member in members]
        readable = [getattr(spec, "not_read", None) is None for spec in specs]  # a known file may add nothing

        def read_one(task: tuple[Member, Any, bool]) -> tuple[pl.DataFrame | None, list[str], str | None]:
            member, spec, wanted = task
            if spec is None or not wanted:
                return None, [], None
            return read_guarded(lambda: self.read_member(archive, member, spec))

        # Two files at a time, the biggest first: unzipping and polars release the GIL, so the small files are read
        # while the biggest is. Progress counts files as they finish; the records are assembled in the members' order.
        tasks = list(zip(members, specs, readable, strict=True))
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = {pool.submit(read_one, tasks[index]): index
                       for index in sorted(range(len(tasks)), key=lambda i: -members[i].size)}
            if progress:
                progress(0, len(members), "")
                for done, future in enumerate(as_completed(futures), 1):
                    progress(done, len(members), members[futures[future]].path)
            results = {index: future.result() for future, index in futures.items()}
        for index, (member, spec, wanted) in enumerate(tasks):
            frame, notes, skipped = results.pop(index)
            if spec is None:
                reports.append(FileReport(member.path, 0, None))
                continue
            record_type = self.record_type(spec, member.path)
            if not wanted:
                reports.append(FileReport(member.path, 0, record_type, [spec.not_read]))
                continue
            if frame is None:
                reports.append(FileReport(member.path, 0, record_type, notes, skipped))
                continue
            originals = [c for c in frame.columns if c.startswith(ORIGINAL_PREFIX)]
            if originals:
                # the columns as they are: an eager select or drop first copied each into one piece (a tenth of a
                # second for a big file, with nothing else to do meanwhile)
                blocks.append(OriginalBlock(record_type, rows, pl.DataFrame(
                    [frame.get_column(c).alias(c.removeprefix(ORIGINAL_PREFIX)) for c in originals])))
                frame = pl.DataFrame([frame.get_column(c) for c in frame.columns if c not in originals])
            elif frame["field"].null_count():
                encoded.add(record_type)
            frames.append(frame)
            rows += frame.height
            reports.append(FileReport(member.path, frame.height, record_type, notes))
        if progress:
            progress(len(members), len(members), "")
        records = pl.concat(frames, how="vertical") if frames else empty_records()
        return ReadResult(self.name, records, reports, self.export_date(archive),
                          Originals(tuple(blocks), frozenset(encoded)))
