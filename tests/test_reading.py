"""Files cds cannot read: special files, huge files, other encodings, half characters.

Every file cds reads (cds.yaml, cards, answers files, drafts, existing reports) goes through
one function, yamlio.read_text: ordinary files only, opened without waiting on a pipe, read
with a hard byte limit, UTF-8 only. Each refusal is a message with the file and, where there
is one, the line; no command hangs, eats memory or prints a traceback.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from citydata_share import yamlio
from citydata_share.errors import InvalidFileError
from citydata_share.store import Project
from citydata_share.wizard import drafts

Cds = Any
BELFAST = Path(__file__).parent.parent / "examples" / "belfast"
ZERO = Path("/dev/zero")
special = pytest.mark.skipif(not ZERO.exists() or not hasattr(os, "mkfifo"), reason="POSIX only")


def cds_process(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`cds ARGS` in its own process: a hang is a failed test, not a stuck suite."""
    return subprocess.run(
        [sys.executable, "-m", "citydata_share", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
    )


# The reading function ---------------------------------------------------------------------


def test_an_ordinary_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("name: Café\n", encoding="utf-8")
    assert yamlio.read_text(path) == "name: Café\n"


@special
@pytest.mark.parametrize("kind", ["link to /dev/zero", "named pipe", "folder", "socket"])
def test_what_is_not_an_ordinary_file_is_refused_unread(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "card.yaml"
    if kind == "link to /dev/zero":
        path.symlink_to(ZERO)
    elif kind == "named pipe":
        os.mkfifo(path)  # no writer: opening it to read would wait for ever
    elif kind == "folder":
        path.mkdir()
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
    try:
        with pytest.raises(yamlio.NotAFileProblem) as caught:
            yamlio.read_text(path)
    finally:
        if kind == "socket":
            server.close()
    assert "card.yaml" in caught.value.message
    assert "not an ordinary file" in caught.value.message
    assert caught.value.hint and "ordinary file" in caught.value.hint
    if kind == "link to /dev/zero":
        assert "a link to /dev/zero" in caught.value.message


def test_a_link_to_an_ordinary_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("a: 1\n")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    assert yamlio.read_text(tmp_path / "link.yaml") == "a: 1\n"


def test_the_byte_limit_is_hard_and_named(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:  # sparse: as large as it claims, at no cost
        handle.truncate(yamlio.MAX_BYTES + 1)
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.read_text(path)
    assert f"{yamlio.MAX_BYTES:,} bytes" in caught.value.message
    assert "16 MB" in caught.value.message
    assert yamlio.read_text(path, limit=yamlio.MAX_BYTES + 1) == "\0" * (yamlio.MAX_BYTES + 1)


def test_text_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: x\nplace: Café\n".encode("latin-1"))
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.read_text(path)
    assert caught.value.line == 2
    assert "UTF-8" in caught.value.message


# The commands -----------------------------------------------------------------------------


@special
@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_status_and_check_refuse_a_card_that_is_not_a_file(project: Project, kind: str) -> None:
    # A card that was a link to /dev/zero made `status` eat memory without limit; a named
    # pipe made it hang.
    path = project.card_path("reasons")
    path.parent.mkdir(exist_ok=True)
    if kind == "link":
        path.symlink_to(ZERO)
    else:
        os.mkfifo(path)
    status = cds_process("-C", str(project.root), "status")
    assert "Traceback" not in status.stderr
    assert "Fix reasons.yaml" in status.stdout
    check = cds_process("-C", str(project.root), "check")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert "reasons.yaml" in check.stdout and "not an ordinary file" in check.stdout
    result = cds_process("-C", str(project.root), "discover", "reasons", "--no-input")
    assert result.returncode == 1
    assert "not an ordinary file" in result.stderr


@special
def test_an_answers_file_that_is_dev_zero_is_refused(project: Project) -> None:
    result = cds_process(
        "-C", str(project.root), "discover", "reasons", "--answers", str(ZERO), timeout=60
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "not an ordinary file" in result.stderr


@special
def test_a_draft_that_is_a_named_pipe_is_reported_not_read(tmp_path: Path) -> None:
    path = tmp_path / "reasons.yaml"
    os.mkfifo(path)
    draft = drafts.read(path)
    assert draft is not None and draft.problem and "not an ordinary file" in draft.problem


@special
def test_cds_yaml_that_is_not_a_file_is_named(project: Project) -> None:
    config = project.root / "cds.yaml"
    config.unlink()
    config.symlink_to(ZERO)
    result = cds_process("-C", str(project.root), "status")
    assert result.returncode == 1
    assert "cds.yaml" in result.stderr and "not an ordinary file" in result.stderr


SURROGATE = (
    "card: reasons\ntitle: Define your reasons\nschema_version: 1\n"
    'notes: "An escaped half of a pair: \\ud800"\n'
)


def test_an_escaped_surrogate_is_refused_by_every_command(cds: Cds, project: Project) -> None:
    # It passed `check` and crashed `status` and `report` when they wrote the text out.
    project.card_path("reasons").write_text(SURROGATE, encoding="utf-8")
    check = cds("-C", str(project.root), "check")
    assert check.exit_code == 1
    assert "reasons.yaml" in check.output
    assert "line 4: the text holds an escaped half" in check.output
    status = cds("-C", str(project.root), "status")
    assert status.exit_code == 0 and "Fix reasons.yaml" in status.output
    report = cds("-C", str(project.root), "report")
    assert report.exit_code == 0
    summary = (project.reports_dir / "summary.md").read_text(encoding="utf-8")
    assert "fix `cards/reasons.yaml`" in summary
    with pytest.raises(InvalidFileError) as caught:
        project.load_card("reasons")
    assert caught.value.problems[0].line == 4


def test_a_card_that_is_not_utf8_stops_discover_with_its_line(cds: Cds, project: Project) -> None:
    # `check` reported it cleanly; `discover` crashed reading the file's text.
    text = "card: reasons\ntitle: Define your reasons\nnotes: Café\n"
    project.card_path("reasons").write_bytes(text.encode("latin-1"))
    result = cds("-C", str(project.root), "discover", "reasons", "--no-input")
    assert result.exit_code == 1
    assert "reasons.yaml" in result.output
    assert "line 3: the file is not UTF-8" in result.output
    assert project.card_path("reasons").read_bytes() == text.encode("latin-1")  # untouched


def test_an_existing_report_that_is_not_utf8_is_replaced(cds: Cds, project: Project) -> None:
    # Comparing the new document with the old one crashed on the old one's bytes.
    result = cds("-C", str(project.root), "report")
    assert result.exit_code == 0, result.output
    summary = project.reports_dir / "summary.md"
    summary.write_bytes(b"\xff\xfe not UTF-8")
    result = cds("-C", str(project.root), "report")
    assert result.exit_code == 0, result.output
    assert summary.read_text(encoding="utf-8").startswith("#")


@special
def test_an_existing_report_that_is_a_named_pipe_is_replaced_unread(project: Project) -> None:
    result = cds_process("-C", str(project.root), "report")
    assert result.returncode == 0, result.stderr
    target = project.reports_dir / "summary.md"
    target.unlink()
    os.mkfifo(target)
    result = cds_process("-C", str(project.root), "report")
    assert result.returncode == 0, result.stderr
    assert target.is_file()


@special
def test_a_reference_document_that_is_dev_zero_is_refused(project: Project) -> None:
    pytest.importorskip("docx")
    project.card_path("reasons").write_text((BELFAST / "cards" / "reasons.yaml").read_text())
    done = cds_process(
        "-C", str(project.root), "report", "summary", "--format", "docx",
        "--reference-doc", str(ZERO),
    )  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "zero is a device" in " ".join(done.stderr.split())


@special
def test_git_files_that_are_dev_zero_do_not_hang_a_save(tmp_path: Path) -> None:
    root = tmp_path / "share"
    done = cds_process("init", str(root), "--no-input", "--name", "Links")
    assert done.returncode == 0, done.stderr
    head = root / ".git" / "HEAD"
    head.unlink()
    head.symlink_to(ZERO)
    (root / ".gitattributes").unlink()
    (root / ".gitattributes").symlink_to(ZERO)
    answers = tmp_path / "answers.yaml"
    answers.write_text("card: reasons\nnotes: Still here\n")
    done = cds_process("-C", str(root), "discover", "reasons", "--answers", str(answers))
    assert "Traceback" not in done.stderr
    assert "Still here" in (root / "cards" / "reasons.yaml").read_text()
    assert "not in a git repository git can read" in " ".join(done.stderr.split())
