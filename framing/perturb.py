"""Label-preserving perturbations used in training to teach the sentence heads what must not matter.

Numbers, everyday surnames, ordinary places and neutral time phrases carry no framing, so a sentence and its
perturbed twin should score the same (a consistency loss in `framing.train`). Swapping the side a sentence is
about (Democrats for Republicans, left-wing for right-wing, one religion for another) must not change how
loaded or subjective it is either: counterfactual augmentation. The surnames, places and phrases here share no
entry with the robustness suite in `eval/robustness_data.py`; the side words are the same by necessity (there
are only so many parties), but the suite's sentences are never trained on.
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
# Each group is swapped as a whole: every word of the sentence moves to the same other side.
SIDES = (
    ("democrats", "republicans"),
    ("democrat", "republican"),
    ("democratic", "republican"),
    ("left-wing", "right-wing"),
    ("far-left", "far-right"),
    ("leftist", "rightist"),
    ("leftists", "rightists"),
    ("left-leaning", "right-leaning"),
    ("liberals", "conservatives"),
    ("labour", "conservative"),
    ("muslim", "christian", "jewish"),
    ("muslims", "christians", "jews"),
)
_SIDE = re.compile(
    r"\b(" + "|".join(sorted({re.escape(w) for g in SIDES for w in g}, key=len, reverse=True)) + r")\b"
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
    # A side word is rare in the data and its bias is the costliest to learn, so it always gets swapped.
    kind = "side" if has_side(text) else rng.choice(kinds)
    if kind == "number":
        out = _NUMBER.sub(lambda m: str(rng.randint(2, 9 if len(m.group()) == 1 else 9999)), text)
    elif kind in _WORDS:
        pool = SURNAMES if kind == "surname" else PLACES
        out = _WORDS[kind].sub(lambda m: rng.choice([w for w in pool if w != m.group()]), text)
    elif kind == "side":
        shift = rng.randrange(1, 3)
        out = _SIDE.sub(lambda m: _other_side(m.group(), shift), text)
    else:
        out = rng.choice(PREFIXES) + text
    return Perturbed(out, kind)


def has_side(text: str) -> bool:
    """Return True if a normalised text names a party, a political wing or a religion that can be swapped."""
    return _SIDE.search(text) is not None


def _other_side(word: str, shift: int) -> str:
    group = next(g for g in SIDES if word in g)
    return group[(group.index(word) + 1 + (shift - 1) % (len(group) - 1)) % len(group)]
