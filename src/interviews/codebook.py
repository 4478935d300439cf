"""The codebook (`data/codebook.yml`): themes, their hierarchy and the coder's patterns.

Loading validates everything and compiles the patterns, so that a broken codebook
(a duplicate id, an unknown parent, an invalid pattern) stops with an
:class:`~interviews.errors.InputError` naming the file, the line and the entry.

Pattern language (also in the codebook's header):

* a phrase matches whole words, case-insensitively; words are separated by any
  whitespace, a hyphen in the phrase also matches a space or nothing;
* a word ending in ``*`` matches any ending ("volunteer*"); a plain word of four
  or more letters also matches its inflections (-s, -es, -d, -ed, -ing);
* ``/regex/`` is a regular expression, used as written;
* ``{all: [phrase, ...], within: N}`` needs every phrase within N words;
* `not` phrases veto a match in the same sentence; `min_matches` sets how many
  hits a paragraph needs.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # the stdlib's own regex parser (sre_parse before Python 3.11)
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import ahocorasick

from .errors import InputError, read_yaml

ID_RE = re.compile(r"^[a-z]+(?:\.[a-z]+)*$")
FIELDS = {"id", "label", "parent", "definition", "include", "exclude", "patterns", "not", "min_matches"}
INFLECTION = r"(?:s|es|d|ed|ing)?"


@dataclass(frozen=True)
class Pattern:
    source: str  # as written in the codebook
    regexes: tuple[re.Pattern, ...]
    within: int | None = None  # words, for co-occurring phrases

    @cached_property
    def needs(self) -> tuple[frozenset[str] | None, ...]:
        """For each regex: strings (folded) of which every match contains one; None if unknown."""
        return tuple(required_literals(r) for r in self.regexes)

    @cached_property
    def prefixes(self) -> tuple[frozenset[str] | None, ...]:
        """For each regex: strings (folded) with one of which every match starts; None if unknown."""
        return tuple(literal_prefixes(r) for r in self.regexes)


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    definition: str
    parent: str | None = None
    include: str = ""
    exclude: str = ""
    patterns: tuple[Pattern, ...] = ()
    vetoes: tuple[Pattern, ...] = ()
    min_matches: int = 1


@dataclass
class Codebook:
    themes: dict[str, Theme] = field(default_factory=dict)  # in file order
    source: Path = Path("codebook.yml")

    def __getstate__(self) -> dict:
        """Pickled (for worker processes) without the coder's caches, which key patterns by ``id()``."""
        return {k: v for k, v in self.__dict__.items() if k not in ("plan", "literals", "gates", "themes_of")}

    def leaves(self) -> list[str]:
        """Themes that are coded (those that are nobody's parent), in file order."""
        parents = {t.parent for t in self.themes.values() if t.parent}
        return [i for i in self.themes if i not in parents]

    def parents(self) -> list[str]:
        return [i for i in self.themes if any(t.parent == i for t in self.themes.values())]

    def children(self, parent: str) -> list[str]:
        return [i for i, t in self.themes.items() if t.parent == parent]

    def label(self, theme_id: str) -> str:
        return self.themes[theme_id].label

    @cached_property
    def plan(self) -> tuple[tuple[Theme, tuple[tuple[int, Pattern], ...]], ...]:
        """The coder's loop: each leaf theme with its patterns, each keyed by its id (see :attr:`gates`)."""
        return tuple((t, tuple((id(p), p) for p in t.patterns)) for t in (self.themes[i] for i in self.leaves()))

    def all_patterns(self) -> list[Pattern]:
        return [p for t in self.themes.values() for p in (*t.patterns, *t.vetoes)]

    @cached_property
    def literals(self) -> ahocorasick.Automaton:
        """An automaton that finds every literal the patterns and vetoes need or start with."""
        automaton = ahocorasick.Automaton()
        for pattern in self.all_patterns():
            for group in (*pattern.needs, *pattern.prefixes):
                for literal in group or ():
                    automaton.add_word(literal, (literal, len(literal) - 1))
        automaton.make_automaton()
        return automaton

    @cached_property
    def gates(self) -> tuple[dict[str, tuple[tuple[int, int], ...]], dict[int, int]]:
        """(literal -> ((id of pattern, bit of a regex needing it), ...); id of pattern -> bits of its gated regexes).

        A pattern passes its gates when the bits of the literals present in a text add up to its mask.
        """
        by_literal: dict[str, list[tuple[int, int]]] = {}
        masks: dict[int, int] = {}
        for pattern in self.all_patterns():
            for slot, need in enumerate(pattern.needs):
                if need is not None:
                    masks[id(pattern)] = masks.get(id(pattern), 0) | 1 << slot
                    for literal in need:
                        by_literal.setdefault(literal, []).append((id(pattern), 1 << slot))
        return {k: tuple(v) for k, v in by_literal.items()}, masks

    @cached_property
    def themes_of(self) -> tuple[dict[int, tuple[int, ...]], frozenset[int]]:
        """(id of pattern -> indices in :attr:`plan` of the themes using it; ids of patterns with no gate)."""
        themes: dict[int, list[int]] = {}
        for index, (_, patterns) in enumerate(self.plan):
            for key, _ in patterns:
                themes.setdefault(key, []).append(index)
        masks = self.gates[1]
        return {k: tuple(v) for k, v in themes.items()}, frozenset(k for k in themes if k not in masks)


