"""A record keeps only what the evidence saved beside it does not state, and still reads back
as the assessment saved.

Each test states a promise of the store: an assessment read back is the one saved (its JSON byte
for byte), whatever the evidence beside it; a hand-edited row is a damaged store (StoreError,
exit 1), never a traceback (exit 3); a record's bytes do not depend on the process that made
them. The cases came from a hostile review of schema 6 and record form 2.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from store_demo import AS_OF, make_engine

from ictrules import Engine, FactSpec, FactType
from ictrules.cli import main
from ictrules.evidence import Evidence, Provenance, School
from ictrules.store import Store, StoreError
from ictrules.testing import InlinePlugin, build_framework, build_strand

ROOT = Path(__file__).resolve().parents[2]
SCHOOL = School("URN 1", "Hillside")


def _round_trip(
    tmp_path: Path, engine: Engine, made: Any, beside: Evidence, framework: str
) -> None:
    """Save ``made()`` beside ``beside``; what loads is what ``made()`` gives, JSON and all."""
    with Store(tmp_path / "s.sqlite") as store:
        ident = store.save(made(), beside, engine)
        loaded = store.load(ident).assessment
    expected = made()
    assert loaded.to_json() == expected.to_json()
    assert loaded == expected


@pytest.mark.parametrize(
    "facts",
    [
        {"vision.shared_with": {"includes": ["staff"], "excludes": ["parents"]}},
        {"vision.shared_with": {"includes": ["staff"], "count": 2}},
        {"budget.share": {"more_than": 1, "less_than": 5}},
        {"budget.share": {"more_than": 1, "at_most": 5}},
    ],
)
def test_a_partial_value_of_several_keys_reads_back_as_written(
    tmp_path: Path, facts: dict[str, Any]
) -> None:
    """The evidence column sorts a partial value's keys (excludes before includes, less_than
    before more_than); the reading filled from it must still be written in the converter's
    order (includes, excludes; more_than, less_than)."""
    engine = make_engine()
    evidence = engine.load_evidence({"school": {"id": "URN 1", "name": "A"}, "facts": facts})
    _round_trip(
        tmp_path, engine, lambda: engine.assess(evidence, "demo", as_of=AS_OF), evidence, "demo"
    )


def test_saved_beside_the_same_facts_with_provenance_added(tmp_path: Path) -> None:
    """The same facts, but one has provenance in the evidence saved and none in the evidence
    assessed: the reading must not be filled from the evidence column's table for it."""
    engine = make_engine()
    assessed = engine.load_evidence(
        {"school": {"id": "URN 1", "name": "A"}, "facts": {"budget.share": 3.0}}
    )
    beside = Evidence(
        dict(assessed.facts), {"budget.share": Provenance("survey", None, "n")}, school=SCHOOL
    )
    _round_trip(
        tmp_path, engine, lambda: engine.assess(assessed, "demo", as_of=AS_OF), beside, "demo"
    )


@pytest.mark.parametrize(
    ("assessed", "saved"),
    [(0.0, -0.0), (3, 3.0), (3.0, 3)],
    ids=["zero-negative-zero", "int-float", "float-int"],
)
def test_saved_beside_facts_equal_in_python_but_not_the_same(
    tmp_path: Path, assessed: Any, saved: Any
) -> None:
    """0.0 == -0.0 and 3 == 3.0 in Python, but they are other facts (other JSON): the record
    must keep the readings rather than take them from the evidence saved."""
    engine = make_engine()
    evidence = Evidence({"budget.share": assessed}, school=SCHOOL)
    beside = Evidence({"budget.share": saved}, school=SCHOOL)
    _round_trip(
        tmp_path, engine, lambda: engine.assess(evidence, "demo", as_of=AS_OF), beside, "demo"
    )


def test_a_future_date_read_as_unknown_reads_back_unknown(tmp_path: Path) -> None:
    """A date after ``as_of`` of a fact declared ``future="unknown"`` is dropped from the values
    without an origin, so its reading (value null) says more than the evidence saved beside."""
    facts = (FactSpec("review.last", FactType.DATE, "Reviewed.", "When?", future="unknown"),)
    strand = build_strand(
        "r1",
        {3: [("r1-3", "known(review.last)")], 2: [], 1: []},
        title="Review",
        descriptors={4: "a", 3: "b", 2: "c", 1: "d"},
    )
    framework = build_framework([strand], framework_id="fut", title="Future", version="1")
    engine = Engine([("fut", InlinePlugin(facts, [framework]))])
    evidence = engine.load_evidence(
        {"school": {"id": "URN 1", "name": "A"}, "facts": {"review.last": "2027-01-01"}},
        "fut",
        as_of=AS_OF,
    )
    _round_trip(
        tmp_path, engine, lambda: engine.assess(evidence, "fut", as_of=AS_OF), evidence, "fut"
    )


def test_evidence_whose_facts_are_a_read_only_mapping_can_be_saved(tmp_path: Path) -> None:
    """``Evidence.facts`` is any mapping: a read-only one is written as data like a dict."""
    engine = make_engine()
    evidence = Evidence(types.MappingProxyType({"budget.share": 3.0}), school=SCHOOL)
    _round_trip(
        tmp_path, engine, lambda: engine.assess(evidence, "demo", as_of=AS_OF), evidence, "demo"
    )


