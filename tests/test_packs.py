"""Every shipped pack validates, and every concept's must-flag and must-pass examples hold."""

import pytest

from framing.packs import BUILTIN_DIR, discover, lint, load_packs

PACKS = load_packs()
CASES = [(p.id, c.id) for p in PACKS for c in p.concepts]


def test_shipped_packs_are_valid_and_listed():
    assert lint(BUILTIN_DIR.glob("*.yaml")) == []
    assert "russia-ukraine" in discover()


def test_russia_ukraine_pack_shape():
    pack = next(p for p in PACKS if p.id == "russia-ukraine")
    assert pack.axis.id == "russia-ukraine"
    assert [p.id for p in pack.axis.poles] == ["ru_state", "ua_intl"]
    assert len(pack.concepts) >= 40
    for c in pack.concepts:
        assert c.source.startswith("http"), c.id
        assert len(c.flag_examples) >= 2 and len(c.pass_examples) >= 2, c.id


@pytest.mark.parametrize(("pack_id", "concept_id"), CASES)
def test_examples_flag_and_pass(analyzer, pack_id, concept_id):
    pack = next(p for p in PACKS if p.id == pack_id)
    concept = pack.concept(concept_id)
    for text in concept.flag_examples:
        report = analyzer.analyze(text)
        hits = [f for f in report.findings if f.rule_id == f"{pack_id}.{concept_id}" and f.usage == "author"]
        assert hits, f"Missed {pack_id}.{concept_id} in must-flag example: {text!r}"
        for f in report.findings:
            assert text[f.start : f.end] == f.text
    for text in concept.pass_examples:
        report = analyzer.analyze(text)
        hits = [f for f in report.findings if f.rule_id == f"{pack_id}.{concept_id}" and f.usage == "author"]
        assert not hits, (
            f"False positive for {pack_id}.{concept_id} in must-pass example: {text!r} "
            f"({[(f.text, f.usage_reason) for f in hits]})"
        )
