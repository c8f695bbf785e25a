"""How reports name things that have both a name and an id."""

from __future__ import annotations

from ..evidence import School

__all__ = ["school_label"]


def school_label(school: School) -> str:
    """A school as a heading names it: ``Hill Primary (URN 100000)``, or its id alone."""
    return f"{school.name} ({school.id})" if school.name else school.id
