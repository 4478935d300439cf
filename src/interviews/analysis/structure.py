"""The shape of a conversation: questions, answers and who says how much."""

from __future__ import annotations

import pandas as pd

from ..corpus.transcripts import ROLE_ORDER

DIALOGUE = ("interviewer", "interviewee")


def overview(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per interview: counts of questions, answers, paragraphs and words."""
    rows = []
    for slug, p in paragraphs.groupby("interview", sort=False):
        q = p[p.role == "interviewer"]
        a = p[p.role == "interviewee"]
        answer_words = a.groupby("turn").words.sum()
        rows.append(
            {
                "interview": slug,
                "paragraphs": len(p),
                "words": int(p.words.sum()),
                "questions": int(q.turn.nunique()),
                "answers": int(a.turn.nunique()),
                "answer_paragraphs": len(a),
                "question_words": int(q.words.sum()),
                "answer_words": int(a.words.sum()),
                "framing_words": int(p[~p.role.isin(DIALOGUE)].words.sum()),
                "mean_answer_words": round(float(answer_words.mean()), 1),
                "longest_answer_words": int(answer_words.max()),
                "answer_share": round(float(a.words.sum() / p.words.sum()), 3),
            }
        )
    return pd.DataFrame(rows)


def words_by_speaker(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Paragraphs and words per speaker and role, with each one's share of words."""
    g = paragraphs.groupby(["speaker", "role"], sort=False).agg(paragraphs=("n", "size"), words=("words", "sum"))
    g = g.reset_index()
    g["share_pct"] = (100 * g.words / g.words.sum()).round(1)
    g["order"] = g.role.map({r: i for i, r in enumerate(ROLE_ORDER)})
    return g.sort_values(["order", "speaker"], kind="stable").drop(columns="order").reset_index(drop=True)


def exchanges(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per question-and-answer exchange, in order, with the answer's length."""
    p = paragraphs[paragraphs.exchange > 0]
    rows = []
    for x, e in p.groupby("exchange", sort=True):
        q = e[e.role == "interviewer"]
        a = e[e.role == "interviewee"]
        rows.append(
            {
                "exchange": int(x),
                "section": e.section.iloc[0],
                "question_paragraph": q.paragraph.iloc[0] if len(q) else "",
                "question": " ".join(q.text),
                "question_words": int(q.words.sum()),
                "answer_paragraphs": len(a),
                "answer_words": int(a.words.sum()),
            }
        )
    return pd.DataFrame(rows)


def answer_words_by_speaker(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Words each interviewee gives in each exchange (exchange, speaker, answer_words): a panel's
    answers counted per panellist; speakers in order of first answer, exchanges in order."""
    a = paragraphs[(paragraphs.exchange > 0) & (paragraphs.role == "interviewee")]
    speakers = list(dict.fromkeys(a.speaker))
    words = a.groupby(["exchange", "speaker"], sort=False).words.sum()
    rows = [{"exchange": int(x), "speaker": who, "answer_words": int(words.get((x, who), 0))}
            for x in sorted(set(paragraphs.exchange[paragraphs.exchange > 0])) for who in speakers]
    return pd.DataFrame(rows, columns=["exchange", "speaker", "answer_words"])
