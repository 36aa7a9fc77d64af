"""Running one card: saved answers -> resume a draft? -> ask -> review -> save.

Answers come in layers, each over the one before: the questions' defaults, the saved card,
the draft of an interrupted session, an answers file, and what the user types. The session
talks to the user only through a :class:`~citydata_share.wizard.engine.Prompter` and returns
what happened; the CLI prints it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citydata_share.errors import CdsError, NoTerminalError
from citydata_share.known import SOURCES, NameSet, known_values
from citydata_share.questions import missing
from citydata_share.registry import BY_ID, Card, get_card
from citydata_share.wizard import answers as answers_file
from citydata_share.wizard import drafts
from citydata_share.wizard.answers import prompts_along

if TYPE_CHECKING:  # the engine is imported where questions are asked: --answers needs none
    from citydata_share.cards.base import CardModel
    from citydata_share.progress import CardStatus
    from citydata_share.project import ProjectConfig
    from citydata_share.store import Project
    from citydata_share.wizard.engine import Prompter
    from citydata_share.wizard.picks import NewName

RESUME, FRESH = "resume", "fresh"
SHOWN_RESOURCES = 5
WALK, CONTINUE, REVIEW = "walk", "continue", "review"
NO_TERMINAL = NoTerminalError(
    "This command asks questions, but there is no terminal to ask them in.",
    "Run it in a terminal, or use --no-input (keep the saved answers, fill in defaults) "
    "or --answers FILE (a YAML file in the card's own format).",
)


class Cancelled(CdsError):
    """The user chose to stop without saving."""


@dataclass
class CardRun:
    """What running a card did, for the CLI to show."""

    card: Card
    path: Path
    saved: bool  # False when the user discarded the answers
    model: CardModel | None = None  # the card as saved
    filled_defaults: list[str] = field(default_factory=list)
    draft_left: bool = False  # an unsaved draft exists that this run did not use
    added: list[AddedName] = field(default_factory=list)  # new names put on other cards
    role: str | None = None  # the project's, which decides the questions that apply

    @functools.cached_property
    def missing(self) -> list[str]:
        """Required questions of the saved card still unanswered (worked out when asked:
        the board after a save works them out anyway)."""
        if not self.saved or self.model is None or self.role is None:
            return []
        return missing(type(self.model), self.model.model_dump(mode="json"), self.role)


@dataclass(frozen=True)
class AddedName:
    """A name typed on this card for another card's list, and whether it got there."""

    source: str  # "organisations", "people"...
    name: str
    problem: str | None = None  # why it could not be added (then it must be added by hand)

    @property
    def card(self) -> Card:
        return BY_ID[SOURCES[self.source].card]

    @property
    def follow_up(self) -> str:
        """What to do next, e.g. "run `cds discover ecosystem` to say what kind of
        organisation it is"."""
        return f"run `{self.card.command}` to {SOURCES[self.source].follow_up}"


def terminal_prompter() -> Prompter:
    """The questionary prompter (imported here so that other commands never load it)."""
    from citydata_share.wizard.prompter import TerminalPrompter

    return TerminalPrompter()


def resources_text(card_id: str) -> str:
    """The card's resources from the toolkit, one per line, for the help screens."""
    from citydata_share.resources import resources_for

    found = resources_for(card_id)
    lines = [
        f"  • {r.title} ({r.kind.label.lower()})" + (f": {r.url}" if r.url else "")
        for r in found[:SHOWN_RESOURCES]
    ]
    if len(found) > SHOWN_RESOURCES:
        lines.append(f"  (all {len(found)}: cds resources --card {card_id})")
    return "\n".join(lines)


def envelope(card: Card, answers: dict[str, Any]) -> dict[str, Any]:
    return {"card": card.id, "title": card.title, **answers}


def save(
    project: Project, model: CardModel, prompter: Prompter | None, expected: str | None
) -> Path:
    """Save the card unless its file changed since ``expected`` was read; if saving would
    drop comments, ask first (without a terminal, refuse)."""
    from citydata_share.store import CommentsWouldBeLostError

    try:
        return project.save_card(model, expected=expected)
    except CommentsWouldBeLostError as exc:
        if prompter is None:
            raise
        from citydata_share.wizard.engine import confirm  # only with a terminal to ask at

        prompter.show(exc.message, style="note")
        if not confirm(prompter, "Save anyway and drop those comments?", default=False):
            raise
        return project.save_card(model, drop_comments=True, expected=expected)


