"""The Typer application, the global options and the consoles every command shares."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from citydata_share import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from citydata_share.errors import CdsError
    from citydata_share.store import Project


class CdsGroup(TyperGroup):
    """Runs every command inside the one handler that turns errors into messages.

    A user error (:class:`~citydata_share.errors.CdsError`) prints a short message and a
    hint and exits with its code; Ctrl-C exits 130; an input that ends exits 2. No
    traceback reaches the user for any of these. CliRunner tests see the same behaviour.
    """

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """Each command, with its options shown as ``--card CARD`` rather than ``<str>``."""
        command = super().get_command(ctx, cmd_name)
        for param in getattr(command, "params", []):
            if param.metavar is None and not getattr(param, "is_flag", False) and param.name:
                param.metavar = param.name.upper()
        return command

    def invoke(self, ctx: Any) -> Any:
        from citydata_share.errors import CdsError

        try:
            return super().invoke(ctx)
        except CdsError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            # Commands that keep drafts say so themselves; here nothing was half-written.
            err_console().print("\n[yellow]Interrupted.[/] Nothing was half-written.")
            raise typer.Exit(130) from None
        except OSError as exc:
            report_error(_os_error(exc))
            raise typer.Exit(1) from None
        except EOFError:
            if interactive():  # Ctrl-D at a prompt: the user chose to stop
                err_console().print("\n[yellow]Stopped.[/] Nothing was half-written.")
                raise typer.Exit(1) from None
            err_console().print(
                "[red]Error:[/] the input ended. Run this command in a terminal, "
                "or use --no-input or --answers FILE."
            )
            raise typer.Exit(2) from None


def _os_error(exc: OSError) -> CdsError:
    """A file-system error as a user error: what happened, to which file, what to do."""
    import errno

    from citydata_share.errors import CdsError

    where = f": {exc.filename}" if exc.filename else ""
    what = exc.strerror or str(exc)
    hints = {
        errno.ENOENT: "Check the path and try again.",
        errno.EISDIR: "Give the path of a file, not a folder.",
        errno.EACCES: "cds needs to write in the project folder: check its permissions "
        "(reports can go elsewhere with --out DIR).",
        errno.EROFS: "The folder is read-only: copy the project somewhere writable "
        "(reports can go elsewhere with --out DIR).",
        errno.ENOSPC: "The disk is full: free some space and run the command again. "
        "Files are replaced whole, so nothing was left half-written.",
    }
    hints[errno.EPERM] = hints[errno.EACCES]
    hints[errno.ENOTDIR] = "A part of that path is a file, not a folder: check the path."
    hints[errno.EEXIST] = "A file is in the way where cds needs a folder: check the path."
    return CdsError(f"{what}{where}", hints.get(exc.errno or 0))


def report_error(exc: BaseException) -> None:
    from rich.markup import escape

    from citydata_share.errors import CdsError, InvalidFileError

    out = err_console()
    if isinstance(exc, InvalidFileError):
        from citydata_share.cli.project_cmds import print_problems

        print_problems(exc.problems, out)
        out.print(f"[dim]{escape(exc.hint or '')}[/]")
        return
    if isinstance(exc, CdsError):
        out.print(f"[red]Error:[/] {escape(exc.message)}")
        if exc.hint:
            out.print(escape(exc.hint))


app = typer.Typer(
    cls=CdsGroup,
    name="cds",
    help=(
        "cds, the City Data Sharing wizard: work through the City Data Sharing Toolkit "
        "(Future Cities Catapult) card by card, keep the answers as plain YAML in git, "
        "and write the documents your organisation needs.\n\n"
        "Start with `cds init my-share`, then `cds status` to see what to do next."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-C",
        metavar="PATH",
        help="The project folder (default: the nearest folder upward holding cds.yaml).",
        show_default=False,
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cds {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    project: ProjectOption = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    ctx.obj = {"project": project}


def project_path(ctx: typer.Context, project: Path | None) -> Path | None:
    """The -C given to the command, else the one given before it, else None (search)."""
    if project is not None:
        return project
    obj: Any = ctx.find_root().obj or {}
    found: Path | None = obj.get("project")
    return found


def open_project(ctx: typer.Context, project: Path | None) -> Project:
    from citydata_share.store import open_project as _open

    return _open(project_path(ctx, project))


_consoles: dict[str, Console] = {}


def console() -> Console:
    """Standard output. Honours NO_COLOR (rich does) and a dumb or missing terminal."""
    if "out" not in _consoles:
        from citydata_share.cli.output import SafeConsole

        # Wrap for a reader at a terminal; never break lines (paths, commands) in a pipe.
        # User text is printed with its control and bidi characters written out visibly.
        _consoles["out"] = SafeConsole(highlight=False, soft_wrap=not sys.stdout.isatty())
    return _consoles["out"]


def err_console() -> Console:
    """Standard error, as safe as :func:`console`."""
    if "err" not in _consoles:
        from citydata_share.cli.output import SafeConsole

        _consoles["err"] = SafeConsole(
            stderr=True, highlight=False, soft_wrap=not sys.stderr.isatty()
        )
    return _consoles["err"]


def interactive() -> bool:
    """True when both ends are a terminal, so prompts can be shown."""
    if os.environ.get("CDS_NO_INPUT"):
        return False
    return sys.stdin.isatty() and sys.stdout.isatty()
