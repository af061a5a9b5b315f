"""CheckList-style robustness suite: invariance, symmetry, directional, evasion, quotes and negation tests.

Templates live in eval/robustness_data.py (all written for this project). Each family is run with the
rules-only analyzer and, when a trained model exists under models/minilm-framing, with the model analyzer
(fp32, the reference precision of §B2b, as "model"; and as "model-int8" when int8 is the model's default
or `--int8` asks for it). Without a model every model-score check is reported as skipped, never as passed.

Pass rules:
- INV (names, places, numbers/dates, filler): the findings (pack, concept, variant, pole, usage) are
  unchanged and every model sentence score moves by less than 0.05.
- INV plumbing (whitespace, CRLF, hard-wrap, ALL CAPS, sentence order, prepended paragraph): the same,
  with a tolerance of 1e-4; for sentence order, scores are compared sentence by sentence whatever their
  position; for a prepended paragraph, only the original sentences are compared and every finding must
  move by exactly the length of the prefix.
- symmetry: side swaps on neutral templates; the mean signed difference per score is published
  (target within ±0.05) and a template passes when every |Δ| < 0.05 and the findings are unchanged.
- DIR: the loaded score of the changed sentence does not decrease; lexicon: "Kyiv" -> "Kiev" lowers the
  terminology alignment of the russia-ukraine axis (toward ru_state).
- evasion: homoglyph, zero-width, full-width, soft-hyphen and NFD variants of a contested term give the
  same findings (variant, usage) as the clean text, the tricks are reported as evasion (NFD is an ordinary
  encoding and must not be), and model scores stay within 1e-4.
- quotes: the term is `author` in the author's sentence and `quoted` inside a direct quote, and the quoted
  version never has a larger |terminology alignment| than the author's version.
- negation (M5): reported, with the policy stated in the output; no pass/fail beyond the stated policy.

Writes eval/results/robustness.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))

import robustness_data as D  # noqa: E402
from common import model_dir  # noqa: E402

OUT = ROOT / "eval" / "results" / "robustness.json"
EPS = 0.05
EPS_PLUMBING = 1e-4
SENTENCE_HEADS = ("loaded", "subjective")
AXIS = "russia-ukraine"
NEGATION_POLICY = (
    "framing scores wording, not truth. (1) Lexicon: a contested term keeps its usage under negation "
    "('is not a special military operation' still uses the label), because the author still chose the "
    "word; attribution without quotation marks ('X called it ...', 'X said ...') is judged by the usage "
    "rules and the model. (2) Model: the loaded head may score a negated sentence as loaded, since the "
    "loaded word is still there, but it should not score the negated or the attributed form higher than "
    "the plain form by more than 0.05 without a reason; an attributed sentence should be read as "
    "reported speech (voice 'quoted'), so that it does not count towards the author's loaded share."
)


# ----------------------------------------------------------------------------------------------------
# snapshots of one analysis and their comparison


@dataclass(frozen=True)
class Snap:
    """What the suite compares about one analysis."""

    text: str
    findings: tuple[tuple[str, str, str, str | None, str], ...]  # pack, concept, variant, pole, usage
    spans: tuple[tuple[int, int], ...]
    evasion: tuple[tuple[str, ...], ...]
    sentences: tuple[tuple[str, str, dict[str, float]], ...]  # normalised text, voice, model scores
    alignment: dict[str, float | None]

    @property
    def has_scores(self) -> bool:
        """Return True if any sentence carries model scores."""
        return any(scores for _, _, scores in self.sentences)


def as_probabilities(scores) -> dict[str, float]:
    """Return a sentence's model scores on the probability scale, leaving out the ones not scored.

    Axis positions in [-1, 1] become P(second pole), so that one epsilon means the same for every head.
    """
    return {k: (v if k in SENTENCE_HEADS else (v + 1) / 2) for k, v in scores if v is not None}


class Runner:
    """One analyzer with a cache of snapshots by text."""

    def __init__(self, name: str, analyzer):
        self.name = name
        self.analyzer = analyzer
        self.model = analyzer.model is not None
        self._cache: dict[str, Snap] = {}

    def snap(self, text: str) -> Snap:
        """Return the (cached) snapshot of the analysis of `text`."""
        if text not in self._cache:
            r = self.analyzer.analyze(text)
            sentences = []
            for s in r.sentences:
                scores = as_probabilities(s.scores)
                sentences.append((" ".join(text[s.start : s.end].split()).lower(), s.voice, scores))
            self._cache[text] = Snap(
                text,
                tuple((f.pack, f.concept, f.variant, f.pole, f.usage) for f in r.findings),
                tuple((f.start, f.end) for f in r.findings),
                tuple(f.evasion for f in r.findings),
                tuple(sentences),
                {a.axis: a.alignment for a in r.terminology},
            )
        return self._cache[text]


def score_delta(
    a: Snap, b: Snap, mode: str = "index", skip_b: int = 0
) -> tuple[float | None, str, dict[str, float]]:
    """Return (largest |score difference|, why unaligned, largest difference per head).

    The largest difference is None without model scores; the reason is '' when the sentences line up.

    mode "index": sentence i of a with sentence i + skip_b of b (b may have skip_b extra leading sentences).
    mode "text": sentences paired by their normalised text (for shuffled sentence order).
    Returns (inf, reason) when the sentences cannot be aligned.
    """
    if not (a.has_scores or b.has_scores):
        return None, "", {}
    if mode == "text":
        by_text: dict[str, list[dict[str, float]]] = {}
        for t, _, s in b.sentences:
            by_text.setdefault(t, []).append(s)
        pairs = []
        for t, _, s in a.sentences:
            if not by_text.get(t):
                return float("inf"), f"sentence not found after the change: {t[:60]!r}", {}
            pairs.append((s, by_text[t].pop(0)))
    else:
        if len(b.sentences) - skip_b != len(a.sentences):
            return (
                float("inf"),
                f"segmentation changed: {len(a.sentences)} sentences before, "
                f"{len(b.sentences) - skip_b} after",
                {},
            )
        pairs = [(sa, sb) for (_, _, sa), (_, _, sb) in zip(a.sentences, b.sentences[skip_b:], strict=True)]
    per_head: dict[str, float] = {}
    for sa, sb in pairs:
        if set(sa) != set(sb):
            return float("inf"), f"different heads scored: {sorted(sa)} vs {sorted(sb)}", {}
        for k in sa:
            per_head[k] = max(per_head.get(k, 0.0), abs(sa[k] - sb[k]))
    return max(per_head.values(), default=0.0), "", per_head


def segmentation(a: Snap, b: Snap, mode: str = "index", skip_b: int = 0, same_text: bool = False) -> str:
    """Return '' when the sentences (count, voice and, if asked, text) line up, else what differs."""
    if mode == "text":
        if Counter((t, v) for t, v, _ in a.sentences) != Counter((t, v) for t, v, _ in b.sentences):
            return "the set of sentences or their voices changed"
        return ""
    sa, sb = a.sentences, b.sentences[skip_b:]
    if len(sa) != len(sb):
        return f"segmentation changed: {len(sa)} sentences before, {len(sb)} after"
    if [v for _, v, _ in sa] != [v for _, v, _ in sb]:
        return f"voices changed: {[v for _, v, _ in sa]} -> {[v for _, v, _ in sb]}"
    if same_text and [t for t, _, _ in sa] != [t for t, _, _ in sb]:
        return "sentence boundaries moved"
    return ""


def compare(
    a: Snap,
    b: Snap,
    tol: float,
    mode: str = "index",
    skip_b: int = 0,
    ordered: bool = True,
    same_text: bool = False,
) -> dict:
    """Compare two snapshots under an invariance: same findings, same sentences, scores within tol."""
    fa, fb = a.findings, b.findings
    findings_ok = fa == fb if ordered else Counter(fa) == Counter(fb)
    seg = segmentation(a, b, mode, skip_b, same_text)
    delta, why, per_head = score_delta(a, b, mode, skip_b)
    scores_ok = None if delta is None else delta <= tol
    out = {
        "pass": findings_ok and not seg and scores_ok is not False,
        "findings_ok": findings_ok,
        "segmentation_ok": not seg,
        "scores_ok": scores_ok,
        "max_delta": None if delta is None else (round(delta, 6) if delta != float("inf") else "inf"),
        "delta_by_head": {k: round(v, 6) for k, v in per_head.items()},
    }
    if not findings_ok:
        out["why"] = f"findings {_short(fa)} -> {_short(fb)}"
    elif seg:
        out["why"] = seg
    elif scores_ok is False:
        head = max(per_head, key=per_head.get) if per_head else "score"
        out["why"] = why or f"{head} moved by {delta:.4f} > {tol}"
    return out


def _short(findings) -> str:
    return "[" + ", ".join(f"{c}:{v}:{u}" for _, c, v, _, u in findings) + "]"


# ----------------------------------------------------------------------------------------------------
# perturbations


def fill(template: str, **slots: str) -> str:
    """Fill a template's slots, defaults from the base slot values."""
    return template.format(**{**D.BASE_SLOTS, **slots})


