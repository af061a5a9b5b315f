"""Export term packs as a Vale style: one `substitution` rule per concept, in `DIR/<pack id>/<concept>.yml`.

With `StylesPath = DIR` and `BasedOnStyles = russia-ukraine` in `.vale.ini`, Vale reports each rule as
`russia-ukraine.capital-name`, the same id that `framing check` uses. Vale sees words only, not how they are
used: it cannot tell quotations, other senses or publication dates apart, and variants that count only in
a certain context (`requires` in the pack) are left out. Use `framing check` for the full judgement.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .lint import author_severity, is_neutral
from .packs.schema import Concept, Pack

LEVELS = {"info": "suggestion", "warning": "warning", "error": "error"}
_LEVEL_ORDER = ("suggestion", "warning", "error")
_GO_META = set(r"\.+*?()|[]{}^$")
_MAX_FORMS = 24


@dataclass(frozen=True)
class ValeRule:
    """One exported rule: where it goes, its YAML text, and what could not be carried over."""

    pack: str
    concept: str
    data: dict
    comments: tuple[str, ...]

    @property
    def filename(self) -> str:
        """Return the rule's path relative to the styles folder."""
        return f"{self.pack}/{self.concept}.yml"

    def text(self) -> str:
        """Return the YAML file content, with the notes as leading comments."""
        head = "".join(f"# {c}\n" for c in self.comments)
        body = yaml.safe_dump(self.data, sort_keys=False, allow_unicode=True, width=100)
        return head + body


def go_escape(text: str) -> str:
    """Escape regex metacharacters for Go's regexp syntax (which rejects Python's escaped spaces)."""
    return "".join("\\" + c if c in _GO_META else c for c in text)


def vale_term(term: str, case_sensitive: bool = False) -> str:
    """Return the swap key of one term: hyphens also match a space or nothing, apostrophes either form."""
    out = []
    for ch in term:
        if ch == "-":
            out.append("[- ]?")
        elif ch in "'\u2019":
            out.append("['\u2019]")
        elif ch == " ":
            out.append(" ")
        else:
            out.append(go_escape(ch))
    key = "".join(out)
    # The rule is case-insensitive; acronyms such as "SMO" must match in capitals only.
    return f"(?-i:{key})" if case_sensitive else key


def literal_forms(pattern: str) -> list[str] | None:
    r"""Expand a pack exception regex into the literal phrases it matches; None if no part is literal.

    Understood: plain text, escaped punctuation, `(a|b)` or `(?:a|b)` groups of such text, `[xy]` sets, `?`
    after a character or a group, and `\b` at the ends. Top-level alternatives are expanded one by one;
    an alternative using anything else (`.`, `*`, `+`, `\d`, ranges …) is regex-only and left out.
    """
    # Packs let a space match several; the compiled pattern spells that " +", which is a space here.
    pattern = pattern.replace(" +", " ")
    out: list[str] = []
    for branch in _split_top(pattern):
        branch = branch.removeprefix("\\b").removesuffix("\\b")  # a phrase already ends at word edges
        out.extend(_expand(branch) or ())
    forms = list(dict.fromkeys(f.strip() for f in out if f.strip()))
    return forms or None


def _split_top(pattern: str) -> list[str]:
    parts, depth, cur, i = [], 0, "", 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            cur += pattern[i : i + 2]
            i += 2
            continue
        depth += int(c in "([") - int(c in ")]")
        if c == "|" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    parts.append(cur)
    return parts


