"""DISCOVER, service lane: "Identify internal team".

The people inside the organisation who can help, by the toolkit's role catalogue, placed on
a power x interest grid, with a RACI matrix over the decisions the process needs. Gaps in
the team (no information governance, no Data Provision Lead, no sponsor...) are derived.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field, model_validator

from citydata_share.cards.base import CardModel, LinkIssue, Record
from citydata_share.known import known_names, name_key
from citydata_share.questions import Ask, Choice, Kind

if TYPE_CHECKING:
    from citydata_share.project import ProjectConfig


class RoleGroup(Choice):
    SENIOR_MANAGEMENT = "senior-management", "Senior management"
    SERVICE_DELIVERY = "service-delivery", "Service delivery"
    ANALYSIS = "analysis", "Analysis"
    INFORMATION_GOVERNANCE = "information-governance", "Information governance"
    COMMUNICATIONS = "communications", "Communications"
    FINANCE = "finance", "Finance"
    INFORMATION_TECHNOLOGY = "information-technology", "Information technology"
    OTHER = "other", "Other roles"  # cds's addition: roles outside the catalogue, or not given


class TeamRole(Choice):
    CHIEF_EXECUTIVE = (
        "chief-executive",
        "Chief Executive",
        "Sets the vision every project serves; will want to oversee, directly or through "
        "a delegate, the final data sharing agreement.",
    )
    ELECTED_LEADER = (
        "elected-leader",
        "Elected Leader",
        "A leader or cabinet member: only in rare, high-profile shares central to the "
        "council's agenda.",
    )
    HEAD_OF_SERVICE = (
        "head-of-service",
        "Head of Service",
        "Heads the service that benefits (e.g. waste, children's services) and shapes "
        "why the data is shared. It may be you.",
    )
    FRONTLINE_OFFICER = (
        "frontline-officer",
        "Frontline Officer",
        "Knows why the data is needed and often why it is not available today.",
    )
    HEAD_OF_ANALYSIS = (
        "head-of-analysis",
        "Head of Analysis",
        "Knows what data the organisation holds, and perhaps what others hold.",
    )
    DATA_ANALYST = (
        "data-analyst",
        "Data Analyst",
        "Supports delivery teams or performance reporting; knows the data's quality and gaps.",
    )
    GIS_SPECIALIST = (
        "gis-specialist",
        "GIS Specialist",
        "Knows the geographic data held and what current systems can do.",
    )
    DATA_SCIENTIST = (
        "data-scientist",
        "Data Scientist",
        "Found where data is used routinely; likely to use the shared data.",
    )
    DATA_PROTECTION_OFFICER = (
        "data-protection-officer",
        "Data Protection Officer",
        "The formal role under UK GDPR and the Data Protection Act; often semi-independent.",
    )
    SIRO = (
        "siro",
        "Senior Information Risk Owner",
        "A senior manager accountable for information risk across the organisation.",
    )
    LAWYER = (
        "lawyer",
        "Lawyer / Legal",
        "May draft the data sharing agreement, or a licence if you make data available.",
    )
    IG_LEAD = (
        "ig-lead",
        "Information Governance Lead",
        "Responsible for how information is used across the organisation, personal or not.",
    )
    COMMUNICATIONS_OFFICER = (
        "communications-officer",
        "Communications Officer",
        "Can help shape the business case and internal communications.",
    )
    FINANCE_OFFICER = (
        "finance-officer",
        "Finance Officer",
        "Sees every function's reporting data; internal audit can be especially helpful.",
    )
    CDO = (
        "cdo",
        "Chief Digital / Data / Information Officer",
        "Ultimately responsible for the use of data; may sit on the senior team.",
    )
    HEAD_OF_IT = (
        "head-of-it",
        "Head of IT",
        "Advises on the technical changes that sharing needs.",
    )
    DATA_PROVISION_LEAD = (
        "data-provision-lead",
        "Data Provision Lead",
        "Day-to-day contact for getting data out of systems; knows its real quality. "
        "Involve this person early.",
    )
    SYSTEMS_ANALYST = (
        "systems-analyst",
        "Business / Systems Analyst",
        "Knows the specific systems and what they can do.",
    )
    TECHNICAL_SECURITY = (
        "technical-security",
        "Technical Security",
        "Usually in IT; keeps every technical system secure.",
    )
    OTHER = (  # cds's addition: roles vary by organisation
        "other",
        "Other role",
        "A role outside the toolkit's catalogue (roles vary by organisation): you will be "
        "asked what it is called.",
    )


# The toolkit's role catalogue: every role but cds's "Other".
CATALOGUE: tuple[TeamRole, ...] = tuple(r for r in TeamRole if r is not TeamRole.OTHER)


ROLE_GROUP: dict[TeamRole, RoleGroup] = {
    TeamRole.CHIEF_EXECUTIVE: RoleGroup.SENIOR_MANAGEMENT,
    TeamRole.ELECTED_LEADER: RoleGroup.SENIOR_MANAGEMENT,
    TeamRole.HEAD_OF_SERVICE: RoleGroup.SERVICE_DELIVERY,
    TeamRole.FRONTLINE_OFFICER: RoleGroup.SERVICE_DELIVERY,
    TeamRole.HEAD_OF_ANALYSIS: RoleGroup.ANALYSIS,
    TeamRole.DATA_ANALYST: RoleGroup.ANALYSIS,
    TeamRole.GIS_SPECIALIST: RoleGroup.ANALYSIS,
    TeamRole.DATA_SCIENTIST: RoleGroup.ANALYSIS,
    TeamRole.DATA_PROTECTION_OFFICER: RoleGroup.INFORMATION_GOVERNANCE,
    TeamRole.SIRO: RoleGroup.INFORMATION_GOVERNANCE,
    TeamRole.LAWYER: RoleGroup.INFORMATION_GOVERNANCE,
    TeamRole.IG_LEAD: RoleGroup.INFORMATION_GOVERNANCE,
    TeamRole.COMMUNICATIONS_OFFICER: RoleGroup.COMMUNICATIONS,
    TeamRole.FINANCE_OFFICER: RoleGroup.FINANCE,
    TeamRole.CDO: RoleGroup.INFORMATION_TECHNOLOGY,
    TeamRole.HEAD_OF_IT: RoleGroup.INFORMATION_TECHNOLOGY,
    TeamRole.DATA_PROVISION_LEAD: RoleGroup.INFORMATION_TECHNOLOGY,
    TeamRole.SYSTEMS_ANALYST: RoleGroup.INFORMATION_TECHNOLOGY,
    TeamRole.TECHNICAL_SECURITY: RoleGroup.INFORMATION_TECHNOLOGY,
    TeamRole.OTHER: RoleGroup.OTHER,
}

# Roles that can sponsor the share at a senior level.
SPONSOR_ROLES: frozenset[TeamRole] = frozenset(
    {TeamRole.CHIEF_EXECUTIVE, TeamRole.ELECTED_LEADER, TeamRole.CDO, TeamRole.SIRO}
)


class Level(Choice):
    HIGH = "high", "High"
    LOW = "low", "Low"


class Person(Record):
    role: Annotated[
        TeamRole | None,
        Ask(
            "What is their role?",
            help="Pick the nearest role in the toolkit's catalogue; not every organisation "
            "has all of them. 'Other role' for one outside it.",
            other="role_other",
        ),
    ] = None  # a person named on another card comes with their name only
    role_other: Annotated[
        str | None,
        Ask("What is their role called?", help="As your organisation names it.", required=False),
    ] = None
    name: Annotated[
        str | None,
        Ask(
            "Their name",
            help="Optional: leave it out if you only know the role for now.",
            required=False,
        ),
    ] = None
    key_player: Annotated[
        bool | None,
        Ask(
            "Is '{record}' a key player for this share?",
            help="Someone the share cannot go ahead without.",
            required=False,
        ),
    ] = None
    power: Annotated[
        Level | None,
        Ask(
            "How much power does '{record}' have over the share?",
            help="High: they can approve, block or fund it.",
        ),
    ] = None
    interest: Annotated[
        Level | None,
        Ask(
            "How interested is '{record}' in the share?",
            help="High: it matters to their work and they will follow it closely.",
        ),
    ] = None
    notes: Annotated[
        str | None,
        Ask("Notes on '{record}'", help="What they can help with.", required=False),
    ] = None

    @model_validator(mode="after")
    def _named_somehow(self) -> Person:
        if self.role is None and not self.name:
            raise ValueError("a person needs a role or a name")
        return self

    @property
    def role_label(self) -> str | None:
        """The role in words: the catalogue's label, or what an "Other role" is called."""
        if self.role is TeamRole.OTHER and self.role_other:
            return self.role_other
        return self.role.label if self.role is not None else None

    @property
    def group(self) -> RoleGroup:
        """The catalogue's group of the role ("Other roles" when outside it or not given)."""
        return ROLE_GROUP[self.role] if self.role is not None else RoleGroup.OTHER

    @property
    def label(self) -> str:
        """How the person is named in grids and the RACI: name and role, or either."""
        role = self.role_label
        if self.name and role:
            return f"{self.name} ({role})"
        return self.name or role or "?"

    def names(self) -> set[str]:
        """Every way this person may be named: label, name, role label, role value."""
        found = {self.label}
        if self.name:
            found.add(self.name)
        if self.role_label:
            found.add(self.role_label)
        if self.role is not None and self.role is not TeamRole.OTHER:
            found.add(self.role.value)
        return found

    def is_called(self, text: str) -> bool:
        """True when ``text`` names this person (case and spacing do not matter)."""
        return name_key(text) in {name_key(n) for n in self.names()}


