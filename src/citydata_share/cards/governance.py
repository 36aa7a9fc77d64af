"""PREPARE, service lane: "Confirm governance".

The toolkit's governance flowchart, asked as questions: each question is asked only when the
answers before it lead there, and the recommendation is worked out by walking the same
flowchart (:data:`FLOWCHART`, plain data the documents draw with the path highlighted). An
answer that no longer lies on the path (kept in the file after an earlier answer changed) is
ignored, never contradicted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import Field

from citydata_share.cards.base import CardModel, LinkIssue, Record
from citydata_share.questions import Ask, AskContext, Choice, Kind

if TYPE_CHECKING:
    from citydata_share.project import ProjectConfig


class Outcome(Choice):
    WORKING_LEVEL = (
        "working-level",
        "Working-level contacts",
        "The people doing the work oversee the share between them; no formal board is needed.",
    )
    PERSONAL_DATA = (
        "personal-data-arrangements",
        "Existing arrangements for personal data",
        "Use the governance already in place for sharing personal data between the same "
        "organisations.",
    )
    SERVICE = (
        "service-arrangements",
        "Existing arrangements for the service",
        "Fold the share's governance into the arrangements that already manage the service "
        "or function the data serves.",
    )
    SPECIFIC = (
        "specific-arrangements",
        "Specific new arrangements",
        "Set up governance for this share: who meets, how often, who leads and who supports.",
    )
    UNDECIDED = "undecided", "Not decided yet", "The flowchart has questions still to answer."


# The flowchart as data -------------------------------------------------------------------


class NodeKind(StrEnum):
    START = "start"
    QUESTION = "question"
    OUTCOME = "outcome"


@dataclass(frozen=True)
class FlowNode:
    """A box of the flowchart: the start, a yes/no question, or an outcome."""

    id: str
    kind: NodeKind
    text: str  # what the box says
    field: str | None = None  # QUESTION: the card field holding its yes/no answer
    outcome: Outcome | None = None  # OUTCOME: the outcome it stands for


@dataclass(frozen=True)
class FlowEdge:
    """An arrow of the flowchart; from a question, the answer it stands for."""

    id: str
    source: str
    target: str
    answer: bool | None = None  # None: the arrow out of START

    @property
    def label(self) -> str:
        return "" if self.answer is None else ("Yes" if self.answer else "No")


@dataclass(frozen=True)
class Flowchart:
    nodes: tuple[FlowNode, ...]
    edges: tuple[FlowEdge, ...]

    def node(self, node_id: str) -> FlowNode:
        return next(n for n in self.nodes if n.id == node_id)

    def edge_from(self, node_id: str, answer: bool | None = None) -> FlowEdge:
        """The arrow leaving a node for this answer (the only arrow, for START)."""
        return next(e for e in self.edges if e.source == node_id and e.answer is answer)

    @property
    def questions(self) -> tuple[FlowNode, ...]:
        return tuple(n for n in self.nodes if n.kind is NodeKind.QUESTION)


START = "start"
Q_WORKING_LEVEL = "q-working-level"
Q_PERSONAL_DATA = "q-personal-data"
Q_SERVICE = "q-service"


def _outcome_id(outcome: Outcome) -> str:
    return f"outcome-{outcome.value}"


FLOWCHART = Flowchart(
    nodes=(
        FlowNode(START, NodeKind.START, "Start here"),
        FlowNode(
            Q_WORKING_LEVEL,
            NodeKind.QUESTION,
            "Could working-level contacts cover it?",
            field="working_level",
        ),
        FlowNode(
            Q_PERSONAL_DATA,
            NodeKind.QUESTION,
            "Are there existing arrangements for personal data that include the right "
            "organisations?",
            field="personal_data_arrangements",
        ),
        FlowNode(
            Q_SERVICE,
            NodeKind.QUESTION,
            "Are there existing arrangements for the service or function the data serves?",
            field="service_arrangements",
        ),
        *(
            FlowNode(_outcome_id(o), NodeKind.OUTCOME, o.label, outcome=o)
            for o in Outcome
            if o is not Outcome.UNDECIDED
        ),
    ),
    edges=(
        FlowEdge("start-to-working-level", START, Q_WORKING_LEVEL),
        FlowEdge("working-level-yes", Q_WORKING_LEVEL, _outcome_id(Outcome.WORKING_LEVEL), True),
        FlowEdge("working-level-no", Q_WORKING_LEVEL, Q_PERSONAL_DATA, False),
        FlowEdge("personal-data-yes", Q_PERSONAL_DATA, _outcome_id(Outcome.PERSONAL_DATA), True),
        FlowEdge("personal-data-no", Q_PERSONAL_DATA, Q_SERVICE, False),
        FlowEdge("service-yes", Q_SERVICE, _outcome_id(Outcome.SERVICE), True),
        FlowEdge("service-no", Q_SERVICE, _outcome_id(Outcome.SPECIFIC), False),
    ),
)


# Walking it ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One question on the path and the answer given."""

    question: FlowNode
    answer: bool

    @property
    def answer_label(self) -> str:
        return "Yes" if self.answer else "No"


