"""A seeded synthetic framework and schools: the one source every competitor is built from.

The framework has the size of the Becta Self-review Framework (12 strands, 4 levels, 65 facts of
every type). Its criteria are kept as data (:class:`Atom` and :class:`Rule`), from which
:mod:`benchmarks.competitors` writes each competitor's rules, and from which this module writes
the ictrules framework document (condition strings) read by
:func:`ictrules.frameworks.framework_from_mapping`. Schools are seeded random evidence that
spreads the levels; :func:`drop_facts` forgets a share of each school's facts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from ictrules import (
    BAND_NAMES,
    DEFAULT_BANDS,
    Engine,
    FactSpec,
    Framework,
    FrameworkFile,
    hookimpl,
)
from ictrules.entailments import settle
from ictrules.facts import json_value
from ictrules.frameworks import framework_from_mapping

__all__ = [
    "AS_OF",
    "CHOICES",
    "FRAMEWORK_ID",
    "Atom",
    "Rule",
    "SyntheticFramework",
    "SyntheticPlugin",
    "drop_facts",
    "iter_schools",
    "make_framework",
    "make_schools",
    "random_value",
    "settled_document",
    "synthetic_engine",
]

FRAMEWORK_ID = "synthetic-srf"
AS_OF = dt.date(2026, 9, 1)
LEVELS = (5, 4, 3, 2)  # worst first, like Becta's scale
CHOICES = ("absent", "emerging", "established", "embedded", "exemplary")
AUDIENCE = ("staff", "governors", "pupils", "parents", "community", "local_authority")
TEXTS = ("yes", "no", "partly")

#: How many facts of each type (65 in all).
FACT_TYPES = (
    ("boolean", 14),
    ("integer", 8),
    ("number", 6),
    ("proportion", 14),
    ("choice", 12),
    ("choices", 5),
    ("date", 4),
    ("text", 2),
)
STRANDS = 12


@attrs.frozen
class Atom:
    """One test on one fact.

    ``test`` is one of: ``true`` and ``false`` (a boolean), ``at_least`` (a number, an integer,
    a proportion against a number), ``band_at_least`` (a proportion against a band name),
    ``choice_at_least`` (an ordered choice), ``member`` (a choice in a set of choices),
    ``count_at_least`` (how many choices), ``within_years`` (a date no older than ``value``
    years before ``as_of``), ``equals`` (text).
    """

    fact: str
    test: str
    value: Any


@attrs.frozen
class Rule:
    """A criterion: its atoms joined by ``and`` (or by ``or`` when ``any_``)."""

    atoms: tuple[Atom, ...]
    any_: bool = False


@attrs.frozen
class SyntheticFramework:
    """The facts, the criteria as data, and the ictrules framework written from them.

    ``ladders[strand code]`` lists, for each level above the lowest (worst first), that level
    and its rules.
    """

    facts: tuple[FactSpec, ...]
    ladders: dict[str, tuple[tuple[int, tuple[Rule, ...]], ...]]
    file: FrameworkFile

    @property
    def framework(self) -> Framework:
        """The ictrules framework."""
        return self.file.framework

    @property
    def types(self) -> dict[str, str]:
        """Each fact's type, by id."""
        return {spec.id: spec.type.value for spec in self.facts}


def condition_text(rule: Rule) -> str:
    """The ictrules condition for a rule."""
    joiner = " or " if rule.any_ else " and "
    return joiner.join(_atom_text(atom) for atom in rule.atoms)


def _atom_text(atom: Atom) -> str:
    fact, value = atom.fact, atom.value
    match atom.test:
        case "true":
            return fact
        case "false":
            return f"not {fact}"
        case "at_least":
            return f"{fact} >= {value!r}"
        case "band_at_least" | "choice_at_least":
            return f"{fact} >= {value!r}"
        case "member":
            return f"{value!r} in {fact}"
        case "count_at_least":
            return f"count({fact}) >= {value!r}"
        case "within_years":
            return f"years_since({fact}) <= {value!r}"
        case "equals":
            return f"{fact} == {value!r}"
    raise ValueError(atom.test)


