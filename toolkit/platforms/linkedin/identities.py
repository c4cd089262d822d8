"""Who the archive is about, and who else it names: the member's own names, emails and phones, and the
full names of connections, correspondents, endorsers and recommenders (third parties)."""

from __future__ import annotations

import re
from datetime import date, datetime

import polars as pl

from toolkit.platforms.base import MemberFacts
from toolkit.platforms.linkedin.files import US_SHORT
from toolkit.schema import Originals, original_columns

# record_type -> columns holding other people's names: (first, last) pairs or single full-name columns.
_NAME_COLUMNS: dict[str, tuple[tuple[str, ...], ...]] = {
    "linkedin.connection": (("First Name", "Last Name"),),
    "linkedin.recommendation_received": (("First Name", "Last Name"),),
    "linkedin.recommendation_given": (("First Name", "Last Name"),),
    "linkedin.endorsement_received": (("Endorser First Name", "Endorser Last Name"),),
    "linkedin.endorsement_given": (("Endorsee First Name", "Endorsee Last Name"),),
    "linkedin.imported_contact": (("FirstName", "LastName"), ("FullName",)),
    "linkedin.connection_note": (("Connection First Name", "Connection Last Name"),),
    "linkedin.member_follow": (("FullName",),),
    "linkedin.invitation": (("From",), ("To",)),
    "linkedin.message": (("FROM",), ("TO",)),
}
_LIST_SPLIT = re.compile(r",\s+(?![A-Z][a-z]{0,3}\.?$)")  # 'A B, C D' but not 'Jane Doe, Ph.D.'


NAME_COLUMNS: dict[str, tuple[str, ...]] = {  # every column of _NAME_COLUMNS, by record type
    record_type: tuple(c for columns in groups for c in columns) for record_type, groups in _NAME_COLUMNS.items()}


def _names(records: pl.DataFrame, originals: Originals) -> list[str]:
    # one plan per (record type, name columns), run together so that polars works on them in parallel
    plans, widths = [], []
    for record_type, groups in _NAME_COLUMNS.items():
        table = original_columns(records, originals, record_type, NAME_COLUMNS[record_type])
        for columns in groups:
            full = pl.concat_str([pl.col(c) for c in columns], separator=" ", ignore_nulls=True)
            plans.append(table.select(full.alias("n")).drop_nulls().unique())
            widths.append(len(columns))
    found: list[str] = []
    for frame, width in zip(pl.collect_all(plans), widths, strict=True):
        for value in frame["n"].to_list():
            found.extend(_LIST_SPLIT.split(value) if width == 1 else [value])
    return found


def _column_values(records: pl.DataFrame, originals: Originals, record_type: str, column: str) -> list[str]:
    values = original_columns(records, originals, record_type, [column]).select(pl.col(column).alias("v"))
    return values.drop_nulls().unique().collect()["v"].to_list()


def _per_field(records: pl.DataFrame, record_type: str) -> pl.DataFrame:
    """One record type's one-record-per-field records: the few records with a field are picked out first, so a
    million others cost one look at a null mask rather than a text comparison each."""
    # (lazily: an eager filter of the whole table aligned all its columns first, 12 ms at 10^6 records)
    return records.lazy().filter(pl.col("field").is_not_null()).filter(pl.col("record_type") == record_type).collect()


def profile_fields(records: pl.DataFrame) -> dict[str, str]:
    """Profile.csv's non-empty fields, by lower-case field name."""
    rows = _per_field(records, "linkedin.profile_field").select("field", "text")
    return {f.casefold(): t.strip() for f, t in rows.iter_rows() if f and t}


def registered_on(records: pl.DataFrame) -> date | None:
    """Registration.csv 'Registered At' ("3/2/11, 6:48 PM", formats.md §1.3.22): the day the account was made."""
    fields = _per_field(records, "linkedin.registration_field")
    rows = fields.filter(pl.col("field").str.to_lowercase() == "registered at")["text"].drop_nulls()
    for value in rows:
        for fmt in (US_SHORT, "%m/%d/%Y, %I:%M %p", "%Y-%m-%d %H:%M:%S UTC", "%Y-%m-%d"):
            try:
                return datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    return None


def member_identities(records: pl.DataFrame, originals: Originals, fields: dict[str, str]) -> MemberFacts:
    """`fields`: Profile.csv's fields (profile_fields)."""
    own = [fields[k] for k in ("first name", "last name", "maiden name") if k in fields]
    if "first name" in fields and "last name" in fields:
        own.insert(0, f"{fields['first name']} {fields['last name']}")
    emails = _column_values(records, originals, "linkedin.email_address", "Email Address")
    phones = _column_values(records, originals, "linkedin.phone_number", "Number")
    own_keys = {n.casefold() for n in own}
    others = sorted({n.strip() for n in _names(records, originals) if len(n.strip()) > 1} - set(own),
                    key=str.casefold)
    others = [n for n in others if n.casefold() not in own_keys and n.casefold() != "linkedin member"]
    return MemberFacts(names=own, emails=sorted(emails), phones=sorted(phones), others=others)
