"""Reading survey exports: a row per reply, as Microsoft Forms and Google Forms write them.

Microsoft Forms exports an .xlsx workbook with the columns ``ID``, ``Start time``,
``Completion time``, ``Email``, ``Name`` (and, lately, ``Last modified time``) before one column
per question; Google Forms a CSV file with ``Timestamp``, ``Email address`` when it collects
them, then the questions (a grid question as ``Question [Row]``). Either may be saved again by
Excel in another encoding or with semicolons: :mod:`ictrules.tables` reads them all.

Each column is one of:

* **a question**: its header is one of the framework's survey questions (numbering such as
  ``1.`` and differences of case and spacing aside), or the mapping names it;
* **when the reply was sent**: ``Last modified time``, ``Completion time`` or ``Timestamp``;
* **who replied**, to find the same person replying twice: ``Email``/``Email address`` (not
  Microsoft Forms' ``anonymous``) or the mapping's ``respondent_column``. The address is kept
  only as a one-way digest while the files are read, and written nowhere;
* **which group replied**: the mapping's ``role_column``;
* anything else (names, free-text answers, quiz scores) is **not read at all**.

Nothing is dropped without a word: a duplicate reply, a reply from outside the known groups, a
column that is not read, a timestamp that cannot be read are :class:`~.errors.Notice` items; an
answer outside the question's scale is a :class:`~.errors.SurveyError` with a "did you mean".
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import hashlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .._text import preview
from ..errors import Problem, closest
from ..frameworks import SURVEY_SCALES, Framework, SurveyScale, normalise_answer
from ..tables import Table, column_letter, read_table, rows_named, text_of
from ..tables.dates import read_date_column
from ..tables.formulas import NO_SAVED_VALUE, Formula
from ..tables.headers import header_below, title_above
from .errors import Notice, SurveyError
from .mapping import QuestionSpec, SurveyMapping

__all__ = [
    "AGREE",
    "BLANK",
    "NOT_APPLICABLE",
    "OTHER",
    "Replies",
    "Reply",
    "ReplyFile",
    "read_replies",
]

#: How a reply answered one question: agreeing, another answer on the scale, an answer saying
#: the question does not apply, or nothing.
AGREE, OTHER, NOT_APPLICABLE, BLANK = "agree", "other", "not_applicable", "blank"

# Headers saying when a reply was sent, the most telling first (an edited reply's last change).
_TIME_HEADERS = (
    "last modified time",
    "completion time",
    "timestamp",
    "submitted at",
    "submission time",
    "date submitted",
    "end time",
)
# Headers of a respondent's e-mail address.
_EMAIL_HEADERS = ("email", "email address", "e-mail", "e-mail address", "username")
# Headers the exports write that say nothing to count: not read, and not worth a notice.
_QUIET_HEADERS = (
    "id",
    "start time",
    "name",
    "full name",
    "score",
    "total points",
    "quiz feedback",
    "grade posted time",
    "respondent",
    "response id",
    "language",
)
_NUMBERING = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d{1,3}\s*[.):]\s*", re.IGNORECASE)
_GRID = re.compile(r"^.*\[(.+)\]\s*$")
_TIME_OF_DAY = re.compile(
    r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*([ap])?\.?(?:m\.?)?(?![\w])",
    re.IGNORECASE,
)


@attrs.frozen
class Reply:
    """One reply: the file and row it is on, the group it is from, when it was sent and how it
    answered each fact's question (:data:`AGREE`, :data:`OTHER`, :data:`NOT_APPLICABLE` or
    :data:`BLANK`). ``respondent`` is a one-way digest of the e-mail address or respondent id
    (``None`` when there is none), used only to find the same person twice."""

    source: str
    order: int
    row: int
    group: str
    sent: dt.datetime | None
    answers: Mapping[str, str]
    respondent: str | None = attrs.field(default=None, repr=False)

    @property
    def day(self) -> dt.date | None:
        """The day the reply was sent, as the export writes it."""
        return self.sent.date() if self.sent is not None else None

    def key(self) -> tuple[dt.datetime, int, int]:
        """Orders replies by when they were sent, then by file and row (exports list replies
        in the order they came)."""
        return (self.sent or dt.datetime.min, self.order, self.row)


@attrs.frozen
class ReplyFile:
    """What one export held: its replies (before duplicates are settled), and notes on how it
    was read (an encoding other than UTF-8, the sheet of a workbook)."""

    source: str
    replies: tuple[Reply, ...]
    notes: tuple[str, ...] = ()


@attrs.frozen
class Replies:
    """Every reply to count, duplicates settled (the latest kept), by file; the wording of each
    fact's question per group (``{(fact, group): question}``); and the notices."""

    files: tuple[ReplyFile, ...]
    replies: tuple[Reply, ...]
    wording: Mapping[tuple[str, str], str]
    notices: tuple[Notice, ...]


