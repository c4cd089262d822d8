"""Rich renderings for the terminal."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from toolkit.pipeline import ArchiveRead


def print_inspect(console: Console, result: ArchiveRead) -> None:
    read = result.read
    recognised = read.recognised
    console.print(
        f"[bold]{read.platform}[/bold] export [dim]{result.location}[/dim]: "
        f"{read.records.height:,} records in {len(recognised)} recognised files"
    )
    table = Table(title="Recognised files", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("records", justify="right", no_wrap=True)
    table.add_column("file", overflow="fold")
    table.add_column("type", no_wrap=True)
    for report in recognised:
        kind = (report.record_type or "").removeprefix(f"{read.platform}.")
        table.add_row(f"{report.records:,}", report.path, kind)
        for note in report.notes:
            table.add_row("", f"[dim]↳ {escape(note)}[/dim]", "")
    console.print(table)
    if read.unknown:
        console.print(f"[yellow]{len(read.unknown)} file(s) not recognised[/yellow] (listed, not read):")
        for path in read.unknown:
            console.print(f"  {path}", markup=False)
    else:
        console.print("Every file in the archive was recognised.")
