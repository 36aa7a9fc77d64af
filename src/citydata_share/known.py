"""Answer once: the names other cards already hold, offered wherever a question asks for them.

A question declares ``Ask(..., pick="people")``; this module says where each source's values
live (which card, which list of records, which field names a record) so that the wizard can
offer them as choices, record a new one in the right place, and `cds check` can compare names
the way people mean them: ``same_name("Belfast  City council", "Belfast City Council")``.

Pure functions over plain answers (the JSON form of a card, as drafts and files hold it), so
the card being edited can be a source for itself (a dataset's system from the systems listed
on the same card; a RACI name from the people on the same team card).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from citydata_share.cards.base import CardModel
    from citydata_share.project import ProjectConfig


def name_key(text: str) -> str:
    """A name as compared: case and runs of spaces do not matter."""
    return " ".join(str(text).split()).casefold()


def same_name(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and name_key(a) == name_key(b)


class NameSet:
    """Names looked up loosely in constant time (a casefolded set, built once)."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._keys: dict[str, str] = {}
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        self._keys.setdefault(name_key(name), name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name_key(name) in self._keys

    def spelling(self, name: str) -> str | None:
        """The name as first recorded, if a name like this one is in the set."""
        return self._keys.get(name_key(name))

    def __len__(self) -> int:
        return len(self._keys)


@dataclass(frozen=True)
class KnownValue:
    value: str  # what the answer stores
    label: str  # how the choice is shown, e.g. "Ana Diaz (Head of Service)"


@dataclass(frozen=True)
class Source:
    """Where one kind of name lives, and where a new one is recorded."""

    name: str
    noun: str  # one value, in words: "person", "organisation"
    card: str  # the card whose records hold the values
    records: str  # the list of records on that card
    field: str  # the field of a record that holds the name
    where: str  # where a new value is recorded, in words
    follow_up: str  # what a value recorded with only its name still needs, in words
    extra: Callable[[ProjectConfig | None], list[KnownValue]] | None = None  # cds.yaml's names


def _field(record: Any, name: str) -> Any:
    """A record's answer, as plain data: the record is a card's model or its JSON form."""
    value = record.get(name) if isinstance(record, Mapping) else getattr(record, name, None)
    return value.value if isinstance(value, Enum) else value


def _person(record: Any) -> KnownValue | None:
    from citydata_share.cards.team import TeamRole

    name = _field(record, "name")
    role = _field(record, "role")
    role_label = ""
    if role:
        try:
            role_label = TeamRole(role).label
        except ValueError:
            role_label = str(role)
    role_other = _field(record, "role_other")
    if role == "other" and role_other:
        role_label = str(role_other)
    if name:
        return KnownValue(str(name), f"{name} ({role_label})" if role_label else str(name))
    if role_label:
        return KnownValue(role_label, role_label)
    return None


def _project_organisations(project: ProjectConfig | None) -> list[KnownValue]:
    if project is None:
        return []
    found = []
    if project.organisation:
        found.append(KnownValue(project.organisation, f"{project.organisation} (us)"))
    found += [KnownValue(p.name, f"{p.name} (partner: {p.role.short})") for p in project.partners]
    return found


SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source(
            "people",
            "person",
            "team",
            "people",
            "name",
            "the team card (people)",
            "give their role",
        ),
        Source(
            "organisations",
            "organisation",
            "ecosystem",
            "organisations",
            "name",
            "the ecosystem card (organisations)",
            "say what kind of organisation it is",
            extra=_project_organisations,
        ),
        Source(
            "datasets",
            "dataset",
            "data-systems",
            "datasets",
            "title",
            "the data-systems card (datasets)",
            "describe it",
        ),
        Source(
            "systems",
            "system",
            "data-systems",
            "systems",
            "name",
            "the data-systems card (systems)",
            "say which team owns it",
        ),
    )
}


def _records(
    card_id: str,
    records: str,
    cards: Mapping[str, CardModel],
    editing: tuple[str, Mapping[str, Any]] | None,
) -> list[Any]:
    """A card's list of records, read from its model as it is (no copy of the whole card):
    each a model, or a mapping for the card being edited; anything else in the list (a
    half-typed draft's stray text) is left out."""
    if editing is not None and editing[0] == card_id:
        found = editing[1].get(records)
    else:
        found = getattr(cards.get(card_id), records, None)
    if not isinstance(found, list):
        return []
    return [r for r in found if r is not None and not isinstance(r, str | list)]


def known_values(
    source: str,
    cards: Mapping[str, CardModel],
    project: ProjectConfig | None,
    editing: tuple[str, Mapping[str, Any]] | None = None,
) -> list[KnownValue]:
    """The values a source holds now, each once (names compared loosely), in order."""
    spec = SOURCES[source]
    found: list[KnownValue] = list(spec.extra(project)) if spec.extra else []
    for record in _records(spec.card, spec.records, cards, editing):
        if source == "people":
            value = _person(record)
        else:
            name = _field(record, spec.field)
            value = KnownValue(str(name), str(name)) if name else None
        if value is not None:
            found.append(value)
    seen: set[str] = set()
    unique = []
    for value in found:
        if name_key(value.value) not in seen:
            seen.add(name_key(value.value))
            unique.append(value)
    return unique


# The last name set built for each source, with what it was built from: every card's
# cross-check asks for the same few sets, and building the people's set from a large team
# costs more than the check itself. Reused only for the very same card objects.
_Built = tuple["Mapping[str, CardModel]", "CardModel | None", "ProjectConfig | None", NameSet]
_LAST: dict[str, _Built] = {}


def known_names(
    source: str,
    cards: Mapping[str, CardModel],
    project: ProjectConfig | None,
    editing: tuple[str, Mapping[str, Any]] | None = None,
) -> NameSet:
    """The names a source holds, for loose look-ups (`cds check`). Do not change the set:
    the same one is given to every caller that passes the same cards."""
    spec = SOURCES[source]
    if editing is None:
        last = _LAST.get(source)
        if (
            last is not None
            and last[0] is cards
            and last[1] is cards.get(spec.card)
            and last[2] is project
        ):
            # As building it would: read the records, for a caller that notes what is read.
            getattr(last[1], spec.records, None)
            return last[3]
    names = _known_names(source, cards, project, editing)
    if editing is None:
        _LAST[source] = (cards, cards.get(spec.card), project, names)
    return names


def _known_names(
    source: str,
    cards: Mapping[str, CardModel],
    project: ProjectConfig | None,
    editing: tuple[str, Mapping[str, Any]] | None,
) -> NameSet:
    values = known_values(source, cards, project, editing)
    names = NameSet(v.value for v in values)
    if source == "people":  # a person may also be named by role, or as "Name (Role)"
        for value in values:
            names.add(value.label)
        for record in _records("team", "people", cards, editing):
            role = _field(record, "role")
            if role not in (None, "", "other"):
                names.add(str(role))
                person = _person({"role": role, "role_other": _field(record, "role_other")})
                if person is not None:
                    names.add(person.value)
    return names
