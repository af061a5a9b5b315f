"""Helpers shared by the eval scripts (no heavy imports)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Headless Chromium in a container: no sandbox, no GPU, nothing that calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODEL_DIR = ROOT / "models" / "minilm-framing"


def model_dir() -> Path | None:
    """Return the model folder `framing.load_analyzer()` will use, or None when there is no trained model.

    Like the library, the environment variable FRAMING_MODEL overrides the default folder ("none" turns
    the model off), so an experimental model can be evaluated without replacing the shipped one.
    """
    env = os.environ.get("FRAMING_MODEL", "default")
    if env.lower() == "none":
        return None
    path = DEFAULT_MODEL_DIR if env == "default" else Path(env)
    return path if (path / "config.json").is_file() else None


def write_result(path: Path, result: dict) -> None:
    """Write one benchmark's result as indented JSON (creating eval/results/) and print it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


def free_port() -> int:
    """Return a TCP port on localhost that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen, timeout: float) -> None:
    """Wait until the Streamlit server at `url` answers its health check; fail early if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:  # noqa: S310 (local)
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not become healthy at {url} within {timeout} s")


@contextmanager
def serve_app(env: dict[str, str], timeout: float = 90) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run app.py headless on a free localhost port; yield (url, server process) once it is healthy."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port),
           "--browser.gatherUsageStats", "false"]  # fmt: skip
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, server, timeout)
        yield url, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def published_runs(encoders: dict, model: str = "mBERT, English train") -> list[dict]:
    """Return the published runs of one model from subjective_encoders.json, in seed order."""
    runs = encoders.get("published", {}).get("runs", [])
    return sorted((r for r in runs if r["model"] == model), key=lambda r: r["seed"] or 0)