def _facts(times: int = 1) -> list[dict[str, Any]]:
    facts = []
    for kind, count in FACT_TYPES:
        for n in range(count * times):
            entry: dict[str, Any] = {
                "id": f"{kind}.f{n:02d}",
                "type": kind,
                "description": f"Synthetic {kind} fact {n}.",
                "question": f"What is synthetic {kind} fact {n}?",
            }
            if kind == "choice":
                entry["choices"] = list(CHOICES)
            if kind == "choices":
                entry["choices"] = list(AUDIENCE)
            facts.append(entry)
    return facts


def _atom(rng: random.Random, fact: str, kind: str) -> Atom:
    if kind == "boolean":
        return Atom(fact, "false" if rng.random() < 0.05 else "true", None)
    if kind == "integer":
        return Atom(fact, "at_least", rng.randint(1, 3))
    if kind == "number":
        return Atom(fact, "at_least", rng.choice([1.5, 2.5, 4.0]))
    if kind == "proportion":
        if rng.random() < 0.7:
            return Atom(fact, "band_at_least", rng.choice(["some", "many", "most"]))
        return Atom(fact, "at_least", rng.choice([0.3, 0.6]))
    if kind == "choice":
        return Atom(fact, "choice_at_least", rng.choice(CHOICES[1:4]))
    if kind == "choices":
        if rng.random() < 0.6:
            return Atom(fact, "member", rng.choice(AUDIENCE[:4]))
        return Atom(fact, "count_at_least", rng.randint(1, 3))
    if kind == "date":
        return Atom(fact, "within_years", rng.choice([1, 2, 3]))
    return Atom(fact, "equals", "yes")


def make_framework(seed: int = 2026, *, times: int = 1) -> SyntheticFramework:
    """The seeded synthetic framework: 12 strands x 4 levels over 65 facts of every type.

    ``times`` widens it: ``times`` x the facts of each type and x the criteria at each level (the
    same strands and levels), so that what grows with the facts can be measured; ``times=1`` is
    the Becta-sized framework every other benchmark uses."""
    rng = random.Random(seed)
    fact_entries = _facts(times)
    kinds = {entry["id"]: entry["type"] for entry in fact_entries}
    order = list(kinds)
    rng.shuffle(order)
    pool = iter(order * 3)  # every fact is read at least once
    ladders: dict[str, tuple[tuple[int, tuple[Rule, ...]], ...]] = {}
    sections = []
    for section_number in range(4):
        strands = []
        for n in range(3):
            code = f"{section_number + 1}{'abc'[n]}"
            ladder = []
            levels_data = [{"level": LEVELS[0], "descriptor": f"{code}: not yet begun"}]
            for level in LEVELS[1:]:
                rules = []
                for _ in range(rng.choice([1, 2, 2]) * times):
                    facts = [next(pool) for _ in range(rng.choice([1, 2, 2, 3]))]
                    atoms = tuple(_atom(rng, fact, kinds[fact]) for fact in facts)
                    rules.append(Rule(atoms, any_=len(atoms) > 1 and rng.random() < 0.15))
                ladder.append((level, tuple(rules)))
                levels_data.append(
                    {
                        "level": level,
                        "descriptor": f"{code}: level {level}",
                        "criteria": [
                            {
                                "id": f"{code}-{level}-{i}",
                                "condition": condition_text(rule),
                                "statement": f"Criterion {i} of {code} at level {level} holds.",
                                "action": f"Work towards criterion {i} of {code}.",
                            }
                            for i, rule in enumerate(rules)
                        ],
                    }
                )
            ladders[code] = tuple(ladder)
            strands.append({"code": code, "title": f"Strand {code}", "levels": levels_data})
        sections.append(
            {
                "code": str(section_number + 1),
                "title": f"Aspect {section_number + 1}",
                "strands": strands,
            }
        )
    document = {
        "id": FRAMEWORK_ID,
        "title": "Synthetic self-review framework",
        "version": str(seed),
        "source": "generated by benchmarks.synthetic",
        "scale": [{"value": value, "label": f"Level {value}"} for value in LEVELS],
        "sections": sections,
        "facts": fact_entries,
    }
    file = framework_from_mapping(document, source=f"<synthetic seed {seed}>")
    return SyntheticFramework(file.facts, ladders, file)


