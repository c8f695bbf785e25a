"""Inline plugins for the author-kit tests: a sound framework and ways to break it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from ictrules import ExtraCriterion, FactSpec, FactType, Framework, Level
from ictrules.testing import InlinePlugin, build_framework

FACTS = (
    FactSpec("kit.policy", FactType.BOOLEAN, "A written policy exists.", "Is there a policy?"),
    FactSpec(
        "kit.staff_share",
        FactType.PROPORTION,
        "Share of staff trained.",
        "What share of staff are trained?",
    ),
    FactSpec(
        "kit.clarity",
        FactType.CHOICE,
        "How clear the plan is.",
        "How clear is the plan?",
        choices=("unclear", "partly", "clear"),
    ),
    FactSpec("kit.devices", FactType.INTEGER, "Working devices.", "How many devices work?"),
    FactSpec("kit.reviewed", FactType.DATE, "When the plan was reviewed.", "When was it reviewed?"),
    FactSpec(
        "kit.shared_with",
        FactType.CHOICES,
        "Who the plan is shared with.",
        "Who sees the plan?",
        choices=("staff", "governors", "parents"),
    ),
)

SCALE = (Level(4, "emerging"), Level(3, "developing"), Level(2, "secure"), Level(1, "excellent"))

#: Conditions of the sound framework: strand code -> {level: [(criterion id, condition)]}.
SOUND: dict[str, dict[int, list[tuple[str, str]]]] = {
    "plan": {
        3: [("plan-exists", "kit.policy")],
        2: [
            ("plan-clear", "kit.clarity >= 'partly'"),
            ("plan-recent", "years_since(kit.reviewed) <= 2"),
        ],
        1: [
            ("plan-shared", "'governors' in kit.shared_with and kit.clarity == 'clear'"),
        ],
    },
    "kit": {
        3: [("kit-some", "kit.devices >= 10")],
        2: [("kit-trained", "kit.staff_share >= 'many'")],
        1: [("kit-most", "kit.staff_share >= 'almost_all' and kit.devices >= 30")],
    },
}


def make_framework(
    rules: dict[str, dict[int, list[tuple[str, str]]]],
    *,
    framework_id: str = "kit-fw",
    actions: bool = True,
    monotone: bool = True,
) -> Framework:
    """A framework on a four-level scale from ``{strand: {level: [(id, condition)]}}``."""
    return build_framework(
        rules,
        framework_id=framework_id,
        title="Kit test framework",
        scale=SCALE,
        actions=actions,
        monotone=monotone,
    )


class FrameworkPlugin(InlinePlugin):
    """An inline plugin: some facts and one framework, plus optional extra criteria."""

    def __init__(
        self,
        framework: Framework,
        facts: Sequence[FactSpec] = FACTS,
        extras: Sequence[ExtraCriterion] = (),
    ) -> None:
        super().__init__(facts, [framework], extras)
        self.framework = framework


@pytest.fixture
def sound_plugin() -> FrameworkPlugin:
    """A plugin whose framework passes every check."""
    return FrameworkPlugin(make_framework(SOUND))


@pytest.fixture
def plugin_with() -> Callable[..., tuple[str, FrameworkPlugin]]:
    """Build ``("kit", plugin)`` from rules, changing the sound framework where given."""

    def build(
        changes: dict[str, dict[int, list[tuple[str, str]]]] | None = None, **options: Any
    ) -> tuple[str, FrameworkPlugin]:
        rules = {code: dict(levels) for code, levels in SOUND.items()}
        for code, levels in (changes or {}).items():
            rules.setdefault(code, {}).update(levels)
        facts = options.pop("facts", FACTS)
        return ("kit", FrameworkPlugin(make_framework(rules, **options), facts))

    return build
