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
from framing.types import ArticleReport, Authority, AxisScore, Finding, FramingScore, SentenceScore

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


POLES = (("left_pole", "Left pole"), ("right_pole", "Right pole"))


def report(text: str, findings=()) -> ArticleReport:
    axis = AxisScore(
        "mini-axis", "left_pole", -1.0, (("left_pole", 1), ("right_pole", 0)), "low", poles=POLES
    )
    return ArticleReport(text=text, findings=tuple(findings), sentences=(), terminology=(axis,))


class TextRebuilder(HTMLParser):
    """Collect the article text back out of the rendered HTML (bidi markers map to their character).

    Explanation panels (`.fr-tip`) are not article text: their text is collected separately.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.skip = 0
        self.in_tip = False
        self.parts: list[str] = []
        self.marks: list[dict[str, str | None]] = []
        self.tips: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if self.skip:
            self.skip += tag == "span"
            return
        if tag == "div" and "fr-article" in classes:
            self.inside = True
        elif self.inside and tag == "mark":
            self.marks.append(attrs)
        elif self.inside and tag == "span" and "fr-ctl" in classes:
            self.parts.append(chr(int(attrs["data-cp"], 16)))
            self.skip = 1
        elif self.inside and tag == "span" and "fr-tip" in classes:
            self.tips.append("")
            self.in_tip = True
            self.skip = 1

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= tag == "span"
            if not self.skip:
                self.in_tip = False
        elif tag == "div":
            self.inside = False

    def handle_data(self, data):
        if self.in_tip:
            self.tips[-1] += data
        elif self.inside and not self.skip:
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
    (tip,) = parsed.tips
    assert '"><img' in tip and "<i>why</i>" in tip
    assert "&lt;i&gt;why&lt;/i&gt;" in out and "<i>" not in out
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
        r'data-rule="mini.regime"[^>]*><mark [^>]*data-rule="mini.capital"[^>]*>Kiev<span class="fr-tip"', out
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
    assert "\u202e" not in out and "⟨U+202E⟩" in rebuild(out).tips[0]


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
    r = report("x")
    axis = replace(r.terminology[0], poles=(("left_pole", "<b>Left</b>"), ("right_pole", "Right")))
    legend = render.legend_html(replace(r, terminology=(axis,)))
    assert "&lt;b&gt;Left&lt;/b&gt;" in legend and "fr-pole-0" in legend and 'class="fr-hl' not in legend
    assert "sentence tone: no model score" in legend
    warn = render.warnings_html(["'<img src=x onerror=alert(1)>' has $1 :smile:"])
    assert "<img" not in warn and "&lt;img" in warn
    assert render.warnings_html([]) == ""


def test_terminology_cards_say_no_evidence():
    empty = AxisScore("mini-axis", "none", None, (("left_pole", 0), ("right_pole", 0)), "low", poles=POLES)
    lean, align = render.terminology_cards(empty, report("x"))
    assert lean.value == "no evidence" and lean.state == "none" and align.position is None
    assert "No contested terms" in lean.reading


def test_terminology_cards_read_the_lean_in_plain_words():
    axis = AxisScore(
        "mini-axis", "left_pole", -0.8, (("left_pole", 12), ("right_pole", 2)), "high", (("left_pole", 3),),
        poles=POLES,
    )  # fmt: skip
    lean, align = render.terminology_cards(axis, report("x"))
    assert lean.value == "Left pole" and lean.state == "ok"
    assert lean.reading == "Mostly Left pole wording: 12 of 14 terms in the author's own words."
    assert "3 more in quotes" in lean.detail and "Confidence high" in lean.detail
    assert align.value == "−0.80" and align.position == -0.8
    low = replace(axis, confidence="low", counts=(("left_pole", 1), ("right_pole", 0)), alignment=-1.0)
    assert render.terminology_cards(low, report("x"))[0].state == "low"
    mixed = replace(axis, lean="none", alignment=0.1, counts=(("left_pole", 3), ("right_pole", 4)))
    assert render.terminology_cards(mixed, report("x"))[0].reading.startswith("Mixed wording")
    html_cards = render.cards_html(render.terminology_cards(low, report("x")))
    assert "low evidence" in html_cards and "fr-pos-0" in html_cards


def test_model_cards_show_no_model_score_then_real_values():
    r = report("One. Two. Thr. Four")
    cards = {c.key: c for c in render.model_cards(r)}
    assert cards["loaded"].value == "no model score" and cards["loaded"].state == "none"
    assert cards["subjective"].value == "no model score"
    assert cards["framing:mini-axis"].value == "no model score"
    sentences = tuple(
        SentenceScore(i * 5, i * 5 + 4, "author", (("loaded", v), ("subjective", 0.2), ("mini-axis", -0.5)))
        for i, v in enumerate((0.9, 0.1, 0.75, 0.2))
    )
    scored = replace(
        r,
        sentences=sentences,
        loaded_share=0.5,
        subjective_share=0.0,
        framing=(FramingScore("mini-axis", "left_pole", -0.5, 4),),
    )
    cards = {c.key: c for c in render.model_cards(scored)}
    assert cards["loaded"].value == "50%" and cards["loaded"].state == "ok"
    assert cards["subjective"].value == "0%"
    assert cards["framing:mini-axis"].value == "Left pole" and cards["framing:mini-axis"].position == -0.5
    assert "over 4 of the author's sentence(s) that are about the topic" in cards["framing:mini-axis"].detail
    few = replace(scored, sentences=sentences[:2], framing=(FramingScore("mini-axis", "none", 0.1, 2),))
    cards = {c.key: c for c in render.model_cards(few)}
    assert cards["loaded"].state == "low" and "Low evidence" in cards["loaded"].detail
    assert cards["framing:mini-axis"].state == "low"
    out = render.to_html(scored)
    body = article_part(out)
    assert "fr-loaded-3" in body and "fr-loaded-2" in body and "fr-loaded-1" not in body
    assert "loaded sentence" in render.legend_html(scored)
    assert "".join(rebuild(out).parts) == scored.text


def test_quoted_speech_is_set_apart():
    text = 'He said: "Kiev will fall." The city is calm.'
    r = replace(
        report(text, [finding(text, 10, 14, usage="quoted")]),
        sentences=(SentenceScore(0, 26, "quoted", ()), SentenceScore(27, len(text), "author", ())),
    )
    out = render.to_html(r)
    assert 'class="fr-s fr-voice-quoted"' in out
    assert "fr-usage-quoted" in out
    assert "".join(rebuild(out).parts) == text


def test_tip_explains_signal_authority_suggestion_and_usage():
    text = "Sirens in Kiev."
    f = finding(
        text, 10, 14, explanation="Kyiv is the Ukrainian form.", title="Capital name", pole_label="Left"
    )
    (tip,) = rebuild(render.to_html(report(text, [f]))).tips
    parts = ("Capital name", "Kyiv is the Ukrainian form.", "Test Stylebook (since 2019-08-14)", "Use Kyiv.")
    for part in (*parts, "Suggested instead: Kyiv", "85% sure", "Left"):
        assert part in tip, part


def test_min_severity_hides_lower_findings():
    text = "Kiev Kyiv"
    found = [finding(text, 0, 4), finding(text, 5, 9, severity="info")]
    out = render.to_html(report(text, found), min_severity="warning")
    assert len(rebuild(out).marks) == 1
    assert len(render.findings_rows(report(text, found), min_severity="error")) == 1


def test_versus_and_diff_are_escaped():
    axis = AxisScore(
        "mini-axis", "left_pole", -0.5, (("left_pole", 3), ("right_pole", 1)), "medium", poles=POLES
    )
    out = render.versus_html(
        [("A", "<img src=x onerror=alert(1)>", axis), ("B", "b", replace(axis, alignment=None))]
    )
    assert "<img" not in out and "&lt;img" in out and "fr-pos-10" in out and "no evidence" in out
    from framing.rewrite import Edit

    text, new = "a <b>Kiev</b> z", "a <b>Kyiv</b> z"
    before, after = render.diff_html(text, new, [Edit(5, 9, "Kiev", "Kyiv", 5, 9, "mini.capital", 0)])
    assert '<del class="fr-del">Kiev</del>' in before and '<ins class="fr-ins">Kyiv</ins>' in after
    assert "<b>" not in before + after and "&lt;b&gt;" in after


def test_findings_rows_and_markdown():
    text = "line one\nSirens in Kiev | here"
    r = report(text, [finding(text, text.index("Kiev"), len(text))])
    (row,) = render.findings_rows(r)
    assert (
        row["line"] == 2 and row["column"] == 11 and row["authority"] == "Test Stylebook (since 2019-08-14)"
    )
    assert row["suggestion"] == "Kyiv"
    md = render.to_markdown(r)
    assert "Kiev \\| here" in md
    assert all(line.count("|") - line.count("\\|") == 8 for line in md.splitlines())
    assert render.to_markdown(report("x")).startswith("No contested terms")


def test_markdown_escape_defuses_markup():
    for payload in PAYLOADS:
        escaped = render.md_escape(payload)
        assert "<script" not in escaped and "<img" not in escaped and "](" not in escaped
    assert render.md_escape("$3,500") == "\\$3,500"


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
