"""Agreement statistics (`interviews.coding.agreement`) and the fixed development/test split."""

import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from interviews.coding import agreement, coder
from interviews.coding.codebook import load_codebook


@pytest.fixture(scope="module")
def codebook(root):
    return load_codebook(root / "data" / "codebook.yml")


def test_agreement_on_a_small_example(codebook):
    gold = pd.Series(["response", "response;volunteering", "", "volunteering"])
    coded = pd.Series(["response", "response", "volunteering", "volunteering"])
    table = agreement.agreement(gold, coded, codebook).set_index("theme")
    assert table.loc["response", "precision"] == 1.0 and table.loc["response", "recall"] == 1.0
    assert table.loc["volunteering", "precision"] == 0.5 and table.loc["volunteering", "recall"] == 0.5
    # kappa for volunteering: observed 0.5, expected 0.5 -> 0
    assert table.loc["volunteering", "kappa"] == pytest.approx(0.0)
    assert table.loc["micro average", "support"] == 4
    assert table.loc["micro average", "precision"] == pytest.approx(0.75)


def test_split_is_fixed_and_stratified(root):
    split = pd.read_csv(root / "data" / "gold" / "split.csv")
    ids = split.paragraph
    again = agreement.make_split(ids, ids.str.split(":").str[0])
    assert again.equals(split), "data/gold/split.csv must equal make_split() with the fixed seed"
    per = split.assign(interview=ids.str.split(":").str[0]).groupby(["interview", "split"]).size()
    assert per["liu-youping-2020"].to_dict() == {"dev": 31, "test": 30}
    assert per["wang-zhongping-2022"].to_dict() == {"dev": 8, "test": 7}


def test_agreement_report_on_the_project(root):
    from interviews.report import chapter_data

    themes = chapter_data.load_themes(root)
    report = chapter_data.agreement_report(themes)
    numbers = report.numbers()
    assert numbers["n-gold"] == 76 and numbers["n-test"] + numbers["n-dev"] == 76
    assert numbers["n-test"] == 37
    # the pooled (micro) kappa is Cohen's kappa over every (paragraph, theme) decision of the test half
    coded = themes.coded.set_index("paragraph").themes.loc[report.test.paragraph]
    truth = coder.indicator_matrix(report.test.themes, themes.codebook, parents=False).to_numpy().ravel()
    guess = coder.indicator_matrix(coded.set_axis(report.test.index), themes.codebook, parents=False)
    assert numbers["test-micro-kappa"] == pytest.approx(cohen_kappa_score(truth, guess.to_numpy().ravel()))
    assert set(report.disagreements_test.paragraph) <= set(report.test.paragraph)
