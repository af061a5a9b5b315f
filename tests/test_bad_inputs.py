"""Every bad input of the design's list: a clear message or a correct result, never a crash."""

import pytest

import framing
from framing.inputs import DEFAULT_MAX_CHARS

EMPTY_CASES = ["", " \n\t\u00a0\u3000", "\u200b\u200d\ufeff\u2060"]


def assert_offsets(report):
    for f in report.findings:
        assert report.text[f.start : f.end] == f.text


def assert_no_scores(report):
    doc = report.to_dict()
    for axis in doc["scores"]["terminology"].values():
        assert axis["alignment"] is None and axis["lean"] == "none"
    assert doc["scores"]["loaded_share"] is None


@pytest.mark.parametrize("text", EMPTY_CASES)
def test_empty_or_invisible_text_gives_a_message_and_null_scores(mini, text):
    r = mini.analyze(text)
    assert r.findings == () and r.sentences == ()
    assert any("empty" in w for w in r.warnings)
    assert_no_scores(r)


def test_text_without_words(mini):
    r = mini.analyze("!!! 123 ... \u2014")
    assert any("no words" in w for w in r.warnings)
    assert_no_scores(r)


def test_one_word(mini):
    r = mini.analyze("Kyiv")
    assert [f.text for f in r.findings] == ["Kyiv"]
    assert r.terminology[0].confidence == "low" and r.terminology[0].lean == "none"


def test_huge_paste_is_refused_before_any_work(mini, monkeypatch):
    import framing.analyzer as mod

    def boom(*a, **k):
        raise AssertionError("work started on a refused text")

    monkeypatch.setattr(mod, "prepare", boom)
    with pytest.raises(framing.TextTooLong, match="limit is"):
        mini.analyze("Kiev " * 1_000_000)
    assert DEFAULT_MAX_CHARS < 5_000_000


def test_run_on_sentence_of_3000_words(mini):
    text = "and Kiev " * 1500
    r = mini.analyze(text)
    assert len(r.sentences) == 1 and len(r.findings) == 1500
    assert_offsets(r)


@pytest.mark.parametrize(
    "evasive",
    ["Ki\u200bev", "Kie\u200dv", "Ki\u00adev", "K\u0456ev", "Ki\u0435v", "\uff2b\uff29\uff25\uff36"],
)
def test_hidden_characters_and_lookalikes_are_matched_and_reported(mini, evasive):
    text = f"Sirens sounded in {evasive} overnight."
    r = mini.analyze(text)
    assert [f.text for f in r.findings] == [evasive]
    assert r.findings[0].evasion and r.findings[0].variant == "Kiev"
    assert any("slip past filters" in w for w in r.warnings)
    assert_offsets(r)


def test_nfd_and_nfc_give_identical_findings(mini):
    a = mini.analyze("Sirens in Kyi\u0308v.")
    b = mini.analyze("Sirens in Ky\u00efv.")
    assert [(f.concept, f.pole, f.usage) for f in a.findings] == [
        (f.concept, f.pole, f.usage) for f in b.findings
    ]
    assert a.findings[0].text == "Kyi\u0308v"


def test_emoji_and_zwj_sequences_are_not_split(mini):
    text = "\U0001f469\U0001f3fd\u200d\u2695\ufe0f Kiev \U0001f1fa\U0001f1e6 0\ufe0f\u20e3"
    r = mini.analyze(text)
    assert [f.text for f in r.findings] == ["Kiev"]
    assert_offsets(r)


def test_zalgo_text_does_not_crash(mini):
    r = mini.analyze("K\u0301\u0302\u0303\u0304i\u0305\u0306e\u0307v" + "\u0336" * 500)
    assert [f.variant for f in r.findings] == ["Kiev"]


def test_non_english_text_is_flagged_unsupported(mini):
    r = mini.analyze("Киев — столица Украины. Это большой город на Днепре, где живут миллионы людей.")
    assert any("Only English is supported" in w for w in r.warnings)
    r2 = mini.analyze(
        "Die Regierung in Kiev hat am Montag neue Massnahmen angekündigt, die nach Angaben der Behörden "
        "schon ab nächster Woche gelten sollen und für viele Menschen im ganzen Land gelten werden, "
        "sagte ein Sprecher des Ministeriums gegenüber Journalisten in der Hauptstadt heute."
    )
    assert any("does not look like English" in w for w in r2.warnings)
    assert all(a.confidence == "low" for a in r2.terminology)


