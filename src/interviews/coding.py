"""Automatic, rule-based coding of paragraphs with the codebook's patterns.

Transparent by design: every theme a paragraph gets comes with the phrases that
matched (`evidence`), so a reader can see why. No model, no training: patterns
are written by a person, from the development half of the hand coding only.
"""

from __future__ import annotations

import bisect
import re

import pandas as pd

from .codebook import Codebook, Pattern, fold

SENTENCE_RE = re.compile(r"[^.!?]+(?:[.!?]+[”’\"']*|$)")
WORD_RE = re.compile(r"\S+")
# Same-length normalizations, so that match positions stay those of the text:
# British -ise/-isation spellings read as American ones, curly apostrophes as straight.
BRITISH_STEMS = (
    "organ", "mobil", "real", "recogn", "summar", "modern", "prior", "special", "professional", "institutional",
    "normal", "central",
)
BRITISH_RE = re.compile(rf"\b({'|'.join(BRITISH_STEMS)})is(e|es|ed|ing|ation|ations)\b", re.I)


def normalize(text: str) -> str:
    """Text as the patterns see it (same length as the input)."""
    text = text.replace("’", "'").replace("‘", "'").replace("\xa0", " ").replace("isation", "ization")
    folded = fold(text)
    if any(stem + "is" in folded for stem in BRITISH_STEMS):  # the regex is slow; most texts need it not
        text = BRITISH_RE.sub(lambda m: f"{m[1]}iz{m[2]}", text)
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
                starts = [m.start() for m in WORD_RE.finditer(text)]
                self._at = lambda offset: bisect.bisect_right(starts, offset) - 1
        return self._at(offset)


def _matches(regex: re.Pattern, prefixes: frozenset[str] | None, text: str, para: _Text | None) -> list[re.Match]:
    """What `regex.finditer(text)` finds, trying only the offsets where a match can start.

    When every match must start with one of `prefixes`, a left-to-right scan for the
    next match from offset `end` finds it at the first occurrence of a prefix at or
    after `end` where the regex matches, which is what this loop returns.
    """
    if prefixes is None or para is None:
        return list(regex.finditer(text))
    matches, end = [], 0
    for at in para.offsets(prefixes):
        if at < end:
            continue
        m = regex.match(text, at)
        if m:
            matches.append(m)
            end = max(m.end(), at + 1)
    return matches


class _Text:
    """One paragraph as the patterns see it, with what is derived from it computed once, when needed."""

    def __init__(self, text: str, book: Codebook):
        self.norm = normalize(text)
        self.folded = fold(self.norm)  # same length, so its offsets are those of `norm`
        # Where each literal of the codebook starts, overlapping occurrences included.
        self.starts: dict[str, list[int]] = {}
        for end, (literal, length) in book.literals.iter(self.folded):
            self.starts.setdefault(literal, []).append(end - length)
        # A pattern is blocked when one of its regexes finds none of the literals it needs.
        by_literal, masks = book.gates
        passed: dict[int, int] = {}
        for literal in self.starts:
            for key, bit in by_literal.get(literal, ()):
                passed[key] = passed.get(key, 0) | bit
        self.open = {key for key, bits in passed.items() if bits == masks[key]}  # every gate passed
        self.blocked = masks.keys() - self.open
        self.word_at = _Words(self.norm)
        self._offsets: dict[frozenset[str], list[int]] = {}
        self._sentences: list[tuple[int, int]] | None = None

    def offsets(self, prefixes: frozenset[str]) -> list[int]:
        """Sorted offsets at which one of the strings starts in the folded text (overlaps included)."""
        if prefixes in self._offsets:
            return self._offsets[prefixes]
        found = set()
        for prefix in prefixes:
            found.update(self.starts.get(prefix, ()))
        self._offsets[prefixes] = sorted(found)
        return self._offsets[prefixes]

    def sentence(self, offset: int) -> str:
        if self._sentences is None:
            self._sentences = [m.span() for m in SENTENCE_RE.finditer(self.norm)]
        a, b = _sentence(self._sentences, offset)
        return self.norm[a:b]


