"""Command line: `framing analyze | check | fix | batch | packs list|lint|export-vale`."""

from __future__ import annotations

import argparse
import json
import sys
from enum import IntEnum
from pathlib import Path
from typing import TextIO

from . import __version__
from .analyzer import Analyzer, load_analyzer
from .config import QUOTE_MODES, ConfigError, ConfigResolver, LintConfig
from .inputs import DEFAULT_MAX_CHARS, TextTooLong
from .lint import Catalogue, FileResult, lint_source
from .packs import BUILTIN_DIR, PackValidationError, discover, lint, load_packs
from .reporters import (
    FORMATS,
    github_line,
    github_note,
    json_document,
    safe_terminal,
    text_line,
    text_summary,
)
from .sources import InputError, Source, decode, parse_source, read_source, walk
from .types import SEVERITIES, ArticleReport

__all__ = [
    "ExitStatus",
    "InputError",
    "build_parser",
    "decode",
    "line_col",
    "main",
    "read_text",
    "safe_terminal",
]


class ExitStatus(IntEnum):
    """Process exit codes shared by every subcommand."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
    RUNTIME_ERROR = 4


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


# ---------------------------------------------------------------------------------------------------------
# check / fix: the linter
# ---------------------------------------------------------------------------------------------------------


class _Linting:
    """Per-run state of check and fix: config lookup, one analyzer per pack selection, input errors."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.resolver = ConfigResolver(args.config, discover=not args.no_config)
        self.analyzers: dict[tuple, Analyzer] = {}
        self.catalogues: dict[int, Catalogue] = {}
        self.reported_configs: set[int] = set()
        self.errors: list[str] = []

    def config_for(self, path: str) -> LintConfig:
        """Return the effective configuration of one input: CLI over file over defaults."""
        a = self.args
        return self.resolver.for_path(path).merged(
            packs=a.packs,
            packs_dirs=a.packs_dir or None,
            min_severity=a.min_severity,
            fail_on=getattr(a, "fail_on", None),
            quotes=a.quotes,
            allow=a.allow,
            deny=a.deny,
            severity=_severity_pairs(a.severity),
        )

    def analyzer_for(self, config: LintConfig) -> Analyzer:
        """Return (and cache) the analyzer for a configuration's packs."""
        key = (config.packs, config.packs_dirs)
        if key not in self.analyzers:
            self.analyzers[key] = load_analyzer(config.packs, config.packs_dirs, self.args.max_chars)
        return self.analyzers[key]

    def catalogue_for(self, analyzer: Analyzer, config: LintConfig) -> Catalogue:
        """Return the pack catalogue of an analyzer, warning once about unknown ids in the config."""
        if id(analyzer) not in self.catalogues:
            self.catalogues[id(analyzer)] = Catalogue(analyzer)
        catalogue = self.catalogues[id(analyzer)]
        if id(config) not in self.reported_configs:
            self.reported_configs.add(id(config))
            named = (*config.allow, *config.deny, *config.severity_map)
            where = config.path or "command line"
            for entry in catalogue.unknown(tuple(named)):
                print(f"framing: {where}: warning: '{entry}' is not an installed rule id", file=sys.stderr)
        return catalogue

    def source(self, path: str) -> Source | None:
        """Read one input, recording a message instead of raising when it cannot be read."""
        try:
            if path == "-":
                stream = sys.stdin
                data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode()
                return parse_source(data, "<stdin>", self.args.encoding, kind="text")
            return read_source(path, self.args.encoding)
        except InputError as exc:
            self.errors.append(str(exc))
            print(f"framing: {exc}", file=sys.stderr)
            return None


def _severity_pairs(items: list[str] | None) -> list[tuple[str, str]] | None:
    if not items:
        return None
    pairs = []
    for item in items:
        rule, sep, level = item.partition("=")
        if not sep:
            raise ConfigError(f"command line: --severity expects RULE_ID=LEVEL, got {item!r}")
        pairs.append((rule.strip(), level.strip()))
    return pairs


