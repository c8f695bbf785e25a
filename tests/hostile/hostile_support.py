"""Helpers shared by the hostile-input tests (imported by name: tests/hostile is on sys.path)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs

__all__ = ["AS_OF", "DATA", "Case", "Result", "Runner"]

DATA = Path(__file__).resolve().parent / "data"
AS_OF = ("--as-of", "2026-09-01")


@attrs.frozen
class Result:
    """What one run of the command line gave."""

    code: int
    out: str
    err: str


Runner = Callable[..., Result]
Case = Callable[[str], Path]
