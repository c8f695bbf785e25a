"""An assessment's reasons are worked out when first read, and written as JSON without being
made: either way the assessment is the one whose reasons are made at once.

``Engine.assess`` leaves each strand's criteria, actions and missing facts to be worked out
when first read (``ictrules._deferred``), and ``to_json`` writes them from templates the
converter made (``ictrules._reasons``). On random frameworks and evidence (values exact, known
in part, with provenance, or missing), the text must be byte for byte what the converter and
the standard library's encoder write for the same assessment with its reasons made, and the
objects must compare, hash, print and pickle as those do.
"""

from __future__ import annotations

import copy
import gc
import json
import pickle
import weakref
from typing import Any

import attrs
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from ictrules import (
    Assessment,
    Derivation,
    DerivationContext,
    Engine,
    Entailment,
    Evidence,
    EvidenceError,
    Framework,
    Provenance,
    hookimpl,
)
from ictrules._convert import converter
from ictrules._deferred import pending
from ictrules._reasons import KEPT_STRAND
from ictrules._text import printable
from ictrules.assessments import StrandResult
from ictrules.evidence import _compact_text
from ictrules.store._record import expand, keep, shapes_from

from .test_levels import AS_OF, EVERY_ATOM, VALUES, Synthetic, frameworks

#: Some facts given in part (bounds, an open set): the reasons then read a narrowed value.
PARTIAL: dict[str, st.SearchStrategy[Any]] = {
    "n.count": st.integers(0, 5).map(lambda n: {"at_least": n}),
    "n.share": st.floats(0, 5).map(lambda x: {"at_most": x}),
    "s.shared": st.sampled_from([{"includes": ["staff"]}, {"excludes": ["governors"]}]),
}


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for fact in sorted(draw(st.sets(st.sampled_from(sorted(VALUES))))):
        value = draw(PARTIAL[fact] if fact in PARTIAL and draw(st.booleans()) else VALUES[fact])
        if draw(st.integers(0, 4)) == 0 and not isinstance(value, dict):
            value = {"value": value, "source": "survey", "note": "as the school gave it"}
        facts[fact] = value
    return {"school": {"id": "URN 1", "name": "Test school"}, "facts": facts}


def made(assessment: Assessment) -> Assessment:
    """The same assessment with every strand's reasons made (read once each)."""
    for strand in assessment.strands:
        assert strand.criteria is strand.criteria  # read: made now, and kept
    return assessment