def run_card(
    project: Project,
    card_id: str,
    *,
    prompter: Prompter | None = None,
    answers_path: Path | None = None,
    no_input: bool = False,
    on_start: Callable[[], None] | None = None,
) -> CardRun:
    """Fill one card: with the prompter, or from an answers file / defaults without one.

    ``on_start`` runs once the card is open for questions (its lock taken), so an
    introduction is never shown for a session that is then refused.
    """
    card = get_card(card_id)
    model_cls = card.model()
    snapshot = project.card_text(card.id)  # saving checks no one changed it meanwhile
    project.will_save(card.id)  # its data is kept for the save, not parsed again
    saved = project.load_card(card.id)  # an invalid file stops here, untouched
    answers: dict[str, Any] = saved.answers() if saved is not None else {}
    if answers_path is not None or no_input:
        return _fill_without_terminal(
            project, card, model_cls, saved, answers, answers_path, snapshot
        )
    if prompter is None:
        raise NO_TERMINAL
    with project.editing(card.id):
        if on_start is not None:
            on_start()
        return _ask_card(project, card, model_cls, saved, answers, snapshot, prompter)


def _ask_card(
    project: Project,
    card: Card,
    model_cls: type[CardModel],
    saved: CardModel | None,
    answers: dict[str, Any],
    snapshot: str | None,
    prompter: Prompter,
) -> CardRun:
    from citydata_share.wizard.engine import Engine, Option
    from citydata_share.wizard.picks import NewName, Picks, still_used

    draft_path = project.draft_path(card.id)
    found = drafts.read_all(draft_path)
    # This session's answers go to a draft of their own while any other is kept: an
    # earlier draft is overwritten only by saving, never by starting again.
    writing = drafts.new_path(draft_path) if found else draft_path
    chosen: drafts.Draft | None = None  # the draft resumed, if one is
    for draft in found:
        if draft.problem:
            prompter.show(
                f"Your unsaved answers from {draft.when()} cannot be used: "
                f"{draft.problem}. It stays at {draft.path} until you save.",
                style="note",
            )
    usable = [draft for draft in found if not draft.problem]
    if usable:
        choice = prompter.select(
            f"You have unsaved answers for this card from {usable[0].when()}. Resume them?"
            if len(usable) == 1
            else f"You have {len(usable)} sets of unsaved answers for this card. Resume one?",
            [
                *(
                    Option(
                        RESUME if n == 0 else f"{RESUME}:{draft.path.name}",
                        "Resume the unsaved answers"
                        + (f" from {draft.when()}" if len(usable) > 1 else ""),
                    )
                    for n, draft in enumerate(usable)
                ),
                Option(
                    FRESH,
                    "Start again from the saved card (the unsaved answers are kept until you save)",
                ),
            ],
            default=RESUME,
        )
        if choice != FRESH:
            chosen = (
                usable[0]
                if choice == RESUME
                else next(d for d in usable if f"{RESUME}:{d.path.name}" == choice)
            )
            answers = _resume(chosen, answers, snapshot, prompter)
            writing = chosen.path
    resumed = chosen is not None

    from citydata_share.progress import load_cards

    others, _ = load_cards(project)  # the names other cards hold (answer once)
    picks = Picks(
        known=lambda source: known_values(
            source, others, project.config, editing=(card.id, answers)
        ),
        card_id=card.id,
        new=[NewName(s, n) for s, n in chosen.new_names if s in SOURCES]
        if chosen is not None
        else [],
    )
    engine = Engine(
        prompter,
        project.role,
        guidance=str(getattr(model_cls, "guidance", "") or ""),
        resources=resources_text(card.id),
        root=answers,
        picks=picks,
    )
    start = saved.answers() if saved is not None else {}

    def keep_draft() -> None:
        changed = sorted(k for k in {*answers, *start} if answers.get(k) != start.get(k))
        drafts.write(
            writing,
            card.id,
            card.title,
            answers,
            based_on=drafts.fingerprint(snapshot),
            changed=changed,
            new_names=[(n.source, n.name) for n in picks.new],
        )

    engine.on_change = keep_draft

    how = WALK
    gaps = missing(model_cls, envelope(card, answers), project.role)
    if saved is not None or resumed:
        how = prompter.select(
            "How would you like to go on?",
            [
                Option(CONTINUE, "Answer only the questions not answered yet, then review"),
                Option(WALK, "Go through every question (your answers are the defaults)"),
                Option(REVIEW, "Go straight to the review screen"),
            ],
            default=CONTINUE if resumed or gaps else REVIEW,
        )
    if how != REVIEW:
        engine.ask_all(model_cls, answers, only_missing=how == CONTINUE)
    keep = engine.review(model_cls, answers, title=card.title, check=_problems(model_cls, card))
    if not keep:
        drafts.discard(writing, draft_path)
        return CardRun(card, project.card_path(card.id), saved=False, model=saved)
    model = model_cls.model_validate(envelope(card, answers))
    path = save(project, model, prompter, snapshot)
    drafts.delete_all(draft_path)
    dumped = model.model_dump(mode="json")
    return CardRun(
        card,
        path,
        saved=True,
        model=model,
        role=project.role,
        added=add_new_names(project, still_used(picks.new, model_cls, dumped)),
    )


