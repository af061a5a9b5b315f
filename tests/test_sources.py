"""File readers: Markdown masking keeps offsets, HTML and .docx positions point into the source file."""

import json

import pytest

from framing.cli import main
from framing.sources import InputError, extract_html, mask_markdown, parse_source, read_source

from conftest import DATA

MINI = ["--packs", "mini", "--packs-dir", str(DATA / "packs"), "--no-config"]

pytestmark = pytest.mark.usefixtures("rules_only")


def alerts(capsys, path):
    main(["check", str(path), "--format", "json", *MINI])
    return json.loads(capsys.readouterr().out)["files"][0]["alerts"]


MARKDOWN = """# Kiev today

Sirens in Kiev. Code `Kiev` and a [link to Kiev](https://example.org/kiev "Kiev") here.

```text
Kiev in a fence
```

    Kiev in an indented block

<!-- Kiev in a comment --> <span title="Kiev">x</span> <https://kiev.example>

[ref]: https://example.org/kiev
"""


def test_markdown_masking_keeps_every_offset_and_line():
    masked = mask_markdown(MARKDOWN)
    assert len(masked) == len(MARKDOWN)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [i for i, c in enumerate(MARKDOWN) if c == "\n"]
    kept = [i for i in range(len(masked)) if masked.startswith("Kiev", i)]
    assert [MARKDOWN.count("\n", 0, i) + 1 for i in kept] == [1, 3, 3]  # heading, prose, link text


def test_markdown_markup_is_never_flagged_and_positions_are_the_file_s(tmp_path, capsys):
    f = tmp_path / "a.md"
    f.write_text(MARKDOWN, encoding="utf-8")
    found = alerts(capsys, f)
    assert [(a["line"], a["column"]) for a in found] == [(1, 3), (3, 11), (3, 44)]
    assert all(MARKDOWN[a["start"] : a["end"]] == "Kiev" for a in found)


def test_markdown_list_continuation_is_not_code():
    text = "- item\n\n    still the item: Kiev\n"
    assert "Kiev" in mask_markdown(text)


HTML = """<!doctype html>
<html><head><title>Kiev</title><style>.Kiev { color: red }</style></head>
<body>
  <h1>Strikes on Kiev</h1>
  <script>var city = "Kiev";</script>
  <p>Shelling near Ki&#101;v &amp; the <a href="https://kiev.example">US-led
     military bloc</a>.</p>
  <pre>Kiev</pre><p>He said <q>Kiev</q> twice.</p>
</body></html>
"""


def test_html_visible_text_only_with_offsets_into_the_file():
    text, starts, ends = extract_html(HTML)
    assert "Strikes on Kiev" in text and "Shelling near Kiev & the US-led" in text
    assert "color" not in text and "var city" not in text and "kiev.example" not in text
    assert len(starts) == len(ends) == len(text)
    i = text.index("Strikes")
    assert HTML[starts[i] : ends[i + 6]] == "Strikes"
    j = text.index("Kiev &")
    assert HTML[starts[j] : ends[j + 3]] == "Ki&#101;v"  # the entity maps to its whole source text


def test_html_alerts_point_at_lines_and_columns_of_the_html_file(tmp_path, capsys):
    f = tmp_path / "a.html"
    f.write_text(HTML, encoding="utf-8")
    found = alerts(capsys, f)
    lines = HTML.splitlines()
    got = [(a["line"], a["column"], a["rule_id"], a["usage"]) for a in found]
    assert got == [
        (4, 18, "mini.capital", "author"),
        (6, 20, "mini.capital", "author"),
        (6, 71, "mini.bloc", "author"),
        (8, 32, "mini.capital", "quoted"),  # <q> is drawn with quotation marks
    ]
    assert lines[3][17:21] == "Kiev" and lines[5][19:28] == "Ki&#101;v" and lines[5][70:76] == "US-led"
    assert found[2]["end_line"] == 7  # the term runs onto the next line of the file


def test_docx_paragraphs_and_tables_with_paragraph_column_positions(tmp_path, capsys):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("Headline")
    d.add_paragraph("")
    d.add_paragraph("Shelling hit Kiev overnight.")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Kiev"
    table.cell(0, 1).text = "calm"
    d.add_paragraph("After the table, the US-led military bloc met.")
    d.save(tmp_path / "a.docx")
    src = read_source(tmp_path / "a.docx")
    assert src.kind == "docx"
    assert (
        src.text == "Headline\n\n\n\nShelling hit Kiev overnight.\n\nKiev\n\ncalm\n\n"
        "After the table, the US-led military bloc met."
    )
    found = alerts(capsys, tmp_path / "a.docx")
    assert [(a["line"], a["column"], a["match"]) for a in found] == [
        (3, 14, "Kiev"),
        (4, 1, "Kiev"),
        (6, 22, "US-led military bloc"),
    ]


def test_damaged_docx_is_a_clear_error(tmp_path):
    f = tmp_path / "bad.docx"
    f.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match=r"not a readable \.docx"):
        read_source(f)


def test_plain_text_is_used_as_is_and_decoding_is_checked(tmp_path):
    src = parse_source(b"Kiev\r\nline two", "a.txt")
    assert src.text == src.original == "Kiev\r\nline two" and src.position(6) == (2, 1)
    assert parse_source(b"\xef\xbb\xbfKiev", "a.txt").encoding == "utf-8-sig"
    with pytest.raises(InputError, match="binary"):
        parse_source(b"\x00\x01", "a.txt")
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "missing.txt")
    assert parse_source(b"<b>Kiev</b>", "a.htm").text == "Kiev"
    assert parse_source(b"x", "notes.rst").kind == "text"
