"""The frameworks that ship with ictrules pass the author kit's check."""

from __future__ import annotations

import pytest

from ictrules import Engine
from ictrules.testing import framework_findings

ENGINE = Engine.from_installed()


@pytest.mark.parametrize("framework_id", sorted(ENGINE.frameworks))
def test_shipped_framework_has_no_findings(framework_id: str) -> None:
    assert [str(finding) for finding in framework_findings(ENGINE, framework_id)] == []
