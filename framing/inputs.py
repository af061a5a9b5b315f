"""Checks on the input text before any analysis: size, emptiness, language, encoding, date line."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

DEFAULT_MAX_CHARS = 200_000

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_LETTER = re.compile(r"[^\W\d_]")
_NON_ASCII_LETTER = re.compile(r"(?![\x00-\x7f])[^\W\d_]")
_WORDS = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
_ENGLISH = frozenset(
    "the a an of to in and is was for on that with as by at from it are were be has have had this "
    "said not but or its their his her they he she will would which who after over into than".split()
)
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}  # fmt: skip
_MONTH_RX = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b"),
    re.compile(rf"\b(?P<mon>{_MONTH_RX})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH_RX})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
)
_DATE_LINE = re.compile(r"^\s*(?:published|posted|updated|date|dateline)\s*[:\-]?\s*", re.I)


class TextTooLong(ValueError):
    """Raised before any work when the text is over the size cap."""

    def __init__(self, length: int, limit: int):
        self.length = length
        self.limit = limit
        super().__init__(
            f"The text has {length:,} characters; the limit is {limit:,}. "
            "Analyse one article at a time, or split the file."
        )


@dataclass(frozen=True, slots=True)
class InputCheck:
    """What the analyzer should do with a text, and what to tell the user."""

    text: str
    analysable: bool
    supported_language: bool
    warnings: tuple[str, ...]


def check_text(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> InputCheck:
    """Check size, emptiness, language and encoding problems; raise TextTooLong over the cap."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}; decode bytes first")
    if len(text) > max_chars:
        raise TextTooLong(len(text), max_chars)
    warnings: list[str] = []
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
        warnings.append(
            "The text contained broken characters (lone surrogates); they were replaced by \ufffd."
        )
    visible = any(unicodedata.category(c)[0] not in ("C", "Z") and not c.isspace() for c in text)
    if not visible:
        return InputCheck(text, False, True, ("The text is empty. Paste an article to analyse.",))
    letters = _LETTER.findall(text)
    if not letters:
        return InputCheck(text, False, True, ("The text has no words to analyse.",))
    if _BIDI.search(text):
        warnings.append(
            "The text contains bidirectional control characters, which can make text display in a "
            "different order than it is stored; they are shown as visible markers."
        )
    supported = True
    # ASCII letters are Latin; only the (usually few) others need a look at their Unicode name
    latin = len(letters) - sum(
        1 for c in _NON_ASCII_LETTER.findall(text) if "LATIN" not in unicodedata.name(c, "")
    )
    if latin / len(letters) < 0.5:
        supported = False
        warnings.append(
            "The text is mostly not in the Latin alphabet. Only English is supported: contested terms "
            "are still listed, but scores are low-confidence."
        )
    else:
        words = [w.lower() for w in _WORDS.findall(text)]
        if len(words) >= 30 and sum(w in _ENGLISH for w in words) / len(words) < 0.08:
            supported = False
            warnings.append(
                "The text does not look like English. Only English is supported: contested terms are "
                "still listed, but scores are low-confidence."
            )
    return InputCheck(text, True, supported, tuple(warnings))


def detect_published(text: str) -> dt.date | None:
    """Return a publication date written near the top (a date line or a dateline), else None."""
    lines = [ln for ln in text[:600].splitlines() if ln.strip()][:4]
    for line in lines:
        # Only a line that is a date line, not a sentence that happens to start with a date.
        if not _DATE_LINE.match(line) and len(line.strip()) > 40:
            continue
        for rx in _DATE_PATTERNS:
            m = rx.search(line[:120])
            if m:
                found = _to_date(m)
                if found:
                    return found
    return None


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """Parse an ISO date or a written date like '12 March 2015'; raise ValueError if unreadable."""
    if value is None or isinstance(value, dt.date):
        return value
    for rx in _DATE_PATTERNS:
        m = rx.search(value)
        if m and (found := _to_date(m)):
            return found
    raise ValueError(f"cannot read the date {value!r}; use YYYY-MM-DD")


def _to_date(m: re.Match[str]) -> dt.date | None:
    groups = m.groupdict()
    month = int(groups["m"]) if groups.get("m") else _MONTHS[groups["mon"].lower()]
    try:
        return dt.date(int(groups["y"]), month, int(groups["d"]))
    except ValueError:
        return None
