"""Exports: wire-schema JSON, a self-contained escaped HTML report, Markdown and defused CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

import framing
from framing import export

from conftest import DATA

PAYLOAD = (
    '<script>window.__pwned=1</script> <img src=x onerror=alert(1)> " onmouseover="alert(1) '
    "[x](javascript:alert(1)) :red[x] $3,500 … $5,000"
)


@pytest.fixture(scope="module")
def report(mini_analyzer):
    return mini_analyzer.analyze(f'Sirens in Kiev. {PAYLOAD}\nThe US-led military bloc met. He said "Kiev".')


@pytest.fixture(scope="module")
def mini_analyzer():
    return framing.load_analyzer(packs=["mini"], packs_dirs=[DATA / "packs"])


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)


def test_json_is_the_wire_schema(report):
    data = json.loads(export.to_json(report))
    assert data == json.loads(json.dumps(report.to_dict()))
    assert data["schema_version"] == 1 and data["findings"][0]["text"] == "Kiev"


def test_html_report_is_self_contained_and_escaped(report):
    page = export.to_html_report(report, title="<b>Draft</b>")
    assert page.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page
    assert "default-src 'none'" in page
    assert not re.search(r"<(script|img|iframe|link|object|embed)\b", page, re.I)
    parser = Tags()
    parser.feed(page)
    assert parser.tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "div", "span",
                           "mark", "table", "thead", "tbody", "tr", "th", "td", "b"}  # fmt: skip
    assert not {a for a in parser.attrs if a in ("src", "href", "style") or a.startswith("on")}
    assert 'onmouseover="' not in page and "@import" not in page and "url(" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "$3,500 … $5,000" in page and ":red[x]" in page
    assert "&lt;b&gt;Draft&lt;/b&gt;" in page
    assert 'class="fr-article"' in page and 'class="fr-cards"' in page and "<table" in page


def test_markdown_report_escapes_user_text(report):
    md = export.to_markdown_report(report, title="Draft [x](javascript:alert(1))")
    assert "<script" not in md and "<img" not in md and "](" not in md
    assert "\\$3,500" in md and "## Findings (3)" in md


def test_csv_has_one_row_per_finding_and_defuses_formulas(mini_analyzer):
    report = mini_analyzer.analyze('=HYPERLINK("http://x") Kiev\n@SUM(A1) and the US-led military bloc.')
    rows = list(csv.DictReader(io.StringIO(export.findings_csv(report))))
    assert [r["term"] for r in rows] == ["Kiev", "US-led military bloc"]
    assert set(export.CSV_COLUMNS) == set(rows[0])
    assert rows[0]["line"] == "1" and rows[1]["line"] == "2"
    assert export._cell("=1+1") == "'=1+1" and export._cell("-2") == "'-2" and export._cell(3) == 3
