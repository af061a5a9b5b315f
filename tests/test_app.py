"""The Streamlit page: every input mode, the views, swap-and-rescore, compare, export, and no injection."""

from __future__ import annotations

import functools
import html as html_lib
import http.server
import io
import re
import socket
import threading
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from framing import samples

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
ARTICLE = "Sirens sounded in Kiev overnight.\nThe US-led military bloc met in Brussels on Tuesday."
PAYLOAD = (
    '<script>alert(1)</script> <img src=x onerror=alert(1)> " onmouseover="alert(1) '
    "[x](javascript:alert(1)) :red[x] $3,500 … $5,000"
)
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sirens</title></head><body>
<nav>Home | World | Sport</nav><article><h1>Sirens sounded in Kiev overnight</h1>
<p>Explosions were heard in Kiev overnight, officials said. The US-led military bloc met in Brussels on
Tuesday to discuss further support for the air defences of the country.</p>
<p>Residents of the capital spent hours in shelters as air defence units repelled several waves of drones,
according to the military administration of the city, which reported no casualties.</p></article>
<footer>Copyright 2024</footer></body></html>"""


@pytest.fixture
def env(monkeypatch):
    # Rules only: these tests check the page, not the model (test_model_scores_fill_the_cards does).
    monkeypatch.setenv("FRAMING_MODEL", "none")
    monkeypatch.setenv("FRAMING_PACKS", "mini")
    monkeypatch.setenv("FRAMING_PACKS_DIRS", str(ROOT / "tests" / "data" / "packs"))
    st.cache_data.clear()


@pytest.fixture
def app(env) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception
    return at


def click(at: AppTest, label: str) -> AppTest:
    button = next(b for b in at.button if b.label.startswith(label))
    button.click().run()
    assert not at.exception, at.exception
    return at


def analyze(at: AppTest, text: str) -> AppTest:
    at.text_area(key="framing_input").input(text)
    return click(at, "Analyze")


def html_values(at: AppTest) -> list[str]:
    return [h.value for h in at.html]


def article_html(at: AppTest) -> str:
    return next(h for h in html_values(at) if 'class="fr-article"' in h)


def notices(at: AppTest, kind: str) -> list[str]:
    return [h for h in html_values(at) if f'class="fr-notice fr-notice-{kind}"' in h]


def card_values(at: AppTest) -> dict[str, str]:
    """Return data-card key -> the card's big value, from every card group on the page."""
    found = {}
    for page in html_values(at):
        for key, value in re.findall(r'data-card="([^"]+)".*?class="fr-card-value">([^<]*)<', page):
            found.setdefault(key, value)
    return found


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_app_starts_with_title_samples_and_hint(app):
    assert app.title[0].value == "framing"
    assert any(i.value.startswith("Paste an article") for i in app.info)
    labels = [b.label for b in app.button]
    assert all(s.label in labels for s in samples.SAMPLES) and len(samples.SAMPLES) >= 4
    assert app.multiselect(key="framing_packs").value == ["mini"]


def test_paste_highlights_findings_cards_chart_and_table(app):
    analyze(app, ARTICLE)
    article = article_html(app)
    assert article.count('<mark class="fr-hl') == 2 and 'class="fr-tip"' in article
    cards = card_values(app)
    assert cards["lean:mini-axis"] == "Left pole"
    assert cards["alignment:mini-axis"] == "−1.00"
    assert cards["loaded"] == "no model score" and cards["subjective"] == "no model score"
    assert cards["framing:mini-axis"] == "no model score"
    assert any("Mostly Left pole wording: 2 of 2 terms" in h for h in html_values(app))
    assert app.get("vega_lite_chart"), "no per-sentence chart"
    table = app.dataframe[0].value
    assert {"line", "term", "concept", "side", "usage", "severity", "suggestion", "authority"} <= set(
        table.columns
    )
    assert list(table["term"]) == ["Kiev", "US-led military bloc"]
    assert list(table["line"]) == [1, 2]
    assert any("no model score" in c.value.lower() for c in app.caption)


