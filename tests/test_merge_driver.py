"""cds's merge driver with real git: partners who change different answers of one card (on
neighbouring lines, in different records, adding records) merge cleanly; the same answer
changed twice leaves git's markers; a fresh clone gets the driver on its first save.

No mocks: real repositories, real `git merge`, and the driver run by git as a process.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from citydata_share import mergedriver, yamlio
from citydata_share.project import ProjectConfig
from citydata_share.registry import BY_ID
from citydata_share.store import card_header, load_project, render_yaml
from git_support import TEAM, git, log, needs_git, new_project, save, team

pytestmark = needs_git
Cds = Any


def on_branch(root: Path, branch: str, card: dict[str, Any]) -> None:
    git(root, "checkout", "-q", branch)
    save(load_project(root), card)


def merge_partner(root: Path) -> str:
    git(root, "checkout", "-q", "main")
    done = subprocess.run(
        ["git", "merge", "--no-edit", "partner"], cwd=root, capture_output=True, text=True
    )
    return done.stdout + done.stderr


def partners(tmp_path: Path, ours: dict[str, Any], theirs: dict[str, Any]) -> tuple[Path, str]:
    """The team card saved on main; ``ours`` saved on main and ``theirs`` on a partner's
    branch made before it; the partner's branch merged into main. Returns the folder and
    what git said."""
    project = new_project(tmp_path)
    save(project, team())
    git(project.root, "branch", "partner")
    on_branch(project.root, "main", ours)
    on_branch(project.root, "partner", theirs)
    return project.root, merge_partner(project.root)


def answers(root: Path, card: str = "team") -> dict[str, Any]:
    model = load_project(root).load_card(card)
    assert model is not None
    return model.answers()


def assert_saved_form(root: Path, card: str = "team") -> None:
    """The merged file is exactly what saving its answers writes."""
    path = root / "cards" / f"{card}.yaml"
    text = path.read_text()
    model = load_project(root).load_card(card)
    assert model is not None
    assert render_yaml(model.to_file_data(), text, card_header(card), False, path) == text


def neighbours() -> tuple[dict[str, Any], dict[str, Any]]:
    """Bo Li's power on our side, Bo Li's interest (the next line) on theirs."""
    ours, theirs = team(), team()
    ours["people"][1]["power"] = "low"
    theirs["people"][1]["interest"] = "low"
    return ours, theirs


def test_init_names_the_driver_and_sets_it_up(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    attributes = (project.root / ".gitattributes").read_text()
    assert "cards/*.yaml merge=cds\n" in attributes and "cds.yaml merge=cds\n" in attributes
    assert ".gitattributes" in git(project.root, "ls-files")
    assert git(project.root, "config", "--local", "merge.cds.driver").strip() == (
        mergedriver.driver_command()
    )
    assert git(project.root, "config", "--local", "merge.cds.name").strip() == mergedriver.NAME
    checked = git(project.root, "check-attr", "merge", "--", "cds.yaml", "cards/team.yaml")
    assert checked == "cds.yaml: merge: cds\ncards/team.yaml: merge: cds\n"


def test_the_driver_runs_this_python_quoted_for_the_shell() -> None:
    command = mergedriver.driver_command()
    assert shlex.split(command) == [
        sys.executable,
        "-m",
        "citydata_share",
        "merge-file",
        "%O",
        "%A",
        "%B",
        "%P",
    ]


def test_neighbouring_answers_merge_cleanly(cds: Cds, tmp_path: Path) -> None:
    root, said = partners(tmp_path, *neighbours())
    assert "CONFLICT" not in said
    assert log(root)[0] == "Merge branch 'partner'"
    bo = answers(root)["people"][1]
    assert (bo["power"], bo["interest"]) == ("low", "low")
    assert_saved_form(root)
    assert cds("-C", str(root), "check").exit_code == 0
    assert git(root, "status", "--porcelain") == ""


def test_without_the_driver_the_same_merge_conflicts(tmp_path: Path) -> None:
    """What the driver is for: git's line merge takes neighbouring lines as one change."""
    project = new_project(tmp_path)
    git(project.root, "rm", "-q", ".gitattributes")
    git(project.root, "commit", "-q", "-m", "No merge driver")
    save(project, team())
    git(project.root, "branch", "partner")
    ours, theirs = neighbours()
    on_branch(project.root, "main", ours)
    on_branch(project.root, "partner", theirs)
    said = merge_partner(project.root)
    assert "CONFLICT (content): Merge conflict in cards/team.yaml" in said


