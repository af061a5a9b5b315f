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
        "bohemia punjab bengal hokkaido patagonia sicily crete cyprus malta iceland "
        # regions and cities from every continent, so that an unfamiliar place is the rule and not the
        # exception (no capital, no country, no place of a pack's conflict, no common word or surname)
        "alabama colorado delaware illinois indiana kentucky louisiana michigan minnesota missouri "
        "oklahoma tennessee wisconsin wyoming yukon calgary halifax karnataka odisha assam goa pune "
        "chennai mumbai kolkata perth adelaide brisbane auckland christchurch dunedin marseille bordeaux "
        "toulouse nantes rotterdam antwerp ghent tampere turku uppsala malmo aarhus hamburg cologne "
        "stuttgart leipzig dresden bremen salzburg graz valencia bilbao malaga turin naples genoa bologna "
        "verona zurich basel manchester liverpool galway kyoto fukuoka sapporo busan incheon cebu durban "
        "mombasa kumasi recife cordoba rosario valparaiso monterrey guadalajara sabah sumatra "
        "mindanao"
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
# Days, months and relative days swap within their group; the robustness suite's own days and months are
# left out.
WEEKDAYS = ("monday", "wednesday", "thursday", "saturday", "sunday")
MONTHS = tuple("january february april july august september october november december".split())
RELATIVE_DAYS = ("yesterday", "today", "tonight")
NUMBER_WORDS = tuple(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty "
    "seventy eighty".split()
)

# Sentence openers that carry no framing: one-word adverbs, connective phrases, time phrases, and a connective
# with a time phrase. Real copy opens sentences in countless such ways, so the twins draw from hundreds rather
# than a few dozen. Each shape is drawn as often as the others: drawn from one pool, the few one-word openers
# came up in one twin in forty, and the loaded head then moved more on one-word openers it had not seen.
ADVERBS = (
    "also",
    "additionally",
    "elsewhere",
    "earlier",
    "later",
    "overnight",
    "again",
    "likewise",
    "similarly",
    "accordingly",
    "thereafter",
    "simultaneously",
    "previously",
    "eventually",
    "finally",
    "currently",
    "recently",
    "next",
    "then",
    "today",
)
CONNECTIVES = (
    "in other news",
    "on another front",
    "in addition",
    "in the meantime",
    "on a related note",
    "at the same time",
    "for now",
    "so far",
    "at present",
    "in parallel",
    "for its part",
    "by then",
    "after that",
    "at that point",
    "since then",
    "until then",
    "in all",
    "back home",
    "further afield",
    "as planned",
    "as scheduled",
    "in a related move",
    "in a related case",
    "on the economic front",
    "on the legal side",
    "in practical terms",
    "once again",
)
_DAY_PARTS = ("morning", "afternoon", "evening", "night")
_UNITS = ("month", "year", "spring", "summer", "autumn", "winter")
_ORDINALS = ("second", "third", "fourth", "fifth")


def _time_phrases() -> tuple[str, ...]:
    days, months = WEEKDAYS, MONTHS
    out = [f"on {d}" for d in days]
    out += [f"late on {d}" for d in days] + [f"early on {d}" for d in days]
    out += [f"on {d} {p}" for d in days for p in _DAY_PARTS]
    out += [f"in {m}" for m in months] + [f"in early {m}" for m in months] + [f"in late {m}" for m in months]
    out += [f"on {m} {n}" for m in months for n in (4, 12, 19, 27)]
    out += [f"on {n} {m}" for m in months for n in (6, 14, 22, 30)]
    out += [f"last {u}" for u in ("week", *_UNITS)] + [f"this {u}" for u in ("week", *_UNITS)]
    out += [f"earlier this {u}" for u in _UNITS] + [f"later this {u}" for u in _UNITS]
    out += [f"in the {p}" for p in _DAY_PARTS[:3]] + [f"this {p}" for p in _DAY_PARTS[:3]]
    out += [f"{n} days later" for n in ("two", "three", "five")]
    out += [f"{n} hours later" for n in ("two", "six")]
    out += [f"{n} weeks ago" for n in ("two", "three")] + [f"for the {o} day running" for o in _ORDINALS]
    out += [f"at {h} a.m." for h in (6, 7, 9, 11)] + [f"shortly after {h} p.m." for h in (1, 4, 8)]
    out += [
        "later that day",
        "at midday",
        "around noon",
        "before dawn",
        "at dawn",
        "by nightfall",
        "a day later",
        "on the same day",
        "in recent days",
        "in recent weeks",
        "in recent months",
        "over the past month",
        "at the time",
        "earlier today",
        "later today",
    ]
    return tuple(out)


TIME_PHRASES = _time_phrases()


def _opener_shapes() -> tuple[tuple[str, ...], ...]:
    # a fixed sample of connectives and time phrases together: all of them would be thousands
    pairs = [f"{c}, {t}, " for c in (*ADVERBS, *CONNECTIVES) for t in TIME_PHRASES]
    random.Random(0).shuffle(pairs)
    return (
        tuple(f"{a}, " for a in ADVERBS),
        tuple(f"{c}, " for c in CONNECTIVES),
        tuple(f"{t}, " for t in TIME_PHRASES),
        tuple(pairs[:400]),
    )


OPENER_SHAPES = _opener_shapes()
PREFIXES = tuple(p for shape in OPENER_SHAPES for p in shape)
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
    return rng.choice(rng.choice(OPENER_SHAPES)) + text


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
    if number.isdigit() and len(number) == 1:
        return str(rng.randint(2, 9))
    # news writes the same quantity in many shapes: 812, 4,375, 37,000, 2.4
    shape = rng.random()
    if shape < 0.4:
        return str(rng.randint(2, 999))
    if shape < 0.7:
        return f"{rng.randint(1_000, 99_999):,}"
    if shape < 0.85:
        return f"{rng.randint(1, 99) * 1_000:,}"
    return f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"
