"""A school's action plan: who owns each next step, by which term, at what cost.

A report lists what moves each strand to its next level; a school fills in an action plan file
to say who does it, when and at what cost, keyed by the criterion's id (the report shows each
id beside its action), and every report of that school carries it through::

    # action-plan.toml
    currency = "GBP"            # optional: GBP (the default), EUR or USD

    [actions.1b2-3-targets]
    owner = "Headteacher"
    term = "Spring 2027"
    cost = 0
    note = "Set targets for three years in the next strategy"

    [actions."1b3-3-longer-term"]
    owner = "School business manager"
    term = "Autumn 2026"

Every field is optional. The file is TOML, JSON or YAML (by suffix), read with
:func:`ictrules.files.read_document`; its faults are an :class:`ActionPlanError` naming the
file and the path of each bad value. :func:`grouped_actions` gives the report's action plan:
every open action, grouped by strand, weakest strand first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from ..assessments import Action, Assessment, StrandResult
from ..errors import InputError, Problem, closest
from ..files import read_document

__all__ = [
    "ACTION_FIELDS",
    "ActionPlan",
    "ActionPlanError",
    "PlanEntry",
    "PlannedAction",
    "StrandActions",
    "action_plan_data",
    "grouped_actions",
    "load_action_plan",
    "parse_action_plan",
]

#: The fields of one action's entry.
ACTION_FIELDS = ("owner", "term", "cost", "note")

_CURRENCIES = {"GBP": "£", "EUR": "€", "USD": "$"}
_MAX_TEXT = 500


class ActionPlanError(InputError, ValueError):
    """An action plan file could not be read, or names a criterion the framework lacks."""


@attrs.frozen
class PlanEntry:
    """What the school recorded for one action: who, when, how much and a note."""

    owner: str = ""
    term: str = ""
    cost: float | None = None
    note: str = ""


@attrs.frozen
class ActionPlan:
    """Entries by criterion id, and the currency of their costs."""

    entries: Mapping[str, PlanEntry] = attrs.field(factory=dict)
    currency: str = "GBP"
    source: str = ""

    def check(self, assessment: Assessment) -> None:
        """An :class:`ActionPlanError` for every entry whose criterion the assessment's
        framework does not have, with the nearest id as a suggestion."""
        known = {c.id for result in assessment.strands for c in result.criteria}
        if not known:  # an assessment made without explanations lists no criteria
            return
        problems = [
            Problem(
                f"actions.{key}",
                f"no criterion {key!r} in {assessment.framework}",
                closest(key, known) or "the report shows each action's id beside it",
            )
            for key in self.entries
            if key not in known
        ]
        if problems:
            raise ActionPlanError(self.source or None, problems)

    def cost_text(self, cost: float | None) -> str:
        """A cost as the school writes it: ``£1,200`` (pence only when there are some)."""
        if cost is None:
            return ""
        symbol = _CURRENCIES.get(self.currency, "")
        number = f"{cost:,.2f}" if cost != int(cost) else f"{cost:,.0f}"
        return f"{symbol}{number}" if symbol else f"{number} {self.currency}"


def _text(value: Any, path: str, problems: list[Problem]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(Problem(path, f"expected text, got {value!r}", 'put it in quotes: "…"'))
        return ""
    if len(value) > _MAX_TEXT:
        problems.append(Problem(path, f"longer than {_MAX_TEXT} characters"))
        return ""
    return " ".join(value.split())


def _cost(value: Any, path: str, problems: list[Problem]) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        problems.append(
            Problem(path, f"expected an amount such as 1200 or 99.50, got {value!r}", None)
        )
        return None
    if not 0 <= value <= 1e9:
        problems.append(Problem(path, f"expected an amount from 0 to 1,000,000,000, got {value}"))
        return None
    return float(value)


def parse_action_plan(document: Any, source: str = "") -> ActionPlan:
    """An :class:`ActionPlan` from plain data (a parsed file); every fault is collected into
    one :class:`ActionPlanError`."""
    problems: list[Problem] = []
    if not isinstance(document, Mapping):
        raise ActionPlanError(source or None, [Problem("", "expected a table of actions")])
    for key in document:
        if key not in ("currency", "actions"):
            problems.append(
                Problem(str(key), "unknown key", closest(str(key), ["currency", "actions"]))
            )
    currency = document.get("currency", "GBP")
    if currency not in _CURRENCIES:
        problems.append(
            Problem("currency", f"unknown currency {currency!r}", "use GBP, EUR or USD")
        )
        currency = "GBP"
    actions = document.get("actions", {})
    entries: dict[str, PlanEntry] = {}
    if not isinstance(actions, Mapping):
        problems.append(Problem("actions", "expected a table with one table per criterion id"))
        actions = {}
    for criterion, table in actions.items():
        where = f"actions.{criterion}"
        if not isinstance(table, Mapping):
            problems.append(Problem(where, "expected a table of owner, term, cost and note", None))
            continue
        for field in table:
            if field not in ACTION_FIELDS:
                problems.append(
                    Problem(f"{where}.{field}", "unknown field", closest(str(field), ACTION_FIELDS))
                )
        entries[str(criterion)] = PlanEntry(
            owner=_text(table.get("owner"), f"{where}.owner", problems),
            term=_text(table.get("term"), f"{where}.term", problems),
            cost=_cost(table.get("cost"), f"{where}.cost", problems),
            note=_text(table.get("note"), f"{where}.note", problems),
        )
    if problems:
        raise ActionPlanError(source or None, problems)
    return ActionPlan(entries, str(currency), source)


def load_action_plan(path: str | Path) -> ActionPlan:
    """Read an action plan file (TOML, JSON or YAML)."""
    return parse_action_plan(read_document(path, ActionPlanError), str(path))


@attrs.frozen
class PlannedAction:
    """One next step with what the school recorded for it."""

    action: Action
    entry: PlanEntry
    cost: str

    @property
    def needs_evidence(self) -> bool:
        """Whether the criterion is unknown (evidence first) rather than known not to hold."""
        return self.action.reason != "not met"

    @property
    def state(self) -> str:
        """``not met``, or ``unknown: evidence needed``: words for the reader."""
        return "unknown: evidence needed" if self.needs_evidence else "not met"


@attrs.frozen
class StrandActions:
    """A strand's open actions, most pressing first, with its rank among the strands."""

    priority: int
    result: StrandResult
    target: int
    actions: tuple[PlannedAction, ...]

    @property
    def cost(self) -> float:
        """The sum of the costs recorded for its actions."""
        return sum(item.entry.cost or 0.0 for item in self.actions)


