"""The coder's speed machinery: :func:`code_text` computes exactly what `coder.code_text` does, faster.

Shortcuts that never change a result:

* literal analysis: for each regex, the strings of which every match contains one
  (its *needs*) and with one of which every match starts (its *prefixes*), read off
  the regex's parse tree;
* one Aho-Corasick pass over the folded text finds where every such literal starts;
  a pattern whose needs are absent is skipped (its *gate* is closed), and a regex is
  tried only at the offsets where one of its prefixes starts;
* word offsets, sentences and British spellings are computed only when a pattern,
  a veto or the text needs them.

The index of a codebook (automaton, gates, plan) is built once per codebook object
and kept outside it, so that a codebook pickled to a worker process carries no
cache keyed by the identities of the original's patterns. The literal analysis reads
regexes with the standard library's own parser (`re._parser`): Python offers no
public route to a regex's structure, so that use is confined to this module and
tested on its own.
"""

from __future__ import annotations

import bisect
import functools
import re
import re._parser as sre_parse  # the stdlib's regex parser; no public equivalent exists
import weakref
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import ahocorasick

from . import coder
from .codebook import Codebook, Pattern, Theme

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


_MOST_PREFIXES = 64  # a longer run is not worth more strings than this


def _exact(items) -> frozenset[str] | None:
    """The ASCII strings a parsed regex sequence matches, if it matches only a few fixed ones; else None.

    Zero-width assertions are skipped: they restrict where a string matches, not what it is.
    """
    strings = frozenset({""})
    for op, arg in items:
        if op == sre_parse.LITERAL and arg < 128:
            strings = frozenset(s + chr(arg).lower() for s in strings)
        elif op in _ZERO_WIDTH:
            continue
        elif op == sre_parse.SUBPATTERN:
            inner = _exact(arg[-1])
            if inner is None:
                return None
            strings = frozenset(s + t for s in strings for t in inner)
        elif op == sre_parse.BRANCH:
            alternatives = [_exact(branch) for branch in arg[1]]
            if any(a is None for a in alternatives):
                return None
            strings = frozenset(s + t for s in strings for t in frozenset().union(*alternatives))
        else:
            return None
        if len(strings) > _MOST_PREFIXES:
            return None
    return strings


def _element_prefixes(op, arg) -> frozenset[str] | None:
    """Prefixes of a group, an alternation or a repeat taken at least once; None for anything else."""
    if op == sre_parse.SUBPATTERN:
        return _prefixes(arg[-1])
    if op == sre_parse.BRANCH:
        alternatives = [_prefixes(branch) for branch in arg[1]]
        return frozenset().union(*alternatives) if all(alternatives) else None
    if op in _REPEATS and arg[0] >= 1:
        return _prefixes(arg[2])
    return None


def _prefixes(items) -> frozenset[str] | None:
    """ASCII strings with one of which every match of a parsed regex sequence starts, or None.

    Literals, and groups or alternations of a few fixed strings, are joined for as long as
    they last, and then with the prefixes of the element after them: Python's parser factors
    a shared first letter out of ``issued|introduced`` (``i`` then a branch), and ``i``
    alone would be tried at every "i" of a text.
    """
    runs = frozenset({""})
    for op, arg in items:
        if op == sre_parse.LITERAL and arg < 128:
            runs = frozenset(r + chr(arg).lower() for r in runs)
            continue
        if op in _ZERO_WIDTH:
            continue  # assertions such as \b or a lookbehind: what comes before and after stay adjacent
        exact = _exact([(op, arg)]) if op in (sre_parse.SUBPATTERN, sre_parse.BRANCH) else None
        following = exact or _element_prefixes(op, arg)
        if following and "" not in following and len(runs) * len(following) <= _MOST_PREFIXES:
            runs = frozenset(r + f for r in runs for f in following)
            if exact:
                continue
        break
    return None if "" in runs else runs


def _analyse(regex: re.Pattern, analysis) -> frozenset[str] | None:
    if regex.pattern is None:  # compiled from an edited parse tree: no source to read, so no shortcut
        return None
    return _analysed(regex.pattern, regex.flags, analysis)


@functools.cache
def _analysed(source: str, flags: int, analysis) -> frozenset[str] | None:
    """`analysis` of a regex's parse tree, once per source (codebooks revised from one another share most)."""
    try:
        return analysis(sre_parse.parse(source, flags).data)
    except (re.error, RecursionError):
        return None


def required_literals(regex: re.Pattern) -> frozenset[str] | None:
    """Strings (as :func:`fold` writes them) of which any match of `regex` contains one; None if unknown."""
    return _analyse(regex, _needs)


