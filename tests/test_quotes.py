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


def attributions(text):
    return [(text[a.start : a.end], a.kind) for a in find_attributions(text, split_sentences(text))]


@pytest.mark.parametrize("filler", ["", "In a separate development, ", "Earlier this week, "])
def test_closing_attribution_after_a_direct_quote_whatever_comes_before(filler):
    text = filler + '"The grid will hold," the engineer said in Dnipro on Friday.'
    reported = [s for s, kind in attributions(text) if kind == "reported"]
    assert len(reported) == 1 and '"The grid will hold' in reported[0], reported
    assert "in Dnipro on Friday" not in reported[0]


@pytest.mark.parametrize("filler", ["", "In a separate development, ", "Meanwhile, "])
def test_an_opening_adverbial_is_not_read_as_a_closing_attribution(filler):
    text = filler + "Oleh Marchenko said 40 families had signed the letter."
    assert ("40 families had signed the letter.", "reported") in attributions(text)


def test_self_proclaimed_distances_the_name_and_a_coordinated_name():
    text = (
        "Observers from the self-declared Donetsk People's Republic (DPR) and Luhansk People's Republic "
        "(LPR) came."
    )
    spans = [s for s, kind in attributions(text) if kind == "so_called"]
    assert spans == ["self-declared Donetsk People's Republic (DPR) and Luhansk People's Republic (LPR)"]


def test_so_called_before_a_quotation_mark():
    text = 'Lawmakers debated the so-called "border czar" post for hours.'
    assert any("border czar" in s for s, kind in attributions(text) if kind == "so_called")


@pytest.mark.parametrize(
    ("text", "attributed"),
    [
        ("Officials described the fighting as a civil war in Ukraine for years.", "civil war in Ukraine"),
        ("The professor was dismissed as a climate denier by his colleagues.", "climate denier"),
        ("Some columnists describe the new report as alarmism.", "alarmism"),
    ],
)
def test_naming_verbs_with_an_object(text, attributed):
    assert any(attributed in s for s, kind in attributions(text) if kind == "attributed"), attributions(text)


def test_a_naming_span_holds_the_name_not_the_thing_named():
    text = "The Kremlin described the Kiev regime as a threat."
    assert [s for s, kind in attributions(text) if kind == "attributed"] == ["a threat"]


def test_call_spans_stop_at_the_clause_and_skip_call_on():
    text = "Critics call the plan a giveaway to insurers and promise to fight it."
    assert ("call the plan a giveaway to insurers", "naming") in attributions(text)
    text = "The envoy called on Russia to end the war."
    assert [s for s, kind in attributions(text) if kind == "naming"] == []
