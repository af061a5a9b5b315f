"""Property tests: offsets always index the exact input, whatever surrounds or hides inside a term."""

from hypothesis import given
from hypothesis import strategies as st

FILLER = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="Kk"),
    max_size=40,
)
HIDDEN = st.sampled_from(["", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
SEPARATORS = st.sampled_from([" ", "\n", "  ", "\t", ". ", ", ", " (", '"', "\u00a0"])


@given(st.lists(st.tuples(FILLER, SEPARATORS), max_size=6))
def test_every_finding_is_the_exact_substring(mini, parts):
    text = "".join(f"{filler}{sep}Kiev{sep}" for filler, sep in parts)
    report = mini.analyze(text)
    for f in report.findings:
        assert text[f.start : f.end] == f.text
        assert 0 <= f.start < f.end <= len(text)


@given(FILLER, HIDDEN, HIDDEN, st.sampled_from(["Kiev", "KIEV", "kiev", "K\u0456ev", "Ki\u0435v"]))
def test_hidden_characters_never_move_offsets(mini, prefix, h1, h2, word):
    term = word[:1] + h1 + word[1:3] + h2 + word[3:]
    text = f"{prefix} {term} today."
    report = mini.analyze(text)
    found = [f for f in report.findings if f.variant == "Kiev"]
    assert found, text
    start = len(prefix) + 1
    assert (found[-1].start, found[-1].end) == (start, start + len(term))
    assert found[-1].text == term


@given(st.text(max_size=300))
def test_any_text_gives_a_report_with_valid_spans(mini, text):
    report = mini.analyze(text)
    for f in report.findings:
        assert text[f.start : f.end] == f.text
    for s in report.sentences:
        assert 0 <= s.start < s.end <= len(text)
    report.to_dict()


@given(st.text(alphabet=st.sampled_from(list("Kiev yKv.,\"'\n-")), max_size=120))
def test_normalisation_is_stable_under_nfc_and_nfd(mini, text):
    import unicodedata

    a = mini.analyze(unicodedata.normalize("NFC", text))
    b = mini.analyze(unicodedata.normalize("NFD", text))
    assert [(f.concept, f.variant, f.usage) for f in a.findings] == [
        (f.concept, f.variant, f.usage) for f in b.findings
    ]