@attrs.frozen
class _Column:
    index: int
    header: str
    facts: Mapping[str, str]  # group -> fact ("*": whatever group, for a mapped single fact)
    spec: QuestionSpec | None = None
    wording: Mapping[str, str] = attrs.field(factory=dict)  # group -> the framework's question


def read_replies(
    paths: Sequence[str | Path],
    mapping: SurveyMapping,
    framework: Framework,
    as_of: dt.date | None = None,
) -> Replies:
    """Read survey exports against a framework's questions and a mapping. With ``as_of``, a
    reply sent after that date is not counted (an assessment as of a date reads the survey as
    it stood then), with a notice.

    :raises SurveyError: listing every problem of every file (an answer outside its scale, a
        file whose group cannot be told, a mapped column found in no file).
    """
    reader = _Reader(mapping, framework)
    files = []
    seen: dict[str, Path] = {}  # each export's digest -> the path it was given as
    for order, given in enumerate(paths):
        path = Path(given)
        sheet = mapping.sheet if path.suffix.lower() in (".xlsx", ".xlsm") else None
        table = read_table(path, SurveyError, sheet=sheet)
        # an export with no replies yet counts nothing twice (two forms of the same questions)
        first = seen.setdefault(table.digest, path) if table.rows else path
        if first is not path:
            raise SurveyError(str(path), [_given_twice(path, first)])
        files.append(reader.read(order, table))
    reader.unfound_columns()
    reader.finish()
    replies = [reply for f in files for reply in f.replies]
    if as_of is not None:
        replies = reader.up_to(replies, as_of)
    replies = reader.settle_duplicates(replies)
    return Replies(tuple(files), tuple(replies), reader.wording, tuple(reader.notices))


def _given_twice(path: Path, first: Path) -> Problem:
    """The problem an export is when an earlier one holds the same bytes: the same file given
    again, or a copy of it (a browser's second download, 'pupils (1).csv')."""
    if path.resolve() == first.resolve():
        return Problem("", f"given twice (also as {first}): its replies would count twice")
    return Problem(
        "",
        f"holds the same bytes as {first}: a copy of the same export (a second download?), "
        "whose replies would count twice",
        f"give one of {first} and {path}",
    )


