"""End to end in real Chromium: the page highlights terms and pasted markup never runs."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTICLE = (
    "Explosions were heard in Kiev overnight, officials said.\n\n"
    'A reader pasted this: <img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2</script>\n'
    "The US-led military bloc met in Brussels."
)


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not become healthy at {url} within {timeout} s")


@pytest.fixture(scope="module")
def playwright_api():
    return _require_browser()


@pytest.fixture(scope="module")
def server_url(playwright_api):
    env = dict(os.environ)
    if not (ROOT / "framing" / "packs" / "russia-ukraine.yaml").exists():
        env.update(FRAMING_PACKS="mini", FRAMING_PACKS_DIRS=str(ROOT / "tests" / "data" / "packs"))
    port = _free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port),
           "--browser.gatherUsageStats", "false"]  # fmt: skip
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_browser_highlights_and_blocks_injection(playwright_api, server_url):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_api() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(server_url)
            box = page.get_by_label("Article text")
            box.wait_for(timeout=60_000)
            box.fill(ARTICLE)
            page.get_by_role("button", name="Analyze").click()
            page.locator("mark.fr-hl").first.wait_for(timeout=60_000)
            assert page.locator("mark.fr-hl").count() > 0
            page.wait_for_timeout(500)
            assert page.evaluate("typeof window.__pwned") == "undefined", "pasted markup ran"
            assert page.locator(".fr-article img, .fr-article script").count() == 0
            assert 'onerror="window.__pwned=1"' in page.locator(".fr-article").inner_text()

            page.get_by_role("button", name="Load example").click()
            page.get_by_text("Emergency crews worked until dawn").last.wait_for(timeout=60_000)
            page.locator("mark.fr-hl").first.wait_for(timeout=60_000)
            # Streamlit scrolls inside its main section, so grow the viewport to show the whole page.
            height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
            page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 4000)})
            page.wait_for_timeout(1000)
            shot = ARTIFACTS / "app.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
            if os.environ.get("FRAMING_UPDATE_SCREENSHOTS") == "1":
                (ROOT / "docs").mkdir(exist_ok=True)
                shutil.copyfile(shot, ROOT / "docs" / "screenshot-main.png")
        finally:
            browser.close()
