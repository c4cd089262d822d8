"""The `toolkit` command: parses arguments, calls the library, prints. No logic of its own."""

from __future__ import annotations

import gc
import io
import os
import re
import select
import signal
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from typer.exceptions import TyperException

from toolkit import __version__, pipeline, policy
from toolkit.archive import Limits
from toolkit.errors import ToolkitError
from toolkit.platforms import PLATFORMS
from toolkit.report import outputs, summary, terminal

app = typer.Typer(
    help="See what in your social-platform data archive is in scope for AI training, and what personal data it "
    "carries. Runs offline; never modifies the archive.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


class _TrimmedStdout(io.TextIOBase):
    """Standard output without the spaces rich pads lines with (colour codes after them are kept)."""

    _PADDING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)\n")

    def __init__(self) -> None:
        self._line = ""  # an unfinished line, written once it ends

    def write(self, text: str) -> int:
        done, newline, rest = (self._line + text).rpartition("\n")
        if newline:
            sys.stdout.write(self._PADDING.sub(r"\1\n", done + newline))
        self._line = rest
        return len(text)

    def flush(self) -> None:
        if self._line:
            sys.stdout.write(self._line)
            self._line = ""
        sys.stdout.flush()

    def isatty(self) -> bool:
        return sys.stdout.isatty()

    def fileno(self) -> int:
        return sys.stdout.fileno()


class _SummaryConsole(Console):
    """Standard output's console. A reader that goes away early (`toolkit scan ... | head`) stops what is shown, not
    the work: the files asked for are still written, and the command then exits with status 1."""

    reader_left = False

    def on_broken_pipe(self) -> None:  # rich's own exits at once, before the files are written
        self.quiet = True
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        self.reader_left = True


def _reader_left() -> bool:
    """Whether standard output is a pipe whose reader has gone."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(event & select.POLLERR for _, event in poller.poll(0))
    except (OSError, ValueError):
        return False


out = _SummaryConsole(file=_TrimmedStdout())
err = Console(stderr=True)

ArchiveArg = Annotated[Path, typer.Argument(help="The export as downloaded (.zip) or the folder it unpacks to.")]
RegionOpt = Annotated[str | None, typer.Option(
    "--region", help="ISO country code of your account (US, GB, DE, ...). Default: from the archive, else US.")]
BirthOpt = Annotated[str | None, typer.Option(
    "--birth-date", help="YYYY-MM-DD, for the age rules. Default: from the archive, else treated as adult.")]
OptedOutOpt = Annotated[str | None, typer.Option(
    "--opted-out-on", help="YYYY-MM-DD you switched generative-AI training off. Default: not opted out.")]
ObjectionOpt = Annotated[str | None, typer.Option(
    "--objection-filed-on", help="YYYY-MM-DD you filed the platform's data-processing objection form.")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD the verdicts are for. Default: today.")]
NoNerOpt = Annotated[bool, typer.Option("--no-ner", help="Skip the statistical name/location model.")]
StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="A file that cannot be read is an error (exit 2), instead of being skipped and named.")]
JsonOpt = Annotated[Path | None, typer.Option("--json", help="Also write the summary as JSON to this path.")]
HtmlOpt = Annotated[Path | None, typer.Option("--html", help="Also write a self-contained HTML report with charts.")]


def _day(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ToolkitError(option, f"'{value}' is not a date YYYY-MM-DD") from None


def _options(region: str | None, birth_date: str | None, opted_out_on: str | None, objection_filed_on: str | None,
             as_of: str | None, no_ner: bool, strict: bool = False) -> pipeline.ScanOptions:
    return pipeline.ScanOptions(
        region=region, birth_date=_day("--birth-date", birth_date), opted_out_on=_day("--opted-out-on", opted_out_on),
        objection_filed_on=_day("--objection-filed-on", objection_filed_on), as_of=_day("--as-of", as_of),
        ner=not no_ner, strict=strict)


@contextmanager
def progress_bar(label: str) -> Iterator[pipeline.Progress]:
    """A rich progress bar on stderr for stages that can take more than a second."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int, stage: str) -> None:
            bar.update(task, completed=done, total=total, description=stage)

        yield update


