"""git's merge driver for cds files: card files and cds.yaml merged answer by answer.

Git merges text line by line, so two partners who change neighbouring answers of one card
(``b: 2 -> 20`` on one branch, ``c: 3 -> 30`` on the other) get a conflict although no answer
was changed twice. The project's ``.gitattributes`` (written by `cds init`) names a merge
driver, ``merge=cds``, for ``cards/*.yaml`` and ``cds.yaml``; git runs it as the hidden command
`cds merge-file BASE OURS THEIRS PATH`, which merges the answers
(:mod:`citydata_share.mergecards`) and writes the result as a save would. Where an answer
was changed on both sides, git's text merge (``git merge-file``) is given three versions
merged everywhere else, so its markers surround only the clashing answers; where cds cannot
read a file (not valid YAML, not a valid card, anything at all), git merges the files as
they are, markers and all. It never loses an answer.

Git's settings are not versioned, so each clone needs the driver in its own config. cds adds
it whenever it commits in a repository that lacks it, and `cds status` says when the files
name it but this clone has none. The command is ``<this Python> -m citydata_share``, not
``cds``: git runs drivers through the shell with its own PATH (an IDE, a GUI, a terminal
where the virtual environment is not active), where ``cds`` may be missing or another
version; the interpreter's full path is the very cds that wrote the setting. A setting cds
wrote whose interpreter has since gone (the virtual environment was deleted) is rewritten.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citydata_share import gitlog

DRIVER = "cds"  # the name in .gitattributes: merge=cds
NAME = "cds: merge card files answer by answer"
SIGNATURE = "-m citydata_share merge-file"  # how a driver setting written by cds is known
ATTRIBUTES = (
    "# cds: git merges the answers of card files one by one (see `cds merge-file`)\n"
    f"cards/*.yaml merge={DRIVER}\n"
    f"cds.yaml merge={DRIVER}\n"
)


def driver_command() -> str:
    """The command git runs: this Python, this cds, quoted for the shell git uses."""
    return f"{shlex.quote(sys.executable)} {SIGNATURE} %O %A %B %P"


def setup_command() -> str:
    """The one command that sets the driver up in a clone."""
    return f"git config merge.{DRIVER}.driver {shlex.quote(driver_command())}"


def _configured(root: Path) -> str | None:
    done = gitlog.run(root, "config", "--get", f"merge.{DRIVER}.driver")
    value = done.stdout.strip()
    return value if done.returncode == 0 and value else None


def _stale(setting: str) -> bool:
    """A driver cds wrote whose Python no longer exists."""
    if SIGNATURE not in setting:
        return False  # the user's own: theirs to keep
    try:
        program = shlex.split(setting)[0]
    except (ValueError, IndexError):
        return False
    return not Path(program).exists()


def ensure_driver(root: Path) -> bool:
    """Set the driver up in the repository holding ``root`` when it has none (or a stale
    one cds wrote). Returns whether it did. Never raises for git's sake."""
    try:
        setting = _configured(root)
        if setting is not None and not _stale(setting):
            return False
        gitlog.run(root, "config", "--local", f"merge.{DRIVER}.name", NAME)
        done = gitlog.run(root, "config", "--local", f"merge.{DRIVER}.driver", driver_command())
    except gitlog.GitMissing:
        return False
    return done.returncode == 0


def missing_driver(root: Path) -> bool:
    """Whether the project's files ask git for the driver but this clone has none that
    works (None-safe: False outside a repository or without git)."""
    try:
        done = gitlog.run(root, "check-attr", "merge", "--", "cds.yaml", "cards/any.yaml")
        if done.returncode != 0 or not any(
            line.endswith(f": merge: {DRIVER}") for line in done.stdout.splitlines()
        ):
            return False
        setting = _configured(root)
    except gitlog.GitMissing:
        return False
    return setting is None or _stale(setting)


# The driver ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """The driver's exit code (0: merged, 1: conflicts left for the user), and what to say."""

    code: int
    message: str | None = None


