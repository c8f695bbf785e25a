"""Survey exports shaped exactly as Microsoft Forms and Google Forms write them, made up.

Microsoft Forms ("Open results in Excel") writes an .xlsx workbook with one sheet: ``ID``,
``Start time``, ``Completion time``, ``Email``, ``Name``, ``Last modified time``, then a column
per question headed by the question's text; times are date-time cells, and an anonymous reply's
``Email`` is ``anonymous``. Google Forms ("Download responses (.csv)") writes UTF-8 CSV:
``Timestamp`` as ``2026/06/30 10:15:32 AM GMT+1``, ``Email address`` when the form collects
addresses, then the questions. Every person here is invented: addresses are at the reserved
``.example`` domain.

``python tests/surveys/exports.py`` rewrites the example exports in ``docs/examples/surveys/``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples" / "surveys"
#: The committed example exports (Microsoft Forms staff, Google Forms governors and pupils),
#: their survey mapping, and the school they are about.
FILES = [
    EXAMPLES / "staff-survey.xlsx",
    EXAMPLES / "governor-survey.csv",
    EXAMPLES / "pupil-survey.csv",
]
MAPPING = EXAMPLES / "survey-mapping.toml"
SCHOOL = ROOT / "examples" / "typical-school.toml"

MS_FORMS_HEAD = ("ID", "Start time", "Completion time", "Email", "Name", "Last modified time")
GOOGLE_HEAD = ("Timestamp", "Email address")

AGREEMENT = (
    "Strongly agree",
    "Agree",
    "Neither agree nor disagree",
    "Disagree",
    "Strongly disagree",
)


def spread(counts: Mapping[str | None, int], shift: int = 0) -> list[str | None]:
    """Answers with the given counts, rotated by ``shift`` so that people differ by question."""
    answers = [answer for answer, count in counts.items() for _ in range(count)]
    if not answers:
        return answers
    shift %= len(answers)
    return answers[shift:] + answers[:shift]


def columns(
    questions: Sequence[tuple[str, Mapping[str | None, int]]],
) -> tuple[list[str], list[list[str | None]]]:
    """The question headers, and each person's answers (a row per person)."""
    headers = [question for question, _ in questions]
    answered = [spread(counts, 7 * index) for index, (_, counts) in enumerate(questions)]
    people = len(answered[0])
    assert all(len(column) == people for column in answered), "every question needs everyone"
    return headers, [[column[person] for column in answered] for person in range(people)]


def ms_forms_xlsx(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    emails: Sequence[str] | None = None,
    names: Sequence[str] | None = None,
    start: dt.datetime = dt.datetime(2026, 6, 15, 8, 30),
    extra: Sequence[tuple[str, Sequence[Any]]] = (),
) -> Path:
    """An export as Microsoft Forms writes it: one sheet, a reply per row, times as cells."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append([*MS_FORMS_HEAD, *headers, *(name for name, _ in extra)])
    for index, answers in enumerate(rows):
        began = start + dt.timedelta(hours=5 * index, minutes=index % 7)
        done = began + dt.timedelta(minutes=4, seconds=13 * (index % 5))
        email = emails[index] if emails else "anonymous"
        name = names[index] if names else ""
        sheet.append(
            [
                index + 1,
                began,
                done,
                email,
                name,
                done,
                *answers,
                *(values[index] for _, values in extra),
            ]
        )
    workbook.save(path)
    return path


def google_stamp(moment: dt.datetime, zone: str = "GMT+1") -> str:
    """A timestamp as Google Forms' CSV download writes it: ``2026/06/30 10:15:32 AM GMT+1``."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{moment:%Y/%m/%d} {hour}:{moment:%M:%S} {half} {zone}"


