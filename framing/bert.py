"""A BERT encoder and its tokenizer for inference, built from files without importing transformers.

Importing transformers and its BERT module costs about 3.5 s of a 5 s cold-start budget on two cores;
inference needs only the weights, a few standard torch layers and the `tokenizers` library. Module and
parameter names mirror Hugging Face's `BertModel`, so the same checkpoints load and the same code
(the packed forward in `framing.model`, int8 quantization) runs on either.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"
TOKENIZER_FILE = "tokenizer.json"


@dataclass(frozen=True, slots=True)
class BertShape:
    """The sizes of a BERT encoder, read from its Hugging Face `config.json`."""

    hidden_size: int
    num_hidden_layers: int
    num_attention_heads: int
    intermediate_size: int
    vocab_size: int
    max_position_embeddings: int
    type_vocab_size: int
    layer_norm_eps: float

    @classmethod
    def read(cls, encoder_dir: str | Path) -> BertShape | None:
        """Return the shape of a plain BERT encoder, or None for anything this module cannot run."""
        path = Path(encoder_dir) / CONFIG_FILE
        if not path.is_file():
            return None
        cfg = json.loads(path.read_text(encoding="utf-8"))
        plain = (
            cfg.get("model_type") == "bert"
            and cfg.get("hidden_act") == "gelu"
            and cfg.get("position_embedding_type", "absolute") == "absolute"
            and not cfg.get("is_decoder", False)
            and not cfg.get("add_cross_attention", False)
            and not cfg.get("chunk_size_feed_forward", 0)
        )
        if not plain:
            return None
        try:
            return cls(**{name: cfg[name] for name in cls.__dataclass_fields__})
        except KeyError:
            return None


def _node(**parts: object) -> nn.Module:
    """Return a module holding `parts` as named children and attributes."""
    module = nn.Module()
    for name, part in parts.items():
        setattr(module, name, part)
    return module


def _layer(shape: BertShape) -> nn.Module:
    """Return one transformer layer, with Hugging Face's names for its parts."""
    h, heads = shape.hidden_size, shape.num_attention_heads
    size = h // heads
    attention = _node(
        query=nn.Linear(h, h),
        key=nn.Linear(h, h),
        value=nn.Linear(h, h),
        num_attention_heads=heads,
        attention_head_size=size,
        scaling=size**-0.5,
    )
    output = _node(dense=nn.Linear(h, h), LayerNorm=nn.LayerNorm(h, eps=shape.layer_norm_eps))
    return _node(
        attention=_node(self=attention, output=output),
        intermediate=_node(dense=nn.Linear(h, shape.intermediate_size)),
        output=_node(
            dense=nn.Linear(shape.intermediate_size, h), LayerNorm=nn.LayerNorm(h, eps=shape.layer_norm_eps)
        ),
    )


