"""Read .txt, .md, .html and .docx files into analysable text, keeping a map back to file positions.

`read_source(path)` (or `parse_source(data, name)` for bytes, e.g. an upload) returns a `Source`:

- `text` is what the analyzer sees. Plain text is used as it is. Markdown is used as it is too, except that
  code blocks, inline code, link targets, raw HTML tags and HTML comments are replaced by spaces of the same
  length, so offsets stay one-to-one and markup is never flagged. HTML is reduced to its visible text
  (no script, style, head or code), with paragraph breaks where blocks begin and end. A .docx file becomes
  its paragraphs (tables included, in document order) joined by blank lines.
- `to_file_offset(pos)` / `to_file_span(start, end)` turn an offset into `text` into an offset into the
  file's own text (`original`), and `position(file_offset)` gives the 1-based line and column there.
  For .docx the "line" is the paragraph number (counting every paragraph, empty ones included) and the
  column is the character within that paragraph.
"""

from __future__ import annotations

import bisect
import codecs
import html
import io
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIXES = (".docx",)
SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES
KINDS = ("text", "markdown", "html", "docx")


class InputError(Exception):
    """A file that cannot be read as text; the message says what to do."""


@dataclass(frozen=True)
class Source:
    """Analysable text of one file, with the way back to positions in the file."""

    text: str
    kind: str
    original: str
    name: str = "<text>"
    encoding: str = "utf-8"
    starts: tuple[int, ...] | None = None  # file offset of each char of `text`; None: the identity
    ends: tuple[int, ...] | None = None
    line_starts: tuple[int, ...] = field(default=(0,), repr=False)

    def to_file_offset(self, pos: int) -> int:
        """Return the file offset of character `pos` of `text`."""
        if self.starts is None:
            return pos
        return self.starts[pos] if pos < len(self.starts) else len(self.original)

    def to_file_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the half-open file range covering text[start:end]."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            at = self.to_file_offset(start)
            return at, at
        return self.starts[start], self.ends[end - 1]

    def position(self, file_offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of a file offset; for .docx, (paragraph, column)."""
        i = bisect.bisect_right(self.line_starts, file_offset) - 1
        return i + 1, file_offset - self.line_starts[i] + 1


def walk(folder: str | Path, suffixes: tuple[str, ...] = SUFFIXES) -> list[Path]:
    """Return the files under `folder` with one of `suffixes`, sorted, skipping hidden files and folders."""
    wanted = {s.lower() for s in suffixes}
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        keep = (f for f in sorted(files) if not f.startswith(".") and Path(f).suffix.lower() in wanted)
        out.extend(Path(root) / f for f in keep)
    return out


def kind_of(name: str) -> str:
    """Return the source kind for a file name: text, markdown, html or docx (unknown suffixes: text)."""
    suffix = Path(name).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in DOCX_SUFFIXES:
        return "docx"
    return "text"


def read_source(path: str | Path, encoding: str | None = None, kind: str | None = None) -> Source:
    """Read a file as a Source (its kind from the suffix unless `kind` is given).

    Args:
        path: a .txt, .md, .html or .docx file; other suffixes are read as plain text.
        encoding: text encoding; by default UTF-8, or UTF-8/UTF-16 as announced by a byte-order mark.
        kind: force one of KINDS instead of deciding by suffix.

    Returns:
        A Source whose `text` is analysed and whose offsets map back into the file.

    Raises:
        InputError: missing file, a folder, binary or undecodable data, a damaged .docx.

    Example:
        >>> src = read_source("draft.md")  # doctest: +SKIP
        >>> src.position(src.to_file_offset(src.text.index("Kiev")))  # doctest: +SKIP
        (3, 19)

    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a folder; give a file")
    return parse_source(p.read_bytes(), str(path), encoding, kind)


def parse_source(data: bytes, name: str, encoding: str | None = None, kind: str | None = None) -> Source:
    """Turn the bytes of a file called `name` into a Source (see `read_source`)."""
    kind = kind or kind_of(name)
    if kind not in KINDS:
        raise ValueError(f"unknown source kind {kind!r}; use one of {', '.join(KINDS)}")
    if kind == "docx":
        return _docx_source(data, name)
    text, used = decode_with_encoding(data, name, encoding)
    lines = _line_starts(text)
    if kind == "markdown":
        return Source(mask_markdown(text), kind, text, name, used, line_starts=lines)
    if kind == "html":
        visible, starts, ends = extract_html(text)
        return Source(visible, kind, text, name, used, starts, ends, lines)
    return Source(text, kind, text, name, used, line_starts=lines)


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Decode bytes as text: the given encoding, else BOM-detected UTF-8/UTF-16, else strict UTF-8."""
    return decode_with_encoding(data, name, encoding)[0]


def decode_with_encoding(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode bytes like `decode` and also return the encoding used (for writing the file back)."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(f"{name}: cannot decode as {encoding}: {exc}") from None
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text (it contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid UTF-8 (byte {exc.start}); save it as UTF-8 or pass --encoding, "
            "e.g. --encoding cp1252"
        ) from None


def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(m.end() for m in re.finditer("\n", text)))


# ---------------------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------------------

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*$", re.M)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
_LINK_TARGET = re.compile(r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S[^\n]*$", re.M)
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s+[^<>]*?)?/?>")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s")


def mask_markdown(text: str) -> str:
    """Blank out Markdown code, link targets, raw HTML tags and comments, keeping every offset."""
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    for start, end in _code_blocks(text):
        blank(start, end)
    # Each later pattern runs on the partly masked text, so nothing inside code is looked at again.
    for rx in (_HTML_COMMENT, _INLINE_CODE, _LINK_DEFINITION, _LINK_TARGET, _AUTOLINK, _HTML_TAG):
        current = "".join(chars)
        for m in rx.finditer(current):
            blank(m.start(), m.end())
    return "".join(chars)


def _code_blocks(text: str) -> list[tuple[int, int]]:
    """Return the ranges of fenced and indented code blocks."""
    out: list[tuple[int, int]] = []
    pos = 0
    while m := _FENCE_OPEN.search(text, pos):
        fence = m.group(1)
        closer = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.M)
        c = closer.search(text, m.end())
        end = c.end() if c else len(text)
        out.append((m.start(), end))
        pos = end
    fenced = out[:]
    offset = 0
    prev_blank, in_code, in_list = True, False, False
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        body = line.rstrip("\r\n")
        if any(s <= start < e for s, e in fenced):
            prev_blank, in_code = False, False
            continue
        if not body.strip():
            prev_blank = True
            continue
        indented = body.startswith(("    ", "\t"))
        if indented and (in_code or (prev_blank and not in_list)):
            out.append((start, start + len(body)))
            in_code = True
        else:
            in_code = False
            if not indented:
                in_list = bool(_LIST_ITEM.match(body))
        prev_blank = False
    return out


# ---------------------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------------------

_HIDDEN = frozenset({"script", "style", "head", "template", "noscript", "code", "pre", "kbd", "samp", "tt"})
_BLOCKS = frozenset(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p section summary table td th tr ul".split()
)
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_CHARREF = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);?")


class _Extractor(HTMLParser):
    """Collect visible text with the file range of every character."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.lines = _line_starts(source)
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.hidden = 0

    def _here(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def _emit(self, text: str, start: int, end: int) -> None:
        for ch in text:
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)

    def _break(self, at: int, sep: str = "\n\n") -> None:
        tail = "".join(self.chars[-2:])
        if self.chars and not tail.endswith(sep):
            self._emit(sep, at, at)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _HIDDEN and tag not in _VOID:
            self.hidden += 1
        elif self.hidden:
            return
        elif tag == "br":
            self._emit("\n", self._here(), self._here())
        elif tag in _BLOCKS:
            self._break(self._here())
        elif tag == "q":
            self._emit('"', self._here(), self._here())  # browsers draw quotation marks around <q>

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if not self.hidden and tag == "br":
            self._emit("\n", self._here(), self._here())
        elif not self.hidden and tag in _BLOCKS:
            self._break(self._here())

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif self.hidden:
            return
        elif tag in _BLOCKS:
            self._break(self._here())
        elif tag == "q":
            self._emit('"', self._here(), self._here())

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        at = self._here()
        for i, ch in enumerate(data):
            self._emit(ch, at + i, at + i + 1)

    def _reference(self) -> None:
        if self.hidden:
            return
        at = self._here()
        m = _CHARREF.match(self.source, at)
        raw = m.group() if m else "&"
        self._emit(html.unescape(raw), at, at + len(raw))

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()


def extract_html(source: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """Return the visible text of an HTML document and, per character, its start and end in `source`."""
    parser = _Extractor(source)
    parser.feed(source)
    parser.close()
    return "".join(parser.chars), tuple(parser.starts), tuple(parser.ends)


# ---------------------------------------------------------------------------------------------------------
# Word documents
# ---------------------------------------------------------------------------------------------------------


def _docx_source(data: bytes, name: str) -> Source:
    try:
        import docx  # python-docx; imported here so that plain-text checks do not load lxml
    except ImportError:  # pragma: no cover - it is a declared dependency
        raise InputError(f"{name}: reading .docx needs python-docx (pip install python-docx)") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - zip, XML and package errors all mean "not a usable .docx"
        raise InputError(f"{name}: not a readable .docx file ({type(exc).__name__}: {exc})") from None
    paragraphs = list(_docx_paragraphs(document))
    starts, pos = [], 0
    for text in paragraphs:
        starts.append(pos)
        pos += len(text) + 2
    text = "\n\n".join(paragraphs)
    return Source(text, "docx", text, name, "utf-8", line_starts=tuple(starts) or (0,))


def _docx_paragraphs(container) -> list[str]:
    """Return the text of every paragraph in document order, descending into tables once per cell."""
    from docx.table import Table

    out: list[str] = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            seen: set[int] = set()
            for row in block.rows:
                for cell in row.cells:
                    if id(cell._tc) not in seen:  # merged cells repeat in row.cells
                        seen.add(id(cell._tc))
                        out.extend(_docx_paragraphs(cell))
        else:
            out.append(block.text)
    return out
