"""Reviewing the automatic coding of an interview: the coder proposes, a person decides.

A review file (`data/reviews/<slug>.csv`, written by `python -m interviews review SLUG`)
has one row per paragraph: the coder's proposed themes and the phrases that triggered
them, and three columns for the reviewer. `reviewed` is "yes" once the reviewer has
decided; `themes` holds the decision (leaf theme ids joined by ';', empty for none), and
starts as the proposal; `note` is free text. The book uses the reviewer's themes where a
paragraph is reviewed and marks the coder's unreviewed themes as provisional.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import InputError
from .agreement import agreement
from .codebook import Codebook
from .coder import code_paragraphs, theme_sets

COLUMNS = ["paragraph", "speaker", "role", "text", "proposed", "triggers", "reviewed", "themes", "note"]
REVIEWER_COLUMNS = ["reviewed", "themes", "note"]


def proposals(paragraphs: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """A fresh review table: every paragraph with the coder's proposal, nothing reviewed yet."""
    coded = code_paragraphs(paragraphs, codebook)
    return pd.DataFrame({
        "paragraph": coded.paragraph, "speaker": coded.speaker, "role": coded.role, "text": coded.text,
        "proposed": coded.themes, "triggers": coded.evidence, "reviewed": "", "themes": coded.themes, "note": "",
    }, columns=COLUMNS).reset_index(drop=True)


def merge(existing: pd.DataFrame | None, fresh: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The fresh proposals with the reviewer's columns kept from `existing` where a paragraph is unchanged.

    Returns the table and the ids of paragraphs whose text changed since they were
    reviewed: their decisions are dropped, since they were about another text.
    """
    if existing is None or existing.empty:
        return fresh, []
    old = existing.set_index("paragraph")
    out, changed = fresh.copy(), []
    for i, row in out.iterrows():
        if row.paragraph not in old.index:
            continue
        before = old.loc[row.paragraph]
        if " ".join(str(before.text).split()) != " ".join(str(row.text).split()):
            if before.reviewed == "yes":
                changed.append(row.paragraph)
            continue
        for column in REVIEWER_COLUMNS:
            out.at[i, column] = before[column]
    return out, changed


def to_csv(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    frame[COLUMNS].to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return buffer.getvalue()


def write(path: str | Path, frame: pd.DataFrame) -> Path:
    """Write the review file atomically (a crash never leaves half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    paths.write_atomic(path, to_csv(frame))
    return path


def read(path: str | Path) -> pd.DataFrame:
    """A review file as written, with only its header checked (for merging with new proposals)."""
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(path, f"not a readable UTF-8 CSV file ({exc})") from None
    if list(frame.columns) != COLUMNS:
        raise InputError(path, f"expected the header {','.join(COLUMNS)}", line=1)
    return frame


def load(path: str | Path, slug: str, paragraphs: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """A review file, checked against the interview's paragraphs and the codebook's leaf themes.

    Errors name the file and the line: an unknown header, a paragraph that is not the
    interview's, a text that changed since the file was written, a `reviewed` value
    other than "yes" or empty, or a theme that is not a leaf of the codebook.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "review file not found; write it with `python -m interviews review "
                         f"{slug}`")
    frame = read(path)
    texts = {p: " ".join(t.split()) for p, t in zip(paragraphs.paragraph, paragraphs.text)
             if p.startswith(f"{slug}:")}
    leaves = set(codebook.leaves())
    for line, row in enumerate(frame.itertuples(), start=2):
        if row.paragraph not in texts:
            raise InputError(path, f"{row.paragraph!r} is not a paragraph of {slug}", line=line)
        if " ".join(row.text.split()) != texts[row.paragraph]:
            raise InputError(path, f"the text of {row.paragraph} has changed since this file was written; "
                             f"run `python -m interviews review {slug}` again", line=line)
        if row.reviewed not in ("", "yes"):
            raise InputError(path, f"'reviewed' must be 'yes' or empty, got {row.reviewed!r}", line=line)
        bad = sorted(theme_sets(pd.Series([row.themes]))[0] - leaves)
        if bad:
            raise InputError(path, f"unknown or parent theme(s) {bad}; use leaf theme ids of the codebook",
                             line=line)
    dupes = frame.paragraph[frame.paragraph.duplicated()]
    if len(dupes):
        raise InputError(path, f"paragraph {dupes.iloc[0]!r} appears twice")
    return frame


def summary(review: pd.DataFrame, codebook: Codebook) -> dict[str, float]:
    """How far the reviewer kept the coder's proposals, over the reviewed paragraphs.

    Keys: paragraphs, reviewed, kappa (pooled over paragraph-theme pairs), f1 (micro,
    the proposals scored against the decisions), kept, added and dropped (theme codes).
    With nothing reviewed the scores are NaN.
    """
    done = review[review.reviewed == "yes"]
    decided, proposed = theme_sets(done.themes), theme_sets(done.proposed)
    out = {"paragraphs": len(review), "reviewed": len(done),
           "kept": sum(len(d & p) for d, p in zip(decided, proposed)),
           "added": sum(len(d - p) for d, p in zip(decided, proposed)),
           "dropped": sum(len(p - d) for d, p in zip(decided, proposed)),
           "kappa": float("nan"), "f1": float("nan")}
    if len(done):
        table = agreement(done.themes.reset_index(drop=True), done.proposed.reset_index(drop=True), codebook)
        micro = table[table.theme == "micro average"].iloc[0]
        out["kappa"], out["f1"] = float(micro.kappa), float(micro.f1)
    return out
