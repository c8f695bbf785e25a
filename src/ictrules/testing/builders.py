"""Builders for small frameworks and inline plugins, for tests of plugins and of ictrules.

A test rarely needs a whole framework file. These build one from a table of conditions::

    from ictrules.testing.builders import build_framework, fact, inline_plugin

    facts = [fact("kit.policy", "boolean"), fact("kit.devices", "integer", minimum=0)]
    framework = build_framework(
        {"plan": {3: [("plan-exists", "kit.policy")], 2: [("plan-kit", "kit.devices >= 10")]}},
        framework_id="kit",
    )
    engine = Engine([("kit", inline_plugin(facts=facts, frameworks=[framework]))])

Descriptors, statements and actions are filled in from the ids (``"plan at level 2"``,
``"plan-kit holds"``, ``"Make plan-kit hold"``) unless given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from ..derivations import Derivation
from ..facts import FactSpec, FactType
from ..frameworks import (
    Criterion,
    Entailment,
    ExtraCriterion,
    Framework,
    Level,
    LevelRules,
    Section,
    Strand,
)
from ..hookspecs import hookimpl

__all__ = [
    "DEFAULT_SCALE",
    "InlinePlugin",
    "Rules",
    "build_framework",
    "build_strand",
    "criterion",
    "fact",
    "inline_plugin",
]

#: A four-level scale, worst first, as Becta-style frameworks number them.
DEFAULT_SCALE: tuple[Level, ...] = (
    Level(4, "Starting"),
    Level(3, "Developing"),
    Level(2, "Established"),
    Level(1, "Leading"),
)

#: Conditions by level: ``{level: [(criterion id, condition), ...]}``.
Rules = Mapping[int, Sequence[tuple[str, str]]]


def fact(
    fact_id: str,
    kind: FactType | str,
    *,
    choices: Sequence[str] = (),
    description: str | None = None,
    question: str | None = None,
    **options: Any,
) -> FactSpec:
    """A fact declaration with a description and question made from its id unless given;
    ``options`` are the other :class:`~ictrules.FactSpec` fields (``unit``, ``ordered``,
    ``minimum``, ``maximum``, ``future``)."""
    chosen: tuple[str, ...] = tuple(str(choice) for choice in choices)
    return FactSpec(
        fact_id,
        FactType(kind),
        description or f"The {fact_id}.",
        question or f"What is {fact_id}?",
        choices=cast(Any, chosen),  # attrs types a tuple converter as generic
        **options,
    )


def criterion(criterion_id: str, condition: str, *, action: bool = True) -> Criterion:
    """A criterion whose statement and action are made from its id (no action with
    ``action=False``, for tests of the check that every level gives one)."""
    return Criterion(
        criterion_id,
        condition,
        f"{criterion_id} holds",
        f"Make {criterion_id} hold" if action else "",
    )


def build_strand(
    code: str,
    rules: Rules,
    *,
    scale: Sequence[Level] = DEFAULT_SCALE,
    title: str | None = None,
    descriptors: Mapping[int, str] | None = None,
    actions: bool = True,
    monotone: bool = True,
) -> Strand:
    """A strand on ``scale`` whose levels above the lowest hold the criteria ``rules`` gives
    (none for a level it leaves out). Criteria for the lowest level (where every school is) or
    for a level not on the scale are a ``ValueError``, not left out."""
    values = [level.value for level in scale]
    stray = [level for level in rules if level not in values[1:] and rules[level]]
    if stray:
        raise ValueError(
            f"strand {code}: criteria for level(s) {stray}, which take none: the lowest level "
            f"({values[0] if values else None}) has no criteria, and the scale is {values}"
        )
    words = descriptors or {}
    levels = []
    for position, level in enumerate(scale):
        criteria = () if position == 0 else rules.get(level.value, ())
        levels.append(
            LevelRules(
                level.value,
                words.get(level.value, f"{code} at level {level.value}"),
                tuple(criterion(cid, condition, action=actions) for cid, condition in criteria),
            )
        )
    return Strand(code, title or code.title(), tuple(levels), monotone=monotone)


def build_framework(
    strands: Mapping[str, Rules] | Sequence[Strand],
    *,
    framework_id: str = "sample",
    title: str = "Sample framework",
    version: str = "1",
    scale: Sequence[Level] = DEFAULT_SCALE,
    sections: Mapping[str, Sequence[str]] | None = None,
    section_titles: Mapping[str, str] | None = None,
    source: str = "ictrules test kit",
    entailments: Sequence[Entailment] = (),
    needs: Mapping[str, str] | None = None,
    actions: bool = True,
    monotone: bool = True,
) -> Framework:
    """A framework from ``{strand code: rules}`` (or built strands). ``sections`` groups strand
    codes under section codes (default: one section holding every strand), titled by
    ``section_titles`` (default: the code, capitalised); ``needs`` names facts other plugins
    declare (see :class:`~ictrules.Framework`)."""
    if isinstance(strands, Mapping):
        built = [
            build_strand(code, rules, scale=scale, actions=actions, monotone=monotone)
            for code, rules in strands.items()
        ]
    else:
        built = list(strands)
    by_code = {strand.code: strand for strand in built}
    groups = sections or {"all": [strand.code for strand in built]}
    titles = section_titles or {}
    return Framework(
        id=framework_id,
        title=title,
        version=version,
        source=source,
        scale=tuple(scale),
        sections=tuple(
            Section(code, titles.get(code, code.title()), tuple(by_code[c] for c in codes))
            for code, codes in groups.items()
        ),
        entailments=tuple(entailments),
        needs=dict(needs or {}),
    )


class InlinePlugin:
    """A plugin made of data: facts, frameworks, extra criteria and derivations, each handed
    to the engine through its hook."""

    def __init__(
        self,
        facts: Iterable[FactSpec] = (),
        frameworks: Iterable[Framework] = (),
        criteria: Iterable[ExtraCriterion] = (),
        derivations: Iterable[Derivation] = (),
    ) -> None:
        self.facts = tuple(facts)
        self.frameworks = tuple(frameworks)
        self.criteria = tuple(criteria)
        self.derivations = tuple(derivations)

    @hookimpl
    def ictrules_facts(self) -> Sequence[FactSpec]:
        """The facts given."""
        return self.facts

    @hookimpl
    def ictrules_frameworks(self) -> Sequence[Framework]:
        """The frameworks given."""
        return self.frameworks

    @hookimpl
    def ictrules_criteria(self, frameworks: Mapping[str, Framework]) -> Sequence[ExtraCriterion]:
        """The extra criteria given."""
        return self.criteria

    @hookimpl
    def ictrules_derivations(self, facts: Mapping[str, FactSpec]) -> Sequence[Derivation]:
        """The derivations given."""
        return self.derivations


def inline_plugin(
    *,
    facts: Iterable[FactSpec] = (),
    frameworks: Iterable[Framework] = (),
    criteria: Iterable[ExtraCriterion] = (),
    derivations: Iterable[Derivation] = (),
) -> InlinePlugin:
    """An :class:`InlinePlugin`; register it with a name: ``Engine([("kit", plugin)])``."""
    return InlinePlugin(facts, frameworks, criteria, derivations)
