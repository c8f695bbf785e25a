"""Conditions: small expressions over facts, checked against their declarations and compiled once.

A condition such as ``vision.clarity >= 'clear' and staff.embrace_vision >= 'many'`` is parsed
with the standard library's :mod:`ast` and only a whitelist of syntax is accepted:

* fact references (dotted names of declared facts) and literals (numbers, text, true/false, and
  tuples or sets of them after ``in``);
* comparisons ``== != < <= > >=``, ``in`` and ``not in``, chained comparisons;
* ``and``, ``or``, ``not``;
* the functions in :data:`FUNCTIONS`.

Everything else (attribute calls, subscripts, lambdas, arithmetic, names beginning with ``_``)
is rejected with the offending text and column. The expression is type-checked against the
declared facts and compiled into closures. Unknown facts follow three-valued (Kleene) logic:
a condition evaluates to ``True``, ``False`` or ``None`` (unknown).

The closures follow Kleene logic over plain values and ranges (:mod:`ictrules._kleene`,
:mod:`ictrules.intervals`). Each compiled condition also keeps a small code tree
(:attr:`Condition.code`) from the same checked nodes, from which :mod:`ictrules._codegen` writes
Python source for the engine's levels-only fast path.
"""

from __future__ import annotations

import ast
import datetime as dt
import math
import operator
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ._calendar import years_between
from ._codegen import (
    Code,
    Junction,
    Known,
    Literal,
    Negation,
    Render,
    Test,
    Value,
    band_range_source,
    literal,
    set_literal,
    unique,
)
from ._kleene import (
    Evaluator,
    Truth,
    band_range,
    binary,
    count,
    kleene_and,
    kleene_not,
    kleene_or,
    maybe,
    member_of,
    one_of,
    ranged,
    reader,
)
from .bands import BAND_NAMES, BandScale
from .errors import ConditionError, closest
from .facts import FactSpec, FactType
from .files import preview
from .intervals import Interval, as_float, as_interval, band_interval, in_range

__all__ = ["FUNCTIONS", "MAX_LENGTH", "Condition", "compile_condition"]

#: The functions a condition may call, with what each does.
FUNCTIONS: Mapping[str, str] = {
    "known": (
        "known(fact) is true when the fact has a value; when it has none the condition is unknown "
        "like any other (an absent fact is never evidence of absence)"
    ),
    "count": "count(fact) is how many choices a set-of-choices fact holds",
    "years_since": (
        "years_since(fact) is the calendar years from a date fact to the assessment's as_of: "
        "whole years to the last anniversary plus the share of the next year (a date exactly "
        "two years back is 2.0), so years_since(d) <= 2 agrees with d = { within = '2 years' }"
    ),
    "days_since": "days_since(fact) is the whole days from a date fact to the assessment's as_of",
}

#: The longest condition text accepted.
MAX_LENGTH = 2000


@attrs.frozen
class Condition:
    """A compiled condition: its text, the facts it reads, and how to evaluate it.

    ``evaluate(values, as_of)`` takes normalised fact values (see
    :func:`ictrules.intervals.normalise`) and returns
    ``True``, ``False`` or ``None`` when unknown facts leave it undecided.
    """

    text: str
    facts: tuple[str, ...]
    evaluate: Callable[[Mapping[str, Any], dt.date], Truth] = attrs.field(eq=False, repr=False)
    code: Code | None = attrs.field(default=None, eq=False, repr=False)


def compile_condition(text: str, facts: Mapping[str, FactSpec], bands: BandScale) -> Condition:
    """Parse, type-check and compile ``text`` against the declared ``facts``.

    Raises :class:`ConditionError` with the offending text and column.
    """
    if not isinstance(text, str):
        raise ConditionError(str(text), 0, "a condition must be text")
    if len(text) > MAX_LENGTH:
        raise ConditionError(text[:40] + "...", 0, f"condition longer than {MAX_LENGTH} characters")
    if not text.strip():
        raise ConditionError(text, 0, "the condition is empty")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        column = exc.offset - 1 if exc.offset else len(text.strip())
        reason = "invalid syntax" if exc.msg == "invalid syntax" else f"invalid syntax: {exc.msg}"
        raise ConditionError(text, column, reason) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ConditionError(
            text, 0, f"cannot parse the condition ({type(exc).__name__})"
        ) from None
    compiler = _Compiler(text.strip(), facts, bands)
    try:
        node = compiler.compile(tree.body)
    except RecursionError:
        raise ConditionError(text, 0, "the condition is nested too deeply") from None
    compiler.require_truth(node, tree.body)
    return Condition(text, tuple(sorted(compiler.read)), node.evaluate, _truth(node))


