"""Plugins: hooks, duplicate ids, plugins that raise, derivations, extra criteria."""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Iterable
from typing import Any

import pluggy
import pytest

from ictrules import (
    Criterion,
    Derivation,
    DerivationContext,
    Engine,
    ExtraCriterion,
    FactSpec,
    FactType,
    FrameworkError,
    IctrulesError,
    PluginError,
    UnknownFrameworkError,
    hookimpl,
    hookspec,
)

AS_OF = dt.date(2026, 9, 1)


@pytest.fixture(scope="module")
def demo(engine: Engine) -> Any:
    """The demo plugin object the session engine was built from (a fresh instance)."""
    plugin_class = type(engine.pluginmanager.get_plugins().copy().pop())
    return plugin_class()


def plugin(name: str, **hooks: Any) -> types.SimpleNamespace:
    """An inline plugin object named ``name`` whose hooks are the given functions."""
    namespace = types.SimpleNamespace(__name__=name)
    for hook_name, function in hooks.items():
        setattr(namespace, hook_name, hookimpl(function))
    return namespace


def problems(excinfo: pytest.ExceptionInfo[FrameworkError]) -> list[str]:
    return [str(problem) for problem in excinfo.value.problems]


def test_duplicate_facts_and_frameworks_name_both_plugins(demo: Any, engine: Engine) -> None:
    fact = engine.facts["vision.clarity"]
    other = FactSpec("vision.clarity", FactType.TEXT, "Other", "Other?")
    copycat = plugin(
        "copycat",
        ictrules_facts=lambda: [other],
        ictrules_frameworks=lambda: [engine.framework("demo")],
    )
    with pytest.raises(FrameworkError) as excinfo:
        Engine([demo, copycat])
    assert problems(excinfo) == [
        "fact vision.clarity: declared by both plugin 'DemoPlugin' and plugin 'copycat'",
        "framework demo: supplied by both plugin 'DemoPlugin' and plugin 'copycat'",
    ]
    # Declaring the very same fact twice is harmless: plugins may share vocabulary.
    Engine([demo, plugin("sharer", ictrules_facts=lambda: [fact])])


def test_a_plugin_that_raises_is_named(demo: Any) -> None:
    def broken() -> Iterable[FactSpec]:
        raise RuntimeError("database unavailable")

    with pytest.raises(PluginError) as excinfo:
        Engine([demo, plugin("flaky", ictrules_facts=broken)])
    assert excinfo.value.plugin == "flaky"
    assert str(excinfo.value) == (
        "plugin 'flaky' failed in ictrules_facts: RuntimeError: database unavailable"
    )


def test_a_hook_returning_a_non_iterable_is_named(demo: Any) -> None:
    with pytest.raises(
        PluginError, match="plugin 'odd' failed in ictrules_facts: expected an iterable, got int"
    ):
        Engine([demo, plugin("odd", ictrules_facts=lambda: 3)])


def test_a_misspelt_hook_is_caught(demo: Any) -> None:
    with pytest.raises(PluginError) as excinfo:
        Engine([demo, plugin("typo", ictrules_fact=lambda: ())])
    assert excinfo.value.plugin == "typo"
    assert "ictrules_fact" in str(excinfo.value)


def test_a_plugin_that_implements_no_hook_is_refused_not_ignored(demo: Any) -> None:
    import types

    unmarked = types.ModuleType("unmarked")
    unmarked.ictrules_facts = lambda: ()  # type: ignore[attr-defined]  # not @hookimpl
    with pytest.raises(PluginError, match="implements no ictrules hook: mark each hook"):
        Engine([demo, ("unmarked", unmarked)])


def test_registering_one_name_twice_is_refused(demo: Any) -> None:
    with pytest.raises(PluginError, match="registered twice"):
        Engine([("same", demo), ("same", plugin("other"))])


@pytest.mark.parametrize("name", ["", "  ", " demo", None, 5, ("x",)])
def test_a_plugin_name_that_is_not_plain_text_is_refused(demo: Any, name: Any) -> None:
    """pluggy names a nameless plugin by its memory address, which every criterion's result
    carried: the same evidence gave other JSON on every run; a number or a tuple gave JSON that
    could not be read back or written."""
    with pytest.raises(PluginError) as caught:
        Engine([(name, demo)])
    assert caught.value.plugin == repr(name)
    assert "a plugin's name is text, not empty and without spaces at either end" in str(
        caught.value
    )


