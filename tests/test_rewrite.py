"""Swapping terms: offsets stay consistent, case and possessives survive, only the author's words change."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from framing import samples
from framing.rewrite import apply_suggestions, match_form, single_option_choices
from framing.types import Finding


def finding(text: str, start: int, end: int, **kw) -> Finding:
    values = dict(
        start=start, end=end, text=text[start:end], pack="mini", concept="capital", variant="Kiev",
        pole="left_pole", strength="strong", usage="author", usage_score=0.85, severity="error",
        message="", suggestions=("Kyiv",),
    )  # fmt: skip
    values.update(kw)
    return Finding(**values)


def test_apply_one_suggestion_and_report_offsets():
    text = "Sirens in Kiev. Kiev is calm."
    found = [finding(text, 10, 14), finding(text, 16, 20)]
    new, edits = apply_suggestions(text, found, {1: "Kyiv"})
    assert new == "Sirens in Kiev. Kyiv is calm."
    (edit,) = edits
    assert (edit.start, edit.end, edit.old, edit.new, edit.finding) == (16, 20, "Kiev", "Kyiv", 1)
    assert new[edit.new_start : edit.new_end] == "Kyiv"


def test_apply_from_the_end_keeps_later_offsets_valid_when_lengths_change():
    text = "The US-led military bloc met; the US-led military bloc left; Kiev."
    a = text.index("US-led")
    b = text.index("US-led", a + 1)
    k = text.index("Kiev")
    found = [finding(text, a, a + 20), finding(text, b, b + 20), finding(text, k, k + 4)]
    new, edits = apply_suggestions(text, found, {0: "NATO", 1: "NATO", 2: "Kyiv"})
    assert new == "The NATO met; the NATO left; Kyiv."
    assert [new[e.new_start : e.new_end] for e in edits] == ["NATO", "NATO", "Kyiv"]
    assert [e.start for e in edits] == sorted(e.start for e in edits)


def test_case_and_possessive_are_preserved():
    assert match_form("KIEV", "Kyiv") == "KYIV"
    assert match_form("Liberated", "captured") == "Captured"
    assert match_form("liberated", "captured") == "captured"
    assert match_form("military bloc", "NATO") == "NATO"
    assert match_form("Kiev's", "Kyiv") == "Kyiv's"
    assert match_form("Kiev\u2019s", "Kyiv") == "Kyiv\u2019s"
    text = "KIEV's mayor. Kiev's river."
    found = [finding(text, 0, 6), finding(text, 14, 20)]
    new, _ = apply_suggestions(text, found, {0: "Kyiv", 1: "Kyiv"})
    assert new == "KYIV's mayor. Kyiv's river."
    after = "Kiev's mayor"  # possessive outside the span is simply kept
    assert apply_suggestions(after, [finding(after, 0, 4)], {0: "Kyiv"})[0] == "Kyiv's mayor"


def test_only_author_usage_is_rewritten():
    text = 'He said "Kiev" twice; chicken Kiev; Kiev.'
    q, o, a = text.index("Kiev"), text.index("Kiev", 12), text.rindex("Kiev")
    found = [finding(text, q, q + 4, usage="quoted"), finding(text, o, o + 4, usage="other_sense"),
             finding(text, a, a + 4)]  # fmt: skip
    new, edits = apply_suggestions(text, found, {0: "Kyiv", 1: "Kyiv", 2: "Kyiv"})
    assert new == 'He said "Kiev" twice; chicken Kiev; Kyiv.'
    assert [e.finding for e in edits] == [2]
    assert single_option_choices(found) == {2: "Kyiv"}


def test_nested_and_invalid_choices():
    text = "The Kiev regime spoke."
    outer = finding(text, 4, 15, concept="regime", suggestions=("Ukrainian government", "Kyiv"))
    inner = finding(text, 4, 8)
    new, edits = apply_suggestions(text, [outer, inner], {0: "Ukrainian government", 1: "Kyiv"})
    assert new == "The Ukrainian government spoke." and len(edits) == 1
    assert apply_suggestions(text, [outer], {5: "x", -1: "y", 0: ""}) == (text, ())
    stale = replace(inner, text="Kyiv")  # a finding that does not match the text is skipped
    assert apply_suggestions(text, [stale], {0: "Kyiv"}) == (text, ())


def test_single_option_swap_on_the_state_media_sample_moves_the_score(analyzer):
    report = analyzer.analyze(samples.get("state-media").text())
    choices = single_option_choices(report.findings)
    assert choices
    new, edits = apply_suggestions(report.text, report.findings, choices)
    assert len(edits) == len(choices)
    after = analyzer.analyze(new)
    before_axis, after_axis = report.axis("russia-ukraine"), after.axis("russia-ukraine")
    assert after_axis.alignment > before_axis.alignment
    assert report.text == samples.get("state-media").text()  # pure: the input is untouched


@given(
    st.text(alphabet="ab Kiev'\u2019\n", max_size=60),
    st.lists(
        st.tuples(st.integers(0, 60), st.integers(1, 6), st.text(alphabet="xyZ", max_size=5)), max_size=5
    ),
)
def test_edits_rebuild_the_new_text(text, raw):
    found, choices = [], {}
    for i, (start, length, wording) in enumerate(raw):
        start = min(start, len(text))
        end = min(start + length, len(text))
        found.append(finding(text, start, end))
        choices[i] = wording
    new, edits = apply_suggestions(text, found, choices)
    rebuilt, last = [], 0
    for e in edits:
        assert text[e.start : e.end] == e.old and new[e.new_start : e.new_end] == e.new
        rebuilt += [text[last : e.start], e.new]
        last = e.end
    assert "".join([*rebuilt, text[last:]]) == new
    assert all(a.end <= b.start for a, b in pairwise(edits))
