"""From replies to facts: per group, the share agreeing, as the confidence interval of the share.

For each fact and group, the replies from that group are counted: how many replied, how many
answered the question (an answer on the scale that applies to them), how many agree. The
share that agrees is an estimate of the whole group's, so the fact is given as bounds, the
Wilson score interval (:mod:`.wilson`), with its provenance: source ``survey``, the date of the
last reply, and a note such as ``28 of 41 staff replied (68%); 19 agree``. A criterion whose
threshold lies inside the interval stays unknown.

A fact stays unknown, with the reason, when fewer than the minimum number of members answered
(unless every member did), when a group the framework asks is missing, or when a fact about
several groups lacks a group's size to weigh their shares by.

Only counts leave this module: no e-mail address, name or written answer reaches the evidence,
a report or the store.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import EvidenceError, Problem
from ..evidence import Evidence, Provenance, evidence_from_mapping
from ..facts import FactSpec
from ..frameworks import Framework
from ..partial import Bounds
from .errors import Notice, SurveyError
from .mapping import SurveyMapping, check_mapping, mapping_from_data, read_mapping
from .replies import AGREE, BLANK, NOT_APPLICABLE, Replies, Reply, read_replies
from .wilson import wilson_interval

if TYPE_CHECKING:
    from ..engine import Engine

__all__ = [
    "GroupTally",
    "SurveyFact",
    "SurveyResult",
    "merge_evidence",
    "read_surveys",
    "survey_result",
    "widened",
]

#: Decimal places of the bounds written to evidence (rounded outwards, so they still hold).
_PLACES = 3


def widened(low: float, high: float) -> tuple[float, float]:
    """An interval's ends to :data:`_PLACES` decimal places, rounded outwards (down and up), so
    that what is written still holds the interval: the evidence, and every report of it."""
    return math.floor(low * 10**_PLACES) / 10**_PLACES, math.ceil(high * 10**_PLACES) / 10**_PLACES


@attrs.frozen
class GroupTally:
    """One group's answers to one fact's question.

    ``replied`` counts the group's replies (after duplicates); ``answered`` those that gave an
    answer on the scale that applies to them; ``agreed`` those that agree; ``blank`` those that
    left the question blank or were not asked it; ``not_applicable`` those whose answer says it
    does not apply to them. ``size`` is the group's size when the mapping gives it. ``low`` and
    ``high`` bound the share of the whole group that agrees, ``None`` with a ``reason`` when
    too few answered.
    """

    fact: str
    group: str
    question: str
    replied: int
    answered: int
    agreed: int
    blank: int
    not_applicable: int
    size: int | None
    last_reply: dt.date | None
    low: float | None
    high: float | None
    reason: str | None = None

    @property
    def share(self) -> float | None:
        """The share of those who answered that agree (``None`` when nobody answered)."""
        return self.agreed / self.answered if self.answered else None

    @property
    def response_rate(self) -> float | None:
        """The share of the group that replied (``None`` when the size is not known)."""
        return self.replied / self.size if self.size else None

    def note(self) -> str:
        """The counts in words: ``28 of 41 staff replied (68%); 19 agree``."""
        if self.size:
            text = (
                f"{self.replied} of {self.size} {self.group} replied "
                f"({_percent(self.replied / self.size)})"
            )
        else:
            text = f"{self.replied} {self.group} replied"
        if self.answered == self.replied:
            return f"{text}; {self.agreed} agree"
        details = []
        if self.blank:
            details.append(f"{self.blank} left it blank")
        if self.not_applicable:
            details.append(f"{self.not_applicable} said it does not apply to them")
        more = f" ({', '.join(details)})" if details else ""
        return f"{text}; {self.answered} answered this question{more}, {self.agreed} agree"


@attrs.frozen
class SurveyFact:
    """A fact measured by survey: its value (bounds, or the exact share when the whole group
    answered; ``None`` with a ``reason`` when the replies cannot say), its provenance and each
    group's tally."""

    fact: str
    tallies: tuple[GroupTally, ...]
    low: float | None
    high: float | None
    provenance: Provenance | None
    reason: str | None = None

    @property
    def known(self) -> bool:
        """Whether the survey gives the fact a value."""
        return self.low is not None and self.high is not None

    def value(self) -> Any:
        """The value as an evidence file writes it (``None`` when unknown): the share itself
        when the bounds meet, else ``{"at_least": ..., "at_most": ...}``."""
        if self.low is None or self.high is None:
            return None
        if self.low == self.high:
            return self.low
        low, high = widened(self.low, self.high)
        return low if low == high else {"at_least": low, "at_most": high}

    @property
    def share(self) -> float | None:
        """The observed share, each group weighed by its size when there are several."""
        shares = [(tally.share, tally.size or 1) for tally in self.tallies]
        if not shares or any(share is None for share, _ in shares):
            return None
        return sum((share or 0) * weight for share, weight in shares) / sum(w for _, w in shares)