@contextmanager
def working(label: str) -> Iterator[None]:
    """A spinner on stderr (terminals only) for a step whose length cannot be counted, such as writing a file."""
    if err.is_terminal:
        with err.status(label):
            yield
    else:
        yield


LIMITS = Limits()  # set by the global --limit option


def _scan(archive: Path, options: pipeline.ScanOptions) -> pipeline.Scan:
    with progress_bar("Reading files") as progress:
        return pipeline.scan(archive, options, LIMITS, progress=progress)


@app.command()
def inspect(archive: ArchiveArg, strict: StrictOpt = False) -> None:
    """List the platform, every file recognised with its record count, and every file not recognised."""
    with progress_bar("Reading files") as progress:
        result = pipeline.read_archive(archive, LIMITS, progress=progress, strict=strict)
    terminal.print_inspect(out, result)


AllOpt = Annotated[bool, typer.Option(
    "--all", help="Exports hold every record with its verdicts, not only flagged ones.")]
RedactOpt = Annotated[bool, typer.Option(
    "--redact", help="Mask personal data in every text column of the exports (pseudonyms such as <PERSON_3>).")]
OutOpt = Annotated[list[Path] | None, typer.Option(
    "--out", help="Write the flagged items here: .csv, .parquet, .sqlite or .db (repeatable; - is a CSV on stdout).")]


def _outputs(archive: Path, result: pipeline.Scan | None, report: dict, planned: list[outputs.Output], everything: bool,
             redact: bool, html_all: bool = False) -> None:
    with working("Writing " + ", ".join(o.name for o in planned)):
        written = outputs.write(result, report, planned, archive, everything, redact, html_all)
    for output, count in written:
        if output.path is None:
            continue
        if count is None:
            what = "the summary" if output.kind == "json" else "the report"
        else:
            what = f"{count:,} " + ("record" if everything else "flagged record") + ("" if count == 1 else "s") + (
                " (redacted)" if redact else "")
        err.print(f"wrote {what} to {output.name}", markup=False, highlight=False, soft_wrap=True)


@app.command()
def scan(
    archives: Annotated[list[Path], typer.Argument(
        help="The export(s) as downloaded (.zip) or unpacked; several archives of one person give one combined "
             "summary.")],
    region: RegionOpt = None,
    birth_date: BirthOpt = None,
    opted_out_on: OptedOutOpt = None,
    objection_filed_on: ObjectionOpt = None,
    as_of: AsOfOpt = None,
    no_ner: NoNerOpt = False,
    strict: StrictOpt = False,
    json_path: JsonOpt = None,
    html_path: HtmlOpt = None,
    html_all: Annotated[bool, typer.Option(
        "--html-all", help="In the HTML report's item review, list every record, not only flagged ones.")] = False,
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Also write the flagged items as CSV (- for stdout).")]
    = None,
    parquet_path: Annotated[Path | None, typer.Option("--parquet", help="Also write the flagged items as Parquet.")]
    = None,
    sqlite_path: Annotated[Path | None, typer.Option("--sqlite", help="Also write a SQLite database for Datasette.")]
    = None,
    out_paths: OutOpt = None,
    everything: AllOpt = False,
    redact: RedactOpt = False,
) -> None:
    """The exposure summary: what is in scope for AI training now, after opting out, and may already be used.
    Every file asked for is written from this one scan."""
    exports = [p for p in (csv_path, parquet_path, sqlite_path) if p is not None] + list(out_paths or [])
    options = _options(region, birth_date, opted_out_on, objection_filed_on, as_of, no_ner, strict)
    if len(archives) > 1:
        _scan_several(archives, options, json_path, html_path, exports)
        return
    archive = archives[0]
    for path, kind in ((csv_path, "csv"), (parquet_path, "parquet"), (sqlite_path, "sqlite")):
        if path is not None and str(path) != outputs.STDOUT and outputs.export_kind(path) != kind:
            ending = ".sqlite or .db" if kind == "sqlite" else f".{kind}"
            raise ToolkitError(str(path), f"--{kind} needs a file name ending in {ending}")
    planned = outputs.plan(archive, json_path, html_path, exports)  # checked before the work, not after
    result = _scan(archive, options)
    report = summary.build(result)
    if not any(o.path is None for o in planned):  # standard output carries data instead of the summary
        terminal.print_scan(out, report)
    if redact:
        from toolkit.report.redact import masked_summary

        report = masked_summary(report)
    _outputs(archive, result, report, planned, everything, redact, html_all)


