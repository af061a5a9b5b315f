import pytest

from framing.quotes import find_attributions, find_quotes
from framing.segment import split_sentences


def quoted(text):
    return [(text[q.start : q.end], q.kind) for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ('He said "Kiev will fall" today.', '"Kiev will fall"'),
        ("He said \u201cKiev will fall\u201d today.", "\u201cKiev will fall\u201d"),
        ("Il a dit \u00abKiev tombera\u00bb hier.", "\u00abKiev tombera\u00bb"),
        ("Er sagte \u201eKiev f\u00e4llt\u201c gestern.", "\u201eKiev f\u00e4llt\u201c"),
        ("He said 'Kiev will fall' today.", "'Kiev will fall'"),
    ],
)
def test_quote_styles(text, inner):
    assert inner in [q for q, _ in quoted(text)]


def test_apostrophes_are_not_quotes():
    assert quoted("Ukraine's army and the officials' view held. It's Kyiv's day.") == []


def test_nested_and_multi_sentence_quotes():
    text = "\"The minister said 'never'. We agree. We always did,\" she said."
    spans = quoted(text)
    assert spans[0][0] == "\"The minister said 'never'. We agree. We always did,\""
    assert ("'never'", "scare") in spans


def test_unclosed_quote_runs_to_paragraph_end_only():
    text = '"This runs on to the end.\n\nNew paragraph is the author.'
    spans = quoted(text)
    assert spans == [('"This runs on to the end.', "direct")]


def test_short_quote_is_a_scare_quote():
    assert quoted('The "referendums" were staged.') == [('"referendums"', "scare")]


@pytest.mark.parametrize(
    ("text", "attributed"),
    [
        ("The so-called special military operation began.", "so-called special military operation began"),
        ("Troops entered what Moscow calls its new regions in the east.", "new regions"),
        ("The regions joined Russia, Peskov said.", "The regions joined Russia"),
        ("Peskov said the regions joined Russia.", "the regions joined Russia."),
        ("According to TASS, the regions joined Russia.", "the regions joined Russia."),
    ],
)
def test_attribution_spans(text, attributed):
    spans = [text[a.start : a.end] for a in find_attributions(text, split_sentences(text))]
    assert any(attributed in s for s in spans), spans


def test_narration_without_reporting_verb_is_not_attributed():
    text = "The regions joined Russia after the vote."
    assert find_attributions(text, split_sentences(text)) == ()
