"""`cds merge-file`: git's merge driver for card files and cds.yaml (hidden from --help)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from citydata_share.cli.app import app, err_console


@app.command("merge-file", hidden=True)
def merge_file(
    base: Annotated[Path, typer.Argument(help="The common ancestor's version (git's %O).")],
    ours: Annotated[
        Path, typer.Argument(help="Our version (git's %A): the merged file is written here.")
    ],
    theirs: Annotated[Path, typer.Argument(help="Their version (git's %B).")],
    path: Annotated[
        str | None,
        typer.Argument(help="The file's path in the repository (git's %P).", show_default=False),
    ] = None,
) -> None:
    """Merge two versions of a card file (or cds.yaml) answer by answer: git runs this as
    the merge driver `.gitattributes` names (merge=cds), not you.

    Each answer takes the side that changed it; records pair by name. The merged file is
    written to OURS as a save writes it, and the exit status is 0. Where both sides changed
    one answer differently, or a file cannot be read, git's own text merge is left in OURS
    with its conflict markers, and the exit status is 1.

    \b
    Examples:
      git config merge.cds.driver "python -m citydata_share merge-file %O %A %B %P"
      cds merge-file base.yaml ours.yaml theirs.yaml cards/team.yaml
    """
    from rich.markup import escape

    from citydata_share.mergedriver import merge_file as merge

    outcome = merge(base, ours, theirs, path)
    if outcome.message:
        err_console().print(f"[yellow]cds:[/] {escape(outcome.message)}")
    raise typer.Exit(outcome.code)
