"""The platform registry. A platform is one folder here; registering it is one line below."""

from __future__ import annotations

from toolkit.archive import Archive
from toolkit.errors import ArchiveError
from toolkit.platforms.base import FileReport, MemberFacts, Platform, ReadResult
from toolkit.platforms.linkedin import LinkedIn
from toolkit.platforms.meta import Facebook, Instagram
from toolkit.platforms.reddit import Reddit
from toolkit.platforms.x import X

PLATFORMS: dict[str, Platform] = {p.name: p for p in (LinkedIn(), Reddit(), X(), Facebook(), Instagram())}

# Below this share of recognised file names an archive is not taken to be that platform's.
_MIN_SCORE = 0.2


def detect(archive: Archive) -> Platform:
    """The platform whose layout fits the archive best; also settles whether its top folder is a wrapper."""
    stripped = [m.path for m in archive.members]
    stored = [m.name for m in archive.members]
    scored = []
    for platform in PLATFORMS.values():
        scored.append((platform.score(stripped), False, platform.name))
        if archive.wrapper:
            # On a tie the stored names win: a lone `Jobs/` folder is the platform's, not a wrapper.
            scored.append((platform.score(stored), True, platform.name))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < _MIN_SCORE:  # names unknown: what the files hold may still tell
        scored = sorted(((p.score_content(archive), False, p.name) for p in PLATFORMS.values()), reverse=True)
    if scored and scored[0][1]:
        archive.keep_wrapper()
    if not scored or scored[0][0] < _MIN_SCORE:
        for platform in PLATFORMS.values():
            refused = platform.refusal(stripped)
            if refused:
                raise ArchiveError(str(archive.location), refused)
        raise ArchiveError(str(archive.location), "not a data export of a supported platform "
                           f"({', '.join(sorted(PLATFORMS))}): none of its files are ones those platforms ship")
    return PLATFORMS[scored[0][2]]


def get(name: str) -> Platform:
    try:
        return PLATFORMS[name]
    except KeyError:
        raise ArchiveError(name, f"unknown platform; known: {', '.join(sorted(PLATFORMS))}") from None


__all__ = ["PLATFORMS", "FileReport", "MemberFacts", "Platform", "ReadResult", "detect", "get"]
