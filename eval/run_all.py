"""`make eval`: run every evaluation script in order, then write eval/REPORT.md.

Order: bench_lexicon, bench_pipeline, babe_cv, usage_eval, robustness, stability, bench_baselines, gold_eval,
report, write_model_card (the card quotes the report's calibration.json). A step whose inputs are missing is
skipped with the reason (no trained model, no ../shared/data, no eval/gold); EVAL_QUICK=1 skips the BABE
cross-validation (about 40 minutes on two cores) and reuses the last eval/results/babe_cv.json, and lets the
report reuse its calibration figures. A failing step does not stop the others; the command exits non-zero
at the end if any step failed.
What ran, what was skipped and why goes to eval/results/run.json, which the report quotes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "eval"
sys.path.insert(0, str(EVAL))

from common import model_dir  # noqa: E402

RESULTS = EVAL / "results"
SHARED_DATA = ROOT.parent / "shared" / "data"
GOLD = EVAL / "gold" / "annotations.jsonl"


def plan(quick: bool) -> list[tuple[str, str | None]]:
    """Return (script, reason to skip or None) for every step, in order."""
    has_model = model_dir() is not None
    no_model = "no trained model under models/minilm-framing (run `make train`)"
    no_data = "../shared/data not found"
    babe: str | None = None
    if not (SHARED_DATA / "babe").is_dir():
        babe = "../shared/data/babe not found"
    elif quick:
        last = RESULTS / "babe_cv.json"
        when = json.loads(last.read_text(encoding="utf-8")).get("date") if last.is_file() else None
        babe = (
            f"EVAL_QUICK=1: reusing babe_cv.json of {when}"
            if when
            else "EVAL_QUICK=1 and no babe_cv.json yet"
        )
    return [
        ("bench_lexicon.py", None),
        ("bench_pipeline.py", None if has_model else no_model),
        ("babe_cv.py", babe),
        ("usage_eval.py", None),
        ("robustness.py", None),
        ("stability.py", no_model if not has_model else (None if SHARED_DATA.is_dir() else no_data)),
        ("bench_baselines.py", None),
        ("gold_eval.py", None if GOLD.is_file() else "eval/gold/annotations.jsonl not found"),
        ("report.py", None),
        # after the report: the card quotes calibration.json, which the report writes
        ("write_model_card.py", None if has_model else no_model),
    ]


def main() -> int:
    quick = os.environ.get("EVAL_QUICK", "") not in ("", "0")
    steps = plan(quick)
    ran: list[dict] = []
    # every skip is known from the plan, so the report can list the steps that come after it too
    skipped = [f"{script}: {reason}" for script, reason in steps if reason]
    failed: list[str] = []
    RESULTS.mkdir(parents=True, exist_ok=True)
    for script, reason in steps:
        if reason:
            print(f"== {script}: SKIPPED ({reason})", flush=True)
            continue
        if script == "report.py":
            _write_run(ran, skipped, failed, quick)
        print(f"== {script}", flush=True)
        t0 = time.time()
        env = dict(os.environ)
        if script == "bench_lexicon.py":
            # it times load_analyzer().analyze() as "rules, no model": keep the model out of it
            env["FRAMING_MODEL"] = "none"
        code = subprocess.call([sys.executable, str(EVAL / script)], cwd=ROOT, env=env)
        ran.append({"script": script, "seconds": round(time.time() - t0, 1), "exit": code})
        if code != 0:
            failed.append(f"{script} (exit {code})")
            print(f"== {script}: FAILED with exit code {code}", flush=True)
    _write_run(ran, skipped, failed, quick)
    print("\nSummary")
    for r in ran:
        print(f"  ran      {r['script']:22s} {r['seconds']:8.1f} s  exit {r['exit']}")
    for s in skipped:
        print(f"  skipped  {s}")
    for f in failed:
        print(f"  FAILED   {f}")
    print(f"Report: {(EVAL / 'REPORT.md').relative_to(ROOT)}")
    return 1 if failed else 0


def _write_run(ran: list[dict], skipped: list[str], failed: list[str], quick: bool) -> None:
    run = {
        "what": "make eval",
        "quick": quick,
        "babe_cv_reused": quick and any(s.startswith("babe_cv.py: EVAL_QUICK=1: reusing") for s in skipped),
        "ran": ran,
        "skipped": skipped,
        "failed": failed,
        "date": dt.date.today().isoformat(),
    }
    (RESULTS / "run.json").write_text(json.dumps(run, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
