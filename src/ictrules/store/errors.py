"""The errors the store raises: every one is an :class:`ictrules.IctrulesError`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .._text import preview, shortened
from ..errors import IctrulesError, closest

__all__ = [
    "AmbiguousSchoolError",
    "StoreBusyError",
    "StoreError",
    "UnknownAssessmentError",
    "UnknownSchoolError",
]


class StoreError(IctrulesError):
    """The store file is missing, is not an ictrules store, or cannot take what was asked.

    ``path`` names the database file.
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.reason = message
        super().__init__(f"{path}: {message}")


class StoreBusyError(StoreError):
    """Another process held the store's write lock for longer than the store waits."""


class UnknownSchoolError(StoreError, LookupError):
    """A school was asked for that the store holds no assessment of.

    ``known`` lists the school ids the store holds; the message suggests the closest id, or the
    schools whose name contains what was asked (up to three), or the closest name.
    """

    def __init__(self, path: str, school: str, known: Iterable[tuple[str, str]]) -> None:
        self.school = school
        pairs = sorted(set(known))
        self.known = tuple(school_id for school_id, _ in pairs)
        by_name = {name: school_id for school_id, name in pairs if name}
        hint = closest(school, self.known)
        if hint is None:
            folded = school.casefold()
            names = [name for name in sorted(by_name) if folded in name.casefold()]
            if not names:
                names = difflib.get_close_matches(school, sorted(by_name), n=1, cutoff=0.6)
            if names:
                options = " or ".join(
                    f"{preview(by_name[name])} ({shortened(name)})" for name in names[:3]
                )
                hint = f"did you mean {options}?"
        message = f"no assessments of school {preview(school)}"
        if not pairs:
            message += "; the store is empty"
        elif hint:
            message += f" ({hint})"
        else:
            message += f"; the store holds {len(pairs)} school(s)"
        super().__init__(path, message)


class AmbiguousSchoolError(UnknownSchoolError):
    """A school was asked for by a name (or an id in another case) that several schools in the
    store share. ``matches`` lists them as ``(id, name)``, ``known`` every id the store holds
    (as for :class:`UnknownSchoolError`); the message names each match, up to five, and asks
    for the id."""

    def __init__(
        self,
        path: str,
        school: str,
        matches: Iterable[tuple[str, str]],
        known: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.school = school
        self.matches = tuple(sorted(set(matches)))
        self.known = tuple(sorted({school_id for school_id, _ in known}))
        shown = ", ".join(
            f"{preview(school_id)} ({shortened(name)})" if name else preview(school_id)
            for school_id, name in self.matches[:5]
        )
        more = f" and {len(self.matches) - 5} more" if len(self.matches) > 5 else ""
        StoreError.__init__(
            self,
            path,
            f"{preview(school)} names {len(self.matches)} schools: {shown}{more}; give the id "
            "of the one meant",
        )


class UnknownAssessmentError(StoreError, LookupError):
    """An assessment id was asked for that the store does not hold."""

    def __init__(self, path: str, assessment_id: int) -> None:
        self.assessment_id = assessment_id
        super().__init__(path, f"no assessment with id {assessment_id}")
