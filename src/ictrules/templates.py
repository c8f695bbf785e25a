"""Blank evidence for a framework: a fillable TOML file, and a JSON Schema of the evidence shape.

:func:`evidence_template` writes the file a school fills in: every fact the framework reads, its
question as a comment, its type and allowed values, grouped by the section whose strands read it.
Every value is commented out, so the blank template loads as "nothing known yet".

:func:`evidence_schema` describes the same evidence as a JSON Schema (draft 2020-12), for products
that build forms around ictrules.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from typing import Any

from .bands import BAND_NAMES
from .engine import Engine
from .evidence import PROVENANCE_SOURCES
from .facts import FactSpec, FactType
from .frameworks import Framework

__all__ = ["SCHEMA_DIALECT", "evidence_schema", "evidence_template", "facts_by_section"]

#: The JSON Schema dialect :func:`evidence_schema` uses.
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_EXAMPLES = {
    FactType.BOOLEAN: "true",
    FactType.INTEGER: "12",
    FactType.NUMBER: "2.5",
    FactType.PROPORTION: '0.6   # or "60%", or "many"',
    FactType.DATE: "2026-06-30",
    FactType.TEXT: '"..."',
}


def facts_by_section(
    engine: Engine, framework_id: str | None = None
) -> list[tuple[str, str, list[tuple[FactSpec, list[str]]]]]:
    """The facts a framework reads, grouped by the first section whose strands read each.

    Within a section, facts come in the order its strands' criteria first read them, so the
    template reads like a questionnaire.

    Returns ``(section code, section title, [(fact, [strand codes reading it]), ...])`` in
    framework order; facts read only as inputs of derivations come last under the code ``""``.
    """
    compiled = engine.compiled(framework_id)
    readers: dict[str, list[str]] = {}
    home: dict[str, str] = {}
    for strand in compiled.strands:
        for _, criteria in strand.ladder:
            for criterion in criteria:
                for fact in criterion.condition.facts:
                    codes = readers.setdefault(fact, [])
                    if strand.strand.code not in codes:
                        codes.append(strand.strand.code)
                    home.setdefault(fact, strand.section)
    groups: list[tuple[str, str, list[tuple[FactSpec, list[str]]]]] = []
    specs = engine.facts_for(framework_id)
    first_read = {fact: position for position, fact in enumerate(readers)}
    for section in compiled.framework.sections:
        members = sorted(
            ((spec, readers[spec.id]) for spec in specs if home.get(spec.id) == section.code),
            key=lambda member: first_read[member[0].id],
        )
        if members:
            groups.append((section.code, section.title, members))
    rest: list[tuple[FactSpec, list[str]]] = [(s, []) for s in specs if s.id not in home]
    if rest:
        groups.append(("", "Facts other facts are derived from", rest))
    return groups


def _comment(text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines():
        wrapped = textwrap.wrap(paragraph, width=98, break_on_hyphens=False)
        lines.extend("# " + line for line in wrapped) if wrapped else lines.append("#")
    return lines


def _type_line(spec: FactSpec) -> str:
    unit = f", in {spec.unit}" if spec.unit else ""
    return f"{spec.type.value}{unit}: {spec.allowed()}"


def _partial_example(spec: FactSpec) -> str | None:
    """The template's example of the fact known only in part (bounds or members)."""
    if spec.type is FactType.CHOICES:
        return f"{{ includes = [{json.dumps(spec.choices[0])}] }}"
    if not spec.is_ordered:
        return None
    match spec.type:
        case FactType.CHOICE:
            return f"{{ at_least = {json.dumps(spec.choices[len(spec.choices) // 2])} }}"
        case FactType.PROPORTION:
            return '{ at_least = "most" }'
        case FactType.DATE:
            return '{ within = "12 months" }'
        case _:
            low = 1 if spec.minimum is None else spec.minimum
            return f"{{ at_least = {low} }}"


def _example(spec: FactSpec) -> str:
    if spec.type is FactType.CHOICE:
        return json.dumps(spec.choices[-1])
    if spec.type is FactType.CHOICES:
        return json.dumps(list(spec.choices[:2]))
    return _EXAMPLES[spec.type]


