"""Tests of interviews.coding.classifier: the classifier learned from hand-coded development text."""

import pandas as pd
import pytest

from interviews import paths
from interviews.coding import agreement, classifier, coder, validation
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
    assert set(model.models) == {"volunteering", "response"}
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
    assert set(frame.paragraph) == expected
    assert not frame.paragraph.duplicated().any()


def test_trained_needs_a_classifier_block_and_trains_once(root, codebook, tmp_path):
    assert classifier.trained(load_codebook(paths.codebook_v4_file(root))) is None
    assert classifier.root_of(codebook) == root.resolve()
    model = classifier.trained(codebook)
    assert model is classifier.trained(codebook), "kept for the process"
    assert model.training_size == len(classifier.training_set(root, codebook))


def test_the_coder_adds_the_classifiers_themes_to_the_patterns(root, codebook):
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
