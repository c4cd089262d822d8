"""The fast CSV reader (polars on the bytes) and the exact one (Python's csv module) give the same table on every
CSV file of the public fixtures and of the samples; where the fast one cannot, it declines."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from conftest import PUBLIC_FIXTURES, SAMPLES
from toolkit.archive import parse_csv
from toolkit.archive.csvtable import Declined, fast_batches
from toolkit.archive.text import decode_text
from toolkit.errors import ArchiveError
from toolkit.platforms.tabular import _one_ahead, normalised_frame, table_frame


def _csv_files() -> list[tuple[str, bytes]]:
    files = [(str(p.relative_to(PUBLIC_FIXTURES)), p.read_bytes())
             for p in sorted(PUBLIC_FIXTURES.rglob("*.csv")) if p.is_file()] if PUBLIC_FIXTURES.exists() else []
    for archive in sorted(SAMPLES.rglob("*.zip")):
        with zipfile.ZipFile(archive) as z:
            files += [(f"{archive.name}:{n}", z.read(n)) for n in z.namelist() if n.endswith(".csv")]
    return files


def _exact(data: bytes, where: str):  # type: ignore[no-untyped-def]
    table = parse_csv(decode_text(data, where).text, where)
    return table_frame(table)[0] if table.rows else None


def test_fast_and_exact_readers_give_the_same_table() -> None:
    taken = declined = 0
    for where, data in _csv_files():
        try:
            exact = _exact(data, where)
        except Exception:  # damaged on purpose (a fixture of a broken file): the fast reader must not read it either
            assert _fast_or_none(data, where) is None, where
            continue
        fast = _fast_or_none(data, where)
        if fast is None:
            declined += 1
            continue
        taken += 1
        if exact is None:
            assert fast.is_empty(), where
        else:
            assert fast.equals(exact), where
    assert taken >= 60 and taken > 3 * declined, (taken, declined)


def fast_frame(data: bytes, where: str) -> tuple[list[str], pl.DataFrame] | None:
    """The fast reader on a whole file at once: its header and cells, or None where it declines."""
    batches = fast_batches([data], where)
    try:
        return None if batches is None else (batches.header, pl.concat(list(batches.frames)))
    except Declined:
        return None


def _fast_or_none(data: bytes, where: str):  # type: ignore[no-untyped-def]
    try:
        found = fast_frame(data, where)
    except Exception:
        return None
    return None if found is None else normalised_frame(found[1], found[0])


@pytest.mark.parametrize(("content", "why"), [
    (b"Notes:\nsomething\n\nFirst Name,Last Name\nA,B\n", "a preamble"),
    (b"a,a\n1,2\n", "duplicate column names"),
    (b"a,b\n1,2,3\n", "a row longer than the header"),
    (b'a,b\n1,"x \\"quoted\\" y"\n', "backslash-escaped quotes"),
])
def test_the_fast_reader_declines_what_only_the_exact_one_reads(content: bytes, why: str) -> None:
    assert fast_frame(content, "x.csv") is None, why


def test_a_big_file_is_read_fast_with_the_same_records(tmp_path: Path) -> None:
    from toolkit.pipeline import read_archive
    from toolkit.platforms.tabular import FAST_READ_BYTES

    rows = "\n".join(f'2024-01-{d % 28 + 1:02d} 10:00:00,https://www.linkedin.com/feed/update/{d},"Post {d}, with a '
                     f'comma\nand a line",,,PUBLIC' for d in range(40_000))
    text = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n" + rows
    assert len(text) > FAST_READ_BYTES
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Shares.csv").write_text(text)
    records = read_archive(folder).read.records
    assert records.height == 40_000 and records["text"][5] == "Post 5, with a comma\nand a line"


@pytest.mark.parametrize(("piece", "batch"), [(7, 64), (4096, 1 << 14), (1 << 20, 1 << 20)])
def test_reading_in_batches_gives_the_same_table_as_reading_whole(piece: int, batch: int) -> None:
    """Every fixture and sample file cut into pieces (as an archive inflates it) and parsed a batch of rows at a
    time gives the table read whole: cuts fall between rows, never inside a quoted line break or a CRLF."""
    compared = 0
    for where, data in _csv_files():
        whole = _fast_or_none(data, where)
        if whole is None:
            continue
        pieces = [data[i:i + piece] for i in range(0, len(data), piece)]
        batches = fast_batches(pieces, where, batch_bytes=batch)
        assert batches is not None, where
        frames = [normalised_frame(frame, batches.header) for frame in batches.frames]
        assert pl.concat(frames).equals(whole), where
        compared += 1
    assert compared >= 60


def test_batches_end_between_rows() -> None:
    text = b'a,b\r\n1,"two\r\nlines"\r\n3,"x ""quoted"" y"\r\n4,"\n\n"\r\n5,6\r\n'
    expected = fast_frame(text, "x.csv")
    assert expected is not None and expected[1].height == 4
    for piece in range(1, len(text) + 1):
        for batch in (1, 5, 13):
            pieces = [text[i:i + piece] for i in range(0, len(text), piece)]
            batches = fast_batches(pieces, "x.csv", batch_bytes=batch)
            assert batches is not None
            assert pl.concat(list(batches.frames)).equals(expected[1]), (piece, batch)


def test_a_batch_the_fast_reader_cannot_take_sends_the_file_to_the_exact_reader(tmp_path: Path) -> None:
    """Backslash-escaped quotes (or a ragged row) far down a big file are found in a later batch: the file is then
    read whole by the exact reader, with the same records as a file where they come first."""
    from toolkit.pipeline import read_archive
    from toolkit.platforms import tabular

    rows = [f'2024-01-01 10:00:00,https://www.linkedin.com/feed/update/{d},"Post {d}",,,PUBLIC' for d in range(30_000)]
    rows[-2] = '2024-01-01 10:00:00,https://www.linkedin.com/feed/update/x,"Post \\"quoted\\" late",,,PUBLIC'
    text = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n" + "\n".join(rows)
    assert len(text) > tabular.FAST_READ_BYTES > tabular.BATCH_BYTES // 64
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Shares.csv").write_text(text)
    whole = read_archive(folder).read  # one batch: declined at once
    original = tabular.BATCH_BYTES
    tabular.BATCH_BYTES = 1 << 16  # many batches: the escaped quotes come in one of the last
    try:
        batched = read_archive(folder).read
    finally:
        tabular.BATCH_BYTES = original
    assert batched.records.height == 30_000 and batched.records["source_row"].to_list() == list(range(1, 30_001))
    assert batched.records.equals(whole.records) and batched.files == whole.files
    assert batched.records["text"][0] == "Post 0" and "quoted" in batched.records["text"][29_998]


def test_batches_made_one_ahead_come_in_order_and_an_error_where_it_was_raised() -> None:
    made: list[int] = []

    def frames(fail_at: int | None) -> Iterator[pl.DataFrame]:
        for i in range(5):
            if i == fail_at:
                raise ArchiveError("x.csv", "damaged data")
            made.append(i)
            yield pl.DataFrame({"i": [i]})

    assert [f["i"][0] for f in _one_ahead(frames(None))] == [0, 1, 2, 3, 4]
    seen = []
    with pytest.raises(ArchiveError):
        for frame in _one_ahead(frames(3)):
            seen.append(frame["i"][0])
    assert seen == [0, 1, 2]
    made.clear()
    ahead = _one_ahead(frames(None))
    next(ahead)
    ahead.close()  # a consumer that stops: the batch being made is finished, no more are started
    assert made == [0, 1]