def evidence_template(engine: Engine, framework_id: str | None = None) -> str:
    """A fillable TOML evidence file for a framework (the only one installed if ``None``).

    Each fact appears once, as a commented-out line ``# fact.id =`` after comments giving its
    question, type, allowed values, an example and the strands that read it. Uncomment a line
    and give a value to record what is known; leave it commented while unknown.
    """
    framework = engine.framework(framework_id)
    derived = engine.derived_facts()
    sections = facts_by_section(engine, framework.id)
    out: list[str] = [
        *_comment(
            f"Evidence for {framework.title} (framework {framework.id}, version "
            f"{framework.version})"
        ),
        *(_comment(f"Source: {framework.source}") if framework.source else []),
        "#",
        "# Fill in what you know and leave the rest commented out: a missing fact is 'not known",
        "# yet', never 'no'. To record a value, remove the '# ' in front of its line and write the",
        "# value after '='. A value may also carry where it came from, for example:",
        *_provenance_example([spec for _, _, members in sections for spec, _ in members]),
        f"# Sources: {', '.join(PROVENANCE_SOURCES)}.",
        '# Proportions take 0 to 1, a percentage such as "60%" or a band name:',
        f"# {', '.join(BAND_NAMES)}.",
        "# Know only part of the answer? Give bounds instead of a value (at_least, more_than,",
        '# at_most, less_than; a date may be { within = "2 years" }), and for a list give',
        "# { includes = [...] } and/or { excludes = [...] } or { count = { at_least = 4 } }:",
        "# a plain list means 'exactly these'. Each fact below shows its 'Known in part' form.",
        "",
        "# Who this evidence is about (uncomment both lines together):",
        "# [school]",
        '# id = "URN 100000"       # a stable identifier, such as the school URN',
        '# name = "Hillside Primary"',
        "",
        "[facts]",
    ]
    for code, title, members in sections:
        heading = f"{code} {title}" if code else title
        out += ["", f"# {'=' * 94}", f"# {heading}", f"# {'=' * 94}"]
        for spec, strands in members:
            out.append("")
            out += _comment(spec.question or spec.description)
            if spec.question and spec.description and spec.description != spec.question:
                out += _comment(f"({spec.description})")
            out += _comment(f"Type: {_type_line(spec)}")
            out.append(f"# Example: {spec.id} = {_example(spec)}")
            partial = _partial_example(spec)
            if partial:
                out.append(f"# Known in part: {spec.id} = {partial}")
            if strands:
                out += _comment(f"Read by: {_strand_names(framework, strands)}")
            if spec.id in derived:
                out.append(
                    f"# Can be derived by the {derived[spec.id]} plugin when left empty; "
                    "a value you give wins."
                )
            out.append(f"# {spec.id} =")
    out += [
        "",
        f"# {'=' * 94}",
        "# Your own judgements (optional): the level you would give each strand, and why.",
        f"# Levels, lowest first: {', '.join(str(level.value) for level in framework.scale)}.",
        f"# {'=' * 94}",
    ]
    for strand in framework.strands:
        out += [
            "",
            f"# [judgements.{_toml_key(strand.code)}]   # {strand.title}",
            "# level =",
            '# rationale = ""',
        ]
    return "\n".join(out) + "\n"


def _provenance_example(specs: list[FactSpec]) -> list[str]:
    """The header's example of a value with provenance, on a fact this framework really has
    (a proportion, as from a survey, when there is one), so that copying it works."""
    if not specs:
        return []
    spec = next((s for s in specs if s.type is FactType.PROPORTION), specs[0])
    value = "0.62" if spec.type is FactType.PROPORTION else _example(spec).split("   #")[0]
    source = "survey" if spec.type is FactType.PROPORTION else "document"
    return [f'#   {spec.id} = {{ value = {value}, source = "{source}", date = 2026-06-30 }}']


def _strand_names(framework: Framework, codes: Iterable[str]) -> str:
    return ", ".join(f"{code} {framework.strand(code).title}" for code in codes)


