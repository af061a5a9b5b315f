"""How far the encoder limits the subjective figure: each encoder fine-tuned alone on NewsSD-ENG, one recipe.

Every encoder given gets the same plain recipe (not tuned per encoder, never looking at val): the whole
encoder and a linear head on mean-pooled tokens, fine-tuned on the NewsSD-ENG train split only, for each
seed. The val split and the project's held-out guideline sentences (`data/subjectivity/test.jsonl`) are
scored at 0.5. The published figures of the dataset's authors on the same val split go beside them (the
report and the model card read the shipped model's own figure from its config).
Writes eval/results/subjective_encoders.json.

A larger encoder is any local Hugging Face folder: `--encoder mpnet=/path/to/all-mpnet-base-v2`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import time
from pathlib import Path

import numpy as np
import torch
from common import write_result
from metrics import macro_f1, roc_auc
from torch import nn

from framing.model import resolve_encoder
from framing.normalize import normalize
from framing.train import read_authored_subjectivity, read_newssd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = Path(__file__).resolve().parent / "results" / "subjective_encoders.json"
GUIDELINE_TEST = ROOT / "data" / "subjectivity" / "test.jsonl"

# The NewsSD-ENG authors' own runs (results/*.txt of nlp-unibo/newssd-eng at a726290), macro-F1 rounded
# to two places as published. Their mBERT runs keep the checkpoint that scores best on this val split, so
# their val figures lean optimistic; the test split is not among the shared data.
PUBLISHED = {
    "source": "https://github.com/nlp-unibo/newssd-eng/tree/a7262909926d8f74eb853881c6c88a1064ac7b1f/results",
    "note": "val picks the mBERT checkpoint (early stopping on val); test split not available here",
    "runs": [
        {"model": "mBERT, English train", "seed": 42, "val": 0.64, "test": 0.76},
        {"model": "mBERT, English train", "seed": 500, "val": 0.53, "test": 0.69},
        {"model": "mBERT, English train", "seed": 1000, "val": 0.68, "test": 0.79},
        {"model": "mBERT, English + Italian train", "seed": 42, "val": 0.59, "test": 0.80},
        {"model": "mBERT, English + Italian train", "seed": 500, "val": 0.66, "test": 0.82},
        {"model": "mBERT, English + Italian train", "seed": 1000, "val": 0.58, "test": 0.79},
        {
            "model": "multilingual MiniLM-L12 embeddings + logistic regression",
            "seed": None,
            "val": 0.63,
            "test": 0.69,
        },
        {"model": "TF-IDF + logistic regression", "seed": None, "val": 0.56, "test": 0.55},
    ],
}


class Probe(nn.Module):
    """An encoder with a linear head on its mean-pooled token states."""

    def __init__(self, path: str):
        from transformers import AutoModel, AutoTokenizer

        super().__init__()
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.encoder = AutoModel.from_pretrained(path)
        self.head = nn.Linear(self.encoder.config.hidden_size, 1)

    def forward(self, texts: list[str]) -> torch.Tensor:
        """Return one logit per text."""
        batch = self.tokenizer(texts, padding=True, truncation=True, max_length=128, return_tensors="pt")
        states = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return self.head((states * mask).sum(1) / mask.sum(1)).squeeze(-1)

    @torch.no_grad()
    def scores(self, texts: list[str]) -> np.ndarray:
        """Return P(subjective) for each text."""
        self.eval()
        return np.concatenate(
            [torch.sigmoid(self(texts[i : i + 64])).numpy() for i in range(0, len(texts), 64)]
        )


def fine_tune(
    path: str, train: list[tuple[str, int]], seed: int, epochs: int, lr: float
) -> tuple[Probe, float]:
    """Fine-tune a probe on train with class-balanced loss; return it and the seconds it took."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    probe = Probe(path)
    items = train[:]
    pos_weight = torch.tensor(sum(1 - y for _, y in items) / max(1, sum(y for _, y in items)))
    optim = torch.optim.AdamW(
        [{"params": probe.encoder.parameters(), "lr": lr}, {"params": probe.head.parameters(), "lr": 1e-3}],
        weight_decay=0.01,
    )
    bs = 16
    total = epochs * -(-len(items) // bs)
    warm = max(1, int(0.1 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min(1, (s + 1) / warm) * max(0.0, 1 - s / total)
    )
    started = time.time()
    probe.train()
    for _ in range(epochs):
        rng.shuffle(items)
        for i in range(0, len(items), bs):
            batch = items[i : i + bs]
            y = torch.tensor([float(label) for _, label in batch])
            loss = nn.functional.binary_cross_entropy_with_logits(
                probe([t for t, _ in batch]), y, pos_weight=pos_weight
            )
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(probe.parameters(), 1.0)
            optim.step()
            sched.step()
    return probe, time.time() - started


def score(probe: Probe, items: list[tuple[str, int]]) -> dict[str, float | int]:
    """Return macro-F1 at 0.5, ROC AUC and the number called subjective."""
    s = probe.scores([t for t, _ in items])
    y = np.array([label for _, label in items])
    pred = (s > 0.5).astype(int)
    return {
        "n": len(items),
        "macro_f1": round(macro_f1(y.tolist(), pred.tolist(), labels=[0, 1]), 4),
        "roc_auc": round(roc_auc(y.tolist(), s.tolist()), 4),
        "called_subjective": int(pred.sum()),
        "truly_subjective": int(y.sum()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--encoder", action="append", default=[], help="NAME=PATH; 'minilm=default' is always in"
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=[13, 14, 15])
    parser.add_argument(
        "--large-seeds", type=int, nargs="+", default=[13], help="seeds of the other encoders"
    )
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=2e-5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not (DATA / "newssd-eng").is_dir():
        raise SystemExit(f"NewsSD-ENG not found under {DATA}: this benchmark needs ../shared/data")
    torch.set_num_threads(args.threads)
    train = [(normalize(t), y) for t, y in read_newssd(DATA, "train")]
    val = [(normalize(t), y) for t, y in read_newssd(DATA, "val")]
    guideline = [(normalize(t), y) for t, y, _ in read_authored_subjectivity(GUIDELINE_TEST)]
    encoders = [("minilm", "default"), *(tuple(e.split("=", 1)) for e in args.encoder)]
    runs = []
    for name, path in encoders:
        seeds = args.seeds if name == "minilm" else args.large_seeds
        for seed in seeds:
            probe, seconds = fine_tune(resolve_encoder(path), train, seed, args.epochs, args.lr)
            run = {
                "encoder": name,
                "parameters": sum(p.numel() for p in probe.encoder.parameters()),
                "seed": seed,
                "train_seconds": round(seconds, 1),
                "newssd_val": score(probe, val),
                "guideline_test": score(probe, guideline),
            }
            runs.append(run)
            print(json.dumps(run), flush=True)
    summary = {}
    for name, _ in encoders:
        mine = [r for r in runs if r["encoder"] == name]
        summary[name] = {
            "seeds": len(mine),
            "parameters": mine[0]["parameters"],
            **{
                f"{split}_{key}_median": round(statistics.median(r[split][key] for r in mine), 4)
                for split in ("newssd_val", "guideline_test")
                for key in ("macro_f1", "roc_auc")
            },
        }
    write_result(
        args.out,
        {
            "figure": "NewsSD-ENG val macro-F1 of encoders fine-tuned alone on NewsSD-ENG train, one recipe",
            "protocol": f"whole encoder + linear head on mean pooling, NewsSD train only (n={len(train)}), "
            f"{args.epochs} epochs, encoder lr {args.lr}, head lr 1e-3, batch 16, class-balanced loss, "
            "threshold 0.5; val and guideline test never train or tune",
            "date": dt.date.today().isoformat(),
            "summary": summary,
            "runs": runs,
            "published": PUBLISHED,
        },
    )
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
