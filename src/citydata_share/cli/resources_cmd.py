"""`cds resources`: browse the toolkit's further resources."""

from __future__ import annotations

from typing import Annotated

import typer

from citydata_share.cli.app import app, console


@app.command(short_help="The toolkit's further reading: guidance, tools, case studies.")
def resources(
    search_text: Annotated[
        str | None,
        typer.Argument(
            metavar="[SEARCH]",
            help="Words to look for in titles, organisations and descriptions.",
            show_default=False,
        ),
    ] = None,
    card: Annotated[
        str | None,
        typer.Option(
            "--card",
            help="Only resources for this card (e.g. team), or 'general' for the overview.",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="Only this kind: case study, guidance, report, blog, online learning, "
            "tool, toolkit.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the matches as JSON, for scripts.")
    ] = False,
) -> None:
    """The toolkit's curated resources: guidance, tools, case studies, courses.

    Key resources (the ones the toolkit puts first) are marked with a star.

    \b
    Examples:
      cds resources --card readiness
      cds resources ethics --kind tool
    """
    import json

    from rich.markup import escape
    from rich.padding import Padding

    from citydata_share.resources import search
    from citydata_share.words import counted

    found = search(search_text, kind=kind, card=card)
    if as_json:
        console().print_json(json.dumps([r.model_dump(mode="json") for r in found]))
        return
    if not found:
        console().print("No resources match. Try fewer words, or leave out --kind or --card.")
        return
    out = console()
    for resource in found:
        star = "[yellow]*[/] " if resource.key else "  "
        out.print(
            f"{star}[bold]{escape(resource.title)}[/] ({escape(resource.organisation)}; "
            f"{resource.kind.label.lower()}; cards: {', '.join(resource.cards)})"
        )
        if out.soft_wrap:  # a pipe: one line, never cut (a reader or a script wraps it)
            out.print("  " + escape(resource.description))
        else:  # a terminal: wrapped at word boundaries, indented
            out.print(Padding(escape(resource.description), (0, 0, 0, 2)))
        if resource.url:
            # Never cut a link: it has to stay usable when copied from the terminal.
            out.print(f"  [link={resource.url}]{escape(resource.url)}[/link]", soft_wrap=True)
        out.print()
    console().print(
        f"{counted(len(found), 'resource')}. * = a key resource. "
        "From the City Data Sharing Toolkit v1.1 (Future Cities Catapult, CC BY-NC)."
    )
