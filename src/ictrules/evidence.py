"""Evidence about a school: fact values with provenance, and the school's own judgements.

Evidence is read from a JSON, TOML or YAML file, or from a Python mapping, in this shape::

    [school]
    id = "URN 100000"
    name = "Hillside Primary"

    [facts]
    vision.mentions_ict = true             # dotted keys ...
    [facts.staff]                          # ... or nested tables: both mean the same fact
    embrace_vision = { value = 0.62, source = "survey", date = 2026-06-30 }

    [judgements."1a1"]
    level = 3
    rationale = "Our vision was rewritten last year."

Every problem in a document is reported together, each with its path.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ._calendar import date_hint, iso_date
from ._convert import compact_sorted
from ._evidence_reader import plain_reader
from .errors import EvidenceError, Problem, listed_hint
from .facts import FactSpec, FactValue, check_partial, check_value, checker, json_value
from .files import FEW_DIGITS, check_document, preview, read_document, within_limits
from .partial import BOUND_KEYS, PARTIAL_TYPES, SET_KEYS

__all__ = [
    "PROVENANCE_SOURCES",
    "Evidence",
    "JudgementScale",
    "OwnJudgement",
    "Provenance",
    "School",
    "Vocabulary",
    "evidence_from_mapping",
    "load_evidence",
    "read_evidence",
]

#: The kinds of source a fact value may cite.
PROVENANCE_SOURCES = (
    "survey",
    "document",
    "observation",
    "interview",
    "inventory",
    "data",
    "derived",
)

_SECTIONS = ("school", "facts", "judgements")
_SECTION_SET = frozenset(_SECTIONS)
# Value types that are never a table with provenance, so need no Mapping check.
_PLAIN = frozenset({bool, int, float, str, list, tuple, dt.date})
_PROVENANCE_KEYS = ("source", "date", "note")
_VALUE_KEYS = ("value", *_PROVENANCE_KEYS)
_TABLE_KEYS = (*_VALUE_KEYS, *BOUND_KEYS, *SET_KEYS)


@attrs.frozen
class Provenance:
    """Where a fact value came from: a kind of source, when, and a free note."""

    source: str | None = None
    date: dt.date | None = None
    note: str | None = None


@attrs.frozen
class OwnJudgement:
    """The level a school gives itself on one strand, and why."""

    level: int
    rationale: str = ""


@attrs.frozen
class School:
    """Who the evidence is about."""

    id: str
    name: str = ""


@attrs.frozen
class JudgementScale:
    """What own judgements may name in one framework: its strand codes and its levels."""

    framework: str
    strands: tuple[str, ...]
    levels: tuple[int, ...]

    def problems(
        self, judgements: Mapping[str, OwnJudgement], where: str = "judgements"
    ) -> list[Problem]:
        """One problem per judgement on a strand or at a level the framework does not have
        (``where`` is the path of the judgements' table)."""
        found: list[Problem] = []
        for code, judgement in judgements.items():
            if code not in self.strands:
                found.append(
                    Problem(
                        f"{where}.{code}",
                        f"{self.framework} has no strand {preview(code)}",
                        listed_hint(found, code, self.strands),
                    )
                )
            elif judgement.level not in self.levels:
                found.append(
                    Problem(
                        f"{where}.{code}.level",
                        f"level {judgement.level} is not on the scale {list(self.levels)}",
                    )
                )
        return found


@attrs.frozen
class Evidence:
    """Known fact values (absent means unknown), their provenance and own judgements.

    ``facts`` maps fact ids to checked values (see :func:`ictrules.facts.check_value`), in an
    order that follows how the document was read and means nothing (reports, JSON and the
    store order facts by id). Evidence built here directly is taken as checked, as it is:
    build it with :meth:`ictrules.Engine.load_evidence` from a mapping to have every value
    checked (a proportion of 5, "62%" or a date as text is otherwise judged as given);
    ``judgements`` maps strand codes to the school's own judgement, for whichever framework
    the evidence is assessed against; ``framework_judgements`` keys them by framework id
    instead, so that one evidence file serves several frameworks (see :meth:`judgements_for`).
    """

    facts: Mapping[str, FactValue] = attrs.field(factory=dict)
    provenance: Mapping[str, Provenance] = attrs.field(factory=dict)
    judgements: Mapping[str, OwnJudgement] = attrs.field(factory=dict)
    school: School | None = None
    source: str | None = attrs.field(default=None, eq=False)
    framework_judgements: Mapping[str, Mapping[str, OwnJudgement]] = attrs.field(factory=dict)
    #: Whether any value is partial (bounds or an open set): worked out once, on creation.
    has_partial: bool = attrs.field(init=False, default=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        partial = not PARTIAL_TYPES.isdisjoint(map(type, self.facts.values()))
        object.__setattr__(self, "has_partial", partial)

    def judgements_for(self, framework: str) -> Mapping[str, OwnJudgement]:
        """The own judgements that apply to ``framework``: those keyed by its id, else the
        unkeyed ones."""
        return self.framework_judgements.get(framework, self.judgements)

    def to_mapping(self) -> dict[str, Any]:
        """The evidence as a JSON-ready mapping that :func:`evidence_from_mapping` reads back."""
        facts: dict[str, Any] = {}
        # a fact left unknown may still say where that was found ({ value = null, source = ... })
        for fact_id in sorted(self.facts.keys() | self.provenance.keys()):
            value = json_value(self.facts[fact_id]) if fact_id in self.facts else None
            provenance = self.provenance.get(fact_id)
            if provenance is None:
                facts[fact_id] = value
                continue
            # a partial value is a table of its own: provenance sits beside its keys
            entry: dict[str, Any] = dict(value) if isinstance(value, dict) else {"value": value}
            if provenance.source is not None:
                entry["source"] = provenance.source
            if provenance.date is not None:
                entry["date"] = provenance.date.isoformat()
            if provenance.note is not None:
                entry["note"] = provenance.note
            facts[fact_id] = entry
        return self._document(facts)

    def _document(self, facts: Mapping[str, Any]) -> dict[str, Any]:
        """The mapping :meth:`to_mapping` gives, around ``facts`` (the facts as data)."""
        document: dict[str, Any] = {}
        if self.school is not None:
            document["school"] = {"id": self.school.id, "name": self.school.name}
        document["facts"] = facts
        judgements = _judgement_tables(self.judgements)
        for framework, own in sorted(self.framework_judgements.items()):
            judgements[framework] = _judgement_tables(own)
        if judgements:
            document["judgements"] = judgements
        return document


def _compact_text(evidence: Evidence) -> str:
    """``evidence.to_mapping()`` as compact JSON with sorted keys, the text of
    :func:`~ictrules._convert.compact_sorted` (the store's evidence column), made with less
    work: without provenance to sit beside them, the facts go to the writer as they are, which
    writes a set of choices as a list and asks :func:`~ictrules.facts.json_value` for the rest
    (a date, a partial value) as :meth:`Evidence.to_mapping` does."""
    facts = evidence.facts
    if evidence.provenance or type(facts) is not dict:  # a read-only mapping, say: as data
        return compact_sorted(evidence.to_mapping())
    return compact_sorted(evidence._document(facts), default=_fact_data)


def _fact_data(value: Any) -> Any:
    data = json_value(value)
    if data is value:  # not a value json_value turns into data: refused, as the writer would
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    return data


def _plain_evidence(
    facts: dict[str, FactValue], school: School | None, source: str | None
) -> Evidence:
    """Evidence of checked values none of which is partial, with no provenance or own
    judgements: what :class:`Evidence` makes of them, built by setting its slots (a third of
    the time ``__init__`` takes, which works ``has_partial`` out from every value)."""
    evidence = _new(Evidence)
    _set_facts(evidence, facts)
    _set_provenance(evidence, {})
    _set_judgements(evidence, {})
    _set_school(evidence, school)
    _set_source(evidence, source)
    _set_framework_judgements(evidence, {})
    _set_has_partial(evidence, False)
    return evidence


_new = object.__new__
(
    _set_facts,
    _set_provenance,
    _set_judgements,
    _set_school,
    _set_source,
    _set_framework_judgements,
    _set_has_partial,
) = (
    Evidence.__dict__[field.name].__set__ for field in attrs.fields(Evidence)
)  # a new field fails here


def _judgement_tables(judgements: Mapping[str, OwnJudgement]) -> dict[str, Any]:
    return {
        code: {"level": own.level, "rationale": own.rationale}
        for code, own in sorted(judgements.items())
    }


def load_evidence(
    path: str | Path, facts: Mapping[str, FactSpec], *, scale: JudgementScale | None = None
) -> Evidence:
    """Read an evidence file (JSON, TOML, or YAML with the ``yaml`` extra) against ``facts``.

    With ``scale``, own judgements are checked against a framework's strands and levels too.
    Raises :class:`EvidenceError` listing every problem, each with its path in the file.
    """
    data = read_document(path, check_limits=False)  # read_evidence holds it to the limits
    return read_evidence(data, Vocabulary(facts), str(path), scale)


def evidence_from_mapping(
    data: Any,
    facts: Mapping[str, FactSpec],
    source: str | None = None,
    *,
    scale: JudgementScale | None = None,
) -> Evidence:
    """Check a mapping in the evidence-file shape against the declared ``facts`` (and, with
    ``scale``, its own judgements against a framework's strands and levels)."""
    return read_evidence(data, Vocabulary(facts), source, scale)


class Vocabulary:
    """Declared facts, with the dotted namespaces they live in, for reading nested tables.

    Built once per engine: working the namespaces out again for every document would cost
    more than checking the document's values.
    """

    def __init__(self, facts: Mapping[str, FactSpec]) -> None:
        self.facts = facts
        #: Each fact's spec with the checker of its type, for plain values (no table).
        self.checkers = {fact: (spec, checker(spec)) for fact, spec in facts.items()}
        self.namespaces = frozenset(
            ".".join(parts[:end])
            for parts in (fact.split(".") for fact in facts)
            for end in range(1, len(parts))
        )
        #: Reads a facts table of plain values in their usual forms, or says to read it the
        #: general way (``None``): generated once per vocabulary.
        self.read_plain = plain_reader(facts)[0]


def read_evidence(
    data: Any,
    vocabulary: Vocabulary,
    source: str | None,
    scale: JudgementScale | None,
    *,
    checked: bool = False,
    dated: Callable[[Mapping[str, FactValue], Mapping[str, Provenance]], list[Problem]]
    | None = None,
) -> Evidence:
    """Check a mapping in the evidence-file shape against a vocabulary (see
    :func:`evidence_from_mapping`). ``checked`` says the data was read from a file by
    :func:`ictrules.files.read_document`, which has checked it against the limits. ``dated``,
    when given, finds the problems of the values and provenance read against an assessment
    date (reported with the rest, even when other values could not be read)."""
    quick = _read_quick(data, vocabulary, source)
    if quick is not None and (dated is None or not dated(quick.facts, quick.provenance)):
        return quick  # else read again, to report the dates' problems with any others
    problems: list[Problem] = []
    raw_facts = data.get("facts", {}) if isinstance(data, Mapping) else None
    plain = _read_plain(raw_facts, vocabulary)
    if not checked and not _within_limits_beside(data, plain):
        check_document(data, source)  # the limits a file has, for a mapping given directly too
    if not isinstance(data, Mapping):
        raise EvidenceError(source, [Problem("", "expected a table/object at the top level")])
    for key in data if not _SECTION_SET.issuperset(data) else ():
        if key not in _SECTIONS:
            problems.append(
                Problem(
                    str(key),
                    "unknown section; expected school, facts or judgements",
                    listed_hint(problems, str(key), _SECTIONS),
                )
            )
    school = _read_school(data.get("school"), problems)
    values, provenance = _fact_table(raw_facts, plain, vocabulary, problems)
    if dated is not None:
        problems.extend(dated(values, provenance))
    judgements, by_framework = _all_judgements(data, problems)
    if scale is not None and scale.framework in by_framework:
        own = by_framework[scale.framework]
        problems.extend(scale.problems(own, f"judgements.{scale.framework}"))
    elif scale is not None:
        problems.extend(scale.problems(judgements))
    if problems:
        raise EvidenceError(source, problems)
    return Evidence(values, provenance, judgements, school, source, by_framework)


def _read_quick(data: Any, vocabulary: Vocabulary, source: str | None) -> Evidence | None:
    """The evidence of the commonest document, or ``None`` to read it the general way: a
    plain dict holding a ``facts`` table that the generated reader reads whole (every value
    plain) and, if anything else, a ``school`` table of a plain id and name.

    What it accepts is what the general way makes of it (a Hypothesis property in
    ``tests/core/test_core_evidence_reader.py`` holds the two together), with no problem to
    report (no own judgements to check against a scale) and within the document limits."""
    if type(data) is not dict:
        return None
    facts, school = data.get("facts"), data.get("school")
    if type(facts) is not dict or len(data) != 1 + (school is not None):
        return None
    plain = vocabulary.read_plain(facts)
    if plain is None or plain[1]:
        return None
    if school is None:
        return _plain_evidence(plain[0], None, source)
    if type(school) is not dict:
        return None
    school_id, name = school.get("id"), school.get("name", "")
    if len(school) != 1 + ("name" in school) or name.__class__ is not str or not name.isascii():
        return None
    if school_id.__class__ is int and -FEW_DIGITS < school_id < FEW_DIGITS:
        school_id = str(school_id)
    elif not (
        school_id.__class__ is str
        and school_id.isascii()
        and school_id.isprintable()
        and school_id.strip() == school_id != ""
    ):
        return None  # the general way says what is wrong with it, if anything
    return _plain_evidence(plain[0], School(school_id, name), source)


def _within_limits_beside(
    data: Any, plain: tuple[dict[str, FactValue], list[tuple[str, Any]]] | None
) -> bool:
    """Whether a document whose facts the fast path read is certainly within the limits of
    :func:`~ictrules.files.check_document`: what the fast path accepted is, so only the other
    sections and the values it handed back need a look."""
    if plain is None or type(data) is not dict:
        return False
    others = {key: item for key, item in data.items() if key != "facts"}
    # a value handed back is looked at as deep as the deepest spelling of its fact puts it
    # (``facts``, then a table per part of its id); the full walk says where a fault is
    return within_limits(others) and all(
        within_limits(value, depth=fact.count(".") + 2) for fact, value in plain[1]
    )


def _fact_table(
    raw: Any,
    plain: tuple[dict[str, FactValue], list[tuple[str, Any]]] | None,
    vocabulary: Vocabulary,
    problems: list[Problem],
) -> tuple[dict[str, FactValue], dict[str, Provenance]]:
    """The facts table's checked values and provenance: what the fast path read (``plain``)
    with the values it handed back checked one by one, or the table read the general way."""
    values: dict[str, FactValue] = {}
    provenance: dict[str, Provenance] = {}
    if plain is not None:
        values, rest = plain
        faults: list[Problem] = []
        for fact_id, value in rest:
            _read_one(
                vocabulary.facts[fact_id], value, f"facts.{fact_id}", values, provenance, faults
            )
        if not faults:
            return values, provenance
        # read again the general way, which names the problems in the document's order
        values, provenance = {}, {}
    if isinstance(raw, Mapping):
        _read_facts(raw, "", vocabulary, values, provenance, problems)
    else:
        problems.append(Problem("facts", "expected a table of fact values"))
    return values, provenance


def _read_plain(
    raw: Any, vocabulary: Vocabulary
) -> tuple[dict[str, FactValue], list[tuple[str, Any]]] | None:
    """The facts table read on the generated fast path, or ``None`` if it is to be read the
    general way: the plain values checked, and the other facts' raw values (each once)."""
    if type(raw) is not dict:
        return None
    plain = vocabulary.read_plain(raw)
    if plain is None or not plain[1]:
        return plain
    values, rest = plain
    ids = {fact_id for fact_id, _ in rest}
    if len(ids) != len(rest) or not ids.isdisjoint(values):
        return None  # a fact given twice: the general reader says where
    return plain


def _all_judgements(
    data: Mapping[str, Any], problems: list[Problem]
) -> tuple[dict[str, OwnJudgement], dict[str, dict[str, OwnJudgement]]]:
    """The own judgements of a document: those for any framework, and those keyed by one."""
    if "judgements" not in data:
        return {}, {}
    raw = data["judgements"]
    keyed = _framework_keyed(raw)
    judgements = _read_judgements(
        {k: v for k, v in raw.items() if k not in keyed} if isinstance(raw, Mapping) else raw,
        problems,
    )
    by_framework = {
        framework: _read_judgements(raw[framework], problems, f"judgements.{framework}")
        for framework in keyed
    }
    return judgements, by_framework


def _framework_keyed(raw: Any) -> list[str]:
    """Keys of the judgements table that hold a framework's judgements (a table of tables
    keyed by strand code) rather than one strand's judgement."""
    if not isinstance(raw, Mapping):
        return []
    return [
        key
        for key, entry in raw.items()
        if isinstance(entry, Mapping)
        and entry
        and "level" not in entry
        and all(isinstance(item, Mapping) for item in entry.values())
    ]


def _read_school(raw: Any, problems: list[Problem]) -> School | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or "id" not in raw:
        problems.append(Problem("school", "expected a table with an 'id' (and optional 'name')"))
        return None
    for key in raw:
        if key not in ("id", "name"):
            problems.append(Problem(f"school.{key}", "unknown key; expected id or name"))
    name = raw.get("name", "")
    if not isinstance(name, str):
        problems.append(Problem("school.name", f"expected text, got {preview(name)}"))
        name = ""
    problem = _id_problem(raw["id"])
    if problem is not None:
        problems.append(problem)
        return None
    return School(str(raw["id"]), name)


#: Unicode categories of characters that break or control a line: controls, line and
#: paragraph separators.
_BREAKING = frozenset({"Cc", "Zl", "Zp"})


def _id_problem(school_id: Any) -> Problem | None:
    """What is wrong with a school's id, or ``None``. An id is text or a whole number, not
    empty, without spaces at either end or control characters (a line break): ids are compared
    exactly (the store keeps a school's history under its id), so ``'URN 1 '`` would be
    another school than ``'URN 1'``."""
    if type(school_id) is int:
        return None
    if not isinstance(school_id, str):
        written = ("true" if school_id else "false") if type(school_id) is bool else None
        if isinstance(school_id, dt.date):
            written = f"the date {school_id.isoformat()} (quote it to make it text)"
        got = written or preview(school_id)
        return Problem("school.id", f"expected text or a whole number, got {got}")
    trimmed = school_id.strip()
    if not trimmed:
        return Problem("school.id", "empty: give the school's id, such as its URN")
    if trimmed != school_id:
        return Problem(
            "school.id",
            f"{preview(school_id)} has spaces at its start or end, and ids are compared exactly "
            "(a school's history is kept under its id)",
            f"write {trimmed!r}",
        )
    if not school_id.isprintable() and any(  # printable text holds none of them (tested in C)
        unicodedata.category(character) in _BREAKING for character in school_id
    ):
        return Problem(
            "school.id",
            f"{preview(school_id)} holds a line break or another control character",
            "write the id on one line, as the school's records give it",
        )
    return None


def _read_facts(
    raw: Mapping[str, Any],
    prefix: str,
    vocabulary: Vocabulary,
    values: dict[str, FactValue],
    provenance: dict[str, Provenance],
    problems: list[Problem],
) -> None:
    checkers, specs = vocabulary.checkers, vocabulary.facts
    for key, node in raw.items():
        if not isinstance(key, str):  # YAML reads 1, true or ~ as a key; a Python caller may
            problems.append(Problem(f"facts.{prefix}{key}", "unknown fact id: an id is text"))
            continue
        fact_id = prefix + key if prefix else key
        entry = checkers.get(fact_id)
        if entry is not None:
            spec, check = entry
            if fact_id in values:
                problems.append(
                    Problem(f"facts.{fact_id}", "given twice (as a dotted key and in a table)")
                )
                continue
            if type(node) in _PLAIN:  # the common case, without an ABC check or a path
                value, message = check(spec, node)
                if message is None and value is not None:
                    values[fact_id] = value
                    continue
            _read_one(spec, node, f"facts.{fact_id}", values, provenance, problems)
        elif isinstance(node, Mapping) and fact_id in vocabulary.namespaces:
            _read_facts(node, fact_id + ".", vocabulary, values, provenance, problems)
        else:
            for unknown in _leaf_keys(fact_id, node):
                problems.append(
                    Problem(
                        f"facts.{unknown}",
                        "unknown fact id",
                        listed_hint(problems, unknown, specs),
                    )
                )


def _leaf_keys(key: str, node: Any) -> list[str]:
    """The full dotted keys under an unknown key: ``vison.ict_clarity = ...`` in TOML is the
    table ``vison`` holding ``ict_clarity``, and each typo deserves its own problem, named in
    full. A table of a value with its provenance is a leaf, not a namespace."""
    if not isinstance(node, Mapping) or not node or all(k in _TABLE_KEYS for k in node):
        return [key]
    return [leaf for child, item in node.items() for leaf in _leaf_keys(f"{key}.{child}", item)]


def _read_one(
    spec: FactSpec,
    node: Any,
    path: str,
    values: dict[str, FactValue],
    provenance: dict[str, Provenance],
    problems: list[Problem],
) -> None:
    if not isinstance(node, Mapping):
        if node is None:
            return  # an explicit null means "unknown", the same as leaving the fact out
        value, message = check_value(spec, node)
        if message is not None:
            problems.append(Problem(path, message))
        elif value is not None:
            values[spec.id] = value
        return
    unknown = [key for key in node if key not in _TABLE_KEYS]
    for key in unknown:
        problems.append(
            Problem(
                f"{path}.{key}",
                "unknown key; expected value (or bounds such as at_least, or includes for a "
                "set), source, date or note",
                listed_hint(problems, str(key), _TABLE_KEYS),
            )
        )
    partial = {key: item for key, item in node.items() if key in BOUND_KEYS or key in SET_KEYS}
    if "value" in node and partial:
        first = next(iter(partial))
        problems.append(Problem(f"{path}.{first}", f"give either a value or {first}, not both"))
        return
    if "value" not in node and not partial:
        if not unknown:
            problems.append(
                Problem(path, "a table for a fact needs a 'value' (or bounds, or includes)")
            )
        return
    origin = _read_provenance(node, path, problems)
    if origin is not None:
        provenance[spec.id] = origin
    if partial:
        checked, faults = check_partial(spec, partial)
        for key, message in faults:
            problems.append(Problem(f"{path}.{key}" if key else path, message))
        if not faults and checked is not None:
            values[spec.id] = checked
        return
    raw = node["value"]
    if raw is None:
        return
    value, message = check_value(spec, raw)
    if isinstance(raw, Mapping) and message is not None:
        message = "a value is a single value; put bounds or members beside source and note"
    if message is not None:
        problems.append(Problem(f"{path}.value", message))
    elif value is not None:
        values[spec.id] = value


def _read_provenance(
    node: Mapping[str, Any], path: str, problems: list[Problem]
) -> Provenance | None:
    source = node.get("source")
    if source is not None and source not in PROVENANCE_SOURCES:
        problems.append(
            Problem(
                f"{path}.source",
                f"unknown source {preview(source)}; allowed: {', '.join(PROVENANCE_SOURCES)}",
                listed_hint(problems, str(source), PROVENANCE_SOURCES),
            )
        )
        source = None
    when = node.get("date")
    if isinstance(when, str):
        try:
            when = iso_date(when)
        except ValueError:
            problems.append(
                Problem(
                    f"{path}.date",
                    f"expected a date as YYYY-MM-DD, got {preview(when)}{date_hint(when)}",
                )
            )
            when = None
    elif isinstance(when, dt.datetime):
        when = when.date()
    elif when is not None and not isinstance(when, dt.date):
        problems.append(
            Problem(f"{path}.date", f"expected a date as YYYY-MM-DD, got {preview(when)}")
        )
        when = None
    note = node.get("note")
    if note is not None and not isinstance(note, str):
        problems.append(Problem(f"{path}.note", f"expected text, got {preview(note)}"))
        note = None
    if source is None and when is None and note is None:
        return None
    return Provenance(source, when, note)


def _read_judgements(
    raw: Any, problems: list[Problem], where: str = "judgements"
) -> dict[str, OwnJudgement]:
    judgements: dict[str, OwnJudgement] = {}
    if not isinstance(raw, Mapping):
        problems.append(Problem(where, "expected a table keyed by strand code"))
        return judgements
    for code, entry in raw.items():
        path = f"{where}.{code}"
        if not isinstance(entry, Mapping):
            problems.append(Problem(path, "expected a table with 'level' and 'rationale'"))
            continue
        level = entry.get("level")
        if not isinstance(level, int) or isinstance(level, bool):
            problems.append(
                Problem(f"{path}.level", f"expected a whole-number level, got {preview(level)}")
            )
            continue
        rationale = entry.get("rationale", "")
        if not isinstance(rationale, str):
            problems.append(
                Problem(f"{path}.rationale", f"expected text, got {preview(rationale)}")
            )
            continue
        for key in entry:
            if key not in ("level", "rationale"):
                problems.append(
                    Problem(f"{path}.{key}", "unknown key; expected level or rationale")
                )
        judgements[str(code)] = OwnJudgement(level, rationale)
    return judgements
