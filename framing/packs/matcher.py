"""Compile term packs once into regular expressions over the normalised view, and find matches."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from ..normalize import View, build_view
from .schema import Concept, Pack, Variant


@dataclass(frozen=True, slots=True)
class Match:
    """One occurrence of a variant term; start/end index the original text."""

    start: int
    end: int
    view_start: int
    view_end: int
    pack: Pack
    concept: Concept
    variant: Variant
    term: str


@dataclass(frozen=True, slots=True)
class _Compiled:
    pack: Pack
    concept: Concept
    regex: re.Pattern[str]
    groups: dict[str, tuple[Variant, str]]


def term_pattern(term: str) -> str:
    """Return the view regex of one literal term: flexible spaces, hyphens, apostrophes, plural."""
    norm = build_view(term.strip()).text
    out = []
    for ch in norm:
        if ch == " ":
            if not out or out[-1] != "[ -]+":
                out.append("[ -]+")
        elif ch == "-":
            out.append("[ -]*")
        elif ch == "'":
            out.append("'?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


class Matcher:
    """Find every variant of every concept of the given packs in a text."""

    def __init__(self, packs: tuple[Pack, ...]):
        self.packs = packs
        self._compiled: list[_Compiled] = []
        prefixes: list[tuple[str, int]] = []
        for pack in packs:
            for concept in pack.concepts:
                ci = len(self._compiled)
                self._compiled.append(_compile(pack, concept))
                prefixes.extend((_fixed_prefix(t), ci) for v in concept.variants for t in v.terms)
        # A term starts with up to two fixed characters (spaces, hyphens and apostrophes are the flexible
        # parts). One scan for those finds the few positions worth trying, and each position tries only
        # the concepts with a term starting there: trying every concept at every word was the slow part.
        by1: dict[str, set[int]] = {}
        by2: dict[str, set[int]] = {}
        for prefix, ci in prefixes:
            (by2 if len(prefix) == 2 else by1).setdefault(prefix, set()).add(ci)
        everywhere = by1.pop("", set())
        self._by1 = {k: tuple(sorted(v | everywhere)) for k, v in by1.items()}
        self._by2 = {k: tuple(sorted(v | by1.get(k[0], set()) | everywhere)) for k, v in by2.items()}
        self._everywhere = tuple(sorted(everywhere))
        keys = sorted(self._by1.keys() | self._by2.keys(), key=len, reverse=True)
        if everywhere:  # a term that may start with a flexible character: try every word boundary
            self._starts = re.compile(r"(?<![\w])")
        else:
            self._starts = re.compile(rf"(?<![\w])(?=(?:{'|'.join(map(re.escape, keys)) or '(?!)'}))")

    def find(self, view: View) -> list[Match]:
        """Return matches sorted by (start, -end, rule id); overlaps across concepts are kept.

        A word hyphenated across a line break ("Zapo-" at the end of a line, "rizhzhia" on the next) is
        matched as one word too; the match covers the hyphen and the break.
        """
        out = self._find(view, view)
        if _LINE_BREAK_HYPHEN.search(view.original):
            joined = _join_line_break_hyphens(view)
            seen = {(m.start, m.concept.id, m.pack.id) for m in out}
            for m in self._find(joined, view):
                busy = any(
                    o.pack is m.pack and o.concept is m.concept and o.start < m.end and m.start < o.end
                    for o in out
                )
                if not busy and (m.start, m.concept.id, m.pack.id) not in seen:
                    out.append(m)
        out.sort(key=lambda x: (x.start, -x.end, x.pack.id, x.concept.id))
        return out

    def _find(self, view: View, base: View) -> list[Match]:
        """Match on `view`; report offsets in the original text and view offsets in `base`."""
        out: list[Match] = []
        text = view.original
        busy_until = [0] * len(self._compiled)  # a concept's matches never overlap each other
        vtext = view.text
        for hit in self._starts.finditer(vtext):
            i = hit.start()
            candidates = self._by2.get(vtext[i : i + 2]) or self._by1.get(vtext[i : i + 1], self._everywhere)
            for ci in candidates:
                comp = self._compiled[ci]
                if i < busy_until[ci]:
                    continue
                m = comp.regex.match(vtext, i)
                if m is None:
                    continue
                busy_until[ci] = m.end()
                variant, term = comp.groups[m.lastgroup]
                vs, ve = m.span(m.lastgroup)
                start, end = view.to_original(vs, ve)
                if variant.case_sensitive and not _same_case(
                    text[start:end], term, _caseless(text, start, end)
                ):
                    continue
                if base is not view:
                    vs = bisect.bisect_left(base.starts, start)
                    ve = bisect.bisect_left(base.starts, end)
                out.append(Match(start, end, vs, ve, comp.pack, comp.concept, variant, term))
        return out


def _fixed_prefix(term: str) -> str:
    """Return the first two characters every match of `term` starts with (fewer if it has no such two)."""
    norm = build_view(term.strip()).text
    return re.split(r"[ \-']", norm, maxsplit=1)[0][:2]


def _compile(pack: Pack, concept: Concept) -> _Compiled:
    alternatives: list[tuple[int, str, str]] = []
    groups: dict[str, tuple[Variant, str]] = {}
    for vi, variant in enumerate(concept.variants):
        for ti, term in enumerate(variant.terms):
            name = f"v{vi}t{ti}"
            groups[name] = (variant, term)
            alternatives.append((len(term), name, term_pattern(term)))
    alternatives.sort(key=lambda a: -a[0])
    body = "|".join(f"(?P<{name}>{pat}(?:e?s)?)" for _, name, pat in alternatives)
    regex = re.compile(rf"(?<![\w])(?:{body})(?![\w])")
    return _Compiled(pack, concept, regex, groups)


def _same_case(original: str, term: str, caseless: bool = False) -> bool:
    """Check a case-sensitive term against the original wording, ignoring spacing and plural.

    Where the text around carries no case (a line in ALL CAPITALS), the upper-case wording stands for any
    case: "DREAMERS RALLY IN WASHINGTON" names the Dreamers.
    """
    squash = re.compile(r"[\W_]+")
    got = squash.sub("", build_view_cased(original))
    want = squash.sub("", term)
    if caseless and got.isupper():
        got, want = got.casefold(), want.casefold()
    return got == want or got in (want + "s", want + "es")


def _caseless(text: str, start: int, end: int) -> bool:
    """Return True if the line around [start, end) has cased letters besides the match, all upper case."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    rest = text[lo:start] + text[end : hi if hi >= 0 else len(text)]
    return any(c.isupper() for c in rest) and not any(c.islower() for c in rest)


# A hyphen at the end of a line between two letters: a word broken across the line ("Zapo-⏎rizhzhia").
_LINE_BREAK_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u2010\u00ad][ \t]*\r?\n[ \t]*(?=[^\W\d_])")


def _join_line_break_hyphens(view: View) -> View:
    """Return a view of the original in which words broken across lines are joined again."""
    text = view.original
    keep = [True] * len(text)
    for m in _LINE_BREAK_HYPHEN.finditer(text):
        for i in range(m.start(), m.end()):
            keep[i] = False
    pieces, starts, ends = [], [], []
    for vi, ch in enumerate(view.text):
        if keep[view.starts[vi]]:
            pieces.append(ch)
            starts.append(view.starts[vi])
            ends.append(view.ends[vi])
    return View(text, "".join(pieces), tuple(starts), tuple(ends), view.evasions)


def build_view_cased(text: str) -> str:
    """Return text with invisible characters dropped and compatibility forms folded, case kept."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")