def test_empty_input_shows_info(app):
    analyze(app, "   \n ")
    assert any(i.value.startswith("Paste an article") for i in app.info)
    assert not card_values(app)


def test_text_without_evidence_says_no_evidence(app):
    analyze(app, "The weather in Brussels was mild on Tuesday, and the meeting ended early.")
    assert any("No contested terms" in i.value for i in app.info)
    assert card_values(app)["lean:mini-axis"] == "no evidence"


def test_oversized_paste_shows_error_before_any_work(env, monkeypatch):
    monkeypatch.setenv("FRAMING_MAX_CHARS", "1000")
    at = AppTest.from_file(APP, default_timeout=90).run()
    analyze(at, "Kiev. " * 300)
    assert at.error and "limit is 1,000" in at.error[0].value
    assert not card_values(at)


@pytest.mark.parametrize("where", ["paste", "upload"])
def test_injection_payloads_stay_text(app, where):
    text = f"In Kiev {PAYLOAD}\nand {PAYLOAD} again."
    if where == "paste":
        analyze(app, text)
    else:
        app.file_uploader(key="framing_upload").upload("evil.txt", text.encode(), "text/plain").run()
        assert not app.exception
    pages = html_values(app)
    for page in pages:
        assert "<script" not in page and "<img" not in page and 'onmouseover="' not in page
        assert not re.search(r"<a\b", page)
    article = article_html(app)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=alert(1)&gt;" in article
    assert "[x](javascript:alert(1)) :red[x] $3,500 … $5,000" in article
    # Nothing user-provided goes through Markdown (only fixed labels do).
    for md in app.markdown:
        assert "$3,500" not in md.value and ":red[x]" not in md.value


def test_payload_in_warnings_is_escaped(app):
    analyze(app, "K\u200biev <img src=x onerror=alert(1)> \u202e and Kiev again.")
    warnings = [h for h in html_values(app) if "fr-warn" in h and "role=" in h]
    assert warnings, "expected the evasion or bidi warning"
    assert all("<img" not in w and "\u202e" not in w for w in warnings)


@pytest.mark.parametrize("sample", samples.SAMPLES, ids=lambda s: s.id)
def test_each_sample_loads_with_one_click(app, sample):
    click(app, sample.label)
    assert app.text_area(key="framing_input").value == sample.text()
    assert card_values(app), "the sample was not analysed"
    assert any(sample.label in n for n in notices(app, "note"))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("draft.txt", ARTICLE.encode("utf-8")),
        ("draft.md", ARTICLE.encode("utf-8")),
        ("page.html", PAGE.encode("utf-8")),
        ("draft.docx", docx_bytes(ARTICLE)),
    ],
)
def test_upload_of_each_type(app, name, data):
    app.file_uploader(key="framing_upload").upload(name, data).run()
    assert not app.exception, app.exception
    assert "Kiev" in app.text_area(key="framing_input").value
    assert "Copyright" not in app.text_area(key="framing_input").value
    assert '<mark class="fr-hl' in article_html(app)
    assert any(f"Uploaded file: {name}" in n for n in notices(app, "note"))


def test_file_name_and_address_are_not_markdown(app):
    app.file_uploader(key="framing_upload").upload("[x](javascript:alert(1)) $1 :red[x].docx", b"data").run()
    (error,) = notices(app, "error")
    assert "[x](javascript:alert(1)) $1 :red[x].docx" in error and "<a" not in error
    app.text_input(key="framing_url").input("<img src=x onerror=alert(1)>")
    click(app, "Fetch and analyze")
    (error,) = notices(app, "error")
    assert "&lt;img src=x onerror=alert(1)&gt;" in error and "<img" not in error
    name = "[x](javascript:alert(1)) $1 :red[x].txt"
    app.file_uploader(key="framing_upload").upload(name, b"Sirens in Kiev.").run()
    click(app, "Compare")
    (heading, _) = notices(app, "heading")
    assert "[x](javascript:alert(1)) $1 :red[x].txt" in heading
    assert all("$1" not in h.value for h in app.subheader)


