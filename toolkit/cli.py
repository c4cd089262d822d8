"""The `toolkit` command: parses arguments, calls the library, prints. No logic of its own."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.exceptions import TyperException

from toolkit import __version__, pipeline
from toolkit.errors import ToolkitError
from toolkit.report import terminal

app = typer.Typer(
    help="See what in your social-platform data archive is in scope for AI training, and what personal data it "
    "carries. Runs offline; never modifies the archive.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

ArchiveArg = Annotated[Path, typer.Argument(help="The export as downloaded (.zip) or the folder it unpacks to.")]


@contextmanager
def progress_bar(label: str) -> Iterator[pipeline.Progress]:
    """A rich progress bar on stderr for stages that can take more than a second."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int, current: str) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@app.command()
def inspect(archive: ArchiveArg) -> None:
    """List the platform, every file recognised with its record count, and every file not recognised."""
    with progress_bar("Reading archive") as progress:
        result = pipeline.read_archive(archive, progress=progress)
    terminal.print_inspect(out, result)


def _version(value: bool) -> None:
    if value:
        out.print(f"toolkit {__version__}")
        raise typer.Exit()


@app.callback()
def common(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="On an internal error, show the full traceback.")] = False,
) -> None:
    """Global options."""


def _fail(message: str, status: int) -> None:
    # One plain line, never wrapped or styled, so scripts can read it.
    sys.stderr.write(f"error: {message}\n")
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
        if debug:
            traceback.print_exc()
        _fail(f"internal error ({type(exc).__name__}); run again with --debug for the traceback", 1)
