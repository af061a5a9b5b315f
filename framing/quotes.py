"""Quoted-speech and attribution spans: who is speaking in each part of the text."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from .normalize import View, build_view
from .types import Span

QuoteKind = Literal["direct", "scare", "attributed", "so_called", "reported", "naming"]

# opener -> closers; straight quotes are decided by their neighbours instead
_PAIRS = {
    "\u201c": "\u201d\u201c",  # “ … ” (and “ … “ in sloppy text)
    "\u201e": "\u201c\u201d",  # „ … “ / „ … ”
    "\u00ab": "\u00bb",  # « … »
    "\u2039": "\u203a",  # ‹ … ›
    "\u2018": "\u2019",  # ‘ … ’
    "\u201a": "\u2018\u2019",  # ‚ … ‘
}
_QUOTE_CHARS = set(_PAIRS) | set("".join(_PAIRS.values())) | {'"', "'"}
_PARAGRAPH = re.compile(r"\r?\n[ \t\u00a0\r]*\n")
_SCARE_MAX_WORDS = 4


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A stretch of text in someone else's words, and how that is marked."""

    start: int
    end: int
    kind: QuoteKind

    @property
    def span(self) -> Span:
        """Return the character span."""
        return Span(self.start, self.end)


def find_quotes(text: str) -> tuple[QuoteSpan, ...]:
    """Find direct quotations (straight, curly, guillemets, low-high, nested, per paragraph)."""
    out: list[QuoteSpan] = []
    pos = 0
    for m in [*_PARAGRAPH.finditer(text), None]:
        end = m.start() if m else len(text)
        out.extend(_quotes_in_paragraph(text, pos, end))
        pos = m.end() if m else len(text)
    return tuple(sorted(out, key=lambda q: (q.start, -q.end)))


def _quotes_in_paragraph(text: str, start: int, end: int) -> list[QuoteSpan]:
    """Pair quote marks inside one paragraph; unclosed quotes run to the paragraph end."""
    stack: list[tuple[str, int]] = []
    out: list[QuoteSpan] = []
    for i in range(start, end):
        ch = text[i]
        if ch not in _QUOTE_CHARS:
            continue
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        if ch in ("'", "\u2019") and prev.isalnum() and (nxt.isalnum() or not _open(stack, "'")):
            continue  # apostrophe: Ukraine's, officials'
        closing = _closes(stack, ch, prev, nxt)
        if closing is not None:
            opener_pos = stack[closing][1]
            del stack[closing:]
            out.append(_make(text, opener_pos, i + 1))
        elif _can_open(ch, prev, nxt):
            stack.append((ch, i))
    for _, opener_pos in stack[:1]:
        out.append(_make(text, opener_pos, _rstrip(text, start, end), closed=False))
    return out


def _open(stack: list[tuple[str, int]], family: str) -> bool:
    singles = {"'", "\u2018", "\u201a", "\u2039"}
    return any((o in singles) == (family == "'") for o, _ in stack)


def _closes(stack: list[tuple[str, int]], ch: str, prev: str, nxt: str) -> int | None:
    """Return the stack index this mark closes, or None."""
    for idx in range(len(stack) - 1, -1, -1):
        opener = stack[idx][0]
        if opener in ('"', "'"):
            if ch == opener and not prev.isspace():
                return idx
        elif ch in _PAIRS[opener]:
            return idx
        if opener == ch and ch in ('"', "'"):
            break
    if ch in ("\u201d", "\u2019", "\u00bb", "\u203a") and stack:
        return len(stack) - 1
    return None


def _can_open(ch: str, prev: str, nxt: str) -> bool:
    if ch in _PAIRS:
        return not nxt.isspace()
    if ch in ('"', "'"):
        return (prev.isspace() or prev in "([{-\u2014\u2013/:") and not nxt.isspace()
    return False


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _make(text: str, start: int, end: int, closed: bool = True) -> QuoteSpan:
    if not closed:
        return QuoteSpan(start, end, "direct")
    inner = text[start + 1 : end - 1].strip()
    words = len(inner.split())
    scare = 0 < words <= _SCARE_MAX_WORDS and not re.search(r"[.!?,;:]$", inner)
    return QuoteSpan(start, end, "scare" if scare else "direct")


