"""Hand coding (the gold standard), its development/test split, and agreement measures.

The split is made once with a fixed seed, stratified by interview, and stored in
`data/gold/split.csv`; patterns are written against the development half only,
and the test half measures the coder. Agreement is computed with scikit-learn:
per theme support, precision, recall, F1 and Cohen's kappa, plus micro and macro
averages.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support

from ..errors import InputError
from .codebook import Codebook
from .coder import indicator_matrix, theme_sets

SEED = 20201122
TEST_SHARE = 0.5


def load_gold(path: str | Path, codebook: Codebook, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """`interview,paragraph,themes`: each paragraph of a coded interview exactly once, known themes only."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "hand-coding file not found") from None
    gold = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if list(gold.columns) != ["interview", "paragraph", "themes"]:
        raise InputError(path, "expected the header interview,paragraph,themes", line=1)
    leaves = set(codebook.leaves())
    known = set(paragraphs.paragraph)
    for i, row in enumerate(gold.itertuples(), start=2):
        if row.paragraph not in known:
            raise InputError(path, f"unknown paragraph {row.paragraph!r}", line=i)
        bad = sorted(theme_sets(pd.Series([row.themes]))[0] - leaves)
        if bad:
            raise InputError(path, f"unknown or parent theme(s) {bad}; code leaf themes of the codebook", line=i)
    dupes = gold.paragraph[gold.paragraph.duplicated()]
    if len(dupes):
        raise InputError(path, f"paragraph {dupes.iloc[0]!r} is coded twice")
    # Every paragraph of a hand-coded interview must be coded; interviews added
    # later without a hand coding are simply not part of the validation.
    coded_interviews = set(gold.interview)
    in_scope = set(paragraphs.paragraph[paragraphs.interview.isin(coded_interviews)])
    missing = sorted(in_scope - set(gold.paragraph))
    if missing:
        raise InputError(path, f"{len(missing)} paragraph(s) not coded, e.g. {missing[0]!r}")
    return gold


def make_split(paragraph_ids: pd.Series, interviews: pd.Series, seed: int = SEED) -> pd.DataFrame:
    """Half of each interview's paragraphs (rounded down) to `test`, the rest to `dev`."""
    rng = np.random.default_rng(seed)
    rows = []
    for slug in dict.fromkeys(interviews):
        ids = list(paragraph_ids[interviews == slug])
        test = set(rng.permutation(len(ids))[: int(len(ids) * TEST_SHARE)])
        rows += [{"paragraph": pid, "split": "test" if i in test else "dev"} for i, pid in enumerate(ids)]
    return pd.DataFrame(rows)


def agreement(gold: pd.Series, coded: pd.Series, codebook: Codebook) -> pd.DataFrame:
    """Per-theme support, precision, recall, F1 and kappa of `coded` against `gold`, with averages."""
    y_true = indicator_matrix(gold, codebook)
    y_pred = indicator_matrix(coded.set_axis(gold.index), codebook)
    rows = []
    for theme in y_true.columns:
        t, p = y_true[theme].to_numpy(), y_pred[theme].to_numpy()
        # Undefined scores (no gold positives, or no predictions) are NaN, not 0.
        precision, recall, f1, _ = precision_recall_fscore_support(t, p, average="binary", zero_division=np.nan)
        kappa = cohen_kappa_score(t, p) if len(set(t) | set(p)) > 1 else np.nan
        rows.append({
            "theme": theme,
            "level": "parent" if theme in codebook.parents() else "theme",
            "support": int(t.sum()),
            "predicted": int(p.sum()),
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "kappa": kappa,
        })
    table = pd.DataFrame(rows)
    leaves = codebook.leaves()
    t, p = y_true[leaves].to_numpy(), y_pred[leaves].to_numpy()
    mp, mr, mf, _ = precision_recall_fscore_support(t, p, average="micro", zero_division=np.nan)
    leaf_rows = table[table.level == "theme"]
    averages = pd.DataFrame([
        {"theme": "micro average", "level": "average", "support": int(t.sum()), "predicted": int(p.sum()),
         "precision": mp, "recall": mr, "f1": mf, "kappa": cohen_kappa_score(t.ravel(), p.ravel())},
        {"theme": "macro average", "level": "average", "support": int(t.sum()), "predicted": int(p.sum()),
         "precision": leaf_rows.precision.mean(), "recall": leaf_rows.recall.mean(), "f1": leaf_rows.f1.mean(),
         # pandas skips NaN: macro averages are over the themes where the score is defined
         "kappa": leaf_rows.kappa.mean(skipna=True)},
    ])
    return pd.concat([table, averages], ignore_index=True)


def disagreements(paragraphs: pd.DataFrame, gold: pd.Series, coded: pd.Series) -> pd.DataFrame:
    """Paragraphs where the coder and the hand coding differ: what each missed or added."""
    rows = []
    for pid, g, c in zip(paragraphs.paragraph, theme_sets(gold), theme_sets(coded)):
        if g != c:
            rows.append({"paragraph": pid, "missed": ";".join(sorted(g - c)), "added": ";".join(sorted(c - g))})
    return pd.DataFrame(rows, columns=["paragraph", "missed", "added"])
