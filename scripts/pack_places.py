"""Write the Ukrainian place names of the SpellingUkraine lexicon into the russia-ukraine pack's topic words.

Every place (city, town, settlement, village, region) in every Latin spelling the lexicon lists: the correct
one, the common wrong ones and the related ones. A spelling that also occurs in English text about other
things (BABE, Wikipedia NPOV and SUBJ sentences that name nothing of the war) is left out, so that "Luck" or
"Human" never marks a sentence as being about the war. Run it again when the lexicon changes:

    python scripts/pack_places.py --data-dir ../shared/data
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import textwrap
from pathlib import Path

from framing.normalize import normalize
from framing.packs.schema import is_topic_word, load_pack_file
from framing.train import read_babe, read_npov

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "framing" / "packs" / "russia-ukraine.yaml"
LEXICON = Path("spelling-ukraine") / "data" / "vocabulary" / "places"
SUBJ = Path("magpie-lbm-subsets") / "datasets" / "31_SUBJ" / "preprocessed.csv"
HEADER = """\
  # Place names from the SpellingUkraine lexicon (MIT licence, copyright Oleksii Holub), in every Latin
  # spelling it lists; written by scripts/pack_places.py, which leaves out spellings that English text about
  # other things also uses. The topic patterns above already cover the largest cities.
"""


def spellings(data_dir: Path) -> set[str]:
    """Return every normalised Latin spelling of every place in the lexicon."""
    out = set()
    for path in sorted((data_dir / LEXICON).glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        for name in (
            entry["correctSpelling"],
            *entry.get("incorrectSpellings", ()),
            *entry.get("relatedSpellings", ()),
        ):
            word = normalize(name).strip()
            if word and is_topic_word(word):
                out.add(word)
    return out


def other_text(data_dir: Path, topic: tuple[re.Pattern[str], ...]) -> str:
    """Return English sentences that name nothing of the war, joined, to find ordinary words."""
    texts = [t for t, _, _ in read_babe(data_dir)] + [t for t, _ in read_npov(data_dir)]
    with (data_dir / SUBJ).open(encoding="utf-8", newline="") as fh:
        texts += [row["text"] for row in csv.DictReader(fh)]
    plain = (normalize(t) for t in texts)
    return "\n".join(t for t in plain if not any(rx.search(t) for rx in topic))


def main() -> None:
    """Rewrite the topic_words block of the russia-ukraine pack."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    topic = load_pack_file(PACK).axis.topic
    names = {n for n in spellings(args.data_dir) if not any(rx.search(n) for rx in topic)}
    text = other_text(args.data_dir, topic)
    ordinary = {n for n in names if re.search(rf"\b{re.escape(n)}\b", text)}
    keep = sorted(names - ordinary)
    body = textwrap.fill(
        ", ".join(keep), width=110, initial_indent="    ", subsequent_indent="    ", break_on_hyphens=False
    )
    block = f"{HEADER}  topic_words: [\n{body}\n  ]\n"
    pack = PACK.read_text(encoding="utf-8")
    old = re.compile(re.escape(HEADER) + r"  topic_words: \[\n(?:    .*\n)*?  \]\n")
    if old.search(pack):
        pack = old.sub(lambda _: block, pack, count=1)
    else:
        pack = pack.replace("\nconcepts:\n", "\n" + block + "concepts:\n", 1)
    PACK.write_text(pack, encoding="utf-8")
    print(f"{len(keep)} place spellings written; left out as ordinary words: {', '.join(sorted(ordinary))}")


if __name__ == "__main__":
    main()
