"""Statistics that compare themes and words across interviews (`interviews.analysis.comparison`)."""

import math
import random
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from interviews.analysis import comparison
from interviews.coding.codebook import load_codebook


def test_log_odds_matches_hand_worked_example():
    # a: x=2, y=1; b: x=1, y=2; prior = a + b = {x: 3, y: 3}, alpha0 = 6, n_a = n_b = 3.
    # delta_x = log(5 / (3 + 6 - 2 - 3)) - log(4 / (3 + 6 - 1 - 3)) = log(5/4) - log(4/5)
    # var_x = 1/5 + 1/4 = 0.45
    frame = comparison.log_odds(Counter(x=2, y=1), Counter(x=1, y=2)).set_index("word")
    delta = math.log(5 / 4) - math.log(4 / 5)
    assert frame.loc["x", "delta"] == pytest.approx(delta)
    assert frame.loc["x", "variance"] == pytest.approx(0.45)
    assert frame.loc["x", "z"] == pytest.approx(delta / math.sqrt(0.45))
    assert frame.loc["y", "z"] == pytest.approx(-delta / math.sqrt(0.45))
    assert list(frame.index) == ["x", "y"]  # sorted by z, descending


def test_log_odds_with_scaled_prior():
    # prior {x: 1, y: 3} rescaled to alpha0 = 8 -> alpha = {x: 2, y: 6}
    frame = comparison.log_odds(Counter(x=4), Counter(y=4), prior=Counter(x=1, y=3), prior_scale=8).set_index("word")
    expected = math.log((4 + 2) / (4 + 8 - 4 - 2)) - math.log(2 / (4 + 8 - 0 - 2))
    assert frame.loc["x", "delta"] == pytest.approx(expected)
    assert frame.loc["x", "variance"] == pytest.approx(1 / 6 + 1 / 2)


def test_log_odds_needs_prior_for_every_word():
    with pytest.raises(ValueError, match="positive prior"):
        comparison.log_odds(Counter(x=1), Counter(y=1), prior=Counter(x=1))


def test_prevalence_is_a_share_of_answer_paragraphs_with_its_wilson_interval(root):
    codebook = load_codebook(root / "data" / "codebook.yml")
    coded = pd.DataFrame({
        "interview": ["a", "a", "a", "b"],
        "role": ["interviewee", "interviewee", "interviewer", "interviewee"],
        "themes": ["response", "response;volunteering", "response", ""],
        "words": [100, 300, 50, 200],
    })
    prev = comparison.prevalence(coded, codebook, ["response", "volunteering"]).set_index(["interview", "theme"])
    assert prev.loc[("a", "response"), "paragraphs"] == 2  # the question is not an answer
    assert prev.loc[("a", "response"), "share"] == 1.0
    assert prev.loc[("a", "response"), "share_low"] == pytest.approx(0.3424, abs=1e-4)  # Wilson, 2 of 2
    assert prev.loc[("a", "response"), "share_high"] == 1.0
    assert prev.loc[("a", "volunteering"), "share"] == 0.5
    assert prev.loc[("b", "response"), "paragraphs"] == 0


def test_trajectory_places_each_coded_theme_at_its_paragraph_position(root):
    codebook = load_codebook(root / "data" / "codebook.yml")
    coded = pd.DataFrame({
        "interview": ["a", "a", "a", "a", "b"],
        "paragraph": ["a:p01", "a:p02", "a:p03", "a:p04", "b:p01"],
        "n": [1, 2, 3, 4, 1],
        "role": ["narrator", "interviewer", "interviewee", "interviewee", "interviewee"],
        "themes": ["", "response", "response;volunteering", "", "community"],
    })
    t = comparison.trajectory(coded, codebook)
    assert list(zip(t.paragraph, t.theme)) == [("a:p02", "response"), ("a:p03", "response"),
                                               ("a:p03", "volunteering"), ("b:p01", "community")]
    assert list(t.position) == [0.375, 0.625, 0.625, 0.5]  # the middle of the paragraph's slot
    assert t.role.iloc[0] == "interviewer" and t.label.iloc[-1] == codebook.label("community")
    only = comparison.trajectory(coded, codebook, ["volunteering"])
    assert list(only.paragraph) == ["a:p03"]


