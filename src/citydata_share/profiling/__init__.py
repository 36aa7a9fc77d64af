"""`cds data`: measure the real datasets on this machine, with DuckDB (the [data] extra).

Only the modules of this package that read files (:mod:`.source`, :mod:`.measure`,
:mod:`.linking`) import duckdb or python_calamine, and only when a command needs them:
`cds --help` and `cds status` never load them. :mod:`.patterns` and :mod:`.register` are
plain Python. Nothing here prints: errors are :class:`~citydata_share.errors.CdsError`
naming the file and what is wrong, and never quoting a value from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from citydata_share.errors import CdsError

if TYPE_CHECKING:
    from types import ModuleType

INSTALL = 'pip install "citydata-share[data]"'


class MissingExtraError(CdsError):
    """`cds data profile` and `link` need DuckDB, an optional extra."""

    def __init__(self, missing: str) -> None:
        super().__init__(
            f"`cds data` needs {missing}, which is not installed.",
            f"Install the data extra: {INSTALL}",
        )


def need_duckdb() -> ModuleType:
    """The duckdb module, or a clear message saying how to install it."""
    try:
        import duckdb
    except ImportError:
        raise MissingExtraError("DuckDB") from None
    return duckdb


def need_calamine() -> ModuleType:
    try:
        import python_calamine
    except ImportError:
        raise MissingExtraError("python-calamine (for Excel and ODS files)") from None
    return python_calamine
