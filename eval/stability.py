"""Score stability on real held-out sentences: openers, numbers and places swapped for unseen ones.

The robustness suite (eval/robustness.py) checks invariance on 38 templates written for the project. This
benchmark asks the same question of real news sentences that no head trained on, with replacement words
that neither the training twins (framing/perturb.py) nor the suite use, so that it can choose between
training recipes without looking at the suite:

- sentences: NewsSD-ENG val (99), a fixed sample of 600 RUWA headlines from the held-out events, and the
  Biased Sentences Dataset (MBIB 038) of six words or more, none ever trained on;
- twins: an opener put in front ("Within hours, ..."), every number rewritten, every known place swapped;
- a twin is stable when every model sentence score moves by less than 0.05 (axis positions compared as
  probabilities, as in the suite).

Writes eval/results/stability.json. Needs ../shared/data and a trained model; says what it skipped otherwise.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
sys.path.insert(0, str(ROOT))

from common import model_dir, write_result  # noqa: E402
from metrics import percentile  # noqa: E402
from robustness import as_probabilities  # noqa: E402

OUT = ROOT / "eval" / "results" / "stability.json"
DATA = ROOT.parent / "shared" / "data"
EPS = 0.05
SAMPLE = 600
SEED = 2026

# Replacement words used nowhere else: not by the training twins, not by the robustness suite.
OPENERS = (
    "Subsequently, ",
    "Afterwards, ",
    "Initially, ",
    "Within hours, ",
    "Around the same time, ",
    "Later in the day, ",
    "In the hours that followed, ",
    "For the time being, ",
    "Shortly before midnight, ",
    "At around 10 a.m., ",
    "By late afternoon, ",
    "In the days before, ",
    "As the week went on, ",
)
VALIDATION_PLACES = (
    "Saskatchewan",
    "Rajasthan",
    "Gothenburg",
    "Nagoya",
    "Curitiba",
    "Hobart",
    "Aberdeen",
    "Asturias",
    "Umbria",
    "Kyushu",
    "Yucatan",
    "Limpopo",
    "Arizona",
    "Lille",
)
VALIDATION_NUMBERS = ("8", "46", "2,315", "7.25", "sixteen", "350,000", "612")
# The places a sentence is searched for (each is then replaced by one of VALIDATION_PLACES). Fixed here
# rather than read from the training pools, so that every recipe is measured on the same twins.
FIND_PLACES = tuple(
    (
        "mariupol kherson kramatorsk sloviansk sumy izium poltava lysychansk severodonetsk melitopol "
        "berdiansk uman avdiivka pokrovsk kupiansk enerhodar nikopol "
        "nebraska lyon kerala queensland andalusia ontario saxony tuscany oregon brittany yorkshire quebec "
        "catalonia normandy idaho flanders sardinia alberta vermont lombardy wales jutland cornwall montana "
        "provence nairobi lagos osaka porto seville glasgow leeds denver kansas iowa utah nevada galicia "
        "bohemia punjab bengal hokkaido patagonia sicily crete cyprus malta iceland alabama colorado "
        "delaware illinois indiana kentucky louisiana michigan minnesota missouri oklahoma tennessee "
        "wisconsin wyoming yukon calgary halifax karnataka odisha assam goa pune chennai mumbai kolkata "
        "perth adelaide brisbane auckland christchurch dunedin marseille bordeaux toulouse nantes rotterdam "
        "antwerp ghent tampere turku uppsala malmo aarhus hamburg cologne stuttgart leipzig dresden bremen "
        "salzburg graz valencia bilbao malaga turin naples genoa bologna verona zurich basel manchester "
        "liverpool galway kyoto fukuoka sapporo busan incheon cebu durban mombasa kumasi recife cordoba "
        "rosario valparaiso monterrey guadalajara sabah sumatra mindanao"
    ).split()
)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*\b")
_PLACES_FIRST_LONGEST = sorted(FIND_PLACES, key=len, reverse=True)
_PLACE = re.compile(r"\b(" + "|".join(map(re.escape, _PLACES_FIRST_LONGEST)) + r")\b", re.IGNORECASE)
# The opener goes in front of the sentence; these ordinary first words then lose their capital.
_ORDINARY = frozenset(
    "a an the this that these those it its there here in on at after before police officials more some "
    "many most several two three four five".split()
)


def sentences(data_dir: Path) -> dict[str, list[str]]:
    """Return the held-out sentences by source (NewsSD val, RUWA held-out events, MBIB 038)."""
    from framing.train import RU_SITES, RUWA_TEST_EVENTS, UA_INTL_SITES, clean_ruwa, read_newssd, read_ruwa

    rng = random.Random(SEED)
    out = {"NewsSD-ENG val": [t for t, _ in read_newssd(data_dir, "val")]}
    ruwa = sorted(
        {
            clean_ruwa(r.get("title") or "")
            for r in read_ruwa(data_dir)
            if r.get("Event") in RUWA_TEST_EVENTS and r.get("Site") in (RU_SITES | UA_INTL_SITES)
        }
        - {""}
    )
    out["RUWA held-out events"] = rng.sample([t for t in ruwa if len(t.split()) >= 5], SAMPLE)
    path = (
        data_dir
        / "mbib-subsets"
        / "datasets"
        / "038_BiasedSentencesDataset"
        / "038-BiasedSentencesDataset.csv"
    )
    with path.open(encoding="utf-8", newline="") as fh:
        mbib = sorted({" ".join(r["text"].split()) for r in csv.DictReader(fh)})
    out["Biased Sentences (MBIB 038)"] = [t for t in mbib if len(t.split()) >= 6]
    return out


def twins(text: str) -> list[tuple[str, str]]:
    """Return (kind, twin) pairs: always an opener; a number and a place twin when the sentence has them.

    Each twin's choices are seeded by its sentence and kind alone, so a change to one pool leaves the
    other twins as they were.
    """
    first, _, rest = text.partition(" ")
    lowered = first.lower() if first.lower() in _ORDINARY else first
    rng = _rng("opener", text)
    out = [("opener", rng.choice(OPENERS) + lowered + (" " + rest if rest else ""))]
    if _NUMBER.search(text):
        rng = _rng("number", text)
        out.append(("number", _NUMBER.sub(lambda m: _other(m.group(), VALIDATION_NUMBERS, rng), text)))
    if _PLACE.search(text):
        rng = _rng("place", text)
        out.append(("place", _PLACE.sub(lambda m: _other(m.group(), VALIDATION_PLACES, rng), text)))
    return out


def _rng(kind: str, text: str) -> random.Random:
    return random.Random(f"{SEED}|{kind}|{text}")


def _other(word: str, pool: tuple[str, ...], rng: random.Random) -> str:
    return rng.choice([w for w in pool if w.lower() != word.lower()])


def scores(analyzer, text: str) -> list[dict[str, float]] | None:
    """Return each sentence's model scores on the probability scale, or None without model scores."""
    rows = [as_probabilities(s.scores) for s in analyzer.analyze(text).sentences]
    return rows if rows and all(rows) else None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if model_dir() is None or not (args.data_dir / "newssd-eng").is_dir():
        reason = "no trained model" if model_dir() is None else f"{args.data_dir} not found"
        print(f"SKIPPED: {reason}")
        return
    import torch

    import framing

    torch.set_num_threads(args.threads)
    analyzer = framing.load_analyzer()
    deltas: dict[tuple[str, str], list[dict[str, float]]] = {}
    skipped = 0
    flips: dict[str, int] = {}
    by_source = sentences(args.data_dir)
    for source, texts in by_source.items():
        for text in texts:
            base = scores(analyzer, text)
            for kind, twin in twins(text):
                other = scores(analyzer, twin)
                if base is None or other is None or len(other) != len(base):
                    skipped += 1  # no scores, or the twin split differently: nothing to compare
                    continue
                if any(a.keys() != b.keys() for a, b in zip(base, other, strict=True)):
                    # the framing axis scores on-topic sentences only: a swapped place can take a
                    # headline off the topic, which is a change of topic, not of framing
                    flips[kind] = flips.get(kind, 0) + 1
                    continue
                gap = {h: max(abs(a[h] - b[h]) for a, b in zip(base, other, strict=True)) for h in base[0]}
                deltas.setdefault((source, kind), []).append(gap)
    rows = []
    for kind in ("opener", "number", "place"):
        gaps = [g for (_, k), v in deltas.items() if k == kind for g in v]
        if gaps:
            rows.append(_summary(kind, "all", gaps))
            rows += [_summary(kind, src, v) for (src, k), v in sorted(deltas.items()) if k == kind]
    result = {
        "figure": "share of twins whose every model sentence score moves by less than 0.05",
        "dataset": ", ".join(f"{src} ({len(t)})" for src, t in by_source.items()),
        "protocol": f"seed {SEED}; one opener twin per sentence and a number and a place twin where the "
        "sentence has them, all with replacement words that neither training nor the robustness suite "
        "uses; axis positions compared as P(second pole); twins that split into another number of "
        "sentences, or that the topic gate scores on another set of heads, are counted apart",
        "n": sum(len(v) for v in deltas.values()),
        "not_compared": skipped,
        "topic_gate_flips": flips,
        "epsilon": EPS,
        "model": analyzer.model_name,
        "packs": {p.id: p.version for p in analyzer.packs},
        "date": dt.date.today().isoformat(),
        "rows": rows,
    }
    write_result(args.out, result)


def _summary(kind: str, source: str, gaps: list[dict[str, float]]) -> dict:
    heads = sorted({h for g in gaps for h in g})
    by_head = {h: sorted(g[h] for g in gaps if h in g) for h in heads}
    return {
        "kind": kind,
        "source": source,
        "n": len(gaps),
        "stable": round(sum(max(g.values()) < EPS for g in gaps) / len(gaps), 4),
        "n_by_head": {h: len(v) for h, v in by_head.items()},
        "stable_by_head": {h: round(sum(x < EPS for x in v) / len(v), 4) for h, v in by_head.items()},
        "median_by_head": {h: round(statistics.median(v), 4) for h, v in by_head.items()},
        "p95_by_head": {h: round(percentile(v, 95), 4) for h, v in by_head.items()},
    }


if __name__ == "__main__":
    main()