# Characters that match an ASCII letter case-insensitively but do not lower-case to it
# ("İ" is also the one character whose lower case is two characters long).
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})
_ZERO_WIDTH = (sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT)
_REPEATS = (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT)


def fold(text: str) -> str:
    """Lower-cased text, same length, in which an ASCII literal occurs wherever a case-insensitive regex sees it."""
    if "İ" in text or "ı" in text or "ſ" in text:
        text = text.translate(_FOLD)
    return text.lower()


def _needs(items) -> frozenset[str] | None:
    """ASCII strings of which every match of a parsed regex sequence contains one, or None.

    Conservative: whatever it cannot prove (classes, optional parts, non-ASCII letters)
    requires nothing. Among the candidates it keeps the most selective set: the one
    whose shortest string is longest.
    """
    candidates: list[frozenset[str]] = []
    run = ""
    for op, arg in items:
        if op == sre_parse.LITERAL and arg < 128:
            run += chr(arg).lower()
            continue
        if op in _ZERO_WIDTH:
            continue  # the literals on either side stay adjacent
        if run:
            candidates.append(frozenset({run}))
            run = ""
        found = None
        if op == sre_parse.SUBPATTERN:
            found = _needs(arg[-1])
        elif op == sre_parse.BRANCH:
            alternatives = [_needs(branch) for branch in arg[1]]
            if all(alternatives):
                found = frozenset().union(*alternatives)
        elif op in _REPEATS and arg[0] >= 1:
            found = _needs(arg[2])
        if found:
            candidates.append(found)
    if run:
        candidates.append(frozenset({run}))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


def _prefixes(items) -> frozenset[str] | None:
    """ASCII strings with one of which every match of a parsed regex sequence starts, or None."""
    run = ""
    for op, arg in items:
        if op == sre_parse.LITERAL and arg < 128:
            run += chr(arg).lower()
            continue
        if run:
            break
        if op in _ZERO_WIDTH:
            continue  # leading assertions such as \b or a lookbehind
        if op == sre_parse.SUBPATTERN:
            return _prefixes(arg[-1])
        if op == sre_parse.BRANCH:
            alternatives = [_prefixes(branch) for branch in arg[1]]
            return frozenset().union(*alternatives) if all(alternatives) else None
        if op in _REPEATS and arg[0] >= 1:
            return _prefixes(arg[2])
        return None
    return frozenset({run}) if run else None


def _analyse(regex: re.Pattern, analysis) -> frozenset[str] | None:
    try:
        return analysis(sre_parse.parse(regex.pattern, regex.flags).data)
    except (re.error, RecursionError):
        return None


def required_literals(regex: re.Pattern) -> frozenset[str] | None:
    """Strings (as :func:`fold` writes them) of which any match of `regex` contains one; None if unknown."""
    return _analyse(regex, _needs)


def literal_prefixes(regex: re.Pattern) -> frozenset[str] | None:
    """Strings (as :func:`fold` writes them) with one of which any match of `regex` starts; None if unknown."""
    return _analyse(regex, _prefixes)


