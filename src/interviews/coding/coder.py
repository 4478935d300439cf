"""Automatic coding of paragraphs with the codebook's patterns (and its classifier, if it has one).

Transparent by design: every theme a paragraph gets comes with its evidence, so a reader
can see why. The patterns are written by a person (`data/codebook.yml`) and their evidence
is the phrases that matched; a codebook may add a classifier learned from hand-coded
development text (:mod:`interviews.coding.classifier`), whose evidence is its probability
and the words that weighed most. :func:`code_text` is the definition of the patterns'
coding, in four steps:

1. the text is normalized (curly apostrophes, non-breaking spaces and British
   -ise/-isation spellings read as their plain forms; the length never changes,
   so every match points into the original text);
2. for each theme that is nobody's parent, in codebook order, every pattern is
   matched against the whole text; a co-occurrence pattern (``{all: [...], within: N}``)
   matches where each of its phrases occurs within N words of the first;
3. a match is dropped when one of the theme's vetoes (``not:``) matches in the
   same sentence;
4. the theme is given when at least `min_matches` different patterns matched; its
   evidence is the matched phrases, lower-cased, in text order, each once.

Where the paragraphs' exchanges are known, :func:`code_paragraphs` adds one step
(:func:`carry_over`): a theme marked ``carry`` that a question is coded with is given
to every answer paragraph of the same exchange, with the question as its evidence.

:func:`code_texts` and :func:`code_paragraphs`, which the book uses, add the classifier's
themes to the patterns' and compute the patterns' coding with shortcuts that skip work
that cannot change a result (the private module `_fast`); a test keeps the two identical
on the corpus and perturbed texts.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from .codebook import Codebook, Pattern

SENTENCE_RE = re.compile(r"[^.!?]+(?:[.!?]+[”’\"']*|$)")
WORD_RE = re.compile(r"\S+")
# British -ise/-isation spellings of these stems read as the American ones (same length).
BRITISH_STEMS = (
    "organ", "mobil", "real", "recogn", "summar", "modern", "prior", "special", "professional", "institutional",
    "normal", "central",
)
BRITISH_RE = re.compile(rf"\b({'|'.join(BRITISH_STEMS)})is(e|es|ed|ing|ation|ations)\b", re.I)

Hit = tuple[int, int, str]  # start and end offset in the text, and the matched text


def normalize(text: str) -> str:
    """Text as the patterns see it: same length as the input, so that offsets carry over."""
    text = text.replace("’", "'").replace("‘", "'").replace("\xa0", " ").replace("isation", "ization")
    return BRITISH_RE.sub(lambda m: f"{m[1]}iz{m[2]}", text)


def word_index(text: str) -> Callable[[int], int]:
    """A function giving the index of the word at (or before) an offset of `text`."""
    starts = [m.start() for m in WORD_RE.finditer(text)]
    return lambda offset: bisect.bisect_right(starts, offset) - 1


def combine(pattern: Pattern, found: list[list[re.Match]], word_at: Callable[[int], int]) -> list[Hit]:
    """The hits of a pattern from the matches of each of its regexes (all non-empty).

    A plain pattern's hits are its regex's matches. A co-occurrence pattern's hit is
    anchored at a match of its first phrase and takes, for each other phrase, the
    nearest match within `pattern.within` words; the hit spans them all.
    """
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
            start, end = min(m.start() for m in parts), max(m.end() for m in parts)
            hits.append((start, end, " … ".join(m.group() for m in sorted(parts, key=lambda m: m.start()))))
    return hits


def pattern_hits(pattern: Pattern, text: str) -> list[Hit]:
    """Every hit of one pattern in `text` (already normalized)."""
    found = [list(regex.finditer(text)) for regex in pattern.regexes]
    if not all(found):
        return []
    return combine(pattern, found, word_index(text))


def sentence_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The (start, end) of the sentence holding `offset`, from the text's sentence spans; (0, 0) if none."""
    for start, end in spans:
        if start <= offset < end:
            return start, end
    return 0, 0


def evidence(text: str, hits: dict[tuple[int, int], str]) -> list[str]:
    """The matched phrases of one theme, lower-cased, in text order, each once."""
    return list(dict.fromkeys(hits[span].lower() for span in sorted(hits)))


def code_text(text: str, codebook: Codebook) -> dict[str, list[str]]:
    """Theme id -> matched phrases, for every theme the text carries (the definition of the coder)."""
    norm = normalize(text)
    sentences = [m.span() for m in SENTENCE_RE.finditer(norm)]
    coded = {}
    for theme_id in codebook.leaves():
        theme = codebook.themes[theme_id]
        hits: dict[tuple[int, int], str] = {}
        matched = set()
        for pattern in theme.patterns:
            for start, end, phrase in pattern_hits(pattern, norm):
                a, b = sentence_at(sentences, start)
                if any(pattern_hits(veto, norm[a:b]) for veto in theme.vetoes):
                    continue
                hits.setdefault((start, end), text[start:end] if pattern.within is None else phrase)
                matched.add(pattern.source)
        if hits and len(matched) >= theme.min_matches:
            coded[theme_id] = evidence(text, hits)
    return coded