@attrs.frozen
class SurveyResult:
    """What a set of survey exports says: each fact measured, each group's replies, the
    notices, the evidence it makes (``evidence``: counts only) and how it was worked out."""

    facts: tuple[SurveyFact, ...]
    groups: Mapping[str, tuple[int, int | None]]
    notices: tuple[Notice, ...]
    sources: tuple[str, ...]
    evidence: Evidence
    confidence: float
    minimum_replies: int
    framework: str
    prefer: Mapping[str, str] = attrs.field(factory=dict)
    notes: tuple[str, ...] = ()

    def fact(self, fact_id: str) -> SurveyFact:
        """The measurement of one fact (``KeyError`` when no survey asked it)."""
        for measured in self.facts:
            if measured.fact == fact_id:
                return measured
        raise KeyError(fact_id)

    def to_mapping(self) -> dict[str, Any]:
        """The evidence as a mapping in the evidence-file shape: ``{"facts": {...}}``."""
        return _evidence_data(self.facts)

    def to_dict(self) -> dict[str, Any]:
        """Everything counted, as JSON-ready data (counts and shares only)."""
        return {
            "framework": self.framework,
            "confidence": self.confidence,
            "minimum_replies": self.minimum_replies,
            "sources": list(self.sources),
            "groups": {
                group: {"replied": replied, "size": size}
                for group, (replied, size) in sorted(self.groups.items())
            },
            "facts": [
                {
                    "fact": measured.fact,
                    "value": measured.value(),
                    "share": measured.share,
                    "low": measured.low,
                    "high": measured.high,
                    "reason": measured.reason,
                    "note": measured.provenance.note if measured.provenance else None,
                    "date": _iso(measured.provenance.date if measured.provenance else None),
                    "groups": [
                        {
                            "group": tally.group,
                            "question": tally.question,
                            "replied": tally.replied,
                            "size": tally.size,
                            "answered": tally.answered,
                            "agreed": tally.agreed,
                            "blank": tally.blank,
                            "not_applicable": tally.not_applicable,
                            "share": tally.share,
                            "low": tally.low,
                            "high": tally.high,
                            "last_reply": _iso(tally.last_reply),
                            "reason": tally.reason,
                        }
                        for tally in measured.tallies
                    ],
                }
                for measured in self.facts
            ],
            "notices": [str(notice) for notice in self.notices],
        }

    def to_toml(self) -> str:
        """The evidence as a TOML evidence file, with comments on how it was worked out and the
        reason for each fact left unknown."""
        names = ", ".join(Path(source).name for source in self.sources)
        lines = [
            f"# Evidence from surveys ({names}), written by 'ictrules survey' for "
            f"{self.framework}.",
            "# Only counts are kept: no names, e-mail addresses or written answers.",
            f"# Each share is the {_level(self.confidence)} confidence interval of the share of "
            "the group that agrees (Wilson",
            "# score interval, corrected for the group's size where it is known): a threshold "
            "inside the",
            "# interval stays unknown. Copy these lines into the school's evidence file, or "
            "assess the",
            "# exports beside it: ictrules assess school.toml --survey FILE --survey-mapping FILE",
            "",
            "[facts]",
        ]
        for measured in self.facts:
            value = measured.value()
            if value is None:
                lines.append(f"# {measured.fact}: unknown: {measured.reason}")
                continue
            entry = dict(value) if isinstance(value, dict) else {"value": value}
            provenance = measured.provenance
            if provenance is not None:
                entry["source"] = provenance.source
                if provenance.date is not None:
                    entry["date"] = provenance.date
                entry["note"] = provenance.note
            lines.append(f"{measured.fact} = {{ {_toml_inline(entry)} }}")
        return "\n".join(lines) + "\n"


