"""`framing batch`: JSONL records in wire schema v1, per-article errors, resuming, one and two workers."""

import json

import pytest

from framing.batch import done_ids, run_batch
from framing.cli import ExitStatus, main

from conftest import DATA


@pytest.fixture(autouse=True)
def rules_only(monkeypatch):
    # Spawned workers inherit this: they then skip loading a model, which keeps these tests fast.
    monkeypatch.setenv("FRAMING_MODEL", "none")


PACKS = {"packs": ["mini"], "packs_dirs": [DATA / "packs"], "progress": False}


def records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_jsonl(path, rows):
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8"
    )


ROWS = [
    {"id": "a", "text": "Sirens sounded in Kiev."},
    {"id": 2, "text": "Kyiv is calm.", "published": "2015-03-12"},
    {"id": "c", "text": 42},
    "not json at all",
    {"text": "no id"},
    {"id": "d", "text": "The US-led military bloc met.", "published": "someday"},
]


def test_jsonl_records_and_errors(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, ROWS)
    summary = run_batch(src, out, workers=1, **PACKS)
    got = {str(r["id"]): r for r in records(out)}
    assert set(got) == {"a", "2", "c", "line:4", "line:5", "d"}
    assert got["a"]["schema_version"] == 1 and got["a"]["findings"][0]["text"] == "Kiev"
    assert got["2"]["provenance"]["published"] == "2015-03-12" and got["2"]["id"] == 2
    assert "error" in got["c"] and "not valid JSON" in got["line:4"]["error"]
    assert "no usable 'id'" in got["line:5"]["error"]
    assert "cannot read the date" in got["d"]["error"]  # a bad article is recorded, the batch goes on
    assert (summary.total, summary.analysed, summary.errors, summary.skipped) == (6, 6, 4, 0)


def test_resume_skips_done_ids_and_appends(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, ROWS[:2])
    run_batch(src, out, workers=1, **PACKS)
    write_jsonl(src, [*ROWS[:2], {"id": "new", "text": "Kiev."}])
    summary = run_batch(src, out, workers=1, **PACKS)
    assert (summary.skipped, summary.analysed) == (2, 1)
    assert [r["id"] for r in records(out)] == ["a", 2, "new"]
    again = run_batch(src, out, workers=1, **PACKS)
    assert again.analysed == 0 and len(records(out)) == 3


def test_a_half_written_last_line_is_cut_and_redone(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, ROWS[:2])
    run_batch(src, out, workers=1, **PACKS)
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text(lines[0] + lines[1][:40], encoding="utf-8")  # the run died while writing
    assert done_ids(out) == {"a"} and out.read_text(encoding="utf-8") == lines[0]
    run_batch(src, out, workers=1, **PACKS)
    assert [r["id"] for r in records(out)] == ["a", 2]


def test_folder_input_uses_relative_paths_as_ids(tmp_path):
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text("Sirens sounded in Kiev.", encoding="utf-8")
    (folder / "sub" / "two.md").write_text("Code `Kiev` only.", encoding="utf-8")
    (folder / "sub" / "three.html").write_text("<p>Kiev</p>", encoding="utf-8")
    (folder / "sub" / "bad.txt").write_bytes(b"\x00\x01")
    (folder / "ignored.py").write_text("Kiev", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run_batch(folder, out, workers=1, **PACKS)
    got = {r["id"]: r for r in records(out)}
    assert set(got) == {"one.txt", "sub/two.md", "sub/three.html", "sub/bad.txt"}
    assert len(got["one.txt"]["findings"]) == 1 and got["sub/two.md"]["findings"] == []
    assert len(got["sub/three.html"]["findings"]) == 1 and "binary" in got["sub/bad.txt"]["error"]


def test_two_workers_give_the_same_records(tmp_path):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, [{"id": f"n{i}", "text": f"Article {i}: sirens sounded in Kiev."} for i in range(12)])
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_batch(src, one, workers=1, **PACKS)
    summary = run_batch(src, two, workers=2, chunk_size=3, **PACKS)
    assert summary.analysed == 12 and summary.errors == 0
    by_id = lambda path: {r["id"]: r for r in records(path)}  # noqa: E731
    assert by_id(one) == by_id(two)


def test_cli(tmp_path, capsys):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, ROWS[:1])
    argv = ["batch", str(src), "--out", str(out), "--workers", "1", "--no-progress", "--packs", "mini"]
    code = main([*argv, "--packs-dir", str(DATA / "packs")])
    err = capsys.readouterr().err
    assert code == ExitStatus.OK and "1 article(s) analysed" in err and len(records(out)) == 1
    assert main(["batch", str(tmp_path / "missing"), "--out", str(out)]) == ExitStatus.USAGE
    assert main(["batch", str(src), "--out", str(out), "--workers", "3"]) == ExitStatus.USAGE


def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="workers"):
        run_batch(tmp_path, tmp_path / "o.jsonl", workers=4, **PACKS)
