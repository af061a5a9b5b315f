"""Label-preserving perturbations used in training to teach the sentence heads what must not matter.

Numbers, everyday surnames, ordinary places and neutral time phrases carry no framing, so a sentence and its
perturbed twin should score the same (a consistency loss in `framing.train`). Swapping the side a sentence is
about (Democrats for Republicans, left-wing for right-wing, one religion for another) must not change how
loaded or subjective it is either: counterfactual augmentation. The surnames, places and phrases here share no
entry with the robustness suite in `eval/robustness_data.py` or with the held-out stability benchmark in
`eval/stability.py`; the side words are the same by necessity (there are only so many parties), but the
suite's sentences are never trained on.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

# Politically neutral surnames and places (none is a term of any pack); lower case, as the model reads text.
SURNAMES = tuple(
    (
        "johnson miller tanaka silva müller rossi kim patel dubois jensen novak hansen moreau costa fischer "
        "lindqvist oyelaran mendoza schultz bianchi kowalski andersen suzuki lopez martin walker herrera "
        "nakamura osei berg adeyemi brennan castillo dimitrov eriksson fernandes gallagher horvath ibrahim "
        "jovanovic kaminski larsen mwangi nowak oliveira petrenko quinn ramirez sato takahashi varga wojcik "
        "yilmaz zimmermann abbott banerjee chowdhury delgado farouk greenberg hoffmann ivanova kaur mensah "
        "nielsen o'brien popescu reyes sokolova tran watanabe zhou"
    ).split()
)
# A person is often named by a given name or a title before the surname ("donald trump", "sen. warren"):
# the surname that follows is swapped for one from SURNAMES. Given names that are as often places, brands or
# ordinary words (virginia, christian, mark, austin) are left out.
GIVEN_NAMES = tuple(
    (
        "james john robert michael william david richard joseph thomas charles christopher daniel matthew "
        "anthony donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason "
        "jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel "
        "gregory alexander patrick raymond dennis jerry tyler aaron jose adam nathan henry douglas peter "
        "kyle ethan walter jeremy keith roger gerald harold sean carl arthur lawrence dylan jesse bryan "
        "bruce gabriel albert alan juan wayne randy vincent ralph eugene bobby philip mary patricia "
        "jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley "
        "kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura "
        "cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine "
        "christine rachel carolyn janet catherine maria heather diane ruth julie olivia joyce kelly lauren "
        "christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa sara "
        "kathryn janice abigail alice julia judy sophia denise danielle beverly isabella theresa diana "
        "natalie brittany marie kayla alexis bernie ted mitch nikki kamala hillary rand elon ilhan ivanka "
        "olena volodymyr vladimir sergei dmitry oleksandr yulia mykola tetiana"
    ).split()
)
TITLES = ("mr", "mrs", "ms", "dr", "sen", "rep", "gov", "prof")
PLACES = tuple(
    (
        "nebraska lyon kerala queensland andalusia ontario saxony tuscany oregon brittany yorkshire quebec "
        "catalonia normandy idaho flanders sardinia alberta vermont lombardy wales jutland cornwall montana "
        "provence nairobi lagos osaka porto seville glasgow leeds denver kansas iowa utah nevada galicia "
        "bohemia punjab bengal hokkaido patagonia sicily crete cyprus malta iceland"
    ).split()
)
# Ukrainian towns in war news whose spelling is not contested (no pack term): swapping them teaches the
# framing axis that which town a report is about says nothing about which side reports it. Capitals and
# countries stay out, because news uses them for their governments ("Warsaw sends tanks").
WAR_TOWNS = tuple(
    (
        "mariupol kherson kramatorsk sloviansk sumy izium poltava lysychansk severodonetsk melitopol "
        "berdiansk uman avdiivka pokrovsk kupiansk enerhodar nikopol"
    ).split()
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
    "in other news, ",
    "elsewhere, ",
    "on another front, ",
    "also, ",
    "for now, ",
    "last year, ",
    "at the time, ",
    "in the afternoon, ",
    "on saturday, ",
    "earlier, ",
    "later, ",
    "in january, ",
    "this month, ",
    "in addition, ",
    "additionally, ",
    "in the meantime, ",
    "so far, ",
    "at present, ",
    "on the same day, ",
    "a day later, ",
    "at midday, ",
    "in the evening, ",
    "last week, ",
    "over the weekend, ",
    "this year, ",
    "since then, ",
    "on a related note, ",
    "before dawn, ",
    "around noon, ",
)
# Days, months and relative days swap within their group; the robustness suite's own days and months are
# left out.
WEEKDAYS = ("monday", "wednesday", "thursday", "saturday", "sunday")
MONTHS = tuple("january february april july august september october november december".split())
RELATIVE_DAYS = ("yesterday", "today", "tonight")
NUMBER_WORDS = tuple(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty "
    "seventy eighty".split()
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
    for kind, words in (
        ("surname", SURNAMES),
        ("place", PLACES + WAR_TOWNS),
        ("weekday", WEEKDAYS),
        ("month", MONTHS),
        ("relative day", RELATIVE_DAYS),
        ("number word", NUMBER_WORDS),
    )
}
_POOLS = {
    "surname": SURNAMES,
    "place": PLACES + WAR_TOWNS,
    "weekday": WEEKDAYS,
    "month": MONTHS,
    "relative day": RELATIVE_DAYS,
    "number word": NUMBER_WORDS,
}
_NOT_SURNAME = (
    "the a an and or but of to in on at for with from by as is was are were has had have will would said "
    "says told who whose which that this also"
).split()
_GIVEN = "(?:" + "|".join(GIVEN_NAMES) + ")"
_NAMED = re.compile(
    rf"\b(?:(?:{'|'.join(TITLES)})\.? (?:{_GIVEN} )?|{_GIVEN} )"
    rf"(?!(?:{'|'.join(_NOT_SURNAME)})\b)([a-z][a-z-]+)\b"
)
# A subject pronoun before a verb can name the person instead: "she said" -> "miller said".
_PRONOUN = re.compile(r"\b(he|she)\b(?= (?:said|says|told|added|wrote|was|is|has|had|will|would)\b)")


@dataclass(frozen=True, slots=True)
class Perturbed:
    """A perturbed copy of a text and the kinds of change made ('+'-joined)."""

    text: str
    kind: str


def perturb(text: str, rng: random.Random, named: bool = False) -> Perturbed:
    """Return a meaning-preserving variant of a normalised sentence: new numbers, names, places or prefix.

    A sentence that names a side always has it swapped; half of the twins get a second, different change,
    because real edits rarely come one at a time. `named` also lets a twin swap whatever surname follows a
    given name or a title.
    """
    kinds = _kinds(text, named)
    # A side word is rare in the data and its bias is the costliest to learn, so it always gets swapped.
    done = ["side" if has_side(text) else rng.choice(kinds)]
    rest = [k for k in kinds if k not in done]
    if rest and rng.random() < 0.5:
        done.append(rng.choice(rest))
    out = text
    # the prefix goes on last, so that no other change rewrites the words it brings
    for kind in sorted(done, key=lambda k: k == "prefix"):
        out = _apply(kind, out, rng)
    return Perturbed(out, "+".join(done))


def _kinds(text: str, named: bool = False) -> list[str]:
    kinds = ["prefix"]
    if _NUMBER.search(text):
        kinds.append("number")
    kinds.extend(kind for kind, rx in _WORDS.items() if rx.search(text))
    if named and _NAMED.search(text):
        kinds.append("named person")
    if _PRONOUN.search(text):
        kinds.append("pronoun")
    return kinds


def _apply(kind: str, text: str, rng: random.Random) -> str:
    if kind == "number":
        return _NUMBER.sub(lambda m: _other_number(m.group(), rng), text)
    if kind in _WORDS:
        pool = _POOLS[kind]
        return _WORDS[kind].sub(lambda m: rng.choice([w for w in pool if w != m.group()]), text)
    if kind == "named person":
        return _NAMED.sub(lambda m: _swap_surname(m, rng), text)
    if kind == "pronoun":
        return _PRONOUN.sub(lambda m: rng.choice(SURNAMES), text, count=1)
    if kind == "side":
        shift = rng.randrange(1, 3)
        return _SIDE.sub(lambda m: _other_side(m.group(), shift), text)
    return rng.choice(PREFIXES) + text


def _swap_surname(m: re.Match, rng: random.Random) -> str:
    head = m.group()[: m.start(1) - m.start()]
    return head + rng.choice([w for w in SURNAMES if w != m.group(1)])


def has_side(text: str) -> bool:
    """Return True if a normalised text names a party, a political wing or a religion that can be swapped."""
    return _SIDE.search(text) is not None


def _other_side(word: str, shift: int) -> str:
    group = next(g for g in SIDES if word in g)
    return group[(group.index(word) + 1 + (shift - 1) % (len(group) - 1)) % len(group)]


def _other_number(number: str, rng: random.Random) -> str:
    # small counts are often spelled out in news copy, so a twin may spell one out too
    if number.isdigit() and len(number) <= 2 and rng.random() < 0.3:
        return rng.choice(NUMBER_WORDS)
    return str(rng.randint(2, 9 if len(number) == 1 else 9999))
