"""Entry point: the one place that turns errors and interrupts into messages and exit codes."""

from __future__ import annotations

import sys

from citydata_share.cli.app import app, err_console

# Importing these modules registers their commands on `app`. They import only typer at
# module level; each command imports what it needs when it runs.
from citydata_share.cli import project_cmds  # noqa: F401, E402  isort: skip
from citydata_share.cli import wizard_cmds  # noqa: F401, E402  isort: skip
from citydata_share.cli import report_cmds  # noqa: F401, E402  isort: skip
from citydata_share.cli import resources_cmd  # noqa: F401, E402  isort: skip


def run() -> None:
    """Run cds; user errors become a short message, never a traceback."""
    from citydata_share.errors import CdsError

    try:
        code = app(standalone_mode=False)
    except CdsError as exc:
        report_error(exc)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err_console().print("\n[yellow]Interrupted.[/] Nothing half-written was saved.")
        sys.exit(130)
    except EOFError:
        err_console().print(
            "[red]Error:[/] the input ended. Run this command in a terminal, "
            "or use --no-input / --answers FILE."
        )
        sys.exit(2)
    except OSError as exc:
        err_console().print(f"[red]Error:[/] {exc.strerror or exc} ({exc.filename or ''})")
        sys.exit(1)
    except SystemExit:
        raise
    except Exception as exc:  # the Click exceptions arrive here in non-standalone mode
        _handle_click(exc)
    if isinstance(code, int) and code:
        sys.exit(code)


def _handle_click(exc: Exception) -> None:
    import click

    if isinstance(exc, click.exceptions.Abort):
        if isinstance(exc.__cause__, EOFError):
            err_console().print(
                "[red]Error:[/] the input ended. Run this command in a terminal, "
                "or use --no-input / --answers FILE."
            )
            sys.exit(2)
        err_console().print("\n[yellow]Interrupted.[/] Nothing half-written was saved.")
        sys.exit(130)
    if isinstance(exc, click.exceptions.ClickException):
        exc.show()
        sys.exit(exc.exit_code)
    if isinstance(exc, click.exceptions.Exit):
        sys.exit(exc.exit_code)
    raise exc


def report_error(exc: BaseException) -> None:
    from rich.markup import escape

    from citydata_share.errors import CdsError, InvalidFileError

    console = err_console()
    if isinstance(exc, InvalidFileError):
        from citydata_share.cli.project_cmds import print_problems

        print_problems(exc.problems, console)
        console.print(f"[dim]{escape(exc.hint or '')}[/]")
        return
    if isinstance(exc, CdsError):
        console.print(f"[red]Error:[/] {escape(exc.message)}")
        if exc.hint:
            console.print(escape(exc.hint))
