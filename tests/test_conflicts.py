"""Unresolved merge markers found before YAML is read, with their lines (pure)."""

from __future__ import annotations

import pytest

from citydata_share import yamlio
from citydata_share.conflicts import Conflict, describe, find_conflicts

CONFLICTED = """card: team
notes: |
  ======= not a marker: indented text
people:
<<<<<<< HEAD
  - name: Ana Diaz
    role: data-analyst
=======
  - name: Ana Diaz
    role: head-of-analysis
>>>>>>> partner
"""


def test_a_conflict_is_found_with_its_lines_and_sides() -> None:
    assert find_conflicts(CONFLICTED) == [Conflict(5, 11, "HEAD", "partner")]


def test_the_diff3_style_and_stray_markers() -> None:
    text = "a: 1\n<<<<<<< ours\nb: 1\n||||||| base\nb: 0\n=======\nb: 2\n>>>>>>> theirs\n"
    assert find_conflicts(text) == [Conflict(2, 8, "ours", "theirs")]
    assert find_conflicts("a: 1\n=======\nb: 2\n") == [Conflict(2, 2)]
    assert find_conflicts("a: 1\n<<<<<<< HEAD\nb: 2\n") == [Conflict(2, 2, "HEAD")]


def test_nothing_like_a_marker_is_not_a_conflict() -> None:
    assert find_conflicts("a: '<<<<<<<'\nb: |\n  >>>>>>> quoted\nc: ========\n") == []


def test_the_problem_says_where_and_how_to_resolve() -> None:
    message, hint = describe(find_conflicts(CONFLICTED))
    assert "lines 5-11" in message and "HEAD's answers, then partner's" in message
    assert "git add" in hint and "git merge --abort" in hint


def test_yaml_reading_refuses_a_conflicted_file_before_parsing() -> None:
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.loads(CONFLICTED)
    assert caught.value.line == 5
    assert "merge" in caught.value.message
    assert "not valid YAML" not in caught.value.message


def test_a_conflict_inside_a_block_of_text_is_caught_too() -> None:
    # Valid YAML (the markers would be read as text), so only the marker check sees it.
    text = "notes: |\n  one\n<<<<<<< HEAD\n  two\n=======\n  three\n>>>>>>> b\n"
    with pytest.raises(yamlio.YamlProblem):
        yamlio.loads(text)
