"""Turn an uploaded file or a web address into plain article text, with a clear message when that fails.

Readers: `.txt` and `.md` (UTF-8, UTF-8/16 with a byte-order mark, or Windows-1252), `.html`/`.htm` (the
article is extracted with trafilatura, boilerplate dropped), `.docx` (python-docx, one paragraph per
block). `fetch_url` downloads a page over http(s) with a timeout and a size cap and extracts its article.
Nothing here imports streamlit; the app and the tests call these functions.
"""

from __future__ import annotations

import codecs
import io
import re
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
DOCX_SUFFIXES = (".docx",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES
USER_AGENT = "framing/0.1 (offline news-framing analyzer; fetches one page on request)"

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.I)


class InputError(ValueError):
    """A file or page could not be turned into article text; the message is meant for the user."""


@dataclass(frozen=True, slots=True)
class Extracted:
    """Article text read from a file or a page, where it came from and what to tell the user."""

    text: str
    source: str
    kind: str  # "text", "html", "docx" or "url"
    notes: tuple[str, ...] = ()


def read_upload(name: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Extracted:
    """Read an uploaded file by its extension and return its article text.

    Raises:
        InputError: unsupported type, too large, empty, binary, undecodable or a damaged .docx.

    Example:
        >>> read_upload("draft.txt", b"Sirens sounded in Kyiv.").text
        'Sirens sounded in Kyiv.'

    """
    suffix = PurePath(name or "").suffix.lower()
    label = PurePath(name or "file").name
    if len(data) > max_bytes:
        raise InputError(
            f"{label} is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB. "
            "Upload one article at a time."
        )
    if not data.strip():
        raise InputError(f"{label} is empty.")
    if suffix in TEXT_SUFFIXES:
        text, notes = decode_text(data, label)
        return Extracted(text, label, "text", notes)
    if suffix in HTML_SUFFIXES:
        page, notes = decode_text(data, label, html=True)
        return _from_html(page, label, "html", notes)
    if suffix in DOCX_SUFFIXES:
        return Extracted(_docx_text(data, label), label, "docx")
    supported = ", ".join(SUPPORTED_SUFFIXES)
    raise InputError(f"{label}: files of type '{suffix or 'none'}' cannot be read. Supported: {supported}.")


def decode_text(data: bytes, label: str = "the file", html: bool = False) -> tuple[str, tuple[str, ...]]:
    """Decode bytes: a byte-order mark wins, then a declared HTML charset, then UTF-8, then Windows-1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), ()
    if b"\x00" in data[:4096]:
        raise InputError(f"{label} looks like a binary file, not text. Save it as .txt, .html or .docx.")
    if html and (m := _CHARSET.search(data[:4096])):
        try:
            return data.decode(m.group(1).decode("ascii"), errors="replace"), ()
        except LookupError:
            pass
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(
            f"{label} is not valid UTF-8 text and could not be read as Windows-1252 either; "
            "save it as UTF-8 and try again."
        ) from None
    return text, (f"{label} was not UTF-8; it was read as Windows-1252. Check accented letters.",)


def html_to_text(page: str) -> str | None:
    """Extract the main article text (with its headline) from an HTML page; None if there is none."""
    import trafilatura

    text = trafilatura.extract(
        page, include_comments=False, include_tables=False, include_images=False, deduplicate=True
    )
    if not text or not text.strip():
        return None
    title = _title(page)
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text}"
    return text.strip()


def fetch_url(url: str, timeout: float = 10.0, max_bytes: int = DEFAULT_MAX_BYTES) -> Extracted:
    """Download one web page and return its article text.

    Raises:
        InputError: not an http(s) address, unreachable, an HTTP error, too large, or no article found.

    Example:
        >>> fetch_url("http://127.0.0.1:8000/article.html").text[:40]  # doctest: +SKIP

    """
    url = (url or "").strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"'{url}' is not a web address; it must start with http:// or https://.")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 (scheme checked above)
            kind = resp.headers.get_content_type()
            data = resp.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise InputError(f"The page answered with an error ({exc.code} {exc.reason}): {url}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(
            f"The page could not be reached ({reason}). This computer may be offline or the address may "
            "be wrong. You can paste the article text instead."
        ) from None
    if len(data) > max_bytes:
        raise InputError(f"The page is larger than {max_bytes / 1e6:.0f} MB; paste the article text instead.")
    if kind not in ("text/html", "application/xhtml+xml", "text/plain"):
        raise InputError(f"The address points to a {kind} file, not a web page; download it and upload it.")
    page, notes = decode_text(data, url, html=kind != "text/plain")
    if kind == "text/plain":
        return Extracted(page.strip(), url, "url", notes)
    return _from_html(page, url, "url", notes)


def _from_html(page: str, label: str, kind: str, notes: tuple[str, ...]) -> Extracted:
    text = html_to_text(page)
    if text is None:
        text = _visible_text(page)
        if not text:
            raise InputError(f"No article text was found in {label}.")
        notes += ("No main article was recognised, so all visible text of the page is shown.",)
    return Extracted(text, label, kind, notes)


def _docx_text(data: bytes, label: str) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{label} is not a readable Word (.docx) file ({exc}).") from None
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types for damaged files
        raise InputError(
            f"{label} could not be opened as a Word (.docx) file ({type(exc).__name__})."
        ) from None
    paragraphs = [p.text.strip() for p in document.paragraphs]
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        raise InputError(f"{label} has no text in its paragraphs.")
    return text


class _TitleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.title = ""
        self.h1 = ""
        self.text: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        if tag in ("script", "style", "noscript", "template", "nav", "footer", "header", "aside"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "template", "nav", "footer", "header", "aside"):
            self.skip = max(0, self.skip - 1)
        if tag in ("p", "div", "h1", "h2", "h3", "li", "br", "section", "article"):
            self.text.append("\n\n")
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        current = self.stack[-1] if self.stack else ""
        if current == "title" and not self.title:
            self.title = " ".join(data.split())
        elif current == "h1" and not self.h1:
            self.h1 = " ".join(data.split())
        if not self.skip and current not in ("title", "script", "style"):
            self.text.append(data)


def _parse(page: str) -> _TitleParser:
    parser = _TitleParser()
    parser.feed(page)
    parser.close()
    return parser


def _title(page: str) -> str:
    parsed = _parse(page)
    return parsed.h1 or parsed.title


def _visible_text(page: str) -> str:
    raw = "".join(_parse(page).text)
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", raw)]
    return "\n\n".join(b for b in blocks if b)
