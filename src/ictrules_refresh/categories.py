"""The category table: free-text category names mapped onto canonical categories.

Inventories name the same kind of device many ways ("Chromebooks", "Notebook", "Interactive
Panel"). :class:`CategoryTable` maps each known name onto one canonical category id; a name it
does not know is reported by the loader, never guessed. The default table is the package data
file ``data/categories.toml``; extend it with :meth:`CategoryTable.extended`.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Mapping
from importlib import resources

import attrs

from ictrules import Problem
from ictrules.errors import closest

from .errors import InventoryError

__all__ = ["CANONICAL_CATEGORIES", "CategoryTable", "normalise_name"]

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise_name(text: str) -> str:
    """The form names are compared in: lower case, runs of non-alphanumerics as one space."""
    return _NOT_WORD.sub(" ", text.casefold()).strip()


@attrs.frozen
class CategoryTable:
    """Canonical categories (id -> label) and the names (normalised) that mean each one."""

    labels: Mapping[str, str]
    aliases: Mapping[str, str]

    @classmethod
    def default(cls) -> CategoryTable:
        """The table shipped with ictrules (``ictrules_refresh/data/categories.toml``)."""
        return _default_table()

    def lookup(self, text: str) -> str | None:
        """The canonical category ``text`` names, or ``None`` when the table does not know it."""
        return self.aliases.get(normalise_name(text))

    def suggestion(self, text: str) -> str | None:
        """A "did you mean" hint for an unmapped name, naming the category it would map to."""
        matches = difflib.get_close_matches(normalise_name(text), sorted(self.aliases), 1, 0.75)
        if not matches:
            return None
        return f"did you mean {matches[0]!r} (category {self.aliases[matches[0]]})?"

    def extended(
        self, names: Mapping[str, str], *, labels: Mapping[str, str] | None = None
    ) -> CategoryTable:
        """A copy that knows more names: ``extended({"Class set iPad": "tablet"})``.

        Each name maps onto a canonical category id. ``labels`` adds new categories
        (``{"printer": "Printer"}``); planning them needs a policy of the same id. A name mapped
        onto an unknown id raises ``InventoryError`` with a suggestion.
        """
        all_labels = {**self.labels, **(labels or {})}
        aliases = dict(self.aliases)
        for category, label in (labels or {}).items():
            aliases[normalise_name(category)] = category
            aliases[normalise_name(label)] = category
        problems = []
        for name, category in sorted(names.items()):
            key = normalise_name(name)
            if not key:
                problems.append(Problem(f"categories[{name!r}]", "a name must not be empty"))
            elif category not in all_labels:
                message = f"unknown category {category!r}"
                hint = closest(category, all_labels) or (
                    f"known categories: {', '.join(sorted(all_labels))}; for a new one, give it a "
                    "[categories.NAME] section in a policy file (--policies)"
                )
                problems.append(Problem(f"categories[{name!r}]", message, hint))
            else:
                aliases[key] = category
        if problems:
            raise InventoryError("category table", problems)
        return CategoryTable(labels=all_labels, aliases=aliases)


#: The canonical category ids of the default table, in the order the data file lists them.
CANONICAL_CATEGORIES: tuple[str, ...] = (
    "laptop",
    "desktop",
    "chromebook",
    "tablet",
    "interactive_display",
    "projector",
    "server",
    "network_switch",
    "wireless_access_point",
    "firewall",
    "ups",
)


@functools.cache
def _default_table() -> CategoryTable:
    text = resources.files(__package__).joinpath("data", "categories.toml").read_text("utf-8")
    data = tomllib.loads(text)
    labels: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for category, entry in data.items():
        labels[category] = entry["label"]
        for name in (category.replace("_", " "), entry["label"], *entry["aliases"]):
            aliases[normalise_name(name)] = category
    return CategoryTable(labels=labels, aliases=aliases)
