"""Safe, read-only access to an archive as the platform shipped it. Knows no platform."""

from toolkit.archive.csvtable import CsvTable, parse_csv
from toolkit.archive.source import Archive, Limits, Member, open_archive
from toolkit.archive.text import DecodedText, decode_text

__all__ = [
    "Archive", "CsvTable", "DecodedText", "Limits", "Member", "decode_text", "open_archive", "parse_csv",
]
