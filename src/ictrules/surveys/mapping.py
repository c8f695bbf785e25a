"""The survey mapping: a small file that says how to read a school's survey exports.

Everything in it is optional: exports of forms built from ``ictrules survey-questions`` are read
without one, their columns matched to the framework's questions. A mapping adds what only the
school knows::

    confidence = 0.95           # the confidence level of each share's interval
    minimum_replies = 5         # fewer answers than this leave a fact unknown
    role_column = "I am ..."    # the column that says which group each reply is from
    date_format = "%m/%d/%Y"    # how reply times are written, when the dates cannot tell

    [groups.staff]
    size = 41                   # how many staff there are: response rate, and a narrower interval
    files = ["staff*.xlsx"]     # every reply in these files is from staff
    answers = ["Teacher", "Teaching assistant"]   # answers of the role column that mean staff

    [[questions]]               # a column whose header is not the framework's question
    column = "Do you back our ICT vision?"
    fact = "vision.staff_embrace"      # or facts = { staff = "...", governors = "..." }
    agree = ["Strongly agree", "Agree"]

    [prefer]                    # facts the school's evidence gives too: which to use
    "vision.staff_embrace" = "survey"

:func:`read_mapping` reads the file; every fault is a :class:`~.errors.SurveyError` naming its
key. What needs the framework (facts, scales, groups) is checked by :func:`check_mapping`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..errors import Problem, closest
from ..facts import FactSpec, FactType
from ..files import preview, read_document
from ..frameworks import SURVEY_GROUP_PATTERN, SURVEY_SCALES, Framework, SurveyScale
from .errors import SurveyError
from .wilson import DEFAULT_CONFIDENCE

__all__ = [
    "MINIMUM_REPLIES",
    "PREFER_CHOICES",
    "GroupSpec",
    "QuestionSpec",
    "SurveyMapping",
    "check_mapping",
    "mapping_from_data",
    "read_mapping",
]

#: How many answers a question needs from a group before its share is given (unless every
#: member answered): fewer leave the fact unknown, with the reason.
MINIMUM_REPLIES = 5

#: What ``prefer`` may choose for a fact that both the school's evidence and a survey give.
PREFER_CHOICES = ("survey", "school")

_TOP = (
    "confidence",
    "minimum_replies",
    "role_column",
    "respondent_column",
    "sheet",
    "date_format",
    "groups",
    "questions",
    "prefer",
)
_GROUP_KEYS = ("size", "files", "answers")
_QUESTION_KEYS = ("column", "fact", "facts", "scale", "answers", "agree", "not_applicable")


@attrs.frozen
class GroupSpec:
    """What the school knows about one group: how many members it has (``size``), the export
    files all of whose replies are from it (``files``, names or patterns such as
    ``"staff*.xlsx"``), and the answers of the role column that mean it (``answers``; the
    group's own name, singular or plural, always does)."""

    name: str
    size: int | None = None
    files: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()


@attrs.frozen
class QuestionSpec:
    """A column of the exports read as a survey question: the ``column`` header, the fact it
    measures (``fact``, or ``facts`` by group), and optionally its scale: a scale's name, or
    the ``answers`` themselves with those that ``agree`` and those ``not_applicable``. Given
    alone, ``agree`` changes which answers of the question's scale count as agreement."""

    column: str
    fact: str | None = None
    facts: Mapping[str, str] = attrs.field(factory=dict)
    scale: str | None = None
    answers: tuple[str, ...] = ()
    agree: tuple[str, ...] = ()
    not_applicable: tuple[str, ...] = ()

    def fact_for(self, group: str) -> str | None:
        """The fact this column measures for a reply from ``group``."""
        return self.facts.get(group, self.fact if not self.facts else None)

    def own_scale(self) -> SurveyScale | None:
        """The scale the mapping declares for this column, when it lists the answers."""
        if not self.answers:
            return None
        return SurveyScale("mapping", self.answers, self.agree, self.not_applicable)


@attrs.frozen
class SurveyMapping:
    """How to read a school's survey exports (see the module's documentation for the file)."""

    groups: Mapping[str, GroupSpec] = attrs.field(factory=dict)
    questions: tuple[QuestionSpec, ...] = ()
    role_column: str | None = None
    respondent_column: str | None = None
    confidence: float = DEFAULT_CONFIDENCE
    minimum_replies: int = MINIMUM_REPLIES
    prefer: Mapping[str, str] = attrs.field(factory=dict)
    sheet: str | None = None
    source: str | None = attrs.field(default=None, eq=False)
    date_format: str | None = None


def read_mapping(path: str | Path) -> SurveyMapping:
    """Read a survey mapping file (TOML, JSON or YAML); raise :class:`SurveyError` listing
    every fault with its key."""
    data = read_document(path, error=SurveyError)
    return mapping_from_data(data, str(path))


def mapping_from_data(data: Any, source: str | None = None) -> SurveyMapping:
    """A survey mapping from plain data in the file's shape (a Python mapping will do)."""
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise SurveyError(source, [Problem("", "expected a table at the top level")])
    for key in data:
        if key not in _TOP:
            problems.append(Problem(str(key), "unknown key", closest(str(key), _TOP)))
    confidence = data.get("confidence", DEFAULT_CONFIDENCE)
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not 0.5 <= confidence < 1
    ):
        problems.append(
            Problem(
                "confidence",
                "expected a confidence level from 0.5 up to (not including) 1, got "
                f"{preview(confidence)}",
                "0.95 is usual; 0.9 gives narrower intervals that are wrong more often",
            )
        )
        confidence = DEFAULT_CONFIDENCE
    minimum = data.get("minimum_replies", MINIMUM_REPLIES)
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
        problems.append(
            Problem(
                "minimum_replies", f"expected a whole number of 1 or more, got {preview(minimum)}"
            )
        )
        minimum = MINIMUM_REPLIES
    texts = {
        key: _text(data, key, problems)
        for key in ("role_column", "respondent_column", "sheet", "date_format")
    }
    if texts["date_format"] is not None and not _a_date_format(texts["date_format"]):
        problems.append(
            Problem(
                "date_format",
                f"{preview(texts['date_format'])} is not a date format with %d, %m and %Y",
                "for replies written 6/30/2026, give %m/%d/%Y",
            )
        )
    groups = _groups(data.get("groups", {}), problems)
    questions = _questions(data.get("questions", []), problems)
    prefer = _prefer(data.get("prefer", {}), problems)
    if problems:
        raise SurveyError(source, problems)
    return SurveyMapping(
        groups,
        questions,
        texts["role_column"],
        texts["respondent_column"],
        float(confidence),
        minimum,
        prefer,
        texts["sheet"],
        source,
        texts["date_format"],
    )


