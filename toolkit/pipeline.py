"""read -> classify -> detect -> summarise. The one place the stages meet; the CLI calls only this."""

from __future__ import annotations

import importlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import polars as pl

from toolkit import platforms, policy, regions
from toolkit.archive import Limits, open_archive
from toolkit.errors import ArchiveError, ToolkitError
from toolkit.platforms.base import MemberFacts, Progress, ReadResult

if TYPE_CHECKING:
    from toolkit import pii


@dataclass
class ArchiveRead:
    location: str
    sha256: str
    read: ReadResult
    facts: MemberFacts


def read_archive(
    location: str | os.PathLike[str], limits: Limits | None = None, progress: Progress | None = None,
    strict: bool = False,
) -> ArchiveRead:
    """Open an archive (zip or folder, never modified), detect its platform and parse every known file.

    A damaged file is skipped and named (ReadResult.unreadable) while the rest is read; with `strict`, or when no
    file could be read at all, the first skipped file is the error."""
    with open_archive(location, limits) as archive, ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(archive.sha256)  # hashing releases the GIL: beside the reading
        platform = platforms.detect(archive)
        result = platform.read(archive, progress)
        sha = digest.result()
    skipped = result.unreadable
    if skipped and (strict or not result.recognised):
        first = skipped[0]
        extra = f" ({len(skipped) - 1} more file(s) could not be read)" if len(skipped) > 1 else ""
        raise ArchiveError(f"{location}:{first.path}", f"{first.skipped}{extra}")
    return ArchiveRead(str(location), sha, result, platform.member_facts(result))


@dataclass(frozen=True)
class ScanOptions:
    """The member's situation as given on the command line; None means 'from the archive, else the default'."""

    region: str | None = None
    birth_date: date | None = None
    opted_out_on: date | None = None
    objection_filed_on: date | None = None
    as_of: date | None = None
    ner: bool = True
    strict: bool = False  # a file that cannot be read stops the run instead of being skipped


@dataclass(frozen=True)
class Member:
    """The situation the verdicts were computed for, and where each fact came from."""

    situation: policy.Situation
    region_source: str  # option | archive | default
    region_from: str | None  # e.g. "Profile.csv Geo Location"
    birth_date_source: str  # option | archive | unknown
    birth_date_from: str | None


@dataclass
class Scan:
    archive: ArchiveRead
    member: Member
    # the records with their verdict columns (coded 0/1/2), rule_ids, pii_types, pii_count, third_party_pii, flagged
    table: pl.DataFrame
    findings: pl.DataFrame  # one row per PII finding (pii.FINDING_SCHEMA)
    values: pl.DataFrame  # each distinct piece of personal data found (pii.Detection.values): what redaction masks
    columns: dict[str, dict[str, pii.ColumnPII]]  # the platform's columns that are PII by definition
    versions: tuple[policy.PolicyVersion, ...]
    reasons: list[dict[str, object]] = field(default_factory=list)  # policy.explain: why each verdict is what it is
    languages: dict[str, int] = field(default_factory=dict)  # language of the texts read for names -> texts


def today() -> date:
    return datetime.now(UTC).date()


def check_dates(options: ScanOptions, launched: date | None) -> None:
    """A date in the future, or (for the settings and the as-of day) before the platform existed, is a mistake."""
    now = today()
    dated = {"--birth-date": options.birth_date, "--opted-out-on": options.opted_out_on,
             "--objection-filed-on": options.objection_filed_on, "--as-of": options.as_of}
    for name, value in dated.items():
        if value is None:
            continue
        if value > now:
            raise ToolkitError(name, f"{value} is in the future (today is {now})")
        if name != "--birth-date" and launched and value < launched:
            raise ToolkitError(name, f"{value} is before the platform existed ({launched})")
        if name == "--birth-date" and value.year < 1900:
            raise ToolkitError(name, f"{value} is not a plausible birth date")


