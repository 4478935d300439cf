"""Tests of interviews.coding.classifier: the classifier learned from hand-coded development text."""

import dataclasses
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviews import paths
from interviews.coding import agreement, classifier, coder, examples, sentences, validation
from interviews.coding.codebook import ClassifierSettings, load_codebook
from interviews.corpus import transcripts


@pytest.fixture(scope="module")
def codebook(root):
    return load_codebook(paths.codebook_file(root))


TRAIN = [
    ("Our volunteers came every weekend to help.", {"volunteering"}),
    ("Many volunteers joined after the flood.", {"volunteering", "response"}),
    ("Volunteers from the university taught the children.", {"volunteering"}),
    ("The flood destroyed the village and relief teams arrived.", {"response"}),
    ("After the earthquake the relief work took months.", {"response"}),
    ("The earthquake and the flood both needed relief.", {"response"}),
    ("We rented a small office near the station.", set()),
    ("The office moved twice last year.", set()),
]


def small(codebook, threshold=0.5):
    texts, themes = zip(*TRAIN)
    return classifier.fit(list(texts), list(themes), codebook, ClassifierSettings(1, 1, 10.0, threshold))


def test_fit_trains_a_model_for_each_theme_with_two_positives(codebook):
    model = small(codebook)
    assert model.themes == ("response", "volunteering")
    assert model.positives["volunteering"] == 3 and model.positives["weakness.trust"] == 0
    assert model.training_size == len(TRAIN)
    assert classifier.top_terms(model, "volunteering", 1) == ["volunteers"]
    assert classifier.top_terms(model, "weakness.trust") == []


def test_predict_gives_themes_with_probability_and_the_words_that_weighed_most(codebook):
    model = small(codebook)
    found = classifier.predict(model, ["Volunteers came to the flood relief.", "We went home.", ""])
    assert set(found[0]) == {"volunteering", "response"}
    probability, words = found[0]["volunteering"].split(": ")
    assert probability.startswith("learned 0.") and words.startswith("volunteers, ")
    assert found[1] == {} and found[2] == {}, "no word for the theme, no theme (not the intercept alone)"
    assert classifier.predict(model, []) == []
    strict = small(codebook, threshold=0.99)
    assert classifier.predict(strict, ["Volunteers came to the flood relief."]) == [{}]


def test_training_is_deterministic(codebook):
    texts = ["Volunteers came after the flood and the relief teams.", "The office moved."]
    assert classifier.predict(small(codebook), texts) == classifier.predict(small(codebook), texts)


WORDS = ["volunteers", "flood", "relief", "office", "the", "earthquake", "Volunteers'", "teams", "and", "we",
         "relief-work", "ÉPIDEMIC", "a", "came", "x", "2020", "’s"]


@pytest.fixture(scope="module")
def both(codebook):
    """scikit-learn's fitted estimators and the same fit as arrays, on TRAIN with words and word pairs."""
    train, themes = zip(*TRAIN)
    settings_ = ClassifierSettings(2, 1, 10.0, 0.5)
    return (classifier.estimators(list(train), list(themes), codebook, settings_),
            classifier.fit(list(train), list(themes), codebook, settings_))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join) | st.text(max_size=40), max_size=6))
def test_predict_reproduces_scikit_learn(both, texts):
    texts = [*texts, "Volunteers came to the flood relief.", "relief relief relief relief teams"]
    (vectorizer, models), model = both
    matrix = vectorizer.transform(texts).toarray()
    for i, text in enumerate(texts):
        columns, values = classifier.vectorize(model, text)
        assert list(columns) == list(np.flatnonzero(matrix[i]))
        np.testing.assert_allclose(values, matrix[i][columns], rtol=0, atol=1e-12)
    scores = classifier.probabilities(model, texts)
    for k, theme in enumerate(model.themes):
        np.testing.assert_allclose(scores[:, k], models[theme].predict_proba(matrix)[:, 1], rtol=0, atol=1e-12)


