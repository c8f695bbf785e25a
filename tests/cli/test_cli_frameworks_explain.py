"""``ictrules frameworks`` and ``ictrules explain``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import SAMPLE_PLUGIN, Runner

AS_OF = ("--as-of", "2026-09-01")


def test_frameworks_lists_plugins_and_frameworks(cli: Runner) -> None:
    result = cli("frameworks")
    assert result.code == 0
    assert result.out.splitlines() == [
        "Plugins:",
        "  cli_sample_plugin  0.1.0",
        "",
        "Frameworks:",
        "  sample-srf  Sample self-review (version 1.0)",
        "      3 strands, 9 facts, levels 4, 3, 2, 1 (lowest first); from plugin cli_sample_plugin",
        "      source: ictrules test suite",
    ]


def test_frameworks_as_json(cli: Runner) -> None:
    data = json.loads(cli("frameworks", "--format", "json").out)
    assert data["frameworks"][0] == {
        "id": "sample-srf",
        "title": "Sample self-review",
        "version": "1.0",
        "plugin": "cli_sample_plugin",
        "source": "ictrules test suite",
        "scale": [4, 3, 2, 1],
        "strands": ["a1", "a2", "b1"],
        "facts": 9,
    }


def test_frameworks_with_every_plugin_disabled(
    cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ICTRULES_PLUGINS")
    out = cli("frameworks").out
    assert "  (none)" in out
    assert "  (none: install a framework plugin or load one with --plugin)" in out


def test_assess_with_no_framework_installed(
    cli: Runner, evidence: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ICTRULES_PLUGINS")
    result = cli("assess", str(evidence), *AS_OF)
    assert result.code == 1
    assert result.err.startswith("ictrules: error: no framework is installed")


def test_plugin_option_loads_a_plugin_file(
    cli: Runner, evidence: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ICTRULES_PLUGINS")
    result = cli("assess", str(evidence), *AS_OF, "--plugin", str(SAMPLE_PLUGIN), "-f", "json")
    assert result.code == 0
    assert json.loads(result.out)["framework"] == "sample-srf"


def test_explain_says_why_and_why_not(cli: Runner, evidence: Path) -> None:
    result = cli("explain", str(evidence), "b1", *AS_OF)
    assert result.code == 0
    assert result.out == (
        "b1 Budgeting for ICT: level 2 (determined).\n"
        "  The budget is explained.\n"
        "It is at level 2 because these hold:\n"
        "  - The budget is explained in writing [budget.notes = 'ICT budget 2026']\n"
        "It is not at level 1 because:\n"
        "  - it is not true that: Renewal of equipment is planned [budget.renewal_planned = no]\n"
        "    To do: Plan the renewal of equipment\n"
        "The school judges itself at level 1: (no rationale given)\n"
        "Disagreement: own judgement (level 1) is better than the evidence supports "
        "(at best level 2).\n"
    )


def test_explain_all_strands(cli: Runner, evidence: Path) -> None:
    out = cli("explain", str(evidence), "all", *AS_OF).out
    assert [line.split(":")[0] for line in out.split("\n\n")] == [
        "a1 The vision",
        "a2 Reviewing the vision",
        "b1 Budgeting for ICT",
    ]


def test_explain_unknown_strand_suggests_one(cli: Runner, evidence: Path) -> None:
    result = cli("explain", str(evidence), "a11", *AS_OF)
    assert result.code == 1
    assert result.err == (
        "ictrules: error: sample-srf has no strand 'a11' (did you mean 'a1'?); its strands are "
        "a1, a2, b1\n"
    )


def test_explain_needs_a_strand(cli: Runner, evidence: Path) -> None:
    result = cli("explain", str(evidence))
    assert result.code == 2
    assert "the following arguments are required: STRAND" in result.err
