"""Command line: `framing analyze FILE|-` and `framing packs list|lint`."""

from __future__ import annotations

import argparse
import codecs
import json
import re
import sys
from enum import IntEnum
from pathlib import Path
from typing import TextIO

from . import __version__
from .analyzer import load_analyzer
from .inputs import DEFAULT_MAX_CHARS, TextTooLong
from .packs import BUILTIN_DIR, PackValidationError, discover, lint
from .types import SEVERITIES, ArticleReport


class ExitStatus(IntEnum):
    """Process exit codes shared by every subcommand."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
    RUNTIME_ERROR = 4


class InputError(Exception):
    """A file that cannot be read as text; the message says what to do."""


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def safe_terminal(text: str) -> str:
    """Escape control and invisible characters so pasted ANSI or bidi codes cannot restyle the terminal."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def read_text(path: str, encoding: str | None = None, stdin: TextIO | None = None) -> str:
    """Read a file (or '-' for standard input) as text, detecting BOMs and refusing binary data."""
    if path == "-":
        stream = stdin or sys.stdin
        data = (
            stream.buffer.read()
            if hasattr(stream, "buffer")
            else stream.read().encode("utf-8", "surrogatepass")
        )
        name = "standard input"
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{path}: no such file")
        if p.is_dir():
            raise InputError(f"{path}: is a folder; give a text file")
        data = p.read_bytes()
        name = path
    return decode(data, name, encoding)


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Decode bytes as text: the given encoding, else BOM-detected UTF-8/UTF-16, else strict UTF-8."""
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(f"{name}: cannot decode as {encoding}: {exc}") from None
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text (it contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid UTF-8 (byte {exc.start}); save it as UTF-8 or pass --encoding, "
            "e.g. --encoding cp1252"
        ) from None


def line_col(text: str, pos: int) -> tuple[int, int]:
    """Return the 1-based line and column of a character offset."""
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


def format_text(report: ArticleReport, name: str) -> str:
    """Render a report as linter-style lines plus a short summary."""
    out = []
    for f in report.findings:
        line, col = line_col(report.text, f.start)
        pole = f.pole or "no side"
        suggest = f" (suggest: {' / '.join(f.suggestions)})" if f.suggestions and f.usage == "author" else ""
        out.append(
            f"{name}:{line}:{col}: {f.severity} {f.rule_id} '{f.text}' [{pole}, {f.usage} "
            f"{f.usage_score:.2f}] {f.message}{suggest}"
        )
    for axis in report.terminology:
        counts = ", ".join(f"{k} {v}" for k, v in axis.counts)
        quoted = sum(v for _, v in axis.quoted_counts)
        align = "n/a" if axis.alignment is None else f"{axis.alignment:+.2f}"
        out.append(
            f"{name}: {axis.axis}: lean {axis.lean}, alignment {align} ({counts}; {quoted} quoted), "
            f"confidence {axis.confidence}"
        )
    for w in report.warnings:
        out.append(f"{name}: warning: {w}")
    if not report.findings:
        out.append(f"{name}: no contested terms found")
    return safe_terminal("\n".join(out))


def _cmd_analyze(args: argparse.Namespace) -> ExitStatus:
    try:
        analyzer = load_analyzer(args.packs, args.packs_dir, args.max_chars)
    except (PackValidationError, ValueError, FileNotFoundError) as exc:
        print(f"framing: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    status = ExitStatus.OK
    for path in args.files:
        name = "<stdin>" if path == "-" else path
        try:
            text = read_text(path, args.encoding)
            report = analyzer.analyze(text, published=args.published)
        except (InputError, TextTooLong, ValueError) as exc:
            print(
                f"framing: {name}: {exc}" if not isinstance(exc, InputError) else f"framing: {exc}",
                file=sys.stderr,
            )
            return ExitStatus.USAGE
        if args.format == "json":
            doc = report.to_dict()
            if len(args.files) > 1:
                doc = {"path": path, **doc}
            print(json.dumps(doc, ensure_ascii=False, indent=None if len(args.files) > 1 else 2))
        else:
            print(format_text(report, name))
        if args.fail_on and _fails(report, args.fail_on):
            status = ExitStatus.FINDINGS
    return status


def _fails(report: ArticleReport, threshold: str) -> bool:
    rank = SEVERITIES.index(threshold)
    return any(f.usage == "author" and SEVERITIES.index(f.severity) >= rank for f in report.findings)


def _cmd_packs(args: argparse.Namespace) -> ExitStatus:
    dirs = [Path(d) for d in args.packs_dir]
    try:
        found = discover(dirs)
    except FileNotFoundError as exc:
        print(f"framing: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    if args.packs_command == "list":
        for pack_id in sorted(found):
            print(pack_id)
        return ExitStatus.OK
    paths = [Path(p) for p in args.paths] or list(found.values())
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"framing: no such pack file: {', '.join(map(str, missing))}", file=sys.stderr)
        return ExitStatus.USAGE
    errors = lint(paths)
    for e in errors:
        print(str(e))
    if errors:
        print(f"{len(errors)} problem(s) in {len({e.file for e in errors})} pack file(s)", file=sys.stderr)
        return ExitStatus.FINDINGS
    print(f"{len(paths)} pack file(s) valid")
    return ExitStatus.OK


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the `framing` command."""
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Find contested terminology and framing in news text. Runs offline.",
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    an = sub.add_parser("analyze", help="analyse articles and print findings and scores")
    an.add_argument("files", nargs="+", metavar="FILE", help="text files, or - for standard input")
    an.add_argument("--format", choices=("text", "json"), default="text")
    an.add_argument("--packs", nargs="+", metavar="PACK", help="pack ids to use (default: all)")
    an.add_argument("--packs-dir", action="append", default=[], metavar="DIR", help="folder of extra packs")
    an.add_argument("--published", metavar="DATE", help="publication date, YYYY-MM-DD")
    an.add_argument("--encoding", help="text encoding of the files (default: detect UTF-8/UTF-16)")
    an.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, help="refuse longer texts")
    an.add_argument(
        "--fail-on", choices=SEVERITIES, help="exit 1 if an author finding is at least this severe"
    )
    an.set_defaults(func=_cmd_analyze)

    pk = sub.add_parser("packs", help="list or validate term packs")
    pk_sub = pk.add_subparsers(dest="packs_command", required=True)
    ls = pk_sub.add_parser("list", help="print one pack id per line")
    ls.add_argument("--packs-dir", action="append", default=[], metavar="DIR")
    li = pk_sub.add_parser("lint", help=f"validate pack files (default: all packs in {BUILTIN_DIR.name}/)")
    li.add_argument("paths", nargs="*", metavar="PACK.yaml")
    li.add_argument("--packs-dir", action="append", default=[], metavar="DIR")
    pk.set_defaults(func=_cmd_packs)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return ExitStatus.USAGE if exc.code not in (0, None) else ExitStatus.OK
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return ExitStatus.OK
    except Exception as exc:  # noqa: BLE001 - last resort: a message, never a traceback
        print(f"framing: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return ExitStatus.RUNTIME_ERROR
