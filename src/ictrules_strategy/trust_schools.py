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
            mapping.toml        how its inventory's columns map (optional: for an export
                                no preset layout reads; see 'ictrules plan --mapping')
        ash-academy/
            ...

Each file is found by its name and any suffix ictrules reads (in any case: ``Inventory.CSV``
too). With a store, each school folder's evidence is the store's latest for its school (the id
in its evidence file, or the folder's name), and the store's schools without a folder here are
named as not in this trust.

What a school lacks is not an error for the trust (its ``missing``): a school without an
inventory is planned with its kit "not known", one without a strategy file with the trust's
standards only and no budget of its own. A fault in one of its files is an error (its
``errors``): the school is planned without that file, or, when its evidence cannot be read or
judged, named and left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ictrules import Assessment, Engine, Evidence
from ictrules.errors import InputError
from ictrules.files import read_document, read_model
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
from .planning import StrategyPlan, plan_strategy, replacement_key
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
    "mapping": ("mapping", (".toml", ".json")),
}


@attrs.frozen
class SchoolFiles:
    """One school's files (``None``: not there), and the faults found in finding them (two
    files for one role). ``evidence`` is a path, or the evidence itself from a store."""

    name: str
    folder: str
    evidence: str | Evidence | None
    inventory: str | None = None
    strategy: str | None = None
    actions: str | None = None
    policies: str | None = None
    mapping: str | None = None
    errors: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def _files(folder: Path) -> tuple[dict[str, str | None], list[str]]:
    """Each role's file in ``folder`` (names compared without case), and the faults."""
    entries: dict[str, list[Path]] = {}
    for entry in sorted(folder.iterdir()):
        entries.setdefault(entry.name.lower(), []).append(entry)
    found: dict[str, str | None] = {}
    errors = []
    for role, (stem, suffixes) in FILE_NAMES.items():
        paths = [str(path) for s in suffixes for path in entries.get(stem + s, [])]
        if len(paths) > 1:
            errors.append(f"{' and '.join(paths)} are each its {role}: keep one (read {paths[0]})")
        found[role] = paths[0] if paths else None
    return found, errors


def _school_id(path: str | None) -> str | None:
    """The school id an evidence file gives (``None`` when it gives none, or cannot be read:
    reading it as evidence reports why)."""
    if path is None:
        return None
    try:
        data = read_document(path)
    except InputError:
        return None
    school = data.get("school") if isinstance(data, Mapping) else None
    ident = school.get("id") if isinstance(school, Mapping) else None
    return str(ident) if isinstance(ident, str | int) else None


def find_schools(
    folder: str | Path, store_evidence: Mapping[str, tuple[str, Evidence]] | None = None
) -> tuple[list[SchoolFiles], list[str]]:
    """The schools of a trust's folder, in folder-name order, and what is left out, each said
    in a sentence: folders that are not a school (no evidence), and, with a store, its schools
    that have no folder here.

    With ``store_evidence`` (school id -> (name, latest evidence), from a store) a folder's
    evidence is the store's latest for its school: the id its evidence file gives, or else the
    folder's name. A folder the store does not know keeps its evidence file."""
    root = Path(folder)
    schools, left_out = [], []
    used: set[str] = set()
    for home in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files, errors = _files(home)
        evidence: str | Evidence | None = files.pop("evidence")
        name, missing = home.name, []
        if store_evidence is not None:
            ident = _school_id(evidence if isinstance(evidence, str) else None) or home.name
            if ident in store_evidence:
                used.add(ident)
                stored_name, evidence = store_evidence[ident]
                name = stored_name or ident
            elif evidence is not None:
                missing.append(
                    f"the store has no assessment of {ident} on or before the assessment date: "
                    f"{evidence} is used"
                )
        if evidence is None:
            left_out.append(
                f"{home} holds no evidence file (evidence.toml, .json or .yaml)"
                + (" and the store no school of its name" if store_evidence is not None else "")
                + ": not a school, left out"
            )
            continue
        schools.append(
            SchoolFiles(
                name,
                str(home),
                evidence,
                **files,
                errors=tuple(errors),
                missing=tuple(missing),
            )
        )
    if store_evidence is not None and set(store_evidence) - used:
        outside = sorted(set(store_evidence) - used)
        shown = ", ".join(outside[:10]) + (
            f" and {len(outside) - 10} more" if len(outside) > 10 else ""
        )
        left_out.append(
            f"{len(outside)} school{'s' if len(outside) != 1 else ''} in the store "
            f"{'have' if len(outside) != 1 else 'has'} no folder in {root} and "
            f"{'are' if len(outside) != 1 else 'is'} not in this trust: {shown}"
        )
    return schools, left_out


