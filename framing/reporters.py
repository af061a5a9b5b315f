"""Output formats of `framing check`: linter lines, one JSON document, GitHub Actions annotations."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence

from .lint import Alert, FileResult

FORMATS = ("text", "json", "github")
CHECK_SCHEMA_VERSION = 1

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def safe_terminal(text: str) -> str:
    """Escape control and invisible characters so pasted ANSI or bidi codes cannot restyle the terminal."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def text_line(alert: Alert) -> str:
    """Return `path:line:col: severity rule_id message (suggest: …)` for one alert."""
    label = "[quoted] " if alert.quoted else ""
    suggest = f" (suggest: {' / '.join(alert.suggestions)})" if alert.suggestions else ""
    return safe_terminal(
        f"{alert.path}:{alert.line}:{alert.column}: {alert.severity} {alert.rule_id} "
        f"{label}{alert.message}{suggest}"
    )


def text_summary(results: Sequence[FileResult]) -> str:
    """Return the closing line of the text format."""
    alerts = [a for r in results for a in r.alerts]
    files = len(results)
    if not alerts:
        return f"No contested wording reported in {files} file{'s' if files != 1 else ''}."
    levels = Counter(a.severity for a in alerts)
    quoted = sum(a.quoted for a in alerts)
    flagged = len({a.path for a in alerts})
    return (
        f"{len(alerts)} alert{'s' if len(alerts) != 1 else ''} in {flagged} of {files} "
        f"file{'s' if files != 1 else ''} ({levels['error']} error, {levels['warning']} warning, "
        f"{levels['info']} info; {quoted} quoted)"
    )


def json_document(results: Sequence[FileResult], errors: Sequence[str] = ()) -> str:
    """Return every file's alerts and warnings as one JSON document."""
    alerts = [a for r in results for a in r.alerts]
    doc = {
        "version": CHECK_SCHEMA_VERSION,
        "files": [
            {
                "path": r.path,
                "kind": r.kind,
                "failed": r.failed,
                "alerts": [a.to_dict() for a in r.alerts],
                "warnings": list(r.warnings),
            }
            for r in results
        ],
        "summary": {
            "files": len(results),
            "alerts": len(alerts),
            "by_severity": {k: sum(a.severity == k for a in alerts) for k in ("error", "warning", "info")},
            "quoted": sum(a.quoted for a in alerts),
            "failed": any(r.failed for r in results),
        },
        "errors": list(errors),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(alert: Alert) -> str:
    """Return a GitHub Actions workflow command that annotates the alert in the pull request."""
    props = ",".join(
        f"{k}={_escape_property(str(v))}"
        for k, v in (
            ("file", alert.path),
            ("line", alert.line),
            ("col", alert.column),
            ("endLine", alert.end_line),
            ("endColumn", alert.end_column),
            ("title", f"framing {alert.rule_id}"),
        )
    )
    suggest = f" (suggest: {' / '.join(alert.suggestions)})" if alert.suggestions else ""
    label = "[quoted] " if alert.quoted else ""
    return f"::{_GITHUB_LEVEL[alert.severity]} {props}::{_escape_data(label + alert.message + suggest)}"


def github_note(path: str, message: str) -> str:
    """Return a file-level notice annotation (for warnings about the text itself)."""
    return f"::notice file={_escape_property(path)},title=framing::{_escape_data(message)}"