def literal_prefixes(regex: re.Pattern) -> frozenset[str] | None:
    """Strings (as :func:`fold` writes them) with one of which any match of `regex` starts; None if unknown."""
    return _analyse(regex, _prefixes)


@dataclass
class _Index:
    """What the fast coder needs of a codebook, computed once. Patterns are keyed by their position."""

    plan: tuple[tuple[Theme, tuple[tuple[int, Pattern], ...]], ...]  # leaf themes with their keyed patterns
    prefixes: dict[int, tuple[frozenset[str] | None, ...]]  # key of pattern -> each regex's prefixes
    keys: dict[int, int]  # id() of a pattern or veto -> its key (valid while the codebook lives)
    literals: ahocorasick.Automaton  # finds every literal the patterns and vetoes need or start with
    by_literal: dict[str, tuple[tuple[int, int], ...]]  # literal -> (key, bit of a regex needing it), ...
    masks: dict[int, int]  # key -> bits of its gated regexes (all must pass)
    themes_of: dict[int, tuple[int, ...]]  # key of a pattern -> indices in `plan` of the themes using it
    ungated: frozenset[int]  # keys of patterns without a gate


def _build(codebook: Codebook) -> _Index:
    every = [p for t in codebook.themes.values() for p in (*t.patterns, *t.vetoes)]
    keys = {id(p): key for key, p in enumerate(every)}
    leaves = [codebook.themes[i] for i in codebook.leaves()]
    plan = tuple((t, tuple((keys[id(p)], p) for p in t.patterns)) for t in leaves)
    needs = {keys[id(p)]: tuple(required_literals(r) for r in p.regexes) for p in every}
    prefixes = {keys[id(p)]: tuple(literal_prefixes(r) for r in p.regexes) for p in every}
    automaton = ahocorasick.Automaton()
    by_literal: dict[str, list[tuple[int, int]]] = {}
    masks: dict[int, int] = {}
    for key in range(len(every)):
        for group in (*needs[key], *prefixes[key]):
            for literal in group or ():
                automaton.add_word(literal, (literal, len(literal) - 1))
        for slot, need in enumerate(needs[key]):
            if need is not None:
                masks[key] = masks.get(key, 0) | 1 << slot
                for literal in need:
                    by_literal.setdefault(literal, []).append((key, 1 << slot))
    automaton.make_automaton()
    themes_of: dict[int, list[int]] = {}
    for index, (_, patterns) in enumerate(plan):
        for key, _ in patterns:
            themes_of.setdefault(key, []).append(index)
    return _Index(
        plan=plan, prefixes=prefixes, keys=keys, literals=automaton,
        by_literal={k: tuple(v) for k, v in by_literal.items()}, masks=masks,
        themes_of={k: tuple(v) for k, v in themes_of.items()},
        ungated=frozenset(k for k in themes_of if k not in masks),
    )


_INDEXES: dict[int, tuple[weakref.ref, _Index]] = {}


def index(codebook: Codebook) -> _Index:
    """The index of `codebook`, built on first use and dropped with the codebook."""
    entry = _INDEXES.get(id(codebook))
    if entry is None or entry[0]() is not codebook:
        key = id(codebook)
        entry = (weakref.ref(codebook, lambda _: _INDEXES.pop(key, None)), _build(codebook))
        _INDEXES[key] = entry
    return entry[1]


def normalize(text: str) -> str:
    """`coder.normalize`, running the British-spelling regex only when a stem with 'is' occurs."""
    text = text.replace("’", "'").replace("‘", "'").replace("\xa0", " ").replace("isation", "ization")
    folded = fold(text)
    if any(stem + "is" in folded for stem in coder.BRITISH_STEMS):
        text = coder.BRITISH_RE.sub(lambda m: f"{m[1]}iz{m[2]}", text)
    return text


class _Words:
    """The index of the word at (or before) an offset of a text; set up on first use."""

    def __init__(self, text: str):
        self.text = text
        self._at = None

    def __call__(self, offset: int) -> int:
        if self._at is None:
            text = self.text
            if text.split(" ") == text.split():  # words separated by single spaces: count the spaces
                self._at = lambda offset: text.count(" ", 0, offset)
            else:
                starts = [m.start() for m in coder.WORD_RE.finditer(text)]
                self._at = lambda offset: bisect.bisect_right(starts, offset) - 1
        return self._at(offset)


