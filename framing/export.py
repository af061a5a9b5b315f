"""Export one report: wire-schema JSON, a self-contained HTML report, Markdown, and the findings as CSV.

The HTML report needs nothing from outside: inline CSS, no scripts, no images, no fonts, and a
Content-Security-Policy that forbids loading anything, so it can be mailed or put on a school drive. Every
piece of text is escaped.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re

from . import render
from .types import ArticleReport
from .views import counting_quotes, split_axes

CSV_COLUMNS = (
    "line", "column", "start", "end", "term", "rule_id", "concept", "side", "pole", "strength", "usage",
    "usage_score", "usage_reason", "severity", "suggestions", "explanation", "authorities",
)  # fmt: skip
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'"
_PAGE_STYLE = """<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem;
  color: #1b1b1b; }
h1 { font-size: 1.8rem; } h2 { font-size: 1.35rem; margin-top: 2rem; }
table.fr-table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
.fr-table th, .fr-table td { border: 1px solid #ccc; padding: 0.35rem 0.5rem; vertical-align: top;
  text-align: left; }
.fr-table th { background: #f2f2f2; }
.fr-meta { color: #555; font-size: 0.9rem; }
.fr-article { padding-bottom: 1rem; }
@media print { .fr-tip { display: none !important; } }
</style>"""


def to_json(report: ArticleReport) -> str:
    """Return the wire-schema v1 JSON of the report (UTF-8 text, indented)."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def to_html_report(
    report: ArticleReport, *, title: str = "framing report", quotes_counted: bool = False
) -> str:
    """Return a self-contained HTML page: score cards, colour key, highlighted article, findings table.

    Example:
        >>> page = to_html_report(load_analyzer().analyze("Sirens sounded in Kiev."), title="Draft 2")

    """
    view = counting_quotes(report) if quotes_counted else report
    shown, hidden = split_axes(view)
    axes = shown or view.terminology
    cards = [c for axis in axes for c in render.terminology_cards(axis, view, quotes_counted=quotes_counted)]
    cards += render.model_cards(view, axes)
    mode = "author's words and quotes" if quotes_counted else "author's own words only"
    rows = render.findings_rows(report)
    keys = ("line", "term", "concept", "side", "usage", "severity", "suggestion", "authority")
    head = "".join(f"<th>{html.escape(k)}</th>" for k in keys)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(row[k]), quote=True)}</td>" for k in keys) + "</tr>"
        for row in rows
    )
    table = f'<table class="fr-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    if not rows:
        table = "<p>No contested terms from the selected packs were found.</p>"
    other = ""
    if hidden and shown:
        names = ", ".join(render.axis_title(a) for a in hidden)
        other = f'<p class="fr-meta">No findings on: {html.escape(names)}.</p>'
    packs = ", ".join(f"{p} v{v}" for p, v in report.provenance_packs)
    meta = (
        f"Scores count the {mode}. Model: {report.provenance_model}. Packs: {packs}. "
        f"{len(report.text):,} characters."
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>{_PAGE_STYLE}</head><body>"
        f'<h1>{html.escape(title)}</h1><p class="fr-meta">{html.escape(meta)}</p>'
        f"{render.warnings_html(report.warnings)}"
        f"<h2>Scores</h2>{render.cards_html(cards)}{other}"
        f"<h2>The article</h2>{render.legend_html(report, axes)}{render.to_html(report)}"
        f"<h2>Findings ({len(rows)})</h2>{table}"
        "</body></html>\n"
    )


def to_markdown_report(report: ArticleReport, *, title: str = "framing report") -> str:
    """Return a Markdown report: scores, warnings and the findings table, all user text escaped."""
    shown, _ = split_axes(report)
    axes = shown or report.terminology
    cards = [c for axis in axes for c in render.terminology_cards(axis, report)]
    cards += render.model_cards(report, axes)
    lines = [f"# {render.md_escape(title)}", "", "## Scores (the author's own words)", ""]
    for card in cards:
        line = f"- **{render.md_escape(card.title)}**: {render.md_escape(card.value)}. "
        line += render.md_escape(card.reading)
        if card.detail:
            line += f" ({render.md_escape(card.detail)})"
        lines.append(line)
    if report.warnings:
        lines += ["", "## Warnings", ""] + [f"- {render.md_escape(w)}" for w in report.warnings]
    lines += ["", f"## Findings ({len(report.findings)})", "", render.to_markdown(report).rstrip(), ""]
    lines += ["## The article (contested terms in bold)", "", article_markdown(report), ""]
    return "\n".join(lines)


def article_markdown(report: ArticleReport) -> str:
    """Return the article as escaped Markdown, each outermost finding in bold, line breaks kept."""
    pieces, last = [], 0
    for f in sorted(report.findings, key=lambda f: (f.start, -f.end)):
        if f.start < last:
            continue  # nested in (or crossing) a finding already in bold
        pieces += [_md_text(report.text[last : f.start]), f"**{_md_text(f.text)}**"]
        last = f.end
    pieces.append(_md_text(report.text[last:]))
    out = []
    for line in "".join(pieces).split("\n"):
        line = line.strip()
        line = re.sub(r"^(\d+)([.)])", r"\1\\\2", line)  # "1." would start a list
        line = re.sub(r"^([-+=])", r"\\\1", line)  # bullets and setext underlines
        out.append(line)
    return "  \n".join(out).replace("  \n  \n", "\n\n")


def _md_text(text: str) -> str:
    """Escape a piece of article text for Markdown, keeping its line breaks."""
    return "\n".join(render.md_escape(line) for line in text.split("\n"))


def findings_csv(report: ArticleReport) -> str:
    """Return the findings as CSV (one row per finding); cells that a spreadsheet would run are defused."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = render.findings_rows(report)
    for f, row in zip(report.findings, rows, strict=True):
        values = {
            "line": row["line"],
            "column": row["column"],
            "start": f.start,
            "end": f.end,
            "term": f.text,
            "rule_id": f.rule_id,
            "concept": row["concept"],
            "side": row["side"],
            "pole": f.pole or "",
            "strength": f.strength,
            "usage": f.usage,
            "usage_score": round(f.usage_score, 4),
            "usage_reason": f.usage_reason,
            "severity": f.severity,
            "suggestions": " / ".join(f.suggestions),
            "explanation": f.explanation,
            "authorities": "; ".join(f"{a.name} ({a.since or 'no date'}): {a.says}" for a in f.authorities),
        }
        writer.writerow([_cell(values[k]) for k in CSV_COLUMNS])
    return out.getvalue()


def _cell(value: object) -> object:
    """Prefix text that a spreadsheet would read as a formula (CSV injection) with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
