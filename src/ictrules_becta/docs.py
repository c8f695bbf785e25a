"""The reference page for the Becta framework, generated from its data file so it cannot drift.

Regenerate ``docs/frameworks/becta-leadership.md`` with::

    python -m ictrules_becta.docs > docs/frameworks/becta-leadership.md
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from ictrules import DEFAULT_BANDS, Entailment, FactSpec, FactType, Framework, FrameworkFile, Strand
from ictrules.expressions import compile_condition
from ictrules.partial import BOUND_WORDS
from ictrules_refresh.derived import DECLARED_FACTS

from . import INVENTORY_FACTS, load

__all__ = ["PAGE", "render_markdown"]

#: Where the generated page lives, relative to the repository root.
PAGE = "docs/frameworks/becta-leadership.md"

#: How the descriptors' quantifiers read as the core's proportion bands.
QUANTIFIERS = (
    ("a few", "few"),
    ("some", "some"),
    ("many", "many"),
    ('most; a group named without a quantifier ("staff, governors")', "most"),
    ("all; all or nearly all; full compliance", "almost_all"),
)

_USAGE = """```python
import datetime as dt

import ictrules_becta
import ictrules_refresh.plugin
from ictrules import Engine

engine = Engine([ictrules_becta, ictrules_refresh.plugin])
evidence = engine.load_evidence("examples/typical-school.toml")
assessment = engine.assess(evidence, "becta-srf", as_of=dt.date(2026, 9, 1))
result = assessment.strand("1b6")
assert (result.level, result.best_possible, result.status.value) == (4, 3, "provisional")
assert result.missing == ("evaluation.informs_planning",)
```"""

_STATED_WINS = '''```python
from ictrules import Derivation, hookimpl
from ictrules_refresh.derived import DECLARED_FACTS


class StandIn:
    """Stands in for the refresh plugin: declares its facts, derives the renewal horizon."""

    @hookimpl
    def ictrules_facts(self):
        return DECLARED_FACTS

    @hookimpl
    def ictrules_derivations(self, facts):
        return [Derivation("budget.renewal_horizon_years",
                           lambda ctx: ctx.attachments.get("inventory", {}).get("horizon"))]


engine = Engine([ictrules_becta, StandIn()])
inventory = {"horizon": 4}
derived = engine.assess({"facts": {}}, "becta-srf", as_of=dt.date(2026, 9, 1),
                        attachments={"inventory": inventory})
reading = next(r for c in derived.strand("1b3").criteria for r in c.facts
               if r.fact == "budget.renewal_horizon_years")
assert (reading.value, reading.derived_by) == (4, "StandIn")

stated = engine.assess({"facts": {"budget.renewal_horizon_years": 2}}, "becta-srf",
                       as_of=dt.date(2026, 9, 1), attachments={"inventory": inventory})
reading = next(r for c in stated.strand("1b3").criteria for r in c.facts
               if r.fact == "budget.renewal_horizon_years")
assert (reading.value, reading.derived_by) == (2, None)
```'''


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _strand_table(
    strand: Strand, framework: Framework, reads: dict[str, tuple[str, ...]]
) -> list[str]:
    lines = [
        f"### {strand.code} {strand.title}",
        "",
        "| level | descriptor | criteria (all must hold, with those of every lower level) "
        "| facts read |",
        "| --- | --- | --- | --- |",
    ]
    for entry in framework.scale:
        rules = strand.rules_for(entry.value)
        if rules.criteria:
            criteria = "<br>".join(f"{c.statement} (`{c.condition}`)" for c in rules.criteria)
            facts = sorted({fact for c in rules.criteria for fact in reads[c.id]})
            read = "<br>".join(f"`{fact}`" for fact in facts)
        else:
            criteria = "none: every school is at least here"
            read = ""
        level = f"{entry.value} {entry.label}"
        lines.append(f"| {level} | {_cell(rules.descriptor)} | {_cell(criteria)} | {read} |")
    lines.append("")
    linked: dict[str, list[str]] = {}
    for rules in strand.levels:
        for criterion in rules.criteria:
            for link in criterion.links:
                linked.setdefault(link, []).append(criterion.id)
    if linked:
        lines += ["Support links, shown beside the actions of these criteria:", ""]
        lines += [f"- <{link}>: {', '.join(ids)}" for link, ids in linked.items()]
        lines.append("")
    return lines


def _allowed(spec: FactSpec) -> str:
    if spec.type is FactType.PROPORTION:
        return "0 to 1, a percentage, or a band"
    if spec.type in (FactType.CHOICE, FactType.CHOICES):
        return ", ".join(f"`{choice}`" for choice in spec.choices)
    allowed = spec.allowed()
    return f"{allowed} ({spec.unit})" if spec.unit else allowed


def _type_name(spec: FactSpec) -> str:
    return {
        FactType.CHOICE: "ordered choice",
        FactType.CHOICES: "set of choices",
    }.get(spec.type, spec.type.value)


def _then_words(value: Any) -> str:
    """An entailed value, as the data gives it, in words."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "exactly " + ", ".join(f"`{item}`" for item in value)
    if not isinstance(value, Mapping):
        return f"`{value}`"
    words = {**BOUND_WORDS, "includes": "includes", "excludes": "excludes"}
    parts = []
    for key, end in value.items():
        if key == "count":
            parts.append(f"{_then_words(end)} members")
        elif isinstance(end, list):
            parts.append(f"{words[key]} " + ", ".join(f"`{item}`" for item in end))
        elif key == "within":
            parts.append(f"{words[key]} {end}")
        else:
            parts.append(f"{words[key]} `{end}`")
    return ", ".join(parts)