def sentences_of(text: str) -> list[str]:
    from framing.segment import split_sentences

    return [text[s.start : s.end] for s in split_sentences(text)]


# First words of template sentences that are ordinary words (lower-cased after a filler); names stay.
ORDINARY_FIRST_WORDS = frozenset(
    "The A An Some Heavy Air Border Activists Police Farmers Scientists Shelling Fighters Voting Supplies "
    "Parents Engineers Organisers Investigators Supporters Residents Its Her His Turnout Tax Pro-life "
    "Climate".split()
)


def with_filler(text: str, filler: str) -> str:
    """Put a neutral filler in front of every sentence (lower-casing an ordinary first word)."""
    out = []
    for s in sentences_of(text):
        first = s.split(" ", 1)[0]
        out.append(filler + (s[0].lower() + s[1:] if first in ORDINARY_FIRST_WORDS else s))
    return " ".join(out)


def hard_wrap(text: str, width: int = 60, newline: str = "\n") -> str:
    """Wrap every paragraph at `width` columns by turning spaces into line breaks (nothing else changes)."""
    paras = []
    for para in text.split("\n\n"):
        chars = list(para)
        col = 0
        last_space = -1
        for i, c in enumerate(chars):
            if c == " ":
                last_space = i
            col += 1
            if col > width and last_space >= 0:
                chars[last_space] = "\n"
                col = i - last_space
                last_space = -1
        paras.append("".join(chars).replace("\n", newline))
    return (newline * 2).join(paras)


