"""Answers compared field by field, and the words for commit messages (pure, no git)."""

from __future__ import annotations

from typing import Any

from citydata_share.changes import Change, clean, diff, listed, message, pair_records, shown


def people(*names: str, **extra: Any) -> dict[str, Any]:
    return {"card": "team", "people": [{"name": n, **extra} for n in names]}


def test_the_envelope_is_not_an_answer() -> None:
    old = {"card": "team", "title": "Old title", "schema_version": "1", "notes": "a"}
    new = {"card": "team", "title": "New title", "schema_version": "2", "notes": "a"}
    assert diff(old, new) == []


def test_a_changed_answer_inside_a_record_names_the_record() -> None:
    old = people("Ana Diaz", "Bo Li", role="analyst")
    new = people("Ana Diaz", "Bo Li", role="analyst")
    new["people"][1]["role"] = "head"
    [change] = diff(old, new)
    assert change == Change(("people", 1, "role"), "analyst", "head", "Bo Li")
    assert change.line() == "people[1].role: analyst -> head"
    assert change.words() == "role of 'Bo Li'"


def test_a_record_added_at_the_top_is_one_change() -> None:
    [change] = diff(people("Ana", "Bo"), people("Cy", "Ana", "Bo"))
    assert change.line() == "people[0]: added 'Cy'"
    assert change.words() == "added 'Cy' to people"


def test_a_removed_record_is_named_at_its_old_place() -> None:
    [change] = diff(people("Ana", "Bo", "Cy"), people("Ana", "Cy"))
    assert change.line() == "people[1]: removed 'Bo'"
    assert change.words() == "removed 'Bo' from people"


def test_a_renamed_record_in_the_same_place_is_a_changed_name() -> None:
    [change] = diff(people("Ana Diaz"), people("Ana Díaz"))
    assert change.line() == "people[0].name: Ana Diaz -> Ana Díaz"


def test_records_match_by_name_loosely_and_then_by_place() -> None:
    old = [{"name": "Ana  Diaz"}, {"name": "Bo"}, {"role": "x"}]
    new = [{"name": "bo"}, {"name": "ana diaz"}, {"role": "y"}, {"name": "New"}]
    assert pair_records(old, new) == [(1, 0), (0, 1), (2, 2), (None, 3)]


def test_a_record_without_a_name_is_called_by_its_first_text() -> None:
    old = {"raci": [{"decision": "Sign it", "accountable": "Bo"}]}
    new = {"raci": [{"decision": "Sign it", "accountable": "Cy"}]}
    [change] = diff(old, new)
    assert change.words() == "accountable of 'Sign it'"


def test_answers_given_cleared_and_lists_of_text() -> None:
    old = {"notes": "x", "needs": ["a", "b"], "group": {"rating": "2"}}
    new = {"aim": "y", "needs": ["a", "b", "c"], "group": {"rating": "3"}}
    lines = [c.line() for c in diff(old, new)]
    assert lines == [  # in the new file's order, then what it no longer has
        "aim: (none) -> y",
        "needs: a, b -> a, b, c",
        "group.rating: 2 -> 3",
        "notes: x -> (none)",
    ]
    assert [c.words() for c in diff(old, new)] == ["aim", "needs", "group rating", "notes"]


def test_no_answer_in_any_form_is_the_same() -> None:
    assert diff({"a": None, "b": [], "c": ""}, {"a": "", "d": None}) == []


def test_values_are_one_clean_short_line() -> None:
    assert clean("two\nlines\x1b[31m and a\tcontrol", 100) == "two lines[31m and a control"
    assert shown("x" * 100, 10) == "xxxxxxxxx…"
    assert shown(None) == "(none)"
    assert shown({"name": "Ana"}) == "'Ana'"


def test_the_subject_lists_what_fits() -> None:
    assert listed(["a", "b"], 80) == " (a; b)"
    assert listed(["a" * 30, "b" * 30, "c" * 30], 70) == f" ({'a' * 30}; and 2 more)"
    assert listed([], 80) == ""


def test_the_message_of_a_changed_card() -> None:
    old = people("Ana", "Bo", role="analyst")
    new = people("Ana", role="head")
    assert message("team", old, new) == (
        "team: 2 answers changed (role of 'Ana'; removed 'Bo' from people)\n\n"
        "- people[0].role: analyst -> head\n"
        "- people[1]: removed 'Bo'\n"
    )


def test_the_message_of_a_new_card_counts_its_answers() -> None:
    text = message("reasons", None, {"card": "reasons", "aim": "Find rates", "why": ["a"]})
    assert text.splitlines()[0] == "reasons: first answers saved (aim; why)"
    assert "- aim: (none) -> Find rates" in text


def test_one_answer_is_singular() -> None:
    assert message("x", {"a": "1"}, {"a": "2"}).startswith("x: 1 answer changed (a)\n")


def test_a_record_whose_label_changed_to_a_neighbour_s_stays_in_its_place() -> None:
    # People listed by role only: the head of analysis becomes a second data analyst.
    old = {"people": [{"role": "head-of-analysis", "notes": "a"}, {"role": "data-analyst"}]}
    new = {"people": [{"role": "data-analyst", "notes": "b"}, {"role": "data-analyst"}]}
    assert [c.line() for c in diff(old, new)] == [
        "people[0].role: head-of-analysis -> data-analyst",
        "people[0].notes: a -> b",
    ]
