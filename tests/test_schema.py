import textwrap

import pytest
import yaml

from framing.packs import PackValidationError, lint
from framing.packs.schema import load_pack_file, parse_pack

from conftest import DATA


def good_raw():
    return yaml.safe_load((DATA / "packs" / "mini.yaml").read_text())


def errors_of(raw):
    with pytest.raises(PackValidationError) as exc:
        parse_pack(raw, "bad.yaml")
    return [str(e) for e in exc.value.errors]


def test_fixture_pack_is_valid():
    pack = load_pack_file(DATA / "packs" / "mini.yaml")
    assert pack.id == "mini"
    assert pack.axis.poles[0].id == "left_pole"
    assert pack.concept("capital").authorities[0].since == "2019-08-14"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda r: r.update(colour="red"), "unknown key 'colour'"),
        (lambda r: r.pop("version"), "missing required key 'version'"),
        (lambda r: r.update(version="one"), "'version' must be an integer"),
        (lambda r: r["concepts"][0].update(kind="name"), "kind must be one of spelling, label"),
        (lambda r: r["concepts"][0]["variants"][0].update(pole="kremlin"), "pole 'kremlin' is not a pole"),
        (lambda r: r["concepts"][0]["variants"][0].update(strength="huge"), "strength must be one of"),
        (lambda r: r["concepts"][0]["variants"][0].update(terms="Kiev"), "'terms' must be a list"),
        (lambda r: r["concepts"][0]["variants"][0].update(terms=["Ki(ev"]), "contains regex characters"),
        (lambda r: r["concepts"][0]["exceptions"][0].update(pattern="chicken (kiev"), "does not compile"),
        (lambda r: r["concepts"][0]["examples"].update(flag=["only one"]), "needs at least two"),
        (lambda r: r["concepts"][0].update(source="example.org"), "source must be an http(s) URL"),
        (lambda r: r["concepts"][1].update(id="capital"), "duplicate concept id"),
        (lambda r: r["concepts"][1]["variants"][0].update(terms=["Kiev"]), "is also in concept 'capital'"),
        (lambda r: r["concepts"][0]["authorities"][0].update(since="summer 2019"), "must be an ISO date"),
        (lambda r: r["axis"]["poles"].pop(), "exactly two poles"),
        (lambda r: r["axis"].update(topic=["\\b(?:war"]), "axis topic: pattern"),
        (lambda r: r["axis"].update(topic="war"), "'topic' must be a list"),
        (
            lambda r: r["concepts"][0]["exceptions"][0].update(scope="article"),
            "scope must be one of span, sentence, paragraph",
        ),
    ],
)
def test_each_problem_gets_a_clear_error(mutate, expected):
    raw = good_raw()
    mutate(raw)
    errs = errors_of(raw)
    assert any(expected in e for e in errs), errs


def test_an_axis_topic_decides_which_sentences_touch_it():
    raw = good_raw()
    assert parse_pack(raw, "mini.yaml").axis.touches("the council met on tuesday.")  # no topic: all
    raw["axis"]["topic"] = [r"\b(?:war|troops)\b", "front line"]
    axis = parse_pack(raw, "mini.yaml").axis
    assert axis.touches("the troops moved.") and axis.touches("along the front   line.")
    assert not axis.touches("the council met on tuesday.") and not axis.touches("a warm day.")


def test_axis_topic_words_are_looked_up_as_whole_words_and_phrases():
    raw = good_raw()
    raw["axis"]["topic_words"] = ["irpin", "bila tserkva", "kam'ianets-podilskyi"]
    axis = parse_pack(raw, "mini.yaml").axis
    assert axis.touches("aid reached irpin on monday.") and axis.touches("bila tserkva's mayor spoke.")
    assert axis.touches("a train left kam'ianets-podilskyi.")
    # a word inside another word, or half of a phrase, names nothing
    assert not axis.touches("the irpinian dialect.") and not axis.touches("a bila of fare.")
    assert not axis.touches("a train left kam'ianets.")


@pytest.mark.parametrize("word", ["Irpin", "bila  tserkva", "irpin,", "iwano- frankivsk", "-odesa"])
def test_a_topic_word_must_be_normalised_words(word):
    raw = good_raw()
    raw["axis"]["topic_words"] = [word]
    assert any("must be lowercase words" in e for e in errors_of(raw)), word


def test_several_problems_are_all_reported_with_lines(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text(
        textwrap.dedent("""\
        pack: other
        version: 1
        language: en
        title: Broken
        description: Broken on purpose.
        axis: null
        concepts:
          - id: one
            title: One
            kind: label
            explanation: x
            neutral: []
            source: https://example.org
            variants:
              - terms: [foo]
                pole: somewhere
                strength: strong
            examples: {flag: [a, b], pass: [c]}
        """)
    )
    errs = lint([bad])
    text = [str(e) for e in errs]
    assert any("'pack' is 'other' but the file is named 'broken'" in t for t in text)
    assert any(t.startswith("broken.yaml:15: concept 'one'") and "no axis" in t for t in text), text
    assert any("examples.pass needs at least two" in t for t in text)


def test_invalid_yaml_reports_the_line(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text("pack: x\nversion: [1\n")
    errs = lint([bad])
    assert len(errs) == 1 and errs[0].line >= 2 and "not valid YAML" in errs[0].message


def test_paragraph_scope_is_accepted():
    raw = good_raw()
    raw["concepts"][0]["exceptions"][0]["scope"] = "paragraph"
    pack = parse_pack(raw, "mini.yaml")
    assert pack.concepts[0].exceptions[0].scope == "paragraph"
