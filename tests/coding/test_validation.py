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
    assert len(table) == 222 and set(table.split) == {"dev", "test"}
    assert table.groupby("interview").split.nunique().max() == 1, "an interview is never split"
    assert sorted(table.drop_duplicates("interview").split) == ["dev"] * 3 + ["test"] * 3


def test_score_compares_the_coder_with_the_blind_coding(root, codebook):
    table = validation.load(root, codebook)
    scores = validation.score(table, codebook, "dev")
    micro = scores[scores.theme == "micro average"].iloc[0]
    assert micro.support == sum(len(set(filter(None, t.split(";")))) for t in table.themes[table.split == "dev"])
    assert 0 < micro.f1 < 1


def test_a_bad_theme_in_the_blind_coding_names_the_line(project, codebook):
    path = project / "data" / "validation" / "blind_coding.csv"
    coding = pd.read_csv(path, dtype=str, keep_default_na=False)
    coding.loc[4, "themes"] = "weakness"
    coding.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"parent theme\(s\) \['weakness'\]") as info:
        validation.load(project, codebook)
    assert info.value.line == 6