HOMOGLYPHS = {
    "a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "y": "у", "i": "і", "k": "к",
    "A": "А", "E": "Е", "O": "О", "C": "С", "P": "Р", "X": "Х", "K": "К", "I": "І", "T": "Т",
    "H": "Н", "M": "М", "B": "В",
}  # fmt: skip


def homoglyph(term: str) -> str:
    """Swap one Latin letter of the term (the second one that has a Cyrillic look-alike) for it."""
    idx = [i for i, c in enumerate(term) if c in HOMOGLYPHS]
    if not idx:
        return term
    i = idx[1] if len(idx) > 1 else idx[0]
    return term[:i] + HOMOGLYPHS[term[i]] + term[i + 1 :]


def zero_width(term: str) -> str:
    return term[:2] + "\u200b" + term[2:]


def soft_hyphen(term: str) -> str:
    mid = len(term) // 2
    return term[:mid] + "\u00ad" + term[mid:]


def full_width(term: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in term)


TRICKS: dict[str, Callable[[str], str]] = {
    "homoglyph": homoglyph,
    "zero_width": zero_width,
    "full_width": full_width,
    "soft_hyphen": soft_hyphen,
}


# ----------------------------------------------------------------------------------------------------
# families: each yields cases (template id, variant label, base text, variant text, compare kwargs)


def inv_slot(slot: str, values: tuple[str, ...]) -> Iterator[tuple]:
    for tid, _, t in D.TEMPLATES:
        for v in values[1:]:
            yield tid, v, fill(t, **{slot: values[0]}), fill(t, **{slot: v}), {"tol": EPS}


def inv_numbers() -> Iterator[tuple]:
    for tid, _, t in D.TEMPLATES:
        for num, day in zip(D.NUMBERS[1:], D.DAYS[1:], strict=True):
            yield tid, f"{num}/{day}", fill(t), fill(t, num=num, day=day), {"tol": EPS}


def inv_filler() -> Iterator[tuple]:
    for tid, _, t in D.TEMPLATES:
        base = fill(t)
        for f in D.FILLERS:
            yield tid, f.strip(", "), base, with_filler(base, f), {"tol": EPS}


def _doc(i: int) -> str:
    """A small article: a headline and two template paragraphs (for the whitespace families)."""
    t1, t2 = D.TEMPLATES[i][2], D.TEMPLATES[(i + 1) % len(D.TEMPLATES)][2]
    return f"{D.HEADLINES[i % len(D.HEADLINES)]}\n\n{fill(t1)}\n\n{fill(t2)}"


WHITESPACE: dict[str, Callable[[str], str]] = {
    "double_spaces": lambda s: s.replace(" ", "  "),
    "trailing_spaces": lambda s: "\n " + s.replace("\n\n", "   \n\n") + "  \n",
    "tabs": lambda s: s.replace(", ", ",\t"),
    "nbsp": lambda s: re.sub(r"(\d) ", "\\1\u00a0", s).replace(" on ", " on\u00a0"),
}


def inv_whitespace() -> Iterator[tuple]:
    for i, (tid, _, _) in enumerate(D.TEMPLATES):
        base = _doc(i)
        for label, fn in WHITESPACE.items():
            yield tid, label, base, fn(base), {"tol": EPS_PLUMBING, "same_text": True}


