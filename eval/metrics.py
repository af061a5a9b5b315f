"""Pure metric functions for the evaluation scripts: span P/R/F1, macro-F1, ROC AUC, bootstrap CI, ECE.

No framing imports and no I/O, so that tests/test_eval_metrics.py can check them on hand-computed cases.

Conventions:
- A span is any object with `doc`, `start`, `end`, `pack`, `concept` (and `usage` for usage scores); the
  `GoldSpan` tuple below is the one the gold evaluator builds.
- Precision of an empty prediction set is 1.0 when the gold set is empty too (nothing to find, nothing
  claimed) and 0.0 otherwise; recall is defined the same way the other way round. F1 is 0.0 when P + R is 0.
- Matching is one-to-one: a predicted span counts at most once and so does a gold span.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import NamedTuple


class GoldSpan(NamedTuple):
    """One annotated (or predicted) span of one document."""

    doc: str
    start: int
    end: int
    pack: str
    concept: str
    pole: str | None = None
    usage: str | None = None


class PRF(NamedTuple):
    """Precision, recall, F1 and the counts behind them."""

    precision: float
    recall: float
    f1: float
    tp: int
    n_gold: int
    n_pred: int


def _key(s) -> tuple[str, str, str]:
    return (s.doc, s.pack, s.concept)


def match_spans(gold: Sequence, pred: Sequence, mode: str = "exact") -> list[tuple[int, int]]:
    """Pair gold and predicted spans one-to-one; return (gold index, predicted index) pairs.

    exact: same document, start, end, pack and concept.
    overlap: same document, pack and concept and at least one character in common; pairs are taken
    greedily by the size of the overlap (largest first, then by position), so each span is used once.
    """
    if mode not in ("exact", "overlap"):
        raise ValueError(f"mode must be 'exact' or 'overlap', got {mode!r}")
    candidates: list[tuple[int, int, int, int]] = []  # (-overlap, gold start, gi, pi)
    by_key: dict[tuple[str, str, str], list[int]] = {}
    for pi, p in enumerate(pred):
        by_key.setdefault(_key(p), []).append(pi)
    for gi, g in enumerate(gold):
        for pi in by_key.get(_key(g), []):
            p = pred[pi]
            if mode == "exact":
                if (g.start, g.end) == (p.start, p.end):
                    candidates.append((-(g.end - g.start), g.start, gi, pi))
            else:
                inter = min(g.end, p.end) - max(g.start, p.start)
                if inter > 0:
                    candidates.append((-inter, g.start, gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def prf(tp: int, n_gold: int, n_pred: int) -> PRF:
    """Return precision, recall and F1 from counts (see the module conventions for empty sets)."""
    if tp > min(n_gold, n_pred) or tp < 0:
        raise ValueError(f"impossible counts: tp={tp}, gold={n_gold}, pred={n_pred}")
    precision = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    recall = tp / n_gold if n_gold else (1.0 if n_pred == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1, tp, n_gold, n_pred)


def span_prf(gold: Sequence, pred: Sequence, mode: str = "exact") -> PRF:
    """Return span precision, recall and F1 under exact or overlap matching."""
    return prf(len(match_spans(gold, pred, mode)), len(gold), len(pred))


def macro_f1(
    y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] | None = None
) -> float | None:
    """Return the unweighted mean of per-label F1; None when there is nothing to score.

    labels: the classes to average over; by default every label that occurs in y_true or y_pred (a class
    never predicted and never present would otherwise add a meaningless 0 or 1).
    """
    if len(y_true) != len(y_pred):
        raise ValueError(f"length mismatch: {len(y_true)} gold, {len(y_pred)} predicted")
    if not y_true:
        return None
    classes = list(labels) if labels is not None else sorted(set(y_true) | set(y_pred))
    scores = []
    for c in classes:
        tp = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == c and p == c)
        fp = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t != c and p == c)
        fn = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == c and p != c)
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores)


def _ranks(values: Sequence[float]) -> list[float]:
    """Return 1-based ranks; tied values share their mean rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float | None:
    """Return the area under the ROC curve (ties count one half); None without both classes."""
    if len(labels) != len(scores):
        raise ValueError(f"length mismatch: {len(labels)} labels, {len(scores)} scores")
    pos = sum(1 for y in labels if y == 1)
    neg = len(labels) - pos
    if not pos or not neg:
        return None
    rank_sum = sum(r for r, y in zip(_ranks(scores), labels, strict=True) if y == 1)
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Return Spearman's rank correlation (Pearson on tie-averaged ranks); None if either is constant."""
    if len(x) != len(y):
        raise ValueError(f"length mismatch: {len(x)} and {len(y)}")
    rx, ry = _ranks(x), _ranks(y)
    n = len(rx)
    if n < 2:
        return None
    mx, my = sum(rx) / n, sum(ry) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return None if not sxx or not syy else sxy / (sxx * syy) ** 0.5


