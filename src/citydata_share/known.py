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


def _person(record: Mapping[str, Any]) -> KnownValue | None:
    from citydata_share.cards.team import TeamRole

    name = record.get("name")
    role = record.get("role")
    role_label = ""
    if role:
        try:
            role_label = TeamRole(role).label
        except ValueError:
            role_label = str(role)
    if role == "other" and record.get("role_other"):
        role_label = str(record["role_other"])
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


def card_answers(
    card_id: str,
    cards: Mapping[str, CardModel],
    editing: tuple[str, Mapping[str, Any]] | None = None,
) -> Mapping[str, Any]:
    """A card's answers as plain data: the card being edited wins over its saved file."""
    if editing is not None and editing[0] == card_id:
        return editing[1]
    model = cards.get(card_id)
    return model.answers() if model is not None else {}


def known_values(
    source: str,
    cards: Mapping[str, CardModel],
    project: ProjectConfig | None,
    editing: tuple[str, Mapping[str, Any]] | None = None,
) -> list[KnownValue]:
    """The values a source holds now, each once (names compared loosely), in order."""
    spec = SOURCES[source]
    found: list[KnownValue] = list(spec.extra(project)) if spec.extra else []
    for record in card_answers(spec.card, cards, editing).get(spec.records) or []:
        if not isinstance(record, Mapping):
            continue
        if source == "people":
            value = _person(record)
        else:
            name = record.get(spec.field)
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


def known_names(
    source: str,
    cards: Mapping[str, CardModel],
    project: ProjectConfig | None,
    editing: tuple[str, Mapping[str, Any]] | None = None,
) -> NameSet:
    """The names a source holds, for loose look-ups (`cds check`)."""
    names = NameSet(v.value for v in known_values(source, cards, project, editing))
    if source == "people":  # a person may also be named by role, or as "Name (Role)"
        for value in known_values(source, cards, project, editing):
            names.add(value.label)
        team = card_answers("team", cards, editing)
        for record in team.get("people") or []:
            if isinstance(record, Mapping) and record.get("role") not in (None, "", "other"):
                names.add(str(record["role"]))
                person = _person({"role": record["role"], "role_other": record.get("role_other")})
                if person is not None:
                    names.add(person.value)
    return names
