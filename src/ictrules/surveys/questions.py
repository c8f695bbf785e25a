"""A group's survey questions, ready to paste into Microsoft Forms or Google Forms.

:func:`questions_text` writes each question and its answers on lines of their own (paste the
question as the title of a choice question, and the answers into its options: both tools make
one option of each line); :func:`questions_table` gives a row per question for a spreadsheet.
Keep the wording: ``ictrules survey`` matches an export's columns to these questions.
"""

from __future__ import annotations

import textwrap

from ..errors import Problem, closest
from ..frameworks import Framework, SurveyQuestion
from .errors import SurveyError

__all__ = ["questions_for", "questions_table", "questions_text"]


def questions_for(framework: Framework, group: str) -> list[SurveyQuestion]:
    """The framework's questions for ``group``, in the framework's order.

    Raises :class:`~.errors.SurveyError` for a framework without survey questions, or a group
    it does not ask (with the groups it does, and a "did you mean")."""
    if not framework.surveys:
        raise SurveyError(
            framework.id,
            [Problem("", "the framework has no survey questions ([[surveys]] in its file)")],
        )
    if group not in framework.survey_groups:
        groups = ", ".join(framework.survey_groups)
        raise SurveyError(
            framework.id,
            [
                Problem(
                    "",
                    f"the framework asks no questions of {group!r}; it asks {groups}",
                    closest(group, framework.survey_groups),
                )
            ],
        )
    return [question for question in framework.surveys if question.group == group]


def questions_text(framework: Framework, group: str) -> str:
    """The questions for ``group`` as plain text, each with its answers, one per line."""
    questions = questions_for(framework, group)
    advice = (
        f"{len(questions)} questions. Add each as a choice question with one answer, in "
        "Microsoft Forms or Google Forms: paste the question as its title and the answers as "
        "its options (one option per line). Keep the wording as it is: ictrules reads the "
        "export's columns by it. Asking for names or e-mail addresses is not needed; if the "
        "form collects e-mail addresses, ictrules uses them only to count a person once."
    )
    lines = [
        f"Survey of {group}: {framework.title} ({framework.id})",
        "",
        *textwrap.wrap(advice, width=96),
    ]
    for number, question in enumerate(questions, start=1):
        scale = framework.survey_scale(question.scale)
        lines += ["", f"Question {number}", question.question, *scale.answers]
    return "\n".join(lines) + "\n"


def questions_table(framework: Framework, group: str) -> list[list[str]]:
    """The questions for ``group`` as rows for a spreadsheet (``ictrules survey-questions
    --format csv``): a header, then per question the question, each answer in a column of its
    own, the answers that count as agreement, the fact it measures and the group."""
    questions = questions_for(framework, group)
    scales = [framework.survey_scale(question.scale) for question in questions]
    width = max(len(scale.answers) for scale in scales)
    rows = [["question", *(f"answer {n}" for n in range(1, width + 1)), "agree", "fact", "group"]]
    for question, scale in zip(questions, scales, strict=True):
        answers = list(scale.answers) + [""] * (width - len(scale.answers))
        rows.append(
            [question.question, *answers, "; ".join(scale.agree), question.fact, question.group]
        )
    return rows
