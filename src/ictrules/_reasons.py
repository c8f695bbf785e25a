"""An assessment's reasons, worked out when first read: as objects for a reader, or straight as
the data of its JSON for a writer.

:meth:`ictrules.Engine.assess` decides each strand's level on the compiled ladders, works out
every criterion's truth value and leaves the rest of the reasons (each criterion's result and
the facts it read, the actions, the missing facts) to a :class:`DeferredReasons` shared by the
assessment's strands (see :mod:`ictrules._deferred`). A strand read finds its next steps from
its levels (:func:`~ictrules._judging.next_steps`) and builds its own result objects
(:func:`~ictrules._judging.strand_reasons`). Writing an assessment as JSON needs no objects:
the converter's data for each criterion, action and fact reading is made once per framework by
the converter itself (a template with a placeholder for what differs from school to school)
and filled in, so the text is the converter's by construction (a Hypothesis property in
``tests/levels/test_reasons.py`` compares the two ways). What it keeps is its own (the
evidence's provenance is copied) and holds no engine.
"""

from __future__ import annotations

import operator
import typing
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any, NamedTuple

from ._deferred import Later
from ._judging import Next, Origins, fact_readings, next_steps, strand_reasons
from .assessments import Action, CriterionResult, FactReading
from .compiled import CompiledFramework
from .evidence import Provenance
from .facts import FactValue, json_value

__all__ = ["DeferredReasons", "Templates"]

#: Fact values that are their own JSON data for any converter.
_AS_THEY_ARE = frozenset({bool, int, str, type(None)})


class Templates(NamedTuple):
    """A converter's data for a framework's criteria (in ladder order) and their actions, with
    placeholders for the truth value, the facts read and the reason; for each criterion, what
    picks the data of the readings it holds from those of an assessment; for each fact read a
    reading with a placeholder value; and the converter's hooks for a fact's value and for a
    whole reading."""

    criteria: tuple[dict[str, Any], ...]
    facts: tuple[Callable[[Mapping[str, Any]], Sequence[Any]], ...]
    actions: tuple[dict[str, Any], ...]
    readings: Mapping[str, dict[str, Any]]
    value: Callable[[Any], Any]
    reading: Callable[[Any], Any]

    @classmethod
    def of(cls, compiled: CompiledFramework, converter: Any) -> Templates:
        order = compiled.order
        data = converter.unstructure
        return cls(
            tuple(
                data(
                    CriterionResult(
                        c.criterion.id,
                        c.level,
                        None,
                        c.criterion.statement,
                        c.criterion.action,
                        c.plugin,
                        (),
                        c.criterion.links,
                    )
                )
                for c in order.criteria
            ),
            tuple(_pick(c.condition.facts) for c in order.criteria),
            tuple(
                data(Action(c.criterion.id, c.level, c.criterion.action, "", c.criterion.links))
                for c in order.criteria
            ),
            {fact: data(FactReading(fact, None)) for fact in order.facts},
            converter.get_unstructure_hook(typing.Any),
            converter.get_unstructure_hook(FactReading),
        )


def _pick(facts: tuple[str, ...]) -> Callable[[Mapping[str, Any]], Sequence[Any]]:
    """What picks the readings of ``facts``, in order, from those of an assessment: as a tuple,
    which is written as the same JSON array as a list (the data is for writing only)."""
    if len(facts) > 1:
        return operator.itemgetter(*facts)
    if facts:
        fact = facts[0]
        return lambda readings: (readings[fact],)
    return lambda readings: ()


class DeferredReasons(Later):
    """The reasons of one assessment's strands, worked out when first read.

    ``truths`` holds every criterion's truth value in ladder order; ``values`` are
    the fact values the assessment closed (evidence, derivations, entailments), ``origins`` and
    ``provenance`` where they came from; ``templates`` is the engine's cache of
    :class:`Templates` for this framework, by converter.
    """

    __slots__ = (
        "_compiled",
        "_origins",
        "_provenance",
        "_reading_data_by",
        "_readings",
        "_templates",
        "_truths",
        "_values",
    )

    def __init__(
        self,
        compiled: CompiledFramework,
        truths: Sequence[bool | None],
        values: Mapping[str, FactValue],
        origins: Origins,
        provenance: Mapping[str, Provenance],
        templates: MutableMapping[int, Templates],
    ) -> None:
        self._compiled = compiled
        self._values = values
        self._origins = origins
        self._provenance = provenance
        self._templates = templates
        self._truths = truths
        self._readings: dict[str, FactReading] | None = None
        self._reading_data_by: dict[int, dict[str, Any]] = {}

    def _strand(self, obj: Any) -> tuple[range, Next]:
        """Where a strand's criteria are in ladder order, and its next steps."""
        compiled = self._compiled
        order, rank = compiled.order, compiled.framework.rank
        rungs = order.rungs[obj.code]
        span = range(rungs[0][0], rungs[-1][1]) if rungs else range(0)
        steps = next_steps(
            rungs,
            rank(obj.level),
            rank(obj.best_possible),
            self._truths,
            order.criteria,
            self._values,
        )
        return span, steps

    def values(self, obj: Any) -> dict[str, Any]:
        span, steps = self._strand(obj)
        if self._readings is None:
            order = self._compiled.order
            self._readings = fact_readings(
                order.facts, self._values, self._origins, self._provenance
            )
        criteria = self._compiled.order.criteria
        return strand_reasons(span, steps, self._truths, criteria, self._readings)

    def unstructured(self, obj: Any, converter: Any) -> dict[str, Any]:
        templates = self._templates.get(id(converter))
        if templates is None:
            templates = self._templates[id(converter)] = Templates.of(self._compiled, converter)
        span, steps = self._strand(obj)
        readings = self._reading_data_by.get(id(converter))
        if readings is None:
            readings = self._reading_data_by[id(converter)] = self._reading_data(templates)
        truths, shapes, facts = self._truths, templates.criteria, templates.facts
        criteria = []
        for index in span:
            criterion = shapes[index].copy()
            criterion["holds"] = truths[index]
            criterion["facts"] = facts[index](readings)
            criteria.append(criterion)
        return {
            "criteria": criteria,
            "actions": [
                {**templates.actions[index], "reason": reason} for index, reason in steps.actions
            ],
            "missing": list(steps.missing),
        }

    def _reading_data(self, templates: Templates) -> dict[str, Any]:
        """The data of each fact reading: a plain one (a value as the evidence stated it, no
        more) filled into its template, any other made from its object."""
        get, value = self._values.get, templates.value
        derived_by, entailed_by = self._origins
        data = {}
        for fact, template in templates.readings.items():
            given = get(fact)
            kind = given.__class__
            if kind is float:
                given = value(given)  # the converter's look at a float
            elif kind not in _AS_THEY_ARE:
                given = value(json_value(given))
            reading = data[fact] = template.copy()
            reading["value"] = given
        special = tuple(
            fact
            for fact in data
            if fact in derived_by or fact in entailed_by or fact in self._provenance
        )
        if special:
            objects = fact_readings(special, self._values, self._origins, self._provenance)
            data.update({fact: templates.reading(reading) for fact, reading in objects.items()})
        return data
