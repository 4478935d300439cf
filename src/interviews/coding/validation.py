"""The validation set: interviews written apart from the codebook and coded blind (`data/validation/`).

Interviews written for the test by someone who never saw the codebook, coded from the
themes' definitions alone, in rounds (README.md there says how each was made). Within a
round the interviews are split whole into development and test; a round's test
interviews are scored once, after the codebook was revised against development text only,
and from the next round on they count as development text too (they are spent).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from .codebook import Codebook
from .coder import code_paragraphs, theme_sets

FOLDER = Path("data") / "validation"
ROLES = {"question": "interviewer", "answer": "interviewee", "framing": "narrator"}


def load(root: str | Path, codebook: Codebook) -> pd.DataFrame:
    """The validation paragraphs with their blind coding (`themes`), `round`, `split` and `exchange`.

    Every paragraph must be coded exactly once, with leaf themes of the codebook, and every
    interview must be in the split with a round (a positive whole number) and a split of dev
    or test; errors name the file and line. `exchange` numbers each interview's questions
    (0 before the first), so that a question and its answer share one.
    """
    folder = Path(root) / FOLDER
    paragraphs = pd.read_csv(folder / "paragraphs.csv", dtype=str, keep_default_na=False)
    coding = pd.read_csv(folder / "blind_coding.csv", dtype=str, keep_default_na=False)
    split = pd.read_csv(folder / "split.csv", dtype=str, keep_default_na=False)
    leaves = set(codebook.leaves())
    for line, themes in enumerate(theme_sets(coding.themes), start=2):
        if themes - leaves:
            raise InputError(folder / "blind_coding.csv", f"unknown or parent theme(s) {sorted(themes - leaves)}",
                             line=line)
    if sorted(coding.paragraph) != sorted(paragraphs.paragraph) or coding.paragraph.duplicated().any():
        raise InputError(folder / "blind_coding.csv", "must code every paragraph of paragraphs.csv exactly once")
    for line, row in enumerate(split.itertuples(), start=2):
        if row.split not in ("dev", "test") or not row.round.isdigit() or int(row.round) < 1:
            raise InputError(folder / "split.csv", f"{row.interview}: needs a round (1, 2, ...) and a split of dev "
                             f"or test, got round {row.round!r} and split {row.split!r}", line=line)
    missing = sorted(set(paragraphs.interview) - set(split.interview))
    if missing:
        raise InputError(folder / "split.csv", f"every interview needs a round and a split (missing: {missing})")
    table = paragraphs.merge(coding[["paragraph", "themes"]], on="paragraph").merge(split, on="interview")
    table["round"] = table["round"].astype(int)
    table["exchange"] = table.role.eq("question").astype(int).groupby(table.interview).cumsum()
    return table


SECOND = "second_coding.csv"


def load_second(root: str | Path, codebook: Codebook, written: pd.DataFrame) -> pd.DataFrame:
    """A second blind coding of some validation paragraphs (`second_coding.csv`), by another reader working
    apart from the first: interview, paragraph, themes, in the order of the validation set; empty without
    the file.

    Each row must name a paragraph of the validation set, once, with leaf themes of the codebook;
    errors name the file and line.
    """
    path = Path(root) / FOLDER / SECOND
    if not path.is_file():
        return pd.DataFrame(columns=["interview", "paragraph", "themes"])
    coding = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = sorted({"interview", "paragraph", "themes"} - set(coding.columns))
    if missing:
        raise InputError(path, f"needs the columns interview, paragraph and themes (missing: {missing})", line=1)
    known, leaves, seen = set(written.paragraph), set(codebook.leaves()), set()
    for line, (paragraph, themes) in enumerate(zip(coding.paragraph, theme_sets(coding.themes)), start=2):
        if paragraph not in known:
            raise InputError(path, f"{paragraph!r} is not a paragraph of paragraphs.csv", line=line)
        if paragraph in seen:
            raise InputError(path, f"{paragraph} is coded twice", line=line)
        seen.add(paragraph)
        if themes - leaves:
            raise InputError(path, f"unknown or parent theme(s) {sorted(themes - leaves)}", line=line)
    order = written.paragraph[written.paragraph.isin(seen)]
    return coding.set_index("paragraph").loc[order].reset_index()[["interview", "paragraph", "themes"]]


def latest_round(paragraphs: pd.DataFrame) -> int:
    return int(paragraphs["round"].max())


def in_part(paragraphs: pd.DataFrame, name: str, round_: int | None = None) -> pd.Series:
    """Which paragraphs belong to one part as of a round (the latest by default), as a boolean column.

    'test' is that round's test interviews; 'dev' is everything a codebook revised in that
    round may be fitted to: the round's development interviews and every earlier round whole.
    """
    round_ = latest_round(paragraphs) if round_ is None else round_
    if name == "test":
        return (paragraphs["round"] == round_) & (paragraphs.split == "test")
    if name == "dev":
        return (paragraphs["round"] < round_) | ((paragraphs["round"] == round_) & (paragraphs.split == "dev"))
    raise ValueError(f"part must be 'dev' or 'test', got {name!r}")


def part(paragraphs: pd.DataFrame, name: str, round_: int | None = None) -> pd.DataFrame:
    """The paragraphs of one part as of a round (:func:`in_part`), numbered from 0."""
    return paragraphs[in_part(paragraphs, name, round_)].reset_index(drop=True)


def coded(paragraphs: pd.DataFrame, codebook: Codebook, kept: bool = False) -> pd.Series:
    """The coder's themes for each paragraph, read as a transcript (a question's topic carries to its answer);
    with `kept`, through the machine's cache (:func:`~interviews.coding.coder.code_paragraphs`)."""
    frame = paragraphs.assign(role=paragraphs.role.map(ROLES).fillna("narrator"))
    return code_paragraphs(frame, codebook, kept=kept).themes.reset_index(drop=True)
