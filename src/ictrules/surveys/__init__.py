"""Surveys as evidence: staff, pupil, governor and parent surveys turned into facts.

Half of a framework's levels may turn on how many staff, governors, pupils or parents understand
and support something. A framework states, for each such fact, the question to ask each group
(:class:`~ictrules.SurveyQuestion`); a school runs the survey in Microsoft Forms or Google Forms
and hands ictrules the export::

    from ictrules import Engine
    from ictrules.surveys import merge_evidence, read_surveys

    engine = Engine.from_installed()
    survey = read_surveys(engine, ["staff.xlsx", "pupils.csv"], "survey-mapping.toml")
    evidence = merge_evidence(engine.load_evidence("school.toml"), survey)

- :mod:`.questions` writes a group's questions for a form;
- :mod:`.mapping` reads the small file that says what only the school knows (each group's size,
  which file or column says who replied, columns of its own);
- :mod:`.replies` reads the exports (:mod:`ictrules.tables`), one reply per row, and settles
  duplicates;
- :mod:`.tally` counts the replies per fact and group and gives each share as the confidence
  interval :mod:`.wilson` works out, with its provenance; :func:`merge_evidence` joins it to the
  school's own evidence.

Only counts go forward: e-mail addresses, names and written answers are never read into the
evidence, a report or the store.
"""

from .errors import Notice, SurveyError
from .mapping import (
    MINIMUM_REPLIES,
    GroupSpec,
    QuestionSpec,
    SurveyMapping,
    mapping_from_data,
    read_mapping,
)
from .questions import questions_for, questions_table, questions_text
from .tally import GroupTally, SurveyFact, SurveyResult, merge_evidence, read_surveys, survey_result
from .wilson import DEFAULT_CONFIDENCE, wilson_interval

__all__ = [
    "DEFAULT_CONFIDENCE",
    "MINIMUM_REPLIES",
    "GroupSpec",
    "GroupTally",
    "Notice",
    "QuestionSpec",
    "SurveyError",
    "SurveyFact",
    "SurveyMapping",
    "SurveyResult",
    "mapping_from_data",
    "merge_evidence",
    "questions_for",
    "questions_table",
    "questions_text",
    "read_mapping",
    "read_surveys",
    "survey_result",
    "wilson_interval",
]
