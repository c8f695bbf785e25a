"""Judgements over time and across schools: an append-only SQLite store of assessments.

::

    from ictrules.store import Store
    with Store("judgements.sqlite") as store:
        store.save(assessment, evidence, engine)
        history = store.history("URN 100000")     # each strand's level over time
        cohort = store.cohort()                   # levels across schools' latest assessments
        standing = store.standing("URN 100000")   # rank and percentile per strand

The database path is all a user gives: the schema is created and migrated by the library.
"""

from .cohort import (
    CohortSummary,
    LevelCount,
    SchoolStanding,
    StrandDistribution,
    StrandStanding,
    median_level,
    median_position,
    rank_and_percentile,
)
from .database import FrameworkSource, Store
from .errors import StoreBusyError, StoreError, UnknownAssessmentError, UnknownSchoolError
from .progress import (
    EvidenceChanges,
    FactChange,
    FactChangeKind,
    HistoryEntry,
    JudgementChange,
    SchoolHistory,
    StrandPoint,
    StrandTrack,
    compare_derived,
    compare_evidence,
)
from .records import AssessmentSummary, StoredAssessment, evidence_from_document
from .render import (
    FORMATS,
    cohort_html,
    history_chart,
    history_html,
    profile_chart,
    render_cohort,
    render_history,
)
from .versions import (
    FrameworkRevision,
    MeaningChange,
    StrandDefinition,
    StrandMeaning,
    VersionComparison,
    compare_revisions,
    revision_of,
    version_key,
)

__all__ = [
    "FORMATS",
    "AssessmentSummary",
    "CohortSummary",
    "EvidenceChanges",
    "FactChange",
    "FactChangeKind",
    "FrameworkRevision",
    "FrameworkSource",
    "HistoryEntry",
    "JudgementChange",
    "LevelCount",
    "MeaningChange",
    "SchoolHistory",
    "SchoolStanding",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoredAssessment",
    "StrandDefinition",
    "StrandDistribution",
    "StrandMeaning",
    "StrandPoint",
    "StrandStanding",
    "StrandTrack",
    "UnknownAssessmentError",
    "UnknownSchoolError",
    "VersionComparison",
    "cohort_html",
    "compare_derived",
    "compare_evidence",
    "compare_revisions",
    "evidence_from_document",
    "history_chart",
    "history_html",
    "median_level",
    "median_position",
    "profile_chart",
    "rank_and_percentile",
    "render_cohort",
    "render_history",
    "revision_of",
    "version_key",
]
