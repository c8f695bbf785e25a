"""Text safe to show: terminal control characters and lone surrogates escaped.

A school's name, an asset's location or a file name comes from someone else's file; printed as
it is, an escape sequence in it could recolour, retitle or rewrite the user's terminal, and a
lone surrogate cannot be written as UTF-8 at all, and a right-to-left override makes the
text after it read backwards. :func:`printable` writes each such character
as a visible ``\\uXXXX`` escape; in JSON that escape is the same character, so JSON loses
nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from typing import Any

__all__ = ["PREVIEW_LENGTH", "preview", "printable", "shortened", "unquote_hint", "unsafe_utf8"]

#: How long a value shown in a message may be before it is cut short.
PREVIEW_LENGTH = 60


class _AsWritten(reprlib.Repr):
    """``repr`` of values as an input file writes them: true, false and null as in JSON, TOML and
    YAML, and dates and times in ISO form (a message says "got true", not "got True", and
    "got 10:00:00", not "got datetime.time(10, 0)")."""

    def repr_bool(self, value: bool, level: int) -> str:
        return "true" if value else "false"

    def repr_NoneType(self, value: None, level: int) -> str:
        return "null"

    def repr_date(self, value: dt.date, level: int) -> str:
        return value.isoformat()

    repr_datetime = repr_date

    def repr_time(self, value: dt.time, level: int) -> str:
        return value.isoformat()


_repr = _AsWritten()
_repr.maxstring = PREVIEW_LENGTH
_repr.maxother = PREVIEW_LENGTH
_repr.maxlong = 40
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxdict = 4
_repr.maxlevel = 3


def preview(value: Any) -> str:
    """``repr(value)`` for a message, bounded however large or deeply nested the value is."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3000:
        return f"<a number of about {int(value.bit_length() * 0.30103)} digits>"
    text = _repr.repr(value)
    return text if len(text) <= PREVIEW_LENGTH + 10 else text[: PREVIEW_LENGTH + 7] + "..."


def shortened(text: str) -> str:
    """``text`` as it is, cut to :data:`PREVIEW_LENGTH` characters and ``...`` when longer: a
    name in a message, which :func:`preview` would quote."""
    return text if len(text) <= PREVIEW_LENGTH + 3 else text[:PREVIEW_LENGTH] + "..."


# C0 controls but tab and newline, DEL, C1 controls, surrogates, and the bidirectional
# embeddings, overrides and isolates, which reorder what a terminal shows around them
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found[0]):04x}"


def printable(text: str) -> str:
    """``text`` with every terminal control character (but tab and newline) and every lone
    surrogate written as a ``\\uXXXX`` escape."""
    if (text.isascii() and text.isprintable()) or not unsafe_utf8(
        text.encode("utf-8", "surrogatepass")
    ):
        return text  # the common case, found in C (a regular expression is ten times slower)
    return _UNSAFE.sub(_escape, text)


#: Every byte but those that begin what :func:`printable` escapes in UTF-8: the ASCII controls
#: but tab and newline, DEL, and the lead bytes of C1 controls, bidirectional controls and
#: surrogates (kept by ``translate(None, delete=...)``).
_NOT_LEADS = bytes(set(range(256)) - {*range(0x09), *range(0x0B, 0x20), 0x7F, 0xC2, 0xE2, 0xED})


def unsafe_utf8(data: bytes) -> bool:
    """Whether UTF-8 ``data`` (lone surrogates as ``surrogatepass`` writes them) holds what
    :func:`printable` escapes. Its lead bytes are found in C, and each one is looked at: a
    pound sign or a curly quote costs a step each, not a scan of the text."""
    leads = data.translate(None, _NOT_LEADS)
    if not leads:
        return False
    if leads.strip(b"\xc2\xe2\xed"):  # an ASCII control or DEL
        return True
    return any(
        _follows(data, lead, check)
        for lead, check in (
            (b"\xc2", lambda second, _: 0x80 <= second <= 0x9F),  # C1 controls
            (b"\xed", lambda second, _: 0xA0 <= second <= 0xBF),  # surrogates
            (  # bidirectional embeddings, overrides and isolates
                b"\xe2",
                lambda second, third: (
                    (second == 0x80 and 0xAA <= third <= 0xAE)
                    or (second == 0x81 and 0xA6 <= third <= 0xA9)
                ),
            ),
        )
        if lead in leads
    )


def _follows(data: bytes, lead: bytes, check: Any) -> bool:
    at = data.find(lead)
    while at != -1:
        if check(data[at + 1], data[at + 2] if at + 2 < len(data) else 0):
            return True
        at = data.find(lead, at + 1)
    return False


def unquote_hint(raw: Any, words: tuple[str, ...] = ()) -> str:
    """For a number (or, given ``words`` such as true and false, one of them) written as text
    where the value itself is wanted (``"3"``, ``"true"``): how to write it; else ''."""
    if not isinstance(raw, str):
        return ""
    text = raw.strip()
    if words:
        return f"; write {text.lower()} without quotes" if text.lower() in words else ""
    try:
        float(text)
    except ValueError:
        return ""
    return f"; write {text} without quotes" if text else ""
