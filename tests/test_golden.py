"""Golden outputs on the project's own articles: every expected term at the right offsets, the right lean."""

import json

import pytest

from conftest import DATA

ARTICLES = DATA / "articles"
GOLDEN = DATA / "golden"
EXPECTED = json.loads((ARTICLES / "expected.json").read_text(encoding="utf-8"))
NAMES = sorted(k for k in EXPECTED if not k.startswith("_"))


def nth(text, sub, n):
    pos = -1
    for _ in range(n):
        pos = text.find(sub, pos + 1)
        assert pos >= 0, f"{sub!r} #{n} not in article"
    return pos


def summary(report):
    return [
        {
            "start": f.start,
            "end": f.end,
            "text": f.text,
            "rule_id": f.rule_id,
            "pole": f.pole,
            "usage": f.usage,
        }
        for f in report.findings
    ]


@pytest.mark.parametrize("name", NAMES)
def test_lean_of_each_article(analyzer, name):
    report = analyzer.analyze((ARTICLES / name).read_text(encoding="utf-8"))
    axis = report.axis("russia-ukraine")
    assert axis.lean == EXPECTED["_lean"][name], (axis, summary(report))
    if axis.lean == "none":
        assert axis.alignment is None or abs(axis.alignment) < 0.25


@pytest.mark.parametrize("name", NAMES)
def test_every_annotated_term_is_found_with_its_pole_and_usage(analyzer, name):
    text = (ARTICLES / name).read_text(encoding="utf-8")
    report = analyzer.analyze(text)
    known = {(k["text"], k["occurrence"]): k for k in EXPECTED["_known_misses"] if k["file"] == name}
    for item in EXPECTED[name]:
        start = nth(text, item["text"], item["occurrence"])
        miss = known.get((item["text"], item["occurrence"]))
        if miss and report.provenance_model != "rules":
            got = [f.usage for f in report.findings if f.start == start]
            assert got == [miss["got"]], f"known miss {miss} no longer happens: remove it from _known_misses"
            continue
        end = start + len(item["text"])
        hits = [f for f in report.findings if f.start < end and start < f.end and f.pole == item["pole"]]
        if item["pole"] is None and not hits:
            continue  # a side-less mention (a hashtag naming both forms) need not be matched
        assert hits, f"{name}: {item['text']!r} #{item['occurrence']} at {start} not found"
        assert any(f.usage == item["usage"] for f in hits), (
            f"{name}: {item['text']!r} at {start}: expected {item['usage']}, got "
            f"{[(f.text, f.usage, f.usage_reason) for f in hits]}"
        )
    for f in report.findings:
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize("name", NAMES)
def test_golden_output_is_unchanged(analyzer, name):
    text = (ARTICLES / name).read_text(encoding="utf-8")
    golden = json.loads((GOLDEN / name.replace(".txt", ".json")).read_text(encoding="utf-8"))
    report = analyzer.analyze(text)
    assert summary(report) == golden["findings"]
    assert (
        report.to_dict()["scores"]["terminology"]["russia-ukraine"] == golden["terminology"]["russia-ukraine"]
    )


def test_no_author_usage_on_fixed_names_in_any_article(analyzer):
    fixed = ("chicken Kiev", "Kievan Rus", "Dynamo Kiev", "Europe/Kiev")
    for name in NAMES:
        text = (ARTICLES / name).read_text(encoding="utf-8")
        report = analyzer.analyze(text)
        for phrase in fixed:
            pos = text.find(phrase)
            while pos >= 0:
                inside = [f for f in report.findings if pos <= f.start < pos + len(phrase)]
                assert all(f.usage != "author" for f in inside), (name, phrase, inside)
                pos = text.find(phrase, pos + 1)
