"""Turn a parsed CSV table into normalised records, driven by a platform's per-file description."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import polars as pl

from toolkit.archive import Archive, Member, decode_text, parse_csv
from toolkit.archive.csvtable import CsvBatches, CsvTable, Declined, fast_batches
from toolkit.platforms.base import FilePlatform
from toolkit.schema import ORIGINAL_PREFIX, RECORD_SCHEMA, empty_records

# Values LinkedIn writes where a date is absent (formats.md §1.2).
NO_DATE = ("N/A", "Not Available", "null", "-")
_SUFFIX = re.compile(r"\s*\(if [^)]*\)\s*$")  # LinkedIn Learning's optional "(if viewed)" header suffixes
MONTH_YEAR = "%b %Y"
YEAR = "%Y"


@dataclass(frozen=True)
class FileSpec:
    """What one known file is and how its columns map onto the record schema."""

    name: str  # normalised basename key, see normalise_name()
    record_type: str
    category: str
    policy_category: str
    header: tuple[str, ...] = ()  # columns the real header is known to contain, used to locate it
    date_column: str | None = None
    date_formats: tuple[str, ...] = ()
    text_columns: tuple[str, ...] = ()
    link_column: str | None = None
    visibility: str = "unknown"  # a constant, unless visibility_column says otherwise
    visibility_column: str | None = None
    visibility_values: Mapping[str, str] = field(default_factory=dict)
    per_field: bool = False  # single-row files: each non-empty field is its own record
    field_policy: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # field -> (category, policy cat.)
    date_extract: str | None = None  # regex whose first group is the date, for dates inside sentences
    not_read: str | None = None  # why a known file adds no records (Reddit's *_headers.csv repeat others): listed


def normalise_name(path: str) -> str:
    """`Jobs/Saved Jobs_1.csv` -> `saved jobs`; `Shares_123456.csv` -> `shares`."""
    base = path.rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = re.sub(r"[\s_\-]+", " ", stem.casefold()).strip()
    return re.sub(r"\s\d+$", "", stem)


def column_names(header: list[str]) -> list[str]:
    """Unique, non-empty column names; duplicates are kept as `Name (2)`, never collapsed."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw or f"column {index + 1}"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def resolve(names: list[str], wanted: str | None) -> str | None:
    """Find a column by name, ignoring case and LinkedIn's optional `(if ...)` suffixes.

    `wanted` may list alternatives separated by `|` (the same column under an older name)."""
    for option in (wanted or "").split("|"):
        key = _SUFFIX.sub("", option).casefold()
        for name in names:
            if option and _SUFFIX.sub("", name).casefold() == key:
                return name
    return None


def table_frame(table: CsvTable) -> tuple[pl.DataFrame, list[str]]:
    """All cells as strings (empty -> null), one column per header cell."""
    names = column_names(table.header)
    width = len(names)
    notes: list[str] = []
    short_rows = sum(1 for r in table.rows if len(r) < width)
    long_rows = sum(1 for r in table.rows if len(r) > width)
    if short_rows:
        notes.append(f"{short_rows} row(s) had fewer columns than the header")
    if long_rows:
        notes.append(f"{long_rows} row(s) had more cells than the header; the extra cells are kept as 'extra'")
    rows = table.rows
    if short_rows or long_rows:
        rows = [r + [""] * (width - len(r)) if len(r) < width else r[:width] for r in rows]
    frame = pl.DataFrame(rows, schema=dict.fromkeys(names, pl.String), orient="row")
    if long_rows:
        frame = frame.with_columns(
            pl.Series("extra", [",".join(r[width:]) or None for r in table.rows], dtype=pl.String)
        )
    return normalised_frame(frame, table.header), notes


