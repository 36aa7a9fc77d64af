"""The project folder: finding it, loading and saving its files safely.

    my-share/
      cds.yaml              the project (ProjectConfig)
      cards/<card-id>.yaml  one file per card
      reports/              rendered documents
      .cds/                 drafts, the lock and the remembered board (git-ignored)

Every load is literal and validated (see :mod:`citydata_share.yamlio`); every problem is
reported with its file, line and field. Every save is atomic (temporary file in the same
folder, fsync, rename) and made under the project's lock, and keeps the user's comments.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import subprocess
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from citydata_share import parsecache, yamlio
from citydata_share.errors import (
    CdsError,
    InvalidFileError,
    LockedError,
    NotAProjectError,
    Problem,
    ProjectExistsError,
)
from citydata_share.parsecache import Parsed
from citydata_share.registry import BY_ID

if TYPE_CHECKING:
    from pydantic import BaseModel

    from citydata_share.cards.base import CardModel
    from citydata_share.gitlog import Memory
    from citydata_share.project import ProjectConfig

PROJECT_FILE = "cds.yaml"
CARDS_DIR = "cards"
STATE_DIR = ".cds"
TEMP_SUFFIX = ".cds-tmp"
LOCK_WAIT = 5.0  # seconds a save waits for another cds's save before refusing
TEMP_FILE_AGE = 600.0  # seconds after which a temporary file is surely abandoned
GITIGNORE = (
    "# cds: drafts of unfinished answers, the lock file and two caches\n"
    f"{STATE_DIR}/\n*{TEMP_SUFFIX}\n"
)

M = TypeVar("M", bound="BaseModel")

# Migrations: for each kind of file, a function per schema version that turns a file of
# that version into the next. Version 1 is the first, so there are none yet; a new schema
# version adds its function here and its test in tests/test_store.py.
Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[str, dict[int, Migration]] = {"project": {}, "card": {}}
CURRENT_VERSION: dict[str, int] = {"project": 1, "card": 1}


class CommentsWouldBeLostError(CdsError):
    """Saving would drop comments whose key no longer exists."""

    def __init__(self, path: Path, comments: list[yamlio.Comment]) -> None:
        listed = "; ".join(f"line {c.line}: {c.text.strip()}" for c in comments)
        super().__init__(
            f"Saving {path} would drop comments whose answers are gone ({listed}).",
            "Move those comments next to an answer that stays (or delete them), then run the "
            "command again; run in a terminal, cds asks before dropping them.",
        )
        self.path = path
        self.comments = comments


class ANY:
    """Marker: save whatever is on disk now (no check that it is unchanged)."""


class ChangedOnDiskError(CdsError):
    """The file changed on disk after its answers were loaded."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} was changed by someone else (an editor, git or another cds) "
            "while you were answering, so it was not overwritten.",
            "Your answers are kept in the draft: run the command again to see the new "
            "file's answers and resume yours.",
        )
        self.path = path


# Loading --------------------------------------------------------------------------------


def migrate(data: dict[str, Any], kind: str, path: Path) -> dict[str, Any]:
    """Bring a file's data up to the current schema version."""
    current = CURRENT_VERSION[kind]
    raw = data.get("schema_version", current)
    try:
        version = int(raw)
    except (TypeError, ValueError):
        raise InvalidFileError(
            path,
            [
                Problem(
                    path,
                    f"schema_version should be a whole number, not {raw!r}",
                    field="schema_version",
                    hint=f"This version of cds writes {current}.",
                )
            ],
        ) from None
    if version > current:
        from citydata_share import __version__

        raise CdsError(
            f"{path} was written by a newer cds (schema version {version}; "
            f"this cds {__version__} knows up to {current}).",
            "Upgrade cds: python -m pip install --upgrade citydata-share",
        )
    while version < current:
        data = MIGRATIONS[kind][version](dict(data))
        version += 1
        data["schema_version"] = version
    return data


def _line_for(loc: tuple[Any, ...], lines: Mapping[yamlio.PathKey, int]) -> int | None:
    for end in range(len(loc), 0, -1):
        line = lines.get(tuple(loc[:end]))
        if line:
            return line
    return None


