"""`cds data profile|link|export`: measure the real datasets, check their keys, export the
register.

Each command calls one function of :mod:`citydata_share.profiling` and prints what it
measured through :mod:`citydata_share.cli.data_views`. Profiling and linking need the [data]
extra (DuckDB); without it they say what to install. Nothing here imports DuckDB.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from citydata_share.cli.app import (
    CdsGroup,
    ProjectOption,
    app,
    console,
    err_console,
    open_project,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from citydata_share.profiling.queries import Progress
    from citydata_share.store import Project

data_app = typer.Typer(
    cls=CdsGroup,
    help="Profile the real datasets, check the identifiers that link them, and export the "
    "dataset register. The data never leaves this machine, and no value from it is shown "
    "or saved: only counts and column names.\n\n"
    'Profiling and linking need the data extra: pip install "citydata-share[data]"',
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(data_app, name="data", short_help="Profile, link and export the real datasets.")


@contextlib.contextmanager
def _progress() -> Iterator[Progress | None]:
    """A progress bar on stderr while DuckDB works (drawn only at a terminal)."""
    if not err_console().is_terminal:
        yield None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=err_console(),
        transient=True,
    )
    with bar:
        task = bar.add_task("Starting", total=100)

        def update(label: str, percent: float | None) -> None:
            bar.update(task, description=label, completed=percent or 0)

        yield update


def _shown(path: Path, proj: Project | None) -> str:
    """How a file is named on a card: inside the project, its path there; else its name."""
    if proj is not None:
        try:
            return path.resolve().relative_to(proj.root.resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def _maybe_project(ctx: typer.Context, project: Path | None) -> Project | None:
    from citydata_share.errors import NotAProjectError

    try:
        return open_project(ctx, project)
    except NotAProjectError:
        return None


@data_app.command("profile")
def profile(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="The data file: CSV/TSV, Excel, ODS, JSON or Parquet.")
    ],
    dataset: Annotated[
        str | None,
        typer.Option(
            "--dataset",
            metavar="TITLE",
            help="Save the figures on this dataset of the data-systems card (added there if "
            "it is new).",
            show_default=False,
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            help="Excel or ODS: the sheet to read (default: the first).", show_default=False
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            help="CSV: the file's encoding (default: UTF-8, else Windows-1252).",
            show_default=False,
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Measure a data file: rows, columns, types, filled %, distinct values, ranges,
    duplicates, the identifiers it holds (UPRN, postcode, ONS GSS code, Companies House
    number) and how many are valid, and flags of possible personal data to review.

    Only counts and column names are shown or saved, never a value from the file. With
    --dataset, the figures are saved on that dataset of the data-systems card, and the data
    quality statement and data inventory show them.

    \b
    Examples:
      cds data profile rates.csv
      cds data profile data/rates.xlsx --sheet "2024" --dataset "Business rates"
    """
    from citydata_share.cli.data_views import print_profile
    from citydata_share.profiling.measure import profile_file

    proj = open_project(ctx, project) if dataset else _maybe_project(ctx, project)
    with _progress() as update:
        measured = profile_file(
            file, _shown(file, proj), sheet=sheet, encoding=encoding, progress=update
        )
    out = console()
    for warning in measured.warnings:
        err_console().print(f"[yellow]Note:[/] {_escape(warning)}")
    print_profile(measured.profile, out)
    if dataset and proj is not None:
        from citydata_share.cli.data_views import print_saved
        from citydata_share.profiling.saving import save_profile

        saved = save_profile(proj, dataset, measured.profile)
        print_saved(saved, out)