# --- compiled nodes -------------------------------------------------------------------------

# Kinds of compiled value: the fact types, plus literals.
_BOOL = "true/false"
_NUMBER = "number"
_STRING = "text literal"
_COLLECTION = "collection literal"
_KIND_OF_TYPE = {
    FactType.BOOLEAN: _BOOL,
    FactType.INTEGER: _NUMBER,
    FactType.NUMBER: _NUMBER,
    FactType.PROPORTION: "proportion",
    FactType.CHOICE: "choice",
    FactType.CHOICES: "set of choices",
    FactType.DATE: "date",
    FactType.TEXT: "text",
}


@attrs.frozen
class _Node:
    kind: str
    evaluate: Evaluator = attrs.field(eq=False)
    spec: FactSpec | None = None
    constant: Any = None
    is_constant: bool = False
    code: Value | Code | None = attrs.field(default=None, eq=False)
    years_of: str | None = None  # years_since(fact): the fact, for a cheaper fast-path test


def _constant(kind: str, value: Any) -> _Node:
    return _Node(
        kind,
        lambda values, as_of: value,
        constant=value,
        is_constant=True,
        code=Value((), lambda names: literal(value)),
    )


def _truth(node: _Node) -> Code:
    """The code tree of a node used as a truth value."""
    code = node.code
    if isinstance(code, Value):
        if not code.reads:
            return Literal(bool(node.constant))
        return Test(unique(code.reads), code.render, code.render)  # a bare true/false fact
    assert code is not None
    return code


_ORDERING: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_FLIPPED: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.Eq,
    ast.NotEq: ast.NotEq,
    ast.Lt: ast.Gt,
    ast.LtE: ast.GtE,
    ast.Gt: ast.Lt,
    ast.GtE: ast.LtE,
}


_SYMBOL = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


#: Words that look like names in a condition but are literals written another way.
_LITERAL_WORDS = {
    "true": "write True (a capital T) for true",
    "false": "write False (a capital F) for false",
    "null": "there is no null: test known(fact) to ask whether a fact has a value",
    "none": "there is no None: test known(fact) to ask whether a fact has a value",
}


def _percentage(text: object) -> float | None:
    """A percentage such as ``'50%'`` as a proportion (0.5), or ``None``."""
    if not isinstance(text, str) or not text.strip().endswith("%"):
        return None
    try:
        return float(text.strip()[:-1]) / 100.0
    except ValueError:
        return None


def _years_test(fact_id: str, symbol: str, years: float) -> Code:
    """``years_since(fact) symbol years`` as a day-number comparison with a cut-off day worked
    out once per ``as_of`` (years since falls as the date rises), for the fast path."""
    strict = symbol in ("<", ">=")  # '<' and its negation '>=' need the strict cut-off
    within = symbol in ("<", "<=")

    def render(names: Mapping[str, str]) -> str:
        cut = f"_year_cut(as_of, {years!r}, {strict!r})"
        test = ">=" if within else "<"
        return f"({names[fact_id]}.toordinal() {test} {cut})"

    return Test((fact_id,), render, render)


def _days_between(earlier: dt.date, later: dt.date) -> float:
    return float((later - earlier).days)


def _since(fact_id: str, between: Callable[[dt.date, dt.date], float]) -> Evaluator:
    """The time from a date fact to ``as_of``, counted by ``between``; for a date known only in
    a range, the range of times (a later date is a shorter time since)."""

    def since(values: Mapping[str, Any], as_of: dt.date) -> float | Interval | None:
        when = values.get(fact_id)
        if when is None:
            return None
        if type(when) is Interval:
            return Interval(
                _time_to(when.high, as_of, between),
                _time_to(when.low, as_of, between),
                when.high_open,
                when.low_open,
            )
        return between(when, as_of)

    return since


def _time_to(ordinal: float, as_of: dt.date, between: Callable[[dt.date, dt.date], float]) -> float:
    """The time from a day number (perhaps unbounded) to ``as_of``."""
    if ordinal == -math.inf:
        return math.inf
    if ordinal == math.inf:
        return -math.inf
    day = dt.date.fromordinal(max(1, min(int(ordinal), dt.date.max.toordinal())))
    return between(day, as_of)


