"""Where the project's data files live, without importing anything heavy."""

from __future__ import annotations

from pathlib import Path

# models/ sits next to the package in a source checkout (the editable install of `make run`).
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "minilm-framing"
