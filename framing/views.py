"""Other ways to look at one report: counting quotes too, a severity floor, axes with and without evidence.

These are pure functions of an `ArticleReport`; the analyzer's own scores (author's words only) stay the
reference, and every view says which one it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .packs.schema import Axis, Pole
from .scoring import ScoringConfig, score_axis
from .types import SEVERITIES, ArticleReport, AxisScore, Finding, SentenceScore

QUOTE_MODES = ("author", "all")  # author's words only / including quotes


def counting_quotes(report: ArticleReport, config: ScoringConfig | None = None) -> ArticleReport:
    """Return the report rescored as if quoted wordings were the author's own (other senses stay out).

    Useful to show a class how much of an article's vocabulary comes from the people it quotes. The wire
    schema's scores are always the author-only ones; this view is for display.
    """
    as_author = [replace(f, usage="author") if f.usage == "quoted" else f for f in report.findings]
    terminology = tuple(_rescore(axis, as_author, config) for axis in report.terminology)
    return replace(report, terminology=terminology)


def at_least(findings: Iterable[Finding], min_severity: str = "info") -> tuple[Finding, ...]:
    """Return the findings whose severity is at least `min_severity` (info < warning < error)."""
    floor = SEVERITIES.index(min_severity)
    return tuple(f for f in findings if SEVERITIES.index(f.severity) >= floor)


def findings_on_axis(report: ArticleReport, axis: AxisScore) -> tuple[Finding, ...]:
    """Return the findings whose pole belongs to this axis."""
    poles = {p for p, _ in axis.counts}
    return tuple(f for f in report.findings if f.pole in poles)


def split_axes(report: ArticleReport) -> tuple[tuple[AxisScore, ...], tuple[AxisScore, ...]]:
    """Return (axes with at least one finding, axes without any) in report order."""
    with_findings = tuple(a for a in report.terminology if findings_on_axis(report, a))
    without = tuple(a for a in report.terminology if a not in with_findings)
    return with_findings, without


def sentence_score(sentence: SentenceScore, key: str) -> float | None:
    """Return one model score of a sentence (None when the model gave none or the key is unknown)."""
    return dict(sentence.scores).get(key)


def has_model_scores(report: ArticleReport) -> bool:
    """Return True if any sentence has any model score."""
    return any(v is not None for s in report.sentences for _, v in s.scores)


def _rescore(axis: AxisScore, findings: list[Finding], config: ScoringConfig | None) -> AxisScore:
    poles = axis.poles or tuple((p, p) for p, _ in axis.counts)
    if len(poles) != 2:
        return axis
    schema_axis = Axis(axis.axis, (Pole(poles[0][0], poles[0][1], ""), Pole(poles[1][0], poles[1][1], "")))
    return score_axis(schema_axis, findings, config)