def inv_crlf() -> Iterator[tuple]:
    for i, (tid, _, _) in enumerate(D.TEMPLATES):
        base = _doc(i)
        yield tid, "crlf", base, base.replace("\n", "\r\n"), {"tol": EPS_PLUMBING, "same_text": True}
        yield tid, "wrap60_crlf", base, hard_wrap(base, 60, "\r\n"), {"tol": EPS_PLUMBING, "same_text": True}


def inv_hard_wrap() -> Iterator[tuple]:
    for i, (tid, _, _) in enumerate(D.TEMPLATES):
        base = _doc(i)
        yield tid, "wrap60", base, hard_wrap(base, 60), {"tol": EPS_PLUMBING, "same_text": True}


def inv_casing() -> Iterator[tuple]:
    for i, (tid, _, _) in enumerate(D.TEMPLATES):
        base = _doc(i)
        yield tid, "all_caps", base, base.upper(), {"tol": EPS_PLUMBING, "same_text": True}


def inv_order() -> Iterator[tuple]:
    for tid, _, t in D.TEMPLATES:
        sents = sentences_of(fill(t))
        if len(sents) < 2:
            continue
        base = " ".join(sents)
        kw = {"tol": EPS_PLUMBING, "mode": "text", "ordered": False}
        yield tid, "reversed", base, " ".join(reversed(sents)), kw
        if len(sents) > 2:
            yield tid, "rotated", base, " ".join(sents[1:] + sents[:1]), kw


def inv_prepend() -> Iterator[tuple]:
    for tid, _, t in D.TEMPLATES:
        base = fill(t)
        for k, prefix in enumerate(D.PREFIXES):
            yield tid, f"prefix{k + 1}", base, prefix + base, {"tol": EPS_PLUMBING, "prefix": prefix}


INV_FAMILIES: dict[str, tuple[str, Callable[[], Iterator[tuple]]]] = {
    "INV-names": ("person names swapped (I1)", lambda: inv_slot("name", D.NAMES)),
    "INV-places": ("places not in the lexicon swapped (I2)", lambda: inv_slot("place", D.PLACES)),
    "INV-numbers-dates": ("numbers and dates changed (I5)", inv_numbers),
    "INV-filler": ("neutral filler before every sentence (I6)", inv_filler),
    "INV-whitespace": ("double, trailing, tab and no-break spaces (I7)", inv_whitespace),
    "INV-crlf": ("CRLF line ends instead of LF, also hard-wrapped (I7, E20)", inv_crlf),
    "INV-hard-wrap": ("paragraphs hard-wrapped at 60 columns (I7, E26)", inv_hard_wrap),
    "INV-casing": ("the whole text in capitals (I7, E24)", inv_casing),
    "INV-sentence-order": (
        "sentence order reversed or rotated; per-sentence scores identical (I13)",
        inv_order,
    ),
    "INV-prepend": ("a neutral paragraph prepended; later sentences unchanged (I9)", inv_prepend),
}


def run_inv(runner: Runner, family: str, limit: int | None = None, only: set[str] | None = None) -> dict:
    """Run one invariance family; a template passes when all its variants pass.

    limit: at most this many templates; only: just these template ids (the fast test subset).
    """
    desc, gen = INV_FAMILIES[family]
    cases = []
    templates_seen: list[str] = []
    for tid, label, base, variant, kw in gen():
        if only is not None and tid not in only:
            continue
        if tid not in templates_seen:
            if limit is not None and len(templates_seen) >= limit:
                break
            templates_seen.append(tid)
        a, b = runner.snap(base), runner.snap(variant)
        prefix = kw.get("prefix")
        if prefix is not None:
            skip = len(b.sentences) - len(a.sentences)
            r = compare(a, b, kw["tol"], "index", skip_b=max(0, skip), same_text=True)
            moved = [(s + len(prefix), e + len(prefix)) for s, e in a.spans]
            if r["findings_ok"] and list(b.spans) != moved:
                r.update(
                    {
                        "pass": False,
                        "findings_ok": False,
                        "why": "finding offsets did not move with the prefix",
                    }
                )
        else:
            r = compare(
                a,
                b,
                kw["tol"],
                kw.get("mode", "index"),
                ordered=kw.get("ordered", True),
                same_text=kw.get("same_text", False),
            )
        cases.append({"template": tid, "variant": label, **r})
    return summarise(family, desc, "INV", cases, runner, _tol_of(family))


def _tol_of(family: str) -> float:
    plumbing = (
        "INV-whitespace",
        "INV-crlf",
        "INV-hard-wrap",
        "INV-casing",
        "INV-sentence-order",
        "INV-prepend",
    )
    return EPS_PLUMBING if family in plumbing else EPS


