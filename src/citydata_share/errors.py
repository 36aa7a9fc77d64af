"""Errors the core raises; the CLI turns each into a message and an exit code.

The core never prints and never exits: it raises one of these, and
``citydata_share.cli.main`` decides what the user sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from citydata_share.words import counted


class CdsError(Exception):
    """A problem the user can fix. ``hint`` says how."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class NotAProjectError(CdsError):
    """No cds.yaml in the folder or any folder above it."""


class ProjectExistsError(CdsError):
    """`cds init` would overwrite an existing project."""


class LockedError(CdsError):
    """Another cds process holds the project's lock."""


class NoTerminalError(CdsError):
    """An interactive command was run without a terminal."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file: where, which field, what, and how to fix it."""

    path: Path
    message: str
    line: int | None = None
    field: str | None = None
    hint: str | None = None

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


@dataclass
class InvalidFileError(CdsError):
    """A file that cannot be loaded; carries every problem found in it."""

    path: Path
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        first = self.problems[0].message if self.problems else "invalid file"
        CdsError.__init__(
            self,
            f"{self.path} has {counted(len(self.problems), 'problem')}: {first}",
            "Fix the file (the line numbers above point at it), then run the command again.",
        )

    def __str__(self) -> str:
        return self.message