def people_by_name(model: Team) -> dict[str, Person]:
    """Each way a person may be named (compared loosely) -> the first person so named.

    Built once, so that matching many names to a large team is linear, not names x people.
    """
    found: dict[str, Person] = {}
    for person in model.people:
        for name in person.names():
            found.setdefault(name_key(name), person)
    return found


DEFAULT_DECISIONS: tuple[str, ...] = (
    "Agree the reasons for sharing",
    "Approve the business case",
    "Choose the technical architecture",
    "Approve the DPIA (privacy screening)",
    "Sign the data sharing agreement",
    "Confirm governance",
    "Review or retire the share",
)


class RaciDecision(Record):
    """One decision of the process and who does what about it."""

    decision: Annotated[str, Ask("Which decision?")]
    responsible: Annotated[
        list[str],
        Ask(
            "Who is Responsible for '{record}' (does the work)?",
            help="The people who do the work for this decision, from the team list.",
            pick="people",
        ),
    ] = Field(default_factory=list)
    accountable: Annotated[
        str | None,
        Ask(
            "Who is Accountable for '{record}' (signs it off)?",
            help="Exactly one person: the buck stops with them.",
            pick="people",
        ),
    ] = None
    consulted: Annotated[
        list[str],
        Ask(
            "Who is Consulted on '{record}' before it is made?",
            help="People whose views are sought before the decision.",
            required=False,
            pick="people",
        ),
    ] = Field(default_factory=list)
    informed: Annotated[
        list[str],
        Ask(
            "Who is Informed of '{record}' afterwards?",
            help="People told once the decision is made.",
            required=False,
            pick="people",
        ),
    ] = Field(default_factory=list)


