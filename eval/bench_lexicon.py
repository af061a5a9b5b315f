"""Benchmark the lexicon analysis (no model) on a 1,000-word article and raw matching throughput."""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import time
from pathlib import Path

from common import write_result

import framing
from framing.normalize import build_view

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "data" / "articles"
OUT = ROOT / "eval" / "results" / "lexicon_speed.json"


def article_of(words: int) -> str:
    """Build an article of about `words` words from the project's own test articles."""
    paras: list[str] = []
    for path in sorted(ARTICLES.glob("*.txt")):
        paras.extend(p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip())
    out: list[str] = []
    count = 0
    i = 0
    while count < words:
        para = paras[i % len(paras)]
        out.append(para)
        count += len(para.split())
        i += 1
    return "\n\n".join(out)


def timed(fn, repeats: int) -> list[float]:
    """Return wall times of `repeats` calls after two warm-up calls."""
    fn()
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    analyzer = framing.load_analyzer()
    text = article_of(1000)
    words = len(text.split())
    analyse = timed(lambda: analyzer.analyze(text), args.repeats)

    big = article_of(170_000)
    mb = len(big.encode("utf-8")) / 1e6
    view = build_view(big)
    match = timed(lambda: analyzer.matcher.find(view), 5)
    view_build = timed(lambda: build_view(big), 5)

    result = {
        "benchmark": "lexicon analysis (rules, no model)",
        "protocol": f"median of {args.repeats} runs after 2 warm-ups, one process, wall clock",
        "article_words": words,
        "analyze_median_ms": round(statistics.median(analyse) * 1000, 2),
        "analyze_p90_ms": round(sorted(analyse)[int(0.9 * len(analyse)) - 1] * 1000, 2),
        "budget_ms": 20,
        "findings_in_article": len(analyzer.analyze(text).findings),
        "matching_only_mb_per_s": round(mb / statistics.median(match), 2),
        "view_building_mb_per_s": round(mb / statistics.median(view_build), 2),
        "matching_text_mb": round(mb, 2),
        "packs": {p.id: p.version for p in analyzer.packs},
        "concepts": sum(len(p.concepts) for p in analyzer.packs),
        "python": platform.python_version(),
        "date": dt.date.today().isoformat(),
    }
    write_result(args.out, result)


if __name__ == "__main__":
    main()