_STOP = (
    r"in|on|at|by|for|with|from|into|which|that|who|whom|whose|and|or|but|was|is|were|are|be|"
    r"been|has|have|had|will|would|could|should|may|might|as|than|to|after|before|while|since"
)
_W = r"[\w'\u2019-]+"
_NP = rf"(?:(?:a|an|the|its|their|his|her)\s+)?(?!(?:{_STOP})\b){_W}(?:\s+(?!(?:{_STOP})\b){_W}){{0,5}}"
# a noun phrase with one prepositional complement: "a civil war in Ukraine", "the genocide of Russians"
_NP_PP = rf"{_NP}(?:\s+(?:in|of|on|against)\s+{_NP})?"
_QUOTE_OPEN = "[\"']?"  # the patterns run on the normalised view: every quote mark is " or '
# "so-called X", and the same distance in "self-proclaimed X" / "self-styled X" / "self-declared X"
_DISTANCING = re.compile(
    r"\b(?:so[\s\u2010-\u2015-]called|self[\s\u2010-\u2015-](?:proclaimed|styled|declared))\s+"
    + _QUOTE_OPEN
    + _NP
    + r"(?:\s*\([^()\s]{1,12}\))?",
    re.I,
)
# "... (DPR) and Luhansk People's Republic (LPR)": a second name joined to a distanced one (capitalised)
_COORDINATED_NAME = re.compile(rf"[\"']?\s+(?:and|or)\s+{_QUOTE_OPEN}({_NP})(?:\s*\([^()\s]{{1,12}}\))?")
_NAMING_VERBS = (
    r"calls?|called|describes?\s+as|described\s+as|terms?|termed|dubs?|dubbed|"
    r"refers?\s+to\s+as|referred\s+to\s+as|labels?|labelled|labeled|brands?|branded"
)
_WHAT_CALLS = re.compile(
    r"\bwhat\s+(?:[\w'\u2019-]+\s+){1,5}?(?:" + _NAMING_VERBS + r")\s+(?P<label>" + _QUOTE_OPEN + _NP + ")",
    re.I,
)
_NAMING = re.compile(
    r"\b(?:dubbed|termed|branded|labell?ed|referred\s+to\s+as|known\s+in\s+"
    r"(?:russia|moscow|the\s+kremlin)\s+as|(?:russia|moscow|the\s+kremlin|kremlin)(?:'s|\u2019s)\s+"
    r"(?:term|label|name|description)\s+(?:for\s+\w+\s+)?(?:is\s+)?"
    # "described the fighting as X", "dismissed as X", "derided as X": the label is someone else's
    r"|(?:describes?|described|describing|characteri[sz](?:es|ed|ing)?|portray(?:s|ed|ing)?|"
    r"dismiss(?:es|ed)?|denounc(?:es|ed)|derid(?:es|ed)|decr(?:ies|ied)|smear(?:s|ed)?|"
    r"vilif(?:ies|ied)|demoni[sz](?:es|ed)|castigat(?:es|ed)|ridicul(?:es|ed)|written\s+off|"
    r"brand(?:s|ed)?|label(?:s|led|ed)?)"
    r"(?:\s+(?!as\b)[\w'\u2019-]+){0,4}?\s+as)\s*(?P<label>" + _QUOTE_OPEN + _NP_PP + ")",
    re.I,
)
# "the sergeant calls the invaders orcs", "governors still call the law Obamacare": the naming verb
# and the rest of its clause; the usage rules count only a wording at the end of it (the name given).
_CALLS = re.compile(
    r"(?<![\w-])(?<!so\s)(?:calls?|called|calling)\s+"
    r"(?!(?:on|for|off|up|out|back|in|at|into|upon|over|by|to|it\s+quits|a\s+halt|an\s+end|attention|"
    r"elections?|a\s+vote|a\s+referendum|a\s+meeting|a\s+strike|a\s+ceasefire|the\s+shots)\b)"
    r"[^.;:!?,()\"\u201c\u201d]{1,90}?(?=\s*(?:[.;:!?,()\"\u201c\u201d]|\s(?:and|but|while|because|since|"
    r"although|though|which|who|after|before|when|whereas|as)\b|$))",
    re.I,
)
_REPORTING = (
    r"said|says|say|told|tells|claimed|stated|insisted|insists|alleged|alleges|declared|"
    r"declares|asserted|asserts|argued|argues|wrote|writes|added|announced|announces|"
    r"maintained|maintains|warned|accused|accuses"
)
# ", the ministry said (in a statement on Monday)." closes a sentence; a longer tail is a new clause.
# The comma may sit inside the closing quote mark ("...," she said) or after it ("...", she said).
_TRAILING_ATTRIBUTION = re.compile(
    rf"^(.*)(?:,[\"']?|[\"'],?)\s*((?:[\w.'\u2019-]+\s+){{0,6}}?)(?:{_REPORTING}|according\s+to)\b"
    rf"(?!\s+that\b)((?:\s+[^\s.!?]+){{0,8}})[.!?]?[\"'\u201d\u2019]?\s*$",
    re.I | re.S,
)
# What may follow "the minister said" at the end of a sentence: when, where, how, to whom. A tail that
# starts otherwise ("said 12 readers had signed") is the reported clause itself, so the verb opens it.
_ADJUNCT_START = frozenset(
    """on in at during after before late early earlier later yesterday today tonight overnight last this
    via through by from to when while as according citing adding without with under afterwards then again
    recently previously separately also repeatedly publicly privately bluntly shortly once twice
    monday tuesday wednesday thursday friday saturday sunday""".split()
)
# "(Meanwhile,) officials said (that) ..." opens one; the complement is the reported speech.
_LEADING_ATTRIBUTION = re.compile(rf"^(?:[^.;:]{{1,100}}?)\b(?:{_REPORTING})\b(?:\s+that)?[\s,]+", re.I)
_ACCORDING_TO = re.compile(r"^\s*according\s+to\s+[^,]{1,80},\s*", re.I)


