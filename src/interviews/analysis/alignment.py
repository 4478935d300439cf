"""What was asked and what was answered: the themes of each question set against those of its answer.

Each exchange (a question with the answer that follows it) is compared theme by theme,
with the same codebook for both sides: a theme is *asked and answered* when both the
question and the answer carry it, *asked, not answered* when only the question does,
and *answered, not asked* when the answer turns to it unprompted. Paragraph-level themes
are pooled over the paragraphs of each side.
"""

from __future__ import annotations

import pandas as pd

from ..coding.codebook import Codebook
from ..coding.coder import theme_sets

STATUSES = ("asked and answered", "asked, not answered", "answered, not asked")


def exchange_themes(coded: pd.DataFrame, codebook: Codebook, interviews: list[str] | None = None) -> pd.DataFrame:
    """One row per exchange: its question and answer paragraphs, the themes of each side and their overlap.

    Columns: interview, exchange, question (paragraph ids), answer (paragraph ids),
    asked, answered (leaf theme ids joined by ';', codebook order), shared (how many
    themes both carry) and jaccard (shared / themes of either side; empty when neither
    side has a theme).
    """
    order = {t: i for i, t in enumerate(codebook.leaves())}
    slugs = interviews or list(dict.fromkeys(coded.interview))
    part = coded[coded.interview.isin(slugs) & (coded.exchange > 0)]
    # (interview, exchange) -> question paragraphs, answer paragraphs, asked themes, answered themes
    sides: dict[tuple, tuple[list, list, set, set]] = {}
    for slug, number, role, paragraph, themes in zip(part.interview, part.exchange, part.role, part.paragraph,
                                                     theme_sets(part.themes)):
        side = sides.setdefault((slug, int(number)), ([], [], set(), set()))
        if role == "interviewer":
            side[0].append(paragraph)
            side[2].update(themes)
        elif role == "interviewee":
            side[1].append(paragraph)
            side[3].update(themes)
    rank = {slug: i for i, slug in enumerate(slugs)}
    rows = []
    for (slug, number), (question, answer, asked, answered) in sorted(sides.items(),
                                                                      key=lambda kv: (rank[kv[0][0]], kv[0][1])):
        asked, answered = asked & set(order), answered & set(order)
        either = asked | answered
        rows.append({
            "interview": slug, "exchange": number,
            "question": ";".join(question), "answer": ";".join(answer),
            "asked": ";".join(sorted(asked, key=order.get)), "answered": ";".join(sorted(answered, key=order.get)),
            "shared": len(asked & answered),
            "jaccard": round(len(asked & answered) / len(either), 3) if either else float("nan"),
        })
    columns = ["interview", "exchange", "question", "answer", "asked", "answered", "shared", "jaccard"]
    return pd.DataFrame(rows, columns=columns)


def alignment(exchanges: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Long table of :func:`exchange_themes`: one row per exchange and theme either side carries, with its status."""
    rows = []
    for row in exchanges.itertuples():
        asked, answered = set(filter(None, row.asked.split(";"))), set(filter(None, row.answered.split(";")))
        for theme in codebook.leaves():
            if theme in asked or theme in answered:
                status = STATUSES[0] if theme in asked and theme in answered else (
                    STATUSES[1] if theme in asked else STATUSES[2])
                rows.append({"interview": row.interview, "exchange": row.exchange, "theme": theme,
                             "label": codebook.label(theme), "status": status})
    return pd.DataFrame(rows, columns=["interview", "exchange", "theme", "label", "status"])


def summary(long: pd.DataFrame) -> pd.DataFrame:
    """Per interview: how many exchange-theme pairs have each status."""
    counts = long.groupby(["interview", "status"], sort=False).size().unstack(fill_value=0)
    return counts.reindex(columns=list(STATUSES), fill_value=0).reset_index()
