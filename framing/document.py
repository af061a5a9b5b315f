"""A prepared text: normalised view, sentences, quotes and attributions, computed once."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from .normalize import View, build_view
from .quotes import QuoteSpan, find_attributions, find_quotes
from .segment import paragraphs, split_sentences
from .types import Span


@dataclass(frozen=True, slots=True)
class Document:
    """Everything derived from the input text that the matcher, usage judge and model share."""

    text: str
    view: View
    sentences: tuple[Span, ...]
    quotes: tuple[QuoteSpan, ...]
    attributions: tuple[QuoteSpan, ...]
    published: dt.date | None = None
    paragraphs: tuple[Span, ...] = ()

    def sentence_index(self, pos: int) -> int | None:
        """Return the index of the sentence containing character `pos`, or None."""
        starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and self.sentences[i].start <= pos < self.sentences[i].end:
            return i
        return None

    def paragraph_of(self, pos: int) -> Span:
        """Return the paragraph (block between blank lines) containing `pos`, or the whole text."""
        for p in self.paragraphs:
            if p.start <= pos < p.end:
                return p
        return Span(0, len(self.text))

    def view_range(self, span: Span) -> tuple[int, int]:
        """Return the view range covering an original span."""
        lo = bisect.bisect_left(self.view.starts, span.start)
        hi = bisect.bisect_left(self.view.starts, span.end)
        return lo, hi

    def enclosing(self, spans: tuple[QuoteSpan, ...], start: int, end: int) -> QuoteSpan | None:
        """Return the innermost span that contains [start, end), or None."""
        best = None
        for q in spans:
            if (
                q.start <= start
                and end <= q.end
                and (best is None or q.end - q.start < best.end - best.start)
            ):
                best = q
        return best


def prepare(text: str, published: dt.date | None = None) -> Document:
    """Normalise, segment and find quotes in `text` once."""
    sentences = split_sentences(text)
    view = build_view(text)
    return Document(
        text=text,
        view=view,
        sentences=sentences,
        quotes=find_quotes(text),
        attributions=find_attributions(text, sentences, view),
        published=published,
        paragraphs=paragraphs(text),
    )
