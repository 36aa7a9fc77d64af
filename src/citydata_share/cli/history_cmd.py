"""`cds history`: who changed which answer, when, from what to what (read from git)."""

from __future__ import annotations

from typing import Annotated

import typer

from citydata_share.cli.app import ProjectOption, app, console, err_console, open_project


@app.command(short_help="Who changed which answer, when, from what to what (from git).")
def history(
    ctx: typer.Context,
    card: Annotated[
        str | None,
        typer.Argument(
            help="One card (team, reasons...) or cds.yaml. Default: every card and cds.yaml.",
            show_default=False,
        ),
    ] = None,
    field: Annotated[
        str | None,
        typer.Option(
            "--field",
            metavar="PATH",
            help="Only this answer and what lies under it, as a dotted path: people[2].role "
            "(one person's role), people.role (anyone's role), people (the list).",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit", "-n", min=1, help="Show at most this many changes.", show_default=False
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Show who changed which answer, when, and from what to what: one line per changed
    answer, newest first, read from the project's git history.

    \b
    Examples:
      cds history
      cds history team
      cds history team --field people.role
      cds history reasons -n 10
    """
    from rich.markup import escape
    from rich.text import Text

    from citydata_share import gitlog
    from citydata_share.history import line, read_history

    proj = open_project(ctx, project)
    if card is not None and card != "cds.yaml":
        _check_card(card)
    entries = read_history(proj.root, card, field, limit)
    out = console()
    width = min(max((len(e.author) for e in entries), default=0), 40)
    if entries:  # one Text: user text is never markup, and 2,000 lines print at once
        out.print(Text("\n".join(line(entry, width) for entry in entries)))
    rel = ["cds.yaml", "cards"] if card is None else [_file(card)]
    pending = gitlog.uncommitted(proj.root, rel)
    if not entries:
        what = f"the {card} card" if card and card != "cds.yaml" else card or "this project"
        under = f" under {field}" if field else ""
        message = f"No changes to {what}{under} are recorded in git yet."
        if field and card and card != "cds.yaml":
            message += " " + _fields_hint(card)
        out.print(escape(message))
    if pending:
        err_console().print(
            f"[yellow]Not in the history yet:[/] {escape(', '.join(pending))} "
            "(changes not committed). Commit them with: git add "
            + escape(" ".join(pending))
            + " && git commit"
        )


def _file(card: str) -> str:
    return "cds.yaml" if card == "cds.yaml" else f"cards/{card}.yaml"


def _check_card(card: str) -> None:
    import difflib

    from citydata_share.errors import CdsError
    from citydata_share.registry import BY_ID

    if card in BY_ID:
        return
    close = difflib.get_close_matches(card, list(BY_ID), n=1)
    raise CdsError(
        f"{card!r} is not a card cds knows.",
        (f"Did you mean {close[0]!r}? " if close else "")
        + "Cards: "
        + ", ".join(BY_ID)
        + ", or cds.yaml.",
    )


def _fields_hint(card: str) -> str:
    from citydata_share.registry import BY_ID

    names = [n for n in BY_ID[card].model().model_fields if n not in ("card", "title")]
    return "Its answers: " + ", ".join(n for n in names if n != "schema_version") + "."
