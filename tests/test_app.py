"""The Streamlit page runs, highlights findings, caps pastes and never lets pasted text become markup."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
ARTICLE = "Sirens sounded in Kiev overnight.\nThe US-led military bloc met in Brussels on Tuesday."
PAYLOAD = '<script>alert(1)</script> <img src=x onerror=alert(1)> " onmouseover="alert(1) $3,500 :red[x]'


@pytest.fixture
def app(monkeypatch) -> AppTest:
    monkeypatch.setenv("FRAMING_PACKS", "mini")
    monkeypatch.setenv("FRAMING_PACKS_DIRS", str(ROOT / "tests" / "data" / "packs"))
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def analyze(at: AppTest, text: str) -> AppTest:
    at.text_area(key="framing_input").input(text)
    submit = next(b for b in at.button if b.label == "Analyze")
    submit.click().run()
    assert not at.exception, at.exception
    return at


def html_values(at: AppTest) -> list[str]:
    return [h.value for h in at.html]


def test_app_starts_with_title_and_hint(app):
    assert app.title[0].value == "framing"
    assert any(i.value.startswith("Paste an article") for i in app.info)


def test_app_highlights_findings_and_shows_metrics(app):
    analyze(app, ARTICLE)
    assert any('<mark class="fr-hl' in h for h in html_values(app)), "no highlight in the page"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Lean"] == "Left pole"
    assert metrics["Author's terms"] == "2 : 0"
    table = app.dataframe[0].value
    assert {"line", "term", "concept", "pole", "usage", "authority", "suggestion"} <= set(table.columns)
    assert list(table["term"]) == ["Kiev", "US-led military bloc"]
    assert list(table["line"]) == [1, 2]


def test_app_empty_input_shows_info(app):
    analyze(app, "   \n ")
    assert any(i.value.startswith("Paste an article") for i in app.info)
    assert not app.metric


def test_app_text_without_evidence_says_no_evidence(app):
    analyze(app, "The weather in Brussels was mild on Tuesday, and the meeting ended early.")
    values = {m.label: m.value for m in app.metric}
    assert values["Alignment"] == "no evidence"


def test_app_oversized_input_shows_error(monkeypatch):
    monkeypatch.setenv("FRAMING_MAX_CHARS", "1000")
    monkeypatch.setenv("FRAMING_PACKS", "mini")
    monkeypatch.setenv("FRAMING_PACKS_DIRS", str(ROOT / "tests" / "data" / "packs"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    analyze(at, "Kiev. " * 300)
    assert at.error and "limit is 1,000" in at.error[0].value
    assert not at.metric


def test_app_escapes_injection_payloads(app):
    analyze(app, f"In Kiev {PAYLOAD}\nand {PAYLOAD} again.")
    pages = html_values(app)
    for page in pages:
        assert "<script" not in page and "<img" not in page and 'onmouseover="' not in page
    article = next(h for h in pages if 'class="fr-article"' in h)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=alert(1)&gt;" in article
    assert "$3,500 :red[x]" in article


def test_app_escapes_payload_in_warnings(app):
    analyze(app, "K\u200biev <img src=x onerror=alert(1)> \u202e and Kiev again.")
    warnings = [h for h in html_values(app) if "fr-warn" in h and "role=" in h]
    assert warnings, "expected the evasion or bidi warning"
    assert all("<img" not in w and "\u202e" not in w for w in warnings)


def test_app_load_example_fills_and_analyses(app):
    app.selectbox(key="framing_sample").select("Wire service style").run()
    next(b for b in app.button if b.label == "Load example").click().run()
    assert not app.exception
    assert "Kyiv" in app.text_area(key="framing_input").value
    assert app.metric, "the example was not analysed"
