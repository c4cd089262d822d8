"""Find personal data in the records: presidio's recognizers run offline, plus what only this archive knows (the
member's own identities and the people they are connected to). Knows nothing of policy."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import polars as pl

from toolkit.pii.findings import FINDING_SCHEMA, SPAN_SCHEMA, empty_findings
from toolkit.pii.recognizers import FrameRecognizer, KnownValuesRecognizer, NerRecognizer, PatternRecognizer

__all__ = ["FINDING_SCHEMA", "ColumnPII", "Identities", "detect", "per_record", "text_recognizers"]

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Identities:
    """Who the archive is about (names, e-mails, phones) and the other people it names."""

    names: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ColumnPII:
    """A column (or, for one-record-per-field files, a field) that is personal data by definition."""

    entity: str
    owner: str  # member | other | auto (decided from the value, e.g. a message's FROM)


def text_recognizers(identities: Identities, ner: bool) -> list[FrameRecognizer]:
    """The recognizer registry for free text: adding one here never touches the others."""
    registry: list[FrameRecognizer] = [
        PatternRecognizer(),
        KnownValuesRecognizer({"PERSON": [*identities.names[:1], *identities.others],
                               "EMAIL_ADDRESS": identities.emails, "PHONE_NUMBER": identities.phones}),
    ]
    if ner:
        registry.append(NerRecognizer(processes=min(os.cpu_count() or 1, 2)))
    return registry


def _resolve_overlaps(spans: pl.DataFrame) -> pl.DataFrame:
    """Where spans in one text overlap, keep one: the archive's own knowledge and patterns over the statistical
    model, then the longer span, then the higher score (as presidio keeps one result per overlap)."""
    rank = pl.when(pl.col("recognizer") == "NerRecognizer").then(1).otherwise(0)
    spans = spans.with_columns(rank.alias("rank"), (pl.col("end") - pl.col("start")).alias("length"))
    crowded = spans.filter(pl.len().over("text_id") > 1)
    alone = spans.filter(pl.len().over("text_id") == 1)
    kept: list[tuple] = []
    ordered = crowded.sort("text_id", "rank", -pl.col("length"), -pl.col("score"))
    current, taken = None, []
    for row in ordered.iter_rows(named=True):
        if row["text_id"] != current:
            current, taken = row["text_id"], []
        if any(row["start"] < end and start < row["end"] for start, end in taken):
            continue
        taken.append((row["start"], row["end"]))
        kept.append(tuple(row[c] for c in SPAN_SCHEMA))
    resolved = pl.DataFrame(kept, schema=SPAN_SCHEMA, orient="row")
    return pl.concat([alone.select(SPAN_SCHEMA.names()), resolved])


def _owner_is_other(identities: Identities) -> pl.Expr:
    """Whether a finding's `value` belongs to someone other than the member."""
    from toolkit.pii.recognizers import fold

    own_names = {fold(n) for n in identities.names if n}
    own_emails = {e.lower() for e in identities.emails}
    own_phones = {"".join(ch for ch in p if ch.isdigit())[-7:] for p in identities.phones}
    own_phones.discard("")
    folded = pl.col("value").str.normalize("NFKD").str.replace_all(r"\p{Mn}", "").str.to_lowercase().str.strip_chars()
    digits = pl.col("value").str.replace_all(r"\D", "").str.slice(-7)
    return (
        pl.when(pl.col("entity_type") == "PERSON").then(~folded.is_in(list(own_names)))
        .when(pl.col("entity_type") == "EMAIL_ADDRESS").then(~folded.is_in(list(own_emails)))
        .when(pl.col("entity_type") == "PHONE_NUMBER").then(~digits.is_in(list(own_phones)))
        .otherwise(False)
    )


def _text_findings(records: pl.DataFrame, identities: Identities, ner: bool, skip: pl.Expr,
                   progress: Progress | None) -> pl.DataFrame:
    texts = records.filter(pl.col("text").is_not_null() & ~skip).select("record_id", "text")
    distinct = texts.select("text").unique(maintain_order=True).with_row_index("text_id")
    parts = []
    for recognizer in text_recognizers(identities, ner):
        if progress:
            progress(0, distinct.height, recognizer.name)
        if isinstance(recognizer, NerRecognizer) and progress:
            parts.append(recognizer.find(distinct, lambda done, total: progress(done, total, "names and places")))
        else:
            parts.append(recognizer.find(distinct))
    spans = _resolve_overlaps(pl.concat(parts))
    spans = spans.join(distinct, on="text_id").with_columns(
        pl.col("text").str.slice(pl.col("start"), pl.col("end") - pl.col("start")).alias("value"))
    spans = spans.with_columns(_owner_is_other(identities).alias("third_party"))
    by_text = texts.join(distinct, on="text").select("record_id", "text_id")
    return by_text.join(spans, on="text_id").select(
        "record_id", "entity_type", "start", "end", pl.lit(None, dtype=pl.String).alias("column"), "score",
        "recognizer", "third_party")


def _column_findings(records: pl.DataFrame, columns: Mapping[str, Mapping[str, ColumnPII]],
                     identities: Identities) -> pl.DataFrame:
    frames = []
    for record_type, by_column in columns.items():
        subset = records.filter(pl.col("record_type") == record_type)
        if subset.is_empty():
            continue
        for column, pii in by_column.items():
            in_field = (pl.col("field") == column) & pl.col("text").is_not_null()
            value = pl.when(in_field).then(pl.col("text")).otherwise(
                pl.col("attributes").str.json_path_match(f"$['{column}']"))
            found = subset.select("record_id", value.alias("value")).drop_nulls("value")
            found = found.filter(pl.col("value").str.strip_chars() != "").with_columns(
                pl.lit(pii.entity).alias("entity_type"))
            other = {"member": pl.lit(False), "other": pl.lit(True)}.get(pii.owner, _owner_is_other(identities))
            frames.append(found.select(
                "record_id", "entity_type", pl.lit(None, dtype=pl.Int64).alias("start"),
                pl.lit(None, dtype=pl.Int64).alias("end"), pl.lit(column).alias("column"), pl.lit(1.0).alias("score"),
                pl.lit("ColumnRecognizer").alias("recognizer"), other.alias("third_party")))
    return pl.concat(frames).cast(dict(FINDING_SCHEMA)) if frames else empty_findings()


def detect(
    records: pl.DataFrame,
    identities: Identities,
    columns: Mapping[str, Mapping[str, ColumnPII]] | None = None,
    ner: bool = True,
    progress: Progress | None = None,
) -> pl.DataFrame:
    """Every PII finding in the records (FINDING_SCHEMA): in free text, and in columns that are PII by definition."""
    columns = columns or {}
    # A one-record-per-field value that is PII by definition is found as such, not analysed again as text.
    schema_fields = [(t, c) for t, by_column in columns.items() for c in by_column]
    skip = pl.lit(False)
    for record_type, column in schema_fields:
        skip = skip | ((pl.col("record_type") == record_type) & pl.col("field").eq_missing(column))
    text = _text_findings(records, identities, ner, skip, progress)
    return pl.concat([text.cast(dict(FINDING_SCHEMA)), _column_findings(records, columns, identities)])


def per_record(findings: pl.DataFrame) -> pl.DataFrame:
    """pii_types (distinct, sorted, ';'-joined), pii_count and third_party_pii for each record with a finding."""
    return findings.group_by("record_id").agg(
        pl.col("entity_type").unique().sort().str.join(";").alias("pii_types"),
        pl.len().cast(pl.Int64).alias("pii_count"),
        pl.col("third_party").any().alias("third_party_pii"),
    )
