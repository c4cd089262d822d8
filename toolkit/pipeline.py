"""read -> classify -> detect -> summarise. The one place the stages meet; the CLI calls only this."""

from __future__ import annotations

import os
from dataclasses import dataclass

from toolkit import platforms
from toolkit.archive import Limits, open_archive
from toolkit.platforms.base import MemberFacts, Progress, ReadResult


@dataclass
class ArchiveRead:
    location: str
    sha256: str
    read: ReadResult
    facts: MemberFacts


def read_archive(
    location: str | os.PathLike[str], limits: Limits | None = None, progress: Progress | None = None
) -> ArchiveRead:
    """Open an archive (zip or folder, never modified), detect its platform and parse every known file."""
    with open_archive(location, limits) as archive:
        platform = platforms.detect(archive)
        result = platform.read(archive, progress)
        sha = archive.sha256()
    return ArchiveRead(str(location), sha, result, platform.member_facts(result.records))
