"""A small synthetic framework that uses every fact type, for the core's tests."""

from __future__ import annotations

import pytest

from ictrules import Engine, FactSpec, FactType
from ictrules.testing import InlinePlugin, build_framework, build_strand

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


VISION = build_strand(
    "v1",
    {
        3: [("v1-3", "vision.mentions_ict")],
        2: [("v1-2a", "vision.clarity >= 'clear'"), ("v1-2b", "staff.embrace >= 'many'")],
        1: [
            ("v1-1a", "staff.embrace >= 'almost_all' and 'parents' in vision.shared_with"),
            ("v1-1b", "years_since(review.last) <= 2 or review.per_year >= 2"),
        ],
    },
    title="The vision",
    descriptors={
        4: "No account of ICT.",
        3: "Some reference.",
        2: "Clear and shared.",
        1: "Embraced by all.",
    },
)
BUDGET = build_strand(
    "b1",
    {
        3: [("b1-3", "budget.share > 0")],
        2: [("b1-2", "budget.share >= 2.5 and known(lead.name)")],
        1: [("b1-1", "count(vision.shared_with) >= 3 and not (lead.name == 'nobody')")],
    },
    title="Budget",
    descriptors={4: "No plan.", 3: "Some budget.", 2: "Planned.", 1: "Full cost."},
)
DEMO = build_framework(
    [VISION, BUDGET],
    framework_id="demo",
    title="Demo framework",
    version="1.0",
    sections={"v": ["v1"], "b": ["b1"]},
    section_titles={"v": "Vision", "b": "Budget"},
    source="written for the ictrules tests",
)


class DemoPlugin(InlinePlugin):
    """Supplies the demo framework and its facts."""

    def __init__(self) -> None:
        super().__init__(FACTS, [DEMO])


@pytest.fixture(scope="session")
def engine() -> Engine:
    """An engine over the demo plugin alone."""
    return Engine([DemoPlugin()])