class Team(CardModel):
    card_id: ClassVar[str] = "team"
    guidance: ClassVar[str] = (
        "List the people inside your organisation who can help, using the toolkit's role "
        "catalogue as a checklist: senior management, the service, analysts, information "
        "governance, communications, finance and IT. Not every role exists everywhere. "
        "Place each person on a power x interest grid to decide how to involve them, and "
        "agree who is Responsible, Accountable, Consulted and Informed for each decision. "
        "Find your Data Provision Lead early: they know what the data is really like."
    )

    people: Annotated[
        list[Person],
        Ask(
            "Who in your organisation should be involved?",
            help="Add one entry per person (or per role, if you do not know who yet).",
            item="person",
            label="name",
        ),
    ] = Field(default_factory=list)
    raci: Annotated[
        list[RaciDecision],
        Ask(
            "Who is Responsible, Accountable, Consulted and Informed for each decision?",
            help="A RACI matrix: for each decision of the process, name the people from "
            "your list. Suggested decisions are filled in to start you off.",
            item="decision",
            label="decision",
            required=False,
            default=[{"decision": d} for d in DEFAULT_DECISIONS],
            kind=Kind.RECORDS,
        ),
    ] = Field(default_factory=list)

    def cross_check(
        self, cards: Mapping[str, CardModel], project: ProjectConfig
    ) -> list[LinkIssue]:
        """Everyone named in the RACI should be on the team list (catches typos)."""
        if not self.people:
            return []
        listed = known_names("people", cards, project, editing=(self.card_id, self.answers()))
        issues = []
        for i, row in enumerate(self.raci):
            named = {
                "responsible": row.responsible,
                "accountable": [row.accountable] if row.accountable else [],
                "consulted": row.consulted,
                "informed": row.informed,
            }
            for field_name, names in named.items():
                for name in names:
                    if name not in listed:
                        issues.append(
                            LinkIssue(
                                f"raci[{i}].{field_name}",
                                f"{name!r} ({row.decision}) is not on the team list",
                                "Add them under people with `cds discover team`, or write "
                                "the name or role as it is on the list.",
                            )
                        )
        return issues

    def power_interest_grid(self) -> PowerInterestGrid:
        return power_interest_grid(self)

    def raci_matrix(self) -> RaciMatrix:
        return raci_matrix(self)

    def gaps(self) -> list[TeamGap]:
        return gaps(self)