def _a_date_format(text: str) -> bool:
    """Whether ``text`` is a strptime format naming the day, the month and the year."""
    return all(code in text for code in ("%d", "%m")) and ("%Y" in text or "%y" in text)


def _text(data: Mapping[str, Any], key: str, problems: list[Problem]) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(key, f"expected text, got {preview(value)}"))
        return None
    return value


def _texts(value: Any, path: str, problems: list[Problem]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(Problem(path, f"expected a list of text, got {preview(value)}"))
        return ()
    return tuple(value)


def _groups(raw: Any, problems: list[Problem]) -> dict[str, GroupSpec]:
    if not isinstance(raw, Mapping):
        problems.append(Problem("groups", "expected a table of groups: [groups.staff]"))
        return {}
    groups = {}
    for name, entry in raw.items():
        path = f"groups.{name}"
        if not SURVEY_GROUP_PATTERN.match(str(name)):
            problems.append(
                Problem(path, "a group's name is a lowercase word such as 'staff' or 'pupils'")
            )
            continue
        if not isinstance(entry, Mapping):
            problems.append(Problem(path, "expected a table with size, files or answers"))
            continue
        for key in entry:
            if key not in _GROUP_KEYS:
                problems.append(
                    Problem(f"{path}.{key}", "unknown key", closest(str(key), _GROUP_KEYS))
                )
        size = entry.get("size")
        if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 1):
            problems.append(
                Problem(
                    f"{path}.size",
                    f"expected how many members, a whole number, got {preview(size)}",
                )
            )
            size = None
        files = _texts(entry.get("files", []), f"{path}.files", problems)
        answers = _texts(entry.get("answers", []), f"{path}.answers", problems)
        groups[str(name)] = GroupSpec(str(name), size, files, answers)
    return groups


