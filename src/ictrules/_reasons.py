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

import hashlib
import operator
import typing
import zlib
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any, NamedTuple

from ._convert import compact_bytes, converter
from ._deferred import Later
from ._judging import Next, Origins, fact_readings, next_steps, strand_reasons
from .assessments import Action, CriterionResult, FactReading
from .compiled import CompiledFramework
from .evidence import Provenance
from .facts import FactValue, json_value

__all__ = ["DeferredReasons", "Shapes", "Templates"]

#: Fact values that are their own JSON data for any converter.
_AS_THEY_ARE = frozenset({bool, int, str, type(None)})


class Shapes:
    """What a framework's reasons are the same in, from one assessment to the next, as a
    converter's data: each criterion's (in ladder order) with placeholders for its truth value
    and the facts it read, the facts each reads, each criterion's action with a placeholder for
    the reason, and where each strand's criteria are (``spans``: strand code to the range of
    their positions). :meth:`fill` puts one assessment's into them; :meth:`stored` is the
    shapes as stored once for many assessments (see :mod:`ictrules.store`), and
    :meth:`readings` the readings of an assessment's record as :meth:`fill` takes them."""

    __slots__ = ("_plain", "_stored", "actions", "criteria", "facts", "picks", "spans")

    def __init__(
        self,
        criteria: Sequence[dict[str, Any]],
        facts: Sequence[Sequence[str]],
        actions: Sequence[dict[str, Any]],
        spans: Mapping[str, tuple[int, int]],
    ) -> None:
        self.criteria = tuple(criteria)
        self.facts = tuple(tuple(read) for read in facts)
        self.picks = tuple(_pick(read) for read in self.facts)
        self.actions = tuple(actions)
        self.spans = dict(spans)
        self._stored: tuple[str, bytes] | None = None
        self._plain: dict[str, dict[str, Any]] = {}  # by fact, a reading with no more than a value

    @classmethod
    def of(cls, compiled: CompiledFramework, converter: Any) -> Shapes:
        """The shapes of ``compiled``'s reasons as ``converter`` makes their data."""
        order, data = compiled.order, converter.unstructure
        return cls(
            [
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
            ],
            [c.condition.facts for c in order.criteria],
            [
                data(Action(c.criterion.id, c.level, c.criterion.action, "", c.criterion.links))
                for c in order.criteria
            ],
            {code: (order.span(code).start, order.span(code).stop) for code in order.rungs},
        )

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Shapes:
        """Shapes from the JSON :meth:`stored` made, read."""
        spans = {code: (int(first), int(end)) for code, (first, end) in data["spans"].items()}
        return cls(data["criteria"], data["facts"], data["actions"], spans)

    def stored(self) -> tuple[str, bytes]:
        """The SHA-256 digest (hex) of the shapes as compact JSON, which names them, and that
        JSON compressed by zlib: what the store keeps (made once)."""
        if self._stored is None:
            body = compact_bytes(
                {
                    "criteria": self.criteria,
                    "facts": self.facts,
                    "actions": self.actions,
                    "spans": self.spans,
                }
            )
            self._stored = (hashlib.sha256(body).hexdigest(), zlib.compress(body, 1))
        return self._stored

    def readings(self, kept: Mapping[str, Any]) -> dict[str, Any]:
        """Each fact's reading as data, as :meth:`fill` takes them, from the readings an
        assessment's record keeps (:meth:`DeferredReasons.record`; fact id to reading): a
        reading kept as a one-item list ``[value]`` says no more than its value (the converter's
        data of ``FactReading(fact, value)``), one kept as a table is the reading's data itself
        (as every reading is in a record saved before compact readings). Raises ``ValueError``
        for anything else (a record changed by hand)."""
        plain, made = self._plain, {}
        for fact, reading in kept.items():
            if type(reading) is list and len(reading) == 1:
                template = plain.get(fact)
                if template is None:
                    template = plain[fact] = converter.unstructure(FactReading(fact, None))
                made[fact] = {**template, "value": reading[0]}
            elif type(reading) is dict:
                made[fact] = reading
            else:
                raise ValueError(f"fact {fact}: a reading kept as neither [value] nor a table")
        return made

    def fill(
        self,
        code: str,
        truths: Sequence[bool | None],
        readings: Mapping[str, Any],
        actions: Sequence[Sequence[Any]],
        missing: Sequence[str],
    ) -> dict[str, Any]:
        """One strand's ``criteria``, ``actions`` and ``missing`` as data: its criteria's
        shapes with their ``truths`` (every criterion's, in ladder order) and the ``readings``
        (each fact's reading as data) they read, each of ``actions`` (a criterion's position
        and the reason) in its shape, and ``missing``."""
        first, end = self.spans[code]
        shapes, picks = self.criteria, self.picks
        criteria = []
        for index in range(first, end):
            criterion = shapes[index].copy()
            criterion["holds"] = truths[index]
            criterion["facts"] = picks[index](readings)
            criteria.append(criterion)
        return {
            "criteria": criteria,
            "actions": [{**self.actions[index], "reason": reason} for index, reason in actions],
            "missing": list(missing),
        }