def _scan_several(archives: list[Path], options: pipeline.ScanOptions, json_path: Path | None,
                  html_path: Path | None, exports: list[Path]) -> None:
    """Several archives of one person: each scanned with the same situation options, one combined summary."""
    from toolkit.report import combined

    if exports:
        raise ToolkitError("--csv/--parquet/--sqlite/--out", "export one archive at a time")
    if html_path:
        raise ToolkitError("--html", "the report covers one archive; give one archive, or use --json")
    if len({p.resolve() for p in archives}) < len(archives):
        raise ToolkitError(str(archives[0]), "the same archive is given twice")
    for archive in archives[1:]:  # the output path is checked against every input before any work
        outputs.plan(archive, json_path)
    planned = outputs.plan(archives[0], json_path)
    summaries = [summary.build(_scan(archive, options)) for archive in archives]
    result = combined.build(summaries)
    if not any(o.path is None for o in planned):
        for report in summaries:
            terminal.print_scan(out, report)
            out.rule()
        terminal.print_combined(out, result)
    _outputs(archives[0], None, result, planned, everything=False, redact=False)


@app.command()
def export(
    archive: ArchiveArg,
    out_paths: Annotated[list[Path], typer.Option(
        "--out", help="Where to write: .csv, .parquet, .sqlite or .db (repeatable; - is a CSV on stdout).")],
    everything: AllOpt = False,
    redact: RedactOpt = False,
    region: RegionOpt = None,
    birth_date: BirthOpt = None,
    opted_out_on: OptedOutOpt = None,
    objection_filed_on: ObjectionOpt = None,
    as_of: AsOfOpt = None,
    no_ner: NoNerOpt = False,
    strict: StrictOpt = False,
) -> None:
    """Write the flagged items (or --all records) with their verdicts and personal data to one or more files."""
    planned = outputs.plan(archive, exports=out_paths)
    result = _scan(archive, _options(region, birth_date, opted_out_on, objection_filed_on, as_of, no_ner, strict))
    _outputs(archive, result, {}, planned, everything, redact)


@app.command()
def browse(
    archive: ArchiveArg,
    redact: RedactOpt = False,
    port: Annotated[int | None, typer.Option("--port", help="Port on 127.0.0.1. Default: a free one.")] = None,
    region: RegionOpt = None,
    birth_date: BirthOpt = None,
    opted_out_on: OptedOutOpt = None,
    objection_filed_on: ObjectionOpt = None,
    as_of: AsOfOpt = None,
    no_ner: NoNerOpt = False,
    strict: StrictOpt = False,
) -> None:
    """Explore every record in Datasette on 127.0.0.1 (needs the 'browse' extra); the database is removed on exit."""
    from toolkit.report import browse as browser

    result = _scan(archive, _options(region, birth_date, opted_out_on, objection_filed_on, as_of, no_ner, strict))
    with browser.serving(result, redact, port) as url:
        err.print(f"Datasette is serving your archive on {url} (this computer only). Press Ctrl-C to stop; the "
                  "temporary database is removed then.", markup=False, highlight=False)
        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt  # so that the server stops and the database is removed on SIGTERM too

        signal.signal(signal.SIGTERM, stop)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            err.print("stopped", markup=False, highlight=False)


