"""Sentence pooling: mean and attention agree between training (padded) and serving (per text)."""

from types import SimpleNamespace

import pytest
import torch

from framing.model import FramingNet, ModelConfig

HIDDEN = 8


def _net(pooling: str) -> FramingNet:
    return FramingNet(
        SimpleNamespace(config=SimpleNamespace(hidden_size=HIDDEN)), ModelConfig(pooling=pooling)
    )


def _batch() -> tuple[torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(3)
    states = torch.randn(3, 6, HIDDEN, generator=gen)
    content = torch.tensor([[0, 1, 1, 1, 1, 0], [0, 1, 1, 0, 0, 0], [0, 1, 0, 0, 0, 0]], dtype=torch.bool)
    return states, content


def test_untrained_attention_pooling_is_the_mean():
    states, content = _batch()
    mean, att = _net("mean"), _net("attention")
    assert torch.allclose(att.pool_padded(states, content), mean.pool_padded(states, content), atol=1e-6)
    for row, keep in zip(states, content, strict=True):
        assert torch.allclose(att.pool_run(row[keep]), row[keep].mean(0), atol=1e-6)


def test_attention_pooling_is_the_same_padded_and_per_text():
    states, content = _batch()
    net = _net("attention")
    with torch.no_grad():
        net.pool.weight.copy_(torch.linspace(-2, 2, HIDDEN))
        net.pool.bias.fill_(0.5)
    padded = net.pool_padded(states, content)
    for i, (row, keep) in enumerate(zip(states, content, strict=True)):
        alone = net.pool_run(row[keep])
        assert torch.allclose(padded[i], alone, atol=1e-6)
        # padding and special tokens never leak into the vector
        assert not torch.allclose(alone, row.mean(0), atol=1e-3)


def test_attention_weighs_tokens_by_their_score():
    net = _net("attention")
    with torch.no_grad():
        net.pool.weight.zero_()
        net.pool.weight[0, 0] = 50.0
    run = torch.zeros(3, HIDDEN)
    run[1, 0] = 1.0  # the one token the score picks out
    run[:, 1] = torch.tensor([1.0, 2.0, 3.0])
    assert torch.allclose(net.pool_run(run), run[1], atol=1e-6)


def test_a_text_without_content_tokens_pools_evenly_not_to_nan():
    states, content = _batch()
    content[2] = False
    out = _net("attention").pool_padded(states, content)
    assert torch.isfinite(out).all()


def test_unknown_pooling_is_refused():
    with pytest.raises(ValueError, match="pooling"):
        ModelConfig(pooling="max")
    assert ModelConfig.from_json(ModelConfig(pooling="attention").to_json()).pooling == "attention"
    assert ModelConfig.from_json({"encoder": "default"}).pooling == "mean"
