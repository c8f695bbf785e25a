"""``ictrules assess EVIDENCE...``: judge one school in full, or summarise many.

One evidence file gives the full report: every strand's level, why, actions and evidence still to
collect, with the refresh plan when ``--inventory`` is given. Several files, or a folder of an
authority's returns, give a table of every school by strand. Files that cannot be read are listed
on stderr and make the exit status 1; the others are still reported.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .._convert import dumps
from ..assessments import Assessment
from ..engine import Engine
from ..explanations import render_text
from ..reports import Glossary
from ..reports.csv import assessment_csv, summary_csv
from ..reports.html import assessment_html, summary_html
from ..reports.markdown import assessment_markdown, summary_markdown
from ..reports.text import summary_text
from . import _refresh
from ._batch import Progress, assess_files, default_jobs, evidence_files
from ._common import (
    PluginSettings,
    Subparsers,
    add_engine_options,
    add_output_options,
    build_engine,
    choose_framework,
    parse_date,
    write_output,
)
from ._store import add_store_option, cohort_fragment, save_assessments

if TYPE_CHECKING:
    from ictrules_refresh import RefreshPlan

__all__ = ["add_parser", "render_many", "render_one", "run"]


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    """Add the ``assess`` command."""
    parser = subparsers.add_parser(
        "assess",
        help="assess one school's evidence, or summarise many schools",
        description=(
            "Assess evidence files against a framework. With one file: the full report. With "
            "several files or a folder: a table of every school by strand."
        ),
    )
    parser.add_argument(
        "evidence",
        nargs="+",
        metavar="EVIDENCE",
        help="evidence files (.toml, .json, .yaml) or folders of them",
    )
    parser.add_argument(
        "--framework", metavar="ID", help="framework id (default: the only one installed)"
    )
    parser.add_argument(
        "--inventory",
        metavar="FILE",
        help="the school's asset inventory: feeds its refresh plan into the judgement and adds "
        "the plan to the report (one school only)",
    )
    parser.add_argument(
        "--as-of",
        type=parse_date,
        metavar="DATE",
        help="the date the judgement is made on, YYYY-MM-DD (default: today)",
    )
    add_output_options(parser)
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="assess many files in N processes (0: one per CPU; default 1)",
    )
    parser.add_argument(
        "--summary",
        action="store_true",
        help="give the many-schools table even for a single file",
    )
    _refresh.add_plan_options(parser)
    add_store_option(parser)
    add_engine_options(parser)
    return parser


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {value}")
    return value


def run(args: argparse.Namespace) -> int:
    """Assess the evidence and write the report."""
    _refresh.check_needs_inventory(args)
    paths = evidence_files(args.evidence)
    if args.inventory and (len(paths) > 1 or args.summary):
        args.parser.error("--inventory goes with one school's full report, not a summary")
    settings = PluginSettings.from_args(args)
    engine = build_engine(settings)
    framework = choose_framework(engine, args.framework).id
    if len(paths) == 1 and not args.summary:
        attachments: dict[str, object] = {}
        plan = None
        evidence = engine.load_evidence(paths[0], framework)
        if args.inventory:
            inventory = _refresh.load_inventory(
                args.inventory, args, engine, listed_in_report=args.format != "csv"
            )
            plan = _refresh.make_plan(inventory, args, args.as_of, engine)
            attachments = _refresh.attachments(inventory, plan)
        assessment = engine.assess(evidence, framework, as_of=args.as_of, attachments=attachments)
        cohort = None
        if args.store:
            save_assessments(args.store, engine, [(assessment, evidence)])
            if args.format == "html":
                cohort = cohort_fragment(args.store, assessment)
        write_output(render_one(engine, assessment, args.format, plan, cohort), args.output)
        return 0
    jobs = default_jobs() if args.jobs == 0 else args.jobs
    progress = Progress(len(paths), "assessing")
    outcomes = list(
        progress.track(
            assess_files(
                engine,
                settings,
                paths,
                framework,
                args.as_of,
                jobs,
                slim=args.format != "json" and not args.store,
            )
        )
    )
    assessments = [o.assessment for o in outcomes if o.assessment is not None]
    sources = [o.path for o in outcomes if o.assessment is not None]
    failures = [o for o in outcomes if o.error is not None]
    if args.store:
        saved = [(o.assessment, engine.load_evidence(o.path)) for o in outcomes if o.assessment]
        save_assessments(args.store, engine, saved)
    write_output(render_many(assessments, args.format, sources), args.output)
    for failure in failures:
        error = failure.error or ""
        where = "" if failure.path in error else f"{failure.path}: "  # a plugin error, say
        sys.stderr.write(f"ictrules: error: {where}{error}\n")
    if failures:
        sys.stderr.write(
            f"ictrules: {len(failures)} of {len(outcomes)} evidence files could not be "
            "assessed; the report covers the rest\n"
        )
        return 1
    return 0


def render_one(
    engine: Engine,
    assessment: Assessment,
    fmt: str,
    plan: RefreshPlan | None = None,
    cohort: str | None = None,
) -> str:
    """One school's report in ``fmt``, with its refresh plan when there is one (and, in HTML,
    the ``cohort`` benchmark fragment when there is one)."""
    glossary = Glossary.from_engine(engine, assessment.framework)
    if fmt == "json":
        if plan is None:
            return assessment.to_json()
        return dumps(
            {"assessment": assessment.to_dict(), "refresh_plan": json.loads(plan.to_json())}
        )
    if fmt == "csv":
        return assessment_csv(assessment)
    if plan is not None:
        from ictrules_refresh import plan_html, render_plan
    if fmt == "html":
        fragment = plan_html(plan) if plan is not None else None
        return assessment_html(
            assessment,
            glossary=glossary,
            plan_fragment=fragment,
            fragments=[cohort] if cohort else [],
        )
    if fmt == "md":
        extra = render_plan(plan, "md") if plan is not None else None
        return assessment_markdown(assessment, glossary=glossary, plan_markdown=extra)
    text = render_text(assessment)
    if plan is not None:
        text += "\n" + render_plan(plan, "text").rstrip("\n") + "\n"
    return text


def render_many(assessments: list[Assessment], fmt: str, sources: Sequence[str] = ()) -> str:
    """The many-schools summary in ``fmt``; ``sources`` are the evidence files, in the same
    order, naming schools whose evidence has no ``[school]`` table."""
    if fmt == "json":
        return dumps([assessment.to_dict() for assessment in assessments])
    if fmt == "html":
        return summary_html(assessments, sources)
    if fmt == "md":
        return summary_markdown(assessments, sources)
    if fmt == "csv":
        return summary_csv(assessments, sources)
    return summary_text(assessments, sources)