class _Findings:
    """What planning one school found: faults of its files, and what it lacks."""

    def __init__(self, school: SchoolFiles) -> None:
        self.errors = list(school.errors)
        self.missing = list(school.missing)


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
    trust's minimum standards. A fault of one of its files is one of its ``errors`` and a
    missing file one of its ``missing``; a school whose evidence cannot be read or judged
    has no plan."""
    found = _Findings(school)
    try:
        evidence = (
            school.evidence
            if isinstance(school.evidence, Evidence)
            else engine.load_evidence(str(school.evidence), framework)
        )
    except InputError as error:
        return _left_out(school, school.name, found, error)
    name = evidence.school.name if evidence.school and evidence.school.name else school.name
    strategy = _strategy(school, trust, found)
    refresh = _refresh(school, trust, engine, as_of, policies, found)
    actions = _actions(school, found)
    attachments: dict[str, Any] = {
        STRATEGY_ATTACHMENT: strategy,
        BUDGET_ATTACHMENT: {b.year: b.capital for b in strategy.budget},
    }
    if refresh is not None:
        attachments[INVENTORY_ATTACHMENT] = refresh.inventory
        attachments[PLAN_ATTACHMENT] = refresh.central
    try:
        assessment = engine.assess(evidence, framework, as_of=as_of, attachments=attachments)
    except InputError as error:  # evidence dated after as_of, judgements off the scale
        return _left_out(school, name, found, error)
    if actions is not None:
        try:
            actions.check(assessment)
        except InputError as error:
            found.errors.append(f"{error} (planned without its action plan)")
            actions = None
    central = None if refresh is None else refresh.central
    try:
        plan = _plan(assessment, engine, framework, strategy, central, actions, trust, school)
        if school.strategy is not None:
            _years_note(school.strategy, strategy, trust, found)
    except StrategyError as error:  # the school's strategy does not fit it: planned without
        found.errors.append(str(error))
        found.missing.append(
            f"{school.strategy} does not fit the school (its problems are listed as an "
            "error): planned with the trust's standards only and no budget of its own"
        )
        plan = _plan(
            assessment, engine, framework, _standards_only(trust), central, actions, trust, school
        )
    saving = None if refresh is None else refresh.saving(plan)
    return TrustSchool(
        name,
        school.folder,
        plan,
        missing=tuple(found.missing),
        errors=tuple(found.errors),
        saving=saving,
        id=evidence.school.id if evidence.school else "",
    )


def _left_out(school: SchoolFiles, name: str, found: _Findings, error: InputError) -> TrustSchool:
    """A school that cannot be planned: its faults, and none of the notes on how it would have
    been planned."""
    found.errors.append(f"left out of the plan: {error}")
    return TrustSchool(
        name, school.folder, None, missing=school.missing, errors=tuple(found.errors)
    )


def _plan(
    assessment: Assessment,
    engine: Engine,
    framework: str,
    strategy: Strategy,
    refresh: RefreshPlan | None,
    actions: ActionPlan | None,
    trust: TrustStrategy,
    school: SchoolFiles,
) -> StrategyPlan:
    return plan_strategy(
        assessment,
        engine.framework(framework),
        strategy,
        refresh,
        actions,
        source=school.strategy or "the trust's standards",
        standards=trust.standards,
    )


def _standards_only(trust: TrustStrategy) -> Strategy:
    """A school's strategy when it has none: the trust's years, no targets of its own, and no
    budget of its own (each year's budget is nought)."""
    return Strategy(
        first_year=trust.first_year,
        years=trust.years,
        budget=tuple(Budget(year) for year in trust.budget_years),
    )


def _strategy(school: SchoolFiles, trust: TrustStrategy, found: _Findings) -> Strategy:
    if school.strategy is None:
        found.missing.append(
            f"no strategy file in {school.folder} (strategy.toml): planned with the trust's "
            "standards only and no budget of its own ('ictrules strategy-template' writes one)"
        )
        return _standards_only(trust)
    try:
        strategy: Strategy = read_model(school.strategy, Strategy, StrategyError)
    except InputError as error:
        found.errors.append(str(error))
        found.missing.append(
            f"{school.strategy} cannot be read (its problems are listed as an error): planned "
            "with the trust's standards only and no budget of its own"
        )
        return _standards_only(trust)
    return strategy


def _years_note(path: str, strategy: Strategy, trust: TrustStrategy, found: _Findings) -> None:
    if strategy.budget_years != trust.budget_years:
        span = f"{year_label(trust.first_year)} to {year_label(trust.budget_years[-1])}"
        found.missing.append(
            f"{path} covers {year_label(strategy.first_year)} to "
            f"{year_label(strategy.budget_years[-1])}, the trust {span}: the trust's budget "
            "counts only the years both cover"
        )


@attrs.frozen
class _Refresh:
    """A school's inventory, its refresh plan at the trust's central prices, and at its own."""

    inventory: Inventory
    central: RefreshPlan
    own: RefreshPlan | None

    def saving(self, plan: StrategyPlan) -> float | None:
        """What central prices save on the replacements the strategy pays for within the plan
        (``None`` without central prices)."""
        if self.own is None or len(self.own.events) != len(self.central.events):
            return None
        total = 0.0
        for number, (central, own) in enumerate(
            zip(self.central.events, self.own.events, strict=True)
        ):
            if plan.placed.get(replacement_key(central.asset.id, number)) is not None:
                total += own.cost - central.cost
        return round(total, 2)


def _refresh(
    school: SchoolFiles,
    trust: TrustStrategy,
    engine: Engine,
    as_of: dt.date,
    base: Policies | None,
    found: _Findings,
) -> _Refresh | None:
    """The school's inventory and its refresh plans (``None`` when there is none to plan)."""
    if school.inventory is None:
        found.missing.append(
            f"no inventory in {school.folder} (inventory.csv): the condition of its kit is not "
            "known and its plan holds no replacements"
        )
        return None
    own = base if base is not None else resolve_policies(engine)
    if school.policies is not None:
        try:
            own = resolve_policies(engine, school.policies)
        except InputError as error:  # one bad figure need not cost the school its inventory
            found.errors.append(f"{error} (its refresh is planned with the default policies)")
    try:
        inventory = load_inventory(
            school.inventory, mapping=school.mapping, layouts=resolve_layouts(engine)
        )
        central = own.overridden(central_price_overrides(trust), "the trust's central prices")
        plan = _refresh_plan(inventory, central, trust, as_of)
    except InputError as error:
        hint = (  # the loader's hint names the command line's options, not a school folder's
            f"; a mapping.toml in {school.folder} maps the columns of an export no preset "
            "layout reads"
            if "--mapping" in str(error)
            else ""
        )
        found.errors.append(f"{error} (its kit is planned as not known{hint})")
        return None
    if not inventory.assets:
        rows = len(inventory.skipped_rows)
        found.missing.append(
            f"{school.inventory} holds no asset the plan can use ({rows} "
            f"row{'s' if rows != 1 else ''} left out): the condition of its kit is not known"
        )
        return None
    if inventory.issues:
        count = len(inventory.issues)
        found.missing.append(
            f"{count} data-quality issue{'s' if count != 1 else ''} in {school.inventory} "
            "('ictrules plan' on it lists them)"
        )
    at_own_prices = _refresh_plan(inventory, own, trust, as_of) if trust.central_prices else None
    return _Refresh(inventory, plan, at_own_prices)


def _refresh_plan(
    inventory: Inventory, policies: Policies, trust: TrustStrategy, as_of: dt.date
) -> RefreshPlan:
    now = budget_year_of(as_of)
    horizon = max(1, trust.budget_years[-1] - now + 1)
    return plan_refresh(inventory, policies, as_of=as_of, horizon_years=horizon)


def _actions(school: SchoolFiles, found: _Findings) -> ActionPlan | None:
    if school.actions is None:
        return None
    try:
        return load_action_plan(school.actions)
    except InputError as error:
        found.errors.append(f"{error} (planned without its action plan)")
        return None