def test_bad_conditions_name_plugin_framework_strand_and_criterion(demo: Any) -> None:
    extra = ExtraCriterion(
        "demo", "v1", 2, Criterion("local-1", "vision.clearity >= 'clear'", "Clear", "Clarify")
    )
    with pytest.raises(FrameworkError) as excinfo:
        Engine([demo, plugin("authority", ictrules_criteria=lambda frameworks: [extra])])
    assert problems(excinfo) == [
        "plugin 'authority', framework demo, strand v1, level 2, criterion local-1: unknown fact "
        "'vision.clearity' (did you mean 'vision.clarity'?) at column 1 of "
        "\"vision.clearity >= 'clear'\""
    ]


def test_extra_criteria_raise_the_bar_of_a_level(demo: Any, engine: Engine) -> None:
    extra = ExtraCriterion(
        "demo",
        "v1",
        3,
        Criterion(
            "local-gov",
            "'governors' in vision.shared_with",
            "Governors have seen the vision",
            "Share it with governors",
        ),
    )
    local = plugin("authority", ictrules_criteria=lambda frameworks: [extra])
    stricter = Engine([demo, local])
    evidence = {"facts": {"vision.mentions_ict": True, "vision.shared_with": ["staff"]}}
    assert engine.assess(evidence, "demo", as_of=AS_OF).strand("v1").level == 3
    result = stricter.assess(evidence, "demo", as_of=AS_OF).strand("v1")
    assert result.level == 4
    assert [(a.criterion, a.text, a.reason) for a in result.actions] == [
        ("local-gov", "Share it with governors", "not met")
    ]
    assert {c.id: c.plugin for c in result.criteria}["local-gov"] == "authority"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ExtraCriterion("demos", "v1", 2, Criterion("x", "known(lead.name)", "s", "a")),
            "plugin 'authority', criterion x: adds to unknown framework 'demos' "
            "(did you mean 'demo'?)",
        ),
        (
            ExtraCriterion("demo", "v9", 2, Criterion("x", "known(lead.name)", "s", "a")),
            "plugin 'authority', criterion x: adds to unknown strand 'v9' of demo",
        ),
        (
            ExtraCriterion("demo", "v1", 4, Criterion("x", "known(lead.name)", "s", "a")),
            "plugin 'authority', criterion x: level 4 is not a level above the lowest of demo: "
            "[3, 2, 1]",
        ),
        (
            ExtraCriterion("demo", "v1", 2, Criterion("v1-3", "known(lead.name)", "s", "a")),
            "plugin 'authority', criterion v1-3: criterion id already used in demo",
        ),
    ],
)
def test_misplaced_extra_criteria_are_reported(
    demo: Any, extra: ExtraCriterion, message: str
) -> None:
    with pytest.raises(FrameworkError) as excinfo:
        Engine([demo, plugin("authority", ictrules_criteria=lambda frameworks: [extra])])
    assert problems(excinfo) == [message]


def _years_known(context: DerivationContext) -> Any:
    last = context.inputs["review.last"]
    if not isinstance(last, dt.date):
        return None
    return 2 if (context.as_of - last).days < 365 else 1


def test_derivations_fill_unknown_facts_and_are_named_in_readings(demo: Any) -> None:
    deriving = plugin(
        "deriver",
        ictrules_derivations=lambda facts: [
            Derivation("review.per_year", _years_known, inputs=("review.last",))
        ],
    )
    engine = Engine([demo, deriving])
    assert engine.derived_facts() == {"review.per_year": "deriver"}
    evidence = {"facts": {"review.last": "2026-03-01"}}
    result = engine.assess(evidence, "demo", as_of=AS_OF).strand("v1")
    readings = {r.fact: r for c in result.criteria for r in c.facts}
    assert readings["review.per_year"].value == 2
    assert readings["review.per_year"].derived_by == "deriver"
    stated = {"facts": {"review.last": "2026-03-01", "review.per_year": 0}}
    result = engine.assess(stated, "demo", as_of=AS_OF).strand("v1")
    readings = {r.fact: r for c in result.criteria for r in c.facts}
    assert readings["review.per_year"].value == 0  # what the school states wins
    assert readings["review.per_year"].derived_by is None


def test_derivations_can_read_attachments(demo: Any) -> None:
    def from_inventory(context: DerivationContext) -> Any:
        inventory = context.attachments.get("inventory")
        return None if inventory is None else len(inventory)  # type: ignore[arg-type]

    engine = Engine(
        [
            demo,
            plugin(
                "counter",
                ictrules_derivations=lambda facts: [Derivation("budget.share", from_inventory)],
            ),
        ]
    )
    with_data = engine.assess({}, "demo", as_of=AS_OF, attachments={"inventory": [1, 2, 3]})
    assert with_data.strand("b1").criteria[0].facts[0].value == 3.0
    without = engine.assess({}, "demo", as_of=AS_OF)
    assert without.strand("b1").criteria[0].facts[0].value is None