def google_forms_csv(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    emails: Sequence[str] | None = None,
    start: dt.datetime = dt.datetime(2026, 6, 22, 9, 5, 12),
    extra: Sequence[tuple[str, Sequence[Any]]] = (),
    lead: Sequence[tuple[str, Sequence[Any]]] = (),
) -> Path:
    """An export as Google Forms' "Download responses (.csv)" writes it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    head = ["Timestamp", *(["Email address"] if emails is not None else [])]
    writer.writerow([*head, *(name for name, _ in lead), *headers, *(n for n, _ in extra)])
    for index, answers in enumerate(rows):
        moment = start + dt.timedelta(hours=3 * index, minutes=index % 11, seconds=index % 50)
        cells = [google_stamp(moment), *([emails[index]] if emails is not None else [])]
        cells += [values[index] for _, values in lead]
        cells += ["" if answer is None else answer for answer in answers]
        cells += [values[index] for _, values in extra]
        writer.writerow(cells)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


# --- the example school's surveys ---------------------------------------------------------------

VISION = "I understand what our school's vision says ICT should do for learning, teaching and the running of the school, and I support it."
ESAFETY = (
    "I understand the school's e-safety policies and its Acceptable Use Policy, and I follow them."
)
INFORMATION = "I understand how the school manages information (how it collects, stores, shares, protects and disposes of it) and what my part in that is."
USING_ICT = "If you teach: do you record pupils' assessment with ICT of any kind (the school's system, or spreadsheets and files of your own)?"
SCHOOL_SYSTEM = "If you teach: do you record pupils' assessment in the school's own system (its management information system or the tool the school has agreed), rather than in spreadsheets of your own?"
COMMUNICATION = "I understand the school's agreed approach to electronic communication (e-mail, messaging, the website, social media), and I follow it."
LEGISLATION = "I understand the school's procedures for data protection, freedom of information and copyright, and I follow them."

#: The staff survey's answers, 28 people: counts per answer (``None`` is a blank).
STAFF = (
    (
        VISION,
        {
            "Strongly agree": 7,
            "Agree": 12,
            "Neither agree nor disagree": 5,
            "Disagree": 3,
            "Strongly disagree": 1,
        },
    ),
    (ESAFETY, {"Strongly agree": 14, "Agree": 11, "Neither agree nor disagree": 2, "Disagree": 1}),
    (
        INFORMATION,
        {"Strongly agree": 4, "Agree": 12, "Neither agree nor disagree": 6, "Disagree": 4, None: 2},
    ),
    (USING_ICT, {"Yes": 17, "No": 1, "I do not teach": 10}),
    (SCHOOL_SYSTEM, {"Yes": 16, "No": 2, "I do not teach": 10}),
    (
        COMMUNICATION,
        {"Strongly agree": 9, "Agree": 14, "Neither agree nor disagree": 3, "Disagree": 2},
    ),
    (
        LEGISLATION,
        {"Strongly agree": 6, "Agree": 16, "Neither agree nor disagree": 4, "Disagree": 2},
    ),
)

GOVERNOR_VISION = "I understand what the school's vision says about ICT and how it serves the school's wider aims, and I support it."
GOVERNOR_INFORMATION = (
    "I understand the school's strategy for managing information and my part in it as a governor."
)
GOVERNOR_COMMUNICATION = "I understand the school's agreed approach to electronic communication, and I follow it in my work as a governor."

GOVERNORS = (
    (
        GOVERNOR_VISION,
        {"Strongly agree": 2, "Agree": 4, "Neither agree nor disagree": 2, "Disagree": 1},
    ),
    (GOVERNOR_INFORMATION, {"Agree": 5, "Neither agree nor disagree": 3, "Disagree": 1}),
    (GOVERNOR_COMMUNICATION, {"Strongly agree": 3, "Agree": 5, "Neither agree nor disagree": 1}),
)

PUPIL_VISION = "I know what our school wants computers and technology to help us do, and I think it is a good plan."
PUPIL_ESAFETY = (
    "I know our school's rules for staying safe online and using computers, and I follow them."
)
PUPIL_INFORMATION = "I know how our school looks after information about me, and how I can use it (for example to see my work or my marks)."
PUPIL_LEGISLATION = "I know the rules about using other people's work and keeping personal information private, and I follow them."

PUPILS = (
    (PUPIL_VISION, {"Yes": 27, "Not sure": 25, "No": 8}),
    (PUPIL_ESAFETY, {"Yes": 48, "Not sure": 9, "No": 3}),
    (PUPIL_INFORMATION, {"Yes": 22, "Not sure": 30, "No": 8}),
    (PUPIL_LEGISLATION, {"Yes": 45, "Not sure": 12, "No": 3}),
)

COMMENTS = (
    "More laptops for year 4 please",
    "",
    "The new filtering blocks a science site we use",
    "",
    "",
    "Training on the parent app would help",
)


def staff_rows() -> tuple[list[str], list[list[str | None]], list[str], list[str]]:
    """The staff survey as Microsoft Forms exported it: 29 rows from 28 people. The fifth
    person replied on row 6 (the header is row 1), then again at the end, on row 30: the later
    reply is the one to count (their address is written with capitals the first time)."""
    headers, rows = columns(STAFF)
    emails = [f"staff{n:02d}@meadowbank.example" for n in range(1, len(rows) + 1)]
    names = [f"Staff Member {n:02d}" for n in range(1, len(rows) + 1)]
    first_go = ["Strongly disagree", *rows[4][1:]]  # they changed their mind
    rows = [*rows[:4], first_go, *rows[5:], rows[4]]
    emails = [*emails[:4], "Staff05@Meadowbank.example", *emails[5:], emails[4]]
    names = [*names[:4], names[4], *names[5:], names[4]]
    return headers, rows, emails, names


def write_examples(folder: Path = EXAMPLES) -> list[Path]:
    """The example school's three exports, as the tools wrote them."""
    folder.mkdir(parents=True, exist_ok=True)
    headers, rows, emails, names = staff_rows()
    comments = [COMMENTS[index % len(COMMENTS)] for index in range(len(rows))]
    staff = ms_forms_xlsx(
        folder / "staff-survey.xlsx",
        headers,
        rows,
        emails=emails,
        names=names,
        extra=[("Anything else you would like to tell us?", comments)],
    )
    headers, rows = columns(GOVERNORS)
    governors = google_forms_csv(
        folder / "governor-survey.csv",
        headers,
        rows,
        emails=[f"governor{n:02d}@meadowbank.example" for n in range(1, len(rows) + 1)],
        start=dt.datetime(2026, 6, 18, 19, 2, 41),
    )
    headers, rows = columns(PUPILS)
    pupils = google_forms_csv(
        folder / "pupil-survey.csv",
        headers,
        rows,
        lead=[("Which year are you in?", [f"Year {3 + n % 4}" for n in range(len(rows))])],
        start=dt.datetime(2026, 6, 29, 9, 10, 3),
    )
    return [staff, governors, pupils]


if __name__ == "__main__":
    for written in write_examples():
        print(written.relative_to(ROOT))
