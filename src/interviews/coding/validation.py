"""The validation set: interviews written apart from the codebook and coded blind (`data/validation/`).

Six interviews written for the test by someone who never saw the codebook, coded from
the themes' definitions alone, and split by whole interview into development and test
(README.md there says how). Patterns may be revised against the development interviews
only; the test interviews measure how the coder carries over to text it was not written from.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from .agreement import agreement
from .codebook import Codebook
from .coder import code_texts, theme_sets

FOLDER = Path("data") / "validation"


def load(root: str | Path, codebook: Codebook) -> pd.DataFrame:
    """The validation paragraphs with their blind coding (`themes`) and their interview's `split`.

    Every paragraph must be coded exactly once, with leaf themes of the codebook, and every
    interview must be in the split; errors name the file and line.
    """
    folder = Path(root) / FOLDER
    paragraphs = pd.read_csv(folder / "paragraphs.csv", dtype=str, keep_default_na=False)
    coding = pd.read_csv(folder / "blind_coding.csv", dtype=str, keep_default_na=False)
    split = pd.read_csv(folder / "split.csv", dtype=str, keep_default_na=False)
    leaves = set(codebook.leaves())
    for line, row in enumerate(coding.itertuples(), start=2):
        bad = sorted(theme_sets(pd.Series([row.themes]))[0] - leaves)
        if bad:
            raise InputError(folder / "blind_coding.csv", f"unknown or parent theme(s) {bad}", line=line)
    if sorted(coding.paragraph) != sorted(paragraphs.paragraph) or coding.paragraph.duplicated().any():
        raise InputError(folder / "blind_coding.csv", "must code every paragraph of paragraphs.csv exactly once")
    missing = sorted(set(paragraphs.interview) - set(split.interview))
    if missing or not set(split.split) <= {"dev", "test"}:
        raise InputError(folder / "split.csv", f"every interview needs a split of dev or test (missing: {missing})")
    return paragraphs.merge(coding[["paragraph", "themes"]], on="paragraph").merge(split, on="interview")


def score(paragraphs: pd.DataFrame, codebook: Codebook, part: str) -> pd.DataFrame:
    """The coder on one part ('dev' or 'test') of the validation set: agreement per theme and averages."""
    chosen = paragraphs[paragraphs.split == part].reset_index(drop=True)
    coded, _ = code_texts(chosen.text, codebook)
    return agreement(chosen.themes, pd.Series(coded), codebook)
