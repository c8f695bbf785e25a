"""The errors ictrules raises.

Every error derives from :class:`IctrulesError`. Errors about bad input carry a tuple of
:class:`Problem` objects, one per fault, each with the path to the offending value, a plain
message and, where one exists, a suggestion.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence, Sized

import attrs

from ._text import preview

__all__ = [
    "ConditionError",
    "DerivationError",
    "EvidenceError",
    "FrameworkError",
    "IctrulesError",
    "InputError",
    "PluginError",
    "Problem",
    "UnknownFrameworkError",
    "UnknownStrandError",
    "closest",
    "listed_hint",
]


#: A word longer than this gets no "did you mean" suggestion.
_LONGEST_WORD = 200
#: How many problems an error's message lists (``problems`` holds them all).
MAX_LISTED = 100
#: How long one problem's line in a message may be before it is cut short.
MAX_LINE = 1000


@attrs.frozen
class Problem:
    """One fault in some input: where it is, what is wrong and what might fix it."""

    path: str
    message: str
    suggestion: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}" if self.path else self.message
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """Return a "did you mean" suggestion for ``word`` among ``candidates``, if one is close."""
    if len(word) > _LONGEST_WORD:  # no identifier is this long, and comparing would be slow
        return None
    known = sorted(set(candidates))
    folded = [candidate for candidate in known if candidate.casefold() == word.casefold()]
    if folded:  # only the case differs ('1A1' for '1a1'): that is the one meant
        return f"did you mean {_quoted(folded[0])}?"
    matches = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f"did you mean {_quoted(matches[0])}?" if matches else None


def listed_hint(problems: Sized, word: str, candidates: Iterable[str]) -> str | None:
    """:func:`closest` for a problem about to join ``problems``, while an error's message would
    list it (fewer than :data:`MAX_LISTED` before it); else ``None``. A suggestion takes up to
    a fraction of a millisecond to work out, so one for each of a hostile input's million
    unknown keys would take minutes, for lines no message shows."""
    return closest(word, candidates) if len(problems) < MAX_LISTED else None


def _quoted(candidate: str) -> str:
    """A suggestion quoted whole, to be copied (a survey question runs to a sentence or two);
    one longer than any name is, cut short."""
    return repr(candidate) if len(candidate) <= _LONGEST_WORD else preview(candidate)


class IctrulesError(Exception):
    """Base class of every error raised on purpose by ictrules."""


class InputError(IctrulesError):
    """An input (a file, or a mapping standing for one) had problems: ``source`` names it (or
    is ``None``), ``problems`` lists every fault, each with its path.

    Paths use one grammar for every kind of input: dotted keys with list positions in brackets
    (``facts.vision.ict_clarity``, ``sections[0].strands[2].code``, ``categories.laptop.lifespan``);
    a row of a table file is ``row 12`` followed by its field (``row 12.purchase_date``). Catch
    this class to handle any bad input: evidence, framework files, and the inputs plugins read
    (the refresh plugin's inventories and policies).
    """

    def __init__(self, source: str | None, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._render())

    def _render(self) -> str:
        where = f" in {self.source}" if self.source else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{count} {noun}{where}:"]
        for problem in self.problems[:MAX_LISTED]:
            line = str(problem)
            if len(line) > MAX_LINE:
                line = line[: MAX_LINE - 3] + "..."
            lines.append(f"  {line}")
        if count > MAX_LISTED:
            lines.append(f"  ... and {count - MAX_LISTED} more")
        return "\n".join(lines)


class EvidenceError(InputError, ValueError):
    """Evidence (a file or a mapping) could not be read: ``problems`` lists every fault."""


class FrameworkError(InputError, ValueError):
    """A framework, a fact declaration or a rule is invalid: ``problems`` lists every fault."""


class UnknownFrameworkError(IctrulesError, LookupError):
    """A framework id was asked for that no registered plugin supplies."""

    def __init__(self, framework: str, known: Iterable[str]) -> None:
        self.framework = framework
        self.known = tuple(sorted(known))
        hint = closest(framework, self.known)
        listing = ", ".join(self.known) or "none"
        message = f"unknown framework {framework!r}; installed frameworks: {listing}"
        if framework == "(none given)":  # Engine.compiled(None) with no single framework
            message = (
                f"no framework id given and {len(self.known)} frameworks are installed "
                f"({listing}): name one"
                if self.known
                else "no framework id given and no framework is installed"
            )
        elif hint:
            message += f" ({hint})"
        super().__init__(message)


class UnknownStrandError(IctrulesError, KeyError):
    """A strand code was asked of an assessment or a framework that has no such strand
    (a ``KeyError`` too, as a mapping's missing key is); ``known`` lists the codes it has."""

    def __init__(self, code: str, known: Iterable[str]) -> None:
        self.code = code
        self.known = tuple(known)
        hint = closest(str(code), self.known)
        message = f"no strand {preview(code)}; the strands are {', '.join(self.known) or 'none'}"
        super().__init__(message + (f" ({hint})" if hint else ""))

    def __str__(self) -> str:  # the message, not KeyError's quoted repr of it
        return str(self.args[0])


class ConditionError(IctrulesError, ValueError):
    """A condition string is not a valid expression: ``text`` and 0-based ``column`` locate it."""

    def __init__(self, text: str, column: int, message: str) -> None:
        self.text = text
        self.column = column
        self.reason = message
        super().__init__(f"{message} at column {column + 1} of {_around(text, column)}")


def _around(text: str, column: int, width: int = 60) -> str:
    """A condition as a message shows it: whole when short, else the part around ``column``
    (a condition of thousands of characters is not echoed in full)."""
    if len(text) <= 2 * width:
        return repr(text)
    start, end = max(0, column - width), min(len(text), column + width)
    part = ("..." if start else "") + text[start:end] + ("..." if end < len(text) else "")
    return f"{part!r} (a condition of {len(text):,} characters)"


class PluginError(IctrulesError):
    """A plugin raised, or returned something invalid, while the engine called one of its hooks.

    ``plugin`` names the plugin and ``hook`` the hook (or derivation) that failed.
    """

    def __init__(self, plugin: str, hook: str, message: str, source: str | None = None) -> None:
        self.plugin = plugin
        self.hook = hook
        self.source = source
        where = f" (assessing {source})" if source else ""
        super().__init__(f"plugin {plugin!r} failed in {hook}{where}: {message}")


class DerivationError(PluginError):
    """A plugin's derivation raised, or returned a value its fact does not take, while an
    assessment ran: a bug in the plugin, not in the evidence. ``source`` names the evidence
    (file) being assessed, when it has one."""
