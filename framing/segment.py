"""Sentence spans robust to abbreviations, decimals, quotes, hard-wrapped lines and bullet lists."""

from __future__ import annotations

import re
from itertools import pairwise

from .types import Span

ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col sgt capt cmdr adm maj sen rep gov pres st jr sr rev hon gov fr
    v vs etc e.g i.e cf al approx dept est fig inc corp ltd co bros no nos vol pp ed eds mt ft ave
    blvd rd jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u u.s.a d.c a.m p.m
    """.split()
)

_BLOCK_BREAK = re.compile(r"\r?\n[ \t\u00a0\r]*\n\s*")
_BULLET = re.compile(r"^[ \t]*(?:[-*\u2022\u25cf\u25aa\u2013\u2014>]|\d{1,3}[.)])[ \t]+", re.M)
_TERMINAL = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*(?=\s)")
_NEXT_START = re.compile(r"\s+[\"'\u201c\u2018\u00ab(\[]*[A-Z0-9\u0400-\u042f]")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def split_sentences(text: str) -> tuple[Span, ...]:
    """Split `text` into trimmed sentence spans in order, without gaps inside paragraphs."""
    spans: list[Span] = []
    for block_start, block_end in _blocks(text):
        for unit_start, unit_end in _units(text, block_start, block_end):
            spans.extend(_sentences(text, unit_start, unit_end))
    return tuple(spans)


def paragraphs(text: str) -> tuple[Span, ...]:
    """Return the paragraphs of `text` (blocks separated by blank lines), untrimmed inside."""
    return tuple(Span(s, e) for s, e in _blocks(text))


def _blocks(text: str) -> list[tuple[int, int]]:
    """Return paragraph ranges separated by blank lines."""
    out = []
    pos = 0
    for m in _BLOCK_BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a paragraph at bullet items; a paragraph of one short line is a headline unit."""
    bullets = [m.start() + start for m in _BULLET.finditer(text[start:end])]
    cuts = sorted({start, *bullets})
    return [(a, b) for a, b in zip(cuts, [*cuts[1:], end], strict=True) if text[a:b].strip()]


def _sentences(text: str, start: int, end: int) -> list[Span]:
    """Split one unit at sentence-final punctuation that is not an abbreviation or initial."""
    chunk = text[start:end]
    cuts = [0]
    for m in _TERMINAL.finditer(chunk):
        nxt = _NEXT_START.match(chunk, m.end())
        if not nxt or _is_abbreviation(chunk, m.start(), m.group()):
            continue
        cuts.append(m.end())
    cuts.append(len(chunk))
    out = []
    for a, b in pairwise(cuts):
        seg = chunk[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if b - a - lead - trail > 0:
            out.append(Span(start + a + lead, start + b - trail))
    return out


def _is_abbreviation(chunk: str, dot: int, punct: str) -> bool:
    """Return True if the period at `dot` ends an abbreviation or an initial, not a sentence."""
    if not punct.startswith(".") or punct.startswith(".."):
        return False
    m = _WORD_BEFORE.search(chunk[max(0, dot - 12) : dot + 1])
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True
    return word.lower().rstrip(".") in ABBREVIATIONS
