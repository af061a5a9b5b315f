"""`framing check`: golden output in every format, every exit code, quote modes, folders and file kinds."""

import json
import os
import shutil

import pytest

import framing.cli
from framing.cli import ExitStatus, main

from conftest import DATA

CHECK = DATA / "check"
pytestmark = pytest.mark.usefixtures("rules_only")

MINI = ["--packs", "mini", "--packs-dir", str(DATA / "packs"), "--no-config"]
UPDATE = os.environ.get("FRAMING_UPDATE_GOLDEN") == "1"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def draft(tmp_path, monkeypatch):
    # Golden lines come from the rules alone, so that retraining a model never rewrites them.
    monkeypatch.setenv("FRAMING_MODEL", "none")
    shutil.copy(CHECK / "draft.txt", tmp_path / "draft.txt")
    monkeypatch.chdir(tmp_path)
    return "draft.txt"


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_golden_output(draft, capsys, fmt):
    code, out, _ = run(capsys, "check", draft, "--format", fmt, *MINI)
    expected = CHECK / f"expected.{fmt}"
    if UPDATE:
        expected.write_text(out, encoding="utf-8")
    assert code == ExitStatus.FINDINGS
    assert out == expected.read_text(encoding="utf-8")


def test_json_alerts_point_at_the_matched_words(draft, capsys):
    _, out, _ = run(capsys, "check", draft, "--format", "json", *MINI)
    text = (CHECK / "draft.txt").read_text(encoding="utf-8")
    doc = json.loads(out)
    lines = text.splitlines()
    for a in doc["files"][0]["alerts"]:
        assert text[a["start"] : a["end"]] == a["match"]
        assert lines[a["line"] - 1][a["column"] - 1 : a["end_column"]] == a["match"]
    assert doc["summary"] == {
        "files": 1,
        "alerts": 5,
        "by_severity": {"error": 3, "warning": 1, "info": 1},
        "quoted": 1,
        "failed": True,
    }


def test_github_escapes_newlines_and_commas(tmp_path, capsys):
    f = tmp_path / "a,b.txt"
    f.write_text("Sirens sounded in Kiev.", encoding="utf-8")
    _, out, _ = run(capsys, "check", str(f), "--format", "github", *MINI)
    assert out.startswith("::error file=") and "a%2Cb.txt" in out and "\n" not in out.strip()


# --- exit codes --------------------------------------------------------------------------------------------


def test_exit_0_when_clean(tmp_path, capsys):
    f = tmp_path / "ok.txt"
    f.write_text("Kyiv is calm. NATO met in Brussels.", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(f), *MINI)
    assert code == ExitStatus.OK and out == "No contested wording reported in 1 file.\n"