def test_bidi_controls_are_reported(mini):
    r = mini.analyze("abc\u202edcba Kiev \u2066x\u2069")
    assert any("bidirectional" in w for w in r.warnings)
    assert_offsets(r)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script> Kiev",
        "<img src=x onerror=alert(1)> Kiev",
        "It cost $3,500 in 2022 and $5,000 in Kiev.",
        ":red[x] **b** [x](javascript:alert(1)) # H <- -> Kiev",
        '" onmouseover="alert(1) \' &amp; Kiev',
    ],
)
def test_markup_is_analysed_as_plain_text(mini, text):
    r = mini.analyze(text)
    assert [f.text for f in r.findings] == ["Kiev"]
    assert r.text == text
    assert_offsets(r)


def test_control_characters_and_crlf(mini):
    r = mini.analyze("Line one in Kiev.\r\nLine two\x00 with \x1b[31mred\r in Kyiv.")
    assert [f.text for f in r.findings] == ["Kiev", "Kyiv"]
    assert_offsets(r)


def test_lone_surrogate_is_replaced_with_a_warning(mini):
    r = mini.analyze("Kiev \ud800 here")
    assert "\ud800" not in r.text and len(r.text) == len("Kiev \ud800 here")
    assert any("broken characters" in w for w in r.warnings)
    r.to_dict()


def test_mojibake_does_not_crash(mini):
    r = mini.analyze("It\u2019s the regime\u2019s \u00e2\u20ac\u0153plan\u00e2\u20ac\x9d in Kiev")
    assert [f.text for f in r.findings] == ["Kiev"]


@pytest.mark.parametrize("dash", ["-", "\u2011", "\u2010", "\u2013", "\u00a0"])
def test_every_dash_and_space_variant_matches(mini, dash):
    text = f"The US{dash}led military bloc met."
    r = mini.analyze(text)
    assert [f.variant for f in r.findings] == ["US-led military bloc"]


@pytest.mark.parametrize(
    "quote", [('"', '"'), ("\u201c", "\u201d"), ("\u00ab", "\u00bb"), ("\u201e", "\u201c")]
)
def test_every_quote_style_marks_quoted_usage(mini, quote):
    o, c = quote
    r = mini.analyze(f"He told reporters {o}Kiev will have to accept it{c} on Monday.")
    assert r.findings[0].usage == "quoted"


@pytest.mark.parametrize("text", ["KIEV is calm.", "kiev is calm.", "Kiev is calm."])
def test_case_is_ignored(mini, text):
    assert [f.variant for f in mini.analyze(text).findings] == ["Kiev"]


def test_repetition_is_bounded_and_consistent(mini):
    r = mini.analyze("Sirens sounded in Kiev. " * 1000)
    assert len(r.findings) == 1000 and len(r.sentences) == 1000
    assert r.terminology[0].alignment == -1.0


def test_twenty_thousand_one_character_lines(mini):
    r = mini.analyze("a\n" * 20000)
    assert len(r.sentences) == 1


def test_hard_wrapped_text_scores_like_unwrapped(mini):
    flat = "Sirens sounded in Kiev on Monday. The US-led military bloc met in Brussels."
    wrapped = "Sirens sounded in\nKiev on Monday. The US-led\nmilitary bloc met in Brussels."
    a, b = mini.analyze(flat), mini.analyze(wrapped)
    assert [(f.variant, f.usage) for f in a.findings] == [(f.variant, f.usage) for f in b.findings]
    assert a.to_dict()["scores"] == b.to_dict()["scores"]


def test_urls_emails_handles_and_code_are_not_author_usage(mini):
    text = "See https://example.org/kiev/ or kiev@example.org, @Kiev_news, `Kiev` and Europe/Kiev."
    r = mini.analyze(text)
    assert r.findings and all(f.usage == "other_sense" for f in r.findings)


def test_text_that_is_not_a_string_is_refused(mini):
    with pytest.raises(TypeError, match="decode bytes first"):
        mini.analyze(b"Kiev")
