"""A strict well-formedness check for the HTML reports, on the standard library's parser."""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["PageOutline", "outline"]

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class PageOutline(HTMLParser):
    """Parses a page, failing on any unbalanced tag, and records what tests look for."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            line, column = self.getpos()
            self.errors.append(f"line {line}, column {column}: </{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def with_class(self, tag: str, name: str) -> list[dict[str, str | None]]:
        """Attributes of every ``tag`` whose class list holds ``name``."""
        return [
            attributes
            for found, attributes in self.tags
            if found == tag and name in (attributes.get("class") or "").split()
        ]


def outline(page: str) -> PageOutline:
    """Parse ``page``; assert it is well formed."""
    parser = PageOutline()
    parser.feed(page)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    return parser