def dotted(loc: tuple[Any, ...]) -> str:
    """A pydantic location as a path: ``("datasets", 2, "owner")`` -> ``datasets[2].owner``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def path_key(text: str) -> tuple[str | int, ...]:
    """The inverse of :func:`dotted`: ``datasets[2].owner`` -> ``("datasets", 2, "owner")``."""
    parts = text.replace("[", ".").replace("]", "").split(".")
    return tuple(int(part) if part.isdigit() else part for part in parts if part)


def _explain(error: dict[str, Any], model: type[BaseModel]) -> tuple[str, str | None]:
    """A pydantic error in plain English, with a hint."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "is required but has no value", "Add it, or run the card's command to answer it."
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        fields = _fields_at(model, error["loc"][:-1])
        close = difflib.get_close_matches(name, fields, n=1)
        hint = f"Did you mean {close[0]!r}? " if close else ""
        return f"{name!r} is not something cds knows here", hint + "Known: " + ", ".join(fields)
    if kind == "enum":
        return f"{value!r} is not one of the choices", f"Use one of: {ctx.get('expected')}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{value!r} should be yes or no", "Write yes or no (or true / false)."
    if kind in ("int_parsing", "int_from_float", "float_parsing", "int_type", "float_type"):
        return f"{value!r} should be a number", "Write digits only, e.g. 1200 or 12.5."
    if kind.startswith("date"):
        return f"{value!r} should be a date", _date_hint(value)
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        shape = (
            "a list (lines starting with '- ')" if "list" in kind else "a set of 'key: value' lines"
        )
        return f"should be {shape}", "Compare with a file cds wrote, or run the card's command."
    if kind in ("string_type",):
        return "should be text", "Put the text on the same line after the colon."
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    return message, None


def _date_hint(value: Any) -> str:
    """How to write the date: exactly, when the value was a UK or US date."""
    from citydata_share import dates

    try:
        iso = dates.iso_date(str(value))
    except dates.NotADate as exc:
        return str(exc)
    if iso != str(value):
        return f"Files hold dates as YYYY-MM-DD: write {iso}."
    return "Write the date as YYYY-MM-DD, e.g. 2025-03-31."


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    from citydata_share.questions import _is_model, _unwrap_optional

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if _is_model(current) else None
        if info is None:
            return []
        tp = _unwrap_optional(info.annotation)
        args = getattr(tp, "__args__", ())
        current = _unwrap_optional(args[0]) if args and not _is_model(tp) else tp
    return list(current.model_fields) if _is_model(current) else []


def validate(
    model: type[M],
    data: Any,
    path: Path,
    lines: Mapping[yamlio.PathKey, int] | Callable[[], Mapping[yamlio.PathKey, int]],
) -> M:
    """Validate loaded data; every error names the file, the line and the field.

    ``lines`` may be a function that works them out: it is called only if there are errors.
    """
    from pydantic import ValidationError

    from citydata_share.yamlload import building

    if not isinstance(data, dict):
        raise InvalidFileError(
            path,
            [
                Problem(
                    path,
                    "the file should be a set of 'key: value' lines",
                    line=1,
                    hint="Compare with a file cds wrote, or delete it and run the command again.",
                )
            ],
        )
    try:
        with building():  # a large card is a tree of new records: nothing to collect
            return model.model_validate(data)
    except ValidationError as exc:
        if callable(lines):
            lines = lines()
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            message, hint = _explain(dict(error), model)
            field = dotted(loc) or None
            problems.append(
                Problem(
                    path,
                    f"{field}: {message}" if field else message,
                    line=_line_for(loc, lines),
                    field=field,
                    hint=hint,
                )
            )
        raise InvalidFileError(path, problems) from None


def refused(path: Path, problem: yamlio.YamlProblem) -> InvalidFileError:
    """The error for a file cds refused to read: the problem, with the file named."""
    return InvalidFileError(path, [Problem(path, problem.message, problem.line, hint=problem.hint)])


def read_text(path: Path) -> str | None:
    """A project file's text as it is on disk now (None when there is none); a file cds
    cannot read (not an ordinary file, too large, not UTF-8) is an InvalidFileError."""
    found = _read_raw(path)
    return None if found is None else found[1]


def _read_raw(path: Path) -> tuple[bytes, str] | None:
    """A project file's bytes and text (None when there is none), as :func:`read_text`."""
    try:
        raw = yamlio.read_bytes(path)
        return raw, yamlio.decode(raw)
    except FileNotFoundError:
        return None
    except yamlio.YamlProblem as exc:
        raise refused(path, exc) from None


def read_yaml(path: Path) -> yamlio.Loaded:
    """Read a YAML file literally; a refusal becomes an InvalidFileError naming the line."""
    try:
        return yamlio.read(path)
    except yamlio.YamlProblem as exc:
        raise refused(path, exc) from None


