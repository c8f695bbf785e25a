"""Each kind of finding, triggered by a deliberately broken inline plugin."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import pytest

from ictrules import Criterion, Derivation, Engine, ExtraCriterion, FactSpec, FactType, hookimpl
from ictrules.testing import (
    FINDING_KINDS,
    Finding,
    FrameworkCheckError,
    FrameworkCheckWarning,
    Severity,
    check_framework,
    framework_findings,
)

from .conftest import SOUND, FrameworkPlugin, make_framework

Build = Callable[..., tuple[str, Any]]


def lines(findings: list[Finding]) -> list[str]:
    return [str(finding) for finding in findings]


def test_a_sound_framework_has_no_findings(sound_plugin: Any) -> None:
    assert framework_findings([("kit", sound_plugin)], "kit-fw") == []
    assert check_framework(Engine([("kit", sound_plugin)]), "kit-fw") == []


def test_undeclared_fact_is_located(plugin_with: Build) -> None:
    plugin = plugin_with({"plan": {3: [("plan-exists", "kit.polcy")]}})
    [finding] = framework_findings([plugin], "kit-fw")
    assert finding == Finding(
        "undeclared-fact",
        Severity.ERROR,
        "unknown fact 'kit.polcy' (did you mean 'kit.policy'?) at column 1 of 'kit.polcy'",
        plugin="kit",
        framework="kit-fw",
        strand="plan",
        level=3,
        criterion="plan-exists",
    )
    assert str(finding) == (
        "error: plugin 'kit', framework kit-fw, strand plan, level 3, criterion plan-exists: "
        "unknown fact 'kit.polcy' (did you mean 'kit.policy'?) at column 1 of 'kit.polcy' "
        "[undeclared-fact]"
    )


def test_other_build_problems_are_findings_too(plugin_with: Build) -> None:
    clash = FactSpec("kit.policy", FactType.INTEGER, "Policies.", "How many policies?")
    other = ("other", FrameworkPlugin(make_framework(SOUND, framework_id="other"), [clash]))
    assert lines(framework_findings([plugin_with(), other], "kit-fw")) == [
        "error: fact kit.policy: declared by both plugin 'kit' and plugin 'other' [build]"
    ]


def test_unreachable_level(plugin_with: Build) -> None:
    plugin = plugin_with(
        {
            "kit": {
                2: [
                    ("kit-trained", "kit.staff_share >= 'many'"),
                    ("kit-few", "kit.devices < 5"),
                ]
            }
        }
    )
    assert lines(framework_findings([plugin], "kit-fw")) == [
        "error: plugin 'kit', framework kit-fw, strand kit, level 2: level 2 cannot be reached "
        "by any evidence: its criteria cannot all hold together with those of the levels below; "
        "nor can level(s) [1] above it [unreachable-level]"
    ]


def test_always_false_criterion_is_constant_and_blocks_its_level(plugin_with: Build) -> None:
    plugin = plugin_with({"plan": {3: [("plan-exists", "kit.devices > 5 and kit.devices < 3")]}})
    assert lines(framework_findings([plugin], "kit-fw")) == [
        "error: plugin 'kit', framework kit-fw, strand plan, level 3, criterion plan-exists: the "
        "condition 'kit.devices > 5 and kit.devices < 3' is always false whenever it is decided "
        "[constant-criterion]",
        "error: plugin 'kit', framework kit-fw, strand plan, level 3, criterion plan-exists: "
        "level 3 cannot be reached by any evidence: its criterion never holds; nor can level(s) "
        "[2, 1] above it [unreachable-level]",
    ]


def test_always_true_criterion(plugin_with: Build) -> None:
    plugin = plugin_with({"plan": {3: [("plan-exists", "kit.policy or not kit.policy")]}})
    assert lines(framework_findings([plugin], "kit-fw")) == [
        "error: plugin 'kit', framework kit-fw, strand plan, level 3, criterion plan-exists: the "
        "condition 'kit.policy or not kit.policy' is always true whenever it is decided "
        "[constant-criterion]"
    ]


def test_known_alone_never_fails_so_it_is_constant(plugin_with: Build) -> None:
    # an absent fact is unknown, never false: known(x) alone can never rule a level out
    plugin = plugin_with({"plan": {3: [("plan-exists", "known(kit.reviewed)")]}})
    assert lines(framework_findings([plugin], "kit-fw")) == [
        "error: plugin 'kit', framework kit-fw, strand plan, level 3, criterion plan-exists: the "
        "condition 'known(kit.reviewed)' is always true whenever it is decided "
        "[constant-criterion]"
    ]


def test_level_without_criteria_gives_no_action(plugin_with: Build) -> None:
    plugin = plugin_with({"plan": {2: []}})
    assert lines(framework_findings([plugin], "kit-fw")) == [
        "error: plugin 'kit', framework kit-fw, strand plan, level 2: level 2 has no criteria: a "
        "school reaches it without doing anything and is given no action towards it [no-action]"
    ]


def test_empty_action(plugin_with: Build) -> None:
    plugin = plugin_with(actions=False)
    found = framework_findings([plugin], "kit-fw")
    assert len(found) == 7
    assert {f.kind for f in found} == {"no-action"}
    assert str(found[0]) == (
        "error: plugin 'kit', framework kit-fw, strand plan, level 3, criterion plan-exists: the "
        "criterion has an empty action: a school that misses it is not told what to do "
        "[no-action]"
    )


def test_raising_an_ordered_fact_must_not_lower_a_monotone_strand(plugin_with: Build) -> None:
    changes = {
        "kit": {
            2: [("kit-trained", "kit.staff_share <= 'many'")],
            1: [("kit-top", "kit.devices >= 30")],
        }
    }
    found = framework_findings([plugin_with(changes)], "kit-fw")
    assert lines(found) == [
        "error: plugin 'kit', framework kit-fw, strand kit, level 2, criterion kit-trained: "
        "raising kit.staff_share from 0.625 to 0.75 lowers the strand from level 2 to level 3 "
        "(criterion kit-trained stops holding), but the strand is declared monotone "
        "[not-monotone]"
    ]
    assert found[0].evidence == {"facts": {"kit.devices": 10, "kit.staff_share": 0.75}}
    assert framework_findings([plugin_with(changes, monotone=False)], "kit-fw") == []


class NeedsInventory:
    """Derives a fact only from an attachment, so evidence alone leaves it unknown."""

    @hookimpl
    def ictrules_facts(self) -> list[FactSpec]:
        return [FactSpec("kit.ratio", FactType.NUMBER, "Devices per pupil.", "Devices per pupil?")]

    @hookimpl
    def ictrules_derivations(self, facts: Any) -> list[Derivation]:
        return [Derivation("kit.ratio", lambda ctx: None, ("kit.devices",))]


def test_full_evidence_leaves_strand_provisional(plugin_with: Build) -> None:
    plugin = plugin_with({"kit": {3: [("kit-some", "kit.devices >= 10 and kit.ratio >= 1")]}})
    [finding] = framework_findings([plugin, ("inventory", NeedsInventory())], "kit-fw")
    assert str(finding) == (
        "warning: plugin 'kit', framework kit-fw, strand kit: with every question answered the "
        "strand is still provisional (level 4, at best 1): derived fact(s) kit.ratio stay "
        "unknown (no attachments were given; the derivation returned nothing) [provisional]"
    )
    assert finding.evidence is not None
    assert "kit.ratio" not in finding.evidence["facts"]


def test_threshold_inside_a_band(plugin_with: Build) -> None:
    plugin = plugin_with({"kit": {2: [("kit-trained", "kit.staff_share >= 0.6")]}})
    assert lines(framework_findings([plugin], "kit-fw")) == [
        "warning: plugin 'kit', framework kit-fw, strand kit, level 2, criterion kit-trained: "
        "stays undecided when kit.staff_share is answered as many: a threshold lies inside a "
        "band; compare with a band name or a band boundary [band-undecided]"
    ]


class OrderSensitive:
    """Adds a local criterion whose threshold depends on which plugin registered first."""

    def __init__(self) -> None:
        self.manager: Any = None

    @hookimpl
    def ictrules_add_hookspecs(self, pluginmanager: Any) -> None:
        self.manager = pluginmanager

    @hookimpl
    def ictrules_criteria(self, frameworks: Any) -> list[ExtraCriterion]:
        first = self.manager.list_name_plugin()[0][0]
        threshold = 20 if first == "kit" else 40
        criterion = Criterion("local", f"kit.devices >= {threshold}", "Enough", "Buy more")
        return [ExtraCriterion("kit-fw", "kit", 2, criterion)]


def test_results_depend_on_plugin_order(plugin_with: Build) -> None:
    found = framework_findings([plugin_with(), ("local", OrderSensitive())], "kit-fw")
    assert lines(found) == [
        "error: plugin 'local', framework kit-fw, strand kit, level 2, criterion local: with "
        "plugins [kit, local] the criterion reads 'kit.devices >= 20' at level 2; with "
        "[local, kit] it reads 'kit.devices >= 40' at level 2 [plugin-order]",
        "error: plugin 'kit', framework kit-fw, strand kit: with plugins [kit, local] the strand "
        "is at level 1, with [local, kit] at level 3 [plugin-order]",
    ]


def test_check_framework_raises_listing_every_finding(plugin_with: Build) -> None:
    plugin = plugin_with({"plan": {2: []}, "kit": {2: [("kit-trained", "kit.staff_share >= 0.6")]}})
    with pytest.raises(FrameworkCheckError) as caught:
        check_framework([plugin], "kit-fw")
    assert isinstance(caught.value, AssertionError)
    assert str(caught.value).splitlines() == [
        "framework kit-fw: 1 error found by ictrules.testing",
        "  error: plugin 'kit', framework kit-fw, strand plan, level 2: level 2 has no criteria: "
        "a school reaches it without doing anything and is given no action towards it "
        "[no-action]",
        "  warning: plugin 'kit', framework kit-fw, strand kit, level 2, criterion kit-trained: "
        "stays undecided when kit.staff_share is answered as many: a threshold lies inside a "
        "band; compare with a band name or a band boundary [band-undecided]",
    ]
    assert len(caught.value.findings) == 2


def test_warnings_are_issued_and_strict_fails_on_them(plugin_with: Build) -> None:
    plugin = plugin_with({"kit": {2: [("kit-trained", "kit.staff_share >= 0.6")]}})
    with pytest.warns(FrameworkCheckWarning, match=r"\[band-undecided\]$"):
        found = check_framework([plugin], "kit-fw")
    assert [f.kind for f in found] == ["band-undecided"]
    with warnings.catch_warnings(), pytest.raises(FrameworkCheckError, match="0 errors"):
        check_framework([plugin], "kit-fw", strict=True)


def test_every_kind_is_documented() -> None:
    assert set(FINDING_KINDS) >= {
        "undeclared-fact",
        "unreachable-level",
        "constant-criterion",
        "provisional",
        "no-action",
        "plugin-order",
        "not-monotone",
    }


def test_findings_do_not_depend_on_the_run(plugin_with: Build) -> None:
    changes = {"kit": {2: [("kit-trained", "kit.staff_share <= 'many'")]}}
    first = framework_findings([plugin_with(changes)], "kit-fw", seed=3)
    again = framework_findings([plugin_with(changes)], "kit-fw", seed=3)
    assert lines(first) == lines(again)


class FromAttachment:
    """Derives devices per pupil from an attached count, as the refresh plugin does from an
    inventory."""

    @hookimpl
    def ictrules_facts(self) -> list[FactSpec]:
        return [FactSpec("kit.ratio", FactType.NUMBER, "Devices per pupil.", "Devices per pupil?")]

    @hookimpl
    def ictrules_derivations(self, facts: Any) -> list[Derivation]:
        def compute(ctx: Any) -> float | None:
            pupils = ctx.attachments.get("pupils")
            devices = ctx.inputs["kit.devices"]
            return None if pupils is None or devices is None else devices / pupils

        return [Derivation("kit.ratio", compute, ("kit.devices",))]


def test_attachments_reach_the_derivations(plugin_with: Build) -> None:
    plugin = plugin_with({"kit": {3: [("kit-some", "kit.devices >= 10 and kit.ratio >= 1")]}})
    plugins = [plugin, ("inventory", FromAttachment())]
    assert [f.kind for f in framework_findings(plugins, "kit-fw")] == ["provisional"]
    assert framework_findings(plugins, "kit-fw", attachments={"pupils": 20}) == []


def test_a_strand_that_falls_as_a_fact_rises_through_a_derivation_is_found() -> None:
    from ictrules import Derivation
    from ictrules.testing import build_framework, fact, inline_plugin

    framework = build_framework(
        {"kit": {3: [("kit-spare", "kit.spare >= 5")]}}, framework_id="derived-fw"
    )
    spare = Derivation(
        "kit.spare",
        lambda ctx: None if ctx.inputs["kit.broken"] is None else 5 - ctx.inputs["kit.broken"],
        ("kit.broken",),
    )
    plugin = inline_plugin(
        facts=[fact("kit.broken", "integer", minimum=0), fact("kit.spare", "integer")],
        frameworks=[framework],
        derivations=[spare],
    )
    findings = framework_findings([("kit", plugin)], "derived-fw")
    found = [f for f in findings if f.kind == "not-monotone"]
    assert len(found) == 1
    assert "raising kit.broken" in found[0].message


def test_a_warning_the_author_accepts_is_shown_with_its_reason_and_fails_nothing() -> None:
    import attrs

    from ictrules import Derivation
    from ictrules.testing import build_framework, build_strand, check_framework, fact, inline_plugin

    rules = {
        3: [("kit-3", "kit.counted")],
        2: [("kit-2", "kit.counted")],
        1: [("kit-1", "kit.counted")],
    }
    strand = build_strand("kit", rules)
    framework = build_framework([strand], framework_id="accepting")
    accepting = build_framework(
        [attrs.evolve(strand, accepted={"provisional": "counted only from an inventory"})],
        framework_id="accepting",
    )
    counted = Derivation("kit.counted", lambda ctx: None, ())  # needs an attachment

    def findings_of(fw: Any) -> list[Any]:
        plugin = inline_plugin(
            facts=[fact("kit.counted", "boolean")], frameworks=[fw], derivations=[counted]
        )
        return framework_findings([("kit", plugin)], "accepting")

    [plain] = [f for f in findings_of(framework) if f.kind == "provisional"]
    assert plain.counts
    assert plain.accepted is None
    [accepted] = [f for f in findings_of(accepting) if f.kind == "provisional"]
    assert not accepted.counts
    assert str(accepted).startswith("accepted warning: ")
    assert str(accepted).endswith("(accepted: counted only from an inventory)")
    plugin = inline_plugin(
        facts=[fact("kit.counted", "boolean")], frameworks=[accepting], derivations=[counted]
    )
    check_framework([("kit", plugin)], "accepting", strict=True)  # nothing left to fail