@dataclass(frozen=True)
class Walk:
    steps: tuple[Step, ...]
    nodes: tuple[str, ...]  # ids of the boxes on the path, START first
    edges: tuple[str, ...]  # ids of the arrows followed
    end: FlowNode  # the outcome reached, or the question still to answer


def as_bool(value: Any) -> bool | None:
    """A yes/no answer as saved or as typed in an answers file; None when not given."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in ("yes", "y", "true"):
            return True
        if text in ("no", "n", "false"):
            return False
    return None


def walk(answer_of: Callable[[str], Any]) -> Walk:
    """Follow the flowchart from START, asking ``answer_of(field)`` at each question.

    Only the questions on the path are looked at, so answers left over from another path
    play no part.
    """
    node = FLOWCHART.node(START)
    steps: list[Step] = []
    nodes = [node.id]
    edges: list[str] = []
    answer: bool | None = None
    while True:
        if node.kind is NodeKind.QUESTION:
            assert node.field is not None
            answer = as_bool(answer_of(node.field))
            if answer is None:
                break
            steps.append(Step(node, answer))
        elif node.kind is NodeKind.OUTCOME:
            break
        edge = FLOWCHART.edge_from(node.id, answer if node.kind is NodeKind.QUESTION else None)
        edges.append(edge.id)
        node = FLOWCHART.node(edge.target)
        nodes.append(node.id)
    return Walk(tuple(steps), tuple(nodes), tuple(edges), node)


def _reaches(node_id: str) -> Callable[[AskContext], bool]:
    """A ``when`` condition: the answers so far lead to this box of the flowchart."""

    def condition(ctx: AskContext) -> bool:
        return node_id in walk(ctx.card.get).nodes

    return condition


# The card --------------------------------------------------------------------------------


class SpecificArrangements(Record):
    """What to decide when the share needs governance of its own."""

    seniority: Annotated[
        str | None,
        Ask(
            "How senior do the people overseeing the share need to be?",
            help="E.g. directors who can commit each organisation, or heads of service. "
            "Senior enough to settle disputes and sign off changes, no more.",
        ),
    ] = None
    meeting_frequency: Annotated[
        str | None,
        Ask(
            "How often will they meet?",
            help="E.g. monthly while the share is set up, then quarterly; or at milestones.",
        ),
    ] = None
    lead_organisation: Annotated[
        str | None,
        Ask(
            "Which organisation will lead?",
            help="It chairs the meetings and keeps the share's documents up to date.",
            pick="organisations",
        ),
    ] = None
    secretariat: Annotated[
        str | None,
        Ask(
            "Who will be the secretariat?",
            help="The team or person who arranges meetings, keeps the minutes and tracks "
            "actions. Leave it empty if the lead organisation does this itself.",
            required=False,
        ),
    ] = None
    organisations: Annotated[
        list[str],
        Ask(
            "Which organisations need to be involved?",
            help="One per line: every organisation that gives, receives or supports the data.",
            pick="organisations",
        ),
    ] = Field(default_factory=list)
    level_of_detail: Annotated[
        str | None,
        Ask(
            "What level of detail does the oversight need?",
            help="E.g. a light check on progress and risks, or a detailed look at every "
            "change to the data, its use and who has access.",
        ),
    ] = None


class Governance(CardModel):
    card_id: ClassVar[str] = "governance"
    guidance: ClassVar[str] = (
        "Governance is how the share is overseen and held to account: project management, "
        "formal meetings of senior people from the organisations involved, and who signs "
        "formal agreements. It matters most where data is shared on an ongoing basis. Follow "
        "the toolkit's flowchart: use the lightest arrangement that fits, working-level "
        "contacts where that is enough, else arrangements that already exist, and only then "
        "something new. Your Information Governance team can help design it. Source: City "
        "Data Sharing Toolkit, Confirm governance."
    )

    working_level: Annotated[
        bool | None,
        Ask(
            "Could working-level contacts cover the oversight of this share?",
            help="Often yes when the share is not controversial, or when it is an internal "
            "share in an organisation whose policy is to share openly inside itself. Say no "
            "if decisions will need more senior people or a formal forum.",
        ),
    ] = None
    personal_data_arrangements: Annotated[
        bool | None,
        Ask(
            "Are there existing arrangements for personal data that include the right "
            "organisations?",
            help="Sharing personal data often has mature governance already, such as an "
            "information sharing board or partnership; some of it is set by the Data "
            "Protection Act 2018 (the Data Protection Officer's role). If it covers the "
            "organisations in this share, use it.",
            when=_reaches(Q_PERSONAL_DATA),
        ),
    ] = None
    personal_data_arrangements_which: Annotated[
        str | None,
        Ask(
            "Which arrangements for personal data will oversee the share?",
            help="Name the board, partnership or agreement, and who chairs it.",
            when=_reaches(_outcome_id(Outcome.PERSONAL_DATA)),
        ),
    ] = None
    service_arrangements: Annotated[
        bool | None,
        Ask(
            "Are there existing arrangements for the service or function the data serves?",
            help="Ideally the share is governed the way the service it enables is managed: "
            "a programme board, a partnership board, a service management meeting.",
            when=_reaches(Q_SERVICE),
        ),
    ] = None
    service_arrangements_which: Annotated[
        str | None,
        Ask(
            "Which arrangements will the share's governance be folded into?",
            help="Name the board or meeting, and how the share will appear in its business "
            "(a standing item, a report at each meeting...).",
            when=_reaches(_outcome_id(Outcome.SERVICE)),
        ),
    ] = None
    specific: Annotated[
        SpecificArrangements | None,
        Ask(
            "Specific arrangements for this share",
            help="Nothing existing fits, so decide how the share will be overseen.",
            kind=Kind.GROUP,
            when=_reaches(_outcome_id(Outcome.SPECIFIC)),
        ),
    ] = None
    signatories: Annotated[
        list[str],
        Ask(
            "Who in your organisation signs the formal agreements?",
            help="One per line: the people (or roles) who sign the data sharing or "
            "collaboration agreements and any contracts. Governance includes knowing who "
            "they are before the agreements are ready.",
            pick="people",
        ),
    ] = Field(default_factory=list)

    def cross_check(
        self, cards: Mapping[str, CardModel], project: ProjectConfig
    ) -> list[LinkIssue]:
        """Organisations on the path should be the project's; signatories on the team."""
        from citydata_share.known import known_names

        issues: list[LinkIssue] = []
        recommendation = governance_recommendation(self)
        specific = recommendation.specific
        if specific is not None:
            organisations = known_names("organisations", cards, project)
            named: list[tuple[str, str | None]] = [
                ("specific.lead_organisation", specific.lead_organisation)
            ]
            for i, org in enumerate(specific.organisations):
                named.append((f"specific.organisations[{i}]", org))
            for path, name in named:
                if name and name not in organisations:
                    issues.append(
                        LinkIssue(
                            path,
                            f"{name!r} is not an organisation of the project",
                            f"Add {name} with `cds discover ecosystem` (or as a partner in "
                            "cds.yaml), or use the name it has there.",
                        )
                    )
        if "team" in cards:
            people = known_names("people", cards, project)
            for i, signatory in enumerate(self.signatories):
                if signatory not in people:
                    issues.append(
                        LinkIssue(
                            f"signatories[{i}]",
                            f"{signatory!r} is not on the team card",
                            "Add them with `cds discover team`, or write the name or role "
                            "as it is there.",
                        )
                    )
        return issues