def test_a_derivation_that_raises_or_returns_nonsense_is_named(demo: Any) -> None:
    def boom(context: DerivationContext) -> Any:
        raise ZeroDivisionError("division by zero")

    engine = Engine(
        [demo, plugin("bad", ictrules_derivations=lambda facts: [Derivation("budget.share", boom)])]
    )
    with pytest.raises(PluginError) as excinfo:
        engine.assess({}, "demo", as_of=AS_OF)
    assert str(excinfo.value) == (
        "plugin 'bad' failed in derivation of budget.share: ZeroDivisionError: division by zero"
    )
    engine = Engine(
        [
            demo,
            plugin(
                "silly",
                ictrules_derivations=lambda facts: [
                    Derivation("budget.share", lambda context: "lots")
                ],
            ),
        ]
    )
    with pytest.raises(
        PluginError,
        match="plugin 'silly' failed in derivation of budget.share: "
        "returned an invalid value: expected a number, got 'lots'",
    ):
        engine.assess({}, "demo", as_of=AS_OF)


def test_derivation_cycles_and_unknown_facts_are_reported(demo: Any) -> None:
    cycle = plugin(
        "loop",
        ictrules_derivations=lambda facts: [
            Derivation("review.per_year", lambda c: None, inputs=("budget.share",)),
            Derivation("budget.share", lambda c: None, inputs=("review.per_year",)),
        ],
    )
    with pytest.raises(FrameworkError) as excinfo:
        Engine([demo, cycle])
    (message,) = problems(excinfo)
    assert message.startswith("plugins 'loop': derivations form a cycle: ")
    assert "review.per_year" in message
    assert "budget.share" in message
    unknown = plugin(
        "typo", ictrules_derivations=lambda facts: [Derivation("budget.shares", lambda c: None)]
    )
    with pytest.raises(FrameworkError) as excinfo:
        Engine([demo, unknown])
    assert problems(excinfo) == [
        "plugin 'typo', derivation of budget.shares: undeclared fact 'budget.shares' "
        "(did you mean 'budget.share'?)"
    ]


def test_a_plugin_can_add_its_own_hooks(demo: Any) -> None:
    specs = types.ModuleType("limits_specs")

    def ictrules_limits() -> Iterable[int]:
        """Give limits."""
        return ()

    specs.ictrules_limits = hookspec(ictrules_limits)  # type: ignore[attr-defined]

    def add(pluginmanager: pluggy.PluginManager) -> None:
        pluginmanager.add_hookspecs(specs)

    host = plugin("host", ictrules_add_hookspecs=add)
    user = plugin("user", ictrules_limits=lambda: [5, 7])
    engine = Engine([demo, user, host])
    assert engine.hook("ictrules_limits") == [("user", 5), ("user", 7)]


def test_engines_share_no_state(demo: Any) -> None:
    first = Engine([demo])
    second = Engine([])
    assert list(first.frameworks) == ["demo"]
    assert list(second.frameworks) == []
    with pytest.raises(UnknownFrameworkError) as excinfo:
        second.assess({}, "demo", as_of=AS_OF)
    assert str(excinfo.value) == "unknown framework 'demo'; installed frameworks: none"


def test_unknown_frameworks_get_a_suggestion(engine: Engine) -> None:
    with pytest.raises(UnknownFrameworkError) as excinfo:
        engine.assess({}, "dmeo", as_of=AS_OF)
    assert str(excinfo.value) == (
        "unknown framework 'dmeo'; installed frameworks: demo (did you mean 'demo'?)"
    )
    assert engine.framework().id == "demo"  # the only one installed needs no id


def test_frameworks_with_structural_faults_are_refused(engine: Engine) -> None:
    import attrs

    framework = engine.framework("demo")
    strand = framework.sections[0].strands[0]
    broken_rules = (
        attrs.evolve(strand.levels[0], criteria=(Criterion("low", "known(lead.name)", "s", "a"),)),
        *strand.levels[1:3],
    )
    broken = attrs.evolve(
        framework,
        sections=(
            attrs.evolve(
                framework.sections[0], strands=(attrs.evolve(strand, levels=broken_rules),)
            ),
        ),
    )
    facts = list(engine.facts.values())
    with pytest.raises(FrameworkError) as excinfo:
        Engine(
            [plugin("author", ictrules_facts=lambda: facts, ictrules_frameworks=lambda: [broken])]
        )
    assert problems(excinfo) == [
        "plugin 'author', framework demo, strand v1: no descriptor for level(s) [1]",
        "plugin 'author', framework demo, strand v1 level 4: the lowest level takes no "
        "criteria: every school is at least there",
    ]


