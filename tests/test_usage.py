"""How matched terms are judged: author's own wording, quoted or attributed, or another sense."""

import pytest


def usage(analyzer, text, term):
    found = [f for f in analyzer.analyze(text).findings if f.text == term]
    assert found, f"{term!r} not found in {text!r}"
    return found[0].usage, found[0].usage_reason


@pytest.mark.parametrize(
    ("text", "term", "expected", "reason"),
    [
        ("Sirens sounded in Kiev overnight.", "Kiev", "author", "own wording"),
        ('"Kiev will fall," the minister said.', "Kiev", "quoted", "direct quotation"),
        (
            'Critics mocked the "US-led military bloc" label.',
            "US-led military bloc",
            "quoted",
            "scare quotes",
        ),
        (
            "He attacked the so-called Western military bloc again.",
            "Western military bloc",
            "quoted",
            "so-called",
        ),
        (
            "Troops entered what Moscow calls the Western military bloc zone.",
            "Western military bloc",
            "quoted",
            "naming",
        ),
        (
            "The US-led military bloc is expanding, Lavrov said.",
            "US-led military bloc",
            "author",
            "reported speech",
        ),
        ("She cooked chicken Kiev for dinner.", "Kiev", "other_sense", "fixed name"),
        ("The spelling Kiev fell out of use.", "Kiev", "other_sense", "mention"),
        ("Kyiv (formerly Kiev) is the capital.", "Kiev", "other_sense", "mention"),
        ("The server clock is set to Europe/Kiev.", "Kiev", "other_sense", "technical"),
        ("Run `tz=Kiev` to test.", "Kiev", "other_sense", "code span"),
    ],
)
def test_usage_rules(mini, text, term, expected, reason):
    got, why = usage(mini, text, term)
    assert got == expected, (text, why)
    assert reason in why


def test_reported_speech_is_author_wording_with_lower_confidence(mini):
    direct = mini.analyze("The US-led military bloc is expanding.").findings[0]
    reported = mini.analyze("Lavrov said the US-led military bloc is expanding.").findings[0]
    assert reported.usage == "author" and reported.usage_score < direct.usage_score


def test_context_requirement_drops_matches_without_the_agent(mini):
    assert [f.text for f in mini.analyze("Russian forces liberated the village.").findings] == ["liberated"]
    assert mini.analyze("Ukrainian troops liberated the village.").findings == ()


def test_case_sensitive_acronym(mini):
    assert [f.text for f in mini.analyze("The SMO continues. The smo spoke.").findings] == ["SMO"]


def test_exceptions_do_not_hide_the_same_term_elsewhere(mini):
    r = mini.analyze("Chicken Kiev is served in Kiev.")
    assert [f.usage for f in r.findings] == ["other_sense", "author"]


def test_a_concept_is_matched_once_where_its_terms_nest(mini):
    r = mini.analyze("The Western military bloc met. The US-led military bloc met.")
    assert [f.text for f in r.findings] == ["Western military bloc", "US-led military bloc"]
