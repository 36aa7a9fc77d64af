"""The store: validation with locations, atomic saves, the lock, migrations, comments."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import BaseModel, ConfigDict

from citydata_share import store
from citydata_share.errors import CdsError, InvalidFileError, LockedError
from citydata_share.project import ProjectConfig
from citydata_share.store import CommentsWouldBeLostError, Project, load_project


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_project_round_trips_trap_values(project: Project) -> None:
    traps = {"name": "NO", "description": "0123", "organisation": "1.10"}
    config = project.config.model_copy(update=traps)
    project.save_config(config)
    again = load_project(project.root).config
    assert (again.name, again.description, again.organisation) == ("NO", "0123", "1.10")
    text = (project.root / "cds.yaml").read_text()
    assert "name: 'NO'" in text and "description: '0123'" in text


def test_hand_written_traps_are_read_as_text(project: Project) -> None:
    write(
        project.root / "cds.yaml",
        """\
        schema_version: 1
        name: yes
        organisation: 0123
        role: both
    """,
    )
    config = load_project(project.root).config
    assert config.name == "yes"
    assert config.organisation == "0123"


class Counts(BaseModel):
    model_config = ConfigDict(extra="forbid")
    count: int | None = None
    ok: bool | None = None
    label: Annotated[str | None, "text"] = None


@pytest.mark.parametrize(
    ("body", "line", "field", "words"),
    [
        ("count: many\n", 1, "count", "should be a number"),
        ("label: x\nok: perhaps\n", 2, "ok", "yes or no"),
        ("label: x\n\ncuont: 3\n", 3, "cuont", "Did you mean 'count'"),
    ],
)
def test_errors_name_file_line_and_field(
    tmp_path: Path, body: str, line: int, field: str, words: str
) -> None:
    path = write(tmp_path / "c.yaml", body)
    with pytest.raises(InvalidFileError) as caught:
        store.load_model(path, Counts, "card")
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.field) == (path, line, field)
    assert words in problem.message + (problem.hint or "")


def test_text_is_converted_only_where_a_field_asks(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", "count: 0123\nok: yes\nlabel: NO\n")
    loaded = store.load_model(path, Counts, "card")
    assert (loaded.count, loaded.ok, loaded.label) == (123, True, "NO")


def test_every_problem_is_reported_at_once(project: Project) -> None:
    write(
        project.root / "cds.yaml",
        """\
        schema_version: 1
        name: X
        role: boss
        partners:
          - name: A
            role: friend
        colour: blue
    """,
    )
    with pytest.raises(InvalidFileError) as caught:
        load_project(project.root)
    lines = sorted(p.line or 0 for p in caught.value.problems)
    assert lines == [3, 6, 7]


def test_interrupted_save_leaves_old_file(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project.root / "cds.yaml"
    before = path.read_text()

    def crash(*args: object) -> None:
        raise KeyboardInterrupt  # as if Ctrl-C arrived between write and rename

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        project.save_config(project.config.model_copy(update={"name": "Changed"}))
    assert path.read_text() == before
    assert not list(project.root.glob("*.cds-tmp")) and not list(project.root.glob(".*.cds-tmp"))


def test_save_killed_midway_leaves_old_file(project: Project) -> None:
    """A real process killed mid-write: the old file is intact, the leftover is cleaned."""
    path = project.root / "cds.yaml"
    before = path.read_text()
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from citydata_share import store
        real_fsync = os.fsync
        def die(fd):
            os.kill(os.getpid(), signal.SIGKILL)
        os.fsync = die
        store.atomic_write(Path({str(path)!r}), "name: half written\\n")
    """)
    result = subprocess.run([sys.executable, "-c", script], check=False)
    assert result.returncode == -9
    assert path.read_text() == before
    leftovers = list(project.root.glob(".*.cds-tmp"))
    assert leftovers, "the killed writer should have left its temporary file"
    with project.lock():
        pass
    assert not list(project.root.glob(".*.cds-tmp"))


def test_lock_refuses_a_second_writer(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "LOCK_WAIT", 0.2)  # refuses after waiting; no need for 5 s here
    lock_file = project.state_dir / "lock"
    project.state_dir.mkdir(exist_ok=True)
    script = textwrap.dedent(f"""
        import sys
        from filelock import FileLock
        with FileLock({str(lock_file)!r}):
            print("held", flush=True)
            sys.stdin.readline()
    """)
    with subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as holder:
        assert holder.stdin is not None and holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockedError, match="Another cds"):
            project.save_config(project.config.model_copy(update={"name": "Y"}))
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=10)
    project.save_config(project.config.model_copy(update={"name": "Y"}))
    assert load_project(project.root).config.name == "Y"


