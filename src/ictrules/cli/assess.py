"""``ictrules assess EVIDENCE...``: judge one school in full, or summarise many.

One evidence file gives the full report: every strand's level, why, actions and evidence still to
collect, with the refresh plan when ``--inventory`` is given and what the surveys measured when
``--survey`` exports are given beside it. Several files, or a folder of an
authority's returns, give a table of every school by strand. Files that cannot be read are listed
on stderr and make the exit status 1; the others are still reported.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .._convert import array_pieces, data_to_write, dumps, dumps_items
from .._text import printable
from ..assessments import Assessment
from ..commands import CliError, Command, Invocation, ReportSection, add_inputs, whole_number
from ..engine import Engine
from ..progress import Progress
from ..reports import Glossary
from ..reports.action_plan import ActionPlan, action_plan_data, load_action_plan
from ..reports.csv import assessment_csv, summary_csv
from ..reports.html import Failure, assessment_html, summary_html
from ..reports.markdown import assessment_markdown, summary_markdown
from ..reports.surveys import survey_section
from ..reports.templating import ReportTemplates
from ..reports.text import assessment_text, summary_text
from ..store.database import PreparedAssessment, prepare_assessment
from ..surveys import merge_evidence, read_surveys
from ._batch import Outcome, WorkerError, assess_files, default_jobs, evidence_files
from ._store import cohort_fragment, save_assessments
from .survey import report_survey

__all__ = ["COMMAND", "render_many", "render_one", "run"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    add_inputs(
        parser, "evidence", "EVIDENCE", "evidence files (.toml, .json, .yaml) or folders of them"
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=whole_number(0),
        default=1,
        metavar="N",
        help="assess many files in N processes (0: one per CPU; default 1)",
    )
    parser.add_argument(
        "--summary",
        action="store_true",
        help="give the many-schools table even for a single file",
    )
    parser.add_argument(
        "--survey",
        action="append",
        default=[],
        metavar="FILE",
        help="a survey export (.xlsx from Microsoft Forms, .csv from Google Forms) whose replies "
        "measure facts beside the evidence file (repeatable; one school only)",
    )
    parser.add_argument(
        "--survey-mapping",
        metavar="FILE",
        help="the survey mapping (TOML, JSON or YAML) for --survey: group sizes, which file or "
        "column says who replied, which value to use where the evidence gives a fact too",
    )
    parser.add_argument(
        "--action-plan",
        metavar="FILE",
        help="the school's action plan (TOML, JSON or YAML): owner, term and cost of each "
        "action, keyed by criterion id; the report carries them (one school only)",
    )


def run(call: Invocation) -> int:
    """Assess the evidence and write the report."""
    args = call.args
    paths = _without_output(evidence_files(args.evidence), args.evidence, args.output)
    if args.survey_mapping and not args.survey:
        call.usage_error("--survey-mapping goes with --survey")
    if len(paths) > 1 or args.summary:
        if args.action_plan:
            call.usage_error("--action-plan goes with one school's full report, not a summary")
        if args.survey:
            call.usage_error("--survey goes with one school's full report, not a summary")
        for source in call.sources:
            if source.given(args):
                call.usage_error(
                    f"{source.option} goes with one school's full report, not a summary"
                )
        # with no source given, attaching only refuses options that need one (--horizon
        # without --inventory, say), as it does for one school: never silently ignored
        call.attachments()
    engine = call.engine()
    framework = call.framework()
    if len(paths) == 1 and not args.summary:
        action_plan = load_action_plan(args.action_plan) if args.action_plan else None
        attached = call.attachments()
        attachments = {key: value for a in attached for key, value in a.values.items()}
        survey = None
        if args.survey:
            survey = read_surveys(
                engine, args.survey, args.survey_mapping, framework, as_of=call.as_of
            )
            report_survey(survey)
        evidence = engine.load_evidence(paths[0], framework, as_of=call.as_of)
        if survey is not None:
            evidence = merge_evidence(evidence, survey)
        assessment = engine.assess(evidence, framework, as_of=call.as_of, attachments=attachments)
        if action_plan is not None:
            action_plan.check(assessment)
        cohort = None
        if args.store:
            save_assessments(args.store, engine, [prepare_assessment(assessment, evidence)])
            if call.format == "html":
                cohort = cohort_fragment(args.store, assessment)
        sections = [section for a in attached for section in a.sections]
        templates = call.templates() if call.format in ("html", "md") else None
        if survey is not None:
            sections.insert(0, survey_section(survey, assessment, engine, templates))
        call.write(
            render_one(
                engine,
                assessment,
                call.format,
                sections,
                cohort,
                action_plan=action_plan,
                title=call.title,
                templates=templates,
            )
        )
        return 0
    jobs = default_jobs() if args.jobs == 0 else args.jobs
    written = call.format == "json"
    progress = Progress(len(paths), "assessing")
    if written and args.output in (None, "-") and _on_terminal(sys.stdout):
        progress.enabled = False  # drawn between the summary's lines as they come, it mars them
    batch = assess_files(
        engine,
        call.plugin_settings,
        paths,
        framework,
        call.as_of,
        jobs,
        slim=not written,
        store=bool(args.store),
        written=written,
    )
    outcomes = progress.track(batch)
    failures: list[Outcome] = []
    prepared: list[PreparedAssessment] = []
    try:
        if written:  # written as the files are assessed, never held whole; the store after it
            members = _members(outcomes, failures, prepared)
            try:
                call.write(array_pieces(members))
            except (BrokenPipeError, CliError) as exc:
                if not args.store or isinstance(exc, WorkerError):
                    raise
                # The summary could not be written (its reader went away, a full disk, an
                # output refused): the store still gets every school, as with any format.
                for _ in members:
                    pass
                save_assessments(args.store, engine, prepared)
                raise
            if args.store:
                save_assessments(args.store, engine, prepared)
        else:
            done = list(outcomes)
            assessments = [o.assessment for o in done if o.assessment is not None]
            sources = [o.path for o in done if o.assessment is not None]
            failures = [o for o in done if o.error is not None]
            if args.store:
                save_assessments(args.store, engine, [o.prepared for o in done if o.prepared])
            not_assessed = [Failure(o.path, _reason(o.path, o.error or "")) for o in failures]
            templates = call.templates() if call.format in ("html", "md") else None
            call.write(
                render_many(
                    assessments,
                    call.format,
                    sources,
                    failures=not_assessed,
                    title=call.title,
                    templates=templates,
                )
            )
    except KeyboardInterrupt:
        # Ctrl-C outside the batch (while the summary is written, say): its workers are
        # stopped now, as Ctrl-C inside it stops them, before the program ends at once.
        with contextlib.suppress(BaseException):
            batch.throw(KeyboardInterrupt)
        raise
    finally:
        batch.close()  # an early end (an output that failed): no worker is left running
    for failure in failures:
        error = failure.error or ""
        where = "" if failure.path in error else f"{failure.path}: "  # a plugin error, say
        sys.stderr.write(printable(f"ictrules: error: {where}{error}\n"))
    if failures:
        sys.stderr.write(
            f"ictrules: {len(failures)} of {len(paths)} evidence files could not be "
            "assessed; the report covers the rest\n"
        )
        return 3 if any(failure.bug for failure in failures) else 1  # 3: a plugin's bug
    return 0


def _on_terminal(stream: Any) -> bool:
    """Whether ``stream`` is a terminal (a closed or detached one is not)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _without_output(paths: list[str], named: Sequence[str], output: str | None) -> list[str]:
    """The evidence files, less this command's own output (``-o``) where a folder named holds
    it, with a note for each: a summary written into the folder it summarises is not read back
    as evidence by the next run. (Named as evidence itself, it is kept, and writing refuses
    to replace it.) Raises :class:`CliError` when nothing else is left, and when the output is
    a school's evidence in the folder rather than an earlier JSON summary: it is never
    replaced by the report."""
    if output in (None, "-") or not os.path.isfile(output):
        return paths
    name, given = os.path.basename(output), set(named)
    kept = []
    for path in paths:
        if path not in given and os.path.basename(path) == name and os.path.samefile(path, output):
            if not _a_json_summary(path):  # a school's evidence: never replaced by the report
                raise CliError(
                    f"cannot write {output}: it is one of the evidence files ({path}); choose "
                    "another output file"
                )
            note = f"ictrules: note: {path} is this command's output (-o), not evidence: left out\n"
            sys.stderr.write(printable(note))
        else:
            kept.append(path)
    if paths and not kept:
        raise CliError(f"no evidence files besides this command's output {output}")
    return kept