def normalised_frame(frame: pl.DataFrame, header: list[str]) -> pl.DataFrame:
    """Whichever reader made it: cells that are empty or blank are null, rows with nothing in them are dropped, and
    a trailing empty-named column with no values (LinkedIn Learning.csv's header comma) goes."""
    names = column_names(header)
    frame = frame.rename(dict(zip(frame.columns[:len(names)], names, strict=True)))
    # only the columns that hold a blank cell are rebuilt (polars' reader already gives empty cells as null)
    blank = frame.select(pl.col(c).str.contains(r"^\s*$").any() for c in frame.columns).row(0) if frame.height else (
        (False,) * frame.width)
    frame = frame.with_columns(pl.when(pl.col(c).str.contains(r"^\s*$")).then(None).otherwise(pl.col(c)).alias(c)
                               for c, has in zip(frame.columns, blank, strict=True) if has)
    frame = frame.filter(~pl.all_horizontal(pl.all().is_null()))
    empty_named = [n for raw, n in zip(header, names, strict=True) if not raw]
    drop = [n for n in empty_named if frame[n].null_count() == frame.height]
    return frame.drop(drop)


def parse_datetimes(values: pl.Expr, formats: tuple[str, ...]) -> pl.Expr:
    """Parse text dates to UTC with each format in turn; values no format fits become null.

    Dates without a zone are taken as UTC (formats.md: LinkedIn's zone-less columns are very likely UTC).
    """
    cleaned = values.str.replace_all("[\u202f\u00a0]", " ").str.strip_chars()
    attempts = []
    for fmt in formats:
        if fmt == MONTH_YEAR:
            attempts.append(("01 " + cleaned).str.strptime(pl.Datetime("us"), "%d %b %Y", strict=False))
        elif fmt == YEAR:
            attempts.append(
                pl.when(cleaned.str.contains(r"^\d{4}$"))
                .then(("01 Jan " + cleaned).str.strptime(pl.Datetime("us"), "%d %b %Y", strict=False))
            )
        else:
            attempts.append(cleaned.str.strptime(pl.Datetime("us"), fmt, strict=False))
    if not attempts:
        return pl.lit(None, dtype=pl.Datetime("us", "UTC"))
    return pl.coalesce(attempts).dt.replace_time_zone("UTC")


def _parse_in_turn(values: pl.Series, formats: tuple[str, ...]) -> pl.Series:
    """`parse_datetimes`, each format tried only on the values the earlier ones left unparsed: a column in its
    documented format costs one parse, not one per format LinkedIn has ever used."""
    parsed = pl.repeat(None, len(values), dtype=pl.Datetime("us", "UTC"), eager=True).alias("d")
    pending = values.is_not_null()
    for fmt in formats:
        if not pending.any():
            break
        todo = values.filter(pending)
        attempt = todo.to_frame("d").select(parse_datetimes(pl.col("d"), (fmt,))).to_series()
        parsed = parsed.scatter(pending.arg_true(), attempt) if attempt.null_count() < len(attempt) else parsed
        pending = pending & parsed.is_null()
    return parsed


def records_from_frames(frames: Iterable[pl.DataFrame], spec: FileSpec, platform: str,
                        source_file: str) -> tuple[pl.DataFrame, list[str]]:
    """Map one file's cells (normalised_frame), given whole or in batches of rows, onto RECORD_SCHEMA. Returns the
    records and notes for the inspect report.

    The original columns other than the text and the link follow the schema's, under schema.ORIGINAL_PREFIX, with
    `attributes` null: the read loop keeps them as they are (schema.Originals)."""
    parts: list[pl.DataFrame] = []
    rows = unparsed = 0
    names: list[str] = []
    for frame in frames:
        if frame.is_empty():
            continue
        names = frame.columns
        records, missed = _records(frame, spec, platform, source_file, rows + 1)
        parts.append(records)
        rows += frame.height
        unparsed += missed
    if not parts:
        return empty_records(), ["header only, no records"]
    notes: list[str] = []
    date_col = resolve(names, spec.date_column)
    if unparsed:
        notes.append(f"{unparsed} value(s) of column '{date_col}' are in no known date format (left empty)")
    elif spec.date_column and not date_col and not spec.per_field:
        notes.append(f"column '{spec.date_column}' is missing; dates left empty")
    return pl.concat(parts) if len(parts) > 1 else parts[0], notes