def _toml_key(key: str) -> str:
    if key.replace("_", "").replace("-", "").isalnum() and key.isascii():
        return key
    return json.dumps(key)


# --- JSON Schema -------------------------------------------------------------------------------


def _limits(spec: FactSpec) -> dict[str, Any]:
    limits: dict[str, Any] = {}
    if spec.minimum is not None:
        limits["minimum"] = spec.minimum
    if spec.maximum is not None:
        limits["maximum"] = spec.maximum
    return limits


def _plain_schema(spec: FactSpec) -> dict[str, Any]:
    match spec.type:
        case FactType.BOOLEAN:
            return {"type": "boolean"}
        case FactType.INTEGER:
            return {"type": "integer", **_limits(spec)}
        case FactType.NUMBER:
            return {"type": "number", **_limits(spec)}
        case FactType.PROPORTION:
            return {
                "anyOf": [
                    {"type": "number", "minimum": 0, "maximum": 1},
                    {
                        "type": "string",
                        "pattern": r"^\s*(100(\.0*)?|[0-9]{1,2}(\.[0-9]*)?)\s*%\s*$",
                    },
                    {"enum": list(BAND_NAMES)},
                ]
            }
        case FactType.CHOICE:
            return {"enum": list(spec.choices)}
        case FactType.CHOICES:
            return {"type": "array", "items": {"enum": list(spec.choices)}}
        case FactType.DATE:
            return {"type": "string", "format": "date"}
        case FactType.TEXT:
            return {"type": "string"}


def _bound_schema(spec: FactSpec) -> dict[str, Any] | None:
    """The table of bounds (or of members, for a set of choices) a fact may be given as."""
    provenance = {
        "source": {"$ref": "#/$defs/source"},
        "date": {"$ref": "#/$defs/date"},
        "note": {"type": "string"},
    }
    if spec.type is FactType.CHOICES:
        members = {"type": "array", "items": {"enum": list(spec.choices)}, "uniqueItems": True}
        count = {"type": "integer", "minimum": 0, "maximum": len(spec.choices)}
        return {
            "type": "object",
            "description": "a set known in part: members it includes, excludes, and its size",
            "properties": {
                "includes": members,
                "excludes": members,
                "count": {
                    "anyOf": [
                        count,
                        {
                            "type": "object",
                            "properties": {"at_least": count, "at_most": count},
                            "additionalProperties": False,
                            "minProperties": 1,
                        },
                    ]
                },
                **provenance,
            },
            "anyOf": [{"required": [key]} for key in ("includes", "excludes", "count")],
            "additionalProperties": False,
        }
    if not spec.is_ordered:
        return None
    end = _plain_schema(spec)
    if spec.type is FactType.INTEGER or spec.type is FactType.NUMBER:
        end = dict(end)
        if spec.minimum is not None:
            end["minimum"] = spec.minimum
        if spec.maximum is not None:
            end["maximum"] = spec.maximum
    bounds = dict.fromkeys(("at_least", "more_than", "at_most", "less_than"), end)
    if spec.type is FactType.DATE:
        bounds["within"] = {
            "type": "string",
            "pattern": r"^\s*[0-9]{1,4}\s*(day|week|month|year)s?\s*$",
            "description": "a span back from the assessment date, e.g. '12 months'",
        }
    return {
        "type": "object",
        "description": "a value known only to lie in a range: a lower and/or an upper bound",
        "properties": {**bounds, **provenance},
        "anyOf": [{"required": [key]} for key in bounds],
        "additionalProperties": False,
    }


