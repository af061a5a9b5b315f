"""The trained model from models/: labels, batching invariance, long sentences, threads, determinism."""

import itertools
import re
import threading

import numpy as np
import pytest

import framing
from framing.model import DEFAULT_MODEL_DIR, USAGE_LABELS, FramingModel

pytestmark = pytest.mark.skipif(
    not (DEFAULT_MODEL_DIR / "config.json").is_file(), reason="no trained model committed under models/"
)


@pytest.fixture(scope="module")
def model():
    return FramingModel.load(DEFAULT_MODEL_DIR, quantize=False)


@pytest.fixture(scope="module")
def hf_tokenizer(model):
    """The Hugging Face tokenizer of the model's encoder: the reference the served tokenizer must match."""
    from transformers import AutoTokenizer

    from framing.model import resolve_encoder

    return AutoTokenizer.from_pretrained(resolve_encoder(model.config.encoder))


@pytest.fixture(scope="module")
def int8():
    return FramingModel.load(DEFAULT_MODEL_DIR, quantize="int8")


@pytest.fixture(scope="module")
def full():
    return framing.load_analyzer()


def test_labels_and_heads_match_the_config(model):
    import json

    cfg = json.loads((DEFAULT_MODEL_DIR / "config.json").read_text())
    assert tuple(cfg["labels"]["usage"]) == USAGE_LABELS
    assert tuple(cfg["labels"]["sentence"]) == model.config.sentence_heads
    assert {"loaded", "subjective", "russia-ukraine"} <= set(model.config.sentence_heads)
    pred = model.predict(["Sirens sounded in Kyiv."], [[(15, 19)]], [[[0.0] * model.config.n_features]])
    assert set(pred.sentences[0]) == set(model.config.sentence_heads)
    assert pred.spans[0][0].shape == (3,) and abs(pred.spans[0][0].sum() - 1) < 1e-5


def test_usage_labels_map_to_the_right_meaning(full):
    text = 'Sirens sounded in Kiev. "Kiev will fall," he said. She cooked chicken Kiev.'
    usages = [f.usage for f in full.analyze(text).findings if f.variant == "Kiev"]
    assert usages == ["author", "quoted", "other_sense"]


def test_model_overrides_usage_only_on_packs_it_was_trained_on(full):
    from dataclasses import replace

    from framing.model import ModelConfig

    trained = full.model.config.usage_packs
    assert "russia-ukraine" in trained and "house-style" not in trained
    assert ModelConfig.from_json(full.model.config.to_json()).usage_packs == trained
    # The usage head never saw house-style terms, so however sure it is, the rule decides.
    text = "Several web sites copied the story without credit."
    assert [f.usage for f in full.analyze(text).findings] == ["author"]
    original = full.model.config
    try:
        full.model.config = replace(original, usage_packs=("house-style",))
        assert full._model_knows("house-style") and not full._model_knows("russia-ukraine")
        full.model.config = replace(original, usage_packs=())
        assert full._model_knows("house-style"), "a model that records no packs is trusted everywhere"
    finally:
        full.model.config = original


@pytest.mark.parametrize("precision", ["model", "int8"])
def test_sentence_alone_equals_sentence_in_padded_batch(precision, request):
    model = request.getfixturevalue(precision)
    one = "Russian forces shelled the port overnight, officials said."
    others = ["Short.", "A much longer sentence " * 12 + "that forces padding in the batch."]
    feats = [[0.0] * model.config.n_features]
    single = model.predict([one], [[(0, 7)]], [feats])
    pred = model.predict([others[0], one, others[1]], [[], [(0, 7)], []], [[], feats, []])
    alone, batched = single.sentences[0], pred.sentences[1]
    for head in alone:
        assert abs(alone[head] - batched[head]) < 1e-4, head
    assert np.abs(single.spans[0][0] - pred.spans[1][0]).max() < 1e-4


def test_the_shipped_default_is_int8_as_its_config_records():
    import json

    cfg = json.loads((DEFAULT_MODEL_DIR / "config.json").read_text())
    choice = cfg["metrics"]["precision"]
    assert choice["default"] == ("int8" if cfg["quantize"] else "fp32")
    assert max(choice["drop"].values()) <= 0.01 or not cfg["quantize"]
    from framing.int8 import int8_is_fast

    expected = choice["default"] if int8_is_fast() else "fp32"
    assert framing.load_analyzer().model.precision == expected


def test_the_int8_default_gives_way_to_fp32_where_int8_is_slower(monkeypatch):
    import torch

    monkeypatch.setattr(torch.backends.cpu, "get_cpu_capability", lambda: "DEFAULT")
    assert FramingModel.load(DEFAULT_MODEL_DIR).precision == "fp32"
    assert FramingModel.load(DEFAULT_MODEL_DIR, quantize=True).precision == "int8"
    monkeypatch.setattr(torch.backends.cpu, "get_cpu_capability", lambda: "AVX2")
    assert FramingModel.load(DEFAULT_MODEL_DIR).precision == "int8"


