"""Policies: the sourced defaults, policy files, and the precedence of the four layers."""

from __future__ import annotations

from pathlib import Path

import pytest

import ictrules_refresh.plugin
from ictrules import Engine, PluginError, hookimpl
from ictrules_refresh import (
    CANONICAL_CATEGORIES,
    POLICY_FIGURES,
    Funding,
    default_policies,
    load_policies,
    resolve_policies,
)
from ictrules_refresh.errors import PolicyError

#: The published lifespan ranges the defaults must fall within (years).
RANGES = {
    "laptop": (4, 5),
    "desktop": (5, 7),
    "chromebook": (3, 4),
    "tablet": (3, 4),
    "interactive_display": (5, 8),
    "projector": (5, 8),
    "server": (5, 7),
    "network_switch": (7, 10),
    "wireless_access_point": (5, 6),
    "firewall": (5, 7),
    "ups": (3, 4),
}


def test_every_canonical_category_has_a_policy_within_the_published_range() -> None:
    policies = default_policies()
    assert sorted(policies.categories) == sorted(CANONICAL_CATEGORIES)
    for category, (low, high) in RANGES.items():
        assert low <= policies[category].lifespan_years <= high, category


def test_every_default_figure_states_its_source() -> None:
    policies = default_policies()
    for policy in policies.categories.values():
        for figure in POLICY_FIGURES:
            if figure == "label" or getattr(policy, figure) is None:  # an optional figure
                continue
            source = policy.sources.get(figure, "")
            assert len(source) > 20, (policy.category, figure)
            assert "not given" not in source
    assert policies.sources["grid_kgco2e_per_kwh"].startswith("UK Government GHG Conversion")
    assert policies.sources["electricity_price_per_kwh"].startswith("Assumption:")
    assert policies.currency == "GBP"
    assert policies["ups"].funding is Funding.REVENUE
    assert policies["laptop"].funding is Funding.CAPITAL


def test_a_school_file_changes_only_what_it_names(tmp_path: Path) -> None:
    path = tmp_path / "policies.toml"
    path.write_text(
        "[categories.laptop]\n"
        'lifespan_years = { value = 4, source = "Trust device policy 2026" }\n'
        "unit_cost = 580\n"
        "[settings]\nelectricity_price_per_kwh = 0.31\n",
        encoding="utf-8",
    )
    policies = load_policies(path)
    laptop = policies["laptop"]
    assert laptop.lifespan_years == 4.0
    assert laptop.lifespan_months == 48
    assert laptop.unit_cost == 580.0
    assert laptop.sources["lifespan_years"] == "Trust device policy 2026"
    assert laptop.sources["unit_cost"] == str(path)
    assert laptop.amber_months == default_policies()["laptop"].amber_months
    assert policies.electricity_price_per_kwh == 0.31
    assert policies["desktop"] == default_policies()["desktop"]


