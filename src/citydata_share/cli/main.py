"""Entry point of the `cds` command and of `python -m citydata_share`.

Errors and interrupts are turned into messages and exit codes in one place,
:class:`citydata_share.cli.app.CdsGroup`.
"""

from __future__ import annotations

from citydata_share.cli.app import app

# Importing these modules registers their commands on `app`. They import only typer at
# module level; each command imports what it needs when it runs.
from citydata_share.cli import project_cmds  # noqa: F401  isort: skip
from citydata_share.cli import wizard_cmds  # noqa: F401  isort: skip
from citydata_share.cli import report_cmds  # noqa: F401  isort: skip
from citydata_share.cli import resources_cmd  # noqa: F401  isort: skip
from citydata_share.cli import history_cmd  # noqa: F401  isort: skip
from citydata_share.cli import data_cmds  # noqa: F401  isort: skip
from citydata_share.cli import merge_cmd  # noqa: F401  isort: skip


def run() -> None:
    app(prog_name="cds")
