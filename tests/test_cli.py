import io
import json
import subprocess
import sys

import pytest

from framing.cli import ExitStatus, decode, line_col, main, safe_terminal

from conftest import DATA

pytestmark = pytest.mark.usefixtures("rules_only")

MINI = ["--packs", "mini", "--packs-dir", str(DATA / "packs")]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_format_shows_line_col_term_pole_usage_and_suggestion(tmp_path, capsys):
    f = tmp_path / "draft.txt"
    f.write_text("Headline\n\nSirens sounded in Kiev.\n", encoding="utf-8")
    code, out, _ = run(capsys, "analyze", str(f), *MINI)
    assert code == ExitStatus.OK
    first = out.splitlines()[0]
    assert first.startswith(f"{f}:3:19: error mini.capital 'Kiev' [left_pole, author 0.85]")
    assert "(suggest: Kyiv)" in first
    assert "mini-axis: lean left_pole" in out


def test_json_format_is_the_wire_schema(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("Sirens sounded in Kiev.", encoding="utf-8")
    code, out, _ = run(capsys, "analyze", str(f), "--format", "json", *MINI)
    doc = json.loads(out)
    assert code == 0 and doc["schema_version"] == 1
    assert doc["findings"][0]["text"] == "Kiev" and doc["findings"][0]["start"] == 18


def test_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Kyiv is calm.")))
    code, out, _ = run(capsys, "analyze", "-", *MINI)
    assert code == 0 and "<stdin>:1:1: info mini.capital 'Kyiv'" in out


def test_fail_on_threshold(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("Sirens sounded in Kiev. Kyiv is calm.", encoding="utf-8")
    assert run(capsys, "analyze", str(f), "--fail-on", "error", *MINI)[0] == ExitStatus.FINDINGS
    f.write_text('Kyiv is calm. He said "Kiev".', encoding="utf-8")
    assert run(capsys, "analyze", str(f), "--fail-on", "warning", *MINI)[0] == ExitStatus.OK


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02binary", "binary file"),
        ("Kiev caf\u00e9".encode("cp1252"), "not valid UTF-8"),
    ],
)
def test_unreadable_files_give_a_message_and_exit_2(tmp_path, capsys, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    code, _, err = run(capsys, "analyze", str(f), *MINI)
    assert code == ExitStatus.USAGE and message in err and "Traceback" not in err


def test_encoding_option_and_boms(tmp_path, capsys):
    f = tmp_path / "cp.txt"
    f.write_bytes("Kiev caf\u00e9".encode("cp1252"))
    assert run(capsys, "analyze", str(f), "--encoding", "cp1252", *MINI)[0] == 0
    assert decode("Kiev".encode("utf-16"), "x") == "Kiev"
    assert decode(b"\xef\xbb\xbfKiev", "x") == "Kiev"


def test_missing_file_and_bad_arguments(capsys):
    assert run(capsys, "analyze", "/no/such/file.txt", *MINI)[0] == ExitStatus.USAGE
    assert run(capsys, "analyze")[0] == ExitStatus.USAGE
    assert run(capsys, "frobnicate")[0] == ExitStatus.USAGE
    assert run(capsys, "analyze", "x", "--packs", "nope")[0] == ExitStatus.USAGE


def test_too_long_text_is_refused(tmp_path, capsys):
    f = tmp_path / "big.txt"
    f.write_text("Kiev " * 100, encoding="utf-8")
    code, _, err = run(capsys, "analyze", str(f), "--max-chars", "50", *MINI)
    assert code == ExitStatus.USAGE and "limit is 50" in err


def test_empty_file_reports_and_exits_zero(tmp_path, capsys):
    f = tmp_path / "empty.txt"
    f.write_text("", encoding="utf-8")
    code, out, _ = run(capsys, "analyze", str(f), *MINI)
    assert code == 0 and "The text is empty" in out


def test_terminal_output_escapes_control_characters(tmp_path, capsys):
    f = tmp_path / "ansi.txt"
    f.write_text("\x1b[31m Ki\u200bev\u202e", encoding="utf-8")
    _, out, _ = run(capsys, "analyze", str(f), *MINI)
    assert "\x1b" not in out and "\u202e" not in out and "\u200b" not in out
    assert "'Ki\\u200bev'" in out
    assert safe_terminal("a\x07b") == "a\\u0007b"


def test_packs_list_and_lint(capsys):
    code, out, _ = run(capsys, "packs", "list", "--packs-dir", str(DATA / "packs"))
    assert code == 0 and "mini" in out.split()
    code, out, _ = run(capsys, "packs", "lint", str(DATA / "packs" / "mini.yaml"))
    assert code == 0 and "1 pack file(s) valid" in out


def test_packs_lint_reports_problems(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack: bad\nversion: 1\n", encoding="utf-8")
    code, out, _ = run(capsys, "packs", "lint", str(bad))
    assert code == ExitStatus.FINDINGS and "missing required key 'language'" in out


def test_line_col():
    assert line_col("ab\ncd", 3) == (2, 1)
    assert line_col("ab\ncd", 1) == (1, 2)


def test_module_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "framing", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("framing ")
