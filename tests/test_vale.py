"""`framing packs export-vale`: every rule passes a check of Vale's substitution format; the hook file."""

import re
from pathlib import Path

import pytest
import yaml

from framing.cli import ExitStatus, main
from framing.packs import load_packs
from framing.vale import concept_rule, export_vale, literal_forms, vale_term

from conftest import DATA

ROOT = Path(__file__).resolve().parent.parent

# Vale's substitution rule (vale.sh/docs/checks/substitution and the rule loader): `extends`, `message` and
# `level` are required, `swap` maps observed patterns to expected text ("a|b" for several), and unknown keys
# are rejected when the rule is decoded, so only documented keys may appear.
REQUIRED = {"extends": str, "message": str, "level": str, "swap": dict}
OPTIONAL = {
    "ignorecase": bool,
    "link": str,
    "exceptions": list,
    "action": dict,
    "description": str,
    "scope": (str, list),
    "nonword": bool,
    "vocab": bool,
    "capitalize": bool,
}
LEVELS = {"suggestion", "warning", "error"}


def vale_problems(rule: dict) -> list[str]:
    """Return what is wrong with a rule mapping as a Vale substitution rule (empty when valid)."""
    problems = [f"missing required key '{k}'" for k in REQUIRED if k not in rule]
    for key, value in rule.items():
        want = REQUIRED.get(key) or OPTIONAL.get(key)
        if want is None:
            problems.append(f"unknown key '{key}'")
        elif not isinstance(value, want):
            problems.append(f"'{key}' has type {type(value).__name__}")
    if rule.get("extends") != "substitution":
        problems.append("extends must be 'substitution'")
    if rule.get("level") not in LEVELS:
        problems.append(f"level {rule.get('level')!r} not in {sorted(LEVELS)}")
    swap = rule.get("swap") or {}
    if not swap:
        problems.append("swap is empty")
    for k, v in swap.items():
        if not (isinstance(k, str) and isinstance(v, str) and k and v):
            problems.append(f"swap entry {k!r}: {v!r} is not str -> str")
            continue
        if re.search(r"(?<!\\)\((?!\?)", k):
            problems.append(f"swap key {k!r} has a capture group (Vale needs '(?:')")
        try:
            re.compile(k)  # Python and Go agree on the syntax used here
        except re.error as exc:
            problems.append(f"swap key {k!r} does not compile: {exc}")
    exceptions = rule.get("exceptions", [])
    if not all(isinstance(e, str) and e for e in exceptions):
        problems.append("exceptions must be a list of non-empty strings")
    if "%s" not in rule.get("message", ""):
        problems.append("message does not show the match")
    action = rule.get("action")
    if action is not None and action.get("name") != "replace":
        problems.append("action must be replace")
    return problems


def test_the_schema_check_catches_bad_rules():
    assert (
        vale_problems(
            {"extends": "substitution", "message": "Use '%s'", "level": "error", "swap": {"a": "b"}}
        )
        == []
    )
    bad = {"extends": "existence", "level": "fatal", "swap": {"(a)": 3}, "ignorecase": "yes", "tokens": []}
    problems = vale_problems(bad)
    assert "missing required key 'message'" in problems and "unknown key 'tokens'" in problems
    assert any("level" in p for p in problems) and any("str -> str" in p for p in problems)


RULE_IDS = {(p.id, c.id) for p in load_packs() for c in p.concepts}


def russia_ukraine():
    return load_packs(["russia-ukraine"])[0]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("styles")
    written, notes = export_vale(load_packs(), out)  # every installed pack, so new packs are checked too
    return out, written, notes


def test_every_exported_rule_is_a_valid_substitution_rule(exported):
    _, written, _ = exported
    assert len(written) > 40
    for path in written:
        rule = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert vale_problems(rule) == [], path.name
        assert (path.parent.name, path.stem) in RULE_IDS  # Vale reports Style.Rule: our rule id


