"""The findings table: one row per piece of personal data found."""

from collections.abc import Callable
from typing import Final, Protocol

import polars as pl

FINDING_SCHEMA: Final = pl.Schema({
    "row": pl.UInt32,  # the record's position in the records searched (a scan's table): with_record_ids names it
    "entity_type": pl.String,  # presidio's entity names: PERSON, EMAIL_ADDRESS, PHONE_NUMBER, ...
    "start": pl.Int64,  # character offsets in the record's text; null for a finding in a column
    "end": pl.Int64,
    "column": pl.String,  # the original column holding the value, for findings that need no text analysis
    "score": pl.Float64,
    "recognizer": pl.String,
    "third_party": pl.Boolean,  # the data belongs to someone other than the member
})


def with_record_ids(findings: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """`findings` with the record_id of the record each is in, in place of its position in `records` (the records
    they were found in)."""
    return findings.select(records["record_id"].gather(findings["row"]).alias("record_id"), pl.exclude("row"))


# What a text recognizer returns: offsets into one of the distinct texts it was given.
SPAN_SCHEMA: Final = pl.Schema({
    "text_id": pl.UInt32, "entity_type": pl.String, "start": pl.Int64, "end": pl.Int64, "score": pl.Float64,
    "recognizer": pl.String,
})


class TextFinder(Protocol):
    """What reads the distinct texts for personal data: a finder of toolkit.pii.patterns, or a presidio recognizer of
    toolkit.pii.recognizers. `languages`: the languages of the texts it reads (ISO 639-1), None for every text;
    `prose_only`: it reads posts, comments and messages, not profile entries."""

    languages: tuple[str, ...] | None
    prose_only: bool

    def find(self, texts: pl.DataFrame) -> pl.DataFrame:
        """Spans (SPAN_SCHEMA) in `texts`, a frame of distinct `text_id`, `text`."""
        ...


class ModelFinder(TextFinder, Protocol):
    """A statistical model's finder (`in_processes`): run after the others, in worker processes of its own, telling
    how far it is."""

    in_processes: bool

    def find(self, texts: pl.DataFrame, progress: Callable[[int, int], None] | None = None) -> pl.DataFrame:
        ...


def empty_spans() -> pl.DataFrame:
    return pl.DataFrame(schema=SPAN_SCHEMA)


def span_frame(rows: list[tuple[int, str, int, int, float, str]]) -> pl.DataFrame:
    """Spans found in Python, as rows of SPAN_SCHEMA's columns."""
    return pl.DataFrame(rows, schema=SPAN_SCHEMA, orient="row") if rows else empty_spans()