def compile_phrase(phrase: str) -> re.Pattern:
    """One phrase of the pattern language as a compiled, case-insensitive regex."""
    phrase = phrase.strip()
    if len(phrase) > 2 and phrase.startswith("/") and phrase.endswith("/"):
        return re.compile(phrase[1:-1], re.I)
    if not phrase:
        raise ValueError("empty phrase")
    parts = []
    for word in phrase.split():
        star = word.endswith("*")
        word = word.rstrip("*")
        # A final silent e drops before endings: "manage*" also matches "managing".
        drop_e = word.endswith("e") and word[:-1].replace("-", "").isalpha() and len(word) >= 4
        pieces = [re.escape(p) for p in re.split(r"[-‐]", word[:-1] if drop_e and star else word)]
        body = r"[-\s]?".join(pieces)
        if star:
            body += r"\w*"
        elif drop_e:
            body = body[:-1] + r"(?:e|es|ed|ing)"
        elif word.isalpha() and len(word) >= 4:
            body += INFLECTION
        parts.append(body)
    return re.compile(r"(?<![\w-])" + r"\s+".join(parts) + r"(?![\w])", re.I)


def _pattern(value: object, err) -> Pattern:
    if isinstance(value, str):
        return Pattern(value, (compile_phrase(value),))
    if isinstance(value, dict) and isinstance(value.get("all"), list) and value["all"]:
        within = value.get("within", 12)
        if not isinstance(within, int) or within < 1:
            raise err(f"'within' must be a positive number of words, got {within!r}")
        return Pattern(" + ".join(map(str, value["all"])), tuple(compile_phrase(str(p)) for p in value["all"]), within)
    raise err(f"a pattern must be a phrase or {{all: [...], within: N}}, got {value!r}")


def load_codebook(path: str | Path) -> Codebook:
    path = Path(path)
    data, node = read_yaml(path, "codebook")
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list) or not data["themes"]:
        raise InputError(path, "expected a top-level key 'themes' holding a list of themes", line=1)
    lines: list[int] = []
    for key, value in node.value:
        if key.value == "themes":
            lines = [item.start_mark.line + 1 for item in value.value]
    book = Codebook(source=path)
    for i, item in enumerate(data["themes"]):
        line = lines[i] if i < len(lines) else None
        name = item.get("id") if isinstance(item, dict) else None

        def err(message: str, line=line, name=name, i=i) -> InputError:
            return InputError(path, message, line=line, field=f"themes[{i}]" + (f" ({name})" if name else ""))

        if not isinstance(item, dict):
            raise err("expected a mapping with id, label and definition")
        unknown = set(item) - FIELDS
        if unknown:
            raise err(f"unknown field(s) {sorted(unknown)}; allowed: {', '.join(sorted(FIELDS))}")
        for required in ("id", "label", "definition"):
            if not str(item.get(required) or "").strip():
                raise err(f"missing required field {required!r}")
        theme_id = str(item["id"])
        if not ID_RE.match(theme_id):
            raise err(f"id {theme_id!r} must be lowercase words joined by dots")
        if theme_id in book.themes:
            raise err(f"duplicate id {theme_id!r}")
        parent = item.get("parent")
        if parent is not None:
            if parent not in book.themes:
                raise err(f"unknown parent {parent!r} (a parent must be defined before its children)")
            if not theme_id.startswith(parent + "."):
                raise err(f"a child's id must start with its parent's id {parent!r}")
        try:
            patterns = tuple(_pattern(p, err) for p in item.get("patterns") or [])
            vetoes = tuple(_pattern(p, err) for p in item.get("not") or [])
        except (re.error, ValueError) as exc:
            raise err(f"invalid pattern: {exc}") from None
        min_matches = item.get("min_matches", 1)
        if not isinstance(min_matches, int) or min_matches < 1:
            raise err(f"min_matches must be a positive integer, got {min_matches!r}")
        book.themes[theme_id] = Theme(
            id=theme_id,
            label=str(item["label"]),
            definition=" ".join(str(item["definition"]).split()),
            parent=parent,
            include=" ".join(str(item.get("include") or "").split()),
            exclude=" ".join(str(item.get("exclude") or "").split()),
            patterns=patterns,
            vetoes=vetoes,
            min_matches=min_matches,
        )
    for parent in book.parents():
        if book.themes[parent].patterns:
            raise InputError(path, f"parent theme {parent!r} aggregates its children and cannot have patterns")
    return book
