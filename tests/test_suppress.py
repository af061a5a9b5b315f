"""Inline suppression: off/on regions, ignore-next-line with one, several or no rule ids, `#` comments."""

import pytest

from framing.cli import main
from framing.suppress import find_suppressions, mask_directives

from conftest import DATA

MINI = ["--packs", "mini", "--packs-dir", str(DATA / "packs"), "--no-config"]

pytestmark = pytest.mark.usefixtures("rules_only")


def flagged(tmp_path, capsys, name, text):
    """Return the 1-based lines that have a finding when `text` is checked as file `name`."""
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    main(["check", str(f), *MINI])
    out = capsys.readouterr().out
    return sorted(int(line.split(":")[1]) for line in out.splitlines() if " mini." in line)


def test_html_off_and_on(tmp_path, capsys):
    text = "Kiev 1\n<!-- framing off -->\nKiev 3\nKiev 4\n<!-- framing on -->\nKiev 6\n"
    assert flagged(tmp_path, capsys, "a.md", text) == [1, 6]


def test_off_without_on_runs_to_the_end(tmp_path, capsys):
    assert flagged(tmp_path, capsys, "a.md", "Kiev 1\n<!-- framing off -->\nKiev 3\n\nKiev 5\n") == [1]


def test_ignore_one_rule_on_the_next_line_only(tmp_path, capsys):
    text = "<!-- framing ignore mini.capital -->\nKiev and the US-led military bloc.\nKiev again.\n"
    f = tmp_path / "a.md"
    f.write_text(text, encoding="utf-8")
    main(["check", str(f), *MINI])
    out = capsys.readouterr().out
    assert f"{f}:2:1: error mini.capital" not in out
    assert f"{f}:2:14: warning mini.bloc" in out and f"{f}:3:1: error mini.capital" in out


def test_ignore_several_ids_and_a_pack_id(tmp_path, capsys):
    text = "<!-- framing ignore mini.capital, mini.bloc -->\nKiev and the US-led military bloc.\n"
    assert flagged(tmp_path, capsys, "a.md", text) == []
    text = "<!-- framing ignore mini -->\nKiev and the US-led military bloc.\n"
    assert flagged(tmp_path, capsys, "a.md", text) == []


def test_ignore_without_ids_silences_every_rule_and_skips_blank_lines(tmp_path, capsys):
    text = "<!-- framing ignore -->\n\nKiev and the US-led military bloc.\nKiev.\n"
    assert flagged(tmp_path, capsys, "a.md", text) == [4]


def test_ignore_of_another_rule_keeps_the_finding(tmp_path, capsys):
    assert flagged(tmp_path, capsys, "a.md", "<!-- framing ignore mini.bloc -->\nKiev.\n") == [2]


def test_hash_comments_in_plain_text(tmp_path, capsys):
    text = "# framing ignore mini.capital\nKiev 2\n# framing off\nKiev 4\n# framing on\nKiev 6\n"
    assert flagged(tmp_path, capsys, "a.txt", text) == [6]


def test_hash_lines_are_headings_in_markdown_not_directives(tmp_path, capsys):
    assert flagged(tmp_path, capsys, "a.md", "# framing off\n\nKiev 3\n") == [3]


def test_html_comment_directives_in_html_files(tmp_path, capsys):
    text = "<p>Kiev</p>\n<!-- framing ignore -->\n<p>Kiev</p>\n<!-- framing off --><p>Kiev</p>\n"
    assert flagged(tmp_path, capsys, "a.html", text) == [1]


def test_hash_directives_in_docx(tmp_path, capsys):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for text in ("Kiev one.", "# framing ignore mini.capital", "Kiev three.", "Kiev four."):
        d.add_paragraph(text)
    d.save(tmp_path / "a.docx")
    main(["check", str(tmp_path / "a.docx"), *MINI])
    out = capsys.readouterr().out
    assert [line.split(":")[1] for line in out.splitlines() if "mini.capital" in line] == ["1", "4"]


def test_unknown_directive_and_unknown_rule_are_reported(tmp_path, capsys):
    f = tmp_path / "a.md"
    f.write_text("<!-- framing of -->\n<!-- framing ignore mini.nope -->\nKiev.\n", encoding="utf-8")
    main(["check", str(f), *MINI])
    err = capsys.readouterr().err
    assert "unknown framing directive 'of'" in err and "unknown rule id 'mini.nope'" in err


def test_parser_ranges_and_masking():
    text = "a\n# framing off\nb\n# framing on\n"
    sup = find_suppressions(text, hash_comments=True)
    assert sup.off == ((2, len(text) - 1),)
    masked = mask_directives(text, sup)
    assert len(masked) == len(text) and "framing" not in masked and masked.count("\n") == 4
    assert find_suppressions(text).off == ()  # '#' lines count only when asked
    assert not sup.covers("x.y", 0) and sup.covers("x.y", text.index("b"))