class Templates(NamedTuple):
    """A converter's data for what a framework's reasons are the same in (:class:`Shapes`),
    for each fact read a reading with a placeholder value, and the converter's hooks for a
    fact's value and for a whole reading."""

    shapes: Shapes
    readings: Mapping[str, dict[str, Any]]
    value: Callable[[Any], Any]
    reading: Callable[[Any], Any]

    @classmethod
    def of(cls, compiled: CompiledFramework, converter: Any) -> Templates:
        data = converter.unstructure
        return cls(
            Shapes.of(compiled, converter),
            {fact: data(FactReading(fact, None)) for fact in compiled.order.facts},
            converter.get_unstructure_hook(typing.Any),
            converter.get_unstructure_hook(FactReading),
        )


def _pick(facts: Sequence[str]) -> Callable[[Mapping[str, Any]], list[Any]]:
    """What picks the readings of ``facts``, in order, from those of an assessment."""
    if len(facts) > 1:
        get = operator.itemgetter(*facts)
        return lambda readings: list(get(readings))
    if facts:
        fact = facts[0]
        return lambda readings: [readings[fact]]
    return lambda readings: []


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

    def _steps(self, obj: Any) -> Next:
        """A strand's next steps, from its levels and its criteria's truth values."""
        compiled = self._compiled
        order, rank = compiled.order, compiled.framework.rank
        return next_steps(
            order.rungs[obj.code],
            rank(obj.level),
            rank(obj.best_possible),
            self._truths,
            order.criteria,
            self._values,
        )

    def values(self, obj: Any) -> dict[str, Any]:
        order = self._compiled.order
        if self._readings is None:
            self._readings = fact_readings(
                order.facts, self._values, self._origins, self._provenance
            )
        span, steps = order.span(obj.code), self._steps(obj)
        return strand_reasons(span, steps, self._truths, order.criteria, self._readings)

    def unstructured(self, obj: Any, converter: Any) -> dict[str, Any]:
        templates, readings = self._data_for(converter)
        steps = self._steps(obj)
        return templates.shapes.fill(obj.code, self._truths, readings, steps.actions, steps.missing)

    def record(self, strands: Sequence[Any], converter: Any) -> tuple[Shapes, dict[str, Any]]:
        """What ``strands`` (results this holds the reasons of) differ in from one assessment
        to the next, as ``converter``'s data, and the :class:`Shapes` to fill with it: every
        criterion's truth value, each fact's reading, and per strand its actions and missing
        facts, ``Shapes.fill``'s arguments once :meth:`Shapes.readings` has read the readings.
        A reading that says no more than its value (not derived, not entailed, no provenance)
        is kept as ``[value]``, any other as its data: the value may itself be a list or a
        table, hence the list around it."""
        templates = self._templates_for(converter)
        readings = self._reading_data(templates, compact=True)
        steps = [self._steps(strand) for strand in strands]
        return templates.shapes, {
            "truths": list(self._truths),
            "readings": readings,
            "actions": [step.actions for step in steps],
            "missing": [step.missing for step in steps],
        }

    def _templates_for(self, converter: Any) -> Templates:
        """The framework's templates as ``converter`` makes them (made once per engine)."""
        templates = self._templates.get(id(converter))
        if templates is None:
            templates = self._templates[id(converter)] = Templates.of(self._compiled, converter)
        return templates

    def _data_for(self, converter: Any) -> tuple[Templates, dict[str, Any]]:
        """The framework's templates as ``converter`` makes them, and this assessment's fact
        readings as its data (each worked out once)."""
        templates = self._templates_for(converter)
        readings = self._reading_data_by.get(id(converter))
        if readings is None:
            readings = self._reading_data_by[id(converter)] = self._reading_data(templates)
        return templates, readings

    def _reading_data(self, templates: Templates, *, compact: bool = False) -> dict[str, Any]:
        """The data of each fact reading: a plain one (a value as the evidence stated it, no
        more) filled into its template, or with ``compact`` as ``[value]``; any other made from
        its object (with ``compact``, ``[value]`` too if its data says no more after all)."""
        get, value = self._values.get, templates.value
        derived_by, entailed_by = self._origins
        data: dict[str, Any] = {}
        for fact, template in templates.readings.items():
            given = get(fact)
            kind = given.__class__
            if kind is float:
                given = value(given)  # the converter's look at a float
            elif kind not in _AS_THEY_ARE:
                given = value(json_value(given))
            if compact:
                data[fact] = [given]
            else:
                reading = data[fact] = template.copy()
                reading["value"] = given
        # few facts, if any, are derived, entailed or have provenance: found from those maps
        special = tuple({*derived_by, *entailed_by, *self._provenance}.intersection(data))
        if special:
            objects = fact_readings(special, self._values, self._origins, self._provenance)
            for fact, obj in objects.items():
                made = data[fact] = templates.reading(obj)
                if compact and made == {**templates.readings[fact], "value": made["value"]}:
                    data[fact] = [made["value"]]
        return data
