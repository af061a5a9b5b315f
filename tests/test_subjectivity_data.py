"""The project's subjectivity sentences (data/subjectivity): well-formed, balanced, a test set kept apart."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from framing.train import TrainConfig, load_subjective, read_authored_subjectivity

DATA = Path(__file__).resolve().parents[1] / "data" / "subjectivity"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
CASES = {
    "SUBJ": {
        "subj-opinion",
        "subj-rhetorical",
        "subj-sarcasm",
        "subj-exhortation",
        "subj-downgrading",
        "subj-hyperbole",
    },
    "OBJ": {
        "obj-fact",
        "obj-attributed",
        "obj-quoted",
        "obj-own-feelings",
        "obj-open-question",
        "obj-factual-conclusion",
        "obj-nickname-or-proverb",
    },
}
TRAIN = sorted(DATA.glob("train-*.jsonl"))
TEST = DATA / "test.jsonl"


def rows(paths):
    return [
        (p.name, json.loads(line))
        for p in paths
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.lower()))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / max(1, len(a | b))


@pytest.mark.parametrize("path", [*TRAIN, TEST], ids=lambda p: p.name)
def test_every_line_has_a_label_and_a_case_of_that_label(path):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        assert {"text", "label", "case"} <= set(row), f"{path.name}:{n}"
        assert row["label"] in CASES, f"{path.name}:{n}"
        assert row["case"] in CASES[row["label"]], (
            f"{path.name}:{n}: {row['case']} is not a {row['label']} case"
        )
        assert 3 <= len(row["text"].split()) <= 80 and row["text"] == row["text"].strip(), f"{path.name}:{n}"


@pytest.mark.parametrize("paths", [TRAIN, [TEST]], ids=["train", "test"])
def test_both_labels_and_every_case_are_covered(paths):
    data = [r for _, r in rows(paths)]
    labels = Counter(r["label"] for r in data)
    assert 0.45 <= labels["SUBJ"] / len(data) <= 0.55
    assert {r["case"] for r in data} == CASES["SUBJ"] | CASES["OBJ"]


def test_sizes():
    assert len(rows(TRAIN)) >= 800
    assert len(rows([TEST])) >= 200


def test_no_sentence_is_written_twice():
    keys = Counter(" ".join(sorted(words(r["text"]))) for _, r in rows([*TRAIN, TEST]))
    assert [k for k, n in keys.items() if n > 1] == []


def test_the_test_set_shares_no_near_copy_with_training():
    train = [words(r["text"]) for _, r in rows(TRAIN)]
    close = [r["text"] for _, r in rows([TEST]) if max(jaccard(words(r["text"]), t) for t in train) >= 0.6]
    assert close == []


def test_a_minimal_pair_differs_in_label():
    pairs: dict[str, set[str]] = {}
    for name, r in rows(TRAIN):
        pairs.setdefault(f"{name}:{r['pair']}", set()).add(r["label"])
    two = [labels for key, labels in pairs.items() if len(labels) > 1]
    assert len(two) >= 100  # at least 200 of the training lines come in pairs


@pytest.mark.skipif(not (SHARED / "newssd-eng").is_dir(), reason="../shared/data not present")
def test_nothing_is_copied_from_the_newssd_sentences():
    import csv

    newssd = []
    for split in ("train", "val"):
        with (SHARED / "newssd-eng" / "data" / "english" / f"{split}.csv").open(encoding="utf-8") as fh:
            newssd += [words(row["Sentence"]) for row in csv.DictReader(fh)]
    ours = [r["text"] for _, r in rows([*TRAIN, TEST])]
    assert [t for t in ours if max(jaccard(words(t), s) for s in newssd) >= 0.5] == []


def test_reader_maps_labels(tmp_path):
    path = tmp_path / "train-x.jsonl"
    path.write_text(
        '{"text": "Why would anyone believe that?", "label": "SUBJ", "case": "subj-rhetorical"}\n\n'
        '{"text": "The vote passed 52 to 48.", "label": "OBJ", "case": "obj-fact"}\n',
        encoding="utf-8",
    )
    assert read_authored_subjectivity(path) == [
        ("Why would anyone believe that?", 1, "subj-rhetorical"),
        ("The vote passed 52 to 48.", 0, "obj-fact"),
    ]


def _fake_newssd(root: Path) -> Path:
    folder = root / "newssd-eng" / "data" / "english"
    folder.mkdir(parents=True)
    body = "Sentence,Label,Solved conflict\n" + "".join(
        f'"Sentence number {i} of the fake set.",{"SUBJ" if i % 2 else "OBJ"},False\n' for i in range(20)
    )
    for split in ("train", "val"):
        (folder / f"{split}.csv").write_text(body, encoding="utf-8")
    return root


@pytest.mark.parametrize("weight", [0.0, 0.7])
def test_training_reads_the_train_files_at_their_weight_and_never_the_test_file(tmp_path, weight):
    import random

    data = _fake_newssd(tmp_path / "shared")
    cfg = TrainConfig(
        data_dir=data, opinion_weight=0, subjectivity_dir=DATA, authored_subjective_weight=weight
    )
    task = load_subjective(cfg, random.Random(0))
    authored = [e for e in task.train if e.weight == weight and weight > 0]
    assert len(authored) == (len(rows(TRAIN)) if weight else 0)
    test_texts = {r["text"] for _, r in rows([TEST])}
    assert not any(e.text in test_texts for e in task.train + task.val)
    # the calibration split stays NewsSD only
    assert all(e.text.startswith("sentence number") for e in task.val)


@pytest.mark.parametrize("without_quotes", [False, True])
def test_babe_opinion_sentences_with_a_quotation_can_be_left_out(tmp_path, without_quotes):
    import random

    data = _fake_newssd(tmp_path / "shared")
    babe = data / "babe" / "data"
    babe.mkdir(parents=True)
    (babe / "final_labels_SG2.csv").write_text(
        "text;label_opinion\n"
        '"""This is a disgrace,"" the senator said.";Expresses writer\'s opinion\n'
        "The senator’s plan is a disgrace.;Expresses writer’s opinion\n"
        "The senate met on Monday.;Entirely factual\n",
        encoding="utf-8",
    )
    cfg = TrainConfig(
        data_dir=data, opinion_weight=0.5, authored_subjective_weight=0, opinion_without_quotes=without_quotes
    )
    task = load_subjective(cfg, random.Random(0))
    babe_texts = sorted(e.text for e in task.train if e.weight == 0.5)
    unquoted = ["the senate met on monday.", "the senator's plan is a disgrace."]
    assert babe_texts == (
        unquoted if without_quotes else sorted(['"this is a disgrace," the senator said.', *unquoted])
    )
