"""Render a report for people: escaped, overlap-aware HTML highlights, score cards, and tables.

Everything is built from the report itself (findings and axes carry their labels). Every piece of text that
comes from the user or from a pack reaches HTML through `html.escape`; class names come from fixed lists and
no `style=` attribute is ever built from data. This module has no user-interface dependency.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from .types import ArticleReport, AxisScore, Finding, SentenceScore
from .views import at_least, sentence_score

POLE_CLASSES = ("fr-pole-0", "fr-pole-1")
NO_POLE_CLASS = "fr-pole-none"
POLE_COLOURS = ("#E69F00", "#0072B2")  # Okabe-Ito orange and blue: safe for the common colour blindnesses
NO_POLE_COLOUR = "#8C8C8C"
LOADED_COLOUR = "#CC79A7"  # Okabe-Ito reddish purple
USAGE_LABELS = {
    "author": "the author's own wording",
    "quoted": "in a quote or attributed (not counted)",
    "other_sense": "another sense (not scored)",
}
LOADED_LEVELS = ((0.85, 3), (0.7, 2), (0.5, 1))  # loaded score -> intensity class
LOW_EVIDENCE_SENTENCES = 3
# Embeddings, overrides, isolates and the invisible marks: any of them can reorder what is displayed.
_BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_ZWJ = "\u200d"

STYLE = """<style>
.fr-article { white-space: pre-wrap; overflow-wrap: anywhere; font-family: Georgia, "DejaVu Serif", serif;
  font-size: 1.3rem; line-height: 1.8; color: #1b1b1b; max-width: 80ch; unicode-bidi: isolate;
  padding-bottom: 10rem; position: relative; }
.fr-hl, .fr-swatch { color: inherit; border-radius: 0.2em; padding: 0 0.08em 0.14em;
  border-bottom: 0.2em solid transparent; }