def test_a_3000_word_sentence_is_windowed_not_truncated(full):
    text = ("the convoy moved slowly past the villages near Kiev and " * 300).strip() + "."
    assert len(text.split()) >= 3000
    report = full.analyze(text)
    assert len(report.sentences) == 1
    assert all(v is not None for _, v in report.sentences[0].scores[:2])
    assert len(report.findings) == 300
    assert {f.usage for f in report.findings} <= set(USAGE_LABELS)


def test_concurrent_analyses_give_identical_results(full):
    texts = [f"Sirens sounded in Kiev for the {i}th time. NATO met in Brussels." for i in range(8)]
    expected = [full.analyze(t).to_dict() for t in texts]
    results = [None] * 8
    barrier = threading.Barrier(8)

    def work(i):
        barrier.wait()
        results[i] = full.analyze(texts[i]).to_dict()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


def test_same_input_twice_is_bit_identical(full):
    text = "The so-called referendums were staged. Kyiv rejected the outcome, officials said."
    assert full.analyze(text).to_dict() == full.analyze(text).to_dict()


def test_model_scores_fill_the_wire_schema(full):
    doc = full.analyze(
        "Kiev regime forces shelled Donetsk again. The brutal attack shocked residents."
    ).to_dict()
    for s in doc["sentences"]:
        assert 0 <= s["scores"]["loaded"] <= 1 and 0 <= s["scores"]["subjective"] <= 1
        assert -1 <= s["scores"]["russia-ukraine"] <= 1
    assert doc["scores"]["loaded_share"] is not None
    assert doc["provenance"]["model"].startswith("minilm-framing@")


def test_homoglyph_evasion_does_not_change_model_scores(full):
    clean = full.analyze("Shelling hit Kiev overnight.").to_dict()
    evasive = full.analyze("Shelling hit K\u0456e\u200bv overnight.").to_dict()
    a, b = clean["sentences"][0]["scores"], evasive["sentences"][0]["scores"]
    assert a["loaded"] is not None
    assert all(a[k] == b[k] if a[k] is None else abs(a[k] - b[k]) < 1e-4 for k in a)


def test_unsupported_language_gets_no_model_scores(full):
    r = full.analyze("Киев — столица Украины. Это большой город на Днепре, где живут миллионы людей.")
    assert all(v is None for s in r.sentences for _, v in s.scores)


def test_quantized_model_agrees_with_fp32(model, int8):
    texts = [
        "Sirens sounded in Kyiv.",
        "The regime's brutal crackdown shocked the world.",
        "Rates rose 0.25%.",
    ]
    a, b = model.predict(texts).sentences, int8.predict(texts).sentences
    diffs = [abs(x[h] - y[h]) for x, y in zip(a, b, strict=True) for h in x]
    assert 0 < float(np.max(diffs)) < 0.05


def test_axis_positions_only_on_articles_that_touch_the_topic(full):
    off = full.analyze("The city council approved a new budget for parks on Tuesday.").to_dict()
    assert all(s["scores"]["russia-ukraine"] is None for s in off["sentences"])
    assert off["sentences"][0]["scores"]["loaded"] is not None
    on = full.analyze("Shelling hit Kiev overnight. The council met on Tuesday.").to_dict()
    assert [s["scores"]["russia-ukraine"] is not None for s in on["sentences"]] == [True, False]
    assert all(s["scores"]["loaded"] is not None for s in on["sentences"])


def test_within_a_war_article_only_sentences_about_the_war_or_with_its_terms_get_a_position(full):
    text = (
        "Russian troops shelled the port at dawn. "  # names the war
        "The column was shared 17 times in Manitoba. "  # a neutral line: no side
        "Odessa is lovely in spring. "  # holds a term of the pack
        "Nguyen filed this report from Ohio."
    )
    rep = full.analyze(text)
    scored = [dict(s.scores)["russia-ukraine"] is not None for s in rep.sentences]
    assert scored == [True, False, True, False]
    assert [full.on_axis_topic("russia-ukraine", text[s.start : s.end]) for s in rep.sentences] == scored
    # the article's framing lean reads only the positioned sentences
    assert rep.to_dict()["scores"]["framing"]["russia-ukraine"]["sentences"] == 2