def _hits(pattern: Pattern, text: str, word_at: _Words, para: _Text | None = None) -> list[tuple[int, int, str]]:
    """(start, end, matched text) for one pattern in `text` (the paragraph `para`'s, if given).

    `word_at(offset)` is the index of the word at an offset, used by co-occurrence patterns.
    """
    found = []
    for regex, prefixes in zip(pattern.regexes, pattern.prefixes):
        matches = _matches(regex, prefixes, text, para)
        if not matches:
            return []
        found.append(matches)
    if pattern.within is None:
        return [(m.start(), m.end(), m.group()) for m in found[0]]
    hits = []
    for anchor in found[0]:
        at = word_at(anchor.start())
        parts = [anchor]
        for others in found[1:]:
            near = [m for m in others if abs(word_at(m.start()) - at) <= pattern.within]
            if not near:
                break
            parts.append(min(near, key=lambda m: abs(m.start() - anchor.start())))
        else:
            s, e = min(m.start() for m in parts), max(m.end() for m in parts)
            hits.append((s, e, " … ".join(m.group() for m in sorted(parts, key=lambda m: m.start()))))
    return hits


def _sentence(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    for s, e in spans:
        if s <= offset < e:
            return s, e
    return 0, 0


def code_text(text: str, book: Codebook) -> dict[str, list[str]]:
    """Theme id -> matched phrases, for every leaf theme the text carries.

    Two shortcuts that never change a result: a pattern is skipped when a literal
    that every match needs (:attr:`Pattern.needs`) is absent from the text, and a
    regex is tried only at the offsets where one of its literal prefixes occurs.
    Word offsets and sentences are computed only for the patterns and vetoes that use them.
    """
    para = _Text(text, book)

    def vetoed(vetoes: tuple[Pattern, ...], offset: int) -> bool:
        live = [v for v in vetoes if id(v) not in para.blocked]
        if not live:
            return False
        sentence = para.sentence(offset)
        return any(_hits(v, sentence, _Words(sentence)) for v in live)

    themes_of, ungated = book.themes_of
    live_keys = para.open | ungated  # the patterns not blocked
    coded: dict[str, list[str]] = {}
    for index in sorted({i for key in live_keys if key in themes_of for i in themes_of[key]}):
        theme, patterns = book.plan[index]
        live = [p for key, p in patterns if key in live_keys]
        hits = {}
        matched_patterns = set()
        for pattern in live:
            for s, e, matched in _hits(pattern, para.norm, para.word_at, para):
                if vetoed(theme.vetoes, s):
                    continue
                hits.setdefault((s, e), text[s:e] if pattern.within is None else matched)
                matched_patterns.add(pattern.source)
        if hits and len(matched_patterns) >= theme.min_matches:
            coded[theme.id] = list(dict.fromkeys(hits[k].lower() for k in sorted(hits)))
    return coded


def code_texts(texts, book: Codebook) -> tuple[list[str], list[str]]:
    """For each text: its themes (sorted ids joined by ';') and its evidence ("theme: phrase, ..." joined by ' | ')."""
    themes, evidence = [], []
    for text in texts:
        coded = code_text(text, book)
        themes.append(";".join(sorted(coded)))
        evidence.append(" | ".join(f"{t}: {', '.join(coded[t])}" for t in sorted(coded)))
    return themes, evidence


def code_paragraphs(paragraphs: pd.DataFrame, book: Codebook) -> pd.DataFrame:
    """The paragraph table with `themes` (sorted ids joined by ';') and `evidence`."""
    themes, evidence = code_texts(paragraphs.text, book)
    return paragraphs.assign(themes=themes, evidence=evidence)


def theme_sets(column: pd.Series) -> list[set[str]]:
    return [set(filter(None, str(v).split(";"))) if isinstance(v, str) else set() for v in column]


def indicator_matrix(themes: pd.Series, book: Codebook, parents: bool = True) -> pd.DataFrame:
    """0/1 matrix: one row per paragraph, one column per theme (parents = any child)."""
    sets = theme_sets(themes)
    columns = {t: [int(t in s) for s in sets] for t in book.leaves()}
    if parents:
        for parent in book.parents():
            kids = book.children(parent)
            columns[parent] = [int(any(k in s for k in kids)) for s in sets]
    order = [t for t in book.themes if t in columns]
    return pd.DataFrame(columns, index=themes.index)[order]
