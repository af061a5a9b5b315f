"""Term pack data model and validator: one rigid YAML shape, every problem reported with its line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..types import SEVERITIES, STRENGTHS, Authority

CONCEPT_KINDS = ("spelling", "label")
EXCEPTION_KINDS = ("fixed_name", "homonym", "history", "technical", "mention")
SCOPES = ("span", "sentence", "paragraph")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_POLE_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_REGEX_META = re.compile(r"[\\^$*+?{}\[\]|()]")
# a word of the normalised view, as topic words are looked up: letters and digits joined by ' or -
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
LINE_KEY = "__line__"


@dataclass(frozen=True, slots=True)
class PackError:
    """One problem in a pack file, located by file, line and concept."""

    file: str
    line: int
    concept: str
    message: str

    def __str__(self) -> str:
        where = f" concept '{self.concept}'" if self.concept else ""
        return f"{self.file}:{self.line}:{where} {self.message}"


class PackValidationError(ValueError):
    """Raised when one or more pack files are invalid; carries every problem found."""

    def __init__(self, errors: list[PackError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True, slots=True)
class Pole:
    """One end of an axis."""

    id: str
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Axis:
    """A framing axis with two poles; the first is the -1 end."""

    id: str
    poles: tuple[Pole, Pole]
    # patterns on the normalised view that name the topic: a sentence with none of them, none of the topic
    # words and no finding of the axis carries no position on it
    topic: tuple[re.Pattern[str], ...] = ()
    # whole words or phrases that name the topic (long lists such as place names), looked up by word
    topic_words: frozenset[str] = frozenset()
    # the most words in one topic phrase
    topic_span: int = 1

    def pole(self, pole_id: str) -> Pole | None:
        """Return the pole with this id, or None."""
        return next((p for p in self.poles if p.id == pole_id), None)

    def touches(self, normalised: str) -> bool:
        """Return True if a normalised sentence names the topic (always, when the axis lists no topic)."""
        if not self.topic and not self.topic_words:
            return True
        return any(rx.search(normalised) for rx in self.topic) or self._names_topic_word(normalised)

    def _names_topic_word(self, normalised: str) -> bool:
        if not self.topic_words:
            return False
        # "kyiv's" names Kyiv: the possessive is not part of the name
        words = [w[:-2] if w.endswith("'s") else w for w in _WORD.findall(normalised)]
        return any(
            " ".join(words[i : i + n]) in self.topic_words
            for n in range(1, self.topic_span + 1)
            for i in range(len(words) - n + 1)
        )


@dataclass(frozen=True, slots=True)
class ContextException:
    """A context in which a matched term means something else."""

    kind: str
    pattern: re.Pattern[str]
    scope: str
    note: str


@dataclass(frozen=True, slots=True)
class Variant:
    """One wording of a concept, the discourse it belongs to and how strongly it signals it."""

    terms: tuple[str, ...]
    pole: str | None
    strength: str
    case_sensitive: bool = False
    legacy_until: dt.date | None = None
    requires: tuple[re.Pattern[str], ...] = ()
    note: str = ""
    severity: str | None = None

    @property
    def label(self) -> str:
        """Return the display form of the variant (its first term)."""
        return self.terms[0]


@dataclass(frozen=True, slots=True)
class Concept:
    """A contested referent with its competing wordings."""

    id: str
    title: str
    kind: str
    explanation: str
    neutral: tuple[str, ...]
    source: str
    authorities: tuple[Authority, ...]
    variants: tuple[Variant, ...]
    exceptions: tuple[ContextException, ...]
    flag_examples: tuple[str, ...]
    pass_examples: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Pack:
    """A validated term pack."""

    id: str
    version: int
    language: str
    title: str
    description: str
    axis: Axis | None
    concepts: tuple[Concept, ...]
    path: str = ""
    concept_index: dict[str, Concept] = field(default_factory=dict, compare=False, repr=False)

    def concept(self, concept_id: str) -> Concept:
        """Return a concept by id."""
        return self.concept_index[concept_id]


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping under LINE_KEY."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings so that a field has one type whatever the author wrote.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_EMPTY: dict[Any, Any] = {str: "", int: 0, list: [], dict: {}, "str_list": [], bool: False}


class _Checker:
    """Collects errors while reading one raw pack mapping."""

    def __init__(self, file: str):
        self.file = file
        self.errors: list[PackError] = []

    def error(self, node: dict[str, Any] | None, concept: str, message: str) -> None:
        line = node.get(LINE_KEY, 0) if isinstance(node, dict) else 0
        self.errors.append(PackError(self.file, line, concept, message))

    def fields(
        self, node: Any, where: str, concept: str, required: dict[str, type | tuple], optional: dict
    ) -> dict[str, Any] | None:
        """Check a mapping's keys and types; return it with defaults filled, or None."""
        if not isinstance(node, dict):
            self.error(None, concept, f"{where} must be a mapping, got {type(node).__name__}")
            return None
        out = {}
        known = set(required) | set(optional) | {LINE_KEY}
        for key in node:
            if key not in known:
                self.error(node, concept, f"{where}: unknown key '{key}'")
        for key, typ in required.items():
            if key not in node:
                self.error(node, concept, f"{where}: missing required key '{key}'")
                out[key] = _EMPTY.get(typ, "")
                continue
            out[key] = self._typed(node, concept, where, key, node[key], typ)
        for key, (typ, default) in optional.items():
            if key not in node or (node[key] is None and default is None):
                out[key] = default
            else:
                out[key] = self._typed(node, concept, where, key, node[key], typ)
        out[LINE_KEY] = node.get(LINE_KEY, 0)
        return out

    def _typed(self, node: dict, concept: str, where: str, key: str, value: Any, typ: Any) -> Any:
        if typ == "str_list":
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                self.error(node, concept, f"{where}: '{key}' must be a list of non-empty strings")
                return []
            return value
        if typ == "date":
            if value is None:
                return None
            try:
                return dt.date.fromisoformat(str(value))
            except ValueError:
                self.error(node, concept, f"{where}: '{key}' must be an ISO date (YYYY-MM-DD) or null")
                return None
        if typ == "optional_str":
            if value is not None and not isinstance(value, str):
                self.error(node, concept, f"{where}: '{key}' must be a string or null")
            return value
        if typ is str and (not isinstance(value, str) or not value.strip()):
            self.error(node, concept, f"{where}: '{key}' must be a non-empty string")
            return ""
        if typ is bool and not isinstance(value, bool):
            self.error(node, concept, f"{where}: '{key}' must be true or false")
            return False
        if typ is int and (not isinstance(value, int) or isinstance(value, bool)):
            self.error(node, concept, f"{where}: '{key}' must be an integer")
            return 0
        if typ is list and not isinstance(value, list):
            self.error(node, concept, f"{where}: '{key}' must be a list")
            return []
        if typ is dict and not isinstance(value, dict):
            self.error(node, concept, f"{where}: '{key}' must be a mapping")
            return {}
        return value

    def regex(self, node: dict, concept: str, where: str, pattern: str) -> re.Pattern[str] | None:
        try:
            return compile_pattern(pattern)
        except re.error as exc:
            self.error(node, concept, f"{where}: pattern {pattern!r} does not compile: {exc}")
            return None


