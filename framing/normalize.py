"""Normalised matching view of a text, with an offset map back to the original."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Look-alike letters that turn a Latin word into an evasion ("Kiеv" with a Cyrillic "е").
CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j",
    "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "ѕ": "s", "т": "t", "у": "y", "х": "x",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ѵ": "v", "ӏ": "l", "ɡ": "g",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ω": "w", "η": "n",
}  # fmt: skip

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d\u00ad"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02"
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2039\u203a\u2032\u02bc\u0060\u00b4\uff07"

_WORD = re.compile(r"[^\W\d_]+")
_ASCII_RUN = re.compile(r"[\x20-\x7e]+")
_ASCII_FOLD = str.maketrans({"`": "'"})

KIND_INVISIBLE = "invisible characters"
KIND_CONFUSABLE = "look-alike letters from another script"
KIND_STYLED = "full-width or styled letters"


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> tuple[str, str | None]:
    """Return (normalised piece, evasion kind or None) for one character."""
    if ch in "\n\r\t\v\f" or ch.isspace():
        return " ", None
    if ch in DASHES and ch != "\u00ad":
        return "-", None
    if ch in DOUBLE_QUOTES:
        return '"', None
    if ch in SINGLE_QUOTES:
        return "'", None
    cat = unicodedata.category(ch)
    if cat == "Cf" or ch == "\u034f":
        return "", KIND_INVISIBLE
    if cat in ("Cc", "Cs", "Co", "Cn"):
        return "", None
    folded = unicodedata.normalize("NFKC", ch).casefold()
    decomposed = unicodedata.normalize("NFD", folded)
    out = "".join(c for c in decomposed if not unicodedata.combining(c))
    out = "".join(_fold_char(c)[0] if not c.isalnum() and c != ch else c for c in out)
    styled = ch.isalpha() and unicodedata.normalize("NFKC", ch) != ch and out.isascii()
    return out, KIND_STYLED if styled and out.isalpha() else None


@dataclass(frozen=True, slots=True)
class View:
    """A normalised copy of a text where view[i] comes from original[starts[i]:ends[i]]."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    evasions: tuple[tuple[int, str], ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open view range to the original text."""
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def evasion_kinds(self, start: int, end: int) -> tuple[str, ...]:
        """Return the evasion kinds found in an original range, sorted and unique."""
        kinds = {k for pos, k in self.evasions if start <= pos < end}
        return tuple(sorted(kinds))


def build_view(text: str) -> View:
    """Build the normalised matching view of `text` (NFKC, casefold, no accents, unified punctuation)."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    evasions: list[tuple[int, str]] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _ASCII_RUN.match(text, pos)
        if m:
            seg = m.group()
            pieces.append(seg.lower().translate(_ASCII_FOLD))
            end = m.end()
            starts.extend(range(pos, end))
            ends.extend(range(pos + 1, end + 1))
            pos = end
            continue
        ch = text[pos]
        out, kind = _fold_char(ch)
        if kind:
            evasions.append((pos, kind))
        if out:
            pieces.append(out)
            starts.extend([pos] * len(out))
            ends.extend([pos + 1] * len(out))
        pos += 1
    view = "".join(pieces)
    if not view.isascii():
        view, swapped = _map_confusables(view)
        evasions.extend((starts[i], KIND_CONFUSABLE) for i in swapped)
    return View(text, view, tuple(starts), tuple(ends), tuple(sorted(evasions)))


def _map_confusables(view: str) -> tuple[str, list[int]]:
    """Replace look-alike letters inside words that also contain Latin letters."""
    chars = list(view)
    swapped: list[int] = []
    for m in _WORD.finditer(view):
        word = m.group()
        if word.isascii():
            continue
        has_latin = any("a" <= c <= "z" for c in word)
        foreign = [c for c in word if not ("a" <= c <= "z")]
        if has_latin and any(c in CONFUSABLES for c in foreign):
            for i, c in enumerate(word, m.start()):
                if c in CONFUSABLES:
                    chars[i] = CONFUSABLES[c]
                    swapped.append(i)
    return "".join(chars), swapped


def normalize(text: str) -> str:
    """Return only the normalised string of `text` (for comparing wordings)."""
    return build_view(text).text