def read_parsed(path: Path, cache: Path | None = None) -> Parsed:
    """A YAML file's data, from the parse cache entry ``cache`` when it holds this file's
    bytes (see :mod:`citydata_share.parsecache`); a refusal is an InvalidFileError naming
    the line, as from :func:`read_yaml`."""
    try:
        return parsecache.load(path, cache)
    except yamlio.YamlProblem as exc:
        raise refused(path, exc) from None


def load_model(path: Path, model: type[M], kind: str, cache: Path | None = None) -> M:
    """A file's data, checked by ``model``; ``cache`` as for :func:`read_parsed`."""
    return model_of(read_parsed(path, cache).data, path, model, kind)


def model_of(data: Any, path: Path, model: type[M], kind: str) -> M:
    """The file's data brought up to date and validated. Its lines are worked out, by
    reading the file again, only for an error to report."""
    if isinstance(data, dict):
        data = migrate(data, kind, path)
    return validate(model, data, path, lambda: _lines_of(path))


def _lines_of(path: Path) -> Mapping[yamlio.PathKey, int]:
    """Where each key of the file starts, read again for an error that needs them."""
    try:
        return yamlio.read(path, with_lines=True).lines
    except (OSError, yamlio.YamlProblem):
        return {}


# Writing --------------------------------------------------------------------------------


def atomic_write(
    path: Path,
    text: str | bytes | Iterable[str],
    *,
    unless_same: bool = False,
    durable: bool = True,
) -> bool:
    """Replace ``path`` with ``text`` (UTF-8; pieces of text, written as they come, for a
    document too large to hold whole), or with bytes as they are (a Word file), so that a
    crash leaves the old file or the new one. ``unless_same``: an ordinary file that already
    holds exactly these bytes is left alone, and its date with it. ``durable=False`` leaves
    the data to the system's own time to reach the disk (no fsync): for a cache whose
    entries check themselves, where a crash may leave a torn file. True when written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        with open(tmp, "wb") as handle:
            if isinstance(text, bytes):
                handle.write(text)
            elif isinstance(text, str):
                handle.write(text.encode("utf-8"))
            else:
                for chunk in text:
                    handle.write(chunk.encode("utf-8"))
            handle.flush()
            same = unless_same and _same_file(tmp, path)
            if not same and durable:
                os.fsync(handle.fileno())
        if same:
            tmp.unlink()
            return False
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError) and str(exc.filename) == str(tmp):
            # Name the file the user knows, not the temporary one.
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
    if not durable:
        return True
    with contextlib.suppress(OSError):  # make the rename itself durable (POSIX only)
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return True


def _same_file(new: Path, old: Path, block: int = 1 << 16) -> bool:
    """Whether ``old`` is an ordinary file with the bytes of ``new`` (never read otherwise:
    a device or a pipe is replaced, not opened)."""
    try:
        found = os.stat(old)
        if not stat.S_ISREG(found.st_mode) or found.st_size != new.stat().st_size:
            return False
        with open(new, "rb") as ours, open(old, "rb") as theirs:
            while True:
                read = ours.read(block)
                if read != theirs.read(block):
                    return False
                if not read:
                    return True
    except OSError:
        return False


def _being_written(temp: Path, now: float) -> bool:
    """Whether the process named in a temporary file's name (``.NAME.PID.cds-tmp``) may
    still be writing it: it is running, and the file is recent."""
    if now - temp.stat().st_mtime > TEMP_FILE_AGE:
        return False
    pid_text = temp.name.removesuffix(TEMP_SUFFIX).rpartition(".")[2]
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill(pid, 0) would interrupt it on Windows: trust the age
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: running, as another user
        return True
    return True


def render_yaml(
    data: dict[str, Any],
    old_text: str | None,
    header: str | None,
    drop_comments: bool,
    path: Path,
    old_data: Any = yamlio.NOT_GIVEN,
) -> str:
    """The text to write: new data, old comments carried over (or a header when new).
    ``old_data``: the old text's data, when known (then the old text is not parsed again)."""
    text = yamlio.dumps(data)
    if old_text is None:
        return (header + text) if header else text
    try:
        merged, dropped = yamlio.merge_comments(old_text, text, old_data=old_data)
    except yamlio.YamlProblem as exc:  # the file on disk is no longer valid YAML
        raise refused(path, exc) from None
    if dropped and not drop_comments:
        raise CommentsWouldBeLostError(path, dropped)
    return merged


