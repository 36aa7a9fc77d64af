"""An HTML report really renders in a browser (headless Chromium, when installed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from citydata_share.render.documents import render
from citydata_share.store import open_project

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "belfast"
BROWSER = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(BROWSER is None, reason="headless Chromium is not installed"),
]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    command = [
        BROWSER,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    render(open_project(EXAMPLE), [], ["html"], out)
    return out


def test_team_report_renders_its_headings_tables_and_chart(reports: Path, tmp_path: Path) -> None:
    done = _chromium(tmp_path, "--dump-dom", (reports / "team.html").as_uri())
    assert done.returncode == 0, done.stderr
    dom = done.stdout
    assert "<h1>Team and stakeholder map</h1>" in dom
    assert '<th scope="col">Role</th>' in dom
    assert "<svg" in dom and "Power and interest grid</title>" in dom
    assert "Manage closely" in dom


def test_canvas_report_screenshots(reports: Path, tmp_path: Path) -> None:
    shot = tmp_path / "canvas.png"
    done = _chromium(
        tmp_path,
        f"--screenshot={shot}",
        "--window-size=1200,1600",
        (reports / "canvas.html").as_uri(),
    )
    assert done.returncode == 0, done.stderr
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a real, non-blank page
