"""Errors the user can act on. Messages name files and columns, never cell contents."""


class ToolkitError(Exception):
    """Bad input or usage: the CLI prints `error: <where>: <why>` and exits 2."""

    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where}: {why}")
        self.where = where
        self.why = why


class ArchiveError(ToolkitError):
    """The archive, or one file in it, cannot be read safely."""


class RuleFileError(ToolkitError):
    """A policy rule file is malformed."""