# The project ----------------------------------------------------------------------------


@dataclass
class Project:
    root: Path
    config: ProjectConfig
    _git: Memory | None = field(default=None, repr=False, compare=False)
    # The card to be saved again (see :meth:`will_save`), and its data once loaded, until
    # saved: a save need not parse again what this run already holds.
    _saving: str | None = field(default=None, repr=False, compare=False)
    _kept: dict[str, Parsed] = field(default_factory=dict, repr=False, compare=False)

    @property
    def git(self) -> Memory:
        """The project's git memory for this run: commits what cds writes (see gitlog)."""
        if self._git is None:
            from citydata_share.gitlog import Memory

            self._git = Memory(self)
        return self._git

    @property
    def role(self) -> str:
        return self.config.role.value

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def drafts_dir(self) -> Path:
        return self.state_dir / "drafts"

    @property
    def reports_dir(self) -> Path:
        return self.root / self.config.settings.reports_dir

    def card_path(self, card_id: str) -> Path:
        return self.root / CARDS_DIR / f"{card_id}.yaml"

    def draft_path(self, card_id: str) -> Path:
        return self.drafts_dir / f"{card_id}.yaml"

    def parsed_path(self, name: str) -> Path:
        """The parse cache's entry for the card ``name`` (or ``cds.yaml``)."""
        return parsecache.entry(self.state_dir, name)

    def will_save(self, card_id: str) -> None:
        """Say that the card is about to be loaded to be saved again (a wizard's session):
        its data is then kept from the load to the save, which reads it for the comments'
        check and the commit message. One card at a time: any other's is let go."""
        self._saving = card_id
        self._kept = {}

    def load_card(self, card_id: str) -> CardModel | None:
        """The card's saved answers, or None when it has no file yet."""
        card = BY_ID[card_id]
        path = self.card_path(card_id)
        if not path.exists():
            return None
        parsed = read_parsed(path, self.parsed_path(card_id))
        if card_id == self._saving:
            self._kept = {card_id: parsed}
        return model_of(parsed.data, path, card.model(), "card")

    def empty_card(self, card_id: str) -> CardModel:
        card = BY_ID[card_id]
        return card.model().model_validate({"card": card.id, "title": card.title})

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the project's lock. A save takes a fraction of a second, so when another
        cds holds it, wait up to :data:`LOCK_WAIT` seconds before refusing."""
        with self._hold(
            "lock",
            f"Another cds has been saving to this project for over {LOCK_WAIT:g} seconds.",
            "Wait for it to finish (or close it), then run the command again.",
            wait=LOCK_WAIT,
        ):
            self.remove_temp_files()
            yield

    def remove_temp_files(self) -> list[Path]:
        """Delete temporary files left by an interrupted save (call under the lock).

        A wizard writes its draft without the lock (it must not wait on another cds's
        save at each answer), so a temporary file whose process is still running is
        being written right now: it is left alone, unless it is older than any write.
        """
        removed = []
        now = time.time()
        folders = (
            self.root,
            self.root / CARDS_DIR,
            self.state_dir,
            self.drafts_dir,
            self.state_dir / parsecache.FOLDER,
        )
        for folder in folders:
            if folder.is_dir():
                for leftover in folder.glob(f".*{TEMP_SUFFIX}"):
                    with contextlib.suppress(OSError):
                        if _being_written(leftover, now):
                            continue
                        leftover.unlink()
                        removed.append(leftover)
        return removed

    def card_text(self, card_id: str) -> str | None:
        """The card file as it is on disk now (None when there is none)."""
        return read_text(self.card_path(card_id))

    @contextlib.contextmanager
    def editing(self, card_id: str) -> Iterator[None]:
        """Held while a wizard asks a card's questions: one session per card at a time."""
        with self._hold(
            f"{card_id}.editing.lock",
            f"Another cds is already asking the questions of the {card_id!r} card.",
            "Finish or close that one first: two sessions on one card would overwrite "
            "each other's answers.",
        ):
            yield

    @contextlib.contextmanager
    def _hold(self, name: str, message: str, hint: str, wait: float = 0) -> Iterator[None]:
        """Hold the lock file ``.cds/NAME``, waiting up to ``wait`` seconds for it, or
        refuse with ``message``."""
        from filelock import FileLock, Timeout

        self.state_dir.mkdir(exist_ok=True)
        lock = FileLock(str(self.state_dir / name), timeout=wait)
        try:
            lock.acquire()
        except Timeout:
            raise LockedError(message, hint) from None
        try:
            yield
        finally:
            lock.release()

    def save_card(
        self,
        model: CardModel,
        *,
        drop_comments: bool = False,
        expected: str | type[ANY] | None = ANY,
    ) -> Path:
        """Write a card's file atomically, under the lock, keeping the user's comments.

        ``expected`` is the file's text when the answers were loaded (None: no file yet);
        if the file has changed since (an editor, git, another cds), nothing is written
        and :class:`ChangedOnDiskError` says so, so that no one's edit is silently lost.
        """
        path = self.card_path(model.card)
        data = model.to_file_data()
        self._save(path, model.card, data, card_header(model.card), drop_comments, expected)
        return path

    def save_config(self, config: ProjectConfig, *, drop_comments: bool = False) -> Path:
        path = self.root / PROJECT_FILE

        def use() -> None:
            self.config = config  # its settings say whether to commit

        data = config.to_file_data()
        self._save(path, PROJECT_FILE, data, _project_header(), drop_comments, ANY, use)
        self.config = config
        return path

    def _save(
        self,
        path: Path,
        name: str,
        data: dict[str, Any],
        header: str,
        drop_comments: bool,
        expected: str | type[ANY] | None,
        written: Callable[[], None] | None = None,
    ) -> None:
        """Write ``data`` to the file ``name`` (a card's id, or cds.yaml), as save_card
        says; ``written`` is called once the file is written, before it is committed.

        The data of the text on disk (when this run or the parse cache has it) saves
        parsing it again for its comments and the commit message, and the data of the new
        text is worked out from ``data`` rather than by parsing it (see
        :func:`citydata_share.parsecache.of_written`), and kept in the cache for the next
        load. When only some top-level answers changed, only their sections of the text
        are written again (:func:`citydata_share.yamlio.splice`), and only their lines of
        the cache's entry (:func:`citydata_share.parsecache.keep_changed`).
        """
        cache = self.parsed_path(name)
        with self.lock():
            found = _read_raw(path)
            old = None if found is None else found[1]
            if expected is not ANY and old != expected:
                raise ChangedOnDiskError(path)
            before = None if found is None else self._known(name, found[0])
            old_data = yamlio.NOT_GIVEN if before is None else before.data
            spliced = None
            if old is not None and not drop_comments and old_data is not yamlio.NOT_GIVEN:
                spliced = yamlio.splice(old, old_data, data)  # only the changed sections
            if spliced is not None:
                text, held = spliced
            else:
                text, held = render_yaml(data, old, header, drop_comments, path, old_data), None
            if text == old:
                self._let_go(name)
                return
            raw = text.encode("utf-8")
            atomic_write(path, raw)
            after = parsecache.of_written(raw, text, data, held)
            if written is not None:
                written()
            known = {raw: after.data} if after is not None else {}
            if before is not None and found is not None:
                known[found[0]] = before.data
            self.git.commit([path], known=known)
        self._let_go(name)
        if after is not None:
            if spliced is not None and before is not None:  # only the changed keys' lines
                parsecache.keep_changed(cache, before, after)
            else:
                parsecache.keep(cache, after)

    def _let_go(self, name: str) -> None:
        """Saved: let its data go (a large card's is tens of megabytes). The next load of
        the card, in this run or another, finds the new text's in the parse cache."""
        self._kept.pop(name, None)
        if self._saving == name:
            self._saving = None

    def _known(self, name: str, raw: bytes) -> Parsed | None:
        """The data of the file ``name``'s bytes ``raw``, if this run or the parse cache
        has it."""
        wanted = parsecache.key(raw)
        kept = self._kept.get(name)
        if kept is not None and kept.key == wanted:
            return kept
        return parsecache.recall(self.parsed_path(name), wanted)


