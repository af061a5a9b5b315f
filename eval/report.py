"""Write eval/REPORT.md and eval/plots/*.png from eval/results/*.json and the model config.

It also computes the calibration figures itself (eval/results/calibration.json): it runs the trained model
on held-out data and bins the calibrated probabilities into reliability diagrams:
- subjective: the NewsSD-ENG val split (never trained on);
- russia-ukraine: RUWA headlines of the held-out events (contested terms masked, as in training);
- usage: the held-out usage test set (data/usage/test.jsonl, in the repo);
- loaded: the BABE calibration split (10%, seed of the training run). The temperature was fitted on it,
  so this diagram is optimistic; BABE has no other held-out split (SG1 is inside SG2).
Heads whose data is missing (no ../shared/data, no model) are skipped and the report says so.
With EVAL_QUICK=1 a calibration.json of the same model revision is reused instead of recomputed.

    .venv/bin/python eval/report.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))

from common import model_dir, published_runs  # noqa: E402
from metrics import (  # noqa: E402
    bootstrap_ci,
    ece,
    macro_f1,
    reliability_bins,
    roc_auc,
    spearman,
    top_label,
)

RESULTS = ROOT / "eval" / "results"
PLOTS = ROOT / "eval" / "plots"
REPORT = ROOT / "eval" / "REPORT.md"
DATA = ROOT.parent / "shared" / "data"
USAGE_TESTS = sorted((ROOT / "data" / "usage").glob("test*.jsonl"))
SUBJECTIVITY_TEST = ROOT / "data" / "subjectivity" / "test.jsonl"
BOOT_ROUNDS = 1000
SUBJ_SAMPLE = 2000
# Datasets in ../shared/data that no sentence head answers, and why (the report lists them).
NOT_APPLICABLE = {
    "newsmtsc": "tone toward a named target, not a property of the sentence",
    "NewsWCL50 (magpie 22)": "political position of entity mentions across articles, not of sentences",
    "narrative-frames-corpus": "five climate narrative frames per article; no head scores them",
    "WikiNPOV (mbib 003)": "trains the loaded head, so it cannot test it",
    "spelling-ukraine": "spellings for the packs, no sentence labels",
}
# Issue target for the invariance families: share of templates that must pass.
INV_TARGET = 0.95
BUDGETS = {
    "warm": 0.3,  # s, 1,000 words, whole pipeline, median
    "batch": 5000,  # words/s
    "cold": 5.0,  # s
    "memory": 1536,  # MB, app process
    "lexicon": 1.0,  # MB/s
    "train": 30.0,  # minutes, `make train` on 2 cores
}


# ----------------------------------------------------------------------------------------------------
# inputs


def load_results() -> dict[str, dict]:
    """Every eval/results/*.json by file stem."""
    out = {}
    for path in sorted(RESULTS.glob("*.json")):
        try:
            out[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            print(f"warning: {path.name} is not valid JSON ({exc}); left out", file=sys.stderr)
    return out


def model_config() -> dict | None:
    """The trained model's config.json (with metrics), or None."""
    folder = model_dir()
    return json.loads((folder / "config.json").read_text(encoding="utf-8")) if folder else None


def pack_versions() -> dict[str, int]:
    """Versions of the built-in packs."""
    from framing.packs import load_packs

    return {p.id: p.version for p in load_packs()}


# ----------------------------------------------------------------------------------------------------
# calibration (runs the model)


def _binary_entry(name: str, dataset: str, protocol: str, probs: list[float], labels: list[int]) -> dict:
    rows = [[1 - p, p] for p in probs]
    conf, correct = top_label(rows, labels)
    pred = [int(p >= 0.5) for p in probs]
    pairs = list(zip(probs, labels, strict=True))

    def f1_of(sample: list[tuple[float, int]]) -> float | None:
        return macro_f1([y for _, y in sample], [int(p >= 0.5) for p, _ in sample])

    def auc_of(sample: list[tuple[float, int]]) -> float | None:
        return roc_auc([y for _, y in sample], [p for p, _ in sample])

    auc = roc_auc(labels, probs)
    return {
        "head": name,
        "dataset": dataset,
        "protocol": protocol + f"; bootstrap 95% CI over sentences ({BOOT_ROUNDS} rounds)",
        "n": len(labels),
        "n_positive": sum(labels),
        "ece": round(ece(conf, correct), 4),
        "accuracy": round(sum(a == b for a, b in zip(pred, labels, strict=True)) / len(labels), 4),
        "macro_f1": round(macro_f1(labels, pred), 4),
        "macro_f1_ci95": _rounded(bootstrap_ci(pairs, f1_of, rounds=BOOT_ROUNDS)),
        "auc": None if auc is None else round(auc, 4),
        "auc_ci95": _rounded(bootstrap_ci(pairs, auc_of, rounds=BOOT_ROUNDS)),
        "bins": [b._asdict() for b in reliability_bins(conf, correct)],
    }


def _rounded(ci: tuple[float, float] | None) -> list[float] | None:
    return None if ci is None else [round(ci[0], 4), round(ci[1], 4)]


def _sentence_probs(model, head: str, texts: list[str], bs: int = 64) -> list[float]:
    out: list[float] = []
    for i in range(0, len(texts), bs):
        out.extend(p[head] for p in model.predict(texts[i : i + bs]).sentences)
    return out


def compute_calibration(threads: int = 1) -> dict:
    """Run the model on held-out data and return reliability bins and ECE per calibrated head."""
    import torch

    import framing
    from framing import train as T
    from framing.model import USAGE_LABELS, FramingModel
    from framing.normalize import normalize

    torch.set_num_threads(threads)
    model = FramingModel.load(model_dir(), quantize=False)
    cfg = model_config() or {}
    heads: dict[str, dict] = {}
    skipped: list[str] = []
    shared = DATA.is_dir()
    common = "top-label confidence of the calibrated probability, 10 equal-width bins; fp32"

    have = set(model.config.sentence_heads)
    for head in ("subjective", "russia-ukraine", "loaded"):
        if head not in have:
            skipped.append(f"{head}: the model has no {head} head")
    if "subjective" not in have:
        pass
    elif shared and (DATA / "newssd-eng").is_dir():
        rows = T.read_newssd(DATA, "val")
        texts = [normalize(t) for t, _ in rows]
        heads["subjective"] = _binary_entry(
            "subjective",
            "NewsSD-ENG val split (CC BY 4.0), never used in training",
            common,
            _sentence_probs(model, "subjective", texts),
            [y for _, y in rows],
        )
    else:
        skipped.append("subjective: ../shared/data/newssd-eng not found")

    if "russia-ukraine" not in have:
        pass
    elif shared and (DATA / "ruwa").is_dir():
        analyzer = framing.load_analyzer(packs=["russia-ukraine"], model=None)
        seen: set[str] = set()
        texts, labels, touched = [], [], []
        for row in T.read_ruwa(DATA):
            site = row.get("Site", "")
            if site not in T.RU_SITES and site not in T.UA_INTL_SITES:
                continue
            for col in ("title", "desc"):
                text = T.clean_ruwa(row.get(col) or "")
                if len(text.split()) < 5 or T._key(text) in seen:
                    continue
                seen.add(T._key(text))
                if row.get("Event") in T.RUWA_TEST_EVENTS:
                    masked = normalize(T.mask_terms(text, analyzer)).replace("[mask]", "[MASK]")
                    texts.append(masked)
                    labels.append(int(site in T.UA_INTL_SITES))
                    # would the analyzer show this line's position in a war article (the topic gate)?
                    touched.append(analyzer.on_axis_topic("russia-ukraine", text))
        heads["russia-ukraine"] = _binary_entry(
            "russia-ukraine",
            f"RUWA headlines and sub-headings of the held-out events {sorted(T.RUWA_TEST_EVENTS)} "
            "(CC BY-NC-SA 4.0), outlet side as label, contested terms masked",
            common + "; label 1 = Ukrainian/international outlet",
            _sentence_probs(model, "russia-ukraine", texts),
            labels,
        )
        heads["russia-ukraine"]["topic_gate_share"] = round(sum(touched) / max(1, len(touched)), 4)
    else:
        skipped.append("russia-ukraine: ../shared/data/ruwa not found")

    if "loaded" not in have:
        pass
    elif shared and (DATA / "babe").is_dir():
        tcfg = T.TrainConfig(data_dir=DATA)
        rng = random.Random(tcfg.seed)
        items = [T.Example(normalize(t), y) for t, y, _ in T.read_babe(DATA)]
        _, val = T._split(items, tcfg.val_share, rng)
        heads["loaded"] = _binary_entry(
            "loaded",
            "BABE SG2 calibration split (10%, training seed; AGPL-3.0). The temperature was fitted on this "
            "split, so the diagram is optimistic",
            common,
            _sentence_probs(model, "loaded", [e.text for e in val]),
            [e.label for e in val],
        )
        expected = cfg.get("metrics", {}).get("loaded", {}).get("val", {}).get("n")
        if expected and expected != len(val):
            heads["loaded"]["warning"] = f"split has {len(val)} items, training reported {expected}"
    else:
        skipped.append("loaded: ../shared/data/babe not found")

    if USAGE_TESTS:
        analyzer = framing.load_analyzer(
            packs=sorted({json.loads(x)["pack"] for p in USAGE_TESTS for x in _lines(p)}), model=None
        )
        items = [e for p in USAGE_TESTS for e in T.usage_examples(p, analyzer)]
        pred = model.predict(
            [e.text for e in items], [[e.span] for e in items], [[e.features] for e in items]
        )
        probs = [p[0].tolist() for p in pred.spans]
        labels = [e.label for e in items]
        conf, correct = top_label(probs, labels)
        heads["usage"] = {
            "head": "usage",
            "dataset": ", ".join(f"data/usage/{p.name}" for p in USAGE_TESTS)
            + " (project-written, held out from training)",
            "protocol": "usage head alone on every labelled occurrence the matcher finds; " + common,
            "n": len(labels),
            "ece": round(ece(conf, correct), 4),
            "accuracy": round(sum(correct) / len(correct), 4),
            "macro_f1": round(macro_f1(labels, [max(range(3), key=lambda k: p[k]) for p in probs]), 4),
            "labels": list(USAGE_LABELS),
            "bins": [b._asdict() for b in reliability_bins(conf, correct)],
        }
    else:
        skipped.append("usage: no data/usage/test*.jsonl")
    other, more_skipped = _other_datasets(model)
    skipped += more_skipped
    return {
        "figure": "reliability of the calibrated heads",
        "other_datasets": other,
        "not_applicable": NOT_APPLICABLE,
        "model": model.name,
        "model_revision": model.config.revision,
        "temperatures": model.config.temperatures,
        "heads": heads,
        "skipped": skipped,
        "date": dt.date.today().isoformat(),
    }


def _other_datasets(model) -> tuple[list[dict], list[str]]:
    """Score the sentence heads on the applicable datasets that never trained them: MBIB, BASIL, SUBJ."""
    import csv

    from framing.normalize import normalize

    out: list[dict] = []
    skipped: list[str] = []
    mbib = DATA / "mbib-subsets" / "datasets"
    common = "threshold 0.5 on the calibrated probability; fp32"
    path = mbib / "038_BiasedSentencesDataset" / "038-BiasedSentencesDataset.csv"
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        texts = [normalize(" ".join(r["text"].split())) for r in rows]
        scores = [float(r["category"]) for r in rows]
        probs = _sentence_probs(model, "loaded", texts)
        # MBIB's own binary label (mean crowd score >= 0.5) calls 799 of 842 sentences biased; the midpoint
        # of the 0-3 scale separates sentences the crowd found biased on average from the rest
        entry = _binary_entry(
            "loaded",
            "MBIB Biased Sentences Dataset (Lim et al. 2020: 842 sentences of 46 articles on 4 events, "
            "4-5 crowd ratings each on a 0-3 scale; label 1 = mean rating at least 1.5, the scale's "
            "midpoint), never used in training",
            common,
            probs,
            [int(x >= 1.5) for x in scores],
        )
        pairs = list(zip(probs, scores, strict=True))
        rho = spearman(probs, scores)
        entry["spearman_with_mean_rating"] = None if rho is None else round(rho, 4)

        def rho_of(sample: list[tuple[float, float]]) -> float | None:
            return spearman([p for p, _ in sample], [y for _, y in sample])

        entry["spearman_ci95"] = _rounded(bootstrap_ci(pairs, rho_of, rounds=BOOT_ROUNDS))
        out.append(entry)
    else:
        skipped.append("loaded on MBIB Biased Sentences: ../shared/data/mbib-subsets not found")
    path = mbib / "009_BASIL" / "009-Basil.csv"
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        probs = _sentence_probs(model, "loaded", [normalize(" ".join(r["text"].split())) for r in rows])
        by_type: dict[str, list[int]] = {}
        for r, p in zip(rows, probs, strict=True):
            by_type.setdefault(r["bias_type"], []).append(int(p >= 0.5))
        out.append(
            {
                "head": "loaded",
                "dataset": "BASIL sentences with an annotated bias span (MBIB subset: Fox, NYT, HuffPost; "
                "lexical = loaded wording, informational = selective or slanted content); the subset has no "
                "unbiased sentences, so only the share flagged is defined",
                "protocol": common + f"; bootstrap 95% CI over sentences ({BOOT_ROUNDS} rounds)",
                "n": len(rows),
                "flagged_share": {k: round(sum(v) / len(v), 4) for k, v in sorted(by_type.items())},
                "flagged_ci95": {
                    k: _rounded(bootstrap_ci(v, lambda xs: sum(xs) / len(xs), rounds=BOOT_ROUNDS))
                    for k, v in sorted(by_type.items())
                },
                "n_by_type": {k: len(v) for k, v in sorted(by_type.items())},
            }
        )
    else:
        skipped.append("loaded on BASIL: ../shared/data/mbib-subsets not found")
    path = DATA / "magpie-lbm-subsets" / "datasets" / "31_SUBJ" / "preprocessed.csv"
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as fh:
            rows = random.Random(13).sample(list(csv.DictReader(fh)), SUBJ_SAMPLE)
        texts, labels = (
            [normalize(" ".join(r["text"].split())) for r in rows],
            [int(r["label"]) for r in rows],
        )
        out.append(
            _binary_entry(
                "subjective",
                "Pang & Lee SUBJ (movie review snippets and plot summaries; research use), a fixed "
                f"sample of {SUBJ_SAMPLE} (seed 13); out of the news domain",
                common,
                _sentence_probs(model, "subjective", texts),
                labels,
            )
        )
    else:
        skipped.append("subjective on SUBJ: ../shared/data/magpie-lbm-subsets not found")
    if "subjective" not in model.config.sentence_heads:
        skipped.append("subjective on the project's test sentences: the model has no subjective head")
    elif SUBJECTIVITY_TEST.is_file():
        out.append(_authored_subjectivity_entry(model, common))
    else:
        skipped.append("subjective on the project's test sentences: data/subjectivity/test.jsonl not found")
    return out, skipped


def _authored_subjectivity_entry(model, common: str) -> dict:
    """Score the subjective head on the project's held-out guideline sentences, overall and per case."""
    from framing.normalize import normalize
    from framing.train import read_authored_subjectivity

    rows = read_authored_subjectivity(SUBJECTIVITY_TEST)
    probs = _sentence_probs(model, "subjective", [normalize(t) for t, _, _ in rows])
    entry = _binary_entry(
        "subjective",
        "data/subjectivity/test.jsonl: sentences the project wrote to each case of the NewsSD-ENG / "
        "CheckThat! guideline, written apart from the training files and never used to train or tune",
        common,
        probs,
        [y for _, y, _ in rows],
    )
    cases: dict[str, list[int]] = {}
    for (_, y, case), p in zip(rows, probs, strict=True):
        cases.setdefault(case, []).append(int((p >= 0.5) == bool(y)))
    entry["accuracy_by_case"] = {c: round(sum(v) / len(v), 4) for c, v in sorted(cases.items())}
    entry["n_by_case"] = {c: len(v) for c, v in sorted(cases.items())}
    return entry


def _lines(path: Path) -> list[str]:
    return [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


# ----------------------------------------------------------------------------------------------------
# plots


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_confusion(matrix: list[list[int]], labels: list[str], title: str, path: Path, note: str) -> None:
    """A confusion matrix with counts (rows gold, columns predicted)."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(4.6, 4.2))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    top = max(max(r) for r in matrix) or 1
    for i, row in enumerate(matrix):
        for j, v in enumerate(row):
            ax.text(j, i, str(v), ha="center", va="center", color="white" if v > top / 2 else "black")
    ax.set_title(title, fontsize=10)
    _save(plt, fig, path, note, bottom=0.06)


def _save(plt, fig, path: Path, note: str, bottom: float) -> None:
    """Write a figure with its provenance note under the plot, then free it."""
    fig.text(0.01, 0.01, note, fontsize=6, wrap=True)
    fig.tight_layout(rect=(0, bottom, 1, 1))
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_reliability(entry: dict, path: Path, note: str) -> None:
    """Reliability diagram: accuracy against confidence per bin, with bin counts."""
    plt = _plt()
    bins = [b for b in entry["bins"] if b["n"]]
    fig, ax = plt.subplots(figsize=(4.6, 4.2))
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfect calibration")
    ax.bar(
        [(b["lo"] + b["hi"]) / 2 for b in bins],
        [b["accuracy"] for b in bins],
        width=0.09,
        alpha=0.7,
        label="accuracy in bin",
    )
    ax.plot(
        [b["confidence"] for b in bins], [b["accuracy"] for b in bins], "o-", color="C1", label="bin mean"
    )
    for b in bins:
        ax.text((b["lo"] + b["hi"]) / 2, 0.02, str(b["n"]), ha="center", fontsize=6)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("confidence (top class)")
    ax.set_ylabel("accuracy")
    ax.set_title(f"{entry['head']}: ECE {entry['ece']:.3f}, n={entry['n']}", fontsize=10)
    ax.legend(fontsize=7, loc="upper left")
    _save(plt, fig, path, note, bottom=0.08)


def plot_latency(bl: dict, path: Path, note: str) -> None:
    """Warm median wall time against article length, one line per system (log-log)."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    for k, (system, by_len) in enumerate(bl["warm"].items()):
        xs = [bl["words"][w] for w in by_len]
        ys = [by_len[w]["median_s"] for w in by_len]
        ax.plot(xs, ys, "o-", color=f"C{k}", label=f"{system} (median)")
        if all("min_s" in by_len[w] for w in by_len):
            ax.plot(xs, [by_len[w]["min_s"] for w in by_len], "--", color=f"C{k}", linewidth=1, alpha=0.7)
    ax.axhline(BUDGETS["warm"], color="red", linestyle=":", linewidth=1)
    ax.axvline(1000, color="red", linestyle=":", linewidth=1)
    ax.text(110, BUDGETS["warm"] * 1.08, "budget: 0.3 s at 1,000 words", fontsize=7, color="red")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ticks = sorted(bl["words"].values())
    ax.set_xticks(ticks, [f"{t:,}" for t in ticks])
    ax.minorticks_off()
    ax.set_xlabel("article length (words); dashed: best run")
    ax.set_ylabel("warm median wall time (s)")
    ax.set_title("Latency against article length", fontsize=10)
    ax.legend(fontsize=7)
    _save(plt, fig, path, note, bottom=0.06)


def plot_robustness(families: list[dict], path: Path, note: str) -> None:
    """Pass rate per family, rules and model side by side."""
    plt = _plt()
    ids = list(dict.fromkeys(f["id"] for f in families if f.get("pass_rate") is not None))
    analyzers = list(dict.fromkeys(f["analyzer"] for f in families))
    fig, ax = plt.subplots(figsize=(7.5, 0.28 * len(ids) + 1.4))
    h = 0.8 / max(1, len(analyzers))
    for k, a in enumerate(analyzers):
        rate = {f["id"]: f.get("pass_rate") for f in families if f["analyzer"] == a}
        ys = [i + k * h for i in range(len(ids))]
        ax.barh(ys, [rate.get(i) or 0 for i in ids], height=h, label=a)
    ax.set_yticks([i + h * (len(analyzers) - 1) / 2 for i in range(len(ids))], ids, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("pass rate (templates)")
    ax.legend(fontsize=7, loc="lower right")
    ax.set_title("Robustness suite", fontsize=10)
    fig.text(0.01, 0.005, note, fontsize=6, wrap=True)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(path, dpi=120)
    plt.close(fig)


# ----------------------------------------------------------------------------------------------------
# report text


def _f(x, digits: int = 3, unit: str = "") -> str:
    if x is None:
        return "n/a"
    if isinstance(x, float):
        return f"{x:.{digits}f}{unit}"
    return f"{x}{unit}"


def _ci(ci) -> str:
    return f" (95% CI {ci[0]:.3f}–{ci[1]:.3f})" if ci else ""


class Report:
    """Collects Markdown lines and the common provenance of every figure."""

    def __init__(self, revision: str, packs: dict[str, int], today: str):
        self.lines: list[str] = []
        self.revision = revision
        self.packs = ", ".join(f"{k} v{v}" for k, v in sorted(packs.items()))
        self.today = today

    def add(self, *lines: str) -> None:
        """Append lines."""
        self.lines.extend(lines)

    def caption(self, dataset: str, protocol: str, n, date: str | None, model: str | None = None) -> str:
        """The provenance line every figure carries."""
        return (
            f"*Dataset: {dataset.rstrip('.')}. Protocol: {protocol.rstrip('.')}. n = {n}. "
            f"Model: {model or self.revision}. "
            f"Packs: {self.packs}. Date: {date or 'unknown'}.*"
        )

    def caption_of(self, result: dict, model: str | None) -> str:
        """The provenance line of a result file (its dataset, protocol, n and date)."""
        return self.caption(
            result.get("dataset", ""), result.get("protocol", ""), result.get("n"), result.get("date"), model
        )

    def note(self, dataset: str, protocol: str, n, date: str | None, model: str | None = None) -> str:
        """The same provenance, short, for the foot of a plot."""
        return f"{dataset} | {protocol} | n={n} | model {model or self.revision} | {self.packs} | {date}"

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        """Append a Markdown table."""
        self.add("| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |")
        self.add(*("| " + " | ".join(str(c) for c in r) + " |" for r in rows))
        self.add("")


def _budget_status(measured: float | None, budget: float, higher_is_better: bool, unit: str) -> str:
    if measured is None:
        return "not measured"
    if higher_is_better:
        if measured >= budget:
            return f"**met** ({measured / budget:.1f}× the budget)"
        return (
            f"**missed** by {budget - measured:,.1f} {unit} (reaches {measured / budget:.0%} of the budget)"
        )
    if measured <= budget:
        return f"**met** ({measured / budget:.0%} of the budget)"
    return f"**missed** by {measured - budget:,.2f} {unit} ({measured / budget:.1f}× the budget)"


def _budget_row(
    label: str,
    target: str,
    measured: float | None,
    digits: int,
    unit: str,
    key: str,
    why: list[str],
    source: str,
    rules_only: str = "",
) -> list[str]:
    """Return one row of the budgets table: figure, status against the budget and why."""
    higher = key in ("batch", "lexicon")
    status = rules_only or _budget_status(measured, BUDGETS[key], higher, unit)
    where = f" ({source})." if source else "."
    return [label, target, _f(measured, digits, f" {unit}"), status, "; ".join(why) + where]


def budgets_section(rep: Report, res: dict, cfg: dict | None) -> None:
    """The DESIGN.md budgets, each met or missed by how much, with a short why."""
    bl = res.get("baselines", {})
    ps = res.get("pipeline_speed", {})
    lex = res.get("lexicon_speed", {})
    app = res.get("app_speed", {})
    precision = bl.get("default_precision") or (("int8" if cfg.get("quantize") else "fp32") if cfg else None)
    system = f"framing-{precision}" if precision else "framing-rules"
    warm = bl.get("warm", {})
    load = (bl.get("machine") or {}).get("load_average_before")
    load_after = (bl.get("machine") or {}).get("load_average_after")
    noisy = (
        f" Load average (1 min) {load[0]:.1f} at the start of the baselines run and "
        f"{(load_after or [float('nan')])[0]:.1f} at its end, on {bl['machine']['cpus']} cores."
        if load
        else ""
    )
    contention = (
        f"; other processes shared the {bl['machine']['cpus']} cores during the run (load average up to "
        f"{max(load[0], (load_after or [0])[0]):.1f}), which inflates medians more than best runs"
        if load
        else ""
    )

    rules_only = (
        "not judged: no trained model, the figure is the rules-only pipeline"
        if system == "framing-rules"
        else ""
    )

    def warm_of(s: str, w: str = "1000") -> float | None:
        return (warm.get(s) or {}).get(w, {}).get("median_s")

    rows = []
    # warm 1,000 words
    m = warm_of(system)
    source = f"baselines.json, {system}"
    if m is None and ps.get(precision or ""):
        m = ps[precision]["warm_1000_words_median_s"]
        source = f"pipeline_speed.json, {precision}"
    why = []
    best = ((warm.get(system) or {}).get("1000") or {}).get("min_s")
    if best is not None and m is not None:
        runs = ((warm.get(system) or {}).get("1000") or {}).get("runs")
        within = " (within the budget)" if best <= BUDGETS["warm"] < m else ""
        why.append(f"best of {runs} rounds {best:.3f} s{within}{contention}")
    if warm_of("framing-rules") is not None and m is not None:
        why.append(f"rules alone take {warm_of('framing-rules'):.3f} s, so the encoder pass is the rest")
    if warm_of("hf-pipeline") is not None:
        why.append(
            f"a plain transformers pipeline on the same sentences takes {warm_of('hf-pipeline'):.3f} s"
        )
    if warm_of("framing-int8") is not None and warm_of("framing-fp32") is not None:
        why.append(f"fp32 {warm_of('framing-fp32'):.3f} s, int8 {warm_of('framing-int8'):.3f} s")
    if system == "framing-rules":
        why.insert(0, "no trained model: this is the rules-only pipeline")
    rows.append(
        _budget_row(
            "warm analysis, 1,000 words (median)", "≤ 0.3 s", m, 3, "s", "warm", why, source, rules_only
        )
    )
    # batch
    b = (bl.get("batch_words_per_s") or {}).get(system)
    source = f"baselines.json, {system}, median round"
    if b is None and ps.get(precision or ""):
        b = ps[precision]["batch_words_per_s"]
        source = f"pipeline_speed.json, {precision}"
    why = ["one encoder pass per sentence; throughput is bounded by the encoder on 2 cores"]
    bests = [v.get("min_s") for v in (warm.get(system) or {}).values()]
    if bests and all(x for x in bests) and bl.get("words"):
        total = sum(bl["words"][w] for w in (warm.get(system) or {}))
        best_rate = total / sum(bests)
        within = " (within the budget)" if b is not None and b < BUDGETS["batch"] <= best_rate else ""
        why.append(f"from the best run of each length it would be {best_rate:,.0f} words/s{within}")
    if (bl.get("batch_words_per_s") or {}).get("hf-pipeline"):
        why.append(
            f"the plain transformers pipeline reaches {bl['batch_words_per_s']['hf-pipeline']:,.0f} words/s"
        )
    rows.append(
        _budget_row(
            "batch throughput, whole pipeline",
            "≥ 5,000 words/s",
            b,
            0,
            "words/s",
            "batch",
            why,
            source,
            rules_only,
        )
    )
    # cold start
    fr = bl.get("fresh_process", {})
    c = (fr.get(system) or {}).get("cold_start_s")
    source = f"baselines.json, fresh process, {system}"
    if c is None and ps.get("cold_start"):
        c = ps["cold_start"]["median_s"]
        source = "pipeline_speed.json"
    why = []
    if (fr.get("framing-rules") or {}).get("cold_start_s") is not None:
        why.append(f"without the model it takes {fr['framing-rules']['cold_start_s']:.2f} s")
    if (fr.get("hf-pipeline") or {}).get("cold_start_s") is not None:
        why.append(
            "importing torch + transformers and building a plain pipeline takes "
            f"{fr['hf-pipeline']['cold_start_s']:.2f} s"
        )
    rows.append(
        _budget_row("cold start (imports + model load)", "≤ 5 s", c, 2, "s", "cold", why, source, rules_only)
    )
    # memory
    mem = app.get("peak_rss_mb")
    why = []
    if app:
        why.append(f"streamlit process, peak VmHWM, app run with model '{app.get('model')}'")
        if (
            app.get("model") == "rules"
            and system != "framing-rules"
            and (fr.get(system) or {}).get("peak_rss_mb")
        ):
            extra = fr[system]["peak_rss_mb"] - (fr.get("framing-rules") or {}).get("peak_rss_mb", 0)
            why.append(
                f"the model adds about {extra:,.0f} MB in a fresh CLI process ({system} against rules)"
            )
    elif (fr.get(system) or {}).get("peak_rss_mb"):
        mem = fr[system]["peak_rss_mb"]
        why.append(f"no app_speed.json: CLI process peak ({system}) instead of the app")
    rows.append(_budget_row("peak memory of the app process", "≤ 1.5 GB", mem, 0, "MB", "memory", why, ""))
    # lexicon
    mbs = lex.get("matching_only_mb_per_s")
    why = []
    if lex:
        why.append(
            "one compiled matcher over the normalised view; measured on "
            f"{lex.get('matching_text_mb')} MB with {len(lex.get('packs', {}))} pack(s) loaded "
            f"({', '.join(lex.get('packs', {}))}); view building {lex.get('view_building_mb_per_s')} MB/s"
        )
    rows.append(
        _budget_row(
            "lexicon matching alone", "≥ 1 MB/s", mbs, 2, "MB/s", "lexicon", why, "lexicon_speed.json"
        )
    )
    rows.append(_training_budget_row(res.get("retrain") or {}, cfg or {}))
    rep.add("## Budgets (DESIGN.md)", "")
    rep.table(["budget", "target", "measured", "status", "why"], rows)
    rep.add(
        rep.caption(
            "articles built from tests/data/articles (100–5,000 words); app: a 1,000-word article in "
            "headless chromium",
            "medians on 2 CPU cores; see each JSON for repeats; the machine is shared, so absolute times are "
            "noisy while ratios measured side by side are not." + noisy,
            (bl.get("n") or "n/a"),
            bl.get("date") or ps.get("date") or lex.get("date"),
        ),
        "",
    )


def _training_budget_row(retrain: dict, cfg: dict) -> list[str]:
    """The training-time row: the latest whole-command time of the shipped recipe, with the original run's."""
    shipped = (cfg.get("metrics") or {}).get("train_seconds")
    why = []
    if shipped:
        why.append(f"{shipped / 60:.1f} minutes of training on the machine that produced the model")
    same = retrain.get("shipped") == cfg.get("revision") and retrain.get("wall_seconds")
    if same:
        minutes = retrain["wall_seconds"] / 60
        cap = retrain["machine"].get("torch_capability")
        source = f"retrain.json, {retrain['machine']['cpu']}{f' ({cap})' if cap else ''}, {retrain['date']}"
        exact = retrain.get("largest_macro_f1_gap") == 0
        trained = retrain["train_seconds"]["retrained"] / 60
        why.append(
            f"a fresh run of the same recipe took {trained:.1f} minutes of "
            f"training and {minutes:.1f} for the whole command"
            + (", with every macro-F1 to the last digit" if exact else "")
        )
        if shipped:
            gap = trained * 60 / shipped - 1
            why.append(f"the same steps took {abs(gap):.0%} {'longer' if gap >= 0 else 'less time'} there")
    else:
        minutes = shipped / 60 if shipped else None
        source = "model config, training seconds"
    return _budget_row(
        "training (`make train`, 2 cores)", "≤ 30 min", minutes, 1, "min", "train", why, source
    )


def _cv_reused(res: dict) -> bool:
    """Return True if the last `make eval` reused babe_cv.json and no CV has run since."""
    run, cv = res.get("run", {}), res.get("babe_cv", {})
    return bool(run.get("babe_cv_reused")) and (cv.get("date") or "") <= (run.get("date") or "")


def every_dataset_table(rep: Report, calib: dict) -> None:
    """Each sentence head on each applicable dataset: macro-F1 and ROC AUC with bootstrap intervals."""
    rep.add(
        "### Every sentence head on every applicable dataset",
        "",
        "Macro-F1 at the 0.5 threshold and ROC AUC (threshold-free: how well the score ranks the two "
        "classes), each with a bootstrap 95% interval over sentences. Datasets other than the heads' own "
        "were labelled with other guidelines, so their F1 also measures how far those guidelines differ.",
        "",
    )
    rows = []
    for e in [*(e for h, e in calib["heads"].items() if h != "usage"), *calib.get("other_datasets", [])]:
        if "flagged_share" in e:
            share = "; ".join(
                f"{k}: {v:.3f}{_ci(e['flagged_ci95'][k])} of {e['n_by_type'][k]}"
                for k, v in e["flagged_share"].items()
            )
            rows.append([e["head"], e["dataset"], e["n"], f"share scored loaded: {share}", "n/a"])
            continue
        rho = e.get("spearman_with_mean_rating")
        graded = "" if rho is None else f"; Spearman with the mean rating {rho:.3f}{_ci(e['spearman_ci95'])}"
        rows.append(
            [
                e["head"],
                e["dataset"] + graded,
                f"{e['n']} ({e.get('n_positive', '?')} positive)",
                _f(e["macro_f1"]) + _ci(e.get("macro_f1_ci95")),
                _f(e.get("auc")) + _ci(e.get("auc_ci95")),
            ]
        )
    rep.table(["head", "dataset", "n", "macro-F1", "ROC AUC"], rows)
    for e in calib.get("other_datasets", []):
        if "accuracy_by_case" in e:
            rep.add("The subjective head on the project's guideline sentences, case by case:", "")
            rep.table(
                ["case", "n", "accuracy"],
                [[c, e["n_by_case"][c], _f(a)] for c, a in e["accuracy_by_case"].items()],
            )
    if calib.get("not_applicable"):
        rep.add(
            "Not applicable: "
            + "; ".join(f"{k} ({why})" for k, why in calib["not_applicable"].items())
            + ". BABE is scored by cross-validation above.",
            "",
        )
    rep.add(
        f"*Protocol: threshold 0.5 on the calibrated probability, fp32; bootstrap 95% CI over sentences. "
        f"Model: {calib.get('model')}. Date: {calib.get('date')}.*",
        "",
    )


def accuracy_section(rep: Report, res: dict, cfg: dict | None, calib: dict | None) -> None:
    """Accuracy figures, confusion matrices and reliability diagrams."""
    rep.add("## Accuracy", "")
    rows = []
    usage = res.get("usage_test")
    if usage:
        for who in ("model", "rules"):
            u = usage.get(who) or {}
            if u:
                rows.append(
                    [
                        f"usage macro-F1, held-out test set ({who}: {u.get('name')})",
                        _f(u.get("macro_f1")) + _ci(u.get("ci95")),
                        usage.get("n"),
                        usage.get("date"),
                    ]
                )
    cv = res.get("babe_cv")
    if cv:
        quick = " (reused from an earlier run: EVAL_QUICK=1)" if _cv_reused(res) else ""
        rows.append(
            [
                f"loaded: BABE {len(cv.get('folds', []))}-fold CV macro-F1{quick}",
                f"{_f(cv.get('macro_f1_mean'))} ± {_f(cv.get('macro_f1_std'))}",
                cv.get("n"),
                cv.get("date"),
            ]
        )
    m = (cfg or {}).get("metrics", {})
    same = bool(calib) and calib.get("model_revision") == (cfg or {}).get("revision")
    # the interval comes from the report's own run of the same model on the same split
    ci_of = {h: e.get("macro_f1_ci95") for h, e in (calib or {}).get("heads", {}).items()} if same else {}
    if m.get("subjective", {}).get("test"):
        t = m["subjective"]["test"]
        rows.append(
            [
                "subjective: NewsSD-ENG val macro-F1",
                _f(t.get("macro_f1")) + _ci(ci_of.get("subjective")),
                t.get("n"),
                cfg["training"].get("date"),
            ]
        )
    enc = res.get("subjective_encoders") or {}
    for name, e in enc.get("summary", {}).items():
        rows.append(
            [
                f"subjective, for scale: {name} fine-tuned on NewsSD alone, NewsSD val macro-F1 "
                f"(median of {e['seeds']})",
                _f(e.get("newssd_val_macro_f1_median")),
                next((r["newssd_val"]["n"] for r in enc.get("runs", [])), None),
                enc.get("date"),
            ]
        )
    mbert = published_runs(enc)
    if mbert:
        vals = sorted(r["val"] for r in mbert)
        rows.append(
            [
                "subjective, for scale: the NewsSD-ENG authors' mBERT, NewsSD val macro-F1 "
                f"({len(mbert)} seeds, published; val also picked their checkpoint)",
                f"{vals[0]:.2f}–{vals[-1]:.2f}",
                next((r["newssd_val"]["n"] for r in enc.get("runs", [])), None),
                "published",
            ]
        )
    if m.get("russia-ukraine", {}).get("test"):
        t = m["russia-ukraine"]["test"]
        rows.append(
            [
                "framing axis: outlet side on held-out RUWA events, macro-F1",
                _f(t.get("macro_f1")) + _ci(ci_of.get("russia-ukraine")),
                t.get("n"),
                cfg["training"].get("date"),
            ]
        )
    gold = res.get("gold")
    if gold:
        for who in ("model", "rules"):
            g = gold.get(who)
            if not g:
                continue
            s = g["spans"]
            rows.append(
                [
                    f"gold set span F1, exact / overlap ({who})",
                    f"{_f(s['exact']['f1'])}{_ci(s['exact']['f1_ci95'])} / {_f(s['overlap']['f1'])}",
                    s["exact"]["n_gold"],
                    gold.get("date"),
                ]
            )
            rows.append(
                [
                    f"gold set usage macro-F1 on matched spans ({who})",
                    _f(g["usage"]["macro_f1"]) + _ci(g["usage"]["ci95"]),
                    g["usage"]["n_matched"],
                    gold.get("date"),
                ]
            )
            ua = g.get("usage_all_gold_spans")
            if ua:
                rows.append(
                    [
                        f"gold set usage macro-F1 on every gold span, no finding = other_sense ({who})",
                        _f(ua["macro_f1"]) + _ci(ua["ci95"]),
                        ua["n"],
                        gold.get("date"),
                    ]
                )
                rows.append(
                    [
                        f"gold set costly errors: non-author spans scored as author / author spans not "
                        f"scored as author ({who})",
                        f"{ua['gold_not_author_scored_as_author']} / "
                        f"{ua['gold_author_not_scored_as_author']}",
                        f"{ua['n'] - ua['n_gold_author']} / {ua['n_gold_author']}",
                        gold.get("date"),
                    ]
                )
            lean = g["lean"]
            rows.append(
                [
                    f"gold set article lean accuracy, axes the article leans on / all ({who})",
                    f"{_f(lean.get('accuracy_where_gold_leans'))}{_ci(lean.get('ci95_where_gold_leans'))} / "
                    f"{_f(lean.get('accuracy'))}",
                    f"{lean.get('n_where_gold_leans')} / {lean.get('n')}",
                    gold.get("date"),
                ]
            )
    if calib:
        for h, e in calib["heads"].items():
            rows.append([f"calibration: ECE of the {h} head", _f(e["ece"]), e["n"], calib.get("date")])
    if rows:
        rep.table(["figure", "value", "n", "date"], rows)
    else:
        rep.add("No accuracy results yet (run `make eval`).", "")
    if usage:
        rep.add(rep.caption_of(usage, (usage.get("model") or {}).get("name")), "")
    if gold:
        rep.add(rep.caption_of(gold, (gold.get("model") or {}).get("name") or "rules"), "")
        for who in ("model", "rules"):
            g = gold.get(who)
            if g and g.get("missed_gold_spans"):
                rep.add(
                    f"Gold spans the {who} analyzer misses (first {min(8, len(g['missed_gold_spans']))}): "
                    + "; ".join(f"`{x}`" for x in g["missed_gold_spans"][:8])
                    + ".",
                    "",
                )
                break
        if all(
            ((gold.get(w) or {}).get("spans", {}).get("exact", {}).get("precision") in (None, 1.0))
            for w in ("model", "rules")
        ):
            rep.add(
                "Precision is 1.0 by construction: the gold set lists every occurrence of every pack wording "
                "(found by the pack format's matching rules, whatever the sense), so any finding of the tool "
                "is an annotated occurrence. Recall (context rules that drop an occurrence), usage and lean "
                "are the informative figures.",
                "",
            )
    if cv:
        per_fold = "one model per fold, trained with the shipped recipe (not the shipped weights)"
        rep.add(rep.caption_of(cv, per_fold), "")
    if calib:
        every_dataset_table(rep, calib)

    # confusion matrices
    plots = []
    if usage:
        for who in ("model", "rules"):
            u = usage.get(who)
            if u and u.get("confusion"):
                name = f"confusion_usage_test_{who}.png"
                plot_confusion(
                    u["confusion"]["rows_gold_cols_predicted"],
                    u["confusion"]["labels"],
                    f"usage, held-out test set ({who})",
                    PLOTS / name,
                    rep.note(
                        "data/usage/test.jsonl",
                        "finding at the labelled span",
                        usage.get("n"),
                        usage.get("date"),
                        u.get("name"),
                    ),
                )
                plots.append((name, f"Usage on the held-out test set, {who} (rows gold, columns predicted)"))
    if gold:
        for who in ("model", "rules"):
            g = gold.get(who)
            if g:
                name = f"confusion_usage_gold_{who}.png"
                plot_confusion(
                    g["usage"]["confusion"]["rows_gold_cols_predicted"],
                    g["usage"]["confusion"]["labels"],
                    f"usage on gold spans ({who})",
                    PLOTS / name,
                    rep.note(
                        "eval/gold",
                        "overlap-matched spans",
                        g["usage"]["n_matched"],
                        gold.get("date"),
                        g.get("name"),
                    ),
                )
                plots.append((name, f"Usage on the matched gold-set spans, {who}"))
    else:
        rep.add("Gold-set confusion matrix: skipped (no eval/results/gold.json; eval/gold/ missing).", "")
    if calib:
        for h, e in calib["heads"].items():
            name = f"reliability_{h}.png"
            plot_reliability(
                e, PLOTS / name, rep.note(e["dataset"][:60], "10 bins", e["n"], calib["date"], calib["model"])
            )
            plots.append((name, f"Reliability of the {h} head: {e['dataset']}"))
        for s in calib.get("skipped", []):
            rep.add(f"Reliability diagram skipped: {s}.", "")
    for name, title in plots:
        rep.add(f"![{title}](plots/{name})", f"*{title}.*", "")
    if calib:
        for h, e in calib["heads"].items():
            rep.add(
                f"- **{h}**: "
                + rep.caption(e["dataset"], e["protocol"], e["n"], calib["date"], calib["model"])
                + (f" Warning: {e['warning']}." if e.get("warning") else "")
            )
        rep.add("")


def _section(rep: Report, res: dict, key: str, title: str, command: str, needs: str = "") -> dict | None:
    """Write a section heading; return the section's result, or None after saying how to produce it."""
    rep.add(f"## {title}", "")
    if not res.get(key):
        rep.add(f"Not run yet (`{command}`{'; needs ' + needs if needs else ''}).", "")
    return res.get(key) or None


def _passed(family: dict) -> str:
    """Return 'passed/templates' of a robustness family from its pass rate."""
    n = family["n_templates"]
    return f"{round(family['pass_rate'] * n)}/{n}"


def robustness_section(rep: Report, res: dict) -> None:
    """Pass rates per family, symmetry differences, negation, known failures."""
    rob = _section(rep, res, "robustness", "Robustness (CheckList-style)", "python eval/robustness.py")
    if not rob:
        return
    fams = rob["families"]
    analyzers = list(dict.fromkeys(f["analyzer"] for f in fams))
    by = {(f["id"], f["analyzer"]): f for f in fams}
    ids = list(dict.fromkeys(f["id"] for f in fams if f["kind"] != "symmetry" and f["id"] != "NEGATION"))
    rows = []
    for i in ids:
        row = [i, next(f for f in fams if f["id"] == i)["description"]]
        for a in analyzers:
            f = by.get((i, a))
            if not f:
                row.append("")
                continue
            rate = f.get("pass_rate")
            # three decimals and the count: 36 of 38 is 0.947, which two decimals would round up to 0.95
            text = "skipped" if rate is None else f"{rate:.3f} ({_passed(f)})"
            if rate is not None and f.get("scores_checked") is False and f["kind"] == "INV":
                text += " lexicon only"
            if f.get("pass_rate_allowing_0.01") is not None:
                text += f"; {f['pass_rate_allowing_0.01']:.2f} allowing a 0.01 drop"
            row.append(text)
        rows.append(row)
    rep.table(["family", "what", *[f"pass rate: {a} (templates)" for a in analyzers]], rows)
    short = [
        f"{f['id']} ({f['analyzer']}: {_passed(f)})"
        for f in fams
        if f["kind"] == "INV" and f.get("pass_rate") is not None and f["pass_rate"] < INV_TARGET
    ]
    rep.add(
        f"Target: every invariance family passes on at least {INV_TARGET:.0%} of its templates. "
        + ("Met by every family." if not short else "Missed by " + ", ".join(short) + "."),
        "",
    )
    rep.add(
        rep.caption(
            rob["dataset"],
            rob["protocol"],
            sum(by[(i, analyzers[0])]["n_templates"] for i in ids if (i, analyzers[0]) in by),
            rob["date"],
            rob.get("model") or "rules only (no trained model)",
        ),
        "",
    )
    for s in rob.get("skipped", []):
        rep.add(f"Skipped: {s}.", "")
    # per-head view of the model's score invariance
    rows = []
    for f in fams:
        by_head = f.get("scores_pass_rate_by_head")
        if not by_head or f["kind"] != "INV":
            continue
        worst = f.get("max_abs_delta_by_head") or {}
        rows.append(
            [f["id"], f["analyzer"], f.get("tolerance")]
            + [
                f"{by_head.get(h, 0):.2f} (max {worst.get(h, 0):.3f})"
                for h in ("loaded", "subjective", "russia-ukraine")
            ]
        )
    if rows:
        rep.add(
            "### Model scores per head: share of cases within the tolerance (largest |Δ|)",
            "",
            "Axis positions are compared as probabilities, (position + 1) / 2. The russia-ukraine head is "
            "only read on articles about that topic, yet it is scored on every sentence; its movements on "
            "unrelated templates show how much it reacts to names, places and wording outside its topic.",
            "",
        )
        rep.table(["family", "analyzer", "tolerance", "loaded", "subjective", "russia-ukraine"], rows)
    # symmetry
    sym = [f for f in fams if f["kind"] == "symmetry"]
    rows = []
    for f in sym:
        diffs = f.get("mean_signed_diff") or {}
        text = "; ".join(
            f"{pair}: " + ", ".join(f"{h} {v:+.3f}" for h, v in heads.items())
            for pair, heads in diffs.items()
        )
        rows.append(
            [
                f["id"],
                f["analyzer"],
                _f(f.get("pass_rate"), 2),
                text or "no model scores",
                {True: "yes", False: "**no**", None: "n/a"}[f.get("mean_within_target")],
            ]
        )
    rep.add("### Symmetry: mean signed difference per score (target within ±0.05; axis as probability)", "")
    rep.table(
        ["swap", "analyzer", "pass rate", "mean signed difference (second minus first)", "within ±0.05"], rows
    )
    # negation
    for f in fams:
        if f["id"] != "NEGATION":
            continue
        rep.add(f"### Negation and attribution (M5), {f['analyzer']}", "", f"Policy: {f['policy']}", "")
        keys = [k for k in f if k.endswith("_rate") or k.endswith("_mean") or k.startswith("mean_loaded")]
        rep.add(
            *(
                f"- {k.replace('_', ' ')}: {f[k]}"
                for k in ["attributed_voice_quoted", "lexicon_usage_kept_under_negation", *keys]
            )
        )
        rep.add("")
    # failures
    rep.add("### What fails, and why", "")
    seen = set()
    for f in fams:
        for c in f.get("failures", [])[:3]:
            why = c.get("why") or ", ".join(f"{k}={v}" for k, v in c.items() if k not in ("template", "pass"))
            key = (f["id"], why[:40])
            if key in seen:
                continue
            seen.add(key)
            rep.add(f"- {f['id']} ({f['analyzer']}), `{c.get('template')}` {c.get('variant', '')}: {why}")
    rep.add("")
    name = "robustness.png"
    plot_robustness(
        [f for f in fams if f["id"] != "NEGATION"],
        PLOTS / name,
        rep.note("eval/robustness_data.py", "template pass rate", len(ids), rob["date"], rob.get("model")),
    )
    rep.add(f"![Robustness pass rates](plots/{name})", "")


def _twins(n: int, kind: str = "") -> str:
    return f"{n} {kind + ' ' if kind else ''}twin{'' if n == 1 else 's'}"


def stability_section(rep: Report, res: dict) -> None:
    """Share of real held-out sentences whose scores hold when an opener, a number or a place changes."""
    title = "Stability on real held-out sentences"
    needs = "../shared/data and a trained model"
    st = _section(rep, res, "stability", title, "python eval/stability.py", needs)
    if not st:
        return
    rep.add(
        "The invariance families above use templates written for the suite. Here the sentences are real "
        "news that no head trained on, and the replacement openers, numbers and places are used neither "
        "in training nor in the suite. Training recipes are compared on this table, never on the suite.",
        "",
    )
    heads = ("loaded", "subjective", "russia-ukraine")
    rows = []
    for r in st["rows"]:
        share, p95, n_of = r["stable_by_head"], r["p95_by_head"], r.get("n_by_head", {})
        # the axis scores only on-topic sentences: say on how many when that is not every twin
        cells = [
            f"{share[h]:.3f} (p95 {p95[h]:.3f}" + (f", n={n_of[h]})" if n_of.get(h, r["n"]) < r["n"] else ")")
            if h in share
            else ""
            for h in heads
        ]
        rows.append([r["kind"], r["source"], r["n"], f"**{r['stable']:.3f}**", *cells])
    rep.table(["change", "sentences", "twins", "stable (every head)", *heads], rows)
    flips = st.get("topic_gate_flips") or {}
    if flips or st.get("not_compared"):
        split = st.get("not_compared", 0)
        rep.add(
            f"Counted apart: {_twins(split)} that split into another number of sentences; "
            + (", ".join(_twins(n, k) for k, n in flips.items()) or "no twins")
            + " that took a sentence on or off the russia-ukraine topic.",
            "",
        )
    rep.add(rep.caption_of(st, st.get("model")), "")


def _int8_costs(fp32: dict, int8: dict) -> str:
    """Say how int8 compares with fp32 at start-up and in memory, from this run's fresh processes."""
    parts = []
    for key, what, unit, digits in (
        ("cold_start_s", "start-up", " s", 2),
        ("peak_rss_mb", "peak memory", " MB", 0),
    ):
        a, b = fp32.get(key), int8.get(key)
        if a is None or b is None:
            continue
        word = "more" if b > a else "less" if b < a else "the same"
        parts.append(f"{what}: int8 {_f(b, digits, unit)} against fp32 {_f(a, digits, unit)} ({word})")
    if not parts:
        return ""
    # the encoder is quantized after it is loaded, so for a moment both copies are alive
    return "In fresh processes, " + "; ".join(parts) + "."


def speed_section(rep: Report, res: dict) -> None:
    """Framing against the baselines: latency per length, throughput, cold start, memory, fp32 vs int8."""
    title = "Speed and memory against baselines"
    bl = _section(rep, res, "baselines", title, "python eval/bench_baselines.py")
    if not bl:
        return
    systems = list(bl["warm"])
    lengths = list(bl["words"])
    rows = []
    for w in lengths:
        row = [bl["words"][w]]
        for s in systems:
            med = bl["warm"][s][w]["median_s"]
            best = bl["warm"][s][w].get("min_s")
            ratio = (bl["ratio_to_reference"].get(s) or {}).get(w)
            row.append(
                f"{med:.4f}"
                + (f" / {best:.4f}" if best is not None else "")
                + (f" ({ratio:.3g}×)" if ratio is not None else "")
            )
        rows.append(row)
    rep.add(
        f"Warm seconds per article, median / best of {next(iter(bl['warm'][systems[0]].values()))['runs']} "
        f"(median ratio to {bl['reference']} in brackets):",
        "",
    )
    rep.table(["words", *systems], rows)
    rows = []
    for s in systems:
        fr = bl["fresh_process"].get(s, {})
        rows.append(
            [
                s,
                bl["systems"].get(s, ""),
                f"{bl['batch_words_per_s'].get(s, 0):,.0f}",
                _f(fr.get("cold_start_s"), 2, " s"),
                _f(fr.get("peak_rss_mb"), 0, " MB"),
            ]
        )
    rep.table(["system", "what", "batch words/s", "cold start", "peak memory (fresh process)"], rows)
    if "framing-fp32" in systems and "framing-int8" in systems:
        w = "1000" if "1000" in bl["warm"]["framing-fp32"] else lengths[-1]
        f32, i8 = bl["warm"]["framing-fp32"][w]["median_s"], bl["warm"]["framing-int8"][w]["median_s"]
        b32, bi8 = bl["warm"]["framing-fp32"][w].get("min_s"), bl["warm"]["framing-int8"][w].get("min_s")
        best = f"; best runs {b32:.3f} s against {bi8:.3f} s ({b32 / bi8:.2f}×)" if b32 and bi8 else ""
        fresh = bl["fresh_process"]
        rep.add(
            f"fp32 against int8 at {bl['words'][w]} words: medians {f32:.3f} s against {i8:.3f} s "
            f"({f32 / i8:.2f}×){best}; the shipped default is {bl.get('default_precision')}. Accuracy of "
            "both: `pipeline_speed.json` (usage macro-F1 per precision). "
            + _int8_costs(fresh.get("framing-fp32", {}), fresh.get("framing-int8", {})),
            "",
        )
    for s in bl.get("skipped", []):
        rep.add(f"Skipped: {s}.", "")
    rep.add(rep.caption(bl["dataset"], bl["protocol"], bl["n"], bl["date"], bl.get("model_revision")), "")
    name = "latency_vs_length.png"
    plot_latency(
        bl,
        PLOTS / name,
        rep.note("tests/data/articles", "warm median", bl["n"], bl["date"], bl.get("model_revision")),
    )
    rep.add(f"![Latency against article length](plots/{name})", "")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--no-calibration", action="store_true", help="do not run the model (reuse or skip)")
    args = parser.parse_args()
    PLOTS.mkdir(parents=True, exist_ok=True)
    res = load_results()
    cfg = model_config()
    today = dt.date.today().isoformat()
    revision = (cfg or {}).get("revision", "no trained model (rules only)")
    skipped: list[str] = []

    calib = res.get("calibration")
    if cfg is None:
        calib = None
        skipped.append("reliability diagrams: no trained model under models/minilm-framing")
    elif (
        calib
        and calib.get("model_revision") == revision
        and (os.environ.get("EVAL_QUICK") or args.no_calibration)
    ):
        skipped.append(
            f"calibration recomputation (EVAL_QUICK or --no-calibration): reused calibration.json of "
            f"{calib.get('date')}"
        )
    elif args.no_calibration:
        calib = None
        skipped.append(
            "reliability diagrams: --no-calibration and no calibration.json for this model revision"
        )
    else:
        calib = compute_calibration(args.threads)
        (RESULTS / "calibration.json").write_text(json.dumps(calib, indent=2) + "\n", encoding="utf-8")
        res["calibration"] = calib
    if not DATA.is_dir():
        skipped.append(
            "../shared/data not found: BABE CV, NewsSD and RUWA reliability diagrams cannot be computed"
        )

    packs = pack_versions()
    rep = Report(revision, packs, today)
    run = res.get("run", {})
    rep.add(
        "# framing: evaluation report",
        "",
        f"Generated {today} by `eval/report.py` from `eval/results/*.json`. Model: **{revision}**. "
        f"Packs: {rep.packs}.",
        "",
        "Everything here is regenerated by `make eval` (`EVAL_QUICK=1 make eval` skips the 40-minute BABE "
        "cross-validation and reuses the last `babe_cv.json`).",
        "",
    )
    # a CV run after the last `make eval` replaces the one that run reused
    run_skipped = [s for s in run.get("skipped", []) if _cv_reused(res) or not s.startswith("babe_cv.py")]
    for s in run_skipped + skipped:
        rep.add(f"- Skipped: {s}")
    rep.add("")
    budgets_section(rep, res, cfg)
    accuracy_section(rep, res, cfg, calib)
    robustness_section(rep, res)
    stability_section(rep, res)
    speed_section(rep, res)
    older = {
        k: v.get("date")
        for k, v in res.items()
        if isinstance(v, dict) and v.get("date") and v.get("date") != today
    }
    if older:
        rep.add("## Result files older than this report", "")
        rep.add(*(f"- `{k}.json`: {d}" for k, d in sorted(older.items())))
        rep.add("")
    REPORT.write_text("\n".join(rep.lines) + "\n", encoding="utf-8")
    n_plots = len(list(PLOTS.glob("*.png")))
    print(f"wrote {REPORT.relative_to(ROOT)} and {n_plots} plots in {PLOTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