class Bert(nn.Module):
    """A BERT encoder (no pooler): token ids and attention mask in, last hidden states out."""

    def __init__(self, shape: BertShape):
        super().__init__()
        self.config = shape
        h = shape.hidden_size
        self.embeddings = _node(
            word_embeddings=nn.Embedding(shape.vocab_size, h),
            position_embeddings=nn.Embedding(shape.max_position_embeddings, h),
            token_type_embeddings=nn.Embedding(shape.type_vocab_size, h),
            LayerNorm=nn.LayerNorm(h, eps=shape.layer_norm_eps),
        )
        self.encoder = _node(layer=nn.ModuleList(_layer(shape) for _ in range(shape.num_hidden_layers)))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Return the last hidden states (batch x tokens x hidden) of a padded batch."""
        emb = self.embeddings
        width = input_ids.shape[1]
        # the same order of additions as Hugging Face's BertEmbeddings, so the sums round alike
        x = emb.word_embeddings(input_ids) + emb.token_type_embeddings.weight[0]
        x = emb.LayerNorm(x + emb.position_embeddings.weight[:width])
        keys = attention_mask.bool()[:, None, None, :]
        for layer in self.encoder.layer:
            x = _padded_layer(layer, x, keys)
        return x


def _padded_layer(layer: nn.Module, x: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
    """Apply one layer to a padded batch; `keys` masks the padding out of attention."""
    att = layer.attention.self
    n, width, hidden = x.shape

    def split(t: torch.Tensor) -> torch.Tensor:
        return t.view(n, width, att.num_attention_heads, att.attention_head_size).transpose(1, 2)

    q, k, v = split(att.query(x)), split(att.key(x)), split(att.value(x))
    context = nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=keys, scale=att.scaling)
    context = context.transpose(1, 2).reshape(n, width, hidden)
    out = layer.attention.output
    x = out.LayerNorm(out.dense(context) + x)
    h = nn.functional.gelu(layer.intermediate.dense(x))
    return layer.output.LayerNorm(layer.output.dense(h) + x)


def load_bert(encoder_dir: str | Path, finetuned: dict[str, torch.Tensor]) -> Bert | None:
    """Build a plain BERT from its directory with `finetuned` tensors in place; None if it does not fit.

    The pretrained weights come from the directory's one safetensors file (names with or without a
    `bert.` prefix); tensors named in `finetuned` are not read from it. None when the directory holds
    another architecture or other file names, so that the caller can fall back to transformers.
    """
    from safetensors import safe_open

    shape = BertShape.read(encoder_dir)
    weights = Path(encoder_dir) / WEIGHTS_FILE
    if shape is None or not weights.is_file():
        return None
    # Built on the CPU: on the meta device, init ops import torch._dynamo (1.5 s); the random
    # initialisation costs about 0.1 s and every tensor is replaced below.
    model = Bert(shape)
    wanted = model.state_dict()
    unexpected = sorted(set(finetuned) - set(wanted))
    if unexpected:
        raise ValueError(f"unexpected encoder weights: {unexpected[:3]}")
    state = {k: v.to(wanted[k].dtype) for k, v in finetuned.items()}
    with safe_open(str(weights), framework="pt") as f:
        names = set(f.keys())
        for key in wanted.keys() - state.keys():
            name = key if key in names else f"bert.{key}"
            if name not in names:
                return None
            tensor = f.get_tensor(name)
            if tensor.shape != wanted[key].shape:
                return None
            state[key] = tensor.to(wanted[key].dtype)
    model.load_state_dict(state, strict=True, assign=True)
    return model.eval()


@dataclass(frozen=True, slots=True)
class Windows:
    """Token windows of a batch of texts: ids and character offsets per window, and each window's text."""

    input_ids: list[list[int]]
    offsets: list[list[tuple[int, int]]]
    owner: list[int]


class WindowTokenizer:
    """Cut texts into overlapping windows of at most `max_length` tokens with the `tokenizers` library.

    Gives the same windows as a Hugging Face fast tokenizer called with truncation, `stride` and
    `return_overflowing_tokens`, from the same `tokenizer.json`. Not thread-safe; the model's lock
    guards it.
    """

    def __init__(self, tokenizer_file: str | Path, max_length: int, stride: int):
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(
            max_length, stride=stride, strategy="longest_first", direction="right"
        )

    @classmethod
    def find(cls, encoder_dir: str | Path, max_length: int, stride: int) -> WindowTokenizer | None:
        """Return the tokenizer of an encoder directory, or None when it has no `tokenizer.json`."""
        path = Path(encoder_dir) / TOKENIZER_FILE
        return cls(path, max_length, stride) if path.is_file() else None

    def windows(self, texts: Sequence[str]) -> Windows:
        """Return the windows of `texts`, text after text, each text's windows in order."""
        ids: list[list[int]] = []
        offsets: list[list[tuple[int, int]]] = []
        owner: list[int] = []
        for t, first in enumerate(self.tokenizer.encode_batch(list(texts))):
            for enc in (first, *first.overflowing):
                ids.append(enc.ids)
                offsets.append(enc.offsets)
                owner.append(t)
        return Windows(ids, offsets, owner)