def test_a_new_category_needs_a_lifespan_and_a_cost(tmp_path: Path) -> None:
    path = tmp_path / "policies.toml"
    path.write_text(
        '[categories.printer]\nlabel = "Printer"\nlifespan_years = 6\nunit_cost = 1200\n'
        "[categories.visualiser]\nlifespan_years = 5\n",
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as caught:
        load_policies(path)
    assert str(caught.value) == (
        f"1 problem in {path}:\n  categories.visualiser: a new category needs unit_cost"
    )
    path.write_text(
        '[categories.printer]\nlabel = "Printer"\nlifespan_years = 6\nunit_cost = 1200\n',
        encoding="utf-8",
    )
    printer = load_policies(path)["printer"]
    assert (printer.label, printer.amber_months, printer.funding) == (
        "Printer",
        12,
        Funding.CAPITAL,
    )
    assert printer.sources["energy_kwh_per_year"] == f"not given by {path}"


def test_bad_policy_values_are_each_reported_with_their_path(tmp_path: Path) -> None:
    path = tmp_path / "policies.toml"
    path.write_text(
        "[laptop]\nlifespan_years = 4\n"
        "[categories.laptop]\nlifespan_years = 0\namber_months = 1.5\nunit_cost = -1\n"
        'funding = "grant"\nlifespan = 4\nsupport_cost_per_year = { value = 3, sorce = "x" }\n'
        "[settings]\nelectricity_price = 0.3\n",
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as caught:
        load_policies(path)
    assert [str(p) for p in caught.value.problems] == [
        "laptop: unknown section (put category policies under [categories.laptop])",
        "settings.electricity_price: unknown setting (did you mean 'electricity_price_per_kwh'?)",
        "categories.laptop.lifespan_years: must be from one month (1/12 of a year) to 50 years, got 0",
        "categories.laptop.amber_months: expected a whole number of months, got 1.5",
        "categories.laptop.unit_cost: must not be negative, got -1",
        "categories.laptop.funding: expected one of capital, revenue, lease, got 'grant'",
        "categories.laptop.lifespan: unknown figure (did you mean 'lifespan_years'?)",
        "categories.laptop.support_cost_per_year.sorce: unknown key (did you mean 'source'?)",
    ]


class Authority:
    """An authority plugin that sets laptop lifespans and tablet costs."""

    @hookimpl
    def ictrules_refresh_policies(self) -> list[dict[str, object]]:
        return [
            {
                "categories": {
                    "laptop": {"lifespan_years": {"value": 4.5, "source": "LA policy"}},
                    "tablet": {"unit_cost": 300, "lifespan_years": 3},
                }
            }
        ]


class BadAuthority:
    @hookimpl
    def ictrules_refresh_policies(self) -> list[dict[str, object]]:
        return [{"categories": {"laptop": {"lifespan_years": "four"}}}]


def test_precedence_defaults_then_authority_then_school_then_overrides(tmp_path: Path) -> None:
    engine = Engine([ictrules_refresh.plugin, ("norfolk", Authority())])
    school = tmp_path / "school.toml"
    school.write_text(
        "[categories.tablet]\nlifespan_years = 4\n[categories.desktop]\nunit_cost = 800\n",
        encoding="utf-8",
    )
    overrides = {"categories": {"desktop": {"unit_cost": 750}}}
    defaults = default_policies()
    authority = resolve_policies(engine)
    assert authority["laptop"].lifespan_years == 4.5
    assert authority["laptop"].sources["lifespan_years"] == "LA policy"
    assert authority["tablet"].unit_cost == 300.0
    assert authority["tablet"].sources["unit_cost"] == "authority plugin 'norfolk'"
    assert authority["desktop"] == defaults["desktop"]

    school_wins = resolve_policies(engine, school_file=school)
    assert school_wins["tablet"].lifespan_years == 4.0  # school file beats the authority
    assert school_wins["tablet"].unit_cost == 300.0  # what the school leaves, the authority sets
    assert school_wins["laptop"].lifespan_years == 4.5
    assert school_wins["desktop"].unit_cost == 800.0

    overridden = resolve_policies(engine, school_file=school, overrides=overrides)
    assert overridden["desktop"].unit_cost == 750.0  # explicit overrides beat everything
    assert overridden["desktop"].sources["unit_cost"] == "policy overrides"
    assert overridden["tablet"].lifespan_years == 4.0

    assert resolve_policies() == defaults


def test_an_engine_without_the_refresh_plugin_contributes_nothing() -> None:
    assert resolve_policies(Engine([])) == default_policies()


def test_a_bad_authority_document_names_the_plugin() -> None:
    engine = Engine([ictrules_refresh.plugin, ("county", BadAuthority())])
    with pytest.raises(PluginError) as caught:
        resolve_policies(engine)
    assert str(caught.value) == (
        "plugin 'county' failed in ictrules_refresh_policies: "
        "categories.laptop.lifespan_years: expected a number, got 'four'"
    )


def test_bad_overrides_raise_evidence_error() -> None:
    with pytest.raises(PolicyError) as caught:
        resolve_policies(overrides={"categories": {"laptop": {"unit_cost": "cheap"}}})
    assert str(caught.value) == (
        "1 problem in policy overrides:\n"
        "  categories.laptop.unit_cost: expected a number, got 'cheap'"
    )


class DictNotList:
    @hookimpl
    def ictrules_refresh_policies(self) -> dict[str, object]:
        return {"categories": {}}


def test_returning_a_document_instead_of_a_list_is_explained() -> None:
    engine = Engine([ictrules_refresh.plugin, ("county", DictNotList())])
    with pytest.raises(PluginError) as caught:
        resolve_policies(engine)
    assert str(caught.value) == (
        "plugin 'county' failed in ictrules_refresh_policies: expected a list of policy "
        "documents (mappings), got an item 'categories'"
    )


def test_another_currency_needs_every_price_given_in_it() -> None:
    """The defaults are priced in pounds: a file that only says EUR would plan a £650 laptop
    as 650 euros. It is refused, naming what is still in pounds; restating every price in the
    same file is accepted, and the currency's shape is checked."""
    defaults = default_policies()
    with pytest.raises(PolicyError) as caught:
        defaults.overridden({"settings": {"currency": "eur"}}, "euros.toml")
    (problem,) = caught.value.problems
    assert problem.path == "settings.currency"
    assert problem.message.startswith(
        "EUR in place of GBP, but 23 prices are still in GBP: "
        "settings.electricity_price_per_kwh, categories.chromebook.unit_cost, "
    )
    assert problem.suggestion == (
        "give every price in EUR in this file too, or leave the currency as GBP"
    )
    priced = {
        "settings": {"currency": "EUR", "electricity_price_per_kwh": 0.31},
        "categories": {
            category: {
                figure: getattr(policy, figure) * 1.17
                for figure in ("unit_cost", "support_cost_per_year")
                if getattr(policy, figure)
            }
            for category, policy in defaults.categories.items()
        },
    }
    euros = defaults.overridden(priced, "euros.toml")
    assert euros.currency == "EUR"
    assert euros["laptop"].unit_cost == pytest.approx(defaults["laptop"].unit_cost * 1.17)
    with pytest.raises(PolicyError, match="expected a three-letter currency code, got 'euro'"):
        defaults.overridden({"settings": {"currency": "euro"}}, "euros.toml")


def test_a_lifespan_shorter_than_a_month_is_refused() -> None:
    """Lifespans are planned in whole months: 0.0001 years was planned as one month (2,302
    replacements in five years) while the steady-state cost divided by the figure as given."""
    with pytest.raises(PolicyError) as caught:
        default_policies().overridden(
            {"categories": {"laptop": {"lifespan_years": 0.0001}}}, "short.toml"
        )
    assert [str(problem) for problem in caught.value.problems] == [
        "categories.laptop.lifespan_years: must be from one month (1/12 of a year) to 50 years, "
        "got 0.0001"
    ]
    # 0.083, as one month is written, is planned as one month: the rule is the planner's
    month = default_policies().overridden(
        {"categories": {"laptop": {"lifespan_years": 0.083}}}, "short.toml"
    )
    assert month["laptop"].lifespan_months == 1
