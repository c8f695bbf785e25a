"""ictrules: turn evidence about a school's ICT into explained judgements and plans.

The public API::

    from ictrules import Engine
    engine = Engine.from_installed()
    evidence = engine.load_evidence("school.toml")
    assessment = engine.assess(evidence, "becta-srf", as_of=datetime.date(2026, 9, 1))
    print(assessment.to_json())
"""

from .__about__ import __version__
from .assessments import Action, Assessment, CriterionResult, FactReading, Status, StrandResult
from .bands import BAND_NAMES, DEFAULT_BANDS, BandScale
from .derivations import Derivation, DerivationContext
from .engine import Engine
from .errors import (
    ConditionError,
    DerivationError,
    EvidenceError,
    FrameworkError,
    IctrulesError,
    PluginError,
    Problem,
    UnknownFrameworkError,
    UnknownStrandError,
)
from .evidence import Evidence, OwnJudgement, Provenance, School
from .explanations import explain, render_text
from .facts import FactSpec, FactType
from .frameworks import (
    Criterion,
    Entailment,
    ExtraCriterion,
    Framework,
    FrameworkFile,
    Level,
    LevelRules,
    Section,
    Strand,
    SurveyQuestion,
    SurveyScale,
    read_framework_file,
)
from .hookspecs import hookimpl, hookspec
from .partial import Bounds, OpenSet, Span

__all__ = [
    "BAND_NAMES",
    "DEFAULT_BANDS",
    "Action",
    "Assessment",
    "BandScale",
    "Bounds",
    "ConditionError",
    "Criterion",
    "CriterionResult",
    "Derivation",
    "DerivationContext",
    "DerivationError",
    "Engine",
    "Entailment",
    "Evidence",
    "EvidenceError",
    "ExtraCriterion",
    "FactReading",
    "FactSpec",
    "FactType",
    "Framework",
    "FrameworkError",
    "FrameworkFile",
    "IctrulesError",
    "Level",
    "LevelRules",
    "OpenSet",
    "OwnJudgement",
    "PluginError",
    "Problem",
    "Provenance",
    "School",
    "Section",
    "Span",
    "Status",
    "Strand",
    "StrandResult",
    "SurveyQuestion",
    "SurveyScale",
    "UnknownFrameworkError",
    "UnknownStrandError",
    "__version__",
    "explain",
    "hookimpl",
    "hookspec",
    "read_framework_file",
    "render_text",
]
