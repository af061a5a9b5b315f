"""Uploads and web addresses become article text, or a clear message: never a traceback."""

from __future__ import annotations

import codecs
import functools
import http.server
import io
import socket
import threading
from pathlib import Path

import pytest

from framing.uploads import InputError, fetch_url, read_upload

ARTICLE_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>News site | Sirens in Kiev</title>
<script>window.__pwned = 1</script><style>p { color: red }</style></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>Sirens sounded in Kiev overnight</h1>
<p>Explosions were heard in Kiev overnight, officials said. The US-led military bloc met in Brussels on
Tuesday to discuss further support for the country's air defences.</p>
<p>Residents of the capital spent hours in shelters as air defence units repelled several waves of drones,
according to the city's military administration, which reported no casualties by morning.</p>
<p>The strikes came after weeks of relative calm in the capital, where cafes, theatres and schools had
reopened and traffic had returned to the main avenues.</p></article>
<footer>Copyright 2024 News site. All rights reserved.</footer></body></html>"""


def docx_bytes(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.txt", "Sirens in Kiev, café.".encode()),
        ("a.md", "Sirens in Kiev, café.".encode()),
        ("a.txt", codecs.BOM_UTF8 + "Sirens in Kiev, café.".encode()),
        ("a.txt", "Sirens in Kiev, café.".encode("utf-16")),
    ],
)
def test_text_files_decode(name, data):
    got = read_upload(name, data)
    assert got.text == "Sirens in Kiev, café." and got.kind == "text" and not got.notes


def test_windows_1252_is_read_with_a_note():
    got = read_upload("old.txt", "Sirens in Kiev, café.".encode("cp1252"))
    assert got.text == "Sirens in Kiev, café." and "Windows-1252" in got.notes[0]


def test_markdown_is_kept_verbatim():
    text = "# Title\n\nPrices rose from $3,500 to $5,000 in **Kiev** [x](javascript:alert(1))."
    assert read_upload("a.md", text.encode()).text == text


def test_html_article_is_extracted_without_boilerplate_or_script():
    got = read_upload("page.html", ARTICLE_HTML.encode())
    assert got.kind == "html"
    assert got.text.startswith("Sirens sounded in Kiev overnight")
    assert "Explosions were heard in Kiev overnight" in got.text and "traffic had returned" in got.text
    assert "__pwned" not in got.text and "Copyright" not in got.text and "Sport" not in got.text


def test_html_without_article_falls_back_to_visible_text():
    got = read_upload("tiny.html", b"<html><body><p>Kiev.</p><script>x()</script></body></html>")
    assert "Kiev." in got.text and "x()" not in got.text


def test_docx_paragraphs_are_read():
    got = read_upload("draft.docx", docx_bytes("Sirens in Kiev.", "", "The US-led military bloc met."))
    assert got.text == "Sirens in Kiev.\n\nThe US-led military bloc met." and got.kind == "docx"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.docx", b"PK\x03\x04 not really a zip", "not a readable Word"),
        ("a.docx", docx_bytes("", " "), "no text"),
        ("a.txt", b"\x00\x01\x02binary\x00", "binary"),
        ("a.txt", b"  \n\t ", "empty"),
        ("a.pdf", b"%PDF-1.4", "cannot be read"),
        ("noextension", b"text", "cannot be read"),
    ],
)
def test_bad_files_give_clear_messages(name, data, message):
    with pytest.raises(InputError, match=message):
        read_upload(name, data)


def test_size_cap():
    with pytest.raises(InputError, match="the limit is"):
        read_upload("big.txt", b"Kiev " * 100, max_bytes=100)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root: Path = tmp_path_factory.mktemp("site")
    (root / "article.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (root / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    (root / "data.bin").write_bytes(b"\x00" * 10)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_fetch_url_extracts_the_article(site):
    got = fetch_url(f"{site}/article.html", timeout=5)
    assert got.kind == "url" and got.source.endswith("/article.html")
    assert "Explosions were heard in Kiev overnight" in got.text and "Copyright" not in got.text


def test_fetch_url_errors_are_plain_messages(site):
    with pytest.raises(InputError, match="404"):
        fetch_url(f"{site}/missing.html", timeout=5)
    with pytest.raises(InputError, match="No article text"):
        fetch_url(f"{site}/empty.html", timeout=5)
    with pytest.raises(InputError, match="not a web page"):
        fetch_url(f"{site}/data.bin", timeout=5)


def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (f"http://127.0.0.1:{unused_port()}/article.html", "could not be reached"),
        ("http://nonexistent.invalid/article.html", "could not be reached"),
        ("file:///etc/passwd", "not a web address"),
        ("javascript:alert(1)", "not a web address"),
        ("", "not a web address"),
        ("kyiv news", "not a web address"),
    ],
)
def test_unreachable_or_invalid_addresses(url, message):
    with pytest.raises(InputError, match=message):
        fetch_url(url, timeout=3)
