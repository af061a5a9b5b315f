"""Label-preserving perturbations used in training to teach the sentence heads what must not matter.

Numbers, everyday surnames, ordinary places and neutral time phrases carry no framing, so a sentence and its
perturbed twin should score the same (a consistency loss in `framing.train`). The word lists here are the
project's own and deliberately share no entry with the robustness suite in `eval/robustness_data.py`, which
stays a held-out check.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

# Politically neutral surnames and places (none is a term of any pack); lower case, as the model reads text.
SURNAMES = (
    "johnson",
    "miller",
    "tanaka",
    "silva",
    "müller",
    "rossi",
    "kim",
    "patel",
    "dubois",
    "jensen",
    "novak",
    "hansen",
    "moreau",
    "costa",
    "fischer",
    "lindqvist",
    "oyelaran",
    "mendoza",
    "schultz",
    "bianchi",
    "kowalski",
    "andersen",
    "suzuki",
    "lopez",
    "martin",
    "walker",
    "herrera",
    "nakamura",
    "osei",
    "berg",
)
PLACES = (
    "nebraska",
    "lyon",
    "kerala",
    "queensland",
    "andalusia",
    "ontario",
    "saxony",
    "tuscany",
    "oregon",
    "brittany",
    "yorkshire",
    "quebec",
    "catalonia",
    "normandy",
    "idaho",
    "flanders",
    "sardinia",
    "alberta",
    "vermont",
    "lombardy",
    "wales",
    "jutland",
    "cornwall",
    "montana",
    "provence",
)
PREFIXES = (
    "on monday, ",
    "on thursday, ",
    "later that day, ",
    "in the morning, ",
    "at the same time, ",
    "overnight, ",
    "by the evening, ",
    "this week, ",
    "on sunday, ",
    "last month, ",
    "in recent days, ",
)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*\b")
_WORDS = {
    kind: re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b")
    for kind, words in (("surname", SURNAMES), ("place", PLACES))
}


@dataclass(frozen=True, slots=True)
class Perturbed:
    """A perturbed copy of a text and the kind of change made."""

    text: str
    kind: str


def perturb(text: str, rng: random.Random) -> Perturbed:
    """Return a meaning-preserving variant of a normalised sentence: new numbers, names, places or prefix."""
    kinds = ["prefix"]
    if _NUMBER.search(text):
        kinds.append("number")
    for kind, rx in _WORDS.items():
        if rx.search(text):
            kinds.append(kind)
    kind = rng.choice(kinds)
    if kind == "number":
        out = _NUMBER.sub(lambda m: str(rng.randint(2, 9 if len(m.group()) == 1 else 9999)), text)
    elif kind in _WORDS:
        pool = SURNAMES if kind == "surname" else PLACES
        out = _WORDS[kind].sub(lambda m: rng.choice([w for w in pool if w != m.group()]), text)
    else:
        out = rng.choice(PREFIXES) + text
    return Perturbed(out, kind)