def test_installed_plugins_can_be_disabled() -> None:
    disabled = Engine.from_installed(disable=["becta", "refresh"])
    assert "ictrules_becta" not in str(disabled.plugins)
    assert disabled.frameworks == {}


def test_derivations_of_one_assessment_share_a_memo_that_dies_with_it(demo: Any) -> None:
    computed: list[int] = []

    def costly(context: DerivationContext) -> Any:
        if "total" not in context.memo:
            computed.append(1)
            context.memo["total"] = 4
        return context.memo["total"]

    engine = Engine(
        [
            demo,
            plugin(
                "memo",
                ictrules_derivations=lambda facts: [
                    Derivation("budget.share", costly),
                    Derivation("review.per_year", costly),
                ],
            ),
        ]
    )
    engine.assess({}, "demo", as_of=AS_OF)
    assert computed == [1]  # two derived facts, one computation
    engine.assess({}, "demo", as_of=AS_OF)
    assert computed == [1, 1]  # nothing outlives an assessment


def test_no_framework_id_with_several_installed_says_to_name_one(demo: Any) -> None:
    # it said "unknown framework '(none given)'", as if the user had typed that id
    from ictrules import Framework, Level, LevelRules, Section, Strand
    from ictrules.testing import framework_findings

    named = Criterion("named", "known(lead.name)", "A lead is named.", "Name a lead.")

    class Other:
        @hookimpl
        def ictrules_frameworks(self) -> list[Framework]:
            rules = (LevelRules(2, "Any school."), LevelRules(1, "Named.", (named,)))
            strand = Strand("o", "Other", rules)
            return [
                Framework("other", "Other", "1", "test", (Level(2, "low"), Level(1, "high")),
                          (Section("s", "Section", (strand,)),))
            ]  # fmt: skip

    engine = Engine([demo, Other()])
    with pytest.raises(UnknownFrameworkError) as excinfo:
        engine.assess({}, as_of=AS_OF)
    assert str(excinfo.value) == (
        "no framework id given and 2 frameworks are installed (demo, other): name one"
    )
    with pytest.raises(UnknownFrameworkError, match="^no framework id given and 2 frameworks"):
        framework_findings(engine)
    with pytest.raises(UnknownFrameworkError) as excinfo:
        Engine([]).framework()
    assert str(excinfo.value) == "no framework id given and no framework is installed"


@pytest.mark.parametrize("option", ["tryfirst", "trylast", "wrapper", "hookwrapper"])
def test_pluggy_ordering_and_wrapping_options_are_refused_not_ignored(
    demo: Any, option: str
) -> None:
    def facts() -> Any:
        return ()

    def wrapping() -> Any:  # a wrapper is a generator, as pluggy requires
        yield

    marked = hookimpl(**{option: True})(wrapping if "wrapper" in option else facts)
    marked.__name__ = "ictrules_facts"
    with pytest.raises(PluginError) as excinfo:
        Engine([demo, types.SimpleNamespace(__name__="orderly", ictrules_facts=marked)])
    assert excinfo.value.plugin == "orderly"
    assert f"{option} is not supported" in str(excinfo.value)
    assert "in plugin-name order" in str(excinfo.value)


def test_a_misspelt_optional_hook_near_a_real_one_is_refused_with_a_suggestion(demo: Any) -> None:
    function = hookimpl(optionalhook=True)(lambda: ())
    with pytest.raises(PluginError) as excinfo:
        Engine([demo, types.SimpleNamespace(__name__="typo", ictrules_framework=function)])
    assert "ictrules_framework matches no ictrules hook (did you mean 'ictrules_frameworks'?)" in (
        str(excinfo.value)
    )


def test_an_optional_hook_of_a_plugin_not_installed_is_left_alone(demo: Any) -> None:
    function = hookimpl(optionalhook=True)(lambda: ())
    engine = Engine(
        [demo, types.SimpleNamespace(__name__="auth", ictrules_refresh_policies=function)]
    )
    assert "auth" in engine.plugins


