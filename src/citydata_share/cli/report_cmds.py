"""`cds report`: render the project's documents."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from citydata_share.cli.app import ProjectOption, app, console, open_project

if TYPE_CHECKING:
    from citydata_share.store import Project

MAX_TODOS = 5  # to-dos listed per document; the rest are counted


@app.command(short_help="Write the project's documents (Markdown, HTML, Word).")
def report(
    ctx: typer.Context,
    document: Annotated[
        list[str] | None,
        typer.Argument(
            help="Documents to make (see --list). Default: every document that can be made.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="md, html or docx (Word), or all; repeat for several. Default: the "
            "project's report_formats (md and html). docx needs the extra: "
            'pip install "citydata-share[docx]".',
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        str | None,  # text, not a Path: --out '' must be refused, not read as "."
        typer.Option(
            metavar="DIR",
            help="Folder to write into. Default: the project's reports/ folder.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            metavar="YYYY-MM-DD",
            help="Date to print on the documents, YYYY-MM-DD (or DD/MM/YYYY, as in the UK). "
            "Default: when the answers last "
            "changed (their last git commit, or the files' dates), so the same answers "
            "always give the same documents.",
            show_default=False,
        ),
    ] = None,
    reference_doc: Annotated[
        Path | None,
        typer.Option(
            "--reference-doc",
            metavar="FILE.docx",
            help="A Word document or template (.docx, .dotx) whose styles, fonts, page "
            "set-up, header and footer the Word documents take, as with pandoc: restyle "
            "its Heading 1-5, Normal, List Paragraph, Table Grid (or pandoc's Table) and "
            "Hyperlink styles. Its text is not copied.",
            show_default=False,
        ),
    ] = None,
    list_documents: Annotated[
        bool, typer.Option("--list", help="List the documents cds can make, and stop.")
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Write the project's documents (Markdown and HTML; Word on request) into reports/.

    Unanswered questions appear in the documents as a marked "To do" naming the command
    that answers them; cds lists the files written and the to-dos each document shows.
    A Word document is made from the Markdown one, so it shows the same to-dos.

    \b
    Examples:
      cds report
      cds report -C examples/belfast
      cds report canvas team --format html --out /tmp/reports
      cds report agreement report --format docx --reference-doc our-template.docx
      cds report --format all
      cds report --list
    """
    from rich.markup import escape

    from citydata_share.errors import CdsError
    from citydata_share.render.documents import documents, parse_date, render

    out_console = console()
    if list_documents:
        for doc in documents():
            out_console.print(
                f"[bold]{doc.name}[/]  {escape(doc.title)}: {escape(doc.description)}"
            )
            out_console.print(f"    [dim]from: {', '.join(doc.cards)}[/]")
        return
    if out is not None and not out.strip():
        raise CdsError(
            "--out is empty, so cds does not know where to write the documents.",
            "Give a folder (it is made if it does not exist), e.g. --out reports-copy; "
            "without --out, the documents go to the project's reports folder.",
        )
    proj = open_project(ctx, project)
    _warn_conflicts(proj)
    formats = fmt or proj.config.settings.report_formats
    folder = Path(out) if out is not None else None
    when = parse_date(date) if date else None
    outcomes = render(proj, document or (), formats, folder, when, reference_doc=reference_doc)
    root = Path.cwd()
    written = [o for o in outcomes if o.written]
    if written:
        folder = written[0].written[0].parent
        out_console.print(f"Wrote into {escape(_shown(folder, root))}/:")
    listed: set[str] = set()
    for outcome in written:
        title = escape(outcome.document.title)
        files = ", ".join(escape(p.name) for p in outcome.written)
        if outcome.complete:
            out_console.print(f"  {title}: {files} [green](complete)[/]")
            continue
        count = len(outcome.gaps)
        own = [g for g in outcome.incomplete if g not in listed]
        noun = f"{count} to-do{'s' if count > 1 else ''}"
        if outcome.document.looks_across and len(own) < count:
            noun += f", {len(own)} not listed above" if own else ", all listed above"
        out_console.print(f"  {title}: {files} [yellow]({noun})[/]")
        for line in own[:MAX_TODOS]:
            out_console.print(f"    [dim]-[/] {escape(line)}")
        if len(own) > MAX_TODOS:
            out_console.print(
                f"    [dim]- and {len(own) - MAX_TODOS} more, marked in the document[/]"
            )
        listed.update(outcome.incomplete)
    for outcome in outcomes:
        if outcome.skipped:
            title = escape(outcome.document.title)
            out_console.print(f"[dim]Skipped[/] {title}: {escape(outcome.skipped)}")


def _warn_conflicts(project: Project) -> None:
    """Card files a merge left with conflict markers: their answers cannot be used."""
    from citydata_share.cli.app import err_console
    from citydata_share.cli.project_cmds import print_problems
    from citydata_share.conflicts import conflicted_files

    problems = conflicted_files(sorted((project.root / "cards").glob("*.yaml")))
    if problems:
        print_problems(problems, err_console())
        err_console().print("[yellow]The documents leave those answers out until it is fixed.[/]")


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
