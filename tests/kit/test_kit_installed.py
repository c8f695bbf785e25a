"""The frameworks that ship with ictrules pass the author kit's check."""

from __future__ import annotations

import pytest

from ictrules import Engine
from ictrules.testing import Severity, framework_findings

ENGINE = Engine.from_installed()


@pytest.mark.parametrize("framework_id", sorted(ENGINE.frameworks))
def test_shipped_framework_has_no_errors(framework_id: str) -> None:
    findings = framework_findings(ENGINE, framework_id)
    assert [str(f) for f in findings if f.severity is Severity.ERROR] == []
    # what is left: strands whose derived facts need an attachment (an inventory) to be known
    for finding in findings:
        assert finding.kind == "provisional", str(finding)
        assert "derived fact(s)" in finding.message
