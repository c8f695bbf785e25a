"""Frameworks: level scales, sections, strands, level descriptors and their criteria, as data.

A framework is plain data, usually kept as a TOML file inside a plugin package and read with
:func:`read_framework_file`. Rules are declarative: each level of each strand lists the
criteria that must hold for a school to be at that level.

**Ladder semantics.** The scale is ordered from worst to best (whatever its numbering: Becta's
runs 5 down to 1). A strand is at the best level whose criteria, and those of every level below
it, all hold. The lowest level has no criteria: every school is at least there.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from .bands import BandScale
from .errors import FrameworkError, Problem, closest
from .facts import FactSpec

__all__ = [
    "SURVEY_GROUP_PATTERN",
    "SURVEY_SCALES",
    "Criterion",
    "Entailment",
    "ExtraCriterion",
    "Framework",
    "FrameworkFile",
    "Level",
    "LevelRules",
    "Section",
    "Strand",
    "SurveyQuestion",
    "SurveyScale",
    "framework_from_mapping",
    "normalise_answer",
    "read_framework_file",
]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
# an `id = "x"` (TOML), `id: x` (YAML) or `"id": "x"` (JSON) line, for locating errors
_ID_LINE = re.compile(r"""^\s*["']?id["']?\s*[:=]\s*["']?([A-Za-z0-9][A-Za-z0-9_.\-]*)""")


def _valid_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _ID.match(value):
        raise ValueError(
            f"{attribute.name} {value!r} must start with a letter or digit and hold only "
            "letters, digits, '.', '-' and '_'"
        )


@attrs.frozen
class Level:
    """One level of a scale: its number as a school would say it, and a label."""

    value: int
    label: str


@attrs.frozen
class Criterion:
    """Something that must hold for a level: a condition, the same in words, and the action
    that moves a school towards it when it does not hold."""

    id: str = attrs.field(validator=_valid_id)
    condition: str
    statement: str
    action: str
    links: tuple[str, ...] = ()


@attrs.frozen
class Entailment:
    """What follows from a condition: when ``when`` is known true, each fact in ``then`` is at
    least, at most or exactly what is given there.

    ``then`` maps fact ids to values in any form an evidence file takes: a value, bounds
    (``{"within": "2 years"}``, ``{"at_least": "coordinated"}``) or members
    (``{"includes": ["staff"]}``). ``reason`` says why it follows, in words a school reads.
    """

    id: str = attrs.field(validator=_valid_id)
    when: str
    then: Mapping[str, Any]
    reason: str = ""


@attrs.frozen
class LevelRules:
    """A strand's descriptor at one level and the criteria of that level."""

    level: int
    descriptor: str
    criteria: tuple[Criterion, ...] = ()


@attrs.frozen
class Strand:
    """A strand: what is judged, with a descriptor and criteria per level.

    ``monotone`` declares that raising an ordered fact never lowers the strand's level, which
    the author kit checks. ``accepted`` acknowledges warnings the check gives for this strand
    that the author has weighed and accepts: finding kind -> the reason (``{"provisional":
    "1b3 waits for an inventory by design"}``); the check still shows them, marked accepted.
    """

    code: str = attrs.field(validator=_valid_id)
    title: str
    levels: tuple[LevelRules, ...]
    monotone: bool = True
    accepted: Mapping[str, str] = attrs.field(factory=dict)

    def rules_for(self, level: int) -> LevelRules:
        """The descriptor and criteria of one level."""
        for rules in self.levels:
            if rules.level == level:
                return rules
        raise KeyError(level)


@attrs.frozen
class Section:
    """A group of strands (Becta calls these aspects)."""

    code: str
    title: str
    strands: tuple[Strand, ...]


#: A survey group's name: a lowercase word (``staff``, ``pupils``, ``governors``, ``parents``).
SURVEY_GROUP_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise_answer(text: str) -> str:
    """An answer (or a question) as it is compared: case, spacing, curly quotes and a closing
    full stop do not matter (``"Strongly  Agree."`` is ``"strongly agree"``)."""
    return " ".join(text.translate(_QUOTES).casefold().split()).rstrip(".").rstrip()