def add_new_names(project: Project, new: list[NewName]) -> list[AddedName]:
    """Add each new name as a minimal record to its card (``{"name": "Foo Ltd"}`` to the
    ecosystem's organisations), under that card's locks and unchanged-file check.

    Nothing is lost: a name that cannot be added comes back with the problem, for the user
    to add by hand.
    """
    by_card: dict[str, list[NewName]] = {}
    for name in new:
        by_card.setdefault(name.card, []).append(name)
    results: list[AddedName] = []
    for card_id, names in by_card.items():
        try:
            results += _add_to_card(project, card_id, names)
        except (CdsError, ValueError, OSError) as exc:  # ValidationError is a ValueError
            text = exc.message if isinstance(exc, CdsError) else str(exc)
            problem = " ".join(text.split()).rstrip(".") + "."
            results += [AddedName(n.source, n.name, problem) for n in names]
    return results


def _add_to_card(project: Project, card_id: str, names: list[NewName]) -> list[AddedName]:
    card = get_card(card_id)
    with project.editing(card_id):
        snapshot = project.card_text(card_id)
        project.will_save(card_id)
        saved = project.load_card(card_id)
        answers = saved.answers() if saved is not None else {}
        added = [n for n in names if _append(answers, n)]
        if not added:
            return []
        model = card.model().model_validate(envelope(card, answers))
        project.save_card(model, expected=snapshot)
        draft = drafts.read(project.draft_path(card_id))
        if draft is not None and draft.problem is None:  # its next save must keep them too
            grown = dict(draft.answers)
            if any(_append(grown, n) for n in added):
                drafts.write(
                    draft.path,
                    card_id,
                    card.title,
                    grown,
                    based_on=draft.based_on,
                    changed=list(draft.changed),
                    new_names=list(draft.new_names),
                )
    return [AddedName(n.source, n.name) for n in added]


def _append(answers: dict[str, Any], new: NewName) -> bool:
    """Append a minimal record for ``new`` unless a record of that name is there already."""
    spec = SOURCES[new.source]
    records = answers.get(spec.records)
    records = list(records) if isinstance(records, list) else []
    names = NameSet(
        str(r[spec.field]) for r in records if isinstance(r, dict) and r.get(spec.field)
    )
    if new.name in names:
        return False
    answers[spec.records] = [*records, {spec.field: new.name}]
    return True


def _resume(
    draft: drafts.Draft, saved: dict[str, Any], snapshot: str | None, prompter: Prompter
) -> dict[str, Any]:
    """The draft's answers; if the card file changed since the draft was made, only the
    answers the draft changed are laid over the file's new answers, so neither is lost."""
    if draft.based_on is None or draft.based_on == drafts.fingerprint(snapshot):
        return dict(draft.answers)
    merged = dict(saved)
    for name in draft.changed:
        if name in draft.answers:
            merged[name] = draft.answers[name]
        else:
            merged.pop(name, None)
    prompter.show(
        "The card was changed on disk after these answers were given (an editor, git or "
        "another cds). Your changes"
        + (f" ({', '.join(draft.changed)})" if draft.changed else "")
        + " are laid over the card as it is now; check them on the review screen.",
        style="note",
    )
    return merged


def _problems(model_cls: type[CardModel], card: Card) -> Any:
    from pydantic import ValidationError

    from citydata_share.store import dotted
    from citydata_share.wizard.values import explain

    def problems(answers: dict[str, Any]) -> list[str]:
        try:
            model_cls.model_validate(envelope(card, answers))
        except ValidationError as exc:
            found = []
            for error in exc.errors():
                where = dotted(tuple(error["loc"]))
                prompts = prompts_along(model_cls, where, answers) if where else []
                where = f"{prompts[-1]} ({where})" if prompts else where or "The card"
                single = ValidationError.from_exception_data(exc.title, [error])  # type: ignore[list-item]
                found.append(f"{where}: {explain(single)}")
            return found
        return []

    return problems


