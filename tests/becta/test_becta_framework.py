"""The Becta framework's shape, its contract with the refresh plugin, and its generated page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import ictrules_becta
import ictrules_refresh.plugin
from ictrules import Engine, FactType, FrameworkError, Strand
from ictrules_becta.docs import PAGE, render_markdown
from ictrules_refresh.derived import DECLARED_FACTS

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK = ictrules_becta.load().framework
FACTS = {spec.id: spec for spec in ictrules_becta.load().facts}

STRANDS = {
    "1a": ["1a1", "1a2"],
    "1b": ["1b1", "1b2", "1b3", "1b4", "1b5", "1b6"],
    "1c": ["1c1", "1c2", "1c3", "1c4"],
}


def test_the_framework_names_itself_and_its_source() -> None:
    assert FRAMEWORK.id == ictrules_becta.FRAMEWORK_ID == "becta-srf"
    assert FRAMEWORK.title == "Becta Self-review Framework, element 1: Leadership and management"
    assert "Self-review Framework (2008-2010)" in FRAMEWORK.source
    assert "own words" in FRAMEWORK.source
    assert [level.value for level in FRAMEWORK.scale] == [5, 4, 3, 2, 1]
    assert all(level.label for level in FRAMEWORK.scale)


def test_the_sections_hold_the_twelve_strands_with_their_titles() -> None:
    assert {s.code: [strand.code for strand in s.strands] for s in FRAMEWORK.sections} == STRANDS
    assert [s.title for s in FRAMEWORK.sections] == [
        "ICT and the school vision",
        "A strategy to achieve the vision",
        "Managing information",
    ]
    assert FRAMEWORK.strand("1b3").title == "Budgetary effectiveness for ICT"
    assert FRAMEWORK.strand("1c4").title == "Legislative requirements related to ICT"


@pytest.mark.parametrize("strand", FRAMEWORK.strands, ids=lambda s: s.code)
def test_each_descriptor_is_one_or_two_sentences_and_each_criterion_has_an_action(
    strand: Strand,
) -> None:
    for rules in strand.levels:
        sentences = re.findall(r"[.!?](?:\s|$)", rules.descriptor)
        assert 1 <= len(sentences) <= 2, (rules.level, rules.descriptor)
        assert (rules.level == 5) == (rules.criteria == ())
        for criterion in rules.criteria:
            assert criterion.statement
            assert criterion.action
            assert criterion.action != criterion.statement
            assert criterion.id.startswith(f"{strand.code}-{rules.level}-")


@pytest.mark.parametrize(
    ("fact", "kind", "unit", "strand"),
    [
        ("budget.renewal_plan_coverage", FactType.PROPORTION, None, "1b3"),
        ("budget.renewal_horizon_years", FactType.INTEGER, "years", "1b3"),
        ("budget.tco_counted", FactType.BOOLEAN, None, "1b3"),
        ("environment.energy_use_measured", FactType.BOOLEAN, None, "1b4"),
        ("environment.embodied_carbon_estimated", FactType.BOOLEAN, None, "1b4"),
    ],
)
def test_the_facts_the_refresh_plugin_derives_are_declared_and_read(
    fact: str, kind: FactType, unit: str | None, strand: str
) -> None:
    assert fact in ictrules_becta.INVENTORY_FACTS
    assert FRAMEWORK.needs[fact] == "refresh"  # declared by the plugin that derives it
    declared = {spec.id: spec for spec in DECLARED_FACTS}
    assert (declared[fact].type, declared[fact].unit) == (kind, unit)
    conditions = [c.condition for rules in FRAMEWORK.strand(strand).levels for c in rules.criteria]
    assert any(fact in condition for condition in conditions)


def test_every_fact_has_a_question_and_a_description() -> None:
    for spec in FACTS.values():
        assert spec.question.endswith("?") or "?" in spec.question, spec.id
        assert spec.description.endswith("."), spec.id


def test_the_plugin_hooks_hand_the_data_file_to_the_engine() -> None:
    engine = Engine([ictrules_becta, ictrules_refresh.plugin])
    assert list(engine.frameworks) == ["becta-srf"]
    assert set(engine.facts) == set(FACTS) | set(ictrules_becta.INVENTORY_FACTS)


def test_without_the_plugin_that_declares_its_inventory_facts_it_says_what_to_install() -> None:
    with pytest.raises(FrameworkError) as caught:
        Engine([("becta", ictrules_becta)])
    assert [str(problem) for problem in caught.value.problems] == [
        "plugin 'becta', framework becta-srf: needs facts that plugin 'refresh' declares "
        "('budget.renewal_horizon_years', 'budget.renewal_plan_coverage', "
        "'budget.tco_counted', 'environment.embodied_carbon_estimated', "
        "'environment.energy_use_measured'), and no plugin declares them: install or enable "
        "that plugin"
    ]


def test_another_framework_reads_the_inventory_facts_without_becta() -> None:
    from ictrules.testing import build_framework, inline_plugin

    authority = build_framework(
        {"kit": {3: [("kit-planned", "budget.renewal_horizon_years >= 3")]}},
        framework_id="authority",
    )
    engine = Engine([ictrules_refresh.plugin, ("authority", inline_plugin(frameworks=[authority]))])
    assert "budget.renewal_horizon_years" in engine.compiled("authority").facts


def test_the_reference_page_is_generated_from_the_data() -> None:
    page = ROOT / PAGE
    assert page.read_text(encoding="utf-8") == render_markdown(), (
        f"{PAGE} is out of date: regenerate it with python -m ictrules_becta.docs > {PAGE}"
    )


def test_the_reference_page_shows_every_criterion_and_fact() -> None:
    page = render_markdown()
    for strand in FRAMEWORK.strands:
        assert f"### {strand.code} {strand.title}" in page
        for rules in strand.levels:
            assert rules.descriptor in page
            for criterion in rules.criteria:
                assert f"{criterion.statement} (`{criterion.condition}`)" in page
    for fact in FACTS:
        assert f"| `{fact}` |" in page


def test_the_reference_page_lists_every_entailment_with_its_condition_and_reason() -> None:
    page = render_markdown()
    section = page[page.index("## Entailments") : page.index("## The link with the refresh")]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert len(rows) == len(FRAMEWORK.entailments) > 0
    for entailment, row in zip(FRAMEWORK.entailments, rows, strict=True):
        assert row.startswith(f"| `{entailment.id}` | `{entailment.when}` |")
        assert entailment.reason in row
        assert all(f"`{fact}`" in row for fact in entailment.then)


def test_no_entailment_reads_or_gives_a_fact_an_inventory_can_derive() -> None:
    # A derived value must never contradict what a school states through an entailment.
    derivable = set(ictrules_becta.INVENTORY_FACTS)
    engine = Engine([ictrules_becta, ictrules_refresh.plugin])
    for compiled in engine.compiled("becta-srf").entailments:
        assert derivable.isdisjoint(compiled.condition.facts), compiled.entailment.id
        assert derivable.isdisjoint(compiled.then), compiled.entailment.id


def test_actions_on_review_dates_claim_no_age_the_evidence_does_not_give(engine: Engine) -> None:
    # With vision.last_reviewed unknown, the next steps once said "the last review is more
    # than three years old": an action is shown for unknown criteria too, so it must not
    # assert what the evidence leaves open.
    evidence = engine.load_evidence({"facts": {"vision.ict_clarity": "clear"}})
    result = engine.assess(evidence, "becta-srf", as_of=dt.date(2026, 9, 1)).strand("1a2")
    actions = {action.criterion: (action.reason, action.text) for action in result.actions}
    assert actions["1a2-3-recent"] == (
        "unknown",
        "Review the place of ICT in the vision at least every three years, and record the date "
        "of each review.",
    )
    assert not any("years old" in text for _, text in actions.values())
