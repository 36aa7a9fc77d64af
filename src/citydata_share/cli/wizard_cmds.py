"""`cds readiness`, `cds discover|prepare|share [CARD]`: the wizard commands.

Each command opens the project, runs :func:`citydata_share.wizard.session.run_card` and
prints what the card produced and what to do next. Prompts come from the wizard's prompter;
everything printed here goes through the rich consoles.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from citydata_share.cli.app import (
    ProjectOption,
    app,
    console,
    err_console,
    interactive,
    open_project,
    show_git_notes,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from citydata_share.cards.base import CardModel, LinkIssue
    from citydata_share.progress import CardStatus
    from citydata_share.registry import Phase
    from citydata_share.store import Project
    from citydata_share.wizard.engine import Prompter
    from citydata_share.wizard.session import CardRun

AnswersOption = Annotated[
    Path | None,
    typer.Option(
        "--answers",
        help="Take the answers from this YAML file (the card file's own format) instead of "
        "asking. Only the questions it names change.",
        show_default=False,
        metavar="FILE",
    ),
]
NoInputOption = Annotated[
    bool,
    typer.Option(
        "--no-input",
        help="Ask nothing: keep the saved answers, fill in defaults, report what is missing.",
    ),
]


def _prompter(answers: Path | None, no_input: bool) -> Prompter | None:
    """The terminal prompter, or None when the answers come from elsewhere."""
    if answers is not None or no_input:
        return None
    if not interactive():
        from citydata_share.wizard.session import NO_TERMINAL

        raise NO_TERMINAL
    from citydata_share.wizard.session import terminal_prompter

    return terminal_prompter()


def _run(
    project: Project, card_id: str, prompter: Prompter | None, answers: Path | None, no_input: bool
) -> CardRun:
    from rich.markup import escape

    from citydata_share.registry import get_card
    from citydata_share.wizard.session import run_card

    card = get_card(card_id)
    out = console()

    def introduce() -> None:
        out.print(f"\n[bold]{escape(card.title)}[/]  [dim]({card.id}, {card.phase.value})[/]")
        out.print(escape(card.purpose))
        out.print(
            "[dim]Every answer is kept as you go: if you stop, run "
            f"`{escape(card.command)}` again to resume.[/]\n"
        )

    try:
        return run_card(
            project,
            card.id,
            prompter=prompter,
            answers_path=answers,
            no_input=no_input,
            on_start=introduce,
        )
    except (KeyboardInterrupt, EOFError) as stop:
        # Ctrl-C, or Ctrl-D at a prompt: the user is at a terminal and chose to stop.
        draft = project.draft_path(card.id)
        kept = (
            f"Your answers so far are kept as a draft "
            f"({escape(str(draft.relative_to(project.root)))}); "
            f"run `{escape(card.command)}` to resume."
            if draft.exists()
            else "Nothing was answered yet, so nothing needed keeping."
        )
        err_console().print(f"\n[yellow]Stopped.[/] {kept}")
        raise typer.Exit(130 if isinstance(stop, KeyboardInterrupt) else 1) from None


def _show(project: Project, result: CardRun) -> None:
    """What the card produced, what is still missing, and the next step."""
    from rich.markup import escape

    from citydata_share.boardcache import board_and_cards
    from citydata_share.progress import next_step
    from citydata_share.wizard.answers import prompts_along

    out = console()
    # The card just saved is not read again: at 10,000 datasets that is seconds. The board
    # worked out here is remembered, so the `cds status` that follows need not.
    just_saved = {result.card.id: result.model} if result.saved and result.model else None
    statuses, cards = board_and_cards(project, just_saved)
    relative = (
        result.path.relative_to(project.root)
        if result.path.is_relative_to(project.root)
        else result.path
    )
    if not result.saved:
        out.print(f"[yellow]Discarded.[/] {escape(str(relative))} is unchanged.")
    else:
        out.print(f"[green]Saved[/] {escape(str(relative))}")
        show_git_notes(project)
        _show_added(result)
        if result.filled_defaults:
            out.print("Filled in with suggested answers: " + ", ".join(result.filled_defaults))
        # The board has just worked out the saved card's problems and gaps (its
        # result.missing): they are taken from it, not worked out again.
        status = next(s for s in statuses if s.card.id == result.card.id)
        if result.model is not None:
            _summary(result.card.id, result.model, project, cards, _issues_of(status))
        gaps = status.missing
        if gaps:
            model_cls = result.card.model()
            saved = result.model.model_dump(mode="json") if result.model is not None else None
            out.print(f"\n[bold]Still to answer[/] ({len(gaps)}):")
            for path in gaps[:12]:
                # "Mindset › How would you rate...": the group's words, then the question.
                chain = prompts_along(model_cls, path, saved)
                asked = " › ".join(p.split(":")[0] for p in chain[:-1])
                asked += (" › " if asked else "") + (chain[-1] if chain else path)
                out.print(f"  • {escape(asked)} [dim]({escape(path)})[/]")
            if len(gaps) > 12:
                out.print(f"  … and {len(gaps) - 12:,} more: `cds status --json` lists them all.")
    if result.draft_left:
        out.print(
            f"[yellow]Note:[/] unsaved answers from an interrupted session are still in "
            f"{escape(str(project.draft_path(result.card.id).relative_to(project.root)))}; "
            f"run `{escape(result.card.command)}` in a terminal to resume or discard them."
        )
    out.print(f"\n[bold]Next:[/] {escape(next_step(statuses))}")


def _show_added(result: CardRun) -> None:
    """The names typed on this card that were added to other cards' lists (answer once).

    At most :data:`~citydata_share.cli.capped.SHOWN` of them, those that could not be added
    (to add by hand) first; the rest are counted by list, with where to see them all.
    """
    from collections import Counter

    from rich.markup import escape

    from citydata_share.cli.capped import CHECK, capped, document, more_line
    from citydata_share.known import SOURCES

    shown = capped(result.added, first=lambda added: added.problem is not None)
    said = {id(added) for added in shown}
    left = Counter(
        (added.source, added.problem is None) for added in result.added if id(added) not in said
    )
    for added in shown:
        card = f"the {added.card.id} card"
        if added.problem is None:
            console().print(
                escape(f"Added {added.name!r} to {card}: {added.follow_up}."), highlight=False
            )
        else:
            err_console().print(
                "[yellow]Not added:[/] "
                + escape(
                    f"{added.name!r} could not be added to {card}: {added.problem} Add it "
                    f"by hand: run `{added.card.command}` and add {added.name!r}."
                )
            )
    for (source, done), count in left.items():
        spec = SOURCES[source]
        if done:
            what = f" added to the {spec.card} card"
            console().print(more_line(count, spec.noun, document(spec.card), what=what))
        else:
            what = f" not added to the {spec.card} card"
            err_console().print(more_line(count, spec.noun, CHECK, what=what))


def _issues_of(status: CardStatus) -> list[LinkIssue]:
    """The card's broken links, as its check said them: the board has just worked them out
    for the card saved (each problem reads "field: message"), so they are not checked
    again for its summary."""
    from citydata_share.cards.base import LinkIssue

    return [
        LinkIssue(
            p.field or "",
            p.message.removeprefix(f"{p.field}: ") if p.field else p.message,
            p.hint,
        )
        for p in status.problems
    ]


def _summary(
    card_id: str,
    model: CardModel,
    project: Project,
    models: Mapping[str, CardModel],
    issues: list[LinkIssue] | None = None,
) -> None:
    from citydata_share.cli.summaries import summary

    renderable = summary(card_id, model, project, models, issues)
    if renderable is not None:
        console().print()
        console().print(renderable)


@app.command(short_help="Is your organisation ready to share? Six dimensions.")
def readiness(
    ctx: typer.Context,
    answers: AnswersOption = None,
    no_input: NoInputOption = False,
    project: ProjectOption = None,
) -> None:
    """Is your organisation ready to share? Rate six dimensions with evidence and actions.

    Shows your readiness profile afterwards, with resources for the weakest dimensions.

    \b
    Examples:
      cds readiness
      cds readiness --answers readiness.yaml
    """
    prompter = _prompter(answers, no_input)
    proj = open_project(ctx, project)
    result = _run(proj, "readiness", prompter, answers, no_input)
    _show(proj, result)


def _phase(
    ctx: typer.Context,
    phase_name: str,
    card: str | None,
    answers: Path | None,
    no_input: bool,
    project: Path | None,
) -> None:
    """One phase's wizard: a card of it, or a menu of its cards that offers the next one."""
    from citydata_share.errors import CdsError
    from citydata_share.registry import Phase, cards_in

    phase = Phase(phase_name)
    ids = [c.id for c in cards_in(phase)]
    name = phase.value.upper()
    if card is None and answers is not None:
        card = _card_named_in(answers)
        if card is None:
            raise CdsError(
                f"{answers} does not say which card it is for (it has no 'card:' line).",
                f"Name the card: cds {phase.value} {ids[0]} --answers {answers}",
            )
    if card is not None and card not in ids:
        raise CdsError(f"{card!r} is not a {name} card.", _phase_hint(card, phase))
    if card is None and no_input:
        raise CdsError(
            "--no-input needs a card to fill.",
            f"Name one, e.g. cds {phase.value} {ids[0]} --no-input (cards: {', '.join(ids)})",
        )
    prompter = _prompter(answers, no_input)
    proj = open_project(ctx, project)
    if card is not None:
        _show(proj, _run(proj, card, prompter, answers, no_input))
        return
    assert prompter is not None
    _menu(proj, prompter, ids)


