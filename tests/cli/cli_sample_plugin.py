"""A small framework plugin the CLI tests run against, independent of the real plugins.

It declares one fact of every type, two sections and three strands on a four-level scale, and a
derivation that reads an ``inventory`` attachment, so every report feature has something to show.
"""

from __future__ import annotations

from typing import Any

from ictrules import (
    Criterion,
    Derivation,
    DerivationContext,
    FactSpec,
    FactType,
    Framework,
    Level,
    LevelRules,
    Section,
    Strand,
    hookimpl,
)

__all__ = ["FRAMEWORK_ID", "full_evidence", "ictrules_derivations", "ictrules_facts"]

FRAMEWORK_ID = "sample-srf"

FACTS = (
    FactSpec(
        "vision.mentions_ict",
        FactType.BOOLEAN,
        "The vision mentions ICT",
        "Does the written vision mention ICT?",
    ),
    FactSpec(
        "vision.clarity",
        FactType.CHOICE,
        "How clearly the vision states ICT's role",
        "How clearly does the vision say what ICT is for?",
        choices=("absent", "vague", "clear", "compelling"),
    ),
    FactSpec(
        "staff.embrace",
        FactType.PROPORTION,
        "Staff who support the vision",
        "What proportion of staff support the vision?",
    ),
    FactSpec(
        "vision.shared_with",
        FactType.CHOICES,
        "Who the vision has been shared with",
        "Who has the vision been shared with?",
        choices=("staff", "governors", "pupils", "parents"),
    ),
    FactSpec(
        "vision.last_reviewed",
        FactType.DATE,
        "When the vision was last reviewed",
        "When was the vision last reviewed?",
    ),
    FactSpec(
        "review.interval",
        FactType.INTEGER,
        "Months between reviews",
        "How many months pass between reviews of the strategy?",
        unit="months",
    ),
    FactSpec(
        "budget.ict_share",
        FactType.NUMBER,
        "ICT share of the budget",
        "What percentage of the budget goes on ICT?",
        unit="%",
    ),
    FactSpec(
        "budget.notes",
        FactType.TEXT,
        "Notes on the ICT budget",
        "Is there a written note explaining the ICT budget? Paste its title.",
    ),
    FactSpec(
        "budget.renewal_planned",
        FactType.BOOLEAN,
        "Renewal is planned & costed",
        "Does the budget plan the renewal of equipment <by year>?",
    ),
)


def _criterion(cid: str, condition: str, statement: str, action: str) -> Criterion:
    return Criterion(cid, condition, statement, action)


FRAMEWORK = Framework(
    id=FRAMEWORK_ID,
    title="Sample self-review",
    version="1.0",
    source="ictrules test suite",
    scale=(Level(4, "Level 4"), Level(3, "Level 3"), Level(2, "Level 2"), Level(1, "Level 1")),
    sections=(
        Section(
            "A",
            "Vision",
            (
                Strand(
                    "a1",
                    "The vision",
                    (
                        LevelRules(4, "The vision does not mention ICT."),
                        LevelRules(
                            3,
                            "The vision mentions ICT.",
                            (
                                _criterion(
                                    "a1-3",
                                    "vision.mentions_ict",
                                    "The vision mentions ICT",
                                    "Write ICT into the vision",
                                ),
                            ),
                        ),
                        LevelRules(
                            2,
                            "The vision is clear & most staff <support> it.",
                            (
                                _criterion(
                                    "a1-2a",
                                    "vision.clarity >= 'clear'",
                                    "The vision is clear about ICT",
                                    "Rewrite the vision so ICT's role is clear",
                                ),
                                _criterion(
                                    "a1-2b",
                                    "staff.embrace >= 'many'",
                                    "Many staff support the vision",
                                    "Win staff over to the vision",
                                ),
                            ),
                        ),
                        LevelRules(
                            1,
                            "The vision is shared with governors and reviewed.",
                            (
                                _criterion(
                                    "a1-1a",
                                    "'governors' in vision.shared_with",
                                    "Governors have seen the vision",
                                    "Share the vision with governors",
                                ),
                                _criterion(
                                    "a1-1b",
                                    "years_since(vision.last_reviewed) <= 2",
                                    "The vision was reviewed in the last two years",
                                    "Review the vision",
                                ),
                            ),
                        ),
                    ),
                ),
                Strand(
                    "a2",
                    "Reviewing the vision",
                    (
                        LevelRules(4, "No review."),
                        LevelRules(
                            3,
                            "Reviewed now and then.",
                            (
                                _criterion(
                                    "a2-3",
                                    "review.interval <= 36",
                                    "Reviewed at least every three years",
                                    "Review the strategy every three years",
                                ),
                            ),
                        ),
                        LevelRules(
                            2,
                            "Reviewed every two years.",
                            (
                                _criterion(
                                    "a2-2",
                                    "review.interval <= 24",
                                    "Reviewed at least every two years",
                                    "Review the strategy every two years",
                                ),
                            ),
                        ),
                        LevelRules(
                            1,
                            "Reviewed every year.",
                            (
                                _criterion(
                                    "a2-1",
                                    "review.interval <= 12",
                                    "Reviewed every year",
                                    "Review the strategy every year",
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Section(
            "B",
            "Budget",
            (
                Strand(
                    "b1",
                    "Budgeting for ICT",
                    (
                        LevelRules(4, "ICT has no budget."),
                        LevelRules(
                            3,
                            "ICT has a budget.",
                            (
                                _criterion(
                                    "b1-3",
                                    "budget.ict_share > 0",
                                    "ICT has a budget line",
                                    "Give ICT a budget line",
                                ),
                            ),
                        ),
                        LevelRules(
                            2,
                            "The budget is explained.",
                            (
                                _criterion(
                                    "b1-2",
                                    "known(budget.notes)",
                                    "The budget is explained in writing",
                                    "Explain the ICT budget in writing",
                                ),
                            ),
                        ),
                        LevelRules(
                            1,
                            "Renewal is planned.",
                            (
                                _criterion(
                                    "b1-1",
                                    "budget.renewal_planned",
                                    "Renewal of equipment is planned",
                                    "Plan the renewal of equipment",
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)


@hookimpl
def ictrules_facts() -> Any:
    return FACTS


@hookimpl
def ictrules_frameworks() -> Any:
    return [FRAMEWORK]


def _renewal(context: DerivationContext) -> bool | None:
    return True if "inventory" in context.attachments else None


@hookimpl
def ictrules_derivations(facts: Any) -> Any:
    return [
        Derivation("budget.renewal_planned", _renewal, (), "an inventory means renewal is planned")
    ]


def full_evidence() -> dict[str, Any]:
    """Evidence that answers every fact, with one own judgement that disagrees."""
    return {
        "school": {"id": "URN 100001", "name": "Hillside <Primary> & Nursery"},
        "facts": {
            "vision": {
                "mentions_ict": True,
                "clarity": "clear",
                "shared_with": ["staff", "governors"],
                "last_reviewed": "2025-09-01",
            },
            "staff.embrace": {"value": "60%", "source": "survey", "date": "2026-06-30"},
            "review.interval": 24,
            "budget.ict_share": 3.5,
            "budget.notes": "ICT budget 2026",
            "budget.renewal_planned": False,
        },
        "judgements": {
            "a1": {"level": 3, "rationale": "We think we are modest."},
            "b1": {"level": 1},
        },
    }
