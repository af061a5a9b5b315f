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


# --- the real packs, rules only: how the usage rules read attribution, talk about words and contexts ---


@pytest.fixture(scope="module")
def rules():
    import framing

    return framing.load_analyzer(model=None)


def usages(analyzer, text):
    return [(f.text, f.concept, f.usage) for f in analyzer.analyze(text).findings]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("The sergeant, back from the front line, calls the invaders orcs and laughs.", "orcs"),
        (
            "Kremlin officials described the fighting as a civil war in Ukraine for years.",
            "civil war in Ukraine",
        ),
        ("At rallies, several governors still call the law Obamacare.", "Obamacare"),
        ("Rashism, as soldiers in the trenches call it, is what they say they are fighting.", "Rashism"),
        (
            "The collective West, to use the Russian foreign ministry's term, meets in Brussels.",
            "collective West",
        ),
        ("The Maidan protests were a revolution, not a coup, whatever state television says.", "coup"),
        ("The senator is no climate sceptic in the sense his opponents mean.", "climate sceptic"),
        ("The professor was dismissed as a climate denier by his colleagues.", "climate denier"),
    ],
)
def test_attributed_naming_without_quotation_marks_is_quoted(rules, text, term):
    got = [u for t, _, u in usages(rules, text) if t == term]
    assert got == ["quoted"], usages(rules, text)


def test_a_term_inside_the_object_of_call_stays_the_authors(rules):
    text = "The Kremlin called the Kiev regime's offer a provocation."
    assert ("Kiev regime", "gov-label", "author") in usages(rules, text)


def test_a_naming_verb_attributes_the_name_not_the_thing_named(rules):
    got = usages(rules, "The Kremlin described the Kiev regime as a threat to the region.")
    assert ("Kiev regime", "gov-label", "author") in got
    got = usages(rules, "Beijing describes itself as a neutral party in the internal Ukrainian conflict.")
    assert [u for _, c, u in got if c == "donbas-civil-war"] == ["author"]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Odesa or Odessa? Editors still disagree.", ["Odesa", "Odessa"]),
        ("Lugansk and Luhansk: which one should a newsroom choose?", ["Lugansk", "Luhansk"]),
        ("Say Kharkiv, not Kharkov, when you read the bulletin aloud.", ["Kharkiv", "Kharkov"]),
        ("Many atlases now print Mykolaiv, the spelling taken from Ukrainian.", ["Mykolaiv"]),
        (
            "Officials must use the expression special operation, often shortened to SMO in memos.",
            ["special operation", "SMO"],
        ),
        ('The court filing refers to "illegal aliens" in its immigration section.', ["illegal aliens"]),
        ("The agency urges reporters to avoid calling them climate refugees.", ["climate refugees"]),
        ("Activists say this is what forced birth means.", ["forced birth"]),
        ('The style committee debated whether to use "pro-choice" in headlines.', ["pro-choice"]),
    ],
)
def test_talk_about_the_words_is_another_sense(rules, text, terms):
    got = {t: u for t, _, u in usages(rules, text)}
    assert all(got.get(t) == "other_sense" for t in terms), got


def test_two_places_side_by_side_are_not_a_comparison_of_words(rules):
    assert [u for _, _, u in usages(rules, "Drones hit Kyiv and Kharkiv overnight.")] == ["author", "author"]


@pytest.mark.parametrize(
    "text",
    [
        'Officials say "Kiev will not last the winter."',
        "Russian officials still say Kiev is to blame for the strike.",
    ],
)
def test_speech_after_say_is_not_talk_about_the_word(rules, text):
    assert [u for t, _, u in usages(rules, text) if t == "Kiev"] != ["other_sense"]


def test_a_quoted_consequence_is_not_a_definition(rules):
    text = '"Nobody should forget what Russian aggression means for the elderly," the mayor said.'
    assert ("Russian aggression", "war-name", "quoted") in usages(rules, text)


def test_quotation_marks_beat_a_sentence_level_mention_rule(rules):
    quoted = 'Guterres told delegates that the "era of global boiling" demands faster cuts.'
    plain = "Guterres spoke again of an era of global boiling."
    assert [u for _, c, u in usages(rules, quoted) if c == "global-boiling"] == ["quoted"]
    assert [u for _, c, u in usages(rules, plain) if c == "global-boiling"] == ["other_sense"]


