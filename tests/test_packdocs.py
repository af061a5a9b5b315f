from pathlib import Path

from framing.packdocs import GENERATED_MARK, rule_tables, update_document
from framing.packs import load_packs

DOC = Path(__file__).resolve().parents[1] / "docs" / "packs.md"


def test_docs_rule_tables_are_up_to_date():
    text = DOC.read_text(encoding="utf-8")
    assert GENERATED_MARK in text
    assert text == update_document(text, load_packs()), "run: framing packs docs --write docs/packs.md"


def test_tables_list_every_pack_and_escape_pipes():
    packs = load_packs()
    tables = rule_tables(packs)
    for p in packs:
        assert f"### `{p.id}` (version {p.version})" in tables
        for c in p.concepts:
            assert f"`{p.id}.{c.id}`" in tables
    rows = [line for line in tables.splitlines() if line.startswith("| `russia-ukraine.")]
    assert rows and all(line.count("|") - line.count("\\|") == 8 for line in rows)
