"""The coder's second reader: a classifier learned from hand-coded development paragraphs.

The codebook's patterns find a theme where its usual wordings occur; people who say the
same thing in other words slip past them. A codebook with a ``classifier:`` block adds a
statistical reader, trained on the hand coding of the development text only:

* the training set (:func:`training_set`) is the seed interviews' development half
  (`data/gold/`, the exchange split) and the validation set's development text as of the
  codebook's ``validation_round`` (`data/validation/`; :func:`~interviews.coding.validation.part`):
  never the seed test half or the round's test interviews; with ``examples:`` in the block,
  the paragraphs written to train it as well (:mod:`interviews.coding.examples`);
* each paragraph is a TF-IDF vector of its words and word pairs (English stop words
  dropped, terms in at least ``min_df`` training paragraphs, sublinear term frequency);
  with ``vectors:`` in the block, followed by the paragraph's sentence vector
  (:mod:`interviews.coding.sentences`) times that weight, so that paragraphs of like
  meaning in unlike words also weigh alike;
* each leaf theme with at least two training positives has its own logistic regression
  (L2, strength ``C``, classes weighted by their inverse frequency); a paragraph gets the
  theme when the predicted probability reaches ``threshold`` and at least one of its
  words weighs for the theme (a text with no such word, "We went home.", gets nothing,
  whatever its sentence vector).

The coder gives a paragraph the union of the patterns' themes and the classifier's
(:func:`~interviews.coding.coder.code_texts`). The classifier's evidence is its probability
and the paragraph's words that weigh most for the theme ("learned 0.71: wages, leave"), so
a reviewer sees why. Training is deterministic (fixed data order, a deterministic solver).

scikit-learn fits the model (:func:`fit`); the fitted model is then kept as plain arrays
(the vocabulary, the idf weights, one coefficient row and intercept per theme), and
:func:`predict` applies it with NumPy alone, reproducing scikit-learn's TF-IDF and
logistic functions (a test compares the two). Fitting takes seconds and importing
scikit-learn longer than the coding itself, so :func:`trained` keeps each fitted model in
the machine's cache (:func:`interviews.paths.user_cache_dir`, folder `classifier/`), named
by a digest of everything it is fitted from: a chapter that codes text, a clean build or
another copy of the project loads it instead of fitting it again.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections import Counter
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..errors import InputError
from . import sentences
from .codebook import ClassifierSettings, Codebook

TOP_WORDS = 3  # words named in the evidence
TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern: runs of two or more word characters


@dataclass
class Classifier:
    """A fitted classifier as arrays: the TF-IDF vocabulary and one logistic model per theme that has one."""

    settings: ClassifierSettings
    terms: np.ndarray  # the vocabulary, by column (str)
    idf: np.ndarray  # inverse document frequency of each term
    stop_words: frozenset[str]
    themes: tuple[str, ...]  # themes with a model (at least two training positives), in codebook order
    coef: np.ndarray  # one row per theme in `themes`: a weight per term, then per number of a sentence vector
    intercept: np.ndarray  # one per theme in `themes`
    training_size: int
    positives: dict[str, int]  # every leaf theme -> training paragraphs coded with it

    def __post_init__(self) -> None:
        self.columns = {str(term): k for k, term in enumerate(self.terms)}


def root_of(codebook: Codebook) -> Path:
    """The project a codebook belongs to: the folder above its `data/` folder."""
    return Path(codebook.source).resolve().parent.parent


def training_set(root: Path, codebook: Codebook) -> pd.DataFrame:
    """`paragraph, text, themes` of the development text the codebook may learn from, in a fixed order."""
    from ..corpus import transcripts
    from . import agreement, examples, validation

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
    if codebook.classifier is not None and codebook.classifier.examples:
        frames.append(examples.load(root / codebook.classifier.examples, codebook))
    if not frames:
        raise InputError(codebook.source, "the codebook asks for a classifier, but the project has no hand-coded "
                         "development text to train it on (data/gold/ or data/validation/)")
    return pd.concat(frames, ignore_index=True)


def estimators(texts: list[str], themes: list[set[str]], codebook: Codebook, settings: ClassifierSettings):
    """scikit-learn's fitted vectorizer and {theme: logistic regression} for each leaf theme with two positives."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(ngram_range=(1, settings.max_ngram), min_df=settings.min_df,
                                 sublinear_tf=True, stop_words="english", token_pattern=TOKEN.pattern)
    matrix = vectorizer.fit_transform(texts)
    if settings.vectors:
        from scipy.sparse import csr_matrix, hstack

        matrix = hstack([matrix, csr_matrix(settings.vectors * sentences.encode(texts))]).tocsr()
    models = {}
    for theme in codebook.leaves():
        y = np.array([theme in s for s in themes], dtype=int)
        if y.sum() >= 2:
            models[theme] = LogisticRegression(C=settings.C, class_weight="balanced", max_iter=5000).fit(matrix, y)
    return vectorizer, models