def _records(frame: pl.DataFrame, spec: FileSpec, platform: str, source_file: str,
             first_row: int) -> tuple[pl.DataFrame, int]:
    """One batch of a file's rows as records (the first is the file's row `first_row`), and how many of its dates
    are in no known format."""
    names = frame.columns
    frame = frame.with_row_index("source_row", offset=first_row)
    if spec.per_field:
        return _per_field_records(frame, names, spec, platform, source_file), 0
    text_cols = [c for c in (resolve(names, t) for t in spec.text_columns) if c]
    link_col = resolve(names, spec.link_column)
    date_col = resolve(names, spec.date_column)
    vis_col = resolve(names, spec.visibility_column)
    used = set(text_cols) | ({link_col} if link_col else set())
    attr_cols = [c for c in names if c not in used]
    created: pl.Expr = pl.lit(None)
    if date_col:
        frame = frame.with_columns(pl.when(~pl.col(date_col).is_in(NO_DATE)).then(pl.col(date_col)).alias(date_col))
        date_text = pl.col(date_col)
        if spec.date_extract:
            date_text = pl.coalesce(date_text.str.extract(spec.date_extract, 1), date_text)
        # a column of the frame, not a literal: polars copies a literal series into the plan
        frame = frame.with_columns(_parse_in_turn(frame.select(date_text.alias("d"))["d"], spec.date_formats)
                                   .alias("\0created"))
        created = pl.col("\0created")
    if vis_col:
        mapping = {k.casefold(): v for k, v in spec.visibility_values.items()}
        visibility = pl.col(vis_col).str.to_lowercase().replace_strict(mapping, default="unknown")
    else:
        visibility = pl.lit(spec.visibility)
    text = _joined(text_cols)
    attributes = pl.lit(None, dtype=pl.String) if attr_cols else pl.lit("{}")  # null: in the original columns
    out = frame.select(
        record_id=pl.lit(source_file + "#") + pl.col("source_row").cast(pl.String),
        platform=pl.lit(platform),
        source_file=pl.lit(source_file),
        source_row=pl.col("source_row").cast(pl.Int64),
        field=pl.lit(None, dtype=pl.String),
        category=pl.lit(spec.category),
        policy_category=pl.lit(spec.policy_category),
        record_type=pl.lit(spec.record_type),
        created_at=created.cast(pl.Datetime("us", "UTC")),
        visibility=visibility.fill_null("unknown"),
        link=pl.col(link_col) if link_col else pl.lit(None, dtype=pl.String),
        text=pl.when(text.str.len_bytes() > 0).then(text),
        attributes=attributes,
    )
    if attr_cols:
        out = out.hstack(frame.select(pl.col(c).alias(ORIGINAL_PREFIX + c) for c in attr_cols))
    unparsed = frame.height - frame[date_col].null_count() - out["created_at"].count() if date_col else 0
    return out.cast(dict(RECORD_SCHEMA)), unparsed


def _joined(columns: list[str]) -> pl.Expr:
    """The text columns' values joined by line breaks. Where one column holds the text (a message's SUBJECT is mostly
    empty), it is taken as it is: joining would copy every text into a new string."""
    if not columns:
        return pl.lit(None, dtype=pl.String)
    if len(columns) == 1:
        return pl.col(columns[0])
    held = pl.sum_horizontal(pl.col(c).is_not_null() for c in columns)
    return pl.when(held <= 1).then(pl.coalesce(columns)).otherwise(
        pl.concat_str([pl.col(c) for c in columns], separator="\n", ignore_nulls=True))


def _header_notes(spec: FileSpec, header: list[str]) -> list[str]:
    known = {h.casefold() for h in spec.header}
    return ["header not as known; columns kept as read"] if known and not known & {h.casefold() for h in header} else []


def _per_field_records(
    frame: pl.DataFrame, names: list[str], spec: FileSpec, platform: str, source_file: str
) -> pl.DataFrame:
    long = frame.unpivot(index="source_row", on=names, variable_name="field", value_name="text").drop_nulls("text")
    categories = {k.casefold(): v[0] for k, v in spec.field_policy.items()}
    policies = {k.casefold(): v[1] for k, v in spec.field_policy.items()}
    key = pl.col("field").str.to_lowercase()
    return long.select(
        record_id=pl.lit(source_file + "#") + pl.col("source_row").cast(pl.String) + "/" + pl.col("field"),
        platform=pl.lit(platform),
        source_file=pl.lit(source_file),
        source_row=pl.col("source_row").cast(pl.Int64),
        field=pl.col("field"),
        category=key.replace_strict(categories, default=spec.category),
        policy_category=key.replace_strict(policies, default=spec.policy_category),
        record_type=pl.lit(spec.record_type),
        created_at=pl.lit(None, dtype=pl.Datetime("us", "UTC")),
        visibility=pl.lit(spec.visibility),
        link=pl.lit(None, dtype=pl.String),
        text=pl.col("text"),
        attributes=pl.lit("{}"),
    ).cast(dict(RECORD_SCHEMA))


