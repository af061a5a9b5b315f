"""The term matcher finds exactly what trying every concept at every word boundary finds, only faster."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.normalize import build_view
from framing.packs import load_packs
from framing.packs.matcher import Matcher

PACKS = load_packs(None)
MATCHER = Matcher(PACKS)
TERMS = sorted({t for p in PACKS for c in p.concepts for v in c.variants for t in v.terms})
# pieces that make near-misses: a term's first word, its start, spacing, line breaks and punctuation
PIECES = [
    *TERMS,
    *(t.split()[0] for t in TERMS),
    *(t[:3] for t in TERMS),
    *(
        " ",
        "  ",
        "-",
        "-\n",
        "'",
        "s",
        "es",
        ".",
        ",",
        "\n",
        "x",
        "the ",
        "U.S. ",
        "e-mail",
        "#",
        "ALL CAPS ",
    ),
]


def _every_boundary() -> Matcher:
    """A matcher that tries every concept at every position not preceded by a word character."""
    ref = Matcher(PACKS)
    ref._starts = re.compile(r"(?<![\w])")
    ref._by1, ref._by2 = {}, {}
    ref._everywhere = tuple(range(len(ref._compiled)))
    return ref


REFERENCE = _every_boundary()


def _found(matcher: Matcher, text: str) -> list[tuple]:
    return [
        (m.start, m.end, m.view_start, m.view_end, m.pack.id, m.concept.id, m.term)
        for m in matcher.find(build_view(text))
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
def test_indexed_scan_equals_trying_every_boundary(text):
    assert _found(MATCHER, text) == _found(REFERENCE, text)


def test_the_reference_is_not_trivially_empty():
    text = "Officials in Kiev said the special military operation in the Donbas would go on."
    assert len(_found(REFERENCE, text)) >= 3


@pytest.mark.parametrize("term", TERMS[:: max(1, len(TERMS) // 80)])
def test_every_term_is_found_in_running_text(term):
    text = f"Yesterday, {term} was in the news."
    assert any(m.start == 11 for m in MATCHER.find(build_view(text)))
