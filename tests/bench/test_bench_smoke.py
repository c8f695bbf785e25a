"""A small run of the benchmark harness, so it cannot rot: tiny sizes, agreement only.

Every competitor is generated from the same criteria data and must place every synthetic school
at the same level. The peers (``rule-engine``, ``zen-engine``) come with the ``bench`` extra
only; their checks are skipped when they are not installed.
"""

from __future__ import annotations

import pytest
from benchmarks import cases
from benchmarks.competitors import floor, ictrules_levels, rule_engine, zen_engine
from benchmarks.report import Results, markdown, summary, table, verdicts
from benchmarks.synthetic import AS_OF, FACT_TYPES, FRAMEWORK_ID, make_framework
from benchmarks.timing import Row


@pytest.fixture(scope="module")
def state() -> cases.Setup:
    return cases.setup(60)


def test_the_synthetic_framework_has_the_size_of_becta(state: cases.Setup) -> None:
    framework = state.engine.framework(FRAMEWORK_ID)
    assert len(framework.strands) == 12
    assert [level.value for level in framework.scale] == [5, 4, 3, 2]
    assert len(state.synthetic.facts) == 65
    assert {spec.type.value for spec in state.synthetic.facts} == {kind for kind, _ in FACT_TYPES}
    assert len(state.engine.facts_for(FRAMEWORK_ID)) == 65  # every fact is read


def test_the_synthetic_framework_is_seeded() -> None:
    assert make_framework(7) == make_framework(7)
    assert make_framework(7).ladders != make_framework(8).ladders


def test_ictrules_agrees_with_the_floor_on_every_school(state: cases.Setup) -> None:
    base, ours = floor(state.synthetic), ictrules_levels(state.engine)
    assert cases.agreement([base, ours], state.evidence) == {"ictrules": []}
    levels = {level for e in state.evidence for level in base.evaluate(e).values()}
    assert levels == {5, 4, 3, 2}  # the schools spread over the whole scale


def test_with_missing_facts_the_proven_level_is_the_floor_failing_unknowns(
    state: cases.Setup,
) -> None:
    pessimist = floor(state.synthetic, missing_fails=True)
    for evidence in state.thinned:
        levels = state.engine.levels(evidence, FRAMEWORK_ID, as_of=AS_OF)
        assert pessimist.evaluate(evidence) == {code: low for code, (low, _) in levels.items()}
    assert any(
        low != high
        for e in state.thinned
        for low, high in state.engine.levels(e, FRAMEWORK_ID, as_of=AS_OF).values()
    )


def test_rule_engine_agrees_with_the_floor(state: cases.Setup) -> None:
    pytest.importorskip("rule_engine")
    base = floor(state.synthetic)
    assert cases.agreement([base, rule_engine(state.synthetic)], state.evidence[:15]) == {
        "rule-engine": []
    }


def test_zen_engine_agrees_with_the_floor(state: cases.Setup) -> None:
    pytest.importorskip("zen")
    base = floor(state.synthetic)
    assert cases.agreement([base, zen_engine(state.synthetic)], state.evidence[:15]) == {
        "zen-engine": []
    }


def test_the_report_states_targets_with_their_verdicts() -> None:
    results = Results(
        rows=[
            Row("one school, levels (full evidence)", "floor", 10, 1e-5, 3, 1e-5),
            Row("one school, levels (full evidence)", "ictrules", 10, 3e-5, 3, 1e-5),
        ],
        refresh=[
            {
                "assets": 1_000_000,
                "seconds": 12.5,
                "cpu_seconds": 12.0,
                "assets_per_second": 80_000,
                "peak_rss_mb": 900.0,
            }
        ],
    )
    assert verdicts(results) == [
        ("one school at most 2x the floor", "3.00 us vs floor 1.00 us = 3.00x", "missed by 1.50x"),
        ("one school faster than rule-engine", "peer not installed", "not run"),
        ("one school faster than zen-engine", "peer not installed", "not run"),
        ("1,000,000 assets planned under 10 s and 2 GB", "12.50 s, peak 900 MiB", "missed"),
    ]
    page = markdown(results, {"python": "CPython 3.11"}, "make bench", "## Notes\n\nText.")
    assert "| one school, levels (full evidence) | ictrules | 10 | 30.0 us | 3.0 |" in page
    assert "```python" not in page  # docs pages' python blocks are executed by the test suite
    assert table(results.rows).splitlines()[0].split() == [
        "case", "who", "n", "median", "us", "each", "per", "second", "vs", "floor", "runs", "note"
    ]  # fmt: skip


def test_the_console_says_what_agreed_and_what_was_not_measured() -> None:
    # `python -m benchmarks --quick --no-write` writes no page: without these lines a run
    # without the peers printed a table with no word that rule-engine and zen-engine were missing
    results = Results(
        rows=[
            Row("one school, levels (full evidence)", "floor", 10, 1e-5, 3, 1e-5),
            Row("one school, levels (full evidence)", "ictrules", 10, 1e-5, 3, 1e-5),
        ],
        agreement={"ictrules": 0},
        agreement_schools={"ictrules": 500},
        notes=["zen-engine is not installed (pip install -e '.[bench]')"],
    )
    lines = summary(results)
    assert (
        lines[0] == "agreement: ictrules: 500 schools checked, 0 placed differently from the floor"
    )
    assert "target: one school faster than zen-engine: peer not installed: not run" in lines
    assert lines[-1] == "not measured: zen-engine is not installed (pip install -e '.[bench]')"


def test_the_trust_benchmark_plans_every_school_it_writes() -> None:
    from benchmarks.trust import bench_trust

    result = bench_trust(schools=3, assets=40)
    assert result["schools_planned"] == 3