def test_one_changed_answer_is_a_one_line_diff(project: Project) -> None:
    config = ProjectConfig.model_validate(
        {
            **project.config.model_dump(),
            "description": "First",
            "partners": [{"name": "A", "role": "provider"}],
        }
    )
    project.save_config(config)
    before = (project.root / "cds.yaml").read_text().splitlines()
    project.save_config(config.model_copy(update={"description": "Second"}))
    after = (project.root / "cds.yaml").read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("description: First", "description: Second")]


def test_comments_kept_and_loss_asked_first(project: Project) -> None:
    path = project.root / "cds.yaml"
    config = ProjectConfig.model_validate(
        {**project.config.model_dump(), "partners": [{"name": "A"}, {"name": "B"}]}
    )
    project.save_config(config)
    text = path.read_text().replace("  - name: B", "  # B joined in May\n  - name: B")
    path.write_text(text.replace("name: Test share", "name: Test share  # working title"))
    project.save_config(config.model_copy(update={"description": "new"}))
    kept = path.read_text()
    assert "# B joined in May" in kept and "# working title" in kept
    fewer = config.model_copy(update={"partners": config.partners[:1]})
    with pytest.raises(CommentsWouldBeLostError, match="B joined in May"):
        project.save_config(fewer)
    assert "# B joined in May" in path.read_text()
    project.save_config(fewer, drop_comments=True)
    assert "B joined" not in path.read_text()


def test_migrations_run_in_order(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    def v1_to_v2(data: dict[str, object]) -> dict[str, object]:
        data["organisation"] = data.pop("org")
        return data

    monkeypatch.setitem(store.MIGRATIONS, "project", {1: v1_to_v2})
    monkeypatch.setitem(store.CURRENT_VERSION, "project", 2)
    data = store.migrate(
        {"schema_version": 1, "name": "X", "org": "Old Council"},
        "project",
        project.root / "cds.yaml",
    )
    assert data == {"schema_version": 2, "name": "X", "organisation": "Old Council"}
    # Loading a version-1 file applies the migration before validation.
    write(project.root / "cds.yaml", "schema_version: 1\nname: X\norg: Old Council\n")
    assert load_project(project.root).config.organisation == "Old Council"


def test_newer_schema_is_refused_with_upgrade_hint(project: Project) -> None:
    write(project.root / "cds.yaml", "schema_version: 9\nname: X\n")
    with pytest.raises(CdsError, match="newer cds") as caught:
        load_project(project.root)
    assert "upgrade" in (caught.value.hint or "")


def test_find_root_walks_up(project: Project, tmp_path: Path) -> None:
    deep = project.root / "cards" / "sub"
    deep.mkdir(parents=True)
    assert store.find_root(deep) == project.root
    with pytest.raises(CdsError, match="not inside a cds project"):
        store.find_root(tmp_path)


def test_choices_written_by_hand_in_any_case_or_as_labels(tmp_path: Path) -> None:
    from citydata_share.cards.readiness import Readiness

    path = write(tmp_path / "r.yaml", "card: readiness\ntechnology:\n  rating: Medium\n")
    loaded = store.load_model(path, Readiness, "card")
    assert loaded.technology is not None and loaded.technology.rating == "medium"


def test_a_card_changed_on_disk_is_not_overwritten(project: Project) -> None:
    from citydata_share.store import ChangedOnDiskError

    model = project.empty_card("reasons")
    project.save_card(model, expected=None)
    path = project.card_path("reasons")
    seen = path.read_text()
    path.write_text(seen + "notes: edited by hand\n")
    with pytest.raises(ChangedOnDiskError):
        project.save_card(model, expected=seen)
    assert "edited by hand" in path.read_text()


def test_a_write_error_names_the_real_file(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", args[0])

    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(PermissionError) as caught:
        store.atomic_write(project.root / "cds.yaml", "x")
    assert caught.value.filename == str(project.root / "cds.yaml")


def test_rewriting_over_a_file_broken_meanwhile_names_its_line(project: Project) -> None:
    path = project.root / "cds.yaml"
    path.write_text("# keep me\nname: 'unclosed\n")
    with pytest.raises(InvalidFileError) as caught:
        project.save_config(project.config)
    assert caught.value.problems[0].line is not None
    assert path.read_text() == "# keep me\nname: 'unclosed\n"
