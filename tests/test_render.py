"""The HTML renderer escapes every fragment, shows overlaps and keeps the text verbatim."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing import render
from framing.types import ArticleReport, Authority, AxisScore, Finding

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "&amp;",
    "$3,500 … $5,000",
    ":red[x]",
    "[x](javascript:alert(1))",
]


def finding(text: str, start: int, end: int, **kw) -> Finding:
    values = dict(
        start=start,
        end=end,
        text=text[start:end],
        pack="mini",
        concept="capital",
        variant="Kiev",
        pole="left_pole",
        strength="strong",
        usage="author",
        usage_score=0.85,
        severity="error",
        message=f"'{text[start:end]}' is Left pole usage.",
        suggestions=("Kyiv",),
        authorities=(Authority("Test Stylebook", "Use Kyiv.", "2019-08-14", "https://example.org"),),
        usage_reason="the author's own wording",
    )
    values.update(kw)
    return Finding(**values)


def report(text: str, findings=()) -> ArticleReport:
    axis = AxisScore("mini-axis", "left_pole", -1.0, (("left_pole", 1), ("right_pole", 0)), "low")
    return ArticleReport(text=text, findings=tuple(findings), sentences=(), terminology=(axis,))


class TextRebuilder(HTMLParser):
    """Collect the article text back out of the rendered HTML (bidi markers map to their character)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.skip = 0
        self.parts: list[str] = []
        self.marks: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "fr-article" in (attrs.get("class") or ""):
            self.inside = True
        elif self.inside and tag == "mark":
            self.marks.append(attrs)
        elif self.inside and tag == "span" and "fr-ctl" in (attrs.get("class") or ""):
            self.parts.append(chr(int(attrs["data-cp"], 16)))
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "span" and self.skip:
            self.skip -= 1
        elif tag == "div":
            self.inside = False

    def handle_data(self, data):
        if self.inside and not self.skip:
            self.parts.append(data)


def rebuild(html_text: str) -> TextRebuilder:
    parser = TextRebuilder()
    parser.feed(html_text)
    parser.close()
    return parser


def article_part(html_text: str) -> str:
    return html_text[html_text.index('<div class="fr-article"') :]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("where", ["outside", "inside"])
def test_render_escapes_payload(payload, where):
    text = f"Sirens in Kiev. {payload} end" if where == "outside" else f"Sirens in {payload}Kiev end."
    start = text.index("Kiev")
    if where == "inside":
        start = text.index(payload)
    f = finding(text, start, text.index("Kiev") + 4)
    out = render.to_html(report(text, [f]))
    body = article_part(out)
    assert "<script" not in body and "<img" not in body, f"raw tag in {body!r}"
    assert 'onmouseover="' not in body
    assert not re.search(r"&(?!(amp|lt|gt|quot|#x27);)", body), "an unescaped & reached the markup"
    assert rebuild(out).parts and "".join(rebuild(out).parts) == text


def test_render_escapes_ampersand_entity_literally():
    text = "Tom &amp; Jerry in Kiev"
    f = finding(text, text.index("&amp;"), len(text))
    out = render.to_html(report(text, [f]))
    assert "&amp;amp;" in out
    assert "".join(rebuild(out).parts) == text


def test_render_escapes_tooltip_and_attributes():
    text = 'In Kiev" onmouseover="alert(1) <b>'
    f = finding(
        text,
        3,
        len(text),
        concept='x"><script>alert(1)</script>',
        suggestions=('"><img src=x onerror=alert(1)>',),
        usage_reason="<i>why</i>",
    )
    out = render.to_html(report(text, [f]))
    parsed = rebuild(out)
    (mark,) = parsed.marks
    assert '"><img' in mark["title"] and "<i>why</i>" in mark["title"]
    assert mark["data-rule"] == 'mini.x"><script>alert(1)</script>'
    assert "<script" not in article_part(out) and "<img" not in article_part(out)


def test_render_keeps_markdown_and_katex_lookalikes_verbatim():
    text = "Prices rose from $3,500 … $5,000 in :red[x] and [x](javascript:alert(1)) Kiev"
    out = render.to_html(report(text, [finding(text, len(text) - 4, len(text))]))
    assert "$3,500 … $5,000" in out and ":red[x]" in out and "[x](javascript:alert(1))" in out


def test_render_shows_nested_findings_both():
    text = "The Kiev regime said so."
    outer = finding(text, 4, 15, concept="regime", pole=None, variant="Kiev regime")
    inner = finding(text, 4, 8)
    out = render.to_html(report(text, [outer, inner]))
    parsed = rebuild(out)
    rules = [m["data-rule"] for m in parsed.marks]
    assert rules.count("mini.regime") == 2 and rules.count("mini.capital") == 1
    assert re.search(
        r'data-rule="mini.regime"[^>]*><mark [^>]*data-rule="mini.capital"[^>]*>Kiev</mark>', out
    )
    assert "fr-pole-none" in out and "fr-pole-0" in out
    assert "".join(parsed.parts) == text


def test_render_shows_crossing_findings():
    text = "abc def ghi"
    a, b = finding(text, 0, 7), finding(text, 4, 11, concept="other")
    out = render.to_html(report(text, [a, b]))
    parsed = rebuild(out)
    assert {m["data-rule"] for m in parsed.marks} == {"mini.capital", "mini.other"}
    assert "".join(parsed.parts) == text