def summarise(fid: str, desc: str, kind: str, cases: list[dict], runner: Runner, tol: float | None) -> dict:
    """Pass rates per template and per case, and the first failures."""
    by_template: dict[str, bool] = {}
    for c in cases:
        by_template[c["template"]] = by_template.get(c["template"], True) and c["pass"]
    deltas = [c["max_delta"] for c in cases if isinstance(c.get("max_delta"), float | int)]
    scored = [c for c in cases if c.get("scores_ok") is not None]
    out = {
        "id": fid,
        "kind": kind,
        "description": desc,
        "analyzer": runner.name,
        "tolerance": tol,
        "n_templates": len(by_template),
        "n_cases": len(cases),
        "pass_rate": _rate(list(by_template.values())),
        "case_pass_rate": _rate([c["pass"] for c in cases]),
        "findings_pass_rate": _rate([c["findings_ok"] for c in cases if "findings_ok" in c]),
        "scores_pass_rate": _rate([c["scores_ok"] for c in scored]) if scored else None,
        "scores_checked": bool(scored),
        "max_abs_delta": max(deltas) if deltas else (None if not scored else "inf"),
        "scores_pass_rate_by_head": _by_head(scored, tol),
        "max_abs_delta_by_head": {
            h: max(c["delta_by_head"][h] for c in scored if h in c.get("delta_by_head", {}))
            for h in sorted({h for c in scored for h in c.get("delta_by_head", {})})
        }
        or None,
        "failures": [c for c in cases if not c["pass"]][:8],
    }
    if not scored:
        out["scores_note"] = "model scores not checked: " + (
            "no trained model" if not runner.model else "no scores produced"
        )
    return out


def _by_head(scored: list[dict], tol: float | None) -> dict[str, float | None] | None:
    """Share of compared cases in which each head stayed within the tolerance."""
    heads = sorted({h for c in scored for h in c.get("delta_by_head", {})})
    if not heads or tol is None:
        return None
    return {
        h: _rate([c["delta_by_head"][h] <= tol for c in scored if h in c["delta_by_head"]]) for h in heads
    }


def _rate(flags: list[bool]) -> float | None:
    return round(sum(bool(f) for f in flags) / len(flags), 4) if flags else None


# ----------------------------------------------------------------------------------------------------
# symmetry


def run_symmetry(runner: Runner, limit: int | None = None) -> list[dict]:
    """Side swaps on neutral templates: pass rate and mean signed difference per score and pair."""
    out = []
    groups: list[tuple[str, list[tuple[str, list[str]]]]] = []
    for gid, values in D.SIDE_GROUPS.items():
        rows = []
        for t in D.SIDE_TEMPLATES[:limit]:
            texts = [t.format(adj=(v[0].upper() + v[1:]) if t.startswith("{adj}") else v) for v in values]
            rows.append((t, texts))
        groups.append((gid, rows))
    gender_rows = [(t, [t.format(**g) for g in D.GENDER_GROUPS]) for t in D.GENDER_TEMPLATES[:limit]]
    groups.append(("gender-names", gender_rows))
    for gid, rows in groups:
        labels = list(D.SIDE_GROUPS.get(gid, [g["first"] for g in D.GENDER_GROUPS]))
        diffs: dict[str, dict[str, list[float]]] = {}
        flags = []
        failures = []
        for t, texts in rows:
            snaps = [runner.snap(x) for x in texts]
            ok = True
            for j in range(1, len(snaps)):
                r = compare(snaps[0], snaps[j], EPS)
                pair = f"{labels[j]} - {labels[0]}"
                if snaps[0].has_scores and len(snaps[0].sentences) == len(snaps[j].sentences):
                    for (_, _, sa), (_, _, sb) in zip(snaps[0].sentences, snaps[j].sentences, strict=True):
                        for head in sa:
                            if head in sb:
                                diffs.setdefault(pair, {}).setdefault(head, []).append(sb[head] - sa[head])
                if not r["pass"]:
                    ok = False
                    failures.append({"template": t, "pair": pair, **r})
            flags.append(ok)
        mean_signed = {
            pair: {h: round(statistics.mean(v), 4) for h, v in heads.items()} for pair, heads in diffs.items()
        }
        max_abs = {
            pair: {h: round(max(abs(x) for x in v), 4) for h, v in heads.items()}
            for pair, heads in diffs.items()
        }
        worst = max((abs(v) for heads in mean_signed.values() for v in heads.values()), default=None)
        out.append(
            {
                "id": f"SYM-{gid}",
                "kind": "symmetry",
                "description": f"swap {' / '.join(labels)} in neutral templates (I3, I4)",
                "analyzer": runner.name,
                "tolerance": EPS,
                "n_templates": len(rows),
                "pass_rate": _rate(flags),
                "mean_signed_diff": mean_signed or None,
                "max_abs_diff": max_abs or None,
                "worst_mean_signed_abs": worst,
                "mean_within_target": None if worst is None else worst <= EPS,
                "scores_checked": bool(diffs),
                "failures": failures[:8],
                **({} if diffs else {"scores_note": "model scores not checked: no trained model"}),
            }
        )
    return out


