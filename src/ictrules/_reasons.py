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
from collections.abc import Callable, Collection, Mapping, MutableMapping, Sequence
from typing import Any, NamedTuple

from ._convert import compact_bytes, converter
from ._deferred import Later
from ._judging import Next, Origins, fact_readings, next_steps, strand_reasons, strand_result
from .assessments import Action, CriterionResult, FactReading, StrandResult
from .compiled import CompiledFramework
from .evidence import Provenance
from .facts import FactValue, json_value
from .partial import PARTIAL_TYPES

__all__ = ["KEPT_STRAND", "DeferredReasons", "Shapes", "Templates", "kept_strand"]

#: Fact values that are their own JSON data for any converter.
_AS_THEY_ARE = frozenset({bool, int, str, type(None)})


class Shapes:
    """What a framework's reasons are the same in, from one assessment to the next, as a
    converter's data: each criterion's (in ladder order) with placeholders for its truth value
    and the facts it read, the facts each reads, each criterion's action with a placeholder for
    the reason, and where each strand's criteria are (``spans``: strand code to the range of
    their positions). :meth:`fill` puts one assessment's into them; :meth:`stored` is the
    shapes as stored once for many assessments (see :mod:`ictrules.store`), and
    :meth:`readings` the readings of an assessment's record as :meth:`fill` takes them.

    Shapes made since the store's records keep strands in brief also hold ``strands`` (per
    strand code and level, the strand result's data at that level, which says what every
    assessment says there: title, section, descriptor, next level) and ``order`` (the facts
    whose readings a record of form 2 takes from the evidence); shapes stored before have
    neither (``None``), and neither have the records they fill."""

    __slots__ = (
        "_plain",
        "_stored",
        "actions",
        "criteria",
        "facts",
        "order",
        "picks",
        "spans",
        "strands",
    )

    def __init__(
        self,
        criteria: Sequence[dict[str, Any]],
        facts: Sequence[Sequence[str]],
        actions: Sequence[dict[str, Any]],
        spans: Mapping[str, tuple[int, int]],
        strands: Mapping[str, Mapping[int, dict[str, Any]]] | None = None,
        order: Sequence[str] | None = None,
    ) -> None:
        self.criteria = tuple(criteria)
        self.facts = tuple(tuple(read) for read in facts)
        self.picks = tuple(_pick(read) for read in self.facts)
        self.actions = tuple(actions)
        self.spans = dict(spans)
        self.strands = None if strands is None else {c: dict(by) for c, by in strands.items()}
        self.order = None if order is None else tuple(order)
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
            {
                strand.strand.code: {
                    level.value: data(
                        strand_result(compiled.framework, strand, level.value, level.value, {})
                    )
                    for level in compiled.framework.scale
                }
                for strand in compiled.strands
            },
            order.facts,
        )

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Shapes:
        """Shapes from the JSON :meth:`stored` made, read."""
        spans = {code: (int(first), int(end)) for code, (first, end) in data["spans"].items()}
        strands = data.get("strands")
        if strands is not None:  # JSON names each level as text
            strands = {
                code: {int(level): made for level, made in by_level.items()}
                for code, by_level in strands.items()
            }
        return cls(
            data["criteria"], data["facts"], data["actions"], spans, strands, data.get("order")
        )

    def stored(self) -> tuple[str, bytes]:
        """The SHA-256 digest (hex) of the shapes as compact JSON, which names them, and that
        JSON compressed by zlib: what the store keeps (made once)."""
        if self._stored is None:
            shapes: dict[str, Any] = {
                "criteria": self.criteria,
                "facts": self.facts,
                "actions": self.actions,
                "spans": self.spans,
            }
            if self.strands is not None:
                shapes["strands"] = {
                    code: {str(level): made for level, made in by_level.items()}
                    for code, by_level in self.strands.items()
                }
                shapes["order"] = self.order
            body = compact_bytes(shapes)
            self._stored = (hashlib.sha256(body).hexdigest(), zlib.compress(body, 1))
        return self._stored

    def readings(
        self, kept: Mapping[str, Any], given: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Each fact's reading as data, as :meth:`fill` takes them, from the readings an
        assessment's record keeps (:meth:`DeferredReasons.record`; fact id to the reading's
        data) and, for a record of form 2, ``given``: the facts of the evidence saved with it
        (as data, by fact id), which state the value of every other reading of :attr:`order`
        (the converter's data of ``FactReading(fact, value)``; ``None`` for a fact not given).
        A record saved before schema 6 keeps every reading. Raises ``ValueError`` for anything
        else (a record changed by hand)."""
        made: dict[str, Any] = {}
        if given is not None:
            if self.order is None:
                raise ValueError("a record of form 2 with shapes that do not say what it read")
            made = {
                fact: {**self._plain_reading(fact), "value": given.get(fact)} for fact in self.order
            }
        for fact, reading in kept.items():
            if type(reading) is not dict:
                raise ValueError(f"fact {fact}: a reading kept as something other than a table")
            made[fact] = reading
        return made

    def _plain_reading(self, fact: str) -> dict[str, Any]:
        """The converter's data of ``FactReading(fact, None)`` (made once per fact)."""
        template = self._plain.get(fact)
        if template is None:
            template = self._plain[fact] = converter.unstructure(FactReading(fact, None))
        return template

    def strand(self, kept: Sequence[Any]) -> dict[str, Any]:
        """A strand result's data without its reasons, from what a record keeps of it (see
        :func:`kept_strand`): the shape of its strand at its level, with the rest put in.
        Raises ``ValueError`` (or ``LookupError``) for what these shapes cannot fill."""
        if self.strands is None or type(kept) is not list or len(kept) != len(KEPT_STRAND):
            raise ValueError("a strand kept in brief, without shapes to fill")
        code, level = kept[0], kept[1]
        made = self.strands[code][level].copy()
        made.update(zip(KEPT_STRAND, kept, strict=True))
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


#: The fields of a strand result a record keeps, in this order, beside its shapes at its level
#: (:meth:`Shapes.strand`): those that may differ between two assessments at the same level.
#: Every other field is the same at that level (the shapes say it) or is a reason (kept apart);
#: a test holds this to :class:`~ictrules.assessments.StrandResult`'s fields.
KEPT_STRAND = ("code", "level", "best_possible", "status", "judgement", "disagreement")


def kept_strand(strand: StrandResult, converter: Any) -> list[Any]:
    """What a record keeps of ``strand`` (:data:`KEPT_STRAND`), as ``converter``'s data."""
    judgement = strand.judgement
    return [
        strand.code,
        strand.level,
        strand.best_possible,
        strand.status._value_,  # the enum's own attribute: no descriptor call
        None if judgement is None else converter.unstructure(judgement),
        strand.disagreement,
    ]


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
        return self._all_steps((obj,))[0]

    def _all_steps(self, strands: Sequence[Any]) -> list[Next]:
        """The next steps of each of ``strands`` (:meth:`_steps`), in one call for a record."""
        compiled, truths, values = self._compiled, self._truths, self._values
        order, rank = compiled.order, compiled.framework.rank
        rungs, criteria = order.rungs, order.criteria
        return [
            next_steps(
                rungs[s.code], rank(s.level), rank(s.best_possible), truths, criteria, values
            )
            for s in strands
        ]

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

    def record(
        self,
        strands: Sequence[Any],
        converter: Any,
        facts: Mapping[str, FactValue],
        provenance: Mapping[str, Provenance],
    ) -> tuple[Shapes, dict[str, Any]]:
        """What ``strands`` (results this holds the reasons of) differ in from one assessment
        to the next, as ``converter``'s data, beside the evidence saved with them (its
        ``facts`` and ``provenance``); and the :class:`Shapes` to fill with it: per strand what
        :func:`kept_strand` keeps, every criterion's truth value, the data of each reading the
        evidence saved does not state as it stands (see :meth:`_beyond`), and per strand its
        actions and missing facts: ``Shapes.strand``'s and ``Shapes.fill``'s arguments once
        :meth:`Shapes.readings` has read the readings (with the saved evidence's data)."""
        templates = self._templates_for(converter)
        readings = self._made(templates, self._beyond(templates, facts, provenance))
        steps = self._all_steps(strands)
        return templates.shapes, {
            "form": 2,
            "strands": [kept_strand(strand, converter) for strand in strands],
            "truths": list(self._truths),
            "readings": readings,
            "actions": [step.actions for step in steps],
            "missing": [step.missing for step in steps],
        }

    def _beyond(
        self,
        templates: Templates,
        facts: Mapping[str, FactValue],
        provenance: Mapping[str, Provenance],
    ) -> tuple[str, ...]:
        """The facts read (in the shapes' order) whose reading the evidence saved (``facts``,
        ``provenance``) does not state as it stands: one whose value is not the very value
        the evidence gives (derived, narrowed by an entailment, left unknown until its date,
        changed since, or another evidence's), one derived or entailed, one with provenance
        here or there (the evidence keeps it beside the value), and one known in part (the
        evidence's data orders a table's keys otherwise than the converter)."""
        order = templates.shapes.order or ()
        more = self._said_more().union(provenance)
        mine = list(map(self._values.get, order))
        other = list(map(operator.is_not, mine, map(facts.get, order)))
        # most evidence states every reading as it stands: said by three passes in C
        if not any(other) and PARTIAL_TYPES.isdisjoint(map(type, mine)) and more.isdisjoint(order):
            return ()
        return tuple(
            fact
            for fact, value, differs in zip(order, mine, other, strict=True)
            if differs or value.__class__ in PARTIAL_TYPES or fact in more
        )

    def _said_more(self) -> set[str]:
        """The facts whose reading says more than their value: derived, entailed or with
        provenance (few, if any, and so found from those maps rather than by testing every
        fact read)."""
        derived_by, entailed_by = self._origins
        return {*derived_by, *entailed_by, *self._provenance}

    def _made(self, templates: Templates, facts: Collection[str]) -> dict[str, Any]:
        """The data of the readings of ``facts``, each made as an object first."""
        if not facts:
            return {}
        objects = fact_readings(tuple(facts), self._values, self._origins, self._provenance)
        return {fact: templates.reading(obj) for fact, obj in objects.items()}

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

    def _reading_data(self, templates: Templates) -> dict[str, Any]:
        """The data of each fact reading: a plain one (a value as the evidence stated it, no
        more) filled into its template, any other made from its object."""
        get, value = self._values.get, templates.value
        data: dict[str, Any] = {}
        for fact, template in templates.readings.items():
            given = get(fact)
            kind = given.__class__
            if kind is float:
                given = value(given)  # the converter's look at a float
            elif kind not in _AS_THEY_ARE:
                given = value(json_value(given))
            reading = data[fact] = template.copy()
            reading["value"] = given
        data.update(self._made(templates, self._said_more().intersection(templates.readings)))
        return data
