"""Messages that say what is really wrong (issue 9, defect 9): an answers file that cannot
be read is reported for its real problem, not as a file without a `card:` line; `report
--out` that is not a folder, or empty, is refused with a hint instead of "File exists" or
writing into the current folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from citydata_share.store import Project
from citydata_share.yamlio import MAX_BYTES

Cds = Any


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# 9. discover --answers names the real problem -------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"user_needs: !!python/name:os.system x\n", "line 1"),
        (b"user_needs:\n  - a\nuser_needs:\n  - b\n", "line 3"),
        (b"user_needs:\n  - caf\xe9\n", "not UTF-8"),
        (b"notes: " + b"x" * (MAX_BYTES + 1000) + b"\n", "bytes"),
    ],
    ids=["tag", "duplicate key", "encoding", "too large"],
)
def test_an_unreadable_answers_file_is_reported_for_what_is_wrong(
    cds: Cds, project: Project, tmp_path: Path, content: bytes, expected: str
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_bytes(content)
    before = _files(project.root)
    result = cds("-C", str(project.root), "discover", "--answers", str(answers))
    assert result.exit_code == 1
    assert "card:' line" not in result.output, result.output
    assert "answers.yaml" in result.output and expected in result.output, result.output
    assert "Traceback" not in result.output
    assert _files(project.root) == before


def test_a_missing_answers_file_is_reported_as_missing(
    cds: Cds, project: Project, tmp_path: Path
) -> None:
    result = cds("-C", str(project.root), "discover", "--answers", str(tmp_path / "none.yaml"))
    assert result.exit_code == 1
    assert "No such file" in result.output and "none.yaml" in result.output


def test_an_answers_file_without_a_card_line_still_says_so(
    cds: Cds, project: Project, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("user_needs:\n  - a\n")
    result = cds("-C", str(project.root), "discover", "--answers", str(answers))
    assert result.exit_code == 1 and "no 'card:' line" in result.output


# 9. report --out ------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/dev/null", "/dev/full", "file"])
def test_report_out_that_is_not_a_folder_is_refused_with_a_hint(
    cds: Cds, project: Project, tmp_path: Path, target: str
) -> None:
    if target.startswith("/dev/") and not Path(target).exists():
        pytest.skip(f"no {target} here")
    out = target if target.startswith("/") else str(tmp_path / "existing.txt")
    if target == "file":
        Path(out).write_text("keep me")
    result = cds("report", "-C", str(project.root), "--out", out)
    assert result.exit_code == 1
    assert "not a folder" in result.output and "--out" in result.output
    assert "File exists" not in result.output
    if target == "file":
        assert Path(out).read_text() == "keep me"


def test_report_out_empty_is_refused_not_written_here(
    cds: Cds, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cds("report", "-C", str(project.root), "--out", "")
    assert result.exit_code == 1 and "--out is empty" in result.output
    assert list(tmp_path.iterdir()) == [project.root]