class _Compiler:
    def __init__(self, text: str, facts: Mapping[str, FactSpec], bands: BandScale) -> None:
        self.text = text
        self.facts = facts
        self.bands = bands
        self.read: set[str] = set()

    def fail(self, node: ast.AST, message: str) -> ConditionError:
        column = getattr(node, "col_offset", 0)
        end = getattr(node, "end_col_offset", None)
        fragment = ast.get_source_segment(self.text, node) if end is not None else None
        if fragment and fragment != self.text and repr(fragment) not in message:
            message = f"{message} in {fragment!r}"
        return ConditionError(self.text, column, message)

    def require_truth(self, node: _Node, source: ast.AST) -> None:
        if node.kind != _BOOL:
            raise self.fail(source, f"expected a true/false condition, got a {node.kind}")

    # -- dispatch --------------------------------------------------------------------------

    def compile(self, node: ast.AST) -> _Node:
        if isinstance(node, ast.BoolOp):
            return self.bool_op(node)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.Name | ast.Attribute):
            return self.fact(node)
        if isinstance(node, ast.Constant):
            return self.literal(node)
        if isinstance(node, ast.Tuple | ast.Set | ast.List):
            return self.collection(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise self.fail(node, f"{_describe(node)} is not allowed in a condition")

    def bool_op(self, node: ast.BoolOp) -> _Node:
        parts = [self.compile(value) for value in node.values]
        for part, source in zip(parts, node.values, strict=True):
            self.require_truth(part, source)
        evaluators = [part.evaluate for part in parts]
        both = isinstance(node.op, ast.And)
        combined = kleene_and(evaluators) if both else kleene_or(evaluators)
        return _Node(_BOOL, combined, code=Junction(both, tuple(_truth(p) for p in parts)))

    def unary(self, node: ast.UnaryOp) -> _Node:
        operand = self.compile(node.operand)
        if isinstance(node.op, ast.Not):
            self.require_truth(operand, node.operand)
            return _Node(_BOOL, kleene_not(operand.evaluate), code=Negation(_truth(operand)))
        if isinstance(node.op, ast.USub) and operand.is_constant and operand.kind == _NUMBER:
            return _constant(_NUMBER, -operand.constant)
        raise self.fail(node, f"{_describe(node.op)} is not allowed in a condition")

    def fact(self, node: ast.Name | ast.Attribute) -> _Node:
        parts: list[str] = []
        current: ast.AST = node
        while isinstance(current, ast.Attribute):
            parts.append(current.attr)
            current = current.value
        if not isinstance(current, ast.Name):
            raise self.fail(node, "only dotted fact names may be used before a '.'")
        parts.append(current.id)
        parts.reverse()
        if any(part.startswith("_") for part in parts):
            raise self.fail(node, "names beginning with '_' are not allowed")
        fact_id = ".".join(parts)
        spec = self.facts.get(fact_id)
        if spec is None:
            word = _LITERAL_WORDS.get(fact_id.lower())
            if word is not None:
                raise self.fail(node, f"{fact_id!r} is not a fact: {word}")
            hint = closest(fact_id, self.facts)
            raise self.fail(node, f"unknown fact {fact_id!r}" + (f" ({hint})" if hint else ""))
        self.read.add(fact_id)
        return _Node(
            _KIND_OF_TYPE[spec.type],
            reader(fact_id),
            spec=spec,
            code=Value((fact_id,), lambda names: names[fact_id]),
        )

    def literal(self, node: ast.Constant) -> _Node:
        value = node.value
        if isinstance(value, bool):
            return _constant(_BOOL, value)
        if isinstance(value, int | float):
            return _constant(_NUMBER, value)
        if isinstance(value, str):
            return _constant(_STRING, value)
        raise self.fail(node, f"the literal {value!r} is not allowed in a condition")

    def collection(self, node: ast.Tuple | ast.Set | ast.List) -> _Node:
        items = [self.compile(item) for item in node.elts]
        if not items or not all(item.is_constant for item in items):
            raise self.fail(node, "a collection must hold one or more literals")
        return _constant(_COLLECTION, tuple(item.constant for item in items))

    def call(self, node: ast.Call) -> _Node:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in FUNCTIONS or node.keywords or len(node.args) != 1:
            allowed = ", ".join(f"{fn}(fact)" for fn in FUNCTIONS)
            raise self.fail(node, f"only these calls are allowed: {allowed}")
        argument = node.args[0]
        if not isinstance(argument, ast.Name | ast.Attribute):
            raise self.fail(argument, f"{name}() takes a fact name")
        target = self.fact(argument)
        assert target.spec is not None
        fact_id = target.spec.id
        if name == "known":
            return _Node(
                _BOOL,
                lambda values, as_of: True if fact_id in values else None,
                code=Known(fact_id),
            )
        if name == "count":
            if target.spec.type is not FactType.CHOICES:
                raise self.fail(node, "count() takes a set-of-choices fact")
            return _Node(
                _NUMBER,
                lambda values, as_of: maybe(values.get(fact_id), count),
                code=Value((fact_id,), lambda names: f"len({names[fact_id]})"),
            )
        if target.spec.type is not FactType.DATE:
            raise self.fail(node, f"{name}() takes a date fact")
        if name == "years_since":
            return _Node(
                _NUMBER,
                _since(fact_id, years_between),
                code=Value((fact_id,), lambda names: f"_years({names[fact_id]}, as_of)"),
                years_of=fact_id,
            )
        return _Node(
            _NUMBER,
            _since(fact_id, _days_between),
            code=Value((fact_id,), lambda names: f"(as_of - {names[fact_id]}).days / 1.0"),
        )

    # -- comparisons -----------------------------------------------------------------------

    def compare(self, node: ast.Compare) -> _Node:
        operands = [self.compile(node.left), *(self.compile(c) for c in node.comparators)]
        sources = [node.left, *node.comparators]
        links = [
            self.compare_pair(op, operands[i], operands[i + 1], sources[i], sources[i + 1], node)
            for i, op in enumerate(node.ops)
        ]
        if len(links) == 1:
            return _Node(_BOOL, links[0][0], code=links[0][1])
        return _Node(
            _BOOL,
            kleene_and([evaluate for evaluate, _ in links]),
            code=Junction(True, tuple(code for _, code in links)),
        )

    def compare_pair(
        self, op: ast.cmpop, left: _Node, right: _Node, lsrc: ast.AST, rsrc: ast.AST, whole: ast.AST
    ) -> tuple[Evaluator, Code]:
        if left.is_constant and right.is_constant:
            raise self.fail(whole, "a comparison must read at least one fact")
        if isinstance(op, ast.Is | ast.IsNot):
            raise self.fail(whole, _identity_message(op))
        if isinstance(op, ast.In | ast.NotIn):
            test, code = self.membership(left, right, whole)
            if isinstance(op, ast.NotIn):
                return kleene_not(test), Negation(code)
            return test, code
        kind = type(op)
        if left.is_constant:  # put the fact on the left
            left, right, lsrc, rsrc = right, left, rsrc, lsrc
            kind = _FLIPPED[kind]
        return self.ordering(kind, left, right, whole)

    def ordering(
        self, op: type[ast.cmpop], left: _Node, right: _Node, whole: ast.AST
    ) -> tuple[Evaluator, Code]:
        symbol = _SYMBOL[op]
        compare = ranged(symbol)
        equality_only = op in (ast.Eq, ast.NotEq)
        plain = _plain_test(left, right, symbol)
        if left.kind == _NUMBER and right.kind == _NUMBER:
            if left.years_of and right.is_constant and symbol in ("<", "<=", ">", ">="):
                plain = _years_test(left.years_of, symbol, float(right.constant))
            return binary(left.evaluate, right.evaluate, compare), plain
        if left.kind == "proportion":
            return self.proportion(op, left, right, whole)
        if left.kind == "choice":
            assert left.spec is not None
            if not left.spec.ordered and not equality_only:
                raise self.fail(
                    whole,
                    f"{left.spec.id} is an unordered choice: compare it with == or != or "
                    "test it with 'in', not with " + symbol,
                )
            if right.kind == _STRING:
                index = self.choice_index(left.spec, right.constant, whole)
                test = _ORDERING[op]
                names = tuple(c for i, c in enumerate(left.spec.choices) if test(i, index))
                return binary(left.evaluate, lambda values, as_of: index, compare), _member_test(
                    left, names
                )
            if right.kind == "choice" and right.spec and right.spec.choices == left.spec.choices:
                order = left.spec.choices
                code = _combine(
                    left,
                    right,
                    lambda a, b: f"({order!r}.index({a}) {symbol} {order!r}.index({b}))",
                )
                return binary(left.evaluate, right.evaluate, compare), code
        if left.kind == "date" and right.kind == "date":
            return binary(left.evaluate, right.evaluate, compare), plain
        if equality_only and left.kind == _BOOL and right.kind == _BOOL:
            return binary(left.evaluate, right.evaluate, _ORDERING[op]), plain
        if equality_only and left.kind == "text" and right.kind in ("text", _STRING):
            return binary(left.evaluate, right.evaluate, _ORDERING[op]), plain
        if left.kind in (_BOOL, "text") and right.kind in (_BOOL, "text", _STRING):
            raise self.fail(whole, f"a {left.kind} can only be compared with == or !=")
        if left.kind == "set of choices":
            raise self.fail(whole, "test a set of choices with 'in', e.g. 'governors' in fact")
        raise self.fail(whole, f"cannot compare a {left.kind} with a {right.kind} using {symbol}")

    def proportion(
        self, op: type[ast.cmpop], left: _Node, right: _Node, whole: ast.AST
    ) -> tuple[Evaluator, Code]:
        symbol = _SYMBOL[op]
        opname = f"_ast.{op.__name__}"
        if right.kind == _STRING and _percentage(right.constant) is not None:
            # '50%' as evidence writes it: the same as 0.5
            right = _constant(_NUMBER, _percentage(right.constant))
        if right.kind == _STRING:
            band = right.constant
            if band not in BAND_NAMES:
                hint = closest(str(band), BAND_NAMES)
                raise self.fail(
                    whole,
                    f"unknown proportion band {band!r}; allowed: {', '.join(BAND_NAMES)}"
                    + (f" ({hint})" if hint else ""),
                )
            index = self.bands.index(band)
            compare = _ORDERING[op]
            code = self.band_test(left, [i for i in range(len(BAND_NAMES)) if compare(i, index)])
            allowed, negate = band_range(band_interval(self.bands, band), symbol)

            def in_band(value: Any, _: Any) -> Truth:
                truth = in_range(as_interval(value), allowed)
                return truth if truth is None or not negate else not truth

            return binary(left.evaluate, lambda values, as_of: band, in_band), code
        if right.kind == _NUMBER and right.is_constant:
            number = as_float(right.constant)
            if not 0.0 <= number <= 1.0:
                raise self.fail(
                    whole, f"a proportion lies from 0 to 1; {preview(right.constant)} never will"
                )
            # A number is exact; a band name is a range, which may leave the answer open.
            exact = "{0} " + symbol + " " + repr(number)
            if op in (ast.Eq, ast.NotEq):
                exact = "({0} + 0.0) " + symbol + " " + repr(number)  # a band name raises
            code = _combine(
                left,
                None,
                lambda a, _: f"({exact.format(a)})",
                lambda a, _: (
                    f"({exact.format(a)} if {a}.__class__ is not str else "
                    f"_interval({opname}, _proportion({a}), _proportion({number!r})))"
                ),
            )
            return binary(left.evaluate, lambda values, as_of: number, ranged(symbol)), code
        if right.kind == "proportion":
            code = _combine(
                left,
                right,
                lambda a, b: f"(({a} + 0.0) {symbol} ({b} + 0.0))",
                lambda a, b: (
                    f"({a} {symbol} {b} if {a}.__class__ is not str and {b}.__class__ is not str "
                    f"else _interval({opname}, _proportion({a}), _proportion({b})))"
                ),
            )
            return binary(left.evaluate, right.evaluate, ranged(symbol)), code
        raise self.fail(whole, f"cannot compare a proportion with a {right.kind}")

    def band_test(self, left: _Node, bands: list[int]) -> Code:
        """Code testing that a proportion falls in one of ``bands`` (consecutive indexes, or
        all but one): by thresholds for a number, by name for a band name."""
        names = tuple(BAND_NAMES[i] for i in bands)
        everything = range(len(BAND_NAMES))
        if not bands or bands == list(range(bands[0], bands[-1] + 1)):
            low, high = (bands[0], bands[-1]) if bands else (1, 0)
            negate = False
        else:
            (low,) = (high,) = [i for i in everything if i not in bands]
            negate = True

        def fast(a: str) -> str:
            source = band_range_source(self.bands, a, low, high)
            return f"(not {source})" if negate else source

        return _combine(
            left,
            None,
            lambda a, _: fast(a),
            lambda a, _: (
                f"({fast(a)} if {a}.__class__ is not str else {a} in {set_literal(names)})"
            ),
        )

    def membership(self, item: _Node, container: _Node, whole: ast.AST) -> tuple[Evaluator, Code]:
        if container.kind == "set of choices" and item.kind == _STRING:
            assert container.spec is not None
            self.choice_index(container.spec, item.constant, whole)
            name = item.constant
            code = _combine(container, None, lambda s, _: f"({name!r} in {s})")
            return binary(container.evaluate, lambda values, as_of: name, member_of), code
        if container.kind == _COLLECTION and not item.is_constant:
            options = container.constant
            if item.kind == "choice":
                assert item.spec is not None
                allowed = frozenset(self.choice_index(item.spec, o, whole) for o in options)
                names = tuple(c for i, c in enumerate(item.spec.choices) if i in allowed)
            elif item.kind in (_NUMBER, "text") and all(
                isinstance(o, int | float | str) and not isinstance(o, bool) for o in options
            ):
                allowed = frozenset(options)
                names = tuple(options)
            else:
                raise self.fail(whole, f"cannot look for a {item.kind} in that collection")
            return binary(item.evaluate, lambda values, as_of: allowed, one_of), _member_test(
                item, names
            )
        raise self.fail(
            whole, "use 'in' as: 'choice' in set_fact, or fact in ('a', 'b') with literals"
        )

    def choice_index(self, spec: FactSpec, value: Any, whole: ast.AST) -> int:
        if not isinstance(value, str) or value not in spec.choices:
            hint = closest(str(value), spec.choices)
            raise self.fail(
                whole,
                f"{value!r} is not a choice of {spec.id}; allowed: {', '.join(spec.choices)}"
                + (f" ({hint})" if hint else ""),
            )
        return spec.choices.index(value)


def _combine(
    left: _Node,
    right: _Node | None,
    fast: Callable[[str, str], str],
    full: Callable[[str, str], str] | None = None,
) -> Code:
    """A test over one or two value nodes, each written as source by its own code."""
    lvalue = left.code
    rvalue = right.code if right is not None else Value((), lambda names: "")
    assert isinstance(lvalue, Value)
    assert isinstance(rvalue, Value)
    slow = full or fast

    def render(how: Callable[[str, str], str]) -> Render:
        return lambda names: how(lvalue.render(names), rvalue.render(names))

    return Test(unique(lvalue.reads + rvalue.reads), render(fast), render(slow))


def _plain_test(left: _Node, right: _Node, symbol: str) -> Code:
    """``left symbol right`` with Python's own comparison (numbers, dates, text, true/false)."""
    if not isinstance(left.code, Value) or not isinstance(right.code, Value):
        return Literal(False)  # not a value comparison: the caller rejects it
    return _combine(left, right, lambda a, b: f"({a} {symbol} {b})")


def _member_test(item: _Node, options: tuple[Any, ...]) -> Code:
    """``item in {options}``, the options checked literals."""
    return _combine(item, None, lambda a, _: f"({a} in {set_literal(options)})")


_NAMES = {
    "Subscript": "a subscript ([...])",
    "Lambda": "lambda",
    "BinOp": "arithmetic",
    "IfExp": "an if-expression",
    "ListComp": "a comprehension",
    "SetComp": "a comprehension",
    "DictComp": "a comprehension",
    "GeneratorExp": "a comprehension",
    "Dict": "a dictionary",
    "JoinedStr": "an f-string",
    "NamedExpr": "assignment (:=)",
    "Starred": "unpacking (*)",
    "Await": "await",
    "Yield": "yield",
    "YieldFrom": "yield",
    "Slice": "a slice",
    "USub": "a minus sign before a fact",
    "UAdd": "a plus sign before a value",
    "Invert": "the operator '~'",
}


def _identity_message(op: ast.cmpop) -> str:
    """What to write instead of ``is`` or ``is not``, which compare Python objects."""
    if isinstance(op, ast.IsNot):
        return "'is not' is not allowed in a condition; use !="
    return "'is' is not allowed in a condition; use == or !="


def _describe(node: ast.AST) -> str:
    name = type(node).__name__
    return _NAMES.get(name, f"'{name}'")
