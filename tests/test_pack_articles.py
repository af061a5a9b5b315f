"""The five topic packs and the house-style pack: shape, and the lean of each pack's own test articles.

Each topic pack has two articles written in opposite voices (named after the pole they should lean to) and
a neutral control that uses only neutral wording and other senses. Every article is analysed with its own
pack only, so the result does not depend on what other packs exist.
"""

import functools
import json

import pytest

import framing
from framing.packs import load_packs

from conftest import DATA

ARTICLES = DATA / "articles" / "packs"
EXPECTED = json.loads((ARTICLES / "expected.json").read_text(encoding="utf-8"))
TOPIC_PACKS = ("israel-palestine", "us-immigration", "abortion", "climate", "us-partisan-phrases")


@functools.cache
def pack_analyzer(pack_id: str) -> framing.Analyzer:
    return framing.load_analyzer(packs=[pack_id])


@functools.cache
def pack(pack_id: str):
    return load_packs([pack_id])[0]


def test_every_article_file_is_listed():
    files = sorted(f"{p.parent.name}/{p.name}" for p in ARTICLES.glob("*/*.txt"))
    assert files == sorted(EXPECTED)
    for topic in TOPIC_PACKS:
        assert {k for k in EXPECTED if k.startswith(f"{topic}/")}, topic


@pytest.mark.parametrize("pack_id", TOPIC_PACKS)
def test_topic_pack_shape(pack_id):
    p = pack(pack_id)
    assert p.axis is not None and len(p.axis.poles) == 2
    assert len(p.concepts) >= 15
    pole_ids = {pl.id for pl in p.axis.poles}
    names = {k.split("/")[1] for k in EXPECTED if k.startswith(f"{pack_id}/")}
    assert names == {f"{pid}.txt" for pid in pole_ids} | {"control.txt"}
    for c in p.concepts:
        assert c.source.startswith("http"), c.id
        assert len(c.flag_examples) >= 2 and len(c.pass_examples) >= 2, c.id
        assert any(v.pole in pole_ids for v in c.variants) or all(v.pole is None for v in c.variants), c.id


def test_house_style_pack_has_no_axis_and_no_poles():
    p = pack("house-style")
    assert p.axis is None
    assert len(p.concepts) >= 8
    assert all(v.pole is None for c in p.concepts for v in c.variants)
    assert all(c.neutral for c in p.concepts)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_article_lean_with_its_own_pack(name):
    pack_id = name.split("/")[0]
    text = (ARTICLES / name).read_text(encoding="utf-8")
    assert len(text.split()) >= 300, name
    report = pack_analyzer(pack_id).analyze(text)
    for f in report.findings:
        assert text[f.start : f.end] == f.text, (name, f)
        assert f.pack == pack_id
    axis = report.axis(pack(pack_id).axis.id)
    summary = [(f.text, f.concept, f.pole, f.usage) for f in report.findings]
    assert axis.lean == EXPECTED[name], (axis, summary)
    if EXPECTED[name] == "none":
        assert axis.alignment is None or abs(axis.alignment) < 0.25
        # The control uses only neutral wording and other senses: nothing counts as the author's choice.
        assert not [s for s in summary if s[3] == "author"], summary
    else:
        assert axis.confidence in ("medium", "high"), axis


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.endswith("/control.txt")))
def test_controls_contain_other_senses(name):
    pack_id = name.split("/")[0]
    text = (ARTICLES / name).read_text(encoding="utf-8")
    report = pack_analyzer(pack_id).analyze(text)
    assert any(f.usage == "other_sense" for f in report.findings), "a control should exercise the exceptions"
