"""Hypothesis strategies: valid evidence for any framework, built from its declared facts.

::

    from hypothesis import given
    from ictrules.testing import evidence

    @given(evidence(engine, "my-framework"))
    def test_every_strand_has_a_level(ev):
        ...

Values are drawn from the whole range a fact accepts (every fact type, named proportion bands,
percentages, dates, sets of choices) and, half the time, from the values the framework's
conditions single out (each threshold and the values either side), so boundaries are hit
early. Facts are left out at random unless ``missing=False``. Only this module imports
Hypothesis.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from .._calendar import AS_OF_DATES
from ..assessments import Assessment
from ..bands import BAND_NAMES
from ..engine import Engine
from ..entailments import close
from ..evidence import PROVENANCE_SOURCES, Evidence
from ..facts import FactSpec, FactType, FactValue, check_value, json_value
from ..lint._candidates import candidate_values, literals_in
from ..lint.checks import DEFAULT_AS_OF

__all__ = ["assessments", "evidence", "evidence_mappings", "fact_values"]

_EARLIEST = dt.date(1990, 1, 1)
_LATEST = dt.date(2040, 12, 31)


def _earliest(latest: dt.date) -> dt.date:
    """The first date drawn for evidence up to ``latest``: 1990, or thirty years before."""
    return min(_EARLIEST, dt.date(max(dt.MINYEAR, latest.year - 30), 1, 1))


def _assessment_date(as_of: dt.date) -> dt.date:
    """``as_of``, refused as Hypothesis refuses a bad argument when ictrules takes no such
    assessment date (see ``ictrules._calendar.AS_OF_DATES``)."""
    first, last = AS_OF_DATES
    if not first <= as_of <= last:
        raise InvalidArgument(
            f"as_of must be from {first.isoformat()} to {last.isoformat()}, got {as_of}"
        )
    return as_of


def fact_values(
    spec: FactSpec,
    *,
    boundaries: tuple[FactValue, ...] = (),
    as_of: dt.date | None = None,
    partial: bool = False,
) -> st.SearchStrategy[Any]:
    """Raw values for one fact, as an evidence file would hold them (JSON-ready).

    Proportions come as numbers, percentages (``"62.5%"``) or band names; dates as
    ``YYYY-MM-DD`` text, never after ``as_of``; sets of choices as lists; numbers within the
    fact's minimum and maximum. ``boundaries`` are values (in checked form) to favour, such as
    a framework's thresholds; one the fact does not take (text for a whole number) is a
    ``ValueError``, since every value drawn must check. With ``partial``, values also come as
    bounds (``{"at_least": ...}``, ``{"within": "6 months"}``) and open sets
    (``{"includes": [...]}``).
    """
    general = _general(spec, as_of)
    if boundaries:
        favoured = [json_value(v) for v in boundaries]
        for value in favoured:
            problem = check_value(spec, value)[1]
            if problem is not None:
                raise ValueError(f"boundary {value!r} is no value of {spec.id}: {problem}")
        general = st.one_of(st.sampled_from(favoured), general)
    if not partial:
        return general
    return st.one_of(general, _partial(spec, general))


def _partial(spec: FactSpec, values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Partial values of a fact, as tables an evidence file holds (only ones that check)."""
    if spec.type is FactType.CHOICES:
        state = st.sampled_from(("in", "out", "unknown"))
        table = st.builds(
            lambda states, low, high: {
                key: value
                for key, value in (
                    (
                        "includes",
                        [c for c, s in zip(spec.choices, states, strict=True) if s == "in"],
                    ),
                    (
                        "excludes",
                        [c for c, s in zip(spec.choices, states, strict=True) if s == "out"],
                    ),
                    (
                        "count",
                        {k: n for k, n in (("at_least", low), ("at_most", high)) if n is not None},
                    ),
                )
                if value
            },
            st.lists(state, min_size=len(spec.choices), max_size=len(spec.choices)),
            st.none() | st.integers(0, len(spec.choices)),
            st.none() | st.integers(0, len(spec.choices)),
        )
    elif spec.is_ordered:
        lower = st.sampled_from(("at_least", "more_than"))
        upper = st.sampled_from(("at_most", "less_than"))
        ends = st.fixed_dictionaries(
            {}, optional={"low": st.tuples(lower, values), "high": st.tuples(upper, values)}
        ).map(lambda found: dict(found.values()))
        if spec.type is FactType.DATE:
            spans = st.builds(
                lambda n, unit: {"within": f"{n} {unit}"},
                st.integers(1, 36),
                st.sampled_from(("days", "weeks", "months", "years")),
            )
            ends = st.one_of(ends, spans)
        table = ends
    else:
        return values
    return table.filter(lambda raw: bool(raw) and check_value(spec, raw)[1] is None)