def resolve_member(options: ScanOptions, facts: MemberFacts, exported_on: date | None,
                   records_since: date | None = None) -> Member:
    as_of = options.as_of or today()
    if options.region:
        code = options.region.strip().upper()
        if not regions.is_country(code):
            raise ToolkitError("--region", f"'{options.region}' is not an ISO 3166-1 alpha-2 country code")
        region, region_source, region_from = code, "option", None
    elif facts.region:
        region, region_source, region_from = facts.region, "archive", facts.region_from
    else:
        region, region_source, region_from = "US", "default", None
    for name, value in (("--opted-out-on", options.opted_out_on), ("--objection-filed-on", options.objection_filed_on)):
        if value and value > as_of:
            raise ToolkitError(name, f"{value} is after the as-of day {as_of}")
    check_dates(options, records_since)
    if options.birth_date:
        birth, birth_source, birth_from = options.birth_date, "option", None
    elif facts.birth_date:
        birth, birth_source, birth_from = facts.birth_date, "archive", facts.birth_date_from
    else:
        birth, birth_source, birth_from = None, "unknown", None
    situation = policy.Situation(region, as_of, birth, options.opted_out_on, options.objection_filed_on, exported_on,
                                 facts.account_since or records_since)
    return Member(situation, region_source, region_from, birth_source, birth_from)


def scan(
    location: str | os.PathLike[str],
    options: ScanOptions | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> Scan:
    """Read the archive, classify every record for the member's situation and find the personal data in it."""
    options = options or ScanOptions()
    # Only commands that detect personal data import its finders (a tenth of a second), here while the files are
    # read: the reading runs mostly outside the GIL.
    with ThreadPoolExecutor(max_workers=1) as pool:
        finders = pool.submit(importlib.import_module, "toolkit.pii")
        archive = read_archive(location, limits, _stage(progress, "Reading files"), options.strict)
        pii = finders.result()
    read = archive.read
    member = resolve_member(options, archive.facts, read.exported_on, platforms.get(read.platform).launched)
    if progress:
        progress(0, read.records.height, "Classifying records")
    facts = archive.facts
    identities = pii.Identities(facts.names, facts.emails, facts.phones, facts.others)
    columns = {
        record_type: {column: pii.ColumnPII(entity, owner) for column, (entity, owner) in by_column.items()}
        for record_type, by_column in platforms.get(read.platform).pii_columns().items()
    }
    # Verdicts and their reasons are worked out beside the detection: each stage is polars most of the time, which
    # releases the GIL, and neither uses both cores all the time.
    with ThreadPoolExecutor(max_workers=1) as pool:
        classified = pool.submit(policy.classify_explained, read.records, read.platform, member.situation)
        detection = pii.detect(read.records, identities, columns, ner=options.ner, progress=_stage(progress, None),
                               originals=read.originals)
        verdicts, reasons = classified.result()
    table = pl.concat([read.records, verdicts.drop("record_id"), detection.per_record], how="horizontal")
    # hstack, not with_columns: that would copy the records into one chunk while ReadResult still holds them (and
    # the flag from its own columns: an eager select of the table would too)
    flags = pl.DataFrame([table.get_column(c) for c in ("pii_count", "in_scope_genai_now", "maybe_already_used")])
    table = table.hstack(flags.select(flagged_expr().alias("flagged")))
    return Scan(archive, member, table, detection.findings, detection.values, columns,
                policy.load_platform(read.platform), reasons, detection.languages)


def _stage(progress: Progress | None, label: str | None) -> Progress | None:
    """Report a stage's progress under one label (or the stage's own labels, with None)."""
    if progress is None:
        return None
    return lambda done, total, current: progress(done, total, label or f"Finding personal data: {current}")


def flagged_expr() -> pl.Expr:
    """CONTRACT.md: at least one PII finding, and in scope now (true or unknown) or maybe already used (true)."""
    return (pl.col("pii_count") > 0) & (
        (pl.col("in_scope_genai_now") >= policy.UNKNOWN) | (pl.col("maybe_already_used") == policy.TRUE)
    )
