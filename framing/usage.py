"""How a matched term is used in context: the author's own choice, quoted speech, or another sense."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from itertools import pairwise

from .document import Document
from .normalize import normalize
from .packs.matcher import Match
from .types import Usage

_MENTION_BEFORE = re.compile(
    r"(?:(?<![-\w])(?:spelling|spellings|spelt|spelled|word|words|name|names|term|terms|form|forms|"
    r"transliteration|rendering|version|label|wording|hashtag|phrase|phrases|expression|expressions|"
    r"slogan|epithet|euphemism|verb|noun|adjective|acronym|abbreviation|coinage|moniker|nickname)"
    r"\s+(?:of\s+|as\s+)?"
    r"|\b(?:formerly|previously|once|also)\s+(?:known\s+as\s+|spelled\s+|spelt\s+|called\s+|written\s+)?"
    r"|\b(?:shortened|abbreviated|short)\s+(?:to|as|for)\s+"
    # 'the filing refers to "illegal aliens"', 'whether to use "pro-choice" in headlines'
    r"|\b(?:refers?|referring|referred)\s+to\s+(?=[\"'])"
    r"|\b(?:use|uses|using|used)\s+(?=[\"'])"
    # "urges reporters to avoid calling them climate refugees", "stop saying"
    r"|\b(?:against|avoid|avoids|avoided|avoiding|stop|stopped|refrain\s+from|refrains\s+from)\s+"
    r"(?:calling|using|saying|writing|describing)\s+"
    r"(?:(?:them|it|him|her|this|that|people|the\s+[\w-]+|these\s+[\w-]+)\s+)?(?:as\s+)?"
    # "older texts often write the Ukraine" (not "say": "officials still say Kiev is to blame" is speech)
    r"|\b(?:often|still|usually|sometimes|always|never|mostly|commonly|typically)\s+"
    r"(?:write|writes|spell|spells|use|uses)\s+"
    r"|\b(?:rather\s+than|instead\s+of|not)\s+(?=[\"']))"
    r"[\"'(]?$"
)
_MENTION_AFTER = re.compile(
    r"^[\"')]?,?\s+(?:is|was|are|were)\s+(?:a|an|the)\s+"
    r"(?:(?:\w+\s+){0,2}?(?:spelling|transliteration|rendering|word)\b"
    r"|(?:russian|ukrainian|soviet|old|older|former|official|english|polish|german|tsarist)\s+"
    r"(?:\w+\s+)?(?:name|form|term|label)\b)"
    r"|^[\"']?\s*(?:spelling|transliteration|rendering)\b"
    r"|^[\"']?\s+(?:to|into|for|over|versus|vs\.?)\s+[\"']"
    r"|^[\"']?\s*(?:->|=>)"
    # "Mykolaiv, the spelling taken from Ukrainian"; "liberated, the verb that ..."
    r"|^[\"')]?,\s+(?:the|this|that|a|an)\s+(?:[\w-]+\s+){0,2}?(?:spelling|transliteration|rendering|"
    r"word|verb|noun|adjective|term|phrase|form|label|wording|coinage|euphemism)\b"
    # "this is what forced birth means"
    r"|^[\"']?\s+(?:means|meant)\s*(?:[,.;:!?\"']|and\b|$)"
    r"|^[\"']?\s+(?:refers\s+to|stands\s+for|is\s+short\s+for|is\s+shorthand\s+for)\b"
)
# Wording put in someone else's mouth after the term: "Rashism, as soldiers call it", "the collective
# West, to use the foreign ministry's term", "not a coup, whatever state television says", "a climate
# sceptic in the sense his opponents mean".
_ATTRIBUTED_AFTER = re.compile(
    r"^[\"')]?,?\s+as\s+(?:[\w'-]+\s+){1,6}?(?:calls?|called|put\s+it|puts\s+it|says?|said|terms?|termed|"
    r"dubs?|dubbed|names?|named|likes?\s+to\s+call|like\s+to\s+say)\s+(?:it|them|him|her|this|that)\b"
    r"|^[\"')]?,?\s+to\s+(?:borrow|use|quote|adopt)\s+(?:[\w'-]+\s+){0,4}?"
    r"(?:phrase|term|words?|expression|language|parlance|label|coinage|jargon)\b"
    r"|^[\"')]?,\s+in\s+(?:[\w'-]+\s+){1,3}?(?:phrase|parlance|words|jargon|terminology|language|coinage)\b"
    r"|^[\"')]?,\s+whatever\s+(?:[\w'-]+\s+){1,5}?(?:say|says|said|claims?|claimed|repeats?|repeated|"
    r"insists?|insisted|calls?|called|maintains?|maintained)\b"
    r"|^[\"')]?\s+in\s+the\s+sense\s+(?:that\s+)?(?:[\w'-]+\s+){1,4}?(?:means?|meant|uses?|used|intends?)\b"
)
# "Say Kharkiv, not Kharkov." at the start of a sentence or after a colon: spelling advice
_IMPERATIVE_MENTION = re.compile(
    r"(?:^|[.!?:]\s+)(?:write|say|spell|type)\s+(?:[^.!?]{1,50}?,?\s+not\s+)?(?:the\s+)?[\"'(]?$"
)
_TECH_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class UsageDecision:
    """A usage label with a confidence score in [0, 1] and a plain reason."""

    usage: Usage
    score: float
    reason: str


FEATURES = (
    "direct_quote",
    "scare_quote",
    "so_called",
    "attributed_naming",
    "reported_speech",
    "exception_span",
    "exception_sentence",
    "mention",
    "technical",
    "legacy_date",
    "label_concept",
    "no_side",
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the rules see around one match; the model reads it as features, the rules decide from it."""

    flags: frozenset[str]
    sentence: int | None
    detail: str = ""

    def vector(self) -> list[float]:
        """Return the evidence as a 0/1 feature vector in FEATURES order."""
        return [1.0 if f in self.flags else 0.0 for f in FEATURES]


