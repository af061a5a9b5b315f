"""Helpers shared by the eval scripts (no heavy imports)."""

from __future__ import annotations

import os
from pathlib import Path

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