@attrs.frozen
class SurveyScale:
    """The answers a survey question offers and what they mean.

    ``answers`` are listed as a form shows them; those in ``agree`` count as agreement, those in
    ``not_applicable`` ("I do not teach") as no answer at all, and every other answer as not
    agreeing. ``synonyms`` are other ways an export writes an answer (``"5"`` for ``"Strongly
    agree"`` from a rating question). Answers are compared without regard to case or spacing.
    """

    name: str = attrs.field(validator=_valid_id)
    answers: tuple[str, ...]
    agree: tuple[str, ...]
    not_applicable: tuple[str, ...] = ()
    synonyms: Mapping[str, str] = attrs.field(factory=dict)

    def problems(self, path: str) -> list[Problem]:
        """Answers counted as agreement (or not applicable) that the scale does not offer,
        synonyms of no answer, an answer listed twice."""
        found = []
        offered = {normalise_answer(answer) for answer in self.answers}
        if len(self.answers) < 2:
            found.append(Problem(f"{path}.answers", "a scale needs two or more answers"))
        if len(offered) != len(self.answers):
            found.append(Problem(f"{path}.answers", "an answer is listed twice"))
        if not self.agree:
            found.append(Problem(f"{path}.agree", "name the answers that count as agreement"))
        for key, listed in (("agree", self.agree), ("not_applicable", self.not_applicable)):
            for answer in listed:
                if normalise_answer(answer) not in offered:
                    found.append(
                        Problem(
                            f"{path}.{key}",
                            f"{answer!r} is not one of the answers",
                            closest(answer, self.answers),
                        )
                    )
        both = {normalise_answer(a) for a in self.agree} & {
            normalise_answer(a) for a in self.not_applicable
        }
        for answer in sorted(both):
            found.append(
                Problem(f"{path}.not_applicable", f"{answer!r} cannot both agree and not apply")
            )
        for synonym, answer in self.synonyms.items():
            if normalise_answer(answer) not in offered:
                found.append(
                    Problem(
                        f"{path}.synonyms.{synonym}",
                        f"{answer!r} is not one of the answers",
                        closest(answer, self.answers),
                    )
                )
        return found


_AGREEMENT = (
    "Strongly agree",
    "Agree",
    "Neither agree nor disagree",
    "Disagree",
    "Strongly disagree",
)

#: The answer scales a survey question may name without declaring them:
#:
#: * ``agreement``: strongly agree, agree, neither agree nor disagree, disagree, strongly
#:   disagree (the first two agree); a rating from 5 (strongly agree) down to 1 reads the same;
#: * ``yes_no``: yes (agrees), no;
#: * ``yes_not_sure_no``: yes (agrees), not sure, no: plain words for pupils.
SURVEY_SCALES: Mapping[str, SurveyScale] = {
    "agreement": SurveyScale(
        "agreement",
        _AGREEMENT,
        _AGREEMENT[:2],
        synonyms={
            **{str(5 - index): answer for index, answer in enumerate(_AGREEMENT)},
            "Neutral": "Neither agree nor disagree",
        },
    ),
    "yes_no": SurveyScale("yes_no", ("Yes", "No"), ("Yes",)),
    "yes_not_sure_no": SurveyScale(
        "yes_not_sure_no",
        ("Yes", "Not sure", "No"),
        ("Yes",),
        synonyms={"Don't know": "Not sure", "Unsure": "Not sure"},
    ),
}


