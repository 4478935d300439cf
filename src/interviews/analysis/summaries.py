"""Extractive summaries: the most central sentences of an interviewee's answers.

A stand-in for a chapter whose human summary has not been written yet, clearly
labelled as machine-selected. Sentences are compared by TF-IDF cosine
similarity over their content words (:func:`tfidf_rows`); a sentence's centrality
is its summed similarity to all other sentences (degree centrality, as in LexRank
without the threshold); the top sentences are shown in source order.

The TF-IDF weights are scikit-learn's (`TfidfVectorizer` with sublinear term
frequency; a test compares the two), computed here with NumPy: importing
scikit-learn takes over a second, and every new interview's chapter would pay it.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

from . import words

SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])[”’\"']?\s+(?=[A-Z“‘\"'])")
MIN_WORDS = 6


def sentences(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of at least MIN_WORDS words: paragraph id, position, sentence."""
    rows = []
    for p in paragraphs.itertuples():
        for i, sentence in enumerate(SENTENCE_SPLIT_RE.split(p.text)):
            sentence = sentence.strip()
            if len(sentence.split()) >= MIN_WORDS:
                rows.append({"paragraph": p.paragraph, "position": len(rows), "index": i, "sentence": sentence})
    return pd.DataFrame(rows, columns=["paragraph", "position", "index", "sentence"])


def tfidf_rows(texts: list[str]) -> np.ndarray:
    """Each text as a row of TF-IDF weights over the texts' content words (:func:`words.content_tokens` of
    two or more letters; columns in alphabetical order), scaled to unit length: (1 + ln count) times
    ln((1 + n) / (1 + texts with the word)) + 1. A text without content words is a row of zeros."""
    counts = [Counter(words.content_tokens(text, min_length=2)) for text in texts]
    column = {word: j for j, word in enumerate(sorted(set().union(*counts)))}
    matrix = np.zeros((len(texts), len(column)))
    for i, count in enumerate(counts):
        for word, n in count.items():
            matrix[i, column[word]] = 1.0 + np.log(n)
    matrix *= np.log((1 + len(texts)) / (1 + (matrix > 0).sum(axis=0))) + 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def central_sentences(paragraphs: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """The k most central sentences (ties broken by order), returned in source order, with scores."""
    frame = sentences(paragraphs)
    if len(frame) <= k:
        return frame.assign(centrality=np.nan)
    matrix = tfidf_rows(list(frame.sentence))
    similarity = matrix @ matrix.T
    np.fill_diagonal(similarity, 0.0)
    frame = frame.assign(centrality=similarity.sum(axis=1).round(6))
    top = frame.sort_values(["centrality", "position"], ascending=[False, True], kind="stable").head(k)
    return top.sort_values("position").reset_index(drop=True)
