import json

import pytest

import framing
from framing.types import SCHEMA_VERSION

from conftest import DATA

TOP_KEYS = {"schema_version", "text_length", "findings", "sentences", "scores", "warnings", "provenance"}
FINDING_KEYS = {
    "start", "end", "text", "rule_id", "pack", "concept", "variant", "pole", "strength", "usage",
    "usage_score", "severity", "message", "suggestions", "authorities",
}  # fmt: skip


def test_wire_schema_v1_keys(mini):
    text = 'Sirens in Kiev. He said "Kiev will fall." She cooked chicken Kiev.'
    doc = mini.analyze(text).to_dict()
    assert TOP_KEYS <= set(doc)
    assert doc["schema_version"] == SCHEMA_VERSION == 1
    assert doc["text_length"] == len(text)
    for f in doc["findings"]:
        assert FINDING_KEYS <= set(f)
        assert f["text"] == text[f["start"] : f["end"]]
        assert f["rule_id"] == f"{f['pack']}.{f['concept']}"
        assert f["usage"] in ("author", "quoted", "other_sense")
        assert f["severity"] in ("info", "warning", "error")
        assert 0 <= f["usage_score"] <= 1
        for a in f["authorities"]:
            assert set(a) == {"name", "says", "since", "source"}
    assert [f["usage"] for f in doc["findings"]] == ["author", "quoted", "other_sense"]
    term = doc["scores"]["terminology"]["mini-axis"]
    assert {"lean", "alignment", "counts", "confidence"} <= set(term)
    assert term["counts"] == {"left_pole": 1, "right_pole": 0}
    assert set(doc["scores"]) >= {"terminology", "loaded_share", "subjective_share", "framing"}
    assert doc["provenance"]["packs"] == {"mini": 1}
    for s in doc["sentences"]:
        assert s["voice"] in ("author", "quoted")
        assert set(s["scores"]) == {"loaded", "subjective", "mini-axis"}
    json.dumps(doc)


def test_scores_without_a_model_are_null_not_zero(mini):
    doc = mini.analyze("Sirens in Kiev.").to_dict()
    assert doc["scores"]["loaded_share"] is None and doc["scores"]["subjective_share"] is None
    assert all(v is None for s in doc["sentences"] for v in s["scores"].values())


def test_severity_follows_strength_usage_and_alternatives(mini):
    r = mini.analyze('Sirens in Kiev. The US-led military bloc met. Kyiv is calm. He said "Kiev".')
    sev = {(f.text, f.usage): f.severity for f in r.findings}
    assert sev[("Kiev", "author")] == "error"
    assert sev[("US-led military bloc", "author")] == "warning"
    assert sev[("Kyiv", "author")] == "info"
    assert sev[("Kiev", "quoted")] == "info"


def test_explicit_publication_date_marks_legacy_spelling(mini):
    r = mini.analyze("Sirens in Kiev.", published="2015-06-01")
    assert r.findings[0].usage == "other_sense" and "history" in r.findings[0].usage_reason
    assert mini.analyze("Sirens in Kiev.", published="2023-06-01").findings[0].usage == "author"


def test_one_call_shortcut_uses_all_packs():
    report = framing.analyze("Nothing contested here.")
    assert report.findings == ()
    assert report.to_dict()["provenance"]["packs"]


def test_same_input_twice_gives_identical_output(mini):
    text = "Kiev and Kyiv and the US-led military bloc."
    assert mini.analyze(text).to_dict() == mini.analyze(text).to_dict()


def test_topics_say_which_packs_applied_and_why(mini):
    doc = mini.analyze("Sirens sounded in Kiev.").to_dict()
    assert doc["topics"] == [
        {
            "pack": "mini",
            "applied": True,
            "reason": "1 contested term(s) of this topic: 'Kiev'",
            "terms": ["Kiev"],
        }
    ]
    doc = mini.analyze("She cooked chicken Kiev.").to_dict()
    assert doc["topics"][0]["applied"] is False


def test_packs_can_be_forced_on_or_off():
    on = framing.load_analyzer(packs=["mini"], packs_dirs=[DATA / "packs"], model=None, force_on=["mini"])
    assert on.analyze("Nothing here.").topics[0].reason == "turned on in the settings"
    off = framing.load_analyzer(packs=["mini"], packs_dirs=[DATA / "packs"], model=None, force_off=["mini"])
    report = off.analyze("Sirens sounded in Kiev.")
    assert report.findings == () and report.topics[0].reason == "turned off in the settings"
    with pytest.raises(ValueError, match="unknown pack"):
        framing.load_analyzer(packs=["mini"], packs_dirs=[DATA / "packs"], model=None, force_on=["nope"])