def gather_evidence(doc: Document, m: Match) -> Evidence | None:
    """Collect rule evidence for a match, or None when the variant's required context is absent."""
    si = doc.sentence_index(m.start)
    sent = doc.sentences[si] if si is not None else None
    vlo, vhi = doc.view_range(sent) if sent else (0, len(doc.view.text))
    sent_view = doc.view.text[vlo:vhi]
    if m.variant.requires and not _context_holds(doc, si, m.variant.requires, sent_view):
        return None
    flags: set[str] = set()
    details: dict[str, str] = {}
    technical = _technical(doc, m)
    if technical:
        flags.add("mention" if technical.startswith("mention") else "technical")
        details["technical"] = technical
    neutral = _is_neutral(m)
    if neutral:
        # the recommended wording is another sense only where a rule says so (a fixed name, an id)
        flags.add("neutral_form")
    quote = doc.enclosing(doc.quotes, m.start, m.end)
    para_view = None
    for exc in m.concept.exceptions:
        if quote is not None and exc.kind == "mention" and exc.scope != "span":
            # The sentence reports or refutes someone's wording, and the quotation marks say whose:
            # quoted ('told delegates that the "era of global boiling" demands ...').
            continue
        if exc.scope == "sentence":
            # A year or a tsar in the sentence excuses an old spelling, never the recommended one.
            hit = not (neutral and exc.kind == "history") and exc.pattern.search(sent_view) is not None
        elif exc.scope == "paragraph":
            if para_view is None:
                plo, phi = doc.view_range(doc.paragraph_of(m.start))
                para_view = doc.view.text[plo:phi]
            # a paragraph is wide: it never turns the recommended wording into another sense
            hit = not neutral and exc.pattern.search(para_view) is not None
        else:
            hit = any(
                x.start() + vlo <= m.view_start and m.view_end <= x.end() + vlo
                for x in exc.pattern.finditer(sent_view)
            )
        if hit:
            flags.add(f"exception_{'span' if exc.scope == 'span' else 'sentence'}")
            details.setdefault("exception", f"{exc.kind.replace('_', ' ')}: {exc.note or exc.kind}")
    if _mention(doc, m):
        flags.add("mention")
    legacy = m.variant.legacy_until
    if legacy and doc.published and doc.published < legacy:
        flags.add("legacy_date")
        details["legacy"] = (
            f"history: standard English usage when published ({doc.published.isoformat()}, "
            f"before {legacy.isoformat()})"
        )
    if quote is not None:
        flags.add("scare_quote" if quote.kind == "scare" else "direct_quote")
    for attr in _enclosing_all(doc.attributions, m.start, m.end):
        if attr.kind == "so_called" and attr.start < m.start:
            # "the self-proclaimed Luhansk People's Republic": the name is theirs, the recommended
            # spelling of the place inside it is the writer's own
            if not (m.concept.kind == "spelling" and neutral):
                flags.add("so_called")
        elif (attr.kind == "attributed" and _heads_label(doc, m, attr.start)) or (
            attr.kind == "naming" and _ends_clause(doc, m, attr.end)
        ):
            flags.add("attributed_naming")
        elif attr.kind == "reported":
            flags.add("reported_speech")
        else:
            continue
        break
    if "attributed_naming" not in flags and _attributed_after(doc, m):
        flags.add("attributed_naming")
    if m.concept.kind == "label":
        flags.add("label_concept")
    if m.variant.pole is None:
        flags.add("no_side")
    detail = details.get("technical") or details.get("exception") or details.get("legacy", "")
    return Evidence(frozenset(flags), si, detail)


