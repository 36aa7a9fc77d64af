"""The board, worked out once per change: each card's state is kept in ``.cds/board.json``
with what it was worked out from, so that `cds status`, `cds check` and the board shown
after a save only load and check the cards whose inputs have changed.

A card's state has three parts, each kept under what decides it:

* whether its file loads, and its problems if not: the file's bytes;
* its unanswered questions: the file's bytes and the project's role;
* its broken links to other cards (its ``cross_check``): its bytes, cds.yaml's bytes and
  what the check read of the other cards. A check depends on nothing else (not the day,
  not other files: see :meth:`~citydata_share.cards.base.CardModel.cross_check`). The
  other cards reach the check through a :class:`_Watched` mapping that notes each card
  and field read, so the key holds a hash of each field read (the data-systems card's
  ``datasets``), not of the whole file: a save that changes another answer on that card
  does not mean checking again every card that names a dataset.

All of it is also under the version of cds (its own source files' sizes and times, so an
edited checkout counts as a new version) and of pydantic. A file that cannot be read (not
an ordinary file, too large) has no hash and is always loaded, so its problem is reported.

The cache is only ever a copy: a board.json that is missing, stale, unreadable, from
another version, or edited by hand is ignored and replaced, and a folder that cannot be
written just means no cache. ``CDS_NO_CACHE=1`` in the environment turns it off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citydata_share.errors import InvalidFileError, Problem
from citydata_share.progress import CardStatus, State, file_size, link_problems
from citydata_share.registry import BY_ID, CARDS

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel
    from citydata_share.store import Project

FORMAT = 2  # of board.json
CACHE_FILE = "board.json"
MAX_CACHE_BYTES = 64_000_000  # board.json lists problems, not data: far less than this
_PACKAGE = Path(__file__).resolve().parent
_PRESENT = "?"  # a read of whether a card loaded at all
_WHOLE = "*"  # a read of anything else: a method, or every card


def enabled() -> bool:
    return os.environ.get("CDS_NO_CACHE", "") in ("", "0")


@functools.cache  # once a run
def code_version() -> str:
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


def _hash(*parts: str | bytes) -> str:
    digest = hashlib.sha256()  # twice blake2b's speed where the processor does SHA itself
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        digest.update(f"{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()[:40]


def _file_hash(path: Path) -> str | None:
    """A hash of the file as cds reads it; "-" for no file; None when cds cannot read it
    (then it must be loaded, so that the problem is reported)."""
    from citydata_share import yamlio

    before = _stat(path)
    try:
        digest = _hash(yamlio.read_bytes(path))
    except FileNotFoundError:
        return "-"
    except (OSError, yamlio.YamlProblem):
        return None
    if before is not None and before == _stat(path):
        _HASHED[path] = (before, digest, time.time_ns())
    return digest


# What each file was when it was hashed this run: to see that it is unchanged since without
# reading it again.
_HASHED: dict[Path, tuple[tuple[int, ...], str, int]] = {}
_RACY_NS = 2_000_000_000  # a file changed this recently may change again within its times


def _stat(path: Path) -> tuple[int, ...] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _still(path: Path, digest: str | None) -> bool:
    """Whether the file still has the hash ``digest``. Its times, size and inode as when
    it was hashed are enough, unless it was changed so shortly before that a second change
    could leave them the same (as git's index does): then it is read and hashed again."""
    seen = _HASHED.get(path)
    if (
        seen is not None
        and seen[1] == digest
        and seen[0] == _stat(path)
        and seen[2] - seen[0][4] > _RACY_NS
    ):
        return True
    return _file_hash(path) == digest


# Working the board out --------------------------------------------------------------------


class _Cards(Mapping[str, "CardModel"]):
    """The project's cards that load, by id, each loaded when first needed (what a card's
    summary reads of the others, say), and what is known of each: its file's hash, whether
    it loads, the hashes of its fields that other cards read."""

    def __init__(
        self,
        project: Project,
        known: Mapping[str, CardModel] | None,
        held: Mapping[str, dict[str, Any]],
    ) -> None:
        self.project = project
        self.known = dict(known or {})
        self.held = held
        self.hashes = {c.id: _file_hash(project.card_path(c.id)) for c in CARDS}
        self.models: dict[str, CardModel | None] = {}
        self.problems: dict[str, list[Problem]] = {}
        self.fields: dict[str, dict[str, str]] = {}

    def entry(self, card_id: str) -> dict[str, Any] | None:
        """What board.json holds for the card as it is now."""
        entry = self.held.get(card_id)
        digest = self.hashes[card_id]
        if digest is None or not isinstance(entry, dict) or entry.get("bytes") != digest:
            return None
        return entry

    def load(self, card_id: str) -> CardModel | None:
        if card_id not in self.models:
            if card_id in self.known:
                self.models[card_id] = self.known[card_id]
            else:
                try:
                    self.models[card_id] = self.project.load_card(card_id)
                except InvalidFileError as exc:
                    self.models[card_id] = None
                    self.problems[card_id] = exc.problems
        return self.models[card_id]

    def __getitem__(self, card_id: str) -> CardModel:
        model = self.load(card_id) if card_id in BY_ID else None
        if model is None:
            raise KeyError(card_id)
        return model

    def __contains__(self, card_id: object) -> bool:
        return isinstance(card_id, str) and card_id in BY_ID and self.loads(card_id)

    def __iter__(self) -> Iterator[str]:
        return iter([c.id for c in CARDS if self.loads(c.id)])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def loads(self, card_id: str) -> bool:
        """Whether the card has a file that loads, from board.json when it knows."""
        entry = self.entry(card_id)
        if card_id not in self.known and card_id not in self.models and entry is not None:
            return self.hashes[card_id] != "-" and entry.get("loads") is True
        return self.load(card_id) is not None

    def field_hash(self, card_id: str, name: str) -> str:
        if name == _PRESENT:
            return "1" if self.loads(card_id) else "0"
        if name == _WHOLE:
            return f"{self.hashes[card_id]}:{self.loads(card_id)}"
        if not self.loads(card_id):
            return "0"
        fields = self.fields.setdefault(card_id, {})
        if name not in fields:
            entry = self.entry(card_id)
            held = entry.get("fields") if entry is not None and card_id not in self.known else None
            if isinstance(held, dict) and isinstance(held.get(name), str):
                fields[name] = held[name]
            else:
                model = self.load(card_id)
                assert model is not None
                fields[name] = _hash(model.model_dump_json(include={name}))
        return fields[name]


class _Reading:
    """A card as another card's check sees it: every field read is noted. It claims its
    card's class, so ``isinstance`` checks in the checks still hold."""

    __slots__ = ("_card", "_cards", "_watched")

    def __init__(self, card_id: str, cards: _Cards, watched: _Watched) -> None:
        object.__setattr__(self, "_card", card_id)
        object.__setattr__(self, "_cards", cards)
        object.__setattr__(self, "_watched", watched)

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return BY_ID[self._card].model()

    def __getattr__(self, name: str) -> Any:
        model = self._cards.load(self._card)
        if model is None:  # the file changed since it was found to load: read nothing
            raise AttributeError(name)
        self._watched.note(self._card, name if name in type(model).model_fields else _WHOLE)
        return getattr(model, name)


class _Watched(Mapping[str, "CardModel"]):
    """The cards that load, by id, as a card's ``cross_check`` is given them, noting what
    it reads. One for the whole board, so that the same card is the same object to every
    check (the name sets in :mod:`citydata_share.known` are built once for it)."""

    def __init__(self, cards: _Cards) -> None:
        self._cards = cards
        self._readings: dict[str, _Reading] = {}
        self.reads: set[tuple[str, str]] = set()

    def note(self, card_id: str, name: str) -> None:
        self.reads.add((card_id, name))

    def __getitem__(self, card_id: str) -> CardModel:
        if card_id not in self:
            raise KeyError(card_id)
        if card_id not in self._readings:
            self._readings[card_id] = _Reading(card_id, self._cards, self)
        return self._readings[card_id]  # type: ignore[return-value]

    def __contains__(self, card_id: object) -> bool:
        if isinstance(card_id, str):
            self.note(card_id, _PRESENT)
        return card_id in self._cards

    def __iter__(self) -> Iterator[str]:
        for card in CARDS:
            self.note(card.id, _WHOLE)
        return iter(self._cards)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def work_out(
    project: Project,
    known: Mapping[str, CardModel] | None = None,
    held: Mapping[str, Any] | None = None,
    config: str | None = None,
) -> tuple[list[CardStatus], dict[str, dict[str, Any]], Mapping[str, CardModel]]:
    """The board, and what to keep of it. ``held`` is what board.json kept last time: each
    part of a card's state found there under the same inputs is taken from it, the rest
    worked out. ``known`` holds cards already loaded (the one just saved)."""
    from citydata_share.questions import missing
    from citydata_share.yamlload import building

    cards = _Cards(project, known, held or {})
    role = project.role
    if config is None:
        config = _file_hash(project.root / "cds.yaml")
    kept: dict[str, dict[str, Any]] = {}
    # Largest files first: the scratch memory of reading them is reused for the rest.
    for card in sorted(CARDS, key=lambda c: -file_size(project.card_path(c.id))):
        entry = None if card.id in cards.known else cards.entry(card.id)
        if entry is not None and entry.get("loads") is False:
            kept[card.id] = entry
            continue
        if entry is not None and (entry.get("loads") is None or entry.get("role") == role):
            kept[card.id] = dict(entry)
            continue
        model = cards.load(card.id)
        new: dict[str, Any] = {"bytes": cards.hashes[card.id]}
        if model is None:
            problems = cards.problems.get(card.id)
            new["loads"] = False if problems else None
            new["problems"] = _problems_data(problems or [], project.root)
        else:
            with building():  # a new tree, as large as the card: nothing to collect
                answers = model.model_dump(mode="json")  # let go before the next card loads
            new.update(
                loads=True,
                role=role,
                missing=missing(type(model), answers, role),
                answered=model.has_answers(),
            )
            del answers
        kept[card.id] = new

    watched = _Watched(cards)
    statuses = []
    for card in CARDS:
        path = project.card_path(card.id)
        draft = project.draft_path(card.id).exists()
        entry = kept[card.id]
        if entry.get("loads") is False:
            problems = _problems(entry.get("problems"), project.root)
            statuses.append(CardStatus(card, State.NEEDS_ATTENTION, path, [], problems, draft))
            continue
        if entry.get("loads") is None:
            state = State.IN_PROGRESS if draft else State.NOT_STARTED
            statuses.append(CardStatus(card, state, path, has_draft=draft))
            continue
        links = _links(project, card.id, entry, cards, watched, config or "")
        gaps = list(entry["missing"])
        if links:
            state = State.NEEDS_ATTENTION
        elif gaps or draft or not entry["answered"]:  # a file with no answers is not done
            state = State.IN_PROGRESS
        else:
            state = State.COMPLETE
        model = cards.models.get(card.id)
        statuses.append(CardStatus(card, state, path, gaps, links, draft, model))
    for card_id, fields in cards.fields.items():
        if kept.get(card_id, {}).get("loads") is True:
            kept[card_id]["fields"] = {**kept[card_id].get("fields", {}), **fields}
    return statuses, {k: v for k, v in kept.items() if v.get("bytes") is not None}, cards


def _links(
    project: Project,
    card_id: str,
    entry: dict[str, Any],
    cards: _Cards,
    watched: _Watched,
    config: str,
) -> list[Problem]:
    """The card's broken links, from board.json when nothing it read has changed."""
    held = entry.get("links")  # as :func:`_valid` checked it
    if card_id not in cards.known and held is not None:
        reads = [(c, f) for c, f in held["reads"]]
        if all(c in BY_ID for c, _ in reads) and held["key"] == _links_key(
            entry, reads, cards, config
        ):
            return _problems(held["problems"], project.root)
    model = cards.load(card_id)
    assert model is not None
    watched.reads = set()
    problems = link_problems(project, card_id, model, watched)
    reads = sorted(watched.reads)
    entry["links"] = {
        "reads": [list(r) for r in reads],
        "key": _links_key(entry, reads, cards, config),
        "problems": _problems_data(problems, project.root),
    }
    return problems


def _links_key(
    entry: dict[str, Any], reads: list[tuple[str, str]], cards: _Cards, config: str
) -> str:
    parts = [str(entry["bytes"]), config]
    for card_id, name in reads:
        parts += [card_id, name, cards.field_hash(card_id, name)]
    return _hash(*parts)


def _problems_data(problems: list[Problem], root: Path) -> list[dict[str, Any]]:
    return [
        {
            "path": str(p.path.relative_to(root)) if p.path.is_relative_to(root) else str(p.path),
            "message": p.message,
            "line": p.line,
            "field": p.field,
            "hint": p.hint,
        }
        for p in problems
    ]


def _problems(held: Any, root: Path) -> list[Problem]:
    """The problems board.json holds (a TypeError or KeyError when they are not)."""
    return [
        Problem(
            root / str(p["path"]),
            str(p["message"]),
            p["line"] if isinstance(p["line"], int) else None,
            p["field"] if isinstance(p["field"], str) else None,
            p["hint"] if isinstance(p["hint"], str) else None,
        )
        for p in held
    ]


# Keeping it -------------------------------------------------------------------------------


def _path(project: Project) -> Path:
    return project.state_dir / CACHE_FILE


def _version() -> str:
    return _hash(str(FORMAT), code_version())


def recall(project: Project) -> dict[str, Any]:
    """What board.json holds, by card, if it was written by this version of cds."""
    from citydata_share import yamlio

    try:
        held = json.loads(yamlio.read_bytes(_path(project), MAX_CACHE_BYTES))
    except (OSError, ValueError, yamlio.YamlProblem):
        return {}
    if not isinstance(held, dict) or held.get("version") != _version():
        return {}
    cards = held.get("cards")
    if not isinstance(cards, dict):
        return {}
    return {k: v for k, v in cards.items() if k in BY_ID and _valid(v)}


def _valid(entry: Any) -> bool:
    """An entry as cds writes it (a hand-edited one is worked out again)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("bytes"), str):
        return False
    loads = entry.get("loads")
    if loads is False:
        problems = entry.get("problems")
        return isinstance(problems, list) and all(_problem_ok(p) for p in problems)
    if loads is None:
        return True
    missing = entry.get("missing")
    return (
        loads is True
        and isinstance(entry.get("role"), str)
        and isinstance(missing, list)
        and all(isinstance(m, str) for m in missing)
        and isinstance(entry.get("answered"), bool)
        and isinstance(entry.get("fields", {}), dict)
        and _links_ok(entry.get("links"))
    )


def _links_ok(links: Any) -> bool:
    if links is None:
        return True
    return (
        isinstance(links, dict)
        and isinstance(links.get("key"), str)
        and isinstance(links.get("reads"), list)
        and all(
            isinstance(r, list) and len(r) == 2 and all(isinstance(x, str) for x in r)
            for r in links["reads"]
        )
        and isinstance(links.get("problems"), list)
        and all(_problem_ok(p) for p in links["problems"])
    )


def _problem_ok(problem: Any) -> bool:
    return (
        isinstance(problem, dict)
        and isinstance(problem.get("path"), str)
        and isinstance(problem.get("message"), str)
        and {"line", "field", "hint"} <= problem.keys()
    )


def remember(project: Project, config: str | None, kept: dict[str, Any]) -> None:
    """Keep the board for the next command, if cds.yaml and the cards are still what it was
    worked out from (a save in between would otherwise file it under old content). Best
    effort: a read-only folder just means no cache."""
    from citydata_share.store import atomic_write

    if not enabled() or not _still(project.root / "cds.yaml", config):
        return
    if not all(_still(project.card_path(k), v["bytes"]) for k, v in kept.items()):
        return
    data = {"version": _version(), "cards": kept}
    with contextlib.suppress(OSError):
        atomic_write(_path(project), json.dumps(data, ensure_ascii=False), unless_same=True)


def board(project: Project, known: Mapping[str, CardModel] | None = None) -> list[CardStatus]:
    """The board (:func:`~citydata_share.progress.project_status`), with each card's
    state recalled from board.json where nothing it depends on has changed. Cards recalled
    carry no model. ``known`` holds cards already loaded (the one just saved)."""
    return board_and_cards(project, known)[0]


def board_and_cards(
    project: Project, known: Mapping[str, CardModel] | None = None
) -> tuple[list[CardStatus], Mapping[str, CardModel]]:
    """:func:`board`, and the cards that load, by id: those the board loaded, and the
    others loaded when first looked up."""
    held = recall(project) if enabled() else {}
    config = _file_hash(project.root / "cds.yaml")
    statuses, kept, cards = work_out(project, known, held, config)
    if kept != held:
        remember(project, config, kept)
    return statuses, cards