def is_topic_word(word: str) -> bool:
    """Return True if a topic word is in the form the lookup sees: normalised words, single spaces."""
    return " ".join(_WORD.findall(word)) == word


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a pack regex for the normalised view; a literal space matches any run of spaces."""
    return re.compile(re.sub(r"(?<!\\) ", " +", pattern))


def load_pack_file(path: Path) -> Pack:
    """Load and validate one pack file; raise PackValidationError listing every problem."""
    name = path.name
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise PackValidationError([PackError(name, line, "", f"not valid YAML: {exc}")]) from None
    return parse_pack(raw, name, expected_id=path.stem)


def parse_pack(raw: Any, file: str, expected_id: str | None = None) -> Pack:
    """Validate raw pack data and build a Pack; raise PackValidationError listing every problem."""
    c = _Checker(file)
    top = c.fields(
        raw,
        "pack",
        "",
        {"pack": str, "version": int, "language": str, "title": str, "description": str, "concepts": list},
        {"axis": (dict, None)},
    )
    if top is None:
        raise PackValidationError(c.errors)
    if expected_id and top["pack"] and top["pack"] != expected_id:
        c.error(raw, "", f"'pack' is {top['pack']!r} but the file is named {expected_id!r}.yaml")
    axis = _parse_axis(c, raw.get("axis")) if top["axis"] is not None else None
    pole_ids = {p.id for p in axis.poles} if axis else set()
    concepts: list[Concept] = []
    seen: dict[str, int] = {}
    terms_seen: dict[str, str] = {}
    for node in top["concepts"]:
        concept = _parse_concept(c, node, pole_ids, axis is not None)
        if concept is None:
            continue
        if concept.id in seen:
            c.error(node, concept.id, f"duplicate concept id (first at line {seen[concept.id]})")
        seen[concept.id] = concept.line
        for v in concept.variants:
            for term in v.terms:
                key = _term_key(term)
                if key in terms_seen and terms_seen[key] != concept.id:
                    c.error(node, concept.id, f"term {term!r} is also in concept '{terms_seen[key]}'")
                terms_seen.setdefault(key, concept.id)
        concepts.append(concept)
    if not top["concepts"]:
        c.error(raw, "", "a pack needs at least one concept")
    if c.errors:
        raise PackValidationError(c.errors)
    return Pack(
        id=top["pack"],
        version=top["version"],
        language=top["language"],
        title=top["title"],
        description=top["description"].strip(),
        axis=axis,
        concepts=tuple(concepts),
        path=file,
        concept_index={k.id: k for k in concepts},
    )


def _term_key(term: str) -> str:
    return re.sub(r"[\s\-'\u2019]+", "", term.casefold())


def _parse_axis(c: _Checker, node: Any) -> Axis | None:
    ax = c.fields(
        node,
        "axis",
        "",
        {"id": str, "poles": list},
        {"topic": ("str_list", []), "topic_words": ("str_list", [])},
    )
    if ax is None:
        return None
    poles = []
    for p in ax["poles"]:
        pf = c.fields(p, "axis pole", "", {"id": str, "label": str, "description": str}, {})
        if pf is None:
            continue
        if not _POLE_ID.match(pf["id"] or ""):
            c.error(p, "", f"pole id {pf['id']!r} must be lowercase letters, digits and underscores")
        poles.append(Pole(pf["id"], pf["label"], pf["description"].strip()))
    if len(poles) != 2:
        c.error(node, "", f"an axis needs exactly two poles, got {len(poles)}")
        return None
    if poles[0].id == poles[1].id:
        c.error(node, "", "the two poles must have different ids")
    if not _ID.match(ax["id"] or ""):
        c.error(node, "", f"axis id {ax['id']!r} must be lowercase letters, digits and hyphens")
    topic = tuple(r for r in (c.regex(node, "", "axis topic", t) for t in ax["topic"]) if r)
    words = []
    for w in ax["topic_words"]:
        if not is_topic_word(w):
            c.error(
                node, "", f"topic word {w!r} must be lowercase words of letters and digits, joined by ' or -"
            )
        else:
            words.append(w)
    span = max((w.count(" ") + 1 for w in words), default=1)
    return Axis(ax["id"], (poles[0], poles[1]), topic, frozenset(words), span)


def _parse_concept(c: _Checker, node: Any, pole_ids: set[str], has_axis: bool) -> Concept | None:
    cid = node.get("id", "?") if isinstance(node, dict) else "?"
    cid = cid if isinstance(cid, str) else "?"
    f = c.fields(
        node,
        "concept",
        cid,
        {
            "id": str,
            "title": str,
            "kind": str,
            "explanation": str,
            "neutral": "str_list",
            "source": str,
            "variants": list,
            "examples": dict,
        },
        {"authorities": (list, []), "exceptions": (list, [])},
    )
    if f is None:
        return None
    if f["id"] and not _ID.match(f["id"]):
        c.error(node, cid, "concept id must be lowercase letters, digits and hyphens")
    if f["kind"] and f["kind"] not in CONCEPT_KINDS:
        c.error(node, cid, f"kind must be one of {', '.join(CONCEPT_KINDS)}, got {f['kind']!r}")
    if f["source"] and not re.match(r"^https?://\S+$", f["source"]):
        c.error(node, cid, f"source must be an http(s) URL, got {f['source']!r}")
    authorities = []
    for a in f["authorities"]:
        af = c.fields(
            a, "authority", cid, {"name": str, "says": str, "source": str}, {"since": ("date", None)}
        )
        if af:
            since = af["since"].isoformat() if af["since"] else None
            authorities.append(Authority(af["name"], af["says"].strip(), since, af["source"]))
    variants = []
    for v in f["variants"]:
        variant = _parse_variant(c, v, cid, pole_ids, has_axis)
        if variant:
            variants.append(variant)
    if not f["variants"]:
        c.error(node, cid, "a concept needs at least one variant")
    exceptions = []
    for e in f["exceptions"]:
        ef = c.fields(
            e, "exception", cid, {"kind": str, "pattern": str}, {"scope": (str, "span"), "note": (str, "")}
        )
        if ef is None:
            continue
        if ef["kind"] not in EXCEPTION_KINDS:
            c.error(e, cid, f"exception kind must be one of {', '.join(EXCEPTION_KINDS)}")
        if ef["scope"] not in SCOPES:
            c.error(e, cid, f"exception scope must be one of {', '.join(SCOPES)}, got {ef['scope']!r}")
        rx = c.regex(e, cid, "exception", ef["pattern"]) if ef["pattern"] else None
        if rx is not None:
            exceptions.append(ContextException(ef["kind"], rx, ef["scope"], ef["note"].strip()))
    ex = c.fields(f["examples"], "examples", cid, {"flag": "str_list", "pass": "str_list"}, {}) or {}
    if ex.get("flag") is not None and len(ex.get("flag", [])) < 2:
        c.error(node, cid, "examples.flag needs at least two sentences")
    if ex.get("pass") is not None and len(ex.get("pass", [])) < 2:
        c.error(node, cid, "examples.pass needs at least two sentences")
    return Concept(
        id=f["id"],
        title=f["title"],
        kind=f["kind"],
        explanation=" ".join(f["explanation"].split()),
        neutral=tuple(f["neutral"]),
        source=f["source"],
        authorities=tuple(authorities),
        variants=tuple(variants),
        exceptions=tuple(exceptions),
        flag_examples=tuple(ex.get("flag", ())),
        pass_examples=tuple(ex.get("pass", ())),
        line=f[LINE_KEY],
    )


def _parse_variant(c: _Checker, node: Any, cid: str, pole_ids: set[str], has_axis: bool) -> Variant | None:
    vf = c.fields(
        node,
        "variant",
        cid,
        {"terms": "str_list", "pole": "optional_str", "strength": str},
        {
            "case_sensitive": (bool, False),
            "legacy_until": ("date", None),
            "requires": ("str_list", []),
            "note": (str, ""),
            "severity": ("optional_str", None),
        },
    )
    if vf is None:
        return None
    if not vf["terms"]:
        c.error(node, cid, "variant: 'terms' needs at least one wording")
        return None
    for term in vf["terms"]:
        if _REGEX_META.search(term):
            c.error(node, cid, f"variant term {term!r} contains regex characters; terms are literal")
    pole = vf["pole"]
    if pole is not None and pole not in pole_ids:
        hint = f"one of {', '.join(sorted(pole_ids))}" if has_axis else "null (this pack has no axis)"
        c.error(node, cid, f"variant pole {pole!r} is not a pole of the axis; use {hint}")
    if vf["severity"] is not None and vf["severity"] not in SEVERITIES:
        c.error(node, cid, f"variant severity must be one of {', '.join(SEVERITIES)} or null")
    if vf["strength"] not in STRENGTHS:
        c.error(node, cid, f"variant strength must be one of {', '.join(STRENGTHS)}")
    requires = tuple(r for r in (c.regex(node, cid, "requires", p) for p in vf["requires"]) if r)
    return Variant(
        terms=tuple(vf["terms"]),
        pole=pole,
        strength=vf["strength"],
        case_sensitive=vf["case_sensitive"],
        legacy_until=vf["legacy_until"],
        requires=requires,
        note=" ".join(vf["note"].split()),
        severity=vf["severity"],
    )