# ----------------------------------------------------------------------------------------------------
# directional


def _loaded(s: Snap) -> float | None:
    vals = [sc["loaded"] for _, _, sc in s.sentences if "loaded" in sc]
    return max(vals) if vals else None


def run_directional(runner: Runner, limit: int | None = None) -> list[dict]:
    """The loaded score must not decrease when a neutral word becomes a loaded one."""
    out = []
    for fam, items in D.DIRECTIONAL.items():
        cases = []
        for t, neutral, replacements in items[:limit]:
            base = runner.snap(t.format(w=neutral))
            for rep in replacements:
                var = runner.snap(t.format(w=rep))
                lb, lv = _loaded(base), _loaded(var)
                if lb is None or lv is None:
                    cases.append({"template": t, "variant": rep, "pass": None})
                    continue
                d = lv - lb
                cases.append({"template": t, "variant": rep, "pass": d >= -1e-6, "delta_loaded": round(d, 4)})
        scored = [c for c in cases if c["pass"] is not None]
        deltas = [c["delta_loaded"] for c in scored]
        entry = {
            "id": f"DIR-{fam}",
            "kind": "DIR",
            "description": f"{fam.replace('-', ' ')}: the loaded score must not decrease (D1-D3)",
            "analyzer": runner.name,
            "n_templates": len({c["template"] for c in cases}),
            "n_cases": len(cases),
            "pass_rate": _rate([c["pass"] for c in scored]) if scored else None,
            "pass_rate_unit": "cases (template x replacement)",
            "pass_rate_allowing_0.01": _rate([c["delta_loaded"] >= -0.01 for c in scored])
            if scored
            else None,
            "mean_delta_loaded": round(statistics.mean(deltas), 4) if deltas else None,
            "min_delta_loaded": min(deltas) if deltas else None,
            "scores_checked": bool(scored),
            "failures": [c for c in scored if not c["pass"]][:8],
        }
        if not scored:
            entry["scores_note"] = "skipped: no trained model, so there is no loaded score"
        out.append(entry)
    cases = []
    for t in D.KYIV_TO_KIEV:
        a, b = runner.snap(t), runner.snap(t.replace("Kyiv", "Kiev"))
        x, y = a.alignment.get(AXIS), b.alignment.get(AXIS)
        ok = x is not None and y is not None and y < x
        cases.append({"template": t, "pass": ok, "alignment_kyiv": x, "alignment_kiev": y})
    out.append(
        {
            "id": "DIR-lexicon-kyiv-kiev",
            "kind": "DIR",
            "description": "'Kyiv' -> 'Kiev' moves the russia-ukraine terminology alignment toward ru_state",
            "analyzer": runner.name,
            "n_templates": len(cases),
            "n_cases": len(cases),
            "pass_rate": _rate([c["pass"] for c in cases]),
            "scores_checked": True,
            "failures": [c for c in cases if not c["pass"]][:8],
        }
    )
    return out


# ----------------------------------------------------------------------------------------------------
# evasion, quotes, negation


def run_evasion(runner: Runner, limit: int | None = None) -> dict:
    """Perturb the first contested term of each sentence; the finding must survive and be reported."""
    cases = []
    for text in D.EVASION[:limit]:
        clean = runner.snap(text)
        if not clean.findings:
            cases.append(
                {"template": text, "variant": "-", "pass": False, "why": "no finding in the clean text"}
            )
            continue
        start, end = clean.spans[0]
        term = text[start:end]
        variants = {k: text[:start] + fn(term) + text[end:] for k, fn in TRICKS.items()}
        variants["nfd"] = unicodedata.normalize("NFD", text)
        for label, vtext in variants.items():
            if vtext == text and label != "nfd":
                continue
            v = runner.snap(vtext)
            r = compare(clean, v, EPS_PLUMBING)
            vend = len(vtext) - (len(text) - end)
            hit = [i for i, (s, e) in enumerate(v.spans) if s < vend and e > start]
            reported = bool(hit) and bool(v.evasion[hit[0]])
            expect = label != "nfd"
            changed = vtext != text
            r["evasion_reported"] = reported
            if r["findings_ok"] and changed and reported != expect:
                r["pass"] = False
                r["why"] = "evasion not reported" if expect else "NFD text reported as an evasion"
            cases.append({"template": text, "variant": label, "term": term, **r})
    out = summarise("EVASION", "homoglyph, zero-width, full-width, soft-hyphen and NFD variants of a "
                    "contested term (E9-E12, I8)", "INV", cases, runner, EPS_PLUMBING)  # fmt: skip
    by_trick = {}
    for label in (*TRICKS, "nfd"):
        sel = [c["pass"] for c in cases if c["variant"] == label]
        by_trick[label] = _rate(sel)
    out["pass_rate_by_variant"] = by_trick
    return out