class _Reader:
    def __init__(self, mapping: SurveyMapping, framework: Framework) -> None:
        self.mapping = mapping
        self.framework = framework
        self.problems: list[tuple[str, Problem]] = []
        self.notices: list[Notice] = []
        self.found_columns: set[int] = set()
        self.wording: dict[tuple[str, str], str] = {}
        self.headers: list[str] = []
        self.sources: list[str] = []
        # answers outside their scale: (file, column, answer) -> (table, text, scale, rows)
        self.bad: dict[tuple[str, int, str], tuple[Table, str, SurveyScale, list[int]]] = {}
        # answers that are formulas without a saved value: (file, column) -> (table, rows)
        self.unsaved: dict[tuple[str, int], tuple[Table, list[int]]] = {}
        # answers from a group the column's fact is not asked of: (file, column, group) -> rows
        self.off_group: dict[tuple[str, int, str], tuple[Table, list[int]]] = {}
        # the framework's questions by their wording: {wording: {group: (fact, question)}}
        self.asked: dict[str, dict[str, tuple[str, str]]] = {}
        self.groups_of: dict[str, set[str]] = {}
        # the mapping's questions by the column they name, as headers are compared
        self.mapped: dict[str, tuple[int, QuestionSpec]] = {
            normalise_answer(spec.column): (i, spec) for i, spec in enumerate(mapping.questions)
        }
        for question in framework.surveys:
            key = normalise_answer(question.question)
            self.asked.setdefault(key, {})[question.group] = (question.fact, question.question)
            self.groups_of.setdefault(question.fact, set()).add(question.group)

    # --- whole files ---

    def read(self, order: int, table: Table) -> ReplyFile:
        self.sources.append(table.source)
        if not table.rows:
            self.notices.append(
                Notice(table.source, "", "has a header but no replies: nothing in it is counted")
            )
        self.headers.extend(table.header)
        columns, unread = self._columns(table)
        identity = self._identity_column(table.header)
        role = _find(table.header, self.mapping.role_column)
        if not columns:
            below = header_below(table.rows, self._holds_questions)
            if below is not None:
                message, suggestion = title_above(below[0], "it holds the survey's questions")
                self._problem(table.source, table.where(1), message, suggestion)
            else:
                self._problem(
                    table.source,
                    "",
                    "no column is a survey question of the framework or the mapping, so no "
                    "reply can be counted",
                    "build the form from 'ictrules survey-questions', or name each question's "
                    "column in the mapping's [[questions]]",
                )
            return ReplyFile(table.source, (), table.notes)
        file_group = self._file_group(table, columns, role)
        times = self._times(table)
        replies = []
        outside: dict[str, list[int]] = {}
        for number, cells in table.rows:
            if self._unsaved_key(table, number, cells, (role, identity)):
                continue  # whose reply it is is not known: an error, said with the others
            group = file_group or self._role_group(table, number, cells, role, outside)
            if group is None:
                continue
            answers = self._answers(table, number, cells, columns, group)
            respondent = _digest(_cell(cells, identity)) if identity is not None else None
            replies.append(
                Reply(table.source, order, number, group, times.get(number), answers, respondent)
            )
        self._outside_notices(table, role, outside)
        self._unread_notices(table, unread)
        return ReplyFile(table.source, tuple(replies), table.notes)

    def _columns(self, table: Table) -> tuple[list[_Column], list[int]]:
        """The question columns, and the others that are not read and could matter."""
        columns: list[_Column] = []
        unread: list[int] = []
        specs = self.mapped
        skip = {
            normalise_answer(text) for text in (*_TIME_HEADERS, *_EMAIL_HEADERS, *_QUIET_HEADERS)
        }
        for extra in (self.mapping.role_column, self.mapping.respondent_column):
            if extra:
                skip.add(normalise_answer(extra))
        for index, header in enumerate(table.header):
            key = normalise_answer(header)
            plain = normalise_answer(_NUMBERING.sub("", header))
            if not key:
                continue
            found = specs.get(key) or specs.get(plain)
            if found is not None:
                self.found_columns.add(found[0])
                spec = found[1]
                facts = dict(spec.facts) if spec.facts else {"*": spec.fact or ""}
                wording = {
                    group: question
                    for group, (_, question) in self._asked(key, plain, header).items()
                }
                columns.append(_Column(index, header, facts, spec, wording))
                continue
            asked = self._asked(key, plain, header)
            if asked:
                columns.append(
                    _Column(
                        index,
                        header,
                        {group: fact for group, (fact, _) in asked.items()},
                        None,
                        {group: question for group, (_, question) in asked.items()},
                    )
                )
            elif key not in skip:
                unread.append(index)
        self._same_fact_twice(table, columns)
        return columns, unread

    def _holds_questions(self, texts: list[str]) -> bool:
        """Whether a row holds a survey question of the framework or the mapping: the header,
        when row 1 holds none (a title above it)."""
        mapped = self.mapped
        for text in texts:
            key, plain = normalise_answer(text), normalise_answer(_NUMBERING.sub("", text))
            if key and (key in mapped or plain in mapped or self._asked(key, plain, text)):
                return True
        return False

    def _asked(self, key: str, plain: str, header: str) -> dict[str, tuple[str, str]]:
        grid = _GRID.match(header)
        for candidate in (key, plain, normalise_answer(grid[1]) if grid else ""):
            if candidate in self.asked:
                return self.asked[candidate]
        return {}

    def _same_fact_twice(self, table: Table, columns: list[_Column]) -> None:
        seen: dict[tuple[str, str], int] = {}
        for column in columns:
            for group, fact in column.facts.items():
                first = seen.setdefault((group, fact), column.index)
                if first != column.index:
                    who = "" if group == "*" else f" for {group}"
                    self._problem(
                        table.source,
                        f"column {column_letter(column.index)}",
                        f"columns {column_letter(first)} and {column_letter(column.index)} both "
                        f"measure {fact}{who}",
                        "keep one of them, or map the other to another fact in the mapping",
                    )

    def _identity_column(self, header: Sequence[str]) -> int | None:
        if self.mapping.respondent_column:
            return _find(header, self.mapping.respondent_column)
        return _first(header, _EMAIL_HEADERS)

    # --- which group replied ---

    def _file_group(self, table: Table, columns: list[_Column], role: int | None) -> str | None:
        path = Path(table.source)
        matched = sorted(
            name
            for name, group in self.mapping.groups.items()
            for pattern in group.files
            if fnmatch.fnmatch(path.name.casefold(), pattern.casefold())
            or fnmatch.fnmatch(table.source.casefold(), pattern.casefold())
        )
        if len(set(matched)) > 1:
            self._problem(
                table.source,
                "",
                f"the file matches the files of several groups ({', '.join(sorted(set(matched)))})",
                "make the groups' files patterns match different files",
            )
            return None
        if matched:
            return matched[0]
        if role is not None:
            return None
        if self.mapping.role_column:
            self.notices.append(
                Notice(
                    table.source,
                    "",
                    f"has no role column {preview(self.mapping.role_column)}: its group is told "
                    "from its questions or the mapping's groups",
                    "note",
                )
            )
        candidates: set[str] = set()
        for column in columns:
            for group, fact in column.facts.items():
                candidates.update(self.groups_of.get(fact, set()) if group == "*" else {group})
        if len(candidates) == 1:
            return candidates.pop()
        if len(self.mapping.groups) == 1:
            return next(iter(self.mapping.groups))
        could = " or ".join(sorted(candidates)) if candidates else "any group"
        self._problem(
            table.source,
            "",
            f"cannot tell which group replied: the replies could be from {could}",
            "name the file in its group's files in the mapping ([groups.staff] files = "
            '["staff-survey.xlsx"]), or give the column that says who replied (role_column)',
        )
        return None

    def _unsaved_key(
        self, table: Table, number: int, cells: Sequence[Any], columns: Sequence[int | None]
    ) -> bool:
        """Whether the row's role or respondent cell is a formula without a saved value (each
        such cell is kept to be reported): read as its text, rows would share one respondent
        or one group without a word."""
        found = False
        for index in columns:
            if index is not None and index < len(cells) and isinstance(cells[index], Formula):
                self.unsaved.setdefault((table.source, index), (table, []))[1].append(number)
                found = True
        return found

    def _role_group(
        self,
        table: Table,
        number: int,
        cells: Sequence[Any],
        role: int | None,
        outside: dict[str, list[int]],
    ) -> str | None:
        if role is None:
            return None
        answer = _cell(cells, role)
        key = normalise_answer(answer)
        for name, group in self.mapping.groups.items():
            names = {name, name.rstrip("s"), *(normalise_answer(a) for a in group.answers)}
            if key in names:
                return name
        outside.setdefault(answer, []).append(number)
        return None

    def _outside_notices(
        self, table: Table, role: int | None, outside: dict[str, list[int]]
    ) -> None:
        if role is None:
            return
        known = [
            text for name, group in self.mapping.groups.items() for text in (name, *group.answers)
        ]
        for answer, rows in outside.items():
            noun = "reply" if len(rows) == 1 else "replies"
            if answer:
                what = f"{len(rows)} {noun} from {preview(answer)}, which is not one of the groups"
                hint = closest(answer, known)
                suggestion = (
                    f" ({hint})" if hint else ""
                ) + "; add it to a group's answers in the mapping to count it"
            else:
                what = f"{len(rows)} {noun} with no answer in the role column"
                suggestion = ""
            self.notices.append(
                Notice(
                    table.source,
                    table.where(rows_named(rows), role),
                    f"{what}: not counted{suggestion}",
                )
            )

    # --- answers ---

    def _scale(self, column: _Column, group: str, fact: str) -> SurveyScale:
        spec = column.spec
        own = spec.own_scale() if spec is not None else None
        if own is not None:
            return own
        if spec is not None and spec.scale is not None:
            scale = self.framework.survey_scale(spec.scale)
        else:
            scale = next(
                (
                    self.framework.survey_scale(q.scale)
                    for q in self.framework.surveys
                    if q.fact == fact and q.group == group
                ),
                SURVEY_SCALES["agreement"],
            )
        if spec is not None and spec.agree:
            scale = attrs.evolve(scale, agree=spec.agree)
        return scale

    def _answers(
        self,
        table: Table,
        number: int,
        cells: Sequence[Any],
        columns: list[_Column],
        group: str,
    ) -> dict[str, str]:
        answers: dict[str, str] = {}
        for column in columns:
            fact = column.facts.get(group) or column.facts.get("*")
            asked_of = self.groups_of.get(fact or "", set())
            if fact and "*" in column.facts and asked_of and group not in asked_of:
                fact = None  # the framework asks this fact of other groups
            text = _cell(cells, column.index)
            if text and isinstance(cells[column.index], Formula):
                entry = self.unsaved.setdefault((table.source, column.index), (table, []))
                entry[1].append(number)
                continue
            if not fact:
                if text:
                    entry = self.off_group.setdefault(
                        (table.source, column.index, group), (table, [])
                    )
                    entry[1].append(number)
                continue
            if column.wording.get(group):
                self.wording.setdefault((fact, group), column.wording[group])
            else:
                self.wording.setdefault((fact, group), column.header)
            answers[fact] = self._classify(table, number, column, group, fact, text)
        return answers

    def _classify(
        self, table: Table, number: int, column: _Column, group: str, fact: str, text: str
    ) -> str:
        if not text:
            return BLANK
        scale = self._scale(column, group, fact)
        lookup = _lookup(scale)
        answer = lookup.get(normalise_answer(text))
        if answer is None:
            key = (table.source, column.index, normalise_answer(text))
            self.bad.setdefault(key, (table, text, scale, []))[3].append(number)
            return BLANK
        if answer in {normalise_answer(a) for a in scale.agree}:
            return AGREE
        if answer in {normalise_answer(a) for a in scale.not_applicable}:
            return NOT_APPLICABLE
        return OTHER

    # --- when ---

    def _times(self, table: Table) -> dict[int, dt.datetime]:
        """When each row's reply was sent: from the most telling time column that row fills
        (an edited reply's ``Last modified time``, else its ``Completion time``), each column's
        dates read as a whole."""
        keys = [normalise_answer(text) for text in table.header]
        columns = [keys.index(name) for name in _TIME_HEADERS if name in keys]
        if not columns:
            self.notices.append(
                Notice(
                    table.source,
                    "",
                    "has no column saying when each reply was sent (Timestamp, Completion "
                    "time): the survey's date is not known, and a respondent's latest reply is "
                    "the one lower down",
                    "note",
                )
            )
            return {}
        times: dict[int, dt.datetime] = {}
        for column in columns:
            raws = [cells[column] if column < len(cells) else None for _, cells in table.rows]
            values = dict.fromkeys(raw for raw in raws if not isinstance(raw, Formula))
            read = read_date_column(values, self.mapping.date_format)
            bad: dict[str, list[int]] = {}
            for (number, _), raw in zip(table.rows, raws, strict=True):
                if number in times:
                    continue
                if isinstance(raw, Formula):
                    bad.setdefault(NO_SAVED_VALUE, []).append(number)
                    continue
                day, problem = read.readings[raw]
                if day is None:
                    if problem:
                        bad.setdefault(problem, []).append(number)
                    continue
                times[number] = (
                    raw if isinstance(raw, dt.datetime) else dt.datetime.combine(day, _time_of(raw))
                )
            for problem, rows in bad.items():
                self.notices.append(
                    Notice(
                        table.source,
                        table.where(rows_named(rows), column),
                        f"{problem}: the reply is counted, its date not known",
                    )
                )
            if read.note is not None:
                self.notices.append(Notice(table.source, table.where("row 1", column), read.note))
        return times

    # --- after every file ---

    def unfound_columns(self) -> None:
        """What the mapping names that no export has: a question's column, the role or
        respondent column (errors), a group's files pattern that matched no file (a warning)."""
        where = self.mapping.source or "the mapping"
        for index, spec in enumerate(self.mapping.questions):
            if index in self.found_columns:
                continue
            self._problem(
                where,
                f"questions[{index}].column",
                f"no export has a column {preview(spec.column)}",
                closest(spec.column, self.headers) or "copy the header from the export's first row",
            )
        for key in ("role_column", "respondent_column"):
            column = getattr(self.mapping, key)
            if column and _find(self.headers, column) is None:
                self._problem(
                    where,
                    key,
                    f"no export has a column {preview(column)}",
                    closest(column, self.headers) or "copy the header from the export's first row",
                )
        for name, group in sorted(self.mapping.groups.items()):
            for index, pattern in enumerate(group.files):
                if not any(
                    fnmatch.fnmatch(source.casefold(), pattern.casefold())
                    or fnmatch.fnmatch(Path(source).name.casefold(), pattern.casefold())
                    for source in self.sources
                ):
                    self.notices.append(
                        Notice(
                            where,
                            f"groups.{name}.files[{index}]",
                            f"{preview(pattern)} matches none of the exports given",
                        )
                    )

    def finish(self) -> None:
        """Report what was left uncounted, and raise every problem found."""
        for (source, index, group), (table, rows) in sorted(
            self.off_group.items(), key=lambda item: item[0]
        ):
            noun = "reply" if len(rows) == 1 else "replies"
            self.notices.append(
                Notice(
                    source,
                    table.where(rows_named(rows), index),
                    f"{len(rows)} {noun} from {group} to a question {self.framework.id} does not "
                    f"ask {group}: not counted (map the column to a fact for {group} in the "
                    "mapping's [[questions]] to count them)",
                )
            )
        cells: list[tuple[str, int, int, Problem]] = [
            (source, index, rows[0], Problem(table.where(rows_named(rows), index), NO_SAVED_VALUE))
            for (source, index), (table, rows) in self.unsaved.items()
        ]
        for (source, index, _), (table, text, scale, rows) in self.bad.items():
            hint = _answer_hint(text, scale)
            problem = Problem(
                table.where(rows_named(rows), index),
                f"{preview(text)} is not an answer on the scale ({', '.join(scale.answers)})",
                hint
                or "if the form offered it, list the question's answers in the "
                "mapping's [[questions]] (answers, agree)",
            )
            cells.append((source, index, rows[0], problem))
        cells.sort(key=lambda cell: cell[:3])
        self.problems.extend((source, problem) for source, _, _, problem in cells)
        if not self.problems:
            return
        sources = {source for source, _ in self.problems}
        if len(sources) == 1:
            raise SurveyError(sources.pop(), [problem for _, problem in self.problems])
        raise SurveyError(
            None,
            [
                attrs.evolve(problem, path=f"{source}, {problem.path}" if problem.path else source)
                for source, problem in self.problems
            ],
        )

    def up_to(self, replies: list[Reply], as_of: dt.date) -> list[Reply]:
        """The replies sent by ``as_of`` (or undated); a notice per file for the others."""
        late: dict[str, list[int]] = {}
        for reply in replies:
            if reply.day is not None and reply.day > as_of:
                late.setdefault(reply.source, []).append(reply.row)
        for source, rows in late.items():
            noun = "reply was" if len(rows) == 1 else "replies were"
            self.notices.append(
                Notice(
                    source,
                    rows_named(rows),
                    f"{len(rows)} {noun} sent after the assessment date {as_of.isoformat()}: "
                    "not counted (assess as of a later date to count them)",
                )
            )
        return [r for r in replies if r.day is None or r.day <= as_of]

    def settle_duplicates(self, replies: list[Reply]) -> list[Reply]:
        latest: dict[tuple[str, str], Reply] = {}
        for reply in replies:
            if reply.respondent is None:
                continue
            key = (reply.group, reply.respondent)
            kept = latest.get(key)
            if kept is None or reply.key() > kept.key():
                latest[key] = reply
        dropped = [
            reply
            for reply in replies
            if reply.respondent is not None and latest[(reply.group, reply.respondent)] is not reply
        ]
        for reply in dropped:
            kept = latest[(reply.group, reply.respondent or "")]
            where = (
                f"row {kept.row}"
                if kept.source == reply.source
                else f"{kept.source} row {kept.row}"
            )
            self.notices.append(
                Notice(
                    reply.source,
                    f"row {reply.row}",
                    f"the same respondent replied again later ({where}, the same e-mail "
                    "address or respondent id): only the later reply is counted",
                )
            )
        gone = {id(reply) for reply in dropped}
        return [reply for reply in replies if id(reply) not in gone]

    def _problem(self, source: str, path: str, message: str, suggestion: str | None) -> None:
        self.problems.append((source, Problem(path, message, suggestion)))

    def _unread_notices(self, table: Table, unread: list[int]) -> None:
        for index in unread:
            header = table.header[index]
            near = difflib.get_close_matches(
                normalise_answer(header), list(self.asked), n=1, cutoff=0.75
            )
            if near:
                groups = self.asked[near[0]]
                group, (fact, question) = sorted(groups.items())[0]
                message = (
                    f"not read: it is close to, but not, {self.framework.id}'s question for "
                    f"{group} ({fact}): {question!r}; if it is that question, name the column in "
                    f"the mapping's [[questions]], or {fact} stays unknown"
                )
                kind = "warning"  # most likely the question, reworded: said out loud
            else:
                message = "not read: not a survey question of the framework or the mapping"
                kind = "note"
            self.notices.append(Notice(table.source, table.where(1, index), message, kind))