class SyntheticPlugin:
    """An ictrules plugin supplying the synthetic framework and its facts."""

    def __init__(self, synthetic: SyntheticFramework) -> None:
        self.synthetic = synthetic

    @hookimpl
    def ictrules_facts(self) -> Iterable[FactSpec]:
        """The synthetic facts."""
        return self.synthetic.facts

    @hookimpl
    def ictrules_frameworks(self) -> Iterable[Framework]:
        """The synthetic framework."""
        return [self.synthetic.framework]


def synthetic_engine(synthetic: SyntheticFramework) -> Engine:
    """An engine over the synthetic plugin alone."""
    return Engine([("synthetic", SyntheticPlugin(synthetic))])


def random_value(rng: random.Random, spec: FactSpec) -> Any:
    """A raw value for any declared fact, good (high, recent, present) about nine times in ten,
    so that the levels of a framework spread out."""
    good = rng.random() < 0.9
    kind = spec.type.value
    if kind == "boolean":
        return good
    if kind == "integer":
        return rng.randint(3, 6) if good else rng.randint(0, 2)
    if kind == "number":
        return round(rng.uniform(4.0, 6.0) if good else rng.uniform(0.0, 4.0), 2)
    if kind == "proportion":
        return round(rng.uniform(0.75, 1.0) if good else rng.uniform(0.0, 0.75), 3)
    if kind == "choice":
        top = spec.choices[len(spec.choices) * 3 // 5 :]
        return rng.choice(top if good else spec.choices)
    if kind == "choices":
        return [c for c in spec.choices if rng.random() < (0.97 if good else 0.4)]
    if kind == "date":
        return (AS_OF - dt.timedelta(days=rng.randint(0, 365 if good else 4 * 365))).isoformat()
    return "yes" if good else rng.choice(TEXTS)


def iter_schools(facts: Sequence[FactSpec], count: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """The schools of :func:`make_schools`, one at a time (a million of them need not be held
    at once)."""
    rng = random.Random(seed)
    for n in range(count):
        yield {
            "school": {"id": f"URN {100000 + n}", "name": f"Synthetic school {n}"},
            "facts": {spec.id: random_value(rng, spec) for spec in facts},
        }


def make_schools(facts: Sequence[FactSpec], count: int, seed: int = 1) -> list[dict[str, Any]]:
    """``count`` seeded evidence documents (``{"school": ..., "facts": ...}``) giving a value to
    every fact in ``facts`` (a framework's, or the synthetic ones)."""
    return list(iter_schools(facts, count, seed))


def drop_facts(
    schools: Sequence[dict[str, Any]], share: float = 0.1, seed: int = 2
) -> list[dict[str, Any]]:
    """The same schools, each with ``share`` of its facts (chosen at random) left unknown."""
    rng = random.Random(seed)
    thinned = []
    for school in schools:
        facts = school["facts"]
        keep = [fact for fact in facts if rng.random() >= share]
        thinned.append({**school, "facts": {fact: facts[fact] for fact in keep}})
    return thinned


def band_threshold(band: str) -> float:
    """The least proportion in ``band`` or above, under the default bands (``band`` > few)."""
    return DEFAULT_BANDS.lower_bounds[band] if band in BAND_NAMES[2:-1] else 1.0


def settled_document(engine: Engine, framework: str, document: dict[str, Any]) -> dict[str, Any]:
    """A seeded school whose answers agree with the framework's entailments (independent random
    answers often contradict them, and the engine would rightly refuse the evidence)."""
    compiled = engine.compiled(framework)
    values = engine.load_evidence(document).facts
    settled = settle(values, compiled.entailments, engine.facts, compiled.bands, AS_OF)
    return {**document, "facts": {fact: json_value(value) for fact, value in settled.items()}}