def as_the_converter_writes(assessment: Assessment) -> str:
    data = converter.unstructure(assessment)
    return printable(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@given(frameworks(), st.lists(documents(), min_size=1, max_size=4))
def test_json_of_deferred_reasons_is_the_converters(
    framework: Framework, found: list[dict[str, Any]]
) -> None:
    engine = Engine([Synthetic(framework)])
    for document in found:
        deferred = engine.assess(document, "synthetic", as_of=AS_OF)
        assert all(pending(strand, "criteria") for strand in deferred.strands)
        text = deferred.to_json()
        reference = made(engine.assess(document, "synthetic", as_of=AS_OF))
        assert text == as_the_converter_writes(reference) == reference.to_json()
        assert Assessment.from_json(text) == reference


@given(frameworks(), documents())
def test_deferred_reasons_behave_as_made_ones(framework: Framework, document: Any) -> None:
    engine = Engine([Synthetic(framework)])
    reference = made(engine.assess(document, "synthetic", as_of=AS_OF))
    assert engine.assess(document, "synthetic", as_of=AS_OF) == reference
    try:
        expected = hash(reference.strands)
    except TypeError:  # a reading of a value known in part holds a table: unhashable either way
        expected = None
    if expected is not None:
        assert hash(engine.assess(document, "synthetic", as_of=AS_OF).strands) == expected
    assert repr(engine.assess(document, "synthetic", as_of=AS_OF)) == repr(reference)
    assert pickle.loads(pickle.dumps(engine.assess(document, "synthetic", as_of=AS_OF))) == (
        reference
    )
    assert copy.deepcopy(engine.assess(document, "synthetic", as_of=AS_OF)) == reference
    assert engine.assess(document, "synthetic", as_of=AS_OF).to_dict() == reference.to_dict()
    strand = engine.assess(document, "synthetic", as_of=AS_OF).strands[-1]
    moved = attrs.evolve(strand, title="Another title")
    assert moved.criteria == reference.strands[-1].criteria
    assert moved.actions == reference.strands[-1].actions
    assert moved.missing == reference.strands[-1].missing


#: What follows when b.flag holds, so that some readings are entailed (and, with ``Counts``,
#: some derived), in a framework whose criteria read every fact.
KEPT_APART = attrs.evolve(
    EVERY_ATOM,
    entailments=(Entailment("flagged", "b.flag", {"n.other": {"at_least": 2}}, "two if so"),),
)


class Counts:
    """Derives n.count from b.other when the evidence does not give it."""

    @hookimpl
    def ictrules_derivations(self, facts: Any) -> list[Derivation]:
        def compute(context: DerivationContext) -> int | None:
            other = context.inputs["b.other"]
            return None if other is None else 3 if other else 0

        return [Derivation("n.count", compute, ("b.other",))]


@given(documents(), st.data())
def test_reasons_kept_apart_by_the_store_read_back_as_made(document: Any, data: Any) -> None:
    """The store keeps what a fresh assessment differs in (each strand in brief, the readings
    that say more than the evidence saved beside it states: derived, entailed, with
    provenance) and fills the framework's shapes and the evidence's values on loading (an
    assessment with a float below 1e-4 in what it keeps is kept whole). Saved beside other
    evidence than it was made from, it keeps every reading, and still reads back as made."""
    engine = Engine([Synthetic(KEPT_APART), Counts()])
    codes = [strand.code for strand in KEPT_APART.strands]
    levels = [level.value for level in KEPT_APART.scale]
    judged = data.draw(st.dictionaries(st.sampled_from(codes), st.sampled_from(levels)))
    document = {
        **document,
        "judgements": {
            code: {"level": level, "rationale": "ours"} for code, level in judged.items()
        },
    }
    try:
        evidence = engine.load_evidence(document)
        assessment = engine.assess(evidence, "synthetic", as_of=AS_OF)
    except EvidenceError:  # the evidence contradicts the entailment
        reject()
    reference = made(engine.assess(evidence, "synthetic", as_of=AS_OF))
    again = engine.load_evidence(document)  # the same facts, another object
    other = engine.load_evidence({"facts": {"b.flag": True}})
    for saved_beside in (evidence, again, other):
        kept = keep(engine.assess(evidence, "synthetic", as_of=AS_OF), saved_beside)
        shapes = None if kept.shapes is None else shapes_from(kept.shapes[1])
        given = json.loads(_compact_text(saved_beside))["facts"]
        loaded = Assessment.from_dict(expand(kept.record, shapes, given))
        assert loaded == reference
        assert loaded.to_json() == reference.to_json()
    assert assessment == reference


def test_one_strand_read_makes_that_strands_reasons_only() -> None:
    engine = Engine([Synthetic(_two_strands())])
    assessment = engine.assess({"facts": {"b.flag": True}}, "synthetic", as_of=AS_OF)
    first, second = assessment.strands
    assessment.to_json()
    assert pending(first, "criteria") is not None  # written without being made
    assert [c.holds for c in first.criteria] == [True]
    assert pending(first, "actions") is None  # every deferred field of the strand read
    assert pending(second, "criteria") is not None
    assert second.actions[0].reason == "unknown"
    assert second.missing == ("n.count",)


def _two_strands() -> Framework:
    from ictrules import Criterion, Level, LevelRules, Section, Strand

    def strand(code: str, condition: str) -> Strand:
        criterion = Criterion(f"{code}-3", condition, "holds", "make it hold")
        return Strand(code, code, (LevelRules(4, "lowest"), LevelRules(3, "level 3", (criterion,))))

    return Framework(
        id="synthetic",
        title="Synthetic",
        version="1",
        source="tests",
        scale=(Level(4, "4"), Level(3, "3")),
        sections=(Section("all", "All", (strand("a", "b.flag"), strand("b", "n.count >= 2"))),),
    )


def test_a_pending_assessment_keeps_no_engine_alive() -> None:
    """An embedding product may make an engine per request and keep the assessments."""
    engine = Engine([Synthetic(_two_strands())])
    assessment = engine.assess({"facts": {"b.flag": True}}, "synthetic", as_of=AS_OF)
    kept = weakref.ref(engine)
    del engine
    gc.collect()
    assert kept() is None
    assert [c.holds for c in assessment.strands[0].criteria] == [True]


def test_reasons_show_the_provenance_given_when_assessed() -> None:
    engine = Engine([Synthetic(_two_strands())])
    provenance = {"b.flag": Provenance("survey", AS_OF, "staff survey")}
    deferred = engine.assess(Evidence({"b.flag": True}, provenance), "synthetic", as_of=AS_OF)
    provenance.clear()  # the caller reuses its mapping for the next school
    reading = deferred.strands[0].criteria[0].facts[0]
    assert reading.provenance == Provenance("survey", AS_OF, "staff survey")


def test_evidence_a_condition_cannot_read_fails_at_assess_not_at_first_read() -> None:
    """Evidence built by hand is not checked: a text where a number belongs raises in assess,
    as it did when the reasons were made at once, not later from repr or to_json."""
    engine = Engine([Synthetic(_two_strands())])
    with pytest.raises(TypeError):
        engine.assess(Evidence({"b.flag": False, "n.count": "3"}), "synthetic", as_of=AS_OF)


def test_a_record_keeps_every_field_of_a_strand_that_its_level_does_not_fix() -> None:
    """What a record keeps of a strand (``KEPT_STRAND``), what the shapes say at its level and
    its reasons (kept apart) are every field of a strand result, so that a field added to it
    cannot be left out of the store unseen (the property above holds the values to it)."""
    at_its_level = {"title", "section", "descriptor", "next_level"}
    reasons = {"criteria", "actions", "missing"}
    fields = [field.name for field in attrs.fields(StrandResult)]
    assert sorted(fields) == sorted([*KEPT_STRAND, *at_its_level, *reasons])