def _one_ahead(items: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """`items`, each made in a thread while the one before it is used: a big file's next batch is inflated and
    parsed while the last one is mapped onto records (both mostly outside the GIL). An error making one is raised
    where it would have been; one left unused is finished, not abandoned mid-way."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(next, items, None)
        while (item := pending.result()) is not None:
            pending = pool.submit(next, items, None)
            yield item


_EMPTY_MARKERS = {"", "no conversations found"}
FAST_READ_BYTES = 1 << 20
# A big file is inflated, parsed and mapped onto records this many bytes at a time: the text, the parsed cells and
# the records of one batch are what reading holds beside the records already made, whatever the file's size.
BATCH_BYTES = 32 << 20
PIECE_BYTES = 16 << 20


class CsvPlatform(FilePlatform):
    """A platform whose export is CSV files described by FileSpecs; a subclass gives its `specs` and may read other
    kinds of file through `read_other`."""

    specs: Mapping[str, FileSpec] = {}

    def spec_for(self, path: str) -> FileSpec | None:
        return self.specs.get(normalise_name(path)) if path.casefold().endswith(".csv") else None

    def read_member(self, archive: Archive, member: Member, spec: FileSpec) -> tuple[pl.DataFrame, list[str]]:
        where = f"{archive.location}:{member.path}"
        limits = archive.limits
        big = member.size >= FAST_READ_BYTES and member.path.casefold().endswith(".csv")
        batched = big and member.size > BATCH_BYTES  # a smaller file is read whole: pieces cost a copy
        data = None if batched else archive.read(member)
        if big:
            # Big files: polars' reader on the bytes, in batches, where it reads the file as the csv module would
            # (the same table; csvtable.fast_batches). It does not count rows shorter than the header, which small
            # files still report.
            batches = fast_batches(archive.read_pieces(member, PIECE_BYTES) if data is None else [data], where,
                                   spec.header, limits.max_columns, limits.max_cells, BATCH_BYTES if batched else None)
            if batches is not None:
                with contextlib.suppress(Declined):
                    return self._mapped(batches, spec, member.path)
        decoded = decode_text(archive.read(member) if data is None else data, where)
        notes = [] if decoded.encoding in {"utf-8", "utf-8-sig"} else [f"decoded as {decoded.encoding}"]
        other = self.read_other(member, spec, decoded.text)
        if other is not None:
            return other, notes
        if len(decoded.text) < 64 and decoded.text.strip().casefold() in _EMPTY_MARKERS:
            return empty_records(), [*notes, "empty"]
        table = parse_csv(decoded.text, where, spec.header, limits.max_columns, limits.max_cells)
        if not table.rows:
            return empty_records(), [*notes, "header only, no records"]
        frame, frame_notes = table_frame(table)
        records, record_notes = records_from_frames([frame], spec, self.name, member.path)
        return records, notes + frame_notes + _header_notes(spec, table.header) + record_notes

    def _mapped(self, batches: CsvBatches, spec: FileSpec, path: str) -> tuple[pl.DataFrame, list[str]]:
        frames: Iterable[pl.DataFrame]
        if "" in batches.header:  # whether its empty-named column has values is known only from the whole file
            frames = [normalised_frame(pl.concat(list(batches.frames)), batches.header)]
        else:
            frames = (normalised_frame(raw, batches.header) for raw in _one_ahead(batches.frames))
        records, notes = records_from_frames(frames, spec, self.name, path)
        return records, _header_notes(spec, batches.header) + notes

    def read_other(self, member: Member, spec: FileSpec, text: str) -> pl.DataFrame | None:
        """Records of a file that is not CSV (LinkedIn's articles); None for CSV files."""
        return None