def _reference_pooling(model, tokenizer, text, spans):
    """Pool token by token, each window alone: the plain definition the vectorised encoder must match."""
    import torch

    cfg = model.config
    enc = tokenizer(
        [text],
        return_offsets_mapping=True,
        return_overflowing_tokens=True,
        truncation=True,
        max_length=cfg.max_length,
        stride=cfg.stride,
    )
    vecs, offsets, first, last_end = [], [], None, -1
    for ids, offs in zip(enc["input_ids"], enc["offset_mapping"], strict=True):
        states = model.net.token_states(torch.tensor([ids]), torch.ones((1, len(ids)), dtype=torch.long))[0]
        first = states[0] if first is None else first
        for k, (a, b) in enumerate(offs):
            if b == a or a < last_end:
                continue
            vecs.append(states[k])
            offsets.append((a, b))
            last_end = b
    if not vecs:
        sent = first
    elif model.net.pool is None:
        sent = torch.stack(vecs).mean(0)
    else:
        w, b = model.net.pool.weight[0], model.net.pool.bias[0]
        scores = [float(v @ w + b) for v in vecs]
        top = max(scores)
        weights = [np.exp(s - top) for s in scores]
        sent = sum(float(x) * v for x, v in zip(weights, vecs, strict=True)) / float(sum(weights))
    out = []
    for a, b in spans:
        idx = [i for i, (s, e) in enumerate(offsets) if s < b and a < e]
        out.append(torch.stack([vecs[i] for i in idx]).mean(0) if idx else sent)
    return sent, out


def test_vectorised_pooling_matches_the_token_by_token_definition(model, hf_tokenizer):
    import torch

    long = ("the convoy moved slowly past the villages near Kiev and " * 60).strip() + "."
    texts = ["Sirens sounded in Kyiv overnight.", "", "\u200b", long, "Odesa, Kharkiv and Lviv."]
    spans = [
        [(18, 22), (0, 6), (22, 23), (5, 5)],
        [(0, 0)],
        [],
        [(m.start(), m.end()) for m in re.finditer("Kiev", long)],
        [(0, 5), (7, 14), (0, 24)],
    ]
    with torch.inference_mode():
        enc = model.encoder.encode(texts, spans)
        assert enc.sentences.shape == (len(texts), model.net.encoder.config.hidden_size)
        for t, text in enumerate(texts):
            sent, ref_spans = _reference_pooling(model, hf_tokenizer, text, spans[t])
            assert float((enc.sentences[t] - sent).abs().max()) < 1e-5
            assert len(enc.spans[t]) == len(spans[t])
            for got, want in zip(enc.spans[t], ref_spans, strict=True):
                assert float((got - want).abs().max()) < 1e-5


def test_packed_encoder_matches_the_padded_forward(model):
    import torch

    from framing.model import packable, packed_states

    long = ("the convoy moved slowly past the villages near Kiev and " * 60).strip() + "."
    texts = ["Sirens sounded in Kyiv overnight.", "", long, "Odesa, Kharkiv and Lviv.", "NATO met."]
    cfg = model.config
    ids = model.tokenizer.windows(texts).input_ids
    assert packable(model.net.encoder)
    with torch.inference_mode():
        packed = packed_states(model.net.encoder, ids, cfg.batch_size)
        padded, base = model.encoder._padded_states(ids)
    start = 0
    for w, seq in enumerate(ids):
        got, want = packed[start : start + len(seq)], padded[base[w] : base[w] + len(seq)]
        assert float((got - want).abs().max()) < 1e-5
        start += len(seq)
    assert start == len(packed)


def test_int8_runs_the_packed_path_and_bf16_the_padded_one(model, int8):
    import copy

    import torch

    from framing.model import packable

    assert packable(int8.net.encoder)
    assert not packable(copy.deepcopy(model.net.encoder).to(torch.bfloat16))


def test_gradients_flow_through_pooled_vectors(model):
    import torch

    net = model.net
    with torch.enable_grad():
        enc = model.encoder.encode(["Sirens sounded in Kyiv.", "NATO met."], [[(18, 22)], []])
        (enc.sentences.sum() + enc.spans[0][0].sum()).backward()
    grads = [p.grad for p in net.encoder.encoder.layer[-1].parameters()]
    try:
        assert all(g is not None for g in grads) and any(float(g.abs().sum()) > 0 for g in grads)
    finally:
        net.zero_grad(set_to_none=True)


@pytest.mark.parametrize("lengths", [[], [5], [3, 40, 7, 7, 250, 12] * 9, list(range(2, 100))])
def test_length_batches_cover_every_window_once(lengths):
    from framing.model import length_batches

    batches = length_batches(lengths, 32)
    flat = [w for b in batches for w in b]
    assert sorted(flat) == list(range(len(lengths)))
    assert all(1 <= len(b) <= 32 for b in batches)
    assert [lengths[w] for w in flat] == sorted(lengths)