def run_quotes(runner: Runner, limit: int | None = None) -> dict:
    """The same term in the author's voice and in a direct quote."""
    cases = []
    for concept, author, quoted in D.QUOTE_PAIRS[:limit]:
        a, q = runner.snap(author), runner.snap(quoted)
        ua = next((f[4] for f in a.findings if f[1] == concept), None)
        uq = next((f[4] for f in q.findings if f[1] == concept), None)
        pack = next((f[0] for f in a.findings if f[1] == concept), None)
        axis = _axis_of(runner, pack)
        xa = abs(a.alignment.get(axis) or 0.0) if axis else 0.0
        xq = abs(q.alignment.get(axis) or 0.0) if axis else 0.0
        ok = ua == "author" and uq == "quoted" and xq <= xa + 1e-9
        cases.append(
            {
                "template": concept,
                "pass": ok,
                "usage_author_version": ua,
                "usage_quoted_version": uq,
                "abs_alignment_author": round(xa, 4),
                "abs_alignment_quoted": round(xq, 4),
            }
        )
    return {
        "id": "QUOTES-vs-author",
        "kind": "MFT",
        "description": "the same contested term in the author's voice and inside a direct quote (M3)",
        "analyzer": runner.name,
        "n_templates": len(cases),
        "n_cases": len(cases),
        "pass_rate": _rate([c["pass"] for c in cases]),
        "usage_author_correct": _rate([c["usage_author_version"] == "author" for c in cases]),
        "usage_quoted_correct": _rate([c["usage_quoted_version"] == "quoted" for c in cases]),
        "quoted_never_raises_alignment": all(
            c["abs_alignment_quoted"] <= c["abs_alignment_author"] for c in cases
        ),
        "failures": [c for c in cases if not c["pass"]][:8],
    }


def _axis_of(runner: Runner, pack_id: str | None) -> str | None:
    for p in runner.analyzer.packs:
        if p.id == pack_id and p.axis:
            return p.axis.id
    return None


def run_negation(runner: Runner) -> dict:
    """Plain, negated and attributed forms: the scores and usages, against the stated policy."""
    rows = []
    for plain, negated, attributed in D.NEGATION:
        row = {"plain": plain}
        for form, text in (("plain", plain), ("negated", negated), ("attributed", attributed)):
            s = runner.snap(text)
            scores = s.sentences[0][2] if s.sentences else {}
            row[form] = {
                "loaded": _r(scores.get("loaded")),
                "subjective": _r(scores.get("subjective")),
                "voice": s.sentences[0][1] if s.sentences else None,
                "usages": [f"{c}:{u}" for _, c, _, _, u in s.findings],
            }
        rows.append(row)
    out: dict[str, object] = {
        "id": "NEGATION",
        "kind": "MFT",
        "description": "'X is a disaster' / 'X is not a disaster' / 'Critics called X a disaster' (M5)",
        "analyzer": runner.name,
        "policy": NEGATION_POLICY,
        "n_templates": len(rows),
        "attributed_voice_quoted": _rate([r["attributed"]["voice"] == "quoted" for r in rows]),
        "lexicon_usage_kept_under_negation": _rate(
            [r["negated"]["usages"] == r["plain"]["usages"] for r in rows if r["plain"]["usages"]]
        ),
        "rows": rows,
    }
    if runner.model:
        for form in ("negated", "attributed"):
            for head in SENTENCE_HEADS:
                d = [r[form][head] - r["plain"][head] for r in rows if r["plain"][head] is not None]
                if d:
                    out[f"{form}_minus_plain_{head}_mean"] = round(statistics.mean(d), 4)
                    out[f"{form}_not_higher_{head}_rate"] = _rate([x <= EPS for x in d])
        for form in ("plain", "negated", "attributed"):
            vals = [r[form]["loaded"] for r in rows if r[form]["loaded"] is not None]
            if vals:
                out[f"mean_loaded_{form}"] = round(statistics.mean(vals), 4)
    else:
        out["scores_note"] = "model scores not reported: no trained model"
    return out


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


