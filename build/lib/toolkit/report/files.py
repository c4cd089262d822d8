"""Writing output files: atomically (temp file, then rename), readable by the owner only, never over the input."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from toolkit.errors import ToolkitError


def write_atomic(target: Path, write: Callable[[Path], None], protect: Path | None = None) -> None:
    """Call `write(temp_path)`, then move the result onto `target` with mode 0600.

    `protect` is the input archive: an output path that resolves to it (or into it) is refused."""
    target = Path(target)
    if protect is not None:
        source = Path(protect).resolve()
        resolved = target.resolve()
        if resolved == source or source in resolved.parents:
            raise ToolkitError(str(target), "refusing to write over or inside the input archive")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ToolkitError(str(target), "the folder to write into does not exist")
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    os.close(handle)
    temp = Path(temp_name)
    try:
        os.chmod(temp, 0o600)
        write(temp)
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except OSError as exc:
        raise ToolkitError(str(target), f"cannot write ({exc.strerror})") from None
    finally:
        temp.unlink(missing_ok=True)


def write_text(target: Path, text: str, protect: Path | None = None) -> None:
    write_atomic(target, lambda temp: temp.write_text(text, encoding="utf-8"), protect)