def test_encoder_built_from_files_equals_from_pretrained(model):
    import torch
    from safetensors.torch import load_file
    from transformers import AutoModel

    from framing.model import ENCODER_FILE, resolve_encoder

    reference = AutoModel.from_pretrained(resolve_encoder(model.config.encoder)).eval()
    layers = {k: v.float() for k, v in load_file(str(DEFAULT_MODEL_DIR / ENCODER_FILE)).items()}
    reference.load_state_dict(layers, strict=False)
    ids = torch.tensor(
        [[101, 7592, 2003, 1037, 3231, 102, 0, 0], [101, 2054, 2106, 2017, 2360, 1029, 2003, 102]]
    )
    mask = (ids > 0).long()
    with torch.inference_mode():
        want = reference(input_ids=ids, attention_mask=mask).last_hidden_state
        assert torch.equal(model.net.token_states(ids, mask), want)


def test_precision_choices_and_their_names(model):
    import torch

    assert model.precision == "fp32" and not model.quantized and "+" not in model.name
    with pytest.raises(ValueError, match="quantize must be"):
        FramingModel.load(DEFAULT_MODEL_DIR, quantize="fp16")
    from framing.int8 import Int8Linear

    q = FramingModel.load(DEFAULT_MODEL_DIR, quantize="int8")
    # every linear layer of the encoder runs in int8; the heads stay fp32
    assert not any(type(m) is torch.nn.Linear for m in q.net.encoder.modules())
    assert sum(isinstance(m, Int8Linear) for m in q.net.encoder.modules()) == 6 * 7  # 6 + fused qkv
    assert all(type(m) is torch.nn.Linear for m in q.net.span.modules() if "Linear" in type(m).__name__)
    assert q.name.endswith("+int8")


@pytest.mark.skipif(
    not __import__("torch").ops.mkldnn._is_mkldnn_bf16_supported(), reason="CPU without native bf16"
)
def test_bf16_model_agrees_with_fp32(model):
    b = FramingModel.load(DEFAULT_MODEL_DIR, quantize="bf16")
    assert b.name.endswith("+bf16")
    texts = [
        "Sirens sounded in Kyiv.",
        "The regime's brutal crackdown shocked the world.",
        "Rates rose 0.25%.",
    ]
    spans = [[(18, 22)], [], []]
    feats = [[[0.0] * model.config.n_features], [], []]
    a, c = model.predict(texts, spans, feats), b.predict(texts, spans, feats)
    diffs = [abs(x[h] - y[h]) for x, y in zip(a.sentences, c.sentences, strict=True) for h in x]
    assert max(diffs) < 0.05
    assert float(np.abs(a.spans[0][0] - c.spans[0][0]).max()) < 0.05
    assert b.predict(texts).sentences == b.predict(texts).sentences


@pytest.mark.parametrize("precision", ["model", "int8"])
def test_packing_in_runs_of_tokens_keeps_every_window_state(precision, request, monkeypatch):
    import torch

    import framing.model as fm

    model = request.getfixturevalue(precision)
    long = ("the convoy moved slowly past the villages near Kiev and " * 30).strip() + "."
    ids = model.tokenizer.windows(
        ["Sirens sounded in Kyiv.", long, "NATO met.", "Odesa, Kharkiv."] * 3
    ).input_ids
    with torch.inference_mode():
        whole = fm.packed_states(model.net.encoder, ids, model.config.batch_size)
        monkeypatch.setattr(fm, "PACK_TOKENS", 40)
        assert len(fm._token_runs(ids, fm.PACK_TOKENS)) > 4
        cut = fm.packed_states(model.net.encoder, ids, model.config.batch_size)
    assert cut.shape == whole.shape and float((cut - whole).abs().max()) < 1e-5


def test_token_runs_cover_every_window_in_order_within_the_budget():
    from framing.model import _token_runs

    windows = [[0] * n for n in (5, 5, 20, 3, 30, 1, 1)]
    runs = _token_runs(windows, 10)
    assert runs[0][0] == 0 and runs[-1][1] == len(windows)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(runs))
    for a, b in runs:
        assert b - a == 1 or sum(len(w) for w in windows[a:b]) <= 10
    assert _token_runs([[0] * 4], 10) == [(0, 1)]


def test_int8_sentence_vectors_are_bit_identical_alone_and_in_any_batch(int8):
    import torch

    one = "Russian forces shelled the port overnight, officials said."
    others = [
        "Short.",
        "Officials in Kyiv said the talks would resume next week.",  # as long as `one`, or nearly
        "A much longer sentence " * 12 + "that would have forced padding in the batch.",
        "The council met on Tuesday to discuss the budget for parks and libraries.",
    ] * 3
    with torch.inference_mode():
        alone = int8.encoder.encode([one], [[]]).sentences[0]
        for batch in ([others[0], one], [one, *others], [*others, one, one], [*others[:5], one, *others[5:]]):
            got = int8.encoder.encode(batch, [[] for _ in batch]).sentences[batch.index(one)]
            assert torch.equal(alone, got)
