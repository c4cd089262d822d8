"""CSV text to a header and rows, tolerant of the quirks platforms ship (preambles, ragged rows).

Two readers give the same table: `parse_csv` (Python's csv module: exact, any quirk) and `fast_batches` (polars'
reader on the bytes, tens of times faster), which declines files it cannot take exactly as `parse_csv` would: a
header that is not the first line, duplicate or quoted-newline column names, rows longer than the header,
backslash-escaped quotes, a field polars reads differently."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

import polars as pl

from toolkit.errors import ArchiveError

csv.field_size_limit(64 * 1024 * 1024)


@dataclass
class CsvTable:
    header: list[str]
    rows: list[list[str]]
    preamble_lines: int = 0


def parse_csv(text: str, where: str, expected: Iterable[str] = (), max_columns: int = 1_000,
              max_cells: int = 30_000_000) -> CsvTable:
    """Parse CSV text, locating the header row by content.

    `expected` names columns the header is known to contain; the first row holding enough of them is the
    header, so preambles such as LinkedIn's `Notes:` block are skipped whatever their length.
    """
    rows = _read_rows(text, where)
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        return CsvTable([], [])
    start = _header_index(rows, [e.casefold() for e in expected])
    width = max(len(row) for row in rows)
    if width > max_columns:
        raise ArchiveError(where, f"has {width:,} columns, more than the limit of {max_columns:,}")
    if width * len(rows) > max_cells:
        raise ArchiveError(where, f"has more than {max_cells:,} cells, over the limit")
    header = [cell.strip().strip('"').strip() for cell in rows[start]]
    body = [r for r in rows[start + 1:] if any(cell.strip() for cell in r)]
    return CsvTable(header, body, preamble_lines=start)


def _read_rows(text: str, where: str) -> list[list[str]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = _delimiter(text.split("\n", 1)[0])
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise ArchiveError(where, "truncated: a quoted field is never closed") from None
        # Strict parsing failed on a stray quote (e.g. backslash-escaped quotes): read leniently instead.
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
    except csv.Error as exc:  # e.g. a field over the size limit, or a NUL character; the message has no cell text
        raise ArchiveError(where, f"cannot be read as CSV ({exc})") from None


def _header_index(rows: list[list[str]], expected: list[str]) -> int:
    if expected:
        need = min(2, len(expected))
        for index, row in enumerate(rows[:50]):
            cells = {c.strip().strip('"').strip().casefold() for c in row}
            if sum(1 for e in expected if e in cells) >= need:
                return index
    # Unknown header: skip a `Notes:` preamble up to its first blank line.
    if rows[0] and rows[0][0].strip().casefold().startswith("notes"):
        for index, row in enumerate(rows):
            if not any(c.strip() for c in row):
                nxt = index + 1
                while nxt < len(rows) and not any(c.strip() for c in rows[nxt]):
                    nxt += 1
                return min(nxt, len(rows) - 1)
    return 0


def _delimiter(first_line: str) -> str:
    return "\t" if "\t" in first_line and "," not in first_line else ","


class Declined(Exception):
    """The fast reader found, past the first batch, what only the exact reader reads as the csv module does."""


@dataclass
class CsvBatches:
    """A CSV file read by polars a batch of rows at a time: its header and its cells as text, column `c<i>` for
    header cell i (iterating raises Declined where the exact reader must read the whole file instead)."""

    header: list[str]
    frames: Iterator[pl.DataFrame]


def fast_batches(pieces: Iterable[bytes], where: str, expected: Iterable[str] = (), max_columns: int = 1_000,
                 max_cells: int = 30_000_000, batch_bytes: int | None = None) -> CsvBatches | None:
    """UTF-8 CSV bytes, given in pieces (Archive.read_pieces), to the header and all cells as text with polars'
    reader, `batch_bytes` at a time (all at once with None): the text, the parsed cells and what is made of them need
    not be held whole at once. Line endings are normalised first, as `parse_csv` does. None where the header shows
    that only `parse_csv` reads the file exactly (the caller then uses it)."""
    batches = _row_batches(iter(pieces), batch_bytes)
    first = next(batches, b"")
    end = first.find(b"\n")
    first_line = first[:end if end >= 0 else len(first)].decode("utf-8", errors="replace")
    if 0 in first[:4096] or _escaped_quotes(first):
        return None
    delimiter = _delimiter(first_line)
    try:
        header = next(csv.reader([first_line], delimiter=delimiter, strict=True))
    except (csv.Error, StopIteration):
        return None
    cells = [cell.strip().strip('"').strip() for cell in header]
    wanted = [e.casefold() for e in expected]
    if wanted and sum(1 for e in wanted if e in {c.casefold() for c in cells}) < min(2, len(wanted)):
        return None  # the header is further down (a preamble) or not there: the exact reader finds it
    if (cells and cells[0].casefold().startswith("notes")) or len(set(cells)) < len(cells) or first_line.count(
            '"') % 2:
        return None
    if len(cells) > max_columns:
        raise ArchiveError(where, f"has {len(cells):,} columns, more than the limit of {max_columns:,}")
    names = [f"c{i}" for i in range(len(cells))]

    def frames() -> Iterator[pl.DataFrame]:
        rows = 0
        for batch in chain([first], batches):
            if _escaped_quotes(batch):
                raise Declined
            try:  # every batch is read as the whole file would be: from the header on
                frame = pl.read_csv(batch, has_header=True, new_columns=names, separator=delimiter, quote_char='"',
                                    infer_schema=False, truncate_ragged_lines=False, raise_if_empty=False)
            except (pl.exceptions.PolarsError, UnicodeDecodeError):
                raise Declined from None
            if frame.width != len(cells):
                raise Declined
            rows += frame.height
            if len(cells) * rows > max_cells:
                raise ArchiveError(where, f"has more than {max_cells:,} cells, over the limit")
            yield frame

    return CsvBatches(cells, frames())


def _escaped_quotes(data: bytes) -> bool:
    """Backslash-escaped quotes: the csv module's lenient pass decides how they split (a search for the backslash
    alone first: one byte is found many times faster than two, and most files have none)."""
    return b"\\" in data and b'\\"' in data


def _row_batches(pieces: Iterator[bytes], size: int | None) -> Iterator[bytes]:
    """The file's bytes again, BOM dropped and line endings normalised to \\n, in batches of about `size` bytes (one
    batch with None), each after the first starting with the file's first line (its header). A batch ends where a
    row does: at a line break with an even number of quote characters before it, which is how polars' reader itself
    tells the line breaks between rows from those inside quotes. Each byte is copied once, into its batch."""
    held: list[bytes | memoryview] = []
    length = quotes = 0  # of what is held
    carried_cr = False  # a piece ending in \\r: whether \\n follows is in the next piece
    header = b""
    for piece in pieces:
        if not header and not held:
            piece = piece.removeprefix(b"\xef\xbb\xbf")
        if carried_cr:
            piece = b"\r" + piece
        carried_cr = piece.endswith(b"\r")
        if carried_cr:
            piece = piece[:-1]
        if b"\r" in piece:
            piece = piece.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        count = piece.count(b'"') if size is not None else 0  # (one batch: where rows end does not matter)
        cut, rest_quotes = (_row_end(piece, quotes % 2, count) if size is not None and length + len(piece) >= size
                            else (0, 0))
        if not cut:  # not yet a batch, or no row ends in this piece (a quoted field longer than it)
            held.append(piece)
            length += len(piece)
            quotes += count
            continue
        view = memoryview(piece)  # the piece's two parts go into their batches without a copy of their own
        held.append(view[:cut])
        batch = b"".join(held)
        yield batch
        if not header:
            header = batch[:batch.find(b"\n") + 1]
        rest = view[cut:]
        held, length, quotes = [header, rest], len(header) + len(rest), header.count(b'"') + rest_quotes
    if carried_cr:
        held.append(b"\n")
    yield b"".join(held)


def _row_end(data: bytes, odd_before: int, count: int) -> tuple[int, int]:
    """Where the last whole row in `data` ends (just past a line break with an even number of quote characters
    before it, counting `odd_before`: the parity of those before `data`), and how many quote characters follow
    there; (0, 0) where no line break qualifies."""
    quotes_after = 0
    end = len(data)
    total = count + odd_before  # count: the quote characters in `data`
    while (brk := data.rfind(b"\n", 0, end)) >= 0:
        quotes_after += data.count(b'"', brk, end)
        if (total - quotes_after) % 2 == 0:
            return brk + 1, quotes_after
        end = brk
    return 0, 0