def grouped_actions(assessment: Assessment, plan: ActionPlan | None = None) -> list[StrandActions]:
    """Every open action, grouped by strand: the weakest strand first (ties in the framework's
    order); within a strand, what is known not to hold before what still needs evidence. The
    HTML, Markdown, text and JSON reports list them in this one order."""
    plan = plan or ActionPlan()
    scale = list(assessment.scale)
    ranked: Sequence[tuple[int, int, StrandResult]] = sorted(
        (scale.index(result.level), position, result)
        for position, result in enumerate(assessment.strands)
        if result.actions
    )
    groups = []
    for priority, (_, _, result) in enumerate(ranked, start=1):
        ordered = sorted(result.actions, key=lambda action: action.reason != "not met")
        items = tuple(
            PlannedAction(action, entry, plan.cost_text(entry.cost))
            for action in ordered
            for entry in [plan.entries.get(action.criterion, PlanEntry())]
        )
        target = result.next_level if result.next_level is not None else result.level
        groups.append(StrandActions(priority, result, target, items))
    return groups


def action_plan_data(assessment: Assessment, plan: ActionPlan | None = None) -> list[Any]:
    """The grouped action plan as JSON data, in the report's order."""
    return [
        {
            "priority": group.priority,
            "strand": group.result.code,
            "title": group.result.title,
            "level": group.result.level,
            "towards_level": group.target,
            "actions": [
                {
                    "criterion": item.action.criterion,
                    "text": item.action.text,
                    "state": item.state,
                    "links": list(item.action.links),
                    "owner": item.entry.owner,
                    "term": item.entry.term,
                    "cost": item.entry.cost,
                    "note": item.entry.note,
                }
                for item in group.actions
            ],
        }
        for group in grouped_actions(assessment, plan)
    ]