def _questions(raw: Any, problems: list[Problem]) -> tuple[QuestionSpec, ...]:
    if not isinstance(raw, list):
        problems.append(Problem("questions", "expected a list of questions: [[questions]]"))
        return ()
    questions = []
    for index, entry in enumerate(raw):
        path = f"questions[{index}]"
        if not isinstance(entry, Mapping):
            problems.append(Problem(path, "expected a table with column and fact"))
            continue
        for key in entry:
            if key not in _QUESTION_KEYS:
                problems.append(
                    Problem(f"{path}.{key}", "unknown key", closest(str(key), _QUESTION_KEYS))
                )
        column = entry.get("column")
        if not isinstance(column, str) or not column.strip():
            problems.append(Problem(f"{path}.column", "expected the column's header, as text"))
            continue
        fact = entry.get("fact")
        facts = entry.get("facts", {})
        if fact is not None and not isinstance(fact, str):
            problems.append(Problem(f"{path}.fact", f"expected a fact id, got {preview(fact)}"))
            fact = None
        if not isinstance(facts, Mapping) or not all(
            isinstance(value, str) for value in facts.values()
        ):
            problems.append(
                Problem(f"{path}.facts", "expected a table of group = fact id: { staff = ... }")
            )
            facts = {}
        if (fact is None) == (not facts):
            problems.append(
                Problem(
                    path,
                    "give the fact the column measures: fact = ID, or facts = { GROUP = ID } "
                    "(one of them)",
                )
            )
        scale = entry.get("scale")
        if scale is not None and not isinstance(scale, str):
            problems.append(
                Problem(f"{path}.scale", f"expected a scale's name, got {preview(scale)}")
            )
            scale = None
        answers = _texts(entry.get("answers", []), f"{path}.answers", problems)
        agree = _texts(entry.get("agree", []), f"{path}.agree", problems)
        not_applicable = _texts(entry.get("not_applicable", []), f"{path}.not_applicable", problems)
        if answers and scale is not None:
            problems.append(
                Problem(f"{path}.answers", "give either a scale or the answers, not both")
            )
        if answers and not agree:
            problems.append(Problem(f"{path}.agree", "name the answers that count as agreement"))
        if not_applicable and not answers:
            problems.append(
                Problem(
                    f"{path}.not_applicable",
                    "not_applicable goes with the answers of a scale declared here",
                )
            )
        question = QuestionSpec(column, fact, dict(facts), scale, answers, agree, not_applicable)
        own = question.own_scale()
        if own is not None:
            problems.extend(own.problems(path))
        questions.append(question)
    return tuple(questions)


def _prefer(raw: Any, problems: list[Problem]) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        problems.append(Problem("prefer", 'expected a table of fact id = "survey" or "school"'))
        return {}
    prefer = {}
    for fact, choice in raw.items():
        if choice not in PREFER_CHOICES:
            problems.append(
                Problem(
                    f"prefer.{fact}",
                    f'expected "survey" or "school", got {preview(choice)}',
                    closest(str(choice), PREFER_CHOICES),
                )
            )
            continue
        prefer[str(fact)] = str(choice)
    return prefer


def check_mapping(
    mapping: SurveyMapping, framework: Framework, facts: Mapping[str, FactSpec]
) -> list[Problem]:
    """What the mapping names that the framework does not have: facts (or facts that are not
    proportions), scales, answers of a scale, groups."""
    problems: list[Problem] = []
    known_scales = sorted({*SURVEY_SCALES, *(scale.name for scale in framework.survey_scales)})
    asked: dict[str, set[str]] = {}
    for survey in framework.surveys:
        asked.setdefault(survey.fact, set()).add(survey.group)

    def check_fact(fact: str, path: str) -> None:
        spec = facts.get(fact)
        if spec is None:
            problems.append(Problem(path, f"unknown fact {preview(fact)}", closest(fact, facts)))
        elif spec.type is not FactType.PROPORTION:
            problems.append(
                Problem(
                    path,
                    f"{fact} is a {spec.type.value} fact; a survey measures a share, so the "
                    "fact must be a proportion",
                )
            )

    for index, question in enumerate(mapping.questions):
        path = f"questions[{index}]"
        if question.fact is not None:
            check_fact(question.fact, f"{path}.fact")
        for group, fact in question.facts.items():
            check_fact(fact, f"{path}.facts.{group}")
            if fact in asked and group not in asked[fact]:
                groups = " and ".join(sorted(asked[fact]))
                problems.append(
                    Problem(
                        f"{path}.facts.{group}",
                        f"{framework.id} asks {fact} of {groups}, not of {group}",
                    )
                )
        if question.scale is not None and question.scale not in known_scales:
            problems.append(
                Problem(
                    f"{path}.scale",
                    f"unknown scale {preview(question.scale)}; known: {', '.join(known_scales)}",
                    closest(question.scale, known_scales),
                )
            )
        elif question.scale is not None and question.agree:
            scale = framework.survey_scale(question.scale)
            problems.extend(attrs.evolve(scale, agree=question.agree).problems(path))
    for fact in mapping.prefer:
        check_fact(fact, f"prefer.{fact}")
    surveyed = sorted({survey.group for survey in framework.surveys})
    for name in mapping.groups:
        if surveyed and name not in surveyed:
            problems.append(
                Problem(
                    f"groups.{name}",
                    f"{framework.id} surveys no group {preview(name)}; its groups: "
                    f"{', '.join(surveyed)}",
                    closest(name, surveyed)
                    or f"name the group as the framework does, and list {preview(name)} among its "
                    "answers",
                )
            )
    return problems
