"""The worked example in docs/examples is a real package: install it and run its own tests.

The package is made importable and discoverable the way an installer would: its ``src`` on
the path and a ``.dist-info`` folder carrying the entry points read from its pyproject.toml.
This needs no build backend and no network, and leaves the test environment untouched.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "ictrules-example-authority"


def install_in(target: Path) -> dict[str, str]:
    """Make the example importable from ``target`` and return the environment that sees it."""
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name, version = project["name"], project["version"]
    info = target / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    info.joinpath("METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    lines = []
    for group, entries in project["entry-points"].items():
        lines.append(f"[{group}]")
        lines.extend(f"{key} = {value}" for key, value in entries.items())
    info.joinpath("entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = dict(os.environ)
    paths = [str(target), str(EXAMPLE / "src"), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    return env


def test_the_example_is_found_as_an_installed_plugin(tmp_path: Path) -> None:
    env = install_in(tmp_path / "site")
    code = "import ictrules; e = ictrules.Engine.from_installed(); print(sorted(e.frameworks))"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert "example-authority" in out.stdout


def test_the_example_packages_own_tests_pass(tmp_path: Path) -> None:
    env = install_in(tmp_path / "site")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-seed=0"],
        cwd=EXAMPLE,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    passed = int(re.search(r"(\d+) passed", summary).group(1))  # type: ignore[union-attr]
    assert passed >= 5, summary
    assert "failed" not in summary, summary
    assert "error" not in summary, summary
    assert "skipped" not in summary, summary  # the Becta plugin ships with ictrules