class Quadrant(Choice):
    MANAGE_CLOSELY = "manage-closely", "Manage closely", "High power, high interest."
    KEEP_SATISFIED = "keep-satisfied", "Keep satisfied", "High power, low interest."
    KEEP_INFORMED = "keep-informed", "Keep informed", "Low power, high interest."
    MONITOR = "monitor", "Monitor", "Low power, low interest."


def quadrant(power: Level | None, interest: Level | None) -> Quadrant | None:
    if power is None or interest is None:
        return None
    if power is Level.HIGH:
        return Quadrant.MANAGE_CLOSELY if interest is Level.HIGH else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if interest is Level.HIGH else Quadrant.MONITOR


@dataclass(frozen=True)
class PowerInterestGrid:
    quadrants: dict[Quadrant, list[Person]]  # every quadrant, in Quadrant order
    unplaced: list[Person] = field(default_factory=list)  # power or interest not given


def power_interest_grid(model: Team) -> PowerInterestGrid:
    """Each person in their quadrant of the stakeholder grid."""
    quadrants: dict[Quadrant, list[Person]] = {q: [] for q in Quadrant}
    unplaced = []
    for person in model.people:
        where = quadrant(person.power, person.interest)
        if where is None:
            unplaced.append(person)
        else:
            quadrants[where].append(person)
    return PowerInterestGrid(quadrants, unplaced)


@dataclass(frozen=True)
class RaciMatrix:
    """Rows are decisions, columns are people; each cell holds some of "R", "A", "C", "I"."""

    decisions: list[str]
    people: list[str]
    cells: dict[tuple[str, str], str]  # (decision, person) -> e.g. "R" or "A/R"

    def cell(self, decision: str, person: str) -> str:
        return self.cells.get((decision, person), "")


