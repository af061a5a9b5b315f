"""Usage macro-F1 of the whole analyzer on the held-out usage test set, model against rules, per pack.

Each test line labels one occurrence of a term. The system's answer is the usage of the finding at that
span; when the analyzer reports no finding there (a context rule ruled the term out), the answer is
`other_sense`, since the term is then not scored. Writes eval/results/usage_test.json with bootstrap
95% confidence intervals.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from common import write_result

import framing
from framing.model import USAGE_LABELS
from framing.train import macro_f1

ROOT = Path(__file__).resolve().parents[1]
USAGE = ROOT / "data" / "usage"
OUT = ROOT / "eval" / "results" / "usage_test.json"


def answer(analyzer: framing.Analyzer, row: dict) -> str:
    """Return the analyzer's usage for the labelled occurrence (other_sense when not reported)."""
    text, term = row["text"], row["term"]
    pos = -1
    for _ in range(row["occurrence"]):
        pos = text.find(term, pos + 1)
    end = pos + len(term)
    report = analyzer.analyze(text)
    hits = [
        f
        for f in report.findings
        if f.start < end and pos < f.end and (f.pack, f.concept) == (row["pack"], row["concept"])
    ]
    return hits[0].usage if hits else "other_sense"


def bootstrap(y: np.ndarray, p: np.ndarray, rounds: int = 1000, seed: int = 7) -> tuple[float, float]:
    """Return a 95% bootstrap interval of macro-F1."""
    rng = random.Random(seed)
    n = len(y)
    scores = []
    for _ in range(rounds):
        idx = [rng.randrange(n) for _ in range(n)]
        scores.append(macro_f1(y[idx], p[idx], len(USAGE_LABELS)))
    return float(np.percentile(scores, 2.5)), float(np.percentile(scores, 97.5))


def evaluate(analyzer: framing.Analyzer, rows: list[dict]) -> dict[str, object]:
    """Score one analyzer on the rows: macro-F1 with CI, confusion matrix, per-pack F1."""
    gold = np.array([USAGE_LABELS.index(r["usage"]) for r in rows])
    pred = np.array([USAGE_LABELS.index(answer(analyzer, r)) for r in rows])
    lo, hi = bootstrap(gold, pred)
    confusion = [[int(((gold == i) & (pred == j)).sum()) for j in range(3)] for i in range(3)]
    per_pack: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        per_pack[r["pack"]].append(i)
    fixed = [
        i
        for i, r in enumerate(rows)
        if any(k in r["text"] for k in ("chicken Kiev", "Kievan Rus", "Dynamo Kiev", "Europe/Kiev"))
        and r["term"].startswith("Kiev")
        and r["usage"] == "other_sense"
    ]
    return {
        "macro_f1": round(macro_f1(gold, pred, 3), 4),
        "ci95": [round(lo, 4), round(hi, 4)],
        "accuracy": round(float((gold == pred).mean()), 4),
        "confusion": {"labels": list(USAGE_LABELS), "rows_gold_cols_predicted": confusion},
        "per_pack": {
            pack: {"n": len(idx), "macro_f1": round(macro_f1(gold[idx], pred[idx], 3), 4)}
            for pack, idx in sorted(per_pack.items())
        },
        "fixed_names_scored_as_author": int(sum(pred[i] == 0 for i in fixed)),
        "fixed_names_n": len(fixed),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--test", type=Path, nargs="+", default=sorted(USAGE.glob("test*.jsonl")))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = [json.loads(x) for p in args.test for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    packs = sorted({r["pack"] for r in rows})
    model = framing.load_analyzer(packs=packs)
    rules = framing.load_analyzer(packs=packs, model=None)
    result = {
        "figure": "usage macro-F1 (author / quoted / other_sense), whole analyzer",
        "dataset": ", ".join(str(p.relative_to(ROOT)) for p in args.test)
        + " (written separately, never used for training or tuning)",
        "protocol": "answer = usage of the finding at the labelled span, other_sense when no finding; "
        "bootstrap 95% CI over 1000 resamples",
        "n": len(rows),
        "labels": dict(Counter(r["usage"] for r in rows)),
        "model": {"name": model.model_name, **evaluate(model, rows)},
        "rules": {"name": rules.model_name, **evaluate(rules, rows)},
        "date": dt.date.today().isoformat(),
    }
    write_result(args.out, result)


if __name__ == "__main__":
    main()