def _a_json_summary(path: str) -> bool:
    """Whether ``path`` holds a JSON summary of many schools, as this command writes one (an
    array; evidence is a table): read as far as its first character, however long it is."""
    if not path.lower().endswith(".json"):
        return False
    try:
        with open(path, "rb") as stream:
            start = stream.read(4096).lstrip(b" \t\r\n")
    except OSError:
        return False
    return start.startswith(b"[")


def _members(
    outcomes: Iterable[Outcome], failures: list[Outcome], prepared: list[PreparedAssessment]
) -> Iterator[str]:
    """The JSON summary's members, each as its file's outcome comes (see
    :func:`~ictrules._convert.array_pieces`), keeping the failures and the store's records."""
    for outcome in outcomes:
        if outcome.prepared is not None:
            prepared.append(outcome.prepared)
        if outcome.text is not None:
            yield outcome.text
        else:
            failures.append(outcome)


def _reason(path: str, error: str) -> str:
    """An error message without the file name a summary already shows beside it."""
    return " ".join(error.replace(f" in {path}:", ":").split())


def render_one(
    engine: Engine,
    assessment: Assessment,
    fmt: str,
    sections: Sequence[ReportSection] = (),
    cohort: str | None = None,
    *,
    action_plan: ActionPlan | None = None,
    title: str | None = None,
    templates: ReportTemplates | None = None,
) -> str:
    """One school's report in ``fmt``, with the sections plugins attached (a refresh plan,
    say), the school's ``action_plan`` (owner, term and cost of each action), the ``title``
    given and, in HTML, the ``cohort`` benchmark fragment when there is one. ``templates`` are
    the report templates in force (ictrules' own by default)."""
    glossary = Glossary.from_engine(engine, assessment.framework)
    if fmt == "json":
        if not sections and action_plan is None:
            return assessment.to_json()
        data: dict[str, Any] = {"assessment": data_to_write(assessment)}
        if action_plan is not None:
            data["action_plan"] = action_plan_data(assessment, action_plan)
        data.update({section.key: section.data for section in sections})
        return dumps(data)
    if fmt == "csv":
        return assessment_csv(assessment)
    if fmt == "html":
        shared = templates or ReportTemplates.from_engine(engine)
        return assessment_html(
            assessment,
            glossary=glossary,
            plan_fragment="".join(section.html(shared) for section in sections) or None,
            fragments=[cohort] if cohort else [],
            action_plan=action_plan,
            title=title,
            templates=shared,
        )
    if fmt == "md":
        return assessment_markdown(
            assessment,
            glossary=glossary,
            sections=[section.render("md") for section in sections],
            action_plan=action_plan,
            title=title,
            templates=templates,
        )
    text = assessment_text(assessment, glossary=glossary, action_plan=action_plan, title=title)
    for section in sections:
        text += "\n" + section.render("text").rstrip("\n") + "\n"
    return text


