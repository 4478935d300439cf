"""Extractive summaries: the most central sentences of an interviewee's answers.

A stand-in for a chapter whose human summary has not been written yet, clearly
labelled as machine-selected. Sentences are compared by TF-IDF cosine
similarity (scikit-learn); a sentence's centrality is its summed similarity to
all other sentences (degree centrality, as in LexRank without the threshold);
the top sentences are shown in source order.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

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


def central_sentences(paragraphs: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """The k most central sentences (ties broken by order), returned in source order, with scores."""
    frame = sentences(paragraphs)
    if len(frame) <= k:
        return frame.assign(centrality=np.nan)
    from sklearn.feature_extraction.text import TfidfVectorizer  # imported when used: scikit-learn is slow to import

    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(frame.sentence)
    similarity = (matrix @ matrix.T).toarray()
    np.fill_diagonal(similarity, 0.0)
    frame = frame.assign(centrality=similarity.sum(axis=1).round(6))
    top = frame.sort_values(["centrality", "position"], ascending=[False, True], kind="stable").head(k)
    return top.sort_values("position").reset_index(drop=True)