# The recommendation ----------------------------------------------------------------------

ADVICE: dict[Outcome, str] = {
    Outcome.WORKING_LEVEL: "Keep oversight with the working-level contacts. Write down who "
    "they are in each organisation and when something should go to a more senior person.",
    Outcome.PERSONAL_DATA: "Bring the share under the existing personal-data governance: "
    "ask its chair to add it, and involve your Data Protection Officer.",
    Outcome.SERVICE: "Fold the share's governance into the service's existing management "
    "arrangements, so the people who run the service also oversee its data.",
    Outcome.SPECIFIC: "Set up arrangements for this share: agree the seniority of those "
    "involved, how often they meet, which organisation leads, who is secretariat, which "
    "organisations take part and how much detail they need.",
    Outcome.UNDECIDED: "Answer the next question of the flowchart.",
}


@dataclass(frozen=True)
class Recommendation:
    """Where the flowchart leads, the path that led there, and what is left to answer."""

    outcome: Outcome
    steps: tuple[Step, ...]  # the questions answered on the path, in order
    next_question: FlowNode | None  # the question still to answer (UNDECIDED only)
    nodes: tuple[str, ...]  # flowchart boxes to highlight
    edges: tuple[str, ...]  # flowchart arrows to highlight
    existing: str | None = None  # the existing arrangements named, for those outcomes
    specific: SpecificArrangements | None = None  # SPECIFIC: what was decided

    @property
    def advice(self) -> str:
        return ADVICE[self.outcome]