def find_attributions(
    text: str, sentences: tuple[Span, ...], view: View | None = None
) -> tuple[QuoteSpan, ...]:
    """Find attributed wording ("so-called X", "what Moscow calls X") and reported-speech clauses.

    The patterns run on the normalised view, so accents in NFD form, invisible characters and typographic
    variants do not change the result; spans are mapped back to the original text.
    """
    view = view or build_view(text)
    vt = view.text
    out: list[QuoteSpan] = []

    def add(a: int, b: int, kind: QuoteKind) -> None:
        b = _rstrip(vt, a, b)
        if b > a:
            start, end = view.to_original(a, b)
            out.append(QuoteSpan(start, end, kind))

    for m in _DISTANCING.finditer(vt):
        end = m.end()
        co = _COORDINATED_NAME.match(vt, end)
        if co and text[view.starts[co.start(1)]].isupper():
            end = co.end()
        add(m.start(), end, "so_called")
    # the span of a naming is the name given, not the thing named: "described the Kiev regime as a threat"
    for rx in (_WHAT_CALLS, _NAMING):
        for m in rx.finditer(vt):
            add(m.start("label"), m.end(), "attributed")
    for m in _CALLS.finditer(vt):
        add(m.start(), m.end(), "naming")
    for s in sentences:
        lo, hi = bisect.bisect_left(view.starts, s.start), bisect.bisect_left(view.starts, s.end)
        sent = vt[lo:hi]
        m = _TRAILING_ATTRIBUTION.match(sent)
        # "Meanwhile, officials said ..." is an opening adverbial, not a closing attribution.
        if m and len(m.group(1).split()) >= 4 and _closing_tail(m.group(2), m.group(3)):
            add(lo, lo + m.end(1), "reported")
            continue
        m = _ACCORDING_TO.match(sent) or _LEADING_ATTRIBUTION.match(sent)
        if m and m.end() < len(sent):
            add(lo + m.end(), hi, "reported")
    return tuple(sorted(out, key=lambda q: (q.start, -q.end)))


def _closing_tail(speaker: str, tail: str) -> bool:
    """Return True if the words after a closing "said" are adjuncts, not the reported clause itself.

    After "said Dmitry Peskov" (speaker after the verb) anything may follow; after "Peskov said" only
    when, where or to whom ("told reporters"), or nothing.
    """
    words = tail.split()
    if not speaker.strip() or not words:
        return True
    return words[0].strip("\"'(,") in _ADJUNCT_START or (
        len(words) <= 2 and not any(w.isdigit() for w in words)
    )
