"""Tests of interviews.coding.validation: the validation set and its scoring."""

import pandas as pd
import pytest

from interviews import paths
from interviews.coding import validation
from interviews.coding.codebook import load_codebook
from interviews.errors import InputError


@pytest.fixture(scope="module")
def codebook(root):
    return load_codebook(paths.codebook_file(root))


def test_the_validation_set_is_coded_whole_and_split_by_interview(root, codebook):
    table = validation.load(root, codebook)
    assert set(table.split) == {"dev", "test"}
    per_interview = table.groupby("interview")[["split", "round"]].nunique()
    assert per_interview.max().max() == 1, "an interview is never split"
    first = table[table["round"] == 1]
    assert len(first) == 222 and sorted(first.drop_duplicates("interview").split) == ["dev"] * 3 + ["test"] * 3


def test_a_rounds_development_text_is_every_earlier_round_and_its_own_dev(root, codebook):
    table = validation.load(root, codebook)
    one_dev, one_test = validation.part(table, "dev", 1), validation.part(table, "test", 1)
    assert set(one_dev.split) == {"dev"} and set(one_test.split) == {"test"}
    assert len(one_dev) + len(one_test) == (table["round"] == 1).sum()
    two_dev = validation.part(table, "dev", 2)
    assert set(one_dev.paragraph) | set(one_test.paragraph) <= set(two_dev.paragraph), "a spent test is development"
    assert not set(two_dev.paragraph) & set(validation.part(table, "test", 2).paragraph)
    with pytest.raises(ValueError, match="dev' or 'test"):
        validation.part(table, "all")
    dev, test = validation.in_part(table, "dev", 2), validation.in_part(table, "test", 2)
    assert dev.index.equals(table.index) and dev.dtype == bool
    assert dev[table["round"] == 1].all() and not (dev & test).any() and not (dev | test)[table["round"] > 2].any()


def test_exchanges_pair_each_question_with_its_answer(root, codebook):
    table = validation.load(root, codebook)
    one = table[table.interview == table.interview.iloc[0]]
    assert (one.exchange[one.role == "framing"] == 0).all()
    questions = one[one.role == "question"].exchange
    assert list(questions) == list(range(1, len(questions) + 1))


def test_a_bad_round_in_the_split_names_the_line(project, codebook):
    path = project / "data" / "validation" / "split.csv"
    split = pd.read_csv(path, dtype=str, keep_default_na=False)
    split.loc[2, "round"] = "first"
    split.to_csv(path, index=False)
    with pytest.raises(InputError, match="needs a round") as info:
        validation.load(project, codebook)
    assert info.value.line == 4


def test_a_bad_theme_in_the_blind_coding_names_the_line(project, codebook):
    path = project / "data" / "validation" / "blind_coding.csv"
    coding = pd.read_csv(path, dtype=str, keep_default_na=False)
    coding.loc[4, "themes"] = "weakness"
    coding.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"parent theme\(s\) \['weakness'\]") as info:
        validation.load(project, codebook)
    assert info.value.line == 6


def test_a_second_coding_is_read_in_the_validation_sets_order(project, codebook):
    written = validation.load(project, codebook)
    path = project / "data" / "validation" / validation.SECOND
    assert len(validation.load_second(project, codebook, written)) == 330, "round 4, coded by a second reader"
    path.unlink()
    assert validation.load_second(project, codebook, written).empty, "no file, no second coding"
    chosen = written.iloc[[5, 2, 3]]
    pd.DataFrame({"interview": chosen.interview, "paragraph": chosen.paragraph,
                  "themes": ["response", "", "community;volunteering"]}).to_csv(path, index=False)
    second = validation.load_second(project, codebook, written)
    assert list(second.paragraph) == list(written.paragraph.iloc[[2, 3, 5]])
    assert list(second.themes) == ["", "community;volunteering", "response"]


@pytest.mark.parametrize("row, message", [
    ({"paragraph": "nowhere:p01"}, "is not a paragraph of paragraphs.csv"),
    ({"themes": "weakness"}, r"unknown or parent theme\(s\) \['weakness'\]"),
    ({"themes": "response;made-up"}, r"unknown or parent theme\(s\) \['made-up'\]"),
    ("twice", "is coded twice"),
])
def test_a_bad_second_coding_names_the_file_and_line(project, codebook, row, message):
    written = validation.load(project, codebook)
    rows = pd.DataFrame({"interview": written.interview[:3], "paragraph": written.paragraph[:3], "themes": ""})
    if row == "twice":
        rows.loc[2, "paragraph"] = rows.paragraph[1]
    else:
        for key, value in row.items():
            rows.loc[2, key] = value
    rows.to_csv(project / "data" / "validation" / validation.SECOND, index=False)
    with pytest.raises(InputError, match=message) as info:
        validation.load_second(project, codebook, written)
    assert str(info.value).startswith(f"{project / 'data' / 'validation' / validation.SECOND}:4:")
