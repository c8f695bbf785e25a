"""A small framework for the store's tests, in two versions, and evidence to assess with it.

Version 2.0 keeps strand v1 as it was, raises the bar of strand b1 (so b1 changes meaning),
drops nothing and adds strand s1.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from ictrules import Engine, FactSpec, FactType, Framework, Level, Strand
from ictrules.testing import InlinePlugin, build_framework, build_strand

FACTS = (
    FactSpec("vision.mentions_ict", FactType.BOOLEAN, "The vision mentions ICT.", "Mentions?"),
    FactSpec(
        "vision.clarity",
        FactType.CHOICE,
        "How clearly the vision sets out ICT.",
        "How clear?",
        choices=("absent", "unclear", "clear", "distinctive"),
    ),
    FactSpec("staff.embrace", FactType.PROPORTION, "Staff who embrace it.", "What share?"),
    FactSpec(
        "vision.shared_with",
        FactType.CHOICES,
        "Who it was shared with.",
        "Shared with?",
        choices=("staff", "governors", "pupils", "parents"),
    ),
    FactSpec("review.last", FactType.DATE, "When last reviewed.", "When?"),
    FactSpec("budget.share", FactType.NUMBER, "Percent of budget on ICT.", "Percent?", unit="%"),
    FactSpec("lead.name", FactType.TEXT, "Who leads ICT.", "Who?"),
    FactSpec("safety.incidents", FactType.INTEGER, "Incidents this year.", "How many?"),
)

SCALE = (Level(4, "Starting"), Level(3, "Developing"), Level(2, "Established"), Level(1, "Leading"))


VISION = build_strand(
    "v1",
    {
        3: [("v1-3", "vision.mentions_ict")],
        2: [("v1-2", "vision.clarity >= 'clear'")],
        1: [("v1-1", "staff.embrace >= 'most' and 'parents' in vision.shared_with")],
    },
    title="The vision",
    descriptors={4: "No account of ICT.", 3: "Some reference.", 2: "Clear.", 1: "Embraced."},
)


def _budget(bar: float) -> Strand:
    return build_strand(
        "b1",
        {
            3: [("b1-3", "budget.share > 0")],
            2: [("b1-2", f"budget.share >= {bar}")],
            1: [("b1-1", "known(lead.name)")],
        },
        title="Budget",
        descriptors={4: "No plan.", 3: "Some budget.", 2: "Planned.", 1: "Led."},
    )


SAFETY = build_strand(
    "s1",
    {
        3: [("s1-3", "known(safety.incidents)")],
        2: [("s1-2", "safety.incidents <= 5")],
        1: [("s1-1", "safety.incidents == 0")],
    },
    title="Safety",
    descriptors={4: "Unmanaged.", 3: "Recorded.", 2: "Few.", 1: "None."},
)


def framework(version: str) -> Framework:
    """The demo framework at version 1.0 or 2.0."""
    budget = [_budget(2.5)] if version == "1.0" else [_budget(4.0), SAFETY]
    return build_framework(
        [VISION, *budget],
        framework_id="demo",
        title="Demo framework",
        version=version,
        scale=SCALE,
        sections={"v": ["v1"], "b": [strand.code for strand in budget]},
        section_titles={"v": "Vision", "b": "Budget"},
        source="written for the ictrules store tests",
    )


class DemoPlugin(InlinePlugin):
    """Supplies one version of the demo framework and its facts."""

    def __init__(self, version: str) -> None:
        super().__init__(FACTS, [framework(version)])
        self.version = version


def make_engine(version: str = "1.0") -> Engine:
    """An engine over one version of the demo framework."""
    return Engine([("demo", DemoPlugin(version))])


def evidence_document(school: str, name: str, **facts: Any) -> dict[str, Any]:
    """An evidence mapping for one school."""
    return {"school": {"id": school, "name": name}, "facts": facts}


AS_OF = dt.date(2026, 9, 1)

_SOURCES = st.sampled_from(["survey", "document", "observation", "data"])
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


def _with_provenance(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    provenance = st.fixed_dictionaries(
        {"value": values},
        optional={
            "source": _SOURCES,
            # gathered no later than the earliest date the tests assess as of (2020-01-01)
            "date": st.dates(dt.date(2015, 1, 1), dt.date(2020, 1, 1)).map(dt.date.isoformat),
            "note": _TEXT,
        },
    )
    return st.one_of(values, provenance)


FACT_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "vision.mentions_ict": st.booleans(),
    "vision.clarity": st.sampled_from(["absent", "unclear", "clear", "distinctive"]),
    "staff.embrace": st.one_of(
        st.floats(0, 1), st.sampled_from(["none", "some", "most", "almost_all", "all"])
    ),
    "vision.shared_with": st.lists(
        st.sampled_from(["staff", "governors", "pupils", "parents"]), unique=True
    ),
    "review.last": st.dates(dt.date(2015, 1, 1), dt.date(2026, 9, 1)).map(dt.date.isoformat),
    "budget.share": st.floats(0, 20, allow_nan=False),
    "lead.name": _TEXT,
    "safety.incidents": st.integers(0, 30),
}


@st.composite
def evidence_documents(draw: st.DrawFn, school: str | None = None) -> dict[str, Any]:
    """Arbitrary evidence for the demo framework: any subset of facts, with or without
    provenance, and own judgements on some strands."""
    chosen = draw(st.lists(st.sampled_from(sorted(FACT_VALUES)), unique=True))
    facts = {fact: draw(_with_provenance(FACT_VALUES[fact])) for fact in chosen}
    judgements = draw(
        st.dictionaries(
            st.sampled_from(["v1", "b1"]),
            st.fixed_dictionaries({"level": st.sampled_from([1, 2, 3, 4]), "rationale": _TEXT}),
        )
    )
    who = school if school is not None else draw(st.from_regex(r"URN 1[0-9]{5}", fullmatch=True))
    return {
        "school": {"id": who, "name": draw(_TEXT)},
        "facts": facts,
        "judgements": judgements,
    }
