from hypothesis import given
from hypothesis import strategies as st

from framing.segment import split_sentences


def sents(text):
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_abbreviations_initials_and_decimals_do_not_split():
    text = "Mr. Smith met U.S. envoys on Jan. 5 in Kyiv. Aid rose 3.5% to $1.2 billion. J. K. Rowling agreed."
    assert sents(text) == [
        "Mr. Smith met U.S. envoys on Jan. 5 in Kyiv.",
        "Aid rose 3.5% to $1.2 billion.",
        "J. K. Rowling agreed.",
    ]


def test_quotes_after_the_full_stop_stay_with_the_sentence():
    text = '"We will win." He left. «Нет.» She said "maybe?" Then silence.'
    assert sents(text)[:2] == ['"We will win."', "He left."]
    assert sents(text)[-1] == "Then silence."


def test_hard_wrapped_lines_are_joined_into_sentences():
    text = "The talks in Kyiv\nresumed on Monday after\na long pause. Officials\nwere cautious."
    assert sents(text) == [
        "The talks in Kyiv\nresumed on Monday after\na long pause.",
        "Officials\nwere cautious.",
    ]


def test_paragraphs_headlines_and_bullets_are_separate():
    text = "Headline without a stop\n\nFirst para here.\n\n- first point\n- second point\n1. numbered item"
    assert sents(text) == [
        "Headline without a stop",
        "First para here.",
        "- first point",
        "- second point",
        "1. numbered item",
    ]


def test_run_on_text_is_one_sentence():
    text = "word " * 3000
    assert len(split_sentences(text)) == 1


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\"'Mr")), max_size=200))
def test_spans_are_ordered_disjoint_trimmed_and_cover_all_words(text):
    spans = split_sentences(text)
    prev_end = 0
    for s in spans:
        assert prev_end <= s.start < s.end <= len(text)
        chunk = text[s.start : s.end]
        assert chunk == chunk.strip()
        prev_end = s.end
    covered = "".join(text[s.start : s.end] for s in spans)
    assert covered.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