def _fill_without_terminal(
    project: Project,
    card: Card,
    model_cls: type[CardModel],
    saved: CardModel | None,
    answers: dict[str, Any],
    answers_path: Path | None,
    snapshot: str | None,
) -> CardRun:
    lines: dict[Any, int] = {}
    source = project.card_path(card.id)
    given: dict[str, Any] = {}
    if answers_path is not None:
        given, lines = answers_file.read_answers_file(answers_path, model_cls, card.id)
        answers = answers_file.merge(answers, given)
        source = answers_path
    filled = answers_file.fill_defaults(model_cls, answers, project.role)
    held = answers_file.unchanged_records(saved, answers, {*given, *filled})
    model = answers_file.check_card(model_cls, envelope(card, answers), source, lines, held)
    path = save(project, model, None, snapshot)
    return CardRun(
        card,
        path,
        saved=True,
        model=model,
        filled_defaults=filled,
        role=project.role,
        draft_left=project.draft_path(card.id).exists(),
    )


# Choosing cards -------------------------------------------------------------------------

FINISH = "__finish__"


def choose_card(
    prompter: Prompter, statuses: list[CardStatus], *, default: str | None = None
) -> str | None:
    """A menu of cards with their state; None when the user is finished."""
    from citydata_share.wizard.engine import Option

    options = []
    for status in statuses:
        state = status.state.value + (", unsaved draft" if status.has_draft else "")
        options.append(
            Option(status.card.id, f"{status.card.title}  [{state}]", status.card.purpose)
        )
    options.append(Option(FINISH, "Finish for now"))
    chosen = prompter.select(
        "Which card would you like to work on?",
        options,
        default=default or (options[0].value if options else None),
    )
    return None if chosen == FINISH else chosen


def next_card_id(statuses: list[CardStatus], after: str) -> str | None:
    """The first card after ``after`` that is not complete (wrapping round), if any."""
    from citydata_share.progress import State

    ids = [s.card.id for s in statuses]
    start = ids.index(after) + 1 if after in ids else 0
    for status in statuses[start:] + statuses[:start]:
        if status.card.id != after and status.state is not State.COMPLETE:
            return status.card.id
    return None


def offer_next(prompter: Prompter, statuses: list[CardStatus], after: str) -> str | None:
    """After a card: go on to the next one, pick another, or stop. None means stop."""
    from citydata_share.wizard.engine import Option

    following = next_card_id(statuses, after)
    options = []
    if following is not None:
        options.append(Option(following, f"Go on to the next card: {BY_ID[following].title}"))
    options += [Option("__menu__", "Choose another card"), Option(FINISH, "Finish for now")]
    chosen = prompter.select("What next?", options, default=options[0].value)
    if chosen == FINISH:
        return None
    if chosen == "__menu__":
        return choose_card(prompter, statuses, default=following)
    return chosen


# The project (cds init) -----------------------------------------------------------------


def ask_project(defaults: dict[str, Any], prompter: Prompter | None = None) -> ProjectConfig:
    """Ask the project's questions (cds.yaml) through the engine, with a review screen.

    ``defaults`` are answers already known (from options), shown as the prompts' defaults.
    Raises :class:`Cancelled` if the user discards the answers.
    """
    from pydantic import ValidationError

    from citydata_share.project import ProjectConfig
    from citydata_share.wizard.engine import Engine
    from citydata_share.wizard.values import explain

    prompter = prompter or terminal_prompter()
    answers: dict[str, Any] = {k: v for k, v in defaults.items() if v is not None}
    answers = {k: getattr(v, "value", v) for k, v in answers.items()}

    def role() -> str:
        return str(answers.get("role") or "both")

    engine = Engine(prompter, role(), root=answers)
    engine.ask_all(ProjectConfig, answers)
    engine.role = role()

    def problems(current: dict[str, Any]) -> list[str]:
        try:
            ProjectConfig.model_validate(current)
        except ValidationError as exc:
            return [explain(exc)]
        return []

    if not engine.review(
        ProjectConfig,
        answers,
        title="your new project",
        check=problems,
        save_label="Create the project",
        discard_label="Cancel (nothing is created)",
    ):
        raise Cancelled("Cancelled: no project was created.", None)
    return ProjectConfig.model_validate(answers)