def test_the_disable_environment_variable_is_honoured_by_from_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ICTRULES_DISABLE_PLUGINS", "becta")
    assert "becta-srf" not in Engine.from_installed().frameworks
    monkeypatch.setenv("ICTRULES_DISABLE_PLUGINS", "all")
    assert Engine.from_installed().plugins == {}
    monkeypatch.delenv("ICTRULES_DISABLE_PLUGINS")
    assert "becta-srf" in Engine.from_installed().frameworks


@pytest.mark.parametrize("raised", [KeyError("facts"), TypeError("not a table")])
def test_a_hook_written_as_a_generator_that_fails_is_named(demo: Any, raised: Exception) -> None:
    """A generator hook runs its body only when its items are read: what it raised then
    escaped bare (or, for a TypeError, was said to be 'expected an iterable')."""

    @hookimpl
    def ictrules_facts() -> Any:
        yield from ()
        raise raised

    with pytest.raises(PluginError) as caught:
        Engine([demo, types.SimpleNamespace(__name__="lazy", ictrules_facts=ictrules_facts)])
    assert caught.value.plugin == "lazy"
    assert caught.value.hook == "ictrules_facts"
    assert f"{type(raised).__name__}: {raised}" in str(caught.value)


def test_calling_a_hook_that_does_not_exist_says_the_nearest(demo: Any) -> None:
    with pytest.raises(IctrulesError, match=r"no hook named 'ictrules_fact' \(did you mean"):
        Engine([demo]).hook("ictrules_fact")


def test_mistakes_in_the_list_of_plugins_are_said() -> None:
    """A plugin given by its name, one name to leave out given as text (which disabled
    nothing: its letters were taken for names) and a misspelt one (silently ignored)."""
    with pytest.raises(PluginError, match="a plugin is a module or an object with hooks, not"):
        Engine(["ictrules_becta"])
    assert "becta" not in Engine.from_installed(disable="becta").plugins
    with pytest.raises(PluginError) as caught:
        Engine.from_installed(disable=["beca"])
    assert caught.value.hook == "disable"
    assert "no installed plugin of this name to leave out" in str(caught.value)
    assert "(did you mean 'becta'?)" in str(caught.value)


@pytest.mark.parametrize(("low", "high"), [(2.5, 1.5), (True, False), ("2", "1")])
def test_a_scale_of_levels_that_are_not_whole_numbers_is_refused(low: Any, high: Any) -> None:
    """Level values of 2.5, true or "2" built and assessed, and the assessment's JSON could not
    be read back: the framework is refused, naming each level."""
    from ictrules import Framework, Level, LevelRules, Section, Strand
    from ictrules.testing import fact, inline_plugin

    rules = (LevelRules(low, "d"), LevelRules(high, "d", (Criterion("c", "k.a >= 1", "s", "a"),)))
    framework = Framework(
        "fw",
        "F",
        "1",
        "src",
        (Level(low, "low"), Level(high, "high")),
        (Section("s", "S", (Strand("x", "X", rules),)),),
    )
    plugin = inline_plugin(facts=[fact("k.a", "integer")], frameworks=[framework])
    with pytest.raises(FrameworkError) as caught:
        Engine([("kit", plugin)])
    assert [str(problem) for problem in caught.value.problems] == [
        f"plugin 'kit', framework fw, scale[0].value: expected a whole number, got {low!r}",
        f"plugin 'kit', framework fw, scale[1].value: expected a whole number, got {high!r}",
    ]


def test_a_fact_declared_with_its_type_as_text_or_twice_by_one_plugin_is_said() -> None:
    """FactSpec("k.a", "integer", ...) (the type as a framework file writes it) failed with a
    bare KeyError; one plugin declaring a fact twice was 'declared by both plugin kit and
    plugin kit'."""
    from ictrules.testing import inline_plugin

    with pytest.raises(FrameworkError) as caught:
        Engine([("kit", inline_plugin(facts=[FactSpec("k.a", "integer", "x", "q")]))])  # type: ignore[arg-type]
    assert [str(problem) for problem in caught.value.problems] == [
        "plugin 'kit', fact k.a: type 'integer' is not a FactType (one of boolean, integer, "
        "number, proportion, choice, choices, date, text) (write FactType('integer'))"
    ]
    twice = [FactSpec("k.a", FactType.INTEGER, "x", "q")] * 2
    with pytest.raises(FrameworkError) as caught:
        Engine([("kit", inline_plugin(facts=twice))])
    assert [str(problem) for problem in caught.value.problems] == [
        "fact k.a: declared twice by plugin 'kit'"
    ]