def _general(spec: FactSpec, as_of: dt.date | None = None) -> st.SearchStrategy[Any]:
    kind = spec.type
    if kind is FactType.BOOLEAN:
        return st.booleans()
    low = -(10**6) if spec.minimum is None else max(-(10**6), math.ceil(spec.minimum))
    high = 10**6 if spec.maximum is None else min(10**6, math.floor(spec.maximum))
    if kind is FactType.INTEGER:
        return st.integers(min_value=low, max_value=max(low, high))
    if kind is FactType.NUMBER:
        return st.one_of(
            st.integers(min_value=low, max_value=max(low, high)),
            st.floats(
                min_value=-1e9 if spec.minimum is None else float(spec.minimum),
                max_value=1e9 if spec.maximum is None else float(spec.maximum),
                allow_nan=False,
                allow_infinity=False,
            ),
        )
    if kind is FactType.PROPORTION:
        return st.one_of(
            st.floats(min_value=0.0, max_value=1.0),
            st.integers(min_value=0, max_value=1000).map(lambda n: f"{n / 10:g}%"),
            st.sampled_from(BAND_NAMES),
        )
    if kind is FactType.CHOICE:
        return st.sampled_from(spec.choices)
    if kind is FactType.CHOICES:
        return st.lists(st.sampled_from(spec.choices), unique=True)
    if kind is FactType.DATE:
        latest = _LATEST if as_of is None else as_of
        return st.dates(min_value=_earliest(latest), max_value=latest).map(dt.date.isoformat)
    return st.text(max_size=30)


def _with_provenance(value: st.SearchStrategy[Any], as_of: dt.date) -> st.SearchStrategy[Any]:
    """A bare value, or (now and then) a table with its source and date (never after
    ``as_of``: evidence gathered after the assessment is refused)."""
    table = st.fixed_dictionaries(
        {"value": value},
        optional={
            "source": st.sampled_from(PROVENANCE_SOURCES),
            "date": st.dates(min_value=_earliest(as_of), max_value=as_of).map(dt.date.isoformat),
            "note": st.text(max_size=20),
        },
    )
    return st.one_of(value, table)


def _boundaries(engine: Engine, framework_id: str | None, as_of: dt.date) -> dict[str, Any]:
    compiled = engine.compiled(framework_id)
    texts = [c.condition.text for s in compiled.strands for _, cs in s.ladder for c in cs]
    literals = literals_in(texts, engine.facts)
    return {
        spec.id: tuple(candidate_values(spec, literals.get(spec.id), compiled.bands, as_of))
        for spec in engine.facts_for(compiled.framework.id)
    }


