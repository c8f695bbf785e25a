"""``ictrules trust-strategy FOLDER``: a costed ICT strategy for a trust of schools."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from ictrules import Engine, Evidence
from ictrules._text import printable
from ictrules.commands import CliError, Command, Invocation, open_store
from ictrules.files import read_model
from ictrules.progress import Progress
from ictrules.store import Store
from ictrules_refresh import resolve_policies

from .commands import need_openpyxl
from .errors import StrategyError
from .trust import check_trust, plan_trust
from .trust_model import TrustStrategy
from .trust_rendering import TRUST_FORMATS, render_trust
from .trust_schools import FILE_NAMES, SchoolFiles, find_schools, plan_school

__all__ = ["TRUST_COMMAND", "TRUST_TEMPLATE"]

#: What ``ictrules strategy-template --trust`` writes: every key of a trust's file, explained.
TRUST_TEMPLATE = """# A trust's ICT strategy for 'ictrules trust-strategy FOLDER', with this
# file as FOLDER/trust.toml and one folder per school beside it, each with evidence.toml,
# and inventory.csv, strategy.toml, actions.toml and policies.toml where it has them.
# Amounts in pounds; years are budget years named by the year they start in (2026 = 2026-27).

name = "The trust's name"
vision = "What technology should do for every school of the trust."
aims = ["One standard of kit and support in every school"]
first_year = 2026   # the first budget year: the same as the schools' strategies
years = 4           # three to five budget years

# The trust's minimum standards: a level per strand every school must reach, by a budget year.
# A school below one gets it as its target, unless its own target is a higher level.
[standards]
"1b3" = { level = 3, by = 2027 }

# Central purchasing: what the trust pays per unit for a refresh category, replacing each
# school's price in its refresh plan (the categories are the refresh policies').
[central_prices]
laptop = 410

# The trust's own projects, paid centrally.
[[projects]]
name = "One device-management service for every school"
strands = ["1b4"]
year = 2026
capital = 0
revenue = 6000

# Centrally managed recurring costs (kind: licence, broadband, support, mis, cloud or other;
# funding: capital or revenue; rise: a yearly rise as a fraction; start and end: budget years).
[[recurring]]
name = "Trust MIS and finance system"
kind = "mis"
annual = 21000
funding = "revenue"
rise = 0.03

# The central ICT budget in each budget year, one entry per year.
[[budget]]
year = 2026
capital = 10000
revenue = 30000

[[budget]]
year = 2027
capital = 10000
revenue = 31000

[[budget]]
year = 2028
capital = 10000
revenue = 32000

[[budget]]
year = 2029
capital = 10000
revenue = 33000
"""

_TRUST_FILE = "trust"
_SUFFIXES = FILE_NAMES["strategy"][1]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder",
        metavar="FOLDER",
        help="the trust's folder: its trust.toml and one folder per school, each with its "
        "evidence.toml (and inventory.csv, strategy.toml, actions.toml, policies.toml)",
    )
    parser.add_argument(
        "--strategy",
        metavar="FILE",
        help="the trust's strategy file (default: trust.toml, .json or .yaml in FOLDER)",
    )
    parser.add_argument(
        "--store",
        metavar="FILE",
        help="take each school's latest evidence (on or before --as-of) from this store: the "
        "school its folder's evidence file names, or whose id is the folder's name",
    )


def _folder(call: Invocation) -> Path:
    folder = Path(call.args.folder)
    if not folder.exists():
        raise CliError(f"{folder} does not exist: give the trust's folder of schools")
    if not folder.is_dir():
        raise CliError(f"{folder} is not a folder: give the trust's folder of schools")
    return folder


def _trust_file(call: Invocation) -> str:
    if call.args.strategy:
        return str(call.args.strategy)
    folder = _folder(call)
    found = [
        str(folder / (_TRUST_FILE + s)) for s in _SUFFIXES if (folder / (_TRUST_FILE + s)).is_file()
    ]
    if not found:
        raise CliError(
            f"{folder} holds no trust.toml (or .json, .yaml): write one with "
            f"'ictrules strategy-template --trust -o {folder / 'trust.toml'}', or name it "
            "with --strategy"
        )
    if len(found) > 1:
        raise CliError(f"{' and '.join(found)} are both trust files: keep one")
    return found[0]


class _LatestEvidence(Mapping[str, tuple[str, Evidence]]):
    """Each school's latest evidence in a store (on or before ``as_of``), by school id, read
    from the store only for the schools asked for: an authority's store holds thousands of
    schools, a trust's folder a few."""

    def __init__(self, store: Store, framework: str, as_of: dt.date) -> None:
        self._store = store
        self._latest: dict[str, int] = {}
        for summary in store.assessments(framework=framework):
            if summary.as_of <= as_of:
                self._latest[summary.school.id] = summary.id

    def __getitem__(self, ident: str) -> tuple[str, Evidence]:
        stored = self._store.load(self._latest[ident])
        return stored.school.name, stored.evidence

    def __contains__(self, ident: object) -> bool:
        return ident in self._latest  # without reading the school's evidence

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._latest))

    def __len__(self) -> int:
        return len(self._latest)


