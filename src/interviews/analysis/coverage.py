"""Domain fit: how much of each interview the codebook covers, against the rest of the corpus.

The share of an interview's answer paragraphs that the coder gives at least one theme,
with its 95% Wilson interval, beside the same share in every other interview's answer
paragraphs pooled. An interview whose share is below `ratio` times the rest's is flagged:
the codebook was written for the social sector and barely applies to it, so its theme
counts and charts are not findings. The same instrument (the coder) is used for every
interview, so that the comparison is like with like.
"""

from __future__ import annotations

import pandas as pd

from ..corpus.transcripts import answers
from .comparison import wilson_interval

RATIO = 0.5  # flagged below half the rest of the corpus's share


def domain_fit(coded: pd.DataFrame, ratio: float = RATIO) -> pd.DataFrame:
    """One row per interview (in order of appearance): answer paragraphs, how many carry a theme, the share
    with its interval, the rest's share, and `poor` (True when share < ratio x rest's share).

    `coded` is the coder's paragraph table (interview, role, themes). With one interview
    there is nothing to compare: `rest_share` is missing and nothing is flagged.
    """
    a = answers(coded)
    has_theme = a.themes.fillna("").str.len() > 0
    rows = []
    for slug in dict.fromkeys(coded.interview):
        mine = (a.interview == slug).to_numpy()
        n, k = int(mine.sum()), int(has_theme[mine].sum())
        rest_n, rest_k = int((~mine).sum()), int(has_theme[~mine].sum())
        low, high = wilson_interval(k, n)
        share = k / n if n else 0.0
        rest = rest_k / rest_n if rest_n else float("nan")
        rows.append({"interview": slug, "answer_paragraphs": n, "coded": k, "share": round(share, 4),
                     "share_low": round(low, 4), "share_high": round(high, 4),
                     "rest_share": round(rest, 4) if rest_n else rest,
                     "poor": bool(rest_n and n and share < ratio * rest)})
    return pd.DataFrame(rows, columns=["interview", "answer_paragraphs", "coded", "share", "share_low",
                                       "share_high", "rest_share", "poor"])
