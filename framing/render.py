"""Render a report for people: escaped, overlap-aware HTML highlights and a Markdown findings table."""

from __future__ import annotations

import html
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from .packs.schema import Pack
from .types import ArticleReport, AxisScore, Finding

POLE_CLASSES = ("fr-pole-0", "fr-pole-1")
NO_POLE_CLASS = "fr-pole-none"
USAGE_LABELS = {
    "author": "the author's own wording",
    "quoted": "in a quote or attributed (not counted)",
    "other_sense": "another sense (not scored)",
}
# Embeddings, overrides, isolates and the invisible marks: any of them can reorder what is displayed.
_BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_ZWJ = "\u200d"

STYLE = """<style>
.fr-article { white-space: pre-wrap; overflow-wrap: anywhere; font-family: Georgia, "DejaVu Serif", serif;
  font-size: 1.3rem; line-height: 1.75; color: #1b1b1b; max-width: 80ch; unicode-bidi: isolate; }
.fr-hl, .fr-swatch { color: inherit; border-radius: 0.2em; padding: 0 0.08em 0.14em;
  border-bottom: 0.2em solid transparent; }
.fr-hl { cursor: help; }
.fr-hl .fr-hl { padding: 0; border-bottom: none; outline-width: 0.14em; outline-style: solid; }
.fr-pole-0 { background-color: rgba(230, 159, 0, 0.30); border-bottom-color: #E69F00;
  outline-color: #E69F00; }
.fr-pole-1 { background-color: rgba(0, 114, 178, 0.20); border-bottom-color: #0072B2;
  outline-color: #0072B2; }
.fr-pole-none { background-color: rgba(0, 0, 0, 0.09); border-bottom-color: #666; outline-color: #666; }
.fr-usage-quoted { border-bottom-style: dashed; background-image:
  repeating-linear-gradient(135deg, rgba(255, 255, 255, 0.65) 0 0.2em, transparent 0.2em 0.4em); }
.fr-usage-other_sense { background-color: transparent; background-image: none; color: #555;
  border-bottom: 0.12em dotted #999; outline-color: #999; }
.fr-ctl { font-family: monospace; font-size: 0.8em; color: #fff; background: #a8324a; border-radius: 0.2em;
  padding: 0 0.15em; }
.fr-legend { display: flex; flex-wrap: wrap; gap: 0.4em 1.4em; font-size: 1.05rem; margin: 0.3em 0 0.8em; }
.fr-warn { background: #fff6d6; border-left: 0.3em solid #E69F00; padding: 0.5em 0.8em; margin: 0.3em 0;
  font-size: 1.05rem; white-space: pre-wrap; overflow-wrap: anywhere; }
</style>"""