def test_different_records_edited_on_neighbouring_lines(tmp_path: Path) -> None:
    ours, theirs = team(), team()
    ours["people"][1]["interest"] = "low"  # Bo Li's last line ...
    theirs["people"][2]["role"] = "lawyer"  # ... and the next: Cai Roe's first
    root, said = partners(tmp_path, ours, theirs)
    assert "CONFLICT" not in said
    people = answers(root)["people"]
    assert people[1]["interest"] == "low" and people[2]["role"] == "lawyer"
    assert_saved_form(root)


def test_records_added_on_both_sides_are_kept_ours_first(tmp_path: Path) -> None:
    ours, theirs = team(), team()
    ours["people"].append({"role": "lawyer", "name": "Dee Ng"})
    theirs["people"].append({"role": "data-protection-officer", "name": "Eve Fox"})
    theirs["raci"][0]["informed"] = ["Ana Diaz", "Eve Fox"]
    root, said = partners(tmp_path, ours, theirs)
    assert "CONFLICT" not in said
    merged = answers(root)
    assert [p["name"] for p in merged["people"]] == [
        "Ana Diaz",
        "Bo Li",
        "Cai Roe",
        "Dee Ng",
        "Eve Fox",
    ]
    assert merged["raci"][0]["informed"] == ["Ana Diaz", "Eve Fox"]
    assert_saved_form(root)