def _entailment_section(
    entailments: tuple[Entailment, ...], strands_of: Mapping[str, list[str]]
) -> list[str]:
    lines = [
        "## Entailments",
        "",
        "What an answer implies for other facts. Before judging, the engine applies every "
        "entailment whose condition is known to hold, and repeats until nothing changes, so a "
        "school need not restate what its answers already say; evidence that contradicts an "
        "entailment is an evidence problem naming it, and `ictrules explain` names the "
        "entailment that supplied a value. Each says only what the words of the answer, or of "
        "the option chosen, imply. None reads a fact the refresh plugin derives, so an "
        "inventory never contradicts what a school states. Review dates are given in days "
        "(365, 730, 1095) so that `years_since` reads them as whole years in every year.",
        "",
        "| entailment | when | then | because | strands |",
        "| --- | --- | --- | --- | --- |",
    ]
    for entailment in entailments:
        then = "<br>".join(
            f"`{fact}` {_then_words(value)}" for fact, value in entailment.then.items()
        )
        strands = sorted({code for fact in entailment.then for code in strands_of[fact]})
        lines.append(
            f"| `{entailment.id}` | `{_cell(entailment.when)}` | {_cell(then)} | "
            f"{_cell(entailment.reason)} | {', '.join(strands)} |"
        )
    return [*lines, ""]


def _survey_section(framework: Framework) -> list[str]:
    lines = [
        "## Surveys",
        "",
        "Each fact about the share of a group has a survey question for that group, in the "
        "group's own words: `ictrules survey-questions becta-srf --group staff` writes a "
        "group's questions ready for Microsoft Forms or Google Forms, and `ictrules survey` "
        "turns the form's export into these facts, each as the confidence interval of the share "
        "that agrees (see [turn surveys into evidence](../how-to/run-surveys.md)). A fact about "
        "two groups together is asked of each; the groups' shares are weighed by their sizes.",
        "",
    ]
    for group in framework.survey_groups:
        lines += [
            f"### {group.capitalize()}",
            "",
            "| question | answers (agreeing first) | fact |",
            "| --- | --- | --- |",
        ]
        for question in framework.surveys:
            if question.group != group:
                continue
            scale = framework.survey_scale(question.scale)
            agreeing = [answer for answer in scale.answers if answer in scale.agree]
            others = [answer for answer in scale.answers if answer not in scale.agree]
            answers = ", ".join(agreeing) + "; " + ", ".join(others)
            if scale.not_applicable:
                answers += " (" + ", ".join(scale.not_applicable) + ": not counted)"
            lines.append(f"| {_cell(question.question)} | {_cell(answers)} | `{question.fact}` |")
        lines.append("")
    return lines