@pytest.fixture(scope="module")
def with_vectors(codebook, tmp_path_factory):
    """scikit-learn's estimators and the arrays, fitted on TRAIN's words and sentence vectors (a temp cache)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INTERVIEWS_CACHE", str(tmp_path_factory.mktemp("vectors")))
        train, themes = zip(*TRAIN)
        settings_ = ClassifierSettings(2, 1, 10.0, 0.5, vectors=2.0)
        yield (classifier.estimators(list(train), list(themes), codebook, settings_),
               classifier.fit(list(train), list(themes), codebook, settings_))


def test_with_sentence_vectors_the_probabilities_are_scikit_learns(with_vectors):
    (vectorizer, models), model = with_vectors
    texts = ["Volunteers came to the flood relief.", "Helpers gave their weekends to the children.",
             "The river rose and families fled the water.", "We went home.", ""]
    matrix = np.hstack([vectorizer.transform(texts).toarray(), 2.0 * sentences.encode(texts)])
    assert model.coef.shape == (len(model.themes), len(model.terms) + sentences.WIDTH)
    scores = classifier.probabilities(model, texts)
    for k, theme in enumerate(model.themes):
        np.testing.assert_allclose(scores[:, k], models[theme].predict_proba(matrix)[:, 1], rtol=0, atol=1e-6)
    words_only = dataclasses.replace(model, coef=model.coef[:, :len(model.terms)],
                                     settings=dataclasses.replace(model.settings, vectors=None))
    assert not np.allclose(scores, classifier.probabilities(words_only, texts)), "the vectors count"
    found = classifier.predict(model, texts)
    assert found[3] == {} and found[4] == {}, "a vector alone gives no theme: the text needs a word for it"
    assert set(classifier.top_terms(model, "volunteering", 50)) <= set(model.terms), "top terms are words"


def test_a_saved_model_loads_equal(codebook, tmp_path):
    model = small(codebook)
    classifier.save(model, tmp_path / "m" / "model.npz")
    again = classifier.load(tmp_path / "m" / "model.npz")
    assert again.themes == model.themes and again.positives == model.positives and again.stop_words == model.stop_words
    assert again.settings == model.settings and again.training_size == model.training_size
    texts = ["Volunteers came to the flood relief.", "The office moved.", ""]
    assert classifier.predict(again, texts) == classifier.predict(model, texts)
    assert [p.name for p in (tmp_path / "m").iterdir()] == ["model.npz"], "no temporary file left behind"


def test_the_digest_follows_the_training_data_and_the_settings(codebook, monkeypatch):
    frame = pd.DataFrame({"text": ["a b", "c d"], "themes": ["volunteering", ""]})
    key = classifier.digest(frame, codebook)
    assert classifier.digest(frame.copy(), codebook) == key
    assert classifier.digest(frame.assign(themes=["", "volunteering"]), codebook) != key
    assert classifier.digest(frame.assign(text=["a b", "c e"]), codebook) != key
    stricter = codebook.__class__(**{**codebook.__dict__, "classifier": ClassifierSettings(2, 2, 3.0, 0.9)})
    words_only = classifier.digest(frame, stricter)
    assert words_only != key
    reading = codebook.__class__(**{**codebook.__dict__,
                                    "classifier": ClassifierSettings(2, 2, 3.0, 0.9, vectors=0.5)})
    with_model = classifier.digest(frame, reading)
    assert with_model not in (key, words_only)
    monkeypatch.setattr(sentences, "WEIGHTS_SHA256", "0" * 64)
    assert classifier.digest(frame, reading) != with_model, "another sentence model, another fit"
    assert classifier.digest(frame, stricter) == words_only, "a model without vectors does not depend on it"


def test_trained_keeps_the_fitted_model_in_the_machines_cache(project, tmp_path):
    vectors = paths.user_cache_dir() / "vectors"  # shared: encoding the training text again takes minutes
    vectors.mkdir(parents=True, exist_ok=True)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "vectors").symlink_to(vectors)
    env = {**os.environ, "INTERVIEWS_CACHE": str(tmp_path / "cache")}
    code = ("import sys; from interviews import paths; from interviews.coding import classifier; "
            "from interviews.coding.codebook import load_codebook; "
            "from pathlib import Path; "
            "calls = []; read = classifier.training_set; "
            "classifier.training_set = lambda *a: calls.append(1) or read(*a); "
            f"m = classifier.trained(load_codebook(paths.codebook_file(Path({str(project)!r})))); "
            "print(m.training_size, 'sklearn' in sys.modules, len(calls))")

    def trained_in_a_new_process() -> list[str]:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env=env).stdout.split()

    first = trained_in_a_new_process()
    cached = list((tmp_path / "cache" / "classifier").glob("*.npz"))
    assert len(cached) == 1 and first[1:] == ["True", "1"]
    second = trained_in_a_new_process()
    assert second == [first[0], "False", "0"], "the second process loads the model, without even the training set"
    metadata = paths.metadata_file(project)
    metadata.write_text(metadata.read_text(encoding="utf-8") + "# an input changed\n", encoding="utf-8")
    changed = trained_in_a_new_process()
    assert changed == [first[0], "False", "1"], "changed inputs are read again; the same training set, no fitting"
    cached[0].write_bytes(b"not a model")
    third = trained_in_a_new_process()
    assert third == first, "a damaged file is fitted again, also when the inputs are noted"
    cached[0].write_bytes(cached[0].read_bytes()[:200])
    fourth = trained_in_a_new_process()
    assert fourth == first, "so is a truncated one"
    assert classifier.load(cached[0]).training_size == int(first[0])


def test_the_training_set_is_development_text_only(root, codebook):
    frame = classifier.training_set(root, codebook)
    paragraphs = transcripts.paragraphs(transcripts.load_corpus(root)[1])
    split = agreement.load_split(paths.exchange_split_file(root), paragraphs)
    written = validation.load(root, codebook)
    round_ = codebook.validation_round
    test = set(split.paragraph[split.split == "test"]) | set(validation.part(written, "test", round_).paragraph)
    assert not set(frame.paragraph) & test, "no seed test paragraph and no test interview of the latest round"
    expected = set(split.paragraph[split.split == "dev"]) | set(
        validation.part(written, "dev", round_).paragraph)
    if codebook.classifier.examples:
        expected |= set(examples.load(root / codebook.classifier.examples, codebook).paragraph)
    assert set(frame.paragraph) == expected
    assert not frame.paragraph.duplicated().any()


def test_written_examples_join_the_training_set_when_the_codebook_names_them(project):
    (project / "data" / "training").mkdir(exist_ok=True)
    (project / "data" / "training" / "extra.yml").write_text(
        "- id: x-1\n  themes: [weakness.talent]\n  text: Our best officer left to sell insurance.\n", encoding="utf-8")
    path = paths.codebook_file(project)
    text = "".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                   if not line.startswith("  examples:"))
    block = next(line for line in text.splitlines() if line.startswith("classifier:"))
    path.write_text(text.replace(block, block + "\n  examples: data/training/extra.yml", 1), encoding="utf-8")
    with_examples = load_codebook(path)
    frame = classifier.training_set(project, with_examples)
    last = frame.iloc[-1]
    assert (last.paragraph, last.text, last.themes) == ("example:x-1", "Our best officer left to sell insurance.",
                                                       "weakness.talent")
    plain = dataclasses.replace(with_examples, classifier=dataclasses.replace(with_examples.classifier, examples=None))
    assert len(frame) == len(classifier.training_set(project, plain)) + 1
    assert classifier.trained(with_examples).training_size == len(frame)


def test_trained_needs_a_classifier_block_and_trains_once(root, codebook, tmp_path):
    assert classifier.trained(load_codebook(paths.codebook_v4_file(root))) is None
    assert classifier.root_of(codebook) == root.resolve()
    model = classifier.trained(codebook)
    assert model is classifier.trained(codebook), "kept for the process"
    assert model.training_size == len(classifier.training_set(root, codebook))


def test_the_coder_adds_the_classifiers_themes_to_the_patterns(root, codebook):
    codebook = dataclasses.replace(codebook, classifier=dataclasses.replace(codebook.classifier, confirm=None))
    patterns_only = load_codebook(paths.codebook_v4_file(root))
    text = "Young staff leave after two years because the salary cannot support a family."
    themes, evidence = coder.code_texts([text], codebook)
    plain, _ = coder.code_texts([text], patterns_only)
    assert set(filter(None, plain[0].split(";"))) <= set(themes[0].split(";"))
    learned = [part for part in evidence[0].split(" | ") if ": learned " in part]
    assert learned, "the classifier found a theme the patterns missed"
    assert all(part.split(": ", 1)[0] not in plain[0].split(";") for part in learned), "patterns' evidence wins"
    frame = pd.DataFrame({"text": [text]})
    assert coder.code_paragraphs(frame, codebook).themes[0] == themes[0]


def test_with_confirm_a_patterns_theme_needs_the_classifiers_probability(codebook, monkeypatch):
    texts, themes = zip(*TRAIN)
    model = classifier.fit(list(texts), list(themes), codebook, ClassifierSettings(1, 1, 10.0, 0.99, confirm=0.6))
    monkeypatch.setattr(classifier, "trained", lambda _: model)
    probe = ["Our volunteers came every weekend.", "The office asked for volunteers.", "Volunteers and donors.",
             "Capacity is weak: too few professional staff, and volunteers come and go.", "We went home."]
    patterns = [set(coder.code_text(t, codebook)) for t in probe]
    scores = classifier.probabilities(model, probe)
    coded, evidence = coder.code_texts(probe, codebook)
    kept = dropped = 0
    for found, got, score, note in zip(patterns, coded, scores, evidence):
        expected = {t for t in found if t not in model.themes or score[model.themes.index(t)] >= 0.6}
        assert set(filter(None, got.split(";"))) == expected, "threshold 0.99: no theme from the classifier alone"
        kept += len(expected & set(model.themes))
        dropped += len(found - expected)
        assert "learned" not in note
    assert kept and dropped, "the probe keeps one pattern theme and drops another"