def test_distinctive_words_takes_the_top_of_each_side():
    frame = comparison.log_odds(Counter(x=9, y=5, w=1), Counter(x=1, z=8, w=1))
    top = comparison.distinctive_words(frame, n=1)
    assert list(zip(top.word, top.side)) == [("x", "a"), ("z", "b")]


def test_speaker_log_odds_compares_answers_only_with_a_prior_the_size_of_the_shorter_speaker():
    coded = pd.DataFrame({
        "interview": ["a", "a", "b"],
        "role": ["interviewee", "interviewer", "interviewee"],
        "text": ["charity charity government", "volunteers volunteers volunteers", "volunteers government"],
    })
    frame = comparison.speaker_log_odds(coded, "a", "b", prior="pooled").set_index("word")
    assert frame.loc["charity", "count_a"] == 2 and frame.loc["volunteers", "count_a"] == 0  # the question is skipped
    pooled = Counter(charity=2, government=2, volunteers=1)
    expected = comparison.log_odds(Counter(charity=2, government=1), Counter(volunteers=1, government=1),
                                   prior=pooled, prior_scale=2).set_index("word")
    pd.testing.assert_frame_equal(frame, expected)


def test_against_rest_scores_each_interview_against_the_others_and_skips_one_without_content_words():
    rng = random.Random(7)
    vocabulary = ["charity", "volunteer", "community", "government", "sector", "epidemic", "policy", "donation"]
    texts = [" ".join(rng.choice(vocabulary) for _ in range(20)) for _ in range(10)]
    coded = pd.DataFrame({"interview": ["a"] * 5 + ["b"] * 5 + ["c"], "role": ["interviewee"] * 11,
                          "text": [*texts, "Because it is."]})  # c answers in stop words only
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no 0/0 for the interview without content words
        table = comparison.against_rest(coded, ["a", "b", "c"], permutations=50)
    assert list(dict.fromkeys(table.interview)) == ["a", "b"]
    a = table[table.interview == "a"]
    expected = comparison.speaker_log_odds(coded, "a", ["b", "c"])
    assert list(a.word) == list(expected.word) and a.z.to_numpy() == pytest.approx(expected.z.to_numpy())
    assert a.threshold.nunique() == 1 and (a.beyond == (a.z > a.threshold)).all()


def test_heatmap_table():
    prevalence = pd.DataFrame({"interview": ["a", "b", "a", "b"], "theme": ["response"] * 2 + ["community"] * 2,
                               "label": ["Crisis", "Crisis", "Community", "Community"], "share": [0.5, 0.25, 0, 1]})
    table = comparison.heatmap_table(prevalence, {"b": "Bea", "a": "Al"})
    assert list(table.columns) == ["Bea", "Al"] and list(table.index) == ["Crisis", "Community"]
    assert table.loc["Crisis", "Al"] == 50 and table.loc["Community", "Bea"] == 100