def test_partners_added_to_cds_yaml_on_both_sides(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    git(project.root, "branch", "partner")
    for branch, name in (("main", "Land & Property Services"), ("partner", "NI Water")):
        git(project.root, "checkout", "-q", branch)
        opened = load_project(project.root)
        data = opened.config.model_dump(mode="json", exclude_defaults=True)
        data["partners"] = [{"name": name, "role": "provider"}]
        opened.save_config(ProjectConfig.model_validate(data))
    said = merge_partner(project.root)
    assert "CONFLICT" not in said
    config = load_project(project.root).config
    assert [p.name for p in config.partners] == ["Land & Property Services", "NI Water"]


def test_comments_on_both_sides_are_kept(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    save(project, team())
    git(project.root, "branch", "partner")
    card = project.root / "cards" / "team.yaml"
    ours, theirs = neighbours()
    for branch, data, comment, before in (
        ("main", ours, "# ours: agreed at the March board", "notes:"),
        ("partner", theirs, "# theirs: check with legal", "raci:"),
    ):
        on_branch(project.root, branch, data)
        text = card.read_text().replace(before, f"{comment}\n{before}", 1)
        card.write_text(text)
        git(project.root, "commit", "-q", "-am", "A comment")
    said = merge_partner(project.root)
    assert "CONFLICT" not in said
    text = card.read_text()
    assert "# ours: agreed at the March board\nnotes:" in text
    assert "# theirs: check with legal\nraci:" in text
    assert text.startswith(card_header("team"))
    assert text.count("# Edit it by hand") == 1
    assert answers(project.root)["people"][1]["power"] == "low"


@pytest.fixture
def conflicted(tmp_path: Path) -> Path:
    ours, theirs = neighbours()
    ours["people"][0]["role"] = "head-of-service"
    theirs["people"][0]["role"] = "lawyer"
    root, said = partners(tmp_path, ours, theirs)
    assert "CONFLICT (content): Merge conflict in cards/team.yaml" in said
    assert "people[0].role: both sides changed it, differently" in said
    return root


def test_a_true_conflict_leaves_gits_markers_around_that_answer_only(
    cds: Cds, conflicted: Path
) -> None:
    """Bo Li's neighbouring answers merged; git's markers surround the one answer both
    sides changed, so the user resolves only that."""
    text = (conflicted / "cards" / "team.yaml").read_text()
    assert text.count("<<<<<<<") == 1
    assert "  - role: head-of-service\n=======\n  - role: lawyer\n>>>>>>> partner\n" in text
    assert "    name: Bo Li\n    power: low\n    interest: low\n" in text
    result = cds("-C", str(conflicted), "check")
    assert result.exit_code == 1
    flat = " ".join(result.output.split())
    assert "a git merge left this file with two versions" in flat
    assert "(HEAD's answers, then partner's)" in flat


def test_a_true_conflict_resolved_keeps_everything_else_merged(cds: Cds, conflicted: Path) -> None:
    card = conflicted / "cards" / "team.yaml"
    lines = card.read_text().splitlines(keepends=True)
    start = next(n for n, line in enumerate(lines) if line.startswith("<<<<<<<"))
    del lines[start : start + 3]  # keep theirs: drop the marker, ours and the separator
    del lines[start + 1]  # and the closing marker
    card.write_text("".join(lines))
    assert cds("-C", str(conflicted), "check").exit_code == 0
    people = answers(conflicted)["people"]
    assert people[0]["role"] == "lawyer"
    assert (people[1]["power"], people[1]["interest"]) == ("low", "low")


def test_a_fresh_clone_gets_the_driver_on_its_first_save(cds: Cds, tmp_path: Path) -> None:
    project = new_project(tmp_path)
    save(project, team())
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(project.root), str(clone))
    unset = subprocess.run(["git", "config", "merge.cds.driver"], cwd=clone, check=False)
    assert unset.returncode == 1
    status = cds("-C", str(clone), "status")
    flat = " ".join(status.output.split())
    assert "this clone has no such merge driver set up" in flat
    assert mergedriver.setup_command() in flat
    as_json = cds("-C", str(clone), "status", "--json")
    assert '"merge_driver_setup": "git config merge.cds.driver' in as_json.output
    changed = team(notes="The partner's note")
    save(load_project(clone), changed)
    assert git(clone, "config", "merge.cds.driver").strip() == mergedriver.driver_command()
    assert "merge driver" not in cds("-C", str(clone), "status").output
    assert '"merge_driver_setup": null' in cds("-C", str(clone), "status", "--json").output


def test_the_setup_command_status_gives_sets_it_up(cds: Cds, tmp_path: Path) -> None:
    project = new_project(tmp_path)
    git(project.root, "config", "--unset", "merge.cds.driver")
    subprocess.run(mergedriver.setup_command(), shell=True, cwd=project.root, check=True)
    assert git(project.root, "config", "merge.cds.driver").strip() == mergedriver.driver_command()
    assert "merge driver" not in cds("-C", str(project.root), "status").output


def test_no_word_about_the_driver_where_the_files_do_not_ask_for_it(
    cds: Cds, tmp_path: Path
) -> None:
    project = new_project(tmp_path)
    git(project.root, "rm", "-q", ".gitattributes")
    git(project.root, "commit", "-q", "-m", "No merge driver")
    git(project.root, "config", "--unset", "merge.cds.driver")
    assert "merge driver" not in cds("-C", str(project.root), "status").output
    assert not mergedriver.missing_driver(project.root)


def test_a_setting_of_the_users_own_is_left_alone(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    git(project.root, "config", "merge.cds.driver", "my-merge %O %A %B")
    save(project, team())
    assert git(project.root, "config", "merge.cds.driver").strip() == "my-merge %O %A %B"


def test_a_stale_setting_cds_wrote_is_replaced(cds: Cds, tmp_path: Path) -> None:
    """The virtual environment that wrote it was deleted: merges would silently keep ours."""
    project = new_project(tmp_path)
    gone = f"{tmp_path / 'old-venv' / 'bin' / 'python'} -m citydata_share merge-file %O %A %B %P"
    git(project.root, "config", "merge.cds.driver", gone)
    assert "no such merge driver" in " ".join(cds("-C", str(project.root), "status").output.split())
    save(project, team())
    assert git(project.root, "config", "merge.cds.driver").strip() == mergedriver.driver_command()


def test_a_python_whose_path_has_spaces_runs_as_the_driver(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program at a path with a space and a quote, standing in for this Python."""
    spaced = tmp_path / "my tools" / "python it's"
    spaced.parent.mkdir()
    spaced.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n')
    spaced.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(spaced))
    project = new_project(tmp_path, "a share")
    assert shlex.split(git(project.root, "config", "merge.cds.driver"))[0] == str(spaced)
    save(project, team())
    git(project.root, "branch", "partner")
    ours, theirs = neighbours()
    on_branch(project.root, "main", ours)
    on_branch(project.root, "partner", theirs)
    assert "CONFLICT" not in merge_partner(project.root)
    bo = answers(project.root)["people"][1]
    assert (bo["power"], bo["interest"]) == ("low", "low")


# The driver as git runs it: a process, files, an exit status ------------------------------


def driver(
    tmp_path: Path, base: str, ours: str, theirs: str | bytes, name: str = "cards/team.yaml"
) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run the driver as git does (a process, three files, the path); returns the process
    and what OURS holds after it."""
    files = []
    for side, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f".merge_file_{side}"
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        files.append(str(path))
    done = subprocess.run(
        [sys.executable, "-m", "citydata_share", "merge-file", *files, name],
        capture_output=True,
        text=True,
        env={**os.environ, "GITHEAD_0123456789abcdef": "partner"},
        timeout=60,
    )
    return done, (tmp_path / ".merge_file_ours").read_bytes().decode(errors="replace")


def card_text(data: dict[str, Any]) -> str:
    model = BY_ID["team"].model().model_validate(data)
    return card_header("team") + yamlio.dumps(model.to_file_data())


def test_the_driver_exits_0_and_writes_the_merged_card(tmp_path: Path) -> None:
    ours, theirs = neighbours()
    done, merged = driver(tmp_path, card_text(team()), card_text(ours), card_text(theirs))
    assert done.returncode == 0, done.stderr
    both = team()
    both["people"][1].update(power="low", interest="low")
    assert merged == card_text(both)
    assert done.stderr == ""


def test_the_driver_exits_1_with_markers_on_a_clash(tmp_path: Path) -> None:
    ours, theirs = team(notes="ours"), team(notes="theirs")
    ours["people"][1]["role"] = "lawyer"
    theirs["people"][1]["role"] = "head-of-service"
    theirs["people"][1]["interest"] = "low"
    done, merged = driver(tmp_path, card_text(team()), card_text(ours), card_text(theirs))
    assert done.returncode == 1
    assert "<<<<<<< HEAD\nnotes: ours\n=======\nnotes: theirs\n>>>>>>> partner\n" in merged
    assert "=======\n  - role: head-of-service\n>>>>>>> partner\n    name: Bo Li\n" in merged
    assert merged.count("<<<<<<<") == 2 and "interest: low" in merged
    flat = " ".join(done.stderr.split())
    assert "cards/team.yaml: notes: both sides changed it, differently (and 1 more)" in flat
    assert "`cds check` shows where" in flat


BO = "    name: Bo Li\n    power: high\n    interest: high\n"


@pytest.mark.parametrize(
    ("bo", "why"),
    [
        (BO.replace("interest: high", "interest: [high"), "this is not valid YAML"),
        (
            BO.replace("    interest", "    colour: red\n    interest"),
            "people[1].colour: 'colour' is not something cds knows",
        ),
        (BO.replace("high\n", "caf\xe9\n", 2), "is not UTF-8 text (byte"),
    ],
)
def test_what_cannot_be_read_is_left_to_gits_text_merge(tmp_path: Path, bo: str, why: str) -> None:
    base = card_text(team())
    ours, _ = neighbours()
    theirs = base.replace(BO, bo).encode("latin-1" if "\xe9" in bo else "utf-8")
    done, merged = driver(tmp_path, base, card_text(ours), theirs)
    assert done.returncode == 1
    assert "<<<<<<< HEAD\n    power: low\n" in merged and ">>>>>>> partner" in merged
    assert why in " ".join(done.stderr.split())
    assert "cds could not merge it answer by answer" in done.stderr


def test_a_card_cds_does_not_know_is_left_to_gits_text_merge(tmp_path: Path) -> None:
    base = "card: nosuch\na: '1'\nb: '2'\n"
    ours, theirs = base.replace("'1'", "'10'"), base.replace("'2'", "'20'")
    done, merged = driver(tmp_path, base, ours, theirs)
    assert done.returncode == 1
    assert "'nosuch' is not a card cds knows" in done.stderr
    assert "<<<<<<< HEAD\na: '10'\nb: '2'\n=======\na: '1'\nb: '20'\n>>>>>>> partner\n" in merged


def test_an_invalid_answer_is_merged_by_git_and_kept_for_cds_check(tmp_path: Path) -> None:
    """Their side holds an answer cds refuses, far from our change: git merges the lines
    cleanly (exit 0) and the answer is kept, for `cds check` to report."""
    base = card_text(team())
    ours, _ = neighbours()
    theirs = base.replace("power: low", "power: enormous", 1)  # Ana Diaz's
    done, merged = driver(tmp_path, base, card_text(ours), theirs)
    assert done.returncode == 0
    assert "power: enormous" in merged and merged.count("power: low") == 1
    flat = " ".join(done.stderr.split())
    assert "people[0].power: 'enormous' is not one of the choices" in flat
    assert "git merged its lines cleanly instead" in flat


def test_a_text_merge_that_goes_cleanly_exits_0(tmp_path: Path) -> None:
    """Their side has a key cds does not know, far from our change: git merges the lines."""
    base = card_text(team())
    ours = base.replace("power: low", "power: high", 1)
    theirs = base + "colour: red\n"
    done, merged = driver(tmp_path, base, ours, theirs)
    assert done.returncode == 0
    assert merged == ours + "colour: red\n"
    assert "git merged its lines cleanly instead" in done.stderr


def test_a_file_with_markers_already_is_merged_by_git(tmp_path: Path) -> None:
    """A base left with markers (a criss-cross merge) is never read as answers."""
    base = card_text(team()) + "<<<<<<< HEAD\nnotes: a\n=======\nnotes: b\n>>>>>>> x\n"
    done, merged = driver(tmp_path, base, card_text(team()), card_text(team(notes="c")))
    assert done.returncode == 0
    assert merged == card_text(team(notes="c"))
    flat = " ".join(done.stderr.split())
    assert "a git merge left this file with two versions" in flat
    assert "git merged its lines cleanly instead" in flat


def test_cds_yaml_is_merged_as_a_project(tmp_path: Path) -> None:
    def project(**changes: Any) -> str:
        data = {"name": "Rates share", "organisation": "Belfast City Council", **changes}
        config = ProjectConfig.model_validate(data)
        return yamlio.dumps(config.to_file_data())

    base = project()
    ours = project(description="Rates data for the council")
    theirs = project(reach="external")
    done, merged = driver(tmp_path, base, ours, theirs, "cds.yaml")
    assert done.returncode == 0, done.stderr
    assert merged == project(description="Rates data for the council", reach="external")


def test_the_driver_is_hidden_from_help(cds: Cds) -> None:
    assert "merge-file" not in cds("--help").output
    assert "Examples" in cds("merge-file", "--help").output


# The driver in this process: the branches a process hides ----------------------------------


def three(tmp_path: Path, base: str, ours: str, theirs: str) -> tuple[Path, Path, Path]:
    paths = tuple(tmp_path / f".merge_file_{side}" for side in ("base", "ours", "theirs"))
    for path, text in zip(paths, (base, ours, theirs), strict=True):
        path.write_text(text)
    return paths  # type: ignore[return-value]


def test_the_same_answer_written_two_ways_merges(tmp_path: Path) -> None:
    """'yes' and 'true' differ as text and are one answer once checked: no conflict."""
    ours, theirs = team(), team()
    ours["people"][0]["key_player"] = "yes"
    theirs["people"][0]["key_player"] = "true"
    theirs["people"][0]["interest"] = "low"
    base = card_text(team())
    as_typed = [
        base,
        base.replace("name: Ana Diaz\n", "name: Ana Diaz\n    key_player: yes\n"),
        base.replace("name: Ana Diaz\n", "name: Ana Diaz\n    key_player: 'true'\n").replace(
            "interest: high", "interest: low", 1
        ),
    ]
    base_path, ours_path, theirs_path = three(tmp_path, *as_typed)
    outcome = mergedriver.merge_file(base_path, ours_path, theirs_path, "cards/team.yaml")
    assert outcome == mergedriver.Outcome(0)
    both = team()
    both["people"][0].update(key_player=True, interest="low")
    assert ours_path.read_text() == card_text(both)


def test_without_a_path_the_card_is_known_by_its_answers(tmp_path: Path) -> None:
    ours, theirs = neighbours()
    paths = three(tmp_path, card_text(team()), card_text(ours), card_text(theirs))
    assert mergedriver.merge_file(*paths) == mergedriver.Outcome(0)
    assert "power: low\n    interest: low\n" in paths[1].read_text()


def test_a_comment_whose_answer_they_removed_is_not_dropped(tmp_path: Path) -> None:
    """Our comment sits on notes; they removed notes: git's line merge keeps the comment."""
    base = card_text(team())
    ours = base.replace("notes:", "# why we share\nnotes:").replace("power: low", "power: high", 1)
    theirs = "".join(line for line in base.splitlines(True) if not line.startswith("notes:"))
    paths = three(tmp_path, base, ours, theirs)
    outcome = mergedriver.merge_file(*paths, "cards/team.yaml")
    assert outcome.code == 1  # the comment sits next to the line they removed
    assert "would drop comments whose answers are gone" in (outcome.message or "")
    assert "# why we share" in paths[1].read_text()


def test_their_comment_whose_answer_we_removed_is_not_dropped(tmp_path: Path) -> None:
    base = card_text(team())
    ours = "".join(line for line in base.splitlines(True) if not line.startswith("notes:"))
    theirs = base.replace("notes:", "# why we share\nnotes:").replace(
        "power: low", "power: high", 1
    )
    paths = three(tmp_path, base, ours, theirs)
    outcome = mergedriver.merge_file(*paths, "cards/team.yaml")
    assert "their comment '# why we share' belongs to an answer that is gone" in (
        outcome.message or ""
    )
    assert "# why we share" in paths[1].read_text()


def test_their_inline_comment_is_carried_and_a_shared_one_not_doubled(tmp_path: Path) -> None:
    base = card_text(team()).replace("notes: Who", "# shared\nnotes: Who")
    ours = base.replace("power: low", "power: high", 1)
    theirs = base.replace("name: Bo Li", "name: Bo Li  # the new head")
    paths = three(tmp_path, base, ours, theirs)
    assert mergedriver.merge_file(*paths, "cards/team.yaml") == mergedriver.Outcome(0)
    text = paths[1].read_text()
    assert "name: Bo Li  # the new head\n" in text
    assert text.count("# shared") == 1


def test_an_empty_base_is_a_file_added_on_both_sides(tmp_path: Path) -> None:
    ours = card_text(team(notes=None))
    theirs = card_text(team(people=[]))
    paths = three(tmp_path, "", ours, theirs)
    assert mergedriver.merge_file(*paths, "cards/team.yaml") == mergedriver.Outcome(0)
    merged = yamlio.loads(paths[1].read_text()).data
    assert merged["notes"] == TEAM["notes"]  # only theirs has it
    assert merged["people"] == TEAM["people"]  # only ours has it


def test_theirs_is_named_by_git_when_it_can_be(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in os.environ if k.startswith("GITHEAD_")]:
        monkeypatch.delenv(key)
    assert mergedriver.labels() == ("HEAD", "base", "theirs")
    monkeypatch.setenv("GITHEAD_" + "a" * 40, "partner\x1b[31m")
    assert mergedriver.labels() == ("HEAD", "base", "partner[31m")
    monkeypatch.setenv("GITHEAD_" + "b" * 40, "other")  # an octopus: no one name
    assert mergedriver.labels()[2] == "theirs"


def test_a_setting_that_is_not_a_command_is_the_users(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    git(project.root, "config", "merge.cds.driver", "'unclosed -m citydata_share merge-file")
    assert not mergedriver.ensure_driver(project.root)
    assert not mergedriver.missing_driver(project.root)


def test_without_git_nothing_is_set_up_and_nothing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = new_project(tmp_path)
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert not mergedriver.ensure_driver(project.root)
    assert not mergedriver.missing_driver(project.root)
    paths = three(tmp_path, "card: team\n", "card: nosuch\n", "card: other\n")
    assert mergedriver.merge_file(*paths).code == 1
    assert paths[1].read_text() == "card: nosuch\n"  # ours, untouched


def test_a_shared_inline_comment_stays_once(tmp_path: Path) -> None:
    base = card_text(team()).replace("name: Cai Roe", "name: Cai Roe  # IG lead until May")
    ours = base.replace("power: low", "power: high", 1)
    theirs = base.replace("notes: Who", "# their note\nnotes: Who")
    paths = three(tmp_path, base, ours, theirs)
    assert mergedriver.merge_file(*paths, "cards/team.yaml") == mergedriver.Outcome(0)
    text = paths[1].read_text()
    assert text.count("# IG lead until May") == 1 and "# their note\nnotes: Who" in text


def test_a_clash_with_an_answer_cds_refuses_is_merged_by_git_as_it_is(tmp_path: Path) -> None:
    """Their version of the clashing answer cannot be written as cds writes it: git merges
    the files as they are (markers around Ana's lines), keeping both answers."""
    base = card_text(team())
    ours = base.replace("power: low", "power: high", 1)
    theirs = base.replace("power: low", "power: enormous", 1)
    paths = three(tmp_path, base, ours, theirs)
    outcome = mergedriver.merge_file(*paths, "cards/team.yaml")
    assert outcome.code == 1
    assert "people[0].power: both sides changed it, differently" in (outcome.message or "")
    text = paths[1].read_text()
    assert "    power: high\n=======\n    power: enormous\n>>>>>>> " in text
