"""Meta's escaping of UTF-8 (formats.md §3.9): every byte of a non-ASCII character is written as its own `\\u00XX`
escape, so `é` arrives as `\\u00c3\\u00a9` and decodes to `Ã©`.

The repair works on the file's JSON text before it is parsed (fix B in formats.md): each run of such escapes that
spells valid UTF-8 is replaced by the characters it spells. A run that is not valid UTF-8 is a real Latin-1
character written correctly (`Caf\\u00e9`) and is left as it is, as is everything already correct: raw UTF-8 text,
escapes of other characters, and an escaped backslash followed by `u00..` (`\\\\u00e9` is text, not an escape).
One regular expression over the whole file, no walk over the parsed items.
"""

from __future__ import annotations

import re

# A run of \u0080-\u00ff escapes, preceded by an even number of backslashes (zero included).
_RUN = re.compile(rb"(?<!\\)((?:\\\\)*)((?:\\u00[89a-fA-F][0-9a-fA-F])+)")


def _replace(match: re.Match[bytes]) -> bytes:
    run = match.group(2)
    raw = bytes(int(run[i + 4:i + 6], 16) for i in range(0, len(run), 6))
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return match.group(0)
    return match.group(1) + raw


# A UTF-16 surrogate escape without its pair (damaged text): not a character, so it becomes U+FFFD.
_LONE_SURROGATE = re.compile(rb"(?<!\\)((?:\\\\)*)(\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|"
                             rb"(?<![89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2})")


def repair(data: bytes) -> bytes:
    """The JSON text with Meta's escaped UTF-8 bytes turned back into the characters they encode."""
    if b"\\u" not in data:
        return data
    if b"\\ud" in data or b"\\uD" in data:
        data = _LONE_SURROGATE.sub(rb"\1\\ufffd", data)
    if b"\\u00" not in data:
        return data
    return _RUN.sub(_replace, data)
