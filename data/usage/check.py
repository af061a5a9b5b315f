"""Validate usage data files: fields, labels, and that the packs match each labelled term where it is."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import framing
from framing.document import prepare

USAGES = {"author", "quoted", "other_sense"}
FIELDS = {"id", "text", "term", "occurrence", "usage", "pack", "concept", "genre"}


def locate(text: str, term: str, occurrence: int) -> int:
    """Return the offset of the n-th occurrence of `term` in `text`, or -1."""
    pos = -1
    for _ in range(occurrence):
        pos = text.find(term, pos + 1)
        if pos < 0:
            return -1
    return pos


def check(paths: list[Path]) -> list[str]:
    """Return a list of problems found in the given JSONL files."""
    analyzer = framing.load_analyzer()
    problems: list[str] = []
    ids: Counter[str] = Counter()
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: not JSON: {exc}")
                continue
            if set(row) != FIELDS:
                problems.append(f"{where}: fields must be exactly {sorted(FIELDS)}, got {sorted(row)}")
                continue
            ids[row["id"]] += 1
            if row["usage"] not in USAGES:
                problems.append(f"{where}: usage {row['usage']!r} is not one of {sorted(USAGES)}")
            start = locate(row["text"], row["term"], row["occurrence"])
            if start < 0:
                problems.append(f"{where}: {row['term']!r} #{row['occurrence']} not in text")
                continue
            end = start + len(row["term"])
            matches = analyzer.matcher.find(prepare(row["text"]).view)
            hit = [
                m
                for m in matches
                if m.start < end
                and start < m.end
                and (m.pack.id, m.concept.id) == (row["pack"], row["concept"])
            ]
            if not hit:
                got = [(m.concept.id, row["text"][m.start : m.end]) for m in matches]
                problems.append(
                    f"{where}: concept {row['concept']!r} does not match {row['term']!r}; found {got}"
                )
    problems.extend(f"duplicate id {i!r}" for i, c in ids.items() if c > 1)
    return problems


def main() -> None:
    """Check the files given on the command line (default: every usage file) and print label counts."""
    paths = [Path(p) for p in sys.argv[1:]] or sorted(Path(__file__).parent.glob("*.jsonl"))
    paths = [p for p in paths if p.name != "ruwa_labels.jsonl"]
    problems = check(paths)
    for p in problems:
        print(p)
    counts: Counter[str] = Counter()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                try:
                    counts[(path.name, json.loads(line).get("usage"))] += 1
                except json.JSONDecodeError:
                    pass
    for (name, usage), c in sorted(counts.items()):
        print(f"{name}\t{usage}\t{c}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
