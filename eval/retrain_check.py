"""Check that a fresh `make train` reproduces the shipped model: metrics, temperatures, weights and time.

Usage: `python eval/retrain_check.py /path/to/retrained-model [--wall-seconds N]`, after
`python -m framing.train --out /path/to/retrained-model`. Writes eval/results/retrain.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
from pathlib import Path

from common import DEFAULT_MODEL_DIR, write_result

OUT = Path(__file__).resolve().parent / "results" / "retrain.json"
WEIGHT_FILES = ("heads.safetensors", "encoder-layers.safetensors")


def split_f1(metrics: dict) -> dict[str, float]:
    """Return every head's macro-F1 by 'head/split' from a model config's metrics."""
    return {
        f"{head}/{split}": entry[split]["macro_f1"]
        for head, entry in metrics.items()
        if isinstance(entry, dict)
        for split in ("val", "test")
        if split in entry
    }


def weight_gaps(a: Path, b: Path) -> dict[str, dict[str, object]]:
    """Return, per weight file, whether the tensors are equal and their largest absolute difference."""
    from safetensors.torch import load_file

    out = {}
    for name in WEIGHT_FILES:
        x, y = load_file(a / name), load_file(b / name)
        if set(x) != set(y):
            out[name] = {"same_tensors": False}
            continue
        gaps = [float((x[k].float() - y[k].float()).abs().max()) for k in x]
        out[name] = {
            "same_tensors": True,
            "bit_identical": all(bool((x[k] == y[k]).all()) for k in x),
            "max_abs_difference": max(gaps),
            "dtype": str(next(iter(x.values())).dtype).removeprefix("torch."),
        }
    return out


def compare(shipped: Path, retrained: Path) -> dict[str, object]:
    """Return how far a retrained model folder is from the shipped one."""
    a = json.loads((shipped / "config.json").read_text(encoding="utf-8"))
    b = json.loads((retrained / "config.json").read_text(encoding="utf-8"))
    fa, fb = split_f1(a["metrics"]), split_f1(b["metrics"])
    recipe_keys = set(a["training"]) - {"out_dir", "date", "sources", "data_dir"}
    return {
        "shipped": a["revision"],
        "retrained": b["revision"],
        "same_recipe": all(a["training"].get(k) == b["training"].get(k) for k in recipe_keys),
        "macro_f1": {k: {"shipped": fa[k], "retrained": fb.get(k)} for k in sorted(fa)},
        # a split the retrained model does not report counts as the largest possible gap, never as none
        "largest_macro_f1_gap": max(abs(fa[k] - fb[k]) if k in fb else 1.0 for k in fa),
        "largest_temperature_gap": max(
            abs(a["temperatures"][k] - b["temperatures"][k]) for k in a["temperatures"]
        ),
        "weights": weight_gaps(shipped, retrained),
        "train_seconds": {
            "shipped": a["metrics"].get("train_seconds"),
            "retrained": b["metrics"].get("train_seconds"),
        },
    }


def cpu_name() -> str:
    """Return the CPU model name (Linux), or the platform's machine type."""
    info = Path("/proc/cpuinfo")
    if info.is_file():
        for line in info.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.machine()


# Instruction sets that change which matrix kernels torch picks, and so the last bits of a training run.
ISA_FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile")


def cpu_isa() -> dict[str, object]:
    """Return torch's CPU capability and which of ISA_FLAGS the CPU reports (Linux)."""
    import torch

    info = Path("/proc/cpuinfo")
    flags: set[str] = set()
    if info.is_file():
        for line in info.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                break
    return {
        "torch_capability": torch.backends.cpu.get_cpu_capability(),
        "flags": [f for f in ISA_FLAGS if f in flags],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("retrained", type=Path)
    parser.add_argument("--wall-seconds", type=float, help="wall-clock time of the whole training command")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    result = {
        "figure": "a fresh training run of the shipped recipe against the shipped model",
        "protocol": "python -m framing.train with the shipped recipe, then this comparison",
        "date": dt.date.today().isoformat(),
        "machine": {"cpu": cpu_name(), "cores": os.cpu_count(), **cpu_isa()},
        **compare(DEFAULT_MODEL_DIR, args.retrained),
    }
    if args.wall_seconds:
        result["wall_seconds"] = args.wall_seconds
    write_result(args.out, result)


if __name__ == "__main__":
    main()
