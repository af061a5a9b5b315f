import pytest

from framing.packs.schema import Axis, Pole
from framing.scoring import ScoringConfig, concept_weight, score_axis, share
from framing.types import Finding

AXIS = Axis("ax", (Pole("neg", "Neg", ""), Pole("pos", "Pos", "")))


def f(concept, pole, strength="strong", usage="author"):
    return Finding(0, 1, "x", "p", concept, "x", pole, strength, usage, 0.9, "info", "m")


def test_no_evidence_is_null_and_none():
    s = score_axis(AXIS, [])
    assert (s.lean, s.alignment, s.confidence) == ("none", None, "low")
    assert dict(s.counts) == {"neg": 0, "pos": 0}


def test_quoted_and_other_sense_findings_do_not_move_the_score():
    s = score_axis(AXIS, [f("a", "neg", usage="quoted"), f("b", "neg", usage="other_sense")])
    assert s.alignment is None and s.lean == "none"
    assert dict(s.quoted_counts) == {"neg": 1, "pos": 0}


def test_alignment_formula_and_lean():
    s = score_axis(AXIS, [f("a", "neg"), f("b", "neg"), f("c", "pos", "weak")])
    assert s.alignment == pytest.approx((0.25 - 2.0) / 2.25)
    assert s.lean == "neg"
    assert dict(s.counts) == {"neg": 2, "pos": 1}


def test_one_weak_marker_does_not_make_a_lean():
    s = score_axis(AXIS, [f("a", "pos", "weak")])
    assert s.alignment == 1.0 and s.lean == "none" and s.confidence == "low"


def test_repeats_add_less_than_new_concepts():
    repeated = score_axis(AXIS, [f("a", "neg")] * 4 + [f("z", "pos", "moderate")])
    distinct = score_axis(AXIS, [f(c, "neg") for c in "abcd"] + [f("z", "pos", "moderate")])
    assert distinct.alignment < repeated.alignment < 0
    assert concept_weight(1.0, 4) < 4


def test_confidence_grows_with_evidence():
    assert score_axis(AXIS, [f("a", "neg")]).confidence == "low"
    assert score_axis(AXIS, [f("a", "neg"), f("b", "neg")]).confidence == "medium"
    assert score_axis(AXIS, [f(c, "neg") for c in "abc"]).confidence == "high"


def test_more_evidence_for_a_pole_never_moves_away_from_it():
    base = [f("a", "neg"), f("b", "pos")]
    before = score_axis(AXIS, base).alignment
    after = score_axis(AXIS, [*base, f("c", "pos", "weak")]).alignment
    assert after > before


def test_share_is_null_without_scores():
    assert share([]) is None and share([None, None]) is None
    assert share([0.9, 0.1, None]) == 0.5


def test_bad_config_is_refused():
    with pytest.raises(ValueError, match="lean_threshold"):
        ScoringConfig(lean_threshold=1.5)
