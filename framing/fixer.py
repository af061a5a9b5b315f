"""`framing fix`: apply the unambiguous spelling fixes to the author's own words in .md and .txt files.

A finding is fixed only when all of these hold, so that a fix never changes meaning or someone's words:

- it is reported by `framing check` with the same configuration (so allow lists, `framing off` regions and
  inline ignores, Markdown code and links are respected);
- it is the author's own wording: not a quotation (in any quotes mode), not another sense;
- its concept is a spelling (a place or person name): label concepts ("special military operation") need
  the sentence rewritten, not a word swapped;
- the pack offers exactly one alternative, and the matched term is a spelling of the variant, not a derived
  form ("Kievan" is not "Kiev", so it is left for the writer);
- it overlaps no other fix.

The replacement keeps the matched plural ending and the capitalisation (KIEV → KYIV, kiev → Kyiv); a
possessive "'s" lies outside the match and stays. Running fix again changes nothing.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .analyzer import Analyzer
from .config import LintConfig
from .lint import Alert, Catalogue, lint_source, wording
from .packs.matcher import term_pattern
from .packs.schema import Variant
from .quotes import find_quotes
from .sources import Source

FIXABLE_KINDS = ("text", "markdown")


@dataclass(frozen=True)
class Edit:
    """One replacement in the file: half-open file offsets, the old and the new wording."""

    start: int
    end: int
    old: str
    new: str
    rule_id: str
    line: int
    column: int


@dataclass(frozen=True)
class FixPlan:
    """The edits for one file and the text after applying them."""

    path: str
    original: str
    fixed: str
    edits: tuple[Edit, ...]

    @property
    def changed(self) -> bool:
        """Return True if any edit applies."""
        return self.fixed != self.original

    def diff(self) -> str:
        """Return a unified diff of the change (empty when nothing changes)."""
        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                self.fixed.splitlines(keepends=True),
                fromfile=self.path if Path(self.path).is_absolute() else f"a/{self.path}",
                tofile=self.path if Path(self.path).is_absolute() else f"b/{self.path}",
            )
        )


def plan_fixes(
    analyzer: Analyzer,
    source: Source,
    config: LintConfig,
    published: str | None = None,
    catalogue: Catalogue | None = None,
) -> FixPlan:
    """Work out the safe replacements for one .md or .txt source."""
    if source.kind not in FIXABLE_KINDS:
        raise ValueError(f"{source.name}: fix works on .md and .txt files only, not {source.kind}")
    catalogue = catalogue or Catalogue(analyzer)
    result = lint_source(analyzer, source, config, published, catalogue)
    quotes = find_quotes(source.text)
    edits: list[Edit] = []
    for alert in result.alerts:
        new = _replacement(alert, catalogue)
        if new is None or any(q.start <= alert.start and alert.end <= q.end for q in quotes):
            continue
        edits.append(Edit(alert.start, alert.end, alert.match, new, alert.rule_id, alert.line, alert.column))
    edits = _without_overlaps(edits)
    text = source.original
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: e.start] + e.new + text[e.end :]
    return FixPlan(source.name, source.original, text, tuple(edits))


def _replacement(alert: Alert, catalogue: Catalogue) -> str | None:
    f = alert.finding
    if f.usage != "author" or len(f.suggestions) != 1:
        return None
    if catalogue.concept(f).kind != "spelling":
        return None
    variant = catalogue.variant(f)
    found = _matched_term(variant, alert.match)
    if found is None:
        return None
    term, suffix = found
    if term.casefold() != variant.label.casefold() and any(
        t.casefold() != term.casefold() and term.casefold().startswith(t.casefold()) for t in variant.terms
    ):
        return None
    stem = alert.match[: len(alert.match) - len(suffix)] if suffix else alert.match
    new = match_case(stem, f.suggestions[0]) + suffix
    return None if new == alert.match else new


def _matched_term(variant: Variant, surface: str) -> tuple[str, str] | None:
    """Return (term, plural ending as written) for the variant term that `surface` spells."""
    view = wording(surface)
    for term in variant.terms:
        m = re.fullmatch(term_pattern(term) + r"(?P<suffix>e?s)?", view)
        if m:
            n = len(m.group("suffix") or "")
            if n and surface[-n:].casefold() != m.group("suffix"):
                return None
            return term, surface[len(surface) - n :] if n else ""
    return None


def match_case(surface: str, replacement: str) -> str:
    """Return `replacement` cased like `surface`: all capitals stay capitals, a capital start stays."""
    letters = [c for c in surface if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if surface[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _without_overlaps(edits: list[Edit]) -> list[Edit]:
    """Drop every edit that overlaps another one: two fixes for the same words are not unambiguous."""
    return [e for e in edits if not any(o is not e and o.start < e.end and e.start < o.end for o in edits)]
