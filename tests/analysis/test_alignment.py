"""What was asked and what was answered (`interviews.analysis.alignment`)."""

import pandas as pd
import pytest

from interviews.analysis import alignment
from interviews.coding.codebook import load_codebook


@pytest.fixture(scope="module")
def codebook(root):
    return load_codebook(root / "data" / "codebook.yml")


def coded() -> pd.DataFrame:
    return pd.DataFrame({
        "interview": ["a"] * 6,
        "paragraph": [f"a:p0{i}" for i in range(1, 7)],
        "exchange": [0, 1, 1, 1, 2, 2],
        "role": ["narrator", "interviewer", "interviewee", "interviewee", "interviewer", "interviewee"],
        "themes": ["community", "response;volunteering", "response", "business", "reflection", ""],
    })


def test_exchange_themes_pool_each_side_and_measure_the_overlap(codebook):
    table = alignment.exchange_themes(coded(), codebook)
    first, second = table.to_dict("records")
    assert first["question"] == "a:p02" and first["answer"] == "a:p03;a:p04"
    assert first["asked"] == "response;volunteering" and first["answered"] == "response;business"
    assert first["shared"] == 1 and first["jaccard"] == pytest.approx(1 / 3, abs=1e-3)
    assert second["answered"] == "" and second["jaccard"] == 0
    assert 0 not in set(table.exchange), "framing prose is no exchange"


def test_alignment_classes_every_theme_of_either_side(codebook):
    long = alignment.alignment(alignment.exchange_themes(coded(), codebook), codebook)
    assert list(zip(long.exchange, long.theme, long.status)) == [
        (1, "response", "asked and answered"), (1, "volunteering", "asked, not answered"),
        (1, "business", "answered, not asked"), (2, "reflection", "asked, not answered")]
    summary = alignment.summary(long).set_index("interview")
    assert summary.loc["a"].to_dict() == {"asked and answered": 1, "asked, not answered": 2, "answered, not asked": 1}


def test_exchange_themes_follow_the_order_of_the_interviews_given(codebook):
    two = pd.concat([coded().assign(interview="b", paragraph=lambda f: f.paragraph.str.replace("a:", "b:")),
                     coded()], ignore_index=True)
    table = alignment.exchange_themes(two, codebook, ["a", "b"])
    assert list(zip(table.interview, table.exchange)) == [("a", 1), ("a", 2), ("b", 1), ("b", 2)]
    assert list(alignment.exchange_themes(two, codebook).interview) == ["b", "b", "a", "a"], "else as they come"
    assert list(alignment.exchange_themes(two, codebook, ["b"]).question) == ["b:p02", "b:p05"]
