"""The linter core: analyse one Source, apply config and suppressions, and return alerts at file positions.

What is reported (in this order of decisions):

1. other senses (fixed names, homonyms, history, technical ids, legacy spellings) never are;
2. quotations follow `quotes`: `count` treats them like the author's wording, `separate` reports them
   labelled as quoted at the library's level (info) and never lets them fail the run, `ignore` drops them;
3. `allow` entries (rule id, pack id or wording) drop a finding; `deny` entries keep it and make it an error;
4. the recommended (neutral) wording of a concept, such as "Kyiv", is not reported unless denied;
5. `[severity]` overrides set the level of the author's wording per concept;
6. findings below `min_severity`, or silenced by an inline directive, are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .analyzer import Analyzer
from .config import LintConfig
from .normalize import build_view
from .packs.schema import Concept, Variant
from .sources import Source
from .suppress import find_suppressions, mask_directives
from .types import SEVERITIES, Finding

_STRENGTH_LEVEL = {"strong": "error", "moderate": "warning", "weak": "info"}


def rank(severity: str) -> int:
    """Return the order of a severity (info < warning < error)."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Alert:
    """One reported finding, located in the checked file (1-based line and column, end inclusive)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int  # half-open file offsets (for .docx: offsets into the joined paragraph text)
    end: int
    severity: str
    rule_id: str
    match: str
    message: str
    suggestions: tuple[str, ...]
    usage: str
    counts: bool  # False for quotations in "separate" mode: they never fail the run
    pole: str | None
    link: str
    finding: Finding = field(compare=False, repr=False)

    @property
    def quoted(self) -> bool:
        """Return True for wording inside a quotation or attributed speech."""
        return self.usage == "quoted"

    def to_dict(self) -> dict[str, object]:
        """Convert to the JSON form printed by `framing check --format json`."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "start": self.start,
            "end": self.end,
            "severity": self.severity,
            "rule_id": self.rule_id,
            "match": self.match,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "usage": self.usage,
            "quoted": self.quoted,
            "counts": self.counts,
            "pole": self.pole,
            "link": self.link,
        }


@dataclass(frozen=True)
class FileResult:
    """The alerts and notes of one checked file."""

    path: str
    kind: str
    alerts: tuple[Alert, ...]
    warnings: tuple[str, ...]
    fail_on: str

    @property
    def failed(self) -> bool:
        """Return True if a counted alert is at or above the file's fail_on level."""
        return any(a.counts and rank(a.severity) >= rank(self.fail_on) for a in self.alerts)


class Catalogue:
    """Look up the pack data behind findings (concepts and variants) for one analyzer."""

    def __init__(self, analyzer: Analyzer):
        self.packs = {p.id: p for p in analyzer.packs}
        self.rule_ids = frozenset(f"{p.id}.{c.id}" for p in analyzer.packs for c in p.concepts)

    def concept(self, f: Finding) -> Concept:
        """Return the concept of a finding."""
        return self.packs[f.pack].concept(f.concept)

    def variant(self, f: Finding) -> Variant:
        """Return the variant (wording group) a finding matched."""
        return next(v for v in self.concept(f).variants if v.label == f.variant)

    def unknown(self, entries: tuple[str, ...] | frozenset[str]) -> list[str]:
        """Return the entries that look like rule or pack ids but name nothing installed."""
        return [e for e in entries if "." in e and e not in self.rule_ids and " " not in e]


def wording(text: str) -> str:
    """Return the comparison form of a wording: normalised, case-folded, single spaces."""
    return build_view(text.strip()).text


def _listed(entries: tuple[str, ...], f: Finding) -> bool:
    own = wording(f.text)
    for entry in entries:
        if entry in (f.rule_id, f.pack):
            return True
        w = wording(entry)
        if own in (w, w + "s", w + "es"):
            return True
    return False


def is_neutral(concept: Concept, variant: Variant) -> bool:
    """Return True if the variant is the concept's recommended wording."""
    neutral = {n.casefold() for n in concept.neutral}
    return any(t.casefold() in neutral for t in variant.terms)


def author_severity(variant: Variant, has_alternative: bool) -> str:
    """Return the level the wording would have as the author's own choice."""
    if not has_alternative:
        return "info"
    return variant.severity or _STRENGTH_LEVEL[variant.strength]


def lint_source(
    analyzer: Analyzer,
    source: Source,
    config: LintConfig,
    published: str | None = None,
    catalogue: Catalogue | None = None,
) -> FileResult:
    """Analyse one source and return its alerts after config, quote handling and suppressions."""
    catalogue = catalogue or Catalogue(analyzer)
    suppressions = find_suppressions(source.original, hash_comments=source.kind in ("text", "docx"))
    text = source.text if source.starts is not None else mask_directives(source.text, suppressions)
    report = analyzer.analyze(text, published=published)
    warnings = [*report.warnings, *suppressions.problems]
    for rule in catalogue.unknown(suppressions.rule_ids()):
        warnings.append(f"an ignore directive names the unknown rule id '{rule}'")
    alerts = []
    for f in report.findings:
        alert = _alert(f, source, config, catalogue)
        if alert is not None and not suppressions.covers(f.rule_id, alert.start):
            alerts.append(alert)
    return FileResult(source.name, source.kind, tuple(alerts), tuple(warnings), config.fail_on)


def _alert(f: Finding, source: Source, config: LintConfig, catalogue: Catalogue) -> Alert | None:
    if f.usage == "other_sense":
        return None
    quoted = f.usage == "quoted"
    if quoted and config.quotes == "ignore":
        return None
    if _listed(config.allow, f):
        return None
    denied = _listed(config.deny, f)
    concept, variant = catalogue.concept(f), catalogue.variant(f)
    if is_neutral(concept, variant) and not denied:
        return None
    separate = quoted and config.quotes == "separate"
    if separate:
        severity = f.severity
    else:
        severity = config.severity_map.get(f.rule_id) or author_severity(variant, bool(f.suggestions))
    if denied:
        severity = "error"
    if rank(severity) < rank(config.min_severity):
        return None
    start, end = source.to_file_span(f.start, f.end)
    line, column = source.position(start)
    end_line, end_column = source.position(max(start, end - 1))
    match = source.original[start:end] if source.kind != "html" else f.text
    return Alert(
        path=source.name,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        start=start,
        end=end,
        severity=severity,
        rule_id=f.rule_id,
        match=match,
        message=_message(f, quoted, separate),
        suggestions=() if separate else f.suggestions,
        usage=f.usage,
        counts=not separate,
        pole=f.pole,
        link=concept.source,
        finding=f,
    )


def _message(f: Finding, quoted: bool, separate: bool) -> str:
    who = f"typical of {f.pole_label}" if f.pole_label else "loaded wording with no particular side"
    text = " ".join(f.text.split())
    msg = f"'{text}': {who} ({f.strength} signal)"
    if separate:
        msg += "; inside a quotation, so not counted against the author"
    elif quoted:
        msg += "; inside a quotation"
    return msg