def test_bad_upload_says_why(app):
    app.file_uploader(key="framing_upload").upload("broken.docx", b"PK\x03\x04 nope").run()
    assert not app.exception
    assert "not a readable Word" in notices(app, "error")[0]


@pytest.fixture
def site(tmp_path):
    (tmp_path / "article.html").write_text(PAGE, encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=tmp_path))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_is_fetched_and_analysed(app, site):
    app.text_input(key="framing_url").input(f"{site}/article.html")
    click(app, "Fetch and analyze")
    assert "Explosions were heard in Kiev" in app.text_area(key="framing_input").value
    assert '<mark class="fr-hl' in article_html(app)
    assert not notices(app, "error")


def test_unreachable_url_gives_a_clear_message(app):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app.text_input(key="framing_url").input(f"http://127.0.0.1:{port}/article.html")
    click(app, "Fetch and analyze")
    assert "could not be reached" in notices(app, "error")[0]
    app.text_input(key="framing_url").input("file:///etc/passwd")
    click(app, "Fetch and analyze")
    assert "not a web address" in notices(app, "error")[0]


def test_swap_one_term_and_rescore(app):
    analyze(app, ARTICLE)
    app.selectbox(key="framing_swap_pick").select(0).run()
    click(app, "Swap this term")
    diffs = [h for h in html_values(app) if 'class="fr-diff"' in h]
    assert len(diffs) == 2
    assert '<del class="fr-del">Kiev</del>' in diffs[0] and '<ins class="fr-ins">Kyiv</ins>' in diffs[1]
    versus = next(h for h in html_values(app) if "fr-versus" in h and "before the swap" in h)
    assert "−1.00" in versus and "after the swap" in versus
    assert any(s.value.startswith("Before and after (1 change)") for s in app.subheader)


def test_swap_all_single_option_terms(app):
    analyze(app, ARTICLE + " Kiev again.")
    click(app, "Swap every term")
    after = next(h for h in html_values(app) if 'class="fr-diff"' in h and "fr-ins" in h and "Kyiv" in h)
    assert after.count('<ins class="fr-ins">') == 3  # Kiev, Kiev, and the bloc -> NATO
    click(app, "Analyse the new text in full")
    assert "Kyiv" in app.text_area(key="framing_input").value
    assert card_values(app)["alignment:mini-axis"].startswith("+")


def test_compare_two_samples_on_one_scale(app):
    app.selectbox(key="framing_cmp_a").select("Neutral control").run()
    app.selectbox(key="framing_cmp_b").select("Paste a text").run()
    app.text_area(key="framing_cmp_text_b").input("Sirens in Kiev. The US-led military bloc met.").run()
    click(app, "Compare")
    versus = [h for h in html_values(app) if 'class="fr-versus"' in h]
    assert versus and "Pasted text B" in versus[0] and "Neutral control" in versus[0]
    assert len([h for h in html_values(app) if 'class="fr-article"' in h]) == 2


def test_compare_needs_text(app):
    app.selectbox(key="framing_cmp_b").select("Paste a text").run()
    click(app, "Compare")
    assert any("no text to analyse" in n for n in notices(app, "error"))


def test_export_buttons(app):
    analyze(app, ARTICLE)
    labels = {b.label for b in app.get("download_button")}
    assert labels == {"JSON (wire schema)", "HTML report", "Markdown", "Findings (CSV)"}


def test_settings_severity_and_quotes(app):
    analyze(app, 'Sirens in Kiev. He said: "The US-led military bloc lies." The SMO went on.')
    app.select_slider(key="framing_min_severity").set_value("error").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert set(table["severity"]) == {"error"}
    app.radio(key="framing_quotes").set_value("Including quotes").run()
    assert any("in the author&#x27;s words and in quotes" in h for h in html_values(app))


