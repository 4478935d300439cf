"""The numbers the chapters quote (`interviews.report.numbers`), on the project's corpus and on small tables."""

import pandas as pd
import pytest

from interviews.coding import sentences
from interviews.report import chapter_data, figures, numbers


@pytest.fixture(scope="module")
def themes(root):
    return chapter_data.load_themes(root)


def test_prevalence_gives_counts_and_rounded_shares():
    table = pd.DataFrame({"interview": ["a", "a"], "theme": ["x", "y"], "paragraphs": [1, 2], "share": [1 / 3, 0.675],
                          "share_low": [0.061, 0.2], "share_high": [0.792, 0.96]})
    assert numbers.prevalence(table) == {"a-x-n": 1, "a-x-pct": 33, "a-x-low": 6, "a-x-high": 79,
                                         "a-y-n": 2, "a-y-pct": 68, "a-y-low": 20, "a-y-high": 96}


def test_interviews_counts_paragraphs_and_answers(themes):
    out = numbers.interviews(themes)
    assert out["wang-zhongping-2022-paragraphs"] == 15
    assert out["wang-zhongping-2022-answer-paragraphs"] == 7
    assert out["wang-zhongping-2022-one-paragraph-pct"] == pytest.approx(100 / 7)
    assert out["liu-youping-2020-answer-paragraphs"] == 41


def test_cooccurrence_counts_paragraphs_with_both_themes(themes):
    out = numbers.cooccurrence(themes)
    wang = themes.best[themes.best.interview == "wang-zhongping-2022"].themes.str.split(";")
    both = sum("community" in t and "volunteering" in t for t in wang)
    assert out["wang-zhongping-2022-community+volunteering-n"] == both > 0
    assert "wang-zhongping-2022-volunteering+community-n" not in out, "each pair once, ids sorted"


def test_coder_counts_are_the_coders_answer_paragraphs_and_best_counts_the_hand_coding(themes):
    coder = numbers.coder_counts(themes, "weakness")
    coded = themes.coded[(themes.coded.interview == "liu-youping-2020") & (themes.coded.role == "interviewee")]
    found = coded.themes.str.split(";").map(lambda t: "weakness.independence" in t)
    assert 5 < found.sum() < len(coded), "the coder's answer paragraphs with the theme, not all or the hand coding's"
    assert coder["liu-youping-2020-weakness.independence-coder-n"] == found.sum()
    assert all(key.endswith("-coder-n") and ".".join(key.split("-")[3:]).startswith("weakness") for key in coder)
    best = numbers.prevalence(themes.prevalence(["weakness.independence"]))
    assert best["liu-youping-2020-weakness.independence-n"] == 5


def test_distinctive_words_counts_each_side_of_each_threshold(themes):
    table = pd.DataFrame({"word": ["a", "b", "c", "d"], "z": [2.5, 1.0, -1.97, -4.0],
                          "threshold_a": [2.4] * 4, "threshold_b": [4.5] * 4})
    first, second = figures.log_odds_pair(themes)
    out = numbers.distinctive_words(themes, table)
    assert (out[f"{first}-threshold"], out[f"{second}-threshold"]) == (2.4, 4.5)
    assert (out[f"{first}-distinctive-words-196"], out[f"{second}-distinctive-words-196"]) == (1, 2)
    assert (out[f"{first}-distinctive-words"], out[f"{second}-distinctive-words"]) == (1, 0)
    assert (out[f"{first}-distinctive-list"], out[f"{second}-distinctive-list"]) == ("“a”", "none")


def test_unmerged_words_read_the_texts_as_printed(themes):
    first, second = figures.log_odds_pair(themes)
    out = numbers.distinctive_words_unmerged(themes)
    assert "“social”" in out[f"{first}-distinctive-list-unmerged"]  # "social organizations" split in two
    assert "social organizations" not in out[f"{first}-distinctive-list-unmerged"]


def test_concept_map_counts_concepts_and_the_codes_it_changes(themes):
    out = numbers.concept_map(themes)
    assert out["concepts"] == len(themes.concepts) >= 1
    assert out["concept-variants"] > out["concepts"]
    assert 0 <= out["concept-coding-changes"] <= len(themes.coded)


def test_quoted_list_joins_words_as_prose():
    assert numbers.quoted_list(["x", "y", "z"]) == "“x”, “y” and “z”"
    assert numbers.quoted_list(["x", "y"]) == "“x” and “y”"


