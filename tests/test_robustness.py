"""Fast subset of the robustness suite (eval/robustness.py): a handful of templates per family.

Lexicon families run with the rules-only analyzer; model families only when a trained model exists under
models/minilm-framing (the tests never need ../shared). Known failures of the library are marked
xfail(strict=True) with the reason, so that a fix turns them into an unexpected pass to be un-marked.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import framing
from framing.model import DEFAULT_MODEL_DIR

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

import robustness as R

FAST = {"drones-kyiv", "liberated-villages", "regime-market", "smo-phase", "collective-west", "dpr-streets"}
HAS_MODEL = (DEFAULT_MODEL_DIR / "config.json").is_file()
needs_model = pytest.mark.skipif(not HAS_MODEL, reason="no trained model under models/minilm-framing")


@pytest.fixture(scope="module")
def rules() -> R.Runner:
    return R.Runner("rules", framing.load_analyzer(model=None))


@pytest.fixture(scope="module")
def model() -> R.Runner:
    import torch

    torch.set_num_threads(1)
    return R.Runner("model", framing.load_analyzer(quantize=False))


def _assert_all_pass(result: dict) -> None:
    assert result["n_templates"] > 0
    assert result["pass_rate"] == 1.0, result["failures"]


@pytest.mark.parametrize("family", [f for f in R.INV_FAMILIES if f != "INV-crlf"])
def test_lexicon_findings_and_sentences_are_invariant(rules, family):
    result = R.run_inv(rules, family, only=FAST)
    _assert_all_pass(result)
    assert not result["scores_checked"]  # rules only: no model scores to compare


def test_crlf_keeps_the_headline_a_sentence_of_its_own(rules):
    _assert_all_pass(R.run_inv(rules, "INV-crlf", only={"rain-schools"}))


def test_a_filler_does_not_change_the_voice(rules):
    _assert_all_pass(R.run_inv(rules, "INV-filler", only={"rain-schools"}))


@pytest.mark.parametrize("family", ["INV-filler", "INV-casing"])
def test_every_template_keeps_its_findings_under_a_filler_and_all_caps(rules, family):
    _assert_all_pass(R.run_inv(rules, family))


def test_a_longer_name_does_not_change_the_voice(rules):
    _assert_all_pass(R.run_inv(rules, "INV-names", only={"airline-flights"}))


def test_nfd_name_in_an_attribution_keeps_the_voice(rules):
    text = next(t for t in R.D.EVASION if "Renée" in t)
    clean = rules.snap(text)
    nfd = rules.snap(R.unicodedata.normalize("NFD", text))
    assert R.compare(clean, nfd, R.EPS_PLUMBING)["pass"]


def test_side_swaps_do_not_change_findings(rules):
    for result in R.run_symmetry(rules, limit=4):
        _assert_all_pass(result)


def test_kyiv_to_kiev_moves_the_alignment_toward_ru_state(rules):
    result = next(r for r in R.run_directional(rules, limit=1) if r["id"] == "DIR-lexicon-kyiv-kiev")
    _assert_all_pass(result)


def test_evasion_variants_find_the_same_terms_and_report_the_trick(rules):
    result = R.run_evasion(rules, limit=6)
    _assert_all_pass(result)
    assert set(result["pass_rate_by_variant"]) == {*R.TRICKS, "nfd"}


def test_quoted_term_is_quoted_and_never_raises_the_alignment(rules):
    result = R.run_quotes(rules, limit=8)
    _assert_all_pass(result)
    assert result["quoted_never_raises_alignment"]


def test_negation_is_reported_with_its_policy(rules):
    result = R.run_negation(rules)
    assert result["policy"] and len(result["rows"]) == len(R.D.NEGATION)
    assert result["lexicon_usage_kept_under_negation"] == 1.0


def test_perturbations_change_only_what_they_say():
    text = "The delegation met in the capital on Tuesday. It left on Friday, officials said."
    assert R.hard_wrap(text, 20).replace("\n", " ") == text
    assert R.hard_wrap(text, 20, "\r\n").replace("\r\n", " ") == text
    assert R.with_filler(text, "Meanwhile, ").startswith("Meanwhile, the delegation")
    assert R.homoglyph("Kiev") != "Kiev" and len(R.homoglyph("Kiev")) == 4
    assert R.zero_width("Kiev") == "Ki\u200bev"
    assert R.full_width("Kiev") == "Ｋｉｅｖ"


@needs_model
@pytest.mark.parametrize("family", ["INV-names", "INV-whitespace", "INV-prepend", "INV-sentence-order"])
def test_model_scores_are_invariant(model, family):
    result = R.run_inv(model, family, only={"drones-kyiv", "smo-phase"})
    assert result["scores_checked"]
    _assert_all_pass(result)


@needs_model
def test_model_scores_ignore_evasion_tricks(model):
    result = R.run_evasion(model, limit=3)
    assert result["scores_checked"]
    _assert_all_pass(result)


def test_the_report_counts_templates_and_names_the_families_under_the_target(monkeypatch, tmp_path):
    import report

    monkeypatch.setattr(report, "PLOTS", tmp_path)  # the section draws a plot: keep it out of eval/plots

    def family(fid: str, passed: int) -> dict:
        return {
            "id": fid,
            "kind": "INV",
            "description": fid,
            "analyzer": "model",
            "n_templates": 38,
            "pass_rate": round(passed / 38, 4),
            "scores_checked": True,
        }

    rob = {
        "families": [family("INV-names", 37), family("INV-places", 36)],
        "dataset": "templates",
        "protocol": "p",
        "date": "2026-01-01",
        "model": "m",
    }
    rep = report.Report("m", {}, "2026-01-01")
    report.robustness_section(rep, {"robustness": rob})
    text = "\n".join(rep.lines)
    # 36 of 38 is 0.947: it must not be shown as 0.95, and it misses the 95% target
    assert "| 0.947 (36/38) |" in text and "| 0.974 (37/38) |" in text
    assert "Missed by INV-places (model: 36/38)." in text


def test_the_report_shows_held_out_stability_per_change_and_what_it_counted_apart():
    import report

    row = {
        "kind": "opener",
        "source": "all",
        "n": 699,
        "stable": 0.897,
        "stable_by_head": {"loaded": 0.9385, "subjective": 0.9142},
        "p95_by_head": {"loaded": 0.0541, "subjective": 0.0768},
    }
    st = {
        "rows": [row],
        "topic_gate_flips": {"place": 2},
        "not_compared": 1,
        "dataset": "d",
        "protocol": "p",
        "n": 699,
        "date": "2026-01-01",
        "model": "m",
    }
    rep = report.Report("m", {}, "2026-01-01")
    report.stability_section(rep, {"stability": st})
    text = "\n".join(rep.lines)
    assert "| opener | all | 699 | **0.897** | 0.939 (p95 0.054) | 0.914 (p95 0.077) |  |" in text
    assert "Counted apart: 1 twin that split" in text
    assert "2 place twins that took a sentence on or off the russia-ukraine topic" in text
    empty = report.Report("m", {}, "2026-01-01")
    report.stability_section(empty, {})
    assert "Not run yet" in "\n".join(empty.lines)
