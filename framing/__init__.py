"""framing: an offline analyzer of contested terminology and framing in news text."""

from __future__ import annotations

import threading

from .analyzer import Analyzer, AnalyzerConfig, load_analyzer
from .inputs import TextTooLong
from .packs import PackError, PackValidationError
from .types import SCHEMA_VERSION, ArticleReport, AxisScore, Finding, FramingScore, SentenceScore, Span

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Analyzer",
    "AnalyzerConfig",
    "ArticleReport",
    "AxisScore",
    "Finding",
    "FramingScore",
    "PackError",
    "PackValidationError",
    "SentenceScore",
    "Span",
    "TextTooLong",
    "analyze",
    "load_analyzer",
]

_default: Analyzer | None = None
_default_lock = threading.Lock()


def analyze(text: str, published: str | None = None) -> ArticleReport:
    """Analyse one text with the default analyzer (loaded once per process).

    Example:
        >>> import framing
        >>> framing.analyze("Shelling hit Kharkov overnight.").findings[0].pole
        'ru_state'

    """
    global _default
    with _default_lock:
        if _default is None:
            _default = load_analyzer()
    return _default.analyze(text, published=published)
