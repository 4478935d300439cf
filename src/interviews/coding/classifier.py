"""The coder's second reader: a classifier learned from hand-coded development paragraphs.

The codebook's patterns find a theme where its usual wordings occur; people who say the
same thing in other words slip past them. A codebook with a ``classifier:`` block adds a
statistical reader, trained on the hand coding of the development text only:

* the training set (:func:`training_set`) is the seed interviews' development half
  (`data/gold/`, the exchange split) and the validation set's development text as of the
  codebook's ``validation_round`` (`data/validation/`; :func:`~interviews.coding.validation.part`):
  never the seed test half or the round's test interviews;
* each paragraph is a TF-IDF vector of its words and word pairs (English stop words
  dropped, terms in at least ``min_df`` training paragraphs, sublinear term frequency);
* each leaf theme with at least two training positives has its own logistic regression
  (L2, strength ``C``, classes weighted by their inverse frequency); a paragraph gets the
  theme when the predicted probability reaches ``threshold`` and at least one of its
  words weighs for the theme (a text with no such word, "We went home.", gets nothing).

The coder gives a paragraph the union of the patterns' themes and the classifier's
(:func:`~interviews.coding.coder.code_texts`). The classifier's evidence is its probability
and the paragraph's words that weigh most for the theme ("learned 0.71: wages, leave"), so
a reviewer sees why. Training is deterministic (fixed data order, a deterministic solver)
and takes a second or two; the model is kept for the process once trained.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from .codebook import ClassifierSettings, Codebook

TOP_WORDS = 3  # words named in the evidence


@dataclass
class Classifier:
    """A trained classifier: the vectorizer, one model per theme (themes with too few positives have none)."""

    settings: ClassifierSettings
    vectorizer: object  # sklearn TfidfVectorizer
    models: dict[str, object]  # theme id -> sklearn LogisticRegression
    terms: np.ndarray  # the vectorizer's vocabulary, by column
    training_size: int
    positives: dict[str, int]  # theme id -> training paragraphs coded with it


def root_of(codebook: Codebook) -> Path:
    """The project a codebook belongs to: the folder above its `data/` folder."""
    return Path(codebook.source).resolve().parent.parent


def training_set(root: Path, codebook: Codebook) -> pd.DataFrame:
    """`paragraph, text, themes` of the development text the codebook may learn from, in a fixed order."""
    from .. import paths
    from ..corpus import transcripts
    from . import agreement, validation

    frames = []
    gold_path, split_path = paths.gold_file(root), paths.exchange_split_file(root)
    if gold_path.is_file() and split_path.is_file():
        paragraphs = transcripts.paragraphs(transcripts.load_corpus(root)[1])
        gold = agreement.load_gold(gold_path, codebook, paragraphs)
        split = agreement.load_split(split_path, paragraphs)
        dev = gold[gold.paragraph.isin(split.paragraph[split.split == "dev"])]
        frames.append(dev.merge(paragraphs[["paragraph", "text"]], on="paragraph")[["paragraph", "text", "themes"]])
    if (root / validation.FOLDER / "paragraphs.csv").is_file():
        written = validation.load(root, codebook)
        frames.append(validation.part(written, "dev", codebook.validation_round)[["paragraph", "text", "themes"]])
    if not frames:
        raise InputError(codebook.source, "the codebook asks for a classifier, but the project has no hand-coded "
                         "development text to train it on (data/gold/ or data/validation/)")
    return pd.concat(frames, ignore_index=True)


def fit(texts: list[str], themes: list[set[str]], codebook: Codebook, settings: ClassifierSettings) -> Classifier:
    """Train the vectorizer and a model for each leaf theme with at least two positives."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(ngram_range=(1, settings.max_ngram), min_df=settings.min_df,
                                 sublinear_tf=True, stop_words="english")
    matrix = vectorizer.fit_transform(texts)
    models, positives = {}, {}
    for theme in codebook.leaves():
        y = np.array([theme in s for s in themes], dtype=int)
        positives[theme] = int(y.sum())
        if positives[theme] >= 2:
            models[theme] = LogisticRegression(C=settings.C, class_weight="balanced", max_iter=5000).fit(matrix, y)
    return Classifier(settings, vectorizer, models, vectorizer.get_feature_names_out(), len(texts), positives)


def predict(model: Classifier, texts: list[str]) -> list[dict[str, str]]:
    """For each text: theme id -> evidence ("learned 0.71: word, word") for every theme at or above the threshold."""
    if not texts:
        return []
    matrix = model.vectorizer.transform(texts)
    out: list[dict[str, str]] = [{} for _ in texts]
    for theme, clf in model.models.items():
        probability = clf.predict_proba(matrix)[:, 1]
        weights = clf.coef_[0]
        for i in np.flatnonzero(probability >= model.settings.threshold):
            row = matrix.getrow(i)
            contribution = row.data * weights[row.indices]
            order = np.lexsort((model.terms[row.indices], -contribution))  # ties by term, for stable output
            words = [model.terms[row.indices[k]] for k in order[:TOP_WORDS] if contribution[k] > 0]
            if words:  # a theme needs words of the text that speak for it, not the intercept alone
                out[i][theme] = f"learned {probability[i]:.2f}: {', '.join(words)}"
    return out


def top_terms(model: Classifier, theme: str, count: int = 8) -> list[str]:
    """The terms whose weight for `theme` is highest (the appendix shows them), ties by term."""
    clf = model.models.get(theme)
    if clf is None:
        return []
    weights = clf.coef_[0]
    order = np.lexsort((model.terms, -weights))
    return [str(model.terms[k]) for k in order[:count] if weights[k] > 0]


def _stamp(root: Path, codebook: Codebook) -> tuple:
    """What the trained model depends on: the training data files (with their mtimes) and the codebook's
    settings, round and themes."""
    from .. import paths
    from . import validation

    files = [paths.gold_file(root), paths.exchange_split_file(root), paths.metadata_file(root),
             *sorted(paths.raw_dir(root).glob("*")), *sorted((root / validation.FOLDER).glob("*.csv"))]
    data = tuple((str(f), f.stat().st_mtime_ns if f.is_file() else None) for f in files)
    return data, codebook.classifier, codebook.validation_round, tuple(codebook.leaves())


_TRAINED: dict[tuple, Classifier] = {}


def trained(codebook: Codebook) -> Classifier | None:
    """The codebook's classifier, trained on its project's development text (once per process); None without one."""
    if codebook.classifier is None:
        return None
    root = root_of(codebook)
    key = (root, _stamp(root, codebook))
    if key not in _TRAINED:
        frame = training_set(root, codebook)
        _TRAINED[key] = fit(list(frame.text), [set(filter(None, t.split(";"))) for t in frame.themes], codebook,
                            codebook.classifier)
    return _TRAINED[key]