def test_no_pack_selected_says_so(app):
    app.multiselect(key="framing_packs").set_value([]).run()
    assert not app.exception
    assert any("at least one term pack" in w.value for w in app.warning)


def app_with_builtin_packs(monkeypatch, packs: str, timeout: int, model: bool = False) -> AppTest:
    """Start the app on built-in packs (optionally with the trained model) after a cache reset."""
    monkeypatch.setenv("FRAMING_PACKS", packs)
    monkeypatch.delenv("FRAMING_PACKS_DIRS", raising=False)
    if model:
        monkeypatch.delenv("FRAMING_MODEL", raising=False)
    st.cache_data.clear()
    return AppTest.from_file(APP, default_timeout=timeout).run()


def test_several_axes_one_card_group_each_others_collapsed(monkeypatch):
    at = app_with_builtin_packs(monkeypatch, "russia-ukraine,us-immigration,climate", 90)
    analyze(at, "Sirens sounded in Kiev overnight. Officials said illegal aliens crossed the border.")
    cards = card_values(at)
    assert cards["lean:russia-ukraine"] and cards["lean:us-immigration"]
    groups = [h for h in html_values(at) if 'class="fr-cards"' in h and 'data-card="lean:' in h]
    assert len(groups) == 3  # two axes with findings, and the climate axis inside the expander
    assert [e.label for e in at.expander] == ["Topics with no findings (1)"]
    assert any("climate: " in n for n in notices(at, "note"))
    legend = next(h for h in html_values(at) if 'class="fr-legend"' in h)
    assert "Russia Ukraine:" in legend and "US Immigration:" in legend and "Climate:" not in legend


def test_streamlit_config_is_safe_for_a_classroom():
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "localhost"
    assert config["server"]["enableXsrfProtection"] is True
    assert 0 < config["server"]["maxUploadSize"] <= 5
    assert config["browser"]["gatherUsageStats"] is False
    app_source = Path(APP).read_text(encoding="utf-8")
    assert "unsafe_allow_html" not in app_source and "components.html" not in app_source
    assert "MAX_UPLOAD_BYTES = 5 * 1024 * 1024" in app_source


def test_own_pack_folder_loads_and_a_broken_pack_is_listed_not_fatal(app, tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    (good / "newsroom.yaml").write_text(
        (ROOT / "tests" / "data" / "packs" / "mini.yaml").read_text().replace("pack: mini", "pack: newsroom"),
        encoding="utf-8",
    )
    app.text_input(key="framing_packs_dir").input(str(good)).run()
    assert not app.exception
    assert "newsroom" in app.multiselect(key="framing_packs").options

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.yaml").write_text("pack: broken\nversion: one\nlanguage: en\n", encoding="utf-8")
    app.text_input(key="framing_packs_dir").input(str(bad)).run()
    app.multiselect(key="framing_packs").select("broken").run()
    assert not app.exception
    errors = html_lib.unescape(" ".join(notices(app, "error")))
    assert "broken.yaml" in errors and "'version' must be an integer" in errors
    assert "missing required key 'title'" in errors

    app.text_input(key="framing_packs_dir").input(str(tmp_path / "nowhere")).run()
    assert not app.exception
    assert any("pack folder not found" in n for n in notices(app, "error"))


@pytest.mark.skipif(
    not (ROOT / "models" / "minilm-framing" / "config.json").is_file(), reason="no trained model committed"
)
def test_model_scores_fill_the_cards(monkeypatch):
    at = app_with_builtin_packs(monkeypatch, "russia-ukraine", 120, model=True)
    analyze(at, "The Kiev regime shelled Donetsk again. The brutal attack shocked residents.")
    cards = card_values(at)
    assert cards["loaded"].endswith("%") and cards["subjective"].endswith("%")
