"""Refresh policies: per category, how long a device lasts and what it costs to own.

A :class:`Policy` gives one canonical category's lifespan, amber window, replacement unit cost,
funding (capital, revenue or lease), annual support cost, energy use and embodied carbon, and
the source of every figure. :class:`Policies` holds one policy per category plus the estate-wide
settings (currency, electricity price, grid carbon intensity).

Policies are layered, each layer changing only what it names (later layers win):

1. the defaults shipped in ``data/policies.toml`` (:func:`default_policies`);
2. authority plugins, through the ``ictrules_refresh_policies`` hook, in plugin-name order;
3. the school's policy file;
4. explicit overrides (the command line's options, say).

:func:`resolve_policies` applies the four layers. A layer is a *policy document* in the shape
of the data file::

    [settings]
    electricity_price_per_kwh = 0.31

    [categories.laptop]
    lifespan_years = { value = 4, source = "Trust device policy 2026" }
    unit_cost = 580
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from ictrules import PluginError, Problem
from ictrules.errors import closest
from ictrules.files import parse_text, preview, read_document

from .assets import Funding
from .categories import CANONICAL_CATEGORIES
from .errors import PolicyError

__all__ = [
    "OPTIONAL_FIGURES",
    "POLICY_FIGURES",
    "Policies",
    "Policy",
    "apply_policy_document",
    "default_policies",
    "load_policies",
    "resolve_policies",
]

#: The figures a category policy holds, in the order they are documented.
POLICY_FIGURES = (
    "label",
    "funding",
    "lifespan_years",
    "amber_months",
    "unit_cost",
    "support_cost_per_year",
    "energy_kwh_per_year",
    "embodied_kgco2e",
    "support_life_years",
)
#: Figures a policy may leave out (``None``): then planning does without them.
OPTIONAL_FIGURES = ("support_life_years",)
_SETTINGS = ("currency", "electricity_price_per_kwh", "grid_kgco2e_per_kwh")
#: An ISO 4217 code's shape: three letters (GBP, EUR, USD).
_CURRENCY_CODE = re.compile("[A-Z]{3}")
#: The largest number any policy figure or setting may be (money per unit, kWh, kgCO2e).
MAX_FIGURE = 1_000_000_000
#: The longest amber window, in months (50 years, the longest lifespan).
MAX_AMBER_MONTHS = 600
_REQUIRED_FOR_NEW = ("lifespan_years", "unit_cost")


@attrs.frozen
class Policy:
    """How one category is refreshed and what it costs to own.

    ``lifespan_years`` may be fractional (4.5); planning counts it in whole months. An asset is
    amber ``amber_months`` before it is due. Money is per unit in the policies' currency;
    ``energy_kwh_per_year`` and ``embodied_kgco2e`` are per unit. ``support_life_years``, when
    given, is how long new kit of the category is supported (a new Chromebook's years of
    automatic updates): a replacement's own replacement is planned that long after it, instead
    of a lifespan after it. ``sources`` maps every figure to where it comes from.
    """

    category: str
    label: str
    lifespan_years: float
    amber_months: int
    unit_cost: float
    funding: Funding
    support_cost_per_year: float = 0.0
    energy_kwh_per_year: float = 0.0
    embodied_kgco2e: float = 0.0
    sources: Mapping[str, str] = attrs.field(factory=dict)
    support_life_years: float | None = None

    @property
    def lifespan_months(self) -> int:
        """The lifespan in whole months, as planning counts it."""
        return max(1, round(self.lifespan_years * 12))

    @property
    def repeat_months(self) -> int:
        """Months between a replacement and the next: the support life of new kit when the
        policy gives one, else the lifespan."""
        if self.support_life_years is None:
            return self.lifespan_months
        return max(1, round(self.support_life_years * 12))


@attrs.frozen
class Policies:
    """One :class:`Policy` per category, and the settings that apply across the estate."""

    categories: Mapping[str, Policy]
    currency: str = "GBP"
    electricity_price_per_kwh: float = 0.0
    grid_kgco2e_per_kwh: float = 0.0
    sources: Mapping[str, str] = attrs.field(factory=dict)

    def __getitem__(self, category: str) -> Policy:
        return self.categories[category]

    def __contains__(self, category: object) -> bool:
        return category in self.categories

    def get(self, category: str | None) -> Policy | None:
        """The policy for ``category``, or ``None`` when there is none."""
        return self.categories.get(category) if category is not None else None

    def overridden(self, document: Mapping[str, Any], origin: str) -> Policies:
        """A copy with ``document`` applied; raises ``PolicyError`` listing every problem."""
        policies, problems = apply_policy_document(self, document, origin)
        if problems:
            raise PolicyError(origin, problems)
        return policies


def default_policies() -> Policies:
    """The policies shipped with ictrules, each figure with its stated source."""
    return _defaults()


@functools.cache
def _defaults() -> Policies:
    origin = "ictrules_refresh/data/policies.toml"
    text = resources.files(__package__).joinpath("data", "policies.toml").read_text("utf-8")
    empty = Policies(categories={})
    return empty.overridden(parse_text(text, "toml", origin, PolicyError), origin)


def load_policies(path: str | Path, base: Policies | None = None) -> Policies:
    """Read a policy file (TOML, JSON or YAML) and apply it over ``base`` (the defaults).

    A file lists only what it changes. Raises ``PolicyError`` naming the file and the path of
    every bad value (``categories.laptop.lifespan_years``).
    """
    document = read_document(path, error=PolicyError)
    source = str(path)
    if not isinstance(document, Mapping):
        raise PolicyError(source, [Problem("", "expected a table of policies at the top")])
    return (base or default_policies()).overridden(document, source)


def resolve_policies(
    engine: Any = None,
    school_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Policies:
    """The policies in force: defaults < authority plugins < school file < overrides.

    ``engine`` is an :class:`ictrules.Engine`; every plugin on it that implements
    ``ictrules_refresh_policies`` contributes, in plugin-name order. A plugin's bad document is a
    :class:`ictrules.PluginError` naming it; a bad school file or override an ``PolicyError``.
    """
    policies = default_policies()
    if engine is not None and hasattr(engine.pluginmanager.hook, "ictrules_refresh_policies"):
        for plugin, document in engine.hook("ictrules_refresh_policies"):
            origin = f"authority plugin {plugin!r}"
            if not isinstance(document, Mapping):
                raise PluginError(
                    plugin,
                    "ictrules_refresh_policies",
                    f"expected a list of policy documents (mappings), got an item {document!r}",
                )
            policies, problems = apply_policy_document(policies, document, origin)
            if problems:
                listed = "; ".join(str(problem) for problem in problems)
                raise PluginError(plugin, "ictrules_refresh_policies", listed)
    if school_file is not None:
        policies = load_policies(school_file, policies)
    if overrides:
        policies = policies.overridden(overrides, "policy overrides")
    return policies


# --- applying one document -------------------------------------------------------------------


def apply_policy_document(
    base: Policies, document: Mapping[str, Any], origin: str
) -> tuple[Policies, list[Problem]]:
    """Apply one policy document over ``base``; return the result and every problem found.

    Each value is bare (``4``) or a table ``{ value = 4, source = "..." }``; a bare value's
    source is ``origin``. A new category must give at least ``lifespan_years`` and
    ``unit_cost``.
    """
    problems: list[Problem] = []
    for key in document:
        if key not in ("settings", "categories"):
            hint = closest(str(key), ("settings", "categories"))
            if key in base.categories or key in CANONICAL_CATEGORIES:
                hint = f"put category policies under [categories.{key}]"
            problems.append(Problem(str(key), "unknown section", hint))
    settings = _apply_settings(base, document.get("settings", {}), origin, problems)
    categories = dict(base.categories)
    given = document.get("categories", {})
    if not isinstance(given, Mapping):
        problems.append(Problem("categories", "expected a table of category policies"))
        given = {}
    for category, table in given.items():
        where = f"categories.{category}"
        if not isinstance(table, Mapping):
            problems.append(Problem(where, "expected a table of figures"))
            continue
        policy = _apply_category(base.categories.get(category), category, table, origin, where)
        if isinstance(policy, Policy):
            categories[category] = policy
        else:
            problems.extend(policy)
    result = attrs.evolve(settings, categories=categories)
    if result.currency != base.currency and base.categories:
        problems += _priced_before(base, result, document)
    return result, problems


#: The money figures of a category's policy: in the policies' currency.
MONEY_FIGURES = ("unit_cost", "support_cost_per_year")


def _priced_before(base: Policies, result: Policies, document: Mapping[str, Any]) -> list[Problem]:
    """A document that changes the currency must price again whatever it leaves priced in the
    old one: otherwise £650 would be planned as 650 euros. One problem, at the currency,
    listing what is left."""
    given = _table(document.get("categories"))
    left = [
        f"categories.{category}.{figure}"
        for category in sorted(result.categories)
        for figure in MONEY_FIGURES
        if getattr(result.categories[category], figure)
        and figure not in _table(given.get(category))
    ]
    if base.electricity_price_per_kwh and "electricity_price_per_kwh" not in _table(
        document.get("settings")
    ):
        left.insert(0, "settings.electricity_price_per_kwh")
    if not left:
        return []
    shown = ", ".join(left[:6]) + (f" and {len(left) - 6} more" if len(left) > 6 else "")
    return [
        Problem(
            "settings.currency",
            f"{result.currency} in place of {base.currency}, but {len(left)} prices are still "
            f"in {base.currency}: {shown}",
            f"give every price in {result.currency} in this file too, or leave the currency "
            f"as {base.currency}",
        )
    ]


def _table(value: Any) -> Mapping[str, Any]:
    """``value`` when it is a table, else an empty one (its fault is reported where it is)."""
    return value if isinstance(value, Mapping) else {}


def _split(raw: Any, where: str, origin: str, problems: list[Problem]) -> tuple[Any, str] | None:
    if isinstance(raw, Mapping):
        unknown = [key for key in raw if key not in ("value", "source")]
        for key in unknown:
            problems.append(
                Problem(f"{where}.{key}", "unknown key", closest(str(key), ("value", "source")))
            )
        if "value" not in raw:
            problems.append(Problem(where, "a table needs a 'value'"))
            return None
        source = raw.get("source", origin)
        if not isinstance(source, str) or not source.strip():
            problems.append(Problem(f"{where}.source", "expected the source as text"))
            return None
        if unknown:
            return None
        return raw["value"], source
    return raw, origin


def _check_figure(name: str, value: Any) -> tuple[Any, str | None]:
    if name == "label":
        if isinstance(value, str) and value.strip():
            return value.strip(), None
        return None, f"expected a label as text, got {preview(value)}"
    if name == "funding":
        choices = [f.value for f in Funding]
        if isinstance(value, str) and value.strip().lower() in choices:
            return Funding(value.strip().lower()), None
        return None, f"expected one of {', '.join(choices)}, got {preview(value)}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"expected a number, got {preview(value)}"
    if isinstance(value, float) and not math.isfinite(value):
        return None, f"expected a finite number, got {value!r}"
    if name == "amber_months":
        if isinstance(value, float) and not value.is_integer():
            return None, f"expected a whole number of months, got {value!r}"
        if value < 0:
            return None, f"must not be negative, got {value!r}"
        if value > MAX_AMBER_MONTHS:
            return None, f"must be at most {MAX_AMBER_MONTHS} months, got {preview(value)}"
        return int(value), None
    if value > MAX_FIGURE:
        return None, f"must be at most {MAX_FIGURE:,}, got {preview(value)}"
    if name in ("lifespan_years", "support_life_years"):
        # planned in whole months (rounded): one that rounds to none is no lifespan
        if not 0 < value <= 50 or round(value * 12) < 1:
            return None, f"must be from one month (1/12 of a year) to 50 years, got {value!r}"
        return float(value), None
    if value < 0:
        return None, f"must not be negative, got {value!r}"
    return float(value), None


def _apply_category(
    current: Policy | None,
    category: str,
    table: Mapping[str, Any],
    origin: str,
    where: str,
) -> Policy | list[Problem]:
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    sources: dict[str, str] = dict(current.sources) if current else {}
    for name, raw in table.items():
        path = f"{where}.{name}"
        if name not in POLICY_FIGURES:
            problems.append(Problem(path, "unknown figure", closest(str(name), POLICY_FIGURES)))
            continue
        split = _split(raw, path, origin, problems)
        if split is None:
            continue
        value, message = _check_figure(name, split[0])
        if message is not None:
            problems.append(Problem(path, message))
            continue
        values[name] = value
        sources[name] = split[1]
    if current is None:
        missing = [name for name in _REQUIRED_FOR_NEW if name not in values]
        if missing and not problems:
            listed = ", ".join(missing)
            problems.append(Problem(where, f"a new category needs {listed}"))
    if problems:
        return problems
    if current is not None:
        return attrs.evolve(current, **values, sources=sources)
    for name in POLICY_FIGURES:
        if name not in OPTIONAL_FIGURES or name in values:
            sources.setdefault(name, f"not given by {origin}")
    return Policy(
        category=category,
        label=values.get("label", category.replace("_", " ").capitalize()),
        lifespan_years=values["lifespan_years"],
        amber_months=values.get("amber_months", 12),
        unit_cost=values["unit_cost"],
        funding=values.get("funding", Funding.CAPITAL),
        support_cost_per_year=values.get("support_cost_per_year", 0.0),
        energy_kwh_per_year=values.get("energy_kwh_per_year", 0.0),
        embodied_kgco2e=values.get("embodied_kgco2e", 0.0),
        sources=sources,
        support_life_years=values.get("support_life_years"),
    )


def _apply_settings(base: Policies, table: Any, origin: str, problems: list[Problem]) -> Policies:
    if not isinstance(table, Mapping):
        problems.append(Problem("settings", "expected a table of settings"))
        return base
    values: dict[str, Any] = {}
    sources = dict(base.sources)
    for name, raw in table.items():
        path = f"settings.{name}"
        if name not in _SETTINGS:
            problems.append(Problem(path, "unknown setting", closest(str(name), _SETTINGS)))
            continue
        split = _split(raw, path, origin, problems)
        if split is None:
            continue
        value = split[0]
        if name == "currency":
            if not isinstance(value, str) or not _CURRENCY_CODE.fullmatch(value.strip().upper()):
                problems.append(
                    Problem(
                        path,
                        f"expected a three-letter currency code, got {preview(value)}",
                        "such as GBP, EUR or USD",
                    )
                )
                continue
            value = value.strip().upper()
        else:
            checked, message = _check_figure("unit_cost", value)
            if message is not None:
                problems.append(Problem(path, message))
                continue
            value = checked
        values[name] = value
        sources[name] = split[1]
    return attrs.evolve(base, **values, sources=sources)
