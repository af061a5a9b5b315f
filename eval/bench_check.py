"""Benchmark `framing check` on a folder of 200 articles, as a journalist or CI would run it.

The articles are built in a temporary folder by combining paragraphs of the project's own test articles
and samples (a fixed seed, so every run checks the same text). The command runs as a separate process, so
the figure includes start-up: imports, pack loading and, when installed, the model.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import write_result

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    *sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")),
    *sorted((ROOT / "framing" / "samples").glob("*.txt")),
]
OUT = ROOT / "eval" / "results" / "check_speed.json"


def paragraphs() -> list[str]:
    """Return every non-empty paragraph of the source articles."""
    out: list[str] = []
    for path in SOURCES:
        out.extend(p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip())
    return out


def write_articles(folder: Path, count: int, seed: int = 7) -> int:
    """Write `count` articles of 4 to 12 paragraphs into `folder`; return the total number of words."""
    rng = random.Random(seed)
    paras = paragraphs()
    words = 0
    for i in range(count):
        text = "\n\n".join(rng.choice(paras) for _ in range(rng.randint(4, 12)))
        (folder / f"article_{i:03d}.txt").write_text(text + "\n", encoding="utf-8")
        words += len(text.split())
    return words


def run_check(folder: Path) -> tuple[float, int, dict]:
    """Run `framing check --format json` on the folder; return (seconds, exit status, summary)."""
    cmd = [sys.executable, "-m", "framing", "check", str(folder), "--format", "json", "--no-config"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env={**os.environ})
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"framing check failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return seconds, proc.returncode, json.loads(proc.stdout)["summary"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="framing-bench-") as tmp:
        folder = Path(tmp)
        words = write_articles(folder, args.articles)
        runs = [run_check(folder) for _ in range(args.repeats)]
    times = [r[0] for r in runs]
    median = statistics.median(times)
    summary = runs[0][2]
    result = {
        "benchmark": "framing check on a folder (separate process, wall clock, start-up included)",
        "protocol": f"median of {args.repeats} runs of `python -m framing check FOLDER --format json`",
        "articles": args.articles,
        "words": words,
        "wall_seconds_median": round(median, 2),
        "wall_seconds_runs": [round(t, 2) for t in times],
        "words_per_second": round(words / median),
        "alerts": summary["alerts"],
        "model": os.environ.get("FRAMING_MODEL", "default"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "date": dt.date.today().isoformat(),
    }
    write_result(args.out, result)


if __name__ == "__main__":
    main()
