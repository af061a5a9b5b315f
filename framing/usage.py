"""How a matched term is used in context: the author's own choice, quoted speech, or another sense."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Document
from .packs.matcher import Match
from .types import Usage

_MENTION_BEFORE = re.compile(
    r"(?:(?<![-\w])(?:spelling|spellings|spelt|spelled|word|words|name|names|term|form|forms|"
    r"transliteration|rendering|version|label|wording|hashtag)\s+(?:of\s+|as\s+)?"
    r"|\b(?:formerly|previously|once|also)\s+(?:known\s+as\s+|spelled\s+|spelt\s+|called\s+|written\s+)?"
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
    for exc in m.concept.exceptions:
        if exc.scope == "sentence":
            hit = exc.pattern.search(sent_view) is not None
        else:
            hit = any(
                x.start() + vlo <= m.view_start and m.view_end <= x.end() + vlo
                for x in exc.pattern.finditer(sent_view)
            )
        if hit:
            flags.add(f"exception_{exc.scope}")
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
    quote = doc.enclosing(doc.quotes, m.start, m.end)
    if quote is not None:
        flags.add("scare_quote" if quote.kind == "scare" else "direct_quote")
    attr = doc.enclosing(doc.attributions, m.start, m.end)
    if attr is not None:
        if attr.kind == "so_called" and attr.start < m.start:
            flags.add("so_called")
        elif attr.kind == "attributed":
            flags.add("attributed_naming")
        elif attr.kind == "reported":
            flags.add("reported_speech")
    if m.concept.kind == "label":
        flags.add("label_concept")
    if m.variant.pole is None:
        flags.add("no_side")
    detail = details.get("technical") or details.get("exception") or details.get("legacy", "")
    return Evidence(frozenset(flags), si, detail)


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
    if "://" in tok or tok.lower().startswith("www.") or re.search(r"\w/\w", tok):
        return "technical: part of a URL, path or identifier such as Europe/Kiev"
    if tok.startswith("#") and rel > token.start():
        return "mention: part of a hashtag"
    if tok.startswith("@") or "_" in tok or re.search(r"\w@\w", tok):
        return "technical: part of a handle, e-mail address or identifier"
    if re.search(r"\.[a-z]{2,4}\b", tok[m.end - lo - token.start() :]) and not tok.endswith("."):
        return "technical: part of a domain or file name"
    return ""


def _mention(doc: Document, m: Match) -> bool:
    """Return True if the text talks about the word rather than using it."""
    view = doc.view.text
    before = view[max(0, m.view_start - 60) : m.view_start]
    after = view[m.view_end : m.view_end + 60]
    return bool(_MENTION_BEFORE.search(before) or _MENTION_AFTER.search(after))