def _percent(share: float) -> str:
    """A share as a whole percentage: ``68%``."""
    return f"{share:.0%}"


def _level(confidence: float) -> str:
    """A confidence level as people write it: ``95%``, ``97.5%``."""
    text = f"{confidence * 100:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _toml_inline(entry: Mapping[str, Any]) -> str:
    parts = []
    for key, value in entry.items():
        if isinstance(value, dt.date):
            shown = value.isoformat()
        elif isinstance(value, str):
            shown = _toml_string(value)
        else:
            shown = repr(float(value))
        parts.append(f"{key} = {shown}")
    return ", ".join(parts)


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(
        f"\\u{ord(character):04x}" if ord(character) < 32 or ord(character) == 127 else character
        for character in escaped
    )
    return f'"{escaped}"'


def _evidence_data(facts: Sequence[SurveyFact]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for measured in facts:
        value = measured.value()
        if value is None:
            continue
        entry = dict(value) if isinstance(value, dict) else {"value": value}
        if measured.provenance is not None:
            entry["source"] = "survey"
            if measured.provenance.date is not None:
                entry["date"] = measured.provenance.date.isoformat()
            entry["note"] = measured.provenance.note
        data[measured.fact] = entry
    return {"facts": data}


# --- reading and counting ----------------------------------------------------------------------


def read_surveys(
    engine: Engine,
    replies: Sequence[str | Path],
    mapping: SurveyMapping | Mapping[str, Any] | str | Path | None = None,
    framework: str | None = None,
    *,
    as_of: dt.date | None = None,
) -> SurveyResult:
    """Read survey exports (``.csv``, ``.xlsx``) and turn them into evidence for ``framework``
    (the only one installed when ``None``).

    ``mapping`` is a :class:`~.mapping.SurveyMapping`, a mapping in its file's shape, or the
    path of the file; without one, columns are matched to the framework's questions and each
    file's group told from them. With ``as_of`` (the assessment's date), only the replies sent
    by then are counted. Raises :class:`~.errors.SurveyError` listing every problem.
    """
    chosen = engine.framework(framework)
    return survey_result(chosen, engine.facts, replies, _mapping(mapping), as_of=as_of)


def _mapping(mapping: SurveyMapping | Mapping[str, Any] | str | Path | None) -> SurveyMapping:
    if mapping is None:
        return SurveyMapping()
    if isinstance(mapping, SurveyMapping):
        return mapping
    if isinstance(mapping, str | Path):
        return read_mapping(mapping)
    return mapping_from_data(mapping)


def survey_result(
    framework: Framework,
    facts: Mapping[str, FactSpec],
    replies: Sequence[str | Path],
    mapping: SurveyMapping,
    *,
    as_of: dt.date | None = None,
) -> SurveyResult:
    """:func:`read_surveys` with the framework and the declared facts given directly."""
    problems = check_mapping(mapping, framework, facts)
    if problems:
        raise SurveyError(mapping.source, problems)
    if not replies:
        raise SurveyError(None, [Problem("", "no survey export given")])
    read = read_replies(replies, mapping, framework, as_of)
    by_group: dict[str, list[Reply]] = {}
    for reply in read.replies:
        by_group.setdefault(reply.group, []).append(reply)
    _check_sizes(mapping, by_group)
    measured = _measure(framework, mapping, read, by_group)
    evidence = evidence_from_mapping(
        _evidence_data(measured), facts, ", ".join(str(path) for path in replies)
    )
    notes = tuple(f"{f.source}: {note}" for f in read.files for note in f.notes)
    return SurveyResult(
        facts=tuple(measured),
        groups={
            group: (len(rows), spec.size if (spec := mapping.groups.get(group)) else None)
            for group, rows in sorted(by_group.items())
        },
        notices=read.notices,
        sources=tuple(str(path) for path in replies),
        evidence=evidence,
        confidence=mapping.confidence,
        minimum_replies=mapping.minimum_replies,
        framework=framework.id,
        prefer=dict(mapping.prefer),
        notes=notes,
    )


def _check_sizes(mapping: SurveyMapping, by_group: Mapping[str, list[Reply]]) -> None:
    problems = []
    for group, replies in sorted(by_group.items()):
        spec = mapping.groups.get(group)
        if spec is None or spec.size is None or len(replies) <= spec.size:
            continue
        where: dict[str, list[int]] = {}
        for reply in replies:
            where.setdefault(reply.source, []).append(reply.row)
        listed = "; ".join(f"{source} {_span(rows)}" for source, rows in where.items())
        problems.append(
            Problem(
                f"groups.{group}.size",
                f"{len(replies)} replies from {group} ({listed}) but the group has {spec.size} "
                "members",
                "check the size; look for replies from people outside the group, or the same "
                "person twice without an e-mail address or respondent id to tell",
            )
        )
    if problems:
        raise SurveyError(mapping.source or "the survey mapping", problems)


def _span(rows: Sequence[int]) -> str:
    return f"row {rows[0]}" if len(rows) == 1 else f"rows {min(rows)}-{max(rows)}"


def _measure(
    framework: Framework,
    mapping: SurveyMapping,
    read: Replies,
    by_group: Mapping[str, list[Reply]],
) -> list[SurveyFact]:
    asked: dict[str, list[str]] = {}
    for question in framework.surveys:
        asked.setdefault(question.fact, []).append(question.group)
    tallied: dict[str, dict[str, GroupTally]] = {}
    for fact, group in sorted(read.wording):
        tally = _tally(fact, group, read.wording[fact, group], by_group.get(group, []), mapping)
        tallied.setdefault(fact, {})[group] = tally
    measured = []
    for fact, tallies in sorted(tallied.items()):
        groups = asked.get(fact) or sorted(tallies)
        measured.append(_combine(fact, groups, tallies, framework))
    return measured


def _tally(
    fact: str, group: str, question: str, replies: Sequence[Reply], mapping: SurveyMapping
) -> GroupTally:
    spec = mapping.groups.get(group)
    size = spec.size if spec else None
    answers = [reply.answers.get(fact, BLANK) for reply in replies]
    agreed = answers.count(AGREE)
    blank = answers.count(BLANK)
    not_applicable = answers.count(NOT_APPLICABLE)
    answered = len(answers) - blank - not_applicable
    days = [day for reply in replies if (day := reply.day) is not None]
    tally = GroupTally(
        fact,
        group,
        question,
        len(replies),
        answered,
        agreed,
        blank,
        not_applicable,
        size,
        max(days) if days else None,
        None,
        None,
    )
    # those who said the question does not apply are not in the population it asks about
    population = size - not_applicable if size is not None else None
    everyone = population is not None and answered >= population
    if answered == 0:
        return attrs.evolve(tally, reason=f"no {group} answered the question")
    if answered < mapping.minimum_replies and not everyone:
        return attrs.evolve(
            tally,
            reason=f"only {answered} {group} answered the question; at least "
            f"{mapping.minimum_replies} answers are needed for a share (minimum_replies)",
        )
    low, high = wilson_interval(agreed, answered, population, mapping.confidence)
    return attrs.evolve(tally, low=low, high=high)


def _combine(
    fact: str, groups: Sequence[str], tallies: Mapping[str, GroupTally], framework: Framework
) -> SurveyFact:
    present = tuple(tallies[group] for group in groups if group in tallies)
    notes = [tally.note() for tally in present]
    days = [tally.last_reply for tally in present if tally.last_reply is not None]
    provenance = Provenance("survey", max(days) if days else None, ". ".join(notes))
    missing = [group for group in groups if group not in tallies]
    if missing:
        together = " and ".join(groups)
        return SurveyFact(
            fact,
            present,
            None,
            None,
            provenance,
            f"{framework.id} asks {' and '.join(missing)} too ({fact} is about {together} "
            "together), and no export has their replies",
        )
    for tally in present:
        if tally.reason is not None:
            return SurveyFact(fact, present, None, None, provenance, tally.reason)
    if len(present) == 1:
        return SurveyFact(fact, present, present[0].low, present[0].high, provenance)
    unsized = [tally.group for tally in present if not tally.size]
    if unsized:
        return SurveyFact(
            fact,
            present,
            None,
            None,
            provenance,
            f"{fact} is about {' and '.join(groups)} together, whose shares are weighed by "
            f"their sizes: give the size of {' and '.join(unsized)} in the mapping's groups",
        )
    total = sum(tally.size or 0 for tally in present)
    low = sum((tally.low or 0) * (tally.size or 0) for tally in present) / total
    high = sum((tally.high or 0) * (tally.size or 0) for tally in present) / total
    if all(tally.low == tally.high for tally in present):
        high = low
    return SurveyFact(fact, present, low, high, provenance)


# --- merging -----------------------------------------------------------------------------------


def merge_evidence(
    evidence: Evidence,
    survey: SurveyResult,
    *,
    prefer: Mapping[str, str] | None = None,
) -> Evidence:
    """The school's evidence with the facts a survey measured: one evidence to assess.

    A fact that both give is a problem naming both, unless ``prefer`` (by default the survey
    mapping's ``[prefer]`` table) says which to use for it: ``"survey"`` or ``"school"``.
    Everything else of the school's evidence (its school, own judgements, source) is kept.
    """
    chosen = dict(survey.prefer if prefer is None else prefer)
    values = dict(evidence.facts)
    provenance = dict(evidence.provenance)
    problems = []
    for fact, value in survey.evidence.facts.items():
        if fact in values and chosen.get(fact) != "survey":
            if chosen.get(fact) == "school":
                continue
            measured = survey.fact(fact)
            note = measured.provenance.note if measured.provenance else ""
            problems.append(
                Problem(
                    f"facts.{fact}",
                    f"given both by the evidence file ({_shown(values[fact])}) and by the "
                    f"survey ({_shown(value)}; {note})",
                    f'choose one: add "{fact}" = "survey" (or "school") under [prefer] in the '
                    "survey mapping, or leave the fact out of the evidence file",
                )
            )
            continue
        values[fact] = value
        provenance.pop(fact, None)
        if fact in survey.evidence.provenance:
            provenance[fact] = survey.evidence.provenance[fact]
    if problems:
        raise EvidenceError(evidence.source, problems)
    return attrs.evolve(evidence, facts=values, provenance=provenance)


def _shown(value: Any) -> str:
    """A proportion as people write it: ``62%``, ``29% to 71%``, a band's name."""
    if isinstance(value, Bounds):
        low = value.at_least if value.at_least is not None else value.more_than
        high = value.at_most if value.at_most is not None else value.less_than
        ends = ["?" if end is None else _shown(end) for end in (low, high)]
        return f"{ends[0]} to {ends[1]}"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:.0%}"
    return str(value).replace("_", " ")