def fit(texts: list[str], themes: list[set[str]], codebook: Codebook, settings: ClassifierSettings) -> Classifier:
    """Fit the vectorizer and a model for each leaf theme with at least two positives (scikit-learn)."""
    vectorizer, models = estimators(texts, themes, codebook, settings)
    fitted = tuple(models)
    width = len(vectorizer.vocabulary_) + (sentences.WIDTH if settings.vectors else 0)
    return Classifier(
        settings=settings,
        terms=np.asarray(vectorizer.get_feature_names_out(), dtype=str),
        idf=np.asarray(vectorizer.idf_, dtype=float),
        stop_words=frozenset(vectorizer.get_stop_words()),
        themes=fitted,
        coef=np.array([models[t].coef_[0] for t in fitted], dtype=float).reshape(len(fitted), width),
        intercept=np.array([models[t].intercept_[0] for t in fitted], dtype=float),
        training_size=len(texts),
        positives={theme: sum(theme in s for s in themes) for theme in codebook.leaves()},
    )


def vectorize(model: Classifier, text: str) -> tuple[np.ndarray, np.ndarray]:
    """The text's TF-IDF vector as (columns, values), in column order: scikit-learn's `transform` for one text.

    Lower-cased tokens without stop words; their n-grams up to `max_ngram`; counts of the
    terms in the vocabulary, taken as 1 + log(count), times the idf, scaled to unit length.
    """
    tokens = [t for t in TOKEN.findall(text.lower()) if t not in model.stop_words]
    grams = Counter(tokens)
    for n in range(2, model.settings.max_ngram + 1):
        grams.update(map(" ".join, zip(*(tokens[j:] for j in range(n)))))
    columns = model.columns
    found = sorted((k, c) for g, c in grams.items() if (k := columns.get(g)) is not None)
    if not found:
        return np.zeros(0, dtype=int), np.zeros(0)
    columns = np.array([k for k, _ in found])
    values = (1.0 + np.log([c for _, c in found])) * model.idf[columns]
    return columns, values / np.sqrt(values @ values)


def read(model: Classifier, texts: list[str]) -> tuple[list[dict[str, str]], np.ndarray]:
    """Each text read once: its evidence by theme (as :func:`predict`) and its probabilities (as
    :func:`probabilities`).

    The texts' TF-IDF vectors are stacked, so that the linear part of every model is one
    weighted count per theme; the words behind a theme are worked out only where it is found.
    """
    found_all: list[dict[str, str]] = [{} for _ in texts]
    linear = np.tile(model.intercept, (len(texts), 1))
    if model.settings.vectors and len(texts):
        meaning = model.settings.vectors * sentences.encode(texts).astype(float)
        linear += meaning @ model.coef[:, len(model.terms):].T
    read_texts = [vectorize(model, text) for text in texts]
    if read_texts:
        rows = np.repeat(np.arange(len(texts)), [len(columns) for columns, _ in read_texts])
        columns = np.concatenate([columns for columns, _ in read_texts])
        values = np.concatenate([values for _, values in read_texts])
        for k in range(len(model.themes)):
            linear[:, k] += np.bincount(rows, weights=model.coef[k, columns] * values, minlength=len(texts))
    scores = 1.0 / (1.0 + np.exp(-linear))
    for i, k in zip(*np.nonzero(scores >= model.settings.threshold)):
        columns, values = read_texts[i]
        contribution = values * model.coef[k, columns]
        terms = model.terms[columns]
        order = np.lexsort((terms, -contribution))  # ties by term, for stable output
        words = [str(terms[j]) for j in order[:TOP_WORDS] if contribution[j] > 0]
        if words:  # a theme needs words of the text that speak for it, not the intercept alone
            found_all[i][model.themes[k]] = f"learned {scores[i, k]:.2f}: {', '.join(words)}"
    return found_all, scores


def probabilities(model: Classifier, texts: list[str]) -> np.ndarray:
    """The predicted probability of each theme with a model (columns in `model.themes` order) for each text."""
    return read(model, texts)[1]


def predict(model: Classifier, texts: list[str]) -> list[dict[str, str]]:
    """For each text: theme id -> evidence ("learned 0.71: word, word") for every theme at or above the threshold."""
    return read(model, texts)[0]


def top_terms(model: Classifier, theme: str, count: int = 8) -> list[str]:
    """The terms whose weight for `theme` is highest (the appendix shows them), ties by term."""
    if theme not in model.themes:
        return []
    weights = model.coef[model.themes.index(theme), :len(model.terms)]
    order = np.lexsort((model.terms, -weights))
    return [str(model.terms[k]) for k in order[:count] if weights[k] > 0]


def save(model: Classifier, path: Path) -> None:
    """Write the fitted model to `path` (NumPy's .npz, no pickled objects), atomically."""
    about = {"settings": asdict(model.settings), "stop_words": sorted(model.stop_words), "themes": list(model.themes),
             "training_size": model.training_size, "positives": model.positives}
    data = io.BytesIO()
    np.savez(data, terms=model.terms, idf=model.idf, coef=model.coef, intercept=model.intercept,
             about=np.array(json.dumps(about, sort_keys=True)))
    paths.write_atomic(path, data.getvalue())