def _expand(pattern: str) -> list[str] | None:
    tokens: list[list[str]] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            nxt = pattern[i + 1 : i + 2]
            if not nxt or nxt.isalnum():
                return None
            tokens.append([nxt])
            i += 2
        elif c == "(":
            j = pattern.find(")", i)
            inner = pattern[i + 1 : j] if j > 0 else ""
            inner = inner[2:] if inner.startswith("?:") else inner
            if j < 0 or "(" in inner:
                return None
            options = [_expand(alt) for alt in inner.split("|")]
            if any(o is None for o in options):
                return None
            tokens.append([form for o in options for form in o or ()])
            i = j + 1
        elif c == "[":
            j = pattern.find("]", i)
            inner = pattern[i + 1 : j] if j > 0 else ""
            if (
                j < 0
                or not inner
                or inner[0] == "^"
                or any(ch in inner for ch in "\\[]")
                or ("-" in inner.strip("-"))
            ):
                return None
            tokens.append(list(inner))
            i = j + 1
        elif c == "?":
            if not tokens:
                return None
            tokens[-1] = [*tokens[-1], ""]
            i += 1
        elif c in ".*+{}^$)]|":
            return None
        else:
            tokens.append([c])
            i += 1
    count = 1
    for t in tokens:
        count *= len(t)
        if count > _MAX_FORMS:
            return None
    return ["".join(p) for p in itertools.product(*tokens)]


def concept_rule(pack: Pack, concept: Concept) -> tuple[ValeRule | None, str | None]:
    """Build the Vale rule of one concept; return (None, reason) when Vale cannot express it."""
    if not concept.neutral:
        return None, f"{pack.id}.{concept.id}: no neutral wording to suggest"
    swap: dict[str, str] = {}
    levels: list[str] = []
    comments = [
        f"{concept.title} ({pack.id}.{concept.id}), exported from framing pack '{pack.id}' v{pack.version}.",
        "Vale cannot see quotations, other senses or publication dates; framing check can.",
    ]
    context_only: list[str] = []
    for variant in concept.variants:
        if is_neutral(concept, variant):
            continue
        own = {t.casefold() for t in variant.terms}
        suggestions = [n for n in concept.neutral if n.casefold() not in own]
        if not suggestions:
            continue
        if variant.requires:
            context_only.extend(variant.terms)
            continue
        for term in variant.terms:
            swap[vale_term(term, variant.case_sensitive)] = "|".join(suggestions)
        levels.append(LEVELS[author_severity(variant, True)])
    if context_only:
        comments.append(
            "Left out (they count only next to certain words, which Vale cannot check): "
            + ", ".join(context_only)
            + "."
        )
    if not swap:
        return None, f"{pack.id}.{concept.id}: every non-neutral wording depends on context"
    exceptions, regex_only = _exceptions(concept)
    if regex_only:
        comments.append(
            f"Skipped {regex_only} exception pattern(s) that are regular expressions rather than literal "
            "names; Vale may flag those contexts (framing check does not)."
        )
    data: dict = {
        "extends": "substitution",
        "message": f"Consider '%s' instead of '%s' ({concept.title}).",
        "link": concept.source,
        "level": max(levels, key=_LEVEL_ORDER.index),
        "ignorecase": True,
        "action": {"name": "replace"},
        "swap": swap,
    }
    if exceptions:
        data["exceptions"] = exceptions
    return ValeRule(pack.id, concept.id, data, tuple(comments)), None


def _exceptions(concept: Concept) -> tuple[list[str], int]:
    """Return the literal exception phrases and how many exception patterns were regex-only."""
    literal: list[str] = []
    regex_only = 0
    for exc in concept.exceptions:
        forms = literal_forms(exc.pattern.pattern) if exc.kind != "mention" else None
        if forms is None:
            regex_only += 1
            continue
        # Vale matches a one-word exception case-sensitively; (?i) keeps the pack's case-insensitive intent.
        literal.extend(go_escape(f) if " " in f else f"(?i){go_escape(f)}" for f in forms)
    return list(dict.fromkeys(literal)), regex_only


def export_vale(packs: Iterable[Pack], out_dir: str | Path) -> tuple[list[Path], list[str]]:
    """Write one rule file per concept under `out_dir/<pack id>/`; return (files written, notes)."""
    out_dir = Path(out_dir)
    written: list[Path] = []
    notes: list[str] = []
    for pack in packs:
        folder = out_dir / pack.id
        folder.mkdir(parents=True, exist_ok=True)
        for concept in pack.concepts:
            rule, reason = concept_rule(pack, concept)
            if rule is None:
                notes.append(f"skipped {reason}")
                continue
            path = out_dir / rule.filename
            path.write_text(rule.text(), encoding="utf-8")
            written.append(path)
    return written, notes