def code_texts(texts: Iterable[str], codebook: Codebook) -> tuple[list[str], list[str]]:
    """For each text: its themes (sorted ids joined by ';') and its evidence ("theme: phrase, ..." joined by ' | ').

    The themes are the patterns' and, for a codebook with a classifier, the classifier's
    (:mod:`interviews.coding.classifier`); a theme both find keeps the patterns' evidence.
    With the classifier's ``confirm`` setting, a theme the patterns find stands only where
    the classifier gives it at least that probability (a theme without a model keeps its
    patterns' themes).
    """
    from . import classifier
    from ._fast import code_text as fast_code_text  # the same function as code_text, faster

    texts = list(texts)
    model = classifier.trained(codebook)
    learned, scores = classifier.read(model, texts) if model is not None else ([{} for _ in texts], None)
    confirm = model.settings.confirm if model is not None else None
    themes, evidence_texts = [], []
    for i, (text, found) in enumerate(zip(texts, learned)):
        patterns = fast_code_text(text, codebook)
        if confirm is not None:
            patterns = {t: e for t, e in patterns.items()
                        if t not in model.themes or scores[i, model.themes.index(t)] >= confirm}
        coded = {**{t: [e] for t, e in found.items()}, **patterns}
        themes.append(";".join(sorted(coded)))
        evidence_texts.append(" | ".join(f"{t}: {', '.join(coded[t])}" for t in sorted(coded)))
    return themes, evidence_texts


def evidence_parts(evidence: str) -> dict[str, str]:
    """One paragraph's `evidence` cell ("theme: phrase, phrase | theme: learned 0.71: word") as theme -> its
    evidence, the inverse of how :func:`code_texts` joins it."""
    return dict(part.split(": ", 1) for part in str(evidence).split(" | ") if part)


def carry_over(paragraphs: pd.DataFrame, themes: list[str], evidence: list[str],
               codebook: Codebook) -> tuple[list[str], list[str]]:
    """Themes marked ``carry`` on a question, given also to the answer paragraphs of its exchange.

    `paragraphs` needs `interview`, `paragraph`, `exchange` and `role` (questions are
    the interviewer's paragraphs, answers the interviewees'); the opening (exchange 0)
    carries nothing. A carried theme's evidence names the question: "from question <id>".
    Without those columns, or without a theme to carry, the coding is returned unchanged.
    """
    carried = {t for t in codebook.leaves() if codebook.themes[t].carry}
    if not carried or not {"interview", "paragraph", "exchange", "role"} <= set(paragraphs.columns):
        return themes, evidence
    keys = list(zip(paragraphs.interview, paragraphs.exchange, paragraphs.role, paragraphs.paragraph))
    topics: dict[tuple, dict[str, str]] = {}
    for (interview, exchange, role, paragraph), coded in zip(keys, themes):
        if role == "interviewer" and exchange:
            for theme in coded.split(";"):
                if theme in carried:
                    topics.setdefault((interview, exchange), {}).setdefault(theme, paragraph)
    themes, evidence = list(themes), list(evidence)
    for i, (interview, exchange, role, _) in enumerate(keys):
        added = {t: q for t, q in topics.get((interview, exchange), {}).items()
                 if role == "interviewee" and t not in themes[i].split(";")}
        if added:
            parts = evidence_parts(evidence[i])
            parts.update({t: f"from question {q}" for t, q in added.items()})
            themes[i] = ";".join(sorted(parts))
            evidence[i] = " | ".join(f"{t}: {parts[t]}" for t in sorted(parts))
    return themes, evidence


def code_paragraphs(paragraphs: pd.DataFrame, codebook: Codebook, kept: bool = False) -> pd.DataFrame:
    """The paragraph table with `themes` (sorted ids joined by ';') and `evidence`, questions' topics carried.

    With `kept`, the texts' coding is read from the machine's cache where it was computed
    before, and kept there otherwise (:func:`interviews.coding.memo.code_texts`).
    """
    if kept:
        from .memo import code_texts as coding
    else:
        coding = code_texts
    themes, evidence_texts = coding(list(paragraphs.text), codebook)
    themes, evidence_texts = carry_over(paragraphs, themes, evidence_texts, codebook)
    return paragraphs.assign(themes=themes, evidence=evidence_texts)


def theme_sets(column: pd.Series) -> list[set[str]]:
    """Each cell of a `themes` column (ids joined by ';') as a set of theme ids."""
    return [set(filter(None, str(v).split(";"))) if isinstance(v, str) else set() for v in column]


def indicator_matrix(themes: pd.Series, codebook: Codebook, parents: bool = True) -> pd.DataFrame:
    """0/1 matrix: one row per paragraph, one column per theme (parents = any child)."""
    leaves = codebook.leaves()
    column = {t: k for k, t in enumerate(leaves)}
    # Each distinct cell is read once: a coding has far fewer distinct cells than paragraphs.
    cells = np.array([v if isinstance(v, str) else "" for v in themes.to_numpy(dtype=object)], dtype=object)
    codes, distinct = pd.factorize(cells)
    small = np.zeros((len(distinct), len(leaves)), dtype=int)
    for row, found in enumerate(theme_sets(distinct)):
        small[row, [column[t] for t in found if t in column]] = 1
    matrix = small[codes]
    columns = dict(zip(leaves, matrix.T))
    if parents:
        for parent in codebook.parents():
            kids = [column[k] for k in codebook.children(parent) if k in column]
            columns[parent] = matrix[:, kids].max(axis=1, initial=0)
    order = [t for t in codebook.themes if t in columns]
    values = np.column_stack([columns[t] for t in order]) if order else np.zeros((len(cells), 0), dtype=int)
    return pd.DataFrame(values, index=themes.index, columns=order)


def leaf_codes(themes: pd.Series, codebook: Codebook) -> np.ndarray:
    """0/1 codes of a `themes` column: one row per paragraph, one column per leaf theme in codebook order."""
    return indicator_matrix(themes, codebook, parents=False)[codebook.leaves()].to_numpy()