@app.command()
def batch(
    archives: Annotated[str, typer.Argument(help="A folder of archives (.zip files or export folders), or a glob "
                                            "pattern such as 'donations/*.zip'.")],
    folder: Annotated[Path, typer.Option("--out", help="Folder for the Parquet dataset and the summary (created; "
                                      "a rerun continues where the last one stopped).")],
    workers: Annotated[int, typer.Option("--workers", min=1, help="Archives scanned at once on this machine.")] = 1,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786 (needs the "
        "'distributed' extra; --out must be a path every worker can write to).")] = None,
    redact: Annotated[bool, typer.Option("--redact", help="Mask personal data in the dataset.")] = False,
    no_ner: NoNerOpt = False,
    strict: StrictOpt = False,
) -> None:
    """Scan many archives (any platform) into one Parquet dataset partitioned by archive, with a summary of counts."""
    from toolkit import batch as batch_run

    found = batch_run.find_archives(archives)
    options = batch_run.BatchOptions(ner=not no_ner, redact=redact, strict=strict, limits=LIMITS)
    with progress_bar("Archives") as progress:
        result = batch_run.run(found, folder, options, workers=workers, scheduler=scheduler, progress=progress)
    terminal.print_batch(out, folder, result)


@app.command()
def policies(
    platform: Annotated[str | None, typer.Option("--platform", help="Only this platform's policies.")] = None,
) -> None:
    """Every policy version and rule the tool applies, each with its sources and confidence."""
    names = [platform.strip().lower()] if platform else sorted(PLATFORMS)
    for name in names:
        if name not in PLATFORMS:
            raise ToolkitError("--platform", f"unknown platform '{name}'; known: {', '.join(sorted(PLATFORMS))}")
        terminal.print_policies(out, policy.load_platform(name))


def _version(value: bool) -> None:
    if value:
        out.print(f"toolkit {__version__}")
        raise typer.Exit()


@app.callback()
def common(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="On an internal error, show the full traceback.")] = False,
    limit: Annotated[list[str] | None, typer.Option(
        "--limit", help="Raise a reading limit, NAME=VALUE (repeatable; docs/security.md lists them).")] = None,
) -> None:
    """Global options."""
    changes = {}
    for item in limit or []:
        name, equals, value = item.partition("=")
        if not equals:
            raise ToolkitError("--limit", f"'{item}' is not NAME=VALUE")
        changes[name.strip()] = value.strip()
    global LIMITS
    LIMITS = Limits.with_changes(changes)


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _fail(message: str, status: int) -> None:
    # One plain line, never wrapped or styled, so scripts can read it: a file name carrying a newline or another
    # control character cannot split it or drive the terminal.
    line = _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), message)
    sys.stderr.write(f"error: {line}\n")
    sys.exit(status)


def main() -> None:
    debug = "--debug" in sys.argv[1:]
    try:
        app(standalone_mode=False)
    except ToolkitError as exc:
        _fail(str(exc), 2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        _fail("interrupted", 130)
    except TyperException as exc:  # usage errors from the argument parser
        format_message = getattr(exc, "format_message", None)
        message = (format_message() if format_message else str(exc)) or "a command is needed"
        _fail(f"usage: {message} (see 'toolkit --help')", 2)
    except Exception as exc:  # an internal error: one line unless --debug, never cell contents
        if _reader_left():  # not an error of ours: the reader of standard output went away (`| head`)
            sys.exit(1)
        if debug:
            traceback.print_exc()
        _fail(f"internal error ({type(exc).__name__}); run again with --debug for the traceback", 1)


def run() -> None:
    """The `toolkit` command: main(), then out of the process at once. Once every output is written and flushed,
    the interpreter's teardown would only free the scan's memory one object at a time (a tenth of a second at 10^6
    records), which the system takes back whole anyway."""
    # What is imported by now lives as long as the process: the cycle collector need not walk it again and again
    # (its full passes held every thread for 50 ms in a 10^6-record scan).
    gc.freeze()
    gc.enable()  # (off while the command's modules were imported: toolkit.__main__)
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    code = code or (1 if out.reader_left else 0)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away (a pipe closed early)
        code = code or 1
    os._exit(code)
