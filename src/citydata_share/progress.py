"""Where a project stands: each card's state, the problems in its files, what to do next.

Pure functions over a :class:`~citydata_share.store.Project`; `cds status`, `cds check`,
the wizard's menus and the project summary document all use them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from citydata_share.errors import InvalidFileError, Problem
from citydata_share.registry import BY_ID, CARDS, Card

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel
    from citydata_share.store import Project


class State(StrEnum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    COMPLETE = "complete"
    NEEDS_ATTENTION = "needs attention"


@dataclass
class CardStatus:
    card: Card
    state: State
    path: Path
    missing: list[str] = field(default_factory=list)  # required questions not yet answered
    problems: list[Problem] = field(default_factory=list)  # invalid file or broken links
    has_draft: bool = False  # unsaved answers from an interrupted session
    model: CardModel | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.card.id,
            "title": self.card.title,
            "phase": self.card.phase.value,
            "lane": self.card.lane.value,
            "state": self.state.value,
            "file": str(self.path),
            "missing": self.missing,
            "problems": [
                {"line": p.line, "field": p.field, "message": p.message, "hint": p.hint}
                for p in self.problems
            ],
            "draft": self.has_draft,
            "command": self.card.command,
            "toolkit": self.card.toolkit,
        }


def load_cards(project: Project) -> tuple[dict[str, CardModel], dict[str, list[Problem]]]:
    """Every card file that loads, by id in the toolkit's order, and the problems of those
    that do not. The largest files are read first, so that the scratch memory of reading
    them is reused for the rest rather than added on top."""
    models: dict[str, CardModel] = {}
    problems: dict[str, list[Problem]] = {}
    for card in sorted(CARDS, key=lambda c: -file_size(project.card_path(c.id))):
        try:
            model = project.load_card(card.id)
        except InvalidFileError as exc:
            problems[card.id] = exc.problems
            continue
        if model is not None:
            models[card.id] = model
    return {c.id: models[c.id] for c in CARDS if c.id in models}, problems


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def link_problems(
    project: Project, card_id: str, model: CardModel, models: Mapping[str, CardModel]
) -> list[Problem]:
    from citydata_share import yamlio
    from citydata_share.store import path_key

    issues = model.cross_check(models, project.config)
    if not issues:
        return []
    path = project.card_path(card_id)
    try:
        lines = yamlio.read(path, with_lines=True).lines
    except (yamlio.YamlProblem, OSError):
        lines = {}
    problems = []
    for issue in issues:
        key = path_key(issue.field)
        line = next((lines[key[:n]] for n in range(len(key), 0, -1) if key[:n] in lines), None)
        problems.append(
            Problem(path, f"{issue.field}: {issue.message}", line, issue.field, issue.hint)
        )
    return problems


def project_status(
    project: Project, known: Mapping[str, CardModel] | None = None
) -> list[CardStatus]:
    """The state of every card, in the toolkit's order; ``known`` holds cards already
    loaded (the one just saved), not read again.
    Every card is loaded and checked: :func:`citydata_share.boardcache.board` is the same
    board, with what has not changed since the last time recalled instead."""
    from citydata_share.boardcache import work_out

    return work_out(project, known, None)[0]


def next_step(statuses: list[CardStatus]) -> str:
    """One suggestion: fix what is broken, finish what is started, else the next card."""
    for status in statuses:
        if status.state is State.NEEDS_ATTENTION:
            return f'Fix {status.path.name} ("{status.card.title}"): run `cds check` to see how.'
    for status in statuses:
        if status.has_draft:
            return f"Resume your unsaved answers: `{status.card.command}`."
    for status in statuses:
        if status.state is State.IN_PROGRESS and status.card.has_wizard:
            return f'Finish "{status.card.title}": run `{status.card.command}`.'
    for status in statuses:
        if status.state is State.NOT_STARTED and status.card.has_wizard:
            return f'Start "{status.card.title}": run `{status.card.command}`.'
    if all(s.state in (State.COMPLETE, State.NOT_STARTED) for s in statuses):
        return "Every card is complete: run `cds report` for the documents."
    return "Run `cds check` for details."


def check_project(project: Project) -> dict[Path, list[Problem]]:
    """Every problem in every file of the project, grouped by file."""
    from citydata_share.boardcache import board

    grouped: dict[Path, list[Problem]] = {}
    for status in board(project):
        if status.problems:
            grouped[status.path] = status.problems
    cards_dir = project.root / "cards"
    if cards_dir.is_dir():
        for stray in sorted(cards_dir.glob("*.y*ml")):
            if stray.stem not in BY_ID:
                grouped[stray] = [
                    Problem(
                        stray,
                        f"{stray.name} is not a card cds knows, so it is never read",
                        hint="Rename it to one of: "
                        + ", ".join(BY_ID)
                        + " (or move it out of cards/).",
                    )
                ]
    return grouped
