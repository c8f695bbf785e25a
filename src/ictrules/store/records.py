"""What the store hands back: one saved assessment in full, or a line about it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from .._convert import dumps
from ..assessments import Assessment
from ..evidence import Evidence, OwnJudgement, Provenance, School
from ..partial import partial_from_data

__all__ = ["AssessmentSummary", "StoredAssessment", "evidence_from_document"]


@attrs.frozen
class StoredAssessment:
    """A saved assessment, exactly as it was saved, with where it sits among framework versions.

    ``id`` is the store's number for it (assessments are numbered in the order they were
    saved). ``outdated`` is true when the store holds assessments under a newer version of the
    framework (``latest_version``); the assessment itself is unchanged and fully readable.
    """

    id: int
    school: School
    framework: str
    framework_version: str
    as_of: dt.date
    engine_version: str
    plugins: Mapping[str, str]
    evidence: Evidence
    assessment: Assessment
    latest_version: str

    @property
    def outdated(self) -> bool:
        """True when the framework has a newer version in the store than this assessment's."""
        return self.framework_version != self.latest_version

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: the evidence as submitted and the assessment's JSON form."""
        return {
            "id": self.id,
            "school": {"id": self.school.id, "name": self.school.name},
            "framework": self.framework,
            "framework_version": self.framework_version,
            "latest_version": self.latest_version,
            "outdated": self.outdated,
            "as_of": self.as_of.isoformat(),
            "engine_version": self.engine_version,
            "plugins": dict(self.plugins),
            "evidence": self.evidence.to_mapping(),
            "assessment": self.assessment.to_dict(),
        }

    def to_json(self) -> str:
        """The record as deterministic JSON."""
        return dumps(self.to_dict())


@attrs.frozen
class AssessmentSummary:
    """One line of a store listing: which school, framework version and date, by id."""

    id: int
    school: School
    framework: str
    framework_version: str
    as_of: dt.date


def evidence_from_document(
    document: Mapping[str, Any], date_facts: tuple[str, ...] = (), source: str | None = None
) -> Evidence:
    """Rebuild :class:`~ictrules.Evidence` from what :meth:`Evidence.to_mapping` produced.

    Values are already checked, so no fact declarations are needed; ``date_facts`` names the
    facts whose ISO text stands for a date.
    """
    facts: dict[str, Any] = {}
    provenance: dict[str, Provenance] = {}
    dates = set(date_facts)
    for fact, entry in document.get("facts", {}).items():
        value: Any
        partial = None
        if isinstance(entry, Mapping):
            partial = partial_from_data(entry, dates=fact in dates)
            value = entry.get("value")
            when = entry.get("date")
            if any(key in entry for key in ("source", "date", "note")):
                provenance[fact] = Provenance(
                    entry.get("source"),
                    None if when is None else dt.date.fromisoformat(when),
                    entry.get("note"),
                )
        else:
            value = entry
        if partial is None and value is None:
            continue  # left unknown: only where that was found is kept
        if partial is not None:
            value = partial
        elif fact in dates:
            value = dt.date.fromisoformat(value)
        elif isinstance(value, list):
            value = tuple(value)
        facts[fact] = value
    raw_school = document.get("school")
    school = None if raw_school is None else School(raw_school["id"], raw_school.get("name", ""))
    judgements: dict[str, OwnJudgement] = {}
    by_framework: dict[str, dict[str, OwnJudgement]] = {}
    for code, entry in document.get("judgements", {}).items():
        if "level" in entry:
            judgements[code] = OwnJudgement(entry["level"], entry.get("rationale", ""))
        else:  # a framework's judgements, keyed by strand code
            by_framework[code] = {
                strand: OwnJudgement(own["level"], own.get("rationale", ""))
                for strand, own in entry.items()
            }
    return Evidence(facts, provenance, judgements, school, source, by_framework)
