"""A small synthetic framework that uses every fact type, for the core's tests."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from ictrules import (
    Criterion,
    Engine,
    FactSpec,
    FactType,
    Framework,
    Level,
    LevelRules,
    Section,
    Strand,
    hookimpl,
)

FACTS = (
    FactSpec(
        "vision.mentions_ict",
        FactType.BOOLEAN,
        "The vision mentions ICT.",
        "Does the school vision mention ICT?",
    ),
    FactSpec(
        "vision.clarity",
        FactType.CHOICE,
        "How clearly the vision sets out ICT.",
        "How clearly does the vision set out ICT?",
        choices=("absent", "unclear", "clear", "distinctive"),
    ),
    FactSpec(
        "staff.embrace",
        FactType.PROPORTION,
        "Staff who embrace the vision.",
        "What share of staff understand and embrace the vision?",
    ),
    FactSpec(
        "vision.shared_with",
        FactType.CHOICES,
        "Who the vision was shared with.",
        "Who has the vision been shared with?",
        choices=("staff", "governors", "pupils", "parents"),
    ),
    FactSpec(
        "review.last",
        FactType.DATE,
        "When the vision was last reviewed.",
        "When was the vision last reviewed?",
    ),
    FactSpec(
        "review.per_year",
        FactType.INTEGER,
        "Reviews a year.",
        "How many times a year is the vision reviewed?",
        unit="reviews",
    ),
    FactSpec(
        "budget.share",
        FactType.NUMBER,
        "Percent of budget on ICT.",
        "What percentage of the budget goes on ICT?",
        unit="%",
    ),
    FactSpec("lead.name", FactType.TEXT, "Who leads ICT.", "Who leads ICT?"),
)


def _criterion(cid: str, condition: str) -> Criterion:
    return Criterion(cid, condition, f"{cid} holds", f"Make {cid} hold")


VISION = Strand(
    "v1",
    "The vision",
    (
        LevelRules(4, "No account of ICT."),
        LevelRules(3, "Some reference.", (_criterion("v1-3", "vision.mentions_ict"),)),
        LevelRules(
            2,
            "Clear and shared.",
            (
                _criterion("v1-2a", "vision.clarity >= 'clear'"),
                _criterion("v1-2b", "staff.embrace >= 'many'"),
            ),
        ),
        LevelRules(
            1,
            "Embraced by all.",
            (
                _criterion(
                    "v1-1a", "staff.embrace >= 'almost_all' and 'parents' in vision.shared_with"
                ),
                _criterion("v1-1b", "years_since(review.last) <= 2 or review.per_year >= 2"),
            ),
        ),
    ),
)
BUDGET = Strand(
    "b1",
    "Budget",
    (
        LevelRules(4, "No plan."),
        LevelRules(3, "Some budget.", (_criterion("b1-3", "budget.share > 0"),)),
        LevelRules(
            2, "Planned.", (_criterion("b1-2", "budget.share >= 2.5 and known(lead.name)"),)
        ),
        LevelRules(
            1,
            "Full cost.",
            (_criterion("b1-1", "count(vision.shared_with) >= 3 and not (lead.name == 'nobody')"),),
        ),
    ),
)
DEMO = Framework(
    id="demo",
    title="Demo framework",
    version="1.0",
    source="written for the ictrules tests",
    scale=(
        Level(4, "Starting"),
        Level(3, "Developing"),
        Level(2, "Established"),
        Level(1, "Leading"),
    ),
    sections=(Section("v", "Vision", (VISION,)), Section("b", "Budget", (BUDGET,))),
)


class DemoPlugin:
    """Supplies the demo framework and its facts."""

    @hookimpl
    def ictrules_facts(self) -> Iterable[FactSpec]:
        return FACTS

    @hookimpl
    def ictrules_frameworks(self) -> Iterable[Framework]:
        return [DEMO]


@pytest.fixture(scope="session")
def engine() -> Engine:
    """An engine over the demo plugin alone."""
    return Engine([DemoPlugin()])
