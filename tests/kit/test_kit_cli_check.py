"""``ictrules check``: one finding per line, exit status 1 when an error is found."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from ictrules.cli import main

BROKEN = textwrap.dedent(
    """
    from ictrules import (Criterion, FactSpec, FactType, Framework, Level, LevelRules, Section,
                          Strand, hookimpl)

    def criterion(cid, condition):
        return Criterion(cid, condition, cid, "Do " + cid)

    @hookimpl
    def ictrules_facts():
        return [FactSpec("local.devices", FactType.INTEGER, "Devices.", "How many devices?")]

    @hookimpl
    def ictrules_frameworks():
        strand = Strand("d", "Devices", (
            LevelRules(3, "Few."),
            LevelRules(2, "Some.", (criterion("some", "local.devices >= 10"),)),
            LevelRules(1, "Many.", (criterion("many", "local.devics >= 30"),)),
        ))
        scale = (Level(3, "low"), Level(2, "mid"), Level(1, "high"))
        return [Framework("local", "Local", "1", "tests", scale, (Section("s", "S", (strand,)),))]
    """
)


@pytest.fixture
def plugin_file(tmp_path: Path) -> Path:
    path = tmp_path / "local_rules.py"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_an_undeclared_fact_fails_with_its_location(
    plugin_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--disable-plugin", "all", "--plugin", str(plugin_file))
    assert code == 1
    assert out.splitlines() == [
        "error: plugin 'local_rules', framework local, strand d, level 1, criterion many: "
        "unknown fact 'local.devics' (did you mean 'local.devices'?) at column 1 of "
        "'local.devics >= 30' [undeclared-fact]",
        "1 error, 0 warnings in the plugins (the engine does not build)",
    ]
    assert err == ""


def test_findings_of_a_built_framework(
    plugin_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plugin_file.write_text(
        plugin_file.read_text().replace(
            "local.devics >= 30", "local.devices >= 30 and local.devices < 5"
        )
    )
    code, out, _ = run(capsys, "--disable-plugin", "all", "--plugin", str(plugin_file), "local")
    assert code == 1
    assert out.splitlines() == [
        "error: plugin 'local_rules', framework local, strand d, level 1, criterion many: the "
        "condition 'local.devices >= 30 and local.devices < 5' is always false whenever it is "
        "decided [constant-criterion]",
        "error: plugin 'local_rules', framework local, strand d, level 1, criterion many: level 1 "
        "cannot be reached by any evidence: its criterion never holds [unreachable-level]",
        "2 errors, 0 warnings in local",
    ]


def test_shipped_frameworks_pass(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys)
    assert code == 0
    assert out.splitlines()[-1].startswith("0 errors, ")
    assert out.splitlines()[-1].endswith(" in becta-srf")


def test_strict_fails_on_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--strict", "becta-srf")
    warnings = [line for line in out.splitlines() if line.startswith("warning: ")]
    assert code == (1 if warnings else 0)


def test_json_output(plugin_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--disable-plugin", "all", "--plugin", str(plugin_file), "-f", "json"
    )
    assert code == 1
    data = json.loads(out)
    assert data["frameworks"] == []
    [finding] = data["findings"]
    assert {k: finding[k] for k in ("kind", "severity", "plugin", "strand", "criterion")} == {
        "kind": "undeclared-fact",
        "severity": "error",
        "plugin": "local_rules",
        "strand": "d",
        "criterion": "many",
    }


def test_unknown_framework_is_invalid_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "becta")
    assert code == 1
    assert out == ""
    assert err == (
        "ictrules: error: unknown framework 'becta'; installed frameworks: becta-srf "
        "(did you mean 'becta-srf'?)\n"
    )


def test_an_inventory_settles_the_facts_plugins_derive_from_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ICTRULES_PLUGINS", raising=False)
    monkeypatch.delenv("ICTRULES_DISABLE_PLUGINS", raising=False)
    inventory = Path(__file__).resolve().parents[2] / "examples" / "typical-school-inventory.csv"
    code, out, _ = run(capsys, "becta-srf")
    assert code == 0
    assert out.splitlines()[-1] == "0 errors, 2 warnings (1 accepted) in becta-srf"
    assert "strand 1b3" in out  # its derived facts stay unknown without an inventory
    code, out, err = run(capsys, "becta-srf", "--inventory", str(inventory))
    assert code == 0
    assert out.splitlines()[-1] == "0 errors, 0 warnings (1 accepted) in becta-srf"
    assert out.startswith("accepted warning: plugin 'becta', framework becta-srf, strand 1b2")
    assert "data-quality issues in" in err  # the inventory's bad rows are still reported
    code, _, err = run(capsys, "--layout", "generic")
    assert code == 2
    assert "--layout only applies with --inventory" in err


def test_a_misspelt_optional_hook_fails_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # optionalhook=True, as the how-to recommends for the refresh plugin's hook, once hid the
    # typo: the check said 0 errors and the authority's policy was never applied.
    path = tmp_path / "county.py"
    path.write_text(
        "from ictrules import hookimpl\n\n"
        "@hookimpl(optionalhook=True)\n"
        "def ictrules_refresh_policy():\n"
        "    return [{'settings': {}}]\n",
        encoding="utf-8",
    )
    code, _out, err = run(capsys, "--disable-plugin", "becta", "--plugin", str(path))
    assert code == 1
    assert err == (
        "ictrules: error: plugin 'county' failed in register: ictrules_refresh_policy matches no "
        "ictrules hook (did you mean 'ictrules_refresh_policies'?)\n"
    )
