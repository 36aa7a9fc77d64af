"""Saves SIGKILLed at random moments: every file is the old version or the new, never
anything else, and the next save works (issue 9, "Make it stay fixed").

Each round runs the real `cds discover team --answers FILE` in a process of its own and
kills it with SIGKILL after a random delay somewhere in a save's life: loading, validating,
waiting for or holding the lock, writing the temporary file, fsync, rename. To fit many
rounds in a few seconds, a driver imports cds once and forks a fresh process per save
(the same code `cds` runs, without paying for Python's start-up each time).

``ROUNDS`` is the number of kills the README's reliability figures report.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from citydata_share import yamlio
from citydata_share.store import TEMP_SUFFIX, Project

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs fork and SIGKILL")

ROUNDS = 30
BELFAST_TEAM = Path(__file__).parent.parent / "examples" / "belfast" / "cards" / "team.yaml"

DRIVER = textwrap.dedent("""
    import os, signal, sys, time
    from citydata_share.cli.main import app  # every import paid once, before any fork

    root, answers = sys.argv[1], sys.argv[2:]
    quiet = os.open(os.devnull, os.O_WRONLY)
    for line in sys.stdin:
        which, delay = line.split()
        wall, started = time.time(), time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the save: exactly what `cds -C ROOT discover team --answers F` runs
            os.dup2(quiet, 1)
            os.dup2(quiet, 2)
            code = 0
            try:
                app(["-C", root, "discover", "team", "--answers", answers[int(which)]])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            os._exit(code)
        deadline = started + float(delay)
        while True:  # the save ends by itself, or is killed when the delay is up
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.perf_counter() >= deadline:
                os.kill(pid, signal.SIGKILL)
                _, status = os.waitpid(pid, 0)
                break
            time.sleep(0.0005)
        took = time.perf_counter() - started
        done = "killed" if os.WIFSIGNALED(status) else f"exit-{os.WEXITSTATUS(status)}"
        print(done, f"{took:.4f}", f"{wall:.6f}", flush=True)
""")


def _answers(tmp_path: Path) -> list[Path]:
    full = tmp_path / "a.yaml"
    full.write_bytes(BELFAST_TEAM.read_bytes())
    data = yamlio.read(BELFAST_TEAM).data
    data["notes"] = "The second version: fewer people, other notes."
    data["people"] = data["people"][:2]
    data.pop("raci", None)
    short = tmp_path / "b.yaml"
    short.write_text(yamlio.dumps(data), encoding="utf-8")
    return [full, short]


def _visible_files(root: Path) -> dict[str, bytes]:
    """Every file but cds's own state (drafts, locks) and temporary files."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".cds" not in p.parts and not p.name.endswith(TEMP_SUFFIX)
    }


def test_saves_killed_at_random_moments_leave_old_or_new_files(
    project: Project, tmp_path: Path
) -> None:
    answers = _answers(tmp_path)
    card = project.card_path("team")
    with subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(project.root), *map(str, answers)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as driver:
        _kill_saves(driver, project, card)


def _kill_saves(driver: subprocess.Popen[str], project: Project, card: Path) -> None:
    assert driver.stdin is not None and driver.stdout is not None

    def save(which: int, delay: float) -> tuple[str, float]:
        """Run one save, killed after ``delay`` seconds; what happened, and when the
        file was replaced, counted from the save's start (or how long it took)."""
        assert driver.stdin is not None and driver.stdout is not None
        driver.stdin.write(f"{which} {delay}\n")
        driver.stdin.flush()
        done, took, wall = driver.stdout.readline().split()
        if done == "exit-0":
            return done, card.stat().st_mtime - float(wall)
        return done, float(took)

    try:
        # Each version once, whole, to know what a finished save writes, and how long
        # after its start the file is replaced: the kills land anywhere up to then.
        versions: set[bytes] = set()
        replaced = []
        for which in (0, 1):
            done, after = save(which, 60)
            assert done == "exit-0"
            replaced.append(after)
            versions.add(card.read_bytes())
        assert len(versions) == 2
        span = max(replaced) * 1.1
        others = {k: v for k, v in _visible_files(project.root).items() if k != "cards/team.yaml"}

        rng = random.Random(20240517)
        killed = 0
        for n in range(ROUNDS):
            done, _ = save(n % 2, rng.uniform(0, span))
            killed += done == "killed"
            assert done in ("killed", "exit-0"), done
            now = _visible_files(project.root)
            assert now.pop("cards/team.yaml") in versions, f"round {n}: team.yaml is neither"
            assert now == others, f"round {n}: another file changed"
            yamlio.read(card)  # and it still loads
        assert killed >= ROUNDS // 2, f"only {killed} of {ROUNDS} saves were killed mid-way"

        # After all that, a save still works: no stale lock, and the leftovers are swept.
        assert save(1, 60)[0] == "exit-0"
        leftovers = [p for p in project.root.rglob(f"*{TEMP_SUFFIX}")]
        assert leftovers == [], leftovers
    finally:
        driver.stdin.close()
        driver.wait(timeout=60)