@dataclass(frozen=True, slots=True)
class Labels:
    """Display names of poles and concepts, read from the loaded packs (ids are the fallback)."""

    poles: Mapping[str, str] = field(default_factory=dict)
    concepts: Mapping[str, str] = field(default_factory=dict)
    axes: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_packs(cls, packs: Iterable[Pack]) -> Labels:
        """Collect pole labels, axis titles and concept titles from packs."""
        poles: dict[str, str] = {}
        concepts: dict[str, str] = {}
        axes: dict[str, str] = {}
        for pack in packs:
            if pack.axis:
                axes.setdefault(pack.axis.id, pack.title)
                poles.update({p.id: p.label for p in pack.axis.poles})
            concepts.update({f"{pack.id}.{c.id}": c.title for c in pack.concepts})
        return cls(poles, concepts, axes)

    def pole(self, pole_id: str | None) -> str:
        """Return the label of a pole ('no side' for None)."""
        if pole_id is None or pole_id == "none":
            return "no side"
        return self.poles.get(pole_id, pole_id)

    def concept(self, finding: Finding) -> str:
        """Return the title of a finding's concept."""
        return self.concepts.get(finding.rule_id, finding.concept.replace("-", " ").capitalize())

    def axis(self, axis_id: str) -> str:
        """Return the display name of an axis."""
        return self.axes.get(axis_id, axis_id)


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece [start, end) of the text and the findings covering it, outermost first."""

    start: int
    end: int
    active: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Metric:
    """One number of the terminology summary, ready for a metric widget."""

    label: str
    value: str
    help: str


def segments(text: str, spans: Sequence[tuple[int, int]]) -> list[Segment]:
    """Cut `text` at every span boundary; each piece lists the indices of the spans over it."""
    snapped = [(_snap(text, s, -1), _snap(text, e, +1)) for s, e in spans]
    opens: dict[int, list[int]] = defaultdict(list)
    closes: dict[int, set[int]] = defaultdict(set)
    for i, (s, e) in enumerate(snapped):
        if s < e:
            opens[s].append(i)
            closes[e].add(i)
    cuts = sorted({0, len(text), *opens, *closes})
    # Outer spans first, so that nested highlights nest in the markup as they do in the text.
    rank = {i: (s, -e, i) for i, (s, e) in enumerate(snapped)}
    active: list[int] = []
    out = []
    for a, b in pairwise(cuts):
        active = [i for i in active if i not in closes[a]] + opens[a]
        out.append(Segment(a, b, tuple(sorted(active, key=rank.__getitem__))))
    return out


def to_html(report: ArticleReport, *, show_quoted: bool = True, labels: Labels | None = None) -> str:
    """Render the article as HTML with every finding highlighted and every text fragment escaped.

    Args:
        report: the analysis of one text; its offsets index `report.text`.
        show_quoted: highlight findings inside quotes and attributed speech too.
        labels: display names from the packs (`Labels.from_packs(analyzer.packs)`); ids otherwise.

    Returns:
        A `<style>` block and a `<div class="fr-article">` showing the text verbatim.

    Example:
        >>> html_text = to_html(load_analyzer().analyze("Sirens sounded in Kiev."))

    """
    labels = labels or Labels()
    text = report.text
    shown = [f for f in report.findings if show_quoted or f.usage != "quoted"]
    poles = pole_order(report)
    tips = [_tooltip(f, labels) for f in shown]
    parts = [STYLE, '<div class="fr-article" dir="ltr">']
    for seg in segments(text, [(f.start, f.end) for f in shown]):
        inner = _text_html(text[seg.start : seg.end])
        for depth, i in enumerate(reversed(seg.active)):
            f = shown[i]
            tip = "\n\n".join(tips[j] for j in seg.active) if depth == 0 else tips[i]
            inner = _mark(f, i, poles, tip) + inner + "</mark>"
        parts.append(inner)
    parts.append("</div>")
    return "".join(parts)


def legend_html(report: ArticleReport, *, labels: Labels | None = None) -> str:
    """Render a colour key for the poles of the report's axes and for quoted and other-sense usage."""
    labels = labels or Labels()
    items = []
    for axis in report.terminology:
        for pole_id, css in zip((p for p, _ in axis.counts), POLE_CLASSES, strict=False):
            items.append((f"{css} fr-usage-author", labels.pole(pole_id)))
    items += [
        (f"{NO_POLE_CLASS} fr-usage-author", "loaded wording (no side)"),
        (f"{NO_POLE_CLASS} fr-usage-quoted", "in a quote: not counted"),
        (f"{NO_POLE_CLASS} fr-usage-other_sense", "other sense: not scored"),
    ]
    chips = "".join(f'<span class="fr-swatch {css}">{_text_html(label)}</span>' for css, label in items)
    return f'{STYLE}<div class="fr-legend">{chips}</div>'


def warnings_html(warnings: Sequence[str]) -> str:
    """Render warnings as escaped HTML boxes (Markdown renderers would interpret user text)."""
    boxes = "".join(f'<div class="fr-warn" role="alert">⚠ {_text_html(w)}</div>' for w in warnings)
    return f'{STYLE}<div class="fr-warnings">{boxes}</div>' if warnings else ""


def pole_order(report: ArticleReport) -> dict[str, int]:
    """Return pole id -> position on its axis (0 is the -1 end), read from the report's axes."""
    order: dict[str, int] = {}
    for axis in report.terminology:
        for i, (pole_id, _) in enumerate(axis.counts):
            order.setdefault(pole_id, i)
    return order


def findings_rows(report: ArticleReport, *, labels: Labels | None = None) -> list[dict[str, object]]:
    """Return one display row per finding: line, term, concept, pole, usage, severity, advice."""
    labels = labels or Labels()
    rows = []
    for f in report.findings:
        rows.append(
            {
                "line": report.text.count("\n", 0, f.start) + 1,
                "term": _visible(f.text),
                "concept": labels.concept(f),
                "pole": labels.pole(f.pole),
                "usage": USAGE_LABELS.get(f.usage, f.usage),
                "usage confidence": round(f.usage_score, 2),
                "severity": f.severity,
                "explanation": _visible(f.message),
                "authority": "; ".join(_authority(a) for a in f.authorities),
                "suggestion": " / ".join(f.suggestions),
            }
        )
    return rows