def expand_paths(paths: list[str], suffixes: tuple[str, ...] | None = None) -> tuple[list[str], list[str]]:
    """Return (files to check, error messages): folders are walked for the supported suffixes."""
    files: list[str] = []
    errors: list[str] = []
    for p in paths:
        if p == "-":
            files.append(p)
        elif Path(p).is_dir():
            files.extend(str(f) for f in (walk(p, suffixes) if suffixes else walk(p)))
        elif Path(p).exists():
            files.append(p)
        else:
            errors.append(f"{p}: no such file or folder")
    return files, errors


class _BadSetup(Exception):
    """A configuration or pack problem that stops the whole run (exit status 2)."""


def _open_run(args: argparse.Namespace, files_missing: tuple[list[str], list[str]]) -> _Linting | None:
    """Start a check or fix run, reporting missing paths; return None when the configuration is broken."""
    _, missing = files_missing
    for m in missing:
        print(f"framing: {m}", file=sys.stderr)
    try:
        run = _Linting(args)
    except ConfigError as exc:
        print(f"framing: {exc}", file=sys.stderr)
        return None
    run.errors.extend(missing)
    return run


def _each_file(run: _Linting, files: list[str], work):
    """Yield (path, source, work(...)) per readable file; note failed ones; raise _BadSetup on bad setup."""
    for path in files:
        try:
            config = run.config_for(path)
            analyzer = run.analyzer_for(config)
        except (ConfigError, PackValidationError, ValueError, FileNotFoundError) as exc:
            raise _BadSetup(str(exc)) from exc
        source = run.source(path)
        if source is None:
            continue
        try:
            done = work(analyzer, source, config, run.catalogue_for(analyzer, config))
        except (TextTooLong, ValueError) as exc:
            run.errors.append(f"{source.name}: {exc}")
            print(f"framing: {source.name}: {exc}", file=sys.stderr)
            continue
        yield path, source, done


