"""The pure metric functions of eval/metrics.py and the gold evaluator, on hand-computed cases."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[1] / "eval"
sys.path.insert(0, str(EVAL))

from metrics import (  # noqa: E402
    GoldSpan,
    accuracy,
    bootstrap_ci,
    ece,
    macro_f1,
    match_spans,
    percentile,
    prf,
    reliability_bins,
    roc_auc,
    span_prf,
    spearman,
    top_label,
)


def S(start, end, concept="c", doc="a", pack="p", usage=None):
    return GoldSpan(doc, start, end, pack, concept, None, usage)


def test_exact_span_prf_counts_only_identical_offsets_and_concepts():
    gold = [S(0, 4), S(10, 15), S(20, 25, "other")]
    pred = [S(0, 4), S(10, 14), S(20, 25, "wrong"), S(30, 33)]
    # one exact hit out of 3 gold and 4 predicted: P = 1/4, R = 1/3, F1 = 2PR/(P+R) = 2/7
    r = span_prf(gold, pred, "exact")
    assert (r.tp, r.n_gold, r.n_pred) == (1, 3, 4)
    assert r.precision == pytest.approx(0.25)
    assert r.recall == pytest.approx(1 / 3)
    assert r.f1 == pytest.approx(2 / 7)


def test_overlap_span_prf_needs_same_pack_and_concept_and_document():
    gold = [S(0, 4), S(10, 15), S(20, 25, "other"), S(40, 45, doc="b")]
    pred = [S(2, 6), S(14, 20), S(20, 25, "wrong"), S(40, 45, doc="a")]
    # hits: (0,4)~(2,6) and (10,15)~(14,20); the concept and document mismatches do not count
    r = span_prf(gold, pred, "overlap")
    assert r.tp == 2
    assert r.precision == pytest.approx(0.5) and r.recall == pytest.approx(0.5) and r.f1 == pytest.approx(0.5)


def test_touching_spans_do_not_overlap():
    assert span_prf([S(0, 4)], [S(4, 8)], "overlap").tp == 0


def test_matching_is_one_to_one_and_prefers_the_largest_overlap():
    gold = [S(0, 10)]
    pred = [S(8, 12), S(1, 9)]
    assert match_spans(gold, pred, "overlap") == [(0, 1)]
    r = span_prf(gold, pred, "overlap")
    assert (r.tp, r.precision, r.recall) == (1, 0.5, 1.0)
    # two gold spans cannot both claim one predicted span
    assert span_prf([S(0, 5), S(3, 9)], [S(2, 6)], "overlap").tp == 1


def test_empty_sets_follow_the_documented_convention():
    assert prf(0, 0, 0)[:3] == (1.0, 1.0, 1.0)
    assert prf(0, 3, 0)[:3] == (0.0, 0.0, 0.0)
    assert prf(0, 0, 2)[:3] == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        prf(3, 2, 5)
    with pytest.raises(ValueError):
        match_spans([], [], "fuzzy")


def test_macro_f1_by_hand():
    y = ["author", "author", "quoted", "other_sense"]
    p = ["author", "quoted", "quoted", "author"]
    # author: tp1 fp1 fn1 -> 0.5; quoted: tp1 fp1 fn0 -> 2/3; other_sense: tp0 -> 0
    assert macro_f1(y, p) == pytest.approx((0.5 + 2 / 3 + 0) / 3)
    # a fixed label set that includes an absent class adds a 0
    assert macro_f1(["a", "a"], ["a", "a"], labels=["a", "b"]) == pytest.approx(0.5)
    assert macro_f1(["a", "a"], ["a", "a"]) == 1.0
    assert macro_f1([], []) is None
    with pytest.raises(ValueError):
        macro_f1(["a"], [])


def test_accuracy():
    assert accuracy(["x", "y", "z", "x"], ["x", "y", "x", "y"]) == 0.5
    assert accuracy([], []) is None


def test_percentile_matches_linear_interpolation():
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0], 0) == 1.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 100) == 4.0
    assert percentile([0.0, 10.0], 2.5) == pytest.approx(0.25)


def test_bootstrap_ci_is_deterministic_and_brackets_the_mean():
    units = [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]

    def mean(xs):
        return sum(xs) / len(xs)

    lo, hi = bootstrap_ci(units, mean, rounds=500, seed=3)
    assert (lo, hi) == bootstrap_ci(units, mean, rounds=500, seed=3)
    assert 0.3 <= lo < 0.7 < hi <= 1.0
    # a constant sample has a zero-width interval
    assert bootstrap_ci([2, 2, 2], mean, rounds=50) == (2.0, 2.0)
    assert bootstrap_ci([], mean) is None
    assert bootstrap_ci([1, 2], lambda xs: None, rounds=10) is None


def test_reliability_bins_and_ece_by_hand():
    conf = [0.95, 0.85, 0.85, 0.55, 0.0]
    correct = [True, True, False, True, False]
    bins = reliability_bins(conf, correct, bins=10)
    assert [b.n for b in bins] == [1, 0, 0, 0, 0, 1, 0, 0, 2, 1]
    assert bins[8].confidence == pytest.approx(0.85) and bins[8].accuracy == 0.5
    # ECE = 1/5*|0-0| + 1/5*|1-0.55| + 2/5*|0.5-0.85| + 1/5*|1-0.95| = 0.09 + 0.14 + 0.01
    assert ece(conf, correct) == pytest.approx(0.24)
    assert ece([], []) is None
    assert ece([0.7, 0.7], [True, True], bins=5) == pytest.approx(0.3)


def test_top_label():
    conf, correct = top_label([[0.1, 0.7, 0.2], [0.6, 0.4]], [1, 1])
    assert conf == [0.7, 0.6] and correct == [True, False]


def test_gold_evaluator_on_a_tiny_fixture(tmp_path):
    """Two articles, written here: the evaluator scores the rules analyzer against hand labels."""
    from gold_eval import evaluate, read_gold

    import framing

    arts = tmp_path / "articles"
    arts.mkdir()
    a = "Shelling hit Kharkov overnight. Officials in Kyiv said repairs would start on Monday."
    b = 'A Russian official said "the special military operation is going to plan." Nothing else happened.'
    (arts / "a.txt").write_text(a, encoding="utf-8")
    (arts / "b.txt").write_text(b, encoding="utf-8")

    def span(doc, text, term, concept, pole, usage):
        start = text.index(term)
        return {
            "article": doc,
            "start": start,
            "end": start + len(term),
            "text": term,
            "pack": "russia-ukraine",
            "concept": concept,
            "pole": pole,
            "usage": usage,
        }

    rows = [
        span("a.txt", a, "Kharkov", "kharkiv", "ru_state", "author"),
        span("a.txt", a, "Kyiv", "capital-name", "ua_intl", "author"),
        span("b.txt", b, "special military operation", "war-name", "ru_state", "quoted"),
        # Kharkov is a strong ru_state marker (weight 1.0), Kyiv a weak ua_intl one (0.25):
        # alignment (0.25 - 1) / 1.25 = -0.6, past the 0.25 threshold, so the lean is ru_state
        {"article": "a.txt", "lean": {"russia-ukraine": "ru_state"}},
        {"article": "b.txt", "lean": {"russia-ukraine": "none"}},
    ]
    (tmp_path / "annotations.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    gold = read_gold(tmp_path)
    assert sorted(gold.articles) == ["a.txt", "b.txt"]
    assert len(gold.spans) == 3
    result = evaluate(framing.load_analyzer(packs=["russia-ukraine"], model=None), gold, rounds=50)
    assert result["spans"]["exact"]["f1"] == 1.0
    assert result["spans"]["overlap"]["recall"] == 1.0
    assert result["usage"]["macro_f1"] == 1.0
    assert result["lean"]["accuracy"] == 1.0 and result["lean"]["n"] == 2
    assert result["n_articles"] == 2


def test_gold_reader_rejects_spans_that_do_not_match_the_text(tmp_path):
    from gold_eval import GoldError, read_gold

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("Kyiv is the capital.", encoding="utf-8")
    row = {"article": "a.txt", "start": 0, "end": 4, "text": "Kiev", "pack": "russia-ukraine",
           "concept": "capital-name", "pole": "ru_state", "usage": "author"}  # fmt: skip
    (tmp_path / "annotations.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match="line 1"):
        read_gold(tmp_path)


def test_roc_auc_by_hand():
    # pairs (pos, neg): (0.9 > 0.1), (0.9 > 0.4), (0.35 > 0.1), (0.35 < 0.4) -> 3 of 4
    assert roc_auc([1, 0, 1, 0], [0.9, 0.1, 0.35, 0.4]) == 0.75
    # a tie between a positive and a negative counts one half
    assert roc_auc([1, 0], [0.5, 0.5]) == 0.5
    assert roc_auc([1, 1, 0], [0.2, 0.8, 0.2]) == 0.75
    assert roc_auc([1, 1], [0.2, 0.8]) is None
    with pytest.raises(ValueError):
        roc_auc([1, 0], [0.5])


def test_a_head_entry_carries_bootstrap_intervals_that_bracket_its_figures():
    import report

    probs = [0.9, 0.8, 0.7, 0.4, 0.35, 0.3, 0.2, 0.6, 0.1, 0.55]
    labels = [1, 1, 1, 1, 0, 0, 0, 0, 0, 1]
    e = report._binary_entry("loaded", "d", "p", probs, labels)
    assert e["n"] == 10 and e["n_positive"] == 5
    assert e["macro_f1"] == round(macro_f1(labels, [int(p >= 0.5) for p in probs]), 4)
    assert e["auc"] == round(roc_auc(labels, probs), 4)
    for key in ("macro_f1", "auc"):
        lo, hi = e[f"{key}_ci95"]
        assert lo <= e[key] <= hi and hi - lo > 0


def test_the_report_lists_every_head_and_dataset_and_what_is_not_applicable():
    import report

    entry = dict(head="subjective", dataset="NewsSD val", n=99, n_positive=54, macro_f1=0.716)
    entry |= dict(macro_f1_ci95=[0.63, 0.8], auc=0.73, auc_ci95=[0.63, 0.82])
    basil = dict(head="loaded", dataset="BASIL", n=3, flagged_share={"inf": 0.5, "lex": 1.0})
    basil |= dict(flagged_ci95={"inf": [0.0, 1.0], "lex": [1.0, 1.0]}, n_by_type={"inf": 2, "lex": 1})
    calib = dict(heads={"subjective": entry}, other_datasets=[basil], model="m", date="2026-01-01")
    calib["not_applicable"] = {"newsmtsc": "tone toward a target"}
    rep = report.Report("m", {}, "2026-01-01")
    report.every_dataset_table(rep, calib)
    text = "\n".join(rep.lines)
    assert "| subjective | NewsSD val | 99 (54 positive) | 0.716 (95% CI 0.630–0.800) | 0.730 (95% CI" in text
    assert "inf: 0.500 (95% CI 0.000–1.000) of 2; lex: 1.000 (95% CI 1.000–1.000) of 1" in text
    assert "Not applicable: newsmtsc (tone toward a target)" in text


def test_spearman_by_hand():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    # ranks x 1,2,3 and y 1.5,1.5,3: Pearson of the ranks is sqrt(3)/2
    assert abs(spearman([1, 2, 3], [5, 5, 9]) - 3**0.5 / 2) < 1e-12
    assert spearman([1, 1, 1], [1, 2, 3]) is None


def test_the_model_card_states_how_the_loaded_head_transfers_only_for_its_own_revision():
    import write_model_card as card

    mbib = dict(head="loaded", n=842, auc=0.481, spearman_with_mean_rating=-0.049)
    basil = dict(head="loaded", n=1726, flagged_share={"inf": 0.324, "lex": 0.335})
    subj = dict(head="subjective", n=2000, auc=0.777)
    calib = {"model_revision": "abc", "other_datasets": [mbib, basil, subj]}
    lines = card._transfer_limits(calib, "abc")
    assert len(lines) == 2
    assert "ROC AUC is 0.481" in lines[0] and "-0.049" in lines[0]
    assert "(slanted content: 0.324)" in lines[1] and "(loaded wording: 0.335)" in lines[1]
    assert card._transfer_limits(calib, "other") == []
    assert "no better than chance" in lines[0] and "about as many" in lines[1]
    # an AUC interval above 0.5 and share intervals that do not overlap are not described as chance or a tie
    mbib.update(auc=0.553, auc_ci95=[0.511, 0.597])
    basil.update(
        flagged_share={"inf": 0.413, "lex": 0.502}, flagged_ci95={"inf": [0.39, 0.44], "lex": [0.46, 0.55]}
    )
    lines = card._transfer_limits(calib, "abc")
    assert "barely better than chance" in lines[0] and "0.511–0.597" in lines[0]
    assert "fewer sentences with informational bias (slanted content: 0.413) than with lexical" in lines[1]


def test_the_model_card_quotes_the_topic_gate_share_only_for_its_own_revision():
    import write_model_card as card

    calib = {"model_revision": "abc", "heads": {"russia-ukraine": {"n": 5730, "topic_gate_share": 0.9812}}}
    said = card._gate_share(calib, "abc")
    assert said == "; 98.1% of the 5,730 held-out RUWA headlines and sub-headings pass them"
    assert card._gate_share(calib, "other") == ""
    assert card._gate_share({"model_revision": "abc", "heads": {}}, "abc") == ""


def test_the_model_card_reports_the_guideline_test_sentences_with_their_weakest_cases():
    import write_model_card as card

    entry = dict(
        head="subjective",
        n=240,
        macro_f1=0.8123,
        macro_f1_ci95=[0.76, 0.86],
        accuracy_by_case={"obj-fact": 0.97, "obj-quoted": 0.52, "subj-sarcasm": 0.6, "subj-opinion": 0.9},
    )
    calib = {"model_revision": "abc", "other_datasets": [dict(head="loaded", n=3), entry]}
    [row] = card._authored_subjectivity_rows(calib, "abc")
    assert "| 0.812 (95% CI [0.76, 0.86], n=240) |" in row
    assert row.endswith("weakest cases: obj-quoted 0.52, subj-sarcasm 0.60 |")
    assert card._authored_subjectivity_rows(calib, "other") == []


def test_the_model_card_puts_the_newssd_figure_in_scale_with_other_encoders_and_published_runs():
    import subjective_encoders
    import write_model_card as card

    enc = {
        "summary": {
            "minilm": {
                "seeds": 3,
                "parameters": 22_713_216,
                "newssd_val_macro_f1_median": 0.6512,
                "newssd_val_roc_auc_median": 0.701,
            },
            "mpnet": {
                "seeds": 1,
                "parameters": 109_486_464,
                "newssd_val_macro_f1_median": 0.675,
                "newssd_val_roc_auc_median": 0.699,
            },
        },
        "published": subjective_encoders.PUBLISHED,
    }
    mini, mpnet, published = card._subjective_scale_rows(enc)
    assert "minilm (23M parameters)" in mini and "NewsSD val 0.651, ROC AUC 0.70 (median of 3 seeds)" in mini
    assert "mpnet (109M parameters)" in mpnet and "(median of 1 seed)" in mpnet
    # the authors' three English mBERT runs, as published
    assert "NewsSD val 0.53–0.68, test 0.69–0.79 (3 seeds)" in published
    assert card._subjective_scale_rows({}) == []


def test_the_report_scores_the_guideline_test_sentences_case_by_case(monkeypatch, tmp_path):
    import report

    path = tmp_path / "test.jsonl"
    lines = [
        ("Why would anyone trust them?", "SUBJ", "subj-rhetorical"),
        ("The vote passed 52 to 48.", "OBJ", "obj-fact"),
        ("The bridge reopened on Monday.", "OBJ", "obj-fact"),
    ]
    path.write_text(
        "".join(json.dumps({"text": t, "label": y, "case": c}) + "\n" for t, y, c in lines), encoding="utf-8"
    )
    monkeypatch.setattr(report, "SUBJECTIVITY_TEST", path)
    # a stand-in model: subjective exactly for the question, so every case is right but the second fact
    monkeypatch.setattr(
        report,
        "_sentence_probs",
        lambda model, head, texts: [0.9 if "?" in t else 0.2 for t in texts[:2]] + [0.7],
    )
    entry = report._authored_subjectivity_entry(None, "threshold 0.5")
    assert entry["n"] == 3 and entry["n_positive"] == 1
    assert entry["accuracy_by_case"] == {"obj-fact": 0.5, "subj-rhetorical": 1.0}
    assert entry["n_by_case"] == {"obj-fact": 2, "subj-rhetorical": 1}


def test_the_model_card_says_why_fp32_stays_the_default():
    import write_model_card as card

    fp32 = {"head_macro_f1": {"loaded": 0.83, "subjective": 0.70}}
    costly = card._precision_verdict({}, fp32, {"head_macro_f1": {"loaded": 0.81, "subjective": 0.70}}, 1.1)
    assert "int8 costs 2.0 points" in costly
    assert "not faster" in card._precision_verdict({}, fp32, fp32, 0.95)
    cheap = card._precision_verdict({}, fp32, {"head_macro_f1": {"loaded": 0.828, "subjective": 0.71}}, 1.02)
    assert "has not chosen" in cheap
    chosen = {"quantize": True, "metrics": {"precision": {"drop": {"loaded": 0.0, "usage": 0.0039}}}}
    verdict = card._precision_verdict(chosen, fp32, fp32, 1.9)
    assert verdict.startswith("int8 is the default") and "1.9×" in verdict and "at most 0.4 points" in verdict
    refused = {"quantize": False, "metrics": {"precision": {"drop": {"loaded": 0.02}}}}
    assert "loses 2.0 points of validation" in card._precision_verdict(refused, fp32, fp32, 1.9)


def test_make_eval_writes_the_model_card_after_the_report_it_quotes():
    import run_all

    order = [script for script, _ in run_all.plan(quick=True)]
    assert order.index("report.py") < order.index("write_model_card.py")
    assert order.index("stability.py") < order.index("report.py")


def test_an_empty_report_section_says_how_to_produce_it():
    import report

    rep = report.Report("m", {}, "2026-01-01")
    assert report._section(rep, {}, "stability", "Stability", "python eval/stability.py", "data") is None
    assert rep.lines == ["## Stability", "", "Not run yet (`python eval/stability.py`; needs data).", ""]
    found = report._section(report.Report("m", {}, "d"), {"stability": {"rows": []}}, "stability", "S", "c")
    assert found == {"rows": []}


def test_the_report_says_what_int8_costs_from_the_measured_figures():
    import report

    fp32 = {"cold_start_s": 4.41, "peak_rss_mb": 710}
    said = report._int8_costs(fp32, {"cold_start_s": 4.9, "peak_rss_mb": 633})
    assert "start-up: int8 4.90 s against fp32 4.41 s (more)" in said
    assert "peak memory: int8 633 MB against fp32 710 MB (less)" in said
    assert report._int8_costs(fp32, {}) == ""


def test_the_report_skips_guideline_sentences_without_a_subjective_head(monkeypatch, tmp_path):
    from types import SimpleNamespace

    import report

    monkeypatch.setattr(report, "DATA", tmp_path)  # no shared datasets either
    model = SimpleNamespace(config=SimpleNamespace(sentence_heads=("loaded",)))
    out, skipped = report._other_datasets(model)
    assert out == []
    assert "subjective on the project's test sentences: the model has no subjective head" in skipped


def test_the_retrain_check_reports_metric_and_weight_gaps_between_two_model_folders(tmp_path):
    import retrain_check
    import torch
    from safetensors.torch import save_file

    def folder(name, f1, head, enc, seconds):
        d = tmp_path / name
        d.mkdir()
        config = {
            "revision": name,
            "temperatures": {"loaded": 1.0},
            "training": {"seed": 13, "out_dir": str(d), "date": "x"},
            "metrics": {"loaded": {"val": {"macro_f1": f1}}, "train_seconds": seconds},
        }
        (d / "config.json").write_text(json.dumps(config))
        save_file({"w": torch.tensor(head)}, d / "heads.safetensors")
        save_file({"w": torch.tensor(enc, dtype=torch.float16)}, d / "encoder-layers.safetensors")
        return d

    a = folder("a", 0.8, [1.0, 2.0], [0.5], 100.0)
    b = folder("b", 0.8, [1.0, 2.0 + 1e-6], [0.5], 130.0)
    got = retrain_check.compare(a, b)
    assert got["same_recipe"] and got["largest_macro_f1_gap"] == 0.0
    assert got["weights"]["encoder-layers.safetensors"]["bit_identical"]
    heads = got["weights"]["heads.safetensors"]
    assert not heads["bit_identical"] and 0 < heads["max_abs_difference"] < 1e-5
    assert got["train_seconds"] == {"shipped": 100.0, "retrained": 130.0}
    c = folder("c", 0.7, [1.0, 2.0], [0.5], 100.0)
    assert retrain_check.compare(a, c)["largest_macro_f1_gap"] == pytest.approx(0.1)
    d = folder("d", 0.8, [1.0, 2.0], [0.5], 100.0)
    config = json.loads((d / "config.json").read_text())
    config["metrics"]["loaded"] = {}
    (d / "config.json").write_text(json.dumps(config))
    # a split missing from the retrained model is a gap, not a match
    assert retrain_check.compare(a, d)["largest_macro_f1_gap"] == 1.0


def test_the_training_budget_uses_a_retrain_of_the_same_model_only():
    import report

    cfg = {"revision": "abc", "metrics": {"train_seconds": 1500.0}}
    retrain = {
        "shipped": "abc",
        "wall_seconds": 1890.0,
        "train_seconds": {"retrained": 1860.0},
        "machine": {"cpu": "some cpu"},
        "date": "2026-01-01",
        "largest_macro_f1_gap": 0.0,
    }
    _, target, measured, status, why = report._training_budget_row(retrain, cfg)
    assert (target, measured) == ("≤ 30 min", "31.5 min") and status.startswith("**missed**")
    assert "every macro-F1 to the last digit" in why and "24% longer" in why
    _, _, measured, status, _ = report._training_budget_row({**retrain, "shipped": "old"}, cfg)
    assert measured == "25.0 min" and status.startswith("**met**")


def test_the_card_says_bit_identical_only_when_every_weight_file_is():
    import write_model_card as card

    base = {
        "shipped": "abc",
        "machine": {"cpu": "some cpu"},
        "date": "2026-01-01",
        "largest_macro_f1_gap": 0.0,
        "largest_temperature_gap": 0.0,
        "train_seconds": {"retrained": 1650.0},
        "wall_seconds": 1680.0,
    }
    same = {"bit_identical": True, "max_abs_difference": 0.0}
    close = {"bit_identical": False, "max_abs_difference": 4.9e-4}
    line = card._retrain_line(
        {**base, "weights": {"heads.safetensors": same, "encoder-layers.safetensors": same}}, "abc"
    )
    assert "bit-identical weights" in line and "28.0 minutes for the whole command" in line
    line = card._retrain_line(
        {**base, "weights": {"heads.safetensors": same, "encoder-layers.safetensors": close}}, "abc"
    )
    assert "bit-identical" not in line and "4.9e-04 (fp16 encoder layers)" in line
    assert card._retrain_line(base, "other") == ""
