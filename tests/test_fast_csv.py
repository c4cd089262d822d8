"""The fast CSV reader (polars on the bytes) and the exact one (Python's csv module) give the same table on every
CSV file of the public fixtures and of the samples; where the fast one cannot, it declines."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import PUBLIC_FIXTURES, SAMPLES
from toolkit.archive import fast_frame, parse_csv
from toolkit.archive.text import decode_text
from toolkit.platforms.tabular import normalised_frame, table_frame


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
