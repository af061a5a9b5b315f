"""int8 linear layers: close to fp32, one scale per token (batch-independent), exact and repeatable."""

import json
import shutil

import pytest
import torch

from framing.int8 import Int8Linear, quantize_linears
from framing.model import DEFAULT_MODEL_DIR


def _layer(n_in=384, n_out=96, seed=0):
    torch.manual_seed(seed)
    return torch.nn.Linear(n_in, n_out)


def test_int8_output_stays_close_to_fp32():
    lin = _layer()
    x = torch.randn(50, 384) * torch.logspace(-2, 1, 50).unsqueeze(1)  # tokens of very different sizes
    with torch.inference_mode():
        want, got = lin(x), Int8Linear.from_float(lin.weight, lin.bias)(x)
    rel = (got - want).norm(dim=1) / want.norm(dim=1)
    assert float(rel.max()) < 0.03
    assert got.dtype == torch.float32 and got.shape == want.shape


def test_a_token_gives_the_same_bits_alone_and_in_any_batch():
    q = Int8Linear.from_float(_layer().weight, _layer().bias)
    x = torch.randn(40, 384)
    x[7] *= 1000  # one huge token must not coarsen the others' scales
    with torch.inference_mode():
        batch = q(x)
        for i in (0, 7, 39):
            assert torch.equal(q(x[i : i + 1])[0], batch[i])
        assert torch.equal(q(x.view(4, 10, 384)).view(40, -1), batch)
        assert torch.equal(q(x), batch)


def test_an_all_zero_token_gives_the_bias():
    lin = _layer()
    q = Int8Linear.from_float(lin.weight, lin.bias)
    with torch.inference_mode():
        out = q(torch.zeros(2, 384))
    assert torch.isfinite(out).all() and torch.allclose(out, lin.bias.detach().expand(2, -1))


def test_concatenated_layers_give_each_layer_output_exactly():
    parts = [Int8Linear.from_float(_layer(seed=s).weight, _layer(seed=s).bias) for s in range(3)]
    fused = Int8Linear.concat(parts)
    x = torch.randn(9, 384)
    with torch.inference_mode():
        assert torch.equal(fused(x), torch.cat([p(x) for p in parts], dim=1))


def test_quantize_linears_swaps_every_linear_and_fuses_attention():
    from framing.bert import Bert, BertShape

    shape = BertShape(64, 2, 4, 128, 100, 32, 2, 1e-12)
    net = Bert(shape).eval()
    ids = torch.tensor([[1, 5, 9, 2, 0], [1, 7, 2, 0, 0]])
    mask = (ids > 0).long()
    with torch.inference_mode():
        want = net(ids, mask)
    assert quantize_linears(net) == 2 * 6
    assert not any(type(m) is torch.nn.Linear for m in net.modules())
    att = net.encoder.layer[0].attention.self
    x = torch.randn(3, 64)
    with torch.inference_mode():
        assert torch.equal(att.qkv(x), torch.cat([att.query(x), att.key(x), att.value(x)], dim=1))
        got = net(ids, mask)
    assert float((got - want).abs().max()) < 0.1


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "config.json").is_file(), reason="no trained model committed")
def test_choose_precision_writes_the_choice_and_its_figures(tmp_path):
    from framing.train import Example, TaskData, choose_precision

    out = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, out)
    val = [Example("The brutal regime crushed dissent.", 1), Example("The council met on Tuesday.", 0)]
    tasks = {"loaded": TaskData("loaded", [], val, [], "test", "test")}
    logs = []
    use_int8 = choose_precision(out, tasks, log=logs.append)
    cfg = json.loads((out / "config.json").read_text())
    choice = cfg["metrics"]["precision"]
    assert cfg["quantize"] is use_int8
    assert set(choice["val_macro_f1"]) == {"fp32", "int8"} and set(choice["drop"]) == {"loaded"}
    assert choice["default"] == ("int8" if use_int8 else "fp32")
    assert use_int8 == (choice["drop"]["loaded"] <= 0.01)
    assert logs and "precision" in logs[0]


def test_the_allocator_is_tuned_once_and_never_against_the_environment(monkeypatch):
    import platform

    from framing import allocator

    allocator.keep_freed_memory.cache_clear()
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "131072")
    assert allocator.keep_freed_memory() is False
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_")
    assert allocator.keep_freed_memory() is False  # decided once per process
    allocator.keep_freed_memory.cache_clear()
    for name in allocator.ENV_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    on_glibc = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    assert allocator.keep_freed_memory() is on_glibc