def evidence_mappings(
    engine: Engine,
    framework_id: str | None = None,
    *,
    missing: bool = True,
    provenance: bool = True,
    judgements: bool = False,
    as_of: dt.date = DEFAULT_AS_OF,
    partial: bool = False,
) -> st.SearchStrategy[dict[str, Any]]:
    """Evidence documents in the file shape (``school``, ``facts``, ``judgements``) that
    ``engine.load_evidence`` accepts, for the facts ``framework_id`` reads.

    ``missing`` leaves facts out at random; ``provenance`` sometimes gives a value as a table
    with its source; ``judgements`` adds the school's own judgements on some strands;
    ``partial`` gives some facts as bounds or open sets. Dates near the conditions' thresholds
    are placed relative to ``as_of``, and none lies after it.
    """
    framework = engine.compiled(framework_id).framework
    favoured = _boundaries(engine, framework.id, _assessment_date(as_of))
    strategies: dict[str, st.SearchStrategy[Any]] = {}
    for spec in engine.facts_for(framework.id):
        value = fact_values(
            spec, boundaries=favoured.get(spec.id, ()), as_of=as_of, partial=partial
        )
        strategies[spec.id] = _with_provenance(value, as_of) if provenance else value
    facts = (
        st.fixed_dictionaries({}, optional=strategies)
        if missing
        else st.fixed_dictionaries(strategies)
    )
    school = st.fixed_dictionaries(
        {"id": st.from_regex(r"URN [0-9]{6}", fullmatch=True)},
        optional={"name": st.text(max_size=30)},
    )
    compiled = engine.compiled(framework.id)
    if compiled.entailments:
        facts = facts.map(lambda raw: _consistent(engine, framework.id, raw, as_of))
    parts: dict[str, st.SearchStrategy[Any]] = {"school": school, "facts": facts}
    if judgements:
        levels = [level.value for level in framework.scale]
        own = st.fixed_dictionaries(
            {"level": st.sampled_from(levels)}, optional={"rationale": st.text(max_size=40)}
        )
        parts["judgements"] = st.dictionaries(
            st.sampled_from([strand.code for strand in framework.strands]), own
        )
    return st.fixed_dictionaries(parts)


def _consistent(
    engine: Engine, framework_id: str, facts: dict[str, Any], as_of: dt.date
) -> dict[str, Any]:
    """Drop the facts that contradict the framework's entailments, so that the evidence is
    something a school could truly give (each contradiction leaves its fact unknown)."""
    compiled = engine.compiled(framework_id)
    facts = dict(facts)
    while True:
        values = engine.load_evidence({"facts": facts}).facts
        _, problems = close(values, compiled.entailments, engine.facts, compiled.bands, as_of)
        if not problems:
            return facts
        dropped = [facts.pop(p.path.removeprefix("facts."), None) for p in problems]
        if all(value is None for value in dropped):
            return {}  # entailments that contradict each other: a framework fault


def evidence(
    engine: Engine,
    framework_id: str | None = None,
    *,
    missing: bool = True,
    judgements: bool = False,
    as_of: dt.date = DEFAULT_AS_OF,
    partial: bool = False,
) -> st.SearchStrategy[Evidence]:
    """Checked :class:`~ictrules.Evidence` for a framework (see :func:`evidence_mappings`)."""
    mappings = evidence_mappings(
        engine, framework_id, missing=missing, judgements=judgements, as_of=as_of, partial=partial
    )
    return mappings.map(engine.load_evidence)


def assessments(
    engine: Engine,
    framework_id: str | None = None,
    *,
    as_of: dt.date | st.SearchStrategy[dt.date] = DEFAULT_AS_OF,
    missing: bool = True,
    attachments: Mapping[str, object] | None = None,
) -> st.SearchStrategy[Assessment]:
    """Assessments of generated evidence: ``as_of`` is a date or a strategy of dates (those
    outside 1900-01-01 to 9000-12-31, which ictrules does not assess on, are left out)."""
    first, last = AS_OF_DATES
    if isinstance(as_of, st.SearchStrategy):  # the dates ictrules assesses on, of those drawn
        dates = as_of.filter(lambda day: first <= day <= last)
    else:
        dates = st.just(_assessment_date(as_of))
    framework = engine.compiled(framework_id).framework.id

    def assess(ev: Evidence, when: dt.date) -> Assessment:
        return engine.assess(ev, framework, as_of=when, attachments=attachments)

    # evidence is drawn for its as_of, so that no date in it lies after the assessment
    return dates.flatmap(
        lambda when: st.builds(
            assess,
            evidence(engine, framework, missing=missing, judgements=True, as_of=when),
            st.just(when),
        )
    )
