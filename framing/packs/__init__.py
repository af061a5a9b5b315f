"""Term packs: YAML data validated at load time, plus the matcher compiled from them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .schema import Pack, PackError, PackValidationError, load_pack_file

BUILTIN_DIR = Path(__file__).resolve().parent

__all__ = [
    "BUILTIN_DIR",
    "Pack",
    "PackError",
    "PackValidationError",
    "discover",
    "lint",
    "load_packs",
]


def discover(extra_dirs: Iterable[Path] = ()) -> dict[str, Path]:
    """Return pack id -> file for the built-in packs and any extra folders (later folders win)."""
    found: dict[str, Path] = {}
    for folder in (BUILTIN_DIR, *map(Path, extra_dirs)):
        if not folder.is_dir():
            raise FileNotFoundError(f"pack folder not found: {folder}")
        for path in sorted(folder.glob("*.yaml")):
            found[path.stem] = path
    return found


def load_packs(names: Iterable[str] | None = None, extra_dirs: Iterable[Path] = ()) -> tuple[Pack, ...]:
    """Load and validate packs by id (all when `names` is None); raise on any invalid pack."""
    available = discover(extra_dirs)
    wanted = list(available) if names is None else list(names)
    unknown = [n for n in wanted if n not in available]
    if unknown:
        raise ValueError(f"unknown pack(s): {', '.join(unknown)}; available: {', '.join(sorted(available))}")
    errors: list[PackError] = []
    packs = []
    for name in wanted:
        try:
            packs.append(load_pack_file(available[name]))
        except PackValidationError as exc:
            errors.extend(exc.errors)
    if errors:
        raise PackValidationError(errors)
    return tuple(packs)


def lint(paths: Iterable[Path]) -> list[PackError]:
    """Validate pack files and return every problem found (empty when all are valid)."""
    errors: list[PackError] = []
    for path in paths:
        try:
            load_pack_file(Path(path))
        except PackValidationError as exc:
            errors.extend(exc.errors)
    return errors