def test_wilson_interval_matches_the_textbook_formula():
    k, n, z = 3, 7, 1.959964
    centre = (k + z * z / 2) / (n + z * z)
    half = z * math.sqrt(k * (n - k) / n + z * z / 4) / (n + z * z)
    low, high = comparison.wilson_interval(k, n)
    assert low == pytest.approx(centre - half, abs=1e-5) and high == pytest.approx(centre + half, abs=1e-5)
    assert comparison.wilson_interval(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize("level", [0.95, 0.9])
def test_wilson_interval_is_scipys(level):
    from scipy.stats import binomtest

    for n in (1, 2, 7, 40, 333):
        for k in range(n + 1):
            ci = binomtest(k, n).proportion_ci(confidence_level=level, method="wilson")
            low, high = comparison.wilson_interval(k, n, level)
            assert abs(low - ci.low) < 1e-12 and abs(high - ci.high) < 1e-12, (k, n)
            assert (low == 0.0) == (k == 0) and (high == 1.0) == (k == n)


def test_cooccurrence_lift_compares_shared_paragraphs_with_chance_within_each_interview(root):
    codebook = load_codebook(root / "data" / "codebook.yml")
    coded = pd.DataFrame({"interview": ["a"] * 4 + ["b"] * 2,
                          "themes": ["response;volunteering", "response", "volunteering", "", "community;response",
                                     "community;response"]})
    table = comparison.cooccurrence_lift(coded, codebook).set_index(["interview", "theme_a", "theme_b"])
    row = table.loc[("a", "response", "volunteering")]
    assert (row.observed, row.n_a, row.n_b, row.paragraphs) == (1, 2, 2, 4)
    assert row.expected == 1.0 and row.lift == 1.0
    b = table.loc[("b", "response", "community")]
    assert b.expected == 2.0 and b.lift == 1.0, "two themes on every paragraph: exactly chance"
    assert len(table) == 2, "pairs that share no paragraph are left out"


def test_speaker_prior_weighs_both_speakers_alike_or_pools_the_counts():
    a, b = Counter(x=9, y=1), Counter(y=2)
    assert comparison.speaker_prior(a, b) == {"x": pytest.approx(0.45), "y": pytest.approx(0.55)}
    assert comparison.speaker_prior(a, b, "pooled") == {"x": 9, "y": 3}
    with pytest.raises(ValueError, match="unknown prior"):
        comparison.speaker_prior(a, b, "flat")


def test_permutation_thresholds_are_quantiles_of_each_sides_largest_z_under_shuffling():
    rng = random.Random(3)
    vocabulary = ["charity", "volunteer", "community", "government", "sector", "epidemic", "policy", "donation"]
    mixed = [" ".join(rng.choice(vocabulary) for _ in range(30)) for _ in range(16)]
    coded = pd.DataFrame({"interview": ["a"] * 12 + ["b"] * 4, "role": ["interviewee"] * 16, "text": mixed})
    high_a, high_b = comparison.permutation_thresholds(coded, "a", "b", permutations=300, seed=1)
    assert (high_a, high_b) == comparison.permutation_thresholds(coded, "a", "b", permutations=300, seed=1)
    assert 0 < high_a < high_b, "the short side's extremes are larger, so its bar is higher"
    low_a, _ = comparison.permutation_thresholds(coded, "a", "b", permutations=300, level=0.5, seed=1)
    assert low_a < high_a
    apart = coded.assign(text=[text + " charity" * 15 if i < 12 else text for i, text in enumerate(mixed)])
    z = comparison.speaker_log_odds(apart, "a", "b").set_index("word").z
    assert z["charity"] > comparison.permutation_thresholds(apart, "a", "b", permutations=300, seed=1)[0]


def test_permutation_thresholds_are_those_of_each_shuffle_scored_alone():
    """The shuffles are scored a hundred at a time: the same maxima as one shuffle at a time."""
    from scipy import sparse

    rng = random.Random(5)
    vocabulary = ["charity", "volunteer", "community", "government", "sector", "epidemic", "policy", "donation",
                  "hospital", "supplies"]
    texts = [" ".join(rng.choice(vocabulary[: rng.randrange(4, 10)]) for _ in range(rng.randrange(5, 40)))
             for _ in range(23)]
    coded = pd.DataFrame({"interview": ["a"] * 9 + ["b"] * 14, "role": ["interviewee"] * 23, "text": texts})
    for prior in comparison.PRIORS:
        got = comparison.permutation_thresholds(coded, "a", "b", prior=prior, permutations=250, seed=4)
        docs = [Counter(comparison.content_tokens(t)) for t in texts]
        words = sorted(set().union(*docs))
        matrix = sparse.csr_matrix(np.array([[d.get(w, 0) for w in words] for d in docs], dtype=float))
        labels = np.array([True] * 9 + [False] * 14)
        generator = np.random.default_rng(4)
        shuffles = [generator.permutation(labels) for _ in range(250)]
        total = np.asarray(matrix.sum(axis=0)).ravel()
        maxima = []
        for shuffle in shuffles:
            ya = np.asarray(matrix.T @ shuffle.astype(float)).ravel()
            yb = total - ya
            alpha = comparison._prior_vector(ya, yb, prior)
            alpha = alpha * min(ya.sum(), yb.sum()) / alpha.sum()
            z = comparison._z(ya, yb, alpha)[2]
            maxima.append((z.max(), -z.min()))
        expected = np.quantile(np.array(maxima), 0.975, axis=0)
        assert got == pytest.approx(tuple(expected), rel=1e-12)
