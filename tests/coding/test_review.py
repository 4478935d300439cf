"""Tests of interviews.coding.review: review files of the automatic coding."""

import math

import pandas as pd
import pytest

from interviews.coding import review
from interviews.coding.codebook import load_codebook
from interviews.errors import InputError


@pytest.fixture(scope="module")
def codebook(tmp_path_factory):
    path = tmp_path_factory.mktemp("cb") / "codebook.yml"
    path.write_text("themes:\n"
                    "  - {id: trust, label: Trust, definition: d, patterns: [trust]}\n"
                    "  - {id: money, label: Money, definition: d, patterns: [funds]}\n", encoding="utf-8")
    return load_codebook(path)


PARAGRAPHS = pd.DataFrame({
    "interview": ["x"] * 3, "paragraph": ["x:p01", "x:p02", "x:p03"], "speaker": ["A", "B", "B"],
    "role": ["interviewer", "interviewee", "interviewee"],
    "text": ["Is there trust?", "Trust is low and funds are short.", "Nothing here."],
})


def test_proposals_give_the_coders_themes_and_triggers_unreviewed(codebook):
    table = review.proposals(PARAGRAPHS, codebook)
    assert list(table.columns) == review.COLUMNS
    assert list(table.proposed) == ["trust", "money;trust", ""]
    assert "trust: trust" in table.triggers[1] and set(table.reviewed) == {""}
    assert list(table.themes) == list(table.proposed)


def test_merge_keeps_decisions_on_unchanged_paragraphs_only(codebook):
    old = review.proposals(PARAGRAPHS, codebook)
    old.loc[[0, 1], ["reviewed", "themes", "note"]] = [["yes", "", "a question"], ["yes", "trust", ""]]
    edited = PARAGRAPHS.assign(text=["Is there trust?", "Trust is low.", "Nothing here."])
    merged, changed = review.merge(old, review.proposals(edited, codebook))
    assert changed == ["x:p02"]
    assert list(merged.reviewed) == ["yes", "", ""] and merged.note[0] == "a question"
    assert merged.themes[1] == "trust" and merged.proposed[1] == "trust"
    assert review.merge(None, old)[0] is old


def test_a_written_file_loads_back(codebook, tmp_path):
    table = review.proposals(PARAGRAPHS, codebook)
    path = review.write(tmp_path / "reviews" / "x.csv", table)
    pd.testing.assert_frame_equal(review.load(path, "x", PARAGRAPHS, codebook), table.astype(str))


@pytest.mark.parametrize("change, message, line", [
    (lambda t: t.assign(reviewed=["yes", "no", ""]), "'reviewed' must be 'yes' or empty, got 'no'", 3),
    (lambda t: t.assign(themes=["trust", "weakness", ""]), r"unknown or parent theme\(s\) \['weakness'\]", 3),
    (lambda t: t.assign(paragraph=["x:p01", "x:p09", "x:p03"]), "'x:p09' is not a paragraph of x", 3),
    (lambda t: t.assign(text=["Is there trust?", "Changed.", "Nothing here."]), "has changed since", 3),
    (lambda t: t.rename(columns={"note": "notes"}), "expected the header", 1),
])
def test_bad_review_files_name_the_line(codebook, tmp_path, change, message, line):
    path = tmp_path / "x.csv"
    path.write_text(change(review.proposals(PARAGRAPHS, codebook)).to_csv(index=False), encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        review.load(path, "x", PARAGRAPHS, codebook)
    assert info.value.line == line


def test_missing_review_file_says_how_to_write_it(codebook, tmp_path):
    with pytest.raises(InputError, match="python -m interviews review x"):
        review.load(tmp_path / "none.csv", "x", PARAGRAPHS, codebook)


def test_summary_scores_the_proposals_against_the_decisions(codebook):
    table = review.proposals(PARAGRAPHS, codebook)
    assert math.isnan(review.summary(table, codebook)["kappa"])
    table["reviewed"] = "yes"
    table["themes"] = ["trust", "trust", "money"]  # p02 drops money; p03 adds money
    out = review.summary(table, codebook)
    assert (out["reviewed"], out["kept"], out["added"], out["dropped"]) == (3, 2, 1, 1)
    assert out["f1"] == pytest.approx(2 / 3)