def _phase_hint(card: str, phase: Phase) -> str:
    """Where a card that is not in this phase lives, or the nearest card name."""
    import difflib

    from citydata_share.registry import BY_ID, cards_in

    ids = [c.id for c in cards_in(phase)]
    listed = f"{phase.value.upper()} cards: " + ", ".join(ids)
    if card in BY_ID:
        return f"{listed}. Run `{BY_ID[card].command}` for that card."
    close = difflib.get_close_matches(card, list(BY_ID), n=1)
    if close:
        return f"Did you mean {close[0]!r} (`{BY_ID[close[0]].command}`)? {listed}."
    return listed


CardArgument = Annotated[
    str | None,
    typer.Argument(
        help="One card of the phase (listed above). Without it, a menu of the cards.",
        show_default=False,
    ),
]


@app.command(short_help="Work through the DISCOVER cards, or one of them.")
def discover(
    ctx: typer.Context,
    card: CardArgument = None,
    answers: AnswersOption = None,
    no_input: NoInputOption = False,
    project: ProjectOption = None,
) -> None:
    """Work through the DISCOVER cards: reasons, team, ecosystem, data-systems, others-data,
    canvas.

    Without CARD, shows the cards with their state and offers the next one after each.

    \b
    Examples:
      cds discover
      cds discover reasons
      cds discover team --answers team.yaml
    """
    _phase(ctx, "discover", card, answers, no_input, project)