def accuracy(y_true: Sequence, y_pred: Sequence) -> float | None:
    """Return the share of equal pairs; None for empty input."""
    if len(y_true) != len(y_pred):
        raise ValueError(f"length mismatch: {len(y_true)} gold, {len(y_pred)} predicted")
    if not y_true:
        return None
    return sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == p) / len(y_true)


def bootstrap_ci(
    units: Sequence,
    statistic: Callable[[list], float | None],
    rounds: int = 1000,
    seed: int = 7,
    level: float = 0.95,
) -> tuple[float, float] | None:
    """Return a percentile bootstrap interval of `statistic` over resamples of `units`.

    Resample the units that are independent (articles for span metrics, not spans). Resamples where the
    statistic is None are skipped; None is returned when there are no units or no resample scores.
    """
    if not units:
        return None
    rng = random.Random(seed)
    n = len(units)
    scores = []
    for _ in range(rounds):
        value = statistic([units[rng.randrange(n)] for _ in range(n)])
        if value is not None:
            scores.append(value)
    if not scores:
        return None
    scores.sort()
    tail = (1 - level) / 2
    return percentile(scores, 100 * tail), percentile(scores, 100 * (1 - tail))


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Return the q-th percentile (0..100) of sorted values with linear interpolation (numpy's default)."""
    if not sorted_values:
        raise ValueError("percentile of an empty sequence")
    pos = (len(sorted_values) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


class Bin(NamedTuple):
    """One bin of a reliability diagram."""

    lo: float
    hi: float
    n: int
    confidence: float | None
    accuracy: float | None


def reliability_bins(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> list[Bin]:
    """Group predictions into equal-width confidence bins (lo, hi]; the first bin also takes 0."""
    if len(confidences) != len(correct):
        raise ValueError("confidences and correct differ in length")
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidences) if (lo < c <= hi) or (b == 0 and c == 0)]
        if idx:
            conf = sum(confidences[i] for i in idx) / len(idx)
            acc = sum(1 for i in idx if correct[i]) / len(idx)
            out.append(Bin(lo, hi, len(idx), conf, acc))
        else:
            out.append(Bin(lo, hi, 0, None, None))
    return out


def ece(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float | None:
    """Return the expected calibration error: sum over bins of (bin share) x |accuracy - confidence|."""
    n = len(confidences)
    if n == 0:
        return None
    return sum(
        b.n / n * abs(b.accuracy - b.confidence) for b in reliability_bins(confidences, correct, bins) if b.n
    )


def top_label(probs: Sequence[Sequence[float]], labels: Sequence[int]) -> tuple[list[float], list[bool]]:
    """Return (top-class probability, whether the top class is the true one) for each row of probs."""
    conf, correct = [], []
    for row, y in zip(probs, labels, strict=True):
        best = max(range(len(row)), key=lambda k: row[k])
        conf.append(float(row[best]))
        correct.append(best == y)
    return conf, correct
