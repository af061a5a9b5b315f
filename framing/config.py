"""Linter settings: `.framing.toml` found upward from the checked file, merged under the command line.

Precedence, lowest to highest: built-in defaults, then the config file, then command-line options. A value
given on the command line replaces the file's value; `--allow`/`--deny` entries are added to the file's
lists, and an entry given to one of them on the command line is removed from the other.

```toml
packs = ["russia-ukraine"]          # pack ids (default: every installed pack)
packs_dirs = ["house-packs"]        # extra pack folders, relative to this file
min_severity = "info"               # do not report findings below this level
fail_on = "warning"                 # exit 1 when a counted finding is at least this severe
quotes = "separate"                 # count | separate | ignore
allow = ["russia-ukraine.odesa", "Donbass"]   # rule ids, pack ids or wordings never reported
deny = ["Kiev"]                     # rule ids, pack ids or wordings always reported, as errors

[severity]                          # per-concept level for the author's own wording
"russia-ukraine.capital-name" = "warning"
```
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from .types import SEVERITIES

CONFIG_NAME = ".framing.toml"
QUOTE_MODES = ("count", "separate", "ignore")
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)?$")


class ConfigError(ValueError):
    """A configuration problem; the message names the file (or the command line) and the key."""


@dataclass(frozen=True)
class LintConfig:
    """Effective linter settings for one file."""

    packs: tuple[str, ...] | None = None
    packs_dirs: tuple[Path, ...] = ()
    min_severity: str = "info"
    fail_on: str = "warning"
    quotes: str = "separate"
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # (rule id, level) pairs; a tuple keeps the class hashable
    path: Path | None = None  # the config file these settings came from, if any

    def __post_init__(self) -> None:
        for key, value, allowed in (
            ("min_severity", self.min_severity, SEVERITIES),
            ("fail_on", self.fail_on, SEVERITIES),
            ("quotes", self.quotes, QUOTE_MODES),
        ):
            if value not in allowed:
                raise ConfigError(f"key '{key}' must be one of {', '.join(allowed)}; got {value!r}")
        if self.packs is not None and not self.packs:
            raise ConfigError("key 'packs' must name at least one pack (leave it out to use all packs)")
        for rule, level in self.severity:
            if not _RULE_ID.match(rule) or "." not in rule:
                raise ConfigError(f"key 'severity': {rule!r} is not a rule id like 'russia-ukraine.odesa'")
            if level not in SEVERITIES:
                raise ConfigError(
                    f"key 'severity': level of {rule!r} must be one of {', '.join(SEVERITIES)}; got {level!r}"
                )
        both = {a.casefold() for a in self.allow} & {d.casefold() for d in self.deny}
        if both:
            raise ConfigError(f"keys 'allow' and 'deny' both list {', '.join(sorted(both))}; keep one")

    @property
    def severity_map(self) -> dict[str, str]:
        """Return the per-concept severity overrides as a dict."""
        return dict(self.severity)

    def merged(self, **overrides: Any) -> LintConfig:
        """Return a copy with command-line values laid over this one (None means not given)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        allow_cli = tuple(given.pop("allow", ()))
        deny_cli = tuple(given.pop("deny", ()))
        severity_cli = dict(given.pop("severity", ()))
        if "packs" in given:
            given["packs"] = tuple(given["packs"])
        if "packs_dirs" in given:
            given["packs_dirs"] = tuple(Path(d) for d in given["packs_dirs"])
        allow = _without(self.allow, deny_cli) + _without(allow_cli, self.allow)
        deny = _without(self.deny, allow_cli) + _without(deny_cli, self.deny)
        severity = tuple({**self.severity_map, **severity_cli}.items())
        try:
            return replace(self, **given, allow=allow, deny=deny, severity=severity)
        except ConfigError as exc:
            raise ConfigError(f"command line: {exc}") from None


def _without(items: tuple[str, ...], remove: tuple[str, ...]) -> tuple[str, ...]:
    gone = {r.casefold() for r in remove}
    return tuple(i for i in items if i.casefold() not in gone)


_KEYS = {f.name for f in fields(LintConfig)} - {"path"}


def load_config(path: str | Path) -> LintConfig:
    """Read and validate one `.framing.toml`; raise ConfigError naming the file and the key."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    try:
        return _from_mapping(raw, path)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _from_mapping(raw: dict[str, Any], path: Path) -> LintConfig:
    for key in raw:
        if key not in _KEYS:
            close = difflib.get_close_matches(key, sorted(_KEYS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; known keys: {', '.join(sorted(_KEYS))}"
            raise ConfigError(f"unknown key '{key}'{hint}")
    values: dict[str, Any] = {"path": path}
    for key in ("min_severity", "fail_on", "quotes"):
        if key in raw:
            values[key] = _string(raw, key)
    for key in ("packs", "packs_dirs", "allow", "deny"):
        if key in raw:
            values[key] = _strings(raw, key)
    if "packs_dirs" in values:
        values["packs_dirs"] = tuple((path.parent / d).resolve() for d in values["packs_dirs"])
    if "severity" in raw:
        table = raw["severity"]
        if not isinstance(table, dict):
            raise ConfigError("key 'severity' must be a table of rule id = level")
        values["severity"] = tuple((str(k), _level(k, v)) for k, v in table.items())
    return LintConfig(**values)


def _string(raw: dict[str, Any], key: str) -> str:
    value = raw[key]
    if not isinstance(value, str):
        raise ConfigError(f"key '{key}' must be a string; got {type(value).__name__} {value!r}")
    return value


def _strings(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    value = raw[key]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"key '{key}' must be a list of non-empty strings; got {value!r}")
    return tuple(v.strip() for v in value)


def _level(rule: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"key 'severity': level of {rule!r} must be a string; got {value!r}")
    return value


def find_config(start: str | Path) -> Path | None:
    """Return the nearest `.framing.toml` in `start` (a folder, or a file's folder) or any parent."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


class ConfigResolver:
    """Find and cache the configuration of each file: a forced file, discovery upward, or defaults."""

    def __init__(self, forced: str | Path | None = None, discover: bool = True):
        self.forced = load_config(forced) if forced else None
        self.discover = discover
        self._cache: dict[Path, LintConfig] = {}

    def for_path(self, path: str | Path) -> LintConfig:
        """Return the file-level configuration for `path` ('-' uses the working folder)."""
        if self.forced is not None:
            return self.forced
        if not self.discover:
            return LintConfig()
        folder = Path.cwd() if str(path) == "-" else Path(path).resolve().parent
        if folder not in self._cache:
            found = find_config(folder)
            self._cache[folder] = load_config(found) if found else LintConfig()
        return self._cache[folder]