@app.command(short_help="Work through the PREPARE cards, or one of them.")
def prepare(
    ctx: typer.Context,
    card: CardArgument = None,
    answers: AnswersOption = None,
    no_input: NoInputOption = False,
    project: ProjectOption = None,
) -> None:
    """Work through the PREPARE cards: business-case, approvals, prepare-data, architecture,
    governance.

    Without CARD, shows the cards with their state and offers the next one after each.
    After each card, shows what it produced: the business case's totals and net present
    social value, the privacy screening outcome, the architecture advice, the governance path.

    \b
    Examples:
      cds prepare
      cds prepare governance
      cds prepare business-case --answers business-case.yaml
    """
    _phase(ctx, "prepare", card, answers, no_input, project)


@app.command(short_help="Work through the SHARE cards, or one of them.")
def share(
    ctx: typer.Context,
    card: CardArgument = None,
    answers: AnswersOption = None,
    no_input: NoInputOption = False,
    project: ProjectOption = None,
) -> None:
    """Work through the SHARE cards: culture, and review (review and retire, cds's addition
    from the toolkit's feature backlog).

    Without CARD, shows the cards with their state and offers the next one after each.

    \b
    Examples:
      cds share
      cds share culture
      cds share review --answers review.yaml
    """
    _phase(ctx, "share", card, answers, no_input, project)


def _menu(project: Project, prompter: Prompter, ids: list[str]) -> None:
    from citydata_share.boardcache import board
    from citydata_share.wizard.session import choose_card, next_card_id, offer_next

    def statuses() -> list[CardStatus]:
        return [s for s in board(project) if s.card.id in ids]

    current = statuses()
    chosen = choose_card(prompter, current, default=next_card_id(current, ""))
    while chosen is not None:
        _show(project, _run(project, chosen, prompter, None, False))
        chosen = offer_next(prompter, statuses(), chosen)
    console().print("See the whole board with `cds status`.")


def _card_named_in(answers: Path) -> str | None:
    """The card an answers file names in its `card:` line, if it does.

    A file that cannot be read at all is reported for what is wrong with it (a tag, a
    duplicate key, its encoding, its size; a missing file), with its line, rather than as
    a file without a `card:` line.
    """
    from citydata_share.errors import InvalidFileError, Problem
    from citydata_share.store import read_yaml

    data = read_yaml(answers).data
    if data is not None and not isinstance(data, dict):
        raise InvalidFileError(
            answers,
            [
                Problem(
                    answers,
                    "an answers file should be a set of 'question: answer' lines",
                    line=1,
                    hint="Use the card file's own format: copy cards/<card>.yaml and change it.",
                )
            ],
        )
    named = data.get("card") if data else None
    return str(named) if named else None
