"""A trust's schools, read from its folder (or its store) and each planned as a school.

A trust's folder holds the trust's strategy file and one folder per school::

    riverside/
        trust.toml              the trust's strategy (see ictrules_strategy.trust_model)
        oak-primary/
            evidence.toml       the school's self-review evidence (required)
            inventory.csv       its asset inventory (.csv, .tsv, .xlsx, .json, .toml, .yaml)
            strategy.toml       its own strategy: targets, projects, costs, budget
            actions.toml        its action plan: owners, terms and costs (optional)
            policies.toml       its refresh policies (optional)
        ash-academy/
            ...

Each file is found by its name and any suffix ictrules reads. With a store, the schools are
those the store holds, each with its latest evidence, and a school's files are looked for in
the folder named by its id. What a school lacks is not an error for the trust: a school without
an inventory is planned with its kit "not known", one without a strategy file with the trust's
standards only and no budget of its own; a school whose evidence cannot be read is named and
left out. Each is listed in the school's ``problems``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ictrules import Assessment, Engine, Evidence
from ictrules.errors import InputError
from ictrules.files import read_model
from ictrules.reports.action_plan import ActionPlan, load_action_plan
from ictrules_refresh import (
    ATTACHMENT as INVENTORY_ATTACHMENT,
)
from ictrules_refresh import (
    BUDGET_ATTACHMENT,
    PLAN_ATTACHMENT,
    Inventory,
    Policies,
    RefreshPlan,
    load_inventory,
    plan_refresh,
    resolve_policies,
)
from ictrules_refresh.layouts import resolve_layouts

from .errors import StrategyError
from .feedback import ATTACHMENT as STRATEGY_ATTACHMENT
from .model import Budget, Strategy, budget_year_of, year_label
from .planning import StrategyPlan, plan_strategy
from .trust import TrustSchool, central_price_overrides
from .trust_model import TrustStrategy

__all__ = ["FILE_NAMES", "SchoolFiles", "find_schools", "plan_school"]

#: The files of a school's folder, by role: the name each is found by, and the suffixes read.
FILE_NAMES: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "evidence": ("evidence", (".toml", ".json", ".yaml", ".yml")),
    "inventory": ("inventory", (".csv", ".tsv", ".xlsx", ".json", ".toml", ".yaml", ".yml")),
    "strategy": ("strategy", (".toml", ".json", ".yaml", ".yml")),
    "actions": ("actions", (".toml", ".json", ".yaml", ".yml")),
    "policies": ("policies", (".toml", ".json", ".yaml", ".yml")),
}


@attrs.frozen
class SchoolFiles:
    """One school's files (``None``: not there) and what was wrong in finding them.

    ``evidence`` is a path, or the evidence itself when it comes from a store."""

    name: str
    folder: str
    evidence: str | Evidence | None
    inventory: str | None = None
    strategy: str | None = None
    actions: str | None = None
    policies: str | None = None
    problems: tuple[str, ...] = ()


def _files(folder: Path) -> tuple[dict[str, str | None], list[str]]:
    found: dict[str, str | None] = {}
    problems = []
    for role, (stem, suffixes) in FILE_NAMES.items():
        paths = sorted(
            str(folder / (stem + s)) for s in suffixes if (folder / (stem + s)).is_file()
        )
        if len(paths) > 1:
            problems.append(
                f"{' and '.join(paths)} are both its {role}: keep one (read {paths[0]})"
            )
        found[role] = paths[0] if paths else None
    return found, problems


def find_schools(
    folder: str | Path, store_evidence: Mapping[str, tuple[str, Evidence]] | None = None
) -> tuple[list[SchoolFiles], list[str]]:
    """The schools of a trust's folder, in folder-name order, and the folders that are not a
    school (no evidence file: named, not silently skipped).

    With ``store_evidence`` (school id -> (name, latest evidence), from a store) the schools
    are the store's, in id order, their files looked for in ``folder/<id>``."""
    root = Path(folder)
    if store_evidence is not None:
        schools = []
        for ident, (name, evidence) in sorted(store_evidence.items()):
            home = root / ident
            files, problems = _files(home) if home.is_dir() else ({}, [])
            if not home.is_dir():
                problems.append(f"no folder {home} for its strategy and inventory")
            files["evidence"] = None
            schools.append(
                SchoolFiles(
                    name or ident,
                    str(home),
                    evidence,
                    **{k: v for k, v in files.items() if k != "evidence"},
                    problems=tuple(problems),
                )
            )
        return schools, []
    schools, strays = [], []
    for home in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files, problems = _files(home)
        if files["evidence"] is None:
            strays.append(
                f"{home} holds no evidence file (evidence.toml, .json or .yaml): not a school, "
                "left out"
            )
            continue
        schools.append(SchoolFiles(home.name, str(home), **files, problems=tuple(problems)))
    return schools, strays