class _Text:
    """One paragraph as the patterns see it, with what is derived from it computed once, when needed."""

    def __init__(self, text: str, idx: _Index):
        self.norm = normalize(text)
        self.folded = fold(self.norm)  # same length, so its offsets are those of `norm`
        # Where each literal of the codebook starts, overlapping occurrences included.
        starts: defaultdict[str, list[int]] = defaultdict(list)
        for end, (literal, length) in idx.literals.iter(self.folded):
            starts[literal].append(end - length)
        self.starts: dict[str, list[int]] = dict(starts)
        # A pattern is blocked when one of its regexes finds none of the literals it needs.
        passed: dict[int, int] = {}
        for literal in self.starts:
            for key, bit in idx.by_literal.get(literal, ()):
                passed[key] = passed.get(key, 0) | bit
        self.open = {key for key, bits in passed.items() if bits == idx.masks[key]}  # every gate passed
        self.blocked = idx.masks.keys() - self.open
        self.word_at = _Words(self.norm)
        self._offsets: dict[frozenset[str], list[int]] = {}
        self._sentences: list[tuple[int, int]] | None = None

    def offsets(self, prefixes: frozenset[str]) -> list[int]:
        """Sorted offsets at which one of the strings starts in the folded text (overlaps included)."""
        if prefixes not in self._offsets:
            found = set()
            for prefix in prefixes:
                found.update(self.starts.get(prefix, ()))
            self._offsets[prefixes] = sorted(found)
        return self._offsets[prefixes]

    def sentence(self, offset: int) -> str:
        if self._sentences is None:
            self._sentences = [m.span() for m in coder.SENTENCE_RE.finditer(self.norm)]
        a, b = coder.sentence_at(self._sentences, offset)
        return self.norm[a:b]


def candidates(codebook: Codebook, texts: list[str]) -> Callable[[Pattern], list[int]]:
    """A function giving, for a pattern or veto of `codebook`, the positions in `texts` where it may match:
    those in which each of its regexes finds one of the literals it needs (:func:`required_literals`),
    found with one pass of the codebook's automaton over each text. A pattern whose regexes need
    nothing, or one that is not the codebook's, may match anywhere."""
    idx = index(codebook)
    found: defaultdict[int, list[int]] = defaultdict(list)
    for position, text in enumerate(texts):
        for key in _Text(text, idx).open:
            found[key].append(position)
    every = list(range(len(texts)))

    def positions(pattern: Pattern) -> list[int]:
        key = idx.keys.get(id(pattern))
        return found.get(key, []) if key in idx.masks else every

    return positions


def _matches(regex: re.Pattern, prefixes: frozenset[str] | None, para: _Text) -> list[re.Match]:
    """What `regex.finditer(para.norm)` finds, trying only the offsets where a match can start.

    When every match must start with one of `prefixes`, a left-to-right scan for the
    next match from offset `end` finds it at the first occurrence of a prefix at or
    after `end` where the regex matches, which is what this loop returns.
    """
    if prefixes is None:
        return list(regex.finditer(para.norm))
    matches, end = [], 0
    for at in para.offsets(prefixes):
        if at < end:
            continue
        m = regex.match(para.norm, at)
        if m:
            matches.append(m)
            end = max(m.end(), at + 1)
    return matches


def _hits(key: int, pattern: Pattern, para: _Text, idx: _Index) -> list[coder.Hit]:
    found = []
    for regex, prefixes in zip(pattern.regexes, idx.prefixes[key]):
        matches = _matches(regex, prefixes, para)
        if not matches:
            return []
        found.append(matches)
    return coder.combine(pattern, found, para.word_at)


def code_text(text: str, codebook: Codebook) -> dict[str, list[str]]:
    """Theme id -> matched phrases: the same result as `coder.code_text`."""
    idx = index(codebook)
    para = _Text(text, idx)

    def vetoed(vetoes: tuple[Pattern, ...], offset: int) -> bool:
        live = [v for v in vetoes if idx.keys[id(v)] not in para.blocked]
        if not live:
            return False
        sentence = para.sentence(offset)
        return any(coder.pattern_hits(v, sentence) for v in live)

    live_keys = para.open | idx.ungated  # the patterns not blocked
    coded: dict[str, list[str]] = {}
    for position in sorted({i for key in live_keys if key in idx.themes_of for i in idx.themes_of[key]}):
        theme, patterns = idx.plan[position]
        hits: dict[tuple[int, int], str] = {}
        matched = set()
        for key, pattern in patterns:
            if key not in live_keys:
                continue
            for start, end, phrase in _hits(key, pattern, para, idx):
                if vetoed(theme.vetoes, start):
                    continue
                hits.setdefault((start, end), text[start:end] if pattern.within is None else phrase)
                matched.add(pattern.source)
        if hits and len(matched) >= theme.min_matches:
            coded[theme.id] = coder.evidence(text, hits)
    return coded
