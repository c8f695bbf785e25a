"""The store from the command line: save assessments with their evidence, open a store to read."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from .._text import printable
from ..assessments import Assessment
from ..commands import Invocation, open_store
from ..engine import Engine
from ..reports.html import fragment_page
from ..reports.progress import cohort_html
from ..store import Store
from ..store.database import PreparedAssessment

__all__ = ["cohort_fragment", "open_store", "save_assessments", "write_store_report"]


#: What makes a saved assessment the same as one the store holds: it is not added again.
_SAME = "(the same school, framework revision, date, evidence and result)"


def save_assessments(path: str, engine: Engine, saved: Sequence[PreparedAssessment]) -> list[int]:
    """Save assessments (serialised by ``prepare_assessment``, perhaps in worker processes)
    in one transaction and say so on standard error."""
    if not saved:
        return []
    _warn_twice(saved)
    waiting = f"ictrules: waiting for {path}: another process is writing to it\n"
    with Store(path, on_wait=lambda: sys.stderr.write(printable(waiting))) as store:
        _warn_renamed(store, saved)
        before = store.count()
        ids = store.save_many(saved, engine)
        added = store.count() - before  # the same assessment saved again is not added
    if len(ids) == 1:
        school = saved[0].school
        who = f" of {school.id}" if school is not None else ""
        if added:
            said = f"saved assessment #{ids[0]}{who} to {path}"
        else:
            said = f"assessment #{ids[0]}{who} was already saved in {path} {_SAME}: nothing added"
        sys.stderr.write(printable(f"ictrules: {said}\n"))
    else:
        again = len(ids) - added
        if again <= 0:
            said = f"saved {len(ids)} assessments to {path}"
        else:
            were = "1 was" if again == 1 else f"{again} were"
            said = f"saved {added} of {len(ids)} assessments to {path}; {were} already saved"
            said += f" {_SAME}"
        sys.stderr.write(printable(f"ictrules: {said}\n"))
    return ids


def _warn_twice(saved: Sequence[PreparedAssessment]) -> None:
    """Warn when one run saves one school from several files: most likely a copy of a return,
    or one school's id typed into another's. Both are saved (as the files say), once each."""
    files: dict[str, list[str]] = {}
    for item in saved:
        if item.school is not None:
            files.setdefault(item.school.id, []).append(item.source or "(no file)")
    for school_id, sources in sorted(files.items()):
        if len(sources) > 1:
            sys.stderr.write(
                printable(
                    f"ictrules: warning: school {school_id!r} is in {len(sources)} files of this "
                    f"run ({', '.join(sources)}): each is saved as an assessment of it; check "
                    "that the id is right in each\n"
                )
            )


def _warn_renamed(store: Store, saved: Sequence[PreparedAssessment]) -> None:
    """Warn when a school id is saved under another name than the store holds for it: most
    likely one school's id typed into another's return."""
    known = {school.id: school.name for school in store.schools()}
    for item in saved:
        school = item.school
        if school is None or not school.name:
            continue
        before = known.get(school.id)
        if before and before != school.name:
            sys.stderr.write(
                printable(
                    f"ictrules: warning: school {school.id!r} is saved in {store.path} as "
                    f"{before!r} and now as {school.name!r}: check that the id is right\n"
                )
            )
        known[school.id] = school.name


def cohort_fragment(path: str, assessment: Assessment) -> str | None:
    """The school's profile against the store's cohort (each school's latest assessment up to
    this one's date) as an HTML section, or ``None`` for a school without an id."""
    if assessment.school is None:
        return None
    with Store(path, create=False, read_only=True) as store:
        standing = store.standing(
            assessment.school.id, assessment.framework, as_of=assessment.as_of
        )
    return cohort_html(standing)


def write_store_report(
    call: Invocation, title: str, html: Callable[[], str], other: Callable[[str], str]
) -> int:
    """Write a report read from a store: an HTML page titled ``title`` around ``html()``, or
    ``other(format)`` for every other format."""
    if call.format == "html":
        text = fragment_page(call.title or title, html(), templates=call.templates())
    else:
        text = other(call.format)
    call.write(text)
    return 0