def test_exit_1_only_at_or_above_fail_on(tmp_path, capsys):
    f = tmp_path / "bloc.txt"
    f.write_text("The US-led military bloc met.", encoding="utf-8")  # a warning
    assert run(capsys, "check", str(f), *MINI)[0] == ExitStatus.FINDINGS
    assert run(capsys, "check", str(f), "--fail-on", "error", *MINI)[0] == ExitStatus.OK
    assert run(capsys, "check", str(f), "--fail-on", "info", *MINI)[0] == ExitStatus.FINDINGS


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "/no/such/file.txt"],
        ["check"],
        ["check", "x.txt", "--format", "xml"],
        ["check", "x.txt", "--fail-on", "fatal"],
        ["check", "x.txt", "--config", "/no/such/.framing.toml"],
        ["check", "x.txt", "--packs", "no-such-pack"],
        ["check", "x.txt", "--severity", "mini.capital"],
    ],
)
def test_exit_2_on_bad_usage(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text("Kiev.", encoding="utf-8")
    code, _, err = run(capsys, *argv, "--no-config") if argv != ["check"] else run(capsys, *argv)
    assert code == ExitStatus.USAGE
    assert "Traceback" not in err


def test_exit_2_on_unreadable_file_but_other_files_are_still_checked(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    good = tmp_path / "good.txt"
    good.write_text("Sirens sounded in Kiev.", encoding="utf-8")
    code, out, err = run(capsys, "check", str(bad), str(good), *MINI)
    assert code == ExitStatus.USAGE
    assert "binary file" in err and "good.txt:1:19: error mini.capital" in out


def test_exit_4_on_internal_error(tmp_path, monkeypatch, capsys):
    f = tmp_path / "a.txt"
    f.write_text("Kiev.", encoding="utf-8")

    def boom(*a, **k):
        raise RuntimeError("kaput")

    monkeypatch.setattr(framing.cli, "lint_source", boom)
    code, _, err = run(capsys, "check", str(f), *MINI)
    assert code == ExitStatus.RUNTIME_ERROR and "internal error: RuntimeError: kaput" in err


def test_stdin(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Sirens sounded in Kiev.")))
    code, out, _ = run(capsys, "check", "-", *MINI)
    assert code == ExitStatus.FINDINGS and out.startswith("<stdin>:1:19: error mini.capital")


# --- quotes modes ------------------------------------------------------------------------------------------

QUOTED_ONLY = 'Kyiv is calm. He said: "Kiev will fall."'


@pytest.mark.parametrize(
    ("mode", "code", "line"),
    [
        ("count", ExitStatus.FINDINGS, "q.txt:1:25: error mini.capital [quoted] 'Kiev'"),
        ("separate", ExitStatus.OK, "q.txt:1:25: info mini.capital [quoted] 'Kiev'"),
        ("ignore", ExitStatus.OK, None),
    ],
)
def test_quotes_modes(tmp_path, monkeypatch, capsys, mode, code, line):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "q.txt").write_text(QUOTED_ONLY, encoding="utf-8")
    got, out, _ = run(capsys, "check", "q.txt", "--quotes", mode, *MINI)
    assert got == code
    if line:
        assert out.startswith(line)
    else:
        assert "mini.capital" not in out


def test_separate_quotes_never_fail_even_at_info(tmp_path, capsys):
    f = tmp_path / "q.txt"
    f.write_text(QUOTED_ONLY, encoding="utf-8")
    assert run(capsys, "check", str(f), "--fail-on", "info", *MINI)[0] == ExitStatus.OK
    assert run(capsys, "check", str(f), "--fail-on", "info", "--quotes", "count", *MINI)[0] == 1


def test_count_mode_suggests_and_separate_mode_does_not(tmp_path, capsys):
    f = tmp_path / "q.txt"
    f.write_text(QUOTED_ONLY, encoding="utf-8")
    assert "(suggest: Kyiv)" in run(capsys, "check", str(f), "--quotes", "count", *MINI)[1]
    assert "(suggest:" not in run(capsys, "check", str(f), *MINI)[1]


# --- filters -----------------------------------------------------------------------------------------------


def test_other_senses_and_neutral_wording_are_not_reported(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("She cooked chicken Kiev in Kyiv.", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(f), *MINI)
    assert code == ExitStatus.OK and "mini.capital" not in out


def test_allow_deny_and_severity_options(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("Sirens sounded in Kiev. The US-led military bloc met. Kyiv is calm.", encoding="utf-8")
    out = run(capsys, "check", str(f), "--allow", "mini.capital", *MINI)[1]
    assert "mini.capital" not in out and "mini.bloc" in out
    out = run(capsys, "check", str(f), "--allow", "us-led military bloc", *MINI)[1]
    assert "mini.bloc" not in out
    out = run(capsys, "check", str(f), "--deny", "Kyiv", *MINI)[1]
    assert "error mini.capital 'Kyiv'" in out
    code, out, _ = run(
        capsys, "check", str(f), "--severity", "mini.capital=info", "--fail-on", "error", *MINI
    )
    assert "info mini.capital 'Kiev'" in out and code == ExitStatus.OK
    out = run(capsys, "check", str(f), "--min-severity", "error", *MINI)[1]
    assert "mini.bloc" not in out and "mini.capital" in out


def test_folders_are_walked_for_supported_files(tmp_path, capsys):
    (tmp_path / "sub" / ".hidden").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("Sirens sounded in Kiev.", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("Sirens sounded in Kiev.", encoding="utf-8")
    (tmp_path / "sub" / "c.html").write_text("<p>Sirens sounded in Kiev.</p>", encoding="utf-8")
    (tmp_path / "sub" / "skip.py").write_text("Kiev = 1", encoding="utf-8")
    (tmp_path / "sub" / ".hidden" / "d.txt").write_text("Kiev.", encoding="utf-8")
    _, out, _ = run(capsys, "check", str(tmp_path), *MINI)
    flagged = {line.split(":")[0] for line in out.splitlines() if "mini.capital" in line}
    assert flagged == {
        str(tmp_path / "a.txt"),
        str(tmp_path / "sub" / "b.md"),
        str(tmp_path / "sub" / "c.html"),
    }
