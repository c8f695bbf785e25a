"""The store's public API: every exported name is documented and the package exports it."""

from __future__ import annotations

import importlib
import inspect

import pytest

import ictrules.store

MODULES = [
    "ictrules.store",
    "ictrules.store.cohort",
    "ictrules.store.database",
    "ictrules.store.errors",
    "ictrules.store.progress",
    "ictrules.store.records",
    "ictrules.store.versions",
]


@pytest.mark.parametrize("module_name", MODULES)
def test_store_every_public_name_has_a_docstring(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert (module.__doc__ or "").strip(), f"{module_name} has no module docstring"
    undocumented = [
        name
        for name in module.__all__
        if (inspect.isclass(getattr(module, name)) or inspect.isfunction(getattr(module, name)))
        and not (inspect.getdoc(getattr(module, name)) or "").strip()
    ]
    assert undocumented == []


def test_store_package_exports_its_chosen_names() -> None:
    """The package exports the store, its errors and the models it returns; helpers stay in
    their modules (ictrules.store.cohort.median_level, ...), and presentation lives in the
    reports layer (ictrules.reports.progress)."""
    models = {"AssessmentSummary", "StoredAssessment", "SchoolHistory", "HistoryEntry"}
    models |= {"StrandTrack", "StrandPoint", "EvidenceChanges", "FactChange", "FactChangeKind"}
    models |= {"JudgementChange", "CohortSummary", "StrandDistribution", "LevelCount"}
    models |= {"SchoolStanding", "StrandStanding", "FrameworkRevision", "StrandDefinition"}
    models |= {"VersionComparison", "StrandMeaning", "MeaningChange", "FrameworkSource"}
    models |= {"PreparedAssessment"}  # what prepare_assessment makes in a worker for save_many
    errors = {"StoreError", "StoreBusyError", "UnknownAssessmentError", "UnknownSchoolError"}
    errors.add("AmbiguousSchoolError")
    functions = {"compare_evidence", "compare_revisions", "revision_of", "prepare_assessment"}
    assert set(ictrules.store.__all__) == {"Store"} | errors | models | functions