class _Clashed(Exception):
    """Both sides changed an answer differently. ``sides`` are the base's, our and their
    versions merged everywhere else, as cds writes them (None: they could not be)."""

    def __init__(self, why: str, sides: tuple[str, str, str] | None) -> None:
        super().__init__(why)
        self.sides = sides


def merge_file(base: Path, ours: Path, theirs: Path, name: str | None = None) -> Outcome:
    """Merge ``theirs`` into ``ours`` (both changed from ``base``), writing the result to
    ``ours``: answer by answer where possible, else by git's text merge."""
    shown = name or ours.name
    sides = None
    try:
        text = merged_text(base, ours, theirs, name)
    except _Clashed as exc:
        why, sides = f"{exc}", exc.sides
    except Exception as exc:  # anything at all: git's text merge keeps every answer
        why = f"cds could not merge it answer by answer ({_reason(exc)})"
    else:
        from citydata_share.store import atomic_write

        atomic_write(ours, text)
        return Outcome(0)
    code = None
    if sides is not None:
        try:
            code = _prepared_merge(ours, sides)
        except Exception:  # the plain text merge follows
            code = None
        if code == 0:  # the answers that differed are the same, written as cds writes them
            return Outcome(0)
    if code is None:
        code = text_merge(base, ours, theirs)
    if code == 0:
        return Outcome(0, f"{shown}: {why}; git merged its lines cleanly instead.")
    return Outcome(
        1,
        f"{shown}: {why}. Git's conflict markers are in the file: `cds check` shows where, "
        "and says how to resolve them.",
    )


def _reason(exc: BaseException) -> str:
    from citydata_share.errors import CdsError, InvalidFileError
    from citydata_share.yamlio import YamlProblem

    if isinstance(exc, InvalidFileError) and exc.problems:
        problem = exc.problems[0]
        where = f"line {problem.line}: " if problem.line else ""
        return where + problem.message
    if isinstance(exc, YamlProblem):
        return (f"line {exc.line}: " if exc.line else "") + exc.message
    if isinstance(exc, CdsError):
        return exc.message
    if isinstance(exc, ValueError):  # cds's own words
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def merged_text(base: Path, ours: Path, theirs: Path, name: str | None = None) -> str:
    """The merged file as cds saves it; raises when it cannot be merged answer by answer
    (:class:`_Clashed` when the sides changed an answer differently)."""
    from citydata_share import mergecards, yamlio

    texts = [_read(path) for path in (base, ours, theirs)]
    data = [yamlio.loads(text).data for text in texts]
    where = Path(name) if name else ours
    model, kind, header = _kind(where, data[1] if data[1] is not None else data[2])
    sides = [_migrated(d, kind, where) for d in data]

    def written(answers: Any) -> str:
        from citydata_share.store import render_yaml, validate

        checked = validate(model, answers, where, {}).to_file_data()
        old = texts[1] if texts[1].strip() else None
        return carry_their_comments(
            texts[2], texts[1], render_yaml(checked, old, header, False, where)
        )

    result = mergecards.merge(*sides)
    if result.clean:
        return written(result.data)
    first = result.clashes[0]
    more = len(result.clashes) - 1
    why = f"{first.where}: {first.why}" + (f" (and {more} more)" if more else "")
    try:
        versions = [
            written(mergecards.merge(*sides, clash=side).data)
            for side in ("base", "ours", "theirs")
        ]
    except Exception:  # a side's answer that cds refuses: git merges the files as they are
        raise _Clashed(why, None) from None
    raise _Clashed(why, (versions[0], versions[1], versions[2]))


def _migrated(data: Any, kind: str, where: Path) -> Any:
    from citydata_share.store import migrate

    return migrate(dict(data), kind, where) if isinstance(data, dict) else data


def _read(path: Path) -> str:
    from citydata_share.yamlload import YamlProblem, read_text

    try:
        return read_text(path)  # an ordinary file, of a bounded size
    except YamlProblem as exc:
        raise ValueError(f"{path.name}: {exc.message}") from None


