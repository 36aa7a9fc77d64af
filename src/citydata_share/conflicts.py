"""Unresolved git merge conflicts in a file: found before the file is read as YAML.

When two partners change the same answer on two branches, ``git merge`` leaves both versions
in the card file between marker lines. Read as YAML that is a confusing syntax error (or,
inside a block of text, no error at all), so every file cds reads is checked for the markers
first, and the problem says where they are and how to resolve them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from citydata_share.errors import Problem

# Git writes its markers at the start of a line, seven characters long (the default
# conflict-marker-size); a cds file never has text there that looks like them.
_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?:[ \t](.*))?$")


@dataclass(frozen=True)
class Conflict:
    """One conflicted stretch of a file: lines ``start`` to ``end`` (1-based, inclusive)."""

    start: int
    end: int
    ours: str | None = None  # the label after <<<<<<< (usually HEAD)
    theirs: str | None = None  # the label after >>>>>>> (usually the other branch)

    def lines(self) -> str:
        return f"line {self.start}" if self.start == self.end else f"lines {self.start}-{self.end}"


def find_conflicts(text: str) -> list[Conflict]:
    """Every stretch of ``text`` between git's conflict markers, and any stray marker."""
    found: list[Conflict] = []
    start: int | None = None
    ours: str | None = None
    last = 0
    for number, line in enumerate(text.splitlines(), start=1):
        match = _MARKER.match(line.rstrip("\r"))
        if match is None:
            continue
        kind, label = match.group(1)[0], (match.group(2) or "").strip() or None
        if kind == "<":
            if start is not None:  # an opening marker never closed
                found.append(Conflict(start, last, ours))
            start, ours = number, label
        elif kind == ">":
            found.append(Conflict(start or number, number, ours, label))
            start, ours = None, None
        elif start is None:  # ======= or ||||||| outside any conflict: a marker left behind
            found.append(Conflict(number, number))
        last = number
    if start is not None:
        found.append(Conflict(start, last, ours))
    return found


def describe(conflicts: list[Conflict]) -> tuple[str, str]:
    """The problem, and how to resolve it."""
    where = ", ".join(c.lines() for c in conflicts[:5])
    if len(conflicts) > 5:
        where += f" and {len(conflicts) - 5} more"
    sides = next(
        (f" ({c.ours}'s answers, then {c.theirs}'s)" for c in conflicts if c.ours and c.theirs),
        "",
    )
    message = (
        f"a git merge left this file with two versions of some answers, between conflict "
        f"markers (<<<<<<<, =======, >>>>>>>) at {where}{sides}"
    )
    hint = (
        "Resolve it: at each place keep the answer you want, delete the other and the three "
        "marker lines; then run `cds check`, add the file with `git add` and `git commit`. "
        "Or go back to before the merge with `git merge --abort`."
    )
    return message, hint


def conflicted_files(paths: Iterable[Path]) -> list[Problem]:
    """A problem for each of ``paths`` left with merge markers (files that cannot be read are
    someone else's concern, and are skipped)."""
    from citydata_share.yamlload import YamlProblem, read_text

    problems = []
    for path in paths:
        try:
            text = read_text(path)  # an ordinary file, of a bounded size
        except (OSError, YamlProblem):
            continue
        found = find_conflicts(text) if "=======" in text or "<<<<<<<" in text else []
        if found:
            message, hint = describe(found)
            problems.append(Problem(path, message, found[0].start, hint=hint))
    return problems
