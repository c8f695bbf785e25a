"""A JSON Schema of framework data files, generated from the models that read them.

Editors that understand JSON Schema (VS Code with a TOML or YAML extension, for instance) can
check a framework file as it is written. The schema is built from the attrs classes
:class:`~ictrules.Framework` and :class:`~ictrules.FactSpec` read the file into, so it cannot
drift from what :func:`~ictrules.read_framework_file` accepts; the committed copy in
``docs/reference/framework.schema.json`` is kept current by a test::

    import json
    from ictrules.schemas import framework_file_schema
    print(json.dumps(framework_file_schema(), indent=2))
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from .bands import BAND_NAMES, BandScale
from .facts import FACT_ID_PATTERN, FUTURE_DATES, FactSpec
from .frameworks import Framework

__all__ = ["framework_file_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def framework_file_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a framework data file: the framework's keys at the
    top level and its fact declarations under ``facts``."""
    definitions: dict[str, Any] = {}
    top = _object(Framework, definitions)
    top["properties"]["facts"] = {"type": "array", "items": {"$ref": "#/$defs/FactSpec"}}
    _object(FactSpec, definitions)
    return {
        "$schema": _DIALECT,
        "$id": "https://ictrules.invalid/framework-file.schema.json",
        "title": "ictrules framework file",
        "description": (Framework.__doc__ or "").split("\n\n")[0].strip(),
        **top,
        "$defs": definitions,
    }


def _object(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    """The schema of an attrs class: its file keys (fields compared for equality; those that
    only record where a framework was read from are not keys of the file)."""
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if not field.eq:
            continue
        properties[field.name] = _schema(hints[field.name], definitions)
        if field.default is attrs.NOTHING:
            required.append(field.name)
    extra = _EXTRA.get(cls.__name__, {})
    for name, more in extra.items():
        properties[name] = {**properties.get(name, {}), **more}
    shape: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        shape["required"] = required
    definitions[cls.__name__] = {
        "description": (cls.__doc__ or "").split("\n\n")[0].strip(),
        **shape,
    }
    return shape


def _schema(kind: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(kind)
    arguments = typing.get_args(kind)
    if kind is Any:
        return {}
    if kind is type(None):
        return {"type": "null"}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_schema(argument, definitions) for argument in arguments]}
    if kind is bool:
        return {"type": "boolean"}
    if kind is int:
        return {"type": "integer"}
    if kind is float:
        return {"type": "number"}
    if kind is str:
        return {"type": "string"}
    if origin is tuple:
        return {"type": "array", "items": _schema(arguments[0], definitions)}
    if origin is Mapping or origin is dict or kind is Mapping:
        values = _schema(arguments[1], definitions) if arguments else {}
        return {"type": "object", "additionalProperties": values}
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return {"enum": [member.value for member in kind]}
    if kind is BandScale:
        bound = {"type": "number", "minimum": 0, "maximum": 1}
        return {
            "type": "object",
            "properties": {
                "lower_bounds": {
                    "type": "object",
                    "properties": dict.fromkeys(BAND_NAMES, bound),
                    "required": list(BAND_NAMES),
                    "additionalProperties": False,
                },
                "source": {"type": "string"},
            },
            "required": ["lower_bounds"],
            "additionalProperties": False,
        }
    if isinstance(kind, type) and attrs.has(kind):
        if kind.__name__ not in definitions:
            definitions[kind.__name__] = {}  # a placeholder while it is built
            _object(kind, definitions)
        return {"$ref": f"#/$defs/{kind.__name__}"}
    raise TypeError(f"no JSON Schema for {kind!r}")  # pragma: no cover - a new model type


#: What the models' types alone cannot say: id patterns and closed vocabularies.
_EXTRA: dict[str, dict[str, dict[str, Any]]] = {
    "FactSpec": {
        "id": {"pattern": FACT_ID_PATTERN.pattern},
        "future": {"enum": list(FUTURE_DATES)},
    },
    "Framework": {"id": {"pattern": r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"}},
    "Strand": {"code": {"pattern": r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"}},
    "Criterion": {"id": {"pattern": r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"}},
    "Entailment": {"id": {"pattern": r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"}},
}