def governance_recommendation(model: Governance) -> Recommendation:
    """The flowchart walked over the card's answers; answers off the path are ignored."""
    path = walk(lambda name: getattr(model, name))
    if path.end.kind is NodeKind.QUESTION:
        return Recommendation(Outcome.UNDECIDED, path.steps, path.end, path.nodes, path.edges)
    outcome = path.end.outcome
    assert outcome is not None
    existing = {
        Outcome.PERSONAL_DATA: model.personal_data_arrangements_which,
        Outcome.SERVICE: model.service_arrangements_which,
    }.get(outcome)
    specific = model.specific if outcome is Outcome.SPECIFIC else None
    return Recommendation(
        outcome, path.steps, None, path.nodes, path.edges, existing=existing, specific=specific
    )


def path_in_words(recommendation: Recommendation) -> str:
    """START -> question: answer -> ... -> outcome (or the question still open)."""
    parts = ["START"]
    parts += [f"{step.question.text}: {step.answer_label}" for step in recommendation.steps]
    if recommendation.next_question is not None:
        parts.append(f"{recommendation.next_question.text}: (not answered yet)")
    parts.append(recommendation.outcome.label)
    return " -> ".join(parts)


def governance_cautions(model: Governance, project: ProjectConfig) -> list[str]:
    """Where the outcome sits uneasily with what cds.yaml says about the share."""
    from citydata_share.project import Frequency, PersonalData, Reach

    outcome = governance_recommendation(model).outcome
    found = []
    if outcome is Outcome.WORKING_LEVEL:
        if project.frequency is Frequency.ONGOING and project.reach is Reach.EXTERNAL:
            found.append(
                "The share is ongoing and between organisations: the toolkit says governance "
                "matters most there. Check working-level contacts are enough, and agree when "
                "to escalate."
            )
        if project.personal_data in (PersonalData.YES, PersonalData.UNSURE):
            found.append(
                "The data may be personal: formal governance is usual for personal data, and "
                "the Data Protection Act 2018 gives your Data Protection Officer a role. Ask "
                "them whether working level is enough."
            )
    return found
