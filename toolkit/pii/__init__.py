"""Find personal data in the records: presidio's recognizers run offline, plus what only this archive knows (the
member's own identities and the people they are connected to). Knows nothing of policy."""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import cast

import polars as pl

from toolkit.pii import language
from toolkit.pii.findings import FINDING_SCHEMA, ModelFinder, TextFinder, span_frame, with_record_ids
from toolkit.pii.language import SPACY_MODELS
from toolkit.pii.patterns import LANGUAGE_MATTERS, KnownValuesFinder, PatternFinder, fold, folded_expr
from toolkit.schema import Originals, original_columns

__all__ = ["FINDING_SCHEMA", "ColumnPII", "Detection", "Identities", "detect", "text_recognizers", "with_record_ids"]

Progress = Callable[[int, int, str], None]
_VALUE_COLUMNS = ("entity_type", "value", "third_party")
NER_CATEGORIES = ("post", "article", "comment", "message", "invitation", "recommendation", "media", "search",
                  "connection", "other")


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


def text_recognizers(identities: Identities, ner: bool, languages: frozenset[str] | None = None) -> list[TextFinder]:
    """The recognizer registry for free text: adding one here never touches the others.

    Without `ner`, the presidio-free finders only (toolkit.pii.patterns: no presidio or spaCy import). With it,
    presidio recognizers; `languages`: the languages found in the texts, which decide the language-specific ones;
    None reads every text with the English model (the detector before languages were told apart, kept as the
    benchmark's baseline)."""
    known = {"PERSON": [*identities.names[:1], *identities.others],  # full names only: a lone first or last name
             "EMAIL_ADDRESS": identities.emails, "PHONE_NUMBER": identities.phones}  # would match words ("Will")
    if not ner:
        return [PatternFinder(), KnownValuesFinder(known)]
    from toolkit.pii.recognizers import (
        NAME_LOCALES,
        NATIONAL_ID_LANGUAGES,
        KnownValuesRecognizer,
        NameListRecognizer,
        NationalIdRecognizer,
        NerRecognizer,
        PatternRecognizer,
    )

    registry: list[TextFinder] = [PatternRecognizer(), KnownValuesRecognizer(known)]
    processes = min(os.cpu_count() or 1, 2)
    if languages is None:
        return [*registry, NerRecognizer(processes=processes)]
    if "en" in languages:
        registry.append(NerRecognizer(processes=processes, languages=("en",)))
    # Other languages: names from the first-name lists (the models take products and capitalised nouns for people:
    # French "Apache Kafka", German nouns); places from the language's own model where one is installed, else the
    # English model's places.
    for code in sorted(languages & set(SPACY_MODELS) - {"en"}):
        registry.append(NerRecognizer(processes=processes, model=SPACY_MODELS[code], languages=(code,),
                                      keep=("LOCATION",)))
    others = tuple(sorted(languages - set(SPACY_MODELS)))
    if others:
        registry.append(NerRecognizer(processes=processes, languages=others, keep=("LOCATION",)))
    registry += [NameListRecognizer(code) for code in sorted(languages & set(NAME_LOCALES))]
    registry += [NationalIdRecognizer(code) for code in sorted(languages & set(NATIONAL_ID_LANGUAGES))]
    return registry


