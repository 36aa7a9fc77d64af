"""Git as the project's memory: every file cds writes is committed, with a readable message.

cds commits exactly the files it wrote (``git commit --only``), never what the user has
staged or changed elsewhere, as the user's own git identity (it never invents one). It does
not commit where it cannot or should not, and says why once: git missing, no identity, a
merge or rebase under way, a detached HEAD. The save itself never depends on git.

Whether a project commits is its ``settings.git_commit`` in cds.yaml. `cds init` writes
``true``; without the setting (projects made before it existed), cds commits when the project
folder is the top of its own repository, as `cds init` makes it, and not when it sits inside
a bigger repository (someone else's history, such as the example inside cds's own).

Nothing here prints: what happened is kept as :class:`Note` objects for the CLI to show.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citydata_share import changes

if TYPE_CHECKING:
    from citydata_share.store import Project

TIMEOUT = 30  # seconds for one git command; a hook or a signing prompt may take a while
BUSY = {  # a file or folder in the git directory, and what git is in the middle of
    "MERGE_HEAD": "a merge",
    "rebase-merge": "a rebase",
    "rebase-apply": "a rebase",
    "CHERRY_PICK_HEAD": "a cherry-pick",
    "REVERT_HEAD": "a revert",
    "BISECT_LOG": "a bisect",
}
IDENTITY_HINT = (
    'Tell git who you are, once: git config --global user.name "Your Name" and '
    "git config --global user.email you@example.org"
)
ONLY_CONFIG = ("-c", "user.useConfigOnly=true")  # git must not guess a name from the host


def run(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run git in ``root``; raises :class:`GitMissing` when it cannot be run at all."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_EDITOR": "true", "LC_ALL": "C"}
    try:
        return subprocess.run(
            ["git", "-c", "core.quotepath=false", *args],
            cwd=root,
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
            timeout=TIMEOUT,
            env=env,
        )
    except FileNotFoundError:
        raise GitMissing from None
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(["git", *args], 124, "", f"git {args[0]} timed out")


def read_objects(root: Path, names: Sequence[str]) -> dict[str, bytes]:
    """The content of each git object named (a blob's id, or ``HEAD:./path``), read by one
    ``git cat-file --batch``; those git does not have are left out."""
    if not names:
        return {}
    try:
        done = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=root,
            input="".join(f"{name}\n" for name in names).encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=TIMEOUT,
        )
    except FileNotFoundError:
        raise GitMissing from None
    except subprocess.TimeoutExpired:
        return {}
    out: dict[str, bytes] = {}
    data, at = done.stdout, 0
    for name in names:
        end = data.find(b"\n", at)
        if end < 0:
            break
        header = data[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] != b"missing":
            size = int(header[2])
            out[name] = data[at : at + size]
            at += size + 1
    return out


class GitMissing(Exception):
    """The git program is not installed (or not on PATH)."""


@dataclass(frozen=True)
class Repo:
    """The git repository a project folder is in."""

    top: Path  # the repository's top folder
    git_dir: Path  # its git directory (a worktree's own one)
    prefix: str  # the project folder's path inside the repository: "" or "shares/rates/"

    def busy(self) -> str | None:
        """What git is in the middle of (a merge, a rebase...), or None."""
        return next((what for name, what in BUSY.items() if (self.git_dir / name).exists()), None)

    def branch(self) -> str | None:
        """The branch HEAD is on, or None when HEAD is detached."""
        from citydata_share.yamlload import YamlProblem, read_text

        try:
            head = read_text(self.git_dir / "HEAD", 4096).strip()  # "ref: refs/heads/main"
        except (OSError, YamlProblem):
            return None
        return head.removeprefix("ref: refs/heads/") if head.startswith("ref: ") else None


def find_repo(root: Path) -> Repo | None:
    """The repository holding ``root``, or None when it is in none."""
    done = run(root, "rev-parse", "--show-toplevel", "--absolute-git-dir", "--show-prefix")
    lines = done.stdout.splitlines()
    if done.returncode != 0 or len(lines) < 2:
        return None
    return Repo(Path(lines[0]), Path(lines[1]), lines[2] if len(lines) > 2 else "")


def identity(root: Path) -> str | None:
    """The name and email git would commit as, from git's settings only; None when unset."""
    found = []
    for which in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        done = run(root, *ONLY_CONFIG, "var", which)
        if done.returncode != 0:
            return None
        found.append(done.stdout.rsplit(">", 1)[0] + ">")
    return found[0]


def relative(root: Path, paths: Sequence[Path]) -> list[str]:
    """Paths as git takes them from ``root`` (forward slashes); those outside are left out."""
    out = []
    for path in paths:
        try:
            out.append(path.resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            continue
    return out


def status(root: Path, rel: Sequence[str], prefix: str) -> list[str] | None:
    """Those of ``rel`` (files or folders) with changes not committed, new files included
    (None: git could not say)."""
    done = run(
        root, "status", "--porcelain", "-z", "--no-renames", "--untracked-files=all", "--", *rel
    )
    if done.returncode != 0:
        return None
    return sorted(
        {entry[3:].removeprefix(prefix) for entry in done.stdout.split("\0") if len(entry) > 3}
    )


def untracked(root: Path, rel: Sequence[str]) -> list[str]:
    done = run(root, "ls-files", "-z", "--", *rel)
    known = set(done.stdout.split("\0")) if done.returncode == 0 else set()
    return [r for r in rel if r not in known]


def committed_text(root: Path, rel: str) -> str | None:
    """The file as the last commit holds it (None: not in it, or no commit yet)."""
    done = run(root, "show", f"HEAD:./{rel}")
    return done.stdout if done.returncode == 0 else None


def uncommitted(root: Path, rel: Sequence[str]) -> list[str] | None:
    """Which of ``rel`` (files or folders) have changes not committed; None: no repository
    or no git."""
    try:
        repo = find_repo(root)
        return None if repo is None else status(root, rel, repo.prefix)
    except GitMissing:
        return None


# Notes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    """Something the user should hear about git: a commit made, or why none was."""

    committed: bool
    text: str
    hint: str | None = None


@dataclass
class Memory:
    """A project's git memory during one run: commits what cds writes, and keeps notes."""

    project: Project
    notes: list[Note] = field(default_factory=list)  # not yet shown
    _said: set[str] = field(default_factory=set)
    _repo: Repo | None = None
    _checked: bool = False
    _identity: str | None = None
    _driver_checked: bool = False

    def take_notes(self) -> list[Note]:
        """The notes not yet shown, once."""
        notes, self.notes = self.notes, []
        return notes

    def _note_once(self, key: str, text: str, hint: str | None = None) -> None:
        if key not in self._said:
            self._said.add(key)
            self.notes.append(Note(False, text, hint))

    def repo(self) -> Repo | None:
        if not self._checked:
            self._repo = find_repo(self.project.root)
            self._checked = True
        return self._repo

    def on(self) -> bool:
        """Whether this project commits (the setting, else: the folder is its own repo)."""
        setting = self.project.config.settings.git_commit
        if setting is not None:
            return setting
        repo = self.repo()
        return repo is not None and repo.prefix == ""

    def commit(
        self,
        paths: Sequence[Path],
        *,
        labels: Mapping[Path, str] | None = None,
        known: Mapping[bytes, Any] | None = None,
    ) -> Note | None:
        """Commit ``paths`` (files cds has just written) and nothing else.

        Card files and cds.yaml get a message from their changed answers; other files (the
        documents) are named by ``labels`` or by their file names. ``known``: the data of
        file contents the caller holds, by their bytes (a card as it was loaded and as it
        is written), so that the message need not read and parse them again. Returns the
        note made.
        """
        if self.project.config.settings.git_commit is False:
            return None
        try:
            return self._commit(paths, labels or {}, known or {})
        except GitMissing:
            self._note_once(
                "missing",
                "git was not found, so cds saved without committing.",
                "Install git to keep every answer in the project's history, or set "
                "git_commit: false under settings in cds.yaml.",
            )
            return None

    def _commit(
        self, paths: Sequence[Path], labels: Mapping[Path, str], known: Mapping[bytes, Any]
    ) -> Note | None:
        root = self.project.root
        repo = self.repo() if self.on() else None
        if repo is None:
            # git_commit: true in cds.yaml, but git finds no repository here (never made,
            # or one git cannot read, such as a .git/HEAD that is not a file)
            if self.project.config.settings.git_commit:
                self._note_once(
                    "no-repo",
                    "The project folder is not in a git repository git can read, so cds "
                    "saved without committing.",
                    "Make it one with: git init (or mend it: git status says what is "
                    "wrong), or set git_commit: false under settings in cds.yaml.",
                )
            return None
        busy = repo.busy()
        if busy is not None:
            self._note_once(
                "busy",
                f"git is in the middle of {busy}, so cds saved without committing.",
                "Finish it (or abort it) with git, then commit the cards: "
                "git add cds.yaml cards && git commit",
            )
            return None
        if repo.branch() is None:
            self._note_once(
                "detached",
                "git's HEAD is detached (not on a branch), so cds saved without committing.",
                "Switch to a branch (git switch -c NAME keeps your work), then commit the "
                "cards: git add cds.yaml cards && git commit",
            )
            return None
        if self._identity is None:
            self._identity = identity(root)
        if self._identity is None:
            self._note_once(
                "identity",
                "git does not know your name and email, so cds saved without committing "
                "(it never commits under an invented name).",
                IDENTITY_HINT + "; then run any cds command that saves, or commit by hand.",
            )
            return None
        if not self._driver_checked:  # a partner's fresh clone: merge cards answer by answer
            from citydata_share.mergedriver import ensure_driver

            self._driver_checked = True
            ensure_driver(root)
        wrote = relative(root, paths)
        found = status(root, wrote, repo.prefix) if wrote else []
        rel = [r for r in wrote if found is None or r in found]
        if not rel:
            return None
        new = untracked(root, rel)
        if new:
            run(root, "add", "--intent-to-add", "--", *new)
        text = commit_message(root, rel, labels, known)
        done = run(
            root,
            *ONLY_CONFIG,
            "commit",
            "--only",
            "--quiet",
            "--cleanup=whitespace",
            "-F",
            "-",
            "--",
            *rel,
            stdin=text,
        )
        if done.returncode != 0:
            if new:  # leave the index as it was
                run(root, "reset", "--quiet", "--", *new)
            why = (done.stderr.strip() or done.stdout.strip()).splitlines()
            note = Note(
                False,
                "git did not commit the save: " + (why[-1] if why else "no reason given"),
                "The files are saved; commit them by hand once git is happy: "
                "git add " + " ".join(rel) + " && git commit",
            )
        else:
            note = Note(True, text.splitlines()[0])
        self.notes.append(note)
        return note


def commit_message(
    root: Path,
    rel: Sequence[str],
    labels: Mapping[Path, str],
    known: Mapping[bytes, Any] | None = None,
) -> str:
    """A message a person would write for these files: the answers they changed, or the
    documents they are. ``known`` as for :meth:`Memory.commit`."""
    answers = [r for r in rel if _is_answers(r)]
    others = [r for r in rel if not _is_answers(r)]
    parts: list[str] = []
    for r in answers:
        parts.append(_answers_message(root, r, known or {}))
    if others:
        parts.append(_documents_message(root, others, labels))
    if len(parts) == 1:
        return parts[0]
    head = "Saved " + ", ".join(_what(r) for r in answers) + (", documents" if others else "")
    return head + "\n\n" + "\n".join(parts)


def _is_answers(rel: str) -> bool:
    return rel == "cds.yaml" or (rel.startswith("cards/") and rel.endswith(".yaml"))


def _what(rel: str) -> str:
    """The card id (``team``) or ``cds.yaml``."""
    return rel.removeprefix("cards/").removesuffix(".yaml") if rel != "cds.yaml" else rel


def _answers_message(root: Path, rel: str, known: Mapping[bytes, Any] | None = None) -> str:
    from citydata_share import yamlio

    known = known or {}

    def data(text: str | None) -> object:
        if text is None:
            return None
        try:
            return yamlio.loads(text).data
        except yamlio.YamlProblem:
            return {}

    try:
        raw: bytes | None = yamlio.read_bytes(root / rel)
    except (OSError, yamlio.YamlProblem):
        raw = None
    if raw is not None and raw in known:
        new = known[raw]
    else:
        try:
            new = data(None if raw is None else yamlio.decode(raw))
        except yamlio.YamlProblem:
            new = None
    return changes.message(_what(rel), _committed_data(root, rel, known, data), new)


def _committed_data(
    root: Path, rel: str, known: Mapping[bytes, Any], parse: Callable[[str | None], object]
) -> object:
    """The data of the file as the last commit holds it: the data held for the same bytes
    when there is (the blob's id says so, without reading the file out of git), else
    parsed."""
    if known:
        done = run(root, "rev-parse", "--verify", "--quiet", f"HEAD:./{rel}")
        blob = done.stdout.strip() if done.returncode == 0 else ""
        for raw, data in known.items():
            if blob and blob_id(raw, len(blob)) == blob:
                return data
    return parse(committed_text(root, rel))


def blob_id(raw: bytes, length: int = 40) -> str:
    """The id git gives a file of these bytes (SHA-1, or SHA-256 for ``length`` 64)."""
    digest = hashlib.sha256() if length == 64 else hashlib.sha1()
    digest.update(b"blob %d\0" % len(raw))
    digest.update(raw)
    return digest.hexdigest()


def _documents_message(root: Path, rel: Sequence[str], labels: Mapping[Path, str]) -> str:
    titles = {r: Path(r).name for r in rel}
    for path, label in labels.items():
        for r in relative(root, [path]):
            if r in titles:
                titles[r] = label
    named = list(dict.fromkeys(titles.values()))
    count = len(named)
    head = f"reports: {count} document{'s' if count != 1 else ''} written"
    body = "\n".join(f"- {r}" for r in rel)
    return head + changes.listed(named, changes.SUBJECT - len(head)) + "\n\n" + body + "\n"


def first_commit(root: Path, paths: Sequence[Path], message: str) -> str | None:
    """The first commit of a repository `cds init` has just made: the files it wrote, as the
    user. Returns why it was not made, with what to do, or None."""
    rel = relative(root, paths)
    if identity(root) is None:
        return (
            "git does not know your name and email, so the repository has no first commit "
            "yet (cds never commits under an invented name). "
            + IDENTITY_HINT
            + f'; then: git add {" ".join(rel)} && git commit -m "Start the project"'
        )
    run(root, "add", "--", *rel)
    done = run(root, *ONLY_CONFIG, "commit", "--quiet", "-m", message, "--", *rel)
    if done.returncode != 0:
        why = done.stderr.strip() or done.stdout.strip()
        return "git could not make the first commit: " + why
    return None