@data_app.command("link")
def link(
    ctx: typer.Context,
    left: Annotated[
        Path, typer.Argument(metavar="A", help="The first file (e.g. the rates list).")
    ],
    right: Annotated[Path, typer.Argument(metavar="B", help="The second file.")],
    on: Annotated[
        str,
        typer.Option(
            "--on",
            metavar="COLUMN[=COLUMN]",
            help="The key: a column of both files, or A's column=B's column.",
        ),
    ],
    key_as: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="KIND",
            help="How to compare keys: uprn, postcode or text (default: from the column names).",
            show_default=False,
        ),
    ] = None,
    unmatched: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Write the rows of A with no match in B to this CSV (or .parquet) file.",
            show_default=False,
        ),
    ] = None,
    save: Annotated[
        bool,
        typer.Option("--save", help="Keep the figures on the prepare-data card as evidence."),
    ] = False,
    project: ProjectOption = None,
) -> None:
    """How well two files join on a key: match rate each way, keys with no match and
    duplicate keys on each side. UPRNs and postcodes are normalised before comparing.

    \b
    Examples:
      cds data link rates.csv building-control.csv --on uprn
      cds data link rates.csv control.csv --on UPRN=property_ref --unmatched not-rated.csv
    """
    from citydata_share.cards.dataset_profile import KeyKind
    from citydata_share.cli.data_views import print_link
    from citydata_share.errors import CdsError
    from citydata_share.profiling.linking import link_files

    left_column, _, right_column = on.partition("=")
    kind = None
    if key_as is not None:
        try:
            kind = KeyKind(key_as)
        except ValueError:
            raise CdsError(
                f"--as {key_as!r} is not a kind of key.", "Use uprn, postcode or text."
            ) from None
    proj = open_project(ctx, project) if save else _maybe_project(ctx, project)
    with _progress() as update:
        linked = link_files(
            left,
            right,
            left_column.strip(),
            (right_column or left_column).strip(),
            left_shown=_shown(left, proj),
            right_shown=_shown(right, proj),
            key_as=kind,
            unmatched=unmatched,
            progress=update,
            hashes=proj is not None,  # only to name the datasets profiled in the project
        )
    evidence = linked.evidence
    if proj is not None:
        from citydata_share.profiling.saving import name_datasets

        name_datasets(proj, evidence)
    out = console()
    print_link(evidence, out)
    if unmatched is not None and linked.unmatched_written is not None:
        out.print(
            f"Wrote the {linked.unmatched_written:,} row(s) of A with no match in B to "
            f"{_escape(str(unmatched))}."
        )
    if save and proj is not None:
        from citydata_share.profiling.saving import save_link

        path = save_link(proj, evidence)
        out.print(f"Saved on the prepare-data card ({_escape(_shown(path, proj))}).")


@data_app.command("export")
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", metavar="FORMAT", help="dcat, datapackage or csv."),
    ],
    out: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Write here (default: print).", show_default=False),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            metavar="URL",
            help="dcat: where the profiled files are shared, for their access URLs.",
            show_default=False,
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """The project's dataset register, from the data-systems card and the profiles saved
    on it: DCAT-AP 3 JSON-LD (for CKAN and data portals), a Frictionless Data Package (with
    a Table Schema per profiled file), or CSV.

    \b
    Examples:
      cds data export -f dcat --base-url https://share.example.gov.uk/files --out catalogue.jsonld
      cds data export --format datapackage --out datapackage.json
      cds data export --format csv > register.csv
    """
    import os

    from citydata_share.cards.data_systems import DataSystems
    from citydata_share.errors import CdsError
    from citydata_share.profiling.register import FORMATS
    from citydata_share.profiling.register import export as make
    from citydata_share.store import atomic_write

    if fmt not in FORMATS:
        raise CdsError(
            f"--format {fmt!r} is not one the register comes in.", "Use dcat, datapackage or csv."
        )
    proj = open_project(ctx, project)
    card = proj.load_card("data-systems")
    if not isinstance(card, DataSystems) or not card.datasets:
        raise CdsError(
            "The data-systems card lists no datasets yet, so there is no register to export.",
            "List them with `cds discover data-systems`.",
        )
    relative = None
    if out is not None and fmt == "datapackage":
        relative = Path(os.path.relpath(proj.root.resolve(), out.resolve().parent)).as_posix()
        relative = None if relative == "." else relative
    register = make(fmt, card, proj.config, base_url=base_url, relative_to=relative)
    for warning in register.warnings:
        err_console().print(f"[yellow]Note:[/] {_escape(warning)}")
    if out is None:
        typer.echo(register.text, nl=False)
        return
    atomic_write(out, register.text)
    console().print(
        f"Wrote the register ({fmt}, {len(card.datasets)} datasets) to {_escape(str(out))}."
    )


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
