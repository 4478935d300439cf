"""Domain fit (`interviews.analysis.coverage`): the codebook's coverage of each interview against the rest."""

import math

import pandas as pd

from interviews.analysis import coverage


def coded(spec: dict[str, list[str]]) -> pd.DataFrame:
    rows = []
    for slug, themes in spec.items():
        rows.append({"interview": slug, "role": "interviewer", "themes": "response"})  # questions do not count
        rows += [{"interview": slug, "role": "interviewee", "themes": t} for t in themes]
    return pd.DataFrame(rows)


def test_an_interview_the_codebook_barely_covers_is_flagged():
    fit = coverage.domain_fit(coded({"a": ["response"] * 9 + [""], "b": ["community"] * 8 + ["", ""],
                                     "c": ["response"] + [""] * 9})).set_index("interview")
    assert list(fit.index) == ["a", "b", "c"]
    assert fit.loc["c", "coded"] == 1 and fit.loc["c", "answer_paragraphs"] == 10
    assert fit.loc["c", "rest_share"] == 17 / 20
    assert fit.loc["c", "poor"] and not fit.loc["a", "poor"] and not fit.loc["b", "poor"]
    assert fit.loc["c", "share_low"] < 0.1 < fit.loc["c", "share_high"]


def test_the_threshold_is_half_the_rest_by_default_and_can_be_set():
    data = coded({"a": ["x"] * 8 + ["", ""], "b": ["x"] * 4 + [""] * 6})
    assert not coverage.domain_fit(data).set_index("interview").loc["b", "poor"]  # 0.4 >= 0.5 * 0.8
    assert coverage.domain_fit(data, ratio=0.6).set_index("interview").loc["b", "poor"]  # 0.4 < 0.48


def test_one_interview_or_no_answers_flags_nothing():
    alone = coverage.domain_fit(coded({"a": ["", ""]}))
    assert not alone.poor.any() and math.isnan(alone.rest_share.iloc[0])
    silent = coverage.domain_fit(coded({"a": ["x"], "b": []})).set_index("interview")
    assert silent.loc["b", "answer_paragraphs"] == 0 and not silent.loc["b", "poor"]