def test_agreement_adds_the_seed_and_the_number_of_themes(themes, report):
    out = numbers.agreement(themes, report)
    assert out["n-leaves"] == len(themes.codebook.leaves()) and out["exchange-seed"] == 20261203
    assert out["n-gold"] == 76
    assert out["classifier-training-v5"] < out["classifier-training-v6"] < out["classifier-training"], (
        "each round's codebook learns from more text")
    assert "classifier-training-v4" not in out, "a codebook without a classifier has no training size"
    settings = themes.codebook.classifier
    assert out["classifier-confirm"] == settings.confirm and out["classifier-threshold"] == settings.threshold
    assert out["classifier-vectors"] == settings.vectors and out["classifier-threshold-v8"] == 0.5
    assert out["classifier-vector-width"] == len(sentences.encode(["A sentence."])[0])
    assert "classifier-threshold-v4" not in out
    assert out["classifier-training"] - out["classifier-examples"] > out["classifier-training-v6"], (
        "the written examples come on top of the hand-coded development text")
    assert (out["test-micro-support"], out["test-micro-coded"]) == (out["test-support"], out["test-coded"])
    latest = report.validation[report.latest].set_index("theme").loc["micro average"]
    assert out[f"validation-{report.latest}-micro-coded"] == latest.predicted > 0


def test_cooccurrence_lift_keys_give_expected_counts_and_lifts(themes):
    out = numbers.cooccurrence_lift(themes)
    key = "wang-zhongping-2022-community+volunteering"
    shared = numbers.cooccurrence(themes)[f"{key}-n"]
    assert out[f"{key}-lift"] == pytest.approx(shared / out[f"{key}-expected"], rel=1e-3)
    assert not any("volunteering+community" in k for k in out), "ids sorted within a key"


def test_alignment_counts_each_status_per_interview(themes):
    out = numbers.alignment(themes)
    assert out["wang-zhongping-2022-exchanges"] == 4 and out["liu-youping-2020-exchanges"] == 13
    assert out["wang-zhongping-2022-asked-only"] == 0
    long = figures.question_answer_alignment(themes).data
    assert sum(out[f"liu-youping-2020-{k}"] for k in ("asked-answered", "asked-only", "answered-only")) == \
        int((long.interview == "liu-youping-2020").sum())


def test_agreement_counts_the_validation_sets_interviews_and_paragraphs(themes, report):
    out = numbers.agreement(themes, report)
    assert out["validation-r1-dev-interviews"] + out["validation-r1-test-interviews"] == 6
    assert out["validation-r1-dev-paragraphs"] + out["validation-r1-test-paragraphs"] == 222
    for later in range(2, out["validation-round"] + 1):  # a later round develops on every earlier one
        assert out[f"validation-r{later}-dev-paragraphs"] >= 222
    assert 0 <= out["validation-r1-v3-test-zero-recall"] <= out["validation-r1-v3-test-themes"]
    assert out["validation-r1-v2-test-micro-f1"] < out["validation-r1-v3-test-micro-f1"] < 0.5, "as published"
    assert out["validation-latest-test-micro-f1-low"] <= out["validation-latest-test-micro-f1-high"]


def test_glue_glues_only_the_values_the_books_pages_quote(root, monkeypatch):
    import myst_nb

    glued = {}
    monkeypatch.setattr(myst_nb, "glue", lambda key, value, display=False: glued.setdefault(key, (value, display)))
    numbers.glue({"n-interviews": 2, "liu-youping-2020-response-pct": 20, "not-quoted-anywhere": 3}, root)
    assert glued == {"n-interviews": (2, False), "liu-youping-2020-response-pct": (20, False)}


def test_evidence_example_quotes_the_classifiers_evidence_or_refuses(themes):
    out = numbers.evidence_example(themes, "liu-youping-2020:p15", "response")
    evidence = themes.coded.set_index("paragraph").evidence["liu-youping-2020:p15"]
    assert out["evidence-example"].startswith("learned ") and f"response: {out['evidence-example']}" in evidence
    pattern_found = themes.coded[themes.coded.evidence.str.contains(r"(?:^|\| )[a-z.]+: (?!learned|from )")]
    row = pattern_found.iloc[0]
    theme = next(p.split(": ", 1)[0] for p in row.evidence.split(" | ") if not p.split(": ", 1)[1].startswith(
        ("learned ", "from ")))
    with pytest.raises(ValueError, match="not the classifier's"):
        numbers.evidence_example(themes, row.paragraph, theme)
    with pytest.raises(ValueError, match="none"):
        numbers.evidence_example(themes, "liu-youping-2020:p15", "no-such-theme")