.fr-hl { cursor: pointer; }
.fr-hl:focus { outline: 0.15em solid #1b1b1b; outline-offset: 0.05em; }
.fr-hl .fr-hl { padding: 0; border-bottom: none; outline-width: 0.14em; outline-style: solid; }
.fr-pole-0 { background-color: rgba(230, 159, 0, 0.32); border-bottom-color: #E69F00;
  outline-color: #E69F00; }
.fr-pole-1 { background-color: rgba(0, 114, 178, 0.22); border-bottom-color: #0072B2;
  outline-color: #0072B2; }
.fr-pole-none { background-color: rgba(0, 0, 0, 0.09); border-bottom-color: #666; outline-color: #666; }
.fr-usage-quoted { border-bottom-style: dashed; background-image:
  repeating-linear-gradient(135deg, rgba(255, 255, 255, 0.7) 0 0.2em, transparent 0.2em 0.4em); }
.fr-usage-other_sense { background-color: transparent; background-image: none; color: #555;
  border-bottom: 0.12em dotted #999; outline-color: #999; }
.fr-s.fr-voice-quoted { font-style: italic; color: #3a3a5a; }
.fr-loaded-1 { background-color: rgba(204, 121, 167, 0.12); }
.fr-loaded-2 { background-color: rgba(204, 121, 167, 0.24); }
.fr-loaded-3 { background-color: rgba(204, 121, 167, 0.38); }
.fr-tip { display: none; position: absolute; left: 0; right: 0; margin-top: 0.35em; z-index: 20;
  max-width: 40rem; white-space: normal; font: normal 400 1rem/1.45 system-ui, sans-serif;
  color: #1b1b1b; background: #fff; border: 0.12em solid #444; border-radius: 0.4em;
  box-shadow: 0 0.3em 1em rgba(0, 0, 0, 0.25); padding: 0.6em 0.8em; text-align: left; }
.fr-hl:hover > .fr-tip, .fr-hl:focus > .fr-tip, .fr-hl:focus-within > .fr-tip { display: block; }
.fr-tip-item + .fr-tip-item { border-top: 0.08em solid #bbb; margin-top: 0.5em; padding-top: 0.5em; }
.fr-tip-item, .fr-tip-row, .fr-tip-h { display: block; }
.fr-tip-h { font-weight: 700; font-size: 1.05rem; }
.fr-tip-k { font-weight: 600; }
.fr-legend { display: flex; flex-wrap: wrap; gap: 0.4em 1.2em; font-size: 1.05rem; margin: 0.3em 0 0.8em;
  align-items: baseline; }
.fr-legend-topic { font-weight: 600; }
.fr-warn { background: #fff6d6; border-left: 0.3em solid #E69F00; padding: 0.5em 0.8em; margin: 0.3em 0;
  font-size: 1.05rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.fr-notice { padding: 0.6em 0.9em; margin: 0.3em 0; border-radius: 0.4em; font-family: system-ui, sans-serif;
  font-size: 1.05rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.fr-notice-error { background: #fde8e8; border-left: 0.3em solid #D55E00; }
.fr-notice-info { background: #e8f1fa; border-left: 0.3em solid #0072B2; }
.fr-notice-note { color: #555; font-size: 0.95rem; padding: 0.2em 0; }
.fr-notice-heading { font-size: 1.5rem; font-weight: 700; padding: 0.2em 0; }
.fr-ctl { font-family: monospace; font-size: 0.8em; color: #fff; background: #a8324a; border-radius: 0.2em;
  padding: 0 0.15em; }
.fr-cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(10.5rem, 1fr)); gap: 0.7rem;
  margin: 0.4rem 0 1rem; font-family: system-ui, sans-serif; }
.fr-card { border: 0.12em solid #c8c8c8; border-radius: 0.6rem; padding: 0.7rem 0.9rem; background: #fff; }
.fr-card-title { font-size: 0.95rem; color: #444; text-transform: uppercase; letter-spacing: 0.03em; }
.fr-card-value { font-size: 1.45rem; font-weight: 700; line-height: 1.2; margin: 0.15rem 0; }
.fr-card-reading { font-size: 1.05rem; line-height: 1.35; }
.fr-card-detail { font-size: 0.92rem; color: #555; margin-top: 0.35rem; }
.fr-card-none { border-style: dashed; background: #f6f6f6; }
.fr-card-none .fr-card-value { color: #666; font-weight: 600; font-size: 1.25rem; }
.fr-badge { display: inline-block; font-size: 0.8rem; font-weight: 700; padding: 0.05rem 0.45rem;
  border-radius: 1rem; background: #fff0c2; border: 0.08em solid #E69F00; color: #5a3d00;
  vertical-align: middle; margin-left: 0.4rem; text-transform: none; letter-spacing: 0; }
.fr-scale { position: relative; height: 0.9rem; margin: 0.5rem 0 0.2rem; border-radius: 0.45rem;
  background: linear-gradient(90deg, #E69F00, #eeeeee 50%, #0072B2); }
.fr-scale-dot { position: absolute; top: -0.25rem; width: 1.3rem; height: 1.3rem; margin-left: -0.65rem;
  border-radius: 50%; background: #1b1b1b; border: 0.2rem solid #fff; box-shadow: 0 0 0 0.1rem #1b1b1b; }
.fr-scale-dot.fr-mark-1 { background: #fff; box-shadow: 0 0 0 0.15rem #1b1b1b; }
.fr-scale-tag { position: absolute; top: -1.7rem; margin-left: -1.5rem; width: 3rem; text-align: center;
  font: 700 0.95rem/1 system-ui, sans-serif; }
.fr-scale-tag.fr-mark-1 { top: 1.2rem; }
.fr-versus { font-family: system-ui, sans-serif; margin: 0.6rem 0 1.2rem; max-width: 60rem; }
.fr-versus .fr-scale { margin: 2.2rem 0.8rem 2rem; }
.fr-versus-title { font-weight: 700; font-size: 1.15rem; }
.fr-versus-row { font-size: 1.05rem; }
.fr-scale-ends { display: flex; justify-content: space-between; font-size: 0.85rem; color: #444; }
.fr-diff { white-space: pre-wrap; overflow-wrap: anywhere; font-family: Georgia, "DejaVu Serif", serif;
  font-size: 1.15rem; line-height: 1.7; max-height: 34rem; overflow-y: auto; border: 0.08em solid #ddd;
  border-radius: 0.4rem; padding: 0.6rem 0.8rem; }
.fr-del { background: rgba(230, 159, 0, 0.32); text-decoration: line-through;
  text-decoration-thickness: 0.12em; }
.fr-ins { background: rgba(0, 158, 115, 0.25); text-decoration: none; border-bottom: 0.18em solid #009E73; }
"""

STYLE = (
    STYLE.rstrip("\n")
    + "\n"
    + "".join(f".fr-pos-{i} {{ left: {i * 2.5:g}%; }}\n" for i in range(41))
    + "</style>"
)


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece [start, end) of the text and the spans covering it, outermost first."""

    start: int
    end: int
    active: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Card:
    """One score card: a title, a big value, a plain-language reading and its evidence state.

    `state` is "ok", "low" (low evidence: read as a hint) or "none" (no evidence or no model score).
    `position` is an alignment in [-1, 1] to draw on a scale between the `ends` labels.
    """

    key: str
    title: str
    value: str
    reading: str
    detail: str = ""
    state: str = "ok"
    position: float | None = None
    ends: tuple[str, ...] = ()


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


def to_html(
    report: ArticleReport,
    *,
    show_quoted: bool = True,
    min_severity: str = "info",
    mark_sentences: bool = True,
) -> str:
    """Render the article with every finding highlighted, explained, and every text fragment escaped.

    Args:
        report: the analysis of one text; its offsets index `report.text`.
        show_quoted: highlight findings inside quotes and attributed speech too.
        min_severity: hide findings below this severity ("info", "warning" or "error").
        mark_sentences: set quoted speech apart and tint loaded sentences by their `loaded` score.

    Returns:
        A `<style>` block and a `<div class="fr-article">` showing the text verbatim. Each highlight is a
        focusable `<mark>`; hovering or clicking it shows a panel (`.fr-tip`) with what the term signals,
        who recommends which form and since when, the suggested alternative and how the term is used here.

    Example:
        >>> html_text = to_html(load_analyzer().analyze("Sirens sounded in Kiev."))

    """
    text = report.text
    shown = [f for f in at_least(report.findings, min_severity) if show_quoted or f.usage != "quoted"]
    sentences = [s for s in report.sentences if _sentence_classes(s)] if mark_sentences else []
    poles = pole_order(report)
    tips = [_tip(f, poles) for f in shown]
    spans = [(f.start, f.end) for f in shown] + [(s.start, s.end) for s in sentences]
    n = len(shown)
    parts = [STYLE, '<div class="fr-article" dir="ltr">']
    for seg in segments(text, spans):
        inner = _text_html(text[seg.start : seg.end])
        marks = [i for i in seg.active if i < n]
        if marks:
            inner += '<span class="fr-tip" role="tooltip">' + "".join(tips[i] for i in marks) + "</span>"
            for depth, i in enumerate(reversed(marks)):
                inner = _mark(shown[i], i, poles, focusable=depth == 0) + inner + "</mark>"
        for i in seg.active:
            if i >= n:
                s = sentences[i - n]
                inner = f'<span class="{_sentence_classes(s)}">{inner}</span>'
        parts.append(inner)
    parts.append("</div>")
    return "".join(parts)


def legend_html(report: ArticleReport, axes: Sequence[AxisScore] | None = None) -> str:
    """Render a colour key: the two sides of each axis, quoted and other-sense usage, quoted speech, tone."""
    axes = report.terminology if axes is None else axes
    groups = []
    for axis in axes:
        chips = [
            f'<span class="fr-swatch {css} fr-usage-author">{_text_html(label)}</span>'
            for (_, label), css in zip(axis_poles(axis), POLE_CLASSES, strict=False)
        ]
        groups.append(
            f'<span class="fr-legend-topic">{_text_html(axis_title(axis))}:</span>' + " ".join(chips)
        )
    chips = [
        f'<span class="fr-swatch {NO_POLE_CLASS} fr-usage-author">no side: loaded or house style</span>',
        f'<span class="fr-swatch {NO_POLE_CLASS} fr-usage-quoted">term in a quote: not counted</span>',
        f'<span class="fr-swatch {NO_POLE_CLASS} fr-usage-other_sense">other sense: not scored</span>',
        '<span class="fr-s fr-voice-quoted">quoted speech in italics</span>',
    ]
    if any(sentence_score(s, "loaded") is not None for s in report.sentences):
        chips.append('<span class="fr-loaded-2">loaded sentence (darker = more loaded)</span>')
    else:
        chips.append("<span>sentence tone: no model score</span>")
    body = "".join(f"<span>{g}</span>" for g in groups) + "".join(chips)
    return f'{STYLE}<div class="fr-legend">{body}</div>'


def warnings_html(warnings: Sequence[str]) -> str:
    """Render warnings as escaped HTML boxes (Markdown renderers would interpret user text)."""
    boxes = "".join(f'<div class="fr-warn" role="alert">⚠ {_text_html(w)}</div>' for w in warnings)
    return f'{STYLE}<div class="fr-warnings">{boxes}</div>' if warnings else ""


def notice_html(message: str, kind: str = "info") -> str:
    """Render a message that may contain user text (a file name, an address) as an escaped box.

    `kind` is "error", "info", "note" (a quiet caption) or "heading". Streamlit's message and heading
    widgets read Markdown, so a file called `[x](javascript:…).txt` or `$1 … $2` would be interpreted there.
    """
    kind = kind if kind in ("error", "info", "note", "heading") else "info"
    role = ' role="alert"' if kind == "error" else ""
    return f'{STYLE}<div class="fr-notice fr-notice-{kind}"{role}>{_text_html(message)}</div>'


def pole_order(report: ArticleReport) -> dict[str, int]:
    """Return pole id -> position on its axis (0 is the -1 end), read from the report's axes."""
    order: dict[str, int] = {}
    for axis in report.terminology:
        for i, (pole_id, _) in enumerate(axis_poles(axis)):
            order.setdefault(pole_id, i)
    return order


def axis_poles(axis: AxisScore) -> tuple[tuple[str, str], ...]:
    """Return the (id, label) of the axis poles in axis order (ids as labels for old reports)."""
    return axis.poles or tuple((p, p.replace("_", " ")) for p, _ in axis.counts)


def axis_title(axis: AxisScore) -> str:
    """Return a display title for an axis from its id ("us-immigration" -> "US Immigration")."""
    words = axis.axis.replace("_", "-").split("-")
    return " ".join(w.upper() if len(w) <= 2 else w.capitalize() for w in words if w)


def pole_label(report: ArticleReport, pole_id: str | None) -> str:
    """Return the label of a pole id ('no side' for None or 'none')."""
    if pole_id is None or pole_id == "none":
        return "no side"
    for axis in report.terminology:
        for p, label in axis_poles(axis):
            if p == pole_id:
                return label
    return pole_id


def findings_rows(
    report: ArticleReport, *, min_severity: str = "info", show_quoted: bool = True
) -> list[dict[str, object]]:
    """Return one display row per finding: where, term, concept, side, usage, severity, advice, authority."""
    return [
        finding_row(report, f)
        for f in at_least(report.findings, min_severity)
        if show_quoted or f.usage != "quoted"
    ]


def finding_row(report: ArticleReport, f: Finding) -> dict[str, object]:
    """Return the display row of one finding (bidi controls made visible)."""
    return {
        "line": report.text.count("\n", 0, f.start) + 1,
        "column": f.start - (report.text.rfind("\n", 0, f.start) + 1) + 1,
        "term": visible(f.text),
        "concept": visible(f.title or f.concept.replace("-", " ").capitalize()),
        "side": visible(f.pole_label or pole_label(report, f.pole)),
        "usage": USAGE_LABELS.get(f.usage, f.usage),
        "usage sure": round(f.usage_score, 2),
        "severity": f.severity,
        "suggestion": visible(" / ".join(f.suggestions)),
        "explanation": visible(f.explanation or f.message),
        "authority": visible("; ".join(_authority(a) for a in f.authorities)),
    }


def terminology_cards(
    axis: AxisScore, report: ArticleReport, *, quotes_counted: bool = False
) -> tuple[Card, ...]:
    """Return the lean card and the alignment card of one axis, with counts, confidence and a reading."""
    poles = axis_poles(axis)
    labels = {p: label for p, label in poles}
    counts = dict(axis.counts)
    quoted = dict(axis.quoted_counts)
    total = sum(counts.values())
    whose = "in the author's words and in quotes" if quotes_counted else "in the author's own words"
    count_text = ", ".join(f"{counts.get(p, 0)} {labels[p]}" for p, _ in poles)
    quoted_total = sum(quoted.values())
    quote_note = (
        ""
        if quotes_counted
        else (f" {quoted_total} more in quotes (not counted)." if quoted_total else " None in quotes.")
    )
    ends = ("−1", "0", "+1")
    title = axis_title(axis)
    if axis.alignment is None:
        reading = f"No contested terms of this topic {whose}."
        lean = Card(
            f"lean:{axis.axis}",
            f"{title}: terminology",
            "no evidence",
            reading,
            f"Counts: {count_text}.{quote_note}",
            "none",
        )
        align = Card(
            f"alignment:{axis.axis}",
            f"{title}: alignment",
            "no evidence",
            "Nothing to place on the scale.",
            "",
            "none",
            None,
            ends,
        )
        return lean, align
    if axis.lean != "none":
        n = counts.get(axis.lean, 0)
        share = n / total if total else 0
        head = "Mostly" if share >= 0.75 else "Leans to"
        reading = f"{head} {labels.get(axis.lean, axis.lean)} wording: {n} of {total} terms {whose}."
        value = labels.get(axis.lean, axis.lean)
    elif total < 2:
        reading = f"Too little to call: {total} term {whose}."
        value = "no clear lean"
    else:
        reading = f"Mixed wording {whose}: {count_text}."
        value = "no clear lean"
    state = "low" if axis.confidence == "low" else "ok"
    detail = f"Confidence {axis.confidence}. Counts: {count_text}.{quote_note}"
    lean = Card(f"lean:{axis.axis}", f"{title}: terminology", value, reading, detail, state)
    align_reading = f"On a scale from −1 (only {poles[0][1]}) to +1 (only {poles[-1][1]})."
    align = Card(
        f"alignment:{axis.axis}",
        f"{title}: alignment",
        _signed(axis.alignment),
        align_reading,
        f"Confidence {axis.confidence}; strong terms weigh more, repeats less.",
        state,
        axis.alignment,
        ends,
    )
    return lean, align


def model_cards(report: ArticleReport, axes: Sequence[AxisScore] | None = None) -> tuple[Card, ...]:
    """Return cards for the loaded share, the subjective share and the framing lean of each axis.

    Each says "no model score" when the sentence model gave no value, and "low evidence" when it rests on
    fewer than three of the author's sentences.
    """
    axes = report.terminology if axes is None else axes
    cards = [
        _share_card(
            report,
            "loaded",
            "Loaded sentences",
            report.loaded_share,
            "of the author's sentences use loaded, emotive or judgemental wording",
        ),
        _share_card(
            report,
            "subjective",
            "Subjective sentences",
            report.subjective_share,
            "of the author's sentences read as opinion rather than report",
        ),
    ]
    framing = {f.axis: f for f in report.framing}
    for axis in axes:
        poles = axis_poles(axis)
        title = f"{axis_title(axis)}: framing"
        f = framing.get(axis.axis)
        if f is None or f.alignment is None:
            reading = "Not scored by the framing model, so no lean is shown (never a guess)."
            cards.append(Card(f"framing:{axis.axis}", title, "no model score", reading, "", "none"))
            continue
        labels = dict(poles)
        value = labels.get(f.lean, "no clear lean") if f.lean != "none" else "no clear lean"
        low = f.sentences < LOW_EVIDENCE_SENTENCES
        reading = (
            f"The author's sentences lean to {value} framing."
            if f.lean != "none"
            else "The author's sentences do not clearly lean either way."
        )
        ends = ("−1", "0", "+1")
        cards.append(
            Card(
                f"framing:{axis.axis}",
                title,
                value,
                reading,
                f"Alignment {_signed(f.alignment)} over {f.sentences} of the author's sentence(s) that are "
                "about the topic.",
                "low" if low else "ok",
                f.alignment,
                ends,
            )
        )
    return tuple(cards)


def _share_card(report: ArticleReport, key: str, title: str, share: float | None, what: str) -> Card:
    scored = [s for s in report.sentences if s.voice == "author" and sentence_score(s, key) is not None]
    if share is None:
        reading = "Not scored by the sentence model, so no share is shown (never a guess)."
        return Card(key, title, "no model score", reading, "", "none")
    n = len(scored)
    low = n < LOW_EVIDENCE_SENTENCES
    reading = f"{share:.0%} {what}."
    detail = f"Over {n} sentence(s) of the author's own; quoted speech is not counted."
    if low:
        detail = f"Low evidence: only {n} sentence(s) scored. " + detail
    return Card(key, title, f"{share:.0%}", reading, detail, "low" if low else "ok")


def cards_html(cards: Sequence[Card]) -> str:
    """Render score cards as escaped HTML (large type for a projector)."""
    out = []
    for c in cards:
        badge = ""
        if c.state == "low":
            badge = '<span class="fr-badge">low evidence</span>'
        elif c.state == "none":
            badge = '<span class="fr-badge">no evidence</span>' if c.value == "no evidence" else ""
        scale = ""
        if c.position is not None:
            pos = round((max(-1.0, min(1.0, c.position)) + 1) * 20)
            ends = "".join(f"<span>{_text_html(e)}</span>" for e in c.ends)
            scale = (
                f'<div class="fr-scale" role="img" aria-label="alignment {_text_html(c.value)}">'
                f'<span class="fr-scale-dot fr-pos-{pos}"></span></div>'
                f'<div class="fr-scale-ends">{ends}</div>'
            )
        detail = f'<div class="fr-card-detail">{_text_html(c.detail)}</div>' if c.detail else ""
        out.append(
            f'<div class="fr-card fr-card-{c.state}" data-card="{html.escape(c.key, quote=True)}">'
            f'<div class="fr-card-title">{_text_html(c.title)}{badge}</div>'
            f'<div class="fr-card-value">{_text_html(c.value)}</div>{scale}'
            f'<div class="fr-card-reading">{_text_html(c.reading)}</div>{detail}</div>'
        )
    return f'{STYLE}<div class="fr-cards">{"".join(out)}</div>'


def versus_html(rows: Sequence[tuple[str, str, AxisScore]], *, title: str = "") -> str:
    """Place two or more scores of one axis on the same scale (compare, or before and after a swap).

    Args:
        rows: (tag, name, axis score) per article; the tag ("A", "B", "before", …) labels the dot.
        title: heading above the scale; the axis title by default.

    """
    if not rows:
        return ""
    axis = rows[0][2]
    poles = axis_poles(axis)
    dots, lines = [], []
    for n, (tag, name, score) in enumerate(rows):
        mark = f"fr-mark-{min(n, 1)}"
        if score.alignment is None:
            value = "no evidence"
        else:
            pos = round((max(-1.0, min(1.0, score.alignment)) + 1) * 20)
            dots.append(f'<span class="fr-scale-dot {mark} fr-pos-{pos}"></span>')
            dots.append(f'<span class="fr-scale-tag {mark} fr-pos-{pos}">{_text_html(tag)}</span>')
            value = _signed(score.alignment)
        counts = ", ".join(f"{n_} {dict(poles).get(p, p)}" for p, n_ in score.counts)
        lines.append(
            f'<div class="fr-versus-row"><b>{_text_html(tag)}</b> · {_text_html(name)}: '
            f"<b>{_text_html(value)}</b> "
            f"({_text_html(counts)}; confidence {_text_html(score.confidence)})</div>"
        )
    ends = f"<span>−1 {_text_html(poles[0][1])}</span><span>+1 {_text_html(poles[-1][1])}</span>"
    head = _text_html(title or f"{axis_title(axis)}: terminology alignment")
    return (
        f'{STYLE}<div class="fr-versus"><div class="fr-versus-title">{head}</div>'
        f'<div class="fr-scale" role="img" aria-label="{head}">{"".join(dots)}</div>'
        f'<div class="fr-scale-ends">{ends}</div>{"".join(lines)}</div>'
    )


def sentence_of(report: ArticleReport, offset: int) -> int:
    """Return the index of the sentence containing `offset` (the last one before it otherwise)."""
    best = 0
    for i, s in enumerate(report.sentences):
        if s.start <= offset:
            best = i
        else:
            break
    return best


def term_rows(report: ArticleReport, *, show_quoted: bool = True, min_severity: str = "info") -> list[dict]:
    """Return one chart row per highlighted finding: its sentence number, side and usage."""
    rows = []
    for f in at_least(report.findings, min_severity):
        if f.usage == "other_sense" or (f.usage == "quoted" and not show_quoted):
            continue
        side = f.pole_label or pole_label(report, f.pole)
        rows.append(
            {
                "sentence": sentence_of(report, f.start) + 1,
                "side": side + (" (in quotes)" if f.usage == "quoted" else ""),
                "term": visible(f.text),
            }
        )
    return rows


def sentence_rows(report: ArticleReport, *, show_quoted: bool = True) -> list[dict]:
    """Return one chart row per sentence: number, voice and its model scores (None when not scored)."""
    rows = []
    for i, s in enumerate(report.sentences):
        if s.voice == "quoted" and not show_quoted:
            continue
        row: dict[str, object] = {"sentence": i + 1, "voice": s.voice}
        row.update({k: v for k, v in s.scores})
        rows.append(row)
    return rows


def diff_html(text: str, new_text: str, edits: Sequence) -> tuple[str, str]:
    """Render the text before and after a rewrite, with each replaced wording marked (both escaped).

    `edits` are `framing.rewrite.Edit`s: spans in the old text (`start`, `end`) and the new (`new_start`,
    `new_end`).
    """
    before, after = [], []
    last_old = last_new = 0
    for e in sorted(edits, key=lambda e: e.start):
        before.append(_text_html(text[last_old : e.start]))
        before.append(f'<del class="fr-del">{_text_html(text[e.start : e.end])}</del>')
        after.append(_text_html(new_text[last_new : e.new_start]))
        after.append(f'<ins class="fr-ins">{_text_html(new_text[e.new_start : e.new_end])}</ins>')
        last_old, last_new = e.end, e.new_end
    before.append(_text_html(text[last_old:]))
    after.append(_text_html(new_text[last_new:]))
    wrap = '{}<div class="fr-diff" dir="ltr">{}</div>'
    return wrap.format(STYLE, "".join(before)), wrap.format(STYLE, "".join(after))


def to_markdown(report: ArticleReport, *, min_severity: str = "info") -> str:
    """Render the findings as a Markdown table (cells escaped for Markdown and pipes)."""
    rows = findings_rows(report, min_severity=min_severity)
    if not rows:
        return "No contested terms found.\n"
    keys = ("line", "term", "concept", "side", "usage", "severity", "suggestion")
    lines = ["| " + " | ".join(keys) + " |", "|" + " --- |" * len(keys)]
    lines += ["| " + " | ".join(md_escape(row[k]) for k in keys) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def md_escape(value: object) -> str:
    """Escape text for Markdown (a table cell, a list item): no line breaks, no markup, HTML or math.

    `&`, `<` and `>` become entities, so no HTML tag can form; the marks that make emphasis, code, links,
    tables, shortcodes and math are backslash-escaped, which keeps `$3,500 … $5,000` from becoming math.
    """
    text = " ".join(str(value).splitlines())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#|$:~])", r"\\\1", text)


def _sentence_classes(s: SentenceScore) -> str:
    classes = []
    if s.voice == "quoted":
        classes.append("fr-voice-quoted")
    loaded = sentence_score(s, "loaded")
    if loaded is not None:
        level = next((lvl for threshold, lvl in LOADED_LEVELS if loaded >= threshold), 0)
        if level:
            classes.append(f"fr-loaded-{level}")
    return " ".join(["fr-s", *classes]) if classes else ""


def _mark(f: Finding, index: int, poles: dict[str, int], *, focusable: bool) -> str:
    position = poles.get(f.pole, -1) if f.pole else -1
    pole_css = POLE_CLASSES[position] if 0 <= position < len(POLE_CLASSES) else NO_POLE_CLASS
    attrs = {
        "class": f"fr-hl {pole_css} fr-usage-{f.usage} fr-severity-{f.severity}",
        "data-finding": str(index),
        "data-rule": f.rule_id,
        "data-usage": f.usage,
        "data-pole": f.pole or "none",
    }
    if focusable:
        attrs["tabindex"] = "0"
    return "<mark " + " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items()) + ">"


def _tip(f: Finding, poles: dict[str, int]) -> str:
    """Build the escaped explanation panel of one finding."""
    side = f.pole_label or (f.pole or "no side")
    rows = [
        f'<span class="fr-tip-h">{_text_html(f.title or f.concept)}: “{_text_html(f.text)}”</span>',
        _tip_row("Side", f"{side} · {f.strength} signal · {f.severity}"),
    ]
    if f.explanation:
        rows.append(_tip_row("What it signals", f.explanation))
    rows.append(
        _tip_row(
            "How it is used here",
            f"{USAGE_LABELS.get(f.usage, f.usage)}{_reason(f)}; {f.usage_score:.0%} sure",
        )
    )
    if f.suggestions:
        rows.append(_tip_row("Suggested instead", " / ".join(f.suggestions)))
    for a in f.authorities:
        since = f" (since {a.since})" if a.since else ""
        rows.append(_tip_row(f"{a.name}{since}", a.says))
    return '<span class="fr-tip-item">' + "".join(rows) + "</span>"


def _reason(f: Finding) -> str:
    reason = f.usage_reason.strip()
    if not reason or reason.casefold() in USAGE_LABELS.get(f.usage, "").casefold():
        return ""
    return f" ({reason})"


def _tip_row(key: str, value: str) -> str:
    key_html = f'<span class="fr-tip-k">{_text_html(key)}:</span>'
    return f'<span class="fr-tip-row">{key_html} {_text_html(value)}</span>'


def _signed(value: float) -> str:
    return f"{value:+.2f}".replace("-", "−")


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


def visible(text: str) -> str:
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