def _is_neutral(m: Match) -> bool:
    """Return True if the matched variant wording is one of the concept's recommended neutral forms."""
    return bool(m.concept.neutral) and _norm(m.term) in {_norm(x) for x in m.concept.neutral}


_norm = functools.lru_cache(maxsize=4096)(normalize)


def _enclosing_all(spans, start: int, end: int) -> list:
    """Return every span that contains [start, end), innermost first."""
    inside = [q for q in spans if q.start <= start and end <= q.end]
    return sorted(inside, key=lambda q: q.end - q.start)


def _heads_label(doc: Document, m: Match, start: int) -> bool:
    """Return True if the match opens the name given (after at most three words: "a", "its new").

    In "described itself as a mediator in the internal Ukrainian conflict" the name is "a mediator".
    """
    return len(doc.text[start : m.start].split()) <= 3


def _ends_clause(doc: Document, m: Match, end: int) -> bool:
    """Return True if nothing but punctuation or a possessive follows the match up to `end`."""
    rest = doc.text[m.end : end]
    return not re.search(r"[^\W\d_]{2,}", rest.replace("'s", "").replace("\u2019s", ""))


def _attributed_after(doc: Document, m: Match) -> bool:
    """Return True if the words right after the match put it in someone else's mouth."""
    view = doc.view.text
    return bool(_ATTRIBUTED_AFTER.search(view[m.view_end : m.view_end + 80]))


# Two wordings of one concept set side by side ("Odesa or Odessa?", "Lugansk and Luhansk", "captured, not
# "liberated"") are being compared, not used.
_CONTRAST = re.compile(
    r"^[\"')\]]*\s*(?:,\s*)?(?:or|and|and/or|vs\.?|versus|not|rather\s+than|instead\s+of|/)\s*[\"'(\[]*$"
    r"|^[\"')\]]*\s*/\s*[\"'(\[]*$"
)


def contrasted(doc: Document, matches: list[Match]) -> set[int]:
    """Return the indices of matches set against another wording of the same concept and another pole."""
    out: set[int] = set()
    by_concept: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(matches):
        by_concept.setdefault((m.pack.id, m.concept.id), []).append(i)
    for idx in by_concept.values():
        for a, b in pairwise(idx):
            ma, mb = matches[a], matches[b]
            if ma.variant is mb.variant or ma.variant.pole == mb.variant.pole:
                continue
            if mb.view_start - ma.view_end <= 20 and _CONTRAST.search(
                doc.view.text[ma.view_end : mb.view_start]
            ):
                out.update((a, b))
    return out


