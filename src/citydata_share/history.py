"""`cds history`: who changed which answer, when, from what to what, read from git.

One ``git log --raw`` lists the commits that touched the card files (and cds.yaml) with the
old and new version of each file; one ``git cat-file --batch`` reads those versions; each is
parsed once and the versions are compared as answers (:mod:`citydata_share.changes`), not
as lines of text. Merge commits are not compared: the changes they bring are listed under
the commits that made them on their own branch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citydata_share import changes, gitlog
from citydata_share.errors import CdsError

NO_FILE = "0" * 40


@dataclass(frozen=True)
class Entry:
    """One changed answer in one commit."""

    commit: str
    date: str  # YYYY-MM-DD, the author's date
    author: str
    file: str  # the card id, or "cds.yaml"
    change: changes.Change


def paths_for(card: str | None) -> list[str]:
    """The files whose history is read: one card's file, or cds.yaml and every card."""
    if card is None:
        return ["cds.yaml", "cards"]
    if card == "cds.yaml":
        return ["cds.yaml"]
    return [f"cards/{card}.yaml"]


def read_history(
    root: Path, card: str | None = None, field: str | None = None, limit: int | None = None
) -> list[Entry]:
    """Every answer change in the project's git history, newest first.

    ``card``: one card id (or "cds.yaml"); ``field``: a dotted path such as
    ``people[2].role`` or ``people.role`` (any person's role), matching what lies under it.
    """
    try:
        repo = gitlog.find_repo(root)
    except gitlog.GitMissing:
        raise CdsError(
            "git was not found, so there is no history to read.",
            "Install git: cds keeps the project's history in it.",
        ) from None
    if repo is None:
        raise CdsError(
            f"{root} is not in a git repository, so it has no history.",
            "Make it one (git init, then git add cds.yaml cards && git commit), and cds "
            "commits every answer you save from then on.",
        )
    commits = list(_log(root, repo.prefix, paths_for(card)))
    blobs = _read_blobs(root, {sha for c in commits for f in c.files for sha in f[1:] if sha})
    wanted = _field_matcher(field)
    parsed: dict[str, Any] = {}

    def data(sha: str | None) -> Any:
        if sha is None:
            return None
        if sha not in parsed:
            parsed[sha] = _parse(blobs.get(sha, ""))
        return parsed[sha]

    found: list[Entry] = []
    for commit in commits:
        for name, old, new in commit.files:
            for change in changes.diff(data(old), data(new)):
                if wanted(change.path):
                    found.append(Entry(commit.sha, commit.date, commit.author, name, change))
        if limit is not None and len(found) >= limit:
            return found[:limit]
    return found


@dataclass(frozen=True)
class _Commit:
    sha: str
    author: str
    date: str
    files: list[tuple[str, str | None, str | None]]  # (card id or cds.yaml, old blob, new)


def _log(root: Path, prefix: str, paths: list[str]) -> Iterator[_Commit]:
    done = gitlog.run(
        root,
        "log",
        "--format=%x01%H%x00%an%x00%ad",
        "--date=short",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "-z",
        "--",
        *paths,
    )
    if done.returncode != 0:
        if "does not have any commits" in done.stderr:
            return
        raise CdsError(
            "git could not read the project's history: " + done.stderr.strip(),
            "Check the repository with `git log`.",
        )
    for record in done.stdout.split("\x01")[1:]:
        parts = record.split("\0")
        sha, author, date = parts[0], parts[1], parts[2]
        files = []
        rest = parts[3:]
        for status, path in zip(rest[0::2], rest[1::2], strict=False):
            fields = status.strip().split()
            if len(fields) < 5 or not path:
                continue
            rel = path.removeprefix(prefix)
            name = _file_name(rel)
            if name is None:
                continue
            old, new = fields[2], fields[3]
            files.append((name, None if old == NO_FILE else old, None if new == NO_FILE else new))
        if files:
            yield _Commit(sha, author, date, files)


def _file_name(rel: str) -> str | None:
    if rel == "cds.yaml":
        return rel
    if rel.startswith("cards/") and rel.endswith(".yaml") and rel.count("/") == 1:
        return rel.removeprefix("cards/").removesuffix(".yaml")
    return None


def _read_blobs(root: Path, shas: set[str]) -> dict[str, str]:
    """The text of each blob, read by one git process."""
    found = gitlog.read_objects(root, sorted(shas))
    return {sha: blob.decode("utf-8", errors="replace") for sha, blob in found.items()}


def _parse(text: str) -> Any:
    """A file's data, or an empty card when that version could not be read (say, it was
    committed with merge markers in it). yamlio reads on libyaml in one pass, fast enough
    for a long history, with every check a card file gets."""
    from citydata_share import yamlio

    try:
        return yamlio.loads(text).data
    except yamlio.YamlProblem:
        return {}


def _field_matcher(field: str | None) -> Any:
    """A test for change paths: under ``field``; without indexes, at any index."""
    if not field:
        return lambda path: True
    from citydata_share.store import path_key

    wanted = path_key(field)
    loose = not any(isinstance(p, int) for p in wanted)

    def matches(path: changes.PathKey) -> bool:
        probe = tuple(p for p in path if not isinstance(p, int)) if loose else path
        return probe[: len(wanted)] == wanted

    return matches


def line(entry: Entry, author_width: int = 0) -> str:
    """``2026-11-20 Ana Diaz  team people[2].role: Data Analyst -> Head of Analysis``."""
    who = changes.clean(entry.author, 40)
    # A key in an old version of a file is whatever was committed: cleaned like the values.
    what = changes.clean(f"{entry.file} {entry.change.line()}")
    return f"{entry.date} {who.ljust(author_width)}  {what}"
