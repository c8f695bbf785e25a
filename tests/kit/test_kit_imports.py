"""Hypothesis is a test dependency: only the strategies import it, and only when used."""

from __future__ import annotations

import subprocess
import sys


def imports_hypothesis(statement: str) -> bool:
    code = f"import sys\n{statement}\nprint('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip() == "True"


def test_core_does_not_import_hypothesis() -> None:
    assert not imports_hypothesis("import ictrules; ictrules.Engine([])")


def test_the_check_does_not_import_hypothesis() -> None:
    assert not imports_hypothesis("from ictrules.testing import check_framework, hook_reference")


def test_the_strategies_import_it_on_first_use() -> None:
    assert imports_hypothesis("from ictrules.testing import evidence")
