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
)
from .database import PreparedAssessment, Store, prepare_assessment
from .errors import (
    AmbiguousSchoolError,
    StoreBusyError,
    StoreError,
    UnknownAssessmentError,
    UnknownSchoolError,
)
from .progress import (
    EvidenceChanges,
    FactChange,
    FactChangeKind,
    HistoryEntry,
    JudgementChange,
    SchoolHistory,
    StrandPoint,
    StrandTrack,
    compare_evidence,
)
from .records import AssessmentSummary, StoredAssessment
from .versions import (
    FrameworkRevision,
    FrameworkSource,
    MeaningChange,
    StrandDefinition,
    StrandMeaning,
    VersionComparison,
    compare_revisions,
    revision_of,
)

__all__ = [
    "AmbiguousSchoolError",
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
    "PreparedAssessment",
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
    "compare_evidence",
    "compare_revisions",
    "prepare_assessment",
    "revision_of",
]
