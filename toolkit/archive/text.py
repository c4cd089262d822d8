"""Decode a file's bytes: UTF-8 (with or without BOM) first, then the encodings Excel re-saves produce.

The fallback is detected from the bytes (BOMs, NUL patterns, byte ranges), not guessed blindly.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from toolkit.errors import ArchiveError


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # what the bytes turned out to be, for the inspect notes


def _utf16_pattern(head: bytes) -> bool:
    return len(head) >= 4 and head.count(0) >= len(head) // 4


def looks_binary(head: bytes) -> bool:
    """NUL bytes in the first bytes of a file that are not the NUL pattern of UTF-16 text: not text."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = head[:4096]
    half = len(sample) / 2
    if sample[0::2].count(0) > half / 2 and sample[1::2].count(0) > half / 2:
        return True  # NULs on both sides of the byte pairs (a zero-filled file): not UTF-16 text either
    return not _utf16_pattern(sample) and 0 in sample


def decode_text(data: bytes, where: str) -> DecodedText:
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(_utf8(data[3:], where, "utf-8-sig"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DecodedText(_decode(data, "utf-16", where), "utf-16")
    head = data[:4096]
    if _utf16_pattern(head):
        # Text with a NUL in every other byte and no BOM is UTF-16; the NULs' side gives the byte order.
        encoding = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        return DecodedText(_decode(data, encoding, where), encoding)
    if 0 in head:
        raise ArchiveError(where, "binary data where text was expected")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # cp1252 leaves five bytes undefined; text containing them is not cp1252 either.
    return DecodedText(_decode(data, "cp1252", where, "not UTF-8, UTF-16 or cp1252 text"), "cp1252")


def _utf8(data: bytes, where: str, label: str) -> str:
    return _decode(data, "utf-8", where, f"starts with a {label} marker but is not valid UTF-8")


def _decode(data: bytes, encoding: str, where: str, why: str | None = None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ArchiveError(where, why or f"undecodable bytes at offset {exc.start} ({encoding})") from None
