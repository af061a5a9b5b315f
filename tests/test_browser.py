"""End to end in real Chromium: the page highlights terms and pasted markup never runs."""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "eval"))

from common import CHROMIUM_ARGS, serve_app  # noqa: E402
from test_app import docx_bytes  # noqa: E402

ARTIFACTS = ROOT / "tests" / "artifacts"
ARTICLE = (
    "Explosions were heard in Kiev overnight, officials said.\n\n"
    'A reader pasted this: <img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2</script>\n'
    '" onmouseover="window.__pwned=3" x=" [x](javascript:window.__pwned=4) :red[x]\n'
    "Prices rose from $3,500 … $5,000 last year.\n"
    "The US-led military bloc met in Brussels."
)
SHOTS = {"main": "screenshot-main.png", "swap": "screenshot-swap.png", "compare": "screenshot-compare.png"}


def _shot(page, name: str, top: str, bottom: str | None = None, max_height: int = 2600, hover=None) -> Path:
    """Grow the viewport to the whole page, then save the part from `top` down to `bottom` (selectors).

    `hover` is a locator to hover over first, so that its explanation panel is in the picture.
    """
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 6000)})
    page.wait_for_timeout(1200)
    if hover is not None:
        hover.hover()
        hover.locator(".fr-tip").wait_for(state="visible", timeout=10_000)
    y0 = max(page.locator(top).first.bounding_box()["y"] - 16, 0)
    y1 = y0 + max_height
    if bottom is not None:
        box = page.locator(bottom).last.bounding_box()
        y1 = min(box["y"] + box["height"] + 24, y1)
    path = ARTIFACTS / SHOTS[name]
    page.screenshot(path=str(path), clip={"x": 0, "y": y0, "width": 1400, "height": y1 - y0})
    assert path.stat().st_size > 20_000, f"{name} screenshot looks blank"
    if os.environ.get("FRAMING_UPDATE_SCREENSHOTS") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(path, ROOT / "docs" / SHOTS[name])
    page.set_viewport_size({"width": 1400, "height": 1000})
    return path


def _require_browser():
    required = os.environ.get("FRAMING_REQUIRE_BROWSER") == "1"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required:
            pytest.fail("FRAMING_REQUIRE_BROWSER=1 but playwright is not installed")
        pytest.skip("playwright is not installed")
    if shutil.which("chromium") is None:
        if required:
            pytest.fail("FRAMING_REQUIRE_BROWSER=1 but no chromium on PATH")
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    return sync_playwright


@pytest.fixture(scope="module")
def playwright_api():
    return _require_browser()


@pytest.fixture(scope="module")
def server_url(playwright_api):
    env = dict(os.environ)
    if not (ROOT / "framing" / "packs" / "russia-ukraine.yaml").exists():
        env.update(FRAMING_PACKS="mini", FRAMING_PACKS_DIRS=str(ROOT / "tests" / "data" / "packs"))
    with serve_app(env, timeout=60) as (url, _server):
        yield url


@pytest.fixture(scope="module")
def page(playwright_api, server_url):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_api() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(server_url)
            page.get_by_label("Article text").wait_for(timeout=60_000)
            yield page
        finally:
            browser.close()


def test_browser_paste_highlights_and_blocks_injection(page):
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_role("button", name="Analyze").click()
    page.locator(".fr-article mark.fr-hl").first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    assert page.locator(".fr-article mark.fr-hl").count() >= 2
    assert page.evaluate("typeof window.__pwned") == "undefined", "pasted markup ran"
    assert page.locator(".fr-article img, .fr-article script, .fr-article a").count() == 0
    shown = page.locator(".fr-article").first.inner_text()
    assert 'onerror="window.__pwned=1"' in shown and "<script>window.__pwned=2</script>" in shown
    assert "Prices rose from $3,500 … $5,000 last year." in shown
    assert "[x](javascript:window.__pwned=4) :red[x]" in shown
    assert page.locator(".fr-card").count() >= 4
    # Hover over a highlight (or click it) to open its explanation panel.
    mark = page.locator(".fr-article mark.fr-hl[tabindex]").first
    mark.click()
    tip = mark.locator(".fr-tip")
    tip.wait_for(state="visible", timeout=10_000)
    assert "Suggested instead" in tip.inner_text() and "sure" in tip.inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_browser_uploaddocx_bytes(page, tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(docx_bytes("Sirens sounded in Kiev overnight.\nThe US-led military bloc met."))
    page.get_by_role("tab", name="Upload a file").click()
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("Uploaded file: draft.docx").wait_for(timeout=60_000)
    # The previous test's article stays on the page until the new analysis arrives: wait for this one
    # (inner_text, because hidden explanation panels sit inside the highlights).
    article = page.locator(".fr-article:visible").first
    deadline = time.monotonic() + 60
    while "Sirens sounded in Kiev overnight." not in article.inner_text():
        assert time.monotonic() < deadline, "the uploaded article was not shown"
        page.wait_for_timeout(250)
    assert article.locator("mark.fr-hl").count() >= 1
    page.get_by_role("tab", name="Paste").click()


def test_browser_sample_swap_and_compare_with_screenshots(page):
    page.get_by_role("button", name="State-media style").click()
    page.mouse.move(5, 600)  # away from the button, so its help tooltip closes
    page.get_by_text("Emergency crews worked until dawn").last.wait_for(timeout=60_000)
    page.locator(".fr-article mark.fr-hl").first.wait_for(timeout=60_000)
    page.get_by_text("Mostly Russian state media wording").first.wait_for(timeout=30_000)
    bloc = page.locator(".fr-article mark.fr-hl[tabindex]", has_text="US-led military").first
    _shot(page, "main", "h1", ".fr-tip:visible", max_height=2400, hover=bloc)

    page.get_by_role("tab", name="Swap and rescore").click()
    page.get_by_role("button", name=re.compile("^Swap every term")).click()
    page.locator("ins.fr-ins").first.wait_for(timeout=60_000)
    page.locator(".fr-versus:visible").first.wait_for(timeout=60_000)
    assert "after the swap" in page.locator(".fr-versus:visible").first.inner_text()
    _shot(page, "swap", "[data-testid=stTabs] >> nth=1", max_height=1500)

    page.get_by_role("tab", name="Compare").click()
    page.get_by_role("button", name="Compare", exact=True).click()
    page.locator(".fr-versus:visible").first.wait_for(timeout=60_000)
    assert "Wire-service style" in page.locator(".fr-versus:visible").first.inner_text()
    _shot(page, "compare", "[data-testid=stTabs] >> nth=1", max_height=1700)
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_browser_export_downloads(page):
    page.get_by_role("tab", name="Export").click()
    expected = {
        "HTML report": "<!DOCTYPE html>",
        "JSON (wire schema)": '"schema_version": 1',
        "Markdown": "## Findings",
        "Findings (CSV)": "line,column,start,end,term",
    }
    for label, marker in expected.items():
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=label).click()
        content = Path(download.value.path()).read_text(encoding="utf-8")
        assert marker in content, label
        if label == "HTML report":
            assert "Kiev" in content and "<script" not in content
