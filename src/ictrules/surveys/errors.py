"""The survey reader's errors and notices."""

from __future__ import annotations

import attrs

from ..errors import InputError

__all__ = ["Notice", "SurveyError"]


class SurveyError(InputError, ValueError):
    """A survey export or its mapping could not be read, or its replies cannot be counted as
    they stand (an answer outside the scale, more replies than the group has members): every
    problem names the file, and the row and column or the key of the mapping, with a suggestion
    where there is one."""


@attrs.frozen
class Notice:
    """Something the reader did that the user should hear about, though nothing is wrong enough
    to stop: a duplicate reply counted once, a reply from outside the known groups left out (a
    ``warning``), a column not read (a ``note``). ``source`` names the file and ``where`` the
    row and column."""

    source: str
    where: str
    message: str
    kind: str = "warning"

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.source}: {where}{self.message}"