# ----------------------------------------------------------------------------------------------------


def check_data(runner: Runner) -> list[str]:
    """Problems in the templates themselves (slot values that are terms, neutral templates with findings)."""
    problems = []
    for v in (*D.NAMES, *D.PLACES, *D.NUMBERS, *D.DAYS):
        if runner.snap(f"They met {v} there.").findings:
            problems.append(f"slot value {v!r} is matched by a pack")
    for gid, values in D.SIDE_GROUPS.items():
        for t in D.SIDE_TEMPLATES:
            for v in values:
                if runner.snap(t.format(adj=v)).findings:
                    problems.append(f"symmetry template {t!r} with {v!r} ({gid}) has findings")
    return problems


def run_all(runner: Runner, limit: int | None = None) -> list[dict]:
    """Every family for one analyzer."""
    results = [run_inv(runner, fam, limit) for fam in INV_FAMILIES]
    results += run_symmetry(runner, limit)
    results += run_directional(runner, limit)
    results.append(run_evasion(runner, limit))
    results.append(run_quotes(runner, limit))
    results.append(run_negation(runner))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--limit", type=int, default=None, help="at most N templates per family (smoke runs)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--int8",
        action="store_true",
        help="also run the model families in int8 (always when it is the default)",
    )
    args = parser.parse_args()
    import framing

    runners = [Runner("rules", framing.load_analyzer(model=None))]
    skipped = []
    model_name = None
    if model_dir() is not None:
        import torch

        torch.set_num_threads(args.threads)
        analyzer = framing.load_analyzer(quantize=False)
        model_name = analyzer.model_name
        runners.append(Runner("model", analyzer))
        # fp32 is the reference; the precision that ships is checked beside it
        shipped = framing.load_analyzer()
        if shipped.model.precision == "int8":
            runners.append(Runner("model-int8", shipped))
        elif args.int8:
            runners.append(Runner("model-int8", framing.load_analyzer(quantize=True)))
    else:
        skipped.append(
            "model: no trained model under models/minilm-framing, so every model-score check (sentence "
            "scores within epsilon, symmetry differences, directional loaded scores, negation scores) was "
            "skipped; lexicon checks ran with the rules analyzer"
        )
    started = time.time()
    problems = check_data(runners[0])
    families = []
    for runner in runners:
        families += run_all(runner, args.limit)
    result = {
        "suite": "CheckList-style robustness (performance-and-robustness.md §B2b)",
        "dataset": "eval/robustness_data.py: templates written for the project "
        f"({len(D.TEMPLATES)} paragraphs, {len(D.SIDE_TEMPLATES)} side and {len(D.GENDER_TEMPLATES)} gender "
        f"templates, {sum(len(v) for v in D.DIRECTIONAL.values())} directional, {len(D.EVASION)} evasion, "
        f"{len(D.QUOTE_PAIRS)} quote pairs, {len(D.NEGATION)} negation triples)",
        "protocol": "pass = findings (pack, concept, variant, pole, usage) unchanged, the same sentences "
        f"with the same voices, and every model sentence score within {EPS} ({EPS_PLUMBING} and identical "
        "sentence boundaries for whitespace and plumbing families); axis positions are compared as "
        "probabilities P(second pole) = (position + 1) / 2, so one epsilon means the same for every head; "
        "a template passes when all its variants pass; model in fp32, model-int8 in int8",
        "model": model_name,
        "precision": " and ".join(("fp32", "int8")[: len(runners) - 1]) if model_name else None,
        "packs": {p.id: p.version for p in runners[0].analyzer.packs},
        "epsilon": {"semantic": EPS, "plumbing": EPS_PLUMBING},
        "limit": args.limit,
        "skipped": skipped,
        "data_problems": problems,
        "seconds": round(time.time() - started, 1),
        "date": dt.date.today().isoformat(),
        "families": families,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{'family':34s} {'analyzer':8s} {'n':>4s} {'pass':>6s}  notes")
    for f in families:
        note = f.get("scores_note", "")
        if f["kind"] == "symmetry" and f.get("worst_mean_signed_abs") is not None:
            note = f"worst mean signed diff {f['worst_mean_signed_abs']}"
        rate = f.get("pass_rate")
        shown = "-" if rate is None else rate
        print(f"{f['id']:34s} {f['analyzer']:8s} {f['n_templates']:4d} {shown:>6}  {note}")
    for s in skipped:
        print("SKIPPED", s)
    for p in problems:
        print("DATA PROBLEM", p)


if __name__ == "__main__":
    main()
