"""Validate the hand-annotated gold set in eval/gold/ and print its counts.

    .venv/bin/python eval/gold/check.py

Checks, for every line of annotations.jsonl:
  - the article file exists, is UTF-8, has a headline, a blank line and 250-600 words;
  - every article file has exactly one annotation line and no line is repeated;
  - `lean` has one entry per axis of the packs, each a pole of that axis or "none";
  - every span has exactly the fields start, end, text, pack, concept, pole, usage with the right types;
  - text == article[start:end], 0 <= start < end <= len(article);
  - pack and concept exist, pole is the pole of a variant of that concept (or null for a pole-less variant),
    and the text is one of the concept's variant wordings (case-insensitive, flexible spaces and hyphens,
    a plural -s/-es, a word hyphenated across a line break; case-sensitive variants must keep their case);
  - usage is author, quoted or other_sense; no two spans of one concept overlap; spans are sorted.
Prints the counts (articles, spans, per usage, per pack, per pack and usage) and exits 1 on any error.
It does not run the analyser: it only reads the packs' YAML for the lists of concepts, poles and wordings.
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
ANNOTATIONS = HERE / "annotations.jsonl"
PACKS = HERE.parent.parent / "framing" / "packs"
USAGES = ("author", "quoted", "other_sense")
FIELDS = {
    "start": int,
    "end": int,
    "text": str,
    "pack": str,
    "concept": str,
    "pole": (str, type(None)),
    "usage": str,
}
MIN_WORDS, MAX_WORDS = 250, 600


def load_packs() -> tuple[dict, dict]:
    """Return {pack: {concept: [(term, pole, case_sensitive), ...]}} and {axis id: {pole ids}}."""
    concepts: dict[str, dict[str, list[tuple[str, str | None, bool]]]] = {}
    axes: dict[str, set[str]] = {}
    for path in sorted(PACKS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("axis"):
            axes[data["axis"]["id"]] = {p["id"] for p in data["axis"]["poles"]}
        concepts[data["pack"]] = {
            c["id"]: [
                (t, v["pole"], bool(v.get("case_sensitive"))) for v in c["variants"] for t in v["terms"]
            ]
            for c in data["concepts"]
        }
    return concepts, axes


def squash(s: str) -> str:
    """Fold a wording for comparison (plain quotes and dashes, joined hyphenation, no spaces)."""
    s = s.translate(
        str.maketrans(
            {
                "\u2019": "'",
                "\u2018": "'",
                "\u2010": "-",
                "\u2011": "-",
                "\u2013": "-",
                "\u2014": "-",
                "\u00a0": " ",
            }
        )
    )
    s = re.sub(r"-\s*\n\s*", "", s)  # Zapo-\nrizhzhia
    return re.sub(r"[\s\-']+", "", s)


def wording_ok(text: str, terms: list[tuple[str, str | None, bool]], pole) -> bool:
    got = squash(text)
    for term, term_pole, case_sensitive in terms:
        if term_pole != pole:
            continue
        want = squash(term)
        if case_sensitive:
            if got in (want, want + "s", want + "es"):
                return True
        elif got.lower() in (want.lower(), want.lower() + "s", want.lower() + "es"):
            return True
    return False


def main() -> int:
    concepts, axes = load_packs()
    errors: list[str] = []
    rows = []
    for n, line in enumerate(ANNOTATIONS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            errors.append(f"line {n}: not JSON ({exc})")

    seen_articles: set[str] = set()
    usage_count: collections.Counter = collections.Counter()
    pack_count: collections.Counter = collections.Counter()
    pack_usage: collections.Counter = collections.Counter()
    lean_count: collections.Counter = collections.Counter()
    n_spans = 0
    for n, row in rows:
        where = f"line {n}"
        if set(row) != {"article", "lean", "spans"}:
            errors.append(f"{where}: keys must be article, lean, spans; got {sorted(row)}")
            continue
        name = row["article"]
        where = f"{name}"
        if name in seen_articles:
            errors.append(f"{where}: annotated twice")
        seen_articles.add(name)
        if not re.fullmatch(r"\d\d-[a-z0-9-]+\.txt", name):
            errors.append(f"{where}: file name is not NN-slug.txt")
        path = ARTICLES / name
        if not path.is_file():
            errors.append(f"{where}: no such article")
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            errors.append(f"{where}: not UTF-8")
            continue
        parts = text.split("\n\n", 1)
        if len(parts) < 2 or "\n" in parts[0] or not parts[0].strip() or not parts[1].strip():
            errors.append(f"{where}: expected a one-line headline, a blank line and paragraphs")
        words = len(text.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            errors.append(f"{where}: {words} words, outside {MIN_WORDS}-{MAX_WORDS}")

        lean = row["lean"]
        if not isinstance(lean, dict) or set(lean) != set(axes):
            errors.append(f"{where}: lean must have exactly the axes {sorted(axes)}")
        else:
            for axis, pole in lean.items():
                if pole != "none" and pole not in axes[axis]:
                    errors.append(f"{where}: lean {axis}={pole!r} is not a pole of that axis")
                if pole != "none":
                    lean_count[(axis, pole)] += 1

        spans = row["spans"]
        if not isinstance(spans, list):
            errors.append(f"{where}: spans must be a list")
            continue
        last_end: dict[tuple[str, str], int] = {}
        prev_key = None
        for i, s in enumerate(spans):
            sw = f"{where} span {i}"
            if not isinstance(s, dict) or set(s) != set(FIELDS):
                errors.append(f"{sw}: fields must be {sorted(FIELDS)}")
                continue
            bad = [k for k, t in FIELDS.items() if not isinstance(s[k], t) or isinstance(s[k], bool)]
            if bad:
                errors.append(f"{sw}: wrong type for {bad}")
                continue
            if not 0 <= s["start"] < s["end"] <= len(text):
                errors.append(f"{sw}: offsets {s['start']}..{s['end']} out of range")
                continue
            if text[s["start"] : s["end"]] != s["text"]:
                errors.append(
                    f"{sw}: text {s['text']!r} != article[{s['start']}:{s['end']}] "
                    f"{text[s['start'] : s['end']]!r}"
                )
            if s["usage"] not in USAGES:
                errors.append(f"{sw}: usage {s['usage']!r}")
            terms = concepts.get(s["pack"], {}).get(s["concept"])
            if terms is None:
                errors.append(f"{sw}: unknown concept {s['pack']}.{s['concept']}")
            elif not wording_ok(s["text"], terms, s["pole"]):
                errors.append(
                    f"{sw}: {s['text']!r} is not a wording of {s['pack']}.{s['concept']} "
                    f"with pole {s['pole']}"
                )
            key = (s["start"], -s["end"], s["pack"], s["concept"])
            if prev_key is not None and key <= prev_key:
                errors.append(f"{sw}: spans not sorted by (start, -end, pack, concept) or duplicated")
            prev_key = key
            ck = (s["pack"], s["concept"])
            if s["start"] < last_end.get(ck, -1):
                errors.append(f"{sw}: overlaps another span of {s['pack']}.{s['concept']}")
            last_end[ck] = max(last_end.get(ck, -1), s["end"])
            n_spans += 1
            usage_count[s["usage"]] += 1
            pack_count[s["pack"]] += 1
            pack_usage[(s["pack"], s["usage"])] += 1

    on_disk = {p.name for p in ARTICLES.glob("*.txt")}
    for missing in sorted(on_disk - seen_articles):
        errors.append(f"{missing}: article without an annotation line")

    print(f"articles: {len(seen_articles)}")
    print(f"spans:    {n_spans}")
    print("per usage: " + ", ".join(f"{u} {usage_count[u]}" for u in USAGES))
    print("per pack:")
    for pack in sorted(pack_count, key=lambda p: -pack_count[p]):
        detail = ", ".join(f"{u} {pack_usage[(pack, u)]}" for u in USAGES)
        print(f"  {pack:22} {pack_count[pack]:4}   ({detail})")
    print("article lean (non-none):")
    for (axis, pole), k in sorted(lean_count.items()):
        print(f"  {axis:22} {pole:20} {k}")
    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
