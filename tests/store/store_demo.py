"""A small framework for the store's tests, in two versions, and evidence to assess with it.

Version 2.0 keeps strand v1 as it was, raises the bar of strand b1 (so b1 changes meaning),
drops nothing and adds strand s1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from hypothesis import strategies as st

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


def _c(cid: str, condition: str) -> Criterion:
    return Criterion(cid, condition, f"{cid} holds", f"Make {cid} hold")


VISION = Strand(
    "v1",
    "The vision",
    (
        LevelRules(4, "No account of ICT."),
        LevelRules(3, "Some reference.", (_c("v1-3", "vision.mentions_ict"),)),
        LevelRules(2, "Clear.", (_c("v1-2", "vision.clarity >= 'clear'"),)),
        LevelRules(
            1,
            "Embraced.",
            (_c("v1-1", "staff.embrace >= 'most' and 'parents' in vision.shared_with"),),
        ),
    ),
)


def _budget(bar: float) -> Strand:
    return Strand(
        "b1",
        "Budget",
        (
            LevelRules(4, "No plan."),
            LevelRules(3, "Some budget.", (_c("b1-3", "budget.share > 0"),)),
            LevelRules(2, "Planned.", (_c("b1-2", f"budget.share >= {bar}"),)),
            LevelRules(1, "Led.", (_c("b1-1", "known(lead.name)"),)),
        ),
    )


SAFETY = Strand(
    "s1",
    "Safety",
    (
        LevelRules(4, "Unmanaged."),
        LevelRules(3, "Recorded.", (_c("s1-3", "known(safety.incidents)"),)),
        LevelRules(2, "Few.", (_c("s1-2", "safety.incidents <= 5"),)),
        LevelRules(1, "None.", (_c("s1-1", "safety.incidents == 0"),)),
    ),
)


def framework(version: str) -> Framework:
    """The demo framework at version 1.0 or 2.0."""
    sections = [Section("v", "Vision", (VISION,))]
    if version == "1.0":
        sections.append(Section("b", "Budget", (_budget(2.5),)))
    else:
        sections.append(Section("b", "Budget", (_budget(4.0), SAFETY)))
    return Framework(
        id="demo",
        title="Demo framework",
        version=version,
        source="written for the ictrules store tests",
        scale=SCALE,
        sections=tuple(sections),
    )


class DemoPlugin:
    """Supplies one version of the demo framework and its facts."""

    def __init__(self, version: str) -> None:
        self.version = version

    @hookimpl
    def ictrules_facts(self) -> Iterable[FactSpec]:
        return FACTS

    @hookimpl
    def ictrules_frameworks(self) -> Iterable[Framework]:
        return [framework(self.version)]


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
            "date": st.dates(dt.date(2020, 1, 1), dt.date(2026, 9, 1)).map(dt.date.isoformat),
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