def render_many(
    assessments: list[Assessment],
    fmt: str,
    sources: Sequence[str] = (),
    *,
    failures: Sequence[Failure] = (),
    title: str | None = None,
    templates: ReportTemplates | None = None,
) -> str:
    """The many-schools summary in ``fmt``; ``sources`` are the evidence files, in the same
    order, naming schools whose evidence has no ``[school]`` table; ``failures`` the files that
    could not be assessed, which every format but JSON lists."""
    if fmt == "json":  # as the command line writes it, member by member
        members = (dumps_items([data_to_write(assessment)], 0) for assessment in assessments)
        return "".join(array_pieces(members))
    if fmt == "html":
        return summary_html(
            assessments, sources, failures=failures, title=title, templates=templates
        )
    if fmt == "md":
        return summary_markdown(
            assessments, sources, failures=failures, title=title, templates=templates
        )
    if fmt == "csv":
        return summary_csv(assessments, sources, failures=failures)
    return summary_text(assessments, sources, failures=failures)


COMMAND = Command(
    "assess",
    "assess one school's evidence, or summarise many schools",
    "Assess evidence files against a framework. With one file: the full report. With several "
    "files or a folder: a table of every school by strand.",
    run,
    _arguments,
    uses=("framework", "as_of", "output", "store", "attachments", "report", "plugins"),
    order=40,
)
