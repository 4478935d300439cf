"""Automatic, rule-based coding of paragraphs with the codebook's patterns.

Transparent by design: every theme a paragraph gets comes with the phrases that
matched (`evidence`), so a reader can see why. No model, no training: patterns
are written by a person, from the development half of the hand coding only.
"""

from __future__ import annotations

import bisect
import re

import pandas as pd

from .codebook import Codebook, Pattern

SENTENCE_RE = re.compile(r"[^.!?]+(?:[.!?]+[”’\"']*|$)")
WORD_RE = re.compile(r"\S+")
# Same-length normalizations, so that match positions stay those of the text:
# British -ise/-isation spellings read as American ones, curly apostrophes as straight.
BRITISH_RE = re.compile(
    r"\b(organ|mobil|real|recogn|summar|modern|prior|special|professional|institutional|normal|central)"
    r"is(e|es|ed|ing|ation|ations)\b",
    re.I,
)


def normalize(text: str) -> str:
    """Text as the patterns see it (same length as the input)."""
    text = text.replace("’", "'").replace("‘", "'").replace("\xa0", " ")
    text = re.sub(r"isation", "ization", text)
    return BRITISH_RE.sub(lambda m: f"{m[1]}iz{m[2]}", text)


def _word_index(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1


def _hits(pattern: Pattern, text: str, starts: list[int]) -> list[tuple[int, int, str]]:
    """(start, end, matched text) for one pattern."""
    if pattern.within is None:
        return [(m.start(), m.end(), m.group()) for m in pattern.regexes[0].finditer(text)]
    found = [list(r.finditer(text)) for r in pattern.regexes]
    if not all(found):
        return []
    hits = []
    for anchor in found[0]:
        at = _word_index(starts, anchor.start())
        parts = [anchor]
        for others in found[1:]:
            near = [m for m in others if abs(_word_index(starts, m.start()) - at) <= pattern.within]
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
    """Theme id -> matched phrases, for every leaf theme the text carries."""
    norm = normalize(text)
    starts = [m.start() for m in WORD_RE.finditer(norm)]
    sentences = [m.span() for m in SENTENCE_RE.finditer(norm)]
    coded: dict[str, list[str]] = {}
    for theme_id in book.leaves():
        theme = book.themes[theme_id]
        hits = {}
        matched_patterns = set()
        for pattern in theme.patterns:
            for s, e, matched in _hits(pattern, norm, starts):
                a, b = _sentence(sentences, s)
                sentence = norm[a:b]
                if any(_hits(v, sentence, [m.start() for m in WORD_RE.finditer(sentence)]) for v in theme.vetoes):
                    continue
                hits.setdefault((s, e), text[s:e] if pattern.within is None else matched)
                matched_patterns.add(pattern.source)
        if hits and len(matched_patterns) >= theme.min_matches:
            coded[theme_id] = list(dict.fromkeys(hits[k].lower() for k in sorted(hits)))
    return coded


def code_paragraphs(paragraphs: pd.DataFrame, book: Codebook) -> pd.DataFrame:
    """The paragraph table with `themes` (sorted ids joined by ';') and `evidence`."""
    themes, evidence = [], []
    for text in paragraphs.text:
        coded = code_text(text, book)
        themes.append(";".join(sorted(coded)))
        evidence.append(" | ".join(f"{t}: {', '.join(coded[t])}" for t in sorted(coded)))
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
