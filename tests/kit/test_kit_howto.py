"""The plugin how-to shows the worked example's real files, and every kind of finding."""

from __future__ import annotations

import re
from pathlib import Path

from ictrules.testing import FINDING_KINDS

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "how-to" / "write-a-framework-plugin.md"
EXAMPLE = ROOT / "docs" / "examples" / "ictrules-example-authority"
LISTING = re.compile(r"^<!-- file: (?P<path>\S+) -->\n```\w+\n(?P<body>.*?)^```$", re.S | re.M)


def listings() -> dict[str, str]:
    return {m["path"]: m["body"] for m in LISTING.finditer(PAGE.read_text(encoding="utf-8"))}


def test_every_listing_is_the_real_file() -> None:
    shown = listings()
    assert shown, "the guide lists no files"
    for path, body in shown.items():
        real = (EXAMPLE / path).read_text(encoding="utf-8")
        assert body == real, f"the listing of {path} in {PAGE.name} differs from the file"


def test_every_file_of_the_example_is_listed() -> None:
    files = sorted(
        str(p.relative_to(EXAMPLE))
        for p in EXAMPLE.rglob("*")
        if p.is_file() and p.suffix in (".py", ".toml") and "__pycache__" not in p.parts
    )
    assert sorted(listings()) == files


def test_every_kind_of_finding_is_explained() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for kind in FINDING_KINDS:
        assert f"| `{kind}` |" in text, kind
