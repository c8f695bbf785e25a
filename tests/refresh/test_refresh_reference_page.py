"""The reference page's table of default policies matches the shipped data file."""

from __future__ import annotations

from pathlib import Path

from ictrules_refresh import default_policies

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "refresh-policies.md"


def test_reference_table_matches_the_defaults() -> None:
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in PAGE.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
    ]
    policies = default_policies()
    assert [row[0].strip("`") for row in rows] == list(policies.categories)
    for row in rows:
        policy = policies[row[0].strip("`")]
        figures = [
            policy.label,
            f"{policy.lifespan_years:g}",
            str(policy.amber_months),
            f"{policy.unit_cost:,.0f}",
            policy.funding.value,
            f"{policy.support_cost_per_year:,.0f}",
            f"{policy.energy_kwh_per_year:,.0f}",
            f"{policy.embodied_kgco2e:,.0f}",
        ]
        assert row[1:] == figures, row[0]
    text = PAGE.read_text(encoding="utf-8")
    assert f"£{policies.electricity_price_per_kwh:.2f} per kWh" in text
    assert f"{policies.grid_kgco2e_per_kwh} kgCO2e per kWh" in text