def _cmd_check(args: argparse.Namespace) -> ExitStatus:
    found = expand_paths(args.paths)
    run = _open_run(args, found)
    if run is None:
        return ExitStatus.USAGE
    results = []
    try:
        def lint(analyzer, source, config, catalogue):
            return lint_source(analyzer, source, config, args.published, catalogue)

        for _path, _source, result in _each_file(run, found[0], lint):
            results.append(result)
            _print_result(result, args.format)
    except _BadSetup as exc:
        print(f"framing: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    if args.format == "json":
        print(json_document(results, run.errors))
    elif args.format == "text":
        print(text_summary(results))
    if run.errors:
        return ExitStatus.USAGE
    return ExitStatus.FINDINGS if any(r.failed for r in results) else ExitStatus.OK


def _print_result(result: FileResult, fmt: str) -> None:
    if fmt == "text":
        for alert in result.alerts:
            print(text_line(alert))
        for w in result.warnings:
            print(safe_terminal(f"framing: {result.path}: note: {w}"), file=sys.stderr)
    elif fmt == "github":
        for alert in result.alerts:
            print(github_line(alert))
        for w in result.warnings:
            print(github_note(result.path, w))


def _cmd_fix(args: argparse.Namespace) -> ExitStatus:
    from .fixer import FIXABLE_KINDS, plan_fixes
    from .sources import MARKDOWN_SUFFIXES, TEXT_SUFFIXES, kind_of

    refused = [p for p in args.paths if p != "-" and Path(p).is_file() and kind_of(p) not in FIXABLE_KINDS]
    if "-" in args.paths or refused:
        what = ", ".join(refused) or "standard input"
        print(
            f"framing: fix only edits .md and .txt files in place, not {what}. For .docx and .html, run "
            "'framing check' and make the changes in your editor.",
            file=sys.stderr,
        )
        return ExitStatus.USAGE
    found = expand_paths(args.paths, TEXT_SUFFIXES + MARKDOWN_SUFFIXES)
    run = _open_run(args, found)
    if run is None:
        return ExitStatus.USAGE
    total = 0
    try:
        def fixes(analyzer, source, config, catalogue):
            return plan_fixes(analyzer, source, config, args.published, catalogue)

        for path, source, plan in _each_file(run, found[0], fixes):
            if not plan.changed:
                continue
            total += len(plan.edits)
            if args.write:
                Path(path).write_bytes(plan.fixed.encode(source.encoding))
                print(f"framing: {path}: {len(plan.edits)} wording(s) fixed", file=sys.stderr)
            else:
                sys.stdout.write(plan.diff())
    except _BadSetup as exc:
        print(f"framing: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    if not args.write:
        verb = "would be fixed; rerun with --write to apply" if total else "to fix"
        print(f"framing: {total} wording(s) {verb}", file=sys.stderr)
    return ExitStatus.USAGE if run.errors else ExitStatus.OK


# ---------------------------------------------------------------------------------------------------------
# batch and Vale export
# ---------------------------------------------------------------------------------------------------------


def _cmd_batch(args: argparse.Namespace) -> ExitStatus:
    from .batch import run_batch

    try:
        summary = run_batch(
            args.input,
            args.out,
            workers=args.workers,
            chunk_size=args.chunk_size,
            packs=args.packs,
            packs_dirs=args.packs_dir,
            max_chars=args.max_chars,
            progress=not args.no_progress,
        )
    except (FileNotFoundError, ValueError, PackValidationError) as exc:
        print(f"framing: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    rate = summary.words / summary.seconds if summary.seconds else 0.0
    print(
        f"framing: {summary.analysed} article(s) analysed ({summary.errors} error(s)), {summary.skipped} "
        f"already in {args.out}; {summary.words:,} words in {summary.seconds:.1f} s ({rate:,.0f} words/s)",
        file=sys.stderr,
    )
    return ExitStatus.OK


def _export_vale(args: argparse.Namespace) -> ExitStatus:
    from .vale import export_vale

    try:
        packs = load_packs(args.packs, [Path(d) for d in args.packs_dir])
    except (PackValidationError, ValueError, FileNotFoundError) as exc:
        print(f"framing: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    written, notes = export_vale(packs, args.dir)
    for note in notes:
        print(f"framing: {note}", file=sys.stderr)
    styles = ", ".join(p.id for p in packs)
    print(f"{len(written)} Vale rule(s) written under {args.dir}. In .vale.ini:")
    print(f"  StylesPath = {args.dir}\n  [*.{{md,txt}}]\n  BasedOnStyles = {styles}")
    return ExitStatus.OK


def _packs_docs(args: argparse.Namespace) -> ExitStatus:
    from .packdocs import rule_tables, update_document
    from .packs import load_packs

    try:
        packs = load_packs(None, [Path(d) for d in args.packs_dir])
    except (PackValidationError, ValueError) as exc:
        print(f"framing: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    if args.write:
        target = Path(args.write)
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        target.write_text(update_document(current, packs), encoding="utf-8")
        print(f"rule tables of {len(packs)} pack(s) written to {target}")
    else:
        print(rule_tables(packs))
    return ExitStatus.OK


def _cmd_packs(args: argparse.Namespace) -> ExitStatus:
    dirs = [Path(d) for d in args.packs_dir]
    try:
        found = discover(dirs)
    except FileNotFoundError as exc:
        print(f"framing: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    if args.packs_command == "export-vale":
        return _export_vale(args)
    if args.packs_command == "docs":
        return _packs_docs(args)
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

    ck = sub.add_parser("check", help="lint drafts: path:line:col findings, exit 1 on findings")
    ck.add_argument("paths", nargs="+", metavar="PATH", help=".txt/.md/.html/.docx files, folders, or -")
    ck.add_argument("--format", choices=FORMATS, default="text")
    ck.add_argument(
        "--fail-on", choices=SEVERITIES, help="exit 1 on a counted finding this severe (default: warning)"
    )
    _lint_options(ck)
    ck.set_defaults(func=_cmd_check)

    fx = sub.add_parser("fix", help="apply unambiguous spelling fixes to .md/.txt files (diff by default)")
    fx.add_argument("paths", nargs="+", metavar="PATH", help=".md or .txt files, or folders")
    fx.add_argument("--write", action="store_true", help="change the files instead of printing a diff")
    _lint_options(fx)
    fx.set_defaults(func=_cmd_fix)

    bt = sub.add_parser("batch", help="analyse a folder or a JSONL file of articles into a JSONL file")
    bt.add_argument("input", metavar="INPUT", help='a folder, or JSONL of {"id", "text", "published"?}')
    bt.add_argument("--out", required=True, metavar="FILE.jsonl", help="output; existing ids are skipped")
    bt.add_argument("--workers", type=int, default=2, choices=(1, 2), help="worker processes (default: 2)")
    bt.add_argument("--chunk-size", type=int, default=16, metavar="N", help="articles per task")
    bt.add_argument("--packs", nargs="+", metavar="PACK")
    bt.add_argument("--packs-dir", action="append", default=[], metavar="DIR")
    bt.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS)
    bt.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    bt.set_defaults(func=_cmd_batch)

    pk = sub.add_parser("packs", help="list, validate or export term packs")
    pk_sub = pk.add_subparsers(dest="packs_command", required=True)
    ls = pk_sub.add_parser("list", help="print one pack id per line")
    ls.add_argument("--packs-dir", action="append", default=[], metavar="DIR")
    li = pk_sub.add_parser("lint", help=f"validate pack files (default: all packs in {BUILTIN_DIR.name}/)")
    li.add_argument("paths", nargs="*", metavar="PACK.yaml")
    li.add_argument("--packs-dir", action="append", default=[], metavar="DIR")
    ev = pk_sub.add_parser("export-vale", help="write the packs as a Vale style (one rule per concept)")
    ev.add_argument("dir", metavar="DIR", help="Vale StylesPath; rules go to DIR/<pack id>/<concept>.yml")
    ev.add_argument("--packs", nargs="+", metavar="PACK")
    ev.add_argument("--packs-dir", action="append", default=[], metavar="DIR")
    dc = pk_sub.add_parser("docs", help="print Markdown rule tables of every pack (or update a file)")
    dc.add_argument("--write", metavar="FILE", help="replace the generated part of FILE, e.g. docs/packs.md")
    dc.add_argument("--packs-dir", action="append", default=[], metavar="DIR")
    pk.set_defaults(func=_cmd_packs)
    return parser


def _lint_options(p: argparse.ArgumentParser) -> None:
    """Add the options check and fix share; unset ones fall back to .framing.toml, then defaults."""
    p.add_argument("--config", metavar="FILE", help="use this config, not .framing.toml")
    p.add_argument("--no-config", action="store_true", help="ignore .framing.toml files")
    p.add_argument("--packs", nargs="+", metavar="PACK", help="pack ids to use (default: all)")
    p.add_argument("--packs-dir", action="append", default=[], metavar="DIR", help="folder of extra packs")
    p.add_argument("--min-severity", choices=SEVERITIES, help="hide findings below this (default: info)")
    p.add_argument(
        "--quotes",
        choices=QUOTE_MODES,
        help="quoted wording: count like the author's, report apart and never fail (default), or ignore",
    )
    p.add_argument("--allow", action="append", metavar="RULE|TERM", help="never report this (repeatable)")
    p.add_argument("--deny", action="append", metavar="RULE|TERM", help="always report this as an error")
    p.add_argument("--severity", action="append", metavar="RULE=LEVEL", help="level for one concept")
    p.add_argument("--published", metavar="DATE", help="publication date, YYYY-MM-DD")
    p.add_argument("--encoding", help="text encoding of the files (default: detect UTF-8/UTF-16)")
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, help="refuse longer texts")


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
