"""`cds --help`, `--version` and `status` stay fast: no prompt or template libraries load."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("questionary", "prompt_toolkit", "jinja2")


def imported_modules(*args: str, cwd: Path | None = None) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "citydata_share", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={"PATH": "", "NO_COLOR": "1", "COLUMNS": "100"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert modules, "python -X importtime printed nothing"
    return modules


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["status", "--help"]])
def test_help_and_version_import_nothing_heavy(args: list[str]) -> None:
    loaded = imported_modules(*args)
    assert "typer" in loaded  # the measurement itself works
    assert not loaded & set(HEAVY), f"cds {' '.join(args)} imported {loaded & set(HEAVY)}"


def test_status_imports_nothing_heavy(project: object) -> None:
    root = project.root  # type: ignore[attr-defined]
    loaded = imported_modules("status", "-C", str(root))
    assert "pydantic" in loaded
    assert not loaded & set(HEAVY), f"cds status imported {loaded & set(HEAVY)}"