def _fact_schema(spec: FactSpec, strands: list[str], derived_by: str | None) -> dict[str, Any]:
    plain = _plain_schema(spec)
    annotation: dict[str, Any] = {"type": spec.type.value, "allowed": spec.allowed()}
    if spec.type is FactType.CHOICE:
        annotation["ordered"] = spec.ordered
    if spec.unit:
        annotation["unit"] = spec.unit
    if strands:
        annotation["read_by"] = strands
    if derived_by:
        annotation["derived_by"] = derived_by
    return {
        "title": spec.description or spec.id,
        "description": spec.question,
        "x-ictrules": annotation,
        "anyOf": [
            {"type": "null", "description": "unknown (the same as leaving the fact out)"},
            plain,
            {
                "type": "object",
                "description": "a value with its provenance",
                "properties": {
                    "value": {"anyOf": [{"type": "null"}, plain]},
                    "source": {"$ref": "#/$defs/source"},
                    "date": {"$ref": "#/$defs/date"},
                    "note": {"type": "string"},
                },
                "required": ["value"],
                "additionalProperties": False,
            },
            *([partial] if (partial := _bound_schema(spec)) else []),
        ],
    }


def _nest(fact_ids: Iterable[str]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for fact_id in fact_ids:
        node = tree
        for part in fact_id.split("."):
            node = node.setdefault(part, {})
    return tree


def _facts_object(tree: dict[str, Any], prefix: str, known: set[str]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for key, subtree in sorted(tree.items()):
        fact_id = f"{prefix}{key}"
        if fact_id in known:
            properties[key] = {"$ref": f"#/$defs/facts/{fact_id}"}
        else:
            properties[key] = _facts_object(subtree, fact_id + ".", known)
    return {"type": "object", "properties": properties, "additionalProperties": False}


def evidence_schema(engine: Engine, framework_id: str | None = None) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of an evidence file for a framework.

    Facts may be given with dotted keys (``"vision.clarity"``) or nested objects, as a plain value
    or a ``{"value", "source", "date", "note"}`` object, or ``null`` for unknown. Each fact's
    schema, under ``$defs/facts/<fact id>``, carries its description as ``title``, its question as
    ``description`` and an ``x-ictrules`` annotation (type, allowed values, unit, strands reading
    it) for form builders. Judgements are keyed by strand code with the scale's levels.
    """
    framework = engine.framework(framework_id)
    derived = engine.derived_facts()
    fact_defs: dict[str, Any] = {}
    for _, _, members in facts_by_section(engine, framework.id):
        for spec, strands in members:
            fact_defs[spec.id] = _fact_schema(spec, strands, derived.get(spec.id))
    known = set(fact_defs)
    nested = _facts_object(_nest(sorted(known)), "", known)
    dotted = {fact_id: {"$ref": f"#/$defs/facts/{fact_id}"} for fact_id in sorted(known)}
    facts_schema = {
        "type": "object",
        "description": "Fact values by id, as dotted keys or nested objects; leave out unknowns.",
        "properties": {**nested["properties"], **dotted},
        "additionalProperties": False,
    }
    levels = [level.value for level in framework.scale]
    judgement = {
        "type": "object",
        "properties": {
            "level": {"enum": levels, "description": "levels, lowest first"},
            "rationale": {"type": "string"},
        },
        "required": ["level"],
        "additionalProperties": False,
    }
    judgements = {
        "type": "object",
        "description": "The school's own judgement per strand.",
        "properties": {
            strand.code: {"$ref": "#/$defs/judgement", "title": strand.title}
            for strand in framework.strands
        },
        "additionalProperties": False,
    }
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"urn:ictrules:evidence:{framework.id}:{framework.version}",
        "title": f"Evidence for {framework.title}",
        "description": (
            f"Evidence about one school for the {framework.id} framework, version "
            f"{framework.version}. Every section is optional; a fact left out is unknown."
        ),
        "type": "object",
        "properties": {
            "school": {
                "type": "object",
                "properties": {
                    "id": {
                        "type": ["string", "integer"],
                        # not empty, no spaces at either end: the store keeps history by id
                        "pattern": r"^\S([\s\S]*\S)?$",
                        "description": "e.g. the URN",
                    },
                    "name": {"type": "string"},
                },
                "required": ["id"],
                "additionalProperties": False,
            },
            "facts": facts_schema,
            "judgements": judgements,
        },
        "additionalProperties": False,
        "$defs": {
            "source": {"enum": list(PROVENANCE_SOURCES)},
            "date": {"type": "string", "format": "date"},
            "judgement": judgement,
            "facts": fact_defs,
        },
    }
