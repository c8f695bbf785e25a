"""Progress on long work: a one-line bar on standard error, drawn only on a terminal.

Commands show it while they assess many schools, load or plan a large inventory, or write a
long report; redirected output and tests see nothing of it::

    bar = Progress(len(paths), "assessing")
    for outcome in bar.track(work):
        ...
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

__all__ = ["Progress"]

T = TypeVar("T")


class Progress:
    """A one-line progress bar on stderr, shown only when stderr is a terminal."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.label = label
        self.done = 0
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = total > 1 and callable(isatty) and bool(isatty())

    def track(self, items: Iterable[T]) -> Iterator[T]:
        """Yield ``items``, advancing the bar after each."""
        try:
            for item in items:
                yield item
                self.done += 1
                self._draw()
        finally:
            self.close()

    def show(self, done: int, total: int | None = None) -> None:
        """Draw the bar at ``done`` of ``total``, for work that reports its own progress (and
        may correct its estimate of the total as it goes)."""
        if total is not None and total > 0:
            self.total = total
        self.done = min(done, self.total)
        self._draw()

    def _draw(self) -> None:
        if not self.enabled:
            return
        width = 30
        filled = width * self.done // self.total
        percent = 100 * self.done // self.total
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total} ({percent}%)")
        self.stream.flush()

    def close(self) -> None:
        """Clear the bar's line."""
        if self.enabled and self.done:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.enabled = False