def test_a_records_bytes_do_not_depend_on_the_hash_seed() -> None:
    """``prepare_assessment`` is pure: the same bytes in any process, whatever the order of its
    sets of text (PYTHONHASHSEED: a worker started by spawn or forkserver, or a later run)."""
    script = (
        "import datetime as dt, hashlib\n"
        "from ictrules import Engine\n"
        "from ictrules.store.database import prepare_assessment\n"
        "e = Engine.from_installed()\n"
        f"ev = e.load_evidence({str(ROOT / 'examples' / 'typical-school.toml')!r})\n"
        "a = e.assess(ev, 'becta-srf', as_of=dt.date(2026, 9, 1))\n"
        "print(hashlib.sha256(prepare_assessment(a, ev).row[10]).hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1


@pytest.fixture
def becta_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "s.sqlite"
    argv = ["assess", str(ROOT / "examples"), "--as-of", "2026-09-01", "--store", str(path)]
    assert main(argv) == 0
    capsys.readouterr()
    return path


@pytest.mark.parametrize(
    "change",
    [
        "json_replace(strands, '$[0][3]', 'weird')",  # a status that is none
        "json_replace(strands, '$[0][0]', json('[1]'))",  # a code that is a list
        "json_replace(strands, '$[0][1]', 99)",  # a level not on the scale
        "json_replace(strands, '$[0][1]', 'x')",  # a level that is text
    ],
    ids=["status", "code", "level-off-scale", "level-text"],
)
def test_a_hand_edited_strands_column_is_a_damaged_store(
    becta_store: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    with sqlite3.connect(becta_store) as db:
        db.execute("DROP TRIGGER assessments_no_update")
        db.execute(f"UPDATE assessments SET strands = {change}")
    school = "URN 100234"
    with Store(becta_store) as store:
        for query in (store.history, store.standing):
            with pytest.raises(StoreError, match="damaged"):
                query(school)
    for argv in (["history", school], ["cohort"], ["cohort", "--school", school]):
        code = main([*argv, "--store", str(becta_store)])
        err = capsys.readouterr().err
        assert code == 1, err
        assert "damaged" in err


@pytest.mark.parametrize(
    ("table", "change"),
    [
        ("assessments", "plugins = 'not JSON'"),
        ("assessments", "as_of = 'soon'"),
        ("framework_revisions", "scale = '[[1]]'"),
        ("framework_revisions", "scale = 'not JSON'"),
    ],
)
def test_other_hand_edited_columns_are_a_damaged_store(
    becta_store: Path, capsys: pytest.CaptureFixture[str], table: str, change: str
) -> None:
    with sqlite3.connect(becta_store) as db:
        db.execute(f"DROP TRIGGER {table}_no_update")
        db.execute(f"UPDATE {table} SET {change}")
    with Store(becta_store) as store, pytest.raises(StoreError, match="damaged"):
        store.load(1)
    if "plugins" not in change:  # a school's history reads no plugins
        code = main(["history", "URN 100234", "--store", str(becta_store)])
        err = capsys.readouterr().err
        assert (code, "damaged" in err) == (1, True), err


def test_a_set_known_to_hold_nothing_in_particular_reads_back_as_given(tmp_path: Path) -> None:
    """``{"includes": [], "excludes": []}`` is a set of choices of which nothing is known: the
    evidence writes it as a table that reads back as it (an empty table would read as no
    value), so the store, ``to_mapping`` and the duplicate check keep it."""
    engine = make_engine()
    given = {"vision.shared_with": {"includes": [], "excludes": []}}
    evidence = engine.load_evidence({"school": {"id": "URN 1", "name": "A"}, "facts": given})
    assert engine.load_evidence(evidence.to_mapping()) == evidence
    assessment = engine.assess(evidence, "demo", as_of=AS_OF)
    with Store(tmp_path / "s.sqlite") as store:
        ident = store.save(assessment, evidence, engine)
        loaded = store.load(ident)
        assert loaded.evidence == evidence
        assert loaded.assessment.to_json() == assessment.to_json()
        assert store.save(loaded.assessment, loaded.evidence, engine) == ident


def test_text_that_is_not_unicode_is_refused_with_a_message(tmp_path: Path) -> None:
    """Evidence built by hand may hold a lone surrogate, which no UTF-8 text can: saving it
    says so and saves nothing, rather than raising the codec's error."""
    engine = make_engine()
    evidence = Evidence({"lead.name": "Jo\udc80"}, school=SCHOOL)
    assessment = engine.assess(evidence, "demo", as_of=AS_OF)
    with Store(tmp_path / "s.sqlite") as store:
        with pytest.raises(StoreError) as caught:
            store.save(assessment, evidence, engine)
        assert "'\\udc80', a lone surrogate" in caught.value.reason
        assert store.count() == 0


def test_a_fact_left_unknown_keeps_where_that_was_found(tmp_path: Path) -> None:
    """{ value = null, source = "interview", note = ... } says the head did not know: the
    evidence written as a mapping and the evidence saved in the store keep that provenance, and
    the fact stays unknown (it was written out as no fact at all, and read back as None)."""
    engine = make_engine()
    given = {
        "school": {"id": "URN 1", "name": "A"},
        "facts": {
            "budget.share": 3.0,
            "vision.clarity": {"value": None, "source": "interview", "note": "not known"},
        },
    }
    evidence = engine.load_evidence(given)
    assert "vision.clarity" not in evidence.facts
    assert evidence.to_mapping()["facts"]["vision.clarity"] == given["facts"]["vision.clarity"]
    assert engine.load_evidence(evidence.to_mapping()) == evidence
    with Store(tmp_path / "s.sqlite") as store:
        assessment = engine.assess(evidence, "demo", as_of=AS_OF)
        loaded = store.load(store.save(assessment, evidence, engine))
    assert loaded.evidence == evidence
    assert "vision.clarity" not in loaded.evidence.facts
    assert loaded.assessment == assessment
