"""Inline suppression comments: `framing off` / `framing on` regions and `framing ignore [RULE…]` lines.

Two spellings of the same directives:

- HTML comments, in every kind of file: `<!-- framing off -->`, `<!-- framing on -->`,
  `<!-- framing ignore russia-ukraine.capital-name, russia-ukraine.odesa -->`;
- `#` comment lines, in plain text and .docx only (in Markdown `#` starts a heading):
  `# framing off`, `# framing ignore russia-ukraine.capital-name`.

`off` silences every rule until the next `on` (or the end of the file). `ignore` silences the listed rule
ids, or every rule when none is listed, on the next non-blank line after the directive. A rule id can also
be a pack id (`russia-ukraine`), which silences all of that pack's rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DIRECTIVES = ("off", "on", "ignore")

_COMMENT = re.compile(r"<!--\s*framing\b(?P<body>.*?)-->", re.S)
_HASH = re.compile(r"^[ \t]*#[ \t]*framing[ \t]+(?P<body>(?:off|on|ignore)\b[^\n]*)$", re.M)
_IDS = re.compile(r"[\s,]+")


@dataclass(frozen=True, slots=True)
class LineIgnore:
    """Rules silenced on one line: file range of the line and the rule ids (empty: every rule)."""

    start: int
    end: int
    rules: frozenset[str]


@dataclass(frozen=True, slots=True)
class Suppressions:
    """Where findings are silenced in one file, in file offsets."""

    off: tuple[tuple[int, int], ...] = ()
    lines: tuple[LineIgnore, ...] = ()
    directives: tuple[tuple[int, int], ...] = ()  # the comments themselves
    problems: tuple[str, ...] = ()

    def covers(self, rule_id: str, start: int) -> bool:
        """Return True if a finding of `rule_id` starting at file offset `start` is silenced."""
        if any(a <= start < b for a, b in self.off):
            return True
        pack = rule_id.split(".", 1)[0]
        return any(
            ig.start <= start < ig.end and (not ig.rules or rule_id in ig.rules or pack in ig.rules)
            for ig in self.lines
        )

    def rule_ids(self) -> frozenset[str]:
        """Return every rule id named by an ignore directive (to check that they exist)."""
        return frozenset(r for ig in self.lines for r in ig.rules)


def find_suppressions(text: str, hash_comments: bool = False) -> Suppressions:
    """Parse the suppression directives of a file's text (with `#` lines when `hash_comments`)."""
    matches = [*_COMMENT.finditer(text), *(_HASH.finditer(text) if hash_comments else ())]
    found = sorted((m.start(), m.end(), m.group("body")) for m in matches)
    off: list[tuple[int, int]] = []
    lines: list[LineIgnore] = []
    problems: list[str] = []
    off_since: int | None = None
    for start, end, body in found:
        words = body.split(None, 1)
        verb = words[0].lower() if words else ""
        rest = words[1] if len(words) > 1 else ""
        if verb == "off":
            if off_since is None:
                off_since = start
        elif verb == "on":
            if off_since is not None:
                off.append((off_since, end))
                off_since = None
        elif verb == "ignore":
            span = _next_line(text, end)
            if span:
                rules = frozenset(r for r in _IDS.split(rest.strip()) if r)
                lines.append(LineIgnore(span[0], span[1], rules))
        else:
            line = text.count("\n", 0, start) + 1
            problems.append(
                f"line {line}: unknown framing directive {verb!r}; use framing off, framing on or "
                "framing ignore [RULE_ID, …]"
            )
    if off_since is not None:
        off.append((off_since, len(text)))
    return Suppressions(tuple(off), tuple(lines), tuple((s, e) for s, e, _ in found), tuple(problems))


def _next_line(text: str, pos: int) -> tuple[int, int] | None:
    """Return the range of the first non-blank line after the line that contains `pos`."""
    nl = text.find("\n", pos)
    while nl != -1:
        start = nl + 1
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if text[start:end].strip():
            return start, end
        nl = end if end < len(text) else -1
    return None


def mask_directives(text: str, suppressions: Suppressions) -> str:
    """Replace the directive comments by spaces (same length) so their words are never analysed."""
    if not suppressions.directives:
        return text
    chars = list(text)
    for start, end in suppressions.directives:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)