def load(path: Path) -> Classifier:
    """A model written by :func:`save`."""
    with np.load(path, allow_pickle=False) as arrays:
        about = json.loads(str(arrays["about"]))
        return Classifier(ClassifierSettings(**about["settings"]), arrays["terms"], arrays["idf"],
                          frozenset(about["stop_words"]), tuple(about["themes"]), arrays["coef"],
                          arrays["intercept"], about["training_size"], about["positives"])


def digest(frame: pd.DataFrame, codebook: Codebook) -> str:
    """What a fitted model depends on, as a hex digest: the training texts and codes in order, the settings,
    the leaf themes, this module's code and the versions of scikit-learn, SciPy and NumPy; with
    sentence vectors, their module's code and model."""
    reads = (Path(sentences.__file__).read_text(encoding="utf-8"), sentences.about()) \
        if codebook.classifier is not None and codebook.classifier.vectors else ()
    h = hashlib.sha256()
    for part in (json.dumps([list(frame.text), list(frame.themes)]), repr(codebook.classifier),
                 repr(codebook.leaves()), Path(__file__).read_text(encoding="utf-8"), metadata.version("scikit-learn"),
                 metadata.version("scipy"), metadata.version("numpy"), *reads):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def _inputs(root: Path, codebook: Codebook) -> list[Path]:
    """The files the training set is read from (:func:`training_set`), in a fixed order."""
    from . import validation

    files = [paths.gold_file(root), paths.exchange_split_file(root), paths.metadata_file(root),
             *sorted(paths.raw_dir(root).glob("*")), *sorted((root / validation.FOLDER).glob("*.csv"))]
    if codebook.classifier is not None and codebook.classifier.examples:
        files.append(root / codebook.classifier.examples)
    return files


def _stamp(root: Path, codebook: Codebook) -> tuple:
    """What the trained model depends on, cheaply: the training data files (with their mtimes) and the codebook's
    settings, round and themes (the key of the in-process memo)."""
    data = tuple((str(f), f.stat().st_mtime_ns if f.is_file() else None) for f in _inputs(root, codebook))
    return data, codebook.classifier, codebook.validation_round, tuple(codebook.leaves())


def content_key(root: Path, codebook: Codebook) -> str:
    """A digest of the bytes :func:`training_set` reads (the input files, named relative to the project),
    the codebook file and the package's code: two equal keys give equal training sets, so the model's
    :func:`digest` found for one serves the other without reading the training set again."""
    h = hashlib.sha256(paths.package_digest().encode())
    for f in [*_inputs(root, codebook), Path(codebook.source)]:
        f = f.resolve()
        h.update((f.relative_to(root).as_posix() if f.is_relative_to(root) else str(f)).encode())
        h.update(b"\0" + (f.read_bytes() if f.is_file() else b"(none)") + b"\0")
    return h.hexdigest()


_TRAINED: dict[tuple, Classifier] = {}


def cache_file(key: str) -> Path:
    """Where a fitted model with digest `key` is kept: the machine's cache."""
    return paths.user_cache_dir() / "classifier" / f"{key}.npz"


def _digest_file(content: str) -> Path:
    """Where the model digest of training data with :func:`content_key` `content` is noted: the machine's cache."""
    return paths.user_cache_dir() / "classifier" / "inputs" / f"{content}.txt"


def _load_noted(content: str) -> Classifier | None:
    """The cached model noted for inputs with this content key, or None if none is noted or it fails to load."""
    try:
        return load(cache_file(_digest_file(content).read_text(encoding="ascii").strip()))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None


def trained(codebook: Codebook) -> Classifier | None:
    """The codebook's classifier fitted to its project's development text; None without a ``classifier:`` block.

    Kept for the process, and on disk under :func:`cache_file` (a model that fails to load is fitted again).
    The model's digest is noted under the :func:`content_key` of its inputs, so that a process whose
    inputs are byte for byte the same loads the model without reading and checking the training set
    (which takes most of a second).
    """
    if codebook.classifier is None:
        return None
    root = root_of(codebook)
    key = (root, _stamp(root, codebook))
    if key not in _TRAINED:
        content = content_key(root, codebook)
        model = _load_noted(content)
        if model is None:
            frame = training_set(root, codebook)
            name = digest(frame, codebook)
            try:
                model = load(cache_file(name))
            except (OSError, ValueError, KeyError, zipfile.BadZipFile):
                model = fit(list(frame.text), [set(filter(None, t.split(";"))) for t in frame.themes], codebook,
                            codebook.classifier)
                try:
                    save(model, cache_file(name))
                except OSError:
                    pass  # a read-only cache still codes; it fits again next time
            try:
                paths.write_if_changed(_digest_file(content), name + "\n")
            except OSError:
                pass
        _TRAINED[key] = model
    return _TRAINED[key]
