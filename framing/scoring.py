"""Pure aggregation of findings and sentence scores into article scores with evidence and confidence."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from .packs.schema import Axis
from .types import AxisScore, Finding, FramingScore

STRENGTH_WEIGHT = {"strong": 1.0, "moderate": 0.6, "weak": 0.25}


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    """Thresholds of the article-level aggregation."""

    strength_weight: dict[str, float] = field(default_factory=lambda: dict(STRENGTH_WEIGHT))
    min_evidence: float = 0.6
    lean_threshold: float = 0.25
    medium_evidence: float = 1.5
    high_evidence: float = 3.0
    framing_threshold: float = 0.2
    framing_min_sentences: int = 3

    def __post_init__(self) -> None:
        if not 0 <= self.lean_threshold < 1:
            raise ValueError(f"lean_threshold must be in [0, 1), got {self.lean_threshold}")
        if set(self.strength_weight) != set(STRENGTH_WEIGHT):
            raise ValueError(f"strength_weight needs exactly the keys {sorted(STRENGTH_WEIGHT)}")


def concept_weight(strength_weight: float, occurrences: int) -> float:
    """Return the evidence of one concept used `occurrences` times: repeats add less and less."""
    if occurrences <= 0:
        return 0.0
    return strength_weight * (1.0 + math.log(occurrences))


def score_axis(axis: Axis, findings: list[Finding], config: ScoringConfig | None = None) -> AxisScore:
    """Score one axis from the author-usage findings of its packs; null when there is no evidence."""
    cfg = config or ScoringConfig()
    neg, pos = axis.poles[0].id, axis.poles[1].id
    counts = {neg: 0, pos: 0}
    quoted = {neg: 0, pos: 0}
    per_concept: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.pole not in counts:
            continue
        if f.usage == "author":
            counts[f.pole] += 1
            per_concept[(f.rule_id, f.pole)].append(f)
        elif f.usage == "quoted":
            quoted[f.pole] += 1
    weights = {neg: 0.0, pos: 0.0}
    for (_, pole), group in per_concept.items():
        strongest = max(cfg.strength_weight[f.strength] for f in group)
        weights[pole] += concept_weight(strongest, len(group))
    total = weights[neg] + weights[pos]
    poles = tuple((p.id, p.label) for p in axis.poles)
    if total == 0:
        return AxisScore(
            axis.id,
            "none",
            None,
            tuple(counts.items()),
            "low",
            tuple(quoted.items()),
            tuple(weights.items()),
            poles,
        )
    alignment = (weights[pos] - weights[neg]) / total
    lean = "none"
    if total >= cfg.min_evidence and abs(alignment) >= cfg.lean_threshold:
        lean = pos if alignment > 0 else neg
    concepts = len({rid for rid, pole in per_concept})
    if total >= cfg.high_evidence and concepts >= 3 and abs(alignment) >= 0.6:
        confidence = "high"
    elif total >= cfg.medium_evidence and concepts >= 2:
        confidence = "medium"
    else:
        confidence = "low"
    return AxisScore(
        axis.id,
        lean,
        alignment,
        tuple(counts.items()),
        confidence,
        tuple(quoted.items()),
        tuple(weights.items()),
        poles,
    )


def share(values: list[float | None], threshold: float = 0.5) -> float | None:
    """Return the share of scored values at or above `threshold`, or None when nothing was scored."""
    scored = [v for v in values if v is not None]
    if not scored:
        return None
    return sum(v >= threshold for v in scored) / len(scored)


def framing_lean(axis: Axis, values: list[float | None], config: ScoringConfig | None = None) -> FramingScore:
    """Average the model's per-sentence positions on an axis; none without enough scored sentences."""
    cfg = config or ScoringConfig()
    scored = [v for v in values if v is not None]
    if not scored:
        return FramingScore(axis.id, "none", None, 0)
    alignment = sum(scored) / len(scored)
    lean = "none"
    if len(scored) >= cfg.framing_min_sentences and abs(alignment) >= cfg.framing_threshold:
        lean = axis.poles[1].id if alignment > 0 else axis.poles[0].id
    return FramingScore(axis.id, lean, alignment, len(scored))