def rule_decision(ev: Evidence) -> UsageDecision:
    """Decide usage from evidence alone, in order of how reliable each cue is."""
    f = ev.flags
    if "technical" in f:
        return UsageDecision("other_sense", 0.97, ev.detail)
    if f & {"exception_span", "exception_sentence"}:
        return UsageDecision("other_sense", 0.93, ev.detail)
    if "mention" in f:
        return UsageDecision("other_sense", 0.85, "mention: the text talks about the word itself")
    if "legacy_date" in f:
        return UsageDecision("other_sense", 0.8, ev.detail)
    if "scare_quote" in f:
        return UsageDecision("quoted", 0.88, "scare quotes keep a distance from the wording")
    if "direct_quote" in f:
        return UsageDecision("quoted", 0.95, "inside a direct quotation")
    if "so_called" in f:
        return UsageDecision("quoted", 0.85, "'so-called' distances the author from the wording")
    if "attributed_naming" in f:
        return UsageDecision("quoted", 0.8, "attributed naming ('what Moscow calls ...')")
    if "reported_speech" in f:
        # Reported speech without quotation marks is the reporter's paraphrase: the wording is theirs.
        return UsageDecision(
            "author", 0.65, "reported speech without quotation marks: the wording is the author's"
        )
    return UsageDecision("author", 0.85, "the author's own wording")


def _context_holds(doc: Document, si: int | None, patterns, sent_view: str) -> bool:
    """Return True if a required context appears in the sentence or the one before it.

    The sentence before counts because context is often set there ("Russian troops pushed west.
    They liberated three villages.").
    """
    if any(r.search(sent_view) for r in patterns):
        return True
    if not si:
        return False
    lo, hi = doc.view_range(doc.sentences[si - 1])
    prev = doc.view.text[lo:hi]
    return any(r.search(prev) for r in patterns)


def _technical(doc: Document, m: Match) -> str:
    """Return a reason if the match sits in a URL, path, id, handle, hashtag or code span."""
    text = doc.text
    lo = text.rfind("\n", 0, m.start) + 1
    hi = text.find("\n", m.end)
    line = text[lo : hi if hi >= 0 else len(text)]
    rel = m.start - lo
    if line.count("`", 0, rel) % 2 == 1 and "`" in line[m.end - lo :]:
        return "technical: inside a code span"
    token = next((t for t in _TECH_TOKEN.finditer(line) if t.start() <= rel < t.end()), None)
    if token is None:
        return ""
    tok = token.group()
    if "://" in tok or tok.lower().startswith("www.") or (re.search(r"\w/\w", tok) and not _word_pair(tok)):
        return "technical: part of a URL, path or identifier such as Europe/Kiev"
    if tok.startswith("#") and rel > token.start():
        return "mention: part of a hashtag"
    if tok.startswith("@") or "_" in tok or re.search(r"\w@\w", tok):
        return "technical: part of a handle, e-mail address or identifier"
    if re.search(r"\.[a-z]{2,4}\b", tok[m.end - lo - token.start() :]) and not tok.endswith("."):
        return "technical: part of a domain or file name"
    return ""


# Time-zone areas: "Europe/Kiev" is an identifier, "LVIV/WARSAW" in a dateline or "Kyiv/Moscow" is not.
_TZ_AREAS = frozenset(
    "africa america antarctica arctic asia atlantic australia europe indian pacific etc".split()
)


def _word_pair(tok: str) -> bool:
    """Return True if a token is two plain words joined by a slash and not a time-zone id."""
    m = re.fullmatch(r"[(\[\"']*([^\W\d_][\w'\u2019-]*)/([^\W\d_][\w'\u2019-]*)[)\]\"',.;:!?]*", tok)
    return bool(m) and m.group(1).casefold() not in _TZ_AREAS and "_" not in tok


def _mention(doc: Document, m: Match) -> bool:
    """Return True if the text talks about the word rather than using it."""
    view = doc.view.text
    before = view[max(0, m.view_start - 60) : m.view_start]
    after = view[m.view_end : m.view_end + 60]
    if _MENTION_BEFORE.search(before) or _MENTION_AFTER.search(after):
        return True
    si = doc.sentence_index(m.start)
    if si is None:
        return False
    lo, _ = doc.view_range(doc.sentences[si])
    return bool(_IMPERATIVE_MENTION.search(view[lo : m.view_start]))