def _answer_hint(text: str, scale: SurveyScale) -> str | None:
    """A "did you mean" for an answer off the scale: the answer with the same words in another
    order ("Agree strongly"), else the closest in spelling."""
    options = [*scale.answers, *scale.synonyms]
    by_words: dict[str, str] = {}
    for option in options:
        by_words.setdefault(" ".join(sorted(normalise_answer(option).split())), option)
    words = " ".join(sorted(normalise_answer(text).split()))
    near = difflib.get_close_matches(words, list(by_words), n=1, cutoff=0.8)
    if near:
        answer = scale.synonyms.get(by_words[near[0]], by_words[near[0]])
        return f"did you mean {answer!r}?"
    return closest(text, options)


def _lookup(scale: SurveyScale) -> dict[str, str]:
    """Every way of writing an answer of the scale, normalised, to the answer (normalised)."""
    lookup = {normalise_answer(answer): normalise_answer(answer) for answer in scale.answers}
    for synonym, answer in scale.synonyms.items():
        lookup.setdefault(normalise_answer(synonym), normalise_answer(answer))
    return lookup


def _cell(cells: Sequence[Any], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return text_of(cells[index])


def _find(header: Sequence[str], wanted: str | None) -> int | None:
    if not wanted:
        return None
    key = normalise_answer(wanted)
    return next((i for i, text in enumerate(header) if normalise_answer(text) == key), None)


def _first(header: Sequence[str], names: Sequence[str]) -> int | None:
    keys = [normalise_answer(text) for text in header]
    for name in names:
        if name in keys:
            return keys.index(name)
    return None


def _digest(text: str) -> str | None:
    key = normalise_answer(text)
    if not key or key == "anonymous":  # Microsoft Forms' word for a reply without a sign-in
        return None
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).hexdigest()


def _time_of(raw: Any) -> dt.time:
    match = _TIME_OF_DAY.search(str(raw))
    if match is None:
        return dt.time()
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    half = (match[4] or "").lower()
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return dt.time()
    return dt.time(hour, minute, second)