def raci_matrix(model: Team) -> RaciMatrix:
    """The RACI as a grid; people named in the RACI but not on the team get a column too."""
    labels = {key: person.label for key, person in people_by_name(model).items()}
    # One column a label: two people listed alike (two unnamed analysts) are one column,
    # as the RACI names them alike, not two columns with the same letters.
    people = list(dict.fromkeys(p.label for p in model.people))
    cells: dict[tuple[str, str], str] = {}
    decisions = []
    for row in model.raci:
        decisions.append(row.decision)
        assigned: list[tuple[str, list[str]]] = [
            ("R", row.responsible),
            ("A", [row.accountable] if row.accountable else []),
            ("C", row.consulted),
            ("I", row.informed),
        ]
        for letter, names in assigned:
            for name in names:
                who = labels.get(name_key(name), name.strip())
                people.append(who)
                key = (row.decision, who)
                cells[key] = f"{cells[key]}/{letter}" if key in cells else letter
    return RaciMatrix(decisions, list(dict.fromkeys(people)), cells)


@dataclass(frozen=True)
class TeamGap:
    """Something missing from the team, and what to do about it."""

    field: str  # the card field it concerns, e.g. "people" or "raci[1].accountable"
    message: str
    hint: str


def _groups(model: Team) -> set[RoleGroup]:
    return {p.group for p in model.people}


def gaps(model: Team) -> list[TeamGap]:
    """What the toolkit would expect on the team and does not find."""
    found: list[TeamGap] = []
    roles = {p.role for p in model.people}
    groups = _groups(model)
    if not model.people:
        return [
            TeamGap("people", "No one is on the team yet.", "Add people with `cds discover team`.")
        ]
    if RoleGroup.INFORMATION_GOVERNANCE not in groups:
        found.append(
            TeamGap(
                "people",
                "No one from information governance is involved.",
                "Add your Information Governance Lead, Data Protection Officer, SIRO or a lawyer: "
                "they will be needed for the agreements and the privacy screening.",
            )
        )
    if TeamRole.DATA_PROVISION_LEAD not in roles:
        found.append(
            TeamGap(
                "people",
                "There is no Data Provision Lead.",
                "Find the person who gets data out of your systems day to day and involve them "
                "early: they know the real state and quality of the data.",
            )
        )
    if not roles & SPONSOR_ROLES:
        found.append(
            TeamGap(
                "people",
                "There is no senior sponsor.",
                "Add a Chief Executive, Chief Digital/Data Officer or SIRO who will oversee the "
                "final agreement.",
            )
        )
    if RoleGroup.SERVICE_DELIVERY not in groups:
        found.append(
            TeamGap(
                "people",
                "No one from the service that benefits is involved.",
                "A Head of Service or frontline officer helps pin down why the data is needed.",
            )
        )
    roleless = [p.label for p in model.people if p.role is None]
    if roleless:
        found.append(
            TeamGap(
                "people",
                "No role given for: " + ", ".join(roleless) + ".",
                "Give each person a role with `cds discover team` ('Other role' for one "
                "outside the toolkit's catalogue).",
            )
        )
    unrated = [p.label for p in model.people if p.power is None or p.interest is None]
    if unrated:
        found.append(
            TeamGap(
                "people",
                "Not placed on the power x interest grid: " + ", ".join(unrated) + ".",
                "Give each person a power and an interest (high or low).",
            )
        )
    for i, row in enumerate(model.raci):
        if not row.accountable:
            found.append(
                TeamGap(
                    f"raci[{i}].accountable",
                    f"No one is Accountable for: {row.decision}.",
                    "Name exactly one person who signs this decision off.",
                )
            )
        if not row.responsible:
            found.append(
                TeamGap(
                    f"raci[{i}].responsible",
                    f"No one is Responsible for: {row.decision}.",
                    "Name who will do the work for this decision.",
                )
            )
    return found
