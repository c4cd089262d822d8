"""`toolkit browse`: the scan as a SQLite database in a private temporary folder, served by Datasette on 127.0.0.1
only, with its facets set up; the folder is removed when the server stops.

Datasette is an optional extra (`pip install 'dataexport-toolkit[browse]'`): it is the established tool for
exploring a SQLite file, so the toolkit writes no web interface of its own.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from toolkit.errors import ToolkitError
from toolkit.pipeline import Scan
from toolkit.report.sqlite_export import datasette_metadata, write_sqlite
from toolkit.report.table import export_table

HOST = "127.0.0.1"  # never another interface: the database holds personal data
DATABASE = "archive"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ToolkitError("datasette", f"stopped while starting (exit status {server.returncode})")
        try:
            with urllib.request.urlopen(url + "-/versions.json", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise ToolkitError("datasette", f"did not answer on {url} within {seconds:.0f} s")


@contextmanager
def serving(scan: Scan, redact: bool = False, port: int | None = None) -> Iterator[str]:
    """Build the database (every record; redacted if asked), start Datasette on 127.0.0.1 and yield its address.
    On exit the server stops and the temporary folder with the database is removed."""
    if importlib.util.find_spec("datasette") is None:
        raise ToolkitError("toolkit browse", "needs Datasette: pip install 'dataexport-toolkit[browse]'")
    folder = Path(tempfile.mkdtemp(prefix="toolkit-browse-"))  # mode 0700: readable by this user only
    server = None
    try:
        database = folder / f"{DATABASE}.db"
        write_sqlite(export_table(scan, everything=True, redact=redact), scan, database, redact, everything=True)
        database.chmod(0o600)
        metadata = folder / "metadata.json"
        metadata.write_text(json.dumps(datasette_metadata(DATABASE, redact)), encoding="utf-8")
        port = port or free_port()
        url = f"http://{HOST}:{port}/"
        server = subprocess.Popen(
            [sys.executable, "-m", "datasette", "serve", str(database), "--metadata", str(metadata), "--host", HOST,
             "--port", str(port), "--setting", "default_facet_size", "20"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _wait_until_up(url, server)
        yield url
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(folder, ignore_errors=True)
