"""The BERT encoder and tokenizer built without transformers: same windows, same weights, same states."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from framing.bert import Bert, BertShape, WindowTokenizer, load_bert
from framing.model import resolve_encoder

ENCODER_DIR = resolve_encoder("default")
MAX_LENGTH, STRIDE = 32, 8  # short windows, so that even short texts overflow into several


@pytest.fixture(scope="module")
def hf_tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(ENCODER_DIR)


@pytest.fixture(scope="module")
def windows_tokenizer():
    return WindowTokenizer.find(ENCODER_DIR, MAX_LENGTH, STRIDE)


def _hf_windows(tokenizer, texts):
    """The Hugging Face tokenizer's windows, through the adapter training uses."""
    from framing.model import split_windows

    w = split_windows(tokenizer, texts, MAX_LENGTH, STRIDE)
    return w.input_ids, [[tuple(o) for o in row] for row in w.offsets], w.owner


HARD_TEXTS = [
    "",
    " ",
    "\u200b",
    "Sirens sounded in Kyiv overnight.",
    "«Київ» or “Kiev”? Zoë's café in Kraków — 北京, 🙂 and \u00adsoft\u00ad hyphens.",
    "A literal [CLS] and [SEP] and [MASK] in a sentence.",
    "tabs\tand\nnewlines\r\nand a NUL \x00 and a BOM \ufeff here",
    "the convoy moved slowly past the villages near Kiev and " * 40,
]


def test_windows_equal_the_hugging_face_tokenizer_on_hard_texts(hf_tokenizer, windows_tokenizer):
    got = windows_tokenizer.windows(HARD_TEXTS)
    ids, offsets, owner = _hf_windows(hf_tokenizer, HARD_TEXTS)
    assert got.input_ids == ids
    assert got.offsets == offsets
    assert got.owner == owner
    # the long text really was cut into overlapping windows
    assert owner.count(len(HARD_TEXTS) - 1) > 10


@given(st.lists(st.text(max_size=300), min_size=1, max_size=4))
def test_windows_equal_the_hugging_face_tokenizer_on_any_text(hf_tokenizer, windows_tokenizer, texts):
    got = windows_tokenizer.windows(texts)
    assert (got.input_ids, got.offsets, got.owner) == _hf_windows(hf_tokenizer, texts)


def test_bert_states_equal_hugging_face_bert_bit_for_bit():
    from transformers import AutoModel

    reference = AutoModel.from_pretrained(ENCODER_DIR).eval()
    ours = load_bert(ENCODER_DIR, {})
    assert isinstance(ours, Bert)
    theirs = {k: v for k, v in reference.state_dict().items() if not k.startswith("pooler.")}
    assert set(ours.state_dict()) == set(theirs) - {"embeddings.position_ids"}
    assert all(torch.equal(v, theirs[k]) for k, v in ours.state_dict().items())
    ids = torch.tensor(
        [[101, 7592, 2003, 1037, 3231, 102, 0, 0], [101, 2054, 2106, 2017, 2360, 1029, 2003, 102]]
    )
    mask = (ids > 0).long()
    with torch.inference_mode():
        want = reference(input_ids=ids, attention_mask=mask).last_hidden_state
        got = ours(ids, mask)
    assert torch.equal(got, want)


def test_finetuned_tensors_replace_the_pretrained_ones():
    layer = "encoder.layer.5.output.dense.bias"
    ours = load_bert(ENCODER_DIR, {layer: torch.full((384,), 0.5, dtype=torch.float16)})
    assert ours.state_dict()[layer].dtype == torch.float32
    assert torch.equal(ours.state_dict()[layer], torch.full((384,), 0.5))
    with pytest.raises(ValueError, match="unexpected encoder weights"):
        load_bert(ENCODER_DIR, {"encoder.layer.9.output.dense.bias": torch.zeros(384)})


def test_configs_and_folders_this_module_cannot_run_are_refused(tmp_path):
    cfg = json.loads(Path(ENCODER_DIR, "config.json").read_text(encoding="utf-8"))
    (tmp_path / "config.json").write_text(json.dumps({**cfg, "model_type": "roberta"}))
    assert BertShape.read(tmp_path) is None
    (tmp_path / "config.json").write_text(json.dumps({**cfg, "hidden_act": "gelu_new"}))
    assert BertShape.read(tmp_path) is None
    (tmp_path / "config.json").write_text(json.dumps(cfg))
    assert BertShape.read(tmp_path).hidden_size == 384
    # a BERT config without its weights file: not ours to build
    assert load_bert(tmp_path, {}) is None
    assert WindowTokenizer.find(tmp_path, 64, 16) is None


def test_an_analysis_never_imports_transformers():
    # transformers costs about 3.5 s of cold start on two cores; inference must not need it
    code = (
        "import sys, framing; framing.load_analyzer().analyze('Sirens sounded in Kiev.'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('transformers', 'torch._dynamo')))"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]"
