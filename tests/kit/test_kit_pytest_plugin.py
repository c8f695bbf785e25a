"""The pytest11 plugin: its fixtures work in a fresh pytest run of someone else's tests."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytest_plugins = ["pytester"]

INLINE_PLUGIN = textwrap.dedent(
    """
    from ictrules import FactSpec, FactType, hookimpl

    class LocalFacts:
        @hookimpl
        def ictrules_facts(self):
            return [FactSpec("local.ready", FactType.BOOLEAN, "Ready.", "Are you ready?")]
    """
)


def test_fixtures_are_offered_without_configuration(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        INLINE_PLUGIN
        + textwrap.dedent(
            """
            from ictrules import Engine

            def test_installed(ictrules_engine):
                assert isinstance(ictrules_engine, Engine)
                assert "becta" in ictrules_engine.plugins

            def test_isolated(make_ictrules_engine):
                engine = make_ictrules_engine([("local", LocalFacts())])
                assert list(engine.plugins) == ["local"]
                assert list(engine.facts) == ["local.ready"]

            def test_beside_installed(make_ictrules_engine):
                engine = make_ictrules_engine([LocalFacts()], installed=True, disable=["becta"])
                assert "LocalFacts" in engine.plugins
                assert "refresh" in engine.plugins
                assert "becta" not in engine.plugins
            """
        )
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_installed_engine_is_built_once_per_session(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        seen = []

        def test_one(ictrules_engine):
            seen.append(ictrules_engine)

        def test_two(ictrules_engine):
            assert seen == [ictrules_engine]
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)


def test_fixtures_are_listed(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--fixtures", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(
        [
            "*ictrules_engine* [[]session scope[]]*",
            "*An engine over the plugins installed*",
            "*make_ictrules_engine*",
        ]
    )


def test_loading_the_plugin_imports_no_hypothesis() -> None:
    code = "import sys, ictrules.pytest_plugin; print('hypothesis' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
