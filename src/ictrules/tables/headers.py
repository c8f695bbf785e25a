"""A title above a table's header: found, and said, the same way in every table ictrules reads.

Hand-kept registers and some exports put a title (or a merged banner) in row 1 and the header
below it. When row 1 is no header a reader can use, :func:`header_below` looks at the next
:data:`HEADER_SEARCH` rows for one it can, and :func:`title_above` says what to do about it:
one clear problem rather than the reasons row 1 is not a header.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

from . import Row, text_of

__all__ = ["HEADER_SEARCH", "header_below", "title_above"]

#: How many rows below row 1 are looked at for the header.
HEADER_SEARCH = 10


def header_below(
    rows: Iterable[Row], is_header: Callable[[list[str]], bool]
) -> tuple[int, list[str]] | None:
    """The first of the rows after row 1 (``rows``, from row 2) within :data:`HEADER_SEARCH`
    that ``is_header`` takes for the header, as its number and its cells' texts; ``None``."""
    for number, cells in itertools.islice(rows, HEADER_SEARCH):
        texts = [text_of(cell) for cell in cells]
        if is_header(texts):
            return number, texts
    return None


def title_above(number: int, holds: str) -> tuple[str, str]:
    """The message and the suggestion for a header found in row ``number``, which ``holds``
    what says it is the header ("the survey's questions", "columns 'id', 'category'")."""
    above = "row 1" if number == 2 else f"rows 1-{number - 1}"
    return (
        f"row 1 is not the header, but row {number} is ({holds}): a title above the header?",
        f"delete {above} so that the header is row 1, then read the file again",
    )
