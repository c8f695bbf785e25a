"""The core's commands, supplied through the same hook as any plugin's."""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from ..commands import Command
from ..hookspecs import hookimpl
from . import (
    assess,
    check,
    cohort,
    explain,
    frameworks,
    history,
    schema,
    survey,
    survey_questions,
    template,
)

__all__ = ["MODULES", "ictrules_commands"]

#: The core's command modules, each exposing ``COMMAND``.
MODULES: tuple[ModuleType, ...] = (
    frameworks,
    template,
    schema,
    survey_questions,
    survey,
    assess,
    explain,
    check,
    history,
    cohort,
)


@hookimpl
def ictrules_commands() -> Iterable[Command]:
    """The core's commands: frameworks, template, schema, survey-questions, survey, assess,
    explain, check, history, cohort."""
    return [module.COMMAND for module in MODULES]
