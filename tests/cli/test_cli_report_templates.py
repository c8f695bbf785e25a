"""Report templates: a --template-dir and a plugin's folder change what every report looks like,
the defaults are reachable as default:NAME, and a broken template is an error with its line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import cli_sample_plugin
import pytest
from cli_support import Runner
from html_check import outline

from ictrules import Engine, hookimpl
from ictrules.reports.html import assessment_html
from ictrules.reports.templating import ReportTemplateError, ReportTemplates

AS_OF = ("--as-of", "2026-09-01")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _trust(folder: Path) -> Path:
    folder.mkdir()
    (folder / "base.html").write_text(
        '{% extends "default:base.html" %}{% block brand %}Brook <b>Trust</b>{% endblock %}'
        "{% block extra_style %}:root { --accent: #00703c; }{% endblock %}",
        encoding="utf-8",
    )
    return folder


def test_a_template_dir_restyles_the_school_report(
    cli: Runner, evidence: Path, tmp_path: Path
) -> None:
    plain = cli("assess", str(evidence), *AS_OF, "-f", "html").out
    folder = _trust(tmp_path / "trust")
    styled = cli(
        "assess",
        str(evidence),
        *AS_OF,
        "-f",
        "html",
        "--template-dir",
        str(folder),
        "--title",
        "Hillside & the trust",
    ).out
    assert "Brook <b>Trust</b>" not in plain
    assert '<div class="brand">Brook <b>Trust</b></div>' in styled  # the trust's own markup
    assert "--accent: #00703c" in styled
    assert "<h1>Hillside &amp; the trust</h1>" in styled
    page = outline(styled)
    assert [a["data-strand"] for a in page.with_class("article", "strand")] == ["a1", "a2", "b1"]


def test_a_plugins_folder_restyles_and_a_template_dir_wins_over_it(tmp_path: Path) -> None:
    plugin_folder = tmp_path / "plugin"
    plugin_folder.mkdir()
    (plugin_folder / "base.html").write_text(
        '{% extends "default:base.html" %}{% block brand %}From the plugin{% endblock %}',
        encoding="utf-8",
    )

    class Branding:
        @hookimpl
        def ictrules_report_templates(self) -> list[Path]:
            return [plugin_folder]

    engine = Engine([cli_sample_plugin, Branding()])
    assessment = engine.assess(cli_sample_plugin.full_evidence(), as_of=dt.date(2026, 9, 1))
    by_plugin = assessment_html(assessment, templates=ReportTemplates.from_engine(engine))
    assert "From the plugin" in by_plugin
    user = _trust(tmp_path / "trust")
    both = assessment_html(assessment, templates=ReportTemplates.from_engine(engine, [user]))
    assert "Brook <b>Trust</b>" in both
    assert "From the plugin" not in both


@pytest.mark.usefixtures("with_refresh")
def test_the_refresh_plan_is_restyled_through_the_same_templates(
    cli: Runner, tmp_path: Path
) -> None:
    folder = _trust(tmp_path / "trust")
    (folder / "refresh").mkdir()
    (folder / "refresh" / "section.html").write_text(
        '{% extends "plugin:refresh:refresh/section.html" %}', encoding="utf-8"
    )
    out = cli(
        "plan",
        str(EXAMPLES / "typical-school-inventory.csv"),
        *AS_OF,
        "-f",
        "html",
        "--template-dir",
        str(folder),
        "--title",
        "Meadowbank",
    ).out
    assert '<div class="brand">Brook <b>Trust</b></div>' in out
    assert "<h1>Meadowbank</h1>" in out
    outline(out)


def test_a_broken_template_names_its_line(cli: Runner, evidence: Path, tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "base.html").write_text("<p>\n{% block brand %}\n", encoding="utf-8")
    result = cli("assess", str(evidence), *AS_OF, "-f", "html", "--template-dir", str(folder))
    assert result.code == 1
    assert "base.html" in result.err
    assert "line 2" in result.err
    assert "Traceback" not in result.err


def test_a_missing_template_dir_is_an_error() -> None:
    with pytest.raises(ReportTemplateError, match="does not exist"):
        ReportTemplates(["/no/such/folder"])


@pytest.mark.parametrize(
    ("expression", "said"),
    [
        # Python's internals, reached from a global the template is given: a shell command
        (
            'cycler.__init__.__globals__.os.popen("echo ran").read()',
            "access to attribute '__init__' of 'type' object is unsafe",
        ),
        ("a.strands.__class__", "access to attribute '__class__'"),
        # changing the data a report is given
        ("a.plugins.clear()", "access to attribute 'clear' of 'dict' object is unsafe"),
        # asking for memory without end
        ('"x" * 10**10', "a text or list repeated beyond 100000 items"),
        ("[0] * 10**9", "a text or list repeated beyond 100000 items"),
        ("2 ** 1000000", "a power beyond 100000 digits"),
        ("range(10**9)|list|length", "Range too big"),
    ],
)
def test_a_template_runs_in_a_sandbox(
    cli: Runner, evidence: Path, tmp_path: Path, expression: str, said: str
) -> None:
    """A product may take report templates from a trust: a template reads what it is given and
    nothing more. What it reaches for is refused, naming the template and its line."""
    folder = tmp_path / "uploaded"
    folder.mkdir()
    (folder / "base.html").write_text(
        '{% extends "default:base.html" %}\n{% block brand %}{{ ' + expression + " }}"
        "{% endblock %}",
        encoding="utf-8",
    )
    result = cli("assess", str(evidence), *AS_OF, "-f", "html", "--template-dir", str(folder))
    assert result.code == 1
    assert said in result.err
    assert f"{folder / 'base.html'} line 2" in result.err
    assert "Traceback" not in result.err
    assert "ran" not in result.out