def card_header(card_id: str) -> str:
    """The comment at the top of a new card file."""
    card = BY_ID[card_id]
    return (
        f"# {card.title}: "
        + ("a card of" if card.toolkit else "cds's addition to")
        + " the City Data Sharing Toolkit, kept by cds.\n"
        f"# Edit it by hand or with `{card.command}`; check it with `cds check`.\n"
    )


def project_header() -> str:
    """The comment at the top of a new cds.yaml."""
    return _project_header()


def _project_header() -> str:
    return (
        "# A data sharing project, kept by cds (the City Data Sharing wizard).\n"
        "# See `cds status` for progress and `cds check` to validate the files.\n"
    )


def load_project(root: Path) -> Project:
    from citydata_share.project import ProjectConfig

    cache = parsecache.entry(root / STATE_DIR, PROJECT_FILE)
    config = load_model(root / PROJECT_FILE, ProjectConfig, "project", cache)
    return Project(root, config)


def find_root(start: Path | None = None, explicit: Path | None = None) -> Path:
    """The project folder: ``explicit``, or the nearest folder upward holding cds.yaml."""
    if explicit is not None:
        root = explicit.expanduser()
        if not (root / PROJECT_FILE).exists():  # one that is not a file: say so when read
            raise NotAProjectError(
                f"{root} is not a cds project (it has no {PROJECT_FILE}).",
                f"Start one with: cds init {root}",
            )
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).exists():
            return folder
    raise NotAProjectError(
        "This folder is not inside a cds project (no cds.yaml here or above).",
        "Start one with `cds init my-share`, or point at one with `cds -C PATH ...`.",
    )