def _kind(where: Path, data: Any) -> tuple[Any, str, str]:
    """The model a file is checked with, its kind for migrations, and the header of a new
    file of that kind."""
    from citydata_share.store import PROJECT_FILE, card_header, project_header

    if where.name == PROJECT_FILE:
        from citydata_share.project import ProjectConfig

        return ProjectConfig, "project", project_header()
    from citydata_share.registry import BY_ID

    card_id = data.get("card") if isinstance(data, dict) else None
    if not isinstance(card_id, str) or card_id not in BY_ID:
        raise ValueError(f"{card_id!r} is not a card cds knows")
    return BY_ID[card_id].model(), "card", card_header(card_id)


def carry_their_comments(theirs: str, ours: str, merged: str) -> str:
    """``merged`` (which has our comments) with the comments only ``theirs`` has; raises
    when one cannot be placed (its answer is gone)."""
    from citydata_share import yamlio

    ours_comments = Counter(c.text.strip() for c in yamlio.find_comments(ours))
    lines = theirs.splitlines(keepends=True)
    kept = 0
    for comment in yamlio.find_comments(theirs):
        key = comment.text.strip()
        if ours_comments[key] <= 0:
            kept += 1
            continue
        ours_comments[key] -= 1
        line = lines[comment.line - 1]
        if not comment.inline:
            lines[comment.line - 1] = ""
            continue
        body = line.rstrip("\r\n")
        cut = body.rstrip()
        if cut.endswith(comment.text):
            cut = cut[: len(cut) - len(comment.text)].rstrip()
        lines[comment.line - 1] = cut + line[len(body) :]
    if not kept:
        return merged
    text, dropped = yamlio.merge_comments("".join(lines), merged)
    if dropped:
        raise ValueError(
            f"their comment {dropped[0].text.strip()!r} belongs to an answer that is gone"
        )
    return text


def labels() -> tuple[str, str, str]:
    """The labels of git's conflict markers: ours, the base, theirs (the branch merged, as
    git names it to drivers in GITHEAD_<commit>, when there is one)."""
    from citydata_share.changes import clean

    named = [v for k, v in os.environ.items() if k.startswith("GITHEAD_") and v.strip()]
    theirs = clean(named[0], 60) if len(named) == 1 else "theirs"
    return "HEAD", "base", theirs


def _prepared_merge(ours: Path, sides: tuple[str, str, str]) -> int | None:
    """Git's line merge of the three versions cds prepared (merged everywhere the sides do
    not clash), written to ``ours``: its markers surround only the clashing answers. None
    when git could not merge them (then nothing was written)."""
    import tempfile

    from citydata_share.store import atomic_write

    with tempfile.TemporaryDirectory(prefix="cds-merge-") as folder:
        paths = [Path(folder) / name for name in ("base", "ours", "theirs")]
        for path, text in zip(paths, sides, strict=True):
            path.write_text(text, encoding="utf-8", newline="\n")
        conflicts = _merge_file(paths[0], paths[1], paths[2])
        if conflicts is None:
            return None
        atomic_write(ours, paths[1].read_text(encoding="utf-8"))
    return 1 if conflicts else 0


def text_merge(base: Path, ours: Path, theirs: Path) -> int:
    """Git's own line merge into ``ours``: 0 when clean, 1 when markers were left, or when
    git could not merge at all (``ours`` is then left as it was)."""
    return 1 if _merge_file(base, ours, theirs) != 0 else 0


def _merge_file(base: Path, ours: Path, theirs: Path) -> int | None:
    """``git merge-file`` with cds's labels: the number of conflicts (0: clean), or None
    when git could not merge at all."""
    ours_label, base_label, theirs_label = labels()
    command = ["git", "merge-file", "-L", ours_label, "-L", base_label, "-L", theirs_label]
    try:
        done = subprocess.run(
            [*command, "--", str(ours), str(base), str(theirs)],
            capture_output=True,
            check=False,
            timeout=gitlog.TIMEOUT,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.returncode if 0 <= done.returncode < 128 else None
