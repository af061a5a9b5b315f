"""Result types of an analysis; `ArticleReport.to_dict()` is wire schema v1."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SCHEMA_VERSION = 1

Usage = Literal["author", "quoted", "other_sense"]
Severity = Literal["info", "warning", "error"]
Strength = Literal["strong", "moderate", "weak"]
Voice = Literal["author", "quoted"]
Confidence = Literal["low", "medium", "high"]

USAGES: tuple[str, ...] = ("author", "quoted", "other_sense")
SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
STRENGTHS: tuple[str, ...] = ("strong", "moderate", "weak")


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) into the exact input text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}:{self.end}")

    def of(self, text: str) -> str:
        """Return the substring of `text` covered by this span."""
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        """Return True if `other` lies entirely inside this span."""
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Authority:
    """Who recommends which wording, and since when."""

    name: str
    says: str
    since: str | None
    source: str

    def to_dict(self) -> dict[str, object]:
        """Convert to wire-schema data."""
        return {"name": self.name, "says": self.says, "since": self.since, "source": self.source}


@dataclass(frozen=True, slots=True)
class Finding:
    """One contested term found in the text, with how it is used there."""

    start: int
    end: int
    text: str
    pack: str
    concept: str
    variant: str
    pole: str | None
    strength: Strength
    usage: Usage
    usage_score: float
    severity: Severity
    message: str
    suggestions: tuple[str, ...] = ()
    authorities: tuple[Authority, ...] = ()
    usage_reason: str = ""
    evasion: tuple[str, ...] = ()
    title: str = ""
    pole_label: str | None = None
    explanation: str = ""

    @property
    def rule_id(self) -> str:
        """Return the linter rule id `<pack>.<concept>`."""
        return f"{self.pack}.{self.concept}"

    @property
    def span(self) -> Span:
        """Return the character span of the finding."""
        return Span(self.start, self.end)

    def to_dict(self) -> dict[str, object]:
        """Convert to wire-schema data."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "rule_id": self.rule_id,
            "pack": self.pack,
            "concept": self.concept,
            "variant": self.variant,
            "pole": self.pole,
            "strength": self.strength,
            "usage": self.usage,
            "usage_score": round(self.usage_score, 4),
            "usage_reason": self.usage_reason,
            "severity": self.severity,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "authorities": [a.to_dict() for a in self.authorities],
            "evasion": list(self.evasion),
            "title": self.title,
            "pole_label": self.pole_label,
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class SentenceScore:
    """One sentence: its span, whose voice it is, and its model scores (None without a model)."""

    start: int
    end: int
    voice: Voice
    scores: tuple[tuple[str, float | None], ...]

    def to_dict(self) -> dict[str, object]:
        """Convert to wire-schema data."""
        return {
            "start": self.start,
            "end": self.end,
            "voice": self.voice,
            "scores": {k: (None if v is None else round(v, 4)) for k, v in self.scores},
        }


@dataclass(frozen=True, slots=True)
class AxisScore:
    """Terminology evidence on one axis: lean, alignment in [-1, 1], counts, confidence."""

    axis: str
    lean: str
    alignment: float | None
    counts: tuple[tuple[str, int], ...]  # in axis order: the -1 pole first
    confidence: Confidence
    quoted_counts: tuple[tuple[str, int], ...] = ()
    weights: tuple[tuple[str, float], ...] = ()
    poles: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Convert to wire-schema data."""
        return {
            "lean": self.lean,
            "alignment": None if self.alignment is None else round(self.alignment, 4),
            "counts": dict(self.counts),
            "confidence": self.confidence,
            "quoted_counts": dict(self.quoted_counts),
            "weights": {k: round(v, 4) for k, v in self.weights},
            "poles": [{"id": k, "label": v} for k, v in self.poles],
        }


@dataclass(frozen=True, slots=True)
class FramingScore:
    """Model-based framing lean on one axis, from the author's own sentences."""

    axis: str
    lean: str
    alignment: float | None
    sentences: int = 0

    def to_dict(self) -> dict[str, object]:
        """Convert to wire-schema data."""
        return {
            "lean": self.lean,
            "alignment": None if self.alignment is None else round(self.alignment, 4),
            "sentences": self.sentences,
        }


@dataclass(frozen=True, slots=True)
class Topic:
    """Whether a pack was applied to the article, and why."""

    pack: str
    applied: bool
    reason: str
    terms: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Convert to wire-schema data."""
        return {"pack": self.pack, "applied": self.applied, "reason": self.reason, "terms": list(self.terms)}


@dataclass(frozen=True, slots=True)
class ArticleReport:
    """Everything the app, the CLI and eval need about one analysed text."""

    text: str
    findings: tuple[Finding, ...]
    sentences: tuple[SentenceScore, ...]
    terminology: tuple[AxisScore, ...]
    framing: tuple[FramingScore, ...] = ()
    loaded_share: float | None = None
    subjective_share: float | None = None
    warnings: tuple[str, ...] = ()
    provenance_model: str = "none"
    provenance_packs: tuple[tuple[str, int], ...] = ()
    published: str | None = None
    topics: tuple[Topic, ...] = ()
    schema_version: int = field(default=SCHEMA_VERSION)

    def axis(self, axis_id: str) -> AxisScore | None:
        """Return the terminology score of one axis, or None if no pack has that axis."""
        return next((a for a in self.terminology if a.axis == axis_id), None)

    def to_dict(self) -> dict[str, object]:
        """Convert to wire schema v1 (plain JSON-ready data)."""
        return {
            "schema_version": self.schema_version,
            "text_length": len(self.text),
            "findings": [f.to_dict() for f in self.findings],
            "sentences": [s.to_dict() for s in self.sentences],
            "scores": {
                "terminology": {a.axis: a.to_dict() for a in self.terminology},
                "loaded_share": _round(self.loaded_share),
                "subjective_share": _round(self.subjective_share),
                "framing": {f.axis: f.to_dict() for f in self.framing},
            },
            "warnings": list(self.warnings),
            "topics": [t.to_dict() for t in self.topics],
            "provenance": {
                "model": self.provenance_model,
                "packs": dict(self.provenance_packs),
                "published": self.published,
            },
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
