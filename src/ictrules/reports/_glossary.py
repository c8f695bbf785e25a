"""What reports add to an assessment: section titles, level labels and each fact's question."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..assessments import Action, Assessment, FactReading, StrandResult
from ..engine import Engine
from ..evidence import Provenance
from ..explanations import value_text
from ..facts import FactSpec, FactType
from ..partial import BOUND_WORDS
from ._format import humanise, nice_date

__all__ = [
    "Glossary",
    "format_value",
    "headline",
    "level_text",
    "priorities",
    "provenance_text",
    "school_label",
]


@attrs.frozen
class Glossary:
    """Words a report uses beyond the assessment itself; empty mappings are fine."""

    sections: Mapping[str, str] = attrs.field(factory=dict)
    questions: Mapping[str, str] = attrs.field(factory=dict)
    source: str = ""
    derivable: Mapping[str, str] = attrs.field(factory=dict)
    levels: Mapping[int, str] = attrs.field(factory=dict)
    facts: Mapping[str, FactSpec] = attrs.field(factory=dict)

    @classmethod
    def from_engine(cls, engine: Engine, framework_id: str) -> Glossary:
        """Section titles, the framework's source, every fact's question and the facts a plugin
        can derive (from an inventory, say), from an engine."""
        framework = engine.framework(framework_id)
        return cls(
            sections={section.code: section.title for section in framework.sections},
            questions={fact_id: spec.question for fact_id, spec in engine.facts.items()},
            source=framework.source,
            derivable=dict(engine.derived_facts()),
            levels={level.value: level.label for level in framework.scale},
            facts=dict(engine.facts),
        )

    def level_name(self, level: int) -> str:
        """``3 Established``, or ``3`` when the framework's labels are not known."""
        label = self.levels.get(level)
        if not label or label.lower() == f"level {level}":  # a label that adds nothing
            return str(level)
        return f"{level} {label}"

    def value(self, reading: FactReading) -> str:
        """A fact's value as people write it: ``62%`` for a proportion, ``senior team`` for a
        choice, ``20 May 2024`` for a date, ``48 months`` with the fact's unit."""
        spec = self.facts.get(reading.fact)
        return reading_value(reading.value, spec)

    def to_collect(self, fact: str) -> str:
        """How to get a missing fact: its question, and the plugin that can derive it."""
        text = self.questions.get(fact, "")
        plugin = self.derivable.get(fact)
        if plugin:
            text += f" (or let the {plugin} plugin derive it from the data it reads)"
        return text.strip()

    def section(self, code: str) -> str:
        """A section's heading: its code and, when known, its title."""
        title = self.sections.get(code)
        return f"{code} {title}" if title else code


def school_label(assessment: Assessment, source: str | None = None) -> str:
    """The school's name, else its id, else the file it came from (``source``), else a
    placeholder."""
    school = assessment.school
    if school is None:
        return f"(unnamed school: {source})" if source else "(unnamed school)"
    return school.name or school.id


def level_text(result: StrandResult) -> str:
    """``"3"``, or ``"3 (could be 2)"`` when unknown facts leave it open (for tables; prose
    uses :func:`ictrules.explanations.standing_text`)."""
    if result.best_possible != result.level:
        return f"{result.level} (could be {result.best_possible})"
    return str(result.level)


def priorities(assessment: Assessment) -> list[tuple[StrandResult, Action]]:
    """Every next-step action, most pressing first.

    Weakest strands come first (lowest level on the scale); within a strand, criteria known not
    to be met come before those that are unknown (which need evidence first); ties keep the
    framework's order.
    """
    scale = list(assessment.scale)
    entries = [
        (scale.index(result.level), action.reason != "not met", position, result, action)
        for position, result in enumerate(assessment.strands)
        for action in result.actions
    ]
    entries.sort(key=lambda entry: entry[:3])
    return [(result, action) for *_, result, action in entries]


def reading_value(value: Any, spec: FactSpec | None) -> str:
    """A value as people write it, knowing its fact's type (see :meth:`Glossary.value`)."""
    if value is None or spec is None:
        return value_text(value)
    kind = spec.type
    if isinstance(value, dict):  # known in part: bounds or a set
        return ", ".join(_part(key, part, spec) for key, part in value.items())
    if kind is FactType.PROPORTION and isinstance(value, int | float):
        return f"{value * 100:.4g}%"
    if kind in (FactType.CHOICE, FactType.CHOICES):
        if isinstance(value, list | tuple):
            return ", ".join(humanise(str(item)) for item in value) if value else "none"
        return humanise(str(value))
    if kind is FactType.DATE and isinstance(value, str):
        return nice_date(value)
    text = value_text(value)
    if spec.unit and kind in (FactType.INTEGER, FactType.NUMBER):
        text += f" {spec.unit}"
    return text


_PART_WORDS = {**BOUND_WORDS, "includes": "includes", "excludes": "not"}


def _part(key: str, part: Any, spec: FactSpec) -> str:
    if key == "count":
        if isinstance(part, dict):
            return ", ".join(f"{_PART_WORDS.get(k, k)} {n} in all" for k, n in part.items())
        return f"{part} in all"
    words = _PART_WORDS.get(key, humanise(key))
    if key == "within":
        return f"{words} {part}"
    return f"{words} {reading_value(part, spec)}"


def provenance_text(provenance: Provenance | None) -> str:
    """``survey, 30 June 2026: Staff survey, 28 of 41 agreed``: where a value came from."""
    if provenance is None:
        return ""
    head = ", ".join(
        part
        for part in (provenance.source or "", nice_date(provenance.date) if provenance.date else "")
        if part
    )
    if provenance.note:
        return f"{head}: {provenance.note}" if head else provenance.note
    return head


def format_value(value: Any) -> str:
    """A fact value as a reader would write it (see :func:`ictrules.explanations.value_text`)."""
    return value_text(value)


def headline(assessment: Assessment) -> str:
    """One sentence on the whole assessment: how many strands at each level, how many
    provisional, how many disagreements, how many facts still to collect."""
    strands = assessment.strands
    counts = [
        (level, sum(1 for result in strands if result.level == level))
        for level in reversed(assessment.scale)
    ]
    at = ", ".join(f"{number} at level {level}" for level, number in counts if number)
    parts = [f"{len(strands)} strand{'s' if len(strands) != 1 else ''}: {at}."]
    provisional = sum(1 for result in strands if result.best_possible != result.level)
    if provisional:
        parts.append(
            f"{provisional} provisional (unknown facts leave {'it' if provisional == 1 else 'them'}"
            " open)."
        )
    disagreements = sum(1 for result in strands if result.disagreement)
    if disagreements:
        verb = "disagrees" if disagreements == 1 else "disagree"
        noun = "judgement" if disagreements == 1 else "judgements"
        parts.append(f"{disagreements} own {noun} {verb} with the evidence.")
    missing = {fact for result in strands for fact in result.missing}
    if missing:
        parts.append(f"{len(missing)} fact{'s' if len(missing) != 1 else ''} still to collect.")
    return " ".join(parts)
