"""`cds init`, `cds status` and `cds check`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from citydata_share.cli.app import (
    ProjectOption,
    app,
    console,
    interactive,
    open_project,
)
from citydata_share.words import counted

if TYPE_CHECKING:
    from rich.console import Console

    from citydata_share.errors import Problem
    from citydata_share.progress import CardStatus


def shown_path(path: Path) -> str:
    """A path as the user can best use it: relative to where they are when that is shorter."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return relative if len(relative) < len(str(path)) else str(path)


def print_problems(problems: list[Problem], out: Console) -> None:
    """Problems grouped by file: where, which field, what, and how to fix it."""
    from rich.markup import escape

    by_file: dict[Path, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    for path, found in by_file.items():
        out.print(f"[bold red]{escape(shown_path(path))}[/]: {counted(len(found), 'problem')}")
        for problem in found:
            where = f"line {problem.line}" if problem.line else "file"
            out.print(f"  [bold]{where}[/]: {escape(problem.message)}")
            if problem.hint:
                out.print(f"    [dim]{escape(problem.hint)}[/]")


@app.command(short_help="Start a data sharing project: a folder tracked with git.")
def init(
    path: Annotated[Path, typer.Argument(help="Folder for the new project.")] = Path("."),
    name: Annotated[str | None, typer.Option(help="The project's name.")] = None,
    description: Annotated[str | None, typer.Option(help="What the share is for.")] = None,
    organisation: Annotated[str | None, typer.Option(help="Your organisation.")] = None,
    partner: Annotated[
        list[str] | None,
        typer.Option(
            help="A partner as NAME:ROLE (role: provider, receiver, both, support). Repeatable.",
            metavar="NAME:ROLE",
        ),
    ] = None,
    role: Annotated[
        str | None, typer.Option(help="Your organisation's role: provider, receiver or both.")
    ] = None,
    reach: Annotated[str | None, typer.Option(help="internal or external.")] = None,
    frequency: Annotated[str | None, typer.Option(help="one-off or ongoing.")] = None,
    personal_data: Annotated[
        str | None,
        typer.Option(help="Could the data identify a living person? no, unsure or yes."),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Ask nothing: use the options and defaults.")
    ] = False,
    no_git: Annotated[
        bool, typer.Option("--no-git", help="Do not make the folder a git repository.")
    ] = False,
) -> None:
    """Start a data sharing project in PATH (a new folder, tracked with git).

    In a terminal it asks for the project's details; with --no-input it takes them from
    the options.

    \b
    Examples:
      cds init rates-share
      cds init rates-share --no-input --name "Business rates" --role provider \\
        --organisation "Belfast City Council" --partner "Future Cities Catapult:receiver"
    """
    import shlex

    from rich.markup import escape

    from citydata_share.errors import NoTerminalError
    from citydata_share.store import create_project, refuse_existing

    refuse_existing(path)  # before any question, so no answers are typed in vain
    given: dict[str, Any] = {
        "name": name,
        "description": description,
        "organisation": organisation,
        "role": role,
        "reach": reach,
        "frequency": frequency,
        "personal_data": personal_data,
    }
    given = {key: value for key, value in given.items() if value is not None}
    for key, value in [*given.items(), *(("partner", text) for text in partner or [])]:
        _refuse_undecodable(key, value)
    if partner:
        given["partners"] = [_parse_partner(text) for text in partner]
    if no_input:
        given.setdefault("name", path.resolve().name)
        config = _validate_options(given)
    elif interactive():
        from citydata_share.wizard.session import ask_project

        given.setdefault("name", path.resolve().name)
        config = ask_project(given)
    else:
        raise NoTerminalError(
            "cds init asks questions, but this is not a terminal.",
            "Give the answers as options and add --no-input, e.g. "
            'cds init my-share --no-input --name "My share"',
        )
    created = create_project(path, config, git=not no_git)
    out = console()
    started_in = shown_path(path.resolve())
    out.print(f"[green]Started[/] {escape(repr(config.name))} in {escape(started_in)}")
    if created.git == "repository":
        out.print(
            "A git repository was made" + (" with a first commit." if created.committed else ".")
        )
    if created.git_note:
        out.print(created.git_note, markup=False)
    if created.git != "none":
        out.print(
            "cds commits each answer you save, and the documents it writes "
            "(to stop it: git_commit: false under settings in cds.yaml)."
        )
    if config.personal_data and config.personal_data.value != "no":
        out.print(
            "[yellow]Note:[/] the toolkit is about non-personal data. Involve your Data "
            "Protection Officer early; you will need a lawful basis for any personal data."
        )
    where = "" if path.resolve() == Path.cwd() else f" -C {escape(shlex.quote(shown_path(path)))}"
    out.print("\nNext steps:")
    out.print(f"  cds readiness{where}   check your organisation is ready to share")
    out.print(f"  cds discover{where}    work through the DISCOVER cards")
    out.print(f"  cds status{where}      see the whole board")


def _refuse_undecodable(option: str, value: str) -> None:
    """Refuse an option whose bytes were not UTF-8 (Python keeps them as lone surrogates):
    written to cds.yaml they would make a project no one can read back."""
    from citydata_share.errors import CdsError

    if any(0xD800 <= ord(char) <= 0xDFFF for char in value):
        raise CdsError(
            f"--{option.replace('_', '-')} is not UTF-8 text (it holds bytes in another "
            "encoding), so it cannot be written to cds.yaml.",
            "Set your terminal to UTF-8, or type the text again; nothing was created.",
        )


def _parse_partner(text: str) -> dict[str, str]:
    from citydata_share.errors import CdsError

    name, sep, role = text.rpartition(":")
    if not sep or not name.strip():
        raise CdsError(
            f"--partner {text!r} should be NAME:ROLE.",
            'For example --partner "Future Cities Catapult:receiver" '
            "(roles: provider, receiver, both, support).",
        )
    return {"name": name.strip(), "role": role.strip().lower()}


def _validate_options(given: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    from citydata_share.errors import CdsError
    from citydata_share.project import ProjectConfig

    try:
        return ProjectConfig.model_validate(given)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = [str(part) for part in error["loc"]]
        option = "--partner" if loc and loc[0] == "partners" else "--" + loc[0].replace("_", "-")
        expected = (error.get("ctx") or {}).get("expected")
        if expected:
            raise CdsError(
                f"{option}: {error['input']!r} is not one of the choices.",
                f"Use one of: {expected}",
            ) from None
        raise CdsError(
            f"{option}: {error['input']!r} is not accepted ({error['msg']}).",
            "See `cds init --help`.",
        ) from None


_MARKS = {
    "not started": ("·", "dim"),
    "in progress": ("◐", "yellow"),
    "complete": ("✓", "green"),
    "needs attention": ("!", "bold red"),
}


@app.command()
def status(
    ctx: typer.Context,
    project: ProjectOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the board as JSON.")] = False,
) -> None:
    """Show the toolkit's board: every card's state and the next step.

    \b
    Examples:
      cds status
      cds status -C examples/belfast --json
    """
    from citydata_share.boardcache import board
    from citydata_share.gitlog import uncommitted
    from citydata_share.mergedriver import missing_driver, setup_command
    from citydata_share.progress import next_step

    proj = open_project(ctx, project)
    statuses = board(proj)
    step = next_step(statuses)
    pending = uncommitted(proj.root, ["cds.yaml", "cards"])  # None: not in git
    setup = setup_command() if missing_driver(proj.root) else None
    if as_json:
        import json

        typer.echo(
            json.dumps(
                {
                    "project": proj.config.name,
                    "root": str(proj.root),
                    "role": proj.role,
                    "cards": [s.as_json() for s in statuses],
                    "next": step,
                    "uncommitted": pending,
                    "merge_driver_setup": setup,
                },
                indent=2,
            )
        )
        return
    _print_board(
        proj.config.name, proj.config.organisation, proj.role, statuses, step, pending, setup
    )


def _print_board(
    name: str,
    organisation: str | None,
    role: str,
    statuses: list[CardStatus],
    step: str,
    uncommitted: list[str] | None = None,
    merge_setup: str | None = None,
) -> None:
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from citydata_share.registry import ADDITION_NOTE, Lane, Phase

    out = console()
    who = f" · {escape(organisation)}" if organisation else ""
    out.print(f"[bold]{escape(name)}[/]{who} · role: {role}")
    table = Table(show_lines=True, expand=False, title="City Data Sharing Toolkit board")
    table.add_column("Lane", style="bold")
    phases = list(Phase)
    for phase in phases:
        table.add_column(phase.value.upper())
    for lane, label in (
        (Lane.SERVICE, "Service"),
        (Lane.BOTH, "Service &\ntechnical"),
        (Lane.TECHNICAL, "Technical"),
    ):
        cells = []
        for phase in phases:
            text = Text()
            for status in statuses:
                if status.card.phase is phase and status.card.lane is lane:
                    mark, style = _MARKS[status.state.value]
                    if text:
                        text.append("\n")
                    text.append(f"{mark} ", style=style)
                    text.append(status.card.title, style=None if status.card.has_wizard else "dim")
                    if not status.card.toolkit:
                        text.append(" *", style="dim")
                    text.append(f"\n  {status.state.value}", style=style)
                    if status.has_draft:
                        text.append(" (unsaved draft)", style="yellow")
            cells.append(text)
        table.add_row(label, *cells)
    out.print(table)
    legend = "  ".join(f"[{style}]{mark}[/] {state}" for state, (mark, style) in _MARKS.items())
    out.print(legend)
    if any(not s.card.toolkit for s in statuses):
        out.print(f"[dim]* {escape(ADDITION_NOTE)}[/]")
    if uncommitted:
        out.print(
            f"[yellow]Not committed:[/] {escape(', '.join(uncommitted))} "
            f"{'has' if len(uncommitted) == 1 else 'have'} changes git has not recorded; "
            f"commit with: git add {escape(' '.join(uncommitted))} && git commit"
        )
    if merge_setup:
        out.print(
            "[yellow]Merges:[/] .gitattributes asks git to merge card files answer by answer, "
            "but this clone has no such merge driver set up, so git merges them line by line "
            f"(any cds save sets it up); set it up now with: {escape(merge_setup)}"
        )
    out.print(f"\n[bold]Next:[/] {escape(step)}")


@app.command()
def check(ctx: typer.Context, project: ProjectOption = None) -> None:
    """Check every file of the project and the links between cards.

    Reports all problems at once, grouped by file, with the line, the field and how to
    fix each. Exit status 0 when all is well, 1 when not.

    \b
    Examples:
      cds check
      cds check -C examples/belfast
    """
    from citydata_share.errors import InvalidFileError
    from citydata_share.progress import check_project

    try:
        proj = open_project(ctx, project)
    except InvalidFileError as exc:
        print_problems(exc.problems, console())
        raise typer.Exit(1) from None
    grouped = check_project(proj)
    if not grouped:
        files = 1 + sum(1 for p in (proj.root / "cards").glob("*.yaml"))
        console().print(f"[green]All is well:[/] {counted(files, 'file')} checked, no problems.")
        return
    problems = [problem for found in grouped.values() for problem in found]
    print_problems(problems, console())
    console().print(
        f"\n{counted(len(problems), 'problem')} in {counted(len(grouped), 'file')}. "
        "Fix them by hand, or re-run the card's command to answer again."
    )
    raise typer.Exit(1)