def plan_school(
    school: SchoolFiles,
    trust: TrustStrategy,
    engine: Engine,
    framework: str,
    as_of: dt.date,
    policies: Policies | None = None,
) -> TrustSchool:
    """Assess and plan one school of the trust: its evidence with its inventory's refresh plan
    (at the trust's central prices) and its strategy attached, then its strategy plan with the
    trust's minimum standards. Every fault of its files is one of its ``problems``; a school
    whose evidence cannot be read has no plan."""
    problems = list(school.problems)
    try:
        evidence = (
            school.evidence
            if isinstance(school.evidence, Evidence)
            else engine.load_evidence(str(school.evidence), framework)
        )
    except InputError as error:
        return TrustSchool(school.name, school.folder, None, (*problems, str(error)))
    name = evidence.school.name if evidence.school and evidence.school.name else school.name
    strategy = _strategy(school, trust, problems)
    refresh, saving = _refresh(school, trust, engine, as_of, policies, problems)
    actions = _actions(school, problems)
    attachments: dict[str, Any] = {
        STRATEGY_ATTACHMENT: strategy,
        BUDGET_ATTACHMENT: {b.year: b.capital for b in strategy.budget},
    }
    if refresh is not None:
        attachments[INVENTORY_ATTACHMENT] = refresh[0]
        attachments[PLAN_ATTACHMENT] = refresh[1]
    assessment = engine.assess(evidence, framework, as_of=as_of, attachments=attachments)
    if actions is not None:
        try:
            actions.check(assessment)
        except InputError as error:
            problems.append(str(error))
            actions = None
    plan = _plan(assessment, engine, framework, strategy, refresh, actions, trust, school)
    if isinstance(plan, str):  # the school's strategy does not fit it: planned without it
        problems.append(plan)
        strategy = _standards_only(trust)
        plan = _plan(assessment, engine, framework, strategy, refresh, actions, trust, school)
        assert not isinstance(plan, str), plan  # the trust's file is checked before
    return TrustSchool(name, school.folder, plan, tuple(problems), saving)


def _plan(
    assessment: Assessment,
    engine: Engine,
    framework: str,
    strategy: Strategy,
    refresh: tuple[Inventory, RefreshPlan] | None,
    actions: ActionPlan | None,
    trust: TrustStrategy,
    school: SchoolFiles,
) -> StrategyPlan | str:
    try:
        return plan_strategy(
            assessment,
            engine.framework(framework),
            strategy,
            None if refresh is None else refresh[1],
            actions,
            source=school.strategy or "the trust's standards",
            standards=trust.standards,
        )
    except StrategyError as error:
        return f"{error} (planned with the trust's standards only, and no budget of its own)"


def _standards_only(trust: TrustStrategy) -> Strategy:
    """A school's strategy when it has none: the trust's years, no targets of its own, and no
    budget of its own (each year's budget is nought)."""
    return Strategy(
        first_year=trust.first_year,
        years=trust.years,
        budget=tuple(Budget(year) for year in trust.budget_years),
    )


def _strategy(school: SchoolFiles, trust: TrustStrategy, problems: list[str]) -> Strategy:
    if school.strategy is None:
        problems.append(
            f"no strategy file in {school.folder} (strategy.toml): planned with the trust's "
            "standards only and no budget of its own ('ictrules strategy-template' writes one)"
        )
        return _standards_only(trust)
    try:
        strategy: Strategy = read_model(school.strategy, Strategy, StrategyError)
    except InputError as error:
        problems.append(f"{error} (planned with the trust's standards only)")
        return _standards_only(trust)
    if strategy.budget_years != trust.budget_years:
        span = f"{year_label(trust.first_year)} to {year_label(trust.budget_years[-1])}"
        problems.append(
            f"{school.strategy} covers {year_label(strategy.first_year)} to "
            f"{year_label(strategy.budget_years[-1])}, the trust {span}: the trust's budget "
            "counts only the years both cover"
        )
    return strategy


def _refresh(
    school: SchoolFiles,
    trust: TrustStrategy,
    engine: Engine,
    as_of: dt.date,
    base: Policies | None,
    problems: list[str],
) -> tuple[tuple[Inventory, RefreshPlan] | None, float | None]:
    """The school's inventory and its refresh plan at central prices, and what those prices
    save against the school's own over the strategy's years."""
    if school.inventory is None:
        problems.append(
            f"no inventory in {school.folder} (inventory.csv): the condition of its kit is not "
            "known and its plan holds no replacements"
        )
        return None, None
    try:
        inventory = load_inventory(school.inventory, layouts=resolve_layouts(engine))
        own = base if base is not None else resolve_policies(engine)
        if school.policies is not None:
            own = resolve_policies(engine, school.policies)
        central = own.overridden(central_price_overrides(trust), "the trust's central prices")
        plan = _refresh_plan(inventory, central, trust, as_of)
    except InputError as error:
        problems.append(f"{error} (its kit is planned as not known)")
        return None, None
    if inventory.issues:
        count = len(inventory.issues)
        problems.append(
            f"{count} data-quality issue{'s' if count != 1 else ''} in {school.inventory} "
            "('ictrules plan' on it lists them)"
        )
    saving = None
    if trust.central_prices:
        at_school_prices = _refresh_plan(inventory, own, trust, as_of)
        saving = round(_spend(at_school_prices, trust) - _spend(plan, trust), 2)
    return (inventory, plan), saving


def _refresh_plan(
    inventory: Inventory, policies: Policies, trust: TrustStrategy, as_of: dt.date
) -> RefreshPlan:
    now = budget_year_of(as_of)
    horizon = max(1, trust.budget_years[-1] - now + 1)
    return plan_refresh(inventory, policies, as_of=as_of, horizon_years=horizon)


def _spend(plan: RefreshPlan, trust: TrustStrategy) -> float:
    years = set(trust.budget_years)
    return sum(event.cost for event in plan.events if plan.years[event.year].start.year in years)


def _actions(school: SchoolFiles, problems: list[str]) -> ActionPlan | None:
    if school.actions is None:
        return None
    try:
        return load_action_plan(school.actions)
    except InputError as error:
        problems.append(f"{error} (planned without its action plan)")
        return None