def _resolve_overlaps(spans: pl.DataFrame) -> pl.DataFrame:
    """Where spans in one text overlap, keep one: the archive's own knowledge and patterns over the statistical
    model, then the longer span, then the higher score (as presidio keeps one result per overlap)."""
    ordered = spans.sort("text_id", "start", "end")
    # The furthest end reached so far in the same text, without a per-text window: text_id and end packed into
    # one increasing key, so a running maximum over the sorted spans never crosses from one text to the next.
    key = pl.col("text_id").cast(pl.Int64) * (1 << 32) + pl.col("end")
    reached = key.cum_max().shift(1)
    overlaps = ((reached // (1 << 32) == pl.col("text_id")) & (pl.col("start") < reached % (1 << 32))).fill_null(False)
    crowded_ids = ordered.filter(overlaps).select("text_id").unique()
    crowded = ordered.join(crowded_ids, on="text_id", how="semi")
    rank = pl.when(pl.col("recognizer") == "NerRecognizer").then(1).otherwise(0)
    kept: list[tuple] = []
    current = None
    starts: list[int] = []  # the kept spans of the current text, as sorted starts and their ends: they never
    ends: list[int] = []  # overlap, so one binary search finds the only neighbours that could
    for row in crowded.sort("text_id", rank, pl.col("start") - pl.col("end"), -pl.col("score")).iter_rows():
        text_id, start, end = row[0], row[2], row[3]
        if text_id != current:
            current, starts, ends = text_id, [], []
        at = bisect.bisect_left(starts, start)
        if (at < len(starts) and starts[at] < end) or (at > 0 and ends[at - 1] > start):
            continue
        starts.insert(at, start)
        ends.insert(at, end)
        kept.append(row)
    resolved = span_frame(kept)
    return pl.concat([ordered.join(crowded_ids, on="text_id", how="anti"), resolved])


def _owner_is_other(identities: Identities) -> pl.Expr:
    """Whether a finding's `value` belongs to someone other than the member."""
    own_names = {fold(n) for n in identities.names if n}
    own_emails = {e.lower() for e in identities.emails}
    own_phones = {"".join(ch for ch in p if ch.isdigit())[-7:] for p in identities.phones}
    own_phones.discard("")
    folded = folded_expr(pl.col("value")).str.strip_chars()
    digits = pl.col("value").str.replace_all(r"\D", "").str.slice(-7)
    return (
        pl.when(pl.col("entity_type") == "PERSON").then(~folded.is_in(list(own_names)))
        .when(pl.col("entity_type") == "EMAIL_ADDRESS").then(~folded.is_in(list(own_emails)))
        .when(pl.col("entity_type") == "PHONE_NUMBER").then(~digits.is_in(list(own_phones)))
        .otherwise(False)
    )


_OWNED_KINDS = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER")  # the kinds of data the archive says are the member's


def _own_values(distinct: pl.DataFrame, identities: Identities) -> dict[str, pl.Series]:
    """The member's own values among distinct (entity_type, value) pairs, by kind (the check folds accents and
    digits)."""
    own = distinct.filter(pl.col("entity_type").is_in(_OWNED_KINDS)).filter(~_owner_is_other(identities))
    return {kind: own.filter(pl.col("entity_type") == kind)["value"] for kind in _OWNED_KINDS}


def _theirs(own: dict[str, pl.Series], entity: str | None = None, value: str = "value") -> pl.Expr:
    """Whether a finding's `value` is someone else's, looked up in the member's own values (_own_values); `entity`:
    the entity type every finding has, where they have one (then `value` may name another column)."""
    if entity is not None:
        return ~pl.col(value).is_in(own[entity].implode()) if entity in own else pl.lit(False)
    theirs = pl.col("entity_type").is_in(_OWNED_KINDS)
    for kind, values in own.items():
        if values.len():
            theirs = theirs & ~((pl.col("entity_type") == kind) & pl.col("value").is_in(values.implode()))
    return theirs


def _with_owner(frame: pl.DataFrame, identities: Identities) -> pl.DataFrame:
    """Add `third_party` from each finding's `value`: the member's own are found among the distinct values, then
    every finding is looked up in those few, no join over the findings."""
    own = _own_values(frame.filter(pl.col("entity_type").is_in(_OWNED_KINDS)).select("entity_type", "value").unique(),
                      identities)
    return frame.with_columns(_theirs(own).alias("third_party"))


def _text_findings(records: pl.DataFrame, identities: Identities, ner: bool, skip: pl.Expr,
                   progress: Progress | None, multilingual: bool) -> tuple[pl.DataFrame, dict[str, int],
                                                                             pl.DataFrame]:
    texts = records.lazy().with_row_index("row").filter(pl.col("text").is_not_null() & ~skip).select(
        "row", "text", "category").collect()
    # each distinct text once, with the records that hold it: one hashing pass over the texts
    grouped = texts.group_by("text").agg(
        "row", pl.col("category").is_in(NER_CATEGORIES).any().alias("prose")).with_row_index("text_id")
    distinct = grouped.select("text_id", "text")
    # The statistical models and the name lists read prose only: in profile entries (skills, titles,
    # certifications) capitalised words are names of things, and a model takes them for people.
    prose_ids = grouped.filter("prose")["text_id"]
    counts: dict[str, int] = {}
    languages: frozenset[str] | None = None
    if ner and multilingual:
        # the language of each prose text where it can change what is found (patterns.LANGUAGE_MATTERS)
        routed = distinct.filter(pl.col("text_id").is_in(prose_ids.implode())
                                 & pl.col("text").str.contains(LANGUAGE_MATTERS))
        if progress:
            progress(0, routed.height, "languages")
        told = (lambda done, total: progress(done, total, "languages")) if progress else None
        routed = routed.with_columns(language.detect(routed["text"], told))
        distinct = distinct.join(routed.select("text_id", "language"), on="text_id", how="left")
        counts = dict(routed.group_by("language").len().iter_rows())
        languages = frozenset(counts)
    recognizers = text_recognizers(identities, ner, languages)
    # the models: in processes, last
    slow = [cast(ModelFinder, r) for r in recognizers if getattr(r, "in_processes", False)]
    fast = [r for r in recognizers if not getattr(r, "in_processes", False)]

    def subset(recognizer: TextFinder) -> pl.DataFrame:
        frame = distinct.filter(pl.col("text_id").is_in(prose_ids.implode())) if recognizer.prose_only else distinct
        if recognizer.languages is not None:
            frame = frame.filter(pl.col("language").is_in(recognizer.languages))
        return frame

    # polars releases the GIL while it matches, so the fast recognizers overlap one another in threads; the
    # statistical models run afterwards, in worker processes of their own.
    with ThreadPoolExecutor(max_workers=2) as pool:
        parts = list(pool.map(lambda r: r.find(subset(r)), fast))
    if progress:
        progress(distinct.height, distinct.height, "patterns and known names")
    for recognizer in slow:
        report = (lambda done, total: progress(done, total, "names and places (spaCy)")) if progress else None
        parts.append(recognizer.find(subset(recognizer), report))
    spans = _resolve_overlaps(pl.concat(parts))
    spans = spans.join(distinct.select("text_id", "text"), on="text_id").with_columns(
        pl.col("text").str.slice(pl.col("start"), pl.col("end") - pl.col("start")).alias("value"))
    spans = _with_owner(spans, identities)
    by_text = grouped.select("text_id", "row").explode("row")
    found = by_text.join(spans, on="text_id").select(
        "row", "entity_type", "start", "end", pl.lit(None, dtype=pl.String).alias("column"), "score",
        "recognizer", "third_party")
    return found, counts, spans.select(*_VALUE_COLUMNS).unique()


def _column_findings(records: pl.DataFrame, columns: Mapping[str, Mapping[str, ColumnPII]],
                     identities: Identities, originals: Originals) -> tuple[pl.DataFrame, pl.DataFrame, _Sums]:
    """The findings in columns that are personal data by definition, their distinct values and their sums per
    record."""
    mapping = pl.DataFrame(
        [(t, c, pii.entity, pii.owner) for t, by_column in columns.items() for c, pii in by_column.items()],
        schema={"record_type": pl.String, "column": pl.String, "entity_type": pl.String, "owner": pl.String},
        orient="row",
    )
    # One-record-per-field files: the record's text is the field's value.
    # (the few records with a field first: the others cost a look at a null mask, not a text comparison each)
    per_field = records.lazy().with_row_index("row").select("row", "record_type", "field", "text").filter(
        pl.col("field").is_not_null()).collect().lazy().filter(
        pl.col("record_type").is_in(list(columns))).select(
        "row", pl.col("record_type").cast(pl.String), pl.col("field").alias("column"), pl.col("text").alias("value"),
    ).join(mapping.lazy(), on=["record_type", "column"])
    cells = ["row", "entity_type", "column", "value"]
    # Other records: each column's values with its entity as a constant (no join over a million cells). Cells are
    # never empty strings (the readers make them null); only 'auto' owners depend on the value.
    decided = [per_field.filter(pl.col("owner") != "auto").select(*cells, (pl.col("owner") == "other").alias(
        "third_party"))]
    auto: list[tuple[pl.LazyFrame, str | None]] = [(per_field.filter(pl.col("owner") == "auto").select(cells), None)]
    # their distinct values too, a column at a time: one column of values to hash, not a million rows of three
    decided_values = [decided[0].select(_VALUE_COLUMNS).unique()]
    auto_values = [auto[0][0].select("entity_type", "value").unique()]
    # (only the record types the archive has: each column costs a plan of its own)
    present = {block.record_type for block in originals.blocks} | originals.encoded
    wide: list[tuple[pl.LazyFrame, Mapping[str, ColumnPII]]] = []
    for record_type, by_column in columns.items():
        if record_type not in present:
            continue
        values = original_columns(records, originals, record_type, list(by_column))
        wide.append((values, by_column))
        for column, pii in by_column.items():
            cell = values.select("row", pl.lit(pii.entity).alias("entity_type"), pl.lit(column).alias("column"),
                                 pl.col(column).alias("value")).drop_nulls("value")
            if pii.owner == "auto":
                auto.append((cell, pii.entity))
                auto_values.append(cell.unique("value").select("entity_type", "value"))
            else:
                decided.append(cell.with_columns(pl.lit(pii.owner == "other").alias("third_party")))
                decided_values.append(decided[-1].unique("value").select(_VALUE_COLUMNS))
    # whose each 'auto' value is, from the few distinct ones; then every cell looked up with its column's entity
    distinct = pl.concat(auto_values).unique().collect()
    own = _own_values(distinct, identities)
    decided += [cell.with_columns(_theirs(own, entity).alias("third_party")) for cell, entity in auto]
    decided_values.append(distinct.lazy().with_columns(_theirs(own).alias("third_party")))
    # The sums per record without grouping a million findings: a record's cells are one row of its type's columns,
    # summed across that row (one-record-per-field records have one cell each).
    types = sorted({pii.entity for by_column in columns.values() for pii in by_column.values()})
    bits = {entity: 1 << i for i, entity in enumerate(types)}
    per_field_found = pl.concat([decided[0], auto[0][0].with_columns(_theirs(own).alias("third_party"))])
    sums = [per_field_found.select(
        "row", pl.col("entity_type").replace_strict(bits, return_dtype=pl.Int64).alias("mask"),
        pl.lit(1, dtype=pl.Int64).alias("pii_count"), pl.col("third_party").alias("third_party_pii"))]
    for values, by_column in wide:
        held = {column: pl.col(column).is_not_null() for column in by_column}
        theirs = [held[column] & (_theirs(own, pii.entity, column) if pii.owner == "auto" else
                                  pl.lit(pii.owner == "other")) for column, pii in by_column.items()]
        entities = {pii.entity for pii in by_column.values()}
        mask = pl.sum_horizontal(pl.when(pl.any_horizontal(held[c] for c, pii in by_column.items() if pii.entity == e))
                                 .then(pl.lit(bits[e], dtype=pl.Int64)).otherwise(pl.lit(0, dtype=pl.Int64))
                                 for e in sorted(entities))
        sums.append(values.select(
            "row", mask.alias("mask"), pl.sum_horizontal(h.cast(pl.Int64) for h in held.values()).alias("pii_count"),
            pl.any_horizontal(theirs).alias("third_party_pii")).filter(pl.col("pii_count") > 0))
    # One plan for every record type, so polars works on them in parallel.
    found = pl.concat(decided).select(
        "row", "entity_type", pl.lit(None, dtype=pl.Int64).alias("start"),
        pl.lit(None, dtype=pl.Int64).alias("end"), "column", pl.lit(1.0).alias("score"),
        pl.lit("ColumnRecognizer").alias("recognizer"), "third_party")
    found_frame, found_values, summed = pl.collect_all([found, pl.concat(decided_values), pl.concat(sums)])
    return found_frame, found_values, _Sums(types, summed)


@dataclass(frozen=True)
class Detection:
    findings: pl.DataFrame  # one row per finding (FINDING_SCHEMA)
    per_record: pl.DataFrame  # one row per record, in the records' order: pii_types, pii_count, third_party_pii
    languages: dict[str, int]  # the languages of the texts read for names, with how many texts each
    values: pl.DataFrame  # each distinct piece of personal data found (entity_type, value, third_party): what
    # redaction masks


def detect(
    records: pl.DataFrame,
    identities: Identities,
    columns: Mapping[str, Mapping[str, ColumnPII]] | None = None,
    ner: bool = True,
    progress: Progress | None = None,
    languages: bool = True,
    originals: Originals | None = None,
) -> Detection:
    """Every PII finding in the records: in free text, and in columns that are PII by definition.

    `languages`: tell the texts' languages apart and read each with its own detectors (False: everything with the
    English model, the baseline the multilingual benchmark compares with). `originals`: the original columns the
    reader kept for these very records (ReadResult.originals); without them they are parsed out of `attributes`."""
    columns = columns or {}
    # without the reader's original columns, every record type's are parsed out of `attributes`
    originals = originals or Originals(encoded=frozenset(records["record_type"].unique().cast(pl.String)))
    # A one-record-per-field value that is PII by definition is found as such, not analysed again as text.
    # (record types never hold a line break, so record type and field joined by one name each pair exactly)
    schema_fields = [f"{t}\n{c}" for t, by_column in columns.items() for c in by_column]
    skip = pl.col("field").is_not_null() & pl.concat_str("record_type", "field", separator="\n").is_in(schema_fields)

    # polars releases the GIL: the columns (and their counts per record) beside the texts
    with ThreadPoolExecutor(max_workers=1) as pool:
        column_part = pool.submit(_column_findings, records, columns, identities, originals)
        text, found_languages, text_values = _text_findings(records, identities, ner, skip, progress, languages)
        text_sums = _Sums.of(text)
        column_findings, column_values, column_sums = column_part.result()
    values = pl.concat([text_values, column_values]).unique()
    # findings are keyed by the record's position: grouping and placing integers is cheap, and the record ids are
    # given only to the findings an output writes (with_record_ids)
    found = pl.concat([text, column_findings], how="vertical_relaxed")
    # (only the columns whose type differs: a cast to the same type still copies the column)
    findings = found.cast({name: kind for name, kind in FINDING_SCHEMA.items() if found.schema[name] != kind})
    return Detection(findings, _per_record([text_sums, column_sums], records.height), found_languages, values)


@dataclass(frozen=True)
class _Sums:
    """Some findings summed up per record that has one (`row`): a bit per type in `mask` (bit i: types[i]),
    `pii_count` and `third_party_pii`. (Lazily: an eager grouping copied the findings first.)"""

    types: list[str]
    grouped: pl.DataFrame

    @staticmethod
    def of(found: pl.DataFrame) -> _Sums:
        types = sorted(found["entity_type"].unique().to_list())
        grouped = found.lazy().select(
            "row", pl.col("entity_type").replace_strict({e: 1 << i for i, e in enumerate(types)},
                                                        return_dtype=pl.Int64).alias("bit"), "third_party",
        ).group_by("row").agg(pl.col("bit").bitwise_or().alias("mask"), pl.len().cast(pl.Int64).alias("pii_count"),
                              pl.col("third_party").any().fill_null(False).alias("third_party_pii")).collect()
        return _Sums(types, grouped)


def _per_record(parts: list[_Sums], height: int) -> pl.DataFrame:
    """pii_types (distinct, sorted, ';'-joined; "" without findings), pii_count and third_party_pii for each of
    `height` records, from the sums of each part of the findings.

    A record's types are one bit per type (a dozen), OR-ed together, put into words once per distinct combination
    rather than once per record; whether any is someone else's rides along in the top bit (two placements of a
    million values per part, not three)."""
    types = sorted({entity for part in parts for entity in part.types})
    theirs_bit = 1 << 62
    flags = pl.repeat(0, height, dtype=pl.Int64, eager=True)
    count = pl.repeat(0, height, dtype=pl.Int64, eager=True)
    for part in parts:
        # the part's bits to the bits of all types: once per distinct combination of the part's types
        rebit = {m: sum(1 << types.index(e) for i, e in enumerate(part.types) if m >> i & 1)
                 for m in part.grouped["mask"].unique()}
        at = part.grouped["row"]
        placed = part.grouped.select(pl.col("mask").replace_strict(rebit, return_dtype=pl.Int64)
                                     | pl.when(pl.col("third_party_pii")).then(theirs_bit).otherwise(0))
        flags = flags | pl.repeat(0, height, dtype=pl.Int64, eager=True).scatter(at, placed.to_series())
        count = count + pl.repeat(0, height, dtype=pl.Int64, eager=True).scatter(at, part.grouped["pii_count"])
    mask = flags & (theirs_bit - 1)
    words = {m: ";".join(e for i, e in enumerate(types) if m >> i & 1) for m in mask.unique()}
    return pl.DataFrame([mask.replace_strict(words, return_dtype=pl.String).alias("pii_types"),
                         count.alias("pii_count"), (flags >= theirs_bit).alias("third_party_pii")])
