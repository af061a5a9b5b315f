"""Swap contested terms for suggested wordings: a pure text rewrite whose offsets stay consistent.

The classroom moment: apply one suggestion (or every suggestion that has a single option), analyse the new
text again and watch the scores move. Only the author's own wordings are rewritten; quotations are someone
else's words and terms used in another sense (chicken Kiev) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .types import Finding

_POSSESSIVE = re.compile(r"(['\u2019])s?$")


@dataclass(frozen=True, slots=True)
class Edit:
    """One replacement: [start, end) in the old text became [new_start, new_end) in the new text."""

    start: int
    end: int
    old: str
    new: str
    new_start: int
    new_end: int
    rule_id: str
    finding: int  # index into the findings passed to apply_suggestions


def single_option_choices(findings: Sequence[Finding]) -> dict[int, str]:
    """Return finding index -> suggestion for every author-usage finding with exactly one suggestion."""
    return {
        i: f.suggestions[0] for i, f in enumerate(findings) if f.usage == "author" and len(f.suggestions) == 1
    }


def apply_suggestions(
    text: str, findings: Sequence[Finding], choices: Mapping[int, str]
) -> tuple[str, tuple[Edit, ...]]:
    """Replace chosen findings by suggested wordings, keeping case and possessives.

    Args:
        text: the analysed text (`report.text`); finding offsets index it.
        findings: the report's findings (`report.findings`).
        choices: finding index -> replacement wording. Indices of findings that are not the author's own
            usage, that are out of range, or that overlap an edit further on in the text are skipped.

    Returns:
        The new text and the edits applied, in text order, each with its span in the old and new text.

    Example:
        >>> new, edits = apply_suggestions(report.text, report.findings, {0: "Kyiv"})

    """
    picked: list[tuple[int, Finding, str]] = []
    for i, wording in choices.items():
        if not 0 <= i < len(findings) or not wording:
            continue
        f = findings[i]
        if f.usage != "author" or f.start >= f.end or text[f.start : f.end] != f.text:
            continue
        picked.append((i, f, wording))
    # Outer (longer) findings win over nested or crossing ones, then edits apply from the end of the text
    # so that the offsets of the edits before them stay valid.
    chosen: list[tuple[int, Finding, str]] = []
    for item in sorted(picked, key=lambda it: (-(it[1].end - it[1].start), it[1].start)):
        f = item[1]
        if not any(f.start < g.end and g.start < f.end for _, g, _ in chosen):
            chosen.append(item)
    applied: list[tuple[int, Finding, str]] = []
    out = text
    for i, f, wording in sorted(chosen, key=lambda it: it[1].start, reverse=True):
        new = match_form(f.text, wording)
        out = out[: f.start] + new + out[f.end :]
        applied.append((i, f, new))
    edits = []
    shift = 0
    for i, f, new in sorted(applied, key=lambda item: item[1].start):
        new_start = f.start + shift
        edits.append(Edit(f.start, f.end, f.text, new, new_start, new_start + len(new), f.rule_id, i))
        shift += len(new) - (f.end - f.start)
    return out, tuple(edits)


def match_form(original: str, wording: str) -> str:
    """Return `wording` in the case and possessive form of `original`.

    All capitals stay all capitals ("KIEV" -> "KYIV"), a capital first letter stays capital
    ("Liberated" -> "Captured"), and a possessive ending is carried over ("Kiev's" -> "Kyiv's"); otherwise
    the suggestion keeps its own case, which matters for names and acronyms ("military bloc" -> "NATO").
    """
    core, tail = original, ""
    m = _POSSESSIVE.search(original)
    if m and len(original) > len(m.group()) and not _POSSESSIVE.search(wording):
        core, tail = original[: m.start()], m.group()
    letters = [c for c in core if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        new = wording.upper()
    elif letters and core.lstrip()[:1].isupper() and wording[:1].islower():
        new = wording[:1].upper() + wording[1:]
    else:
        new = wording
    return new + tail