def render_markdown(source: FrameworkFile | None = None) -> str:
    """The framework's reference page as Markdown: per strand, each level's descriptor, its
    criteria in words and the facts they read; then the evidence vocabulary."""
    loaded = source or load()
    framework = loaded.framework
    specs = {spec.id: spec for spec in loaded.facts}
    # the facts it needs from the refresh plugin, as that plugin declares them
    specs.update({spec.id: spec for spec in DECLARED_FACTS if spec.id in framework.needs})
    bands = framework.bands or DEFAULT_BANDS
    reads: dict[str, tuple[str, ...]] = {}
    strands_of: dict[str, list[str]] = defaultdict(list)
    for strand in framework.strands:
        for rules in strand.levels:
            for criterion in rules.criteria:
                condition = compile_condition(criterion.condition, specs, bands)
                reads[criterion.id] = condition.facts
                for fact in condition.facts:
                    if strand.code not in strands_of[fact]:
                        strands_of[fact].append(strand.code)
    count = sum(len(rules.criteria) for strand in framework.strands for rules in strand.levels)
    out = [
        f"# {framework.title}",
        "",
        "<!-- Generated from src/ictrules_becta/leadership.toml: do not edit by hand. Regenerate",
        f"     with: python -m ictrules_becta.docs > {PAGE} -->",
        "",
        f"Framework id `{framework.id}`, version {framework.version}. Source: {framework.source}.",
        "",
        framework.description,
        "",
        f"The plugin `ictrules_becta` supplies it: {len(framework.strands)} strands in "
        f"{len(framework.sections)} aspects, {count} criteria, {len(specs)} facts and "
        f"{len(framework.entailments)} entailments, all read from the data file "
        "`src/ictrules_becta/leadership.toml` (a worked example for authorities writing their "
        "own framework). The descriptors below are short summaries in our own words, not "
        "Becta's text. For every strand and level, [descriptor_cases.toml]"
        "(../../tests/becta/descriptor_cases.toml) gives evidence that says only what the "
        "descriptor says, in a school's words, and the test suite checks that each lands at "
        "its level, determined.",
        "",
        _USAGE,
        "",
        "## Levels",
        "",
        "Levels run from worst to best. A strand is at a level when the criteria of that level "
        "and of every level below it hold; level 5 has no criteria. Facts the evidence does not "
        "give are unknown, so a strand may be *provisional* between the level the evidence proves "
        "and the best it still allows (see [ladders and unknown facts]"
        "(../explanation/ladders-and-unknown-facts.md)).",
        "",
        "| level | label |",
        "| --- | --- |",
        *(f"| {entry.value} | {entry.label} |" for entry in framework.scale),
        "",
        "## Quantifiers and proportion bands",
        "",
        "The descriptors say who understands, embraces or complies with quantifiers. Each "
        "becomes a comparison with one of the core's [proportion bands]"
        '(../explanation/proportion-bands.md), so a survey result (0.62, "62%") or a band name '
        "can be given as evidence:",
        "",
        "| descriptor says | criterion asks for at least | which is |",
        "| --- | --- | --- |",
    ]
    for words, band in QUANTIFIERS:
        low, _ = bands.interval(band)
        share = f"{low:.0%} or more" if low > 0 else "more than none"
        out.append(f"| {words} | `'{band}'` | {share} |")
    out += [
        "",
        "\"All\" is read as `'almost_all'` (90% or more) because survey results rarely reach "
        '100% and Becta\'s own wording is "all, or nearly all". Where a descriptor asks for '
        'something to be "regular" or "frequent", the criterion reads an ordered choice '
        "whose question defines each option and, where the date of the last review is known, "
        "the years since it (`years_since`).",
        "",
        "Becta's levels are cumulative: a school that meets a level's descriptor has come "
        "through the levels below it. Many questions are therefore ordered choices whose "
        'options follow the levels, each "as the one before, and ...": a school picks the one '
        "option that fits, and a criterion asking for a lower option holds. What an answer "
        "implies for other facts is declared as an [entailment](#entailments).",
        "",
    ]
    for section in framework.sections:
        out += [f"## {section.code} {section.title}", ""]
        for strand in section.strands:
            out += _strand_table(strand, framework, reads)
    out += _entailment_section(loaded.framework.entailments, strands_of)
    out += _survey_section(framework)
    out += [
        "## The link with the refresh plugin",
        "",
        "Five facts read by 1b3 (budgetary effectiveness) and 1b4 (environmental impact) "
        "can be worked out from a device inventory. The Becta plugin declares them; the refresh "
        "plugin derives them when an inventory is attached to the assessment "
        "(`ictrules assess ... --inventory devices.csv`). A derivation only fills a fact the "
        "evidence leaves unknown: **a value the school states always wins** over a derived one, "
        "and the report marks derived values with the plugin that derived them.",
        "",
        "| fact | type | meaning | read by |",
        "| --- | --- | --- | --- |",
    ]
    for fact in INVENTORY_FACTS:
        spec = specs[fact]
        unit = f" ({spec.unit})" if spec.unit else ""
        strands = ", ".join(strands_of[fact])
        out.append(
            f"| `{fact}` | {spec.type.value}{unit} | {_cell(spec.description)} | {strands} |"
        )
    out += [
        "",
        "A stand-in for the refresh plugin shows the rule:",
        "",
        _STATED_WINS,
        "",
        "## Evidence vocabulary",
        "",
        "Every fact a criterion reads, with the question to ask. Facts are shared where "
        "descriptors share a notion (1a1 and 1a2 both read how the vision treats ICT).",
        "",
        "| fact | type | allowed values | question | read by |",
        "| --- | --- | --- | --- | --- |",
    ]
    for fact in sorted(specs):
        spec = specs[fact]
        out.append(
            f"| `{fact}` | {_type_name(spec)} | {_cell(_allowed(spec))} | "
            f"{_cell(spec.question)} | {', '.join(strands_of[fact])} |"
        )
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(render_markdown(), end="")
