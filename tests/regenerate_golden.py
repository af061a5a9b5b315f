"""Rewrite tests/data/golden/*.json from the current analyzer; review the diff before committing."""

import json
from pathlib import Path

import framing

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "data" / "articles"
GOLDEN = HERE / "data" / "golden"


def main() -> None:
    analyzer = framing.load_analyzer()
    GOLDEN.mkdir(exist_ok=True)
    for path in sorted(ARTICLES.glob("*.txt")):
        report = analyzer.analyze(path.read_text(encoding="utf-8"))
        doc = report.to_dict()
        findings = [
            {k: f[k] for k in ("start", "end", "text", "rule_id", "pole", "usage")} for f in doc["findings"]
        ]
        terminology = {"russia-ukraine": doc["scores"]["terminology"]["russia-ukraine"]}
        out = {"findings": findings, "terminology": terminology}
        (GOLDEN / f"{path.stem}.json").write_text(
            json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(path.name, len(findings), terminology)


if __name__ == "__main__":
    main()