def open_project(explicit: Path | None = None) -> Project:
    return load_project(find_root(explicit=explicit))


# Creating a project ---------------------------------------------------------------------


@dataclass(frozen=True)
class Created:
    project: Project
    git: str  # "repository" (new repo), "inside" (existing repo), "none"
    git_note: str | None = None
    committed: bool = False  # the new repository has its first commit


def _inside_git(folder: Path) -> bool:
    probe = folder
    while not probe.exists():
        probe = probe.parent
    result = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"],
        cwd=probe,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0 and result.stdout.strip() == "true"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)


def refuse_existing(root: Path) -> None:
    """Raise ProjectExistsError if ``root`` already holds a project."""
    if (root / PROJECT_FILE).exists():
        raise ProjectExistsError(
            f"{root} already holds a cds project ({PROJECT_FILE} exists).",
            "Run `cds status` there, or choose another folder for a new project.",
        )


def create_project(root: Path, config: ProjectConfig, *, git: bool = True) -> Created:
    """Make a new project folder; refuse to touch an existing project."""
    refuse_existing(root)
    use_git = git and _has_git()
    inside = use_git and _inside_git(root)
    if use_git:  # cds commits every save in a project it starts in git (see gitlog)
        settings = config.settings.model_copy(update={"git_commit": True})
        config = config.model_copy(update={"settings": settings})
    root.mkdir(parents=True, exist_ok=True)
    (root / CARDS_DIR).mkdir(exist_ok=True)
    project = Project(root, config)
    atomic_write(root / PROJECT_FILE, _project_header() + yamlio.dumps(config.to_file_data()))
    wrote = [root / PROJECT_FILE, root / CARDS_DIR / ".gitkeep"]
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        atomic_write(gitignore, GITIGNORE)
        wrote.append(gitignore)
    (root / CARDS_DIR / ".gitkeep").touch()
    if _write_gitattributes(root):
        wrote.append(root / ".gitattributes")
    if not git:
        return Created(project, "none")
    if not use_git:
        return Created(project, "none", "git was not found, so the folder is not a repository.")
    if inside:
        return Created(project, "inside", "The folder is inside a git repository: commit it there.")
    from citydata_share.gitlog import first_commit
    from citydata_share.mergedriver import ensure_driver

    _git(root, "init", "-q")
    ensure_driver(root)
    problem = first_commit(root, wrote, f"Start data sharing project: {config.name}")
    return Created(project, "repository", problem, committed=problem is None)


def _write_gitattributes(root: Path) -> bool:
    """Name cds's merge driver for the card files and cds.yaml in ``.gitattributes`` (added
    to one that is there, unless it names it already). Returns whether it wrote."""
    from citydata_share.mergedriver import ATTRIBUTES

    path = root / ".gitattributes"
    try:
        old = yamlio.read_text(path, 1_000_000)
    except FileNotFoundError:
        old = ""
    except (OSError, yamlio.YamlProblem):
        return False  # not an ordinary text file: leave it as it is, not overwrite it
    if "merge=cds" in old:
        return False
    atomic_write(path, old + ("\n" if old and not old.endswith("\n") else "") + ATTRIBUTES)
    return True


def _has_git() -> bool:
    try:
        return (
            subprocess.run(["git", "--version"], capture_output=True, check=False).returncode == 0
        )
    except OSError:
        return False
