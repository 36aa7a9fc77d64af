"""The board remembered: each card's state, kept in ``.cds/board.json`` against a fingerprint
of everything that decides it, so that `cds status` and `cds check` on an unchanged project
do not load and check every card again.

Working the board out means building every card's model and checking every link between
cards: seconds on a register of thousands of datasets, and most of it is the same answer as
last time. The fingerprint is a hash of the bytes of cds.yaml and of every card file, which
cards have an unsaved draft, the project's folder, the day, and the version of cds (its
own source files' sizes and times, so an edited checkout counts as a new version) and of
pydantic. Any change to any of them is a different fingerprint, and the board is worked
out again; an unreadable file (not an ordinary file, too large) means no fingerprint, and
the board is worked out as it always was, so the problem is reported.

The cache is only ever a copy: a board.json that is missing, stale, unreadable, from
another version, or edited by hand is ignored and replaced. ``CDS_NO_CACHE=1`` in the
environment turns it off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citydata_share import progress
from citydata_share.errors import Problem
from citydata_share.progress import CardStatus, State
from citydata_share.registry import CARDS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from citydata_share.cards.base import CardModel
    from citydata_share.store import Project

FORMAT = 1  # of board.json: a new format is a new fingerprint
CACHE_FILE = "board.json"
MAX_CACHE_BYTES = 64_000_000  # board.json lists problems, not data: far less than this
_PACKAGE = Path(__file__).resolve().parent


def enabled() -> bool:
    return os.environ.get("CDS_NO_CACHE", "") in ("", "0")


@functools.cache  # once a run: a miss works the fingerprint out twice
def _code_version() -> str:
    """What cds is: its version, and every source file's size and time (an edit in a
    checkout changes what cds says), and pydantic's version (its words are in messages)."""
    from pydantic.version import VERSION

    from citydata_share import __version__

    parts = [__version__, VERSION]
    for folder, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json", ".yaml", ".txt")):
                info = os.stat(os.path.join(folder, name))
                parts.append(
                    f"{folder[len(str(_PACKAGE)) :]}/{name}:{info.st_size}:{info.st_mtime_ns}"
                )
    return "\n".join(parts)


def fingerprint(project: Project) -> str | None:
    """A hash of everything the board depends on; None when a file cannot be read as cds
    reads it (the board must then be worked out, and the problem reported)."""
    from citydata_share import yamlio

    digest = hashlib.blake2b(digest_size=32)

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}:{len(data)}:".encode())
        digest.update(data)

    add("format", str(FORMAT).encode())
    add("code", _code_version().encode())
    add("root", str(project.root).encode("utf-8", "surrogateescape"))
    add("day", dt.date.today().isoformat().encode())
    paths = [("cds.yaml", project.root / "cds.yaml")]
    paths += [(card.id, project.card_path(card.id)) for card in CARDS]
    for label, path in paths:
        try:
            add(label, yamlio.read_bytes(path))
        except FileNotFoundError:
            add(label + " (none)", b"")
        except (OSError, yamlio.YamlProblem):
            return None
        add(label + " draft", b"1" if project.draft_path(label).exists() else b"0")
    return digest.hexdigest()


def _path(project: Project) -> Path:
    return project.state_dir / CACHE_FILE


def _problem_data(problem: Problem, root: Path) -> dict[str, Any]:
    path = problem.path
    return {
        "path": str(path.relative_to(root)) if path.is_relative_to(root) else str(path),
        "message": problem.message,
        "line": problem.line,
        "field": problem.field,
        "hint": problem.hint,
    }


def _as_data(statuses: list[CardStatus], root: Path) -> list[dict[str, Any]]:
    return [
        {
            "id": s.card.id,
            "state": s.state.value,
            "missing": s.missing,
            "problems": [_problem_data(p, root) for p in s.problems],
            "draft": s.has_draft,
        }
        for s in statuses
    ]


def _from_data(cards: Any, project: Project) -> list[CardStatus] | None:
    """The statuses board.json holds, or None when it is not what cds wrote."""
    if not isinstance(cards, list) or [
        c.get("id") if isinstance(c, dict) else None for c in cards
    ] != [card.id for card in CARDS]:
        return None
    statuses = []
    try:
        for card, held in zip(CARDS, cards, strict=True):
            problems = [
                Problem(
                    project.root / str(p["path"]),
                    str(p["message"]),
                    p["line"] if isinstance(p["line"], int) else None,
                    p["field"] if isinstance(p["field"], str) else None,
                    p["hint"] if isinstance(p["hint"], str) else None,
                )
                for p in held["problems"]
            ]
            missing = held["missing"]
            if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
                return None
            statuses.append(
                CardStatus(
                    card,
                    State(held["state"]),
                    project.card_path(card.id),
                    missing,
                    problems,
                    bool(held["draft"]),
                )
            )
    except (KeyError, TypeError, ValueError):
        return None
    return statuses


def recall(project: Project, key: str) -> list[CardStatus] | None:
    """The board remembered for this fingerprint, if there is one."""
    from citydata_share import yamlio

    try:
        held = json.loads(yamlio.read_bytes(_path(project), MAX_CACHE_BYTES))
    except (OSError, ValueError, yamlio.YamlProblem):
        return None
    if not isinstance(held, dict) or held.get("fingerprint") != key:
        return None
    return _from_data(held.get("cards"), project)


def remember(project: Project, key: str | None, statuses: list[CardStatus]) -> None:
    """Keep the board for the next command, if the files are still what ``key`` says (a
    save between the fingerprint and the board would otherwise file it under old content).
    Best effort: a read-only folder just means no cache."""
    from citydata_share.store import atomic_write

    if key is None or not enabled() or fingerprint(project) != key:
        return
    data = {"fingerprint": key, "cards": _as_data(statuses, project.root)}
    with contextlib.suppress(OSError):
        atomic_write(_path(project), json.dumps(data, ensure_ascii=False))


def board(project: Project, known: Mapping[str, CardModel] | None = None) -> list[CardStatus]:
    """:func:`~citydata_share.progress.project_status`, remembered. Statuses recalled from
    the cache carry no card models; ``known`` as for ``project_status`` (the card just saved,
    not read again), in which case the board is always worked out, and then remembered."""
    key = fingerprint(project) if enabled() else None
    if key is not None and known is None:
        recalled = recall(project, key)
        if recalled is not None:
            return recalled
    statuses = progress.project_status(project, known)
    remember(project, key, statuses)
    return statuses