def _valid_group(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not SURVEY_GROUP_PATTERN.match(value):
        raise ValueError(
            f"group {value!r} must be a lowercase word such as 'staff' or 'pupils' (letters, "
            "digits and '_')"
        )


@attrs.frozen
class SurveyQuestion:
    """The survey question that measures a group's share for a proportion fact.

    ``fact`` is the proportion fact (``vision.staff_embrace``), ``group`` who is asked
    (``staff``), ``question`` the question in that group's own words, and ``scale`` its answers:
    one of :data:`SURVEY_SCALES` or a scale the framework declares. The share of the group whose
    answer agrees is the fact's value. A fact about several groups together (staff and
    governors) has a question for each.
    """

    fact: str
    group: str = attrs.field(validator=_valid_group)
    question: str
    scale: str = "agreement"


@attrs.frozen
class Framework:
    """A self-review framework: identity, source, level scale, sections of strands.

    ``scale`` lists levels from worst to best. ``bands`` overrides the core's proportion bands.
    ``entailments`` say what follows from what the evidence gives (see :class:`Entailment`).
    ``needs`` names facts the framework reads that another plugin declares, with that plugin
    (``{"budget.tco_counted": "refresh"}``): without it the engine does not build, and says
    which plugin to install. ``surveys`` are the survey questions for its facts about a group's
    share (see :class:`SurveyQuestion`), with any answer scales of its own in
    ``survey_scales``. ``origin`` and ``lines`` say where a framework read from a file
    came from (the file, and the line of each criterion's and entailment's id), so that errors
    in its conditions name the file and line.
    """

    id: str = attrs.field(validator=_valid_id)
    title: str
    version: str
    source: str
    scale: tuple[Level, ...]
    sections: tuple[Section, ...]
    bands: BandScale | None = None
    description: str = ""
    entailments: tuple[Entailment, ...] = ()
    needs: Mapping[str, str] = attrs.field(factory=dict)
    surveys: tuple[SurveyQuestion, ...] = ()
    survey_scales: tuple[SurveyScale, ...] = ()
    origin: str | None = attrs.field(default=None, eq=False)
    lines: Mapping[str, int] = attrs.field(factory=dict, eq=False, repr=False)

    def where(self, item_id: str) -> str:
        """`` (file, line N)`` for a criterion or entailment id read from a file, else ``""``."""
        line = self.lines.get(item_id)
        if self.origin is None or line is None:
            return ""
        return f" ({self.origin}, line {line})"

    @property
    def strands(self) -> tuple[Strand, ...]:
        """Every strand, in section order."""
        return tuple(strand for section in self.sections for strand in section.strands)

    def strand(self, code: str) -> Strand:
        """The strand with this code (``KeyError`` if there is none)."""
        for strand in self.strands:
            if strand.code == code:
                return strand
        raise KeyError(code)

    def section_of(self, code: str) -> Section:
        """The section holding a strand."""
        for section in self.sections:
            if any(strand.code == code for strand in section.strands):
                return section
        raise KeyError(code)

    def label(self, level: int) -> str:
        """The label of a level on the scale."""
        for entry in self.scale:
            if entry.value == level:
                return entry.label
        raise KeyError(level)

    def rank(self, level: int) -> int:
        """Position of a level from worst (0) to best; ``KeyError`` for a level not on the
        scale."""
        try:
            return self._ranks[level]
        except KeyError:
            raise KeyError(level) from None

    @functools.cached_property
    def _ranks(self) -> dict[int, int]:
        return {entry.value: position for position, entry in enumerate(self.scale)}

    @property
    def survey_groups(self) -> tuple[str, ...]:
        """The groups its survey questions ask, sorted."""
        return tuple(sorted({question.group for question in self.surveys}))

    def survey_scale(self, name: str) -> SurveyScale:
        """A scale by name: one the framework declares, else a built-in one (``KeyError`` if
        there is none)."""
        for scale in self.survey_scales:
            if scale.name == name:
                return scale
        return SURVEY_SCALES[name]

    def problems(self) -> list[Problem]:
        """Structural faults: duplicate codes, levels off the scale, criteria on the lowest,
        survey questions asked twice or on a scale that does not exist."""
        found: list[Problem] = []
        values = [level.value for level in self.scale]
        for index, value in enumerate(values):
            if type(value) is not int:  # 2.5, True or "2" would not read back from JSON
                found.append(
                    Problem(f"scale[{index}].value", f"expected a whole number, got {value!r}")
                )
        if len(values) < 2:
            found.append(Problem("scale", "a scale needs two or more levels"))
        if len(set(values)) != len(values):
            found.append(Problem("scale", "a level value appears twice"))
        seen_strands: set[str] = set()
        seen_criteria: set[str] = set()
        for strand in self.strands:
            path = f"strand {strand.code}"
            if strand.code in seen_strands:
                found.append(Problem(path, "strand code used twice"))
            seen_strands.add(strand.code)
            given = [rules.level for rules in strand.levels]
            missing = [v for v in values if v not in given]
            extra = [v for v in given if v not in values]
            if missing:
                found.append(Problem(path, f"no descriptor for level(s) {missing}"))
            if extra:
                found.append(Problem(path, f"level(s) {extra} are not on the scale {values}"))
            if len(set(given)) != len(given):
                found.append(Problem(path, "a level is described twice"))
            for rules in strand.levels:
                if values and rules.level == values[0] and rules.criteria:
                    found.append(
                        Problem(
                            f"{path} level {rules.level}",
                            "the lowest level takes no criteria: every school is at least there",
                        )
                    )
                for criterion in rules.criteria:
                    if criterion.id in seen_criteria:
                        found.append(
                            Problem(
                                f"{path} criterion {criterion.id}",
                                "criterion id used twice in the framework",
                            )
                        )
                    seen_criteria.add(criterion.id)
        seen_entailments: set[str] = set()
        for entailment in self.entailments:
            if entailment.id in seen_entailments:
                found.append(Problem(f"entailment {entailment.id}", "entailment id used twice"))
            seen_entailments.add(entailment.id)
            if not entailment.then:
                found.append(Problem(f"entailment {entailment.id}", "'then' names no fact"))
        found.extend(self._survey_problems())
        return found

    def _survey_problems(self) -> list[Problem]:
        found: list[Problem] = []
        names: set[str] = set()
        for index, scale in enumerate(self.survey_scales):
            path = f"survey_scales[{index}]"
            if scale.name in SURVEY_SCALES:
                found.append(
                    Problem(
                        f"{path}.name", f"{scale.name!r} is a built-in scale: choose another name"
                    )
                )
            elif scale.name in names:
                found.append(Problem(f"{path}.name", f"scale {scale.name!r} is declared twice"))
            names.add(scale.name)
            found.extend(scale.problems(path))
        known = [*SURVEY_SCALES, *names]
        asked: set[tuple[str, str]] = set()
        worded: set[tuple[str, str]] = set()
        for index, question in enumerate(self.surveys):
            path = f"surveys[{index}]"
            if (question.fact, question.group) in asked:
                found.append(Problem(path, f"{question.fact} is asked of {question.group} twice"))
            asked.add((question.fact, question.group))
            wording = (question.group, normalise_answer(question.question))
            if wording in worded:
                found.append(
                    Problem(
                        f"{path}.question",
                        f"{question.group} are asked this question for another fact too: "
                        "word each question of a group differently",
                    )
                )
            worded.add(wording)
            if question.scale not in known:
                found.append(
                    Problem(
                        f"{path}.scale",
                        f"unknown scale {question.scale!r}; built in: "
                        f"{', '.join(SURVEY_SCALES)}, or declare it in survey_scales",
                        closest(question.scale, known),
                    )
                )
        return found


@attrs.frozen
class ExtraCriterion:
    """A criterion one plugin adds to a level of another plugin's framework strand."""

    framework: str
    strand: str
    level: int
    criterion: Criterion


@attrs.frozen
class FrameworkFile:
    """What a framework data file holds: the framework and the facts it declares."""

    framework: Framework
    facts: tuple[FactSpec, ...] = ()


def read_framework_file(path: str | Path) -> FrameworkFile:
    """Read a framework data file (TOML, JSON or YAML).

    Raises :class:`FrameworkError` listing every problem with its path in the file.
    """
    from .files import read_document

    data = read_document(path, error=FrameworkError)
    read = framework_from_mapping(data, source=str(path))
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):  # pragma: no cover - it was just read
        return read
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _ID_LINE.match(line)
        if match:
            lines.setdefault(match.group(1), number)
    framework = attrs.evolve(read.framework, origin=str(path), lines=lines)
    return FrameworkFile(framework, read.facts)


def framework_from_mapping(data: Any, source: str | None = None) -> FrameworkFile:
    """Structure a framework document (as read from TOML): the framework's fields at the top
    level and its fact declarations under ``facts``. Raises :class:`FrameworkError`."""
    from ._convert import structure_with_problems

    if not isinstance(data, Mapping):
        raise FrameworkError(source, [Problem("", "expected a table at the top level")])
    document = dict(data)
    facts_data = document.pop("facts", [])
    framework, problems = structure_with_problems(document, Framework)
    facts, fact_problems = structure_with_problems(facts_data, tuple[FactSpec, ...], "$.facts")
    problems.extend(fact_problems)
    if framework is not None:
        problems.extend(framework.problems())
    if problems:
        raise FrameworkError(source, problems)
    return FrameworkFile(framework, facts)