def axis_metrics(axis: AxisScore, *, labels: Labels | None = None) -> tuple[Metric, ...]:
    """Return the lean, alignment, evidence counts and confidence of one axis as display strings."""
    labels = labels or Labels()
    names = [labels.pole(p) for p, _ in axis.counts]
    ends = f"−1 = only {names[0]} wording, +1 = only {names[-1]} wording" if names else ""
    quoted = ", ".join(f"{labels.pole(p)}: {n}" for p, n in axis.quoted_counts) or "none"
    if axis.alignment is None:
        lean, alignment = "no evidence", "no evidence"
    else:
        lean = labels.pole(axis.lean) if axis.lean != "none" else "no clear lean"
        alignment = f"{axis.alignment:+.2f}".replace("-", "−")
    return (
        Metric("Lean", lean, "Which side's wording the author uses, if any clearly dominates."),
        Metric("Alignment", alignment, f"{ends}. Only the author's own wording counts."),
        Metric(
            "Author's terms",
            " : ".join(str(n) for _, n in axis.counts),
            "; ".join(f"{labels.pole(p)}: {n}" for p, n in axis.counts) + f". In quotes: {quoted}.",
        ),
        Metric("Confidence", axis.confidence, "How much evidence the scores rest on."),
    )


def to_markdown(report: ArticleReport, *, labels: Labels | None = None) -> str:
    """Render the findings as a Markdown table (cells escaped for pipes and line breaks)."""
    rows = findings_rows(report, labels=labels)
    if not rows:
        return "No contested terms found.\n"
    keys = ("line", "term", "concept", "pole", "usage", "severity", "explanation")
    lines = ["| " + " | ".join(keys) + " |", "|" + " --- |" * len(keys)]
    lines += ["| " + " | ".join(_md_cell(row[k]) for k in keys) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _mark(f: Finding, index: int, poles: Mapping[str, int], tip: str) -> str:
    position = poles.get(f.pole, -1) if f.pole else -1
    pole_css = POLE_CLASSES[position] if 0 <= position < len(POLE_CLASSES) else NO_POLE_CLASS
    attrs = {
        "class": f"fr-hl {pole_css} fr-usage-{f.usage} fr-severity-{f.severity}",
        "title": _visible(tip),
        "data-finding": str(index),
        "data-rule": f.rule_id,
        "data-usage": f.usage,
        "data-pole": f.pole or "none",
    }
    return "<mark " + " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items()) + ">"


def _tooltip(f: Finding, labels: Labels) -> str:
    lines = [
        f"{labels.concept(f)}: “{f.text}”",
        f"{labels.pole(f.pole)} · {f.strength} signal · {f.severity}",
        f"Usage: {USAGE_LABELS.get(f.usage, f.usage)} ({f.usage_reason or 'no reason given'}, "
        f"{f.usage_score:.0%} sure)",
    ]
    if f.suggestions:
        lines.append("Suggestion: " + " / ".join(f.suggestions))
    lines += [_authority(a) for a in f.authorities]
    return "\n".join(lines)


def _authority(a) -> str:
    return f"{a.name} (since {a.since})" if a.since else a.name


def _text_html(fragment: str) -> str:
    """Escape a text fragment and show bidi controls as visible markers instead of applying them."""
    out = []
    last = 0
    for m in _BIDI.finditer(fragment):
        out.append(html.escape(fragment[last : m.start()], quote=True))
        cp = f"{ord(m.group()):04X}"
        name = html.escape(unicodedata.name(m.group(), "bidirectional control").lower(), quote=True)
        out.append(f'<span class="fr-ctl" data-cp="{cp}" title="{name} (shown, not applied)">⟨U+{cp}⟩</span>')
        last = m.end()
    out.append(html.escape(fragment[last:], quote=True))
    return "".join(out)


def _visible(text: str) -> str:
    """Replace bidi controls by plain-text markers (for attributes and table cells)."""
    return _BIDI.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


def _snap(text: str, i: int, direction: int) -> int:
    """Move a cut point off the inside of a grapheme (combining marks, emoji ZWJ/modifier sequences)."""
    i = max(0, min(i, len(text)))
    while 0 < i < len(text) and (_extends(text[i]) or text[i - 1] == _ZWJ or text[i - 1 : i + 1] == "\r\n"):
        i += direction
    return i


def _extends(ch: str) -> bool:
    cp = ord(ch)
    return (
        ch == _ZWJ
        or unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or 0xFE00 <= cp <= 0xFE0F
        or 0x1F3FB <= cp <= 0x1F3FF
        or 0xE0020 <= cp <= 0xE007F
    )


def _md_cell(value: object) -> str:
    text = " ".join(str(value).splitlines())
    return text.replace("\\", "\\\\").replace("|", "\\|")
