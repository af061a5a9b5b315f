"""Score the analyzer against the hand-annotated gold set in eval/gold/ (spans, usage, article lean).

Gold set layout (see eval/gold/ANNOTATION_GUIDE.md):
    eval/gold/articles/*.txt       the articles, exactly as annotated (offsets index these strings)
    eval/gold/annotations.jsonl    one span per line: {article, start, end, text, pack, concept, pole, usage}
                                   and, per article, an optional lean line: {article, lean: {axis: pole|none}}

The reader also accepts one line per article with a `spans` list, and the article key under `article`,
`file`, `doc` or `article_id` (with or without `.txt`). Every span's `text` must equal the article slice.

Figures (rules and model side by side, one run):
- span precision / recall / F1, exact (same start, end, pack, concept) and overlap (any overlap, same pack
  and concept), matched one-to-one;
- usage macro-F1 (author / quoted / other_sense) on the overlap-matched spans;
- article lean accuracy per axis (the terminology lean of the report against the annotated lean);
- 95% bootstrap intervals, resampling articles (1,000 rounds).
Writes eval/results/gold.json; stops with a message when eval/gold/ does not exist yet.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))

from metrics import GoldSpan, accuracy, bootstrap_ci, macro_f1, match_spans, prf, span_prf  # noqa: E402

GOLD = ROOT / "eval" / "gold"
OUT = ROOT / "eval" / "results" / "gold.json"
USAGES = ("author", "quoted", "other_sense")
_DOC_KEYS = ("article", "file", "doc", "article_id", "doc_id")
# The guide: the articles are undated; treat them as published in 2025 (no legacy spelling applies).
PUBLISHED = "2025-06-01"


class GoldError(ValueError):
    """The gold files are malformed; the message names the file and line."""


@dataclass
class Gold:
    """Articles (name -> text), annotated spans and annotated leans {(article, axis): pole or 'none'}."""

    articles: dict[str, str]
    spans: list[GoldSpan]
    leans: dict[tuple[str, str], str] = field(default_factory=dict)
    guide: str | None = None


def _doc_name(row: dict, articles: dict[str, str], where: str) -> str:
    for key in _DOC_KEYS:
        if key in row:
            name = str(row[key])
            for cand in (name, f"{name}.txt", Path(name).name, f"{Path(name).name}.txt"):
                if cand in articles:
                    return cand
            raise GoldError(f"{where}: article {name!r} not found in articles/")
    raise GoldError(f"{where}: no article key (one of {', '.join(_DOC_KEYS)})")


def _span(row: dict, doc: str, text: str, where: str) -> GoldSpan:
    try:
        start, end = int(row["start"]), int(row["end"])
        pack, concept = str(row["pack"]), str(row["concept"])
    except (KeyError, TypeError, ValueError) as exc:
        raise GoldError(f"{where}: span needs start, end, pack and concept ({exc})") from exc
    if not 0 <= start < end <= len(text):
        raise GoldError(f"{where}: span {start}:{end} outside the article ({len(text)} characters)")
    if "text" in row and text[start:end] != row["text"]:
        raise GoldError(f"{where}: text {row['text']!r} != article slice {text[start:end]!r}")
    usage = row.get("usage")
    if usage is not None and usage not in USAGES:
        raise GoldError(f"{where}: usage {usage!r} not in {USAGES}")
    return GoldSpan(doc, start, end, pack, concept, row.get("pole"), usage)


def _leans(row: dict, doc: str) -> dict[tuple[str, str], str]:
    lean = row.get("lean")
    if lean is None:
        return {}
    if isinstance(lean, dict):
        return {(doc, str(axis)): str(pole) for axis, pole in lean.items()}
    return {(doc, str(row.get("axis", "russia-ukraine"))): str(lean)}


def read_gold(folder: Path = GOLD) -> Gold:
    """Read and check the gold set; raise GoldError naming the line of the first problem."""
    art_dir = folder / "articles"
    if not art_dir.is_dir():
        raise FileNotFoundError(f"no gold articles under {art_dir}")
    articles = {p.name: p.read_text(encoding="utf-8") for p in sorted(art_dir.glob("*.txt"))}
    spans: list[GoldSpan] = []
    leans: dict[tuple[str, str], str] = {}
    ann = folder / "annotations.jsonl"
    if not ann.is_file():
        raise FileNotFoundError(f"no {ann}")
    for n, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{ann.name} line {n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{where}: not JSON ({exc})") from exc
        doc = _doc_name(row, articles, where)
        leans.update(_leans(row, doc))
        if "spans" in row:
            spans.extend(
                _span(s, doc, articles[doc], f"{where} span {k}") for k, s in enumerate(row["spans"])
            )
        elif "start" in row:
            spans.append(_span(row, doc, articles[doc], where))
    guide = folder / "ANNOTATION_GUIDE.md"
    return Gold(articles, spans, leans, guide.name if guide.is_file() else None)


def predict(
    analyzer, gold: Gold, published: str | None = PUBLISHED
) -> tuple[list[GoldSpan], dict[tuple[str, str], str]]:
    """Run the analyzer on every gold article; return its spans and its terminology leans."""
    spans: list[GoldSpan] = []
    leans: dict[tuple[str, str], str] = {}
    for doc, text in gold.articles.items():
        report = analyzer.analyze(text, published=published)
        spans.extend(
            GoldSpan(doc, f.start, f.end, f.pack, f.concept, f.pole, f.usage) for f in report.findings
        )
        for axis in report.terminology:
            leans[(doc, axis.axis)] = axis.lean
    return spans, leans


def _by_doc(spans: list[GoldSpan]) -> dict[str, list[GoldSpan]]:
    out: dict[str, list[GoldSpan]] = {}
    for s in spans:
        out.setdefault(s.doc, []).append(s)
    return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _ci(ci: tuple[float, float] | None) -> list[float] | None:
    return None if ci is None else [round(ci[0], 4), round(ci[1], 4)]


def evaluate(analyzer, gold: Gold, rounds: int = 1000) -> dict[str, object]:
    """Score one analyzer on the gold set (pure given the analyzer's output)."""
    pred, pred_leans = predict(analyzer, gold)
    packs = {p.id for p in analyzer.packs}
    gold_spans = [s for s in gold.spans if s.pack in packs]
    g_doc, p_doc = _by_doc(gold_spans), _by_doc(pred)
    units = [(g_doc.get(d, []), p_doc.get(d, [])) for d in gold.articles]

    def f1_of(mode: str):
        def stat(sample: list) -> float:
            tp = sum(len(match_spans(g, p, mode)) for g, p in sample)
            return prf(tp, sum(len(g) for g, _ in sample), sum(len(p) for _, p in sample)).f1

        return stat

    out: dict[str, object] = {"n_articles": len(gold.articles), "n_gold_spans": len(gold_spans)}
    spans_out = {}
    for mode in ("exact", "overlap"):
        r = span_prf(gold_spans, pred, mode)
        spans_out[mode] = {
            "precision": _round(r.precision),
            "recall": _round(r.recall),
            "f1": _round(r.f1),
            "f1_ci95": _ci(bootstrap_ci(units, f1_of(mode), rounds)),
            "tp": r.tp,
            "n_gold": r.n_gold,
            "n_pred": r.n_pred,
        }
    out["spans"] = spans_out

    # usage on overlap-matched spans that carry a gold usage
    pairs_by_doc = []
    for g, p in units:
        pairs_by_doc.append([(g[i].usage, p[j].usage) for i, j in match_spans(g, p, "overlap") if g[i].usage])
    flat = [pair for doc in pairs_by_doc for pair in doc]

    def usage_stat(sample: list) -> float | None:
        pairs = [pair for doc in sample for pair in doc]
        return macro_f1([a for a, _ in pairs], [b for _, b in pairs]) if pairs else None

    confusion = Counter(flat)
    out["usage"] = {
        "macro_f1": _round(usage_stat(pairs_by_doc)),
        "ci95": _ci(bootstrap_ci(pairs_by_doc, usage_stat, rounds)),
        "accuracy": _round(accuracy([a for a, _ in flat], [b for _, b in flat])),
        "n_matched": len(flat),
        "confusion": {
            "labels": list(USAGES),
            "rows_gold_cols_predicted": [[confusion[(a, b)] for b in USAGES] for a in USAGES],
        },
    }

    # annotators may key the lean by pack id ("us-partisan-phrases") or by axis id ("us-partisan")
    axis_of = {p.id: p.axis.id for p in analyzer.packs if p.axis}
    axes = set(axis_of.values())
    gold_leans = {(d, axis_of.get(k, k)): v for (d, k), v in gold.leans.items() if axis_of.get(k, k) in axes}
    lean_units = [
        [(gold_leans[(d, ax)], pred_leans.get((d, ax), "none")) for (dd, ax) in gold_leans if dd == d]
        for d in gold.articles
    ]
    lean_units = [u for u in lean_units if u]
    lean_flat = [pair for u in lean_units for pair in u]

    def lean_stat(sample: list) -> float | None:
        pairs = [pair for u in sample for pair in u]
        return accuracy([a for a, _ in pairs], [b for _, b in pairs]) if pairs else None

    # "none" against "none" on the axes an article is not about is easy; report the hard part apart
    sided = [[(a, b) for a, b in u if a != "none"] for u in lean_units]
    sided = [u for u in sided if u]
    unsided = [(a, b) for u in lean_units for a, b in u if a == "none"]
    out["lean"] = {
        "accuracy": _round(lean_stat(lean_units)),
        "ci95": _ci(bootstrap_ci(lean_units, lean_stat, rounds)),
        "n": len(lean_flat),
        "accuracy_where_gold_leans": _round(lean_stat(sided)),
        "ci95_where_gold_leans": _ci(bootstrap_ci(sided, lean_stat, rounds)),
        "n_where_gold_leans": sum(len(u) for u in sided),
        "false_lean_rate_where_gold_none": _round(
            sum(b != "none" for _, b in unsided) / len(unsided) if unsided else None
        ),
        "n_where_gold_none": len(unsided),
        "pairs": dict(Counter(f"{a} -> {b}" for a, b in lean_flat)),
    }
    per_pack = {}
    for pack in sorted({s.pack for s in gold_spans} | {s.pack for s in pred}):
        r = span_prf(
            [s for s in gold_spans if s.pack == pack], [s for s in pred if s.pack == pack], "overlap"
        )
        per_pack[pack] = {"overlap_f1": _round(r.f1), "n_gold": r.n_gold, "n_pred": r.n_pred}
    out["per_pack"] = per_pack

    # The guide's reading of silence: no finding on a gold span means the tool did not score it as the
    # writer's usage, i.e. other_sense. Usage over every gold span, and the costly disagreements.
    silent_units = []
    for g, p in units:
        got = {i: p[j].usage for i, j in match_spans(g, p, "overlap")}
        silent_units.append([(s.usage, got.get(i, "other_sense")) for i, s in enumerate(g) if s.usage])
    silent_flat = [pair for u in silent_units for pair in u]
    out["usage_all_gold_spans"] = {
        "macro_f1": _round(usage_stat(silent_units)),
        "ci95": _ci(bootstrap_ci(silent_units, usage_stat, rounds)),
        "n": len(silent_flat),
        "protocol": "every gold span; no finding there counts as other_sense (the guide's reading)",
        "gold_not_author_scored_as_author": sum(a != "author" and b == "author" for a, b in silent_flat),
        "gold_author_not_scored_as_author": sum(a == "author" and b != "author" for a, b in silent_flat),
        "n_gold_author": sum(a == "author" for a, _ in silent_flat),
    }
    scored = [s for s in gold_spans if s.usage in ("author", "quoted")]
    r = span_prf(scored, pred, "overlap")
    out["recall_author_and_quoted_spans"] = {"recall": _round(r.recall), "tp": r.tp, "n_gold": r.n_gold}
    matched_g = {
        (d, i)
        for d, (g, p) in zip(gold.articles, units, strict=True)
        for i, _ in match_spans(g, p, "overlap")
    }
    matched_p = {
        (d, j)
        for d, (g, p) in zip(gold.articles, units, strict=True)
        for _, j in match_spans(g, p, "overlap")
    }
    misses = [
        f"{d}:{s.start}-{s.end} {gold.articles[d][s.start : s.end]!r} {s.pack}.{s.concept}"
        for d, (g, _) in zip(gold.articles, units, strict=True)
        for i, s in enumerate(g)
        if (d, i) not in matched_g
    ]
    extras = [
        f"{d}:{s.start}-{s.end} {gold.articles[d][s.start : s.end]!r} {s.pack}.{s.concept} ({s.usage})"
        for d, (_, p) in zip(gold.articles, units, strict=True)
        for j, s in enumerate(p)
        if (d, j) not in matched_p
    ]
    out["missed_gold_spans"] = misses[:30]
    out["unannotated_predictions"] = extras[:30]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--rounds", type=int, default=1000)
    args = parser.parse_args()
    if not (args.gold / "annotations.jsonl").is_file():
        raise SystemExit(f"no gold set at {args.gold} (annotations.jsonl missing); nothing to evaluate")
    import framing

    gold = read_gold(args.gold)
    model = framing.load_analyzer()
    rules = framing.load_analyzer(model=None)
    result: dict[str, object] = {
        "figure": "gold-set span P/R/F1, usage macro-F1 on matched spans, article lean accuracy",
        "dataset": f"eval/gold ({len(gold.articles)} articles, {len(gold.spans)} annotated spans, "
        f"{len(gold.leans)} annotated leans; guide: {gold.guide or 'none'})",
        "protocol": "exact = same start, end, pack, concept; overlap = any overlap and same pack + concept; "
        "one-to-one matching; usage macro-F1 over the labels present, on overlap-matched spans; lean = "
        "terminology lean of the report per axis; bootstrap 95% CI over articles "
        f"({args.rounds} rounds); spans of packs the analyzer does not load are left out; articles analysed "
        f"as published {PUBLISHED} (the guide: undated, treat as 2025)",
        "n": len(gold.articles),
        "packs": {p.id: p.version for p in rules.packs},
        "date": dt.date.today().isoformat(),
    }
    if model.model is not None:
        result["model"] = {"name": model.model_name, **evaluate(model, gold, args.rounds)}
    else:
        result["model"] = None
        result["model_skipped"] = "no trained model under models/minilm-framing; rules only"
    result["rules"] = {"name": rules.model_name, **evaluate(rules, gold, args.rounds)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k not in ("model", "rules")}, indent=2))
    for who in ("model", "rules"):
        r = result.get(who)
        if r:
            print(
                f"{who:5s} exact F1 {r['spans']['exact']['f1']}  overlap F1 {r['spans']['overlap']['f1']}  "
                f"usage macro-F1 {r['usage']['macro_f1']}  lean acc {r['lean']['accuracy']}"
            )


if __name__ == "__main__":
    main()
