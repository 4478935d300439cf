import math
from collections import Counter

import pandas as pd
import pytest

from interviews import compare
from interviews.codebook import load_codebook


def test_log_odds_matches_hand_worked_example():
    # a: x=2, y=1; b: x=1, y=2; prior = a + b = {x: 3, y: 3}, alpha0 = 6, n_a = n_b = 3.
    # delta_x = log(5 / (3 + 6 - 2 - 3)) - log(4 / (3 + 6 - 1 - 3)) = log(5/4) - log(4/5)
    # var_x = 1/5 + 1/4 = 0.45
    frame = compare.log_odds(Counter(x=2, y=1), Counter(x=1, y=2)).set_index("word")
    delta = math.log(5 / 4) - math.log(4 / 5)
    assert frame.loc["x", "delta"] == pytest.approx(delta)
    assert frame.loc["x", "variance"] == pytest.approx(0.45)
    assert frame.loc["x", "z"] == pytest.approx(delta / math.sqrt(0.45))
    assert frame.loc["y", "z"] == pytest.approx(-delta / math.sqrt(0.45))
    assert list(frame.index) == ["x", "y"]  # sorted by z, descending


def test_log_odds_with_scaled_prior():
    # prior {x: 1, y: 3} rescaled to alpha0 = 8 -> alpha = {x: 2, y: 6}
    frame = compare.log_odds(Counter(x=4), Counter(y=4), prior=Counter(x=1, y=3), prior_scale=8).set_index("word")
    expected = math.log((4 + 2) / (4 + 8 - 4 - 2)) - math.log(2 / (4 + 8 - 0 - 2))
    assert frame.loc["x", "delta"] == pytest.approx(expected)
    assert frame.loc["x", "variance"] == pytest.approx(1 / 6 + 1 / 2)


def test_log_odds_needs_prior_for_every_word():
    with pytest.raises(ValueError, match="positive prior"):
        compare.log_odds(Counter(x=1), Counter(y=1), prior=Counter(x=1))


def test_prevalence_normalizes_by_paragraphs_and_words(root):
    book = load_codebook(root / "data" / "codebook.yml")
    coded = pd.DataFrame({
        "interview": ["a", "a", "a", "b"],
        "role": ["interviewee", "interviewee", "interviewer", "interviewee"],
        "themes": ["response", "response;volunteering", "response", ""],
        "words": [100, 300, 50, 200],
    })
    prev = compare.prevalence(coded, book, ["response", "volunteering"]).set_index(["interview", "theme"])
    assert prev.loc[("a", "response"), "paragraphs"] == 2  # the question is not an answer
    assert prev.loc[("a", "response"), "share"] == 1.0
    assert prev.loc[("a", "response"), "per_1000_words"] == 5.0
    assert prev.loc[("a", "volunteering"), "share"] == 0.5
    assert prev.loc[("b", "response"), "paragraphs"] == 0


def test_cooccurrence_is_symmetric_with_counts_on_the_diagonal(root):
    book = load_codebook(root / "data" / "codebook.yml")
    coded = pd.DataFrame({"themes": ["response;volunteering", "response", "volunteering;community"]})
    m = compare.cooccurrence(coded, book)
    assert m.loc["response", "response"] == 2 and m.loc["volunteering", "volunteering"] == 2
    assert m.loc["response", "volunteering"] == m.loc["volunteering", "response"] == 1
    assert m.loc["community", "response"] == 0