def test_capital_rule_content(exported):
    out, _, _ = exported
    text = (out / "russia-ukraine" / "capital-name.yml").read_text(encoding="utf-8")
    assert text.startswith("# ") and "regular expressions rather than literal names" in text
    rule = yaml.safe_load(text)
    pack = russia_ukraine()
    assert rule["swap"]["Kiev"] == "Kyiv" and "Kyiv" not in rule["swap"]  # the neutral form is not swapped
    assert rule["level"] == "error" and rule["ignorecase"] is True
    assert rule["link"] == pack.concept("capital-name").source
    assert {"chicken kiev", "kievan rus", "dynamo kiev", "lost in kiev"} <= set(rule["exceptions"])


def test_levels_are_mapped_from_severities(exported):
    out, _, _ = exported
    level = lambda c: yaml.safe_load((out / "russia-ukraine" / f"{c}.yml").read_text())["level"]  # noqa: E731
    assert level("capital-name") == "error"  # strong
    assert level("lviv") == "warning"  # moderate
    assert level("odesa") == "suggestion"  # weak


def test_context_dependent_wordings_are_left_out_with_a_comment():
    pack = russia_ukraine()
    rule, _ = concept_rule(pack, pack.concept("liberation"))
    assert rule is None  # every wording needs a Russian agent nearby
    rule, _ = concept_rule(pack, pack.concept("maidan"))
    assert "coup" not in rule.data["swap"] and "Maidan coup" in rule.data["swap"]
    assert any("Left out" in c and "putsch" in c for c in rule.comments)


def test_concepts_without_neutral_wording_are_skipped_and_said(exported):
    _, written, notes = exported
    assert any("denazification: no neutral wording" in n for n in notes)
    assert not any(p.stem == "denazification" for p in written)


def test_swap_keys():
    assert vale_term("Kiev") == "Kiev"
    assert vale_term("US-led military bloc") == "US[- ]?led military bloc"
    assert vale_term("SMO", case_sensitive=True) == "(?-i:SMO)"
    assert vale_term("Kiev's leader") == "Kiev['\u2019]s leader"
    assert re.fullmatch(vale_term("U.S. bloc"), "U.S. bloc") and not re.fullmatch(
        vale_term("U.S. bloc"), "UxS. bloc"
    )


@pytest.mark.parametrize(
    ("pattern", "forms"),
    [
        ("chicken +kievs?", ["chicken kievs", "chicken kiev"]),
        ("d[iy]namo +kiev", ["dinamo kiev", "dynamo kiev"]),
        ("(grand +)?prince +of +kiev", ["grand prince of kiev", "prince of kiev"]),
        ("odessa,? +(texas|tx)\\b", ["odessa, texas", "odessa, tx", "odessa texas", "odessa tx"]),
        ("kiev +rus|\\bin (the +)?(1[0-8]\\d\\d)", ["kiev rus"]),
        ("\\b(in|of) +(1[0-8]\\d\\d)s?\\b", None),
        ("kiev.*pechersk", None),
    ],
)
def test_literal_forms(pattern, forms):
    assert literal_forms(pattern) == forms


def test_cli(tmp_path, capsys):
    assert main(["packs", "export-vale", str(tmp_path)]) == ExitStatus.OK
    out = capsys.readouterr().out
    assert (
        "russia-ukraine" in out.split("BasedOnStyles = ")[1]
        and (tmp_path / "russia-ukraine" / "capital-name.yml").is_file()
    )
    assert (
        main(["packs", "export-vale", str(tmp_path), "--packs", "mini", "--packs-dir", str(DATA / "packs")])
        == 0
    )
    assert yaml.safe_load((tmp_path / "mini" / "bloc.yml").read_text())["swap"]["(?-i:SMO)"] == "NATO"
    assert main(["packs", "export-vale", str(tmp_path), "--packs", "nope"]) == ExitStatus.USAGE


def test_pre_commit_hook_definition():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "framing")
    assert hook["entry"] == "framing check" and hook["language"] == "python"
    assert set(hook["types_or"]) == {"markdown", "plain-text", "html"}
    assert {"id", "name", "entry", "language"} <= set(hook)