def _schools(call: Invocation, framework: str) -> tuple[list[SchoolFiles], list[str]]:
    folder = _folder(call)
    if call.args.store:
        with open_store(call.args.store) as store:
            latest = _LatestEvidence(store, framework, call.as_of)  # none: each file is used
            schools, strays = find_schools(folder, latest)
    else:
        schools, strays = find_schools(folder)
    if not schools:
        raise CliError(
            f"{folder} holds no school: each school is a folder with its evidence.toml "
            "(or .json, .yaml)"
        )
    return schools, strays


def _run(call: Invocation) -> int:
    need_openpyxl(call)
    source = _trust_file(call)
    trust: TrustStrategy = read_model(source, TrustStrategy, StrategyError)
    engine: Engine = call.engine()
    framework = call.framework()
    policies = resolve_policies(engine)
    check_trust(trust, engine.framework(framework), call.as_of, policies, source)
    schools, strays = _schools(call, framework)
    progress = Progress(len(schools), "planning schools")  # drawn only on a terminal
    planned = [
        plan_school(school, trust, engine, framework, call.as_of, policies)
        for school in progress.track(schools)
    ]
    plan = plan_trust(trust, engine.framework(framework), planned, call.as_of, strays)
    if call.format == "xlsx":
        from .workbook import trust_workbook

        call.write(trust_workbook(plan))
    else:
        templates = call.templates() if call.format in ("html", "md") else None
        call.write(render_trust(plan, call.format, title=call.title, templates=templates))
    for problem in plan.missing:
        sys.stderr.write(printable(f"ictrules: warning: {problem}\n"))
    for problem in plan.errors:
        sys.stderr.write(printable(f"ictrules: error: {problem}\n"))
    return 1 if plan.errors else 0  # written all the same: what could be planned, was


#: ``ictrules trust-strategy FOLDER``: a costed strategy for a trust's schools.
TRUST_COMMAND = Command(
    "trust-strategy",
    "a costed three-to-five-year ICT strategy for a trust of schools",
    "Plan every school of a trust (a folder per school, or the schools of a store) as "
    "'ictrules strategy' does, with the trust's minimum standards as targets where a school "
    "falls short and its central prices in every refresh plan; then put them side by side: "
    "each school's position, the schools below each standard and what they need, and one "
    "budget plan by school, centre and in total. What a school lacks (an inventory, a "
    "strategy file) is named, and the strategy is produced from what there is.",
    _run,
    _arguments,
    uses=("framework", "as_of", "output", "report", "plugins"),
    formats=(*TRUST_FORMATS, "xlsx"),
    order=66,
)
