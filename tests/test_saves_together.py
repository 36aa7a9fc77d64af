"""Saves by two cds at once: a draft being written survives another's save, and a save
waits for another to finish (issue 9, defects 7 and 10).

7. Another cds's save swept away the temporary file of the wizard's draft (draft writes
   take no lock): the wizard exited 1 and the answer was lost.
10. The project lock did not wait: two saves to different cards at once refused one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from citydata_share import store, yamlio
from citydata_share.store import TEMP_SUFFIX, Project
from citydata_share.wizard import drafts


def _draft(project: Project, needs: list[str]) -> Path:
    path = project.draft_path("reasons")
    drafts.write(path, "reasons", "Define your reasons", {"user_needs": needs})
    return path


def _needs(path: Path) -> object:
    return yamlio.read(path).data.get("user_needs")


# 7. Temporary files of drafts -----------------------------------------------------------

SWEEP = textwrap.dedent("""
    import sys
    from pathlib import Path
    from citydata_share.store import load_project
    with load_project(Path(sys.argv[1])).lock():  # what another cds's save does
        pass
""")


def test_another_saves_sweep_spares_a_draft_being_written(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync
    swept: list[int] = []

    def another_cds_saves(fd: int) -> None:
        if not swept:  # between writing the draft's temporary file and renaming it
            swept.append(
                subprocess.run([sys.executable, "-c", SWEEP, str(project.root)]).returncode
            )
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", another_cds_saves)
    path = _draft(project, ["Kept"])
    assert swept == [0]
    assert _needs(path) == ["Kept"]


def _temp_file(folder: Path, pid: int, age: float = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f".reasons.yaml.{pid}{TEMP_SUFFIX}"
    temp.write_text("half", encoding="utf-8")
    os.utime(temp, (time.time() - age, time.time() - age))
    return temp


def test_the_sweep_removes_only_abandoned_temporary_files(project: Project) -> None:
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as alive:
        dead = subprocess.run([sys.executable, "-c", "pass"], check=True)
        assert dead.returncode == 0
        dead_pid = subprocess.Popen([sys.executable, "-c", "pass"])
        dead_pid.wait()
        writing = _temp_file(project.drafts_dir, alive.pid)
        abandoned = _temp_file(project.root / "cards", dead_pid.pid)
        stale = _temp_file(project.state_dir, alive.pid, age=store.TEMP_FILE_AGE + 60)
        removed = project.remove_temp_files()
        alive.kill()
    assert writing.exists()
    assert not abandoned.exists() and not stale.exists()
    assert sorted(removed) == sorted([abandoned, stale])


# 10. The lock waits -----------------------------------------------------------------------

HOLD = textwrap.dedent("""
    import sys, time
    from filelock import FileLock
    with FileLock(sys.argv[1]):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def test_a_save_waits_for_another_save_to_finish(project: Project) -> None:
    project.state_dir.mkdir(exist_ok=True)
    lock_file = str(project.state_dir / "lock")
    args = [sys.executable, "-c", HOLD, lock_file, "1"]
    with subprocess.Popen(args, stdout=subprocess.PIPE, text=True) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        project.save_config(project.config.model_copy(update={"name": "Waited"}))
        assert holder.wait(timeout=30) == 0
    assert store.load_project(project.root).config.name == "Waited"


def test_two_commands_saving_different_cards_at_once_both_succeed(
    project: Project, tmp_path: Path
) -> None:
    belfast = Path(__file__).parent.parent / "examples" / "belfast" / "cards"
    commands = [
        [sys.executable, "-m", "citydata_share", "-C", str(project.root), *cmd]
        for cmd in (
            ["discover", "team", "--answers", str(belfast / "team.yaml")],
            ["discover", "reasons", "--answers", str(belfast / "reasons.yaml")],
        )
    ]
    project.state_dir.mkdir(exist_ok=True)
    holder = [sys.executable, "-c", HOLD, str(project.state_dir / "lock"), "2"]
    with subprocess.Popen(holder, stdout=subprocess.PIPE, text=True) as held:
        assert held.stdout is not None and held.stdout.readline().strip() == "held"
        # Both start while a third save holds the lock: each must wait, not refuse.
        running = [
            subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for c in commands
        ]
        outputs = [p.communicate(timeout=60)[0].decode() for p in running]
    assert [p.returncode for p in running] == [0, 0], outputs
    assert project.load_card("team") is not None and project.load_card("reasons") is not None