def test_render_classes_by_pole_and_usage():
    text = "Kiev Kyiv Kiev Kiev"
    found = [
        finding(text, 0, 4),
        finding(text, 5, 9, pole="right_pole"),
        finding(text, 10, 14, usage="quoted"),
        finding(text, 15, 19, usage="other_sense"),
    ]
    out = render.to_html(report(text, found))
    classes = [m["class"] for m in rebuild(out).marks]
    assert classes[0].startswith("fr-hl fr-pole-0 fr-usage-author")
    assert classes[1].startswith("fr-hl fr-pole-1 fr-usage-author")
    assert "fr-usage-quoted" in classes[2] and "fr-usage-other_sense" in classes[3]
    hidden = render.to_html(report(text, found), show_quoted=False)
    assert "fr-usage-quoted" not in article_part(hidden)


def test_render_neutralises_bidi_controls():
    text = "Kiev \u202egnp.exe\u202c and \u2066x\u2069"
    out = render.to_html(report(text, [finding(text, 0, 4)]))
    for ch in "\u202e\u202c\u2066\u2069":
        assert ch not in out
    assert "⟨U+202E⟩" in out and "⟨U+2066⟩" in out
    assert "".join(rebuild(out).parts) == text


def test_render_neutralises_bidi_in_tooltip():
    text = "K\u202eiev"
    out = render.to_html(report(text, [finding(text, 0, len(text))]))
    assert "\u202e" not in out and "⟨U+202E⟩" in rebuild(out).marks[0]["title"]


def test_render_does_not_split_emoji_zwj_sequence():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    text = f"Kiev {family}{family} end"
    inside = text.index(family) + 2  # between the first emoji and its ZWJ
    out = render.to_html(report(text, [finding(text, 0, 4), finding(text, inside, inside + 3)]))
    body = article_part(out)
    pieces = re.split(r"<[^>]+>", body)
    assert any(family in p for p in pieces), "a ZWJ sequence was cut by markup"
    assert all(not p.startswith("\u200d") and not p.endswith("\u200d") for p in pieces)
    assert "".join(rebuild(out).parts) == text


def test_render_without_findings_and_empty_text():
    assert "".join(rebuild(render.to_html(report("plain\n\ntext"))).parts) == "plain\n\ntext"
    assert rebuild(render.to_html(report(""))).parts == []


def test_render_preserves_line_breaks():
    out = render.to_html(report("a\n\n  b\tc"))
    assert "white-space: pre-wrap" in out
    assert "a\n\n  b\tc" in out


def test_legend_and_warnings_are_escaped():
    labels = render.Labels(poles={"left_pole": "<b>Left</b>"})
    legend = render.legend_html(report("x"), labels=labels)
    assert "&lt;b&gt;Left&lt;/b&gt;" in legend and "fr-pole-0" in legend and 'class="fr-hl' not in legend
    warn = render.warnings_html(["'<img src=x onerror=alert(1)>' has $1 :smile:"])
    assert "<img" not in warn and "&lt;img" in warn
    assert render.warnings_html([]) == ""


def test_axis_metrics_say_no_evidence():
    empty = AxisScore("mini-axis", "none", None, (("left_pole", 0), ("right_pole", 0)), "low")
    values = {m.label: m.value for m in render.axis_metrics(empty)}
    assert values["Alignment"] == "no evidence" and values["Lean"] == "no evidence"
    leaning = replace(empty, lean="left_pole", alignment=-0.5, counts=(("left_pole", 3), ("right_pole", 1)))
    values = {
        m.label: m.value for m in render.axis_metrics(leaning, labels=render.Labels({"left_pole": "L"}))
    }
    assert values == {"Lean": "L", "Alignment": "−0.50", "Author's terms": "3 : 1", "Confidence": "low"}


def test_findings_rows_and_markdown():
    text = "line one\nSirens in Kiev | here"
    r = report(text, [finding(text, text.index("Kiev"), len(text))])
    (row,) = render.findings_rows(r)
    assert row["line"] == 2 and row["authority"] == "Test Stylebook (since 2019-08-14)"
    assert row["suggestion"] == "Kyiv"
    md = render.to_markdown(r)
    assert "Kiev \\| here" in md
    assert all(line.count("|") - line.count("\\|") == 8 for line in md.splitlines())
    assert render.to_markdown(report("x")).startswith("No contested terms")


def test_render_module_never_imports_streamlit():
    source = render.__file__
    with open(source, encoding="utf-8") as fh:
        assert "streamlit" not in fh.read()


TRICKY = st.sampled_from(list("<>&\"'\n\r\t \u202e\u2066\u200e\u200d\u0301\ufe0f\U0001f468\U0001f3fd"))


@given(
    st.text(alphabet=st.one_of(st.characters(), TRICKY), max_size=200),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=4),
)
def test_render_rebuilds_input_exactly(text, raw_spans):
    spans = sorted({(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in raw_spans})
    found = [finding(text, s, e) for s, e in spans if s < e]
    out = render.to_html(report(text, found))
    parsed = rebuild(out)
    assert "".join(parsed.parts) == text
    body = article_part(out)
    assert set(re.findall(r"</?([a-zA-Z]+)", body)) <= {"div", "mark", "span"}
    for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert ch not in out


@given(
    st.text(alphabet=st.one_of(st.characters(), TRICKY), max_size=120),
    st.lists(st.tuples(st.integers(0, 120), st.integers(0, 120)), max_size=4),
)
def test_segments_never_cut_inside_a_grapheme(text, spans):
    pieces = render.segments(text, spans)
    assert "".join(text[p.start : p.end] for p in pieces) == text
    for p in pieces[1:]:
        ch, before = text[p.start], text[p.start - 1]
        assert before != "\u200d" and ch != "\u200d" and not ("\U0001f3fb" <= ch <= "\U0001f3ff")
        assert not unicodedata.category(ch).startswith("M") and (before, ch) != ("\r", "\n")
