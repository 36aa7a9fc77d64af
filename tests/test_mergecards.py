"""The three-way merge of answers, branch by branch (pure: plain data, no git)."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from citydata_share.mergecards import (
    BOTH_CHANGED,
    MISSING,
    REMOVED_AND_CHANGED,
    Clash,
    Merged,
    merge,
)


def person(name: str, role: str = "analyst", power: str = "low", **extra: Any) -> dict[str, Any]:
    return {"name": name, "role": role, "power": power, **extra}


BASE: dict[str, Any] = {
    "card": "team",
    "title": "Identify internal team",
    "notes": "Who is involved",
    "a": "1",
    "b": "2",
    "c": "3",
    "people": [person("Ana Diaz"), person("Bo Li", "head"), person("Cai Roe", "lawyer")],
}


def edited(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def people_with(*records: dict[str, Any]) -> dict[str, Any]:
    return edited(people=list(records))


def clean(result: Merged) -> Any:
    assert result.clashes == [], result.clashes
    assert result.clean
    return result.data


# Answers ----------------------------------------------------------------------------------


def test_nothing_changed_is_the_base() -> None:
    assert clean(merge(BASE, BASE, BASE)) == BASE


def test_neighbouring_answers_changed_on_each_side_both_land() -> None:
    data = clean(merge(BASE, edited(b="20"), edited(c="30")))
    assert (data["a"], data["b"], data["c"]) == ("1", "20", "30")


def test_only_ours_changed_and_only_theirs_changed() -> None:
    assert clean(merge(BASE, edited(notes="ours"), BASE))["notes"] == "ours"
    assert clean(merge(BASE, BASE, edited(notes="theirs")))["notes"] == "theirs"


def test_both_changed_it_the_same_way() -> None:
    assert clean(merge(BASE, edited(b="20"), edited(b="20")))["b"] == "20"


def test_both_changed_it_differently_is_a_clash_at_its_path() -> None:
    result = merge(BASE, edited(b="20"), edited(b="200"))
    assert result.clashes == [Clash(("b",), BOTH_CHANGED)]
    assert not result.clean
    assert result.clashes[0].where == "b"


def test_every_clash_is_reported() -> None:
    result = merge(BASE, edited(a="x", b="y"), edited(a="p", b="q", c="r"))
    assert [c.where for c in result.clashes] == ["a", "b"]


def test_keys_added_on_each_side_ours_first_then_theirs() -> None:
    ours = edited(description="ours")
    theirs = edited(purpose="theirs")
    data = clean(merge(BASE, ours, theirs))
    assert list(data)[-2:] == ["description", "purpose"]
    assert data["description"] == "ours" and data["purpose"] == "theirs"


def test_a_key_removed_on_one_side_and_left_alone_on_the_other_is_removed() -> None:
    ours = edited()
    del ours["notes"]
    assert "notes" not in clean(merge(BASE, ours, edited(c="30")))
    assert "notes" not in clean(merge(BASE, edited(c="30"), ours))


def test_a_key_removed_on_one_side_and_changed_on_the_other_is_a_clash() -> None:
    ours = edited()
    del ours["notes"]
    theirs = edited(notes="changed")
    assert merge(BASE, ours, theirs).clashes == [Clash(("notes",), REMOVED_AND_CHANGED)]
    assert merge(BASE, theirs, ours).clashes == [Clash(("notes",), REMOVED_AND_CHANGED)]


def test_no_answer_is_no_answer_however_it_is_written() -> None:
    """None, "", [] and a missing key are all 'no answer': emptying it two ways agrees."""
    ours = edited(notes=None)
    theirs = edited()
    del theirs["notes"]
    data = clean(merge(BASE, ours, theirs))
    assert data.get("notes") is None
    assert clean(merge(BASE, edited(notes=""), edited(notes=None)))["notes"] == ""


def test_an_answer_added_where_there_was_none_on_one_side() -> None:
    base = edited(notes=None)
    assert clean(merge(base, base, edited(notes="now")))["notes"] == "now"


def test_sections_merge_key_by_key() -> None:
    base = {"name": "Share", "settings": {"reports_dir": "reports", "git_commit": "true"}}
    ours = {"name": "Share", "settings": {"reports_dir": "docs", "git_commit": "true"}}
    theirs = {"name": "Share", "settings": {"reports_dir": "reports", "git_commit": "false"}}
    assert clean(merge(base, ours, theirs))["settings"] == {
        "reports_dir": "docs",
        "git_commit": "false",
    }
    clash = merge(base, ours, {**theirs, "settings": {"reports_dir": "out"}})
    assert clash.clashes[0].path == ("settings", "reports_dir")


def test_a_section_added_on_both_sides_merges_like_one_added_from_nothing() -> None:
    ours = edited(settings={"reports_dir": "docs"})
    theirs = edited(settings={"git_commit": "false"})
    assert clean(merge(BASE, ours, theirs))["settings"] == {
        "reports_dir": "docs",
        "git_commit": "false",
    }


def test_a_list_of_plain_values_is_one_answer() -> None:
    base = edited(informed=["Ana Diaz"])
    ours = edited(informed=["Ana Diaz", "Bo Li"])
    theirs = edited(informed=["Ana Diaz", "Cai Roe"])
    assert clean(merge(base, ours, base))["informed"] == ["Ana Diaz", "Bo Li"]
    assert merge(base, ours, theirs).clashes == [Clash(("informed",), BOTH_CHANGED)]


def test_an_answer_changed_into_another_shape_on_both_sides_is_a_clash() -> None:
    result = merge(BASE, edited(notes={"text": "x"}), edited(notes=["x"]))
    assert result.clashes == [Clash(("notes",), BOTH_CHANGED)]


# Records ----------------------------------------------------------------------------------


def test_different_records_edited_on_each_side() -> None:
    ours = people_with(person("Ana Diaz", power="high"), person("Bo Li", "head"), BASE["people"][2])
    theirs = people_with(BASE["people"][0], BASE["people"][1], person("Cai Roe", "dpo"))
    data = clean(merge(BASE, ours, theirs))
    assert data["people"] == [
        person("Ana Diaz", power="high"),
        person("Bo Li", "head"),
        person("Cai Roe", "dpo"),
    ]


def test_different_answers_of_one_record_edited_on_each_side() -> None:
    ours = people_with(BASE["people"][0], person("Bo Li", "head", "high"), BASE["people"][2])
    theirs = people_with(BASE["people"][0], person("Bo Li", "chief"), BASE["people"][2])
    data = clean(merge(BASE, ours, theirs))
    assert data["people"][1] == person("Bo Li", "chief", "high")


def test_the_same_answer_of_one_record_changed_differently_is_a_clash_at_its_path() -> None:
    ours = people_with(BASE["people"][0], person("Bo Li", "chief"), BASE["people"][2])
    theirs = people_with(BASE["people"][0], person("Bo Li", "boss"), BASE["people"][2])
    [clash] = merge(BASE, ours, theirs).clashes
    assert clash == Clash(("people", 1, "role"), BOTH_CHANGED)
    assert clash.where == "people[1].role"


def test_records_added_on_both_sides_are_all_kept_ours_first() -> None:
    ours = people_with(*BASE["people"], person("Dee Ng"))
    theirs = people_with(*BASE["people"], person("Eve Fox"), person("Fin Ash"))
    names = [p["name"] for p in clean(merge(BASE, ours, theirs))["people"]]
    assert names == ["Ana Diaz", "Bo Li", "Cai Roe", "Dee Ng", "Eve Fox", "Fin Ash"]


def test_records_added_in_the_middle_stay_after_the_record_they_followed() -> None:
    ana, bo, cai = BASE["people"]
    ours = people_with(ana, person("Dee Ng"), bo, cai)
    theirs = people_with(person("Eve Fox"), ana, person("Fin Ash"), bo, cai, person("Gil Oz"))
    names = [p["name"] for p in clean(merge(BASE, ours, theirs))["people"]]
    assert names == ["Eve Fox", "Ana Diaz", "Dee Ng", "Fin Ash", "Bo Li", "Cai Roe", "Gil Oz"]


def test_ours_added_at_the_top_comes_before_theirs_added_at_the_top() -> None:
    ana, bo, cai = BASE["people"]
    ours = people_with(person("Dee Ng"), ana, bo, cai)
    theirs = people_with(person("Eve Fox"), ana, bo, cai)
    names = [p["name"] for p in clean(merge(BASE, ours, theirs))["people"]]
    assert names == ["Dee Ng", "Eve Fox", "Ana Diaz", "Bo Li", "Cai Roe"]


def test_their_record_after_one_we_removed_goes_after_the_one_before_it() -> None:
    ana, bo, cai = BASE["people"]
    ours = people_with(ana, cai)  # Bo Li removed
    theirs = people_with(ana, bo, person("Dee Ng"), cai)
    names = [p["name"] for p in clean(merge(BASE, ours, theirs))["people"]]
    assert names == ["Ana Diaz", "Dee Ng", "Cai Roe"]


def test_the_same_record_added_on_both_sides_is_one_record() -> None:
    ana, bo, cai = BASE["people"]
    ours = people_with(person("Ana Diaz", power="high"), bo, cai, person("Dee Ng"))
    theirs = people_with(ana, bo, person("Cai Roe", "dpo"), person("Dee Ng"))
    data = clean(merge(BASE, ours, theirs))
    assert [p["name"] for p in data["people"]] == ["Ana Diaz", "Bo Li", "Cai Roe", "Dee Ng"]
    theirs["people"][3] = person(" dee  NG ")  # the same name, as cds compares names: one record
    result = merge(BASE, ours, theirs)
    assert result.clashes == [Clash(("people", 3, "name"), BOTH_CHANGED)]


def test_one_record_added_on_both_sides_merges_answer_by_answer() -> None:
    ours = people_with(*BASE["people"], {"name": "Dee Ng", "role": "analyst"})
    theirs = people_with(*BASE["people"], {"name": "Dee Ng", "power": "high"})
    data = clean(merge(BASE, ours, theirs))
    assert data["people"][3] == {"name": "Dee Ng", "role": "analyst", "power": "high"}
    clash = merge(BASE, ours, people_with(*BASE["people"], {"name": "Dee Ng", "role": "dpo"}))
    assert clash.clashes == [Clash(("people", 3, "role"), BOTH_CHANGED)]


def test_a_record_removed_on_one_side_and_left_alone_on_the_other_is_removed() -> None:
    ana, bo, cai = BASE["people"]
    ours = people_with(ana, cai)
    theirs = people_with(ana, bo, person("Cai Roe", "dpo"))
    assert clean(merge(BASE, ours, theirs))["people"] == [ana, person("Cai Roe", "dpo")]
    assert clean(merge(BASE, theirs, ours))["people"] == [ana, person("Cai Roe", "dpo")]


def test_a_record_removed_on_both_sides_is_removed() -> None:
    ana, _bo, cai = BASE["people"]
    ours = people_with(ana, cai, person("Dee Ng"))
    theirs = people_with(ana, cai)
    assert [p["name"] for p in clean(merge(BASE, ours, theirs))["people"]] == [
        "Ana Diaz",
        "Cai Roe",
        "Dee Ng",
    ]


def test_a_record_removed_by_us_and_edited_by_them_is_a_clash() -> None:
    ana, _bo, cai = BASE["people"]
    ours = people_with(ana, cai)
    theirs = people_with(ana, person("Bo Li", "chief"), cai)
    assert merge(BASE, ours, theirs).clashes == [Clash(("people", 1), REMOVED_AND_CHANGED)]


def test_a_record_removed_by_them_and_edited_by_us_is_a_clash() -> None:
    ana, _bo, cai = BASE["people"]
    ours = people_with(ana, person("Bo Li", "chief"), cai)
    theirs = people_with(ana, cai)
    assert merge(BASE, ours, theirs).clashes == [Clash(("people", 1), REMOVED_AND_CHANGED)]


def test_records_moved_by_us_still_take_their_edits() -> None:
    ana, bo, cai = BASE["people"]
    ours = people_with(cai, ana, bo)
    theirs = people_with(ana, person("Bo Li", "chief"), cai)
    assert clean(merge(BASE, ours, theirs))["people"] == [cai, ana, person("Bo Li", "chief")]


def test_a_record_renamed_in_its_place_pairs_by_place() -> None:
    ana, _bo, cai = BASE["people"]
    ours = people_with(ana, person("Bo Lee", "head"), cai)
    theirs = people_with(ana, person("Bo Li", "head", "high"), cai)
    assert clean(merge(BASE, ours, theirs))["people"][1] == person("Bo Lee", "head", "high")


def test_records_without_names_pair_by_place() -> None:
    base = {"rows": [{"n": "1"}, {"n": "2"}]}
    ours = {"rows": [{"n": "1", "x": "a"}, {"n": "2"}]}
    theirs = {"rows": [{"n": "1"}, {"n": "2", "x": "b"}]}
    assert clean(merge(base, ours, theirs))["rows"] == [{"n": "1", "x": "a"}, {"n": "2", "x": "b"}]


def test_a_list_of_records_started_on_both_sides() -> None:
    base = edited(people=[])
    ours = edited(people=[person("Dee Ng")])
    theirs = edited(people=[person("Eve Fox")])
    names = [p["name"] for p in clean(merge(base, ours, theirs))["people"]]
    assert names == ["Dee Ng", "Eve Fox"]
    del base["people"]
    names = [p["name"] for p in clean(merge(base, ours, theirs))["people"]]
    assert names == ["Dee Ng", "Eve Fox"]


def test_a_list_of_records_replaced_by_plain_values_is_a_clash() -> None:
    result = merge(BASE, edited(people=["Ana Diaz"]), people_with(person("Ana Diaz", "x")))
    assert result.clashes == [Clash(("people",), BOTH_CHANGED)]


# Whole files --------------------------------------------------------------------------------


def test_a_file_added_on_both_sides_merges_from_nothing() -> None:
    ours = {"card": "team", "notes": "n"}
    theirs = {"card": "team", "people": [person("Ana Diaz")]}
    assert clean(merge(None, ours, theirs)) == {
        "card": "team",
        "notes": "n",
        "people": [person("Ana Diaz")],
    }


def test_files_that_are_not_sections_clash_as_a_whole() -> None:
    result = merge("text", "ours", "theirs")
    assert result.clashes == [Clash((), BOTH_CHANGED)]
    assert result.clashes[0].where == "the file"


def test_no_file_on_any_side_is_none() -> None:
    assert merge(None, None, None) == Merged(None, [])
    assert repr(MISSING) == "MISSING"


def test_the_inputs_are_left_as_they_were() -> None:
    ours = people_with(*BASE["people"], person("Dee Ng"))
    theirs = edited(c="30")
    before = copy.deepcopy((BASE, ours, theirs))
    merge(BASE, ours, theirs)
    assert (BASE, ours, theirs) == before


# Properties -------------------------------------------------------------------------------

TEXT = st.sampled_from(["", "a", "b", "Ana Diaz", "Bo Li", "x y"])
VALUE = st.one_of(st.none(), TEXT, st.lists(TEXT, max_size=3))
RECORD = st.dictionaries(st.sampled_from(["name", "role", "power"]), st.one_of(st.none(), TEXT))
ANSWERS = st.dictionaries(st.sampled_from(["notes", "a", "b", "c"]), VALUE, max_size=4).flatmap(
    lambda d: st.lists(RECORD, max_size=4).map(lambda people: {**d, "people": people})
)


@given(ANSWERS, ANSWERS)
def test_one_side_unchanged_gives_the_other_exactly(base: Any, changed: Any) -> None:
    assert clean(merge(base, changed, base)) == changed
    assert clean(merge(base, base, changed)) == changed
    assert clean(merge(base, changed, changed)) == changed


@given(ANSWERS, ANSWERS, ANSWERS)
def test_a_clash_is_a_clash_whichever_side_merges(base: Any, ours: Any, theirs: Any) -> None:
    one, other = merge(base, ours, theirs), merge(base, theirs, ours)
    assert one.clean == other.clean
    if one.clean:  # the same answers, perhaps in another order
        assert sorted(one.data) == sorted(other.data)


# The three versions of a clash, for a line merge to mark -------------------------------


def test_a_clash_keeps_the_side_asked_for_and_everything_else_merged() -> None:
    ours, theirs = edited(a="x", b="20"), edited(a="p", c="30")
    for side, a in (("ours", "x"), ("base", "1"), ("theirs", "p")):
        result = merge(BASE, ours, theirs, clash=side)  # type: ignore[arg-type]
        assert result.clashes == [Clash(("a",), BOTH_CHANGED)]
        assert (result.data["a"], result.data["b"], result.data["c"]) == (a, "20", "30")


def test_a_record_we_removed_and_they_changed_in_each_version() -> None:
    ana, _bo, cai = BASE["people"]
    chief = person("Bo Li", "chief")
    ours = people_with(ana, cai, person("Dee Ng"))
    theirs = people_with(ana, chief, cai)
    names = {
        side: [p.get("role") for p in merge(BASE, ours, theirs, clash=side).data["people"]]
        for side in ("ours", "base", "theirs")
    }
    assert names == {
        "ours": ["analyst", "lawyer", "analyst"],
        "base": ["analyst", "head", "lawyer", "analyst"],
        "theirs": ["analyst", "chief", "lawyer", "analyst"],
    }


def test_a_record_they_removed_and_we_changed_in_each_version() -> None:
    ana, _bo, cai = BASE["people"]
    ours = people_with(ana, person("Bo Li", "chief"), cai)
    theirs = people_with(ana, cai)
    roles = {
        side: [p["role"] for p in merge(BASE, ours, theirs, clash=side).data["people"]]
        for side in ("ours", "base", "theirs")
    }
    assert roles == {
        "ours": ["analyst", "chief", "lawyer"],
        "base": ["analyst", "head", "lawyer"],
        "theirs": ["analyst", "lawyer"],
    }


@given(ANSWERS, ANSWERS, ANSWERS)
def test_the_versions_differ_only_where_the_sides_clash(base: Any, ours: Any, theirs: Any) -> None:
    versions = [merge(base, ours, theirs, clash=side) for side in ("ours", "base", "theirs")]
    assert versions[0].clashes == versions[1].clashes == versions[2].clashes
    if versions[0].clean:
        assert versions[0].data == versions[1].data == versions[2].data