def test_distancing_makes_the_names_quoted_but_not_the_writers_spelling(rules):
    text = (
        "Observers from the self-declared Donetsk People's Republic (DPR) and Luhansk People's Republic "
        "(LPR) attended the vote."
    )
    got = usages(rules, text)
    assert [u for _, c, u in got if c == "dpr-lpr"] == ["quoted"] * 4, got
    assert ("Luhansk", "luhansk", "author") in got


def test_dateline_with_two_cities_is_not_a_path(rules):
    assert ("LVIV", "lviv", "author") in usages(rules, "LVIV/WARSAW (Wire) - Trains resumed on Monday.")
    assert usages(rules, "Set the server clock to Europe/Kiev.")[0][2] == "other_sense"


def test_a_date_excuses_the_old_spelling_not_the_recommended_one(rules):
    assert [u for _, _, u in usages(rules, "A tram line opened in Kharkiv in 1906.")] == ["author"]
    assert [u for _, _, u in usages(rules, "A tram line opened in Kharkov in 1906.")] == ["other_sense"]


def test_paragraph_scope_exception_reaches_the_rest_of_the_paragraph(rules):
    texas = "ODESSA, Texas - Rig counts fell again. Restaurants in Odessa are cutting staff."
    ukraine = "Odessa, Texas, sent aid.\n\nDrones struck Odessa overnight."
    assert [u for _, _, u in usages(rules, texas)] == ["other_sense", "other_sense"]
    assert [u for _, _, u in usages(rules, ukraine)] == ["other_sense", "author"]


def test_nested_terms_of_other_concepts_are_all_reported(rules):
    got = usages(rules, "The head of the Kiev regime flew to Berlin on Monday.")
    assert {c for _, c, _ in got} == {"zelenskyy-title", "gov-label", "capital-name"}
    got = usages(rules, "Sheriffs say illegal aliens are overwhelming the county jail.")
    assert {c for _, c, _ in got} == {"illegal-alien", "alien-noun"}


def test_a_term_nested_in_a_fixed_name_shares_its_other_sense(rules):
    got = usages(rules, "The county has taken part in ICE's Criminal Alien Program since 2019.")
    assert {u for _, _, u in got} == {"other_sense"}, got


def test_a_term_nested_in_a_phrase_talked_about_is_talked_about_too(rules):
    got = usages(rules, 'The court filing refers to "illegal aliens" in its immigration section.')
    assert {(c, u) for _, c, u in got} == {("illegal-alien", "other_sense"), ("alien-noun", "other_sense")}


def test_a_voice_does_not_depend_on_an_opening_filler(rules):
    base = '"Kharkov will fall by spring," the commentator said on state television. Viewers complained.'
    for filler in ("", "In a separate development, ", "Earlier this week, "):
        report = rules.analyze(filler + base)
        assert [s.voice for s in report.sentences] == ["quoted", "author"], filler


def test_case_sensitive_terms_match_in_a_line_without_case(rules):
    assert [t for t, _, _ in usages(rules, "DREAMERS RALLY FOR A PATH TO CITIZENSHIP")] == ["DREAMERS"]
    assert usages(rules, "Poets and dreamers rallied for a path to citizenship.") == []


def test_a_word_broken_across_a_line_is_matched_whole(rules):
    text = "Grain from the Zapo-\nrizhzhia region moved by rail."
    assert ("Zapo-\nrizhzhia", "zaporizhzhia", "author") in usages(rules, text)
    url = "See https://example.org/odesa-\nport-report.pdf for the data."
    assert [(t, u) for t, _, u in usages(rules, url)] == [("odesa", "other_sense")]


def test_a_plural_city_is_the_dish_only_in_the_kitchen(rules):
    assert usages(rules, "Bake the Kievs for twenty minutes.")[0][2] == "other_sense"
    got = usages(rules, "Planners now speak of two Kyivs, the rebuilt centre and the battered suburbs.")
    assert got[0][2] == "author"


def test_the_recommended_wording_is_a_hard_cue_for_the_model():
    from framing.analyzer import HARD_CUES
    from framing.document import prepare
    from framing.packs import load_packs
    from framing.packs.matcher import Matcher
    from framing.usage import gather_evidence

    doc = prepare("A Kyiv bakery and a Kiev bakery.")
    flags = [gather_evidence(doc, m).flags for m in Matcher(load_packs(["russia-ukraine"])).find(doc.view)]
    assert ["neutral_form" in f for f in flags] == [True, False]
    assert "neutral_form" in HARD_CUES
